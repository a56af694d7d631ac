"""Subgame decomposition: proper subgames, SPE with simultaneous-move subgames, random trees."""
from __future__ import annotations

import random
from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.algorithms.backward_induction import spe
from solver.algorithms.subgames import (
    SubgameStep,
    is_subgame_perfect,
    proper_subgames,
    restrict_profile,
    subgame,
    subgame_perfect,
)
from solver.conversions.foreign import from_pygambit
from solver.errors import InvalidGameError, SolverLimitError
from solver.forms.extensive.behavior import BehaviorProfile, TreeEquilibrium, behavior_regret
from solver.forms.extensive.builder import TreeBuilder
from solver.forms.extensive.game import DECISION, TERMINAL


def entry_deterrence():
    b = TreeBuilder(players=("Entrant", "Incumbent"))
    root = b.decision("Entrant", actions=("Out", "In"))
    b.terminal(root, "Out", payoffs=(0, 2))
    fight = b.decision("Incumbent", parent=root["In"], actions=("Fight", "Accommodate"))
    b.terminal(fight, "Fight", payoffs=(-1, -1))
    b.terminal(fight, "Accommodate", payoffs=(1, 1))
    return b.build()


def bos(b, parent, key):
    """Battle of the sexes (Wife: Opera 2/1, Fight 1/2) as a simultaneous-move subgame."""
    w = b.decision("Wife", ("Opera", "Fight"), parent=parent, infoset=f"W{key}")
    h1 = b.decision("Husband", ("Opera", "Fight"), parent=w["Opera"], infoset=f"H{key}")
    h2 = b.decision("Husband", ("Opera", "Fight"), parent=w["Fight"], infoset=f"H{key}")
    b.terminal(h1, "Opera", payoffs=(2, 1))
    b.terminal(h1, "Fight", payoffs=(0, 0))
    b.terminal(h2, "Opera", payoffs=(0, 0))
    b.terminal(h2, "Fight", payoffs=(1, 2))
    return w


def bos_with_outside_option(out=F(3, 2)):
    """The Wife may stay Out (out, out) or play battle of the sexes (a proper subgame)."""
    b = TreeBuilder(players=("Wife", "Husband"))
    root = b.decision("Wife", ("Out", "In"), infoset="first")
    b.terminal(root, "Out", payoffs=(out, out))
    bos(b, root["In"], "")
    return b.build()


def centipede(stops=((1, 0), (0, 2), (3, 1), (2, 4)), end=(5, 3)):
    b = TreeBuilder(("P1", "P2"))
    parent = None
    for k, pay in enumerate(stops):
        node = b.decision(k % 2, ("Stop", "Continue"), parent=parent)
        b.terminal(node, "Stop", payoffs=pay)
        parent = node["Continue"]
    b.terminal(parent, payoffs=end)
    return b.build()


# ------------------------------------------------------------------ proper subgames
def test_proper_subgames_of_entry_deterrence():
    g = entry_deterrence()
    roots = proper_subgames(g)
    assert len(roots) == 2
    assert roots == (0, 2)          # the root and the Incumbent's node (1 is terminal)


def test_proper_subgames_with_simultaneous_subgame():
    g = bos_with_outside_option()
    roots = proper_subgames(g)
    assert len(roots) == 2
    assert roots == (0, 2)          # the Husband's nodes 3 and 6 cut his information set
    sub, nodes = subgame(g, 2)
    assert sub.n_nodes == 7 and nodes[0] == 2
    with pytest.raises(InvalidGameError, match="does not start a subgame"):
        subgame(g, 3)


