"""escalation-chicken: Chicken with a disaster cost for each side.  Two pure equilibria
and a mixed one in which each side escalates with probability (T - R)/((T - R) + (S - P))
set by the *other* side's disaster P (1/13 at the symmetric defaults); risk dominance
(Harsanyi and Selten 1988) makes the side that fears the disaster more the one that
yields (Schelling 1960; Chicken as in Dixit, Skeath and Reiley)."""
from __future__ import annotations

from fractions import Fraction as F

import pytest

import games
import solver
from solver.analysis.risk_dominance import risk_dominance
from solver.analysis.risk_dominance_flips import risk_dominance_flips
from solver.errors import GameError

NAME = "escalation-chicken"
PARAMS = ["prevail", "compromise", "back_down", "disaster_W", "disaster_R"]


# ----------------------------------------------------------------- test oracles
def q_west(T, R, S, P_W, P_R):
    """The West's escalation probability: it keeps *Russia* indifferent, so it depends on
    Russia's disaster P_R (module docstring)."""
    return (T - R) / ((T - R) + (S - P_R))


def q_russia(T, R, S, P_W, P_R):
    """Russia's escalation probability, which keeps the West indifferent."""
    return (T - R) / ((T - R) + (S - P_W))


def yielder(T, R, S, P_W, P_R):
    """Who backs down in the risk-dominant equilibrium: the side with the larger product
    of deviation losses at the equilibrium where it yields, i.e. the side that fears the
    disaster more (None on a tie)."""
    west_yields, russia_yields = (S - P_W) * (T - R), (T - R) * (S - P_R)
    if west_yields == russia_yields:
        return None
    return "West" if west_yields > russia_yields else "Russia"


def pure_profiles(sol):
    return sorted((max(e.strategies[0], key=e.strategies[0].get),
                   max(e.strategies[1], key=e.strategies[1].get))
                  for e in sol.equilibria if all(max(d.values()) == 1 for d in e.strategies))


def is_mixed(e) -> bool:
    return any(0 < p < 1 for d in e.strategies for p in d.values())


def mixed(sol):
    return [e for e in sol.equilibria if is_mixed(e)]


# ----------------------------------------------------------------------- tests
def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == PARAMS
    assert all("seed 00" in p.source for p in e.parameters)
    assert e.mechanism and e.literature and e.lever
    g = games.get(NAME)
    assert g.players == ("West", "Russia")
    assert g.strategies == (("Hold", "Escalate"), ("Hold", "Escalate"))
    assert g.parameters == {"prevail": F(4), "compromise": F(3), "back_down": F(2),
                            "disaster_W": F(-10), "disaster_R": F(-10)}


def test_default_equilibria():
    sol = solver.solve(games.get(NAME))
    assert sol.exact and sol.complete and not sol.degenerate
    assert len(sol.equilibria) == 3
    assert pure_profiles(sol) == [("Escalate", "Hold"), ("Hold", "Escalate")]
    by_profile = {(max(e.strategies[0], key=e.strategies[0].get),
                   max(e.strategies[1], key=e.strategies[1].get)): e.payoffs
                  for e in sol.equilibria if not is_mixed(e)}
    assert by_profile[("Escalate", "Hold")] == (F(4), F(2))
    assert by_profile[("Hold", "Escalate")] == (F(2), F(4))
    (m,) = mixed(sol)
    assert m.strategies[0] == {"Hold": F(12, 13), "Escalate": F(1, 13)}
    assert m.strategies[1] == {"Hold": F(12, 13), "Escalate": F(1, 13)}
    assert m.payoffs == (F(38, 13), F(38, 13))


def test_defaults_tie_in_risk_dominance():
    rd = risk_dominance(games.get(NAME))
    assert len(rd.equilibria) == 2
    assert rd.tie and rd.products == (F(12), F(12))


def test_a_russia_that_fears_disaster_less():
    """disaster_R = -5: the West, fearing the disaster more, yields in the risk-dominant
    equilibrium, but in the mixed equilibrium it escalates more often (1/8 > 1/13)."""
    sol = solver.solve(games.get(NAME, disaster_R=-5))
    assert len(sol.equilibria) == 3
    (m,) = mixed(sol)
    assert m.strategies[0]["Escalate"] == F(1, 8)          # set by Russia's disaster
    assert m.strategies[1]["Escalate"] == F(1, 13)         # set by the West's
    assert m.payoffs == (F(38, 13), F(23, 8))
    west_backs_down = (1 - F(1, 8)) * F(1, 13)
    russia_backs_down = F(1, 8) * (1 - F(1, 13))
    assert (west_backs_down, russia_backs_down) == (F(7, 104), F(3, 26))
    rd = risk_dominance(sol)
    assert rd.products == (F(12), F(7))
    assert rd.dominant == ("Hold", "Escalate")             # the West yields


GRID_T = [F(4), F(7, 2), F(6)]
GRID_S = [F(2), F(0), F(-1)]
GRID_P = [F(-100), F(-20), F(-10), F(-5, 2), F(-3, 2)]


