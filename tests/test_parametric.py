"""Thresholds and sweeps of parametric games (solver.analysis.parametric).

Known answers: the diplomatic-victory games (docs/scenarios.md)
(ir_models.md G1: s* = 0.30, kappa* = 0.75, x* = 0.35, closed form "Russia
declines iff p - c_R > x + kappa*s"); hawk-dove (Maynard Smith 1982: the mixed
equilibrium exists iff V < C); a stag hunt with P(Stag) = 3/a; a prisoner's
dilemma with a fine f on defection, whose dominant strategy flips at f = 2.
"""
from __future__ import annotations

import json
import sys
from fractions import Fraction as F

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import games
from solver import NormalFormGame, solve
from solver.algorithms.backward_induction import spe
from solver.analysis.parametric import ThresholdResult, thresholds, thresholds_command
from solver.analysis.sweep import sweep, sweep_command
from solver.errors import GameError
from solver.forms.extensive.builder import TreeBuilder

DEFAULTS = {"p": "0.60", "c_R": "0.15", "c_W": "0.10", "x": "0.30", "s": "0.20",
            "kappa": "0.5", "lam": "0.25", "x_enh": "0.40", "s_enh": "0.30"}


def diplomatic_victory():
    """SCENARIOS.md section 1, built by hand: West offers DV, Enhanced or nothing."""
    p, c_R, c_W, x, s, kappa, lam, x_enh, s_enh = sympy.symbols(
        "p c_R c_W x s kappa lam x_enh s_enh")
    war = (1 - p - c_W, p - c_R)
    b = TreeBuilder(("West", "Russia"), title="diplomatic victory (test)", parameters=DEFAULTS)
    root = b.decision("West", ("DV", "Enhanced", "No offer"))
    for offer, (xx, ss) in (("DV", (x, s)), ("Enhanced", (x_enh, s_enh))):
        node = b.decision("Russia", ("Accept", "Decline"), parent=root[offer], label=offer)
        b.terminal(node, "Accept", payoffs=(1 - xx - lam * ss, xx + kappa * ss))
        b.terminal(node, "Decline", payoffs=war)
    b.terminal(root, "No offer", payoffs=war)
    return b.build()


@pytest.fixture(scope="module")
def dv():
    return diplomatic_victory()


def _russia_at_dv(result):
    return [t for t in result if t.player == "Russia" and t.at == "DV"]


# ------------------------------------------------------- trees, symbolically
def test_relief_threshold_exact_record(dv):
    res = thresholds(dv, "s", low=0, high=1)
    assert isinstance(res, ThresholdResult)
    assert res.approach == "symbolic backward induction"
    assert len(res) == 3
    assert res.to_dict()["thresholds"][0] == {"value": "3/10", "player": "Russia", "at": "DV",
                                              "from": "Decline", "to": "Accept"}
    assert res.to_dict()["parameter"] == "s"
    # the West follows: it offers DV from 3/10 on, and Enhanced again once DV costs it
    # more than Enhanced (1 - 0.3 - s/4 < 21/40 iff s > 7/10)
    assert [(t.value, t.player, t.at, t.from_, t.to) for t in res.thresholds[1:]] == [
        (F(3, 10), "West", "root", "Enhanced", "DV"), (F(7, 10), "West", "root", "DV", "Enhanced")]
    assert type(res[0].value) is F
    assert "Russia switches from Decline to Accept at DV when s rises past 3/10" in str(res)


def test_credibility_and_territory_thresholds(dv):
    kappa = thresholds(dv, "kappa", low=0, high=1)
    assert len(kappa) == 4
    assert [(t.value, t.from_, t.to) for t in _russia_at_dv(kappa)] == [(F(3, 4), "Decline", "Accept")]
    # at the Enhanced node Russia accepts once 0.40 + 0.30 kappa >= 0.45
    enh = [t for t in kappa if t.at == "Enhanced"]
    assert [t.value for t in enh] == [F(1, 6)]
    x = thresholds(dv, "x", low=0, high=1)
    assert [t.value for t in _russia_at_dv(x)] == [F(7, 20)]


