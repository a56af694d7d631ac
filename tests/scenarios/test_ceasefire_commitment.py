"""ceasefire-commitment: Russia fights now iff delta*(p - p_after - b) > (1 - delta)*(1 - p + c_R)
(Powell 2006, the ceasefire as a commitment problem)."""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver.errors import GameError

NAME = "ceasefire-commitment"
DEFAULTS = dict(p=F(3, 5), p_after=F(2, 5), c_R=F(3, 20), c_W=F(1, 10), delta=F(4, 5), b=F(0))


# ---------------------------------------------------------------- closed form (oracle)
def gap(p, p_after, c_R, delta, b, **_):
    """delta*(p - p_after - b) - (1 - delta)*(1 - p + c_R): Russia fights now iff > 0."""
    return delta * (p - p_after - b) - (1 - delta) * (1 - p + c_R)


def terminals_after_ceasefire(g):
    """(path, payoffs) of every outcome reached after Russia's Ceasefire."""
    return [(g.path(h), g.payoffs(h)) for h in g.terminal_payoffs()
            if g.path(h)[0] == "Ceasefire"]


def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == list(DEFAULTS)
    assert all(p.source.startswith("seed 00") for p in e.parameters)
    assert e.mechanism and e.literature == "Powell 2006; Fearon 1995" and e.lever
    g = games.get(NAME)
    assert g.players == ("West", "Russia")
    assert g.parameters == DEFAULTS


def test_default_equilibrium():
    sol = solver.solve(games.get(NAME))
    assert sol.method == "spe" and sol.exact and sol.complete
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert eq.action("Russia", "Russia") == "FightNow"
    assert eq.action("West", "West") == "Renege"           # 0.60 against 0.32 for honouring
    assert eq.action("Russia", "Honour") == "Accept"        # 0.68 against 0.40
    assert eq.payoffs == (F(3, 10), F(9, 20))
    assert gap(**DEFAULTS) == F(1, 20)                      # 0.16 - 0.11


def test_period_0_is_paid_the_same_in_every_branch():
    """Under a ceasefire the whole of period 0's flow goes to Russia before the West
    chooses: with delta = 0 (only period 0 counts) every branch pays (0, 1)."""
    g = games.get(NAME, delta="0").substitute(defaults=True)
    outcomes = terminals_after_ceasefire(g)
    assert len(outcomes) == 3
    assert {pay for _, pay in outcomes} == {(F(0), F(1))}


def test_committed_path_is_better_for_both():
    """The honoured ceasefire (0.32, 0.68) Pareto-dominates the SPE (0.30, 0.45): read
    off the tree, not stored."""
    g = games.get(NAME).substitute(defaults=True)
    outcomes = dict(terminals_after_ceasefire(g))
    assert len(outcomes) == 3
    honoured = outcomes[("Ceasefire", "Honour", "Accept")]
    assert honoured == (F(8, 25), F(17, 25))
    assert outcomes[("Ceasefire", "Renege")] == (F(3, 5), F(2, 5))
    assert outcomes[("Ceasefire", "Honour", "Fight")] == (F(2, 5), F(2, 5))
    spe = solver.solve(g).equilibria[0].payoffs
    assert all(a > b for a, b in zip(honoured, spe))


FRACTIONS = st.integers(0, 20).map(lambda k: F(k, 20))


@settings(max_examples=50, deadline=None)
@given(st.fixed_dictionaries({name: FRACTIONS for name in DEFAULTS}))
def test_closed_form_at_random_parameters(params):
    sol = solver.solve(games.get(NAME, **params))
    assert sol.complete and len(sol.equilibria) >= 1
    choices = {e.action("Russia", "Russia") for e in sol.equilibria}
    g = gap(**params)
    if g > 0:
        # war now, because the West would renege (then strictly better for it): unique
        assert len(sol.equilibria) == 1, params
        eq = sol.equilibria[0]
        assert (eq.action("Russia", "Russia"), eq.action("West", "West")) == \
            ("FightNow", "Renege"), params
        assert eq.payoffs == (1 - params["p"] - params["c_W"], params["p"] - params["c_R"])
    elif g < 0:
        assert "Ceasefire" in choices, params
        # an honoured ceasefire, (1 - delta) + delta*p, is worth more than war now, p - c_R,
        # except when c_R = 0 and delta = 1 or p = 1: there Russia may also be indifferent
        if params["c_R"] > 0 or (params["delta"] < 1 and params["p"] < 1):
            assert choices == {"Ceasefire"}, params
    else:
        assert "FightNow" in choices and "Ceasefire" in choices, params


def test_largest_tolerable_shift_and_guarantee():
    shift = solver.thresholds(games.get(NAME), "p_after", low="0", high="0.6")
    assert len(shift.thresholds) == 1
    t = shift.thresholds[0]
    assert (t.value, t.player, t.at, t.from_, t.to) == (F(37, 80), "Russia", "Russia",
                                                       "FightNow", "Ceasefire")
    assert F(3, 5) - t.value == F(11, 80)                 # the largest tolerable shift 0.1375
    bond = solver.thresholds(games.get(NAME), "b", low="0", high="0.2")
    assert [(t.value, t.player, t.at, t.from_, t.to) for t in bond.thresholds] == [
        (F(1, 16), "Russia", "Russia", "FightNow", "Ceasefire")]      # b* = 0.0625


def test_a_more_patient_russia_fights_more():
    """A higher delta lowers the tolerable shift: at the defaults Russia fights for every
    delta above 11/15 (0.16 > 0.11 at 0.8)."""
    res = solver.thresholds(games.get(NAME), "delta", low="0.6", high="1")
    assert [(t.value, t.at, t.from_, t.to) for t in res.thresholds] == [
        (F(11, 15), "Russia", "Ceasefire", "FightNow")]


def test_explanation_names_the_decisive_comparison():
    text = " ".join(str(games.explain(NAME)).split())      # the lines unwrapped
    assert "FightNow" in text and "Renege" in text
    assert "9/20 (0.45) > 2/5 (0.40)" in text            # war now against the reneged ceasefire
    assert "3/5 (0.60) > 8/25 (0.32)" in text            # reneging against honouring
    assert "Where the numbers come from" in text
    assert 'seed 002: "Western Alliances | Avoided hardening of NATO and EU unity"' in text


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'kappa'"):
        games.get(NAME, kappa="0.5")
    with pytest.raises(GameError, match="delta.*outside its range"):
        games.get(NAME, delta="1.1")
    with pytest.raises(GameError, match="b.*outside its range"):
        games.get(NAME, b="-0.1")
