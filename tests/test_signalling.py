"""Signalling games: structure, pooling/separating/hybrid, and the intuitive criterion.

Known answers: beer-quiche (Cho and Kreps 1987, sec. II: two pooling outcomes, only
the one on Beer survives the intuitive criterion); a job-market game in the manner of
Spence (1973) (Gibbons 1992, sec. 4.2.B): a separating equilibrium, and a pooling one
on no education that the intuitive criterion eliminates, because only the able type
could gain from education.
"""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import games
import solver
from solver.analysis.explain import explain
from solver.analysis.signalling import (
    HYBRID,
    POOLING,
    SEPARATING,
    classify,
    signalling,
    signalling_structure,
)
from solver.errors import InvalidGameError
from solver.forms.extensive.bayesian import screening_game, signaling_game
from solver.forms.extensive.behavior import BehaviorProfile


def job_market():
    """High (prior 1/2) or Low ability; Educate or not; the employer hires as Manager
    (wage 2) or Clerk (wage 1).  Education costs High 1/2 and Low 3/2.  The employer
    gets 1 for matching the job to the type (Manager for High, Clerk for Low)."""
    def pay(t, m, r):
        wage = 2 if r == "Manager" else 1
        cost = (F(1, 2) if t == "High" else F(3, 2)) if m == "Educate" else 0
        return wage - cost, int((r == "Manager") == (t == "High"))
    return signaling_game("Worker", "Employer", {"High": "1/2", "Low": "1/2"},
                          ("Educate", "Skip"), ("Manager", "Clerk"), pay, title="Job market")


def profile(g, send, answer):
    """Sender's probabilities of each message per type; receiver's per message."""
    return BehaviorProfile.from_game(g, [send, answer])


# ---------------------------------------------------------------------- structure
def test_beer_quiche_is_recognised():
    sg = signalling_structure(games.get("beer-quiche"))
    assert sg is not None
    assert (sg.sender_name, sg.receiver_name) == ("Sender", "Receiver")
    assert sg.types == ("Strong", "Weak") and sg.prior == (F(9, 10), F(1, 10))
    assert sg.messages == ("Beer", "Quiche")
    assert sg.responses == (("Duel", "Don't"), ("Duel", "Don't"))
    assert sg.payoffs[(0, 0, 1)] == (3, 1)          # Strong, Beer, no duel
    assert sg.payoffs[(1, 0, 0)] == (0, 1)          # Weak, Beer, duel


@pytest.mark.parametrize("name", ["entry-deterrence", "selten-horse", "kuhn-poker", "centipede"])
def test_other_trees_are_not_signalling_games(name):
    g = games.get(name)
    assert signalling_structure(g) is None
    assert "Signalling" not in [s.title for s in explain(solver.solve(g)).sections]
    with pytest.raises(InvalidGameError, match="not a signalling game"):
        signalling(solver.solve(g))


def test_screening_is_not_signalling():
    """The uninformed player moves first: one information set at the types."""
    g = screening_game("P", "R", {"a": "1/2", "b": "1/2"}, ["x", "y"], ["Yes", "No"],
                       lambda t, o, r: (1, 1))
    assert signalling_structure(g) is None


# ---------------------------------------------------------------------- beer-quiche
def test_beer_quiche_classified_and_criterion_applied():
    sol = solver.solve(games.get("beer-quiche"))
    verdicts = signalling(sol)
    assert len(verdicts) == 4
    assert [v.kind for v in verdicts] == [POOLING] * 4
    assert [v.intuitive for v in verdicts] == [False, False, True, True]
    quiche, beer = verdicts[0], verdicts[2]
    assert quiche.payoffs == (2, 3) and beer.payoffs == (3, 2)
    (t,) = quiche.tests
    assert t.message == 0 and t.dominated == (1,)          # Beer: dominated for Weak
    assert t.best == (3, 2) and t.replies == (1,)           # then Don't is the only reply
    assert t.deviators == (0,)                              # and Strong would drink Beer
    (t,) = beer.tests
    assert t.message == 1 and t.dominated == (0,)           # Quiche: dominated for Strong
    assert t.replies == (0,) and t.worst == {1: (1, 0)} and t.deviators == ()


def test_the_catalogue_summary_is_what_is_computed():
    """The registry says 'two pooling equilibria, one intuitive': computed here, by outcome."""
    summary = games.entry("beer-quiche").summary
    assert "two pooling equilibria, one intuitive" in summary
    sol = solver.solve(games.get("beer-quiche"))
    outcomes = {}
    for eq, v in zip(sol, signalling(sol)):
        outcomes.setdefault(tuple(eq.payoffs), set()).add((v.kind, v.intuitive))
    assert len(outcomes) == 2
    assert all(len(k) == 1 and next(iter(k))[0] == POOLING for k in outcomes.values())
    assert sorted(next(iter(k))[1] for k in outcomes.values()) == [False, True]


def test_beer_quiche_explanation_says_why():
    ex = explain(solver.solve(games.get("beer-quiche")))
    titles = [s.title for s in ex.sections]
    assert titles.index("Signalling") < titles.index("Non-credible threats")
    lines = ex["Signalling"].lines
    assert len(lines) == 3
    assert lines[0].startswith("This is a signalling game")
    quiche, beer = lines[1], lines[2]
    assert quiche.startswith("Equilibria 1 and 2 are pooling: every type sends Quiche")
    assert "Weak gets 3 in this equilibrium and at most 2 from Beer" in quiche
    assert "Beer is equilibrium-dominated for Weak" in quiche
    assert "Strong would deviate to Beer" in quiche and quiche.endswith("They fail the "
                                                                       "intuitive criterion (Cho and Kreps 1987).")
    assert beer.startswith("Equilibria 3 and 4 are pooling: every type sends Beer")
    assert "Quiche is equilibrium-dominated for Strong" in beer
    assert "Duel leaves Weak with 1, no more than the 2 he gets now" in beer
    assert beer.endswith("They pass the intuitive criterion (Cho and Kreps 1987).")


