"""Exact certificates of realisation plans, computed in the sequence form's integers.

A pair of realisation plans ``(x, y)`` of a two-player tree of perfect recall is a
Nash equilibrium exactly when neither player has a better plan against the other's:
``max_x' x'Ay = x'Ay`` and ``max_y' x'By' = x'By``.  Each maximum is one pass over
the player's information sets from the last to the first (von Stengel 1996,
"Efficient computation of behavior strategies", GEB 14, sec. 3; Koller, Megiddo and
von Stengel 1996, GEB 14, sec. 3): with ``u = Ay`` the payoff that each of player 1's
sequences earns directly, the value of a set is ``V(h) = max_a [u(s_h a) + sum of
V(h')]`` over the sets ``h'`` that his sequence ``s_h a`` leads to, and the best
response's value is ``u(empty) + sum of V(h)`` over his first sets.  Everything here
is done with Python integers over one common denominator per plan, so the
certificate is exact and costs a few passes over the sparse payoff matrices instead
of passes over the tree with fractions.

Because the behaviour strategies read from a plan (``beta(a | h) = x(s_h a) /
x(s_h)``) have that plan as their realisation plan (Kuhn 1953; von Stengel 1996,
sec. 3), the payoffs and regrets computed from the plans are those of the behaviour
profile that is returned: this is the same certificate as
:func:`solver.forms.extensive.behavior.certify_behavior` (regret exactly 0), by another
route.

The same pass also gives the *completion* of the profile at the information sets that
a player's own plan excludes (:mod:`solver.algorithms.sequence_completion`, the
convention of :mod:`solver.forms.extensive.completion`): there the player takes the
first action that is optimal against the other's behaviour, his own later excluded
sets completed first.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from solver.algorithms.sequence_completion import complete_plans
from solver.conversions.sequence_form import SequenceForm, realization_to_behavior
from solver.errors import SolverError
from solver.forms.extensive.behavior import BehaviorProfile, TreeEquilibrium, certify_behavior
from solver.forms.extensive.completion import completion

__all__ = ["IntegerPlan", "integer_plan", "PlanFinisher", "certify_plans"]

_ZERO, _ONE = Fraction(0), Fraction(1)


@dataclass(frozen=True)
class IntegerPlan:
    """A realisation plan as integers over one denominator: ``x(s) = numerators[s] /
    denominator`` (``denominator > 0``)."""

    numerators: tuple
    denominator: int


def integer_plan(plan) -> IntegerPlan:
    """The :class:`IntegerPlan` of a plan given as ints, Fractions or an IntegerPlan."""
    if isinstance(plan, IntegerPlan):
        return plan
    den = lcm(1, *(v.denominator for v in plan if isinstance(v, Fraction)))
    return IntegerPlan(tuple(int(v * den) if isinstance(v, Fraction) else int(v) * den
                             for v in plan), den)


def _normalised(sf: SequenceForm, i: int, plan: IntegerPlan) -> IntegerPlan:
    """The realisation plan of the behaviour read from ``plan`` (the same plan when
    ``E x = e``; a vector that spends more than a plan where the other player never
    arrives, as Lemke's algorithm may return, is scaled back set by set)."""
    X, D = plan.numerators, plan.denominator
    tree = sf.trees[i]
    start, parent, nact = tree.start, tree.parent, tree.n_actions
    if X[0] == D and all(x >= 0 for x in X) and all(
            sum(X[start[k]:start[k] + nact[k]]) == X[parent[k]] for k in range(len(start))):
        return plan
    x = [Fraction(0)] * len(X)
    x[0] = Fraction(1)
    for k in tree.order:
        m = nact[k]
        part = X[start[k]:start[k] + m]
        tot = sum(part)
        for a in range(m):
            x[start[k] + a] = x[parent[k]] * (Fraction(part[a], tot) if tot > 0 else Fraction(1, m))
    return integer_plan(x)


def _earnings(sf: SequenceForm, i: int, other: IntegerPlan) -> list[int]:
    """Per sequence of player i, what it earns directly against the other's plan, as
    integers over ``sf.scales[i] * other.denominator``."""
    u = [0] * sf.n_sequences[i]
    mine, theirs = (sf.rows, sf.cols) if i == 0 else (sf.cols, sf.rows)
    Y = other.numerators
    for r, c, v in zip(mine.tolist(), theirs.tolist(), sf.values[i]):
        if v:
            y = Y[c]
            if y:
                u[r] += v * y
    return u


def _best_response(sf: SequenceForm, i: int, u: list[int]) -> tuple[int, list[int]]:
    """Value of player i's best plan (over the denominator of ``u``) and, per set, the
    first action that attains it there."""
    tree = sf.trees[i]
    kids, start, nact = tree.kids, tree.start, tree.n_actions
    V = [0] * len(start)
    choice = [0] * len(start)
    for k in reversed(tree.order):
        best, arg = None, 0
        first = start[k]
        for a in range(nact[k]):
            v = u[first + a]
            for c in kids[first + a]:
                v += V[c]
            if best is None or v > best:
                best, arg = v, a
        V[k], choice[k] = best, arg
    return u[0] + sum(V[c] for c in kids[0]), choice


def _behaviour(sf: SequenceForm, plans) -> list[tuple]:
    """Behaviour by global set id read from normalised integer plans; the uniform
    distribution at the sets a player's own plan excludes (as
    :func:`~solver.conversions.sequence_form.realization_to_behavior` does)."""
    out = []
    for i in range(2):
        X = plans[i].numerators
        tree = sf.trees[i]
        start, parent = tree.start, tree.parent
        for k, m in enumerate(tree.n_actions):
            tot = X[parent[k]]
            if tot > 0:
                # pure choices share the constants; only mixed ones need a gcd
                out.append(tuple(_ZERO if v == 0 else _ONE if v == tot else Fraction(v, tot)
                                 for v in X[start[k]:start[k] + m]))
            else:
                out.append((Fraction(1, m),) * m)
    return out


def certify_plans(sf: SequenceForm, plans, *, complete: bool = True):
    """Certify a pair of exact realisation plans and return the equilibrium.

    Parameters
    ----------
    sf : SequenceForm
        The sequence form of an exact game.
    plans : pair
        Each a list of ints or Fractions, or an :class:`IntegerPlan`.
    complete : bool
        Complete the behaviour at sets the players' own plans exclude
        (:func:`solver.algorithms.sequence_completion.complete_plans`, the profile of
        :func:`solver.forms.extensive.completion.completion`); else they keep the
        uniform distribution.

    Returns
    -------
    (TreeEquilibrium, bool)
        The certified equilibrium, and whether the completion's rounds settled.

    Raises
    ------
    SolverError
        When some player gains by deviating (regret not exactly 0).
    """
    if not sf.game.exact:
        raise SolverError("certify_plans: the sequence form's certificate in integers needs an "
                          "exact game")
    plans = tuple(_normalised(sf, i, integer_plan(p)) for i, p in enumerate(plans))
    payoffs, regrets, choices = [], [], []
    for i in range(2):
        u = _earnings(sf, i, plans[1 - i])
        best, choice = _best_response(sf, i, u)
        # best is over scales[i] * D_other; the payoff over scales[i] * D_mine * D_other:
        # x'A y is the plan's sum of what each of its sequences earns against y
        own = sum(x * v for x, v in zip(plans[i].numerators, u) if x and v)
        den = sf.scales[i] * plans[0].denominator * plans[1].denominator
        regret = Fraction(best * plans[i].denominator - own, den)
        if regret != 0:
            raise SolverError(f"certificate failed: {sf.game.players[i]!r} gains "
                              f"{regret} by deviating")
        payoffs.append(Fraction(own, den))
        regrets.append(regret)
        choices.append(choice)
    flat = _behaviour(sf, plans)
    settled = complete_plans(sf, plans, choices, flat) if complete else True
    n0 = len(sf.game.infosets[0])
    profile = BehaviorProfile.for_game(sf.game, (tuple(flat[:n0]), tuple(flat[n0:])))
    # the completion changes no realisation probability: payoffs and regrets stand
    return TreeEquilibrium(profile, tuple(payoffs), tuple(regrets), True), settled


class PlanFinisher:
    """The last step of the sequence-form solvers: certify, and complete.

    Called as ``finish(game, profile, tol=None, plans=None)``.  With exact ``plans``
    of an exact game the certificate and the completion are computed from the plans
    (:func:`certify_plans`); otherwise ``profile`` (or the behaviour of ``plans``) is
    completed by :func:`~solver.forms.extensive.completion.completion` and certified
    by :func:`~solver.forms.extensive.behavior.certify_behavior` (with ``tol`` in
    float games).  ``unsettled`` records whether a completion's rounds did not settle.
    """

    def __init__(self, sf: SequenceForm, complete: bool = True):
        self.sf = sf
        self.complete = complete
        self.unsettled = False

    def __call__(self, game, profile, tol=None, plans=None):
        if plans is not None and game.exact and tol is None and all(
                isinstance(p, IntegerPlan) or all(isinstance(v, (int, Fraction)) for v in p)
                for p in plans):
            eq, settled = certify_plans(self.sf, plans, complete=self.complete)
            self.unsettled = self.unsettled or not settled
            return eq
        if profile is None:
            profile = realization_to_behavior(self.sf, plans)
        if self.complete:
            done = completion(game, profile)
            self.unsettled = self.unsettled or not done.settled
            profile = done.profile
        return certify_behavior(game, profile, tol=tol)
