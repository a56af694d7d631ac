"""Evolutionarily stable strategies (solver.analysis.ess), decided exactly.

Known answers: hawk-dove with V < C has the mixed ESS playing Hawk with probability V/C
(Maynard Smith 1982, ch. 2); with V >= C Hawk is the ESS.  The prisoner's dilemma's
strict equilibrium is an ESS; a coordination game has both pure ESSs and not the mixed
one; rock-paper-scissors has none (Hofbauer and Sigmund 1998, 6.3).  Every verdict is
also checked independently: a refusal's invader must be an alternative best response
that does at least as well against itself as x does against it (exactly), and an
acceptance must survive every rational alternative best response on a grid.
"""
from __future__ import annotations

import itertools
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver.analysis.ess import ess
from solver.cli import main
from solver.errors import GameError

F = Fraction


def u(A, x, y):
    return sum(F(x[i]) * A[i][j] * F(y[j]) for i in range(len(x)) for j in range(len(y)))


def best_set(A, x):
    values = [sum(F(A[i][j]) * x[j] for j in range(len(x))) for i in range(len(A))]
    return [i for i, v in enumerate(values) if v == max(values)], max(values)


def verify(A, result):
    """Check every verdict of ``result`` independently of the module's algebra."""
    A = [[F(v) for v in row] for row in A]
    m = len(A)
    for c in result.candidates:
        x = c.strategy
        E, best = best_set(A, x)
        assert u(A, x, x) == best == c.payoff                    # a symmetric equilibrium
        if not c.is_ess:
            y = c.invader
            assert sum(y) == 1 and min(y) >= 0 and y != x
            assert all(y[i] == 0 for i in range(m) if i not in E)   # an alternative best response
            assert u(A, y, x) == best
            assert (u(A, x, y), u(A, y, y)) == c.invader_payoffs
            assert u(A, x, y) <= u(A, y, y)
        else:
            for weights in itertools.product(range(5), repeat=len(E)):
                if sum(weights) == 0:
                    continue
                y = [F(0)] * m
                for i, w in zip(E, weights):
                    y[i] = F(w, sum(weights))
                if tuple(y) != x:
                    assert u(A, x, y) > u(A, y, y), (x, y)


# ---------------------------------------------------------------------- known answers
def test_hawk_dove_has_the_mixed_ess_v_over_c():
    result = ess(games.get("hawk-dove"))                      # V = 2, C = 4
    assert len(result.candidates) == 1 and len(result) == 1
    assert result.strategies == ((F(1, 2), F(1, 2)),)
    assert result.headline() == "Evolutionarily stable strategy of Hawk-dove: 1/2 Hawk, 1/2 Dove."


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30))
def test_hawk_dove_parametric(v, c):
    result = ess(games.get("hawk-dove"), params={"V": v, "C": c})
    if v < c:
        assert result.strategies == ((F(v, c), 1 - F(v, c)),)
    else:
        assert result.strategies == ((F(1), F(0)),)            # Hawk
    verify([[F(v - c, 2), v], [0, F(v, 2)]], result)


def test_rock_paper_scissors_has_none_and_says_why():
    result = ess(games.get("rock-paper-scissors"))
    assert len(result.candidates) == 1 and len(result) == 0
    (c,) = result.candidates
    assert c.strategy == (F(1, 3),) * 3 and not c.is_ess
    assert c.invader_payoffs == (0, 0)                          # neutral: u(x, y) = u(y, y)
    text = str(result)
    assert text.startswith("No evolutionarily stable strategy of Rock-paper-scissors.")
    assert "u(x, y) = u(y, y) = 0" in text and "neutral against every invader" in text
    verify([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], result)


def test_prisoners_dilemma_defect_is_an_ess():
    result = ess(games.get("prisoners-dilemma"))
    assert result.strategies == ((0, 1),)
    assert "strict equilibrium" in result.candidates[0].reason


def test_coordination_both_pure_strategies_and_not_the_mixed_one():
    A = [[2, 0], [0, 1]]
    result = ess(solver.NormalFormGame.symmetric(A, strategies=("A", "B"), title="Coordination"))
    assert len(result.candidates) == 3
    assert sorted(result.strategies) == [(0, 1), (1, 0)]
    mixed = [c for c in result.candidates if not c.is_ess]
    assert len(mixed) == 1 and mixed[0].strategy == (F(1, 3), F(2, 3))
    assert "the mutant spreads" in mixed[0].reason
    verify(A, result)


