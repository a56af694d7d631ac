"""Trembling-hand perfect equilibria (Selten 1975), decided exactly where it can be.

An equilibrium is **perfect** when it survives small mistakes: some sequence of
totally mixed profiles tends to it, and every player's equilibrium strategy is a best
reply to each profile of the sequence (Selten 1975, "Reexamination of the perfectness
concept for equilibrium points in extensive games", *IJGT* 4; Myerson 1978; van Damme
1991, *Stability and Perfection of Nash Equilibria*, sec. 2.2).  For a game tree the
definition is applied to its *agent normal form*, one agent per information set
(Selten 1975, sec. 6): the *extensive-form* perfect equilibria.  :func:`perfection`
decides it as follows, and says which case decided it:

1. **Not a Nash equilibrium** (of the normal form, or of the agent form): not perfect.
2. **Weak dominance** (necessary).  A perfect equilibrium uses no weakly dominated
   strategy: a strategy that some other (mixed) strategy never does worse than, and
   beats against some profile of the others, is not a best reply to any totally mixed
   profile.  Each agent's strategy is tested by an exact LP over the pure profiles of
   the others (:func:`weakly_dominated`); a dominated one decides "not perfect".
3. **Two players** (normal form, or an agent form with two agents): an equilibrium in
   undominated strategies *is* perfect (van Damme 1991, Theorem 3.2.2), so step 2
   decides.
4. **Three or more agents**: the characterisation fails, and a sequence is searched
   for.  Along ``(1 - eps) sigma + eps tau`` every payoff difference is a polynomial
   in ``eps`` (:mod:`solver.analysis.trembles`); a ``tau`` that makes each agent's
   first-order payoff differences favour his equilibrium actions is found by an exact
   LP, and the whole polynomial is then checked exactly.  A direction that passes
   proves perfection.  When none of the directions tried passes, the answer is **not
   decided** (a curved sequence may still exist): ``perfect`` is None -- except that
   a tree's equilibrium that is not sequential (:mod:`solver.analysis.sequential`) is
   not perfect either (Kreps and Wilson 1982).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from math import prod
from typing import Any

from solver.algorithms.exact_lp import solve_lp
from solver.analysis.prose import join_words, label_text, mix_text
from solver.analysis.sequential import sequential
from solver.analysis.trembles import Agents, agents_of, poly_add, poly_scale, sign_near_zero
from solver.errors import InvalidGameError
from solver.forms.extensive.behavior import BehaviorProfile
from solver.numbers import json_number, to_number

__all__ = ["PerfectionCheck", "perfection", "weakly_dominated", "agent_strategies",
           "DOMINANCE_LIMIT"]

#: Largest number of pure profiles of the other agents against which one agent's
#: strategy is tested for weak dominance.
DOMINANCE_LIMIT = 256

_ONE = (Fraction(1),)


@dataclass(frozen=True)
class PerfectionCheck:
    """The verdict of :func:`perfection`.

    Attributes
    ----------
    perfect : bool or None
        True (perfect), False (not perfect) or None (not decided).
    reason : str
        How it was decided, in words.
    form : str
        ``"normal form"`` or ``"agent form"`` (a tree's information sets as agents).
    dominated : tuple of (str, dict)
        Agents whose strategy is weakly dominated, with a dominating mixture.
    tremble : tuple of dict or None
        When perfect by step 4: the direction ``tau`` per agent (``{action: prob}``);
        the profiles ``(1 - eps) sigma + eps tau`` are the witness sequence.
    """

    perfect: bool | None
    reason: str
    form: str
    dominated: tuple[tuple[str, dict], ...] = ()
    tremble: tuple[dict, ...] | None = None

    @property
    def decided(self) -> bool:
        return self.perfect is not None

    def __str__(self) -> str:
        head = {True: "Perfect", False: "Not perfect", None: "Perfection not decided"}
        return f"{head[self.perfect]} ({self.form}): {self.reason}"

    def to_dict(self) -> dict:
        return {"perfect": self.perfect, "form": self.form, "reason": self.reason,
                "dominated": [{"agent": a, "by": {k: json_number(v) for k, v in d.items()}}
                              for a, d in self.dominated],
                "tremble": None if self.tremble is None else
                [{k: json_number(v) for k, v in t.items()} for t in self.tremble]}


# ---------------------------------------------------------------------- input
def agent_strategies(agents: Agents, profile: Any) -> list[list[Fraction]]:
    """Each agent's distribution, exact, from an equilibrium or a profile.

    Normal forms take an ``Equilibrium``, a ``MixedProfile`` or per-player probability
    vectors; trees a ``TreeEquilibrium``, a ``BehaviorProfile`` or nested
    ``[player][information set][action]`` probabilities.
    """
    game = agents.game
    if agents.form == "agent form":
        prof = getattr(profile, "profile", profile)
        if not isinstance(prof, BehaviorProfile):
            prof = BehaviorProfile.from_game(game, profile)
        rows = prof.flat()
    else:
        rows = getattr(profile, "probabilities", profile)
    rows = [list(r) for r in rows]
    if len(rows) != agents.n or any(len(r) != len(A) for r, A in zip(rows, agents.actions)):
        raise InvalidGameError(f"the profile does not match the game's {agents.form}: expected "
                               f"{[len(A) for A in agents.actions]} probabilities per agent")
    out = []
    for name, r in zip(agents.names, rows):
        pr = [to_number(p, f"probability in the strategy of {name}") for p in r]
        if any(not isinstance(p, (Fraction, float)) for p in pr):
            raise InvalidGameError(f"the strategy of {name} has irrational probabilities; "
                                   "perfection is decided for rational profiles only")
        if any(not isinstance(p, Fraction) or p < 0 for p in pr) or sum(pr) != 1:
            raise InvalidGameError(f"the strategy of {name} is not an exact probability "
                                   f"distribution: {[str(p) for p in pr]}")
        out.append(pr)
    return out


def _consts(sigma) -> list[list[tuple]]:
    return [[(p,) if p else () for p in row] for row in sigma]


def _unit(n: int, b: int) -> list[tuple]:
    return [_ONE if a == b else () for a in range(n)]


def _values(agents, k, dists) -> list:
    """Agent k's payoff from each of his actions against ``dists`` (constants)."""
    return [(agents.value(k, a, dists) or (Fraction(0),))[0]
            for a in range(len(agents.actions[k]))]


# ---------------------------------------------------------------------- step 2
def weakly_dominated(agents: Agents, sigma, k: int, *, limit: int = DOMINANCE_LIMIT):
    """Is agent ``k``'s strategy ``sigma[k]`` weakly dominated by a mixed strategy?

    Solves exactly: maximise the total advantage of ``tau`` over ``sigma[k]`` summed
    over the pure profiles of the other agents, subject to ``tau`` doing at least as
    well against each.  A positive optimum means dominated.

    Returns
    -------
    dict, None or str
        The dominating mixture (``{action: probability}``); None when undominated;
        ``"limit"`` when the others have more than ``limit`` pure profiles (not tested).
    """
    sizes = [len(agents.actions[j]) for j in range(agents.n) if j != k]
    if prod(sizes) > limit:
        return "limit"
    base = _consts(sigma)
    others = [j for j in range(agents.n) if j != k]
    cols = []
    for pure in itertools.product(*(range(s) for s in sizes)):
        dists = list(base)
        for j, b in zip(others, pure):
            dists[j] = _unit(len(agents.actions[j]), b)
        cols.append(_values(agents, k, dists))
    m = len(agents.actions[k])
    # profiles of the others that give the same payoffs, or the same payoff to every
    # action, count once (or not at all): the agent form has many of both
    counts: dict[tuple, int] = {}
    for u in cols:
        if len(set(u)) > 1:
            counts[tuple(u)] = counts.get(tuple(u), 0) + 1
    if not counts:
        return None
    rows = list(counts)
    own = [sum(p * u[a] for a, p in enumerate(sigma[k])) for u in rows]
    c = [sum(n * u[a] for u, n in counts.items()) for a in range(m)]
    r = solve_lp(c, A_ub=[[-u[a] for a in range(m)] for u in rows], b_ub=[-v for v in own],
                 A_eq=[[1] * m], b_eq=[1])
    if r.status == "optimal" and r.value > sum(n * v for n, v in zip(counts.values(), own)):
        return {agents.actions[k][a]: p for a, p in enumerate(r.x) if p}
    return None


# ---------------------------------------------------------------------- step 4
def _first_order_direction(agents, sigma, values):
    """An exact LP for ``tau``: each tight comparison improves to first order in eps.

    Maximise ``t`` subject to: every agent's unused action gets ``tau >= t``; for an
    action in the support and an unused one worth the same at ``sigma``, the
    first-order coefficient of their difference is ``>= t``; for two actions in the
    support it is 0.  Comparisons with no first-order term for any ``tau`` (reached
    only through two or more trembles) are left to the exact check of the whole
    polynomial.  Returns ``(t, tau)``.
    """
    offs, n_var = [], 0
    for A in agents.actions:
        offs.append(n_var)
        n_var += len(A)
    t_var = n_var
    A_ub, b_ub, A_eq, b_eq = [], [], [], []
    for j, A in enumerate(agents.actions):
        row = [0] * (n_var + 1)
        for b in range(len(A)):
            row[offs[j] + b] = 1
        A_eq.append(row)
        b_eq.append(1)
        for b in range(len(A)):
            if not sigma[j][b]:
                row = [0] * (n_var + 1)
                row[offs[j] + b], row[t_var] = -1, 1
                A_ub.append(row)
                b_ub.append(0)
    base = _consts(sigma)
    eq_rows, ub_rows = set(), set()
    for k in range(agents.n):
        # F[j][b][a]: agent k's payoff from a when agent j plays b, the rest sigma
        F = {}
        for j in range(agents.n):
            if j == k:
                continue
            for b in range(len(agents.actions[j])):
                dists = list(base)
                dists[j] = _unit(len(agents.actions[j]), b)
                F[(j, b)] = _values(agents, k, dists)
        supp = [a for a, p in enumerate(sigma[k]) if p]
        for a in supp:
            for a2 in range(len(agents.actions[k])):
                if a2 == a or values[k][a] != values[k][a2] or (a2 in supp and a2 < a):
                    continue
                row = [0] * (n_var + 1)
                for (j, b), u in F.items():
                    row[offs[j] + b] = u[a] - u[a2]
                if not any(row):
                    continue        # no first-order term: left to the exact check
                if a2 in supp:
                    eq_rows.add(tuple(row))
                else:
                    ub_rows.add(tuple([-x for x in row[:-1]] + [1]))
    A_ub.extend(list(r) for r in sorted(ub_rows))
    b_ub.extend([0] * len(ub_rows))
    A_eq.extend(list(r) for r in sorted(eq_rows))
    b_eq.extend([0] * len(eq_rows))
    A_ub.append([0] * n_var + [1])
    b_ub.append(1)
    r = solve_lp([0] * n_var + [1], A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq)
    if r.status != "optimal":
        return Fraction(0), None
    return r.value, [list(r.x[o:o + len(A)]) for o, A in zip(offs, agents.actions)]


def _survives(agents, sigma, tau) -> bool:
    """True when every action in each agent's support stays a best reply against
    ``(1 - eps) sigma + eps tau`` for all small ``eps > 0`` (checked exactly)."""
    if any(not (s or t) for row_s, row_t in zip(sigma, tau) for s, t in zip(row_s, row_t)):
        return False            # not totally mixed
    # (1 - eps) s + eps t = s + eps (t - s)
    dists = [[poly_add((s,), (0, t - s)) for s, t in zip(rs, rt)] for rs, rt in zip(sigma, tau)]
    for k in range(agents.n):
        vals = [agents.value(k, a, dists) for a in range(len(agents.actions[k]))]
        for a, p in enumerate(sigma[k]):
            if p and any(sign_near_zero(poly_add(vals[a], poly_scale(v, -1))) < 0 for v in vals):
                return False
    return True


# ---------------------------------------------------------------------- the verdict
def perfection(game, profile, *, dominance_limit: int = DOMINANCE_LIMIT) -> PerfectionCheck:
    """Is an equilibrium trembling-hand perfect (Selten 1975)?

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        Exact and concrete.  A tree is judged in its agent normal form.
    profile
        An equilibrium or profile (see :func:`agent_strategies`).
    dominance_limit : int
        Largest number of the other agents' pure profiles in one dominance test.

    Returns
    -------
    PerfectionCheck
        ``perfect`` is True, False or None (not decided), with the reason.

    Examples
    --------
    In the game with payoffs ``[[1, 0], [0, 0]]`` for both players, (bottom, right) is
    an equilibrium in weakly dominated strategies, so it is not perfect:

    >>> import solver
    >>> g = solver.NormalFormGame.from_matrices([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    >>> [perfection(g, eq).perfect for eq in solver.solve(g)]
    [True, False]
    """
    agents = agents_of(game)
    sigma = agent_strategies(agents, profile)
    base = _consts(sigma)
    values = [_values(agents, k, base) for k in range(agents.n)]
    for k in range(agents.n):
        best = max(values[k])
        worse = [a for a, p in enumerate(sigma[k]) if p and values[k][a] < best]
        if worse:
            return PerfectionCheck(False, f"not a Nash equilibrium of the {agents.form}: "
                                   f"{agents.names[k]} can do better than "
                                   f"{label_text(agents.actions[k][worse[0]])}.", agents.form)
    dominated, untested = [], []
    for k in range(agents.n):
        d = weakly_dominated(agents, sigma, k, limit=dominance_limit)
        if d == "limit":
            untested.append(agents.names[k])
        elif d is not None:
            dominated.append((agents.names[k], d))
    if dominated:
        name, by = dominated[0]
        k = agents.names.index(name)
        return PerfectionCheck(False, (
            f"{name} plays {mix_text(agents.actions[k], sigma[k])}, which is weakly dominated "
            f"by {mix_text(list(by), list(by.values()))} (never worse against any choice of the "
            "others, better against some; an exact LP). A weakly dominated strategy is not a "
            "best reply to any totally mixed profile, so no perfect equilibrium uses one "
            "(Selten 1975; van Damme 1991, sec. 2.2)."), agents.form, tuple(dominated))
    if all(p for row in sigma for p in row):
        return PerfectionCheck(True, "every action is used, so the equilibrium is its own "
                               "sequence of totally mixed profiles.", agents.form)
    if agents.n == 2 and not untested:
        return PerfectionCheck(True, (
            "neither strategy is weakly dominated (an exact LP for each); in a two-player "
            "game an equilibrium in undominated strategies is perfect (van Damme 1991, "
            "Theorem 3.2.2)."), agents.form)
    t, tau = _first_order_direction(agents, sigma, values)
    uniform = [[Fraction(1, len(A))] * len(A) for A in agents.actions]
    tried = ([tau] if t > 0 else []) + [uniform]
    if tau is not None and t > 0:
        tried.append([[(x + u) / 2 for x, u in zip(rx, ru)] for rx, ru in zip(tau, uniform)])
    for cand in tried:
        if _survives(agents, sigma, cand):
            shown = tuple({a: p for a, p in zip(A, row)} for A, row in zip(agents.actions, cand))
            moved = [f"{agents.names[j]} {mix_text(agents.actions[j], cand[j])}"
                     for j in range(agents.n) if any(not p for p in sigma[j])]
            return PerfectionCheck(True, (
                "the equilibrium stays a best reply for every agent against the totally "
                "mixed profiles (1 - eps) sigma + eps tau for all small eps > 0, with tau "
                f"trembling to {join_words(moved)} (each payoff difference checked exactly "
                "as a polynomial in eps); these profiles tend to the equilibrium as eps -> 0 "
                "(Selten 1975)."), agents.form, (), shown)
    if agents.form == "agent form" and game.perfect_recall()[0]:
        seq = sequential(game, profile)
        if seq.sequential is False:
            return PerfectionCheck(False, (
                f"not sequential ({seq.reason.rstrip('.')}), and every perfect equilibrium "
                "of a tree is "
                "sequential (Kreps and Wilson 1982)."), agents.form)
    skipped = join_words(untested) if len(untested) <= 3 else f"{len(untested)} agents"
    note = (f" The dominance test was skipped for {skipped} (more than "
            f"{dominance_limit} pure profiles of the others; raise dominance_limit)."
            if untested else "")
    which = ("the first-order LP's, the uniform one and their average" if len(tried) == 3
             else "the uniform one")
    return PerfectionCheck(None, (
        f"not decided: no agent's strategy is weakly dominated{' among those tested' if untested else ''}, "
        "but no straight sequence of trembles (1 - eps) sigma + eps tau was found along which "
        f"every equilibrium action stays a best reply (tried: {which}). A curved sequence "
        "may still exist." + note),
        agents.form)
