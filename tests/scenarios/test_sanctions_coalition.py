"""sanctions-coalition: the US and the EU sanction together or free-ride (Martin 1992);
its mixed equilibria come from the general solver for games of three players."""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver.analysis.parametric import thresholds

NAME = "sanctions-coalition"


def test_registered():
    e = games.entry(NAME)
    assert e.mechanism and e.literature == "Martin 1992" and "e_EU" in e.lever_parameters
    g = games.get(NAME)
    assert g.players == ("US", "EU", "Russia") and g.shape == (2, 2, 2)


def test_at_the_defaults_the_only_equilibrium_is_mixed_and_the_list_is_complete():
    sol = solver.solve(games.get(NAME))
    assert sol.complete and sol.exact
    assert len(sol) == 1
    eq = sol[0]
    assert not eq.is_pure
    # Russia concedes with the probability that keeps the EU indifferent, the EU sanctions
    # with the one that keeps Russia indifferent; the US sanctions for sure
    assert eq.strategies[0] == {"Sanction": 1, "Hold": 0}
    assert eq.strategies[1] == {"Sanction": F(3, 5), "Hold": F(2, 5)}
    assert eq.strategies[2] == {"Concede": F(5, 7), "Resist": F(2, 7)}


def test_a_high_energy_cost_breaks_the_coalition():
    sol = solver.solve(games.get(NAME, e_EU="0.2"))
    assert len(sol) == 1
    assert sol[0].is_pure and [max(s, key=s.get) for s in sol[0].strategies] == [
        "Sanction", "Hold", "Resist"]


def test_the_threshold_of_the_energy_cost():
    res = thresholds(games.get(NAME), "e_EU")
    eu = [t for t in res if t.player == "EU"]
    assert len(eu) == 2
    # below 1/20 the EU sanctions for sure (and the US mixes); past h_EU - c_EU = 3/20
    # the EU holds and the coalition fails
    assert [(t.value, t.to) for t in eu] == [(F(1, 20), "Sanction+Hold"), (F(3, 20), "Hold")]


quarter = st.fractions(min_value=F(1, 100), max_value=F(1, 2), max_denominator=100)


@settings(max_examples=15, deadline=None)
@given(quarter, quarter, quarter)
def test_closed_form_at_random_costs(e_EU, c_EU, h_EU):
    """The coalition fails (a pure equilibrium, the US alone) iff c_EU + e_EU > h_EU;
    otherwise no equilibrium is pure."""
    if c_EU + e_EU == h_EU:
        return
    sol = solver.solve(games.get(NAME, e_EU=e_EU, c_EU=c_EU, h_EU=h_EU))
    assert sol.complete and len(sol) >= 1
    pure = [eq for eq in sol if eq.is_pure]
    if c_EU + e_EU > h_EU:
        assert len(pure) == 1
        assert [max(s, key=s.get) for s in pure[0].strategies] == ["Sanction", "Hold", "Resist"]
    else:
        assert pure == []