@pytest.mark.parametrize("kappa", ["0.4", "0.5", "0.6", "0.8"])
@pytest.mark.parametrize("x", ["0.25", "0.30", "0.35"])
def test_closed_form_oracle_on_a_grid(dv, kappa, x):
    """Russia declines DV iff p - c_R > x + kappa*s, so s* = (p - c_R - x)/kappa."""
    star = (F("0.60") - F("0.15") - F(x)) / F(kappa)
    res = thresholds(dv, "s", low=F(1, 100), high=2, params={"kappa": kappa, "x": x})
    found = _russia_at_dv(res)
    if star <= F(1, 100):
        assert found == []
        return
    assert len(found) == 1 and found[0].value == star
    # independent check by backward induction on both sides of s*
    for s, choice in ((star - F(1, 1000), "Decline"), (star + F(1, 1000), "Accept")):
        g = dv.substitute({"kappa": kappa, "x": x, "s": s}, defaults=True)
        step = next(st_ for st_ in spe(g).trace if g.label(st_.node) == "DV")
        assert step.chosen == (choice,)


def _chooser(payoff_a, payoff_b):
    b = TreeBuilder(("Solo",), parameters={"t": 0})
    root = b.decision("Solo", ("A", "B"))
    b.terminal(root, "A", payoffs=(payoff_a,))
    b.terminal(root, "B", payoffs=(payoff_b,))
    return b.build()


def test_a_choice_can_flip_twice_and_double_roots_are_dropped():
    t = sympy.Symbol("t")
    res = thresholds(_chooser((t - 1) ** 2, F(1, 4)), "t", low=0, high=2)
    assert [(r.value, r.from_, r.to) for r in res] == [(F(1, 2), "A", "B"), (F(3, 2), "B", "A")]
    # (t - 1)^2 >= 0 touches 0 at t = 1 without changing sign: no flip
    assert len(thresholds(_chooser((t - 1) ** 2, 0), "t", low=0, high=2)) == 0


def test_irrational_threshold_is_exact():
    t = sympy.Symbol("t")
    res = thresholds(_chooser(t ** 2, 2), "t", low=0, high=3)
    assert len(res) == 1 and res[0].value == sympy.sqrt(2)
    assert res.to_dict()["thresholds"][0]["value"] == "sqrt(2)"


def test_non_rational_payoffs_fall_back_to_the_grid():
    t = sympy.Symbol("t")
    res = thresholds(_chooser(sympy.Max(t, 1) - 2, 0), "t", low=0, high=5)
    assert res.approach == "grid and exact location"
    assert [(r.value, r.from_, r.to) for r in res] == [(F(2), "B", "A")]


def test_imperfect_information_tree_is_located_exactly_by_bisection():
    f = sympy.Symbol("f")
    b = TreeBuilder(("Row", "Col"), parameters={"f": 0})
    root = b.decision("Row", ("C", "D"))
    pay = {("C", "C"): (3, 3), ("C", "D"): (0, 5 - f), ("D", "C"): (5 - f, 0),
           ("D", "D"): (2 - f, 2 - f)}
    for a in ("C", "D"):
        node = b.decision("Col", ("C", "D"), parent=root[a], infoset="col", infoset_label="Col move")
        for a2 in ("C", "D"):
            b.terminal(node, a2, payoffs=pay[a, a2])
    res = thresholds(b.build(), "f", low=0, high=10)
    assert res.approach == "grid and exact location"
    assert [(r.value, r.player, r.at, r.from_, r.to) for r in res] == [
        (F(2), "Row", "root", "D", "C"), (F(2), "Col", "Col move", "D", "C")]


# ------------------------------------------------------------ normal form
def test_hawk_dove_uses_the_catalogue_range():
    res = thresholds(games.get("hawk-dove"), "V")      # range [0, 100] from the registry
    assert res.notes == ()
    assert len(res) == 2
    assert {r.player for r in res} == {"Animal 1", "Animal 2"}
    for r in res:
        assert (r.value, r.at, r.from_, r.to) == (F(4), "strategy choice", "Hawk / Dove / Hawk+Dove", "Hawk")
    assert "Animal 1 switches from Hawk / Dove / Hawk+Dove to Hawk when V rises past 4" in str(res)
    below_zero = thresholds(games.get("hawk-dove"), "V", low=-4, high=8)
    assert sorted({r.value for r in below_zero}) == [F(0), F(4)]
    assert [r.value for r in thresholds(games.get("hawk-dove"), "C", low=0, high=10)] == [F(2)] * 2


def test_prisoners_dilemma_dominant_strategy_flips():
    f = sympy.Symbol("f")
    pd = NormalFormGame.symmetric([[3, 0], [5 - f, 2 - f]], players=("Row", "Col"),
                                  strategies=("C", "D"), parameters={"f": 0})
    res = thresholds(pd, "f", low=0, high=10)
    assert [(r.value, r.player, r.from_, r.to) for r in res] == [
        (F(2), "Row", "D", "C"), (F(2), "Col", "D", "C")]


