"""Game trees: the builder, validation, perfect recall, value semantics, behaviour profiles."""
from __future__ import annotations

import itertools
import pathlib
from fractions import Fraction as F

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from solver.errors import InvalidGameError, SolverError
from solver.forms.extensive.behavior import (
    BehaviorProfile,
    behavior_payoffs,
    behavior_regret,
    best_response,
    certify_behavior,
)
from solver.forms.extensive.builder import TreeBuilder
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveFormGame
from solver.io.efg import read_efg

DATA = pathlib.Path(__file__).parent / "data" / "efg"


def entry_deterrence() -> ExtensiveFormGame:
    """Textbook row 9."""
    b = TreeBuilder(players=("Entrant", "Incumbent"), title="Entry deterrence")
    root = b.decision("Entrant", actions=("Out", "In"), label="entry")
    b.terminal(root, "Out", payoffs=(0, 2))
    fight = b.decision("Incumbent", parent=(root, "In"), actions=("Fight", "Accommodate"))
    b.terminal(fight, "Fight", payoffs=(-1, -1))
    b.terminal(fight["Accommodate"], payoffs=(1, 1))
    return b.build()


def kuhn() -> ExtensiveFormGame:
    return read_efg((DATA / "kuhn_poker.efg").read_text(), "kuhn_poker.efg")


# ----------------------------------------------------------------------------- structure
def test_entry_deterrence_structure():
    g = entry_deterrence()
    assert g.form == "extensive"
    assert g.n_nodes == 5 and g.root == 0
    assert [g.kind(h) for h in range(5)] == ["decision", "terminal", "decision", "terminal", "terminal"]
    assert [len(s) for s in g.infosets] == [1, 1]
    assert g.infosets[0][0].actions == ("Out", "In")
    assert g.infosets[0][0].label == "entry"          # defaults to the node label
    assert g.infosets[1][0].nodes == (2,)
    assert g.children(0) == (1, 2) and g.children(2) == (3, 4)
    assert g.node_parent.tolist() == [-1, 0, 0, 2, 2]
    assert g.path(4) == ("In", "Accommodate") and g.node_name(4) == "In/Accommodate"
    assert g.node_name(0) == "'entry'"
    assert g.terminal_payoffs() == {1: (0, 2), 3: (-1, -1), 4: (1, 1)}
    assert g.is_perfect_information and g.perfect_recall() == (True, "")
    assert g.exact and not g.parametric
    assert g.node(2).player == 1 and g.node(2).infoset.label == ""
    assert [n.index for n in g.nodes] == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError):
        g.node_kind[0] = 2                              # frozen arrays


def test_nodes_are_numbered_in_preorder_whatever_the_building_order():
    b = TreeBuilder(("A", "B"))
    r = b.decision("A", ("x", "y"))
    y = b.decision("B", ("u", "v"), parent=r["y"])       # built before x's subtree
    x = b.decision("B", ("u", "v"), parent=r["x"])
    for n, base in ((x, 0), (y, 10)):
        b.terminal(n, "v", payoffs=(base + 2, 0))
        b.terminal(n, "u", payoffs=(base + 1, 0))
    g = b.build()
    assert [g.kind(h) for h in range(7)] == ["decision", "decision", "terminal", "terminal",
                                             "decision", "terminal", "terminal"]
    assert [g.payoffs(h)[0] for h in (2, 3, 5, 6)] == [1, 2, 11, 12]
    # information sets of B in order of first appearance in pre-order: x's, then y's
    assert [s.nodes for s in g.infosets[1]] == [(1,), (4,)]


def test_information_sets_by_name_and_first_appearance_order():
    g = kuhn()
    assert g.n_nodes == 55
    assert [len(s) for s in g.infosets] == [6, 6]
    assert [s.label for s in g.infosets[0]][:2] == ["P1 J", "P1 J cb"]
    assert all(len(s.nodes) == 2 for sets in g.infosets for s in sets)
    assert not g.is_perfect_information
    assert g.perfect_recall() == (True, "")
    assert g.kind(0) == "chance" and g.chance_probabilities(0) == (F(1, 6),) * 6


def test_outcomes_on_inner_nodes_are_summed():
    b = TreeBuilder(("A", "B"))
    c = b.chance({"H": "1/2", "T": "1/2"}, outcome=(-1, -1), outcome_label="fee")
    b.terminal(c, "H", payoffs=(3, 1))
    d = b.decision("A", ("l", "r"), parent=c["T"], outcome=("1/2", 0))
    b.terminal(d, "l", payoffs=None)
    b.terminal(d, "r", payoffs=(1, 1))
    g = b.build()
    assert g.outcome(0).label == "fee"
    assert g.terminal_payoffs() == {1: (2, 0), 3: (F(-1, 2), -1), 4: (F(1, 2), 0)}


