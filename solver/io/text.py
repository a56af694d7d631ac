"""Games and solutions as text, LaTeX and HTML: the renderers, gathered.

Payoff tables of normal-form games, with best responses marked, come from
:mod:`solver.forms.normal.table` (the game's own display); game trees drawn as
indented outlines, with an equilibrium's choices and beliefs, from
:mod:`solver.io.text_tree`.  Renderers never solve: they print what they are given.
"""
from solver.forms.normal.table import (
                                       best_response_marks,
                                       render_html,
                                       render_latex,
                                       render_normal_form,
)
from solver.io.text_tree import render_tree, render_tree_html, render_tree_latex

__all__ = ["best_response_marks", "render_normal_form", "render_latex", "render_html",
           "render_tree", "render_tree_latex", "render_tree_html"]
