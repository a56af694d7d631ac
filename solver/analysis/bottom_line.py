"""The bottom line of an explanation: what happens, why, what would change it -- in six lines.

A student should get the answer in ten seconds before reading the reasons.  The
bottom line is derived from the solution like everything else:

1. **On the path** -- the moves of the equilibrium's path of play (:mod:`solver.analysis.path`),
   and how many equilibria share it;
2. **Why** -- the decisive comparison of the focal player's choice on the path, with
   its expressions and numbers (:mod:`solver.analysis.decisive`), and the first mover's
   when another player moves first;
3. **Flips** -- the confirmed values of the parameters in that comparison at
   which the choice changes (:mod:`solver.analysis.comparison_flips`);
4. **Mechanism** -- only when the caller knows it (a catalogue game registers one);
5. **Concept** -- Nash, subgame perfect or perfect Bayesian, as the equilibrium is shown
   to be (:func:`solver.analysis.path.solution_concept`).
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from solver.analysis.comparisons import expression_text
from solver.analysis.decisive import decisive_comparisons
from solver.analysis.no_players import NO_PLAYER_CONCEPT, no_player_lines
from solver.analysis.path import path_moves, solution_concept
from solver.analysis.prose import Section, decimal_text, join_words
from solver.errors import GameError, SolverLimitError
from solver.numbers import format_number, is_sympy

__all__ = ["bottom_line", "TITLE", "MAX_LINES", "MAX_WIDTH"]

TITLE = "Bottom line"
#: The bottom line has at most this many lines, each at most this wide.
MAX_LINES, MAX_WIDTH = 6, 100
#: Moves listed on the path line, and flips on the flips line.
_MAX_MOVES, _MAX_FLIPS = 3, 3

_CONCEPT_WORDS = {"Nash": "Nash equilibrium (each strategy a best response)",
                  "subgame perfect": "subgame-perfect equilibrium (optimal at every decision)",
                  "perfect Bayesian": "perfect Bayesian equilibrium (optimal given Bayes'-rule "
                                      "beliefs)",
                  "agent-form": "agent-form equilibrium (no move at one information set gains; "
                                "changing several may)"}
#: Expressions longer than this are shown by their value only.
_MAX_EXPRESSION = 40


def _short(x: Any) -> str:
    """A number as briefly as a reader needs it: ``0.45``, ``1/3``, ``0.3876…``, ``-2``."""
    if is_sympy(x):
        if x.is_Rational:
            x = Fraction(int(x.p), int(x.q))
        else:
            return f"{float(x):.4g}…"
    if isinstance(x, Fraction) and x.denominator != 1:
        d = decimal_text(x)
        return format_number(x) if d.endswith("…") and x.denominator <= 100 else d
    return format_number(x)


def _fit(line: str) -> str:
    """A line cut at :data:`MAX_WIDTH` characters (a last resort: lines are built short)."""
    return line if len(line) <= MAX_WIDTH else line[:MAX_WIDTH - 1].rstrip(" ,;") + "…"


def _at(at: str, player: str) -> str:
    return "" if at in ("the table", player) else f" at {at}"


def _move_text(m) -> str:
    share = "" if m.reach == 1 else f" ({_short(m.reach)})"
    action = next(iter(m.probabilities)) if m.is_pure else \
        ", ".join(f"{_short(p)} {a}" for a, p in m.probabilities.items())
    return f"{action}{_at(m.at, m.player)}{share}"


def _path_line(solution) -> str:
    by_player: dict[str, list[str]] = {}
    for m in path_moves(solution):
        by_player.setdefault(m.player, []).append(_move_text(m))
    parts, shown = [], 0
    for player, texts in by_player.items():
        keep = texts[:max(1, _MAX_MOVES - shown)]
        shown += len(keep)
        more = f" and {len(texts) - len(keep)} more" if len(texts) > len(keep) else ""
        parts.append(f"{player} {', '.join(keep)}{more}")
    n = len(solution.equilibria)
    head = "On the path: " if n == 1 else f"On the path (first of {n} equilibria): "
    return head + "; ".join(parts) + "."


def _side(label: str, expr, value, expressions: bool) -> str:
    e = expression_text(expr)
    v = _short(value)
    if expressions and any(ch.isalpha() for ch in e) and len(e) <= _MAX_EXPRESSION:
        v = f"{e} = {v}"
    return f"{label} {v}".strip()


def _comparison_text(c, expressions: bool = True) -> str:
    return (f"{c.player} {c.chosen}{_at(c.at, c.player)}: "
            f"{_side('', c.chosen_expression, c.chosen_value, expressions)} {c.relation} "
            f"{_side(c.alternative, c.alternative_expression, c.alternative_value, expressions)}")


def _focal(comparisons, focus: str | None):
    """The focal player's first on-path best-response comparison (default: the last
    player to move on the path), and the first mover's when it is another player."""
    on_path = [c for c in comparisons if c.on_path and c.kind == "best response"]
    if not on_path:
        on_path = [c for c in comparisons if c.on_path]
    if not on_path:
        return None, None
    player = focus if focus in {c.player for c in on_path} else on_path[-1].player
    main = next(c for c in on_path if c.player == player)
    first = on_path[0] if on_path[0].player != player else None
    return main, first


