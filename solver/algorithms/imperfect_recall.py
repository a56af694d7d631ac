"""Trees without perfect recall: mixed equilibria of the strategic form, and what
behaviour strategies can and cannot do there.

Without perfect recall the tree algorithms (backward induction, subgames, the
sequence form) do not apply, but the tree still has a strategic form: a pure
strategy picks one action at each information set (sets the player's own choices
rule out are marked ``*`` and duplicates dropped,
:func:`solver.conversions.reduced_form.reduced_normal_form`).  Its mixed equilibria
exist (Nash 1951) and are computed like those of any normal form: every extreme
equilibrium of a two-player form by vertex enumeration, every equilibrium of a small
form of three or more players by polynomial support enumeration, the optimal pure
strategies of a one-player form.

They are **mixed strategies, not behaviour strategies**, and Kuhn's theorem, which
makes the two interchangeable, needs perfect recall.  So for each equilibrium this
module decides exactly (:mod:`solver.algorithms.realization`) whether a behaviour
profile gives the same distribution over outcomes and, if so, whether that profile
is an equilibrium in behaviour strategies too, against every behaviour deviation
(:mod:`solver.algorithms.behavior_optimum`); an absent-minded player can do better
with a behaviour strategy than with any mixture of pure ones (Piccione and
Rubinstein 1997).  When the tree is small it also lists every equilibrium in
behaviour strategies (:func:`~solver.algorithms.behavior_optimum.behavior_equilibria`)
and, when there is none, says so: that can happen without perfect recall (Wichardt
2008).

References
----------
Kuhn, H. W. (1953), "Extensive games and the problem of information".
Piccione, M. and Rubinstein, A. (1997), "On the interpretation of decision problems
with imperfect recall", *Games and Economic Behavior* 20, 3-24.
Wichardt, P. C. (2008), "Existence of Nash equilibria in finite extensive form games
with imperfect recall: a counterexample", *Games and Economic Behavior* 63, 366-369.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

import sympy

from solver.algorithms.behavior_optimum import (
    DEFAULT_MAX_SUPPORTS,
    BehaviorEquilibria,
    behavior_equilibria,
    best_value,
    exact_value,
)
from solver.algorithms.behavior_polynomials import (
    absent_minded_players,
    as_sympy,
    behavior_symbols,
    payoff_polynomials,
    sign,
)
from solver.algorithms.realization import Counterpart, behavior_counterpart
from solver.errors import SolverLimitError
from solver.forms.profiles import Solution, standard_order
from solver.numbers import format_number, json_number

__all__ = ["solve_imperfect_recall", "RecallReport", "ImperfectRecallSolution"]


@dataclass(frozen=True)
class RecallReport:
    """What a tree without perfect recall allows, beside its mixed equilibria.

    Attributes
    ----------
    tree : ExtensiveFormGame
    reason : str
        Why the tree lacks perfect recall (``tree.perfect_recall()``).
    absent_minded : tuple of str
        Players who can meet one of their information sets twice on a play.
    counterparts : tuple of Counterpart
        For each mixed equilibrium, in the solution's order: its behaviour counterpart.
    behavior_regrets : tuple
        For each mixed equilibrium whose counterpart gives the same outcomes, each
        player's gain from his best behaviour strategy against it (all 0: the
        counterpart is an equilibrium in behaviour strategies); None otherwise.
    behavior : BehaviorEquilibria or None
        Every equilibrium in behaviour strategies, when computed.
    skipped : str
        Why ``behavior`` was not computed ("" when it was).
    """

    tree: Any
    reason: str
    absent_minded: tuple[str, ...]
    counterparts: tuple[Counterpart, ...]
    behavior_regrets: tuple
    behavior: BehaviorEquilibria | None
    skipped: str = ""

    def to_dict(self) -> dict:
        """The JSON form (exact numbers as strings)."""
        def probs(profile):
            return [[[json_number(p) for p in pr] for pr in P] for P in profile.probabilities]
        out = {
            "reason": self.reason,
            "absent_minded": list(self.absent_minded),
            "infosets": [[{"label": s.label, "actions": list(s.actions)} for s in sets]
                         for sets in self.tree.infosets],
            "equilibria": [{
                "outcome_equivalent": c.outcome_equivalent,
                "realization_equivalent": list(c.realization_equivalent),
                "behavior": probs(c.behavior) if c.outcome_equivalent else None,
                "behavior_equilibrium": None if r is None else all(x == 0 for x in r),
                "behavior_regret": None if r is None else [json_number(x) for x in r],
                "conflicts": list(c.conflicts)}
                for c, r in zip(self.counterparts, self.behavior_regrets)],
        }
        if self.behavior is not None:
            out["behavior_equilibria"] = [e.to_dict() for e in self.behavior.equilibria]
            out["behavior_complete"] = self.behavior.complete
        else:
            out["behavior_equilibria"] = None
            out["behavior_skipped"] = self.skipped
        return out


@dataclass(frozen=True)
class ImperfectRecallSolution(Solution):
    """A :class:`~solver.forms.profiles.Solution` over a tree's strategic form (its
    ``game``), with ``extra["imperfect_recall"]`` a :class:`RecallReport`; its JSON
    adds that report under ``"imperfect_recall"``."""

    def to_dict(self) -> dict:
        out = Solution.to_dict(self)
        out["imperfect_recall"] = self.extra["imperfect_recall"].to_dict()
        return out


def solve_imperfect_recall(game, method: str, normal_solver: Callable[..., Solution] | None,
                           *, max_cells: int | None = None, behavior: bool = True,
                           max_supports: int = DEFAULT_MAX_SUPPORTS,
                           **options: Any) -> ImperfectRecallSolution:
    """Mixed equilibria of a tree without perfect recall, with their behaviour counterparts.

    Parameters
    ----------
    game : ExtensiveFormGame
        A concrete tree (it may have perfect recall; the analysis still holds).  The
        comparison with behaviour strategies needs exact payoffs; a float tree gets
        its mixed equilibria only, and a note saying why.
    method : str
        The normal-form method's name (recorded in the solution).
    normal_solver : callable or None
        ``NormalFormGame -> Solution``, run on the strategic form of a game of two or
        more players (:func:`solver.solve` passes one that dispatches as it does on a
        normal form).  A one-player form is solved here: its optimal pure strategies.
    max_cells : int, optional
        Limit on the strategic form's cells (see ``reduced_normal_form``).
    behavior : bool
        Also list every equilibrium in behaviour strategies (default True), when the
        tree has at most ``max_supports`` support profiles.
    **options
        Passed to ``normal_solver``.

    Returns
    -------
    ImperfectRecallSolution
        ``game`` is the strategic form, ``equilibria`` its mixed equilibria (certified
        there, in :func:`~solver.forms.profiles.standard_order`), ``notes`` say in
        words what each equilibrium means in the tree, ``extra`` holds ``"tree"``,
        ``"reduced"`` and ``"imperfect_recall"`` (:class:`RecallReport`).

    Examples
    --------
    A player who forgets his first move: R then r pays 1, L then l pays 1, the other
    plays 0.  Mixing (R, r) and (L, l) is optimal, but no behaviour strategy can make
    the second move follow the first.

    >>> from solver import TreeBuilder, solve
    >>> b = TreeBuilder(["P"])
    >>> first = b.decision("P", ["R", "L"], infoset="first")
    >>> for a in ("R", "L"):
    ...     second = b.decision("P", ["r", "l"], parent=first[a], infoset="second")
    ...     _ = b.terminal(second, "r", payoffs=[int(a == "R")])
    ...     _ = b.terminal(second, "l", payoffs=[int(a == "L")])
    >>> sol = solve(b.build())
    >>> [e.payoffs for e in sol], sol.game.strategies
    ([(Fraction(1, 1),), (Fraction(1, 1),)], (('R/r', 'R/l', 'L/r', 'L/l'),))
    >>> sol.extra["imperfect_recall"].counterparts[0].outcome_equivalent
    True
    """
    from solver.conversions.reduced_form import DEFAULT_MAX_CELLS, reduced_normal_form
    game.require_concrete()
    ok, reason = game.perfect_recall()
    reduced = reduced_normal_form(game, max_cells=max_cells or DEFAULT_MAX_CELLS)
    if game.n_players == 1 or normal_solver is None:
        from solver.algorithms.pure import pure_equilibria
        inner = pure_equilibria(reduced.game)
        inner = replace(inner, method="enumerate", notes=(
            "one player: his optimal pure strategies; every mixture of them is optimal too, and "
            "no other mixed strategy is",))
    else:
        inner = normal_solver(reduced.game, **options)
    equilibria = standard_order(inner.equilibria)
    counterparts, regrets, found, skipped = (), (), None, ""
    if game.exact:          # the behaviour analysis is exact only
        counterparts = tuple(behavior_counterpart(game, reduced, eq.probabilities)
                             for eq in equilibria)
        symbols = behavior_symbols(game)
        polys = payoff_polynomials(game, symbols)
        regrets = tuple(_behavior_regrets(game, symbols, polys, c.behavior)
                        if c.outcome_equivalent else None for c in counterparts)
    if not game.exact:
        skipped = ("the payoffs are floats, and behaviour strategies are compared in exact "
                   "arithmetic only; give the payoffs as integers, fractions or decimal strings")
    elif behavior:
        try:
            found = behavior_equilibria(game, max_supports=max_supports,
                                        time_limit=options.get("time_limit"), method=method)
        except SolverLimitError as limit:
            skipped = str(limit)
    else:
        skipped = "not asked for (behavior=False)"
    report = RecallReport(game, reason or "it has perfect recall",
                          tuple(game.players[i] for i in absent_minded_players(game)),
                          counterparts, regrets, found, skipped)
    notes = _notes(game, reduced, ok, reason, report, method)
    return ImperfectRecallSolution(
        game=reduced.game, method=inner.method, exact=inner.exact, complete=inner.complete,
        degenerate=inner.degenerate, equilibria=equilibria,
        notes=notes + tuple(inner.notes), trace=inner.trace, value=inner.value,
        extra={**dict(inner.extra), "tree": game, "reduced": reduced,
               "imperfect_recall": report})


def _behavior_regrets(game, symbols, polys, profile) -> tuple:
    """Each player's gain from his best behaviour strategy against ``profile`` (exact)."""
    point = {v: p for b, pr in zip(symbols, profile.flat()) for v, p in zip(b, pr)}
    point = {v: as_sympy(p) for v, p in point.items()}
    out, g = [], 0
    for i, sets in enumerate(game.infosets):
        mine = [symbols[g + k] for k in range(len(sets))]
        g += len(sets)
        own = {v for b in mine for v in b}
        others = {v: x for v, x in point.items() if v not in own}
        best, _ = best_value(polys[i].xreplace(others), mine)
        out.append(exact_value(sympy.expand(best - polys[i].xreplace(point))))
    return tuple(out)


