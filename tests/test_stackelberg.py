"""Commitment: the exact LP, pure and mixed Stackelberg commitment, and the command."""
from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import games
import solver
from solver import NormalFormGame
from solver.algorithms.exact_lp import solve_lp
from solver.algorithms.stackelberg import mixed_commitment, pure_commitment, stackelberg
from solver.cli import main
from solver.errors import InvalidGameError


# ---------------------------------------------------------------------- the exact LP
def test_exact_lp_statuses_and_certificates():
    r = solve_lp([1, 1], A_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
    assert (r.status, r.x, r.value) == ("optimal", (F(8, 5), F(6, 5)), F(14, 5))
    assert r.dual == (F(2, 5), F(1, 5))           # 4*2/5 + 6*1/5 = 14/5
    inf = solve_lp([1, 1], A_ub=[[1, 1]], b_ub=[-1])
    assert inf.status == "infeasible" and inf.dual == (1,)
    unb = solve_lp([1, 1], A_ub=[[1, -1]], b_ub=[1])
    assert unb.status == "unbounded" and unb.ray is not None
    red = solve_lp([1, 2], A_eq=[[1, 1], [2, 2]], b_eq=[1, 2])       # a redundant row
    assert red.status == "optimal" and red.value == 2


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_exact_lp_agrees_with_highs(m, n, data):
    ints = st.integers(-5, 6)
    A = np.array(data.draw(st.lists(ints, min_size=m * n, max_size=m * n))).reshape(m, n)
    b = np.array(data.draw(st.lists(st.integers(-3, 8), min_size=m, max_size=m)))
    c = np.array(data.draw(st.lists(ints, min_size=n, max_size=n)))
    mine = solve_lp(c.tolist(), A_ub=A.tolist(), b_ub=b.tolist())
    ref = linprog(-c, A_ub=A, b_ub=b, bounds=[(0, None)] * n, method="highs")
    # HiGHS's presolve can call an unbounded LP infeasible (A = [[-1, 1, -1], [1, -1, 1]],
    # b = [1, 0], c = [0, 0, 1] is unbounded along x2 = x3), so where the two are not both
    # optimal, our own certificate is checked exactly instead
    assert (mine.status == "optimal") == (ref.status == 0)
    if mine.status == "optimal":
        assert abs(float(mine.value) + ref.fun) < 1e-7
        assert all(A[i] @ np.array(mine.x, dtype=object) <= b[i] for i in range(m))
    elif mine.status == "unbounded":
        x, d = np.array(mine.x, dtype=object), np.array(mine.ray, dtype=object)
        assert all(v >= 0 for v in mine.x) and all(v >= 0 for v in mine.ray)
        assert all(A[i] @ x <= b[i] and A[i] @ d <= 0 for i in range(m)) and c @ d > 0
    else:                                    # Farkas: y >= 0, y A >= 0, y b < 0
        y = np.array(mine.dual, dtype=object)
        assert all(v >= 0 for v in mine.dual)
        assert all(v >= 0 for v in y @ A) and y @ b < 0


def test_an_unbounded_lp_that_highs_calls_infeasible():
    r = solve_lp([0, 0, 1], A_ub=[[-1, 1, -1], [1, -1, 1]], b_ub=[1, 0])
    assert r.status == "unbounded" and r.ray == (0, 1, 1)


# ---------------------------------------------------------------------- known answers
def test_the_catalogue_commitment_game():
    """Conitzer and Sandholm (2006): Up dominates Down, so the unique Nash equilibrium
    (Up, Left) gives the leader 2; committing to Down gives 3 (the follower answers
    Right); committing to (1/2, 1/2) leaves the follower indifferent, the tie goes the
    leader's way, and the leader gets 7/2."""
    g = games.get("commitment")
    nash = solver.solve(g)
    assert len(nash) == 1 and nash[0].payoffs == (2, 1)
    pure = pure_commitment(g)
    assert (pure.strategy, pure.response, pure.leader_value) == \
        ({"Up": 0, "Down": 1}, "Right", 3)
    assert [(o.response, o.leader_value) for o in pure.options] == [("Left", 2), ("Right", 3)]
    mixed = mixed_commitment(g)
    assert len(mixed.options) == 2 and all(o.feasible for o in mixed.options)
    assert (mixed.strategy, mixed.response, mixed.leader_value, mixed.follower_value) == \
        ({"Up": F(1, 2), "Down": F(1, 2)}, "Right", F(7, 2), F(1, 2))
    assert mixed.ties == ("Left",)
    assert mixed.leader_value > pure.leader_value > nash[0].payoffs[0]
    assert "strong Stackelberg" in str(mixed)


def test_the_column_player_can_lead():
    g = games.get("commitment")
    c = stackelberg(g, leader="Follower")
    assert (c.leader, c.follower, c.strategy, c.response, c.leader_value) == \
        ("Follower", "Leader", {"Left": 1, "Right": 0}, "Up", 1)
    assert [o.feasible for o in c.options] == [True, False]      # Down is never a best answer
    assert stackelberg(g, leader=1, mixed=False).leader_value == 1


def test_errors():
    with pytest.raises(InvalidGameError, match="two-player"):
        stackelberg(NormalFormGame.from_tensor(np.zeros((2, 2, 2, 3), int)))
    with pytest.raises(InvalidGameError, match="free parameters"):
        stackelberg(games.get("hawk-dove"))
    with pytest.raises(InvalidGameError, match="no player named 'Nobody'"):
        stackelberg(games.get("commitment"), leader="Nobody")


def _scipy_commitment(A, B):
    """The multiple-LP method in floats (HiGHS), independently of the exact code."""
    m, n = A.shape
    best = -np.inf
    for j in range(n):
        A_ub = np.array([B[:, k] - B[:, j] for k in range(n) if k != j]).reshape(-1, m)
        res = linprog(-A[:, j], A_ub=A_ub if len(A_ub) else None,
                      b_ub=np.zeros(len(A_ub)) if len(A_ub) else None,
                      A_eq=np.ones((1, m)), b_eq=[1], bounds=[(0, None)] * m, method="highs")
        if res.status == 0:
            best = max(best, -res.fun)
    return best


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_mixed_commitment_against_an_independent_lp_and_the_nash_payoffs(m, n, data):
    ints = st.integers(-4, 6)
    A = np.array(data.draw(st.lists(ints, min_size=m * n, max_size=m * n))).reshape(m, n)
    B = np.array(data.draw(st.lists(ints, min_size=m * n, max_size=m * n))).reshape(m, n)
    g = NormalFormGame.from_matrices(A, B)
    mixed, pure = mixed_commitment(g), pure_commitment(g)
    assert len(mixed.options) == n and len(pure.options) == m
    assert abs(float(mixed.leader_value) - _scipy_commitment(A, B)) < 1e-7
    assert mixed.leader_value >= pure.leader_value
    x = np.array([mixed.strategy[s] for s in g.strategies[0]], dtype=object)
    follower = [x @ B[:, k] for k in range(n)]
    j = g.strategies[1].index(mixed.response)
    assert follower[j] == max(follower)                         # a best response, exactly
    for eq in solver.solve(g, method="enumerate").equilibria:   # von Stengel and Zamir 2010
        assert mixed.leader_value >= eq.payoffs[0]


# ---------------------------------------------------------------------- the command
def test_the_command(capsys):
    assert main(["stackelberg", "commitment", "--mixed"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Leader commits to 1/2 Up, 1/2 Down; Follower answers Right; "
                          "Leader gets 7/2")
    assert "commitment is worth 3/2 more to Leader than its best Nash payoff" in out
    assert main(["stackelberg", "commitment", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["kind"], d["leader_value"], d["nash_leader_payoffs"]) == ("pure", "3", ["2"])
    assert main(["stackelberg", "commitment", "--leader", "2"]) == 0
    assert capsys.readouterr().out.startswith("Follower commits to Left")
    for argv in (["stackelberg", "commitment", "--leader", "3"],
                 ["stackelberg", "sanctions-coalition"],
                 ["stackelberg", "kuhn-poker"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("gamesolver: error:")
