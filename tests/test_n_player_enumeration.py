"""All equilibria of games of three or more players: polynomial support enumeration
(solver.algorithms.polynomial_support), cross-checked with pygambit."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

import games
import solver
from solver.algorithms.polynomial_support import polynomial_support_enumeration
from solver.errors import SolverLimitError


def test_majority_game_has_three_equilibria_and_says_the_list_is_complete():
    sol = solver.solve(games.get("majority-game"))
    assert sol.method == "enumerate" and sol.complete and sol.exact
    assert len(sol) == 3
    mixed = [eq for eq in sol if not eq.is_pure]
    assert len(mixed) == 1
    assert mixed[0].probabilities == ((F(1, 2), F(1, 2)),) * 3
    assert all(r == 0 for eq in sol for r in eq.regret)


def random_game(rng, shape):
    """Payoffs from a wide range, so that the game is almost surely non-degenerate (a
    continuum of equilibria would make the counts depend on which points are listed)."""
    n = len(shape)
    return solver.NormalFormGame([rng.integers(-1000, 1001, shape) for _ in range(n)])


def _near(a, b, tol=1e-6):
    return all(abs(float(x) - float(y)) <= tol for p, q in zip(a, b) for x, y in zip(p, q))


@pytest.mark.parametrize("seed, shape", [(s, (2, 2, 2)) for s in range(4)]
                         + [(s, (3, 2, 2)) for s in range(4)])
def test_every_equilibrium_pygambit_finds_is_found(seed, shape):
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(seed)
    g = random_game(rng, shape)
    ours = polynomial_support_enumeration(g)
    assert len(ours) >= 1                      # every finite game has an equilibrium
    for eq in ours:
        assert all(float(r) <= 1e-9 for r in eq.regret)
    ga = gbt.Game.from_arrays(*[np.array(a.tolist(), dtype=object) for a in g.payoffs])
    theirs = gbt.nash.enumpoly_solve(ga).equilibria
    for prof in theirs:
        probs = [[float(prof[s]) for s in player.strategies] for player in ga.players]
        assert any(_near(probs, eq.probabilities) for eq in ours), probs


def test_the_count_is_unchanged_when_players_and_strategies_are_relabelled():
    rng = np.random.default_rng(7)
    g = random_game(rng, (2, 3, 2))
    base = len(polynomial_support_enumeration(g))
    perm = (2, 0, 1)
    swapped = solver.NormalFormGame(
        [np.transpose(np.array(g.payoffs[i].tolist(), dtype=object), perm)[::-1]
         for i in perm])
    assert len(polynomial_support_enumeration(swapped)) == base


def test_the_support_limit_is_enforced():
    rng = np.random.default_rng(3)
    g = random_game(rng, (3, 3, 3))
    with pytest.raises(SolverLimitError, match="max_supports"):
        polynomial_support_enumeration(g, max_supports=10)


def test_large_games_get_pure_equilibria_and_say_so():
    rng = np.random.default_rng(1)
    g = random_game(rng, (4, 4, 4))                  # 3375 support profiles: too many for auto
    sol = solver.solve(g)
    assert sol.method == "pure" and not sol.complete
    assert "mixed ones were not searched" in str(sol)
    assert sol.to_dict()["complete"] is False
