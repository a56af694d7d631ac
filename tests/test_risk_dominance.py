"""Risk dominance (Harsanyi and Selten 1988, sec. 5.2): known answers, invariance, errors.

Known answers: the Stag Hunt (Hare risk-dominant, Stag payoff-dominant), the
security-dilemma defaults ((Arm, Arm): 2 x 2 = 4 > 1 x 1 = 1), a coordination game in
which the two criteria agree, Chicken and Battle of the Sexes (ties).  Invariants: the
verdict does not change under a positive affine change of either player's payoffs
(nor under adding a constant to a player's payoffs against one strategy of the other);
it is the comparison of the belief thresholds; the symbolic products agree with the
numbers.  Errors: games the 2x2 criterion does not cover.
"""
from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver import NormalFormGame
from solver.analysis.risk_dominance import RiskDominance, risk_dominance
from solver.analysis.risk_dominance_flips import risk_dominance_flips
from solver.analysis.risk_dominance_text import risk_dominance_lines, risk_dominance_section
from solver.errors import GameError
from solver.forms.parameters import Parameter


def stag_hunt(R=4, S=0, T=3, P=2):
    return NormalFormGame.symmetric([[R, S], [T, P]], strategies=("Stag", "Hare"))


# ------------------------------------------------------------------ known answers
def test_stag_hunt_hare_risk_dominates_stag_payoff_dominates():
    rd = risk_dominance(stag_hunt())
    assert isinstance(rd, RiskDominance)
    assert len(rd.equilibria) == 2
    assert rd.equilibria == (("Stag", "Stag"), ("Hare", "Hare"))
    assert rd.losses == ((F(1), F(1)), (F(2), F(2)))
    assert rd.products == (F(1), F(4))
    assert rd.dominant == ("Hare", "Hare") and rd.dominated == ("Stag", "Stag")
    assert not rd.tie and rd.exact and not rd.restricted and rd.symbolic is None
    assert rd.payoff_dominant == ("Stag", "Stag")
    assert rd.agrees_with_payoff_dominance is False


def test_the_catalogue_stag_hunt():
    rd = risk_dominance(games.get("stag-hunt"))
    assert len(rd.equilibria) == 2
    assert rd.dominant == ("Hare", "Hare") and rd.payoff_dominant == ("Stag", "Stag")
    assert rd.products[1] > rd.products[0]


def test_security_dilemma_defaults():
    game = games.get("security-dilemma")
    rd = risk_dominance(game)
    assert len(rd.equilibria) == 2
    assert rd.players == ("NATO", "Russia")
    assert rd.equilibria == (("Restrain", "Restrain"), ("Arm", "Arm"))
    assert rd.payoffs == ((F(4), F(4)), (F(2), F(2)))
    assert rd.losses == ((F(1), F(1)), (F(2), F(2)))
    assert rd.products == (F(1), F(4))
    assert rd.dominant == ("Arm", "Arm")
    assert rd.payoff_dominant == ("Restrain", "Restrain")
    # belief thresholds: Restrain needs 2/3 confidence from each side, Arm 1/3
    assert rd.thresholds == ((F(2, 3), F(2, 3)), (F(1, 3), F(1, 3)))
    # 50-50 beliefs: Restrain pays (4 + 0)/2 = 2, Arm (3 + 2)/2 = 5/2
    assert rd.half == ((F(2), F(5, 2)), (F(2), F(5, 2)))
    R, T, S, P = sympy.symbols("restraint advantage exposed arms_race")
    assert sympy.simplify(rd.symbolic[0] - (R - T) ** 2) == 0
    assert sympy.simplify(rd.symbolic[1] - (P - S) ** 2) == 0
    # the same record from a solution of the game
    assert risk_dominance(solver.solve(game)).products == rd.products


def test_both_criteria_agree_in_a_coordination_game():
    g = NormalFormGame.from_matrices([[9, 0], [1, 2]], [[8, 2], [0, 3]],
                                     strategies=(("A", "B"), ("A", "B")))
    rd = risk_dominance(g)
    assert len(rd.equilibria) == 2
    assert rd.losses == ((F(8), F(6)), (F(2), F(3)))
    assert rd.products == (F(48), F(6))
    assert rd.dominant == rd.payoff_dominant == ("A", "A")
    assert rd.agrees_with_payoff_dominance is True