def _notes(game, reduced, ok, reason, report: RecallReport, method: str) -> tuple[str, ...]:
    shape = "x".join(str(m) for m in reduced.game.shape)
    form = (f"its {shape} strategic form" if reduced.game.n_players > 1 else
            f"its strategic form ({shape} pure strategies)")
    first = (f"the tree lacks perfect recall ({reason}): these are mixed-strategy equilibria of "
             f"{form} (a pure strategy picks one action at each information "
             "set its own choices do not rule out), not behaviour strategies; without perfect "
             "recall Kuhn's theorem fails, so a mixed strategy may have no behaviour strategy "
             "with the same outcomes" if not ok else
             f"mixed-strategy equilibria of the {shape} strategic form, with their behaviour "
             "counterparts")
    notes = [first]
    for k, (c, r) in enumerate(zip(report.counterparts, report.behavior_regrets), 1):
        notes.append(_equilibrium_note(game, k, c, r, report.absent_minded))
    notes.append(_behavior_note(game, report))
    return tuple(notes)


def _equilibrium_note(game, k, c: Counterpart, regrets, absent) -> str:
    if not c.outcome_equivalent:
        return (f"equilibrium {k} has no behaviour counterpart: {c.conflicts[0]}; so no behaviour "
                "profile gives its distribution over outcomes")
    shown = _profile_text(c.behavior)
    if all(sign(x) == 0 for x in regrets):
        return (f"equilibrium {k} gives the same outcomes as the behaviour profile {shown}, which "
                "is an equilibrium in behaviour strategies too")
    gains = "; ".join(f"{game.players[i]} gains {format_number(x)}" for i, x in enumerate(regrets)
                      if sign(x) > 0)
    why = (" (an absent-minded player can do better with a behaviour strategy than with any "
           "mixture of pure strategies)") if absent else ""
    return (f"equilibrium {k} gives the same outcomes as the behaviour profile {shown}, but that "
            f"is not an equilibrium in behaviour strategies: with another behaviour strategy "
            f"{gains}{why}")


