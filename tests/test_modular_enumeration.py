"""Tests of the fast exact enumeration: solver.algorithms.modular_enumeration and the
pieces it is built of (residues, the key set, batched tableaux, the vertex search).

The reference is solver.algorithms.enumeration.enumerate_equilibria: both visit the
same lexico-feasible bases, so the equilibria, their order, the degeneracy flag and
the vertex and basis counts must all be identical.
"""
from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import InvalidGameError, NormalFormGame
from solver.algorithms import modular_enumeration as modular_module
from solver.algorithms import vertex_search
from solver.algorithms.enumeration import enumerate_equilibria
from solver.algorithms.key_set import KeySet
from solver.algorithms.limits import Deadline
from solver.algorithms.modular_enumeration import complete_pairs, modular_enumeration
from solver.algorithms.residues import Residues
from solver.algorithms.vertex_search import Polytope, lexico_vertices, search_polytopes
from solver.errors import GameError, SolverLimitError

F = Fraction


@pytest.fixture(autouse=True)
def batched_search_for_every_size(monkeypatch):
    """Small games normally go to the one-tableau search; here every game takes the
    batched search, so that small games test it."""
    monkeypatch.setattr(modular_module, "CLASSIC_CELLS", 0)


def same_result(game, **kw):
    """Assert the fast and the reference enumerations agree entirely; return the first."""
    new, old = modular_enumeration(game, **kw), enumerate_equilibria(game, **kw)
    assert len(new) == len(old)
    assert [e.probabilities for e in new] == [e.probabilities for e in old]
    assert new.degenerate == old.degenerate
    assert new.extra == old.extra
    assert (new.method, new.complete, new.exact, new.notes) == \
        (old.method, old.complete, old.exact, old.notes)
    return new


def game_of(m, n, low, high, seed):
    rng = np.random.default_rng(seed)
    return NormalFormGame.from_matrices(rng.integers(low, high + 1, size=(m, n)).tolist(),
                                        rng.integers(low, high + 1, size=(m, n)).tolist())


# ---------------------------------------------------------------------- known answers
BOS = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
# the entry game in normal form: (In, Accommodate) and the segment Out, P(Fight) >= 1/2
ENTRY = NormalFormGame.from_matrices([[0, 0], [-1, 1]], [[2, 2], [-1, 1]])
RPS = NormalFormGame.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])


def test_known_answers():
    sol = same_result(BOS)
    assert [e.probabilities for e in sol] == [
        ((0, 1), (0, 1)), ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))), ((1, 0), (1, 0))]
    assert sol.degenerate is False and sol.complete
    sol = same_result(ENTRY)
    assert len(sol) == 3 and sol.degenerate is True
    assert ((1, 0), (F(1, 2), F(1, 2))) in [e.probabilities for e in sol]
    sol = same_result(RPS)
    assert len(sol) == 1 and sol[0].probabilities == ((F(1, 3),) * 3,) * 2


def test_float_and_fraction_payoffs():
    g = NormalFormGame.from_matrices([[0.5, 0.1], [0.3, 0.7]], [[0.2, 0.9], [0.4, 0.1]])
    sol = same_result(g)
    assert len(sol) == 1 and not sol.exact and sol.notes
    g = NormalFormGame.from_matrices([["1/2", 0], [0, "1/3"]], [["1/3", 0], [0, "1/2"]])
    assert same_result(g)[1].probabilities == ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5)))


def test_small_games_are_handed_to_the_integer_search(monkeypatch):
    monkeypatch.setattr(modular_module, "CLASSIC_CELLS", 48)
    called = []
    monkeypatch.setattr(modular_module, "enumerate_equilibria",
                        lambda game, **kw: called.append(game) or enumerate_equilibria(game, **kw))
    assert len(modular_enumeration(BOS)) == 3 and called == [BOS]
    big = game_of(7, 7, 0, 9, 0)
    same_result(big)
    assert called == [BOS]


def test_large_tableaux_are_handed_to_the_integer_search(monkeypatch):
    # beyond MAX_TABLEAU_BYTES per basis the one-tableau search holds the least memory
    monkeypatch.setattr(modular_module, "MAX_TABLEAU_BYTES", 100)
    called = []
    monkeypatch.setattr(modular_module, "enumerate_equilibria",
                        lambda game, **kw: called.append(game) or enumerate_equilibria(game, **kw))
    g = game_of(7, 7, 0, 9, 1)
    assert len(modular_enumeration(g)) == len(enumerate_equilibria(g)) and called == [g]


