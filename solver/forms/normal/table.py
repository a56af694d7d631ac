"""Payoff tables as plain text, LaTeX and HTML, with best responses marked.

The classic way to read a small game is its payoff table with every *best
response* marked: in each cell, a player's payoff carries a ``*`` when no other
strategy of that player pays him more against the others' strategies in that
cell.  A cell in which every payoff is starred is a pure Nash equilibrium
(Gibbons 1992, *Game Theory for Applied Economists*, section 1.1.C, where the
payoffs are underlined instead).

Two-player games are drawn as one table (rows for the first player, columns for
the second, cells ``"a, b"``).  Games with more players are drawn as one table
per pure profile of players 3, ..., n, titled by those players' strategies.

Comparisons are exact in exact games, relative to the payoff range in float
games (:data:`solver.numbers.DEFAULT_TOLERANCE`), and in parametric games a
payoff is starred only when its comparisons hold whatever the parameters (when
the differences are numbers); parametric payoffs are shown as expressions.
Renderers never solve: :func:`render_normal_form` only prints the equilibria of
a :class:`~solver.forms.profiles.Solution` it is given.

:mod:`solver.io.text` gathers these renderers with those of game trees.
"""
from __future__ import annotations

import html
import itertools
from typing import Any

import numpy as np
from solver.numbers import DEFAULT_TOLERANCE, format_number, is_sympy

__all__ = ["best_response_marks", "render_normal_form", "render_latex", "render_html",
           "NO_PLAYERS"]

#: What a table of a game without players says instead of rows and columns.
NO_PLAYERS = ("No players: the game has one profile, the empty one, and no payoffs; "
              "nobody chooses anything")


# ---------------------------------------------------------------------- best responses
def _at_least(a: Any, b: Any, slack: float) -> bool | None:
    """``a >= b`` exactly (or within *slack* for floats); None when undecidable."""
    if is_sympy(a) or is_sympy(b):
        import sympy
        diff = sympy.sympify(a) - sympy.sympify(b)
        diff = sympy.simplify(diff) if diff.free_symbols else diff
        if diff.free_symbols:
            return None
        return bool(diff >= 0)
    if isinstance(a, float) or isinstance(b, float):
        return bool(a >= b - slack)
    return bool(a >= b)


def best_response_marks(game) -> np.ndarray:
    """Which payoffs are best responses.

    Parameters
    ----------
    game : NormalFormGame

    Returns
    -------
    ndarray of bool, shape ``(n, m_1, ..., m_n)``
        ``marks[i][cell]`` is True when player *i*'s payoff in ``cell`` is at
        least as large as his payoff from any other strategy, the others'
        strategies in ``cell`` held fixed.  In a parametric game a payoff whose
        comparison depends on the parameters is not marked.
    """
    tensor = game.payoff_tensor
    n = game.n_players
    slack = 0.0
    if not game.exact:
        slack = DEFAULT_TOLERANCE * game.payoff_range
    marks = np.zeros(tensor.shape, dtype=bool)
    if not game.parametric:
        # vectorised: the best payoff along a player's own axis, then compare
        for i in range(n):
            pay = tensor[i]
            best = np.max(pay, axis=i, keepdims=True)
            marks[i] = (pay >= best - slack) if slack else (pay == best)
        return marks
    for i in range(n):
        pay = tensor[i]
        for cell in game.cells():
            mine = pay[cell]
            ok = True
            for k in range(game.shape[i]):
                if k == cell[i]:
                    continue
                other = pay[cell[:i] + (k,) + cell[i + 1:]]
                if _at_least(mine, other, slack) is not True:
                    ok = False
                    break
            marks[(i,) + cell] = ok
    return marks


def _slices(game):
    """Pure profiles of players 3..n (one table each), with a title for each."""
    if game.n_players <= 2:
        return [((), "")]
    rest = range(2, game.n_players)
    out = []
    for prof in itertools.product(*(range(game.shape[j]) for j in rest)):
        title = ", ".join(f"{game.players[j]} plays {game.strategies[j][k]}"
                          for j, k in zip(rest, prof))
        out.append((prof, title))
    return out


