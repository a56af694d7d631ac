from fractions import Fraction

import numpy as np
import pytest
import sympy

from solver import InvalidGameError, NormalFormGame


def test_from_matrices_labels_and_payoffs():
    g = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                     players=("Row", "Column"), strategies=(("C", "D"), ("C", "D")))
    assert g.shape == (2, 2) and g.n_players == 2
    assert g.payoff(("D", "C")) == (Fraction(5), Fraction(0))
    assert g.exact and not g.parametric


def test_decimal_strings_are_exact():
    g = NormalFormGame.from_matrices([["0.45", "1/3"]], [["0.1", 2]])
    assert g.payoffs[0][0, 0] == Fraction(9, 20)
    assert g.payoffs[1][0, 0] == Fraction(1, 10)
    assert g.exact


def test_a_float_marks_the_game_inexact():
    g = NormalFormGame.from_matrices([[0.5, 1]], [[1, 2]])
    assert not g.exact
    assert g.payoff_tensor.dtype == float


def test_games_are_values():
    a = NormalFormGame.from_matrices([[1, 2]], [[3, 4]], title="a")
    b = NormalFormGame.from_matrices([["1", "2"]], [[Fraction(3), "4.0"]], title="b")
    c = NormalFormGame.from_matrices([[1, 2]], [[3, 5]])
    assert a == b and hash(a) == hash(b)
    assert a != c
    with pytest.raises(ValueError):
        a.payoffs[0][0, 0] = 7


def test_tensor_zero_sum_and_symmetric_constructors():
    t = np.array([[[1, 2], [0, 0]], [[3, 3], [4, 5]]])
    g = NormalFormGame.from_tensor(t)
    assert g.payoff((1, 1)) == (Fraction(4), Fraction(5))
    z = NormalFormGame.zero_sum([[1, -2]])
    assert z.payoffs[1][0, 1] == 2
    s = NormalFormGame.symmetric([[1, 2], [3, 4]], strategies=("A", "B"))
    assert s.payoffs[1][0, 1] == 3 and s.strategies == (("A", "B"), ("A", "B"))


@pytest.mark.parametrize("kwargs, match", [
    (dict(payoffs=[[[1, 2]], [[1]]]), "shape"),
    (dict(payoffs=[[[1, 2]], [[1, 2]]], strategies=(("a",), ("b", "b"))), "appears twice"),
    (dict(payoffs=[[[1, 2]], [[1, 2]]], players=("A", "A")), "appears twice"),
    (dict(payoffs=[[[1, "x y"]], [[1, 2]]], strategies=(("T",), ("L", "R"))), r"payoff of 'Row' at \(T, R\)"),
    (dict(payoffs=[[[1, 2]], [[1, float("nan")]]], strategies=(("T",), ("L", "R"))), r"'Column' at \(T, R\)"),
    (dict(payoffs=[[1, 2], [1, 2]]), "dimensions"),
    (dict(payoffs=[[[1, 2]], [[1, 2]]], strategies=(("T",), ("L", ""))), "non-empty"),
])
def test_validation_names_the_fault(kwargs, match):
    with pytest.raises(InvalidGameError, match=match):
        NormalFormGame(**kwargs)


def test_parametric_games_substitute_exactly():
    p = sympy.Symbol("p")
    g = NormalFormGame.from_matrices([[p, 0], [0, 1]], [[1, 0], [0, 1]], parameters={"p": "0.6"})
    assert g.parametric and g.symbols == {"p"}
    h = g.substitute(p="0.7")
    assert not h.parametric and h.payoffs[0][0, 0] == Fraction(7, 10)
    assert g.substitute(defaults=True).payoffs[0][0, 0] == Fraction(3, 5)
    with pytest.raises(InvalidGameError, match="unknown parameter 'q'"):
        g.substitute(q=1)
    with pytest.raises(InvalidGameError, match="free parameters"):
        g.require_concrete()


def test_integer_payoffs_scale_each_player():
    g = NormalFormGame.from_matrices([["1/2", "1/3"]], [["0.25", 1]])
    (A, B), (da, db) = g.integer_payoffs
    assert (da, db) == (6, 4)
    assert list(A.flat) == [3, 2] and list(B.flat) == [1, 4]


def test_restrict_keeps_labels():
    g = NormalFormGame.from_matrices([[1, 2, 3], [4, 5, 6]], [[0, 0, 0], [1, 1, 1]],
                                     strategies=(("U", "D"), ("L", "M", "R")))
    r = g.restrict([["D"], ["R", "L"]])
    assert r.strategies == (("D",), ("R", "L"))
    assert r.payoffs[0].tolist() == [[6, 4]]
