"""Trees without perfect recall: mixed equilibria of the strategic form, their behaviour
counterparts, equilibria in behaviour strategies, and the planning optimum.

Known answers: the absent-minded driver (Piccione and Rubinstein 1997: continue with
probability 2/3, payoff 4/3; the best pure strategy gets 1); Wichardt's (2008) game
(one mixed equilibrium, no equilibrium in behaviour strategies); von Stengel's (2022)
figure 10.7 (the mixed strategy (0, 2/5, 3/5, 0) of player II has no realisation-
equivalent behaviour strategy); Shoham and Leyton-Brown's (2008) figure 5.12.
"""
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import solver
from solver import TreeBuilder
from solver.algorithms.behavior_optimum import behavior_equilibria, maximise_on_simplices
from solver.algorithms.imperfect_recall import ImperfectRecallSolution
from solver.algorithms.realization import behavior_counterpart, outcome_distribution
from solver.analysis.planning import planning_optimum
from solver.conversions.reduced_form import reduced_normal_form
from solver.forms.profiles import regret


def driver():
    """Piccione and Rubinstein (1997): exit at the first intersection 0, at the second 4,
    continue past both 1; the driver cannot tell the intersections apart."""
    b = TreeBuilder(["Driver"], title="Absent-minded driver")
    x = b.decision("Driver", ["Continue", "Exit"], infoset="intersection")
    b.terminal(x, "Exit", payoffs=[0])
    y = b.decision("Driver", ["Continue", "Exit"], parent=x["Continue"], infoset="intersection")
    b.terminal(y, "Continue", payoffs=[1])
    b.terminal(y, "Exit", payoffs=[4])
    return b.build()


def wichardt():
    """Wichardt (2008), as in pygambit's catalogue: player 1 chooses R or L, then r or l
    having forgotten the first choice; player 2 chooses B or T knowing nothing."""
    b = TreeBuilder(["Player 1", "Player 2"], title="Wichardt (2008)")
    pay = {("R", "r", "B"): 1, ("R", "r", "T"): -1, ("L", "l", "B"): -1, ("L", "l", "T"): 1}
    root = b.decision("Player 1", ["R", "L"], infoset="first")
    for a in ("R", "L"):
        second = b.decision("Player 1", ["r", "l"], parent=root[a], infoset="second")
        for c in ("r", "l"):
            two = b.decision("Player 2", ["B", "T"], parent=second[c], infoset="guess")
            for d in ("B", "T"):
                u = pay.get((a, c, d), -5)
                b.terminal(two, d, payoffs=[u, -u])
    return b.build()


def von_stengel_10_7():
    """von Stengel (2022), figure 10.7: player II forgets his first move l or r."""
    b = TreeBuilder(["I", "II"], title="Figure 10.7")
    root = b.decision("II", ["l", "r"], infoset="first")
    pay = {("l", "T"): [(1, 5), (3, 4)], ("l", "B"): [(0, 0), (0, 2)],
           ("r", "T"): [(0, 3), (1, 0)], ("r", "B"): [(2, 3), (0, 4)]}
    for a in ("l", "r"):
        one = b.decision("I", ["T", "B"], parent=root[a], infoset="I")
        for t in ("T", "B"):
            two = b.decision("II", ["a", "b"], parent=one[t], infoset="second")
            for c, u in zip(("a", "b"), pay[(a, t)]):
                b.terminal(two, c, payoffs=list(u))
    return b.build()


def shoham_5_12():
    """Shoham and Leyton-Brown (2008), figure 5.12: player 1 is absent-minded."""
    b = TreeBuilder(["1", "2"])
    x = b.decision("1", ["L", "R"], infoset="1")
    y = b.decision("1", ["L", "R"], parent=x["L"], infoset="1")
    b.terminal(y, "L", payoffs=[1, 0])
    b.terminal(y, "R", payoffs=[100, 100])
    z = b.decision("2", ["U", "D"], parent=x["R"])
    b.terminal(z, "U", payoffs=[5, 1])
    b.terminal(z, "D", payoffs=[2, 2])
    return b.build()


