"""Tests of the sequence form (solver.algorithms.sequence_form / sequence_lemke).

Known answers: Kuhn poker (Kuhn 1950, "A simplified two-person poker",
Contributions to the Theory of Games I): value -1/18 to the first player; his
optimal strategies bet a Jack with probability alpha in [0, 1/3], a King with
3 alpha, never a Queen, and after check-bet call with a Queen with probability
alpha + 1/3, never with a Jack, always with a King; the second player's optimal
strategy is unique (with a King bet and call, with a Queen check and call 1/3,
with a Jack fold and bet 1/3 after a check).  Leduc poker's value -0.0856064
(textbook_games.md, computed with OpenSpiel).
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.algorithms.sequence_form import sequence_form
from solver.algorithms.sequence_lemke import lemke_lcp
from solver.conversions.sequence_form import build_sequence_form
from solver.errors import InvalidGameError, SolverLimitError
from solver.forms.extensive.behavior import behavior_payoffs, behavior_regret
from solver.forms.extensive.builder import TreeBuilder

F = Fraction


# ----------------------------------------------------------------- game factories
def kuhn_poker():
    """Kuhn poker: ante 1, bet 1, cards J < Q < K, one dealt to each player."""
    b = TreeBuilder(players=("P1", "P2"), title="Kuhn poker")
    cards = "JQK"
    deals = [(c1, c2) for c1 in cards for c2 in cards if c1 != c2]
    root = b.chance([(c1 + c2, "1/6") for c1, c2 in deals])
    for c1, c2 in deals:
        win = 1 if cards.index(c1) > cards.index(c2) else -1
        n1 = b.decision("P1", ("Check", "Bet"), parent=root[c1 + c2], infoset=f"P1 {c1}")
        n2 = b.decision("P2", ("Check", "Bet"), parent=n1["Check"], infoset=f"P2 {c2} c")
        b.terminal(n2, "Check", payoffs=(win, -win))
        n3 = b.decision("P1", ("Fold", "Call"), parent=n2["Bet"], infoset=f"P1 {c1} cb")
        b.terminal(n3, "Fold", payoffs=(-1, 1))
        b.terminal(n3, "Call", payoffs=(2 * win, -2 * win))
        n4 = b.decision("P2", ("Fold", "Call"), parent=n1["Bet"], infoset=f"P2 {c2} b")
        b.terminal(n4, "Fold", payoffs=(1, -1))
        b.terminal(n4, "Call", payoffs=(2 * win, -2 * win))
    return b.build()


def simultaneous(A, B, actions1, actions2, players=("Row", "Column")):
    """A bimatrix game as a tree: player 2 moves without seeing player 1's choice."""
    b = TreeBuilder(players=players)
    root = b.decision(players[0], actions1)
    for i, a in enumerate(actions1):
        n = b.decision(players[1], actions2, parent=root[a], infoset="simultaneous")
        for j, c in enumerate(actions2):
            b.terminal(n, c, payoffs=(A[i][j], B[i][j]))
    return b.build()


def entry_deterrence():
    b = TreeBuilder(players=("Entrant", "Incumbent"))
    root = b.decision("Entrant", ("Out", "In"))
    b.terminal(root, "Out", payoffs=(0, 2))
    fight = b.decision("Incumbent", ("Fight", "Accommodate"), parent=root["In"])
    b.terminal(fight, "Fight", payoffs=(-1, -1))
    b.terminal(fight, "Accommodate", payoffs=(1, 1))
    return b.build()


def random_tree(rng, depth=3, zero_sum=False, signals=2, p_chance=0.2, payoff=4):
    """A random two-player tree of perfect recall.

    An information set is keyed by the mover, his own past (information set,
    action) pairs and a random signal, so the nodes of a set share the player's
    own history (perfect recall) while he may not see the other's moves.
    """
    b = TreeBuilder(players=("A", "B"))

    def grow(parent, level, own):
        if level == depth:
            u = int(rng.integers(-payoff, payoff + 1))
            v = -u if zero_sum else int(rng.integers(-payoff, payoff + 1))
            b.terminal(parent, payoffs=(u, v))
            return
        if rng.random() < p_chance:
            node = b.chance([("c0", "1/3"), ("c1", "2/3")], parent=parent)
            for k in range(2):
                grow((node, k), level + 1, own)
            return
        p = level % 2
        key = (p, own[p], int(rng.integers(0, signals)))
        n = 2 + len(repr(key)) % 2
        node = b.decision(p, [f"a{k}" for k in range(n)], parent=parent, infoset=key)
        for k in range(n):
            new = list(own)
            new[p] = own[p] + ((key, k),)
            grow((node, k), level + 1, tuple(new))

    grow(None, 0, ((), ()))
    return b.build()


