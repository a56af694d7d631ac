"""recognition-veto: Ukraine decides whether the recognised line holds, so the credibility of
the recognition is decided inside the game (Tsebelis 2002, veto players; subgame perfection)."""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from games.scenarios import baseline
from solver.analysis.decisive import decisive_comparisons
from solver.analysis.parametric import thresholds
from solver.cli import main
from solver.errors import GameError

NAME = "recognition-veto"
NAMES = ["p", "c_R", "c_W", "x", "s", "kappa", "lam", "c_U", "sigma", "aid"]
DEFAULTS = {k: F(v) for k, v in games.get(NAME).parameters.items()}


# ---------------------------------------------------------------- closed form (oracle)
def sigma_star(v):
    """Ukraine rejects the line iff sigma > c_U + (1 - aid)*(p - x)."""
    return v["c_U"] + (1 - v["aid"]) * (v["p"] - v["x"])


def acceptance_worth(v, line: str):
    """What Russia's acceptance is worth: the face value x + kappa*s if Ukraine accepts the
    line; its share q = (1 - aid)*p + aid*x of the veto war, less c_R, if Ukraine rejects."""
    if line == "Accept":
        return v["x"] + v["kappa"] * v["s"]
    return v["p"] - v["c_R"] - v["aid"] * (v["p"] - v["x"])


def us_after_dv(v, russia: str, line: str):
    """The US's payoff after offering DV, given the answers that follow."""
    if russia == "Decline":
        return 1 - v["p"] - v["c_W"]
    if line == "Accept":
        return 1 - v["x"] - v["lam"] * v["s"]
    q = (1 - v["aid"]) * v["p"] + v["aid"] * v["x"]
    return 1 - q - v["aid"] * v["c_W"]


def best(options: dict) -> list:
    """The options of greatest value (several at a tie)."""
    top = max(options.values())
    return [a for a, value in options.items() if value == top]


def oracle(v) -> set[tuple[str, str, str]]:
    """Every subgame-perfect profile (US, Russia at DV, Ukraine at Line), from the closed form;
    a tie at a decision gives one profile per optimal choice."""
    star = sigma_star(v)
    lines = ["Reject"] if v["sigma"] > star else ["Accept"] if v["sigma"] < star \
        else ["Accept", "Reject"]
    out = set()
    for line in lines:
        for russia in best({"Accept": acceptance_worth(v, line), "Decline": v["p"] - v["c_R"]}):
            war = 1 - v["p"] - v["c_W"]
            for us in best({"DV": us_after_dv(v, russia, line), "No offer": war}):
                out.add((us, russia, line))
    return out


def profiles(sol) -> set[tuple[str, str, str]]:
    return {(e.action("US", "US"), e.action("Russia", "DV"), e.action("Ukraine", "Line"))
            for e in sol.equilibria}


def russia_comparison(sol):
    return next(c for c in decisive_comparisons(sol) if (c.player, c.at) == ("Russia", "DV"))


# ---------------------------------------------------------------- registration and labels
def test_registered_with_the_labels():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == NAMES
    # the shared quantities are the baseline's own Parameter objects
    for p in e.parameters:
        if p.name in baseline.BASELINE:
            assert p is baseline.BASELINE[p.name]
    assert all("seed 00" in p.source for p in e.parameters)
    assert e.mechanism and e.literature and e.lever
    assert len(f"Mechanism: {e.mechanism} ({e.literature}).") <= 100
    assert {"sigma", "aid"} <= set(e.lever_parameters)
    assert NAME in games.scenario_names()
    g = games.get(NAME)
    assert g.players == ("US", "Russia", "Ukraine")
    assert g.is_perfect_information and g.parametric
    assert [[s.label for s in sets] for sets in g.infosets] == [["US"], ["DV"], ["Line"]]
    assert g.label(g.root) == "US" and g.actions(g.root) == ("DV", "No offer")
    actions = {s.label: s.actions for sets in g.infosets for s in sets}
    assert actions == {"US": ("DV", "No offer"), "DV": ("Accept", "Decline"),
                       "Line": ("Accept", "Reject")}
    labels = {g.path(h): g.outcome(h).label for h in g.terminal_payoffs()}
    assert labels == {
        ("DV", "Accept", "Accept"): "DV accepted, line accepted: recognition holds",
        ("DV", "Accept", "Reject"): "DV accepted, line rejected: war with US aid",
        ("DV", "Decline"): "DV declined: war",
        ("No offer",): "no offer: war"}
    assert DEFAULTS["c_U"] == F(1, 5) and DEFAULTS["sigma"] == F(2, 5)
    assert DEFAULTS["aid"] == F(1, 2)