def _cell(game, row: int, col: int | None, rest: tuple[int, ...]) -> tuple[int, ...]:
    if game.n_players == 1:
        return (row,)
    return (row, col) + tuple(rest)


# ---------------------------------------------------------------------- plain text
def _text_number(x: Any, starred: bool = False) -> str:
    text = format_number(x)
    if starred and is_sympy(x) and " " in text:
        text = f"({text})"  # so that "x + 1*" does not read as a starred 1
    return text


def _text_table(game, rest, marks) -> list[str]:
    n = game.n_players
    rows = game.strategies[0]
    cols = game.strategies[1] if n > 1 else ("payoff",)
    corner = f"{game.players[0]} \\ {game.players[1]}" if n > 1 else game.players[0]
    # the text of every payoff and whether it is starred, per column and component
    cells = {}
    for r in range(len(rows)):
        for c in range(len(cols)):
            idx = _cell(game, r, c if n > 1 else None, rest)
            cells[r, c] = [(_text_number(game.payoff_tensor[(i,) + idx], marks[(i,) + idx]),
                            bool(marks[(i,) + idx])) for i in range(n)]
    num_w = {}   # (column, player) -> width of the numbers
    star_w = {}  # (column, player) -> 1 if some payoff there is starred
    for c in range(len(cols)):
        for i in range(n):
            entries = [cells[r, c][i] for r in range(len(rows))]
            num_w[c, i] = max(len(t) for t, _ in entries)
            star_w[c, i] = 1 if any(s for _, s in entries) else 0

    def cell_text(r, c):
        parts = []
        for i, (t, s) in enumerate(cells[r, c]):
            parts.append(t.rjust(num_w[c, i]) + ("*" if s else " " * star_w[c, i]))
        return ", ".join(parts)

    body = {(r, c): cell_text(r, c) for r in range(len(rows)) for c in range(len(cols))}
    col_w = [max([len(cols[c])] + [len(body[r, c]) for r in range(len(rows))])
             for c in range(len(cols))]
    label_w = max([len(corner)] + [len(r) for r in rows])
    lines = [" | ".join([corner.ljust(label_w)] + [cols[c].center(col_w[c])
                                                   for c in range(len(cols))]).rstrip()]
    lines.append("-+-".join(["-" * label_w] + ["-" * w for w in col_w]))
    for r in range(len(rows)):
        parts = [rows[r].ljust(label_w)] + [body[r, c].rjust(col_w[c]) for c in range(len(cols))]
        lines.append(" | ".join(parts).rstrip())
    return lines


def render_normal_form(game, solution=None, *, marks: bool = True) -> str:
    """A normal-form game as a plain-text payoff table, best responses starred.

    Parameters
    ----------
    game : NormalFormGame
    solution : Solution, optional
        When given, its equilibria are listed under the table.
    marks : bool
        Star best-response payoffs (default True).

    Returns
    -------
    str
        The table(s), columns aligned; with more than two players one table for
        each pure profile of players 3, ..., n.

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> g = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                  strategies=(("C", "D"), ("C", "D")))
    >>> print(render_normal_form(g))
    Row \\ Column |   C   |   D
    -------------+-------+-------
    C            | 3 , 3 | 0 , 5*
    D            | 5*, 0 | 1*, 1*
    * marks a best response to the others' strategies in that cell
    """
    out = [game.title] if game.title else []
    if not game.n_players:
        return "\n".join(out + [NO_PLAYERS + "."]
                         + (["", str(solution)] if solution is not None else []))
    br = best_response_marks(game) if marks else np.zeros(game.payoff_tensor.shape, dtype=bool)
    if game.parametric:
        params = game.parameters
        desc = ", ".join(f"{s} (default {format_number(params[s])})" if s in params else s
                         for s in sorted(game.symbols))
        out.append(f"Parameters: {desc}")
    for rest, title in _slices(game):
        if title:
            if out:
                out.append("")
            out.append(title + ":")
        out.extend(_text_table(game, rest, br))
    if marks:
        undecided = game.parametric
        note = "* marks a best response to the others' strategies in that cell"
        if undecided:
            note += " (payoffs whose comparison depends on the parameters are not marked)"
        out.append(note)
    if solution is not None:
        out.append("")
        out.append(str(solution))
    return "\n".join(out)


