"""Repeated games: the model, automata, exact critical discount factors (checked against a
numerical brute force), the folk-theorem picture, finite horizons, the command and the
docs page."""
from __future__ import annotations

import json
import re
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import solver
from solver import Automaton, NormalFormGame, RepeatedGame
from solver.analysis.repeated_finite import finite_check
from solver.analysis.repeated_folk import folk_theorem
from solver.analysis.repeated_thresholds import critical_discount
from solver.cli import main
from solver.errors import GameError, InvalidGameError

ROOT = Path(__file__).resolve().parent.parent


def pd_game(T=5, R=3, P=1, S=0):
    return NormalFormGame.from_matrices([[R, S], [T, P]], [[R, T], [S, P]],
                                        strategies=(("C", "D"), ("C", "D")))


PD = pd_game()


# ---------------------------------------------------------------------- the model
def test_repeated_game_defaults_and_validation():
    g = RepeatedGame(PD)
    assert g.infinite and g.symbolic_discount and str(g.discount) == "delta"
    assert RepeatedGame(PD, discount="0.9").discount == F(9, 10)
    fin = RepeatedGame(PD, horizon=4)
    assert fin.horizon == 4 and fin.discount == 1 and not fin.infinite
    assert RepeatedGame(PD, horizon=4) == fin and hash(RepeatedGame(PD, horizon=4)) == hash(fin)
    assert fin != RepeatedGame(PD, horizon=5)
    for bad in ({"horizon": 0}, {"horizon": True}, {"horizon": 2.5}, {"discount": "1"},
                {"discount": "0"}, {"discount": 0.5}, {"horizon": 3, "discount": "1.5"}):
        with pytest.raises(InvalidGameError):
            RepeatedGame(PD, **bad)
    with pytest.raises(InvalidGameError, match="normal-form"):
        RepeatedGame([[1]])
    d = sympy.Symbol("delta")
    with pytest.raises(InvalidGameError, match="already has a parameter"):
        RepeatedGame(NormalFormGame.from_matrices([[d, 0], [0, 1]], [[1, 0], [0, 1]]))


def test_substitute_sets_the_discount_and_the_stage_parameters():
    x = sympy.Symbol("x")
    stage = NormalFormGame.from_matrices([[x, 0], [0, 1]], [[1, 0], [0, 1]], parameters={"x": 2})
    g = RepeatedGame(stage).substitute(delta="1/2", x=3)
    assert g.discount == F(1, 2) and not g.parametric and g.stage.payoff((0, 0))[0] == 3
    assert RepeatedGame(stage).substitute(defaults=True).stage.payoff((0, 0))[0] == 2


# ---------------------------------------------------------------------- automata
def test_builtin_automata():
    grim = Automaton.grim_trigger(PD)
    assert grim.states == ("Cooperate", "Punish") and grim.play["Cooperate"] == ("C", "C")
    assert [grim.next_state("Cooperate", p) for p in (("C", "C"), ("C", "D"), ("D", "D"))] == \
        ["Cooperate", "Punish", "Punish"]
    tft = Automaton.tit_for_tat(PD)
    assert len(tft.states) == 4
    assert tft.next_state("C,C", ("D", "C")) == "C,D"     # Row defected: Column punishes next
    k3 = Automaton.punishment(PD, 3)
    assert k3.states == ("Cooperate", "Punish 1", "Punish 2", "Punish 3")
    assert k3.next_state("Punish 3", ("D", "D")) == "Cooperate"
    assert k3.next_state("Punish 2", ("C", "D")) == "Punish 1"      # starts anew
    assert Automaton.named(PD, "punish:3").states == k3.states
    again = Automaton.from_dict(json.loads(json.dumps(tft.to_dict())))
    assert again.states == tft.states and dict(again.play) == dict(tft.play)
    assert all(again.next_state(s, p) == tft.next_state(s, p)
               for s in tft.states for p in (("C", "C"), ("C", "D"), ("D", "C"), ("D", "D")))


