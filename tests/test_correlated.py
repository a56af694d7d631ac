"""Tests of correlated and coarse correlated equilibria (solver.correlated_equilibrium,
solver.correlated_extreme_points) and of the exact simplex method behind them."""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import solver
from solver import NormalFormGame
from solver.algorithms import correlated as ce_module
from solver.algorithms.exact_lp import solve_lp
from solver.algorithms.integer_pivoting import solve_square
from solver.errors import GameError, InvalidGameError, SolverLimitError

F = Fraction

#: Aumann's (1974) game of chicken: (C, C) 6 each, (C, D) 2 and 7, (D, C) 7 and 2, (D, D) 0.
CHICKEN = NormalFormGame.from_matrices([[6, 2], [7, 0]], [[6, 7], [2, 0]],
                                       strategies=(("C", "D"), ("C", "D")))


def incentive_values(game, dist, coarse=False):
    """Every incentive constraint at a distribution {cell: p}, by plain loops (written
    here independently of the solver)."""
    out = []
    cells = list(itertools.product(*[range(m) for m in game.shape]))
    for i, m in enumerate(game.shape):
        U = game.payoffs[i]

        def dev(cell, jp):
            c = list(cell)
            c[i] = jp
            return U[tuple(c)]
        for jp in range(m):
            if coarse:
                out.append(sum(dist.get(c, 0) * (U[c] - dev(c, jp)) for c in cells))
                continue
            for j in range(m):
                if j != jp:
                    out.append(sum(dist.get(c, 0) * (U[c] - dev(c, jp))
                                   for c in cells if c[i] == j))
    return out


def as_cells(game, ce):
    index = [{lab: k for k, lab in enumerate(s)} for s in game.strategies]
    return {tuple(index[i][lab] for i, lab in enumerate(labels)): p
            for labels, p in ce.distribution}


def random_game(seed, shape, low=-3, high=4):
    rng = np.random.default_rng(seed)
    return NormalFormGame(list(rng.integers(low, high, size=(len(shape),) + tuple(shape))))


# ---------------------------------------------------------------- known answers
def test_chicken_welfare_maximum():
    # Aumann (1974): in chicken a mediator can do better than every Nash equilibrium.
    # By hand: (D, D) is never drawn at the optimum; the constraints are
    # p(CC) <= 2 p(CD) and p(CC) <= 2 p(DC) (told C, Dare would gain 1 against C and
    # lose 2 against D); by symmetry p(CD) = p(DC) = b, p(CC) = 1 - 2b, and the total
    # 12 p(CC) + 9 (p(CD) + p(DC)) = 12 - 6b is largest at the smallest b with
    # 1 - 2b <= 2b: b = 1/4.  So (C,C) 1/2, (C,D) 1/4, (D,C) 1/4: 21/4 each, 21/2 in all.
    ce = solver.correlated_equilibrium(CHICKEN)
    assert len(ce.distribution) == 3
    assert ce.probabilities == {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)}
    assert ce.value == F(21, 2) and ce.payoffs == (F(21, 4), F(21, 4))
    assert ce.exact and ce.optimal and ce.slack == 0 and not ce.coarse
    text = str(ce)
    assert "mediator draws (C, C) with probability 1/2" in text and "21/4" in text
    assert ce.to_dict()["value"] == "21/2"


def test_chicken_aumanns_one_third_distribution_is_a_ce_but_not_the_best():
    # Aumann's example: 1/3 on each of (C,C), (C,D), (D,C) gives 5 each
    third = {(0, 0): F(1, 3), (0, 1): F(1, 3), (1, 0): F(1, 3)}
    assert min(incentive_values(CHICKEN, third)) >= 0
    assert sum(third[c] * (CHICKEN.payoffs[0][c] + CHICKEN.payoffs[1][c]) for c in third) == 10
    assert solver.correlated_equilibrium(CHICKEN).value > 10


def test_chicken_one_players_best():
    row = solver.correlated_equilibrium(CHICKEN, "Row")
    assert row.probabilities == {("D", "C"): 1} and row.value == 7
    col = solver.correlated_equilibrium(CHICKEN, 1)
    assert col.probabilities == {("C", "D"): 1}
    weighted = solver.correlated_equilibrium(CHICKEN, [2, 1])
    assert weighted.value == 16 and "2 x Row's payoff" in weighted.objective


def test_prisoners_dilemma_only_mutual_defection():
    # strictly dominated strategies get probability 0 in every correlated equilibrium
    pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                      strategies=(("C", "D"), ("C", "D")))
    for coarse in (False, True):
        ce = solver.correlated_equilibrium(pd, coarse=coarse)
        assert ce.probabilities == {("D", "D"): 1}