def test_value_equality_and_hash():
    g1, g2 = entry_deterrence(), entry_deterrence()
    assert g1 == g2 and hash(g1) == hash(g2)
    b = TreeBuilder(players=("Entrant", "Incumbent"), title="another title")
    root = b.decision("Entrant", actions=("Out", "In"), label="entry")
    b.terminal(root, "Out", payoffs=(0, 2))
    fight = b.decision("Incumbent", parent=root["In"], actions=("Fight", "Accommodate"))
    b.terminal(fight, "Fight", payoffs=(-1, -1))
    b.terminal(fight, "Accommodate", payoffs=(1, 2))
    assert b.build() != g1
    assert len({g1, g2}) == 1


def test_float_payoffs_make_the_game_inexact_and_symbols_parametric():
    b = TreeBuilder(("A", "B"))
    r = b.decision("A", ("x", "y"))
    b.terminal(r, "x", payoffs=(0.5, 1))
    b.terminal(r, "y", payoffs=(1, 1))
    assert not b.build().exact
    p = sympy.Symbol("p")
    b = TreeBuilder(("A", "B"), parameters={"p": "1/3"})
    c = b.chance({"H": p, "T": 1 - p})
    b.terminal(c, "H", payoffs=("s", 0))
    b.terminal(c, "T", payoffs=(1, 0))
    g = b.build()
    assert g.parametric and g.symbols == {"p", "s"}
    partial = g.substitute(s=2)
    assert partial.parametric and partial.symbols == {"p"}
    h = g.substitute(s=2, defaults=True)
    assert h.chance_probabilities(0) == (F(1, 3), F(2, 3)) and not h.parametric
    assert h.terminal_payoffs()[1] == (2, 0)
    with pytest.raises(InvalidGameError, match="negative"):
        g.substitute(p=2, s=0)
    with pytest.raises(InvalidGameError, match="unknown parameter 'q'"):
        g.substitute(q=1)


# ----------------------------------------------------------------------------- validation
def test_chance_probabilities_must_sum_to_exactly_one_and_the_error_names_the_node():
    b = TreeBuilder(("A",))
    r = b.decision("A", ("In", "Out"))
    with pytest.raises(InvalidGameError, match=r"node In: chance probabilities sum to 9/10"):
        b.chance({"H": "0.6", "T": "0.3"}, parent=r["In"])
    d = b.decision("A", ("Fight", "Stay"), parent=r["In"])
    with pytest.raises(InvalidGameError, match=r"node In/Fight: .*-1/2 is negative"):
        b.chance({"H": "3/2", "T": "-1/2"}, parent=d["Fight"])
    with pytest.raises(InvalidGameError, match="is a float"):
        b.chance({"H": 0.5, "T": 0.5}, parent=d["Fight"])


def test_information_set_with_other_actions_or_player_is_refused():
    b = TreeBuilder(("P1", "P2"))
    r = b.decision("P1", ("bet", "check"))
    b.decision("P2", ("call", "fold"), parent=r["bet"], infoset="P2 after bet")
    with pytest.raises(InvalidGameError, match=r"node check: information set 'P2 after bet' has "
                                               r"actions \['call', 'fold'\] at node bet"):
        b.decision("P2", ("fold", "call"), parent=r["check"], infoset="P2 after bet")
    with pytest.raises(InvalidGameError, match=r"node check: information set 'P2 after bet' "
                                               r"belongs to player 'P2' .* not to 'P1'"):
        b.decision("P1", ("call", "fold"), parent=r["check"], infoset="P2 after bet")


def test_structural_mistakes_name_the_node():
    b = TreeBuilder(("A", "B"))
    with pytest.raises(InvalidGameError, match="at least one action"):
        b.decision("A", ())
    with pytest.raises(InvalidGameError, match="no player 'C'"):
        b.decision("C", ("x",))
    r = b.decision("A", ("x", "y"))
    with pytest.raises(InvalidGameError, match="already has a root"):
        b.decision("B", ("x",))
    with pytest.raises(InvalidGameError, match="distinct labels"):
        b.decision("B", ("u", "u"), parent=r["x"])
    b.terminal(r, "x", payoffs=(1, 2), label="x")
    with pytest.raises(InvalidGameError, match="node x: action 'x' already has a child"):
        b.terminal(r, "x", payoffs=(1, 2))
    with pytest.raises(InvalidGameError, match="no action 'z'"):
        b.terminal(r, "z", payoffs=(1, 2))
    with pytest.raises(InvalidGameError, match="node y: the label 'x' is already used by node "
                                               "x; node labels must be unique"):
        b.terminal(r, "y", payoffs=(1, 2), label="x")
    with pytest.raises(InvalidGameError, match="node y: expected 2 payoffs"):
        b.terminal(r, "y", payoffs=(1,))
    d = b.decision("B", ("u", "v"), parent=r["y"])
    b.terminal(d, "u", payoffs=(0, 0))
    with pytest.raises(InvalidGameError, match="node y: action 'v' has no child"):
        b.build()
    with pytest.raises(InvalidGameError, match="empty"):
        TreeBuilder(("A",)).build()