def test_huge_payoffs_are_handed_to_the_integer_search():
    g = NormalFormGame.from_matrices([[10 ** 400, 0], [0, 1]], [[1, 0], [0, 10 ** 400]])
    assert len(same_result(g)) == 3
    g = NormalFormGame.from_matrices([[10 ** 150, 0], [0, 1]], [[1, 0], [0, 10 ** 150]])
    assert len(same_result(g)) == 3                   # ~1000-bit minors, still in residues


# ---------------------------------------------------------------------- same as the reference
@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 10 ** 6))
def test_generic_games_match_the_reference(m, n, seed):
    same_result(game_of(m, n, -1000, 1000, seed))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.sampled_from([1, 2, 9]), st.integers(0, 10 ** 6))
def test_degenerate_games_match_the_reference(m, n, high, seed):
    same_result(game_of(m, n, 0, high, seed))


@pytest.mark.parametrize("seed", range(3))
def test_square_games_searched_together_match(seed):
    # square games search P and Q in one batched search
    for kind in ((-1000, 1000), (0, 9)):
        same_result(game_of(7, 7, *kind, seed))


@pytest.mark.slow
@pytest.mark.parametrize("m, n, low, high, seed", [
    (9, 9, -1000, 1000, 0), (10, 10, -1000, 1000, 1), (10, 10, 0, 9, 2), (8, 12, 0, 9, 3),
    (12, 8, -1000, 1000, 4), (10, 10, 0, 2, 5)])
def test_larger_games_match_the_reference(m, n, low, high, seed):
    same_result(game_of(m, n, low, high, seed))


def test_more_than_62_labels():
    # 2 x 61: 63 labels and 63 variables, past int64 bitmasks (Python-int keys)
    sol = same_result(game_of(2, 61, 0, 5, 1))
    assert len(sol) >= 1


# ---------------------------------------------------------------------- the exact safeguards
def test_wrong_float_proposals_are_caught(monkeypatch):
    """Floats only propose pivots: corrupting a third of the proposals must not change
    a single vertex (the residues reject them and the exact ratio test redoes them)."""
    original = vertex_search._Search._propose
    rng = random.Random(5)
    calls = []

    def corrupted(self, batch):
        rows = original(self, batch)
        flip = np.array([rng.random() < 0.35 for _ in range(rows.size)]).reshape(rows.shape)
        rows[flip] = np.array([rng.randrange(-1, self.k) for _ in range(int(flip.sum()))])
        calls.append(int(flip.sum()))
        return rows

    monkeypatch.setattr(vertex_search._Search, "_propose", corrupted)
    for seed in range(4):
        same_result(game_of(4, 4, 0, 2, seed))
        same_result(game_of(4, 5, -1000, 1000, seed))
    assert sum(calls) > 50


SMALL_PRIMES = [p for p in range(101, 400, 2) if all(p % q for q in range(3, 20, 2))]


def small_system(M):
    """Residues on primes near 100-400: pivot entries and determinants divisible by a
    prime are then common, and the search must take its exact detours."""
    need = vertex_search.hadamard_bits(M) + 3
    count = next(c for c in range(1, len(SMALL_PRIMES))
                 if sum(math.log2(p) for p in SMALL_PRIMES[:c]) > need)
    return Residues(count, primes=SMALL_PRIMES)