def _stag_hunt():
    a = sympy.Symbol("a")
    return NormalFormGame.symmetric([[a, 0], [3, 3]], players=("H1", "H2"),
                                    strategies=("Stag", "Hare"), parameters={"a": 4})


def test_stag_hunt_threshold_and_moving_mixed_probability():
    res = thresholds(_stag_hunt(), "a", low=0, high=10, grid=5)
    assert [(r.value, r.from_, r.to) for r in res][:1] == [(F(3), "Hare", "Stag / Hare / Stag+Hare")]
    assert len(res) == 2
    sw = sweep(_stag_hunt(), "a", [4, 5, 6])
    for value, eqs in sw.rows:
        mixed = [e for e in eqs if not e.is_pure]
        assert len(eqs) == 3 and len(mixed) == 1
        assert mixed[0].strategies[0]["Stag"] == F(3) / value


def test_degenerate_points_and_joint_changes():
    # V = 0 and V = 4 are degenerate (ties); each change is reported once, at its value
    res = thresholds(games.get("hawk-dove"), "V", low=0, high=8, grid=3)
    assert [r.value for r in res] == [F(4), F(4)]
    # the equilibria change although neither player's set of supports does
    t = sympy.Symbol("t")
    g = NormalFormGame.from_matrices([[0, 0], [0, 0]], [[0, 0], [0, t]], parameters={"t": 0},
                                     strategies=(("Up", "Down"), ("Left", "Right")))
    res = thresholds(g, "t", low=-5, high=5)
    assert [(r.value, r.player, r.at) for r in res] == [(F(0), "Row, Column", "equilibria")]
    assert res[0].from_ == "(Down, Left) / (Up, Left) / (Up, Right)"
    assert res[0].to == "(Down, Right) / (Up, Left) / (Up, Right)"


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=8, max_size=8),
       st.lists(st.integers(-2, 2), min_size=8, max_size=8))
def test_every_change_on_a_fine_grid_is_reported(const, slope):
    """Invariant on random 2x2 games with payoffs linear in t."""
    t = sympy.Symbol("t")
    A = [[const[0] + slope[0] * t, const[1] + slope[1] * t], [const[2] + slope[2] * t, const[3]]]
    B = [[const[4] + slope[4] * t, const[5]], [const[6] + slope[6] * t, const[7] + slope[7] * t]]
    g = NormalFormGame.from_matrices(A, B, parameters={"t": 0})
    if not g.parametric:
        return
    res = thresholds(g, "t", low=-5, high=5, grid=9)
    values = sorted({r.value for r in res})

    def sig(v):
        sol = solve(g, params={"t": v})
        return frozenset(e.support for e in sol)

    for v in values:      # each reported value really separates two regimes
        assert sig(v - F(1, 10 ** 6)) != sig(v + F(1, 10 ** 6))
    xs = [F(-5) + (k + F(3819, 10000)) / 4 for k in range(40)]   # avoids the simple ties
    for a, b in zip(xs, xs[1:]):
        if sig(a) != sig(b):
            assert any(a < v < b for v in values)


# ------------------------------------------------------------------ errors
def test_errors_name_the_parameter(dv):
    with pytest.raises(GameError, match="no free parameter 'q'"):
        thresholds(dv, "q", low=0, high=1)
    with pytest.raises(GameError, match="low= and high="):
        thresholds(dv, "s")
    with pytest.raises(GameError, match="empty"):
        thresholds(dv, "s", low=1, high=0)
    with pytest.raises(GameError, match="already has a value"):
        thresholds(dv.substitute({"s": "0.2"}), "s", low=0, high=1)
    with pytest.raises(GameError, match="'zz'"):
        thresholds(dv, "s", low=0, high=1, params={"zz": 1})


# ------------------------------------------------------------------ sweep
def test_sweep_table_and_json(dv):
    res = sweep(dv, "s", (0, "1/2", 6))
    assert len(res.rows) == 6
    assert [v for v, _ in res.rows] == [F(k, 10) for k in range(6)]
    counts = [len(eqs) for _, eqs in res.rows]
    assert counts == [1, 1, 1, 2, 1, 1]          # Russia indifferent at s = 3/10
    assert res.rows[0][1][0].payoffs == (F(21, 40), F(11, 20))
    text = str(res)
    assert text.splitlines()[0].split() == ["s", "#", "West", "Russia", "payoff", "West",
                                            "payoff", "Russia"]
    assert "DV: Decline; Enhanced: Accept" in text
    d = json.loads(json.dumps(res.to_dict()))
    assert d["parameter"] == "s" and d["rows"][3]["value"] == "3/10"
    assert d["rows"][0]["equilibria"][0]["payoffs"] == ["21/40", "11/20"]
    assert sweep(dv, "s", start=0, stop="1/2", num=6).rows == res.rows
    assert [v for v, _ in sweep(dv, "s", [0, 1, 2]).rows] == [0, 1, 2]   # a list is values
    with pytest.raises(GameError, match="num"):
        sweep(dv, "s", (0, 1, 1))


