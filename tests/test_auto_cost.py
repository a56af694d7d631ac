"""``solve``'s ``auto`` chooses by the predicted cost of enumeration, deterministically.

No timing here: the estimate reads no clock (its calibration and its comparison with
measured times are in ``benchmarks/auto_cost.py``); these tests check its shape, the
choice it leads to, and that the solution note says what was chosen and why.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import NormalFormGame
from solver.algorithms.enumeration_cost import (
    BUDGET_SECONDS,
    enumeration_cost,
    upper_bound_vertices,
)
from solver.errors import SolverLimitError
from solver.solve import solve


def _game(m, n, seed=0):
    rng = np.random.default_rng(seed)
    return NormalFormGame.from_matrices(rng.integers(-1000, 1001, (m, n)).tolist(),
                                        rng.integers(-1000, 1001, (m, n)).tolist())


def test_upper_bound_theorem_values():
    # a 3-polytope with 6 facets has at most 2 * 6 - 4 = 8 vertices (Euler's formula);
    # a polygon has as many vertices as edges
    assert upper_bound_vertices(6, 3) == 8
    assert upper_bound_vertices(102, 100) == 2601
    assert upper_bound_vertices(5, 2) == 5          # a pentagon


def test_the_budget_separates_14x14_from_15x15_with_four_digit_payoffs():
    assert enumeration_cost(14, 14).within_budget
    assert not enumeration_cost(15, 15).within_budget
    assert enumeration_cost(14, 14).seconds <= BUDGET_SECONDS < enumeration_cost(15, 15).seconds
    # the default payoffs are those of the benchmarks, -1000..1000 (11 bits)
    assert enumeration_cost(15, 15) == enumeration_cost(15, 15, payoff_bits=11)


def test_small_payoffs_need_less_memory():
    # 15x15 with payoffs 0..9 keeps most queued tableaux in memory; with four digits
    # a third of its bases must be rebuilt, ten times the time per basis
    small, large = enumeration_cost(15, 15, payoff_bits=3.4), enumeration_cost(15, 15)
    assert 0 <= 5 * small.rebuilt < large.rebuilt < sum(large.bases)
    assert small.within_budget and not large.within_budget
    assert "expected past the search's memory" in large.describe()
    assert "past the search's memory" not in enumeration_cost(13, 13).describe()


def test_the_two_searches():
    from solver.algorithms.modular_enumeration import CLASSIC_CELLS
    assert enumeration_cost(6, 7).search == "classic" and 6 * 7 < CLASSIC_CELLS
    assert enumeration_cost(7, 7).search == "batched"


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.floats(1, 40))
def test_more_bits_never_cost_less(m, n, bits):
    assert enumeration_cost(m, n, bits + 5).seconds >= enumeration_cost(m, n, bits).seconds


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(1, 40))
def test_estimate_is_symmetric_and_grows_with_the_size(m, n):
    a, b = enumeration_cost(m, n), enumeration_cost(n, m)
    assert a.seconds == pytest.approx(b.seconds) and a.bases == tuple(reversed(b.bases))
    # within one search (at the switch, near 48 cells, the batched search is the
    # quicker: that is why the switch is there)
    for bigger in (enumeration_cost(m + 1, n), enumeration_cost(m, n + 1)):
        assert sum(bigger.bases) > sum(a.bases)
        if bigger.search == a.search:
            assert bigger.seconds > a.seconds


def test_huge_games_do_not_overflow():
    est = enumeration_cost(2000, 2000)
    assert not est.within_budget and "more than 1e300" in est.describe()


def test_auto_enumerates_small_games_and_says_why():
    sol = solve(_game(5, 5))
    assert sol.method == "enumerate" and sol.complete
    assert sol.notes[0].startswith("auto chose enumerate") and "estimated at" in sol.notes[0]


def test_auto_gives_one_lemke_howson_equilibrium_past_the_budget():
    sol = solve(_game(16, 16))
    assert sol.method == "lemke-howson" and len(sol) == 1 and not sol.complete
    assert "auto chose lemke-howson" in sol.notes[0] and "budget" in sol.notes[0]
    assert sol[0].regret == (0, 0)


def test_auto_choice_follows_the_estimate_not_the_cell_count():
    # 2 x 60 has 120 cells (under the old 12x12 = 144 rule) and 14 x 14 has 196
    # (over it); the estimate enumerates both, and refuses 6 x 40 (240 cells, costly)
    assert enumeration_cost(2, 60).within_budget
    assert enumeration_cost(14, 14).within_budget
    assert not enumeration_cost(6, 40).within_budget
    assert solve(_game(2, 60)).method == "enumerate"
    assert solve(_game(6, 40)).method == "lemke-howson"


def test_auto_reads_the_payoffs_size():
    rng = np.random.default_rng(0)
    small = NormalFormGame.from_matrices(rng.integers(0, 10, (15, 15)).tolist(),
                                         rng.integers(0, 10, (15, 15)).tolist())
    note = solve(small, max_vertices=10).notes[0]      # the limit keeps the test short
    assert note.startswith("auto chose enumerate") and "15x15 is estimated at 1.2 s" in note


def test_auto_falls_back_on_lemke_howson_past_max_vertices():
    sol = solve(_game(8, 8), max_vertices=50)
    assert sol.method == "lemke-howson" and len(sol) == 1 and not sol.complete
    assert sol.notes[0].startswith("auto chose enumerate") and "max_vertices=50" in sol.notes[0]
    assert "auto chose lemke-howson instead" in sol.notes[0]
    assert sol[0].regret == (0, 0)


def test_auto_does_not_start_again_when_the_time_is_up_or_the_count_is_reached():
    """A time limit that runs out (the time is spent) and the caller's max_equilibria
    are errors, not reasons to try Lemke-Howson; the error names the limit."""
    with pytest.raises(SolverLimitError, match="time_limit") as hit:
        solve(_game(12, 12), time_limit=1e-4)
    assert hit.value.limit == "time_limit"
    eye = NormalFormGame.from_matrices(np.eye(6, dtype=int), np.eye(6, dtype=int))
    with pytest.raises(SolverLimitError, match="max_equilibria=10") as hit:
        solve(eye, max_equilibria=10)                    # 63 equilibria
    assert hit.value.limit == "max_equilibria"
    with pytest.raises(SolverLimitError) as hit:
        solve(_game(12, 12), "enumerate", max_vertices=50)
    assert hit.value.limit is None


@pytest.mark.slow
def test_a_14x14_game_gets_all_its_equilibria():
    g = _game(14, 14)
    sol = solve(g)
    assert sol.method == "enumerate" and sol.complete and len(sol) >= 1
    assert all(e.regret == (0, 0) for e in sol)
