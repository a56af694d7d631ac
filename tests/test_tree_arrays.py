"""Bulk construction (from_arrays) and the level-by-level (numpy) passes on game trees.

The level passes are used on large trees only; here thresholds are lowered so that
small random trees go through them, and every answer is compared with the scalar
(one node per step) passes, which test_backward_induction checks against brute force.
"""
from __future__ import annotations

import random
import sys
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from helpers import random_behavior, seeded_weights
from hypothesis import given, settings
from hypothesis import strategies as st

import solver.algorithms.backward_levels as levels
import solver.forms.extensive.arrays as tree_arrays
import solver.forms.extensive.levels as behavior_levels
from solver.algorithms.backward_induction import spe
from solver.errors import InvalidGameError, SolverLimitError
from solver.forms.extensive.behavior import behavior_payoffs, best_response
from solver.forms.extensive.builder import TreeBuilder
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveFormGame

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


def random_tree(seed, n_decisions=8, players=2, high=3, floats=False):
    """A random tree through TreeBuilder: chance nodes (some with a zero branch), ties,
    a few fractional or float payoffs."""
    rng = random.Random(seed)
    b = TreeBuilder(tuple(f"P{i}" for i in range(players)))
    root = b.decision(rng.randrange(players), ("a", "b"))
    slots = [(root, "a"), (root, "b")]
    made = 1
    while slots:
        parent = slots.pop(rng.randrange(len(slots)))
        if made < n_decisions and (rng.random() < 0.6 or not slots):
            if rng.random() < 0.2:
                pr = rng.choice([{"x": "1/3", "y": "2/3"}, {"x": "0", "y": "1"},
                                 {"x": "1/7", "y": "6/7"}])
                node, acts = b.chance(pr, parent=parent), ("x", "y")
            else:
                acts = ("a", "b", "c")[:rng.choice((2, 3))]
                extra = None      # sometimes an outcome on the way (added to the plays below)
                if rng.random() < 0.15:
                    extra = tuple(rng.randint(-2, 2) for _ in range(players))
                    extra = tuple(x / 4 for x in extra) if floats else extra
                node = b.decision(rng.randrange(players), acts, parent=parent, outcome=extra)
                made += 1
            slots.extend((node, a) for a in acts)
        else:
            pay = tuple(rng.randint(0, high) for _ in range(players))
            if floats:
                pay = tuple(x / 4 for x in pay)
            elif rng.random() < 0.2:
                pay = tuple(F(x, 3) for x in pay)
            b.terminal(parent, payoffs=pay)
    return b.build()


@pytest.fixture
def level_passes(monkeypatch):
    """Send every tree through the level passes."""
    monkeypatch.setattr(tree_arrays, "MIN_NODES", 0)
    monkeypatch.setattr(tree_arrays, "MIN_PER_LEVEL", 0)


def _scalar(monkeypatch):
    monkeypatch.setattr(tree_arrays, "MIN_NODES", 10**12)


def _answer(g):
    try:
        sol = spe(g, max_equilibria=100)
    except SolverLimitError as e:      # too many ties: the same count must be reported
        return str(e)
    def r(v):     # float games: sums in another order may differ in the last digit
        return tuple(round(x, 9) if isinstance(x, float) else x for x in v)
    return ([(e.profile.probabilities, r(e.payoffs), r(e.regret)) for e in sol],
            [(s.node, {a: r(v) for a, v in s.values.items()}, s.chosen, s.on_path)
             for s in sol.trace], sol.notes)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**9), st.sampled_from([3, 8, 30]), st.integers(2, 3),
       st.sampled_from([1, 3, 100]), st.booleans(), st.booleans())
def test_level_spe_equals_scalar_spe(seed, n_dec, players, high, floats, huge):
    g = random_tree(seed, n_dec, players, high, floats and seed % 3 == 0)
    with pytest.MonkeyPatch.context() as mp:
        _scalar(mp)
        expected = _answer(g)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tree_arrays, "MIN_NODES", 0)
        mp.setattr(tree_arrays, "MIN_PER_LEVEL", 0)
        if huge:       # Python integers instead of int64
            for mod in (tree_arrays, behavior_levels):
                mp.setattr(mod, "INT64_SAFE", 1)
        g2 = random_tree(seed, n_dec, players, high, floats and seed % 3 == 0)
        got = _answer(g2)
    assert len(got[0]) == len(expected[0])
    assert got == expected


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**9))
def test_level_behaviour_payoffs_and_best_responses_equal_scalar(seed):
    g = random_tree(seed, n_decisions=25, players=3, high=9)
    prof = random_behavior(g, seeded_weights(seed))
    scalar = (behavior_payoffs(g, prof), [best_response(g, prof, i) for i in range(3)])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tree_arrays, "MIN_NODES", 0)
        mp.setattr(tree_arrays, "MIN_PER_LEVEL", 0)
        g.memo.pop("level_weights", None)
        fast = (behavior_payoffs(g, prof), [best_response(g, prof, i) for i in range(3)])
        assert "level_weights" in g.memo      # the level passes did run
    assert fast == scalar