def test_selten_horse_has_no_proper_subgame_but_the_game():
    b = TreeBuilder(("P1", "P2", "P3"))
    p1 = b.decision("P1", ("Across", "Down"))
    p2 = b.decision("P2", ("Across", "Down"), parent=p1["Across"])
    b.terminal(p2, "Across", payoffs=(1, 1, 1))
    a = b.decision("P3", ("L", "R"), parent=p2["Down"], infoset="P3")
    c = b.decision("P3", ("L", "R"), parent=p1["Down"], infoset="P3")
    for node, (l, r) in ((a, ((0, 0, 1), (4, 4, 0))), (c, ((0, 0, 0), (3, 2, 2)))):
        b.terminal(node, "L", payoffs=l)
        b.terminal(node, "R", payoffs=r)
    assert proper_subgames(b.build()) == (0,)


def _brute_subgames(g):
    out = []
    for h in range(g.n_nodes):
        if g.node_kind[h] == TERMINAL:
            continue
        below, stack = set(), [h]
        while stack:
            v = stack.pop()
            below.add(v)
            stack.extend(g.children(v))
        ok = all(set(g.infoset(int(g.node_infoset[v])).nodes) <= below
                 for v in below if g.node_kind[v] == DECISION)
        if ok:
            out.append(h)
    return tuple(out)


# ------------------------------------------------------------------ SPE
def test_battle_of_the_sexes_subgame_gives_three_spe():
    """Each of the subgame's 3 equilibria is rolled back: Wife enters iff her value > 3/2."""
    g = bos_with_outside_option()
    sol = subgame_perfect(g)
    assert sol.method == "spe" and sol.exact and sol.complete
    assert len(sol) == 3
    assert all(isinstance(e, TreeEquilibrium) and e.regret == (0, 0) for e in sol)
    got = sorted((e.payoffs, e.behavior[0][0]["In"], e.behavior[0][1]["Opera"],
                  e.behavior[1][0]["Opera"]) for e in sol)
    assert got == sorted([
        ((F(3, 2), F(3, 2)), 0, 0, 0),                      # (Fight, Fight) gives her 1: Out
        ((F(3, 2), F(3, 2)), 0, F(2, 3), F(1, 3)),          # mixed gives her 2/3: Out
        ((F(2), F(1)), 1, 1, 1),                            # (Opera, Opera) gives her 2: In
    ])
    steps = [s for s in sol.trace if s.root == 2]
    assert len(steps) == 1 and isinstance(steps[0], SubgameStep)
    assert steps[0].method == "enumerate" and steps[0].complete
    assert sorted(steps[0].payoffs) == [(F(2, 3), F(2, 3)), (F(1), F(2)), (F(2), F(1))]
    assert [s.root for s in sol.trace].count(0) == 3         # one root step per subgame value
    for e in sol:
        assert is_subgame_perfect(g, e.profile)


def test_outcome_on_an_inner_node_is_counted():
    """An outcome (1, 0) on the subgame's root adds to every play through it: the
    Wife now enters in all three SPE (2, 5/3 and 3 against 3/2)."""
    b = TreeBuilder(players=("Wife", "Husband"))
    root = b.decision("Wife", ("Out", "In"), infoset="first")
    b.terminal(root, "Out", payoffs=(F(3, 2), F(3, 2)))
    bos(b, root["In"], "")
    g = b.build()
    b2 = TreeBuilder(players=("Wife", "Husband"))
    root = b2.decision("Wife", ("Out", "In"), infoset="first")
    b2.terminal(root, "Out", payoffs=(F(3, 2), F(3, 2)))
    w = b2.decision("Wife", ("Opera", "Fight"), parent=root["In"], infoset="W", outcome=(1, 0))
    for act, pays in (("Opera", ((2, 1), (0, 0))), ("Fight", ((0, 0), (1, 2)))):
        h = b2.decision("Husband", ("Opera", "Fight"), parent=w[act], infoset="H")
        b2.terminal(h, "Opera", payoffs=pays[0])
        b2.terminal(h, "Fight", payoffs=pays[1])
    g2 = b2.build()
    assert proper_subgames(g2) == proper_subgames(g)
    sol = subgame_perfect(g2)
    assert len(sol) == 3
    assert sorted(e.payoffs for e in sol) == [(F(5, 3), F(2, 3)), (F(2), F(2)), (F(3), F(1))]
    assert all(e.behavior[0][0]["In"] == 1 for e in sol)


