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
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from solver.algorithms.pure import comparable_payoffs, pure_equilibria
from solver.errors import InvalidGameError
from solver.forms.profiles import Solution, certify
from solver.linalg import solve_exact
from solver.numbers import lcm_of_denominators

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


# ---------------------------------------------------------------------- helpers
def _player_matrix(array: np.ndarray, i: int, keep: list[list[int]]) -> np.ndarray:
    """Player *i*'s payoffs on the remaining strategies as a matrix: one row per
    strategy of his, one column per remaining profile of the others."""
    sub = array[np.ix_(*keep)]
    return np.moveaxis(sub, i, 0).reshape(len(keep[i]), -1)


def _is_true(x) -> np.ndarray:
    return np.asarray(x, dtype=bool)


def _pure_dominators(U: np.ndarray, slack: float, weak: bool):
    """For each row s, the list of rows d dominating it, as (d, min advantage, strict)."""
    m = U.shape[0]
    found: dict[int, list] = {}
    for d in range(m):
        diff = U[d][None, :] - U
        lo, hi = diff.min(axis=1), diff.max(axis=1)
        strict = _is_true(lo > slack)
        dom = (strict | (_is_true(lo >= -slack) & _is_true(hi > slack))) if weak else strict
        dom[d] = False
        for s in np.flatnonzero(dom):
            found.setdefault(int(s), []).append((d, lo[s], bool(strict[s])))
    return found


