"""What a Jupyter notebook shows for gamesolver's objects: HTML tables and drawings.

A notebook cell that ends in an object shows its ``_repr_html_`` (the IPython display
protocol).  Every ``_repr_html_`` of gamesolver's games, solutions and results is one
line that calls a function of this module, so all the display code lives here, in the
presentation layer; the classes below it reach it by an import inside the method
(docs/architecture.md, "display hooks").  What each shows:

* a normal-form game: its payoff table with best responses in bold
  (:func:`solver.forms.normal.table.render_html`);
* a game tree: its drawing as SVG (:func:`solver.io.draw.draw`, needs matplotlib), or
  the indented outline (:func:`solver.io.text.render_tree_html`) when it cannot be drawn;
* a solution: one row per equilibrium (each player's strategy, payoffs, regret), then
  what was searched, the certificate and the solver's notes;
* an explanation: the bottom line, then each further section folded;
* thresholds, sweeps, checks, region maps, uncertainty runs and the scenario
  comparison: their tables (or their text, preformatted).

Every label and number is escaped (:func:`html.escape`).  Renderers never solve: each
function shows what it is given.
"""
from __future__ import annotations

import html
import io
from typing import Any

from solver.errors import GameError
from solver.forms.profiles import is_algebraic_number
from solver.numbers import format_number

__all__ = ["game_html", "tree_html", "solution_html", "equilibrium_html", "explanation_html",
           "thresholds_html", "sweep_html", "check_html", "region_html", "comparison_html",
           "text_html", "figure_svg", "strategy_texts"]

_esc = html.escape


