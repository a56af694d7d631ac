"""leverage-bargaining: the stationary equilibrium of alternating offers with outside
options (Rubinstein 1982; Shaked and Sutton 1984), and the finite-horizon benchmark.

Oracles, independent of the module's expressions: ``rubinstein_split`` solves the two
equations case by case; ``bellman`` iterates them; the threshold oracle solves them for
one parameter by hand.  The finite-horizon tree is held to the distance that
``finite_horizon_bound`` states, at the defaults and at random parameters.
"""
from __future__ import annotations

import re
from fractions import Fraction as F
from pathlib import Path

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import games
import solver
from games.scenarios.leverage_bargaining import (
    DEFAULT_OFFERS,
    DEFAULT_ROUNDS,
    OFFERS,
    certify_stationary,
    finite_horizon_bound,
    finite_horizon_split,
    leverage_bargaining_tree,
    nash_split,
    rubinstein_split,
    stationary_round,
    stationary_shares,
)
from solver.analysis.parametric import thresholds
from solver.cli import main
from solver.errors import GameError, SolverError, SolverLimitError

NAME = "leverage-bargaining"
DEFAULTS = dict(delta_W=F(9, 10), delta_R=F(9, 10), w_W=F(3, 10), w_R=F(9, 20))
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


# ------------------------------------------------------------------------ oracles
def responder_share(delta_W, delta_R):
    """Russia's Rubinstein share as responder when no option binds."""
    return delta_R * (1 - delta_W) / (1 - delta_W * delta_R)


def bellman(delta_W, delta_R, w_W, w_R, sweeps=100_000):
    """The proposers' shares by iterating x_W = 1 - max(w_R, delta_R*x_R), x_R = 1 -
    max(w_W, delta_W*x_W) from (1, 1), in floats, to its fixed point (a contraction by
    delta_W*delta_R every two sweeps: slow when both are near 1)."""
    xW = xR = 1.0
    for _ in range(sweeps):
        new = 1 - max(w_R, delta_R * xR), 1 - max(w_W, delta_W * xW)
        if new == (xW, xR):
            break
        xW, xR = new
    return xW, xR


def rejection_value(delta_W, delta_R, w_W, w_R):
    """What rejecting the West's offer is worth to Russia: delta_R times its share when it
    proposes (the West's proposer share in the game with roles swapped)."""
    return delta_R * rubinstein_split(delta_R, delta_W, w_R, w_W)[0]


def crossing(c, delta_R, w_W, w_R, high=F(99, 100)):
    """The delta_W in (0, high) at which Russia's rejection value falls to c, or None.

    The value is delta_R*min(1 - w_W, max(1 - delta_W*(1 - w_R), (1 - delta_W)/(1 -
    delta_W*delta_R))): nonincreasing in delta_W, strictly below the cap; each of the two
    decreasing pieces is solved for delta_W and kept if the value there is c."""
    if delta_R == 0 or c == 1:
        return None
    candidates = [(delta_R - c) / (delta_R * (1 - c)), (1 - c / delta_R) / (1 - w_R)]
    for d in candidates:
        if 0 < d < high and rejection_value(d, delta_R, w_W, w_R) == c:
            return d
    return None


def switches_in_delta_W(delta_R, w_W, w_R, y_dv):
    """Russia's round-one switches as delta_W rises (the West always makes the
    reservation offer): after an offer y above its war value it turns from Reject to
    Accept where its rejection value falls to y; after one below, from Reject to Opt out
    where that value falls to w_R."""
    offers = {"Nash split": nash_split(w_W, w_R)[1], "DV": y_dv, "No concession": F(0)}
    out = set()
    for at, y in offers.items():
        c, to = (y, "Accept") if y > w_R else (w_R, "Opt out")
        d = crossing(c, delta_R, w_W, w_R)
        if d is not None:
            out.add((d, "Russia", at, "Reject", to))
    return out


def seed_text(n: str) -> str:
    path = next(SEEDS.glob(f"{n}_*.txt"))
    return path.read_text(encoding="utf-8")


def quotations(source: str):
    """(seed number, quoted passage) for every double-quoted passage of a source."""
    out, seed = [], None
    for m in re.finditer(r'seed (\d{3}):|"([^"]*)"', source):
        if m.group(1):
            seed = m.group(1)
        else:
            out.append((seed, m.group(2)))
    return out


