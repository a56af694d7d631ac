"""Tests of solver.algorithms.pure: all pure Nash equilibria, vectorised."""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from solver import InvalidGameError, NormalFormGame
from solver.algorithms.pure import best_response_masks, comparable_payoffs, pure_equilibria
from solver.forms.profiles import regret

BOS = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                   strategies=(("Opera", "Fight"), ("Opera", "Fight")))
PENNIES = NormalFormGame.zero_sum([[1, -1], [-1, 1]], strategies=(("H", "T"), ("H", "T")))


def cells_of(solution):
    """The equilibria as cells (index tuples), in the solution's order."""
    out = []
    for e in solution:
        assert e.is_pure
        out.append(tuple(pr.index(1) for pr in e.probabilities))
    return out


def brute_force_cells(game):
    """Pure equilibria by checking every cell's regret exactly (slow, obvious)."""
    found = []
    for cell in game.cells():
        probs = [[Fraction(int(k == c)) for k in range(m)] for c, m in zip(cell, game.shape)]
        if all(r == 0 for r in regret(game, probs)):
            found.append(cell)
    return found


# ---------------------------------------------------------------------- known answers
def test_battle_of_the_sexes_has_two_pure_equilibria():
    # Gibbons 1992, section 1.1.C: (Opera, Opera) and (Fight, Fight)
    sol = pure_equilibria(BOS)
    assert len(sol) == 2
    assert sol.method == "pure" and sol.exact and sol.complete and sol.degenerate is None
    assert sol[0].strategies == ({"Opera": 1, "Fight": 0}, {"Opera": 1, "Fight": 0})
    assert sol[0].payoffs == (2, 1)
    assert sol[1].strategies == ({"Opera": 0, "Fight": 1}, {"Opera": 0, "Fight": 1})
    assert sol[1].payoffs == (1, 2)
    assert all(isinstance(p, Fraction) for e in sol for pr in e.probabilities for p in pr)
    assert all(e.regret == (0, 0) for e in sol)


def test_matching_pennies_has_no_pure_equilibrium():
    sol = pure_equilibria(PENNIES)
    assert len(sol) == 0
    assert sol.complete
    assert "0 of the 4" in sol.notes[0]


def test_prisoners_dilemma():
    # Gibbons 1992, section 1.1.A: (Fink, Fink) is the unique equilibrium
    pd = NormalFormGame.from_matrices([[-1, -9], [0, -6]], [[-1, 0], [-9, -6]],
                                      strategies=(("Mum", "Fink"), ("Mum", "Fink")))
    sol = pure_equilibria(pd)
    assert len(sol) == 1
    assert sol[0].support == (("Fink",), ("Fink",))
    assert sol[0].payoffs == (-6, -6)


def _three_player(rule):
    """A 2x2x2 game in which player i's payoff is rule(i, profile)."""
    arrays = [np.zeros((2, 2, 2), dtype=object) for _ in range(3)]
    for cell in itertools.product(range(2), repeat=3):
        for i in range(3):
            arrays[i][cell] = rule(i, cell)
    return NormalFormGame(arrays, strategies=(("A", "B"),) * 3)


def test_three_player_coordination_game():
    # Each player gets 1 when all three choose alike, else 0.  Derivation: in a
    # profile that is not unanimous one player is alone and gains 1 by joining the
    # other two, so exactly the two unanimous profiles are equilibria.
    g = _three_player(lambda i, c: int(len(set(c)) == 1))
    sol = pure_equilibria(g)
    assert len(sol) == 2
    assert cells_of(sol) == [(0, 0, 0), (1, 1, 1)]
    assert [e.payoffs for e in sol] == [(1, 1, 1), (1, 1, 1)]


def test_three_player_minority_game_in_row_major_order():
    # A player gets 1 when nobody else makes his choice, else 0.  Derivation: when
    # all agree, anyone gains 1 by switching; in a 2-1 split the lone player has 1
    # and each of the two others would, by switching, join the lone player and
    # still get 0.  So the six 2-1 splits are the equilibria.
    g = _three_player(lambda i, c: int(c.count(c[i]) == 1))
    sol = pure_equilibria(g)
    assert len(sol) == 6
    assert cells_of(sol) == [(0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1), (1, 1, 0)]
    assert sol[0].payoffs == (0, 0, 1)


def test_one_player_game_picks_his_best_strategies():
    g = NormalFormGame([[3, 1, 3]], strategies=(("a", "b", "c"),))
    assert cells_of(pure_equilibria(g)) == [(0,), (2,)]


def test_fraction_payoffs_are_compared_exactly():
    # 1/3 versus 0.3333333333333333 (the same double): an exact game keeps them
    # apart, so (2, 1) is no equilibrium; in floating point it would be one
    g = NormalFormGame.from_matrices([[Fraction(1, 3), 0], ["0.3333333333333333", 1]],
                                     [[1, 1], [1, 1]])
    assert float(Fraction(1, 3)) == float(Fraction("0.3333333333333333"))
    assert cells_of(pure_equilibria(g)) == [(0, 0), (1, 1)]