def test_nash_but_not_subgame_perfect_is_detected():
    g = bos_with_outside_option()
    # Out, with (Opera, Fight) in the subgame: not an equilibrium of the subgame
    bad = BehaviorProfile.pure(g, [0, 0, 1])
    assert behavior_regret(g, bad) == (0, 0)                 # a Nash equilibrium of the game
    assert not is_subgame_perfect(g, bad)


def test_product_of_subgame_equilibria_and_limit():
    """Chance picks one of two battles of the sexes: 3 x 3 = 9 SPE."""
    b = TreeBuilder(players=("Wife", "Husband"))
    c = b.chance({"left": F(1, 2), "right": F(1, 2)})
    bos(b, c["left"], "L")
    bos(b, c["right"], "R")
    g = b.build()
    assert proper_subgames(g) == (0, 1, 8)
    sol = subgame_perfect(g)
    assert len(sol) == 9
    assert {e.payoffs for e in sol} >= {(F(2), F(1)), (F(1), F(2)), (F(3, 2), F(3, 2))}
    with pytest.raises(SolverLimitError, match="max_equilibria=5"):
        subgame_perfect(g, max_equilibria=5)


def test_centipede_unique_spe_stops_everywhere():
    g = centipede()
    sol = subgame_perfect(g)
    assert len(sol) == 1
    e = sol[0]
    assert e.payoffs == (F(1), F(0))
    assert all(d["Stop"] == 1 for per in e.behavior for d in per)
    assert e.profile == spe(g)[0].profile
    assert proper_subgames(g) == (0, 2, 4, 6)      # every decision node (odd ones are Stop)


def test_entry_deterrence_spe():
    sol = subgame_perfect(entry_deterrence())
    assert len(sol) == 1
    assert sol[0].payoffs == (1, 1)
    assert sol[0].behavior[1][0] == {"Fight": 0, "Accommodate": 1}


def three_player_simultaneous(pennies: bool):
    """A, B and C move simultaneously; C gets 1 for l.  A gets 1 when A and B match;
    B is indifferent, or (pennies) gets 1 when they differ."""
    b = TreeBuilder(("A", "B", "C"))
    a = b.decision("A", ("x", "y"), infoset="A")
    for act in ("x", "y"):
        bn = b.decision("B", ("x", "y"), parent=a[act], infoset="B")
        for bact in ("x", "y"):
            cn = b.decision("C", ("l", "r"), parent=bn[bact], infoset="C")
            ub = int(act != bact) if pennies else 1
            b.terminal(cn, "l", payoffs=(int(act == bact), ub, 1))
            b.terminal(cn, "r", payoffs=(int(act == bact), ub, 0))
    return b.build()


def test_three_player_subgame_enumerates_every_equilibrium():
    # matching pennies between A and B, C's l dominant: one equilibrium, mixed, complete
    sol = subgame_perfect(three_player_simultaneous(pennies=True))
    assert len(sol) == 1 and sol.complete and sol.trace[0].method == "enumerate"
    (eq,) = sol
    assert eq.payoffs == (F(1, 2), F(1, 2), 1)
    assert eq.behavior[0][0] == eq.behavior[1][0] == {"x": F(1, 2), "y": F(1, 2)}
    assert is_subgame_perfect(three_player_simultaneous(pennies=True), eq.profile)
    # B indifferent: a continuum of equilibria; samples are listed, the list is incomplete
    sol = subgame_perfect(three_player_simultaneous(pennies=False))
    assert not sol.complete and len(sol) >= 3
    assert "continuum" in sol.trace[0].gap and not sol.trace[0].complete
    assert any("not complete" in n and "continuum" in n for n in sol.notes)
    assert all(e.behavior[2][0]["l"] == 1 for e in sol)


