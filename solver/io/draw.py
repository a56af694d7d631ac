"""Draw a game tree as a teacher draws it: SVG, PNG, PDF (matplotlib) or TikZ (istgame).

:func:`draw` is the entry point.  It lays the tree out
(:mod:`solver.io.tree_layout`), marks an equilibrium on it when one is given
(:mod:`solver.io.tree_marks`), and hands both to a renderer:
:mod:`solver.io.tree_figure` for pictures, :mod:`solver.io.tree_tikz` for LaTeX.
It never solves: pass ``solve(game)`` to see an equilibrium.  The command is
``gamesolver draw SOURCE -o FILE [--solution]``; the pictures are described in
``docs/drawing.md``.
"""
from __future__ import annotations

import os
from pathlib import Path

from solver.errors import GameError
from solver.io.tree_layout import MAX_NODES, layout_tree
from solver.io.tree_marks import game_to_draw, tree_marks

__all__ = ["draw", "FORMATS", "MAX_NODES"]

#: The formats :func:`draw` writes, by file suffix.
FORMATS = ("svg", "png", "pdf", "tex")


def _format_of(path, format):
    if format is not None:
        fmt = str(format).lower().lstrip(".")
    elif path is not None:
        fmt = Path(path).suffix.lower().lstrip(".")
        if not fmt:
            raise GameError(f"{path}: give the file a suffix (.svg, .png, .pdf or .tex) or "
                            "pass format=")
    else:
        return None
    if fmt not in FORMATS:
        raise GameError(f"cannot draw a tree as {fmt!r}: the formats are "
                        f"{', '.join(FORMATS)}")
    return fmt


def draw(game, solution=None, path: str | os.PathLike | None = None, *,
         format: str | None = None, equilibrium: int = 1, max_nodes: int | None = MAX_NODES,
         standalone: bool = True, dpi: int = 150):
    """Draw a game tree: players, actions, chance probabilities, payoffs, information sets.

    With a solution, the choices of one equilibrium are drawn thick (with their
    probabilities where a player mixes) and the beliefs at information sets of
    several nodes are written beside the nodes (Bayes' rule on the path; off the
    path, the range that supports the play).

    Parameters
    ----------
    game : ExtensiveFormGame
        The tree.  A parametric tree is drawn with its expressions (``kappa*s + x``).
    solution : Solution, TreeEquilibrium or BehaviorProfile, optional
        What to mark.  With a :class:`~solver.forms.profiles.Solution` the solved game
        is drawn (its parameters set to the values it was solved at).
    path : str or PathLike, optional
        Write the drawing there and return the path.  Without it, return a
        matplotlib Figure, or the TikZ text when ``format="tex"``.
    format : {"svg", "png", "pdf", "tex"}, optional
        The file format; by default the suffix of ``path``.
    equilibrium : int
        Which equilibrium of a Solution to mark, from 1.
    max_nodes : int or None
        Refuse larger trees (:data:`MAX_NODES`, 500, by default: past a few hundred
        nodes a drawing stops being readable); None draws any size.
    standalone : bool
        TikZ only: a complete LaTeX document (``standalone`` class, istgame), or,
        when False, just the ``istgame`` picture to put in a document that loads
        ``istgame``.
    dpi : int
        PNG only: dots per inch (lowered for very wide trees).

    Returns
    -------
    Path, matplotlib.figure.Figure or str

    Raises
    ------
    GameError
        For a normal-form game (use ``gamesolver show SOURCE --format latex``), a
        tree larger than ``max_nodes``, an unknown format, a solution of another
        game, or a missing matplotlib (``pip install 'gamesolver[plot]'``).

    Examples
    --------
    >>> import solver
    >>> b = solver.TreeBuilder(players=("Entrant", "Incumbent"))
    >>> root = b.decision("Entrant", actions=("Out", "In"))
    >>> _ = b.terminal(root, "Out", payoffs=(0, 2))
    >>> fight = b.decision("Incumbent", parent=root["In"], actions=("Fight", "Accommodate"))
    >>> _ = b.terminal(fight, "Fight", payoffs=(-1, -1))
    >>> _ = b.terminal(fight, "Accommodate", payoffs=(1, 1))
    >>> tex = draw(b.build(), solver.solve(b.build()), format="tex")
    >>> "\\\\istroot" in tex and "{Accommodate}" in tex
    True
    """
    form = getattr(game, "form", None)
    if form == "normal":
        raise GameError("draw draws game trees; for a normal-form game write its payoff "
                        "table with `gamesolver show SOURCE --format latex` "
                        "(solver.io.text.render_latex)")
    if form != "extensive":
        raise GameError(f"draw needs a game tree (an ExtensiveFormGame), not "
                        f"{type(game).__name__}")
    fmt = _format_of(path, format)
    layout = layout_tree(game, max_nodes=max_nodes)
    game, profile, index, count, method = game_to_draw(game, solution, equilibrium)
    marks = None if profile is None else tree_marks(game, profile, index=index, count=count,
                                                    method=method)
    if fmt == "tex":
        from solver.io.tree_tikz import tree_tikz
        text = tree_tikz(game, layout, marks, standalone=standalone)
        if path is None:
            return text
        Path(path).write_text(text, encoding="utf-8")
        return Path(path)
    from solver.io.tree_figure import RC, tree_figure
    fig = tree_figure(game, layout, marks)
    if path is None:
        return fig
    import matplotlib
    w, h = fig.get_size_inches()
    dpi = max(10, min(dpi, int(30000 / max(w, h)), int((60e6 / (w * h)) ** 0.5)))
    with matplotlib.rc_context(RC):
        fig.savefig(path, format=fmt, dpi=dpi,
                    metadata={"Date": None} if fmt in ("svg", "pdf") else None)
    return Path(path)
