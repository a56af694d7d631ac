"""Explain a catalogue game's equilibrium, down to the seed passages behind its numbers.

:func:`solver.explain` says why each choice is made: the options, what each is
worth to the mover, which wins.  A catalogue game also knows where its numbers
come from: every parameter is registered with a meaning and the passage of the
seed document it encodes (:class:`games.registry.Parameter`).  :func:`explain`
joins the two: it solves the game, explains the solution, and adds a section
"Where the numbers come from" that lists each *decisive* parameter -- one that
enters a comparison deciding an equilibrium choice, found symbolically by
:func:`solver.analysis.decisive.decisive_parameters` -- with its value, its
meaning, its seed passage and the comparisons it decides::

    kappa = 1/2 (0.50): credibility of phased relief ...
      Seed: seed 002: "Sanctions | Phased relief | Leverage retention"
      Decides Russia's choice at DV (off the path: if West chose DV at West):
      Decline worth p - c_R = 9/20 (0.45) vs Accept worth x + kappa*s = 2/5 (0.40).

Nothing here is written for a particular game: the comparisons come from the
solver, the words from the registry.
"""
from __future__ import annotations

from typing import Any

from solver.analysis.decisive import decisive_parameters
from solver.analysis.explain import Explanation, Section
from solver.analysis.prose import value_text
from solver.errors import GameError
from solver.numbers import to_number

from .catalogue import entry, get

__all__ = ["explain", "parameter_section", "SECTION_TITLE"]

#: Title of the section that :func:`explain` adds.
SECTION_TITLE = "Where the numbers come from"
#: Longer expressions are named by their parameters only (the full ones are in
#: :func:`solver.analysis.decisive.decisive_comparisons`).
MAX_EXPRESSION = 90


def explain(name: str, *, method: str = "auto", equilibrium: int = 0,
            **params: Any) -> Explanation:
    """Solve a catalogue game and explain it, citing the seed passage of each decisive parameter.

    Parameters
    ----------
    name : str
        A catalogue name (:func:`games.names`).
    method : str
        The solver's method (default ``"auto"``; see :func:`solver.solve`).
    equilibrium : int
        Which equilibrium's decisive parameters to list (default the first).
    **params
        Parameter values (exact decimals or fractions); the others take their
        defaults.  Checked against the registered ranges.

    Returns
    -------
    Explanation
        :func:`solver.explain`'s sections, then "Where the numbers come from".

    Raises
    ------
    GameError
        For an unknown game, an unknown or out-of-range parameter, or a method
        that does not apply.

    Examples
    --------
    >>> text = str(explain("diplomatic-victory"))
    >>> "Where the numbers come from" in text and "x + kappa*s = 2/5 (0.40)" in text
    True
    """
    import solver
    get(name, **params)                         # the registry's checks and messages
    game = entry(name).build()
    values = {k: to_number(v, f"{name}: parameter {k!r}") for k, v in params.items()}
    solution = solver.solve(game, method, params=values or None)
    base = solver.explain(solution)
    return Explanation(tuple(base.sections) + (
        parameter_section(name, solution, equilibrium=equilibrium),))


def parameter_section(name: str, solution, *, equilibrium: int = 0) -> Section:
    """The section "Where the numbers come from" for a solution of catalogue game ``name``.

    ``solution`` must come from :func:`solver.solve` applied to the parametric
    game (``games.entry(name).build()``, or ``games.get(name)`` without
    overrides), so that it records the parametric game and the values used.
    """
    specs = {p.name: p for p in entry(name).parameters}
    if not specs and "parametric_game" not in solution.extra:
        return Section(SECTION_TITLE,
                       (f"{name} has no parameters: its payoffs are fixed numbers.",))
    try:
        decisive = decisive_parameters(solution, equilibrium=equilibrium)
    except GameError as e:
        return Section(SECTION_TITLE, (f"Not computed: {e}",))
    if not decisive:
        return Section(SECTION_TITLE, (
            "No parameter enters a decisive comparison (the solution does not record the "
            "parametric game, or no equilibrium was found).",))
    which = f" of equilibrium {equilibrium + 1}" if len(solution.equilibria) > 1 else ""
    lines = [f"Each choice{which} above is a comparison of payoffs written in the parameters "
             f"of {name}. These parameters enter the comparisons; for each: its value, what it "
             "means, the passage of the seed it encodes, and the choices it decides."]
    values = dict(solution.extra.get("parameter_values") or {})
    numbers: dict[tuple, int] = {}          # a comparison is written out in full once
    for d in decisive:
        spec = specs.get(d.name)
        is_default = spec is not None and to_number(spec.default, d.name) == d.value
        setting = " (default)" if is_default else " (set)"
        meaning = f": {spec.meaning}" if spec is not None else ""
        lines.append(f"{d.name} = {value_text(d.value)}{setting}{meaning}.")
        if spec is not None and spec.source:
            lines.append(f"  Seed: {spec.source}")
        for key, group in _merged(d.comparisons):
            if key in numbers:
                lines.append(f"  {_decides(group, numbers[key], again=True)}")
            else:
                numbers[key] = len(numbers) + 1
                lines.append(f"  {_decides(group, numbers[key])}")
    rest = sorted(set(values) - {d.name for d in decisive})
    if rest:
        lines.append(f"Not decisive at these values (they enter no comparison that decides "
                     f"a choice{which}): {', '.join(rest)}.")
    return Section(SECTION_TITLE, tuple(lines))


def _merged(comparisons):
    """Comparisons grouped when only the label of an equally valued alternative differs
    (``DV or No offer worth 1 - p - c_W``), in their order."""
    groups: dict[tuple, list] = {}
    for c in comparisons:
        key = (c.player, c.at, c.context, c.kind, c.chosen, str(c.chosen_expression),
               str(c.alternative_expression), c.alternative_value)
        groups.setdefault(key, []).append(c)
    return list(groups.items())


def _decides(group, number: int, again: bool = False) -> str:
    c = group[0]
    whose = c.player + ("'" if c.player.endswith("s") else "'s")
    where = f"{whose} choice at {c.at}"
    if c.at == "the table":
        where = f"{whose} choice of strategy"
    if c.context:
        where += f" ({'off the path: ' if not c.on_path else ''}{c.context})"
    if c.kind == "indifference":
        where = f"the indifference behind {where}"
    verb = "Enters" if c.kind == "indifference" else "Decides"
    if again:
        return f"{verb} [{number}] {where} (see above)."
    text = c.text(value_text, max_length=MAX_EXPRESSION)
    if len(group) > 1:
        others = " or ".join(g.alternative for g in group)
        text = text.replace(f" vs {c.alternative} worth ", f" vs {others} worth ", 1)
    return f"{verb} [{number}] {where}: {text}."