def test_huge_integers_fall_back_to_object_arrays():
    big = 10 ** 30
    g = NormalFormGame.from_matrices([[2 * big, 0], [0, big]], [[big, 0], [0, 2 * big + 1]])
    arrays, scales, slack = comparable_payoffs(g)
    assert arrays[0].dtype == object and slack == (0, 0)
    sol = pure_equilibria(g)
    assert cells_of(sol) == [(0, 0), (1, 1)]
    assert sol[1].payoffs == (big, 2 * big + 1)
    # 2**62 fits int64 but a difference of two such numbers might not
    edge = NormalFormGame.from_matrices([[2 ** 62, -(2 ** 62)]], [[0, 1]])
    assert comparable_payoffs(edge)[0][0].dtype == object
    assert cells_of(pure_equilibria(edge)) == [(0, 1)]


def test_small_integers_use_int64():
    arrays, scales, slack = comparable_payoffs(NormalFormGame.from_matrices([["1/2", 0]], [[1, "1/3"]]))
    assert [a.dtype for a in arrays] == [np.int64, np.int64]
    assert scales == (2, 3)
    assert arrays[1].tolist() == [[3, 1]]


def test_float_game_uses_relative_tolerance():
    # a difference of 1e-7 in a game whose payoffs span 1e4 is a tie at 1e-9 relative
    g = NormalFormGame.from_matrices([[10000.0, 0.0], [10000.0 - 1e-7, 5.0]],
                                     [[1.0, 0.0], [1.0, 0.0]])
    sol = pure_equilibria(g)
    assert not sol.exact
    assert cells_of(sol) == [(0, 0), (1, 0)]
    exact = NormalFormGame.from_matrices([[10000, 0], ["9999.9999999", 5]], [[1, 0], [1, 0]])
    assert cells_of(pure_equilibria(exact)) == [(0, 0)]


def test_best_response_masks():
    arrays, _, _ = comparable_payoffs(BOS)
    masks = best_response_masks(arrays)
    assert masks[0].tolist() == [[True, False], [False, True]]
    assert masks[1].tolist() == [[True, False], [False, True]]


def test_parametric_game_is_refused():
    g = NormalFormGame.from_matrices([["x", 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(InvalidGameError, match="free parameters"):
        pure_equilibria(g)


# ---------------------------------------------------------------------- invariants
payoff = st.integers(-4, 4)


@st.composite
def games(draw, max_players=3, max_strategies=4):
    n = draw(st.integers(2, max_players))
    limit = max_strategies if n == 2 else 3
    shape = tuple(draw(st.lists(st.integers(1, limit), min_size=n, max_size=n)))
    size = int(np.prod(shape))
    arrays = [np.array(draw(st.lists(payoff, min_size=size, max_size=size)),
                       dtype=object).reshape(shape) for _ in range(n)]
    return NormalFormGame(arrays)


@given(games())
def test_agrees_with_brute_force_and_has_zero_regret(g):
    sol = pure_equilibria(g)
    expected = brute_force_cells(g)
    assert len(sol) == len(expected)
    assert cells_of(sol) == expected
    for e in sol:
        assert e.regret == (0,) * g.n_players
        assert regret(g, e.probabilities) == (0,) * g.n_players


@given(games(), st.data())
def test_unchanged_by_positive_affine_payoff_changes(g, data):
    new = []
    for i in range(g.n_players):
        a = Fraction(data.draw(st.integers(1, 7)), data.draw(st.integers(1, 5)))
        b = Fraction(data.draw(st.integers(-9, 9)), data.draw(st.integers(1, 4)))
        new.append(g.payoffs[i] * a + b)
    h = NormalFormGame(new)
    assert cells_of(pure_equilibria(h)) == cells_of(pure_equilibria(g))


@given(games(), st.data())
def test_unchanged_by_permuting_and_relabelling_strategies(g, data):
    perms = [data.draw(st.permutations(range(m))) for m in g.shape]
    arrays = [np.asarray(p)[np.ix_(*perms)] for p in g.payoffs]
    labels = [[f"s{i}_{k}" for k in perm] for i, perm in enumerate(perms)]
    h = NormalFormGame(arrays, strategies=labels)
    mapped = sorted(tuple(perms[i][c] for i, c in enumerate(cell)) for cell in cells_of(pure_equilibria(h)))
    assert mapped == cells_of(pure_equilibria(g))
    # the labels follow the strategies
    for e in pure_equilibria(h):
        for i, sup in enumerate(e.support):
            assert sup[0] in labels[i]


@given(games())
def test_exact_and_float_agree_on_integer_games(g):
    f = NormalFormGame([np.array(p, dtype=float) for p in g.payoffs])
    sol = pure_equilibria(f)
    assert not sol.exact
    assert cells_of(sol) == cells_of(pure_equilibria(g))


# ---------------------------------------------------------------------- cross-check
@pytest.mark.parametrize("shape", [(3, 3), (4, 5), (2, 3, 2), (3, 2, 2, 2)])
def test_agrees_with_pygambit_enumpure(shape):
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(sum(shape) * 101 + len(shape))
    for _ in range(10):
        arrays = [rng.integers(0, 4, size=shape) for _ in shape]
        ours = cells_of(pure_equilibria(NormalFormGame(arrays)))
        gg = gbt.Game.from_arrays(*arrays)
        theirs = []
        for eq in gbt.nash.enumpure_solve(gg).equilibria:
            theirs.append(tuple(next(k for k, s in enumerate(p.strategies) if eq[s] == 1)
                                for p in gg.players))
        assert len(ours) == len(theirs)
        assert ours == sorted(theirs)