@pytest.mark.parametrize("name", ["chicken", "battle-of-the-sexes"])
def test_symmetric_conflicts_tie(name):
    rd = risk_dominance(games.get(name))
    assert len(rd.equilibria) == 2
    assert rd.tie and rd.dominant is None and rd.dominated is None
    assert rd.products[0] == rd.products[1]
    assert rd.payoff_dominant is None and rd.agrees_with_payoff_dominance is None


def test_escalation_chicken_the_side_that_fears_disaster_more_yields():
    rd = risk_dominance(games.get("escalation-chicken"))
    assert rd.tie and rd.products == (F(12), F(12))
    rd = risk_dominance(games.get("escalation-chicken", disaster_R=-5))
    assert rd.equilibria == (("Hold", "Escalate"), ("Escalate", "Hold"))
    assert rd.products == (F(12), F(7))
    assert rd.dominant == ("Hold", "Escalate")          # the West, fearing more, yields


def test_parametric_game_at_given_values():
    rd = risk_dominance(games.get("security-dilemma"), params={"advantage": "3/2"})
    assert rd.products == (F(25, 4), F(4)) and rd.dominant == ("Restrain", "Restrain")


def test_a_larger_game_closed_under_best_replies():
    # a third row that is never a best reply to a belief over (Stag, Hare)
    g = NormalFormGame.from_matrices([[4, 0], [3, 2], [1, 1]], [[4, 3], [0, 2], [0, 0]],
                                     strategies=(("Stag", "Hare", "Hide"), ("Stag", "Hare")))
    rd = risk_dominance(g)
    assert len(rd.equilibria) == 2
    assert rd.restricted and rd.dominant == ("Hare", "Hare") and rd.products == (F(1), F(4))
    lines = risk_dominance_lines(solver.solve(g))
    assert len(lines) == 5 and "restricted to these strategies" in lines[0]


def test_a_float_game_agrees_with_the_exact_one():
    exact = risk_dominance(stag_hunt())
    approx = risk_dominance(NormalFormGame.symmetric([[4.0, 0.0], [3.0, 2.0]],
                                                     strategies=("Stag", "Hare")))
    assert not approx.exact
    assert approx.dominant == exact.dominant
    assert approx.products == pytest.approx([float(x) for x in exact.products])


def test_to_dict():
    d = risk_dominance(games.get("security-dilemma")).to_dict()
    assert d["dominant"] == ["Arm", "Arm"] and d["products"] == ["1", "4"]
    assert d["tie"] is False and d["payoff_dominant"] == ["Restrain", "Restrain"]


# ------------------------------------------------------------------ words
def test_lines_for_the_security_dilemma():
    lines = risk_dominance_lines(solver.solve(games.get("security-dilemma")))
    assert len(lines) == 5
    assert lines[0].startswith("(Arm, Arm) risk-dominates (Restrain, Restrain)")
    assert "Harsanyi and Selten 1988" in lines[0]
    assert "2 x 2 = 4" in lines[0] and "1 x 1 = 1" in lines[0]
    assert "NATO would lose 2 - 0 = 2 by switching to Restrain" in lines[1]
    assert "at least 1/3" in lines[2] and "4/3" in lines[2]
    assert "does better with the risk-dominant one" in lines[3] and "5/2 from Arm" in lines[3]
    assert "(Restrain, Restrain) payoff-dominates" in lines[4] and "disagree" in lines[4]
    section = risk_dominance_section(solver.solve(games.get("security-dilemma")))
    assert section.title == "Risk dominance" and list(section.lines) == lines