def test_three_player_subgame_beyond_support_limit_gets_pure_equilibria_only():
    sol = subgame_perfect(three_player_simultaneous(pennies=False), support_limit=26)
    assert not sol.complete and sol.trace[0].method == "pure"
    assert len(sol) == 2                                # A matches B, C plays l
    assert sorted(e.payoffs for e in sol) == [(1, 1, 1), (1, 1, 1)]
    assert "support_limit=26" in sol.trace[0].gap
    sol = subgame_perfect(three_player_simultaneous(pennies=True), support_limit=26)
    assert len(sol) == 0 and not sol.complete
    assert any("no equilibrium of the subgame" in n for n in sol.notes)


def test_irrational_subgame_equilibria_are_left_out_and_said():
    """Nau, Gomez Canovas and Hansen (2004), sec. 4: a 2x2x2 game whose only
    equilibrium is irrational, played as a simultaneous-move tree."""
    gbt = pytest.importorskip("pygambit")
    nf = from_pygambit(gbt.catalog.load("journals/ijgt/nau2004/sec4"))
    b = TreeBuilder(("P1", "P2", "P3"))
    first = b.decision("P1", ("a", "b"), infoset="1")
    for i in range(2):
        second = b.decision("P2", ("a", "b"), parent=first[("a", "b")[i]], infoset="2")
        for j in range(2):
            third = b.decision("P3", ("a", "b"), parent=second[("a", "b")[j]], infoset="3")
            for k in range(2):
                b.terminal(third, ("a", "b")[k],
                           payoffs=tuple(nf.payoff_tensor[(p, i, j, k)] for p in range(3)))
    sol = subgame_perfect(b.build())
    assert len(sol) == 0 and not sol.complete
    assert "1 equilibria with irrational probabilities left out" in sol.trace[0].gap


def test_selten_horse_solved_as_one_subgame():
    games = pytest.importorskip("games")
    g = games.get("selten-horse")
    sol = subgame_perfect(g)
    assert not sol.complete                     # its equilibria form continua: samples listed
    assert {e.payoffs for e in sol} == {(1, 1, 1), (3, 2, 2)}
    assert all(is_subgame_perfect(g, e.profile) for e in sol)
    assert "continuum" in sol.trace[0].gap


def _sequence_form_or_skip(game, **options):
    pytest.importorskip("solver.algorithms.sequence_form")
    try:
        return subgame_perfect(game, **options)
    except ImportError as exc:        # the sequence form is still being written
        pytest.skip(f"sequence form not available: {exc}")


def test_two_player_subgame_uses_sequence_form_when_large():
    g = bos_with_outside_option()
    sol = _sequence_form_or_skip(g, enumerate_limit=1)
    assert not sol.complete and len(sol) == 1
    assert [s.method for s in sol.trace if s.root == 2] == ["sequence-form"]
    assert is_subgame_perfect(g, sol[0].profile)


def test_kuhn_poker_has_no_proper_subgame_and_value_minus_one_eighteenth():
    games = pytest.importorskip("games")
    g = games.get("kuhn-poker")
    assert proper_subgames(g) == (0,)
    sol = _sequence_form_or_skip(g)
    assert len(sol) == 1 and not sol.complete
    assert sol.trace[0].method == "sequence-form"
    assert sol[0].payoffs == (F(-1, 18), F(1, 18))        # textbook row 14