@pytest.mark.parametrize("build, message", [
    (lambda: Automaton(("A",), "B", {"A": ("C", "C")}, {"A": {"*": "A"}}), "initial state"),
    (lambda: Automaton(("A", "B"), "A", {"A": ("C", "C")}, {"A": {"*": "A"}, "B": {"*": "A"}}),
     "no action profile for state 'B'"),
    (lambda: Automaton(("A",), "A", {"A": ("C", "C")}, {"A": {"*": "Z"}}), "unknown state 'Z'"),
    (lambda: Automaton(("A",), "A", {"A": ("C", "C")}, {}), "no transitions from state 'A'"),
    (lambda: Automaton(("A", "A"), "A", {"A": ("C", "C")}, {"A": {"*": "A"}}), "twice"),
    (lambda: Automaton(("A",), "A", {"A": ("C", "C")}, {"A": {("C",): "A", "*": "A"}}),
     "expected 2 action labels"),
    (lambda: Automaton(("A",), "A", {"A": ("C", "X")}, {"A": {"*": "A"}}).bind(PD),
     "'X' is not an action of 'Column'"),
    (lambda: Automaton(("A",), "A", {"A": ("C", "C")}, {"A": {("C", "C"): "A"}}).bind(PD),
     "no rule matches"),
    (lambda: Automaton(("A",), "A", {"A": ("C", "C", "C")}, {"A": {"*": "A"}}).bind(PD),
     "3 actions"),
    (lambda: Automaton.punishment(PD, 0), "k >= 1"),
    (lambda: Automaton.named(PD, "punish:x"), "whole number"),
    (lambda: Automaton.named(PD, "pavlov"), "unknown strategy"),
    (lambda: Automaton.grim_trigger(PD, cooperate="C,Z"), "'Z' is not an action"),
    (lambda: Automaton.tit_for_tat(NormalFormGame.from_tensor(np.zeros((2, 2, 2, 3), int))),
     "two players"),
])
def test_bad_automata_are_game_errors_naming_the_place(build, message):
    with pytest.raises(GameError, match=re.escape(message)):
        build()


# ---------------------------------------------------------------------- known answers
@pytest.mark.parametrize("T, R, P, S", [(5, 3, 1, 0), (4, 3, 2, 1), (10, 6, 1, -3), (3, 2, 0, -1)])
def test_grim_trigger_needs_delta_at_least_T_minus_R_over_T_minus_P(T, R, P, S):
    res = critical_discount(pd_game(T, R, P, S), "grim")
    assert len(res.conditions) == 4                       # 2 states x 2 players x 1 deviation
    assert len(res.discounts.intervals) == 1
    iv = res.discounts.intervals[0]
    assert (iv.low, iv.low_closed, iv.high, iv.high_closed) == (F(T - R, T - P), True, 1, False)
    assert res.critical == F(T - R, T - P)


@pytest.mark.parametrize("T, R, P, S", [(5, 3, 1, 0), (4, 3, 2, 1), (3, 2, 0, -1), (6, 4, 1, 0)])
def test_tit_for_tat_is_subgame_perfect_only_on_the_knife_edge(T, R, P, S):
    """TFT needs delta >= (T-R)/(R-S) on the path, delta <= (T-R)/(R-S) after the other's
    deviation, and delta = (P-S)/(T-P) in the punishment states (derived in
    solver/analysis/repeated.py; Mailath and Samuelson 2006, ch. 2)."""
    res = critical_discount(pd_game(T, R, P, S), "tit-for-tat")
    assert len(res.states) == 4 and len(res.conditions) == 8
    a, b = F(T - R, R - S), F(P - S, T - P)
    if a == b and 0 < a < 1:
        assert str(res.discounts) == "{" + str(a) + "}"
    else:
        assert res.discounts.empty
    on_path = [c for c in res.conditions if c.state == "C,C"]
    assert [(c.holds.lower, c.holds.intervals[0].low_closed) for c in on_path] == [(a, True)] * 2


def test_tit_for_tat_in_mailath_and_samuelson_is_subgame_perfect_at_one_third():
    res = critical_discount(pd_game(3, 2, 0, -1), "tit-for-tat")
    assert str(res.discounts) == "{1/3}" and res.critical == F(1, 3)


def test_symbolic_closed_forms():
    T, R, P, S = sympy.symbols("T R P S")
    g = NormalFormGame.from_matrices([[R, S], [T, P]], [[R, T], [S, P]],
                                     strategies=(("C", "D"), ("C", "D")),
                                     parameters={"T": 5, "R": 3, "P": 1, "S": 0})
    grim = critical_discount(g, "grim", cooperate="C,C", punish="D,D")
    assert len(grim.lower) == 1 and not grim.upper
    assert sympy.simplify(grim.lower[0] - (T - R) / (T - P)) == 0
    assert grim.signs == ("T - P > 0",)
    tft = critical_discount(g, "tit-for-tat", cooperate="C,C", punish="D,D")
    want = {(T - R) / (R - S), (P - S) / (T - P)}
    for side in (tft.lower, tft.upper):
        assert len(side) == 2
        assert all(any(sympy.simplify(b - w) == 0 for w in want) for b in side)
    # the set moves with the parameters: at T=6 the grim threshold is 3/5
    assert critical_discount(g, "grim", values={"T": 6}, cooperate="C,C",
                             punish="D,D").critical == F(3, 5)