def test_lines_for_a_tie():
    lines = risk_dominance_lines(solver.solve(games.get("escalation-chicken")))
    assert len(lines) == 4
    assert lines[0].startswith("Neither (Hold, Escalate) nor (Escalate, Hold) risk-dominates")
    assert "12 x 1 = 12" in lines[0] and "1 x 12 = 12" in lines[0]
    assert "2 - (-10) = 12" in lines[1]
    assert "payoff dominance does not choose" in lines[3]


@pytest.mark.parametrize("name", ["matching-pennies", "prisoners-dilemma", "western-policy-mix",
                                  "entry-deterrence"])
def test_no_lines_where_the_criterion_does_not_apply(name):
    sol = solver.solve(games.get(name))
    assert risk_dominance_lines(sol) == []
    assert risk_dominance_section(sol) is None


def test_no_lines_when_the_solution_lists_one_equilibrium():
    sol = solver.solve(stag_hunt(), method="lemke-howson")
    assert len(sol.equilibria) == 1
    assert risk_dominance_lines(sol) == []


# ------------------------------------------------------------------ flips
@pytest.mark.parametrize("param,value,below,above", [
    ("advantage", F(2), ("Restrain", "Restrain"), ("Arm", "Arm")),
    ("arms_race", F(1), ("Restrain", "Restrain"), ("Arm", "Arm")),
    ("restraint", F(5), ("Arm", "Arm"), ("Restrain", "Restrain")),
])
def test_security_dilemma_flips(param, value, below, above):
    flips = risk_dominance_flips(games.get("security-dilemma"), param)
    assert len(flips) == 1
    f = flips[0]
    assert (f.parameter, f.value, f.below, f.above) == (param, value, below, above)
    assert "risk-dominant" in str(f) and f.to_dict()["value"] == str(value)


def test_a_flip_at_an_irrational_value_is_exact():
    t = sympy.Symbol("t")
    g = NormalFormGame.from_matrices([[t, 0], [1, 1]], [[t, 1], [0, 2]],
                                     strategies=(("A", "B"), ("A", "B")),
                                     parameters=[Parameter("t", "2", "3/2", "5")])
    (f,) = risk_dominance_flips(g, "t")
    assert sympy.simplify(f.value - (1 + sympy.sqrt(2))) == 0     # (t - 1)^2 = 1 x 2
    assert (f.below, f.above) == (("B", "B"), ("A", "A"))


def test_flip_errors():
    g = games.get("security-dilemma")
    with pytest.raises(GameError, match="no free parameter 'belief'"):
        risk_dominance_flips(g, "belief")
    t = sympy.Symbol("t")
    bare = NormalFormGame.symmetric([[t, 0], [3, 2]], parameters={"t": "4"})
    with pytest.raises(GameError, match="give the range"):
        risk_dominance_flips(bare, "t")
    assert len(risk_dominance_flips(bare, "t", low=3, high=10)) == 1


# ------------------------------------------------------------------ errors
def test_errors_for_unsuitable_games():
    with pytest.raises(GameError, match="two-player normal-form"):
        risk_dominance(games.get("entry-deterrence"))
    with pytest.raises(GameError, match="two-player normal-form"):
        risk_dominance(NormalFormGame([[[[1, 0], [0, 1]], [[0, 1], [1, 0]]]] * 3))
    with pytest.raises(GameError, match="has 1 "):
        risk_dominance(games.get("prisoners-dilemma"))
    with pytest.raises(GameError, match="has 0 "):
        risk_dominance(games.get("matching-pennies"))
    # only weak equilibria: a player indifferent at each
    with pytest.raises(GameError, match="has 0 "):
        risk_dominance(NormalFormGame.symmetric([[1, 1], [1, 1]]))
    with pytest.raises(GameError, match="no free parameters"):
        risk_dominance(stag_hunt(), params={"t": 1})


def test_three_strict_equilibria_need_between():
    g = NormalFormGame.symmetric([[3, 0, 0], [0, 2, 0], [0, 0, 1]], strategies=("A", "B", "C"))
    with pytest.raises(GameError, match="has 3 .*between="):
        risk_dominance(g)
    rd = risk_dominance(g, between=[("A", "A"), ("C", "C")])
    assert rd.restricted and rd.products == (F(9), F(1)) and rd.dominant == ("A", "A")
    with pytest.raises(GameError, match="not a strict pure equilibrium"):
        risk_dominance(g, between=[("A", "A"), ("A", "B")])
    with pytest.raises(GameError, match="same profile"):
        risk_dominance(g, between=[("A", "A"), ("A", "A")])


