"""Scenarios decided by an analysis of their own: the row of ``compare`` and the
explanation of ``explain`` for an entry registered with ``analysis=``.

A repeated scenario (``repeated-restraint``) registers its *stage game*, so that
``solve``, ``show`` and the other commands work on it as on any normal form, and an
``analysis``: a function of the parameter values returning a
:class:`~solver.analysis.repeated_thresholds.RepeatedEquilibrium`, the discount factors
at which its strategy profile is subgame perfect.  What decides such a scenario is that
analysis, not the stage game's equilibrium, so :func:`analysis_row` and
:func:`analysis_explanation` read everything from it:

* the concept is subgame perfection (checked by one-shot deviations in every state the
  profile can reach);
* on the path: the profile's play when it is subgame perfect at the given discount
  factor, else the stage game's equilibrium repeated (always subgame perfect);
* the decisive comparison: the discount factor against the critical one, with its
  closed form in the parameters when every condition has one;
* the flips: where the profile stops (or starts) being subgame perfect as one parameter
  moves through its range, the others fixed.

Nothing here is written for a particular game: the words come from the analysis and
the registry.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any, Mapping

from .catalogue import entry, get

__all__ = ["analysis_row", "analysis_explanation", "analysis_flips"]


def _fallback(name: str, applied: Mapping[str, Any], player: str) -> tuple[str, str]:
    """The stage game's first equilibrium: ``player``'s move and the whole profile."""
    import solver
    from solver.analysis.prose import mix_text
    sol = solver.solve(get(name, **applied))
    game, eq = sol.game, sol.equilibria[0]
    moves = [f"{p} {mix_text(game.strategies[i], eq.probabilities[i])}"
             for i, p in enumerate(game.players)]
    i = game.players.index(player) if player in game.players else 0
    return mix_text(game.strategies[i], eq.probabilities[i]), ", ".join(moves)


def _labels(result, player: str, fallback: str) -> tuple[str, str]:
    """What ``player`` does where the profile is subgame perfect, and where it is not."""
    i = result.players.index(player) if player in result.players else 0
    prefix, cycle = result.actions[i]
    inside = cycle[0] if not prefix and len(set(cycle)) == 1 else "/".join(prefix + cycle)
    return inside, fallback


def analysis_flips(name: str, result, applied: Mapping[str, Any], inside: str,
                   outside: str) -> tuple[dict, ...]:
    """Where the profile starts or stops being subgame perfect as each parameter (not set
    in ``applied``) moves through its registered range, the others fixed."""
    from solver.numbers import format_number
    out = []
    for p in entry(name).parameters:
        if p.name in applied or p.range is None:
            continue
        low, high = p.range
        if p.name == result.symbol:
            low, high = max(low, Fraction(0)), min(high, Fraction(1))
        region = result.parameter_set(p.name, low, high)
        for iv in region.intervals:
            for x, entering in ((iv.low, True), (iv.high, False)):
                if x in (low, high) or (iv.low == iv.high and not entering):
                    continue
                value = format_number(x) if isinstance(x, Fraction) else str(x)
                out.append({"parameter": p.name, "value": value,
                            "from": outside if entering else inside,
                            "to": inside if entering else outside})
    return tuple(out)


def _decisive(result, formula: bool = True, binding: bool = True) -> str:
    from solver.analysis.inequalities import exact_text
    from solver.analysis.prose import value_text
    d = result.symbol
    s = result.discounts
    if s.empty:
        return f"no {d} in (0, 1) makes {result.strategy} subgame perfect"
    at = value_text(result.at) if result.at is not None else "unset"
    closed = result.closed_form_text()
    simple = len(s.intervals) == 1 and s.intervals[0].high == 1
    if simple:
        crit = value_text(s.lower) if isinstance(s.lower, Fraction) else exact_text(s.lower)
        rel = ">=" if result.spe_at else "<"
        shown = ""
        if formula and closed and " and " not in closed:
            shown = closed.split(" >= ", 1)[1] + " = "
        text = f"{d} = {at} {rel} {d}* = {shown}{crit}"
    else:
        text = f"{d} = {at} is {'' if result.spe_at else 'not '}in {s}"
    if binding and result.binding:
        who = sorted({f"{c.player} in state {c.state}" for c in result.binding})
        text += f", set by {', '.join(who)}"
    return text


def analysis_row(name: str, applied: Mapping[str, Any], player: str) -> dict:
    """The computed fields of a ``compare`` row: ``concept``, ``russia_on_path``,
    ``decisive`` and ``thresholds``."""
    result = entry(name).analysis(**applied)
    fallback, _ = _fallback(name, applied, player)
    inside, outside = _labels(result, player, fallback)
    if result.spe_at:
        moves = (f"{result.actions_of(player)} ({result.strategy})",)
    else:
        moves = (f"{fallback} in every period (the stage equilibrium repeated; "
                 f"{result.strategy} is not subgame perfect here)",)
    return {"concept": "subgame perfect", "russia_on_path": moves,
            "decisive": _decisive(result),
            "thresholds": analysis_flips(name, result, applied, inside, outside)}


def _named(result) -> str:
    """``"West Engage, Russia Restrain"`` for a one-profile cycle, else the profiles."""
    prefix, cycle = result.path
    if prefix or len(cycle) != 1:
        return result.path_text()
    return ", ".join(f"{p} {a[1][0]}" for p, a in zip(result.players, result.actions))


def _regions(name: str, result, values: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """For each parameter not set, the values (the others fixed) at which the profile is
    subgame perfect, when they are not the whole range."""
    out = []
    for p in entry(name).parameters:
        if p.name in values or p.range is None:
            continue
        low, high = p.range
        region = result.parameter_set(p.name, low, high)
        whole = (len(region.intervals) == 1 and region.lower == low and region.upper == high
                 and region.intervals[0].low_closed and region.intervals[0].high_closed)
        if p.name == result.symbol:
            whole = str(region) == "(0, 1)"
        if not whole:
            out.append((p.name, region))
    return out


def _wrapped(head: str, words: list[str], tail: str, width: int) -> list[str]:
    """``head`` + words joined by ", " + ``tail``, over as few lines of ``width`` as fit."""
    lines, line = [], head
    for k, w in enumerate(words):
        piece = w + (tail if k == len(words) - 1 else ",")
        if len(line) + len(piece) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = "  "
        line += piece + " "
    lines.append(line.rstrip())
    return lines


def analysis_explanation(name: str, values: Mapping[str, Any], *, player: str,
                         brief: bool = False, method: str = "auto"):
    """The explanation of a scenario decided by its analysis: the bottom line, the
    analysis, the stage game, where the numbers come from."""
    import solver
    from solver.analysis.bottom_line import MAX_WIDTH
    from solver.analysis.explain import Explanation, Section
    e = entry(name)
    result = e.analysis(**values)
    fallback, profile = _fallback(name, values, player)
    inside, _ = _labels(result, player, fallback)
    if result.spe_at:
        path = f"On the path: {_named(result)} in every period."
    else:
        path = f"On the path: {profile} in every period (the stage equilibrium repeated)."
    because = next(line for line in (
        f"Because of it: {_decisive(result, formula=f, binding=b)}."
        for f, b in ((True, True), (True, False), (False, True), (False, False)))
        if len(line) <= MAX_WIDTH or not line)
    lines = [path, because]
    regions = _regions(name, result, values)
    found = [f"{n} in {r}" for n, r in regions if not r.empty]
    never = [n for n, r in regions if r.empty]
    if found:
        tail = f" (each alone; for no {' or '.join(never)})." if never else " (each alone)."
        lines += _wrapped(f"{player} plays {inside} for ", found, tail, MAX_WIDTH)
    lines.append(f"Mechanism: {e.mechanism} ({e.literature}).")
    lines.append("Concept: subgame perfect (one-shot deviations in every reachable state).")
    head = Section("Bottom line", tuple(lines[:6]), width=10_000)
    if brief:
        return Explanation((head,))
    sections = [head, Section("The repeated game", tuple(str(result).splitlines()))]
    stage = solver.explain(solver.solve(get(name, **values), method))
    sections += [Section(f"Stage game: {s.title}", s.lines) for s in stage.sections
                 if s.title != "Bottom line"]
    sections.append(_numbers_section(name, result, values))
    if e.see_also:
        sections.append(Section("See also", tuple(f"{n}: {entry(n).summary}."
                                                  for n in e.see_also)))
    return Explanation(tuple(sections))


def _numbers_section(name: str, result, values: Mapping[str, Any]):
    """Each parameter: its value, meaning, source passage, and the conditions it enters."""
    import sympy

    from solver.analysis.explain import Section
    from solver.analysis.prose import value_text
    from solver.numbers import to_number
    lines = [f"Each condition above is written in the parameters of {name}. For each: its "
             "value, what it means, the passage of the source document it encodes, and "
             "the conditions it enters."]
    for p in entry(name).parameters:
        given = p.name in values
        v = to_number(values[p.name], p.name) if given else p.value
        lines.append(f"{p.name} = {value_text(v)} ({'set' if given else 'default'}): "
                     f"{p.meaning}.")
        if p.source:
            lines.append(f"  Source: {p.source}")
        s = sympy.Symbol(p.name)
        enters = sorted({f"{c.player} in state {c.state}"
                         for c, g in zip(result.conditions, result.symbolic)
                         if not c.always and s in g.free_symbols})
        if p.name == result.symbol:
            lines.append(f"  Decides: {result.verdict()}")
        elif enters:
            lines.append(f"  Enters the conditions of {', '.join(enters)}.")
        else:
            lines.append("  Enters no condition that can fail.")
    return Section("Where the numbers come from", tuple(lines))
