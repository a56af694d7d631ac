"""Beliefs by Bayes' rule, sequential rationality and the PBE check."""
from __future__ import annotations

from fractions import Fraction as F

import pytest

from solver.analysis.beliefs import (
    UNREACHED,
    BeliefRange,
    PBECheck,
    Violation,
    beliefs,
    perfect_bayesian,
    realization_probabilities,
    sequentially_rational,
)
from solver.forms.extensive.behavior import BehaviorProfile
from solver.forms.extensive.builder import TreeBuilder


def hidden_chance():
    """Chance L 1/3, R 2/3; P1 (indifferent) sees it and plays a/b; P2 sees a or b only
    and wants u after L, v after R."""
    b = TreeBuilder(("P1", "P2"))
    c = b.chance({"L": F(1, 3), "R": F(2, 3)})
    for side in ("L", "R"):
        p1 = b.decision("P1", ("a", "b"), parent=c[side], infoset=f"P1 {side}", label=side)
        for act in ("a", "b"):
            p2 = b.decision("P2", ("u", "v"), parent=p1[act], infoset=f"after {act}",
                            label=f"{side}{act}")
            b.terminal(p2, "u", payoffs=(0, int(side == "L")))
            b.terminal(p2, "v", payoffs=(0, int(side == "R")))
    return b.build()


def selten_horse():
    """Textbook row 12 (Selten 1975, fig. 1)."""
    b = TreeBuilder(("P1", "P2", "P3"))
    p1 = b.decision("P1", ("Across", "Down"))
    p2 = b.decision("P2", ("Across", "Down"), parent=p1["Across"])
    b.terminal(p2, "Across", payoffs=(1, 1, 1))
    a = b.decision("P3", ("L", "R"), parent=p2["Down"], infoset="P3", label="a")
    b.terminal(a, "L", payoffs=(0, 0, 1))
    b.terminal(a, "R", payoffs=(4, 4, 0))
    c = b.decision("P3", ("L", "R"), parent=p1["Down"], infoset="P3", label="b")
    b.terminal(c, "L", payoffs=(0, 0, 0))
    b.terminal(c, "R", payoffs=(3, 2, 2))
    return b.build()


def test_bayes_rule_on_a_simple_tree():
    g = hidden_chance()
    # P1: at L a/b = 1/2,1/2; at R 1/4,3/4.  P2's sets: after a (nodes La, Ra), after b.
    prof = BehaviorProfile.from_game(g, [[("1/2", "1/2"), ("1/4", "3/4")],
                                         [(1, 0), (0, 1)]])
    reach = realization_probabilities(g, prof)
    assert sum(reach[h] for h in g.terminal_payoffs()) == 1
    mu = beliefs(g, prof)
    assert len(mu) == 4
    after_a = next(s for s in g.infosets[1] if s.label == "after a")
    gid = int(g.node_infoset[after_a.nodes[0]])
    la, ra = after_a.nodes
    assert g.label(la) == "La" and g.label(ra) == "Ra"
    # (1/3 * 1/2) / (1/3 * 1/2 + 2/3 * 1/4) = 1/2
    assert mu[gid] == {la: F(1, 2), ra: F(1, 2)}
    after_b = next(s for s in g.infosets[1] if s.label == "after b")
    gb = int(g.node_infoset[after_b.nodes[0]])
    # (1/3 * 1/2) / (1/6 + 2/3 * 3/4) = 1/4
    assert mu[gb] == {after_b.nodes[0]: F(1, 4), after_b.nodes[1]: F(3, 4)}


def test_unreached_set_has_no_bayes_belief():
    g = hidden_chance()
    prof = BehaviorProfile.from_game(g, [[(1, 0), (1, 0)], [(1, 0), (1, 0)]])
    mu = beliefs(g, prof)
    after_b = int(g.node_infoset[next(s for s in g.infosets[1] if s.label == "after b").nodes[0]])
    assert mu[after_b] is UNREACHED
    after_a = int(g.node_infoset[next(s for s in g.infosets[1] if s.label == "after a").nodes[0]])
    assert sorted(mu[after_a].values()) == [F(1, 3), F(2, 3)]


def test_sequential_rationality_on_the_path():
    g = hidden_chance()
    # pooling on a: P2's belief is the prior; u pays P2 1/3, v pays 2/3 -> u is a mistake
    prof = BehaviorProfile.from_game(g, [[(1, 0), (1, 0)], [(1, 0), (1, 0)]])
    ok, violations = sequentially_rational(g, prof, beliefs(g, prof))
    assert not ok and len(violations) == 1
    v = violations[0]
    assert isinstance(v, Violation)
    assert (v.player, v.label, v.action, v.gain) == ("P2", "after a", "v", F(1, 3))
    good = BehaviorProfile.from_game(g, [[(1, 0), (1, 0)], [(0, 1), (1, 0)]])
    assert sequentially_rational(g, good, beliefs(g, good)) == (True, [])