def test_coarse_can_do_better():
    # a 3x3 game in which committing before the draw (coarse) lets the mediator reach
    # more: the best CCE is not a CE (some incentive constraint of the finer kind fails)
    g = NormalFormGame.from_matrices([[3, 0, 0], [0, 2, 0], [0, 0, 1]],
                                     [[0, 0, 3], [3, 0, 0], [0, 3, 0]])
    ce = solver.correlated_equilibrium(g)
    cce = solver.correlated_equilibrium(g, coarse=True)
    assert cce.value > ce.value
    dist = as_cells(g, cce)
    assert min(incentive_values(g, dist, coarse=True)) >= 0
    assert min(incentive_values(g, dist)) < 0


def test_chicken_extreme_points():
    # the five vertices of chicken's CE polytope (Nau, Gomez Canovas and Hansen 2004,
    # section 4, draw it): the two pure equilibria, the mixed one (2/3, 1/3) as a
    # product, and the two "mediator" vertices
    poly = solver.correlated_extreme_points(CHICKEN)
    assert len(poly) == 5
    got = {tuple(sorted(v.probabilities.items())) for v in poly}
    want = [
        {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)},
        {("C", "C"): F(4, 9), ("C", "D"): F(2, 9), ("D", "C"): F(2, 9), ("D", "D"): F(1, 9)},
        {("C", "D"): F(1)}, {("D", "C"): F(1)},
        {("C", "D"): F(2, 5), ("D", "C"): F(2, 5), ("D", "D"): F(1, 5)},
    ]
    assert got == {tuple(sorted(w.items())) for w in want}
    assert poly[0].payoffs == (F(21, 4), F(21, 4))           # sorted by total payoff
    assert "5 extreme points" in str(poly)


def brute_force_vertices(game, coarse=False):
    """Vertices by trying every basis (independent of the double description)."""
    G, _ = ce_module.incentive_rows(game, coarse=coarse)
    K = len(G[0])
    cons = [[int(i == k) for i in range(K)] for k in range(K)] + [list(r) for r in G]
    out = set()
    for sub in itertools.combinations(range(len(cons)), K - 1):
        z = solve_square([cons[s] for s in sub] + [[1] * K], [0] * (K - 1) + [1])
        if z is not None and all(sum(a * x for a, x in zip(r, z)) >= 0 for r in cons):
            out.add(tuple(z))
    return out


@pytest.mark.parametrize("seed,shape", [(1, (2, 2)), (2, (2, 3)), (3, (2, 2)), (4, (3, 2))])
def test_extreme_points_match_basis_enumeration(seed, shape):
    g = random_game(seed, shape, 0, 5)
    poly = solver.correlated_extreme_points(g)
    cells = list(np.ndindex(*shape))
    ours = {tuple(v.probability(*[g.strategies[i][s] for i, s in enumerate(c)]) for c in cells)
            for v in poly}
    assert len(ours) == len(poly)
    assert ours == brute_force_vertices(g)


# ---------------------------------------------------------------- invariants
GAMES = st.tuples(st.integers(0, 10_000), st.sampled_from([(2, 2), (2, 3), (3, 3), (2, 2, 2)]))


@settings(max_examples=20, deadline=None)
@given(GAMES, st.booleans())
def test_every_ce_satisfies_every_incentive_constraint_exactly(drawn, coarse):
    g = random_game(*drawn)
    ce = solver.correlated_equilibrium(g, coarse=coarse)
    dist = as_cells(g, ce)
    assert ce.exact and all(isinstance(p, Fraction) and p > 0 for p in dist.values())
    assert sum(dist.values()) == 1
    values = incentive_values(g, dist, coarse=coarse)
    assert len(values) == sum(m * (m - 1) if not coarse else m for m in g.shape)
    assert min(values) >= 0 and min(values) == ce.slack
    # optimal: no float LP does better (the exact dual certificate says so too)
    G, _ = ce_module.incentive_rows(g, coarse=coarse, exact=False)
    c = np.array([float(v) for v in ce_module.objective_vector(g, "welfare")[0]])
    lp = linprog(-c, A_ub=-np.array(G), b_ub=np.zeros(len(G)), A_eq=np.ones((1, len(c))),
                 b_eq=[1], bounds=(0, None), method="highs")
    assert float(ce.value) == pytest.approx(-lp.fun, abs=1e-7)


@settings(max_examples=12, deadline=None)
@given(st.tuples(st.integers(0, 10_000), st.sampled_from([(2, 2), (2, 3), (3, 3)])))
def test_nash_products_are_ces_and_the_ce_does_at_least_as_well(drawn):
    g = random_game(*drawn)
    ce = solver.correlated_equilibrium(g)
    cce = solver.correlated_equilibrium(g, coarse=True)
    assert cce.value >= ce.value                        # every CE is a CCE
    best_nash = None
    for eq in solver.solve(g, "enumerate"):
        x, y = eq.probabilities
        dist = {(a, b): x[a] * y[b] for a in range(len(x)) for b in range(len(y))}
        assert min(incentive_values(g, dist)) >= 0
        welfare = sum(eq.payoffs)
        best_nash = welfare if best_nash is None else max(best_nash, welfare)
    assert ce.value >= best_nash
    if g.shape[0] * g.shape[1] <= 9:                    # the optimum is a vertex
        poly = solver.correlated_extreme_points(g)
        assert max(sum(v.payoffs) for v in poly) == ce.value
        for v in poly:
            assert min(incentive_values(g, as_cells(g, v))) >= 0