def test_k_period_punishment_gives_algebraic_thresholds():
    res = critical_discount(PD, "punish:2")
    # 3 >= 5(1 - d) + d((1 - d^2) + 3 d^2): 2 d^3 - 4 d + 2 <= 0, root (sqrt(5) - 1)/2
    assert sympy.simplify(res.critical - (sympy.sqrt(5) - 1) / 2) == 0
    assert critical_discount(PD, "punish:1").discounts.empty


def test_three_players():
    """A public-goods game: each player pays c = 1 to give b = 2 to each of the other two.
    Grim trigger needs 2b - c >= (1 - delta) 2b, i.e. delta >= c/(2b) = 1/4."""
    pay = np.zeros((2, 2, 2, 3), dtype=int)
    for cell in np.ndindex(2, 2, 2):
        for i in range(3):
            pay[cell + (i,)] = 2 * sum(1 for j in range(3) if j != i and cell[j] == 0) \
                - (1 if cell[i] == 0 else 0)
    g = NormalFormGame.from_tensor(pay, strategies=(("C", "D"),) * 3)
    res = critical_discount(g, "grim")
    assert len(res.conditions) == 6 and res.critical == F(1, 4)
    assert res.path == ((), ("(C, C, C)",))
    bound = Automaton.grim_trigger(g).bind(g)
    assert _brute_force_spe(bound, g, 0.3) and not _brute_force_spe(bound, g, 0.2)


@pytest.mark.parametrize("stage, strategy, inside, outside", [
    (PD, "grim", [0.5, 0.51, 0.9], [0.49, 0.2]),
    (PD, "punish:2", [0.62, 0.9], [0.61, 0.3]),
    (pd_game(3, 2, 0, -1), "tit-for-tat", [1 / 3], [0.32, 0.34, 0.9]),
])
def test_the_brute_force_agrees_on_known_answers(stage, strategy, inside, outside):
    res = critical_discount(stage, strategy)
    bound = Automaton.named(stage, strategy).bind(stage)
    for d in inside:
        assert _brute_force_spe(bound, stage, d)
    for d in outside:
        assert not _brute_force_spe(bound, stage, d)
        assert not res.discounts.contains(sympy.nsimplify(d))


def test_the_verdict_at_a_given_discount_factor():
    assert critical_discount(RepeatedGame(PD, discount="0.6"), "grim").spe_at is True
    res = critical_discount(RepeatedGame(PD, discount="0.4"), "grim")
    assert res.spe_at is False and len(res.failing) == 2
    assert "At delta = 2/5 it is not: 2 of 4 conditions fail." in str(res)


# ---------------------------------------------------------------------- brute force
def _numeric_values(bound, stage, delta):
    """V = (1 - delta)(I - delta P)^-1 u by a dense solve (independent of the cycle formula)."""
    n, k = len(bound.states), stage.n_players
    Pm = np.zeros((n, n))
    u = np.zeros((n, k))
    for s in range(n):
        a = bound.play[s]
        Pm[s, bound.next(s, a)] = 1.0
        u[s] = [float(x) for x in stage.payoff(a)]
    return (1 - delta) * np.linalg.solve(np.eye(n) - delta * Pm, u)


def _reachable(bound):
    start = bound.index[bound.automaton.initial]
    seen, todo = {start}, [start]
    while todo:
        s = todo.pop()
        for p in bound.profiles:
            t = bound.next(s, p)
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return seen


def _brute_force_spe(bound, stage, delta, tol=1e-9):
    V = _numeric_values(bound, stage, delta)
    ok = True
    for s in _reachable(bound):
        a = bound.play[s]
        for i in range(stage.n_players):
            for k in range(stage.shape[i]):
                prof = a[:i] + (k,) + a[i + 1:]
                dev = (1 - delta) * float(stage.payoff(prof)[i]) + delta * V[bound.next(s, prof), i]
                ok &= V[s, i] >= dev - tol
    return ok


def _near_an_end(res, delta, gap=1e-6):
    ends = [float(sympy.N(x)) for c in res.conditions for iv in c.holds.intervals
            for x in (iv.low, iv.high)]
    return any(abs(delta - e) < gap for e in ends)