# ---------------------------------------------------------------------- job market
def test_job_market_separating_and_pooling():
    g = job_market()
    sg = signalling_structure(g)
    sep = classify(sg, profile(g, [[1, 0], [0, 1]], [[1, 0], [0, 1]]))
    assert sep.kind == SEPARATING and sep.unused == () and sep.intuitive
    pool = classify(sg, profile(g, [[0, 1], [0, 1]], [[0, 1], [0, 1]]))
    assert pool.kind == POOLING and pool.unused == (0,)
    (t,) = pool.tests
    assert t.dominated == (1,) and t.deviators == (0,) and not pool.intuitive
    hybrid = classify(sg, profile(g, [[F(1, 2), F(1, 2)], [0, 1]], [[1, 0], [0, 1]]))
    assert hybrid.kind == HYBRID


def test_job_market_equilibria_by_the_solver():
    sol = solver.solve(job_market(), method="enumerate")
    verdicts = signalling(sol)
    assert len(verdicts) == len(sol) >= 2
    kinds = {(v.kind, v.intuitive) for v in verdicts}
    assert (SEPARATING, True) in kinds and (POOLING, False) in kinds
    text = str(explain(sol)["Signalling"])
    assert "is separating: High sends Educate; Low sends Skip" in text


def test_relabelling_messages_keeps_the_verdicts():
    g = games.get("beer-quiche")
    swapped = signaling_game("Sender", "Receiver", {"Strong": "9/10", "Weak": "1/10"},
                             ("Quiche", "Beer"), ("Don't", "Duel"),
                             lambda t, m, r: (
                                 (1 if (t, m) in (("Strong", "Beer"), ("Weak", "Quiche")) else 0)
                                 + (0 if r == "Duel" else 2), int((r == "Duel") == (t == "Weak"))))
    def summary(game):
        sol = solver.solve(game)
        return sorted((tuple(e.payoffs), v.kind, v.intuitive) for e, v in zip(sol, signalling(sol)))
    assert summary(g) == summary(swapped)


# ---------------------------------------------------------------------- invariants
def _brute_force_failures(sg, v):
    """The intuitive criterion with two types, by enumerating beliefs at the receiver's
    indifference points and between them (no LP): the unused messages at which some
    type gains against every best reply to beliefs on the types not excluded."""
    out = set()
    R = lambda t, m, r: F(sg.payoffs[(t, m, r)][1])
    S = lambda t, m, r: F(sg.payoffs[(t, m, r)][0])
    for m in v.unused:
        acts = range(len(sg.responses[m]))

        def replies(support):
            if len(support) == 1:
                grid = [F(int(support[0] == 0))]
            else:
                pts = {F(0), F(1)}
                for r1 in acts:
                    for r2 in acts:
                        # mu R(0) + (1 - mu) R(1) equal for r1 and r2
                        a = (R(0, m, r1) - R(0, m, r2)) - (R(1, m, r1) - R(1, m, r2))
                        if a:
                            mu = -(R(1, m, r1) - R(1, m, r2)) / a
                            if 0 <= mu <= 1:
                                pts.add(mu)
                pts = sorted(pts)
                grid = pts + [(x + y) / 2 for x, y in zip(pts, pts[1:])]
            found = set()
            for mu in grid:
                vals = {r: mu * R(0, m, r) + (1 - mu) * R(1, m, r) for r in acts}
                found |= {r for r in acts if vals[r] == max(vals.values())}
            return found

        anyb = replies([0, 1])
        dominated = [t for t in (0, 1) if v.payoffs[t] > max(S(t, m, r) for r in anyb)]
        rest = [t for t in (0, 1) if t not in dominated]
        if not dominated or not rest:
            continue
        rep = replies(rest)
        if any(min(S(t, m, r) for r in rep) > v.payoffs[t] for t in rest):
            out.add(m)
    return out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 3), min_size=16, max_size=16), st.integers(1, 9))
def test_random_signalling_games(values, p):
    pay = dict(zip([(t, m, r) for t in "HL" for m in "ab" for r in "xy"],
                   zip(values[:8], values[8:])))
    g = signaling_game("S", "R", {"H": F(p, 10), "L": 1 - F(p, 10)}, ("a", "b"), ("x", "y"),
                       lambda t, m, r: pay[(t, m, r)])
    sg = signalling_structure(g)
    assert sg is not None
    sol = solver.solve(g, method="enumerate")
    for eq, v in zip(sol, signalling(sol)):
        supports = [{m for m in range(2) if s[m]} for s in v.strategy]
        if v.kind == POOLING:
            assert v.strategy[0] == v.strategy[1]
        elif v.kind == SEPARATING:
            assert not supports[0] & supports[1]
        else:
            assert supports[0] & supports[1] and v.strategy[0] != v.strategy[1]
        assert v.unused == tuple(m for m in range(2) if m not in supports[0] | supports[1])
        failed = {t.message for t in v.tests if t.deviators}
        assert failed == _brute_force_failures(sg, v)
        assert v.intuitive == (not failed)
        # the sender's equilibrium payoffs average to his payoff
        assert sum(q * u for q, u in zip(sg.prior, v.payoffs)) == eq.payoffs[0]
