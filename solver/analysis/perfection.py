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
4. **Three or more agents**: the characterisation fails.  Exact refutations come first,
   each a proof that no sequence of trembles exists:

   * an action used that loses to an alternative against *every* totally mixed profile
     close enough to the equilibrium (:mod:`solver.analysis.tremble_dominance`);
   * with agents who mix, consequences of their exact indifference along any sequence:
     the implicit function theorem (:mod:`solver.analysis.tremble_implicit`), or a
     combination of comparisons and indifferences found by an exact LP that is
     negative near the equilibrium (:mod:`solver.analysis.tremble_ties`).

   Then a sequence is searched for: weights that are polynomials in ``eps``, order by
   order by exact LPs, the mixing agents' indifference completed exactly
   (:mod:`solver.analysis.tremble_search`); a sequence counts only once
   :func:`~solver.analysis.tremble_sequences.verify_sequence` has checked every payoff
   difference as a polynomial.  Failing that, when the indifference conditions fix
   the mixed strategies, the implicit function theorem gives the sequence and the
   lowest Taylor coefficients decide it (:func:`~solver.analysis.tremble_implicit.
   implicit_sequence`).  The sequence found is returned (``check.sequence``) with the
   comparisons along it, and the explanation is read off it.
5. **Otherwise** the answer is **not decided** (``perfect`` is None), naming what was
   tried -- except that a tree's equilibrium that is not sequential
   (:mod:`solver.analysis.sequential`) is not perfect either (Kreps and Wilson 1982).
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
from solver.analysis.tremble_dominance import NearLoss, losing_near
from solver.analysis.tremble_implicit import implicit_sequence, losing_along_ties
from solver.analysis.tremble_search import MAX_ORDER, find_sequence, first_order_trembles
from solver.analysis.tremble_sequences import TrembleSequence, straight_lines
from solver.analysis.tremble_ties import CombinedLoss, TiedLoss, combined_loss
from solver.analysis.trembles import Agents, Linearisation, agents_of
from solver.errors import InvalidGameError, SolverLimitError
from solver.forms.extensive.behavior import BehaviorProfile
from solver.numbers import json_number, to_number

__all__ = ["PerfectionCheck", "perfection", "weakly_dominated", "agent_strategies",
           "DOMINANCE_LIMIT", "AGENT_LIMIT"]

#: Largest number of pure profiles of the other agents against which one agent's
#: strategy is tested for weak dominance.
DOMINANCE_LIMIT = 256

