"""Backward induction: known answers, all tied SPE, random trees against brute force, limits."""
from __future__ import annotations

import itertools
import json
import random
from fractions import Fraction as F

import pytest
from helpers import random_behavior, seeded_weights
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.algorithms.backward_induction import DecisionStep, spe
from solver.errors import InvalidGameError, SolverLimitError
from solver.forms.extensive.behavior import TreeEquilibrium
from solver.forms.extensive.builder import TreeBuilder


def entry_deterrence():
    b = TreeBuilder(players=("Entrant", "Incumbent"), title="Entry deterrence")
    root = b.decision("Entrant", actions=("Out", "In"), infoset="entry")
    b.terminal(root, "Out", payoffs=(0, 2))
    fight = b.decision("Incumbent", parent=root["In"], actions=("Fight", "Accommodate"),
                       infoset="after entry")
    b.terminal(fight, "Fight", payoffs=(-1, -1))
    b.terminal(fight, "Accommodate", payoffs=(1, 1))
    return b.build()


def centipede(stops=((1, 0), (0, 2), (3, 1), (2, 4)), end=(5, 3)):
    """Textbook row 10: players alternate, stopping ends the game."""
    b = TreeBuilder(("P1", "P2"), title="Centipede")
    parent = None
    for k, pay in enumerate(stops):
        node = b.decision(k % 2, ("Stop", "Continue"), parent=parent)
        b.terminal(node, "Stop", payoffs=pay)
        parent = node["Continue"]
    b.terminal(parent, payoffs=end)
    return b.build()


def ultimatum(pie=4):
    """Discrete ultimatum game with unit steps (textbook row 11)."""
    b = TreeBuilder(("Proposer", "Responder"), title="Ultimatum")
    root = b.decision("Proposer", tuple(f"offer {k}" for k in range(pie + 1)))
    for k in range(pie + 1):
        r = b.decision("Responder", ("Accept", "Reject"), parent=root[f"offer {k}"],
                       infoset=f"after offer {k}")
        b.terminal(r, "Accept", payoffs=(pie - k, k))
        b.terminal(r, "Reject", payoffs=(0, 0))
    return b.build()


def investment():
    """Nature draws the market; the firm sees it and invests or not."""
    b = TreeBuilder(("Firm", "Bank"))
    c = b.chance({"High": "1/3", "Low": "2/3"})
    for state, gain in (("High", 6), ("Low", -3)):
        d = b.decision("Firm", ("Invest", "Skip"), parent=c[state], infoset=f"{state} market")
        b.terminal(d, "Invest", payoffs=(gain, 1))
        b.terminal(d, "Skip", payoffs=(0, 0))
    return b.build()


# ----------------------------------------------------------------------------- known answers
def test_entry_deterrence_spe_is_in_accommodate():
    sol = spe(entry_deterrence())
    assert len(sol) == 1 and sol.method == "spe" and sol.exact and sol.complete
    eq = sol[0]
    assert isinstance(eq, TreeEquilibrium)
    assert eq.behavior == (({"Out": 0, "In": 1},), ({"Fight": 0, "Accommodate": 1},))
    assert eq.payoffs == (1, 1) and eq.regret == (0, 0)
    assert [s.node for s in sol.trace] == [0, 2]
    first, second = sol.trace
    assert isinstance(first, DecisionStep)
    assert first.values == {"Out": (0, 2), "In": (1, 1)} and first.chosen == ("In",)
    assert second.player == "Incumbent" and second.infoset == "after entry"
    assert second.values == {"Fight": (-1, -1), "Accommodate": (1, 1)}
    assert first.on_path and second.on_path


def test_centipede_has_a_unique_spe_stopping_everywhere():
    sol = spe(centipede())
    assert len(sol) == 1
    beh = sol[0].behavior
    assert all(d == {"Stop": 1, "Continue": 0} for per in beh for d in per)
    assert sol[0].payoffs == (1, 0)
    assert [s.on_path for s in sol.trace] == [True, False, False, False]
    assert [s.values["Continue"] for s in sol.trace] == [(0, 2), (3, 1), (2, 4), (5, 3)]


def test_discrete_ultimatum_has_two_spe():
    sol = spe(ultimatum(4))
    assert len(sol) == 2 and sol.extra["n_equilibria"] == 2
    offers = sorted((e.payoffs, [a for a, p in e.behavior[0][0].items() if p == 1][0]) for e in sol)
    assert offers == [((3, 1), "offer 1"), ((4, 0), "offer 0")]
    by_offer = {e.payoffs: e for e in sol}
    # offer 0 accepted; or offer 0 rejected and the smallest positive offer made
    assert by_offer[(4, 0)].behavior[1][0] == {"Accept": 1, "Reject": 0}
    assert by_offer[(3, 1)].behavior[1][0] == {"Accept": 0, "Reject": 1}
    for e in sol:
        assert all(d == {"Accept": 1, "Reject": 0} for d in e.behavior[1][1:])
        assert e.regret == (0, 0)
    assert sol.trace[-5].chosen == ("Accept", "Reject")      # the tie after offer 0
    assert "ties at 1 decision node" in sol.notes[0]


