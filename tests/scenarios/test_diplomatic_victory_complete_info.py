"""diplomatic-victory-complete-info: the ultimatum with Russia's aims known (Fearon 1995), the
benchmark beside the headline game."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest

import games
import solver
from solver.errors import GameError

NAME = "diplomatic-victory-complete-info"


# ---------------------------------------------------------------- closed form (oracle)
def declines(p, c_R, x, kappa, s):
    """Russia declines an offer iff p - c_R > x + kappa*s (SCENARIOS.md 1; Fearon 1995)."""
    return p - c_R > x + kappa * s


def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["p", "c_R", "c_W", "x", "s", "kappa",
                                              "x_enh", "s_enh", "lam"]
    # the Enhanced package is a counterfactual: no passage of the documents describes it
    assert [p.name for p in e.parameters if "seed 00" not in p.source] == ["x_enh", "s_enh"]
    g = games.get(NAME)
    assert g.players == ("West", "Russia")
    assert g.parametric
    assert g.parameters["lam"] == F(1, 4) and g.parameters["x_enh"] == F(2, 5)


def test_default_equilibrium():
    sol = solver.solve(games.get(NAME))
    assert sol.method == "spe" and sol.exact and sol.complete
    assert len(sol.equilibria) == 1
    assert {e.action("Russia", "DV") for e in sol.equilibria} == {"Decline"}          # 0.45 > 0.40
    assert {e.action("Russia", "Enhanced") for e in sol.equilibria} == {"Accept"}     # 0.55 > 0.45
    assert {e.action("West", "West") for e in sol.equilibria} == {"Enhanced"}         # 0.525 > 0.30
    assert sol.equilibria[0].payoffs == (F(21, 40), F(11, 20))


def test_nash_search_adds_two_non_credible_equilibria():
    """A plain Nash search (pure equilibria of the reduced normal form) finds 3; the two
    extra ones rest on Russia declining Enhanced, which it would not do (ir_models sec. 11)."""
    sol = solver.solve(games.get(NAME), method="pure")
    assert len(sol.equilibria) == 3
    spe = solver.solve(games.get(NAME)).equilibria[0].payoffs
    others = [e for e in sol.equilibria if e.payoffs != spe]
    assert len(others) == 2
    assert all(e.payoffs == (F(3, 10), F(9, 20)) for e in others)


GRID_P = [F(1, 2), F(3, 5), F(7, 10)]
GRID_C_R = [F(1, 20), F(3, 20), F(1, 4)]
GRID_X = [F(1, 5), F(3, 10), F(7, 20), F(2, 5)]
GRID_S = [F(0), F(1, 5), F(3, 10), F(1, 2)]
GRID_KAPPA = [F(1, 4), F(1, 2), F(3, 4), F(1)]


@pytest.mark.parametrize("p", GRID_P)
def test_closed_form_on_a_grid(p):
    """Russia's choice at the DV node matches the oracle, on or off the path of play;
    an exact tie gives one equilibrium per choice."""
    for c_R, x, s, kappa in itertools.product(GRID_C_R, GRID_X, GRID_S, GRID_KAPPA):
        sol = solver.solve(games.get(NAME, p=p, c_R=c_R, x=x, s=s, kappa=kappa))
        where = dict(p=p, c_R=c_R, x=x, s=s, kappa=kappa)
        if p - c_R == x + kappa * s:
            assert {e.action("Russia", "DV") for e in sol.equilibria} == {"Accept", "Decline"}, where
            continue
        want = "Decline" if declines(p, c_R, x, kappa, s) else "Accept"
        assert {e.action("Russia", "DV") for e in sol.equilibria} == {want}, where
        # the Enhanced offer obeys the same rule with its own terms
        y_enh = F(2, 5) + kappa * F(3, 10)
        if p - c_R != y_enh:
            want = "Decline" if declines(p, c_R, F(2, 5), kappa, F(3, 10)) else "Accept"
            assert {e.action("Russia", "Enhanced") for e in sol.equilibria} == {want}, where


@pytest.mark.parametrize("param,value,low,high", [
    ("s", F(3, 10), "0", "0.5"),         # s* = (p - c_R - x)/kappa
    ("kappa", F(3, 4), "0.5", "1"),      # kappa* = (p - c_R - x)/s
    ("x", F(7, 20), "0", "0.4"),         # x* = p - c_R - kappa*s
])
def test_thresholds_of_scenarios(param, value, low, high):
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), param, low=low, high=high)
    flips = [(t.value, t.player, t.at, t.from_, t.to) for t in res.thresholds]
    assert len(flips) == 2
    # Russia's choice at DV flips first (the cause), then the West's offer follows it
    assert flips[0] == (value, "Russia", "DV", "Decline", "Accept")
    assert flips[1] == (value, "West", "West", "Enhanced", "DV")
    assert res.thresholds[0].to_dict()["value"] == str(value)


def test_all_thresholds_of_kappa():
    """Over the whole range kappa also flips Russia's reply to Enhanced, at 1/6."""
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), "kappa")
    russia = [(t.value, t.at) for t in res.thresholds if t.player == "Russia"]
    assert russia == [(F(1, 6), "Enhanced"), (F(3, 4), "DV")]


