"""Tests of solver.algorithms.enumeration: all extreme equilibria of two-player games."""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from solver import InvalidGameError, NormalFormGame
from solver.algorithms.enumeration import enumerate_equilibria
from solver.errors import GameError, SolverLimitError
from solver.forms.profiles import regret

F = Fraction


def profiles(solution):
    """The equilibria as tuples of probability tuples, in the solution's order."""
    return [tuple(tuple(p) for p in e.probabilities) for e in solution]


def profile_set(solution):
    return set(profiles(solution))


# ---------------------------------------------------------------------- known answers
# Gibbons (1992), "A Primer in Game Theory", section 1.3.B; textbook_games.md row 3.
BOS = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                   strategies=(("Opera", "Fight"), ("Opera", "Fight")))
# Gibbons (1992), section 1.3.A; textbook_games.md row 4.
PENNIES = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
# Rock-paper-scissors, unique equilibrium (1/3, 1/3, 1/3); textbook_games.md row 5.
RPS = NormalFormGame.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
# Chicken, Swerve/Straight (Osborne 2004, "An Introduction to Game Theory", 4.6);
# textbook_games.md row 6: two pure equilibria and P(Straight) = 1/10.
CHICKEN = NormalFormGame.from_matrices([[0, -1], [1, -10]], [[0, 1], [-1, -10]],
                                       strategies=(("Swerve", "Straight"),) * 2)
# Stag hunt (Skyrms 2004; textbook_games.md row 8): (S,S), (H,H), mixed P(Stag) = 3/4.
STAG = NormalFormGame.from_matrices([[4, 0], [3, 3]], [[4, 3], [0, 3]])
# Entry deterrence in normal form (textbook_games.md row 9): the entrant chooses
# Out (0, 2) or In; the incumbent Fights (-1, -1) or Accommodates (1, 1).  The
# equilibria are (In, A) and the segment Out with P(Fight) >= 1/2.
ENTRY = NormalFormGame.from_matrices([[0, 0], [-1, 1]], [[2, 2], [-1, 1]],
                                     strategies=(("Out", "In"), ("Fight", "Accommodate")))
# Prisoner's dilemma (Gibbons 1.1.A; textbook_games.md row 1): unique (Fink, Fink).
PD = NormalFormGame.from_matrices([[-1, -9], [0, -6]], [[-1, 0], [-9, -6]])

KNOWN = [
    ("battle of the sexes", BOS, [((1, 0), (1, 0)), ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
                                  ((0, 1), (0, 1))], False),
    ("matching pennies", PENNIES, [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))], False),
    ("rock-paper-scissors", RPS, [((F(1, 3),) * 3, (F(1, 3),) * 3)], False),
    ("chicken", CHICKEN, [((1, 0), (0, 1)), ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10))),
                          ((0, 1), (1, 0))], False),
    ("stag hunt", STAG, [((1, 0), (1, 0)), ((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4))),
                         ((0, 1), (0, 1))], False),
    ("entry deterrence", ENTRY, [((1, 0), (1, 0)), ((1, 0), (F(1, 2), F(1, 2))),
                                 ((0, 1), (0, 1))], True),
    ("prisoner's dilemma", PD, [((0, 1), (0, 1))], False),
]


@pytest.mark.parametrize("name, game, expected, degenerate", KNOWN, ids=[k[0] for k in KNOWN])
def test_known_answers(name, game, expected, degenerate):
    sol = enumerate_equilibria(game)
    assert len(sol) == len(expected)
    expected = [tuple(tuple(F(p) for p in pr) for pr in eq) for eq in expected]
    assert profiles(sol) == sorted(expected)
    assert sol.method == "enumerate" and sol.exact and sol.complete
    assert sol.degenerate is degenerate
    for e in sol:
        assert e.regret == (0, 0)
        assert all(isinstance(p, Fraction) for pr in e.probabilities for p in pr)


def test_battle_of_the_sexes_payoffs_and_order():
    sol = enumerate_equilibria(BOS)
    assert len(sol) == 3
    # sorted lexicographically by probabilities: (F,F) first, then the mixed one, then (O,O)
    assert sol[0].strategies[0] == {"Opera": 0, "Fight": 1}
    assert sol[1].payoffs == (F(2, 3), F(2, 3))
    assert sol[2].payoffs == (2, 1)


