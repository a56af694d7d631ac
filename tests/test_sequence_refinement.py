"""The exact pieces behind the certified sequence-form LP, checked against slow references.

* :func:`solver.algorithms.sequence_refinement.refined_solve` (floats, then an exact
  check) must give the exact solution of an integer system whenever it gives one, and
  None for singular systems;
* the sequence form built on arrays (:func:`solver.conversions.sequence_form.
  build_sequence_form`) must give the tree's payoffs, for integer, rational and float
  payoffs, zero-probability chance moves and chance paths whose probabilities need
  more than 62 bits;
* :func:`solver.algorithms.sequence_support.constant_sum_spread` must equal the spread
  computed leaf by leaf with fractions.
"""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
from solver.algorithms.sequence_refinement import refined_solve
from solver.algorithms.sequence_support import constant_sum_spread
from solver.conversions.sequence_form import build_sequence_form
from solver.forms.extensive.behavior import BehaviorProfile, behavior_payoffs
from solver.forms.extensive.builder import TreeBuilder
from solver.linalg import solve_exact
from tests.test_sequence_form import plans_of


# ----------------------------------------------------------------- refined_solve
@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.integers(0, 10 ** 6), st.integers(1, 3000),
       st.sampled_from([1, 10 ** 3, 10 ** 40]))
def test_refined_solve_is_exact_or_declines(d, seed, top, rhs_scale):
    rng = np.random.default_rng(seed)
    A = rng.integers(-top, top + 1, (d, d))
    b = [int(v) * rhs_scale for v in rng.integers(-50, 51, d)]
    want = solve_exact(A.tolist(), b)
    got = refined_solve(A, b)
    if want is None:                     # singular: no answer can be verified
        assert got is None
        return
    assert got is not None               # these are well conditioned enough
    num, q = got
    assert q > 0 and len(num) == d
    assert [F(v, q) for v in num] == want


def test_refined_solve_declines_singular_and_empty_systems():
    assert refined_solve(np.array([[1, 2], [2, 4]]), [1, 2]) is None
    # a repeated row that the float factorisation does not see as singular, and a
    # right-hand side of 60 digits: the refinement must stop, not loop
    rng = np.random.default_rng(236)
    A = rng.integers(-30000, 30001, (7, 7))
    A[-1] = A[0]
    assert refined_solve(A, [47 * 10 ** 60] * 7) is None
    assert refined_solve(np.zeros((0, 0), dtype=np.int64), []) == ([], 1)


