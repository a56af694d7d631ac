"""ratification-red-lines: a deal is made iff the least Russia's leader can accept,
r* = min(max(g, w_R), w_R + A), is within the ratifiers' red line y_bar and the West's
own limit p + c_W (Putnam 1988, Fearon 1994)."""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver.errors import GameError

NAME = "ratification-red-lines"
DEFAULTS = dict(y_bar=F(11, 20), A=F(3, 20), g=F(4, 5), p=F(3, 5), c_R=F(3, 20), c_W=F(1, 10),
                x=F(3, 10), s=F(1, 5), kappa=F(1, 2))


# --------------------------------------------------------------------- oracles
def least_acceptable(g, p, c_R, A, **_):
    """r*: the least Russia's leader accepts, min(max(g, w_R), w_R + A) with w_R = p - c_R."""
    w_R = p - c_R
    return min(max(g, w_R), w_R + A)


def deal_exists(y_bar, p, c_W, **params) -> bool:
    """The closed form: the two domestic win-sets overlap (r* <= y_bar) and the West
    prefers the deal to war (1 - r* >= 1 - p - c_W)."""
    r = least_acceptable(p=p, **params)
    return r <= y_bar and r <= p + c_W


def strict(y_bar, p, c_W, **params) -> bool:
    """Whether both comparisons of the closed form are strict (no tie on its boundary)."""
    r = least_acceptable(p=p, **params)
    return r != y_bar and r != p + c_W


# --------------------------------------------------------------------- helpers
def deal(eq) -> str | None:
    """The package agreed and ratified on the path of play, or None (war)."""
    pkg = eq.action("West", "West")
    if pkg == "No offer":
        return None
    if pkg == "DV":
        ok = (eq.action("Russia", "DV") == "Accept"
              and eq.action("Ratifiers", "DV agreed") == "Ratify")
    else:
        ok = eq.action("Ratifiers", "Tailored") == "Ratify"
    return pkg if ok else None


def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == list(DEFAULTS)
    assert all(p.source.startswith("seed 00") for p in e.parameters)
    assert e.mechanism and e.literature == "Putnam 1988; Fearon 1994" and e.lever
    g = games.get(NAME)
    assert g.players == ("West", "Russia", "Ratifiers")
    assert g.parameters == DEFAULTS


def test_packages_are_built_from_the_baseline():
    """DV is worth x + kappa*s, the tailored package r*: both move with the parameters."""
    g = games.get(NAME).substitute(defaults=True)
    west = g.node(0)
    assert west.actions == ("DV", "Tailored", "No offer")
    tailored = g.node(west.children[1])
    ratified = tailored.children[tailored.actions.index("Ratify")]
    assert g.payoffs(ratified)[0] == 1 - F(3, 5)                  # r* = 0.60 at the defaults
    moved = games.get(NAME, A="0.05", kappa="1").substitute(defaults=True)
    dv = moved.node(moved.node(0).children[0])
    agreed = moved.node(dv.children[dv.actions.index("Accept")])
    deal_node = agreed.children[agreed.actions.index("Ratify")]
    assert moved.payoffs(deal_node)[0] == 1 - F(1, 2)             # x + kappa*s = 0.50
    t = moved.node(moved.node(0).children[1])
    assert moved.payoffs(t.children[0])[0] == 1 - F(1, 2)         # r* = 0.45 + 0.05


def test_default_equilibria_end_without_a_deal():
    sol = solver.solve(games.get(NAME))
    assert sol.exact and sol.complete
    # every offer ends in war, so the West is indifferent among its two packages and no
    # offer at all: the only tie at the defaults, three equilibria with one outcome
    assert len(sol.equilibria) == 3
    assert [e.action("West", "West") for e in sol.equilibria] == ["DV", "Tailored", "No offer"]
    for eq in sol.equilibria:
        assert deal(eq) is None
        assert eq.payoffs == (F(3, 10), F(9, 20), F(0))
        assert eq.action("Russia", "DV") == "Reject"                 # 0.40 - 0.15 < 0.45
        assert eq.action("Ratifiers", "DV agreed") == "Ratify"       # 0.40 < 0.55
        assert eq.action("Ratifiers", "Tailored") == "Veto"          # 0.60 > 0.55
    assert least_acceptable(**DEFAULTS) == F(3, 5)


def test_no_audience_cost_and_a_tight_red_line_give_a_deal_at_the_war_value():
    """The issue's case: y_bar = 0.5, A = 0 gives r* = w_R = 0.45 <= 0.5, a deal."""
    sol = solver.solve(games.get(NAME, y_bar="0.5", A="0"))
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert deal(eq) == "Tailored"
    assert eq.payoffs == (F(11, 20), F(9, 20), F(1, 20))


