"""Tests of solver.algorithms.lemke_howson."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import NormalFormGame
from solver.algorithms import lemke_howson as lh_module
from solver.algorithms.integer_pivoting import exact_lemke_howson
from solver.algorithms.lemke_howson import lemke_howson
from solver.errors import GameError, InvalidGameError, SolverLimitError
from solver.forms.profiles import regret

F = Fraction
H = F(1, 2)


def _profile(sol):
    assert len(sol) == 1
    return tuple(tuple(pr) for pr in sol[0].probabilities)


# ---------------------------------------------------------------- known answers
# Battle of the sexes, Gibbons (1992) 1.3.B; shared/reference/textbook_games.md #3.
BOS = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                   strategies=(("Opera", "Fight"), ("Opera", "Fight")))
BOS_EQUILIBRIA = {
    ((F(1), F(0)), (F(1), F(0))),
    ((F(0), F(1)), (F(0), F(1))),
    ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
}
# Chicken, textbook_games.md #6: (Sw,St), (St,Sw) and the mixed P(Straight) = 1/10.
CHICKEN = NormalFormGame.from_matrices([[0, -1], [1, -10]], [[0, 1], [-1, -10]],
                                       strategies=(("Swerve", "Straight"),) * 2)
CHICKEN_EQUILIBRIA = {
    ((F(1), F(0)), (F(0), F(1))),
    ((F(0), F(1)), (F(1), F(0))),
    ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10))),
}
# von Stengel (2007), Algorithmic Game Theory ch. 3, Fig. 3.3 (also QuantEcon's
# lemke_howson docstring); three equilibria.
VS_A = [[3, 3], [2, 5], [0, 6]]
VS_B = [[3, 2], [2, 6], [3, 1]]
VS = NormalFormGame.from_matrices(VS_A, VS_B)
VS_EQUILIBRIA = {
    ((F(1), F(0), F(0)), (F(1), F(0))),
    ((F(4, 5), F(1, 5), F(0)), (F(2, 3), F(1, 3))),
    ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
}


@pytest.mark.parametrize("game, known", [(BOS, BOS_EQUILIBRIA), (CHICKEN, CHICKEN_EQUILIBRIA),
                                         (VS, VS_EQUILIBRIA)])
def test_every_label_reaches_a_known_equilibrium(game, known):
    m, n = game.shape
    reached = set()
    for k in range(m + n):
        sol = lemke_howson(game, initial_label=k)
        assert sol.method == "lemke-howson" and sol.exact and not sol.complete
        p = _profile(sol)
        assert p in known
        assert all(r == 0 for r in sol[0].regret)
        reached.add(p)
    assert len(reached) >= 2          # different labels find different equilibria here


def test_von_stengel_label_1():
    # QuantEcon's docstring: init_pivot=1 gives x = (0, 1/3, 2/3), y = (1/3, 2/3).
    sol = lemke_howson(VS, initial_label=1)
    assert _profile(sol) == ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))
    assert sol.extra["initial_label"] == 1 and sol.extra["pivots"] > 0


def test_matching_pennies():
    g = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    sol = lemke_howson(g)
    assert _profile(sol) == ((H, H), (H, H))
    assert sol[0].payoffs == (0, 0)


def test_pure_dominance_game():
    # Prisoner's dilemma (Gibbons 1.1): unique equilibrium (Fink, Fink).
    g = NormalFormGame.from_matrices([[-1, -9], [0, -6]], [[-1, 0], [-9, -6]])
    for k in range(4):
        assert _profile(lemke_howson(g, initial_label=k)) == ((0, 1), (0, 1))


def test_float_game_is_certified_with_tolerance():
    g = NormalFormGame.from_matrices([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]])
    sol = lemke_howson(g, initial_label=0)
    assert not sol.exact and len(sol) == 1
    assert all(isinstance(p, float) for pr in sol[0].probabilities for p in pr)
    assert max(sol[0].regret) <= 1e-9 * g.payoff_range


# ---------------------------------------------------------------- errors
def test_errors():
    three = NormalFormGame([np.zeros((2, 2, 2), dtype=int)] * 3)
    with pytest.raises(InvalidGameError, match="two-player"):
        lemke_howson(three)
    for bad in (-1, 4, True, "0", 1.0):
        with pytest.raises(GameError, match="initial_label"):
            lemke_howson(BOS, initial_label=bad)
    with pytest.raises(GameError, match="max_pivots"):
        lemke_howson(BOS, max_pivots=0)
    pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(SolverLimitError, match="max_pivots=3"):
        lemke_howson(pennies, max_pivots=3)     # the path has 4 pivots


# ---------------------------------------------------------------- degenerate games
def test_degenerate_games():
    # all payoffs equal: every profile is an equilibrium
    flat = NormalFormGame.from_matrices(np.zeros((3, 4), dtype=int), np.zeros((3, 4), dtype=int))
    for k in range(7):
        sol = lemke_howson(flat, initial_label=k)
        assert all(r == 0 for r in sol[0].regret)
    # entry deterrence in normal form (textbook_games.md #9): a continuum of equilibria
    entry = NormalFormGame.from_matrices([[0, 0], [-1, 1]], [[2, 2], [-1, 1]])
    known = {((F(1), F(0)), (F(1), F(0))), ((F(1), F(0)), (H, H)), ((F(0), F(1)), (F(0), F(1)))}
    for k in range(4):
        assert _profile(lemke_howson(entry, initial_label=k)) in known


def test_exact_fallback_when_float_path_fails(monkeypatch):
    real = lh_module._float_path

    def cycling(*args):
        run = real(*args)
        run.status = "cycled"
        return run

    monkeypatch.setattr(lh_module, "_float_path", cycling)
    sol = lemke_howson(VS, initial_label=1)
    assert sol.extra["arithmetic"] == "exact"
    assert _profile(sol) == ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))
    assert any("exact integer" in note for note in sol.notes)
    # a float game falls back too (its floats are exact binary fractions)
    g = NormalFormGame.from_matrices([[0.5, 0.0], [0.0, 0.25]], [[0.25, 0.0], [0.0, 0.5]])
    sol = lemke_howson(g, initial_label=0)
    assert sol.extra["arithmetic"] == "exact" and not sol.exact


def test_exact_path_limit():
    # matching pennies made positive: the path from label 0 has 4 pivots
    A = np.array([[3, 1], [1, 3]], dtype=object)
    B = np.array([[1, 3], [3, 1]], dtype=object)
    assert exact_lemke_howson(A, B, 0, 4)[2] == 4
    with pytest.raises(SolverLimitError, match="max_pivots=3"):
        exact_lemke_howson(A, B, 0, 3)


# ---------------------------------------------------------------- random games
@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1), st.integers(1, 4))
def test_random_games_every_label_certified(m, n, seed, high):
    rng = np.random.default_rng(seed)
    g = NormalFormGame.from_matrices(rng.integers(-high, high + 1, (m, n)),
                                     rng.integers(-high, high + 1, (m, n)))
    for k in range(m + n):
        sol = lemke_howson(g, initial_label=k)
        probs = sol[0].probabilities
        assert [len(p) for p in probs] == [m, n]
        assert all(isinstance(p, Fraction) and p >= 0 for pr in probs for p in pr)
        assert all(sum(pr) == 1 for pr in probs)
        assert regret(g, probs) == (0, 0)


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 6), st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_float_and_exact_paths_agree_on_generic_games(m, n, seed):
    # with payoffs drawn from a large range the game is (almost surely) non-degenerate,
    # and both pivoting arithmetics follow the same path to the same equilibrium
    rng = np.random.default_rng(seed)
    A = rng.integers(0, 10**6, (m, n))
    B = rng.integers(0, 10**6, (m, n))
    g = NormalFormGame.from_matrices(A, B)
    k = int(rng.integers(m + n))
    sol = lemke_howson(g, initial_label=k)
    x, y, pivots, _ = exact_lemke_howson(np.array(A + 1, dtype=object),
                                         np.array(B + 1, dtype=object), k, 10**4)
    assert _profile(sol) == (tuple(x), tuple(y))
    assert sol.extra["pivots"] == pivots


def test_random_games_against_gambit(rng):
    gbt = pytest.importorskip("pygambit")
    for _ in range(12):
        m, n = (int(v) for v in rng.integers(2, 5, 2))
        A = rng.integers(0, 6, (m, n))
        B = rng.integers(0, 6, (m, n))
        g = NormalFormGame.from_matrices(A, B)
        gg = gbt.Game.from_arrays([[F(int(v)) for v in row] for row in A],
                                  [[F(int(v)) for v in row] for row in B])
        found = gbt.nash.enummixed_solve(gg, rational=True).equilibria
        extreme = {tuple(tuple(F(str(eq[s])) for s in p.strategies) for p in gg.players)
                   for eq in found}
        assert len(extreme) >= 1
        for k in range(m + n):
            assert _profile(lemke_howson(g, initial_label=k)) in extreme


def test_agrees_with_nashpy_on_a_small_generic_game():
    nash = pytest.importorskip("nashpy")
    rng = np.random.default_rng(7)
    A, B = rng.random((4, 5)), rng.random((4, 5))
    g = NormalFormGame.from_matrices(A, B)
    for k in range(9):
        ours = lemke_howson(g, initial_label=k)[0].probabilities
        theirs = nash.Game(A, B).lemke_howson(initial_dropped_label=k)
        for a, b in zip(ours, theirs):
            assert np.allclose(a, b, atol=1e-9)


def test_large_random_game():
    # one 200x200 game with a short path (seed chosen for speed; longer paths are
    # measured by the benchmark, not the tests)
    rng = np.random.default_rng(6)       # a path of 1404 pivots
    g = NormalFormGame.from_matrices(rng.integers(0, 1000, (200, 200)),
                                     rng.integers(0, 1000, (200, 200)))
    sol = lemke_howson(g)
    assert sol.exact and len(sol) == 1
    assert regret(g, sol[0].probabilities) == (0, 0)
    assert sol.extra["arithmetic"] == "float"


# ---------------------------------------------------------------- racing several paths
def test_race_labels_alternate_between_players():
    assert lh_module.race_labels(200, 200, 4) == [0, 200, 1, 201]
    assert lh_module.race_labels(3, 2, 12) == [0, 3, 1, 4, 2]      # all labels when fewer
    assert lh_module.race_labels(1, 3, 3) == [0, 1, 2]


def _random_generic(seed, m, n):
    rng = np.random.default_rng(seed)
    return NormalFormGame.from_matrices(rng.integers(0, 10**6, (m, n)),
                                        rng.integers(0, 10**6, (m, n)))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_default_race_returns_a_certified_equilibrium(seed):
    g = _random_generic(seed, 30, 25)
    sol = lemke_howson(g)
    assert len(sol) == 1 and sol.exact and not sol.complete
    probs = sol[0].probabilities
    assert all(isinstance(p, Fraction) and p >= 0 for pr in probs for p in pr)
    assert all(sum(pr) == 1 for pr in probs)
    assert sol[0].regret == (0, 0) and regret(g, probs) == (0, 0)
    extra = sol.extra
    assert extra["raced_labels"] == tuple(lh_module.race_labels(30, 25, lh_module.RACE_PATHS))
    assert extra["initial_label"] in extra["raced_labels"]
    assert extra["total_pivots"] >= extra["pivots"] >= 1
    # the winner's equilibrium is the one its own path reaches
    alone = lemke_howson(g, initial_label=extra["initial_label"])
    assert _profile(alone) == _profile(sol) and alone.extra["pivots"] == extra["pivots"]


@settings(max_examples=15, deadline=None)
@given(st.integers(2, 6), st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_given_label_follows_exactly_that_path(m, n, seed):
    # initial_label=k is the old single-path behaviour: the same equilibrium and
    # pivot count as integer pivoting from label k (generic games: same path)
    g = _random_generic(seed, m, n)
    (A, B), _ = g.integer_payoffs
    for k in range(m + n):
        sol = lemke_howson(g, initial_label=k)
        x, y, pivots, _ = exact_lemke_howson(A + 1, B + 1, k, 10**4)
        assert _profile(sol) == (tuple(x), tuple(y))
        assert sol.extra["pivots"] == sol.extra["total_pivots"] == pivots
        assert sol.extra["initial_label"] == k and sol.extra["raced_labels"] == (k,)


@pytest.mark.parametrize("seed", [3, 4])
def test_lockstep_race_is_won_by_a_shortest_path(monkeypatch, seed):
    # with rounds of one pivot the paths advance in lockstep, so the winner is the
    # first raced label (in race order) among those with the shortest path
    monkeypatch.setattr(lh_module, "RACE_ROUND", 1)
    g = _random_generic(seed, 12, 12)
    labels = lh_module.race_labels(12, 12, lh_module.RACE_PATHS)
    lengths = [lemke_howson(g, initial_label=k).extra["pivots"] for k in labels]
    sol = lemke_howson(g)
    best = min(lengths)
    assert sol.extra["initial_label"] == labels[lengths.index(best)]
    assert sol.extra["pivots"] == best
    # every other path made best or best - 1 pivots (it stopped within the round)
    assert best * len(labels) - len(labels) < sol.extra["total_pivots"] <= best * len(labels)


def test_race_goes_on_when_the_first_path_fails(monkeypatch):
    real = lh_module._certified
    g = _random_generic(5, 8, 8)
    first = lh_module.race_labels(8, 8, lh_module.RACE_PATHS)[0]

    def refuse_first(game, run, data):
        return None if run.label == first else real(game, run, data)

    monkeypatch.setattr(lh_module, "_certified", refuse_first)
    sol = lemke_howson(g)
    assert sol.extra["initial_label"] != first and sol.extra["arithmetic"] == "float"
    assert regret(g, sol[0].probabilities) == (0, 0)
    assert any(f"label {first} ended in a basis that did not certify" in note
               for note in sol.notes)
    # when no float path certifies, the first failed path is repeated exactly
    monkeypatch.setattr(lh_module, "_certified", lambda game, run, data: None)
    sol = lemke_howson(g)
    assert sol.extra["arithmetic"] == "exact" and sol.extra["initial_label"] == first
    assert regret(g, sol[0].probabilities) == (0, 0)


def test_race_limit_is_per_path():
    g = _random_generic(6, 10, 10)
    lengths = [lemke_howson(g, initial_label=k).extra["pivots"]
               for k in lh_module.race_labels(10, 10, lh_module.RACE_PATHS)]
    sol = lemke_howson(g, max_pivots=min(lengths))       # the shortest path fits
    assert sol.extra["pivots"] == min(lengths)
    if min(lengths) > 1:
        with pytest.raises(SolverLimitError, match=f"max_pivots={min(lengths) - 1}"):
            lemke_howson(g, max_pivots=min(lengths) - 1)


# ---------------------------------------------------------------- float tableaux
def _dense_tableau(A, B, tab, side):
    """The condensed tableau of a basis computed from scratch: B_b^-1 [N | 1]."""
    m, n = A.shape
    M = np.hstack([B.T, np.eye(n)]) if side == 0 else np.hstack([np.eye(m), A])
    basis = M[:, tab.basic]
    rhs_side = np.hstack([M[:, tab.nonbasic], np.ones((M.shape[0], 1))])
    return np.linalg.solve(basis, rhs_side)


@pytest.mark.parametrize("steps", [1, 5, 8, 13, 21])
def test_float_tableaux_with_pending_updates_match_a_dense_solve(steps):
    from solver.algorithms import float_pivoting as fp
    rng = np.random.default_rng(steps)
    A, _ = fp.normalised(rng.random((15, 12)))
    B, _ = fp.normalised(rng.random((15, 12)))
    path = fp.FloatPath(fp.start_tableaux(A, B), 3, fp.zobrist_keys(27))
    path.advance(steps)
    assert path.pivots >= 1
    for side, tab in enumerate(path.tableaux):
        assert np.allclose(tab.rhs, _dense_tableau(A, B, tab, side)[:, -1], atol=1e-9)
        tab.flush()
        assert tab.t == 0
        assert np.allclose(tab.D, _dense_tableau(A, B, tab, side), atol=1e-9)


def test_deferred_updates_follow_the_same_path(monkeypatch):
    from solver.algorithms import float_pivoting as fp
    g = _random_generic(8, 40, 40)
    runs = {}
    for defer in (1, 3, fp._DEFER):
        monkeypatch.setattr(fp, "_DEFER", defer)
        sol = lemke_howson(g, initial_label=1)
        runs[defer] = (_profile(sol), sol.extra["pivots"])
    assert len(set(runs.values())) == 1


def test_race_memory_cap_limits_the_paths(monkeypatch):
    g = _random_generic(9, 20, 20)
    per_path = 16 * 21 * 21
    monkeypatch.setattr(lh_module, "RACE_MEMORY", 3 * per_path)
    assert len(lemke_howson(g).extra["raced_labels"]) == 3
    monkeypatch.setattr(lh_module, "RACE_MEMORY", 1)
    sol = lemke_howson(g)
    assert sol.extra["raced_labels"] == (0,) and regret(g, sol[0].probabilities) == (0, 0)


def test_numpy_stand_ins_for_blas_follow_the_same_path(monkeypatch):
    # scipy is optional: without it the pending updates are applied by numpy
    from solver.algorithms import float_pivoting as fp
    g = _random_generic(10, 30, 30)
    with_blas = lemke_howson(g, initial_label=2)
    monkeypatch.setattr(fp, "_BLAS", (fp._numpy_axpy, fp._numpy_gemm))
    without = lemke_howson(g, initial_label=2)
    assert _profile(without) == _profile(with_blas)
    assert without.extra["pivots"] == with_blas.extra["pivots"]