# ------------------------------------------------------------------ the absent-minded driver
def test_driver_planning_optimum_is_two_thirds():
    best = planning_optimum(driver())
    assert best.value == F(4, 3)
    assert len(best.strategies) == 1
    assert best.strategies[0].probabilities[0][0] == (F(2, 3), F(1, 3))
    assert best.pure_value == 1 and best.pure_strategies == (("Continue",),)
    assert best.critical == (F(2, 3),) and best.absent_minded and best.complete
    text = best.explain()
    assert "p - 3p^2" in text and "4 - 6p" in text and "4/3" in text
    assert "No pure strategy does as well" in text and "Piccione and Rubinstein" in text


def test_driver_is_solved_in_mixed_strategies_and_compared_with_behaviour():
    sol = solver.solve(driver())
    assert isinstance(sol, ImperfectRecallSolution)
    assert len(sol) == 1 and sol.complete
    assert sol[0].strategies[0] == {"Continue": 1, "Exit": 0} and sol[0].payoffs == (1,)
    report = sol.extra["imperfect_recall"]
    assert report.absent_minded == ("Driver",)
    assert report.counterparts[0].outcome_equivalent
    assert report.behavior_regrets[0] == (F(1, 3),)        # 4/3 - 1
    assert "not an equilibrium in behaviour strategies" in " ".join(sol.notes)
    found = report.behavior
    assert found.complete and len(found.equilibria) == 1
    assert found.equilibria[0].payoffs == (F(4, 3),)
    assert sol.to_dict()["imperfect_recall"]["behavior_equilibria"][0]["payoffs"] == ["4/3"]


def test_maximise_finds_interior_and_boundary_optima():
    p, q = __import__("sympy").symbols("p q", real=True)
    assert maximise_on_simplices(p * q, [(p, q)]).value == F(1, 4)
    best = maximise_on_simplices(p, [(p, q)])
    assert best.value == 1 and best.points == ({p: 1, q: 0},)


def test_planning_optimum_refuses_games():
    with pytest.raises(solver.GameError, match="one-player"):
        planning_optimum(wichardt())


# ------------------------------------------------------------------ Wichardt (2008)
def test_wichardt_has_a_mixed_equilibrium_and_no_behaviour_equilibrium():
    g = wichardt()
    assert not g.perfect_recall()[0]
    sol = solver.solve(g)
    assert len(sol) == 1
    eq = sol[0]
    assert eq.strategies[0] == {"R/r": F(1, 2), "R/l": 0, "L/r": 0, "L/l": F(1, 2)}
    assert eq.strategies[1] == {"B": F(1, 2), "T": F(1, 2)}
    report = sol.extra["imperfect_recall"]
    c = report.counterparts[0]
    assert not c.outcome_equivalent and c.realization_equivalent == (False, True)
    assert "'second'" in c.conflicts[0]
    assert report.behavior.complete and report.behavior.equilibria == ()
    text = " ".join(sol.notes)
    assert "has no equilibrium in behaviour strategies" in text and "Wichardt (2008)" in text
    assert "not behaviour strategies" in text


@settings(max_examples=40, deadline=None)
@given(st.fractions(0, 1, max_denominator=12), st.fractions(0, 1, max_denominator=12),
       st.fractions(0, 1, max_denominator=12))
def test_wichardt_no_behaviour_profile_is_an_equilibrium(a, b, q):
    """An independent check of the verdict: at any behaviour profile (a = P(R), b = P(r),
    q = P(B)) some player gains by a pure deviation (written out by hand)."""
    def u1(a, b, q):
        return a * b * (2 * q - 1) + (1 - a) * (1 - b) * (1 - 2 * q) - 5 * (a + b - 2 * a * b)
    here = u1(a, b, q)
    best1 = max(u1(x, y, q) for x in (0, 1) for y in (0, 1))
    best2 = max(-u1(a, b, x) for x in (0, 1))
    assert best1 > here or best2 > -here


# ------------------------------------------------------------------ von Stengel, figure 10.7
def test_von_stengel_figure_10_7_equilibrium_without_behaviour_counterpart():
    sol = solver.solve(von_stengel_10_7())
    assert len(sol) == 3
    report = sol.extra["imperfect_recall"]
    mixed = [k for k, eq in enumerate(sol) if eq.probabilities[1] == (0, F(2, 5), F(3, 5), 0)]
    assert len(mixed) == 1                      # the one the book names: (0, 2/5, 3/5, 0)
    c = report.counterparts[mixed[0]]
    assert not c.outcome_equivalent and c.realization_equivalent == (True, False)
    others = [report.counterparts[k] for k in range(3) if k != mixed[0]]
    assert all(o.outcome_equivalent and all(o.realization_equivalent) for o in others)
    assert all(all(r == 0 for r in report.behavior_regrets[k]) for k in range(3) if k != mixed[0])
    assert report.behavior.complete and len(report.behavior.equilibria) == 2


