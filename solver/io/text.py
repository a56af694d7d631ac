"""Games and solutions as text, LaTeX and HTML: the renderers, gathered.

Payoff tables of normal-form games, with best responses marked, come from
:mod:`solver.forms.normal.table` (the game's own display); game trees drawn as
indented outlines, with an equilibrium's choices and beliefs, from
:mod:`solver.io.text_tree`.  Renderers never solve: they print what they are given.
Each of them here also takes a nashpy, pygambit or QuantEcon game
(:func:`solver.conversions.foreign.adopt`).
"""
from solver.conversions.foreign import adopt
from solver.forms.normal import table
from solver.io import text_tree


def accepting_other_libraries(render):
    """``render``, taking a game of nashpy, pygambit or QuantEcon as well as ours."""
    def accepting(game, *args, **kwargs):
        return render(adopt(game), *args, **kwargs)
    accepting.__name__ = accepting.__qualname__ = render.__name__
    accepting.__doc__ = (f"{render.__module__}.{render.__name__}, which also takes a nashpy, "
                         "pygambit or QuantEcon game (converted by solver.io.interop).")
    accepting.__wrapped__ = render
    return accepting


best_response_marks = accepting_other_libraries(table.best_response_marks)
render_normal_form = accepting_other_libraries(table.render_normal_form)
render_latex = accepting_other_libraries(table.render_latex)
render_html = accepting_other_libraries(table.render_html)
render_tree = accepting_other_libraries(text_tree.render_tree)
render_tree_latex = accepting_other_libraries(text_tree.render_tree_latex)
render_tree_html = accepting_other_libraries(text_tree.render_tree_html)

__all__ = ["best_response_marks", "render_normal_form", "render_latex", "render_html",
           "render_tree", "render_tree_latex", "render_tree_html"]
