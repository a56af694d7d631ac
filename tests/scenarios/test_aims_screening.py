"""aims-screening: limited aims or maximalist (SCENARIOS.md section 2; Fearon 1995;
ir_models.md sec. 6.2 and game G2)."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest

import games
import solver
from solver.errors import GameError

NAME = "aims-screening"


def posterior_after_reject(game, eq) -> F:
    """Pr(Maximalist | Russia rejects), by Bayes' rule from the equilibrium's play."""
    from solver.analysis.beliefs import realization_probabilities
    reach = realization_probabilities(game, eq.profile)
    by_type = {"Maximalist": F(0), "Limited": F(0)}
    for h in range(game.n_nodes):
        node = game.node(h)
        if node.kind == "terminal" and game.path(h)[-1] == "Reject":
            by_type[game.path(h)[0]] += reach[h]
    total = sum(by_type.values())
    return by_type["Maximalist"] / total


# ---------------------------------------------------------------- closed form (oracle)
def pi_star(y_dv, y_gb, u_W):
    """The West offers DV iff pi < (y_gb - y_dv)/(1 - y_dv - u_W) (SCENARIOS.md 2)."""
    return (y_gb - y_dv) / (1 - y_dv - u_W)


def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["pi", "y_dv", "y_gb", "u_W", "r_L", "r_M"]
    assert all("seed 00" in p.source for p in e.parameters)
    g = games.get(NAME)
    assert g.players == ("West", "Russia")
    assert g.parameters == {"pi": F(1, 2), "y_dv": F(2, 5), "y_gb": F(13, 20),
                            "u_W": F(3, 10), "r_L": F(3, 10), "r_M": F(3, 5)}
    west = g.infosets[0]
    assert len(west) == 1 and west[0].label == "West" and len(west[0].nodes) == 2
    assert g.node(0).kind == "chance" and g.node(0).actions == ("Maximalist", "Limited")


def test_default_equilibrium_is_a_screening_pbe():
    game = games.get(NAME)
    sol = solver.solve(game)
    assert sol.exact and sol.complete
    assert len(sol.equilibria) == 1
    assert {e.action("West", "West") for e in sol.equilibria} == {"DV"}
    assert {e.action("Russia", "DV (Limited)") for e in sol.equilibria} == {"Accept"}
    assert {e.action("Russia", "DV (Maximalist)") for e in sol.equilibria} == {"Reject"}
    assert {e.action("Russia", "GrandBargain (Maximalist)") for e in sol.equilibria} == {"Accept"}
    eq = sol.equilibria[0]
    # West: 1/2 * 0.60 + 1/2 * 0.30 = 0.45; Russia: 1/2 * 0.60 + 1/2 * 0.40 = 0.50
    assert eq.payoffs == (F(9, 20), F(1, 2))
    concrete = game.substitute(defaults=True)
    beliefs = pytest.importorskip("solver.analysis.beliefs")
    check = beliefs.perfect_bayesian(concrete, eq.profile)
    assert check.is_pbe
    # the rejection reveals the type
    assert posterior_after_reject(concrete, eq) == 1


def test_pessimistic_west_offers_the_grand_bargain():
    sol = solver.solve(games.get(NAME, pi="0.9"))
    assert len(sol.equilibria) == 1
    assert {e.action("West", "West") for e in sol.equilibria} == {"GrandBargain"}
    assert sol.equilibria[0].payoffs == (F(7, 20), F(13, 20))


GRID_PI = [F(0), F(1, 4), F(1, 2), F(3, 4), F(5, 6), F(9, 10), F(1)]
GRID_Y_DV = [F(7, 20), F(2, 5), F(9, 20)]
GRID_Y_GB = [F(13, 20), F(7, 10)]
GRID_U_W = [F(1, 5), F(3, 10)]


@pytest.mark.parametrize("pi", GRID_PI)
def test_closed_form_on_a_grid(pi):
    """With r_L < y_dv < r_M < y_gb, the West's offer follows the oracle; at pi* it is
    indifferent (both offers are equilibria)."""
    for y_dv, y_gb, u_W in itertools.product(GRID_Y_DV, GRID_Y_GB, GRID_U_W):
        sol = solver.solve(games.get(NAME, pi=pi, y_dv=y_dv, y_gb=y_gb, u_W=u_W))
        where = dict(pi=pi, y_dv=y_dv, y_gb=y_gb, u_W=u_W)
        cut = pi_star(y_dv, y_gb, u_W)
        assert {e.action("Russia", "DV (Maximalist)") for e in sol.equilibria} == {"Reject"}, where
        assert {e.action("Russia", "DV (Limited)") for e in sol.equilibria} == {"Accept"}, where
        if pi == cut:
            assert {e.action("West", "West") for e in sol.equilibria} == {"DV", "GrandBargain"}, where
            continue
        assert len(sol.equilibria) == 1, where
        want = "DV" if pi < cut else "GrandBargain"
        assert {e.action("West", "West") for e in sol.equilibria} == {want}, where


def test_threshold_of_the_prior():
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), "pi")
    assert [(t.value, t.player, t.at, t.from_, t.to) for t in res.thresholds] == [
        (F(5, 6), "West", "West", "DV", "GrandBargain")]


def test_costlier_grand_bargain_is_never_offered():
    """ir_models G2: if y_gb must rise to 0.70, pi* = 1 and the West never offers it."""
    assert pi_star(F(2, 5), F(7, 10), F(3, 10)) == 1
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), "pi", params={"y_gb": "0.70"}, low="0",
                               high="0.99")
    assert len(res.thresholds) == 0


def test_explanation_names_beliefs_and_comparison():
    pytest.importorskip("solver.analysis.explain_tree")
    text = str(solver.explain(solver.solve(games.get(NAME))))
    assert "9/20" in text and "7/20" in text       # DV 0.45 against GrandBargain 0.35
    assert "1/2" in text and "Maximalist" in text  # the prior the West acts on


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'p'"):
        games.get(NAME, p="0.5")
    with pytest.raises(GameError, match="pi.*outside its range"):
        games.get(NAME, pi="1.5")