def test_plot_with_agg(dv, tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    res = sweep(games.get("hawk-dove"), "V", (1, 6, 6))
    ax = res.plot()
    assert ax.get_xlabel() == "V" and len(ax.get_lines()) >= 2
    ax2 = res.plot(what="probabilities")
    assert len(ax2.get_lines()) == 2     # the mixed branch: each player's P(Hawk)
    plt.close("all")
    out = tmp_path / "sweep.png"
    text = sweep_command(dv, "s", 0, "0.5", 3, "text", plot_path=str(out))
    assert out.stat().st_size > 0 and text.endswith(f"plot written to {out}")


def test_plot_without_matplotlib_says_how_to_install(dv, monkeypatch):
    res = sweep(dv, "s", [0])
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(GameError, match=r"gamesolver\[plot\]"):
        res.plot()


def test_command_helpers(dv):
    text = thresholds_command(dv, "kappa", "text", low=0, high=1)
    assert "Russia switches from Decline to Accept at DV when kappa rises past 3/4" in text
    d = json.loads(thresholds_command(dv, "kappa", "json", low=0, high=1))
    assert d == thresholds(dv, "kappa", low=0, high=1).to_dict()
    rows = json.loads(sweep_command(dv, "kappa", 0, 1, 5, "json"))["rows"]
    assert [r["value"] for r in rows] == ["0", "1/4", "1/2", "3/4", "1"]
    with pytest.raises(GameError, match="format"):
        thresholds_command(dv, "kappa", "xml", low=0, high=1)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-2, 2)), min_size=12, max_size=12))
def test_tree_thresholds_match_backward_induction_on_a_fine_grid(coef):
    """Invariant on random two-stage trees with payoffs linear in t."""
    t = sympy.Symbol("t")
    b = TreeBuilder(("P1", "P2"), parameters={"t": 0})
    root = b.decision("P1", ("L", "M", "R"))
    k = 0
    for a in ("L", "M", "R"):
        node = b.decision("P2", ("l", "r"), parent=root[a], label=a)
        for a2 in ("l", "r"):
            (c1, s1), (c2, s2) = coef[k], coef[k + 1]
            b.terminal(node, a2, payoffs=(c1 + s1 * t, c2 + s2 * t))
            k += 2
    g = b.build()
    if not g.parametric:
        return
    res = thresholds(g, "t", low=-4, high=4)
    values = sorted({r.value for r in res})

    def choices(v):
        return tuple(step.chosen for step in spe(g.substitute({"t": v})).trace)

    for v in values:
        assert choices(v - F(1, 10 ** 6)) != choices(v + F(1, 10 ** 6))
    xs = [F(-4) + (j + F(3819, 10000)) / 4 for j in range(32)]
    for a, c in zip(xs, xs[1:]):
        if choices(a) != choices(c):
            assert any(a < v < c for v in values)


def test_parametric_chance_probability():
    """Flank deterrence (ir_models.md 5.1, G8a): R probes iff p_D < (1 - s)/(1 + k) = 1/3."""
    p_D = sympy.Symbol("p_D")
    b = TreeBuilder(("Russia", "NATO"), parameters={"p_D": "0.25"})
    root = b.decision("Russia", ("Probe", "Status quo"))
    b.terminal(root, "Status quo", payoffs=(0, 0))
    nature = b.chance({"Hard": p_D, "Soft": 1 - p_D}, parent=root["Probe"])
    for kind, resist in (("Hard", F(-3, 10)), ("Soft", F(-8, 10))):
        node = b.decision("NATO", ("Concede", "Resist"), parent=nature[kind], label=kind)
        b.terminal(node, "Concede", payoffs=(1, F(-1, 2)))
        b.terminal(node, "Resist", payoffs=(-2, resist))
    res = thresholds(b.build(), "p_D", low=0, high=1)
    assert [(r.value, r.player, r.at, r.from_, r.to) for r in res] == [
        (F(1, 3), "Russia", "root", "Probe", "Status quo")]


def test_thresholds_at_the_ends_are_not_reported(dv):
    assert len(thresholds(dv, "s", low=0, high="3/10")) == 0
    assert [t.value for t in thresholds(dv, "s", low="3/10", high="1/2")] == []
    assert len(thresholds(games.get("hawk-dove"), "V", low=0, high=4)) == 0