@pytest.fixture(scope="module")
def default_solution():
    return solver.solve(games.get(NAME))


# ------------------------------------------------------------------------ the entry
def test_registered_with_parameters():
    e = games.entry(NAME)
    assert len(e.parameters) == 5
    assert [p.name for p in e.parameters] == ["delta_W", "delta_R", "w_W", "w_R", "y_dv"]
    assert all(p.source.startswith("seed 00") and p.meaning for p in e.parameters)
    assert e.literature == "Rubinstein 1982" and "Shaked and Sutton 1984" in e.source
    assert "patience" in e.mechanism and e.lever == "Western patience (delta_W)"
    g = games.get(NAME)
    assert g.parameters == dict(DEFAULTS, y_dv=F(23, 50))
    assert g.parameter_specs["delta_W"].range == (F(0), F(99, 100))
    # the DV offer lies strictly between Russia's war value and its share as responder
    assert DEFAULTS["w_R"] < F(23, 50) < F(9, 19) == responder_share(F(9, 10), F(9, 10))


def test_quotations_are_verbatim():
    if not SEEDS.is_dir():
        pytest.skip("the seed documents are not next to the repository")
    texts = {n: seed_text(n) for n in ("000", "002")}
    found = [(p.name, s, q) for p in games.entry(NAME).parameters
             for s, q in quotations(p.source)]
    found += [("source", s, q) for s, q in quotations(games.entry(NAME).source)]
    assert len(found) == 9
    for name, seed, passage in found:
        assert seed in texts, (name, passage)
        pos = 0
        for part in passage.split(" ... "):
            at = texts[seed].find(part, pos)
            assert at >= 0, f"{name}: not verbatim in seed {seed}: {part!r}"
            pos = at + len(part)
    assert all("wane" not in p.source for p in games.entry(NAME).parameters)


# ------------------------------------------------------------------------ the game
def test_the_registered_game_is_one_round():
    g = games.get(NAME)
    assert g.n_nodes == 14 and g.players == ("West", "Russia") and g.is_perfect_information
    root = g.node(0)
    assert root.label == "West proposes" and root.actions == OFFERS
    assert [s.label for s in g.infosets[1]] == ["DV", "Nash split", "No concession"]
    assert stationary_round("Russia").n_nodes == 10
    assert stationary_round("West") is stationary_round("West")        # built once


def test_default_equilibrium(default_solution):
    sol = default_solution
    assert sol.method == "spe" and sol.exact and sol.complete
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert eq.action("West", "West proposes") == "Reservation offer"
    assert eq.payoffs == (F(10, 19), F(9, 19))
    assert [eq.action("Russia", at) for at in ("DV", "Nash split", "No concession")] == [
        "Reject", "Accept", "Reject"]


def test_patience_not_the_outside_option_refuses_dv(default_solution):
    """Russia's values at DV: Reject 9/19 > Accept 23/50 > Opt out 9/20.  War alone would
    not refuse DV; waiting to counter-offer does."""
    steps = {s.infoset: s for s in default_solution.trace}
    dv = steps["DV"]
    assert len(dv.values) == 3
    assert {a: v[1] for a, v in dv.values.items()} == {
        "Accept": F(23, 50), "Reject": F(9, 19), "Opt out": F(9, 20)}
    assert dv.chosen == ("Reject",) and not dv.on_path
    # after no concession Russia also counter-offers rather than fight: the option is slack
    assert steps["No concession"].chosen == ("Reject",)


@pytest.mark.parametrize("delta_W, count, west, russia", [
    (F(9, 10), 1, F(10, 19), F(9, 19)),       # no option binds: Russia 0.474
    (F(4, 5), 1, F(37, 100), F(63, 100)),     # the West's option binds in Russia's round
    (F(10, 11), 2, F(11, 20), F(9, 20)),      # Russia's option starts to bind: after no
    (F(19, 20), 1, F(11, 20), F(9, 20)),      # concession it is indifferent (off the path)
    (F(0), 1, F(37, 100), F(63, 100)),
])
def test_the_split_the_solver_finds(delta_W, count, west, russia):
    sol = solver.solve(games.get(NAME), params={"delta_W": delta_W})
    assert len(sol.equilibria) == count
    assert {e.payoffs for e in sol.equilibria} == {(west, russia)}
    assert rubinstein_split(delta_W, F(9, 10), F(3, 10), F(9, 20)) == (west, russia)