def test_chance_actions_may_repeat_labels_and_are_then_addressed_by_index():
    b = TreeBuilder(("A",))
    c = b.chance([("1/2", "1/2"), ("1/2", "1/2")])
    with pytest.raises(InvalidGameError, match="give the action's index"):
        b.terminal(c, "1/2", payoffs=(1,))
    b.terminal(c, 0, payoffs=(1,))
    b.terminal(c, 1, payoffs=(3,))
    assert b.build().terminal_payoffs() == {1: (1,), 2: (3,)}


# ----------------------------------------------------------------------------- perfect recall
def _forget() -> ExtensiveFormGame:
    """A forgets whether he played L or R."""
    b = TreeBuilder(("A", "B"))
    r = b.decision("A", ("L", "R"), label="start")
    kids = [b.decision("A", ("l", "r"), parent=r[a], infoset="I") for a in "LR"]
    for k in kids:
        b.terminal(k, "l", payoffs=(1, 0))
        b.terminal(k, "r", payoffs=(0, 1))
    return b.build()


def test_perfect_recall_reason_names_player_infoset_and_forgotten_action():
    ok, reason = _forget().perfect_recall()
    assert not ok
    assert "player 'A'" in reason and "information set 'I'" in reason
    assert "'L'" in reason and "'R'" in reason and "forgets his own earlier action" in reason


def test_perfect_recall_reason_for_forgotten_information_set():
    b = TreeBuilder(("A", "B"))
    r = b.decision("B", ("L", "R"))
    a1 = b.decision("A", ("x", "y"), parent=r["L"], infoset="first")
    b.terminal(a1, "y", payoffs=(0, 0))
    kids = [b.decision("A", ("l", "r"), parent=a1["x"], infoset="I"),
            b.decision("A", ("l", "r"), parent=r["R"], infoset="I")]
    for k in kids:
        b.terminal(k, "l", payoffs=(1, 0))
        b.terminal(k, "r", payoffs=(0, 1))
    ok, reason = b.build().perfect_recall()
    assert not ok
    assert "information set 'first'" in reason and "forgets his earlier information set" in reason


def test_absent_minded_driver_lacks_perfect_recall():
    b = TreeBuilder(("Driver",))
    x = b.decision("Driver", ("B", "E"), infoset="junction")
    y = b.decision("Driver", ("B", "E"), parent=x["B"], infoset="junction")
    b.terminal(x, "E", payoffs=(0,))
    b.terminal(y, "B", payoffs=(1,))
    b.terminal(y, "E", payoffs=(4,))
    ok, reason = b.build().perfect_recall()
    assert not ok and "absent-mindedness" in reason and "'junction'" in reason


# ----------------------------------------------------------------------------- behaviour
def kuhn_equilibrium(alpha):
    """Kuhn's equilibrium family (Kuhn 1950), P1 bluffing with J with probability alpha."""
    a = F(alpha)
    p1 = {"P1 J": (1 - a, a), "P1 J cb": (1, 0), "P1 Q": (1, 0), "P1 Q cb": (F(2, 3) - a, a + F(1, 3)),
          "P1 K": (1 - 3 * a, 3 * a), "P1 K cb": (0, 1)}
    p2 = {"P2 J c": (F(2, 3), F(1, 3)), "P2 J b": (1, 0), "P2 Q c": (1, 0),
          "P2 Q b": (F(2, 3), F(1, 3)), "P2 K c": (0, 1), "P2 K b": (0, 1)}
    g = kuhn()
    return g, BehaviorProfile.from_game(g, [[p[s.label] for s in sets]
                                            for p, sets in zip((p1, p2), g.infosets)])


