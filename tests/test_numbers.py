from fractions import Fraction

import numpy as np
import pytest
import sympy

from solver.errors import InvalidGameError
from solver.numbers import format_number, json_number, to_fraction, to_number


@pytest.mark.parametrize("value, expected", [
    (3, Fraction(3)), ("0.45", Fraction(9, 20)), ("-3/10", Fraction(-3, 10)),
    ("1e-2", Fraction(1, 100)), (Fraction(2, 3), Fraction(2, 3)), (np.int64(7), Fraction(7)),
    (sympy.Rational(1, 3), Fraction(1, 3)), (" 2 ", Fraction(2)),
])
def test_exact_values_stay_exact(value, expected):
    x = to_number(value)
    assert isinstance(x, Fraction)
    assert x == expected


def test_floats_are_inexact():
    x = to_number(0.1)
    assert isinstance(x, float) and x == 0.1


def test_symbols_make_expressions():
    x = to_number("1 - x - lam*s")
    assert isinstance(x, sympy.Expr)
    assert {str(s) for s in x.free_symbols} == {"x", "lam", "s"}


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "", "two words", True, None, [1], "1/0",
                                 sympy.sqrt(2)])
def test_bad_values_name_the_place(bad):
    with pytest.raises(InvalidGameError, match="payoff of Row"):
        to_number(bad, "payoff of Row")


def test_to_fraction_refuses_floats():
    with pytest.raises(InvalidGameError, match="float"):
        to_fraction(0.5)
    assert to_fraction("0.5") == Fraction(1, 2)


def test_formatting():
    assert format_number(Fraction(1, 3)) == "1/3"
    assert format_number(Fraction(4, 2)) == "2"
    assert json_number(Fraction(-1, 3)) == "-1/3"
    assert json_number(0.25) == 0.25