@st.composite
def stage_and_automaton(draw):
    m, n = draw(st.integers(2, 3)), draw(st.integers(2, 3))
    A = draw(st.lists(st.lists(st.integers(-4, 6), min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(st.integers(-4, 6), min_size=n, max_size=n), min_size=m, max_size=m))
    stage = NormalFormGame.from_matrices(A, B)
    rows, cols = stage.strategies
    kind = draw(st.sampled_from(["grim", "punish", "tft", "random"]))
    prof = st.tuples(st.sampled_from(rows), st.sampled_from(cols))
    c, p = draw(prof), draw(prof)
    if kind == "grim":
        return stage, Automaton.grim_trigger(stage, c, p)
    if kind == "punish":
        return stage, Automaton.punishment(stage, draw(st.integers(1, 3)), c, p)
    if kind == "tft" and c[0] != p[0] and c[1] != p[1]:
        return stage, Automaton.tit_for_tat(stage, c, p)
    k = draw(st.integers(1, 3))
    states = tuple(f"s{j}" for j in range(k))
    play = {s: draw(prof) for s in states}
    rules = {s: {draw(prof): draw(st.sampled_from(states)),
                 (draw(st.sampled_from(rows)), "*"): draw(st.sampled_from(states)),
                 "*": draw(st.sampled_from(states))} for s in states}
    return stage, Automaton(states, states[0], play, rules, name="random")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stage_and_automaton(), st.lists(st.fractions(F(1, 50), F(49, 50)), min_size=3, max_size=5))
def test_exact_sets_agree_with_a_numerical_brute_force(case, deltas):
    stage, automaton = case
    res = critical_discount(stage, automaton)
    bound = automaton.bind(stage)
    reach = _reachable(bound)
    assert len(res.states) == len(reach)
    assert len(res.conditions) == len(reach) * sum(m - 1 for m in stage.shape)
    for d in list(deltas) + [F(k, 20) for k in range(1, 20)]:
        x = float(d)
        if _near_an_end(res, x):
            continue
        assert res.discounts.contains(sympy.Rational(d.numerator, d.denominator)) == \
            _brute_force_spe(bound, stage, x), (str(res.discounts), d)


# ---------------------------------------------------------------------- folk theorem
def test_minmax_and_the_individually_rational_region_of_the_prisoners_dilemma():
    f = folk_theorem(PD)
    assert f.pure_minmax == f.mixed_minmax == (1, 1)
    assert len(f.hull) == 4 and set(f.hull) == {(0, 5), (5, 0), (1, 1), (3, 3)}
    assert f.region == ((1, 1), (F(13, 3), 1), (3, 3), (1, F(13, 3)))


def test_mixed_minmax_can_be_lower_than_pure():
    mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    f = folk_theorem(mp)
    assert f.pure_minmax == (1, 1) and f.mixed_minmax == (0, 0)
    assert f.region == ((0, 0),)
    three = folk_theorem(NormalFormGame.from_tensor(np.arange(24).reshape(2, 2, 2, 3) % 5))
    assert three.mixed_minmax is None and three.hull is None and len(three.pure_minmax) == 3


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_folk_invariants(m, n, data):
    from scipy.optimize import linprog
    cells = st.lists(st.integers(-5, 5), min_size=m * n, max_size=m * n)
    A = np.array(data.draw(cells)).reshape(m, n)
    B = np.array(data.draw(cells)).reshape(m, n)
    f = folk_theorem(NormalFormGame.from_matrices(A, B))
    for i, M in ((0, A), (1, B.T)):
        assert f.mixed_minmax[i] <= f.pure_minmax[i]
        # min_y max_k (M y)_k as an LP: min v, M y <= v, sum y = 1
        k, cols = M.shape
        res = linprog(np.r_[np.zeros(cols), 1], A_ub=np.c_[M, -np.ones(k)], b_ub=np.zeros(k),
                      A_eq=[np.r_[np.ones(cols), 0]], b_eq=[1],
                      bounds=[(0, None)] * cols + [(None, None)])
        assert abs(res.fun - float(f.mixed_minmax[i])) < 1e-7
    for p in f.region:
        assert p[0] >= f.mixed_minmax[0] and p[1] >= f.mixed_minmax[1]


def test_the_folk_picture_is_drawn(tmp_path):
    pytest.importorskip("matplotlib")
    from solver.io.folk_plot import plot_folk
    ax = plot_folk(folk_theorem(PD), tmp_path / "folk.png", point=(3, 3), point_label="grim")
    assert (tmp_path / "folk.png").stat().st_size > 1000
    assert {t.get_text() for t in ax.texts} == {"(C, C)", "(C, D)", "(D, C)", "(D, D)"}