def test_a_block_not_closed_under_best_replies_is_refused():
    # "Mid" is the best reply to a belief of 2/3 on Stag (it pays 89/30 > 8/3): the 2x2
    # block is no formation, and Harsanyi and Selten's tracing procedure would be needed
    g = NormalFormGame.from_matrices([[4, 0], [3, 2], [F(7, 2), F(19, 10)]],
                                     [[4, 3], [0, 2], [0, 0]],
                                     strategies=(("Stag", "Hare", "Mid"), ("Stag", "Hare")))
    with pytest.raises(GameError, match="not closed under best replies"):
        risk_dominance(g)


# ------------------------------------------------------------------ invariants
def _strict_2x2(a1, a2, b1, b2, base):
    """A 2x2 game whose diagonal cells are strict equilibria with the given deviation losses
    (row's at (0,0), (1,1): a1, a2; column's: b1, b2) on top of arbitrary payoffs ``base``."""
    x, y, z, w = base
    A = [[x + a1, y], [x, y + a2]]
    B = [[z + b1, z], [w, w + b2]]
    return A, B


losses = st.integers(1, 9)
levels = st.integers(-9, 9)
scales = st.fractions(min_value=F(1, 5), max_value=5)


@settings(max_examples=25, deadline=None)
@given(losses, losses, losses, losses, st.tuples(levels, levels, levels, levels),
       scales, scales, st.tuples(levels, levels, levels, levels))
def test_invariant_under_positive_affine_changes(a1, a2, b1, b2, base, s1, s2, shifts):
    A, B = _strict_2x2(a1, a2, b1, b2, base)
    g = NormalFormGame.from_matrices(A, B)
    rd = risk_dominance(g)
    assert rd.products == (F(a1 * b1), F(a2 * b2))
    # player 1: s1*u + a constant per column; player 2: s2*u + a constant per row
    c0, c1, r0, r1 = shifts
    A2 = [[s1 * A[i][j] + (c0, c1)[j] for j in range(2)] for i in range(2)]
    B2 = [[s2 * B[i][j] + (r0, r1)[i] for j in range(2)] for i in range(2)]
    rd2 = risk_dominance(NormalFormGame.from_matrices(A2, B2))
    assert rd2.equilibria == rd.equilibria
    assert rd2.dominant == rd.dominant and rd2.tie == rd.tie
    assert rd2.products == (s1 * s2 * rd.products[0], s1 * s2 * rd.products[1])
    assert rd2.thresholds == rd.thresholds
    # the products and the belief thresholds say the same thing
    sums = [sum(t) for t in rd.thresholds]
    if rd.dominant is None:
        assert sums[0] == sums[1] == 1
    else:
        k = rd.equilibria.index(rd.dominant)
        assert sums[k] < 1 < sums[1 - k]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=4, max_size=4, unique=True))
def test_symmetric_stag_hunts_follow_the_fifty_fifty_rule(values):
    R, T, P, S = (F(v, 2) for v in sorted(values, reverse=True))
    rd = risk_dominance(games.get("security-dilemma"),
                        params={"restraint": R, "advantage": T, "arms_race": P, "exposed": S})
    # symbolic products at the point equal the numbers
    at = {sympy.Symbol(n): sympy.Rational(v.numerator, v.denominator)
          for n, v in (("restraint", R), ("advantage", T), ("arms_race", P), ("exposed", S))}
    assert [sympy.Rational(x.numerator, x.denominator) for x in rd.products] == \
        [e.subs(at) for e in rd.symbolic]
    arm_better_at_half = (T + P) / 2 > (R + S) / 2
    if (T + P) == (R + S):
        assert rd.tie
    else:
        assert (rd.dominant == ("Arm", "Arm")) == arm_better_at_half