def _behavior_note(game, report: RecallReport) -> str:
    found = report.behavior
    if found is None:
        return f"equilibria in behaviour strategies were not computed: {report.skipped}"
    how = (f"the first-order conditions at every information set solved exactly on "
           f"{found.supports} support profiles, each solution checked against every behaviour "
           "strategy")
    word = "best behaviour strategies" if game.n_players == 1 else \
        "equilibria in behaviour strategies"
    listed = "; ".join(_profile_text(e.profile) + f" (payoffs "
                       f"{', '.join(format_number(u) for u in e.payoffs)})"
                       for e in found.equilibria)
    if not found.complete:
        return (f"{word}: {len(found.equilibria)} found ({listed or 'none'}) by {how}; "
                f"{found.continua} support profile(s) had infinitely many first-order points "
                "or could not be solved exactly, so there may be more")
    if not found.equilibria:
        return (f"the tree has no equilibrium in behaviour strategies ({how}: at every profile "
                "that meets the first-order conditions some player gains with another behaviour "
                "strategy); without perfect recall this can happen, as Wichardt (2008) first "
                "showed, while mixed equilibria always exist")
    n = len(found.equilibria)
    if game.n_players == 1:
        label = f"planning optim{'um' if n == 1 else 'a'}"
        listed += " (solver.planning_optimum explains it)"
    else:
        label = f"equilibri{'um' if n == 1 else 'a'}"
    return f"in behaviour strategies the tree has exactly {n} {label} ({how}): {listed}"


def _profile_text(profile) -> str:
    parts = []
    for name, labels, A, P in zip(profile.players, profile.infoset_labels, profile.actions,
                                  profile.probabilities):
        moves = []
        for k, (lab, acts, pr) in enumerate(zip(labels, A, P)):
            played = [(a, p) for a, p in zip(acts, pr) if sign(p) > 0]
            what = played[0][0] if len(played) == 1 else \
                ", ".join(f"{format_number(p)} {a}" for a, p in played)
            moves.append(f"{lab or k + 1}: {what}" if len(P) > 1 else what)
        if moves:
            parts.append(f"{name}: " + "; ".join(moves))
    return "(" + " | ".join(parts) + ")"
