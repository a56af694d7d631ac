"""flank-deterrence: Russia probes iff p_D < (1 - s)/(1 + k) (SCENARIOS.md section 8;
Zagare and Kilgour 2000; ir_models.md sec. 5.1 and game G8a)."""
from __future__ import annotations

from fractions import Fraction as F

import pytest

import games
import solver
from solver.errors import GameError

NAME = "flank-deterrence"


def probes(p_D, s, k) -> bool:
    """SCENARIOS.md section 8, the closed form (test oracle)."""
    return p_D < (1 - s) / (1 + k)


def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["p_D", "s", "k"]
    assert all("seed 00" in p.source for p in e.parameters)
    g = games.get(NAME)
    assert g.players == ("Russia", "NATO")
    assert g.parameters == {"p_D": F(1, 4), "s": F(0), "k": F(2)}


def test_default_equilibrium():
    sol = solver.solve(games.get(NAME))
    assert sol.exact and sol.complete
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert eq.action("Russia", "Russia") == "Probe"
    assert eq.action("NATO", "Probe vs Hard") == "Resist"
    assert eq.action("NATO", "Probe vs Soft") == "Concede"
    # Russia: 3/4 * 1 + 1/4 * (-2) = 1/4;  NATO: 3/4 * (-1/2) + 1/4 * (-3/10) = -9/20
    assert eq.payoffs == (F(1, 4), F(-9, 20))


GRID_P = [F(0), F(1, 10), F(1, 4), F(3, 10), F(7, 20), F(2, 5), F(1, 2), F(9, 10), F(1)]
GRID_S = [F(-1), F(-1, 2), F(0), F(1, 5), F(1, 2)]
GRID_K = [F(0), F(1, 2), F(2), F(5)]


@pytest.mark.parametrize("s", GRID_S)
@pytest.mark.parametrize("k", GRID_K)
def test_closed_form_on_grid(s, k):
    for p_D in GRID_P:
        # all values at once: games.get fills the parameters not given with defaults
        sol = solver.solve(games.get(NAME, p_D=p_D, s=s, k=k))
        cut = (1 - s) / (1 + k)
        if p_D == cut:            # indifferent: both pure choices are equilibria
            assert {e.action("Russia", "Russia") for e in sol.equilibria} == {"Probe", "Status quo"}
            continue
        assert len(sol.equilibria) == 1, (p_D, s, k)
        eq = sol.equilibria[0]
        want = "Probe" if probes(p_D, s, k) else "Status quo"
        assert eq.action("Russia", "Russia") == want, (p_D, s, k)
        # the Defender's types act on their own preferences, whatever Russia does
        assert eq.action("NATO", "Probe vs Hard") == "Resist"
        assert eq.action("NATO", "Probe vs Soft") == "Concede"
        value = (1 - p_D) - p_D * k if want == "Probe" else s
        assert eq.payoffs[0] == value


def test_indifference_at_one_third():
    sol = solver.solve(games.get(NAME, p_D="1/3"))
    assert len(sol.equilibria) == 2
    assert all(e.payoffs[0] == 0 for e in sol.equilibria)


@pytest.mark.parametrize("param,value", [("p_D", F(1, 3)), ("s", F(1, 4)), ("k", F(3))])
def test_thresholds(param, value):
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), param)
    assert len(res.thresholds) == 1
    t = res.thresholds[0]
    assert t.value == value
    assert (t.player, t.at, t.from_, t.to) == ("Russia", "Russia", "Probe", "Status quo")


def test_explanation_names_the_comparison():
    pytest.importorskip("solver.analysis.explain_tree")
    text = str(solver.explain(solver.solve(games.get(NAME))))
    assert "Probe" in text and "Status quo" in text
    assert "1/4" in text and "-2" in text          # the probe's value, 1/4 > 0
    assert "Resist" in text and "-3/10" in text and "-4/5" in text


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'q'"):
        games.get(NAME, q="0.5")
    with pytest.raises(GameError, match="p_D.*outside its range"):
        games.get(NAME, p_D="1.5")
    with pytest.raises(GameError, match="k.*outside its range"):
        games.get(NAME, k="-1")