def test_closed_forms_of_the_scenario():
    assert rubinstein_split(F(9, 10), F(9, 10), F(3, 10), F(9, 20)) == (F(10, 19), F(9, 19))
    assert rubinstein_split("0.8", "0.9", "0.3", "0.45") == (F(37, 100), F(63, 100))
    assert rubinstein_split("0.8", "0.9") == (F(5, 14), F(9, 14))
    assert nash_split(F(3, 10), F(9, 20)) == (F(17, 40), F(23, 40))       # R gets 0.575
    # delta_W >= 10/11 pushes Russia's share down to w_R; the West's option binds below 30/37
    assert responder_share(F(10, 11), F(9, 10)) == F(9, 20)
    assert responder_share(F(30, 37), F(9, 10)) == F(9, 10) * (1 - F(3, 10))
    x_W, x_R = stationary_shares()
    at = {sympy.Symbol(k): sympy.Rational(v.numerator, v.denominator) for k, v in DEFAULTS.items()}
    assert (x_W.xreplace(at), x_R.xreplace(at)) == (sympy.Rational(10, 19), sympy.Rational(10, 19))


# ------------------------------------------------------------------------ the certificate
def test_certificate_at_the_defaults_and_named_points():
    c = certify_stationary()
    assert (c.west_share, c.russia_share) == (F(10, 19), F(10, 19))
    assert c.russia_as_responder == F(9, 19)
    assert (c.russia_option_binds, c.west_option_binds) == (False, False)
    c = certify_stationary(delta_W="0.8")
    assert (c.west_share, c.russia_as_responder, c.west_option_binds) == (F(37, 100), F(63, 100),
                                                                            True)
    c = certify_stationary(delta_W=F(10, 11))        # at the threshold: a tie, one outcome
    assert (c.russia_as_responder, c.russia_option_binds) == (F(9, 20), True)


def test_the_certificate_rejects_values_that_are_not_a_fixed_point(monkeypatch):
    """Continuations that assume Rubinstein's shares without outside options are right
    at the defaults (no option binds) but not at delta_W = 0.8, where the West's binds."""
    import games.scenarios.leverage_bargaining as lb
    dW, dR = sympy.symbols("delta_W delta_R")
    wrong = ((1 - dR) / (1 - dW * dR), (1 - dW) / (1 - dW * dR))
    monkeypatch.setattr(lb, "stationary_shares", lambda: wrong)
    assert lb.certify_stationary().russia_as_responder == F(9, 19)
    with pytest.raises(SolverError, match="not stationary"):
        lb.certify_stationary(delta_W="0.8")


DELTA = st.integers(0, 99).map(lambda k: F(k, 100))
W_W = st.integers(0, 35).map(lambda k: F(k, 100))
W_R = st.integers(0, 60).map(lambda k: F(k, 100))


@settings(max_examples=25, deadline=None)
@given(DELTA, DELTA, W_W, W_R)
def test_certificate_at_random_parameters(delta_W, delta_R, w_W, w_R):
    """The one-round solution reproduces the continuation values it assumed (exactly),
    and they are Rubinstein's split and the limit of the Bellman iteration."""
    p = dict(delta_W=delta_W, delta_R=delta_R, w_W=w_W, w_R=w_R)
    c = certify_stationary(**p)
    assert (c.west_share, c.russia_as_responder) == rubinstein_split(**p)
    assert c.russia_share == rubinstein_split(delta_R, delta_W, w_R, w_W)[0]
    xW, xR = bellman(*map(float, (delta_W, delta_R, w_W, w_R)))
    assert abs(xW - c.west_share) < 1e-9 and abs(xR - c.russia_share) < 1e-9
    assert c.russia_option_binds == (w_R >= delta_R * c.russia_share)


