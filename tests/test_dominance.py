"""Tests of solver.algorithms.dominance: iterated elimination of dominated strategies."""
from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from solver import InvalidGameError, NormalFormGame
from solver.algorithms.dominance import (
    DominanceResult,
    EliminationStep,
    dominance_solve,
    iterated_dominance,
)
from solver.algorithms.pure import pure_equilibria

GIBBONS = NormalFormGame.from_matrices([[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]],
                                       strategies=(("U", "D"), ("L", "M", "R")))
PD = NormalFormGame.from_matrices([[-1, -9], [0, -6]], [[-1, 0], [-9, -6]],
                                  strategies=(("Mum", "Fink"), ("Mum", "Fink")))
# The row's B = (1, 1) is beaten by neither T = (3, 0) nor M = (0, 3), but by the
# half-half mix of the two, which pays (3/2, 3/2).
MIXED_ONLY = NormalFormGame.from_matrices([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [2, 2]],
                                          strategies=(("T", "M", "B"), ("L", "R")))


def enumeration():
    """The two-player solver written by another module, or a skip while it is absent."""
    try:
        from solver.algorithms.enumeration import enumerate_equilibria
    except ImportError:
        pytest.skip("solver.algorithms.enumeration is not available yet")
    return enumerate_equilibria


def profiles(solution):
    """The equilibria as sorted tuples of probability tuples."""
    return sorted(tuple(tuple(pr) for pr in e.probabilities) for e in solution)


def check_steps(game, result: DominanceResult):
    """Replay the steps round by round and check every claim exactly."""
    keep = [list(labels) for labels in game.strategies]
    rounds = sorted({s.round for s in result.steps})
    assert rounds == list(range(1, len(rounds) + 1))
    for rnd in rounds:
        current = game.restrict(keep)
        this_round = [s for s in result.steps if s.round == rnd]
        for step in this_round:
            i = game.players.index(step.player)
            assert step.strategy in keep[i]
            assert all(lab in keep[i] and lab != step.strategy for lab in step.dominated_by)
            assert all(p > 0 for p in step.dominated_by.values())
            assert sum(step.dominated_by.values()) == 1
            if game.exact:
                assert all(isinstance(p, Fraction) for p in step.dominated_by.values())
                assert isinstance(step.margin, Fraction)
            u = np.moveaxis(np.asarray(current.payoffs[i]), i, 0)
            row = {lab: u[k].reshape(-1) for k, lab in enumerate(keep[i])}
            advantage = sum(p * row[lab] for lab, p in step.dominated_by.items()) - row[step.strategy]
            assert min(advantage) == step.margin
            if step.weak:
                assert step.margin == 0 and max(advantage) > 0
            else:
                assert step.margin > 0
        for step in this_round:
            keep[game.players.index(step.player)].remove(step.strategy)
    assert result.remaining == tuple(tuple(k) for k in keep)
    assert result.game == game.restrict(keep)


# ---------------------------------------------------------------------- known answers
def test_gibbons_iesds_example():
    # Gibbons 1992, section 1.1.B (figure 1.1.1): R is dominated by M, then D by U,
    # then L by M; (U, M) survives.
    r = iterated_dominance(GIBBONS)
    assert len(r.steps) == 3
    assert r.steps[0] == EliminationStep(1, "Column", "R", {"M": Fraction(1)}, False, Fraction(1))
    assert r.steps[1] == EliminationStep(2, "Row", "D", {"U": Fraction(1)}, False, Fraction(1))
    assert r.steps[2] == EliminationStep(3, "Column", "L", {"M": Fraction(1)}, False, Fraction(2))
    assert r.remaining == (("U",), ("M",))
    assert r.game.shape == (1, 1)
    assert str(r.steps[0]) == "round 1: Column's R is strictly dominated by M (by at least 1)"
    check_steps(GIBBONS, r)


def test_gibbons_example_solved_by_dominance():
    enumeration()
    sol = dominance_solve(GIBBONS)
    assert len(sol) == 1
    assert sol.method == "dominance" and sol.exact and sol.complete
    assert sol[0].strategies == ({"U": 1, "D": 0}, {"L": 0, "M": 1, "R": 0})
    assert sol[0].payoffs == (1, 2)
    assert len(sol.trace) == 3
    assert "removed 3 strategies in 3 rounds" in sol.notes[0]
    assert "solved completely" in sol.notes[0]


