"""Equilibria of general-sum trees from a guess of the supports (sequence_support).

Whatever the support guess returns must be certified exactly (regret 0 for both
players, checked here again on the behaviour profile, independently of the plans'
certificate); on nearly zero-sum trees -- the case it is built for -- it must also
succeed, not just fall back.
"""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.algorithms import sequence_form as sequence_form_module
from solver.algorithms.sequence_certificate import PlanFinisher
from solver.algorithms.sequence_form import sequence_form
from solver.algorithms.sequence_support import (NEARLY_CONSTANT_SUM, constant_sum_spread,
                                                support_equilibrium)
from solver.conversions.sequence_form import build_sequence_form
from solver.forms.extensive.behavior import behavior_regret
from solver.forms.extensive.builder import TreeBuilder


def poker_like(seed, depth=4, rake=F(1, 10), general=False):
    """A random two-player tree of perfect recall: a chance deal of private signals,
    then alternating moves that each player sees only partly.  Leaf payoffs are
    zero-sum, then player 2's winnings are raked (or, with ``general``, both payoffs
    drawn independently)."""
    rng = np.random.default_rng(seed)
    b = TreeBuilder(players=("A", "B"))
    deal = b.chance([(f"d{k}", F(1, 3)) for k in range(3)])

    def grow(parent, level, own, card):
        if level == depth or (level > 1 and rng.random() < 0.25):
            u = int(rng.integers(-6, 7))
            v = int(rng.integers(-6, 7)) if general else -u
            if not general and v > 0:
                v = v * (1 - rake)
            b.terminal(parent, payoffs=(u, v))
            return
        p = level % 2
        key = (p, own[p], card if p == 0 else int(rng.integers(0, 2)))
        node = b.decision(p, ("a0", "a1"), parent=parent, infoset=key)
        for k in range(2):
            new = list(own)
            new[p] = own[p] + ((key, k),)
            grow((node, k), level + 1, tuple(new), card)

    for c in range(3):
        grow((deal, c), 0, ((), ()), c)
    return b.build()


def check(game, eq):
    """The returned behaviour is an exact equilibrium (regret 0 recomputed on the tree)."""
    assert tuple(eq.regret) == (0, 0)
    assert tuple(behavior_regret(game, eq.profile)) == (0, 0)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), general=st.booleans())
def test_whatever_it_returns_is_certified(seed, general):
    game = poker_like(seed, general=general)
    sf = build_sequence_form(game)
    found = support_equilibrium(sf, PlanFinisher(sf))
    if found is not None:
        eq, notes, rounds = found
        assert len(notes) == 1 and "support" in notes[0] and 0 <= rounds
        check(game, eq)


def test_nearly_zero_sum_trees_are_solved():
    solved = 0
    for seed in range(12):
        game = poker_like(seed)
        sf = build_sequence_form(game)
        assert sf.constant_sum is None
        found = support_equilibrium(sf, PlanFinisher(sf))
        if found is not None:
            check(game, found[0])
            solved += 1
    assert solved >= 10


def test_no_rounds_on_a_raked_tree_gives_up_or_certifies():
    # rounds=0 only tries the zero-sum part's own solution: it may not be an
    # equilibrium of the raked game, and then nothing is returned
    results = []
    for seed in range(6):
        game = poker_like(seed)
        sf = build_sequence_form(game)
        found = support_equilibrium(sf, PlanFinisher(sf), rounds=0)
        if found is not None:
            check(game, found[0])
        results.append(found is None)
    assert any(results)


def test_wired_into_sequence_form_and_falls_back(monkeypatch):
    game = poker_like(3, depth=6)
    # the support guess runs on LCPs of FLOAT_PATH_SIZE rows and more: here on all
    monkeypatch.setattr(sequence_form_module, "FLOAT_PATH_SIZE", 0)
    sol = sequence_form(game)
    assert sol.exact and "support_lps" in sol.extra and "pivots" not in sol.extra
    check(game, sol.equilibria[0])
    monkeypatch.setattr(sequence_form_module, "support_equilibrium", lambda *a, **k: None)
    sol = sequence_form(game)
    assert sol.exact and "pivots" in sol.extra
    assert any("no guess of the supports" in n for n in sol.notes)
    check(game, sol.equilibria[0])


def test_raked_leduc_exact_and_certified():
    import games
    game = games.get("leduc-poker-raked")
    sol = sequence_form(game)
    assert sol.exact and sol.extra["support_lps"] >= 1
    eq = sol.equilibria[0]
    assert tuple(eq.regret) == (0, 0)
    assert all(isinstance(u, F) for u in eq.payoffs)


def test_only_nearly_constant_sum_trees_try_the_guess(monkeypatch):
    raked, general = poker_like(5), poker_like(5, general=True)
    assert 0 < constant_sum_spread(raked) <= NEARLY_CONSTANT_SUM < constant_sum_spread(general)
    assert constant_sum_spread(poker_like(5, rake=0)) == 0
    monkeypatch.setattr(sequence_form_module, "FLOAT_PATH_SIZE", 0)
    sol = sequence_form(general)
    assert "pivots" in sol.extra and "support_lps" not in sol.extra
    assert not any("guess of the supports" in n for n in sol.notes)
    check(general, sol.equilibria[0])