def test_explanation_names_the_decisive_comparison():
    pytest.importorskip("solver.analysis.explain_tree")
    text = " ".join(str(solver.explain(solver.solve(games.get(NAME)))).split())
    assert "DV" in text and "Decline" in text
    assert ("9/20" in text and "2/5" in text) or ("0.45" in text and "0.40" in text)
    assert "21/40" in text or "0.525" in text
    # the two Nash equilibria that rest on Russia "declining" Enhanced are discarded
    assert "not credible" in text and "Subgame perfection discards" in text


def test_attribute_variant_equals_the_hand_written_game():
    from games.scenarios.diplomatic_victory_complete_info import attribute_model, diplomatic_victory_attributes
    hand = games.get(NAME)
    derived = diplomatic_victory_attributes()
    assert derived == hand
    assert derived.parameters == hand.parameters
    # and at another point of the parameter space
    over = dict(p=F(7, 10), kappa=F(9, 10), lam=F(1, 10))
    assert derived.substitute(over) == hand.substitute(over)
    model = attribute_model()
    assert model.attributes == ("territorial gains", "conflict status", "sanctions",
                                "international standing")
    assert solver.solve(derived).equilibria[0].payoffs == (F(21, 40), F(11, 20))


def test_standing_weight_that_flips_russias_choice():
    """Seed 002's "Assert dominance": a weight sigma on international standing, earned by
    refusing, makes Russia decline Enhanced once 0.45 + sigma > 0.55, i.e. sigma > 1/10;
    found by the sensitivity analysis of the attribute model, not written here."""
    from games.scenarios.diplomatic_victory_complete_info import attribute_model, diplomatic_victory_attributes
    from solver.analysis.sensitivity import sensitivity

    def build(w):
        return diplomatic_victory_attributes(attribute_model(standing_R=w["sigma"]))

    res = sensitivity(build, ["sigma"], weights={"sigma": 0},
                                 ranges={"sigma": (0, "0.5")})
    flips = [(e.threshold.value, e.threshold.player, e.threshold.at) for e in res
             if e.threshold.player == "Russia"]
    assert flips == [(F(1, 10), "Russia", "Enhanced")]
    sol = solver.solve(build({"sigma": F(1, 5)}))
    assert {e.action("Russia", "Enhanced") for e in sol.equilibria} == {"Decline"}


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'delta'"):
        games.get(NAME, delta="0.5")
    with pytest.raises(GameError, match="kappa.*outside its range"):
        games.get(NAME, kappa="1.5")
    with pytest.raises(GameError, match="exact number"):
        games.get(NAME, s=0.3)