# ---------------------------------------------------------------- the default equilibrium
def test_default_equilibrium():
    sol = solver.solve(games.get(NAME))
    assert sol.method == "spe" and sol.exact and sol.complete
    # Russia declines, so a DV offer changes nothing: the US is indifferent, two SPE
    assert len(sol.equilibria) == 2
    assert profiles(sol) == {("DV", "Decline", "Reject"), ("No offer", "Decline", "Reject")}
    assert {e.payoffs for e in sol.equilibria} == {(F(3, 10), F(9, 20), F(1, 5))}
    assert profiles(sol) == oracle(DEFAULTS)
    # the veto makes DV worth even less to Russia than its face value, itself below war
    c = russia_comparison(sol)
    assert (c.chosen, c.chosen_value) == ("Decline", F(9, 20))
    assert (c.alternative, c.alternative_value) == ("Accept", F(3, 10))
    assert acceptance_worth(DEFAULTS, "Reject") == F(3, 10) < acceptance_worth(
        DEFAULTS, "Accept") == F(2, 5) < F(9, 20)
    ukraine = next(c for c in decisive_comparisons(sol) if c.player == "Ukraine")
    assert (ukraine.at, ukraine.on_path) == ("Line", False)
    assert (ukraine.chosen, ukraine.chosen_value, ukraine.alternative_value) == (
        "Reject", F(7, 20), F(3, 10))


def test_once_the_line_sticks_credible_relief_makes_a_deal():
    sol = solver.solve(games.get(NAME, aid=F(1, 6), kappa=F(7, 8)))
    assert len(sol.equilibria) == 1
    assert profiles(sol) == {("DV", "Accept", "Accept")}
    assert sol.equilibria[0].payoffs == (F(13, 20), F(19, 40), F(3, 10))
    # the same relief without Ukraine's consent is still refused
    sol = solver.solve(games.get(NAME, kappa=F(7, 8)))
    assert {e.action("Russia", "DV") for e in sol.equilibria} == {"Decline"}


# ---------------------------------------------------------------- closed form at random points
unit = st.integers(0, 24).map(lambda n: F(n, 24))


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({name: unit for name in NAMES}))
def test_closed_form_at_random_points(v):
    sol = solver.solve(games.get(NAME, **v))
    assert sol.complete
    assert profiles(sol) == oracle(v), v
    # what Russia's acceptance is worth, given Ukraine's move in the first equilibrium
    c = russia_comparison(sol)
    worth = {c.chosen: c.chosen_value, c.alternative: c.alternative_value}
    line = sol.equilibria[0].action("Ukraine", "Line")
    assert worth == {"Accept": acceptance_worth(v, line), "Decline": v["p"] - v["c_R"]}, v
    if line == "Reject" and v["aid"] > 0 and v["x"] < v["p"]:
        assert {e.action("Russia", "DV") for e in sol.equilibria} == {"Decline"}, v


# ---------------------------------------------------------------- thresholds on sigma and aid
def flips(result, player="Ukraine", at="Line"):
    return [(t.value, t.from_, t.to) for t in result if (t.player, t.at) == (player, at)]