def test_prisoners_dilemma_dominant_strategies():
    # Gibbons 1992, section 1.1.A: Fink strictly dominates Mum for both players
    r = iterated_dominance(PD)
    assert len(r.steps) == 2
    assert [(s.round, s.player, s.strategy, s.dominated_by, s.margin) for s in r.steps] == [
        (1, "Row", "Mum", {"Fink": 1}, 1), (1, "Column", "Mum", {"Fink": 1}, 1)]
    assert r.remaining == (("Fink",), ("Fink",))
    check_steps(PD, r)


def test_strategy_dominated_only_by_a_mix():
    assert iterated_dominance(MIXED_ONLY, mixed=False).steps == ()
    r = iterated_dominance(MIXED_ONLY)
    assert len(r.steps) == 1
    step = r.steps[0]
    assert (step.round, step.player, step.strategy, step.weak) == (1, "Row", "B", False)
    assert step.dominated_by == {"T": Fraction(1, 2), "M": Fraction(1, 2)}
    assert all(type(p) is Fraction for p in step.dominated_by.values())
    assert step.margin == Fraction(1, 2)
    assert r.remaining == (("T", "M"), ("L", "R"))
    check_steps(MIXED_ONLY, r)


def test_mixed_dominance_with_unequal_weights_is_exact():
    # C = (2, 2, 0) against three columns; A = (6, 0, 3), B = (0, 3, 1).  The
    # LP's best mix maximises min(6a - 2, 3(1-a) - 2, 3a + (1-a)): 6a - 2 = 1 - 3a
    # gives a = 1/3 and margin 0, so C is not strictly dominated ...
    g = NormalFormGame.from_matrices([[6, 0, 3], [0, 3, 1], [2, 2, 0]], np.zeros((3, 3), int))
    assert iterated_dominance(g).steps == ()
    # ... while C' = (2, 1, 0) is: the advantage of aA + (1-a)B is
    # (6a - 2, 2 - 3a, 1 + 2a), whose minimum is largest where 6a - 2 = 2 - 3a,
    # at a = 4/9, with margin 2/3.
    h = NormalFormGame.from_matrices([[6, 0, 3], [0, 3, 1], [2, 1, 0]], np.zeros((3, 3), int))
    r = iterated_dominance(h)
    assert len(r.steps) == 1
    assert r.steps[0].dominated_by == {"R1": Fraction(4, 9), "R2": Fraction(5, 9)}
    assert r.steps[0].margin == Fraction(2, 3)
    check_steps(h, r)


def test_a_mix_that_fails_the_exact_check_removes_nothing(monkeypatch):
    import solver.algorithms.dominance_mixed as dominance_mixed

    def wrong_guess(U, s, support, weights, order, with_eps):
        yield {0: Fraction(9, 10), 1: Fraction(1, 10)}  # pays (27/10, 3/10) < (1, 1) at R

    monkeypatch.setattr(dominance_mixed, "_exact_candidates", wrong_guess)
    assert iterated_dominance(MIXED_ONLY).steps == ()


def test_weak_dominance_by_a_mix():
    # B = (1, 1, 1) against the half-half mix of T = (2, 0, 2) and M = (0, 2, 2),
    # which pays (1, 1, 2): never worse, better against the third column.  No pure
    # strategy weakly dominates B and no mix strictly dominates it.
    g = NormalFormGame.from_matrices([[2, 0, 2], [0, 2, 2], [1, 1, 1]], np.zeros((3, 3), int),
                                     strategies=(("T", "M", "B"), ("L", "C", "R")))
    assert iterated_dominance(g).steps == ()
    assert iterated_dominance(g, weak=True, mixed=False).steps == ()
    r = iterated_dominance(g, weak=True)
    assert len(r.steps) == 1
    assert r.steps[0] == EliminationStep(1, "Row", "B", {"T": Fraction(1, 2), "M": Fraction(1, 2)},
                                         True, Fraction(0))
    assert r.remaining == (("T", "M"), ("L", "C", "R"))
    check_steps(g, r)


def test_float_game_uses_the_same_rules():
    f = NormalFormGame.from_matrices(np.array([[3, 0], [0, 3], [1, 1]], float), np.ones((3, 2)))
    r = iterated_dominance(f)
    assert len(r.steps) == 1
    step = r.steps[0]
    assert step.dominated_by.keys() == {"R1", "R2"}
    assert step.dominated_by["R1"] == pytest.approx(0.5)
    assert step.margin == pytest.approx(0.5)