# ---------------------------------------------------------------------- LaTeX
_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def _latex_text(s: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in s)


def _latex_number(x: Any) -> str:
    if is_sympy(x):
        import sympy
        text = sympy.latex(x)
        return f"({text})" if isinstance(x, (sympy.Add, sympy.Mul)) else text
    text = format_number(x)
    if "/" in text:
        num, den = text.split("/")
        sign = "-" if num.startswith("-") else ""
        return rf"{sign}\frac{{{num.lstrip('-')}}}{{{den}}}"
    return text


def render_latex(game, *, marks: bool = True) -> str:
    """The payoff table as a LaTeX ``tabular`` (one per profile of players 3..n).

    Best responses carry a superscript ``*``.  Labels are escaped; fractions
    are written ``\\frac{a}{b}`` and parameters in sympy's LaTeX.
    """
    if not game.n_players:
        return r"\noindent " + _latex_text(NO_PLAYERS) + "."
    br = best_response_marks(game) if marks else np.zeros(game.payoff_tensor.shape, dtype=bool)
    n = game.n_players
    cols = game.strategies[1] if n > 1 else ("payoff",)
    blocks = []
    for rest, title in _slices(game):
        lines = []
        if title:
            lines.append(r"\noindent " + _latex_text(title) + r"\\")
        lines.append(r"\begin{tabular}{l|" + "c" * len(cols) + "}")
        corner = (f"{_latex_text(game.players[0])} $\\backslash$ {_latex_text(game.players[1])}"
                  if n > 1 else _latex_text(game.players[0]))
        lines.append(" & ".join([corner] + [_latex_text(c) for c in cols]) + r" \\ \hline")
        for r, rlab in enumerate(game.strategies[0]):
            entries = []
            for c in range(len(cols)):
                idx = _cell(game, r, c if n > 1 else None, rest)
                parts = []
                for i in range(n):
                    t = _latex_number(game.payoff_tensor[(i,) + idx])
                    parts.append(t + ("^{*}" if br[(i,) + idx] else ""))
                entries.append("$" + ", ".join(parts) + "$")
            lines.append(" & ".join([_latex_text(rlab)] + entries) + r" \\")
        lines.append(r"\end{tabular}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


# ---------------------------------------------------------------------- HTML
def render_html(game, *, marks: bool = True) -> str:
    """The payoff table as HTML ``<table>`` elements (used for notebook display).

    Best responses are shown bold with a ``*``; every label is escaped.
    """
    esc = html.escape
    if not game.n_players:
        text = " &mdash; ".join(esc(t) for t in (game.title, NO_PLAYERS) if t)
        return f'<p class="gamesolver-nfg">{text}.</p>'
    br = best_response_marks(game) if marks else np.zeros(game.payoff_tensor.shape, dtype=bool)
    n = game.n_players
    cols = game.strategies[1] if n > 1 else ("payoff",)
    tables = []
    for rest, title in _slices(game):
        caption = " &mdash; ".join(esc(t) for t in (game.title, title) if t)
        rows = ['<table class="gamesolver-nfg">']
        if caption:
            rows.append(f"<caption>{caption}</caption>")
        corner = (f"{esc(game.players[0])} \\ {esc(game.players[1])}" if n > 1
                  else esc(game.players[0]))
        rows.append("<tr><th>" + corner + "</th>"
                    + "".join(f"<th>{esc(c)}</th>" for c in cols) + "</tr>")
        for r, rlab in enumerate(game.strategies[0]):
            tds = []
            for c in range(len(cols)):
                idx = _cell(game, r, c if n > 1 else None, rest)
                parts = []
                for i in range(n):
                    t = esc(_text_number(game.payoff_tensor[(i,) + idx], br[(i,) + idx]))
                    parts.append(f"<b>{t}*</b>" if br[(i,) + idx] else t)
                tds.append('<td style="text-align:center">' + ", ".join(parts) + "</td>")
            rows.append(f"<tr><th>{esc(rlab)}</th>" + "".join(tds) + "</tr>")
        rows.append("</table>")
        tables.append("\n".join(rows))
    return "\n".join(tables)