@pytest.mark.parametrize("T", GRID_T)
@pytest.mark.parametrize("S", GRID_S)
def test_mixing_probabilities_on_grid(T, S):
    R = F(3)
    for P_W in GRID_P:
        previous = None
        for P_R in GRID_P:              # Russia's disaster gets milder along the grid
            if not (P_W < S and P_R < S):
                continue
            sol = solver.solve(games.get(NAME, prevail=T, back_down=S, disaster_W=P_W,
                                         disaster_R=P_R))
            assert len(sol.equilibria) == 3, (T, S, P_W, P_R)
            assert pure_profiles(sol) == [("Escalate", "Hold"), ("Hold", "Escalate")]
            (m,) = mixed(sol)
            qw, qr = q_west(T, R, S, P_W, P_R), q_russia(T, R, S, P_W, P_R)
            assert m.strategies[0]["Escalate"] == qw and m.strategies[1]["Escalate"] == qr
            # indifference: each side's Hold and Escalate pay the same against the other's mix
            assert m.payoffs[0] == R * (1 - qr) + S * qr == T * (1 - qr) + P_W * qr
            assert m.payoffs[1] == R * (1 - qw) + S * qw == T * (1 - qw) + P_R * qw
            if previous is not None:    # a milder disaster for Russia: the West escalates more
                assert previous < qw
            previous = qw


@pytest.mark.parametrize("P", [F(5, 2), F(5), F(10)])
def test_mild_disaster_makes_escalation_dominant(P):
    sol = solver.solve(games.get(NAME, disaster_W=P, disaster_R=P))
    assert len(sol.equilibria) == 1
    assert pure_profiles(sol) == [("Escalate", "Escalate")]
    sol = solver.solve(games.get(NAME, disaster_R=P))    # only Russia: it prevails
    assert len(sol.equilibria) == 1
    assert pure_profiles(sol) == [("Hold", "Escalate")]


@pytest.mark.parametrize("T", [F(-5), F(0), F(2), F(5, 2)])
def test_small_prize_makes_holding_dominant(T):
    sol = solver.solve(games.get(NAME, prevail=T))
    assert len(sol.equilibria) == 1
    assert pure_profiles(sol) == [("Hold", "Hold")]


BOTH = "Hold / Escalate / Hold+Escalate"


@pytest.mark.parametrize("param,value,changes", [
    ("disaster_W", F(2), {"West": (BOTH, "Escalate"), "Russia": (BOTH, "Hold")}),
    ("disaster_R", F(2), {"West": (BOTH, "Hold"), "Russia": (BOTH, "Escalate")}),
    ("prevail", F(3), {"West": ("Hold", BOTH), "Russia": ("Hold", BOTH)}),
    ("back_down", F(-10), {"West": ("Escalate", BOTH), "Russia": ("Escalate", BOTH)}),
])
def test_thresholds(param, value, changes):
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), param)
    assert len(res.thresholds) == 2                    # one record per player, same value
    assert {t.player for t in res.thresholds} == {"West", "Russia"}
    for t in res.thresholds:
        assert t.value == value
        assert (t.from_, t.to) == changes[t.player]
    assert res.to_dict()["thresholds"][0]["value"] == str(value)


@pytest.mark.parametrize("param,below,above", [
    ("disaster_R", ("Escalate", "Hold"), ("Hold", "Escalate")),
    ("disaster_W", ("Hold", "Escalate"), ("Escalate", "Hold")),
])
def test_who_yields_flips_where_the_disasters_are_equal(param, below, above):
    flips = risk_dominance_flips(games.get(NAME), param)
    assert len(flips) == 1
    assert (flips[0].value, flips[0].below, flips[0].above) == (F(-10), below, above)


def test_explanation_states_the_indifference():
    text = str(solver.explain(solver.solve(games.get(NAME))))
    assert "1/13" in text and "12/13" in text
    assert "38/13" in text and "indifferent" in text
    assert "-10" in text                               # the disaster enters the comparison


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'disaster'"):
        games.get(NAME, disaster="-10")
    with pytest.raises(GameError, match="disaster_W.*outside its range"):
        games.get(NAME, disaster_W="-1000")
    with pytest.raises(GameError, match="disaster_R.*outside its range"):
        games.get(NAME, disaster_R="11")
    with pytest.raises(GameError, match="prevail.*outside its range"):
        games.get(NAME, prevail="11")
    with pytest.raises(GameError, match="compromise.*outside its range"):
        games.get(NAME, compromise="-21")
    with pytest.raises(GameError, match="exact"):
        games.get(NAME, prevail=4.5)


def test_closed_forms_at_random_parameter_values():
    """Any T > R > S > P_W, P_R inside the ranges: three equilibria, each side's escalation
    probability as in the closed form, and the side that fears disaster more yields in the
    risk-dominant equilibrium."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.integers(-20, 20), min_size=3, max_size=3, unique=True),
           st.integers(-200, -1), st.integers(-200, -1))
    def check(values, dw, dr):
        T, R, S = (F(v, 2) for v in sorted(values, reverse=True))  # halves: non-integers too
        P_W, P_R = S + F(dw, 2), S + F(dr, 2)                       # both below S
        if P_W < -100 or P_R < -100:
            return
        sol = solver.solve(games.get(NAME, prevail=T, compromise=R, back_down=S,
                                     disaster_W=P_W, disaster_R=P_R))
        assert len(sol.equilibria) == 3
        (m,) = mixed(sol)
        assert m.strategies[0]["Escalate"] == q_west(T, R, S, P_W, P_R)
        assert m.strategies[1]["Escalate"] == q_russia(T, R, S, P_W, P_R)
        rd = risk_dominance(sol)
        who = yielder(T, R, S, P_W, P_R)
        if who is None:
            assert rd.tie and P_W == P_R
        else:
            assert rd.dominant == (("Hold", "Escalate") if who == "West" else ("Escalate", "Hold"))
            assert (who == "West") == (P_W < P_R)

    check()