def test_weak_dominance_is_reported_as_weak():
    # Row's D = (1, 0) is weakly dominated by U = (1, 1); nothing is strictly dominated.
    g = NormalFormGame.from_matrices([[1, 1], [1, 0]], [[1, 0], [0, 1]],
                                     strategies=(("U", "D"), ("L", "R")))
    assert iterated_dominance(g).steps == ()
    r = iterated_dominance(g, weak=True)
    assert [(s.round, s.player, s.strategy, s.weak, s.margin) for s in r.steps] == [
        (1, "Row", "D", True, 0), (2, "Column", "R", False, 1)]
    assert r.remaining == (("U",), ("L",))
    check_steps(g, r)


def test_weak_dominance_can_lose_equilibria():
    # (D, R) is a Nash equilibrium (both indifferent), but D and R are weakly
    # dominated, so weak elimination keeps only (U, L).
    g = NormalFormGame.from_matrices([[1, 0], [0, 0]], [[1, 0], [0, 0]],
                                     strategies=(("U", "D"), ("L", "R")))
    assert len(pure_equilibria(g)) == 2
    r = iterated_dominance(g, weak=True)
    assert r.remaining == (("U",), ("L",))
    enumeration()
    sol = dominance_solve(g, weak=True)
    assert len(sol) == 1 and not sol.complete
    assert sol[0].support == (("U",), ("L",))
    assert any("may delete equilibria" in n for n in sol.notes)


def test_dominance_solve_keeps_mixed_equilibria_of_the_reduced_game():
    # After B goes, T/M against L/R is a coordination game: (T, L), (M, R) and the
    # mix in which each player makes the other indifferent: the column plays
    # L with q where 3q = 3(1 - q), the row T with p where p = 1 - p.
    enumerate_equilibria = enumeration()
    sol = dominance_solve(MIXED_ONLY)
    h = Fraction(1, 2)
    assert len(sol) == 3
    assert profiles(sol) == sorted([((0, 1, 0), (0, 1)), ((h, h, 0), (h, h)), ((1, 0, 0), (1, 0))])
    assert sol.complete and sol.degenerate is False
    mixed = next(e for e in sol if not e.is_pure)
    assert mixed.payoffs == (Fraction(3, 2), h)
    assert sol.trace[0].dominated_by == {"T": h, "M": h}
    assert profiles(enumerate_equilibria(MIXED_ONLY)) == profiles(sol)


def test_three_player_dominance_solve():
    # Player 3's B pays 1 less than A whatever the others do; with player 3 on A,
    # players 1 and 2 coordinate: pure equilibria (A, A, A) and (B, B, A).
    arrays = [np.zeros((2, 2, 2), dtype=object) for _ in range(3)]
    for c in itertools.product(range(2), repeat=3):
        arrays[0][c] = arrays[1][c] = int(c[0] == c[1])
        arrays[2][c] = 1 - c[2]
    g = NormalFormGame(arrays, strategies=(("A", "B"),) * 3)
    sol = dominance_solve(g)
    assert len(sol) == 2
    assert sol.complete and sol.degenerate is None
    assert [e.support for e in sol] == [(("A",), ("A",), ("A",)), (("B",), ("B",), ("A",))]
    assert sol.trace == (EliminationStep(1, "Player 3", "B", {"A": Fraction(1)}, False, Fraction(1)),)
    assert profiles(sol) == profiles(pure_equilibria(g))
    with pytest.raises(InvalidGameError, match="max_vertices"):
        dominance_solve(g, max_vertices=10)