def test_shoham_5_12_behaviour_equilibrium_beats_the_mixed_one():
    sol = solver.solve(shoham_5_12(), "enumerate")
    assert len(sol) == 1 and sol[0].payoffs == (2, 2)
    found = sol.extra["imperfect_recall"].behavior
    assert found.complete and len(found.equilibria) == 1
    eq = found.equilibria[0]
    assert eq.profile.probabilities[0][0] == (F(49, 99), F(50, 99))
    assert eq.profile.probabilities[1][0] == (0, 1)
    assert eq.payoffs == (F(2599, 99), F(254900, 9801))


def test_imperfect_recall_other_methods_and_limits():
    g = wichardt()
    pure = solver.solve(g, "pure")
    assert len(pure) == 0 and pure.method == "pure"
    assert "mixed ones were not searched" in pure.searched
    skipped = solver.solve(g, max_supports=2)
    assert skipped.extra["imperfect_recall"].behavior is None
    assert "max_supports=2" in " ".join(skipped.notes)
    with pytest.raises(solver.InvalidGameError, match="perfect recall"):
        solver.solve(g, "sequence-form")


# ------------------------------------------------------------------ invariants
def random_tree(seed: int, players=2, recall=False, size=7):
    """A random tree; information sets keyed at random from a small pool per player
    (so recall may fail, absent-mindedness included) unless ``recall``."""
    rng = np.random.default_rng(seed)
    b = TreeBuilder([f"P{i + 1}" for i in range(players)])
    count = [0]

    def grow(parent, own):
        if count[0] >= size or (parent is not None and rng.random() < 0.3):
            b.terminal(parent, payoffs=[int(x) for x in rng.integers(-3, 4, players)])
            return
        count[0] += 1
        if rng.random() < 0.15:
            node = b.chance([("c0", "1/3"), ("c1", "2/3")], parent=parent)
            for k in range(2):
                grow((node, k), own)
            return
        i = int(rng.integers(players))
        key = (i, own[i] if recall else (), int(rng.integers(2)))
        n = 2 + hash(key) % 2 if recall else 2
        node = b.decision(i, [f"a{k}" for k in range(n)], parent=parent, infoset=key)
        for k in range(n):
            new = list(own)
            new[i] = own[i] + ((key, k),)
            grow((node, k), tuple(new))

    grow(None, ((),) * players)
    return b.build()


def _random_mixed(rng, form):
    out = []
    for m in form.game.shape:
        w = [int(x) for x in rng.integers(0, 3, m)]
        w[int(rng.integers(m))] += 1
        out.append(tuple(F(x, sum(w)) for x in w))
    return out


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6))
def test_kuhns_theorem_holds_with_perfect_recall(seed):
    """With perfect recall every mixed profile has a realisation-equivalent behaviour
    profile with the same distribution over terminal nodes (Kuhn 1953)."""
    g = random_tree(seed, recall=True)
    assert g.perfect_recall()[0]
    form = reduced_normal_form(g)
    c = behavior_counterpart(g, form, _random_mixed(np.random.default_rng(seed), form))
    assert c.outcome_equivalent and all(c.realization_equivalent) and not c.conflicts


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6))
def test_counterpart_verdict_matches_the_outcome_distributions(seed):
    """Without perfect recall the verdict is checked inside against both distributions
    over terminal nodes; here: an equivalent profile reproduces every outcome."""
    g = random_tree(seed)
    form = reduced_normal_form(g)
    probs = _random_mixed(np.random.default_rng(seed), form)
    c = behavior_counterpart(g, form, probs)
    dist = outcome_distribution(g, c.behavior)
    assert abs(sum(dist.values()) - 1) == 0
    if c.outcome_equivalent:
        assert not c.conflicts
    else:
        assert c.conflicts and not all(c.realization_equivalent)


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10**6))
def test_behaviour_equilibria_are_certified_on_random_trees(seed):
    """Every behaviour equilibrium found leaves no player a better behaviour strategy;
    with perfect recall there is one (Kuhn), and the tree's own certificate agrees."""
    g = random_tree(seed, size=4)
    found = behavior_equilibria(g)
    from solver.forms.extensive.behavior import behavior_regret
    for eq in found.equilibria:
        assert eq.regret == (0,) * g.n_players
        if g.perfect_recall()[0]:
            assert all(r == 0 for r in behavior_regret(g, eq.profile))
    if g.perfect_recall()[0] and found.complete:
        assert found.equilibria
    sol = solver.solve(g, "enumerate")
    for eq in sol:
        assert all(r == 0 for r in (regret(sol.game, eq.probabilities) if sol.game.form == "normal"
                                    else behavior_regret(g, eq.profile)))


