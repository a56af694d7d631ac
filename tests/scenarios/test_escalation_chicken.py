"""escalation-chicken: Chicken with two pure equilibria and a mixed one escalating with
probability (T - R)/((T - R) + (S - P)) = 1/13 (SCENARIOS.md section 8; Schelling 1960;
ir_models.md sec. 5.3 and game G8b)."""
from __future__ import annotations

from fractions import Fraction as F

import pytest

import games
import solver
from solver.errors import GameError

NAME = "escalation-chicken"


def q_star(T, R, S, P):
    """ir_models.md sec. 5.3, the mixed equilibrium's escalation probability (test oracle)."""
    return (T - R) / ((T - R) + (S - P))


def pure_profiles(sol):
    return sorted((max(e.strategies[0], key=e.strategies[0].get),
                   max(e.strategies[1], key=e.strategies[1].get))
                  for e in sol.equilibria if all(max(d.values()) == 1 for d in e.strategies))


def mixed(sol):
    return [e for e in sol.equilibria if any(0 < p < 1 for d in e.strategies for p in d.values())]


def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["prevail", "compromise", "back_down", "disaster"]
    assert all("seed 00" in p.source for p in e.parameters)
    g = games.get(NAME)
    assert g.players == ("West", "Russia")
    assert g.strategies == (("Hold", "Escalate"), ("Hold", "Escalate"))
    assert g.parameters == {"prevail": F(4), "compromise": F(3), "back_down": F(2),
                            "disaster": F(-10)}


def test_default_equilibria():
    sol = solver.solve(games.get(NAME))
    assert sol.exact and sol.complete and not sol.degenerate
    assert len(sol.equilibria) == 3
    assert pure_profiles(sol) == [("Escalate", "Hold"), ("Hold", "Escalate")]
    by_profile = {(max(e.strategies[0], key=e.strategies[0].get),
                   max(e.strategies[1], key=e.strategies[1].get)): e.payoffs
                  for e in sol.equilibria if not mixed_eq(e)}
    assert by_profile[("Escalate", "Hold")] == (F(4), F(2))
    assert by_profile[("Hold", "Escalate")] == (F(2), F(4))
    (m,) = mixed(sol)
    assert m.strategies[0] == {"Hold": F(12, 13), "Escalate": F(1, 13)}
    assert m.strategies[1] == {"Hold": F(12, 13), "Escalate": F(1, 13)}
    assert m.payoffs == (F(38, 13), F(38, 13))


def mixed_eq(e) -> bool:
    return any(0 < p < 1 for d in e.strategies for p in d.values())


GRID_T = [F(4), F(7, 2), F(6)]
GRID_S = [F(2), F(0), F(-1)]
GRID_P = [F(-100), F(-20), F(-10), F(-5, 2), F(-3, 2)]


@pytest.mark.parametrize("T", GRID_T)
@pytest.mark.parametrize("S", GRID_S)
def test_mixing_probability_on_grid(T, S):
    R = F(3)
    previous = None
    for P in GRID_P:                    # the disaster gets milder along the grid
        if not P < S:
            continue
        sol = solver.solve(games.get(NAME, prevail=T, back_down=S, disaster=P))
        assert len(sol.equilibria) == 3, (T, S, P)
        assert pure_profiles(sol) == [("Escalate", "Hold"), ("Hold", "Escalate")]
        (m,) = mixed(sol)
        q = q_star(T, R, S, P)
        assert m.strategies[0]["Escalate"] == q and m.strategies[1]["Escalate"] == q
        # indifference: Hold and Escalate both pay R(1-q) + S q
        assert m.payoffs[0] == R * (1 - q) + S * q == T * (1 - q) + P * q
        if previous is not None:        # a costlier disaster means less escalation
            assert previous < q
        previous = q


@pytest.mark.parametrize("P", [F(5, 2), F(5), F(10)])
def test_mild_disaster_makes_escalation_dominant(P):
    sol = solver.solve(games.get(NAME, disaster=P))
    assert len(sol.equilibria) == 1
    assert pure_profiles(sol) == [("Escalate", "Escalate")]


@pytest.mark.parametrize("T", [F(-5), F(0), F(2), F(5, 2)])
def test_small_prize_makes_holding_dominant(T):
    sol = solver.solve(games.get(NAME, prevail=T))
    assert len(sol.equilibria) == 1
    assert pure_profiles(sol) == [("Hold", "Hold")]


@pytest.mark.parametrize("param,value,before,after", [
    ("disaster", F(2), "Hold / Escalate / Hold+Escalate", "Escalate"),
    ("prevail", F(3), "Hold", "Hold / Escalate / Hold+Escalate"),
    ("back_down", F(-10), "Escalate", "Hold / Escalate / Hold+Escalate"),
])
def test_thresholds(param, value, before, after):
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), param)
    assert len(res.thresholds) == 2                    # one record per player, same value
    assert {t.player for t in res.thresholds} == {"West", "Russia"}
    for t in res.thresholds:
        assert t.value == value
        assert (t.from_, t.to) == (before, after)
    assert res.to_dict()["thresholds"][0]["value"] == str(value)


def test_explanation_states_the_indifference():
    text = str(solver.explain(solver.solve(games.get(NAME))))
    assert "1/13" in text and "12/13" in text
    assert "38/13" in text and "indifferent" in text
    assert "-10" in text                               # the disaster enters the comparison


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'T'"):
        games.get(NAME, T="4")
    with pytest.raises(GameError, match="disaster.*outside its range"):
        games.get(NAME, disaster="-1000")
    with pytest.raises(GameError, match="prevail.*outside its range"):
        games.get(NAME, prevail="11")
    with pytest.raises(GameError, match="compromise.*outside its range"):
        games.get(NAME, compromise="-21")
    with pytest.raises(GameError, match="exact"):
        games.get(NAME, prevail=4.5)


def test_mixing_probability_for_any_chicken_ordering():
    """Any T > R > S > P inside the ranges: three equilibria, the mixed one at q*."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.integers(-20, 10), min_size=4, max_size=4, unique=True))
    def check(values):
        T, R, S, P = (F(v, 2) for v in sorted(values, reverse=True))   # halves: non-integers too
        sol = solver.solve(games.get(NAME, prevail=T, compromise=R, back_down=S, disaster=P))
        assert len(sol.equilibria) == 3
        (m,) = mixed(sol)
        assert m.strategies[0]["Escalate"] == q_star(T, R, S, P) == m.strategies[1]["Escalate"]

    check()