# ---------------------------------------------------------------------- pieces
def _table(head: list[str], rows: list[list[str]], cls: str) -> str:
    """An HTML table from cells that are already escaped."""
    out = [f'<table class="{cls}">', "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _mix(labels, probs) -> str:
    played = [(a, p) for a, p in zip(labels, probs) if p > 0]
    if len(played) == 1:
        return played[0][0]
    return ", ".join(f"{format_number(p)} {a}" for a, p in played)


def strategy_texts(equilibrium) -> tuple[str, ...]:
    """Each player's strategy in words: ``"Hawk"``, ``"1/2 Hawk, 1/2 Dove"``, or, in a
    tree, one ``"set: action"`` per information set (``"entry: In; fight?: Accommodate"``).
    """
    prof = equilibrium.profile
    if hasattr(prof, "infoset_labels"):
        return tuple("; ".join((f"{lab or k + 1}: " if len(A) > 1 else "") + _mix(acts, pr)
                               for k, (lab, acts, pr) in enumerate(zip(labs, A, P)))
                     for labs, A, P in zip(prof.infoset_labels, prof.actions,
                                           prof.probabilities))
    return tuple(_mix(labs, pr) for labs, pr in zip(prof.labels, prof.probabilities))


def _number(x: Any) -> str:
    """format_number, with the decimal value after an exact irrational number."""
    text = format_number(x)
    return f"{text} (~{float(x):.6g})" if is_algebraic_number(x) else text


def text_html(obj: Any) -> str:
    """Any object's text (``str(obj)``), escaped in a ``<pre>`` block."""
    return f'<pre class="gamesolver-text">{_esc(str(obj))}</pre>'


def figure_svg(fig) -> str:
    """A matplotlib figure as SVG text to put inside HTML (without the XML prologue)."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    text = buf.getvalue()
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


# ---------------------------------------------------------------------- games
def game_html(game) -> str:
    """A game for a notebook: the payoff table of a normal form, the drawing of a tree."""
    if getattr(game, "form", None) == "extensive":
        return tree_html(game)
    from solver.forms.normal.table import render_html
    return render_html(game)


def _tree_svg(game) -> str | None:
    """The tree drawn by :func:`solver.io.draw.draw` as SVG text, or None when it cannot be
    (matplotlib missing, the drawing module absent, the tree too large to draw)."""
    try:
        import matplotlib

        from solver.io import draw as drawing
    except ImportError:
        return None
    draw = getattr(drawing, "draw", None)
    if draw is None:
        return None
    try:
        picture = draw(game)
    except (GameError, ImportError):
        return None
    if isinstance(picture, str):          # already SVG (or TikZ: not for a notebook)
        start = picture.find("<svg")
        return picture[start:] if start >= 0 else None
    fig = getattr(picture, "figure", picture)      # a Figure, or Axes drawn into one
    if not hasattr(fig, "savefig"):
        return None
    try:
        from solver.io.tree_figure import RC  # the drawing's fonts, text kept as text
    except ImportError:
        RC = {"svg.fonttype": "none"}
    with matplotlib.rc_context(RC):
        return figure_svg(fig)


def tree_html(game) -> str:
    """A game tree: its SVG drawing when it can be drawn, else the escaped outline."""
    from solver.io.text import render_tree_html
    svg = _tree_svg(game)
    if svg is None:
        return render_tree_html(game)
    title = f"<p><b>{_esc(game.title)}</b></p>" if game.title else ""
    return f'<div class="gamesolver-efg">{title}{svg}</div>'


# ---------------------------------------------------------------------- solutions
def _searched_note(solution) -> str:
    kind = "exact" if solution.exact else "floating point"
    n = len(solution.equilibria)
    head = (f"{n} equilibri{'um' if n == 1 else 'a'} found by <b>{_esc(solution.method)}</b> "
            f"({kind}); searched: {_esc(solution.searched)}.")
    if solution.complete and solution.method != "pure":
        head += (f" Complete: every equilibrium of the kind {_esc(solution.method)} looks for "
                 "is listed" + (" (every extreme equilibrium: the game is degenerate, so "
                                "equilibria can form continua between them)."
                                if solution.degenerate else "."))
    elif not solution.complete:
        head += " Other equilibria may exist: the method does not search for them all."
    return head


def _certificate_note(solution) -> str:
    if solution.exact:
        return ("Each equilibrium is certified: its regret (the most a player gains by "
                "deviating alone) is exactly 0.")
    return ("Each equilibrium is certified in floating point: its regret (the most a player "
            "gains by deviating alone) is within the tolerance relative to the payoff range.")


def solution_html(solution) -> str:
    """A solution as a table: one row per equilibrium, with each player's strategy, the
    payoffs and the regrets, then what was searched, the certificate and the notes."""
    players = list(solution.game.players)
    title = getattr(solution.game, "title", "")
    out = ['<div class="gamesolver-solution">']
    if title:
        out.append(f"<p><b>{_esc(title)}</b></p>")
    out.append(f"<p>{_searched_note(solution)}</p>")
    if solution.equilibria:
        head = ["#"] + [_esc(p) for p in players] + [f"payoff {_esc(p)}" for p in players] \
            + ["regret"]
        rows = []
        for k, e in enumerate(solution.equilibria, 1):
            rows.append([str(k)] + [_esc(s) for s in strategy_texts(e)]
                        + [_esc(_number(u)) for u in e.payoffs]
                        + [_esc(", ".join(format_number(r) for r in e.regret))])
        out.append(_table(head, rows, "gamesolver-equilibria"))
        out.append(f"<p>{_certificate_note(solution)}</p>")
    if solution.value is not None:
        out.append(f"<p>Value of the game to {_esc(players[0])}: "
                   f"{_esc(_number(solution.value))}.</p>")
    if solution.notes:
        out.append("<ul>" + "".join(f"<li>{_esc(n)}</li>" for n in solution.notes) + "</ul>")
    out.append("</div>")
    return "\n".join(out)


def equilibrium_html(equilibrium) -> str:
    """One equilibrium: each player's strategy, payoff and regret."""
    rows = [[_esc(p), _esc(s), _esc(_number(u)), _esc(format_number(r))]
            for p, s, u, r in zip(equilibrium.players, strategy_texts(equilibrium),
                                  equilibrium.payoffs, equilibrium.regret)]
    return _table(["player", "strategy", "payoff", "regret"], rows, "gamesolver-equilibrium")


# ---------------------------------------------------------------------- explanations
def _section_body(section) -> str:
    return "\n".join(f"<p>{_esc(line)}</p>" for line in section.lines)


def explanation_html(explanation) -> str:
    """An explanation: its first section (the bottom line) open, every other folded
    under its title."""
    sections = list(explanation.sections)
    if not sections:
        return '<div class="gamesolver-explanation"></div>'
    first, rest = sections[0], sections[1:]
    out = ['<div class="gamesolver-explanation">',
           f"<h4>{_esc(first.title)}</h4>", _section_body(first)]
    for s in rest:
        out.append(f"<details><summary>{_esc(s.title)}</summary>\n{_section_body(s)}\n"
                   "</details>")
    out.append("</div>")
    return "\n".join(out)


# ---------------------------------------------------------------------- parametric
def thresholds_html(result) -> str:
    """Thresholds as a table: value, player, where, the choice below and above."""
    from solver.analysis.threshold_records import text_value
    span = ""
    if result.low is not None:
        span = f" over [{_esc(text_value(result.low))}, {_esc(text_value(result.high))}]"
    how = f" ({_esc(result.approach)})" if result.approach else ""
    out = ['<div class="gamesolver-thresholds">',
           f"<p>Thresholds of <b>{_esc(result.parameter)}</b>{span}{how}</p>"]
    if result.thresholds:
        rows = [[_esc(text_value(t.value)), _esc(t.player), _esc(t.at), _esc(t.from_),
                 _esc(t.to)] for t in result.thresholds]
        out.append(_table([_esc(result.parameter), "player", "where", "below", "above"],
                          rows, "gamesolver-threshold-table"))
    else:
        out.append(f"<p>{_esc(str(result))}</p>")
    if result.notes:
        out.append("<ul>" + "".join(f"<li>{_esc(n)}</li>" for n in result.notes) + "</ul>")
    out.append("</div>")
    return "\n".join(out)


def sweep_html(result) -> str:
    """A sweep as a table: each value of the parameter, then one row per equilibrium
    there (each player's strategy and payoff)."""
    players = list(result.players)
    head = [_esc(result.parameter), "#"] + [_esc(p) for p in players] \
        + [f"payoff {_esc(p)}" for p in players]
    rows = []
    for (value, eqs), choices in zip(result.rows, result.choices):
        if not eqs:
            rows.append([_esc(format_number(value)), "-"] + ["(none)"] * (2 * len(players)))
        for k, (e, ch) in enumerate(zip(eqs, choices), 1):
            rows.append([_esc(format_number(value)) if k == 1 else "", str(k)]
                        + [_esc(c) for c in ch] + [_esc(_number(u)) for u in e.payoffs])
    note = f"<p>Equilibria found by {_esc(result.method)} at each value.</p>" \
        if result.method else ""
    return ('<div class="gamesolver-sweep">' + note
            + _table(head, rows, "gamesolver-sweep-table") + "</div>")


# ---------------------------------------------------------------------- other results
def check_html(check) -> str:
    """The verdict of :func:`solver.check`, then each player's strategy, payoff, best
    value and regret."""
    head = str(check).splitlines()[0]
    rows = [[_esc(p.player), _esc(p.strategy), _esc(_number(p.payoff)),
             _esc(_number(p.best_value)), _esc(format_number(p.regret)),
             _esc(", ".join(p.best_responses))] for p in check.players]
    note = f"<p>{_esc(check.note)}</p>" if check.note else ""
    return (f'<div class="gamesolver-check"><p><b>{_esc(head)}</b></p>'
            + _table(["player", "strategy", "payoff", "best value", "regret",
                      "best responses"], rows, "gamesolver-check-table") + note + "</div>")


def region_html(region_map) -> str:
    """A region map: its picture (when matplotlib is installed), then its text."""
    picture = ""
    try:
        from solver.io.region_plot import plot_region
        ax = plot_region(region_map)
        picture = figure_svg(ax.figure)
    except (ImportError, GameError):
        picture = ""
    return f'<div class="gamesolver-region">{picture}{text_html(region_map)}</div>'


def comparison_html(comparison) -> str:
    """The scenario comparison (:func:`games.compare`): one row per scenario."""
    head = ["scenario", "concept", "Russia on the path", "DV offered", "DV refused",
            "decisive comparison", "flips", "mechanism (source)", "lever"]

    def yes_no(x):
        return "no DV offer in this game" if x is None else ("yes" if x else "no")

    rows = [[f"<code>{_esc(r.name)}</code>", _esc(r.concept), _esc("; ".join(r.russia_on_path)),
             yes_no(r.dv_offered_on_path), yes_no(r.dv_refused_on_path), _esc(r.decisive),
             _esc(r.flips_text()), _esc(f"{r.mechanism} ({r.source})"), _esc(r.lever)]
            for r in comparison.rows]
    notes = [line for line in str(comparison).splitlines()
             if line.startswith(("Parameters:", "Not applied"))]
    return ('<div class="gamesolver-compare">' + _table(head, rows, "gamesolver-compare-table")
            + "".join(f"<p>{_esc(n)}</p>" for n in notes) + "</div>")
