"""leverage-bargaining: alternating offers with outside options (SCENARIOS.md section 4;
Rubinstein 1982, Stahl 1972, Shaked and Sutton 1984, Nash 1950; ir_models.md sec. 3, G4).

The infinite-horizon closed forms are oracles: the finite tree, solved by backward
induction, must approach them as the horizon grows, within the offer grid's step.
The gaps are measured here, not hidden (see the module docstring for the numbers).
"""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest

import games
import solver
from games.scenarios.leverage_bargaining import (
    DEFAULT_OFFERS,
    DEFAULT_ROUNDS,
    leverage_bargaining_tree,
    nash_split,
    rubinstein_split,
)
from solver.errors import GameError

NAME = "leverage-bargaining"
DEFAULTS = dict(delta_W=F(9, 10), delta_R=F(9, 10), w_W=F(3, 10), w_R=F(9, 20))


# ------------------------------------------------------------------------ oracles
def responder_share(delta_W, delta_R):
    """Russia's Rubinstein share as responder, delta_R*(1 - delta_W)/(1 - delta_W*delta_R)."""
    return delta_R * (1 - delta_W) / (1 - delta_W * delta_R)


def stahl(rounds, delta_W, delta_R, w_W, w_R):
    """Russia's share in the `rounds`-round game with continuous offers (Stahl 1972), by
    the textbook recursion from the last round: the responder gets the larger of its
    outside option and its discounted share as next proposer (breakdown = outside options)."""
    x = None                        # the next proposer's share (None after the last round)
    for t in range(rounds, 0, -1):
        responder_d, responder_w, proposer_w = ((delta_R, w_R, w_W) if t % 2 else
                                                (delta_W, w_W, w_R))
        need = responder_w if x is None else max(responder_w, responder_d * x)
        assert 1 - need >= proposer_w   # the proposer prefers a deal (true on our grids)
        x = 1 - need
    return 1 - x                    # round 1: the West proposed and kept x


def step(w_W, w_R, offers):
    """The grid's step: the surplus 1 - w_W - w_R over the number of offers."""
    return (1 - w_W - w_R) / offers


@pytest.fixture(scope="module")
def default_solution():
    return solver.solve(games.get(NAME))


# ------------------------------------------------------------------------ the game
def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["delta_W", "delta_R", "w_W", "w_R", "y_dv"]
    assert all("seed 00" in p.source for p in e.parameters)
    g = games.get(NAME)
    assert g.players == ("West", "Russia")
    assert g.parameters == dict(DEFAULTS, y_dv=F(2, 5))
    assert (DEFAULT_ROUNDS, DEFAULT_OFFERS) == (3, 10)
    assert g.n_nodes == 4885 <= 10 ** 5
    assert g.is_perfect_information
    root = g.node(0)
    assert root.label == "West (round 1)" and len(root.actions) == DEFAULT_OFFERS + 1
    assert root.actions[0] == "concede 1/20" and root.actions[-1] == "DV"


def test_tree_size_formula():
    """Each round repeats the continuation after every rejected offer: k**T growth."""
    sizes = [leverage_bargaining_tree(r, 3, dv=False).n_nodes for r in (1, 2, 3)]
    # a round: the proposer, and per offer the reply node, Accept, Opt out and what
    # follows Reject (a terminal in the last round): S_T = 1 + k*(3 + S_{T+1}), S_last = 1
    assert sizes == [13, 49, 157]
    with pytest.raises(GameError, match="rounds must be a positive integer"):
        leverage_bargaining_tree(0)
    with pytest.raises(GameError, match="offers must be a positive integer"):
        leverage_bargaining_tree(2, 0)


def test_default_equilibrium(default_solution):
    sol = default_solution
    assert sol.method == "spe" and sol.exact and sol.complete
    assert len(sol.equilibria) == 1
    assert {e.action("West", "West (round 1)") for e in sol.equilibria} == {"concede 1/20"}
    assert {e.action("Russia", "concede 1/20 (round 1)") for e in sol.equilibria} == {"Accept"}
    # Russia rejects DV and counter-offers: waiting to propose beats both 0.40 and war
    assert {e.action("Russia", "DV") for e in sol.equilibria} == {"Reject"}
    assert sol.equilibria[0].payoffs == (F(43, 80), F(37, 80))
    # against the closed forms: Russia's share as responder
    share = sol.equilibria[0].payoffs[1]
    assert share > F(2, 5) and responder_share(F(9, 10), F(9, 10)) == F(9, 19) > F(2, 5)
    g3 = stahl(3, **DEFAULTS)
    assert g3 <= share <= g3 + step(F(3, 10), F(9, 20), DEFAULT_OFFERS)   # within one step
    assert abs(share - F(9, 19)) < F(12, 1000)                            # 0.0112 measured


def test_closed_forms_of_scenarios():
    assert rubinstein_split(F(9, 10), F(9, 10), F(3, 10), F(9, 20)) == (F(10, 19), F(9, 19))
    assert rubinstein_split("0.8", "0.9", "0.3", "0.45") == (F(37, 100), F(63, 100))
    assert rubinstein_split("0.8", "0.9") == (F(5, 14), F(9, 14))       # (0.357, 0.643)
    assert nash_split(F(3, 10), F(9, 20)) == (F(17, 40), F(23, 40))       # R gets 0.575
    # delta_W >= 10/11 pushes Russia's share down to w_R = 0.45
    assert responder_share(F(10, 11), F(9, 10)) == F(9, 20)
    assert rubinstein_split(F(19, 20), F(9, 10), F(3, 10), F(9, 20))[1] == F(9, 20)
    # a binding option: w_R = 0.55 > 9/19
    assert rubinstein_split(F(9, 10), F(9, 10), F(3, 10), F(11, 20))[1] == F(11, 20)