def test_parametric_game_is_refused():
    g = NormalFormGame.from_matrices([["x", 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(InvalidGameError, match="free parameters"):
        iterated_dominance(g)


# ---------------------------------------------------------------------- invariants
@st.composite
def games(draw, min_players=2, max_players=3):
    n = draw(st.integers(min_players, max_players))
    limit = 5 if n == 2 else 3
    shape = tuple(draw(st.lists(st.integers(1, limit), min_size=n, max_size=n)))
    size = int(np.prod(shape))
    # each player's payoffs over his own denominator, so that exact margins are
    # rescaled from integer_payoffs correctly
    arrays = [np.array(draw(st.lists(st.integers(-3, 6), min_size=size, max_size=size)),
                       dtype=object).reshape(shape) * Fraction(1, draw(st.integers(1, 4)))
              for _ in range(n)]
    return NormalFormGame(arrays)


def removed_labels(result):
    return {(s.player, s.strategy) for s in result.steps}


@given(games(), st.booleans())
def test_every_step_is_exactly_verified(g, weak):
    check_steps(g, iterated_dominance(g, weak=weak))


@given(games())
def test_strict_elimination_keeps_every_pure_equilibrium(g):
    r = iterated_dominance(g)
    full = pure_equilibria(g)
    removed = removed_labels(r)
    for e in full:
        for name, sup in zip(g.players, e.support):
            assert (name, sup[0]) not in removed
    # the reduced game has exactly the same pure equilibria
    reduced = [tuple(e.support) for e in pure_equilibria(r.game)]
    assert sorted(reduced) == sorted(tuple(e.support) for e in full)


@given(games(max_players=2))
def test_removed_strategies_are_in_no_equilibrium_support(g):
    enumerate_equilibria = enumeration()
    r = iterated_dominance(g)
    removed = removed_labels(r)
    for e in enumerate_equilibria(g):
        for name, sup in zip(g.players, e.support):
            assert not removed & {(name, lab) for lab in sup}


@given(games(max_players=2))
def test_dominance_solve_agrees_with_enumeration_on_the_full_game(g):
    enumerate_equilibria = enumeration()
    full = enumerate_equilibria(g)
    sol = dominance_solve(g)
    assert sol.complete == full.complete
    if full.complete:
        assert len(sol) == len(full)
        assert profiles(sol) == profiles(full)


@given(games(min_players=3))
def test_dominance_solve_agrees_with_pure_on_many_players(g):
    sol = dominance_solve(g)
    assert sol.complete
    assert profiles(sol) == profiles(pure_equilibria(g))
    weak = dominance_solve(g, weak=True)
    assert weak.complete == (not any(step.weak for step in weak.trace))
    assert set(profiles(weak)) <= set(profiles(sol))


def one_at_a_time(game, seed):
    """Strict IESDS by pure strategies, deleting ONE dominated strategy at a time,
    chosen at random: a different order from the module's rounds."""
    rnd = random.Random(seed)
    keep = [list(range(m)) for m in game.shape]
    while True:
        candidates = []
        for i in range(game.n_players):
            u = np.moveaxis(np.asarray(game.payoffs[i])[np.ix_(*keep)], i, 0)
            u = u.reshape(len(keep[i]), -1)
            for s, d in itertools.permutations(range(len(keep[i])), 2):
                if all(u[d] > u[s]):
                    candidates.append((i, keep[i][s]))
        if not candidates:
            return tuple(tuple(game.strategies[i][k] for k in ks) for i, ks in enumerate(keep))
        i, s = rnd.choice(sorted(set(candidates)))
        keep[i].remove(s)


@given(games(), st.integers(0, 10 ** 6))
def test_strict_result_does_not_depend_on_the_order(g, seed):
    # Gilboa, Kalai & Zemel 1990
    assert iterated_dominance(g, mixed=False).remaining == one_at_a_time(g, seed)


@given(games(), st.data())
def test_relabelling_and_affine_changes_remove_the_same_strategies(g, data):
    perms = [data.draw(st.permutations(range(m))) for m in g.shape]
    arrays = []
    for i, p in enumerate(g.payoffs):
        a = Fraction(data.draw(st.integers(1, 5)), data.draw(st.integers(1, 3)))
        arrays.append(np.asarray(p)[np.ix_(*perms)] * a + data.draw(st.integers(-5, 5)))
    labels = [[f"x{k}" for k in perm] for perm in perms]
    h = NormalFormGame(arrays, strategies=labels)
    r, q = iterated_dominance(g), iterated_dominance(h)
    expected = [sorted(f"x{g.strategy_index(i, lab)}" for lab in rem) for i, rem in enumerate(r.remaining)]
    assert expected == [sorted(rem) for rem in q.remaining]


@given(games())
def test_exact_and_float_agree(g):
    f = NormalFormGame([np.array(p, dtype=float) for p in g.payoffs])
    r, q = iterated_dominance(g), iterated_dominance(f)
    assert q.remaining == r.remaining
    assert [(s.round, s.player, s.strategy) for s in q.steps] == \
        [(s.round, s.player, s.strategy) for s in r.steps]


def test_float_game_dominance_solve():
    enumeration()
    g = NormalFormGame.from_matrices(np.array([[1, 1, 0], [0, 0, 2]], float), [[0, 2, 1], [3, 1, 0]])
    sol = dominance_solve(g)
    assert not sol.exact and len(sol) == 1
    assert sol[0].probabilities == ((1.0, 0.0), (0.0, 1.0, 0.0))
    assert [s.margin for s in sol.trace] == [1.0, 1.0, 2.0]


def test_dispatcher_runs_dominance():
    for name in ("enumeration", "lemke_howson", "zero_sum"):
        pytest.importorskip(f"solver.algorithms.{name}")
    from solver import solve
    sol = solve(GIBBONS, method="dominance")
    assert sol.method == "dominance" and len(sol) == 1
    assert solve(GIBBONS, method="pure")[0].support == (("U",), ("M",))