def test_refined_solve_on_an_ill_conditioned_system():
    # the Hilbert matrix of order 9 scaled to integers: condition number about 5e11
    d = 9
    L = 1
    for k in range(1, 2 * d):
        L = L * k // np.gcd(L, k)
    A = np.array([[L // (i + j + 1) for j in range(d)] for i in range(d)], dtype=np.int64)
    b = [1] * d
    got = refined_solve(A, b)
    assert got is not None
    num, q = got
    assert [F(v, q) for v in num] == solve_exact(A.tolist(), b)


def test_refined_solve_declines_entries_too_large_for_machine_integers():
    A = np.array([[2 ** 60, 1], [1, 2 ** 60]], dtype=np.int64)
    assert refined_solve(A, [1, 1]) is None


# ----------------------------------------------------------------- construction
def _tree(rng, depth, payoffs, zero_chance=False):
    """A random two-player tree of perfect recall (players alternate, own history in
    each set's key) with payoffs drawn by ``payoffs(rng)``."""
    b = TreeBuilder(players=("A", "B"))

    def grow(parent, level, own):
        if level == depth:
            b.terminal(parent, payoffs=payoffs(rng))
            return
        if rng.random() < 0.35:
            pr = [("c0", "0"), ("c1", "1")] if zero_chance and rng.random() < 0.3 \
                else [("c0", "1/3"), ("c1", "2/3")]
            node = b.chance(pr, parent=parent)
            for k in range(2):
                grow((node, k), level + 1, own)
            return
        p = level % 2
        key = (p, own[p], int(rng.integers(0, 2)))
        node = b.decision(p, ["a0", "a1"], parent=parent, infoset=key)
        for k in range(2):
            new = list(own)
            new[p] = own[p] + ((key, k),)
            grow((node, k), level + 1, tuple(new))

    grow(None, 0, ((), ()))
    return b.build()


def _chance_chain(depth):
    """Chance moves of probability 1/3 and 2/3 in a row: a path probability of 3**depth
    in the denominator (past int64 for depth 40 and more)."""
    b = TreeBuilder(players=("A", "B"))
    parent = None
    for level in range(depth):
        node = b.chance([("x", "1/3"), ("y", "2/3")], parent=parent)
        b.terminal((node, 0), payoffs=(level, -level))
        parent = (node, 1)
    d = b.decision("A", ["l", "r"], parent=parent, infoset="I")
    e = b.decision("B", ["l", "r"], parent=(d, 0), infoset="J")
    b.terminal((d, 1), payoffs=(F(1, 3), 0))
    b.terminal((e, 0), payoffs=(2, -1))
    b.terminal((e, 1), payoffs=(-1, F(5, 7)))
    return b.build()


PAYOFFS = {
    "integer": lambda rng: tuple(int(v) for v in rng.integers(-9, 10, 2)),
    "rational": lambda rng: (F(int(rng.integers(-9, 10)), int(rng.integers(1, 8))),
                             int(rng.integers(-9, 10))),
    "large": lambda rng: tuple(int(v) * 10 ** 30 for v in rng.integers(-9, 10, 2)),
}


def _random_profile(game, rng):
    out = []
    for i in range(2):
        row = []
        for s in game.infosets[i]:
            w = [F(int(v)) for v in rng.integers(0, 4, len(s.actions))]
            w[0] += 1
            row.append(tuple(v / sum(w) for v in w))
        out.append(tuple(row))
    return BehaviorProfile.for_game(game, tuple(out))


def _check_bilinear(game, rng, repeats=2):
    sf = build_sequence_form(game)
    for _ in range(repeats):
        profile = _random_profile(game, rng)
        x, y = plans_of(sf, profile)
        want = behavior_payoffs(game, profile)
        for i in range(2):
            total = sum(x[r] * sf.entry(i, k) * y[c]
                        for k, (r, c) in enumerate(zip(sf.rows.tolist(), sf.cols.tolist())))
            assert total == want[i]
    return sf


@pytest.mark.parametrize("kind", sorted(PAYOFFS))
def test_sequence_form_payoffs_equal_the_tree_payoffs(kind):
    rng = np.random.default_rng(len(kind))
    for _ in range(8):
        g = _tree(rng, int(rng.integers(1, 5)), PAYOFFS[kind], zero_chance=True)
        _check_bilinear(g, rng)


@pytest.mark.parametrize("depth", [3, 45])
def test_long_chance_paths_are_exact(depth):
    sf = _check_bilinear(_chance_chain(depth), np.random.default_rng(depth))
    assert sf.chance_scale == 3 ** depth
    assert sf.constant_sum is None


def test_float_payoffs_are_summed_in_floats():
    rng = np.random.default_rng(5)
    g = _tree(rng, 3, lambda r: (float(r.random()), float(r.random())))
    sf = build_sequence_form(g)
    assert sf.scales == (1, 1) and all(isinstance(v, float) for v in sf.values[0])


def test_constant_sum_is_recognised_with_rational_payoffs():
    def constant(r):
        u = F(int(r.integers(-9, 10)), 3)
        return u, F(1, 2) - u
    g = _tree(np.random.default_rng(8), 3, constant)
    sf = build_sequence_form(g)
    assert sf.constant_sum == F(1, 2)
    g = _tree(np.random.default_rng(8), 3, PAYOFFS["rational"])
    assert build_sequence_form(g).constant_sum is None


# ----------------------------------------------------------------- spread
def _spread_by_fractions(game):
    leaves = [game.payoffs(h) for h in game.terminal_payoffs()]
    sums = [F(u[0]) + F(u[1]) for u in leaves]
    ranges = [max(F(u[i]) for u in leaves) - min(F(u[i]) for u in leaves) for i in range(2)]
    return sums, ranges


@pytest.mark.parametrize("kind", sorted(PAYOFFS))
def test_constant_sum_spread_matches_the_fractions(kind):
    rng = np.random.default_rng(11)
    for _ in range(10):
        g = _tree(rng, int(rng.integers(1, 5)), PAYOFFS[kind])
        sums, ranges = _spread_by_fractions(g)
        got = constant_sum_spread(g)
        if max(sums) == min(sums):
            assert got == 0.0
        else:
            want = float(max(sums) - min(sums)) / (float(min(ranges)) or 1e-300)
            assert got == pytest.approx(want, rel=1e-12)


def test_raked_leduc_spread():
    assert 0 < constant_sum_spread(games.get("leduc-poker-raked")) <= 0.25
    assert constant_sum_spread(games.get("leduc-poker")) == 0.0