@pytest.mark.parametrize("alpha", [0, F(1, 6), F(1, 3)])
def test_kuhn_poker_equilibrium_family_has_value_minus_one_eighteenth(alpha):
    # Textbook row 14: value -1/18 to the first player, alpha in [0, 1/3]
    g, prof = kuhn_equilibrium(alpha)
    assert behavior_payoffs(g, prof) == (F(-1, 18), F(1, 18))
    assert behavior_regret(g, prof) == (0, 0)
    eq = certify_behavior(g, prof)
    assert eq.regret == (0, 0) and eq.exact
    assert eq.to_dict()["payoffs"] == ["-1/18", "1/18"]
    assert eq.behavior[0][0] == {"Check": 1 - F(alpha), "Bet": F(alpha)}


def test_a_deviation_in_kuhn_poker_has_positive_regret():
    g, prof = kuhn_equilibrium(0)
    probs = [list(P) for P in prof.probabilities]
    probs[1][0] = (F(0), F(1))          # P2 with Q after a check always bets
    bad = BehaviorProfile.from_game(g, probs)
    r = behavior_regret(g, bad)
    assert r[0] == 0 and r[1] > 0       # checking with Q was strictly better for P2
    with pytest.raises(SolverError, match="certificate failed"):
        certify_behavior(g, bad)


def _pure_values(g, profile, i):
    """Payoff of every pure strategy of player i against the others (brute force)."""
    sets = g.infosets[i]
    out = []
    for combo in itertools.product(*(range(len(s.actions)) for s in sets)):
        probs = [list(P) for P in profile.probabilities]
        probs[i] = [tuple(F(int(a == c)) for a in range(len(s.actions))) for s, c in zip(sets, combo)]
        out.append(behavior_payoffs(g, BehaviorProfile.from_game(g, probs))[i])
    return out


@given(st.lists(st.fractions(min_value=0, max_value=1, max_denominator=7), min_size=12, max_size=12))
def test_best_response_pass_equals_brute_force_over_pure_strategies(xs):
    g = kuhn()
    probs, k = [], 0
    for sets in g.infosets:
        row = []
        for _ in sets:
            row.append((1 - xs[k], xs[k]))
            k += 1
        probs.append(row)
    prof = BehaviorProfile.from_game(g, probs)
    for i in range(2):
        value, choice = best_response(g, prof, i)
        assert value == max(_pure_values(g, prof, i))
        pure = [list(P) for P in prof.probabilities]
        pure[i] = [tuple(F(int(a == c)) for a in range(2)) for c in choice]
        assert behavior_payoffs(g, BehaviorProfile.from_game(g, pure))[i] == value


def test_best_response_refuses_imperfect_recall():
    g = _forget()
    prof = BehaviorProfile.from_game(g, [[(1, 0), (1, 0)], []])
    assert behavior_payoffs(g, prof) == (1, 0)
    with pytest.raises(InvalidGameError, match="perfect recall"):
        best_response(g, prof, 0)


def test_behavior_profile_rejects_wrong_shapes():
    g = entry_deterrence()
    with pytest.raises(InvalidGameError, match="one strategy per player"):
        BehaviorProfile.from_game(g, [[(1, 0)]])
    with pytest.raises(InvalidGameError, match="has 2 actions"):
        BehaviorProfile.from_game(g, [[(1, 0, 0)], [(0, 1)]])


def test_large_tree_builds_in_linear_time():
    import time
    b = TreeBuilder(("A", "B"))
    frontier = [b.decision("A", ("l", "r"))]
    made = 1
    while made < 60_000:
        nxt = []
        for node in frontier:
            for a in ("l", "r"):
                nxt.append(b.decision("B" if made % 2 else "A", ("l", "r"), parent=node[a]))
                made += 1
        frontier = nxt
    for node in frontier:
        b.terminal(node, "l", payoffs=(1, 0))
        b.terminal(node, "r", payoffs=(0, 1))
    t = time.perf_counter()
    g = b.build()
    assert time.perf_counter() - t < 5
    assert g.n_nodes == 2 * len(frontier) + made
    assert g.node_kind[g.n_nodes - 1] == TERMINAL and g.node_kind[0] == DECISION
    assert CHANCE not in set(g.node_kind.tolist())


def test_outline_shows_moves_probabilities_and_payoffs():
    text = str(read_efg((DATA / "outcomes_on_path.efg").read_text()))
    lines = text.splitlines()
    assert len(lines) == 12
    assert lines[1] == "root 'deal': chance"
    assert lines[2] == "  H (1/2) 'a1': Ann moves [Ann]"
    assert lines[4] == "      l: (2, 1)"                    # the entry fee is included
    assert "... 3 more nodes" in kuhn().outline(max_nodes=52)
