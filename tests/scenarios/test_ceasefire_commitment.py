"""ceasefire-commitment: the ceasefire as a commitment problem (SCENARIOS.md section 3;
Powell 2006; ir_models.md sec. 2.2 and game G3)."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest

import games
import solver
from solver.errors import GameError

NAME = "ceasefire-commitment"


# ---------------------------------------------------------------- closed form (oracle)
def gap(p, p_after, c_R, delta, b):
    """delta*(p - p_after - b) - (1 - delta)*(1 - p + c_R): Russia fights now iff > 0
    (SCENARIOS.md 3; ir_models.md sec. 2.2)."""
    return delta * (p - p_after - b) - (1 - delta) * (1 - p + c_R)


def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["p", "p_after", "c_R", "c_W", "delta", "b"]
    assert all("seed 00" in p.source for p in e.parameters)
    g = games.get(NAME)
    assert g.players == ("West", "Russia")
    assert g.parameters == {"p": F(3, 5), "p_after": F(2, 5), "c_R": F(3, 20),
                            "c_W": F(1, 10), "delta": F(4, 5), "b": F(0)}


def test_default_equilibrium():
    sol = solver.solve(games.get(NAME))
    assert sol.method == "spe" and sol.exact and sol.complete
    assert len(sol.equilibria) == 1
    assert {e.action("Russia", "Russia") for e in sol.equilibria} == {"FightNow"}
    assert {e.action("West", "West") for e in sol.equilibria} == {"Renege"}
    assert {e.action("Russia", "Honour") for e in sol.equilibria} == {"Accept"}
    assert sol.equilibria[0].payoffs == (F(3, 10), F(9, 20))
    assert gap(F(3, 5), F(2, 5), F(3, 20), F(4, 5), 0) == F(1, 20)     # 0.16 - 0.11


def test_committed_path_is_better_for_both():
    """The honoured ceasefire (0.40, 0.60) Pareto-dominates the SPE (0.30, 0.45): read off
    the tree, not stored."""
    g = games.get(NAME).substitute(defaults=True)
    west = g.node(g.children(0)[0])
    assert west.label == "West"
    honour = g.node(west.children[0])
    accept = honour.children[honour.actions.index("Accept")]
    assert g.payoffs(accept) == (F(2, 5), F(3, 5))
    spe = solver.solve(g).equilibria[0].payoffs
    assert all(a > b for a, b in zip(g.payoffs(accept), spe))


GRID_P = [F(1, 2), F(3, 5), F(7, 10)]
GRID_SHIFT = [F(0), F(1, 10), F(11, 80), F(1, 5), F(3, 10)]        # p - p_after; 0.1375 = 11/80
GRID_C_R = [F(1, 20), F(3, 20), F(1, 4)]
GRID_DELTA = [F(1, 2), F(7, 10), F(4, 5), F(9, 10)]
GRID_B = [F(0), F(1, 20), F(1, 16), F(1, 10)]


@pytest.mark.parametrize("delta", GRID_DELTA)
def test_closed_form_on_a_grid(delta):
    for p, shift, c_R, b in itertools.product(GRID_P, GRID_SHIFT, GRID_C_R, GRID_B):
        p_after = p - shift
        sol = solver.solve(games.get(NAME, p=p, p_after=p_after, c_R=c_R, delta=delta, b=b))
        where = dict(p=p, p_after=p_after, c_R=c_R, delta=delta, b=b)
        g = gap(p, p_after, c_R, delta, b)
        if g == 0:
            assert {e.action("Russia", "Russia") for e in sol.equilibria} == {"Ceasefire", "FightNow"}, where
            continue
        want = "FightNow" if g > 0 else "Ceasefire"
        assert {e.action("Russia", "Russia") for e in sol.equilibria} == {want}, where
        if g > 0:
            # war now is explained by the West's reneging at t = 1 (then strictly better
            # for it, so the equilibrium is unique; after a ceasefire the West can be
            # indifferent between honouring and reneging, which gives ties)
            assert len(sol.equilibria) == 1, where
            assert {e.action("West", "West") for e in sol.equilibria} == {"Renege"}, where
            assert sol.equilibria[0].payoffs == (1 - p - F(1, 10), p - c_R), where


def test_largest_tolerable_shift_and_guarantee():
    parametric = pytest.importorskip("solver.analysis.parametric")
    shift = parametric.thresholds(games.get(NAME), "p_after", low="0", high="0.6")
    assert len(shift.thresholds) == 1
    t = shift.thresholds[0]
    assert (t.value, t.player, t.at, t.from_, t.to) == (F(37, 80), "Russia", "Russia",
                                                       "FightNow", "Ceasefire")
    assert F(3, 5) - t.value == F(11, 80)                 # the largest tolerable shift 0.1375
    bond = parametric.thresholds(games.get(NAME), "b", low="0", high="0.2")
    assert [(t.value, t.player, t.at, t.from_, t.to) for t in bond.thresholds] == [
        (F(1, 16), "Russia", "Russia", "FightNow", "Ceasefire")]      # b* = 0.0625


def test_a_more_patient_russia_fights_more():
    """A higher delta lowers the tolerable shift: at the defaults Russia fights for every
    delta above 11/15 (0.16 > 0.11 at 0.8)."""
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), "delta", low="0.6", high="1")
    assert [(t.value, t.at, t.from_, t.to) for t in res.thresholds] == [
        (F(11, 15), "Russia", "Ceasefire", "FightNow")]


def test_explanation_names_the_decisive_comparison():
    pytest.importorskip("solver.analysis.explain_tree")
    text = str(solver.explain(solver.solve(games.get(NAME))))
    assert "FightNow" in text and "Renege" in text
    assert ("9/20" in text and "2/5" in text) or ("0.45" in text and "0.40" in text)
    assert "3/5" in text     # what reneging is worth to the West, against 2/5 for honouring


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'kappa'"):
        games.get(NAME, kappa="0.5")
    with pytest.raises(GameError, match="delta.*outside its range"):
        games.get(NAME, delta="1.1")
    with pytest.raises(GameError, match="b.*outside its range"):
        games.get(NAME, b="-0.1")