# ------------------------------------------------------------------ three players
def three_player_tree():
    """The majority game as a tree of simultaneous moves (each player sees nothing)."""
    nf = __import__("games").get("majority-game")
    return simultaneous_tree(nf), nf


def simultaneous_tree(nf):
    """A normal form as a tree: the players move in turn, each seeing nothing."""
    b = TreeBuilder(nf.players)
    level = [None]
    for i, acts in enumerate(nf.strategies):
        nxt = []
        for parent in level:
            node = b.decision(i, acts, parent=parent, infoset=f"move {i}")
            nxt.extend(node[a] for a in acts)
        level = nxt
    cells = np.ndindex(*nf.shape)
    for parent, cell in zip(level, cells):
        b.terminal(parent, payoffs=list(nf.payoff(tuple(nf.strategies[i][c]
                                                        for i, c in enumerate(cell)))))
    return b.build()


def test_three_player_tree_enumerates_like_its_normal_form():
    """A normal-form method on a tree of three players dispatches as on a normal form:
    polynomial support enumeration, so the mixed equilibrium is found (it used to be
    the two-player enumeration, which refuses three players)."""
    tree, nf = three_player_tree()
    on_tree = solver.solve(tree, "enumerate")
    on_form = solver.solve(nf, "enumerate")
    assert len(on_tree) == len(on_form) == 3 and on_tree.complete
    assert sorted(e.payoffs for e in on_tree) == sorted(e.payoffs for e in on_form)
    mixed = [e for e in on_tree if not e.is_pure]
    assert len(mixed) == 1
    assert all(pr == (F(1, 2), F(1, 2)) for P in mixed[0].profile.probabilities for pr in P)


def test_the_documentation_runs():
    """The code of docs/imperfect_recall.md runs as written."""
    pytest.importorskip("pygambit")
    import pathlib
    import re
    text = (pathlib.Path(__file__).parent.parent / "docs" / "imperfect_recall.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) == 2
    for block in blocks:
        exec(compile(block, "docs/imperfect_recall.md", "exec"), {})


def test_three_player_tree_with_an_irrational_equilibrium():
    """Exact (algebraic) on the reduced form; on the tree in double precision, said so;
    and its behaviour counterpart is decided exactly with the algebraic numbers."""
    rng = np.random.default_rng(11)
    nf = solver.NormalFormGame([rng.integers(-5, 6, (2, 2, 2)) for _ in range(3)])
    tree = simultaneous_tree(nf)
    sol = solver.solve(tree, "enumerate")
    assert len(sol) == 3 and sol.complete and not sol.exact
    assert "irrational" in " ".join(sol.notes)
    exact = [e for e in sol.extra["reduced_solution"] if e.is_algebraic]
    assert len(exact) == 1
    c = behavior_counterpart(tree, sol.extra["reduced"], exact[0].probabilities)
    assert c.outcome_equivalent and all(c.realization_equivalent)


def test_float_tree_without_recall_gets_its_mixed_equilibria_and_a_reason():
    b = TreeBuilder(["P", "Q"])
    first = b.decision("P", ["R", "L"], infoset="first")
    for a in ("R", "L"):
        second = b.decision("P", ["r", "l"], parent=first[a], infoset="second")
        for c in ("r", "l"):
            b.terminal(second, c, payoffs=[0.5 if (a == "R") == (c == "r") else 0.0, 0.0])
    sol = solver.solve(b.build())
    assert len(sol) == 2 and not sol.exact
    report = sol.extra["imperfect_recall"]
    assert report.counterparts == () and report.behavior is None
    assert "floats" in report.skipped and any("floats" in n for n in sol.notes)