def test_a_weak_equilibrium_can_still_be_stable():
    """Pure A with B an alternative best response: u(A, B) = 1 > u(B, B) = 0."""
    A = [[1, 1], [1, 0]]
    result = ess(solver.NormalFormGame.symmetric(A))
    assert result.strategies == ((1, 0),)
    verify(A, result)


def test_a_mixed_invader_where_every_pure_one_fails():
    """x = (2/5, 1/10, 1/2) resists each pure mutant but not y = (7/18, 0, 11/18): the
    quadratic form is not negative definite on the support."""
    A = [[-3, -1, 3], [2, -1, -1], [-1, 1, 1]]
    result = ess(solver.NormalFormGame.symmetric(A))
    (c,) = [c for c in result.candidates if c.strategy == (F(2, 5), F(1, 10), F(1, 2))]
    Af = [[F(v) for v in row] for row in A]
    x = c.strategy
    for j in range(3):
        e = [F(int(i == j)) for i in range(3)]
        assert u(Af, x, e) > u(Af, e, e)
    assert not c.is_ess and c.invader == (F(7, 18), 0, F(11, 18))
    assert c.invader_payoffs == (F(71, 180), F(32, 81))
    verify(A, result)


def test_best_responses_outside_the_support_need_the_copositivity_test():
    # refused through a mixture of a support strategy and the extra best response
    A = [[0, 3, -2], [0, -3, 2], [2, 0, 0]]
    result = ess(solver.NormalFormGame.symmetric(A))
    (c,) = [c for c in result.candidates if c.strategy == (0, F(2, 5), F(3, 5))]
    assert len(c.best_responses) == 3 and not c.is_ess
    assert c.invader == (F(6, 11), F(5, 11), 0)
    verify(A, result)
    # accepted with an extra best response
    A = [[-3, 1, -1], [0, -1, 0], [0, -1, -2]]
    result = ess(solver.NormalFormGame.symmetric(A))
    (c,) = [c for c in result.candidates if c.strategy == (F(2, 5), F(3, 5), 0)]
    assert len(c.best_responses) == 3 and c.is_ess
    verify(A, result)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4).flatmap(
    lambda m: st.lists(st.lists(st.integers(-3, 3), min_size=m, max_size=m),
                       min_size=m, max_size=m)))
def test_every_verdict_on_random_games_checks_out(A):
    result = ess(solver.NormalFormGame.symmetric(A))
    verify(A, result)
    # the symmetric extreme equilibria, all of them and only them
    sol = solver.solve(solver.NormalFormGame.symmetric(A), "enumerate")
    symmetric = {tuple(e.probabilities[0]) for e in sol if e.probabilities[0] == e.probabilities[1]}
    assert {c.strategy for c in result.candidates} == symmetric


# ---------------------------------------------------------------------- refusals
def test_games_that_are_not_symmetric_are_refused():
    with pytest.raises(GameError, match=r"symmetric game \(A == Bᵀ\).*\(Heads, Heads\)"):
        ess(games.get("matching-pennies"))
    with pytest.raises(GameError, match="same number of strategies"):
        ess(games.get("iesds-example"))
    with pytest.raises(GameError, match="two-player"):
        ess(games.get("sanctions-coalition"))
    with pytest.raises(GameError, match="exactly"):
        ess(solver.NormalFormGame.symmetric([[0.5, 1.0], [0.0, 0.25]]))


# ---------------------------------------------------------------------- output
def test_json_and_command(capsys):
    d = json.loads(json.dumps(ess(games.get("stag-hunt")).to_dict()))
    assert d["ess"] == [["1", "0"], ["0", "1"]] and len(d["candidates"]) == 3
    assert main(["ess", "hawk-dove", "--param", "V=3", "--param", "C=5"], catalogues=[games]) == 0
    assert capsys.readouterr().out.startswith(
        "Evolutionarily stable strategy of Hawk-dove: 3/5 Hawk, 2/5 Dove.")
    assert main(["ess", "matching-pennies"], catalogues=[games]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "symmetric" in err