def test_certificate_of_level_pass_catches_a_wrong_choice(level_passes):
    from solver.errors import SolverError
    g = random_tree(5, n_decisions=30, players=2, high=50)
    choice, _, _ = levels.backward_levels(g, 0)
    levels.check_levels(g, choice, 0)
    dec = [h for h in range(g.n_nodes) if g.kind(h) == "decision"]
    h = next(h for h in dec if len(set(g.children(h))) > 1 and
             g.payoffs(g.children(h)[0]) != g.payoffs(g.children(h)[1]))
    bad = choice.copy()
    wrong = [a for a in range(len(g.actions(h))) if a != choice[h]]
    for a in wrong:
        bad[h] = a
        try:
            levels.check_levels(g, bad, 0)
        except SolverError as e:
            assert "would deviate" in str(e)
            return
    pytest.skip("every action is optimal at the chosen node")


# ----------------------------------------------------------------------------- from_arrays
def _builder_copy(parent, kind, player, payoffs, chance, players):
    b = TreeBuilder(players)
    nch = np.bincount(parent[1:], minlength=len(parent))
    handles, nxt, term = [None] * len(parent), [0] * len(parent), iter(payoffs)
    for h, (p, k, i) in enumerate(zip(parent, kind, player)):
        where = None if p < 0 else (handles[p], nxt[p])
        if p >= 0:
            nxt[p] += 1
        acts = tuple(str(a + 1) for a in range(nch[h]))
        if k == TERMINAL:
            b.terminal(where, payoffs=next(term))
        elif k == CHANCE:
            handles[h] = b.chance(list(zip(acts, chance[h])), parent=where)
        else:
            handles[h] = b.decision(int(i), acts, parent=where)
    return b.build()


@pytest.mark.parametrize("seed", range(4))
def test_from_arrays_equals_the_builder_tree(seed):
    from backward_induction import PLAYERS, random_tree_arrays
    parent, kind, player, payoffs, chance = random_tree_arrays(3000, seed)
    g = ExtensiveFormGame.from_arrays(PLAYERS, parent, kind, player, payoffs, chance=chance)
    assert g.n_nodes == len(parent)
    other = _builder_copy(parent.tolist(), kind.tolist(), player.tolist(), payoffs.tolist(),
                          chance, PLAYERS)
    assert g == other
    assert spe(g)[0].payoffs == spe(other)[0].payoffs


def test_from_arrays_small_tree_renumbers_breadth_first_input_in_preorder():
    # breadth-first input: root, its two children, then the first child's two children
    g = ExtensiveFormGame.from_arrays(
        ("A", "B"), parent=[-1, 0, 0, 1, 1],
        kind=[DECISION, DECISION, TERMINAL, TERMINAL, TERMINAL],
        player=[0, 1, -1, -1, -1],
        payoffs=[[0, 0], [0, 0], [5, 1], [1, 2], [3, 4]])
    # pre-order: 0, 1 (decision of B), its children (old 3, 4), then the old node 2
    assert g.node_kind.tolist() == [DECISION, DECISION, TERMINAL, TERMINAL, TERMINAL]
    assert g.node_parent.tolist() == [-1, 0, 1, 1, 0]
    assert g.node_parent_action.tolist() == [-1, 0, 0, 1, 1]
    assert g.payoffs(2) == (1, 2) and g.payoffs(4) == (5, 1)
    assert g.actions(0) == ("1", "2") and g.n_infosets == 2
    sol = spe(g)
    assert len(sol) == 1 and sol[0].payoffs == (5, 1)


