"""The scenario mechanisms side by side: one row per game, computed from its solution.

Each scenario game explains the refusal of the "diplomatic victory" by a different
mechanism, and each mechanism points to a different policy lever.  :func:`compare`
solves every scenario at the same parameter values and reads, from each solution:

* the solution concept the equilibrium meets (Nash, subgame perfect, perfect Bayesian);
* Russia's moves on the path of play;
* whether a DV offer (an action labelled ``"DV"``) is made on the path, and whether
  Russia refuses it there (answers it with anything but ``"Accept"``);
* the comparison that decides Russia's main choice, with its numbers;
* where that choice flips, for the parameters in the comparison.

Only the mechanism, its literature source and the lever are registered text
(:class:`games.registry.Entry`).  A parameter given to :func:`compare` applies to every
scenario that has it with the same meaning: the shared baseline
(:data:`games.scenarios.baseline.BASELINE`) makes ``kappa=0.8`` mean the same thing
everywhere, and a game that uses a baseline name for something else is left out of
that parameter and says so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from solver.analysis.comparisons import expression_text
from solver.analysis.decisive import decisive_comparisons
from solver.analysis.path import path_moves, responses_after, solution_concept
from solver.analysis.prose import value_pair_text
from solver.errors import GameError, SolverLimitError
from solver.numbers import format_number, json_number, to_number

from .analysis_hooks import analysis_row
from .catalogue import entry, get, names
from .scenarios.baseline import BASELINE

__all__ = ["ScenarioRow", "MechanismComparison", "compare", "scenario_names", "dv_offer",
           "DV_ACTION", "ACCEPT_ACTION", "RUSSIA"]

#: The action label of the diplomatic-victory offer in the scenario trees.
DV_ACTION = "DV"
#: Russia's answer that takes an offer; any other answer to it is a refusal.
ACCEPT_ACTION = "Accept"
#: The player whose choices the comparison follows.
RUSSIA = "Russia"


@dataclass(frozen=True)
class ScenarioRow:
    """One scenario, read from its solution (the keys of ``gamesolver compare --format json``).

    Attributes
    ----------
    name, mechanism, source, lever : str
        The game's name and its registered mechanism, literature source and lever.
    concept : str
        ``"Nash"``, ``"subgame perfect"`` or ``"perfect Bayesian"``.
    russia_on_path : tuple of str
        Russia's decisions on the path of play (``"Decline at DV | Maximalist (reached
        with probability 3/10)"``).
    dv_offered_on_path, dv_refused_on_path : bool or None
        None where the game has no DV offer.
    decisive : str
        The comparison that decides Russia's main choice, with numbers.
    thresholds : tuple of dict
        Where that choice flips: ``{"parameter", "value", "from", "to"}``.
    parameters : dict
        The values of the parameters given to :func:`compare` that applied here.
    """

    name: str
    mechanism: str
    source: str
    concept: str
    russia_on_path: tuple[str, ...]
    dv_offered_on_path: bool | None
    dv_refused_on_path: bool | None
    decisive: str
    thresholds: tuple[dict, ...]
    lever: str
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"name": self.name, "mechanism": self.mechanism, "source": self.source,
                "concept": self.concept, "russia_on_path": list(self.russia_on_path),
                "dv_offered_on_path": self.dv_offered_on_path,
                "dv_refused_on_path": self.dv_refused_on_path, "decisive": self.decisive,
                "thresholds": [dict(t) for t in self.thresholds], "lever": self.lever,
                "parameters": {k: json_number(v) for k, v in self.parameters.items()}}

    def flips_text(self) -> str:
        if not self.thresholds:
            return ("none found from the decisive comparison alone (gamesolver thresholds "
                    f"{self.name} PARAM searches every choice)")
        return "; ".join(f"{t['parameter']} rising past {t['value']}: {t['from']} -> {t['to']}"
                         for t in self.thresholds)


def _move_text(move) -> str:
    """``"Decline at DV | Maximalist (reached with probability 3/10)"``."""
    return str(move).split(": ", 1)[1]


def _yes_no(x: bool | None) -> str:
    return "no DV offer in this game" if x is None else ("yes" if x else "no")


@dataclass(frozen=True)
class MechanismComparison:
    """All scenario rows, and which given parameters applied where.

    ``str()`` is text, :meth:`to_markdown` a Markdown table, :meth:`to_dict` the JSON
    ``{"scenarios": [...], "parameters": {...}, "not_applied": {...}}``.
    """

    rows: tuple[ScenarioRow, ...]
    parameters: Mapping[str, Any] = field(default_factory=dict)
    not_applied: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, name: str) -> ScenarioRow:
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(name)

    def to_dict(self) -> dict:
        return {"scenarios": [r.to_dict() for r in self.rows],
                "parameters": {k: json_number(v) for k, v in self.parameters.items()},
                "not_applied": {k: list(v) for k, v in self.not_applied.items()}}

    def __str__(self) -> str:
        out = []
        for r in self.rows:
            out += [f"{r.name} ({r.concept})",
                    f"  mechanism: {r.mechanism} ({r.source})",
                    f"  Russia on the path: {'; '.join(r.russia_on_path) or 'no move'}",
                    f"  DV offered on the path: {_yes_no(r.dv_offered_on_path)}; refused "
                    f"there: {_yes_no(r.dv_refused_on_path)}",
                    f"  decisive: {r.decisive}",
                    f"  flips: {r.flips_text()}",
                    f"  lever: {r.lever}", ""]
        out += self._notes()
        return "\n".join(out).rstrip()

    def _notes(self) -> list[str]:
        notes = []
        if self.parameters:
            given = ", ".join(f"{k}={format_number(v)}" for k, v in self.parameters.items())
            notes.append(f"Parameters: {given}, in every scenario that has them.")
        for name, skipped in self.not_applied.items():
            notes.append(f"Not applied in {name}: {', '.join(skipped)} (the name means "
                         "something else there).")
        return notes

    def _repr_html_(self) -> str:
        from solver.io.notebook import comparison_html  # a display hook (upward)
        return comparison_html(self)

    def to_markdown(self) -> str:
        head = ("| scenario | concept | Russia on the path | DV offered | DV refused | "
                "decisive comparison | flips | mechanism (source) | lever |")
        lines = [head, "|" + " --- |" * 9]
        for r in self.rows:
            cells = [f"`{r.name}`", r.concept, "; ".join(r.russia_on_path),
                     _yes_no(r.dv_offered_on_path), _yes_no(r.dv_refused_on_path), r.decisive,
                     r.flips_text(), f"{r.mechanism} ({r.source})", r.lever]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        notes = self._notes()
        return "\n".join(lines + ([""] + notes if notes else []))


def scenario_names() -> tuple[str, ...]:
    """The catalogue's scenario games (those registered with a mechanism), sorted."""
    return tuple(n for n in names() if entry(n).mechanism)