def test_entry_deterrence_segment_gives_both_ends():
    sol = enumerate_equilibria(ENTRY)
    assert len(sol) == 3
    out_eqs = [e for e in sol if e.strategies[0]["Out"] == 1]
    assert sorted(e.strategies[1]["Fight"] for e in out_eqs) == [F(1, 2), 1]
    # the midpoint of the segment is an equilibrium too, but not an extreme one
    assert regret(ENTRY, [[1, 0], [F(3, 4), F(1, 4)]]) == (0, 0)
    assert ((1, 0), (F(3, 4), F(1, 4))) not in profile_set(sol)


def test_zero_game_every_pure_profile_is_extreme():
    g = NormalFormGame.from_matrices(np.zeros((3, 4), dtype=int), np.zeros((3, 4), dtype=int))
    sol = enumerate_equilibria(g)
    assert len(sol) == 12
    assert all(e.is_pure for e in sol) and sol.degenerate


@pytest.mark.parametrize("shape", [(1, 1), (1, 4), (4, 1)])
def test_one_strategy_games(shape):
    rng = np.random.default_rng(7)
    A = rng.integers(0, 100, size=shape)
    B = np.arange(shape[0] * shape[1]).reshape(shape)   # strict best responses, no ties
    sol = enumerate_equilibria(NormalFormGame.from_matrices(A, B))
    assert len(sol) == 1
    assert sol[0].is_pure


def test_many_labels_use_several_mask_words():
    # 34 + 30 = 64 labels do not fit one 62-bit word.  The column player's first
    # strategy strictly dominates; the row player is indifferent except in row 0,
    # so every row against column 0 is an extreme equilibrium (34 of them).
    m, n = 34, 30
    A = np.zeros((m, n), dtype=int)
    A[0, :] = np.arange(n) % 2
    B = np.zeros((m, n), dtype=int)
    B[:, 0] = 1
    sol = enumerate_equilibria(NormalFormGame.from_matrices(A, B))
    assert len(sol) == m
    assert all(e.is_pure and e.probabilities[1][0] == 1 for e in sol)
    assert sol.degenerate


# ---------------------------------------------------------------------- the vertex search itself
def _inverse(matrix):
    """Inverse of a square Fraction matrix by Gauss-Jordan, or None if singular."""
    k = len(matrix)
    rows = [list(r) + [F(int(i == j)) for j in range(k)] for i, r in enumerate(matrix)]
    for c in range(k):
        piv = next((i for i in range(c, k) if rows[i][c] != 0), None)
        if piv is None:
            return None
        rows[c], rows[piv] = rows[piv], rows[c]
        rows[c] = [v / rows[c][c] for v in rows[c]]
        for i in range(k):
            if i != c and rows[i][c] != 0:
                rows[i] = [a - rows[i][c] * b for a, b in zip(rows[i], rows[c])]
    return [r[k:] for r in rows]


def brute_force_polytope(M):
    """Lexico-feasible bases and vertices of {z >= 0, M z <= 1}, by trying every basis.

    A basis (k of the d + k columns of [M | I]) is lexico-feasible when every row
    of Binv [1 | I] is lexicographically positive: the bases of the polytope with
    right-hand side 1 + (eps, eps^2, ...) (Dantzig, Orden and Wolfe 1955).
    """
    k, d = len(M), len(M[0])
    columns = [[F(M[i][j]) for i in range(k)] for j in range(d)]
    columns += [[F(int(i == j)) for i in range(k)] for j in range(k)]
    bases, vertices = 0, set()
    for basis in itertools.combinations(range(d + k), k):
        inv = _inverse([[columns[v][i] for v in basis] for i in range(k)])
        if inv is None:
            continue
        rows = [[sum(r)] + r for r in inv]                # Binv [1 | I]
        if all(next(v for v in row if v != 0) > 0 for row in rows):
            bases += 1
            z = [F(0)] * d
            for i, v in enumerate(basis):
                if v < d:
                    z[v] = rows[i][0]
            vertices.add(tuple(z))
    return bases, len(vertices - {(F(0),) * d})


