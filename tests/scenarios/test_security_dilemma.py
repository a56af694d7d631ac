"""security-dilemma: a Stag Hunt; restrain iff the other restrains with probability
>= (P - S)/((R - T) + (P - S)) = 2/3, and (Arm, Arm) is risk-dominant, computed by
solver.analysis.risk_dominance (Jervis 1978; Harsanyi and Selten 1988, sec. 5.2)."""
from __future__ import annotations

from fractions import Fraction as F

import pytest

import games
import solver
from solver.analysis.risk_dominance import risk_dominance
from solver.analysis.risk_dominance_flips import risk_dominance_flips
from solver.analysis.risk_dominance_text import risk_dominance_lines
from solver.errors import GameError

NAME = "security-dilemma"


def q_star(R, T, S, P):
    """The belief in the other's restraint above which a side restrains, i.e. the mixed
    equilibrium's probability of Restrain (test oracle)."""
    return (P - S) / ((R - T) + (P - S))


def arm_risk_dominant(R, T, S, P) -> bool:
    """Harsanyi-Selten risk dominance in a symmetric 2x2 Stag Hunt (test oracle): the
    product of the deviation losses, (P - S)^2 at (Arm, Arm) against (R - T)^2."""
    return P - S > R - T


def is_mixed(e) -> bool:
    return any(0 < p < 1 for d in e.strategies for p in d.values())


def pure_profiles(sol):
    return sorted((max(e.strategies[0], key=e.strategies[0].get),
                   max(e.strategies[1], key=e.strategies[1].get))
                  for e in sol.equilibria if not is_mixed(e))


def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["restraint", "advantage", "exposed", "arms_race"]
    assert all("seed 00" in p.source for p in e.parameters)
    assert e.mechanism and e.literature and e.lever
    assert e.literature == "Jervis 1978" and "Harsanyi and Selten 1988" in e.source
    g = games.get(NAME)
    assert g.players == ("NATO", "Russia")
    assert g.strategies == (("Restrain", "Arm"), ("Restrain", "Arm"))
    assert g.parameters == {"restraint": F(4), "advantage": F(3), "exposed": F(0),
                            "arms_race": F(2)}


def test_default_equilibria():
    sol = solver.solve(games.get(NAME))
    assert sol.exact and sol.complete and not sol.degenerate
    assert len(sol.equilibria) == 3
    assert pure_profiles(sol) == [("Arm", "Arm"), ("Restrain", "Restrain")]
    pays = {max(e.strategies[0], key=e.strategies[0].get): e.payoffs
            for e in sol.equilibria if not is_mixed(e)}
    assert pays == {"Restrain": (F(4), F(4)), "Arm": (F(2), F(2))}
    (m,) = [e for e in sol.equilibria if is_mixed(e)]
    assert m.strategies[0] == {"Restrain": F(2, 3), "Arm": F(1, 3)}
    assert m.strategies[1] == {"Restrain": F(2, 3), "Arm": F(1, 3)}
    assert m.payoffs == (F(8, 3), F(8, 3))
    # risk dominance, read off the solver's mixed equilibrium: Arm's basin is larger
    assert m.strategies[0]["Restrain"] > F(1, 2)


GRID_T = [F(0), F(1), F(3, 2), F(2), F(5, 2), F(3), F(7, 2)]     # advantage, below R = 4
GRID_P = [F(1, 2), F(1), F(2), F(3)]                              # arms_race, above S = 0


@pytest.mark.parametrize("P", GRID_P)
def test_belief_threshold_and_risk_dominance_on_grid(P):
    R, S = F(4), F(0)
    for T in GRID_T:
        if not (R > T and P > S):
            continue
        sol = solver.solve(games.get(NAME, advantage=T, arms_race=P))
        assert len(sol.equilibria) == 3, (T, P)
        assert pure_profiles(sol) == [("Arm", "Arm"), ("Restrain", "Restrain")]
        (m,) = [e for e in sol.equilibria if is_mixed(e)]
        q = q_star(R, T, S, P)
        assert m.strategies[0]["Restrain"] == q == m.strategies[1]["Restrain"]
        # restrain iff belief >= q: at belief q both pay the same, R q + S (1 - q)
        assert m.payoffs[0] == R * q + S * (1 - q) == T * q + P * (1 - q)
        if q != F(1, 2):
            assert (q > F(1, 2)) == arm_risk_dominant(R, T, S, P), (T, P)
        # the computed comparison agrees with the oracle and with q*
        rd = risk_dominance(sol)
        assert rd.products == ((R - T) ** 2, (P - S) ** 2)
        if q == F(1, 2):
            assert rd.tie
        else:
            assert (rd.dominant == ("Arm", "Arm")) == arm_risk_dominant(R, T, S, P)