def _flips(solution, c, parameters) -> list[tuple[float, str, str]]:
    """``(relative distance, condition, new choice)`` for each confirmed flip of ``c``."""
    pg = solution.extra.get("parametric_game")
    if c is None or pg is None:
        return []
    # a parametric game only: games of plain numbers never import the symbolic root finder
    from solver.analysis.comparison_flips import comparison_flips

    values = {**pg.parameters, **dict(solution.extra.get("parameter_values") or {})}
    out = []
    for name in sorted(c.symbols):
        spec = pg.parameter_specs.get(name)
        if spec is None or spec.range is None or (parameters and name not in parameters):
            continue
        others = {k: v for k, v in values.items() if k != name and k in pg.symbols}
        try:
            flips = comparison_flips(pg, c, name, params=others or None)
        except GameError:
            continue
        now = values[name]
        for t in flips:
            sign = ">" if t.value > now else "<"
            gap = abs(float(t.value) - float(now)) / max(abs(float(now)), 1e-12)
            out.append((gap, f"{name} {sign} {_short(t.value)}", t.to if sign == ">" else t.from_))
    return sorted(out)


def _revealed(solution, main) -> str:
    """``"; Decline reveals Maximalist"``: an on-path choice that tells the others a hidden
    draw for sure (the decisive choice first, then the mover's others, then anyone's);
    empty when none does."""
    game = solution.game
    if game.form != "extensive" or game.is_perfect_information:
        return ""
    from solver.analysis.explain_tree_beliefs import revelations  # trees only
    from solver.analysis.tree_play import Play

    eq = solution.equilibria[0]
    found = []
    for r in revelations(Play(game, eq.profile, eq.payoffs)):
        for a, act in enumerate(r.actions):
            draw = r.revealed(a)
            if draw is not None and len(r.prior) > 1:
                mover = game.players[r.player]
                rank = (main is None or mover != main.player, main is None or act != main.chosen)
                found.append((rank, f"; {act} reveals {draw} (posterior 1)"))
    return min(found)[1] if found else ""