@pytest.mark.parametrize("seed", range(10))
def test_search_visits_exactly_the_lexico_feasible_bases(seed):
    # On games with payoffs 0..2 (many ties, degenerate polytopes) the search must
    # visit every lexico-feasible basis and no other basis, and find every vertex.
    rng = np.random.default_rng(300 + seed)
    m, n = (int(v) for v in rng.integers(2, 4, size=2))
    A = rng.integers(0, 3, size=(m, n))
    B = rng.integers(0, 3, size=(m, n))
    sol = enumerate_equilibria(NormalFormGame.from_matrices(A, B))
    Ap = (A - A.min() + 1).tolist()                       # the shift the module uses
    Bt = (B - B.min() + 1).T.tolist()
    p_bases, p_vertices = brute_force_polytope(Bt)
    q_bases, q_vertices = brute_force_polytope(Ap)
    assert sol.extra["bases"] == (p_bases, q_bases)
    assert sol.extra["vertices"] == (p_vertices, q_vertices)


# ---------------------------------------------------------------------- input and limits
def test_three_players_are_refused():
    g = NormalFormGame([np.zeros((2, 2, 2), dtype=int)] * 3)
    with pytest.raises(InvalidGameError, match="two-player"):
        enumerate_equilibria(g)


def test_vertex_limit_raises_and_says_how_to_raise_it():
    with pytest.raises(SolverLimitError, match="max_vertices"):
        enumerate_equilibria(RPS, max_vertices=3)
    assert len(enumerate_equilibria(RPS, max_vertices=20)) == 1


@pytest.mark.parametrize("bad", [0, -5, 2.5, True])
def test_vertex_limit_must_be_a_positive_integer(bad):
    with pytest.raises(GameError, match="max_vertices"):
        enumerate_equilibria(BOS, max_vertices=bad)


def test_float_game_is_solved_exactly_and_reported_in_floats():
    g = NormalFormGame.from_matrices([[0.5, 0.1], [0.3, 0.7]], [[0.2, 0.9], [0.4, 0.1]])
    sol = enumerate_equilibria(g)
    assert len(sol) == 1
    assert not sol.exact and sol.notes
    x, y = sol[0].probabilities
    assert all(isinstance(p, float) for p in x + y)
    assert x == pytest.approx((0.3, 0.7)) and y == pytest.approx((0.75, 0.25))


def test_fraction_payoffs_are_exact():
    g = NormalFormGame.from_matrices([["1/2", 0], [0, "1/3"]], [["1/3", 0], [0, "1/2"]])
    sol = enumerate_equilibria(g)
    assert len(sol) == 3
    assert sol[1].probabilities == ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5)))


# ---------------------------------------------------------------------- cross-checks
def gambit_equilibria(game):
    """Gambit's exact enummixed equilibria as a set (it may list one twice)."""
    gbt = pytest.importorskip("pygambit")
    A, B = (np.vectorize(lambda v: F(v), otypes=[object])(p) for p in game.payoffs)
    g = gbt.Game.from_arrays(A.tolist(), B.tolist())
    res = gbt.nash.enummixed_solve(g, rational=True)
    return {tuple(tuple(F(eq[s]) for s in player.strategies) for player in g.players)
            for eq in res.equilibria}


@pytest.mark.parametrize("seed", range(12))
def test_same_equilibria_as_gambit_on_degenerate_games(seed):
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(2, 6, size=2))
    high = int(rng.integers(1, 4))                       # payoffs 0..1, 0..2 or 0..3
    A = rng.integers(0, high + 1, size=(m, n))
    B = rng.integers(0, high + 1, size=(m, n))
    game = NormalFormGame.from_matrices(A, B)
    sol = enumerate_equilibria(game)
    expected = gambit_equilibria(game)
    assert len(sol) == len(expected)
    assert profile_set(sol) == expected


@pytest.mark.parametrize("seed", range(4))
def test_same_equilibria_as_gambit_on_generic_games(seed):
    rng = np.random.default_rng(100 + seed)
    game = NormalFormGame.from_matrices(rng.integers(-50, 50, size=(6, 6)),
                                        rng.integers(-50, 50, size=(6, 6)))
    sol = enumerate_equilibria(game)
    expected = gambit_equilibria(game)
    assert len(sol) == len(expected)
    assert profile_set(sol) == expected