def test_risk_dominance_is_computed():
    game = games.get(NAME)
    rd = risk_dominance(game)
    assert len(rd.equilibria) == 2
    assert rd.equilibria == (("Restrain", "Restrain"), ("Arm", "Arm"))
    assert rd.losses == ((F(1), F(1)), (F(2), F(2)))
    assert rd.products == (F(1), F(4))
    assert rd.dominant == ("Arm", "Arm")
    assert rd.payoff_dominant == ("Restrain", "Restrain")
    lines = risk_dominance_lines(solver.solve(game))
    assert len(lines) == 5
    assert lines[0].startswith("(Arm, Arm) risk-dominates (Restrain, Restrain)")
    assert "2 x 2 = 4" in lines[0] and "1 x 1 = 1" in lines[0]


def test_risk_dominance_flip_is_found_exactly():
    """The supports do not change at advantage = 2, so thresholds() cannot see the flip;
    risk_dominance_flips finds it where (R - T)^2 = (P - S)^2."""
    flips = risk_dominance_flips(games.get(NAME), "advantage")
    assert len(flips) == 1
    f = flips[0]
    assert f.value == F(2)
    assert (f.below, f.above) == (("Restrain", "Restrain"), ("Arm", "Arm"))
    # with a costlier exposure (S = -1) the flip moves to R - (P - S) = 1
    (g,) = risk_dominance_flips(games.get(NAME), "advantage", params={"exposed": -1})
    assert g.value == F(1)


def test_risk_dominance_flips_at_advantage_two():
    """(Arm, Arm) is risk-dominant iff advantage > R - (P - S) = 2: q* crosses 1/2."""
    qs = {}
    for T in (F(19, 10), F(2), F(21, 10)):
        (m,) = [e for e in solver.solve(games.get(NAME, advantage=T)).equilibria if is_mixed(e)]
        qs[T] = m.strategies[0]["Restrain"]
    assert qs[F(19, 10)] < F(1, 2) == qs[F(2)] < qs[F(21, 10)]


@pytest.mark.parametrize("T", [F(9, 2), F(6)])
def test_large_advantage_makes_arming_dominant(T):
    sol = solver.solve(games.get(NAME, advantage=T))
    assert len(sol.equilibria) == 1 and pure_profiles(sol) == [("Arm", "Arm")]


@pytest.mark.parametrize("param,value,before,after", [
    ("advantage", F(4), "Restrain / Arm / Restrain+Arm", "Arm"),
    ("arms_race", F(0), "Restrain", "Restrain / Arm / Restrain+Arm"),
    ("restraint", F(3), "Arm", "Restrain / Arm / Restrain+Arm"),
])
def test_thresholds(param, value, before, after):
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), param)
    assert len(res.thresholds) == 2
    assert {t.player for t in res.thresholds} == {"NATO", "Russia"}
    for t in res.thresholds:
        assert t.value == value and (t.from_, t.to) == (before, after)


def test_explanation_states_the_indifference():
    text = str(solver.explain(solver.solve(games.get(NAME))))
    assert "2/3" in text and "1/3" in text and "8/3" in text
    assert "indifferent" in text


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'belief'"):
        games.get(NAME, belief="0.5")
    with pytest.raises(GameError, match="advantage.*outside its range"):
        games.get(NAME, advantage="-1")
    with pytest.raises(GameError, match="arms_race.*outside its range"):
        games.get(NAME, arms_race="20")


def test_belief_threshold_for_any_stag_hunt_ordering():
    """Any R > T > P > S inside the ranges: three equilibria, the mixed one at q*, and
    (Arm, Arm) risk-dominant exactly when q* > 1/2."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.integers(0, 20), min_size=4, max_size=4, unique=True))
    def check(values):
        R, T, P, S = (F(v, 2) for v in sorted(values, reverse=True))
        sol = solver.solve(games.get(NAME, restraint=R, advantage=T, arms_race=P, exposed=S))
        assert len(sol.equilibria) == 3
        (m,) = [e for e in sol.equilibria if is_mixed(e)]
        q = m.strategies[0]["Restrain"]
        assert q == q_star(R, T, S, P)
        if q != F(1, 2):
            assert (q > F(1, 2)) == arm_risk_dominant(R, T, S, P)
            assert (risk_dominance(sol).dominant == ("Arm", "Arm")) == \
                arm_risk_dominant(R, T, S, P)

    check()