def test_chance_node_expected_payoffs_and_path():
    sol = spe(investment())
    assert len(sol) == 1
    assert sol[0].behavior[0] == ({"Invest": 1, "Skip": 0}, {"Invest": 0, "Skip": 1})
    assert sol[0].payoffs == (F(2), F(1, 3))
    assert [s.on_path for s in sol.trace] == [True, True]


def test_zero_probability_branch_is_off_path():
    b = TreeBuilder(("A",))
    c = b.chance({"never": 0, "always": 1})
    for a in ("never", "always"):
        d = b.decision("A", ("x", "y"), parent=c[a])
        b.terminal(d, "x", payoffs=(1,))
        b.terminal(d, "y", payoffs=(2,))
    sol = spe(b.build())
    assert [s.on_path for s in sol.trace] == [False, True]
    assert sol[0].payoffs == (2,)


def test_three_players_with_ties_propagating_upwards():
    # C is indifferent; his choice decides what B and then A do
    b = TreeBuilder(("A", "B", "C"))
    a = b.decision("A", ("l", "r"))
    b.terminal(a, "r", payoffs=(1, 0, 0))
    bb = b.decision("B", ("u", "d"), parent=a["l"])
    b.terminal(bb, "d", payoffs=(0, 1, 0))
    c = b.decision("C", ("x", "y"), parent=bb["u"])
    b.terminal(c, "x", payoffs=(2, 2, 5))
    b.terminal(c, "y", payoffs=(0, 0, 5))
    sol = spe(b.build())
    assert len(sol) == 2
    assert sorted(e.payoffs for e in sol) == [(1, 0, 0), (2, 2, 5)]


def test_too_many_equilibria_raise_with_the_count():
    b = TreeBuilder(("Nature's friend",))
    c = b.chance({str(k): F(1, 5) for k in range(5)})
    for k in range(5):
        d = b.decision(0, ("a", "b"), parent=c[str(k)])
        b.terminal(d, "a", payoffs=(k,))
        b.terminal(d, "b", payoffs=(k,))
    g = b.build()
    with pytest.raises(SolverLimitError, match=r"32 pure subgame-perfect.*max_equilibria=10.*"
                                               r"max_equilibria=32"):
        spe(g, max_equilibria=10)
    sol = spe(g)
    assert len(sol) == 32
    assert len({tuple(tuple(tuple(pr) for pr in P) for P in e.profile.probabilities)
                for e in sol}) == 32


def test_imperfect_information_is_refused_for_now():
    b = TreeBuilder(("A", "B"))
    r = b.decision("A", ("x", "y"))
    for a in "xy":
        d = b.decision("B", ("l", "r"), parent=r[a], infoset="B blind")
        b.terminal(d, "l", payoffs=(1, 0))
        b.terminal(d, "r", payoffs=(0, 1))
    with pytest.raises(InvalidGameError, match="'B blind' of 'B' has 2 nodes.*Subgame "
                                               "decomposition .* not yet implemented"):
        spe(b.build())


def test_parametric_game_needs_values():
    b = TreeBuilder(("A",))
    r = b.decision("A", ("x", "y"))
    b.terminal(r, "x", payoffs=("k",))
    b.terminal(r, "y", payoffs=(1,))
    g = b.build()
    with pytest.raises(InvalidGameError, match="free parameters"):
        spe(g)
    assert spe(g.substitute(k=2))[0].behavior[0][0] == {"x": 1, "y": 0}


def test_float_game_with_near_tie():
    b = TreeBuilder(("A", "B"))
    r = b.decision("A", ("x", "y"))
    b.terminal(r, "x", payoffs=(0.1 + 0.2, 1.0))
    b.terminal(r, "y", payoffs=(0.3, 0.0))
    sol = spe(b.build())
    assert not sol.exact and len(sol) == 2          # 0.30000000000000004 ties 0.3


def test_to_dict_follows_the_json_contract():
    d = spe(ultimatum(2)).to_dict()
    json.dumps(d)
    assert d["game"]["form"] == "extensive"
    assert d["game"]["infosets"][1][0] == {"label": "after offer 0", "actions": ["Accept", "Reject"]}
    assert len(d["game"]["infosets"][1]) == 3
    assert d["method"] == "spe" and d["exact"] is True and len(d["equilibria"]) == 2
    e = d["equilibria"][0]
    assert e["behavior"][0] == [["1", "0", "0"]]
    assert e["payoffs"] == ["2", "0"] and e["regret"] == ["0", "0"]


def test_deep_tree_has_no_recursion_limit():
    n = 20_000
    # the mover gets k + 2 by stopping and k + 1 when the next mover stops: no ties
    stops = [(k + 2, k) if k % 2 == 0 else (k, k + 2) for k in range(n)]
    sol = spe(centipede(stops, end=(0, 0)))
    assert len(sol) == 1 and len(sol.trace) == n