def test_impatient_west_split():
    """delta_W = 0.8: the West's outside option binds when Russia proposes, split
    (0.37, 0.63). A 2-round tree reproduces it within the grid's step."""
    for offers, want in ((10, (F(29, 80), F(51, 80))), (20, (F(59, 160), F(101, 160)))):
        sol = solver.solve(leverage_bargaining_tree(2, offers), params=dict(DEFAULTS, delta_W="0.8"))
        assert len(sol.equilibria) == 1
        assert sol.equilibria[0].payoffs == want
        assert abs(want[1] - F(63, 100)) <= step(F(3, 10), F(9, 20), offers)
        assert {e.action("Russia", "DV") for e in sol.equilibria} == {"Reject"}


@pytest.fixture(scope="module")
def horizons():
    return {r: leverage_bargaining_tree(r, 6, dv=False) for r in range(1, 6)}


@pytest.mark.parametrize("params", [
    DEFAULTS,
    dict(delta_W=F(1, 2), delta_R=F(1, 2), w_W=F(1, 10), w_R=F(1, 5)),
], ids=["defaults", "impatient"])
def test_tree_approaches_rubinstein_as_rounds_grow(horizons, params):
    """For each horizon T the tree's split is within one grid step of the T-round value
    with continuous offers; those values bracket the infinite-horizon one (odd T below,
    even T above) and close in on it; so the tree approaches it within the step."""
    rub = rubinstein_split(params["delta_W"], params["delta_R"], params["w_W"], params["w_R"])[1]
    h = step(params["w_W"], params["w_R"], 6)
    gaps = []
    for r, game in horizons.items():
        sol = solver.solve(game, params=params)
        assert len(sol.equilibria) == 1, r
        share = sol.equilibria[0].payoffs[1]
        cont = stahl(r, **params)
        assert abs(share - cont) <= h, (r, share, cont)
        assert (cont <= rub) if r % 2 else (cont >= rub), r
        assert abs(share - rub) <= abs(cont - rub) + h, r
        gaps.append(abs(cont - rub))
    assert gaps[2] < gaps[0] and gaps[4] < gaps[2]          # odd horizons close in
    assert gaps[3] < gaps[1]                                # even ones too


BINDING_GRID = list(itertools.product([F(1, 2), F(7, 10), F(9, 10)],       # delta_R
                                      [F(1, 2), F(4, 5), F(19, 20)],      # delta_W
                                      [F(1, 10), F(1, 4), F(2, 5), F(11, 20)]))   # w_R


def test_outside_option_binds_iff_closed_form():
    """Russia's war option binds (it opts out rather than counter-offer after a low offer)
    iff w_R > delta_R*(1 - delta_W)/(1 - delta_W*delta_R).  Checked at Russia's reply to
    a DV worth 0.05 in a 3-round tree.  The oracle's margin is g = w_R*(1 -
    delta_W*delta_R) - delta_R*(1 - delta_W) = w_R - delta_R*V, V = 1 - delta_W*(1 - w_R)
    being Russia's round-2 share with continuous offers; the grid moves V by less than
    (1 - delta_W/2)*S/offers, so the check is made where |g| exceeds delta_R times that
    (the West's option is kept slack with w_W = 0.1)."""
    offers, w_W = 6, F(1, 10)
    game = leverage_bargaining_tree(3, offers)
    decided = {True: 0, False: 0}
    for delta_R, delta_W, w_R in BINDING_GRID:
        margin = w_R * (1 - delta_W * delta_R) - delta_R * (1 - delta_W)
        if abs(margin) <= delta_R * (1 - delta_W / 2) * step(w_W, w_R, offers):
            continue
        sol = solver.solve(game, params=dict(delta_W=delta_W, delta_R=delta_R, w_W=w_W,
                                             w_R=w_R, y_dv=F(1, 20)))
        binds = w_R > responder_share(delta_W, delta_R)
        assert {e.action("Russia", "DV") for e in sol.equilibria} == {"Opt out" if binds else "Reject"}, \
            (delta_R, delta_W, w_R)
        decided[binds] += 1
    assert decided[True] >= 4 and decided[False] >= 4


def test_threshold_of_western_patience():
    """thresholds() on a small tree: the patience at which Russia's outside option starts
    to bind (its reply to DV turns from Reject to Opt out), against 10/11 in closed form.
    The grid moves it by at most (S/offers)/(1 - w_R) = 1/11 here; measured 19/21."""
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(leverage_bargaining_tree(3, 5), "delta_W", low="0.8",
                                high="0.99")
    at_dv = [t for t in res.thresholds if t.at == "DV"]
    assert len(at_dv) == 1
    t = at_dv[0]
    assert (t.player, t.from_, t.to) == ("Russia", "Reject", "Opt out")
    assert t.value == F(19, 21)
    assert abs(t.value - F(10, 11)) <= F(1, 20) / (1 - F(9, 20))


def test_explanation_names_the_decisive_comparison(default_solution):
    pytest.importorskip("solver.analysis.explain_tree")
    text = str(solver.explain(default_solution))
    assert "DV" in text and "Reject" in text
    # Russia, offered 37/80 in round 1, accepts rather than wait for 369/800 (0.4613)
    assert "37/80" in text and "369/800" in text
    # the West's DV opening is worth 351/800: Russia would reject it and counter-offer
    assert "351/800" in text


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'rounds'"):
        games.get(NAME, rounds=5)
    with pytest.raises(GameError, match="w_R.*outside its range"):
        games.get(NAME, w_R="0.7")
    with pytest.raises(GameError, match="delta_W.*outside its range"):
        games.get(NAME, delta_W="1.5")
    with pytest.raises(GameError, match="delta_W"):
        rubinstein_split(1, 1)
