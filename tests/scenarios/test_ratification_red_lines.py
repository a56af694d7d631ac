"""ratification-red-lines: a deal exists iff min(g, w_R + A) <= y_bar (SCENARIOS.md section 5;
Putnam 1988, Fearon 1994; ir_models.md sec. 4 and game G5)."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest

import games
import solver
from games.scenarios.ratification_red_lines import PACKAGES
from solver.errors import GameError

NAME = "ratification-red-lines"
VALUES = {lab: F(str(y)) for lab, _, y in PACKAGES}      # DV 2/5, DV+NATO 11/20, ... 3/5


def played(eq, player: str, node: str) -> str:
    labels = eq.profile.infoset_labels[eq.players.index(player)]
    dist = eq[player][labels.index(node)]
    acts = [a for a, p in dist.items() if p > 0]
    assert len(acts) == 1 and dist[acts[0]] == 1, (player, node, dist)
    return acts[0]


def deal(eq) -> str | None:
    """The package agreed and ratified on the path of play, or None (no deal)."""
    pkg = played(eq, "West", "West")
    if played(eq, "Russia", pkg) == "Accept" and played(eq, "Ratifiers", f"{pkg} agreed") == "Ratify":
        return pkg
    return None


# --------------------------------------------------------------------- oracles
def deal_exists(g, w_R, A, y_bar) -> bool:
    """SCENARIOS.md section 5: a deal exists iff min(g, w_R + A) <= y_bar."""
    return min(g, w_R + A) <= y_bar


def deal_exists_menu(g, w_R, A, y_bar, w_W) -> bool:
    """The same condition for the game's menu: some package is ratifiable (y <= y_bar),
    acceptable to Russia (y - A*[y < g] >= w_R) and no worse than war for the West."""
    return any(y <= y_bar and y - (A if y < g else 0) >= w_R and 1 - y >= w_W
               for y in VALUES.values())


def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["y_bar", "A", "g", "p", "c_R", "c_W"]
    assert all("seed 00" in p.source for p in e.parameters)
    g = games.get(NAME)
    assert g.players == ("West", "Russia", "Ratifiers")
    assert g.parameters["y_bar"] == F(11, 20) and g.parameters["A"] == F(3, 20)
    assert VALUES == {"DV": F(2, 5), "DV+NATO": F(11, 20), "DV+NATO+buffer": F(3, 5)}


def test_default_equilibria_all_end_without_a_deal():
    sol = solver.solve(games.get(NAME))
    assert sol.exact and sol.complete
    # the West is indifferent among its 3 packages (all refused or vetoed) and the
    # ratifiers are indifferent about DV+NATO (worth exactly y_bar): 3 x 2 equilibria
    assert len(sol.equilibria) == 6
    assert {played(e, "West", "West") for e in sol.equilibria} == set(VALUES)
    for eq in sol.equilibria:
        assert deal(eq) is None
        assert eq.payoffs == (F(3, 10), F(9, 20), F(0))
        assert played(eq, "Russia", "DV") == "Reject"            # 0.40 - 0.15 < 0.45
        assert played(eq, "Russia", "DV+NATO") == "Reject"       # 0.55 - 0.15 < 0.45
        assert played(eq, "Ratifiers", "DV+NATO+buffer agreed") == "Veto"   # 0.60 > 0.55
    assert {played(e, "Ratifiers", "DV+NATO agreed") for e in sol.equilibria} == {"Ratify", "Veto"}


def test_smaller_audience_cost_gives_a_deal():
    # y_bar = 0.58 so that the ratifiers strictly prefer to ratify DV+NATO
    sol = solver.solve(games.get(NAME, A="0.05", y_bar="0.58"))
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert deal(eq) == "DV+NATO"
    assert eq.payoffs == (F(9, 20), F(1, 2), F(3, 100))   # Russia: 0.55 - 0.05
    # at y_bar = 0.55 exactly the ratifiers are indifferent: with a veto there is no deal
    tie = solver.solve(games.get(NAME, A="0.05"))
    assert len(tie.equilibria) == 4
    assert {deal(e) for e in tie.equilibria} == {"DV+NATO", None}


def test_tied_hands_help_russia_only_with_wide_red_lines():
    """Schelling's conjecture: with y_bar = 0.70 the audience cost raises Russia's deal
    from 0.55 (A = 0) to 0.60 (A = 0.15, accepted at indifference)."""
    no_cost = solver.solve(games.get(NAME, y_bar="0.70", A="0"))
    assert {deal(e) for e in no_cost.equilibria} == {"DV+NATO"}
    tied = solver.solve(games.get(NAME, y_bar="0.70"))
    assert "DV+NATO+buffer" in {deal(e) for e in tied.equilibria}


# grid chosen so that min(g, w_R + A) is a package value (0.55 or 0.60): there the
# menu answers exactly as SCENARIOS.md's continuous closed form
Y_BARS = [F(0), F(3, 10), F(1, 2), F(11, 20), F(29, 50), F(3, 5), F(7, 10), F(1)]
A_G = [(A, g) for A, g in itertools.product([F(1, 10), F(3, 20), F(1, 5), F(3, 10)],
                                            [F(11, 20), F(3, 5), F(4, 5), F(1)])
       if min(g, F(9, 20) + A) in (F(11, 20), F(3, 5))]


@pytest.mark.parametrize("A,g", A_G)
def test_closed_form_on_grid(A, g):
    assert len(A_G) >= 8
    for y_bar in Y_BARS:
        sol = solver.solve(games.get(NAME, A=A, g=g, y_bar=y_bar))
        some_deal = any(deal(e) is not None for e in sol.equilibria)
        assert some_deal == deal_exists(g, F(9, 20), A, y_bar), (A, g, y_bar)


P_CR = [(F(3, 5), F(3, 20)), (F(1, 2), F(1, 10)), (F(7, 10), F(1, 10)), (F(2, 5), F(0))]


@pytest.mark.parametrize("p,c_R", P_CR)
def test_menu_condition_on_wider_grid(p, c_R):
    w_R = p - c_R
    for A, g, y_bar, c_W in itertools.product([F(0), F(1, 20), F(3, 20), F(1, 4)],
                                              [F(1, 2), F(4, 5)],
                                              [F(2, 5), F(1, 2), F(11, 20), F(7, 10)],
                                              [F(1, 10), F(1, 2)]):
        sol = solver.solve(games.get(NAME, A=A, g=g, y_bar=y_bar, p=p, c_R=c_R, c_W=c_W))
        w_W = 1 - p - c_W
        some_deal = any(deal(e) is not None for e in sol.equilibria)
        where = dict(p=p, c_R=c_R, A=A, g=g, y_bar=y_bar, c_W=c_W)
        assert some_deal == deal_exists_menu(g, w_R, A, y_bar, w_W), where
        # when every comparison is strict, the West's offer is the cheapest package
        # that goes through, and the equilibrium is unique
        ok = [lab for lab, y in VALUES.items()
              if y < y_bar and y - (A if y < g else 0) > w_R and 1 - y > w_W]
        ties = [y for y in VALUES.values()
                if y == y_bar or y - (A if y < g else 0) == w_R or 1 - y == w_W]
        if ok and not ties:
            assert len(sol.equilibria) == 1, where
            assert deal(sol.equilibria[0]) == min(ok, key=VALUES.get), where


@pytest.mark.parametrize("param,value,player,at", [
    ("A", F(1, 10), "Russia", "DV+NATO"),              # A > y_bar - w_R kills the deal
    ("y_bar", F(3, 5), "West", "West"),                # y_bar >= 0.60 restores one
    ("g", F(11, 20), "Russia", "DV+NATO"),             # a goal of at most 0.55 costs nothing
])
def test_thresholds(param, value, player, at):
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), param)
    hits = [t for t in res.thresholds if t.player == player and t.at == at]
    assert hits and hits[0].value == value, res.to_dict()


def test_threshold_in_A_is_where_russia_turns_down_the_best_ratifiable_package():
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), "A")
    assert len(res.thresholds) == 2
    russia, west = res.thresholds
    assert (russia.value, russia.from_, russia.to) == (F(1, 10), "Accept", "Reject")
    assert west.value == F(1, 10) and west.from_ == "DV+NATO"


def test_explanation_names_the_comparison():
    pytest.importorskip("solver.analysis.explain_tree")
    text = str(solver.explain(solver.solve(games.get(NAME))))
    # Russia at DV+NATO: accepting is worth 0.55 - 0.15 = 2/5 against the war value 9/20
    assert "2/5" in text and "9/20" in text
    assert "indifferent" in text                       # the West, among refused packages
    assert "Veto" in text and "-1/20" in text          # DV+NATO+buffer breaks the red line


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'x'"):
        games.get(NAME, x="0.3")
    with pytest.raises(GameError, match="y_bar.*outside its range"):
        games.get(NAME, y_bar="1.5")
    with pytest.raises(GameError, match="A.*outside its range"):
        games.get(NAME, A="-0.1")