@pytest.mark.parametrize("seed", range(6))
def test_determinants_divisible_by_a_prime(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    M = (rng.integers(0, 4 if seed % 2 else 60, size=(4, 5)) + 1).tolist()
    exact = []
    original = vertex_search._Search._expand_exact
    monkeypatch.setattr(vertex_search._Search, "_expand_exact",
                        lambda self, *a: (exact.append(1), original(self, *a)))
    args = (M, range(5), range(5, 9), 10 ** 6, "P", Deadline(None, "x"))
    fast = lexico_vertices(*args)
    small = lexico_vertices(*args, rns=small_system(M))
    assert fast.bases == small.bases and fast.degenerate == small.degenerate
    assert sorted(fast.masks.tolist()) == sorted(small.masks.tolist())
    if seed == 0:
        assert exact          # the exact list was used


def test_two_polytopes_in_one_search_are_two_searches():
    rng = np.random.default_rng(3)
    A = (rng.integers(0, 5, size=(5, 5)) + 1).tolist()
    B = (rng.integers(0, 1000, size=(5, 5)) + 1).tolist()
    polys = [Polytope(A, range(5), range(5, 10), "A"), Polytope(B, range(5, 10), range(5), "B")]
    both = search_polytopes(polys, 10 ** 6, Deadline(None, "x"))
    for poly, res in zip(polys, both):
        alone = search_polytopes([poly], 10 ** 6, Deadline(None, "x"))[0]
        assert res.bases == alone.bases and res.degenerate == alone.degenerate
        assert res.masks.tolist() == alone.masks.tolist() or \
            sorted(res.masks.tolist()) == sorted(alone.masks.tolist())
        assert res.masks[0] == alone.masks[0]                # the origin first


@pytest.mark.parametrize("budget", [40_000, 400_000])
def test_bounded_memory_gives_the_same_answer(budget, monkeypatch):
    """Past its memory budget the search queues bases bare and rebuilds their tableaux
    from scratch (Gauss-Jordan in residues): nothing else may change."""
    monkeypatch.setattr(vertex_search, "MEMORY_BUDGET", budget)
    rebuilt = []
    original = vertex_search._Search._rebuild
    monkeypatch.setattr(vertex_search._Search, "_rebuild",
                        lambda self, bare: (rebuilt.append(len(bare)), original(self, bare))[1])
    same_result(game_of(8, 8, -1000, 1000, 2))
    same_result(game_of(8, 9, 0, 9, 2))
    assert sum(rebuilt) > 100


# ---------------------------------------------------------------------- input and limits
def test_input_checks():
    with pytest.raises(InvalidGameError, match="two-player"):
        modular_enumeration(NormalFormGame([np.zeros((2, 2, 2), dtype=int)] * 3))
    for bad in (0, -5, 2.5, True):
        with pytest.raises(GameError, match="max_vertices"):
            modular_enumeration(BOS, max_vertices=bad)


def test_limits_say_which_and_how_to_raise_them():
    with pytest.raises(SolverLimitError, match="max_vertices"):
        modular_enumeration(RPS, max_vertices=3)
    assert len(modular_enumeration(RPS, max_vertices=20)) == 1
    with pytest.raises(SolverLimitError, match="max_vertices"):
        modular_enumeration(game_of(3, 5, 0, 9, 1), max_vertices=10)   # P then Q
    with pytest.raises(SolverLimitError, match="max_equilibria"):
        modular_enumeration(BOS, max_equilibria=2)
    with pytest.raises(SolverLimitError, match="time_limit"):
        modular_enumeration(game_of(12, 12, -1000, 1000, 0), time_limit=1e-4)


# ---------------------------------------------------------------------- the pieces
@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-(2 ** 170), 2 ** 170), min_size=1, max_size=40))
def test_residues_give_exact_integers_signs_and_zeros(values):
    rns = Residues.for_bits(171)
    R = rns.from_ints(values + [0])
    assert [rns.to_int(R[:, t]) for t in range(len(values) + 1)] == values + [0]
    f = rns.to_float(R).tolist()
    assert f[-1] == 0.0
    for v, x in zip(values, f):
        assert (x > 0) == (v > 0) and (x == 0) == (v == 0)
        assert abs(x - v) <= 1e-12 * abs(v)
    inv = rns.inverse(R)
    assert np.all((rns.reduce(inv * R) == 1) | (R == 0))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2 ** 40), max_size=300), min_size=1, max_size=6),
       st.sampled_from([40, 80]))
def test_key_set_is_a_set(rounds, bits):
    ks, ref = KeySet(bits), set()
    dtype = np.int64 if bits <= 62 else object
    for keys in rounds:
        new = np.array(sorted(set(keys) - ref), dtype=dtype)
        ks.add(new)
        ref.update(new.tolist())
        probe = np.array(keys + [2 ** 41, 7], dtype=dtype)
        assert ks.contains(probe).tolist() == [k in ref for k in probe.tolist()]
    assert len(ks) == len(ref)


def test_complete_pairs_find_degenerate_partners():
    # labels 0..3 (m = n = 2): a degenerate P vertex (3 labels) pairs with two Q vertices
    assert complete_pairs([0b0111, 0b1001], [0b1000, 0b1100, 0b0110], 2, 2) == \
        [(0, 0), (0, 1), (1, 2)]


@pytest.mark.parametrize("shape", [(2, 2), (8, 8)])
def test_both_searches_refuse_bad_options_and_games_alike(shape):
    rng = np.random.default_rng(0)
    g = NormalFormGame.from_matrices(rng.integers(0, 9, shape), rng.integers(0, 9, shape))
    for bad in (0, True, 1.5):
        with pytest.raises(GameError, match="max_vertices must be a positive integer"):
            modular_enumeration(g, max_vertices=bad)
    three = NormalFormGame(rng.integers(0, 5, (3,) + shape + (2,)))
    with pytest.raises(InvalidGameError, match="two-player game; this one has 3 players"):
        modular_enumeration(three)
