"""Normal-form games as LaTeX ``sgame`` tables, best responses marked, for papers and slides.

Martin J. Osborne's ``sgame`` package (on CTAN; ``texlive-games`` on Debian) typesets a
strategic game the way textbooks print it: the row player's strategies down the left,
the column player's across the top, the players' names beside them, and in each cell
the payoffs, row player's first.  :func:`render_sgame` writes such tables with every
*best response* marked, underlined as in Gibbons (1992, *Game Theory for Applied
Economists*, sec. 1.1.C) or starred: a payoff is marked when no other strategy of that
player pays him more against the others' strategies in that cell, so a cell with every
payoff marked is a pure Nash equilibrium.

A game of three players is drawn as one table per strategy of the third player, side
by side, each labelled with that strategy (Osborne 2004, *An Introduction to Game
Theory*, fig. 1 of sec. 2.9 prints them so); with more players, one table per pure
profile of players 3, ..., n, up to ``max_tables`` tables.

Exact numbers are written as fractions (``\\frac{1}{2}`` or ``1/2``), parametric
payoffs in sympy's LaTeX, and every label is escaped.  With ``standalone=True`` the
result is a whole document that ``pdflatex`` compiles; otherwise it is the
``game`` environments alone, to paste into a paper or a ``beamer`` frame whose
preamble loads ``\\usepackage{sgame}``.  Renderers never solve: the marks come from
comparing payoffs (:func:`solver.forms.normal.table.best_response_marks`).
"""
from __future__ import annotations

import itertools
import re
from typing import Any

import numpy as np

from solver.errors import GameError
from solver.forms.normal.table import NO_PLAYERS, best_response_marks
from solver.numbers import format_number, is_sympy

__all__ = ["render_sgame", "latex_text", "latex_number", "MAX_TABLES", "LATEX_SPECIALS"]

#: Tables drawn at most for a game of more than two players (one per pure profile of
#: players 3..n); :func:`render_sgame` raises beyond it unless ``max_tables`` is raised.
MAX_TABLES = 24

#: Each character that LaTeX treats specially, and how :func:`latex_text` writes it.
LATEX_SPECIALS = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
                  "[": "{[}", "]": "{]}", "<": r"\textless{}", ">": r"\textgreater{}",
                  "|": r"\textbar{}"}


def latex_text(text: str) -> str:
    """Text with LaTeX's special characters escaped, safe in a table cell or an
    optional argument: ``"R&D_2"`` becomes ``"R\\&D\\_2"``, and brackets are braced so
    that ``]`` cannot end an optional argument.

    >>> latex_text("50% [#1]")
    '50\\\\% {[}\\\\#1{]}'
    """
    return "".join(LATEX_SPECIALS.get(ch, ch) for ch in str(text))


def latex_number(x: Any, fractions: str = "frac") -> str:
    """A payoff in LaTeX math: ``\\frac{1}{2}`` (or ``1/2``), ``-3``, ``0.25``,
    ``1.5\\times 10^{-7}``, or sympy's LaTeX of an expression (``\\frac{V}{2}``).

    Parameters
    ----------
    x : Fraction, int, float or sympy expression
    fractions : {"frac", "slash"}
        ``\\frac{a}{b}`` or ``a/b`` for exact non-integers.

    >>> from fractions import Fraction
    >>> latex_number(Fraction(-3, 4)), latex_number(Fraction(-3, 4), "slash")
    ('-\\\\frac{3}{4}', '-3/4')
    """
    if fractions not in ("frac", "slash"):
        raise GameError(f"fractions must be 'frac' or 'slash', got {fractions!r}")
    if is_sympy(x):
        import sympy
        if fractions == "slash":
            return sympy.latex(x, fold_short_frac=True)
        return sympy.latex(x)
    text = format_number(x)
    if "/" in text:
        num, den = text.split("/")
        sign = "-" if num.startswith("-") else ""
        if fractions == "slash":
            return text
        return rf"{sign}\frac{{{num.lstrip('-')}}}{{{den}}}"
    found = re.fullmatch(r"(-?[0-9.]+)e([+-])0*([0-9]+)", text)
    if found:
        mant, sign, exp = found.groups()
        return rf"{mant}\times 10^{{{'-' if sign == '-' else ''}{exp}}}"
    return text


def _marked(text: str, mark: str) -> str:
    return rf"\underline{{{text}}}" if mark == "underline" else f"{text}^{{*}}"


def _slices(game, max_tables: int) -> list[tuple[tuple[int, ...], str]]:
    """The pure profiles of players 3..n, one table each, with the table's label."""
    if game.n_players <= 2:
        return [((), "")]
    rest = range(2, game.n_players)
    count = int(np.prod([game.shape[j] for j in rest]))
    if count > max_tables:
        raise GameError(
            f"render_sgame: {game.n_players} players give {count} tables (one per pure "
            f"profile of players 3..{game.n_players}), more than max_tables={max_tables}; "
            "pass a larger max_tables= to draw them all")
    out = []
    for prof in itertools.product(*(range(game.shape[j]) for j in rest)):
        label = ", ".join(f"{latex_text(game.players[j])}: {latex_text(game.strategies[j][k])}"
                          for j, k in zip(rest, prof))
        out.append((prof, label))
    return out


