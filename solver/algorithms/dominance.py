"""Iterated elimination of dominated strategies, and solving what survives.

A strategy ``s`` of player *i* is **strictly dominated** by a (pure or mixed)
strategy ``sigma`` when ``sigma`` pays *i* strictly more than ``s`` against every
profile of the other players' strategies.  A rational player never plays a
strictly dominated strategy, so it can be deleted; in the smaller game further
strategies may become dominated, and so on (Gibbons 1992, *Game Theory for
Applied Economists*, section 1.1.B, "iterated elimination of strictly dominated
strategies").  A pure strategy may be dominated by a mixture of other strategies
even when no pure strategy dominates it (Osborne & Rubinstein 1994, *A Course in
Game Theory*, definition 60.2 and lemma 60.1; Maschler, Solan & Zamir 2013,
*Game Theory*, section 5.2.3); a strategy is strictly dominated by some mixed
strategy exactly when it is never a best response to any belief.

Strict elimination keeps every Nash equilibrium: the game that survives has
exactly the equilibria of the original one (with probability 0 on the deleted
strategies), and the surviving game does not depend on the order in which
dominated strategies are removed (Gilboa, Kalai & Zemel 1990, "On the order of
eliminating dominated strategies", *Operations Research Letters* 9).  **Weak**
dominance (never worse, sometimes better) is different: what survives can depend
on the order of elimination and equilibria can be lost, though every equilibrium
of the surviving game is still an equilibrium of the original one.

Order convention used here: rounds.  In each round every strategy found
dominated in the current game is removed, for every player at once; a round's
steps are listed by player, then by strategy order.

This module holds the elimination loop (:func:`iterated_dominance`), its records and
the solution of what survives (:func:`dominance_solve`).  Which of a player's
strategies are dominated in a round is decided in
:mod:`solver.algorithms.dominance_rows`, and dominance by a mixed strategy, a linear
program made exact, in :mod:`solver.algorithms.dominance_mixed`.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver.algorithms.dominance_rows import dominated_rows, player_matrix, very_weak_rows
from solver.algorithms.pure import comparable_payoffs, pure_equilibria
from solver.errors import InvalidGameError
from solver.forms.profiles import Solution, certify

__all__ = ["EliminationStep", "DominanceResult", "iterated_dominance", "dominance_solve"]


@dataclass(frozen=True)
class EliminationStep:
    """One deletion of a dominated strategy.

    Attributes
    ----------
    round : int
        1-based round of elimination.
    player : str
        The player who loses a strategy.
    strategy : str
        The strategy removed.
    dominated_by : dict
        ``{label: probability}`` of the dominating pure or mixed strategy (a
        pure one is ``{label: Fraction(1)}``); exact in exact games.
    weak : bool
        True when the dominance is only weak.
    margin : Fraction or float
        The smallest payoff advantage of the dominating strategy over the
        removed one, over the opponents' remaining profiles (0 for weak
        dominance).
    very_weak : bool
        True when the dominating strategy is never worse but never better either
        (very weak dominance, ``very_weak=True``): the two pay the same.
    """

    round: int
    player: str
    strategy: str
    dominated_by: dict
    weak: bool
    margin: Any
    very_weak: bool = False

    def __str__(self) -> str:
        from solver.numbers import format_number
        if len(self.dominated_by) == 1:
            by = next(iter(self.dominated_by))
        else:
            by = ", ".join(f"{format_number(p)} {l}" for l, p in self.dominated_by.items())
            by = f"the mix ({by})"
        kind = "very weakly" if self.very_weak else "weakly" if self.weak else "strictly"
        return (f"round {self.round}: {self.player}'s {self.strategy} is {kind} dominated by "
                f"{by} (by at least {format_number(self.margin)})")


@dataclass(frozen=True)
class DominanceResult:
    """What iterated elimination leaves.

    Attributes
    ----------
    game : NormalFormGame
        The reduced game (``original.restrict(remaining)``).
    steps : tuple of EliminationStep
        The deletions, in order.
    remaining : tuple of tuple of str
        Each player's surviving strategies, in the original order.
    """

    game: Any
    steps: tuple[EliminationStep, ...]
    remaining: tuple[tuple[str, ...], ...]


# ---------------------------------------------------------------------- elimination
def iterated_dominance(game, *, weak: bool = False, mixed: bool = True, very_weak: bool = False,
                       epsilon: Any = None) -> DominanceResult:
    """Iterated elimination of dominated strategies (IESDS).

    Parameters
    ----------
    game : NormalFormGame
        A concrete game, any number of players, exact or float.
    weak : bool
        Also delete *weakly* dominated strategies (never better, sometimes
        worse than a pure strategy or, when ``mixed``, a mixed one).  The
        result then depends on the order of deletion (here: all dominated
        strategies of all players in each round) and may lose equilibria,
        though every equilibrium of the reduced game is one of the original.
    mixed : bool
        Also delete strategies dominated by a mixed strategy (found by a
        linear program, then made exact and checked exactly).
    very_weak : bool
        Delete *very weakly* dominated strategies: another (pure or mixed)
        strategy is never worse, and perhaps never better either (Shoham and
        Leyton-Brown 2009, *Multiagent Systems*, chapter 3, "very weak
        dominance"; OpenSpiel's ``DOMINANCE_VERY_WEAK``).  Of strategies that pay the same against
        everything, the first in order stays: within a player's round the
        strategies are examined from the last to the first and deleted one at a
        time, each against the strategies still kept.
    epsilon : number, optional
        A tolerance (exact in exact games, ``"1/100"`` or ``Fraction(1, 100)``):
        a payoff difference of at most ``epsilon`` counts as a tie, so strict
        dominance needs an advantage above ``epsilon`` everywhere and weak (or
        very weak) dominance allows a shortfall of up to ``epsilon``
        (epsilon-dominance, as OpenSpiel's ``tol``).

    Returns
    -------
    DominanceResult
        The reduced game, the steps and each player's remaining strategies.

    Notes
    -----
    Each round looks at every remaining strategy ``s`` of every player *i*,
    as a row of the matrix of *i*'s payoffs against the others' remaining
    profiles (Gibbons 1992, section 1.1.B):

    1. pure dominance: some other row ``d`` beats ``s`` in every column
       (weakly: never worse, better somewhere), checked row against rows with
       numpy on the integer payoffs;
    2. mixed dominance (when ``mixed``, and ``s`` is never a best reply to a
       pure profile of the others, which rules out any dominating mix): the
       linear program ``max eps`` s.t. ``sum_k sigma_k u_i(k, t) >= u_i(s, t) +
       eps`` for every column ``t``, ``sigma`` in the simplex, solved by
       :func:`scipy.optimize.linprog` (HiGHS dual simplex).  When ``eps > 0``
       the optimal vertex is recomputed exactly from its support and its tight
       constraints (:func:`solver.linalg.solve_exact`) and its margin is checked
       in exact arithmetic; a strategy is deleted only when that check passes
       (Osborne & Rubinstein 1994, lemma 60.1; Maschler, Solan & Zamir 2013,
       section 5.2.3).  The mix is looked for among *i*'s other remaining
       strategies, for any number of players;
    3. weak mixed dominance (when ``weak`` and ``mixed``, for strategies that
       are never the *unique* best reply to a pure profile): ``max sum_t
       (sum_k sigma_k u_i(k, t) - u_i(s, t))`` subject to every term being
       ``>= 0``; a positive optimum, confirmed exactly as above, means ``s`` is
       weakly dominated.

    A strategy found dominated by an LP in floating point but not confirmed in
    exact arithmetic is kept: the exact elimination never deletes on a guess,
    at worst it deletes less.

    All the strategies found dominated in a round are deleted together, for
    every player.  For strict dominance the final game does not depend on this
    convention (Gilboa, Kalai & Zemel 1990).  When a strategy has several pure
    dominators the step names one that survives the round, the first in order.
    """
    game.require_concrete()
    arrays, scales, slack = comparable_payoffs(game)
    exact = game.exact
    if epsilon is not None:
        eps = _tolerance(epsilon, exact)
        slack = tuple(s + eps * scale for s, scale in zip(slack, scales))
    keep = [list(range(m)) for m in game.shape]
    steps: list[EliminationStep] = []
    rnd = 0
    while True:
        rnd += 1
        found: list[list[tuple]] = []
        for i in range(game.n_players):
            U = player_matrix(arrays[i], i, keep)
            if very_weak:
                found.append(very_weak_rows(U, slack[i], mixed, exact))
            else:
                found.append(dominated_rows(U, slack[i], weak, mixed and len(keep[i]) >= 3, exact))
        if not any(found):
            break
        new_keep = []
        for i, rows in enumerate(found):
            removed = {s for s, *_ in rows}
            if len(removed) == len(keep[i]):  # only possible through float ties
                rows, removed = [], set()
            for s, mix, margin, is_weak, *same in sorted(rows, key=lambda r: r[0]):
                if exact:
                    margin = Fraction(margin if isinstance(margin, Fraction) else int(margin)) / scales[i]
                else:
                    margin = float(margin) / scales[i]
                dominated_by = {game.strategies[i][keep[i][k]]: mix[k] for k in sorted(mix)}
                steps.append(EliminationStep(rnd, game.players[i], game.strategies[i][keep[i][s]],
                                             dominated_by, is_weak, margin, bool(same and same[0])))
            new_keep.append([k for r, k in enumerate(keep[i]) if r not in removed])
        if new_keep == keep:
            break
        keep = new_keep
    remaining = tuple(tuple(game.strategies[i][k] for k in ks) for i, ks in enumerate(keep))
    return DominanceResult(game=game.restrict(remaining), steps=tuple(steps), remaining=remaining)


def _tolerance(epsilon, exact: bool):
    """The user's epsilon as an exact number (exact games) or a float, at least 0."""
    from solver.numbers import to_number
    eps = to_number(epsilon, "epsilon")
    if not isinstance(eps, (Fraction, float)) or eps < 0:
        raise InvalidGameError(f"epsilon must be a number of at least 0, got {epsilon!r}")
    return eps if exact or isinstance(eps, float) else float(eps)


# ---------------------------------------------------------------------- solving
def dominance_solve(game, *, weak: bool = False, mixed: bool = True, very_weak: bool = False,
                    epsilon: Any = None, **options: Any) -> Solution:
    """Eliminate dominated strategies, then solve the game that is left.

    Parameters
    ----------
    game : NormalFormGame
    weak, mixed, very_weak, epsilon
        As in :func:`iterated_dominance`.
    **options
        Passed to the solver of the reduced game: for two players
        :func:`solver.algorithms.modular_enumeration.modular_enumeration`, all the
        extreme equilibria (``max_vertices``, ``time_limit``, ``max_equilibria``); for
        more players
        :func:`pure_equilibria`, which takes ``time_limit`` and ``max_equilibria``.

    Returns
    -------
    Solution
        Method ``"dominance"``.  Each equilibrium of the reduced game is mapped
        back to the full game (probability 0 on deleted strategies) and
        certified there.  ``trace`` holds the elimination steps.  ``complete``
        is True when no step was only weak and the reduced game was solved
        completely: strict elimination keeps every equilibrium, so the result
        is then every (extreme, for two players; pure, for more) equilibrium of
        the full game.  (With ``weak=True`` a run whose steps all turn out to be
        strict is the strict elimination, and stays complete.)  ``degenerate`` is
        the reduced game's, as reported by its solver.
    """
    result = iterated_dominance(game, weak=weak, mixed=mixed, very_weak=very_weak, epsilon=epsilon)
    reduced = result.game
    if game.n_players == 2:
        from solver.algorithms.modular_enumeration import modular_enumeration
        inner = modular_enumeration(reduced, **options)
    else:
        limits = {k: options.pop(k) for k in ("time_limit", "max_equilibria") if k in options}
        if options:
            raise InvalidGameError(
                f"dominance: unknown option(s) {sorted(options)} for a {game.n_players}-player "
                "game, whose reduced game is solved by 'pure' (which takes only time_limit "
                "and max_equilibria)")
        inner = pure_equilibria(reduced, **limits)
    index = [[game.strategy_index(i, lab) for lab in labs] for i, labs in enumerate(result.remaining)]
    zero = Fraction(0) if game.exact else 0.0
    equilibria = []
    for eq in inner.equilibria:
        full = []
        for i, m in enumerate(game.shape):
            pr = [zero] * m
            for k, p in zip(index[i], eq.probabilities[i]):
                pr[k] = p
            full.append(pr)
        equilibria.append(certify(game, full))
    removed = sum(game.shape) - sum(reduced.shape)
    kind = "very weakly" if very_weak else "weakly" if weak else "strictly"
    if epsilon is not None:
        kind += f" (within epsilon = {epsilon})"
    dims = "x".join(str(m) for m in reduced.shape)
    rounds = max((s.round for s in result.steps), default=0)
    how = "completely" if inner.complete else "only in part"
    note = (f"iterated elimination of {kind} dominated strategies removed {removed} "
            f"strateg{'y' if removed == 1 else 'ies'} in {rounds} round{'' if rounds == 1 else 's'}; "
            f"the reduced {dims} game was solved {how} by {inner.method!r}")
    notes = (note,) + tuple(inner.notes)
    some_weak = any(step.weak for step in result.steps)
    if some_weak:
        notes += ("weak dominance may delete equilibria: these are equilibria of the full game, "
                  "but perhaps not all of them",)
    return Solution(game=game, method="dominance", exact=game.exact,
                    complete=inner.complete and not some_weak, degenerate=inner.degenerate,
                    equilibria=tuple(equilibria), notes=notes, trace=result.steps,
                    extra={"remaining": result.remaining, "reduced_method": inner.method})