def plans_of(sf, profile):
    """Realisation plans of a behaviour profile (exact): x(s a) = x(s) beta(a)."""
    out = []
    for i in range(2):
        x = [F(0)] * sf.n_sequences[i]
        x[0] = F(1)
        sets = sf.game.infosets[i]
        for k in sorted(range(len(sets)), key=lambda k: sets[k].nodes[0]):
            par = x[int(sf.parent_sequence[i][k])]
            for a, p in enumerate(profile.probabilities[i][k]):
                x[int(sf.start[i][k]) + a] = par * p
        out.append(x)
    return out


def by_label(eq, player):
    return dict(zip(eq.profile.infoset_labels[player], eq.behavior[player]))


# ----------------------------------------------------------------- construction
def test_kuhn_sequence_form_sizes():
    sf = build_sequence_form(kuhn_poker())
    # 6 information sets with 2 actions per player: 1 + 12 sequences each
    assert sf.n_sequences == (13, 13)
    assert sf.E.shape == (7, 13) and sf.F.shape == (7, 13)
    # one non-zero per leaf: 6 deals x 5 plays, all with distinct sequence pairs
    assert len(sf.rows) == 30
    assert sf.scales == (6, 6) and sf.chance_scale == 6
    assert sf.constant_sum == 0
    # every row of E: the set's actions sum to the sequence leading to it
    E = sf.E.toarray()
    assert E[0].tolist() == [1] + [0] * 12
    assert all(sorted(row.tolist()).count(1) == 2 and sorted(row.tolist()).count(-1) == 1
               for row in E[1:])


def test_bilinear_payoff_equals_tree_payoff():
    """x'Ay over the sequence form equals the tree's expected payoff (any behaviour)."""
    rng = np.random.default_rng(3)
    for _ in range(5):
        g = random_tree(rng, depth=4)
        sf = build_sequence_form(g)
        sol = sequence_form(g)
        x, y = plans_of(sf, sol[0].profile)
        for i in range(2):
            total = sum(x[r] * sf.entry(i, k) * y[c]
                        for k, (r, c) in enumerate(zip(sf.rows.tolist(), sf.cols.tolist())))
            assert total == behavior_payoffs(g, sol[0].profile)[i]


# ----------------------------------------------------------------- zero-sum
def test_kuhn_value_and_known_family():
    sol = sequence_form(kuhn_poker())
    assert sol.method == "sequence-form" and sol.exact and not sol.complete
    assert len(sol) == 1
    assert sol.value == F(-1, 18)
    eq = sol[0]
    assert eq.exact and eq.regret == (0, 0)
    assert eq.payoffs == (F(-1, 18), F(1, 18))
    p1, p2 = by_label(eq, 0), by_label(eq, 1)
    alpha = p1["P1 J"]["Bet"]
    assert 0 <= alpha <= F(1, 3)
    assert p1["P1 Q"]["Bet"] == 0
    assert p1["P1 K"]["Bet"] == 3 * alpha
    assert p1["P1 J cb"]["Call"] == 0
    assert p1["P1 Q cb"]["Call"] == alpha + F(1, 3)
    if p1["P1 K"]["Bet"] < 1:          # the set is reached by his own plan
        assert p1["P1 K cb"]["Call"] == 1
    # the second player's optimal strategy is unique
    assert p2["P2 K b"]["Call"] == 1 and p2["P2 K c"]["Bet"] == 1
    assert p2["P2 Q b"]["Call"] == F(1, 3) and p2["P2 Q c"]["Bet"] == 0
    assert p2["P2 J b"]["Call"] == 0 and p2["P2 J c"]["Bet"] == F(1, 3)


def test_kuhn_from_catalogue():
    games = pytest.importorskip("games")
    if "kuhn-poker" not in games.names():
        pytest.skip("kuhn-poker is not in the catalogue yet")
    sol = sequence_form(games.get("kuhn-poker"))
    assert sol.exact and sol.value == F(-1, 18)


def test_matching_pennies_tree():
    g = simultaneous([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], ("H", "T"), ("H", "T"))
    sol = sequence_form(g)
    assert len(sol) == 1 and sol.exact and sol.value == 0
    assert sol[0].behavior == (({"H": F(1, 2), "T": F(1, 2)},), ({"H": F(1, 2), "T": F(1, 2)},))


def test_constant_sum_tree_uses_the_lp():
    g = simultaneous([[3, 1], [1, 3]], [[1, 3], [3, 1]], ("H", "T"), ("H", "T"))
    sol = sequence_form(g)
    assert sol.exact and sol.value == 2 and "pivots" not in sol.extra


