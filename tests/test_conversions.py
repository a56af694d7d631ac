"""Reduced normal form of trees, and Kuhn's theorem (behaviour <-> mixed over plans)."""
from __future__ import annotations

import io
from fractions import Fraction as F

import numpy as np
import pytest
from helpers import random_behavior
from hypothesis import given, settings
from hypothesis import strategies as st

import games
from solver.conversions.kuhn import behavior_to_mixed, mixed_to_behavior
from solver.conversions.reduced_form import ReducedForm, count_plans, reduced_normal_form
from solver.errors import GameError, InvalidGameError, SolverLimitError
from solver.forms.extensive.behavior import BehaviorProfile, behavior_payoffs, certify_behavior
from solver.forms.extensive.builder import TreeBuilder
from solver.forms.profiles import certify, strategy_values
from solver.io.efg import write_efg

SMALL = ["entry-deterrence", "centipede", "ultimatum", "selten-horse", "beer-quiche", "kuhn-poker"]


def mixed_payoffs(nfg, probs) -> tuple:
    """Expected payoff of each player of a mixed profile of a normal-form game."""
    values = strategy_values(nfg, probs)
    return tuple(sum(p * v for p, v in zip(pr, vals)) for pr, vals in zip(probs, values))


def forgetful():
    """Player 1 chooses L or R, then forgets it (imperfect recall) and chooses l or r."""
    b = TreeBuilder(("Forgetful", "Other"), title="forgetful")
    root = b.decision(0, ("L", "R"), infoset_label="first")
    for a in ("L", "R"):
        n = b.decision(0, ("l", "r"), parent=root[a], infoset="second")
        b.terminal(n, "l", payoffs=(1 if a == "L" else 0, 0))
        b.terminal(n, "r", payoffs=(0 if a == "L" else 2, 0))
    return b.build()


# -------------------------------------------------------------------------- shapes
def test_kuhn_poker_reduced_form_is_27_by_64():
    g = games.get("kuhn-poker")
    rf = reduced_normal_form(g)
    assert isinstance(rf, ReducedForm) and rf.reduced
    assert rf.game.shape == (27, 64) and count_plans(g) == (27, 64)
    assert len(rf.plans[0]) == 27 and len(rf.labels[1]) == 64
    assert rf.game.players == g.players and rf.game.exact
    # plans name only the sets their own actions do not exclude
    assert rf.labels[0][0] == "Check/Fold/Check/Fold/Check/Fold"
    assert rf.labels[0][-1] == "Bet/*/Bet/*/Bet/*"
    assert rf.plans[0][-1] == {0: "Bet", 2: "Bet", 4: "Bet"}
    assert rf.choices[0][-1] == (1, -1, 1, -1, 1, -1)
    assert sum(1 for p in rf.plans[0] if len(p) == 6) == 8      # Check at every card
    assert all(len(p) == 6 for p in rf.plans[1])                # player 2 always reaches all
    # zero-sum after averaging the deal
    A, B = rf.game.payoffs
    assert all(a == -b for a, b in zip(A.flat, B.flat))


def test_plan_counts_of_the_small_trees():
    expected = {"entry-deterrence": (2, 2), "centipede": (3, 3), "ultimatum": (4, 16),
                "selten-horse": (2, 2, 2), "beer-quiche": (4, 4)}
    for name, shape in expected.items():
        g = games.get(name)
        assert count_plans(g) == shape
        assert reduced_normal_form(g).game.shape == shape
    assert reduced_normal_form(games.get("centipede")).labels[0] == \
        ("Stop/*", "Continue/Stop", "Continue/Continue")


def test_entry_deterrence_reduced_form_is_the_catalogue_normal_form():
    rf = reduced_normal_form(games.get("entry-deterrence"))
    normal = games.get("entry-deterrence-normal")
    assert rf.game.strategies == normal.strategies
    assert all((a == b).all() for a, b in zip(rf.game.payoffs, normal.payoffs))


def test_chance_is_averaged_exactly():
    rf = reduced_normal_form(games.get("beer-quiche"))
    g = rf.game
    assert g.payoff(("Beer/Beer", "Don't/Duel")) == (F(29, 10), F(9, 10))
    assert g.payoff(("Quiche/Quiche", "Duel/Don't")) == (F(21, 10), F(9, 10))
    # separating: Strong Beer, Weak Quiche; the receiver duels after Quiche only
    assert g.payoff(("Beer/Quiche", "Don't/Duel")) == (F(9, 10) * 3 + F(1, 10) * 1, F(1))


