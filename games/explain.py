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

from typing import Any, Mapping

from solver.analysis.decisive import decisive_comparisons, decisive_parameters
from solver.analysis.explain import Explanation, Section
from solver.analysis.prose import value_text
from solver.errors import GameError, SolverLimitError
from solver.numbers import to_number

from .analysis_hooks import analysis_explanation
from .catalogue import entry, get
from .compare import DV_ACTION, RUSSIA, dv_offer

__all__ = ["explain", "parameter_section", "SECTION_TITLE"]

#: Title of the section that :func:`explain` adds.
SECTION_TITLE = "Where the numbers come from"
#: Longer expressions are named by their parameters only (the full ones are in
#: :func:`solver.analysis.decisive.decisive_comparisons`).
MAX_EXPRESSION = 90


def explain(name: str, *, method: str = "auto", equilibrium: int = 0, brief: bool = False,
            options: Mapping[str, Any] | None = None, **params: Any) -> Explanation:
    """Solve a catalogue game and explain it, citing the source passage of each decisive parameter
    (for the scenario games: the passage of the document it encodes).

    Parameters
    ----------
    name : str
        A catalogue name (:func:`games.names`).
    method : str
        The solver's method (default ``"auto"``; see :func:`solver.solve`).
    equilibrium : int
        Which equilibrium's decisive parameters to list (default the first).
    brief : bool
        Only the bottom line (at most six lines).
    options : mapping, optional
        Options for the method (e.g. ``{"weak": True}`` for ``"dominance"``), passed to
        :func:`solver.solve`.
    **params
        Parameter values (exact decimals or fractions); the others take their
        defaults.  Checked against the registered ranges.

    Returns
    -------
    Explanation
        :func:`solver.explain`'s sections, whose bottom line names the game's registered
        mechanism and follows Russia's choice when Russia is a player; for a game with a
        DV offer, "The DV offer"; then "Where the numbers come from" and "See also".

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
    >>> print(explain("diplomatic-victory", brief=True)["Bottom line"].lines[0])
    On the path: West DV; Russia Decline at DV | Maximalist (0.30), Accept at DV | Limited (0.70).
    """
    import solver
    get(name, **params)                         # the registry's checks and messages
    e = entry(name)
    if e.analysis is not None:                  # decided by its own analysis (repeated)
        return analysis_explanation(name, params, player=RUSSIA, brief=brief, method=method)
    game = e.build()
    values = {k: to_number(v, f"{name}: parameter {k!r}") for k, v in params.items()}
    solution = solver.solve(game, method, params=values or None, **dict(options or {}))
    base = solver.explain(solution, brief=brief, focus=RUSSIA, mechanism=e.mechanism,
                          literature=e.literature, parameters=e.lever_parameters)
    if brief:
        return base
    extra = (_offer_section(solution), parameter_section(name, solution, equilibrium=equilibrium),
             _see_also_section(e))
    return Explanation(tuple(base.sections) + tuple(s for s in extra if s is not None))


def _offer_section(solution) -> Section | None:
    """Whether the DV offer is made on the path and what Russia does with it, on the path
    or off it (what it would do): read from the solution."""
    offered, refused, answers = dv_offer(solution)
    if offered is None:
        return None
    lines = [f"On the path of play the {DV_ACTION} offer is "
             + ("made" if offered else "not made") + "."]
    if offered:
        for m in answers:
            lines.append(f"{RUSSIA} answers it with {m.action} at {m.at} (reached with "
                         f"probability {value_text(m.reach)}).")
        lines.append("It is refused on the path." if refused else "It is accepted wherever it is "
                     "made.")
    else:
        try:
            comparisons = decisive_comparisons(solution)
        except (GameError, SolverLimitError):
            comparisons = ()
        after = [c for c in comparisons if c.player == RUSSIA and not c.on_path
                 and c.at.split(" ")[0] == DV_ACTION and c.kind == "best response"]
        for c in after:
            lines.append(f"Had it been made, {RUSSIA} would choose {c.chosen} at {c.at}: "
                         f"{c.text(value_text, max_length=MAX_EXPRESSION)}.")
    return Section(f"The {DV_ACTION} offer", tuple(lines))


def _see_also_section(e) -> Section | None:
    if not e.see_also:
        return None
    return Section("See also", tuple(f"{n}: {entry(n).summary}." for n in e.see_also))


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
    cited = any(specs[d.name].source for d in decisive if d.name in specs)
    lines = [f"Each choice{which} above is a comparison of payoffs written in the parameters "
             f"of {name}. These parameters enter the comparisons; for each: its value, what it "
             "means, " + ("the passage of the source document it encodes, " if cited else "")
             + "and the choices it decides."]
    values = dict(solution.extra.get("parameter_values") or {})
    numbers: dict[tuple, int] = {}          # a comparison is written out in full once
    for d in decisive:
        spec = specs.get(d.name)
        is_default = spec is not None and to_number(spec.default, d.name) == d.value
        setting = " (default)" if is_default else " (set)"
        meaning = f": {spec.meaning}" if spec is not None else ""
        lines.append(f"{d.name} = {value_text(d.value)}{setting}{meaning}.")
        if spec is not None and spec.source:
            lines.append(f"  Source: {spec.source}")
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