# ------------------------------------------------------------------ random trees
def random_tree(seed: int, players=("P1", "P2"), depth=2):
    """A random perfect-recall tree of simultaneous-move gadgets, chance moves and
    single decisions; each gadget's leaves grow fresh subtrees."""
    rnd = random.Random(seed)
    b = TreeBuilder(players)
    counter = [0]

    def key():
        counter[0] += 1
        return f"s{counter[0]}"

    def grow(parent, d):
        r = rnd.random()
        if d == 0 or r < 0.2:
            b.terminal(parent, payoffs=tuple(rnd.randint(0, 4) for _ in players))
            return
        if r < 0.35:
            c = b.chance({"h": F(1, 3), "t": F(2, 3)}, parent=parent)
            grow(c["h"], d - 1)
            grow(c["t"], d - 1)
        elif r < 0.55:
            node = b.decision(rnd.randrange(len(players)), ("a", "b"), parent=parent, infoset=key())
            grow(node["a"], d - 1)
            grow(node["b"], d - 1)
        elif r < 0.75:                        # a chance move hidden from the mover
            c = b.chance({"h": F(1, 2), "t": F(1, 2)}, parent=parent)
            i, k = rnd.randrange(len(players)), key()
            for side in ("h", "t"):
                node = b.decision(i, ("a", "b"), parent=c[side], infoset=k)
                for act in ("a", "b"):
                    grow(node[act], d - 1)
        else:                                 # simultaneous moves of two players
            i, j = rnd.sample(range(len(players)), 2)
            first = b.decision(i, ("a", "b"), parent=parent, infoset=key())
            k = key()
            for act in ("a", "b"):
                node = b.decision(j, ("c", "d"), parent=first[act], infoset=k)
                for act2 in ("c", "d"):
                    grow(node[act2], d - 1)

    root = b.decision(0, ("L", "R"), infoset=key())
    grow(root["L"], depth)
    grow(root["R"], depth)
    return b.build()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_random_trees_proper_subgames_match_definition(seed):
    g = random_tree(seed)
    assert g.perfect_recall()[0]
    assert proper_subgames(g) == _brute_subgames(g)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_random_trees_every_spe_is_subgame_perfect(seed):
    g = random_tree(seed)
    try:
        sol = subgame_perfect(g, max_equilibria=200)
    except SolverLimitError:
        return
    assert sol.complete                       # two players: every subgame fully enumerated
    assert len(sol) >= 1
    roots = proper_subgames(g)
    for e in sol:
        assert e.regret == (0, 0)
        for r in roots:
            sub, nodes = subgame(g, r)
            assert behavior_regret(sub, restrict_profile(g, e.profile, sub, nodes)) == (0, 0)
    keys = {e.profile.probabilities for e in sol}
    assert len(keys) == len(sol)              # no equilibrium listed twice


def test_random_tree_perfect_information_agrees_with_backward_induction():
    for seed in range(20):
        rnd = random.Random(seed)
        b = TreeBuilder(("P1", "P2"))

        def grow(parent, d):
            if d == 0:
                b.terminal(parent, payoffs=(rnd.randint(0, 9), rnd.randint(0, 9)))
                return
            node = b.decision(d % 2, ("a", "b"), parent=parent)
            grow(node["a"], d - 1)
            grow(node["b"], d - 1)

        root = b.decision(0, ("a", "b"))
        grow(root["a"], 3)
        grow(root["b"], 3)
        g = b.build()
        ours = sorted(e.profile.probabilities for e in subgame_perfect(g, max_equilibria=10**4))
        theirs = sorted(e.profile.probabilities for e in spe(g, max_equilibria=10**4))
        assert len(ours) == len(theirs)
        assert ours == theirs


def test_gambit_lcp_on_centipede_is_not_subgame_perfect():
    """anchor_pitfalls.md: pygambit's lcp_solve returns a Nash equilibrium of the centipede
    game whose off-path behaviour is not credible; ours is the backward-induction one."""
    gbt = pytest.importorskip("pygambit")
    import io

    from solver.io.efg import write_efg
    g = centipede()
    G = gbt.read_efg(io.StringIO(write_efg(g)))
    eqs = gbt.nash.lcp_solve(G, rational=True).equilibria
    assert len(eqs) >= 1
    probs = [[[F(str(eqs[0][a])) for a in s.actions] for s in pl.infosets] for pl in G.players]
    theirs = BehaviorProfile.from_game(g, probs)
    assert behavior_regret(g, theirs) == (0, 0)          # a Nash equilibrium ...
    assert not is_subgame_perfect(g, theirs)             # ... but not subgame perfect
    assert is_subgame_perfect(g, subgame_perfect(g)[0].profile)