@settings(max_examples=6, deadline=None)
@given(DELTA, DELTA, W_W, W_R, st.integers(0, 100).map(lambda k: F(k, 100)))
def test_registered_game_at_random_parameters(delta_W, delta_R, w_W, w_R, y_dv):
    """The registered game, solved by the general solver at random values: the split, and
    Russia's answer to DV (the best of y_dv, its rejection value and w_R)."""
    p = dict(delta_W=delta_W, delta_R=delta_R, w_W=w_W, w_R=w_R)
    reject = rejection_value(**p)
    values = {"Accept": y_dv, "Reject": reject, "Opt out": w_R}
    assume(len(set(values.values())) == 3)
    sol = solver.solve(games.get(NAME), params=dict(p, y_dv=y_dv))
    assert {e.payoffs for e in sol.equilibria} == {rubinstein_split(**p)}
    assert {e.action("Russia", "DV") for e in sol.equilibria} == {max(values, key=values.get)}


# ------------------------------------------------------------------------ thresholds
def test_thresholds_of_western_patience():
    res = thresholds(games.get(NAME), "delta_W")
    assert len(res.thresholds) == 3
    got = [(t.value, t.player, t.at, t.from_, t.to) for t in res.thresholds]
    assert got == [(F(130, 153), "Russia", "Nash split", "Reject", "Accept"),
                   (F(220, 243), "Russia", "DV", "Reject", "Accept"),
                   (F(10, 11), "Russia", "No concession", "Reject", "Opt out")]
    assert set(got) == switches_in_delta_W(F(9, 10), F(3, 10), F(9, 20), F(23, 50))


