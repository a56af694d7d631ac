"""Tests of the logit QRE branch (solver.qre, solver.qre_path), its limit as a Nash
equilibrium (solve(..., "qre")) and the maximum-likelihood fit (solver.fit_qre)."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq, minimize_scalar

import solver
from solver import NormalFormGame
from solver.algorithms import qre_fit as fit_module
from solver.algorithms.qre import StrategicLogitSystem
from solver.algorithms.qre_agent import AgentLogitSystem
from solver.errors import GameError, InvalidGameError, SolverLimitError
from solver.forms.profiles import regret, strategy_values

F = Fraction
DATA = "tests/data/efg/"

PD = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                  strategies=(("C", "D"), ("C", "D")))
BOS = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
PENNIES = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
#: A 2x2x2 game whose logit limit is irrational (found by search; its totally mixed
#: equilibrium has probabilities in Q(sqrt(14197))).
IRRATIONAL = NormalFormGame([
    [[[5, 9], [1, 1]], [[9, 2], [8, 3]]],
    [[[7, 0], [6, 8]], [[3, 6], [2, 1]]],
    [[[0, 4], [5, 0]], [[2, 6], [3, 2]]]])


def logit_response(game, probs, lam):
    """The logit response to a profile, computed independently of the solver."""
    values = strategy_values(game, [[float(p) for p in pr] for pr in probs])
    out = []
    for vals in values:
        v = np.array(vals, dtype=float) * lam
        e = np.exp(v - v.max())
        out.append(e / e.sum())
    return out


def random_game(seed, shape, low=0, high=100):
    rng = np.random.default_rng(seed)
    return NormalFormGame(list(rng.integers(low, high, size=(len(shape),) + tuple(shape))))


# ---------------------------------------------------------------- known answers
def test_centroid_at_lambda_zero():
    q = solver.qre(random_game(1, (3, 2, 4)), 0)
    assert q.lam == 0
    assert q.probabilities == ((1 / 3,) * 3, (0.5, 0.5), (0.25,) * 4)


def test_prisoners_dilemma_closed_form():
    # symmetric 2x2: q = P(C) solves q = 1 / (1 + exp(lam * (u_D - u_C))), u_D - u_C = 1 + q
    # (McKelvey and Palfrey 1995, section 2: the logit QRE of a symmetric game)
    for lam in (0.3, 1.0, 4.0):
        q = brentq(lambda x: 1 / (1 + math.exp(lam * (1 + x))) - x, 0, 1, xtol=1e-15)
        got = solver.qre(PD, lam)
        assert got.probabilities[0][0] == pytest.approx(q, abs=1e-10)
        assert got.probabilities[1][0] == pytest.approx(q, abs=1e-10)
        assert got.residual < 1e-9


def test_matching_pennies_stays_at_the_centre():
    # a symmetric zero-sum game: the branch is the centroid for every lambda (MP 1995)
    for lam in (0.5, 10.0):
        probs = solver.qre(PENNIES, lam).probabilities
        assert np.allclose(np.concatenate(probs), 0.5, atol=1e-12)


def test_logit_fixed_point_on_random_games():
    for seed, shape in ((2, (3, 3)), (3, (2, 3, 2)), (4, (2, 2, 2, 2))):
        g = random_game(seed, shape)
        for lam in (0.05, 0.4):
            q = solver.qre(g, lam)
            assert len(q.probabilities) == g.n_players
            for pr, resp in zip(q.probabilities, logit_response(g, q.probabilities, lam)):
                assert np.allclose(pr, resp, atol=1e-10)


def test_lambda_scales_with_the_payoffs():
    # multiplying every payoff by c divides the lambda of each profile by c; adding a
    # constant changes nothing
    g = random_game(5, (3, 3))
    scaled = NormalFormGame([np.asarray(p, dtype=object) * 10 + 7 for p in g.payoffs])
    a = solver.qre(g, 0.2).probabilities
    b = solver.qre(scaled, 0.02).probabilities
    assert np.allclose(np.concatenate(a), np.concatenate(b), atol=1e-10)


def test_path_runs_from_the_centroid_to_max_lambda():
    path = solver.qre_path(BOS, max_lambda=3)
    assert len(path) > 5
    assert path.lambdas[0] == 0 and path.lambdas[-1] == 3
    assert path[0][1].probabilities == ((0.5, 0.5), (0.5, 0.5))
    assert all(b >= a for a, b in zip(path.lambdas, path.lambdas[1:]))
    for lam, prof in list(path)[::4]:
        for pr, resp in zip(prof.probabilities, logit_response(BOS, prof.probabilities, lam)):
            assert np.allclose(pr, resp, atol=1e-6)
    assert "logit QRE branch" in str(path)


def test_path_without_max_lambda_ends_near_a_nash_equilibrium():
    path = solver.qre_path(PD)
    last = path.last.probabilities
    assert max(regret(PD, last)) <= 1e-8 * 5
    assert last[0][1] > 1 - 1e-6 and last[1][1] > 1 - 1e-6          # (D, D)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([(2, 2), (2, 3), (3, 3), (2, 2, 2)]),
       st.floats(0.01, 2.0))
def test_qre_is_a_logit_fixed_point(seed, shape, lam):
    g = random_game(seed, shape, high=10)
    q = solver.qre(g, lam)
    assert [len(pr) for pr in q.probabilities] == list(shape)
    for pr, resp in zip(q.probabilities, logit_response(g, q.probabilities, lam)):
        assert abs(sum(pr) - 1) < 1e-12
        assert np.allclose(pr, resp, atol=1e-8)


# ---------------------------------------------------------------- trees (agent QRE)
def test_agent_qre_is_a_fixed_point_of_conditional_logit():
    tree = solver.load(DATA + "entry_deterrence.efg")
    q = solver.qre(tree, 1.5)
    system = AgentLogitSystem(tree)
    x = np.log(np.array([p for P in q.probabilities for pr in P for p in pr]))
    v, _ = system.action_values(np.append(x, 0.0))
    for o, m in system.blocks:
        e = np.exp(1.5 * system.scale * v[o:o + m])
        assert np.allclose(np.exp(x[o:o + m]), e / e.sum(), atol=1e-10)


def test_agent_regret_matches_the_exact_certificate():
    from solver.forms.extensive.behavior import BehaviorProfile, behavior_regret
    tree = solver.load(DATA + "kuhn_poker.efg")
    q = solver.qre(tree, 2.0)
    probs = tuple(tuple(tuple(F(p) / sum(F(x) for x in pr) for p in pr) for pr in P)
                  for P in q.probabilities)
    exact = behavior_regret(tree, BehaviorProfile.for_game(tree, probs))
    assert q.regret == pytest.approx([float(r) for r in exact], abs=1e-12)


# ---------------------------------------------------------------- against pygambit
def _gambit_profile(result):
    return np.array([result[k] for k in range(len(result))], dtype=float)


@pytest.mark.parametrize("seed,shape", [(10, (3, 3)), (11, (4, 4, 4)), (12, (2,) * 5)])
def test_profiles_agree_with_pygambit(seed, shape):
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(seed)
    pay = rng.integers(0, 100, size=(len(shape),) + shape)
    g = NormalFormGame(list(pay))
    gg = gbt.Game.from_arrays(*list(pay))
    for lam in (0.05, 0.3, 1.0):
        theirs = gbt.qre.logit_solve_lambda(gg, [lam])[0]
        ours = np.concatenate(solver.qre(g, lam).probabilities)
        assert np.abs(ours - np.array([theirs.profile[s] for s in gg.strategies])).max() < 1e-6


@pytest.mark.parametrize("name", ["kuhn_poker.efg", "entry_deterrence.efg"])
def test_agent_profiles_agree_with_pygambit(name):
    gbt = pytest.importorskip("pygambit")
    tree = solver.load(DATA + name)
    gg = gbt.read_efg(DATA + name)
    for lam in (0.5, 3.0):
        theirs = _gambit_profile(gbt.qre.logit_solve_lambda(gg, [lam])[0])
        ours = np.array([p for P in solver.qre(tree, lam).probabilities for pr in P for p in pr])
        assert np.abs(ours - theirs).max() < 1e-6


@pytest.mark.parametrize("seed,shape", [(20, (4, 4, 4)), (21, (2,) * 5), (22, (3, 3, 3))])
def test_logit_limit_agrees_with_pygambit(seed, shape):
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(seed)
    pay = rng.integers(0, 100, size=(len(shape),) + shape)
    sol = solver.solve(NormalFormGame(list(pay)), "qre")
    gg = gbt.Game.from_arrays(*list(pay))
    theirs = gbt.nash.logit_solve(gg).equilibria[0]
    ours = np.array([float(p) for pr in sol[0].probabilities for p in pr])
    assert np.abs(ours - np.array([theirs[s] for s in gg.strategies], dtype=float)).max() < 1e-6
    assert sol.exact and all(r == 0 for r in sol[0].regret)


# ---------------------------------------------------------------- the Nash limit
def test_solve_qre_known_limits():
    # PD: (D, D), the unique equilibrium
    pd = solver.solve(PD, "qre")
    assert pd.method == "qre" and not pd.complete and len(pd) == 1
    assert pd[0].probabilities == ((0, 1), (0, 1)) and pd.exact
    # battle of the sexes: the logit branch leads to the mixed equilibrium (2/3, 1/3),
    # (1/3, 2/3) (McKelvey and Palfrey 1995, figure 1 of their BoS example's kind; it is
    # also what pygambit's logit_solve returns)
    bos = solver.solve(BOS, "qre")
    assert bos[0].probabilities == ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))
    assert bos.extra["refinement"] == "linear"
    assert solver.solve(PENNIES, "qre")[0].probabilities == ((F(1, 2), F(1, 2)),) * 2


def test_irrational_limit_is_certified_exactly():
    sol = solver.solve(IRRATIONAL, "qre")
    eq = sol[0]
    assert sol.exact and sol.extra["refinement"] == "algebraic"
    r = sympy.sqrt(14197)
    assert sympy.simplify(eq.probabilities[0][0] - (-F(77, 104) + r / 104)) == 0
    assert regret(IRRATIONAL, [[float(p) for p in pr] for pr in eq.probabilities]) == \
        pytest.approx((0, 0, 0), abs=1e-12)
    assert all(x == 0 for x in eq.regret)


def test_kuhn_poker_through_the_reduced_form():
    # value of Kuhn poker to player 1: -1/18 (Kuhn 1950)
    sol = solver.solve(solver.load(DATA + "kuhn_poker.efg"), "qre")
    assert sol.exact and sol[0].payoffs == (F(-1, 18), F(1, 18))


def test_degenerate_game_still_exact():
    # row 1 ties against both columns: a continuum of equilibria; the branch's limit is
    # on it and is recovered with fractions
    g = NormalFormGame.from_matrices([[1, 1], [1, 0]], [[1, 1], [0, 1]])
    sol = solver.solve(g, "qre")
    assert sol.exact and all(r == 0 for r in sol[0].regret)


def test_float_game_gives_a_float_equilibrium():
    g = NormalFormGame.from_matrices([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]])
    sol = solver.solve(g, "qre")
    assert not sol.exact
    assert sol[0].probabilities[0][0] == pytest.approx(2 / 3, abs=1e-9)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([(2, 2), (3, 3), (2, 3), (2, 2, 2)]))
def test_solve_qre_returns_a_certified_equilibrium(seed, shape):
    g = random_game(seed, shape, high=10)
    sol = solver.solve(g, "qre")
    assert len(sol) == 1
    eq = sol[0]
    assert [len(pr) for pr in eq.probabilities] == list(shape)
    probs = [[float(p) if not isinstance(p, Fraction) else p for p in pr]
             for pr in eq.probabilities]
    if sol.exact and all(isinstance(p, Fraction) for pr in probs for p in pr):
        assert regret(g, probs) == (0,) * g.n_players      # recomputed exactly here
    else:
        assert max(regret(g, probs)) <= 1e-8 * 10


# ---------------------------------------------------------------- fitting lambda
def test_fit_prisoners_dilemma_closed_form():
    # with counts C:D = 30:70 and 40:60 the symmetric QRE fits q = 70/200 = 0.35 exactly
    # (the likelihood depends on q alone), so lambda = log(0.65 / 0.35) / (1 + 0.35)
    fit = solver.fit_qre(PD, [[30, 70], [40, 60]])
    assert fit.lam == pytest.approx(math.log(0.65 / 0.35) / 1.35, abs=1e-9)
    assert fit.profile.probabilities[0][0] == pytest.approx(0.35, abs=1e-9)
    assert fit.log_likelihood == pytest.approx(70 * math.log(0.35) + 130 * math.log(0.65))
    assert math.isfinite(fit.standard_error) and fit.standard_error > 0
    assert "lambda" in str(fit)


def test_fit_agrees_with_pygambit():
    gbt = pytest.importorskip("pygambit")
    for seed, shape in ((30, (2, 2)), (31, (3, 3)), (32, (2, 2, 2))):
        rng = np.random.default_rng(seed)
        pay = rng.integers(0, 10, size=(len(shape),) + shape)
        g = NormalFormGame(list(pay))
        q = solver.qre(g, 0.4)
        counts = [list(rng.multinomial(200, np.array(pr) / sum(pr))) for pr in q.probabilities]
        fit = solver.fit_qre(g, counts)
        gg = gbt.Game.from_arrays(*list(pay))
        data = gg.mixed_strategy_profile([[float(c) for c in row] for row in counts],
                                         rational=False)
        theirs = gbt.qre.logit_estimate(data)
        assert fit.lam == pytest.approx(theirs.lam, abs=1e-6)
        assert fit.log_likelihood == pytest.approx(theirs.log_like, abs=1e-6)


def test_fit_is_the_maximum_and_its_standard_error_the_curvature():
    g = random_game(40, (3, 3), high=10)
    counts = [[20, 50, 30], [10, 10, 80]]
    fit = solver.fit_qre(g, counts)
    c = np.concatenate(counts)

    def ll(lam):
        return float(c @ np.log(np.concatenate(solver.qre(g, lam).probabilities)))

    best = minimize_scalar(lambda lam: -ll(lam), bounds=(0.001, 5), method="bounded",
                           options={"xatol": 1e-9})
    assert fit.lam == pytest.approx(best.x, abs=1e-5)
    h = 1e-3
    info = -(ll(fit.lam + h) - 2 * ll(fit.lam) + ll(fit.lam - h)) / h ** 2
    assert fit.standard_error == pytest.approx(1 / math.sqrt(info), rel=1e-3)


def test_fit_on_a_tree_maximises_the_likelihood():
    tree = solver.load(DATA + "entry_deterrence.efg")
    counts = [[[25, 75]], [[20, 80]]]          # Out/In, Fight/Accommodate
    fit = solver.fit_qre(tree, counts)
    assert 0 < fit.lam < 10 and math.isfinite(fit.standard_error)
    c = np.array([25, 75, 20, 80], dtype=float)

    def nll(lam):
        return -float(c @ np.log([p for P in solver.qre(tree, lam).probabilities
                                  for pr in P for p in pr]))

    best = minimize_scalar(nll, bounds=(0.001, 10), method="bounded", options={"xatol": 1e-9})
    assert fit.lam == pytest.approx(best.x, abs=1e-5)
    assert fit.log_likelihood == pytest.approx(-best.fun, abs=1e-8)


def test_fit_at_lambda_zero_and_with_labels():
    # counts against the payoffs: the best lambda is 0 (no standard error at the boundary)
    fit = solver.fit_qre(PD, [{"C": 90, "D": 10}, {"C": 80, "D": 20}])
    assert fit.lam == 0 and fit.standard_error == math.inf and not fit.at_end


def test_fit_and_qre_refuse_bad_input():
    with pytest.raises(GameError, match="one list per player"):
        solver.fit_qre(PD, [[1, 2]])
    with pytest.raises(GameError, match="finite number >= 0"):
        solver.fit_qre(PD, [[1, -2], [1, 1]])
    with pytest.raises(GameError, match="all zero"):
        solver.fit_qre(PD, [[0, 0], [0, 0]])
    with pytest.raises(GameError, match="no strategy or action 'X'"):
        solver.fit_qre(PD, [{"X": 1}, [1, 1]])
    with pytest.raises(GameError, match="2 numbers for 3 choices|3 numbers for 2"):
        solver.fit_qre(PD, [[1, 2, 3], [1, 1]])
    with pytest.raises(GameError, match=">= 0"):
        solver.qre(PD, -1)
    with pytest.raises(GameError, match="must be a number"):
        solver.qre(PD, "abc")
    with pytest.raises(InvalidGameError):
        StrategicLogitSystem(solver.load(DATA + "entry_deterrence.efg"))
    kuhn = solver.load(DATA + "kuhn_poker.efg")
    with pytest.raises(SolverLimitError, match="max_derivatives=228"):
        solver.qre(kuhn, 1, max_derivatives=200)
    assert solver.qre(kuhn, 1, max_derivatives=228).lam == 1
    assert fit_module.SETTLED > 0


# ---------------------------------------------------------------- the command
def test_command_qre_and_solve(tmp_path, capsys):
    import json

    from solver.cli import main
    path = tmp_path / "pd.nfg"
    path.write_text('NFG 1 R "PD" { "Row" "Column" } { { "C" "D" } { "C" "D" } } '
                    "3 3 5 0 0 5 1 1\n")
    assert main(["qre", str(path), "--lambda", "1", "--format", "json"], catalogues=[]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lambda"] == 1 and data["strategies"][0][0] == pytest.approx(0.2267506448)
    assert main(["qre", str(path), "--fit", "C:30,D:70; 40,60"], catalogues=[]) == 0
    assert "lambda = 0.458548" in capsys.readouterr().out
    assert main(["qre", "tests/data/efg/entry_deterrence.efg", "--fit", "25,75; 20,80"],
                catalogues=[]) == 0
    assert "Accommodate" in capsys.readouterr().out
    assert main(["solve", str(path), "--method", "qre"], catalogues=[]) == 0
    assert "Row: D; Column: D" in capsys.readouterr().out
    for bad in (["--lambda", "-1"], ["--fit", "1,2"], ["--fit", "C:1,2; 1,1"]):
        assert main(["qre", str(path), *bad], catalogues=[]) == 2
        err = capsys.readouterr().err
        assert err.startswith("gamesolver: error:") and err.count("\n") == 1


def test_the_docs_examples_run():
    # the Python blocks of docs/qre.md run as written, and their comments' numbers hold
    import re
    from pathlib import Path
    text = (Path(__file__).resolve().parent.parent / "docs" / "qre.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 4
    scope: dict = {}
    for block in blocks:
        exec(compile(block, "docs/qre.md", "exec"), scope)   # noqa: S102
    assert round(scope["q"].probabilities[0][0], 6) == 0.226751
    assert scope["sol"][0].probabilities == ((0, 1), (0, 1))
    assert round(scope["fit"].lam, 6) == 0.458548
    assert scope["ce"].value == F(21, 2)
    chicken = scope["chicken"]
    nash = [sum(e.payoffs) for e in solver.solve(chicken, "enumerate")]
    assert sorted(nash) == [9, 9, F(28, 3)]