def test_outcomes_on_inner_nodes_are_added():
    b = TreeBuilder(("A", "B"))
    root = b.chance({"x": "1/3", "y": "2/3"}, outcome=(-1, 1))
    n = b.decision("A", ("u", "d"), parent=root["x"], outcome=(5, 0))
    b.terminal(n, "u", payoffs=(1, 1))
    b.terminal(n, "d", payoffs=(0, 0))
    b.terminal(root, "y", payoffs=(3, 3))
    rf = reduced_normal_form(b.build())
    assert rf.labels == (("u", "d"), ("(no move)",))
    assert rf.game.payoff(("u", "(no move)")) == (F(1, 3) * 6 + F(2, 3) * 3 - 1,
                                                  F(1, 3) * 1 + F(2, 3) * 3 + 1)
    assert rf.game.payoff(("d", "(no move)")) == (F(1, 3) * 5 + F(2, 3) * 3 - 1, F(2, 3) * 3 + 1)


def test_kuhn_payoff_table_equals_pygambits_reduced_strategic_form():
    gbt = pytest.importorskip("pygambit")
    g = games.get("kuhn-poker")
    rf = reduced_normal_form(g)
    G = gbt.read_efg(io.StringIO(write_efg(g)))
    S1, S2 = (list(p.strategies) for p in G.players)
    # gambit labels a reduced strategy by 1-based action numbers, '*' where unreached
    ours = [["".join(str(c + 1) if c >= 0 else "*" for c in row) for row in rf.choices[i]]
            for i in range(2)]
    assert ours == [[s.label for s in S1], [s.label for s in S2]]
    prof = G.mixed_strategy_profile(rational=True)
    A = rf.game.payoffs[0]
    for j, s2 in enumerate(S2):
        for s in S2:
            prof[s] = 0
        prof[s2] = 1
        column = [F(str(prof.strategy_value(s1))) for s1 in S1]
        assert column == list(A[:, j])


def kuhn_equilibrium(g, alpha):
    """Kuhn's (1950) equilibrium family, alpha in [0, 1/3] (as in test_classics_trees)."""
    spec = {"P1 J": {"Bet": alpha, "Check": 1 - alpha}, "P1 J cb": {"Fold": 1},
            "P1 Q": {"Check": 1}, "P1 Q cb": {"Call": alpha + F(1, 3), "Fold": F(2, 3) - alpha},
            "P1 K": {"Bet": 3 * alpha, "Check": 1 - 3 * alpha}, "P1 K cb": {"Call": 1},
            "P2 Q c": {"Check": 1}, "P2 Q b": {"Call": F(1, 3), "Fold": F(2, 3)},
            "P2 K c": {"Bet": 1}, "P2 K b": {"Call": 1},
            "P2 J c": {"Bet": F(1, 3), "Check": F(2, 3)}, "P2 J b": {"Fold": 1}}
    return BehaviorProfile.from_game(g, [[[F(spec[s.label].get(a, 0)) for a in s.actions]
                                          for s in sets] for sets in g.infosets])


def test_kuhn_value_by_the_reduced_form():
    g = games.get("kuhn-poker")
    rf = reduced_normal_form(g)
    # Kuhn's equilibrium (alpha = 1/6), converted to plans, is certified in the reduced form
    mixed = behavior_to_mixed(g, rf, kuhn_equilibrium(g, F(1, 6)))
    eq = certify(rf.game, mixed)
    assert eq.payoffs == (F(-1, 18), F(1, 18))
    try:
        from solver.algorithms.zero_sum import solve_zero_sum
    except ImportError:
        pytest.skip("solver.algorithms.zero_sum is not written yet")
    sol = solve_zero_sum(rf.game)
    assert sol.value == F(-1, 18)
    assert len(sol.equilibria) >= 1
    assert all(e.payoffs == (F(-1, 18), F(1, 18)) for e in sol.equilibria)
    # the solver's plan mixture, turned into behaviour, is an equilibrium of the tree
    beta = mixed_to_behavior(g, rf, sol.equilibria[0].probabilities)
    assert certify_behavior(g, beta).payoffs == (F(-1, 18), F(1, 18))


def test_kuhn_value_by_a_float_lp_on_the_reduced_form():
    from scipy.optimize import linprog
    A = np.array(reduced_normal_form(games.get("kuhn-poker")).game.payoffs[0], dtype=float)
    m, n = A.shape
    # max v s.t. x^T A >= v, sum x = 1, x >= 0
    res = linprog(np.r_[np.zeros(m), -1.0], A_ub=np.c_[-A.T, np.ones(n)], b_ub=np.zeros(n),
                  A_eq=np.r_[np.ones(m), 0.0][None, :], b_eq=[1.0],
                  bounds=[(0, None)] * m + [(None, None)], method="highs")
    assert res.status == 0 and -res.fun == pytest.approx(-1 / 18, abs=1e-9)


# ----------------------------------------------------------------------------- limits
def test_too_large_a_form_raises_a_limit_error_before_listing():
    with pytest.raises(SolverLimitError, match=r"27 x 64 = 1728 cells.*max_cells=1000"):
        reduced_normal_form(games.get("kuhn-poker"), max_cells=1000)
    with pytest.raises(SolverLimitError, match="max_cells"):
        reduced_normal_form(games.get("leduc-poker"))
    a, b = count_plans(games.get("leduc-poker"))
    assert a > 10**40 and b > 10**80