#: Largest number of agents (a tree's information sets) judged when there are three
#: or more: the checks evaluate the tree once per agent and action, and the search
#: works with every pair of agents.
AGENT_LIMIT = 200

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
        When the witness sequence is a straight line: the direction ``tau`` per agent
        (``{action: prob}``); the profiles ``(1 - eps) sigma + eps tau`` are the
        witness sequence.
    sequence : TrembleSequence or None
        When perfect by a sequence of trembles: the sequence, as polynomial weights in
        eps, verified exactly, with the payoff comparisons along it.
    loss : NearLoss, TiedLoss or None
        When not perfect because an equilibrium action loses against every profile
        near the equilibrium (:mod:`solver.analysis.tremble_dominance`), or against
        every one that keeps the mixing agents indifferent
        (:mod:`solver.analysis.tremble_ties`): the agent, the action and the
        polynomial that shows it.
    """

    perfect: bool | None
    reason: str
    form: str
    dominated: tuple[tuple[str, dict], ...] = ()
    tremble: tuple[dict, ...] | None = None
    sequence: TrembleSequence | None = None
    loss: NearLoss | TiedLoss | CombinedLoss | None = None

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
                [{k: json_number(v) for k, v in t.items()} for t in self.tremble],
                "sequence": None if self.sequence is None else self.sequence.to_dict(),
                "loss": None if self.loss is None else str(self.loss)}


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


# ---------------------------------------------------------------------- the verdict
def perfection(game, profile, *, dominance_limit: int = DOMINANCE_LIMIT,
               max_order: int = MAX_ORDER, agent_limit: int = AGENT_LIMIT) -> PerfectionCheck:
    """Is an equilibrium trembling-hand perfect (Selten 1975)?

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        Exact and concrete.  A tree is judged in its agent normal form.
    profile
        An equilibrium or profile (see :func:`agent_strategies`).
    dominance_limit : int
        Largest number of the other agents' pure profiles in one dominance test.
    max_order : int
        Highest power of eps the search for a sequence of trembles gives its own
        coefficients (:mod:`solver.analysis.tremble_search`).
    agent_limit : int
        Largest number of agents judged when there are three or more.

    Returns
    -------
    PerfectionCheck
        ``perfect`` is True, False or None (not decided), with the reason.

    Raises
    ------
    SolverLimitError
        With three or more agents, more than ``agent_limit`` of them.

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
    if agents.n > max(agent_limit, 2):
        raise SolverLimitError(
            f"trembling-hand perfection: the {agents.form} has {agents.n} agents, more than "
            f"agent_limit={agent_limit}; raise agent_limit (the time grows with the square "
            "of the number of agents)")
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
    losses, too_big = [], []
    for k in range(agents.n):
        got = losing_near(agents, sigma, k)
        if got == "limit":
            too_big.append(agents.names[k])
        elif got is not None:
            losses.append(got)
    lin = Linearisation(agents, sigma)
    for refute in (lambda: losing_along_ties(lin, max_order=max_order),
                   lambda: combined_loss(lin)):
        if not losses:
            got = refute()
            if got is not None:
                losses.append(got)
    if losses:
        return PerfectionCheck(False, _loss_reason(losses[0]), agents.form, loss=losses[0])
    seq, tried = find_sequence(lin, max_order=max_order)
    if seq is None:
        uniform = [[Fraction(1, len(A))] * len(A) for A in agents.actions]
        seq = straight_lines(agents, sigma, [uniform])
        tried += "; the straight line towards the uniform profile"
    if seq is None and lin.ties:
        eps = (Fraction(0), Fraction(1))
        for trembles in ({i: eps for i in lin.trembles}, first_order_trembles(lin)):
            if trembles and seq is None:
                seq = implicit_sequence(lin, trembles, max_order=max_order)
        tried += "; the ties solved by the implicit function theorem, where it applies"
    if seq is not None:
        how = ("it exists by the implicit function theorem, and each comparison is decided "
               "exactly by the lowest terms of its Taylor series" if seq.implicit else
               "each payoff difference checked exactly as a polynomial in eps")
        return PerfectionCheck(True, (
            "every equilibrium action stays a best reply against a sequence of totally "
            f"mixed profiles tending to the equilibrium (Selten 1975; {how}). "
            f"{seq.explanation()}"), agents.form, (), _straight_direction(sigma, seq), seq)
    if agents.form == "agent form" and game.perfect_recall()[0]:
        seq_check = sequential(game, profile)
        if seq_check.sequential is False:
            return PerfectionCheck(False, (
                f"not sequential ({seq_check.reason.rstrip('.')}), and every perfect "
                "equilibrium of a tree is sequential (Kreps and Wilson 1982)."), agents.form)
    skipped = untested + [n for n in too_big if n not in untested]
    who = join_words(skipped) if len(skipped) <= 3 else f"{len(skipped)} agents"
    note = (f" Some tests were skipped for {who} (the dominance test beyond "
            f"{dominance_limit} pure profiles of the others, the local test beyond its "
            "monomial limit)." if skipped else "")
    return PerfectionCheck(None, (
        "not decided: no strategy is weakly dominated, and no action used loses against "
        "every profile near the equilibrium (the exact refutations tried); no sequence of "
        f"trembles was found either (tried: {tried}). Another sequence may still exist."
        + note), agents.form)


def _straight_direction(sigma, seq: TrembleSequence):
    """The direction ``tau`` of a sequence that is a straight line ``sigma + eps d``
    (weights of degree at most 1 summing to 1), as ``(1 - e) sigma + e tau``; else None."""
    if seq.implicit:
        return None
    rows = []
    for row in seq.weights:
        if any(len(w) > 2 for w in row) or sum(w[0] if w else 0 for w in row) != 1 \
                or sum(w[1] if len(w) > 1 else 0 for w in row) != 0:
            return None
        rows.append([w[1] if len(w) > 1 else Fraction(0) for w in row])
    lam = max([Fraction(1)] + [-d / s for rs, rd in zip(sigma, rows)
                               for s, d in zip(rs, rd) if d < 0 and s])
    # sigma + eps d = (1 - e) sigma + e (sigma + d / lam) with e = lam eps
    return tuple({a: s + d / lam for a, s, d in zip(A, rs, rd)}
                 for A, rs, rd in zip(seq.actions, sigma, rows))


def _loss_reason(loss) -> str:
    if isinstance(loss, NearLoss):
        return (f"{loss}. So {loss.agent}'s {label_text(loss.action)} is not a best reply to "
                "any totally mixed profile near the equilibrium, and no sequence of trembles "
                "tending to it keeps it one (Selten 1975; an exact expansion of the payoff "
                "difference).")
    return (f"{loss}. So no sequence of totally mixed profiles tending to the equilibrium "
            "keeps every equilibrium action a best reply (Selten 1975; exact coefficients).")