def _exact_advantages(U: np.ndarray, s: int, mix: dict[int, Fraction]) -> tuple[Fraction, Fraction]:
    """Exact smallest and largest of ``sum_k mix_k U[k, t] - U[s, t]`` over the
    columns ``t`` of the integer matrix ``U``."""
    den = lcm_of_denominators(mix.values())
    total = None
    for k, p in mix.items():
        row = U[k].astype(object) * (p.numerator * (den // p.denominator))
        total = row if total is None else total + row
    diff = total - U[s].astype(object) * den
    return Fraction(int(min(diff)), den), Fraction(int(max(diff)), den)


def _independent_rows(candidates, size: int):
    """Pick ``size`` linearly independent rows (exactly, with Fractions) from
    ``candidates`` = [(row, rhs), ...] in order; None if there are too few."""
    basis: list[tuple[int, list[Fraction]]] = []  # (pivot column, reduced row)
    chosen = []
    for row, rhs in candidates:
        r = [Fraction(v) for v in row]
        for piv, b in basis:
            if r[piv]:
                f = r[piv] / b[piv]
                r = [x - f * y for x, y in zip(r, b)]
        piv = next((j for j, x in enumerate(r) if x), None)
        if piv is None:
            continue
        basis.append((piv, r))
        chosen.append((row, rhs))
        if len(chosen) == size:
            return chosen
    return None


def _as_floats(U: np.ndarray) -> np.ndarray:
    """``U`` in float64 for the LP; exact integers beyond the float range (1.8e308) are
    first divided by a power of 2 (the LP only proposes a mix, checked exactly)."""
    try:
        return np.array(U, dtype=float)
    except OverflowError:
        shift = max(abs(int(x)) for x in U.flat).bit_length() - 1000
        return np.array([float(Fraction(int(x), 1 << shift)) for x in U.flat]).reshape(U.shape)


def _mixed_dominator(U: np.ndarray, s: int, exact: bool, slack: float, weak: bool = False,
                     very_weak: bool = False):
    """Look for a mixed strategy dominating row ``s`` of ``U`` (strictly, or weakly).

    Strict: ``max eps`` s.t. ``sum_k sigma_k U[k, t] >= U[s, t] + eps`` for every
    column ``t``.  Weak: ``max sum_t (sum_k sigma_k U[k, t] - U[s, t])`` s.t. every
    term is ``>= 0``.  In both, ``sigma`` ranges over the simplex on the other
    rows; HiGHS's dual simplex returns a vertex.  In exact games that vertex is
    recomputed exactly from its support and its tight constraints (or, failing
    that, from rational roundings) and the dominance is checked exactly.

    Very weak (``very_weak``, with ``weak``): the weak program, accepting an
    advantage of 0 everywhere.  In exact games ``slack`` is the user's tolerance
    epsilon (0 by default): advantages above it count as better, below minus it as
    worse, and the weak program allows terms down to minus it.

    Returns ``(mix, margin, is_weak)`` with ``mix = {row: probability}``, or None.
    """
    from scipy.optimize import linprog

    others = [k for k in range(U.shape[0]) if k != s]
    k = len(others)
    F = _as_floats(U)
    scale = float(np.max(np.abs(F))) or 1.0
    F = F / scale
    n_cols = F.shape[1]
    if weak:  # variables: sigma; maximise the total advantage
        c = -F[others].sum(axis=1)
        A_ub = -F[others].T
        bounds = [(0, None)] * k
    else:  # variables: sigma, eps; maximise eps
        c = np.zeros(k + 1)
        c[-1] = -1.0
        A_ub = np.hstack([-F[others].T, np.ones((n_cols, 1))])
        bounds = [(0, None)] * k + [(None, None)]
    A_eq = np.zeros((1, len(c)))
    A_eq[0, :k] = 1.0
    shift = float(slack) / scale if exact and weak else 0.0
    res = linprog(c, A_ub=A_ub, b_ub=-F[s] + shift, A_eq=A_eq, b_eq=[1.0], bounds=bounds,
                  method="highs-ds")
    if res.status != 0:
        return None
    sigma = res.x[:k]
    eps = 0.0 if weak else float(res.x[k])
    advantage = F[others].T @ sigma - F[s]
    if not exact:
        sig = np.clip(sigma, 0.0, None)
        sig = sig / sig.sum()
        mix = {o: float(p) for o, p in zip(others, sig) if p > 1e-12}
        adv = (sum(p * F[o] for o, p in mix.items()) - F[s]) * scale
        lo, hi = float(adv.min()), float(adv.max())
        if lo > slack:
            return mix, lo, False
        if weak and lo >= -slack and (hi > slack or very_weak):
            return mix, 0.0, True
        return None
    if (weak and not very_weak and advantage.sum() <= 1e-12) or (not weak and eps < -1e-9):
        return None
    support = [o for o, p in zip(others, sigma) if p > 1e-9]
    weights = [float(sigma[others.index(o)]) for o in support]
    order = np.argsort(advantage - eps, kind="stable")
    for mix in _exact_candidates(U, s, support, weights, order, with_eps=not weak):
        lo, hi = _exact_advantages(U, s, mix)
        if lo > slack:
            return mix, lo, False
        if weak and lo >= -slack and (hi > slack or very_weak):
            return mix, 0 * lo, True
    return None


def _exact_candidates(U, s, support, weights, order, with_eps: bool):
    """Exact mixes to try: the LP's vertex solved exactly from the tight
    constraints, taken in the order ``order``; then rational roundings of the
    LP's weights."""
    extra = [0] if with_eps else []
    tail = [-1] if with_eps else []
    candidates = [([1] * len(support) + extra, 1)]
    candidates += [([int(U[o, t]) for o in support] + tail, int(U[s, t])) for t in order]
    rows = _independent_rows(candidates, len(support) + len(extra))
    if rows is not None:
        z = solve_exact([r for r, _ in rows], [b for _, b in rows])
        if z is not None:
            z = z[:len(support)]
            if all(p >= 0 for p in z):
                yield {o: p for o, p in zip(support, z) if p > 0}
    for limit in (10 ** 3, 10 ** 6, 10 ** 9):
        approx = [Fraction(w).limit_denominator(limit) for w in weights]
        total = sum(approx)
        if total > 0 and all(p >= 0 for p in approx):
            yield {o: p / total for o, p in zip(support, approx) if p > 0}


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
            U = _player_matrix(arrays[i], i, keep)
            if very_weak:
                found.append(_very_weak_rows(U, slack[i], mixed, exact))
            else:
                found.append(_dominated_rows(U, slack[i], weak, mixed and len(keep[i]) >= 3, exact))
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


def _very_weak_rows(U: np.ndarray, slack, mixed: bool, exact: bool):
    """Very weakly dominated rows, deleted one at a time from the last row up, each
    against the rows still kept: ``[(row, mix, margin, weak, same), ...]``."""
    one = Fraction(1) if exact else 1.0
    kept = list(range(U.shape[0]))
    out = []
    for s in reversed(range(U.shape[0])):
        others = [k for k in kept if k != s]
        if not others:
            break
        diff = U[others] - U[s]
        lo, hi = diff.min(axis=1), diff.max(axis=1)
        ok = [j for j in range(len(others)) if lo[j] >= -slack]
        if ok:
            j = max(ok, key=lambda j: (bool(lo[j] > slack), bool(hi[j] > slack), -j))
            strict, better = bool(lo[j] > slack), bool(hi[j] > slack)
            out.append((s, {others[j]: one}, lo[j] if strict else 0 * lo[j], not strict,
                        not better))
            kept.remove(s)
            continue
        if mixed and len(others) >= 2:
            found = _mixed_dominator(U[others + [s]], len(others), exact, slack, weak=True,
                                     very_weak=True)
            if found is not None:
                mix, margin, is_weak = found
                lo, hi = _exact_advantages(U[others + [s]], len(others), mix) if exact else (0, 1)
                out.append((s, {others[k]: p for k, p in mix.items()}, margin, is_weak,
                            exact and hi <= slack))
                kept.remove(s)
    for k, (s, mix, *rest) in enumerate(out):     # name a pure dominator that survives
        if len(mix) == 1 and next(iter(mix)) not in kept:
            diff = U[kept] - U[s]
            lo, hi = diff.min(axis=1), diff.max(axis=1)
            j = max(range(len(kept)), key=lambda j: (bool(lo[j] >= -slack), bool(lo[j] > slack),
                                                     bool(hi[j] > slack), -j))
            if lo[j] >= -slack:
                strict = bool(lo[j] > slack)
                out[k] = (s, {kept[j]: one}, lo[j] if strict else 0 * lo[j], not strict,
                          not bool(hi[j] > slack))
    return out


def _dominated_rows(U: np.ndarray, slack: float, weak: bool, mixed: bool, exact: bool):
    """All dominated rows of ``U``: ``[(row, {row: prob}, margin, weak), ...]``."""
    one = Fraction(1) if exact else 1.0
    pure = _pure_dominators(U, slack, weak)
    out = []
    for s, doms in pure.items():
        surviving = [x for x in doms if x[0] not in pure] or doms
        strict_ones = [x for x in surviving if x[2]]
        d, lo, strict = (strict_ones or surviving)[0]
        out.append((s, {d: one}, lo if strict else 0 * lo, not strict))
    if mixed:
        best = np.max(U, axis=0)
        # a strategy that is a best reply to some pure profile is dominated by no mix
        never_best = _is_true(np.all(_is_true(U < best - slack), axis=1))
        strict_mixed = set()
        for s in map(int, np.flatnonzero(never_best)):
            if s not in pure:
                found = _mixed_dominator(U, s, exact, slack)
                if found is not None:
                    strict_mixed.add(s)
                    out.append((s,) + found)
        if weak:
            for s in range(U.shape[0]):
                if s in pure or s in strict_mixed:
                    continue
                # the unique best reply to some pure profile is not even weakly dominated
                rest = np.max(np.delete(U, s, axis=0), axis=0)
                if np.any(_is_true(U[s] > rest + slack)):
                    continue
                found = _mixed_dominator(U, s, exact, slack, weak=True)
                if found is not None:
                    out.append((s,) + found)
    return out


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
        :func:`solver.algorithms.enumeration.enumerate_equilibria` (e.g.
        ``max_vertices``, ``time_limit``, ``max_equilibria``); for more players
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
        strict is the strict elimination, and stays complete.)  ``degenerate`` is the reduced game's, as reported by its
        solver.
    """
    result = iterated_dominance(game, weak=weak, mixed=mixed, very_weak=very_weak, epsilon=epsilon)
    reduced = result.game
    if game.n_players == 2:
        from solver.algorithms.enumeration import enumerate_equilibria
        inner = enumerate_equilibria(reduced, **options)
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
