"""sanctions-coercion: Drezner's coercion game with a relief stage (SCENARIOS.md section 7;
Drezner 1998, 1999; ir_models.md sec. 7.1, 7.3 and game G7)."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest

import games
import solver
from solver.errors import GameError

NAME = "sanctions-coercion"


# ------------------------------------------------------------ closed forms (oracles)
def d_star(c_T, c_S, beta):
    """Largest concession the threat buys: (c_T - beta*c_S)/(1 + beta) (SCENARIOS.md 7)."""
    return (c_T - beta * c_S) / (1 + beta)


def credible(c_T, c_S, beta):
    """The Sender's threat is credible iff beta*c_T >= c_S (SCENARIOS.md 7)."""
    return beta * c_T >= c_S


def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["D", "c_T", "c_S", "beta", "phi", "kappa"]
    assert all("seed 00" in p.source for p in e.parameters)
    g = games.get(NAME)
    assert g.players == ("West", "Russia")
    assert g.parameters == {"D": F(1, 4), "c_T": F(3, 10), "c_S": F(3, 20), "beta": F(4, 5),
                            "phi": F(1), "kappa": F(1, 2)}


def test_default_equilibrium():
    sol = solver.solve(games.get(NAME))
    assert sol.exact and sol.complete
    assert len(sol.equilibria) == 1
    assert {e.action("West", "Sender") for e in sol.equilibria} == {"Demand"}
    assert {e.action("Russia", "Demand") for e in sol.equilibria} == {"Stand firm"}
    assert {e.action("West", "Stand firm") for e in sol.equilibria} == {"Sanction"}
    assert {e.action("Russia", "Relief offer") for e in sol.equilibria} == {"Reject"}
    # deadlock: West -c_S + beta*c_T = 9/100, Russia -c_T + beta*c_S = -9/50
    assert sol.equilibria[0].payoffs == (F(9, 100), F(-9, 50))


BETAS = [F(0), F(1, 10), F(1, 2), F(4, 5), F(1)]
COSTS_T = [F(1, 10), F(3, 10), F(57, 100)]
COSTS_S = [F(1, 20), F(3, 20), F(3, 10)]
DEMANDS = [F(1, 50), F(1, 20), F(2, 25), F(1, 10), F(1, 4), F(1, 2)]


@pytest.mark.parametrize("beta", BETAS)
def test_drezner_closed_form_without_relief(beta):
    """phi = 0 switches relief off: Drezner's game, on a grid with both sides of each cut."""
    for c_T, c_S, D in itertools.product(COSTS_T, COSTS_S, DEMANDS):
        sol = solver.solve(games.get(NAME, beta=beta, c_T=c_T, c_S=c_S, D=D, phi=0))
        where = dict(beta=beta, c_T=c_T, c_S=c_S, D=D)
        assert {e.action("Russia", "Relief offer") for e in sol.equilibria} == {"Reject"}, where
        if beta * c_T == c_S or D == d_star(c_T, c_S, beta):
            assert len(sol.equilibria) >= 2, where      # an indifference: ties give several SPE
            continue
        if credible(c_T, c_S, beta):
            assert {e.action("West", "Stand firm") for e in sol.equilibria} == {"Sanction"}, where
            want = "Acquiesce" if D <= d_star(c_T, c_S, beta) else "Stand firm"
            assert {e.action("Russia", "Demand") for e in sol.equilibria} == {want}, where
            assert {e.action("West", "Sender") for e in sol.equilibria} == {"Demand"}, where
            assert len(sol.equilibria) == 1, where
        else:
            assert {e.action("West", "Stand firm") for e in sol.equilibria} == {"Back down"}, where
            assert {e.action("Russia", "Demand") for e in sol.equilibria} == {"Stand firm"}, where
            # a demand that will be refused and dropped is worth 0, like no demand
            assert {e.action("West", "Sender") for e in sol.equilibria} == {"Demand", "No demand"}, where