def test_selten_horse_across_across_left_is_pbe():
    g = selten_horse()
    prof = BehaviorProfile.pure(g, [0, 0, 0])          # Across, Across, L
    assert beliefs(g, prof)[2] is UNREACHED
    check = perfect_bayesian(g, prof)
    assert isinstance(check, PBECheck)
    assert check.is_pbe and check.consistent and check.sequentially_rational
    assert check.violations == ()
    # L is optimal for P3 exactly when his belief in node a is at least 2/3
    assert check.ranges == (BeliefRange(2, 3, F(2, 3), F(1)),)
    assert g.label(3) == "a"
    # with a belief of 1/3 on a, R is better by 1/3*... : L gives 1/3, R gives 4/3
    ok, bad = sequentially_rational(g, prof, {2: {3: F(1, 3), 6: F(2, 3)}})
    assert not ok and [(v.player, v.action, v.gain) for v in bad] == [("P3", "R", F(1))]
    assert not perfect_bayesian(g, prof, {2: {3: F(1, 3), 6: F(2, 3)}}).is_pbe


def test_selten_horse_down_across_right_is_not_pbe():
    g = selten_horse()
    prof = BehaviorProfile.pure(g, [1, 0, 1])          # Down, Across, R
    mu = beliefs(g, prof)
    assert mu[1] is UNREACHED and mu[2] == {3: 0, 6: 1}
    check = perfect_bayesian(g, prof)
    assert not check.is_pbe and check.consistent and not check.sequentially_rational
    assert len(check.violations) == 1
    v = check.violations[0]
    assert (v.player, v.action, v.gain) == ("P2", "Down", F(3))  # 4 against R instead of 1


def test_inconsistent_beliefs_on_path():
    g = selten_horse()
    prof = BehaviorProfile.pure(g, [1, 0, 1])
    check = perfect_bayesian(g, prof, {2: {3: F(1, 2), 6: F(1, 2)}})
    assert not check.consistent
    assert check.beliefs[2] == {3: 0, 6: 1}            # Bayes' rule is what is used


def test_beer_quiche_pooling_on_beer_needs_weak_belief_after_quiche():
    games = pytest.importorskip("games")
    try:
        g = games.get("beer-quiche")
    except Exception:
        pytest.skip("beer-quiche not in the catalogue yet")
    labels = [s.label for sets in g.infosets for s in sets]
    assert labels == ["Strong", "Weak", "after Beer", "after Quiche"]
    # both types Beer; Don't after Beer; Duel after Quiche (textbook row 13)
    prof = BehaviorProfile.pure(g, [0, 0, 1, 0])
    check = perfect_bayesian(g, prof)
    assert check.is_pbe
    assert len(check.ranges) == 1
    rng = check.ranges[0]
    quiche = g.infoset(3)
    strong_node = next(h for h in quiche.nodes if g.label(h).startswith("Strong"))
    assert rng.node == strong_node
    assert (rng.low, rng.high) == (0, F(1, 2))         # mu(Weak | Quiche) >= 1/2
    # Don't after Quiche would make the Weak type deviate to Quiche: not an equilibrium
    assert not perfect_bayesian(g, BehaviorProfile.pure(g, [0, 0, 1, 1])).is_pbe


def test_three_node_set_search():
    """An unreached three-node set: a point mass supports the play, found by the search."""
    b = TreeBuilder(("P1", "P2"))
    r = b.decision("P1", ("x", "y", "z", "out"))
    for a, pay in (("x", (1, 0)), ("y", (0, 0)), ("z", (0, 0))):
        n = b.decision("P2", ("u", "v"), parent=r[a], infoset="P2")
        b.terminal(n, "u", payoffs=(0, 1 if a == "x" else 0))
        b.terminal(n, "v", payoffs=(0, 0 if a == "x" else 1))
    b.terminal(r, "out", payoffs=(1, 0))
    g = b.build()
    prof = BehaviorProfile.pure(g, [3, 0])
    check = perfect_bayesian(g, prof)
    assert check.is_pbe and check.needs_beliefs == ()
    assert check.beliefs[1][1] == 1                    # all weight on the node after x


def test_full_continuation_counts_later_own_mistakes():
    """P1 plays a, then (at his later set) the worse c: the check at his first set
    reports the gain of the best continuation, which starts with the same a."""
    b = TreeBuilder(("P1", "P2"))
    r = b.decision("P1", ("a", "b"))
    later = b.decision("P1", ("c", "d"), parent=r["a"])
    b.terminal(later, "c", payoffs=(1, 0))
    b.terminal(later, "d", payoffs=(3, 0))
    b.terminal(r, "b", payoffs=(2, 0))
    g = b.build()
    prof = BehaviorProfile.pure(g, [0, 0])
    ok, vs = sequentially_rational(g, prof, beliefs(g, prof))
    assert not ok and len(vs) == 2
    assert sorted((v.infoset, v.action, v.gain) for v in vs) == [(0, "a", F(2)), (1, "d", F(2))]


def test_bad_beliefs_are_refused():
    from solver.errors import InvalidGameError
    g = selten_horse()
    prof = BehaviorProfile.pure(g, [0, 0, 0])
    with pytest.raises(InvalidGameError, match="sum to 1"):
        perfect_bayesian(g, prof, {2: {3: F(1, 2), 6: F(1, 3)}})
    with pytest.raises(InvalidGameError, match="not in the set"):
        sequentially_rational(g, prof, {2: {0: 1}})