def _meanings(names: tuple[str, ...], params: Mapping[str, Any]) -> dict[str, str]:
    """The meaning each given parameter has in this comparison: the shared baseline's, or
    the one meaning all the chosen scenarios give it (else a GameError: say which game)."""
    out = {}
    for k in params:
        if k in BASELINE:
            out[k] = BASELINE[k].meaning
            continue
        seen = {p.meaning: n for n in names for p in entry(n).parameters if p.name == k}
        if len(seen) > 1:
            which = "; ".join(f"in {n}: {m}" for m, n in seen.items())
            raise GameError(f"compare: {k!r} means different things ({which}); compare those "
                            "games one at a time")
        out[k] = next(iter(seen))
    return out


def _applicable(name: str, params: Mapping[str, Any], meanings: Mapping[str, str]
                ) -> tuple[dict, tuple[str, ...]]:
    """The given parameters that apply to game ``name``, and those whose name means
    something else there."""
    specs = {p.name: p for p in entry(name).parameters}
    applied, skipped = {}, []
    for k, v in params.items():
        spec = specs.get(k)
        if spec is None:
            continue
        if spec.meaning != meanings[k]:
            skipped.append(k)
            continue
        applied[k] = v
    return applied, tuple(skipped)


def dv_offer(solution) -> tuple[bool | None, bool | None, tuple]:
    """Whether the DV offer is made on the path, whether Russia refuses it there, and
    Russia's answers to it on the path (``(None, None, ())`` when the game has no DV offer).

    Examples
    --------
    >>> import solver
    >>> offered, refused, answers = dv_offer(solver.solve(get("diplomatic-victory")))
    >>> offered, refused, [m.at for m in answers if "Decline" in m.probabilities]
    (True, True, ['DV | Maximalist'])
    """
    game = solution.game
    if game.form != "extensive" or not any(DV_ACTION in game.actions(h)
                                           for h in range(game.n_nodes)):
        return None, None, ()
    answers = responses_after(solution, DV_ACTION, RUSSIA) if RUSSIA in game.players else ()
    offered = any(DV_ACTION in m.probabilities for m in path_moves(solution)
                  if m.player != RUSSIA)
    refused = offered and any(set(m.probabilities) - {ACCEPT_ACTION} for m in answers)
    return offered, refused, answers


def _main_choice(solution, comparisons, refusals):
    """Russia's decisive comparison: at the refusal of DV when there is one, else at
    Russia's first decision on the path, else at the DV offer off the path, else the
    first on-path comparison."""
    on_path = [c for c in comparisons if c.on_path and c.kind == "best response"]
    refused_at = {m.at for m in refusals if ACCEPT_ACTION not in m.probabilities}
    for c in on_path:
        if c.player == RUSSIA and c.at in refused_at:
            return c
    for c in on_path:
        if c.player == RUSSIA:
            return c
    # Russia does not move on the path: what it would do with the DV offer decides it
    for c in comparisons:
        if c.player == RUSSIA and c.kind == "best response" and \
                c.at.split(" ")[0] == DV_ACTION:
            return c
    return on_path[0] if on_path else None