def _table(game, rest: tuple[int, ...], label: str, marks: np.ndarray, mark: str,
           fractions: str) -> str:
    """One ``game`` environment: the table of the given profile of players 3..n."""
    n = game.n_players
    rows = game.strategies[0]
    cols = game.strategies[1] if n > 1 else ("payoff",)
    args = f"[{{{latex_text(game.players[0])}}}]"
    args += f"[{{{latex_text(game.players[1])}}}]" if n > 1 else "[]"
    if label:
        args += f"[{{{label}}}]"
    sep = r",\ " if game.parametric else ", "     # room between expressions
    lines = [rf"\begin{{game}}{{{len(rows)}}}{{{len(cols)}}}{args}"]
    lines.append("  & " + " & ".join(latex_text(c) for c in cols) + r" \\")
    for r, rlab in enumerate(rows):
        cells = []
        for c in range(len(cols)):
            idx = (r,) if n == 1 else (r, c) + tuple(rest)
            parts = []
            for i in range(n):
                text = latex_number(game.payoff_tensor[(i,) + idx], fractions)
                parts.append(_marked(text, mark) if marks[(i,) + idx] else text)
            cells.append("$" + sep.join(parts) + "$")
        end = r" \\" if r < len(rows) - 1 else ""
        lines.append(latex_text(rlab) + " & " + " & ".join(cells) + end)
    lines.append(r"\end{game}")
    return "\n".join(lines)


def render_sgame(game, *, mark: str | None = "underline", standalone: bool = False,
                 fractions: str = "frac", max_tables: int = MAX_TABLES) -> str:
    """A normal-form game as LaTeX ``sgame`` tables with the best responses marked.

    Parameters
    ----------
    game : NormalFormGame
    mark : {"underline", "star", None}
        How a best-response payoff is marked: ``\\underline{5}`` (Gibbons 1992),
        ``5^{*}``, or not at all.  In a parametric game a payoff whose comparison
        depends on the parameters is not marked.
    standalone : bool
        Write a whole ``article`` document (``\\usepackage{sgame}``, the title above
        the tables, a line saying what the marks mean) that ``pdflatex`` compiles;
        by default only the ``game`` environments, for a paper or a slide.
    fractions : {"frac", "slash"}
        Exact non-integers as ``\\frac{a}{b}`` or ``a/b``.
    max_tables : int
        Most tables drawn for three or more players (one per pure profile of
        players 3..n).

    Returns
    -------
    str
        One ``game`` environment per table, separated by ``\\hspace{2em}`` so that
        the tables of a three-player game stand side by side.

    Raises
    ------
    GameError
        For a game that is not a normal form, an unknown ``mark`` or ``fractions``,
        or more tables than ``max_tables``.  A game without players has no table: it
        gets a sentence saying so (:data:`solver.forms.normal.table.NO_PLAYERS`).

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> g = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                  strategies=(("C", "D"), ("C", "D")))
    >>> print(render_sgame(g))
    \\begin{game}{2}{2}[{Row}][{Column}]
      & C & D \\\\
    C & $3, 3$ & $0, \\underline{5}$ \\\\
    D & $\\underline{5}, 0$ & $\\underline{1}, \\underline{1}$
    \\end{game}
    """
    if getattr(game, "form", None) != "normal":
        raise GameError("render_sgame draws normal-form games; for a tree use "
                        "solver.io.text.render_tree_latex")
    if mark not in ("underline", "star", None):
        raise GameError(f"render_sgame: mark must be 'underline', 'star' or None, got {mark!r}")
    latex_number(0, fractions)            # checks the fractions option
    if not game.n_players:                # no table to draw: a sentence says why
        body, mark = latex_text(NO_PLAYERS) + ".", None
    else:
        marks = np.zeros(game.payoff_tensor.shape, dtype=bool) if mark is None else \
            best_response_marks(game)
        tables = [_table(game, rest, label, marks, mark or "", fractions)
                  for rest, label in _slices(game, max_tables)]
        body = "\n\\hspace{2em}\n".join(tables)
    if not standalone:
        return body
    out = [r"\documentclass{article}", r"\usepackage{sgame}", r"\pagestyle{empty}",
           r"\begin{document}", r"\begin{center}"]
    if game.title:
        out.append(r"\textbf{" + latex_text(game.title) + r"}\par\medskip")
    out += [body, r"\end{center}"]
    if mark is not None:
        what = "Underlined" if mark == "underline" else "Starred"
        note = (f"{what} payoffs are best responses to the others' strategies in that "
                "cell; a cell with every payoff marked is a pure Nash equilibrium.")
        if game.parametric:
            note += " Payoffs whose comparison depends on the parameters are not marked."
        out.append(r"\noindent{\small " + note + "}")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"
