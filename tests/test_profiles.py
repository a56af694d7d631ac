from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from solver import NormalFormGame, SolverError, certify, regret
from solver.forms.profiles import strategy_values
from solver.linalg import solve_exact, support_equilibrium

BOS = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                   strategies=(("O", "F"), ("O", "F")))


def test_certify_accepts_the_mixed_equilibrium_exactly():
    e = certify(BOS, [["2/3", "1/3"], ["1/3", "2/3"]])
    assert e.regret == (0, 0)
    assert e.payoffs == (Fraction(2, 3), Fraction(2, 3))
    assert e.strategies[0] == {"O": Fraction(2, 3), "F": Fraction(1, 3)}
    assert e.to_dict()["strategies"] == [["2/3", "1/3"], ["1/3", "2/3"]]


def test_certify_refuses_a_non_equilibrium():
    with pytest.raises(SolverError, match="gains 1 by deviating"):
        certify(BOS, [[1, 0], [0, 1]])
    with pytest.raises(SolverError, match="probability distribution"):
        certify(BOS, [["1/2", "1/3"], [1, 0]])


def test_regret_of_three_players():
    A = np.arange(8).reshape(2, 2, 2)
    g = NormalFormGame([A, -A, 2 * A - 3])
    assert regret(g, [[1, 0], [0, 1], ["1/2", "1/2"]]) == (4, 2, 1)


def test_float_certificate_uses_relative_tolerance():
    g = NormalFormGame.from_matrices([[2.0, 0], [0, 1]], [[1, 0], [0, 2]])
    e = certify(g, [[2 / 3, 1 / 3], [1 / 3, 2 / 3]])
    assert not e.exact and max(e.regret) < 1e-12


@given(st.integers(1, 5), st.integers(0, 10 ** 6))
def test_strategy_values_agree_with_floats(n, seed):
    rng = np.random.default_rng(seed)
    A = rng.integers(-9, 10, size=(n, n + 1))
    B = rng.integers(-9, 10, size=(n, n + 1))
    g = NormalFormGame.from_matrices(A, B)
    x = rng.dirichlet(np.ones(n))
    y = rng.dirichlet(np.ones(n + 1))
    xf = [Fraction(v).limit_denominator(1000) for v in x]
    xf[-1] = 1 - sum(xf[:-1])
    yf = [Fraction(v).limit_denominator(1000) for v in y]
    yf[-1] = 1 - sum(yf[:-1])
    vals = strategy_values(g, [xf, yf])
    assert np.allclose([float(v) for v in vals[0]], A @ np.array(yf, dtype=float))
    assert np.allclose([float(v) for v in vals[1]], np.array(xf, dtype=float) @ B)


@given(st.integers(1, 6), st.integers(0, 10 ** 6))
def test_solve_exact_solves(n, seed):
    rng = np.random.default_rng(seed)
    M = rng.integers(-5, 6, size=(n, n)).tolist()
    b = rng.integers(-5, 6, size=n).tolist()
    z = solve_exact(M, b)
    singular = abs(np.linalg.det(np.array(M, dtype=float))) < 1e-9
    if z is None:
        assert singular
    else:
        assert all(sum(Fraction(M[i][j]) * z[j] for j in range(n)) == b[i] for i in range(n))


def test_support_equilibrium_of_battle_of_the_sexes():
    x, y = support_equilibrium([[2, 0], [0, 1]], [[1, 0], [0, 2]], [0, 1], [0, 1])
    assert x == [Fraction(2, 3), Fraction(1, 3)] and y == [Fraction(1, 3), Fraction(2, 3)]
    assert support_equilibrium([[2, 0], [0, 1]], [[1, 0], [0, 2]], [0], [0, 1]) is None