def _comparison_text(c) -> str:
    if c is None:
        return "no comparison on the path (no choice is made there)"
    chosen, alternative = value_pair_text(c.chosen_value, c.alternative_value)
    where = "" if c.at == "the table" else f" at {c.at}"
    return (f"{c.player} {c.chosen}{where}: {_side(c.chosen_expression, chosen)} "
            f"{c.relation} {c.alternative} {_side(c.alternative_expression, alternative)}")


#: Longer expressions are named by their parameters (the full ones: ``gamesolver explain``).
MAX_EXPRESSION = 60


def _side(expr, value: str) -> str:
    """``"p - c_R = 9/20 (0.45)"``, or the value alone when the expression is a number."""
    e = expression_text(expr)
    if not any(ch.isalpha() for ch in e):
        return value
    if len(e) > MAX_EXPRESSION:
        names = sorted((str(s) for s in expr.free_symbols), key=str.lower)
        return f"{value} (a function of {', '.join(names)})"
    return f"{e} = {value}"


def _flips(name: str, applied: dict, comparison) -> tuple[dict, ...]:
    """Where the decisive choice flips, for each parameter in its comparison."""
    if comparison is None:
        return ()
    from solver.analysis.comparison_flips import comparison_flips  # symbolic: on demand

    game = get(name)
    out = []
    for param in sorted(comparison.symbols):
        if param in applied or game.parameter_specs.get(param) is None:
            continue
        others = {k: v for k, v in applied.items() if k != param}
        for t in comparison_flips(game, comparison, param, params=others or None):
            out.append({"parameter": param, "value": t.to_dict()["value"], "from": t.from_,
                        "to": t.to})
    return tuple(out)


def _row(name: str, params: Mapping[str, Any], meanings: Mapping[str, str]
         ) -> tuple[ScenarioRow, tuple[str, ...]]:
    import solver
    e = entry(name)
    applied, skipped = _applicable(name, params, meanings)
    if e.analysis is not None:       # decided by its own analysis (a repeated game)
        fields = analysis_row(name, applied, RUSSIA)
        return ScenarioRow(name=name, mechanism=e.mechanism, source=e.literature,
                           dv_offered_on_path=None, dv_refused_on_path=None, lever=e.lever,
                           parameters=applied, **fields), skipped
    solution = solver.solve(get(name), params=applied or None)
    game = solution.game
    moves = tuple(_move_text(m) for m in path_moves(solution, RUSSIA)) \
        if RUSSIA in game.players else ()
    offered, refused, refusals = dv_offer(solution)
    try:
        comparisons = decisive_comparisons(solution)
    except SolverLimitError:
        comparisons = ()
    main = _main_choice(solution, comparisons, refusals)
    row = ScenarioRow(
        name=name, mechanism=e.mechanism, source=e.literature, concept=solution_concept(solution),
        russia_on_path=moves, dv_offered_on_path=offered, dv_refused_on_path=refused,
        decisive=_comparison_text(main), thresholds=_flips(name, applied, main), lever=e.lever,
        parameters=applied)
    return row, skipped


def compare(names: tuple[str, ...] | None = None, **params: Any) -> MechanismComparison:
    """Compare the scenario mechanisms, each computed from its game's solution.

    Parameters
    ----------
    names : tuple of str, optional
        The scenarios to compare (default: :func:`scenario_names`).
    **params
        Parameter values (exact decimals or fractions), applied to every scenario that
        has the parameter with the same meaning: the shared baseline's for its names; for
        other names all the chosen scenarios must agree on it.

    Returns
    -------
    MechanismComparison

    Raises
    ------
    GameError
        For an unknown game, a parameter no scenario has, or a value outside a range.

    Examples
    --------
    >>> table = compare(("diplomatic-victory",))
    >>> row = table["diplomatic-victory"]
    >>> row.concept, row.dv_offered_on_path, row.dv_refused_on_path
    ('perfect Bayesian', True, True)
    """
    chosen = scenario_names() if names is None else tuple(names)
    for n in chosen:
        entry(n)
    values = {k: to_number(v, f"compare: parameter {k!r}") for k, v in params.items()}
    known = {p.name for n in chosen for p in entry(n).parameters}
    unknown = sorted(set(values) - known)
    if unknown:
        raise GameError(f"compare: no scenario has a parameter {unknown[0]!r}")
    meanings = _meanings(chosen, values)
    rows, not_applied = [], {}
    for n in chosen:
        row, skipped = _row(n, values, meanings)
        rows.append(row)
        if skipped:
            not_applied[n] = skipped
    return MechanismComparison(tuple(rows), values, not_applied)