def test_three_player_ce_and_its_payoffs():
    g = random_game(7, (3, 3, 3), 0, 10)
    ce = solver.correlated_equilibrium(g, "Player 2")
    dist = as_cells(g, ce)
    assert min(incentive_values(g, dist)) >= 0
    assert ce.payoffs[1] == ce.value
    assert ce.payoffs[0] == sum(p * g.payoffs[0][c] for c, p in dist.items())


def test_exact_simplex_fallback_gives_the_same_answer(monkeypatch):
    g = random_game(8, (3, 3))
    direct = solver.correlated_equilibrium(g)
    monkeypatch.setattr(ce_module, "recover_primal", lambda *a, **k: None)
    fallback = solver.correlated_equilibrium(g)
    assert "exact simplex" in fallback.notes[0]
    assert fallback.value == direct.value and fallback.exact
    assert min(incentive_values(g, as_cells(g, fallback))) >= 0


def test_float_game():
    g = NormalFormGame.from_matrices([[6.0, 2.0], [7.0, 0.0]], [[6.0, 7.0], [2.0, 0.0]])
    ce = solver.correlated_equilibrium(g)
    assert not ce.exact and ce.value == pytest.approx(10.5)


# ---------------------------------------------------------------- the exact simplex
@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_the_exact_lp_matches_highs_on_equality_forms(seed):
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(1, 5)), int(rng.integers(2, 7))
    A = rng.integers(-3, 4, size=(m, n))
    b = A @ rng.integers(0, 3, size=n)
    c = rng.integers(-3, 4, size=n)
    res = solve_lp(c.tolist(), A_eq=A.tolist(), b_eq=b.tolist())
    lp = linprog(-c, A_eq=A, b_eq=b, bounds=(0, None), method="highs")
    if lp.status == 3:
        assert res.status == "unbounded"
        return
    assert res.status == "optimal" and lp.status == 0
    x, y = np.array(res.x, dtype=object), np.array(res.dual, dtype=object)
    assert all(v >= 0 for v in res.x) and list(A @ x) == list(b)
    assert all(v >= cv for v, cv in zip(A.T @ y, c))            # dual feasible, exactly
    assert sum(bv * yv for bv, yv in zip(b, res.dual)) == res.value  # equal objectives
    assert float(res.value) == pytest.approx(-lp.fun)


def test_the_exact_lp_says_infeasible():
    assert solve_lp([1, 1], A_eq=[[1, 1], [1, 1]], b_eq=[1, 2]).status == "infeasible"


# ---------------------------------------------------------------- errors and limits
def test_bad_objectives_and_games():
    with pytest.raises(GameError, match="neither 'welfare' nor a player"):
        solver.correlated_equilibrium(CHICKEN, "Nobody")
    with pytest.raises(GameError, match="one weight per player"):
        solver.correlated_equilibrium(CHICKEN, [1, 2, 3])
    tree = solver.load("tests/data/efg/entry_deterrence.efg")
    with pytest.raises(InvalidGameError, match="normal-form"):
        solver.correlated_equilibrium(tree)
    with pytest.raises(InvalidGameError, match="float payoffs"):
        solver.correlated_extreme_points(NormalFormGame.from_matrices([[1.5, 0]], [[0, 1.0]]))
    with pytest.raises(SolverLimitError, match="max_cells=9"):
        solver.correlated_extreme_points(random_game(9, (4, 3)))
    big = solver.correlated_extreme_points(random_game(9, (4, 3), 0, 3), max_cells=12)
    assert len(big) >= 1


# ---------------------------------------------------------------- the command
def test_command_correlated(tmp_path, capsys):
    import json

    from solver.cli import main
    path = tmp_path / "chicken.nfg"
    path.write_text('NFG 1 R "Chicken" { "Row" "Column" } { { "C" "D" } { "C" "D" } } '
                    "6 6 7 2 2 7 0 0\n")
    assert main(["correlated", str(path)], catalogues=[]) == 0
    assert "maximum 21/2" in capsys.readouterr().out
    assert main(["correlated", str(path), "--objective", "Row", "--format", "json"],
                catalogues=[]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["value"] == "7" and data["distribution"] == [{"profile": ["D", "C"],
                                                              "probability": "1"}]
    assert main(["correlated", str(path), "--vertices"], catalogues=[]) == 0
    assert "5 extreme points" in capsys.readouterr().out
    assert main(["correlated", str(path), "--objective", "Bob"], catalogues=[]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gamesolver: error:") and err.count("\n") == 1
    assert main(["correlated", "tests/data/efg/entry_deterrence.efg", "--coarse"],
                catalogues=[]) == 0
    assert "reduced normal form" in capsys.readouterr().out