# ----------------------------------------------------------------------------- random trees
def random_tree(seed, n_decisions=6, players=2, high=2, chance=True):
    rng = random.Random(seed)
    b = TreeBuilder(tuple(f"P{i}" for i in range(players)))
    root = b.decision(rng.randrange(players), ("a", "b"))
    slots = [(root, "a"), (root, "b")]
    made = 1
    while slots:
        parent = slots.pop(rng.randrange(len(slots)))
        if made < n_decisions and (rng.random() < 0.6 or not slots):
            if chance and rng.random() < 0.2:
                node = b.chance({"x": "1/3", "y": "2/3"}, parent=parent)
                acts = ("x", "y")
            else:
                acts = ("a", "b", "c")[:rng.choice((2, 3))]
                node = b.decision(rng.randrange(players), acts, parent=parent)
                made += 1
            slots.extend((node, a) for a in acts)
        else:
            b.terminal(parent, payoffs=tuple(rng.randint(0, high) for _ in range(players)))
    return b.build()


def brute_force_spe(g):
    """Every pure profile (a choice at each decision node) that is optimal at every node."""
    deciders = [h for h in range(g.n_nodes) if g.kind(h) == "decision"]
    found = set()
    for combo in itertools.product(*(range(len(g.actions(h))) for h in deciders)):
        choice = dict(zip(deciders, combo))

        def value(h):
            if g.kind(h) == "terminal":
                return g.payoffs(h)
            if g.kind(h) == "chance":
                vals = [value(c) for c in g.children(h)]
                return tuple(sum(p * v[i] for p, v in zip(g.chance_probabilities(h), vals))
                             for i in range(g.n_players))
            return value(g.children(h)[choice[h]])

        if all(value(g.children(h)[choice[h]])[g.node(h).player]
               >= max(value(c)[g.node(h).player] for c in g.children(h)) for h in deciders):
            found.add(tuple(combo[deciders.index(s.nodes[0])] for sets in g.infosets for s in sets))
    return found


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**9), st.integers(2, 3))
def test_random_trees_all_spe_match_brute_force(seed, players):
    g = random_tree(seed, players=players)
    sol = spe(g)
    ours = {tuple(pr.index(1) for P in e.profile.probabilities for pr in P) for e in sol}
    assert len(ours) == len(sol)
    assert ours == brute_force_spe(g)
    assert all(e.regret == (0,) * players for e in sol)


def recursive_first_spe(g, h=0):
    """Plain recursive backward induction, first best action on ties: the payoff vector."""
    if g.kind(h) == "terminal":
        return g.payoffs(h)
    vals = [recursive_first_spe(g, c) for c in g.children(h)]
    if g.kind(h) == "chance":
        return tuple(sum(p * v[i] for p, v in zip(g.chance_probabilities(h), vals))
                     for i in range(g.n_players))
    i = g.node(h).player
    best = max(v[i] for v in vals)
    return next(v for v in vals if v[i] == best)


@pytest.mark.parametrize("seed", range(5))
def test_larger_random_trees_first_spe_matches_recursive_backward_induction(seed):
    g = random_tree(seed, n_decisions=400, players=3, high=10**6)
    sol = spe(g, max_equilibria=10**6)
    assert sol[0].payoffs == recursive_first_spe(g)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**9))
def test_best_response_on_perfect_information_equals_brute_force(seed):
    """The one-sweep best response (singleton information sets) against pure strategies."""
    from solver.forms.extensive.behavior import BehaviorProfile, behavior_payoffs, best_response
    g = random_tree(seed, n_decisions=6, players=2, high=9)
    prof = random_behavior(g, seeded_weights(seed))
    for i in range(2):
        values = []
        for combo in itertools.product(*(range(len(s.actions)) for s in g.infosets[i])):
            pure = [list(P) for P in prof.probabilities]
            pure[i] = [tuple(F(int(a == c)) for a in range(len(s.actions)))
                       for s, c in zip(g.infosets[i], combo)]
            values.append(behavior_payoffs(g, BehaviorProfile.from_game(g, pure))[i])
        assert best_response(g, prof, i)[0] == max(values)


def test_tree_equilibrium_action_names_the_sure_action_and_refuses_mixes():
    from solver.errors import GameError
    from solver.forms.extensive.behavior import BehaviorProfile, certify_behavior

    game = entry_deterrence()
    sol = spe(game)
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert eq.action("Entrant", "entry") == "In"
    assert eq.action(1, "after entry") == "Accommodate"
    with pytest.raises(GameError, match="no information set 'nowhere'"):
        eq.action("Incumbent", "nowhere")
    with pytest.raises(GameError, match="unknown player 'Referee'"):
        eq.action("Referee", "entry")
    # Out, with the Incumbent fighting half the time: a Nash equilibrium that mixes
    mixed = certify_behavior(game, BehaviorProfile.from_game(
        game, [[("1", "0")], [("1/2", "1/2")]]))
    assert mixed.action("Entrant", "entry") == "Out"
    with pytest.raises(GameError, match=r"mixes at information set 'after entry' \(1/2 Fight, 1/2 Accommodate\)"):
        mixed.action("Incumbent", "after entry")
