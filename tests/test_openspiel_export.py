"""Trees written by OpenSpiel's ``export_gambit`` load once their decimal chance
probabilities are made exact (they sum to 0.9999999999999999, not 1)."""
from fractions import Fraction

import pytest

import solver
from solver.io.efg import read_efg

pyspiel = pytest.importorskip("pyspiel")
gambit = pytest.importorskip("open_spiel.python.algorithms.gambit")


@pytest.fixture(scope="module")
def kuhn_text():
    return gambit.export_gambit(pyspiel.load_game("kuhn_poker"))


def test_decimal_chance_is_refused_with_the_line_and_the_sum(kuhn_text):
    with pytest.raises(solver.ParseError) as err:
        read_efg(kuhn_text, "kuhn.efg")
    assert err.value.line == 2
    assert "not exactly 1" in str(err.value)


def test_normalised_export_solves_to_minus_one_eighteenth(kuhn_text):
    game = read_efg(kuhn_text, "kuhn.efg", normalize_chance=True)
    assert game.n_nodes == 58
    assert game.chance_probabilities(0) == (Fraction(1, 3),) * 3
    sol = solver.solve(game, method="sequence-form")
    assert sol.exact and sol.value == Fraction(-1, 18)