def test_from_arrays_exact_fractions_and_float_payoffs():
    kw = dict(players=("A",), parent=[-1, 0, 0], kind=[CHANCE, TERMINAL, TERMINAL],
              player=[-1, -1, -1], chance={0: ("1/3", "2/3")})
    g = ExtensiveFormGame.from_arrays(payoffs=np.array([["1/2"], [3]], dtype=object), **kw)
    assert g.exact and g.payoffs(1) == (F(1, 2),)
    assert spe(g)[0].payoffs == (F(1, 6) + 2,)
    h = ExtensiveFormGame.from_arrays(payoffs=np.array([[0.5], [3.0]]), **kw)
    assert not h.exact and spe(h)[0].payoffs == pytest.approx((2 + 1 / 6,))


@pytest.mark.parametrize("change, match", [
    (dict(parent=[-1, 0, 3]), "node 2: parent 3 must be a node before it"),
    (dict(kind=[DECISION, TERMINAL, 7]), "node 2: kind 7"),
    (dict(kind=[DECISION, TERMINAL, DECISION]), "node 2: a decision or chance node has no children"),
    (dict(player=[2, -1, -1]), "node 0: player 2 does not exist"),
    (dict(kind=[CHANCE, TERMINAL, TERMINAL]), "node 0: a chance node needs its probabilities"),
    (dict(kind=[CHANCE, TERMINAL, TERMINAL], chance={0: ("1/3", "1/3")}),
     "node 0: chance probabilities sum to 2/3"),
])
def test_from_arrays_errors_name_the_node(change, match):
    kw = dict(players=("A", "B"), parent=[-1, 0, 0], kind=[DECISION, TERMINAL, TERMINAL],
              player=[0, -1, -1], payoffs=[[1, 2], [3, 4]])
    kw.update(change)
    with pytest.raises(InvalidGameError, match=match):
        ExtensiveFormGame.from_arrays(**kw)


def test_from_arrays_information_sets_by_key():
    # A moves, B does not see it: B's two nodes form one set
    g = ExtensiveFormGame.from_arrays(
        ("A", "B"), parent=[-1, 0, 0, 1, 1, 2, 2],
        kind=[DECISION, DECISION, DECISION] + [TERMINAL] * 4, player=[0, 1, 1, -1, -1, -1, -1],
        payoffs=[[3, 3], [0, 4], [4, 0], [1, 1]], infoset=[-1, 7, 7, -1, -1, -1, -1])
    assert [len(s.nodes) for s in g.infosets[1]] == [2] and not g.is_perfect_information
    assert g.perfect_recall() == (True, "")


def test_benchmark_tree_of_200k_nodes_is_solved_and_certified_quickly():
    import time

    from backward_induction import PLAYERS, random_tree_arrays
    arrays = random_tree_arrays(200_000, 3)
    t = time.perf_counter()
    g = ExtensiveFormGame.from_arrays(PLAYERS, *arrays[:4], chance=arrays[4])
    sol = spe(g)
    assert time.perf_counter() - t < 20
    assert len(sol) >= 1 and all(r == 0 for r in sol[0].regret)


# ----------------------------------------------------------------------------- builder
def _two_sets_for_b():
    b = TreeBuilder(("A", "B"))
    root = b.decision("A", ("L", "R"), infoset="root")
    for a, key in (("L", "x"), ("R", "y")):
        n = b.decision("B", ("l", "r"), parent=root[a], infoset=key)
        b.terminal(n, "l", payoffs=(1, 0))
        b.terminal(n, "r", payoffs=(0, 1))
    return b


def test_build_numbers_information_sets_by_appearance_or_by_infoset_order():
    g = _two_sets_for_b().build()
    assert [s.label for s in g.infosets[1]] == ["x", "y"]
    assert [s.nodes for s in g.infosets[1]] == [(1,), (4,)]
    g2 = _two_sets_for_b().build(infoset_order=["y", "root", "x"])
    assert [s.label for s in g2.infosets[1]] == ["y", "x"]
    assert g2.node_infoset.tolist()[1] == 2 and g2.node_infoset.tolist()[4] == 1
    with pytest.raises(InvalidGameError, match="does not list information set 'x'"):
        _two_sets_for_b().build(infoset_order=["y", "root"])
    b = TreeBuilder(("A",))
    b.terminal(b.decision("A", ("a",)), "a", payoffs=(1,))
    with pytest.raises(InvalidGameError, match="has no infoset key"):
        b.build(infoset_order=[])