def test_a_goal_below_the_war_value_does_not_lower_russias_demand():
    """With g = 0.30 < w_R = 0.45 the least Russia accepts is w_R, not g."""
    assert least_acceptable(**dict(DEFAULTS, g=F(3, 10))) == F(9, 20)
    sol = solver.solve(games.get(NAME, g="0.3"))
    assert len(sol.equilibria) == 1
    assert deal(sol.equilibria[0]) == "Tailored"
    assert sol.equilibria[0].payoffs == (F(11, 20), F(9, 20), F(1, 10))


def test_the_west_prefers_war_to_a_too_expensive_deal():
    """A = 0.5, y_bar = 0.9: r* = 0.80 is ratifiable, but worth more than p + c_W = 0.70."""
    params = dict(DEFAULTS, A=F(1, 2), y_bar=F(9, 10))
    assert least_acceptable(**params) == F(4, 5) and not deal_exists(**params)
    sol = solver.solve(games.get(NAME, A="0.5", y_bar="0.9"))
    assert len(sol.equilibria) == 2                    # DV (refused) or no offer: war
    assert [e.action("West", "West") for e in sol.equilibria] == ["DV", "No offer"]
    for eq in sol.equilibria:
        assert deal(eq) is None and eq.action("Ratifiers", "Tailored") == "Ratify"
        assert eq.payoffs == (F(3, 10), F(9, 20), F(0))


def test_tied_hands_extract_more_from_the_west():
    """Schelling's conjecture: with y_bar = 0.70 the audience cost raises the settlement
    from 0.45 (A = 0) to 0.60 (A = 0.15); the leader, still short of his goal, pays it."""
    free = solver.solve(games.get(NAME, y_bar="0.7", A="0"))
    tied = solver.solve(games.get(NAME, y_bar="0.7"))
    assert len(free.equilibria) == len(tied.equilibria) == 1
    assert free.equilibria[0].payoffs == (F(11, 20), F(9, 20), F(1, 4))
    assert tied.equilibria[0].payoffs == (F(2, 5), F(9, 20), F(1, 10))
    within = solver.solve(games.get(NAME, y_bar="0.7", g="0.6"))     # goal within reach
    assert len(within.equilibria) == 1 and within.equilibria[0].payoffs[1] == F(3, 5)


FRACTIONS = st.integers(0, 20).map(lambda k: F(k, 20))


@settings(max_examples=40, deadline=None)
@given(st.fixed_dictionaries({name: FRACTIONS for name in DEFAULTS}))
def test_closed_form_at_random_parameters(params):
    """Twentieths make ties on the closed form's boundaries common: there a deal is made in
    some equilibrium; off them in all, at the price r*."""
    sol = solver.solve(games.get(NAME, **params))
    assert sol.complete and len(sol.equilibria) >= 1
    deals = [deal(e) for e in sol.equilibria]
    assert any(deals) == deal_exists(**params), params
    if strict(**params):
        assert all(deals) == any(deals), params                    # no tie: one outcome
    r = least_acceptable(**params)
    w_R = params["p"] - params["c_R"]
    for eq, pkg in zip(sol.equilibria, deals):
        if pkg is not None:
            assert eq.payoffs[0] == 1 - r, params                  # the cheapest acceptable
            assert eq.payoffs[1] >= w_R, params                    # Russia takes it willingly
        else:
            assert eq.payoffs[:2] == (1 - params["p"] - params["c_W"], w_R), params


@pytest.mark.parametrize("param,value,player,at,before,after", [
    ("A", F(1, 10), "Ratifiers", "Tailored", "Ratify", "Veto"),    # A > y_bar - w_R: no deal
    ("y_bar", F(3, 5), "Ratifiers", "Tailored", "Veto", "Ratify"),  # y_bar >= 0.60: a deal
    ("g", F(11, 20), "Ratifiers", "Tailored", "Ratify", "Veto"),   # g <= 0.55: a deal
])
def test_thresholds(param, value, player, at, before, after):
    res = solver.thresholds(games.get(NAME), param)
    hits = [t for t in res.thresholds if t.player == player and t.at == at]
    assert len(hits) == 1, res.to_dict()
    assert (hits[0].value, hits[0].from_, hits[0].to) == (value, before, after)
    west = [t for t in res.thresholds if t.player == "West"]
    assert len(west) == 1 and west[0].value == value


def test_explanation_names_the_comparisons():
    text = " ".join(str(games.explain(NAME)).split())          # the lines unwrapped
    assert ("DV, Tailored and No offer are worth the same, 3/10 (0.30), so West is "
            "indifferent") in text
    assert "9/20 (0.45) > 1/4 (0.25)" in text                      # Russia rejects DV
    assert "-min(p - c_R + A, max(g, p - c_R)) + y_bar = -1/20" in text   # the veto
    assert "Where the numbers come from" in text
    assert 'seed 000: "the reactions of neighboring countries' in text


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'delta'"):
        games.get(NAME, delta="0.3")
    with pytest.raises(GameError, match="y_bar.*outside its range"):
        games.get(NAME, y_bar="1.5")
    with pytest.raises(GameError, match="A.*outside its range"):
        games.get(NAME, A="-0.1")