# ------------------------------------------------------------------ imperfect recall
def test_imperfect_recall_gives_all_pure_strategies_and_refuses_kuhn_conversion():
    g = forgetful()
    ok, reason = g.perfect_recall()
    assert not ok
    rf = reduced_normal_form(g)
    assert not rf.reduced and rf.game.shape == (4, 1)
    assert rf.game.payoff(("R/r", "(no move)")) == (F(2), F(0))
    with pytest.raises(InvalidGameError) as err:
        mixed_to_behavior(g, rf, [[F(1, 2), 0, 0, F(1, 2)], [1]])
    assert reason in str(err.value) and "perfect recall" in str(err.value)
    assert isinstance(err.value, GameError)
    with pytest.raises(InvalidGameError, match="perfect recall"):
        count_plans(g)


def test_wrong_lengths_are_named():
    g = games.get("beer-quiche")
    rf = reduced_normal_form(g)
    with pytest.raises(InvalidGameError, match="'Sender' has 4 plans, got 3"):
        mixed_to_behavior(g, rf, [[1, 0, 0], [1, 0, 0, 0]])
    with pytest.raises(InvalidGameError, match="not made from this game"):
        mixed_to_behavior(games.get("kuhn-poker"), rf, [[1], [1]])


# ------------------------------------------------------------------- Kuhn's theorem
def drawn_behavior(draw, game) -> BehaviorProfile:
    return random_behavior(game, lambda n: draw(
        st.lists(st.integers(0, 3), min_size=n, max_size=n).filter(any)))


FORMS = {name: (games.get(name), reduced_normal_form(games.get(name))) for name in SMALL}


@settings(max_examples=30, deadline=None)
@given(data=st.data(), name=st.sampled_from(SMALL))
def test_behavior_to_mixed_to_behavior_keeps_payoffs(data, name):
    g, rf = FORMS[name]
    beta = drawn_behavior(data.draw, g)
    mixed = behavior_to_mixed(g, rf, beta)
    assert [len(v) for v in mixed] == list(rf.game.shape)
    assert all(sum(v) == 1 and min(v) >= 0 for v in mixed)
    payoffs = behavior_payoffs(g, beta)
    assert mixed_payoffs(rf.game, mixed) == payoffs
    back = mixed_to_behavior(g, rf, mixed)
    assert behavior_payoffs(g, back) == payoffs
    # where the player's own play reaches a set, the behaviour comes back unchanged
    for i, sets in enumerate(g.infosets):
        for k, s in enumerate(sets):
            reach = sum(x for x, row in zip(mixed[i], rf.choices[i]) if row[k] >= 0)
            if reach:
                assert back.probabilities[i][k] == beta.probabilities[i][k]


@settings(max_examples=30, deadline=None)
@given(data=st.data(), name=st.sampled_from(SMALL))
def test_mixed_to_behavior_keeps_payoffs(data, name):
    g, rf = FORMS[name]
    mixed = []
    for m in rf.game.shape:
        w = data.draw(st.lists(st.integers(0, 3), min_size=m, max_size=m).filter(any))
        mixed.append([F(x, sum(w)) for x in w])
    beta = mixed_to_behavior(g, rf, mixed)
    assert behavior_payoffs(g, beta) == mixed_payoffs(rf.game, mixed)
    # the behaviour's own plan distribution is realisation-equivalent: same payoffs again
    again = behavior_to_mixed(g, rf, beta)
    assert mixed_payoffs(rf.game, again) == mixed_payoffs(rf.game, mixed)


def test_unreached_sets_get_the_uniform_distribution():
    g, rf = FORMS["kuhn-poker"]
    always_bet = [F(0)] * 27
    always_bet[rf.labels[0].index("Bet/*/Bet/*/Bet/*")] = F(1)
    beta = mixed_to_behavior(g, rf, [always_bet, [F(1, 64)] * 64])
    assert beta.probabilities[0][1] == (F(1, 2), F(1, 2))       # "P1 J cb" is never reached
    assert beta.probabilities[0][0] == (F(0), F(1))
    assert beta.probabilities[1][0] == (F(1, 2), F(1, 2))


def test_equilibria_correspond():
    # a certified equilibrium of the reduced form maps to a certified behaviour equilibrium
    g, rf = FORMS["beer-quiche"]
    mixed = [[F(1), 0, 0, 0], [0, 0, F(1, 2), F(1, 2)]]      # Beer/Beer vs Don't/(1/2 Duel)
    assert certify(rf.game, mixed).payoffs == (F(29, 10), F(9, 10))
    assert certify_behavior(g, mixed_to_behavior(g, rf, mixed)).payoffs == (F(29, 10), F(9, 10))