def test_thresholds_at_the_defaults():
    g = games.get(NAME)
    res = thresholds(g, "sigma")
    assert [(t.value, t.player, t.at, t.from_, t.to) for t in res] == [
        (F(7, 20), "Ukraine", "Line", "Accept", "Reject")]
    assert sigma_star(DEFAULTS) == F(7, 20)
    res = thresholds(g, "aid")
    assert [(t.value, t.player, t.at, t.from_, t.to) for t in res] == [
        (F(1, 3), "Ukraine", "Line", "Accept", "Reject")]
    v = DEFAULTS
    assert 1 - (v["sigma"] - v["c_U"]) / (v["p"] - v["x"]) == F(1, 3)
    assert flips(thresholds(g, "c_U")) == [(F(1, 4), "Reject", "Accept")]
    # while Ukraine would veto, credible relief is no lever; once the line sticks it is
    assert len(thresholds(g, "kappa")) == 0
    assert flips(thresholds(g, "kappa", params={"aid": F(1, 6)}), "Russia", "DV") == [
        (F(3, 4), "Decline", "Accept")]


def test_with_credible_relief_the_veto_decides_the_offer():
    """With kappa = 0.8 Russia would take DV at face value (0.46 > 0.45): Ukraine's flip at
    sigma* and aid* flips Russia's answer and the US's offer with it (the cause first)."""
    g = games.get(NAME)
    for param, value in (("sigma", F(7, 20)), ("aid", F(1, 3))):
        res = thresholds(g, param, params={"kappa": F(4, 5)})
        assert [(t.value, t.player, t.at, t.from_, t.to) for t in res] == [
            (value, "Ukraine", "Line", "Accept", "Reject"),
            (value, "Russia", "DV", "Accept", "Decline"),
            (value, "US", "US", "DV", "DV / No offer")]


@settings(max_examples=15, deadline=None)
@given(st.fixed_dictionaries({name: unit for name in NAMES}))
def test_thresholds_equal_the_closed_form_at_random_points(v):
    g = games.get(NAME)
    others = {k: x for k, x in v.items() if k != "sigma"}
    star = sigma_star(v)
    want = [(star, "Accept", "Reject")] if 0 < star < 1 else []
    assert flips(thresholds(g, "sigma", params=others)) == want, v
    others = {k: x for k, x in v.items() if k != "aid"}
    gap = v["p"] - v["x"]
    want = []
    if gap != 0:
        a_star = 1 - (v["sigma"] - v["c_U"]) / gap
        if 0 < a_star < 1:
            want = [(a_star, "Accept", "Reject") if gap > 0 else (a_star, "Reject", "Accept")]
    assert flips(thresholds(g, "aid", params=others)) == want, v


# ---------------------------------------------------------------- compare, explain, command
def test_compare_row_is_computed():
    row = games.compare((NAME,))[NAME]
    assert row.concept == "subgame perfect"
    assert row.russia_on_path == ("Decline at DV",)
    assert row.dv_offered_on_path is True and row.dv_refused_on_path is True
    assert "p - c_R = 9/20 (0.45)" in row.decisive and "3/10 (0.30)" in row.decisive
    assert row.mechanism == games.entry(NAME).mechanism
    deal = games.compare((NAME,), aid="1/6", kappa="7/8")[NAME]
    assert deal.russia_on_path == ("Accept at DV",)
    assert deal.dv_refused_on_path is False
    assert "19/40" in deal.decisive


def test_explanation_and_command(capsys):
    lines = games.explain(NAME, brief=True)["Bottom line"].lines
    assert lines[0] == "On the path (first of 2 equilibria): US DV; Russia Decline at DV."
    assert lines[1].startswith("Why: Russia Decline at DV: p - c_R = 0.45 > Accept ")
    assert "aid" in lines[1] and lines[1].endswith(" = 0.30.")
    text = str(games.explain(NAME))
    assert "Ukraine would choose Reject" in text and "sigma = 2/5" in text
    assert main(["explain", NAME]) == 0
    out = capsys.readouterr().out
    assert "Bottom line" in out and "Ukraine's veto" in out
    assert main(["thresholds", NAME, "sigma"]) == 0
    assert "7/20" in capsys.readouterr().out


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'delta'"):
        games.get(NAME, delta="0.5")
    with pytest.raises(GameError, match="aid.*outside its range"):
        games.get(NAME, aid="1.5")