def test_same_equilibria_as_gambit_with_fractions():
    game = NormalFormGame.from_matrices([["1/2", "2/3", 0], ["1/4", 1, "1/3"]],
                                        [["1/3", 0, "1/2"], [1, "1/5", "1/7"]])
    assert profile_set(enumerate_equilibria(game)) == gambit_equilibria(game)


@pytest.mark.parametrize("seed", range(6))
def test_same_equilibria_as_nashpy_on_nondegenerate_games(seed):
    nash = pytest.importorskip("nashpy")
    rng = np.random.default_rng(200 + seed)
    m, n = (int(v) for v in rng.integers(2, 5, size=2))
    A = rng.integers(0, 1000, size=(m, n))
    B = rng.integers(0, 1000, size=(m, n))
    sol = enumerate_equilibria(NormalFormGame.from_matrices(A, B))
    if sol.degenerate:
        pytest.skip("nashpy's vertex enumeration is only complete on nondegenerate games")
    theirs = [(np.asarray(x, float), np.asarray(y, float))
              for x, y in nash.Game(A.astype(float), B.astype(float)).vertex_enumeration()]
    assert len(theirs) == len(sol)
    for e in sol:
        x = np.array(e.probabilities[0], dtype=float)
        y = np.array(e.probabilities[1], dtype=float)
        assert sum(np.allclose(x, tx, atol=1e-9) and np.allclose(y, ty, atol=1e-9)
                   for tx, ty in theirs) == 1


# ---------------------------------------------------------------------- invariants
@st.composite
def small_games(draw):
    m = draw(st.integers(1, 4))
    n = draw(st.integers(1, 4))
    high = draw(st.sampled_from([1, 2, 3, 20]))
    cells = st.integers(-high, high)
    A = draw(st.lists(st.lists(cells, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(cells, min_size=n, max_size=n), min_size=m, max_size=m))
    return np.array(A, dtype=int), np.array(B, dtype=int)


@given(small_games())
def test_every_profile_has_the_right_lengths_and_zero_regret(AB):
    A, B = AB
    game = NormalFormGame.from_matrices(A, B)
    sol = enumerate_equilibria(game)
    assert len(sol) >= 1                                  # Nash (1951)
    assert len(set(profiles(sol))) == len(sol)            # no duplicates
    for e in sol:
        assert [len(p) for p in e.probabilities] == list(A.shape)
        assert all(p >= 0 for pr in e.probabilities for p in pr)
        assert all(sum(pr) == 1 for pr in e.probabilities)
        assert regret(game, e.probabilities) == (0, 0)


@given(small_games(), st.randoms(use_true_random=False))
def test_unchanged_under_permuting_strategies(AB, rnd):
    A, B = AB
    m, n = A.shape
    rows, cols = list(range(m)), list(range(n))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    base = enumerate_equilibria(NormalFormGame.from_matrices(A, B))
    perm = enumerate_equilibria(NormalFormGame.from_matrices(A[np.ix_(rows, cols)],
                                                             B[np.ix_(rows, cols)]))
    assert len(perm) == len(base)
    moved = {(tuple(x[r] for r in rows), tuple(y[c] for c in cols)) for x, y in profiles(base)}
    assert profile_set(perm) == moved
    assert perm.degenerate == base.degenerate


@given(small_games(), st.fractions(min_value=F(1, 7), max_value=7),
       st.fractions(min_value=F(1, 7), max_value=7), st.integers(-9, 9), st.integers(-9, 9))
def test_unchanged_under_positive_affine_payoff_changes(AB, a, b, c, d):
    A, B = AB
    base = enumerate_equilibria(NormalFormGame.from_matrices(A, B))
    A2 = np.vectorize(lambda v: a * v + c, otypes=[object])(A)
    B2 = np.vectorize(lambda v: b * v + d, otypes=[object])(B)
    moved = enumerate_equilibria(NormalFormGame.from_matrices(A2, B2))
    assert len(moved) == len(base)
    assert profiles(moved) == profiles(base)
    assert moved.degenerate == base.degenerate


@given(small_games())
def test_transposing_the_game_swaps_the_players(AB):
    A, B = AB
    base = enumerate_equilibria(NormalFormGame.from_matrices(A, B))
    swapped = enumerate_equilibria(NormalFormGame.from_matrices(B.T, A.T))
    assert len(swapped) == len(base)
    assert profile_set(swapped) == {(y, x) for x, y in profiles(base)}
