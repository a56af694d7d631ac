"""Pure equilibria of the agent form (Gambit's enumpure on trees): known answers, a
brute-force check on random trees, and the limits.  (pygambit's enumpure_agent agrees
on every tree of its catalogue: tests/test_gambit_catalogue.py.)"""
import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import solver
from solver import TreeBuilder
from solver.algorithms.agent_form import agent_payoffs, pure_agent_equilibria
from solver.forms.extensive.behavior import BehaviorProfile, behavior_payoffs


def two_moves():
    """One player moves twice: A then a or b (A-a 0, A-b 2), or B (1).  (B, a) leaves no
    single set a gain, since the second set is not reached, but is no Nash equilibrium."""
    b = TreeBuilder(["P", "Q"])
    root = b.decision("P", ["A", "B"], infoset="first")
    second = b.decision("P", ["a", "b"], parent=root["A"], infoset="second")
    b.terminal(second, "a", payoffs=[0, 0])
    b.terminal(second, "b", payoffs=[2, 0])
    b.terminal(root, "B", payoffs=[1, 0])
    return b.build()


def test_agent_equilibria_include_one_that_is_not_nash():
    sol = solver.solve(two_moves(), "pure-agent")
    assert sol.method == "pure-agent" and sol.complete
    assert len(sol) == 2
    assert [tuple(e.profile.flat()) for e in sol] == [((1, 0), (0, 1)), ((0, 1), (1, 0))]
    assert sol.extra["nash"] == [True, False]
    assert all(e.regret == (0, 0) for e in sol)
    assert "1 of them is not a Nash equilibrium" in sol.notes[1]
    assert sol.searched == "all pure agent-form equilibria; mixed ones were not searched"


def test_absent_minded_agent_applies_his_action_at_each_visit():
    b = TreeBuilder(["Driver"])
    x = b.decision("Driver", ["Continue", "Exit"], infoset="i")
    b.terminal(x, "Exit", payoffs=[0])
    y = b.decision("Driver", ["Continue", "Exit"], parent=x["Continue"], infoset="i")
    b.terminal(y, "Continue", payoffs=[1])
    b.terminal(y, "Exit", payoffs=[4])
    sol = pure_agent_equilibria(b.build())
    assert len(sol) == 1 and sol[0].payoffs == (1,)        # Continue: 1 beats Exit's 0
    assert sol.extra["nash"] is None                        # no perfect recall: not judged


def test_tree_without_decisions_has_one_trivial_equilibrium():
    b = TreeBuilder(["A"])
    c = b.chance([("h", "1/2"), ("t", "1/2")])
    b.terminal(c, "h", payoffs=[1])
    b.terminal(c, "t", payoffs=[3])
    g = b.build()
    for method in ("pure-agent", "auto"):
        sol = solver.solve(g, method)
        assert len(sol) == 1 and sol[0].payoffs == (2,)


def test_float_games_and_limits():
    b = TreeBuilder(["P", "Q"])
    r = b.decision("P", ["x", "y"])
    b.terminal(r, "x", payoffs=[0.1 + 0.2, 0.0])
    b.terminal(r, "y", payoffs=[0.3, 1.0])
    sol = solver.solve(b.build(), "pure-agent")
    assert len(sol) == 2 and not sol.exact                   # 0.1 + 0.2 ties 0.3
    with pytest.raises(solver.SolverLimitError, match="max_profiles=3"):
        solver.solve(two_moves(), "pure-agent", max_profiles=3)
    with pytest.raises(solver.SolverLimitError, match="max_equilibria"):
        solver.solve(two_moves(), "pure-agent", max_equilibria=1)
    with pytest.raises(solver.GameError, match="extensive-form"):
        solver.solve(solver.NormalFormGame.from_matrices([[1]], [[1]]), "pure-agent")


def random_tree(seed: int, players=2, size=6):
    """Random trees with information sets drawn from a small pool (any recall)."""
    rng = np.random.default_rng(seed)
    b = TreeBuilder([f"P{i + 1}" for i in range(players)])
    count = [0]

    def grow(parent):
        if count[0] >= size or (parent is not None and rng.random() < 0.3):
            b.terminal(parent, payoffs=[int(x) for x in rng.integers(-2, 3, players)])
            return
        count[0] += 1
        if rng.random() < 0.2:
            node = b.chance([("c0", "1/4"), ("c1", "3/4")], parent=parent)
        else:
            i = int(rng.integers(players))
            node = b.decision(i, ["a", "b"], parent=parent, infoset=(i, int(rng.integers(2))))
        for k in range(2):
            grow((node, k))

    grow(None)
    return b.build()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6))
def test_agent_equilibria_by_brute_force(seed):
    """The pure profiles where no single set's change gains its owner, found one by one
    with the tree's own payoff function, are exactly the ones listed."""
    g = random_tree(seed)
    sizes = [len(g.infoset(k).actions) for k in range(g.n_infosets)]
    owner = [g.infoset(k).player for k in range(g.n_infosets)]

    def pay(choice):
        return behavior_payoffs(g, BehaviorProfile.pure(g, list(choice)))

    expected = set()
    for choice in itertools.product(*(range(m) for m in sizes)):
        base = pay(choice)
        if all(pay(choice[:k] + (a,) + choice[k + 1:])[owner[k]] <= base[owner[k]]
               for k in range(len(sizes)) for a in range(sizes[k])):
            expected.add(choice)
    sol = pure_agent_equilibria(g)
    got = {tuple(pr.index(1) for pr in e.profile.flat()) for e in sol}
    assert len(got) == len(sol) == len(expected)
    assert got == expected


def test_agent_payoffs_average_chance_exactly():
    b = TreeBuilder(["P"])
    c = b.chance([("h", "1/3"), ("t", "2/3")])
    for side, u in (("h", (3, 0)), ("t", (0, 3))):
        n = b.decision("P", ["x", "y"], parent=c[side], infoset="blind")
        b.terminal(n, "x", payoffs=[u[0]])
        b.terminal(n, "y", payoffs=[u[1]])
    (t,), (scale,) = agent_payoffs(b.build())
    assert [F(int(v), scale) for v in t] == [1, 2]