# ---------------------------------------------------------------------- finite horizon
def test_unravelling_with_a_unique_stage_equilibrium():
    fin = solver.finite_repetition(RepeatedGame(PD, horizon=6), "grim")
    assert fin.complete and fin.unique and fin.stage_equilibria == ("(D, D)",)
    assert fin.spe_payoffs == (6, 6)
    assert len(fin.strategy_failures) == 2 and fin.strategy_failures[0].startswith("period 6")
    assert "unravelling" in fin.bottom_line()


def test_several_stage_equilibria_sustain_cooperation_early():
    # the prisoner's dilemma with a third action R: (D, D) and (R, R) are equilibria
    g = NormalFormGame.from_matrices([[4, 0, 0], [5, 1, 0], [0, 0, 3]],
                                     [[4, 5, 0], [0, 1, 0], [0, 0, 3]],
                                     strategies=(("C", "D", "R"), ("C", "D", "R")))
    fin = solver.finite_repetition(RepeatedGame(g, horizon=5), cooperate="C,C")
    assert not fin.unique and len(fin.stage_equilibria) == 3 and fin.plan_spe is True
    assert "periods 1-4" in fin.plan and "(R, R) in the last 1" in fin.plan
    # with a smaller reward the last two periods are needed
    g2 = NormalFormGame.from_matrices([[4, 0, 0], [6, 1, 0], [0, 0, 2]],
                                      [[4, 6, 0], [0, 1, 0], [0, 0, 2]],
                                      strategies=(("C", "D", "R"), ("C", "D", "R")))
    fin2 = solver.finite_repetition(RepeatedGame(g2, horizon=5), cooperate="C,C")
    assert fin2.plan_spe is True and "in the last 2" in fin2.plan
    assert solver.finite_repetition(RepeatedGame(g2, horizon=2), cooperate="C,C").plan_spe is False


def test_the_finite_check_finds_what_pays():
    bound = Automaton.grim_trigger(PD).bind(PD)
    assert finite_check(bound, 1, F(1)) and not finite_check(Automaton(
        ("N",), "N", {"N": ("D", "D")}, {"N": {"*": "N"}}).bind(PD), 5, F(1))


# ---------------------------------------------------------------------- the command
def test_the_command(capsys, tmp_path):
    assert main(["repeated", "prisoners-dilemma"]) == 0
    out = capsys.readouterr().out
    # Gibbons' payoffs: T = 0, R = -1, P = -6, S = -9, so (T - R)/(T - P) = 1/6
    assert out.startswith("Grim trigger is subgame perfect iff delta >= 1/6.")
    assert main(["repeated", "prisoners-dilemma", "--strategy", "tit-for-tat", "--format",
                 "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["equilibrium"]["discounts"] == [] and len(d["equilibrium"]["conditions"]) == 8
    assert main(["repeated", "prisoners-dilemma", "--horizon", "3", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["finite"]["unique"] is True
    path = tmp_path / "a.json"
    path.write_text(json.dumps(Automaton.punishment(games_pd(), 2).to_dict()))
    assert main(["repeated", "prisoners-dilemma", "--strategy", str(path), "--discount",
                 "0.9"]) == 0
    assert "At delta = 9/10 it is a subgame-perfect equilibrium." in capsys.readouterr().out
    if pytest.importorskip("matplotlib"):
        assert main(["repeated", "prisoners-dilemma", "--plot", str(tmp_path / "f.png")]) == 0
        assert (tmp_path / "f.png").exists()
        capsys.readouterr()
    for argv in (["repeated", "prisoners-dilemma", "--strategy", "punish:0"],
                 ["repeated", "prisoners-dilemma", "--discount", "1"],
                 ["repeated", "kuhn-poker"],
                 ["repeated", "prisoners-dilemma", "--strategy", str(tmp_path / "no.json")]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("gamesolver: error:")


def games_pd():
    import games
    return games.get("prisoners-dilemma")


# ---------------------------------------------------------------------- the docs page
def test_the_docs_page_runs_and_shows_what_it_prints(capsys):
    text = (ROOT / "docs" / "repeated.md").read_text()
    fence = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)
    found = list(fence.finditer(text))
    namespace: dict = {}
    checked = 0
    for k, m in enumerate(found):
        if m.group(1) != "python":
            continue
        exec(compile(m.group(2), "docs/repeated.md", "exec"), namespace)
        printed = capsys.readouterr().out
        nxt = found[k + 1] if k + 1 < len(found) else None
        if nxt is not None and nxt.group(1) == "text" and re.fullmatch(
                r"```\n\s*```text\n", text[m.end(2):nxt.start(2)]):
            assert printed.strip().splitlines() == nxt.group(2).strip().splitlines()
            checked += 1
    assert checked >= 7