def test_leduc_value():
    games = pytest.importorskip("games")
    if "leduc-poker" not in games.names():
        pytest.skip("leduc-poker is not in the catalogue yet")
    sol = sequence_form(games.get("leduc-poker"))
    assert abs(float(sol.value) - (-0.0856064)) < 1e-6
    assert sol.exact and sol[0].regret == (0, 0)
    assert sol.extra["sequences"] == (sol.extra["sequences"][0], sol.extra["sequences"][1])


# ----------------------------------------------------------------- general-sum
def test_entry_deterrence_is_a_nash_equilibrium():
    sol = sequence_form(entry_deterrence())
    assert len(sol) == 1 and sol.exact and sol.value is None
    eq = sol[0]
    assert eq.regret == (0, 0)
    out = eq.behavior[0][0]["Out"]
    fight = eq.behavior[1][0]["Fight"]
    # Nash equilibria: (In, Accommodate), or Out with Fight at least 1/2
    assert (out == 0 and fight == 0) or (out == 1 and fight >= F(1, 2))


def test_battle_of_the_sexes_tree():
    g = simultaneous([[2, 0], [0, 1]], [[1, 0], [0, 2]], ("Opera", "Football"),
                     ("Opera", "Football"), players=("Wife", "Husband"))
    sol = sequence_form(g)
    assert len(sol) == 1 and sol.exact and sol[0].regret == (0, 0)
    p, q = sol[0].behavior[0][0]["Opera"], sol[0].behavior[1][0]["Opera"]
    assert (p, q) in {(1, 1), (0, 0), (F(2, 3), F(1, 3))}


def test_lemke_lcp_small():
    # w = q + M z: z = (1, 0) solves w1 = -1 + z1 = 0, w2 = 1 + z1 >= 0
    z, pivots = lemke_lcp(np.array([[1, 0], [1, 1]], dtype=object), [-1, 1])
    assert z == [1, 0] and pivots >= 1


def test_max_pivots():
    g = simultaneous([[2, 0], [0, 1]], [[1, 0], [0, 2]], ("O", "F"), ("O", "F"))
    with pytest.raises(SolverLimitError, match="max_pivots"):
        sequence_form(g, max_pivots=1)


def test_float_payoffs_are_not_exact():
    g = simultaneous([[2.5, 0], [0, 1]], [[1, 0], [0, 2]], ("O", "F"), ("O", "F"))
    sol = sequence_form(g)
    assert not sol.exact and sol.notes
    g = simultaneous([[0.5, -0.5], [-0.5, 0.5]], [[-0.5, 0.5], [0.5, -0.5]], ("H", "T"), ("H", "T"))
    sol = sequence_form(g)
    assert not sol.exact and abs(sol.value) < 1e-9


# ----------------------------------------------------------------- bad input
def test_rejects_three_players():
    b = TreeBuilder(players=("A", "B", "C"))
    r = b.decision("A", ("x", "y"))
    b.terminal(r, "x", payoffs=(1, 0, 0))
    b.terminal(r, "y", payoffs=(0, 1, 0))
    with pytest.raises(InvalidGameError, match="two-player"):
        sequence_form(b.build())


def test_rejects_imperfect_recall():
    b = TreeBuilder(players=("A", "B"))
    r = b.decision("A", ("L", "R"))
    for a in ("L", "R"):      # A forgets his first move
        n = b.decision("A", ("l", "r"), parent=r[a], infoset="forgot")
        b.terminal(n, "l", payoffs=(1, 0))
        b.terminal(n, "r", payoffs=(0, 1))
    with pytest.raises(InvalidGameError, match="perfect recall"):
        sequence_form(b.build())


# ----------------------------------------------------------------- invariants
@settings(deadline=None)
@given(seed=st.integers(0, 2**32 - 1), zero_sum=st.booleans())
def test_random_trees_zero_regret(seed, zero_sum):
    rng = np.random.default_rng(seed)
    g = random_tree(rng, depth=int(rng.integers(1, 5)), zero_sum=zero_sum,
                    signals=int(rng.integers(1, 3)))
    sol = sequence_form(g)
    assert len(sol) == 1 and sol.exact
    assert behavior_regret(g, sol[0].profile) == (0, 0)
    if zero_sum:
        assert sol.value == sol[0].payoffs[0]


@settings(deadline=None, max_examples=15)
@given(seed=st.integers(0, 2**32 - 1))
def test_zero_sum_value_equals_reduced_normal_form(seed):
    conversions = pytest.importorskip("solver.conversions.reduced_form")
    zero_sum = pytest.importorskip("solver.algorithms.zero_sum")
    rng = np.random.default_rng(seed)
    g = random_tree(rng, depth=int(rng.integers(1, 4)), zero_sum=True, signals=2)
    reduced = conversions.reduced_normal_form(g)
    assert sequence_form(g).value == zero_sum.solve_zero_sum(reduced.game).value