@pytest.mark.parametrize("kappa,phi", [(F(1, 2), F(1, 2)), (F(1, 2), F(1)), (F(4, 5), F(1))])
def test_relief_closed_form(kappa, phi):
    """At the relief stage Russia concedes D iff D <= kappa*phi*D* (on or off the path)."""
    for beta, c_T, c_S, D in itertools.product(BETAS[1:], COSTS_T, COSTS_S, DEMANDS):
        sol = solver.solve(games.get(NAME, beta=beta, c_T=c_T, c_S=c_S, D=D, kappa=kappa, phi=phi))
        cut = kappa * phi * d_star(c_T, c_S, beta)
        if D == cut:
            continue
        want = {"Accept"} if D < cut else {"Reject"}
        assert {e.action("Russia", "Relief offer") for e in sol.equilibria} == want, (beta, c_T, c_S, D)
        if D > cut and beta * c_T > c_S and D != d_star(c_T, c_S, beta):
            # relief not bought, threat credible: Drezner's answer holds with relief on offer
            want = "Acquiesce" if D < d_star(c_T, c_S, beta) else "Stand firm"
            assert {e.action("Russia", "Demand") for e in sol.equilibria} == {want}


def test_relief_makes_sanctions_a_bargaining_chip():
    """beta*c_T < c_S, so the threat alone is not credible (0.12 < 0.15), but relief worth
    0.9 of the sanctions buys D = 0.10 (< 0.9 * 0.24/1.4): the West sanctions to trade
    relief, and Russia, foreseeing it, acquiesces at once."""
    sol = solver.solve(games.get(NAME, beta="0.4", D="0.10", kappa="0.9", phi="1"))
    assert len(sol.equilibria) == 1
    assert {e.action("Russia", "Relief offer") for e in sol.equilibria} == {"Accept"}
    assert {e.action("West", "Stand firm") for e in sol.equilibria} == {"Sanction"}
    assert {e.action("Russia", "Demand") for e in sol.equilibria} == {"Acquiesce"}
    assert sol.equilibria[0].payoffs == (F(14, 100), F(-14, 100))   # (1 + beta)*D each way
    off = solver.solve(games.get(NAME, beta="0.4", D="0.10", kappa="0.9", phi="0"))
    assert {e.action("West", "Stand firm") for e in off.equilibria} == {"Back down"}


@pytest.mark.parametrize("param,expected", [
    ("D", [(F(1, 20), "Russia", "Relief offer", "Accept", "Reject"),
           (F(1, 10), "Russia", "Demand", "Acquiesce", "Stand firm")]),
    ("beta", [(F(1, 2), "West", "Stand firm", "Back down", "Sanction"),
              (F(1, 2), "West", "Sender", "Demand / No demand", "Demand")]),
    ("c_S", [(F(6, 25), "West", "Stand firm", "Sanction", "Back down"),
             (F(6, 25), "West", "Sender", "Demand", "Demand / No demand")]),
    ("c_T", [(F(3, 16), "West", "Stand firm", "Back down", "Sanction"),
             (F(3, 16), "West", "Sender", "Demand / No demand", "Demand"),
             (F(57, 100), "Russia", "Demand", "Stand firm", "Acquiesce")]),
    ("phi", []),      # no relief buys D = 0.25: kappa*phi*D* <= 0.10
])
def test_thresholds(param, expected):
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), param)
    assert len(res.thresholds) == len(expected)
    got = [(t.value, t.player, t.at, t.from_, t.to) for t in res.thresholds]
    assert got == expected


def test_explanation_names_the_comparison():
    pytest.importorskip("solver.analysis.explain_tree")
    text = str(solver.explain(solver.solve(games.get(NAME))))
    # Russia: acquiescing is worth -(1 + beta)D = -9/20, standing firm -9/50
    assert "-9/20" in text and "-9/50" in text
    # the West: deadlock 9/100 > 0
    assert "9/100" in text and "Sanction" in text


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'lam'"):
        games.get(NAME, lam="0.5")
    with pytest.raises(GameError, match="beta.*outside its range"):
        games.get(NAME, beta="1.2")
    with pytest.raises(GameError, match="phi.*outside its range"):
        games.get(NAME, phi="-0.1")