def test_thresholds_command_prints_the_round_one_switches(capsys):
    assert main(["thresholds", NAME, "delta_W"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 3
    assert out[2] == ("Russia switches from Reject to Opt out at No concession when delta_W "
                      "rises past 10/11")


def test_thresholds_of_the_dv_offer_and_of_the_war_value():
    res = thresholds(games.get(NAME), "y_dv")
    assert [(t.value, t.at, t.from_, t.to) for t in res.thresholds] == [
        (F(9, 19), "DV", "Reject", "Accept")]               # DV must reach the responder share
    res = thresholds(games.get(NAME), "w_R")
    assert [(t.value, t.at, t.to) for t in res.thresholds] == [
        (F(47, 190), "Nash split", "Accept"), (F(9, 19), "DV", "Opt out"),
        (F(9, 19), "No concession", "Opt out")]             # the option binds past 9/19


def _generic_thresholds_case(delta_R, w_W, w_R, y_dv):
    cap = delta_R * (1 - w_W)                                # the value's flat part
    assume(delta_R > 0 and y_dv != w_R)
    assume(cap not in (y_dv, w_R, nash_split(w_W, w_R)[1]))
    high = rejection_value(F(99, 100), delta_R, w_W, w_R)
    assume(high not in (y_dv, w_R, nash_split(w_W, w_R)[1]))
    res = thresholds(games.get(NAME), "delta_W",
                     params=dict(delta_R=delta_R, w_W=w_W, w_R=w_R, y_dv=y_dv))
    want = switches_in_delta_W(delta_R, w_W, w_R, y_dv)
    assert len(res.thresholds) == len(want)
    assert {(t.value, t.player, t.at, t.from_, t.to) for t in res.thresholds} == want


@settings(max_examples=3, deadline=None)
@given(DELTA, W_W, W_R, st.integers(0, 100).map(lambda k: F(k, 100)))
def test_thresholds_at_random_parameters(delta_R, w_W, w_R, y_dv):
    _generic_thresholds_case(delta_R, w_W, w_R, y_dv)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(DELTA, W_W, W_R, st.integers(0, 100).map(lambda k: F(k, 100)))
def test_thresholds_at_many_random_parameters(delta_R, w_W, w_R, y_dv):
    _generic_thresholds_case(delta_R, w_W, w_R, y_dv)


# ------------------------------------------------------------------------ finite horizon
def test_finite_tree_size_formula():
    """Each round repeats the continuation after every rejected offer: k**T growth."""
    sizes = [leverage_bargaining_tree(r, 3, dv=False).n_nodes for r in (1, 2, 3)]
    # S_T = 1 + k*(3 + S_{T+1}), S_last = 1
    assert sizes == [13, 49, 157]
    with pytest.raises(GameError, match="rounds must be a positive integer"):
        leverage_bargaining_tree(0)
    with pytest.raises(GameError, match="offers must be a positive integer"):
        leverage_bargaining_tree(2, 0)


def test_finite_tree_at_the_defaults():
    """The 3-round, 10-offer tree: Russia 37/80 = 0.4625, 0.011 below 9/19, within the
    stated distance D + G (D = 729/38000 from the horizon, G = 271/4000 from the grid)."""
    game = leverage_bargaining_tree(DEFAULT_ROUNDS, DEFAULT_OFFERS)
    assert game.n_nodes == 4885
    sol = solver.solve(game)
    assert len(sol.equilibria) == 1
    share = sol.equilibria[0].payoffs[1]
    assert share == F(37, 80)
    D, G = finite_horizon_bound(DEFAULT_ROUNDS, DEFAULT_OFFERS, **DEFAULTS)
    assert (D, G) == (F(729, 38000), F(271, 4000))
    cont = finite_horizon_split(DEFAULT_ROUNDS, **DEFAULTS)[1]
    assert cont == F(909, 2000) and F(9, 19) - cont == D                 # the bound is tight
    assert abs(share - F(9, 19)) <= D + G and abs(share - cont) <= G


def test_finite_horizons_bracket_the_stationary_share():
    """With continuous offers odd horizons give Russia less than 9/19, even ones more, and
    the gap shrinks by delta_W*delta_R every two rounds."""
    star = F(9, 19)
    gaps = []
    for r in range(1, 8):
        share = finite_horizon_split(r, **DEFAULTS)[1]
        assert (share <= star) if r % 2 else (share >= star), r
        assert abs(share - star) <= finite_horizon_bound(r, None, **DEFAULTS)[0]
        gaps.append(abs(share - star))
    assert all(gaps[k + 2] <= F(81, 100) * gaps[k] for k in range(len(gaps) - 2))


@pytest.fixture(scope="module")
def small_trees():
    return {(r, k): leverage_bargaining_tree(r, k, dv=False) for r, k in ((2, 3), (3, 3))}


@settings(max_examples=10, deadline=None)
@given(DELTA, DELTA, W_W, W_R)
def test_finite_tree_within_the_stated_distance(small_trees, delta_W, delta_R, w_W, w_R):
    p = dict(delta_W=delta_W, delta_R=delta_R, w_W=w_W, w_R=w_R)
    star = rubinstein_split(**p)[1]
    for (r, k), game in small_trees.items():
        D, G = finite_horizon_bound(r, k, **p)
        cont = finite_horizon_split(r, **p)[1]
        assert abs(cont - star) <= D
        try:
            sol = solver.solve(game, params=p)
        except SolverLimitError:                 # degenerate values: ties everywhere
            assume(False)
        for eq in sol.equilibria:
            assert abs(eq.payoffs[1] - cont) <= G, (r, k)
            assert abs(eq.payoffs[1] - star) <= D + G, (r, k)


# ------------------------------------------------------------------------ explanation, errors
def test_explanation_names_the_decisive_comparison(default_solution):
    text = str(solver.explain(default_solution))
    assert "Reservation offer" in text and "Reject is worth the most (9/19" in text
    assert "23/50" in text
    cited = str(games.explain(NAME, delta_W="0.8"))
    assert "63/100" in cited and "Where the numbers come from" in cited
    assert "gradual consolidation" in cited
    # the value of rejecting, written as the closed form: Russia's discounted proposer share
    assert ("Reject worth delta_R*min(1 - w_W, max(1 - delta_W*(1 - w_R), (1 - delta_W)/(1 -"
            in " ".join(cited.split()))


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'rounds'"):
        games.get(NAME, rounds=5)
    with pytest.raises(GameError, match="w_R.*outside its range"):
        games.get(NAME, w_R="0.7")
    with pytest.raises(GameError, match="delta_W.*outside its range"):
        games.get(NAME, delta_W="1")
    with pytest.raises(GameError, match="outside its range"):
        certify_stationary(delta_R="1.5")
    with pytest.raises(GameError, match="no parameter 'p'"):
        certify_stationary(p="0.6")
    with pytest.raises(GameError, match="proposer"):
        stationary_round("NATO")
    with pytest.raises(GameError, match="only the West makes the DV offer"):
        stationary_round("Russia", dv=True)
    with pytest.raises(GameError, match="delta_W"):
        rubinstein_split(1, 1)
