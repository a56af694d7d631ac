"""The sequence form's certificate and completion in integers, and the float Lemke path.

* :func:`solver.algorithms.sequence_certificate.certify_plans` must give the profile,
  payoffs and regrets that completing the plans' behaviour with
  :func:`solver.forms.extensive.completion.completion` and certifying it with
  :func:`solver.forms.extensive.behavior.certify_behavior` give (random trees, zero-sum
  and general-sum, with sets that only a tremble reaches);
* it must refuse plans that are not an equilibrium;
* the float Lemke path (``sequence_lemke_float``), with its plans made exact, must give
  certified exact equilibria;
* the raked Leduc poker of the catalogue is the general-sum variant it says it is.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
from solver.algorithms import sequence_lemke
from solver.algorithms.sequence_certificate import IntegerPlan, PlanFinisher, certify_plans
from solver.algorithms.sequence_form import sequence_form
from solver.algorithms.sequence_lemke_float import float_lcp, float_lemke
from solver.algorithms.sequence_lp import solve_constant_sum
from solver.conversions.sequence_form import build_sequence_form, realization_to_behavior
from solver.errors import SolverError
from solver.forms.extensive.behavior import certify_behavior
from solver.forms.extensive.completion import completion
from tests.test_sequence_form import kuhn_poker, random_tree


def _solved_plans(sf):
    """The exact plans the solvers hand to their ``finish`` step."""
    got = {}

    def finish(game, profile, tol=None, plans=None):
        got["plans"] = plans
        return PlanFinisher(sf, complete=False)(game, profile, tol, plans)

    if sf.constant_sum is not None:
        solve_constant_sum(sf, finish=finish)
    else:
        sequence_lemke.sequence_lemke(sf, finish=finish)
    return got["plans"]


def _as_fractions(plan):
    if isinstance(plan, IntegerPlan):
        return [Fraction(v, plan.denominator) for v in plan.numerators]
    return list(plan)


def _reference(sf, plans):
    """Completion and certificate the generic way, node by node."""
    profile = realization_to_behavior(sf, [_as_fractions(p) for p in plans])
    done = completion(sf.game, profile)
    return done, certify_behavior(sf.game, done.profile)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_integer_certificate_and_completion_match_the_generic_ones(seed, zero_sum):
    rng = np.random.default_rng(seed)
    g = random_tree(rng, depth=int(rng.integers(2, 5)), zero_sum=zero_sum,
                    signals=int(rng.integers(1, 3)), p_chance=0.3)
    sf = build_sequence_form(g)
    plans = _solved_plans(sf)
    eq, settled = certify_plans(sf, plans)
    done, ref = _reference(sf, plans)
    assert eq.profile == ref.profile
    assert tuple(eq.payoffs) == tuple(ref.payoffs)
    assert tuple(eq.regret) == tuple(ref.regret) == (0, 0)
    assert settled == done.settled


def test_trees_with_sets_reached_only_by_trembles_are_covered():
    """Some of these seeds need the trembles' beliefs (the node-by-node branch)."""
    from solver.algorithms import sequence_completion
    calls = []
    original = sequence_completion._tremble_belief    # noqa: SLF001 (counting calls)
    try:
        sequence_completion._tremble_belief = lambda *a: calls.append(1) or original(*a)
        for seed in range(40):
            rng = np.random.default_rng(seed)
            g = random_tree(rng, depth=int(rng.integers(2, 5)), zero_sum=bool(seed % 2),
                            signals=int(rng.integers(1, 3)), p_chance=0.3)
            sf = build_sequence_form(g)
            plans = _solved_plans(sf)
            eq, _ = certify_plans(sf, plans)
            assert eq.profile == _reference(sf, plans)[1].profile, seed
    finally:
        sequence_completion._tremble_belief = original
    assert len(calls) > 0


def test_leduc_completion_matches_the_generic_one():
    sf = build_sequence_form(games.get("leduc-poker"))
    plans = _solved_plans(sf)
    eq, settled = certify_plans(sf, plans)
    done, ref = _reference(sf, plans)
    assert settled and done.settled
    assert eq.profile == ref.profile and eq.payoffs == ref.payoffs


def test_a_plan_pair_that_is_not_an_equilibrium_is_refused():
    sf = build_sequence_form(kuhn_poker())
    x, y = [_as_fractions(p) for p in _solved_plans(sf)]
    # player 1 always bets or calls: a plan, but not a best response
    sets = sf.game.infosets[0]
    bad = [Fraction(0)] * len(x)
    bad[0] = Fraction(1)
    for k in sorted(range(len(sets)), key=lambda k: sets[k].nodes[0]):
        parent = bad[int(sf.parent_sequence[0][k])]
        bad[int(sf.start[0][k]) + len(sets[k].actions) - 1] = parent
    with pytest.raises(SolverError, match="gains"):
        certify_plans(sf, (bad, y))
    eq, _ = certify_plans(sf, (x, y))
    assert eq.regret == (0, 0) and eq.payoffs[0] == Fraction(-1, 18)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000))
def test_the_float_path_gives_certified_exact_equilibria(seed):
    rng = np.random.default_rng(seed)
    g = random_tree(rng, depth=int(rng.integers(2, 6)), zero_sum=False, signals=2,
                    p_chance=0.2, payoff=20)
    sf = build_sequence_form(g)
    M, q0, d, (ox, oy, op, _) = float_lcp(sf)
    z, pivots = float_lemke(M, q0, d, max_pivots=100_000)
    assert pivots >= 1 and z.min() >= 0
    old = sequence_lemke.FLOAT_PATH_SIZE
    sequence_lemke.FLOAT_PATH_SIZE = 0
    try:
        sol = sequence_form(g)
    finally:
        sequence_lemke.FLOAT_PATH_SIZE = old
    assert len(sol) == 1 and sol.exact and sol[0].regret == (0, 0)
    assert any("floating point" in n for n in sol.notes)


def test_raked_leduc_is_leduc_with_a_tenth_of_player_2s_winnings_taken():
    plain, raked = games.get("leduc-poker"), games.get("leduc-poker-raked")
    assert raked.n_nodes == plain.n_nodes == 9457
    assert build_sequence_form(raked).constant_sum is None
    pay, rpay = plain.terminal_payoffs(), raked.terminal_payoffs()
    assert pay.keys() == rpay.keys()
    for h, (u1, u2) in pay.items():
        assert rpay[h] == (u1, u2 * Fraction(9, 10) if u2 > 0 else u2)