def _flips_line(solution, comparisons, parameters) -> str | None:
    """The confirmed flips of the decisive choices, nearest first, as many as fit a line:
    each decisive choice gets its nearest flip before any gets a second."""
    head = "Flips: "
    found, used = [], set()                     # per comparison: [(choice, condition)]
    for c in comparisons:
        if c is not None:
            # a later choice's flips name other parameters than the ones shown before
            flips = [(choice, condition) for _, condition, choice in _flips(solution, c, parameters)
                     if condition.split(" ")[0] not in used][:_MAX_FLIPS]
            used |= {condition.split(" ")[0] for _, condition in flips}
            if flips:
                found.append((c, flips))

    def line(counts) -> str:
        clauses = []
        for (c, flips), k in zip(found, counts):
            by_choice: dict[str, list[str]] = {}
            for choice, condition in flips[:k]:
                by_choice.setdefault(choice, []).append(condition)
            clauses += [f"{c.player} → {choice} if {join_words(conds, 'or')}"
                        for choice, conds in by_choice.items()]
        return head + "; ".join(clauses) + "." if clauses else ""

    counts = [0] * len(found)
    best = ""
    for _ in range(_MAX_FLIPS):                 # round robin: one more flip each, if it fits
        for k, (_, flips) in enumerate(found):
            if counts[k] < len(flips):
                counts[k] += 1
                trial = line(counts)
                if len(trial) <= MAX_WIDTH:
                    best = trial
                else:
                    counts[k] -= 1
    return best or None


def bottom_line(solution, *, focus: str | None = None, mechanism: str = "",
                literature: str = "", parameters: tuple[str, ...] = ()) -> Section:
    """The bottom line of a solution: at most :data:`MAX_LINES` lines of at most
    :data:`MAX_WIDTH` characters.

    Parameters
    ----------
    solution : Solution
    focus : str, optional
        The player whose choice the bottom line explains (default: the last player to
        move on the path).
    mechanism, literature : str, optional
        The mechanism the game models and its source, when the caller knows them.
    parameters : tuple of str, optional
        The parameters whose flips are reported (default: every parameter of the
        decisive comparisons that has a range); a catalogue game names its policy levers.

    Returns
    -------
    Section
        Titled :data:`TITLE`.

    Examples
    --------
    >>> import games, solver
    >>> for line in bottom_line(solver.solve(games.get("diplomatic-victory")),
    ...                         focus="Russia").lines[:2]:
    ...     print(line)
    On the path: West DV; Russia Decline at DV | Maximalist (0.30), Accept at DV | Limited (0.70).
    Why: Russia Decline at DV | Maximalist: p - c_R = 0.45 > Accept x + kappa*s = 0.40.
    """
    if not solution.equilibria:
        return Section(TITLE, ("No equilibrium was found by this method.",))
    if getattr(solution.game, "n_players", None) == 0:   # no choices: chance alone decides
        lines = no_player_lines(solution)
        if mechanism:
            lines.append(f"Mechanism: {mechanism}" + (f" ({literature})." if literature else "."))
        lines.append(f"Concept: {NO_PLAYER_CONCEPT}.")
        return Section(TITLE, tuple(_fit(line) for line in lines[:MAX_LINES]), width=MAX_WIDTH)
    lines = [_path_line(solution)]
    try:
        comparisons = decisive_comparisons(solution)
    except (SolverLimitError, GameError):
        comparisons = ()
    main, first = _focal(comparisons, focus)
    if main is not None:
        if solution.game.form == "normal" and first is not None:
            # both players choose at once: one line, as much of the expressions as fits
            for full_main, full_first in ((True, True), (True, False), (False, False)):
                why = (f"Why: {_comparison_text(main, full_main)}; "
                       f"{_comparison_text(first, full_first)}.")
                if len(why) <= MAX_WIDTH:
                    break
            else:
                why = f"Why: {_comparison_text(main)}."
            lines.append(why)
        else:
            lines.append(f"Why: {_comparison_text(main)}.")
            if first is not None:
                lines.append(f"Because of it: {_comparison_text(first, expressions=False)}.")
        flips = _flips_line(solution, (main, first), parameters)
        if flips:
            lines.append(flips)
    if mechanism:
        lines.append(f"Mechanism: {mechanism}" + (f" ({literature})." if literature else "."))
    concept, revealed = solution_concept(solution), _revealed(solution, main)
    words = f"{concept} equilibrium{revealed}" if revealed else _CONCEPT_WORDS[concept]
    lines.append(f"Concept: {words}.")
    return Section(TITLE, tuple(_fit(line) for line in lines[:MAX_LINES]), width=MAX_WIDTH)
