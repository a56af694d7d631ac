"""Tests of solver.algorithms.zero_sum."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import NormalFormGame
from solver.algorithms import zero_sum as zs_module
from solver.algorithms.lemke_howson import lemke_howson
from solver.algorithms.zero_sum import solve_zero_sum
from solver.errors import InvalidGameError
from solver.forms.profiles import regret

F = Fraction
T = F(1, 3)


def _check(sol, value, x, y):
    assert sol.method == "zero-sum" and not sol.complete
    assert len(sol) == 1
    assert sol.value == value
    assert sol[0].probabilities == (tuple(x), tuple(y))
    assert sol[0].payoffs == (value, -value)
    assert sol.extra["row_guarantee"] == value == sol.extra["column_cap"]
    assert all(r == 0 for r in sol[0].regret)


# ---------------------------------------------------------------- known answers
def test_matching_pennies():
    # textbook_games.md #4: unique (1/2, 1/2) for both, value 0
    sol = solve_zero_sum(NormalFormGame.zero_sum([[1, -1], [-1, 1]]))
    _check(sol, 0, (F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    assert sol.exact


def test_rock_paper_scissors():
    # textbook_games.md #5: unique (1/3, 1/3, 1/3) for both, value 0
    rps = NormalFormGame.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    _check(solve_zero_sum(rps), 0, (T, T, T), (T, T, T))


def test_two_by_three_derived_by_hand():
    # A = [[3, -1, 2], [-2, 1, 0]].  Against row mix (p, 1-p) the columns pay
    # 5p - 2, 1 - 2p and 2p; the lower envelope peaks where 5p - 2 = 1 - 2p, at
    # p = 3/7, value 1/7 (column 3 pays 6/7 there).  The column player mixes
    # columns 1, 2 with q, 1-q: 4q - 1 = 1 - 3q gives q = 2/7.  Both are unique.
    g = NormalFormGame.zero_sum([[3, -1, 2], [-2, 1, 0]])
    _check(solve_zero_sum(g), F(1, 7), (F(3, 7), F(4, 7)), (F(2, 7), F(5, 7), F(0)))


def test_saddle_point_and_fractions():
    # pure saddle point at (row 2, column 1): min of row 2 = max of column 1 = 1/2
    g = NormalFormGame.zero_sum([["-1/3", 2], ["1/2", "3/4"]])
    _check(solve_zero_sum(g), F(1, 2), (F(0), F(1)), (F(1), F(0)))


def test_degenerate_games():
    # constant game: value 5, any pair is optimal
    sol = solve_zero_sum(NormalFormGame.zero_sum([[5, 5, 5], [5, 5, 5]]))
    assert sol.value == 5 and all(r == 0 for r in sol[0].regret)
    # duplicated rows and columns of matching pennies: value still 0
    g = NormalFormGame.zero_sum([[1, -1, -1], [-1, 1, 1], [1, -1, -1]])
    sol = solve_zero_sum(g)
    assert sol.value == 0 and regret(g, sol[0].probabilities) == (0, 0)


def test_float_game():
    g = NormalFormGame.zero_sum([[1.0, -1.0], [-1.0, 1.0]])
    sol = solve_zero_sum(g)
    assert not sol.exact and isinstance(sol.value, float)
    assert abs(sol.value) < 1e-12
    assert np.allclose(sol[0].probabilities, [[0.5, 0.5], [0.5, 0.5]])


# ---------------------------------------------------------------- errors
def test_not_zero_sum_names_the_cell():
    g = NormalFormGame.from_matrices([[1, 2], [3, 4]], [[-1, -2], [-3, 5]],
                                     strategies=(("U", "D"), ("L", "R")))
    with pytest.raises(InvalidGameError, match=r"\(D, R\).*4 and 5"):
        solve_zero_sum(g)
    gf = NormalFormGame.from_matrices([[1.0, 2.0]], [[-1.0, -1.0]])
    with pytest.raises(InvalidGameError, match=r"\(R1, C2\)"):
        solve_zero_sum(gf)


def test_not_two_players():
    three = NormalFormGame([np.zeros((2, 2, 2), dtype=int)] * 3)
    with pytest.raises(InvalidGameError, match="two-player"):
        solve_zero_sum(three)


def test_exact_fallback(monkeypatch):
    monkeypatch.setattr(zs_module, "_lp_solution", lambda A: None)
    g = NormalFormGame.zero_sum([[3, -1, 2], [-2, 1, 0]])
    sol = solve_zero_sum(g)
    assert sol.extra["arithmetic"] == "exact pivoting"
    _check(sol, F(1, 7), (F(3, 7), F(4, 7)), (F(2, 7), F(5, 7), F(0)))
    monkeypatch.undo()
    monkeypatch.setattr(zs_module, "_exact_from_lp", lambda A, x, y: None)
    sol = solve_zero_sum(g)
    assert sol.extra["arithmetic"] == "exact pivoting" and sol.value == F(1, 7)
    assert any("exact pivoting" in note for note in sol.notes)


# ---------------------------------------------------------------- invariants
def _column_lp_value(A: np.ndarray) -> float:
    """The value from the column player's LP: min w s.t. A y <= w, sum y = 1."""
    from scipy.optimize import linprog
    m, n = A.shape
    c = np.zeros(n + 1)
    c[-1] = 1.0
    res = linprog(c, A_ub=np.hstack([A, -np.ones((m, 1))]), b_ub=np.zeros(m),
                  A_eq=[[1.0] * n + [0.0]], b_eq=[1.0],
                  bounds=[(0, None)] * n + [(None, None)], method="highs-ipm")
    assert res.status == 0
    return float(res.x[-1])


matrices = st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(0, 2**32 - 1),
                     st.integers(1, 20))


@settings(max_examples=30, deadline=None)
@given(matrices)
def test_value_equals_independent_lp_and_lemke_howson(params):
    m, n, seed, high = params
    A = np.random.default_rng(seed).integers(-high, high + 1, (m, n))
    g = NormalFormGame.zero_sum(A)
    sol = solve_zero_sum(g)
    assert isinstance(sol.value, Fraction)
    assert abs(float(sol.value) - _column_lp_value(A.astype(float))) <= 1e-9 * (2 * high)
    # every equilibrium of a zero-sum game pays the value
    assert lemke_howson(g)[0].payoffs[0] == sol.value
    assert regret(g, sol[0].probabilities) == (0, 0)


@settings(max_examples=25, deadline=None)
@given(matrices, st.fractions(min_value=F(1, 10), max_value=10),
       st.fractions(min_value=-10, max_value=10))
def test_value_under_positive_affine_change(params, a, b):
    m, n, seed, high = params
    A = np.random.default_rng(seed).integers(-high, high + 1, (m, n))
    v = solve_zero_sum(NormalFormGame.zero_sum(A)).value
    A2 = np.array([[a * int(x) + b for x in row] for row in A], dtype=object)
    assert solve_zero_sum(NormalFormGame.zero_sum(A2)).value == a * v + b


def test_large_game():
    rng = np.random.default_rng(11)
    A = rng.integers(-99, 100, (60, 80))
    g = NormalFormGame.zero_sum(A)
    sol = solve_zero_sum(g)
    assert sol.extra["arithmetic"] == "float LP"
    assert regret(g, sol[0].probabilities) == (0, 0)
    assert abs(float(sol.value) - _column_lp_value(A.astype(float))) < 1e-6
