"""Tests of the vectorised logit QRE machinery: the closed-form Jacobians (normal
forms, and trees dense and sparse) against finite differences, the path following's
one Jacobian per step and its sparse factorisation, agreement with pygambit on the
new cases (8x8, a random 31-node tree, Kuhn poker through the sparse path), and
Leduc poker within the default limit."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import solver
from solver import NormalFormGame, TreeBuilder
from solver.algorithms import continuation, qre_agent, qre_strategic
from solver.algorithms.qre import StrategicLogitSystem
from solver.algorithms.qre_agent import DEFAULT_MAX_DERIVATIVES, AgentLogitSystem
from solver.errors import SolverLimitError

DATA = "tests/data/efg/"


def random_game(seed, shape):
    rng = np.random.default_rng(seed)
    return NormalFormGame(list(rng.integers(0, 100, size=(len(shape),) + tuple(shape))))


def random_tree(seed):
    """31 nodes: chance deals a type (1/3, 2/3), player 1 moves knowing it, player 2
    answers knowing only the move, and after R player 1 moves again."""
    rng = np.random.default_rng(seed)
    b = TreeBuilder(players=("1", "2"))
    root = b.chance({"t1": "1/3", "t2": "2/3"})
    for t in ("t1", "t2"):
        first = b.decision("1", ("A", "B"), parent=root[t], infoset=f"1{t}")
        for a in ("A", "B"):
            answer = b.decision("2", ("L", "M", "R"), parent=first[a], infoset=f"2{a}")
            for c in ("L", "M"):
                b.terminal(answer, c, payoffs=tuple(int(v) for v in rng.integers(0, 100, 2)))
            again = b.decision("1", ("X", "Y", "Z"), parent=answer["R"], infoset=f"1{t}{a}")
            for c in ("X", "Y", "Z"):
                b.terminal(again, c, payoffs=tuple(int(v) for v in rng.integers(0, 100, 2)))
    return b.build()


def interior_point(system, seed, mu):
    """Log-probabilities of random interior profiles, perturbed off the simplex."""
    rng = np.random.default_rng(seed)
    y = np.concatenate([np.log(rng.dirichlet(np.ones(m))) + rng.normal(0, 0.05, m)
                        for _, m in system.blocks])
    return np.append(y, mu)


def numeric_jacobian(system, x, columns=None, eps=1e-6):
    columns = range(len(x)) if columns is None else columns
    out = {}
    for j in columns:
        e = np.zeros(len(x))
        e[j] = eps
        out[j] = (system.residual(x + e) - system.residual(x - e)) / (2 * eps)
    return out


def dense(J):
    return J if isinstance(J, np.ndarray) else J.toarray()


def assert_jacobian(system, x, columns=None):
    H, J = system.evaluate(x)
    J = dense(J)
    assert J.shape == (system.size, system.size + 1)
    assert np.allclose(H, system.residual(x), rtol=0, atol=1e-13)
    for j, col in numeric_jacobian(system, x, columns).items():
        assert np.allclose(J[:, j], col, rtol=1e-6, atol=1e-7), j


# ---------------------------------------------------------------- normal forms
@pytest.mark.parametrize("shape", [(3, 3), (8, 8), (2, 3, 2), (4, 4, 4), (2,) * 5])
def test_strategic_jacobian_is_exact(shape):
    system = StrategicLogitSystem(random_game(sum(shape), shape))
    assert_jacobian(system, interior_point(system, 1, 0.0))
    assert_jacobian(system, interior_point(system, 2, 7.5))


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([(2, 2), (3, 2), (2, 2, 3), (3, 3, 3)]))
def test_strategy_values_agree_with_the_tensor_contraction(seed, shape):
    # the last column of the Jacobian is -(u_ij - u_i0), the values computed from the
    # profile weights; values() contracts the payoff tensor with einsum instead
    system = StrategicLogitSystem(random_game(seed, shape))
    x = interior_point(system, seed, 1.0)
    _, J = system.evaluate(x)
    vals = system.values(system.sigmas(x))
    for (o, m), v in zip(system.blocks, vals):
        assert np.allclose(-J[o + 1:o + m, -1], v[1:] - v[0], atol=1e-13)


def test_chunked_incidence_gives_the_same_equations(monkeypatch):
    g = random_game(3, (3, 4, 2))
    whole = StrategicLogitSystem(g)
    monkeypatch.setattr(qre_strategic, "CHUNK_ENTRIES", 40)    # 4 profiles a chunk
    chunked = StrategicLogitSystem(g)
    assert whole.incidence is not None and chunked.incidence is None
    x = interior_point(whole, 4, 3.0)
    for a, b in zip(whole.evaluate(x), chunked.evaluate(x)):
        assert np.allclose(a, b, rtol=1e-13, atol=1e-15)


def test_one_jacobian_per_step():
    # the tangent of the next prediction comes from the factorisation of the corrector
    # (as in Gambit), not from a second Jacobian at the corrected point
    system = StrategicLogitSystem(random_game(0, (4, 4, 4)))
    calls = {"evaluate": 0, "jacobian": 0}
    evaluate, jacobian = system.evaluate, system.jacobian

    def counted(name, f):
        def g(x):
            calls[name] += 1
            return f(x)
        return g

    system.evaluate = counted("evaluate", evaluate)
    system.jacobian = counted("jacobian", jacobian)
    steps = 0
    for steps, point in enumerate(continuation.branch(system, system.start())):
        if max(system.regrets(point.x)) <= 1e-8 * system.scale:
            break
    assert steps > 50
    assert calls["jacobian"] == 1                           # the first tangent
    assert steps <= calls["evaluate"] <= 1.2 * steps        # refused steps are rare


def test_path_end_agrees_with_pygambit_logit_solve():
    gbt = pytest.importorskip("pygambit")
    for seed, shape in ((5, (8, 8)), (6, (4, 4, 4))):
        rng = np.random.default_rng(seed)
        pay = rng.integers(0, 100, size=(len(shape),) + shape)
        path = solver.qre_path(NormalFormGame(list(pay)))
        gg = gbt.Game.from_arrays(*list(pay))
        theirs = gbt.nash.logit_solve(gg).equilibria[0]
        ours = np.concatenate(path.last.probabilities)
        assert np.abs(ours - np.array([theirs[s] for s in gg.strategies], dtype=float)).max() < 1e-6


# ---------------------------------------------------------------- trees
TREES = {"kuhn": lambda: solver.load(DATA + "kuhn_poker.efg"),
         "entry": lambda: solver.load(DATA + "entry_deterrence.efg"),
         "random": lambda: random_tree(7)}


@pytest.mark.parametrize("name", sorted(TREES))
def test_agent_jacobian_is_exact_dense_and_sparse(name, monkeypatch):
    tree = TREES[name]()
    dense_system = AgentLogitSystem(tree)
    monkeypatch.setattr(qre_agent, "DENSE_UNKNOWNS", 0)
    sparse_system = AgentLogitSystem(tree)
    assert dense_system.dense and not sparse_system.dense
    for seed, mu in ((1, 0.0), (2, 3.0), (3, 40.0)):
        x = interior_point(dense_system, seed, mu)
        assert_jacobian(dense_system, x)
        H, J = sparse_system.evaluate(x)
        Hd, Jd = dense_system.evaluate(x)
        assert np.allclose(H, Hd, atol=1e-14) and np.allclose(J.toarray(), Jd, atol=1e-12)


@pytest.mark.parametrize("name", sorted(TREES))
def test_action_values_bottom_up_and_by_paths_agree(name):
    system = AgentLogitSystem(TREES[name]())
    x = interior_point(system, 5, 1.0)
    bottom_up, _ = system.action_values(x)
    by_paths, derivatives = system.action_values(x, derivatives=True)
    assert derivatives.shape == (system.size, system.size)
    assert np.allclose(bottom_up, by_paths, rtol=1e-12, atol=1e-14)


def test_tree_with_a_zero_probability_chance_branch():
    b = TreeBuilder(players=("1", "2"))
    root = b.chance({"never": 0, "always": 1})
    for t in ("never", "always"):
        d = b.decision("1", ("U", "D"), parent=root[t], infoset="1")
        b.terminal(d, "U", payoffs=(1, 0))
        later = b.decision("2", ("L", "R"), parent=d["D"], infoset=f"2{t}")
        b.terminal(later, "L", payoffs=(0, 2))
        b.terminal(later, "R", payoffs=(3, 1))
    q = solver.qre(b.build(), 2.0)
    assert np.isfinite(q.residual) and q.residual < 1e-9
    # the unreached set still has its logit: uniform values' absence is no NaN
    assert all(np.isfinite(p) for P in q.probabilities for pr in P for p in pr)


def test_random_tree_and_sparse_kuhn_agree_with_pygambit(monkeypatch):
    gbt = pytest.importorskip("pygambit")
    for tree, sparse in ((random_tree(11), False), (solver.load(DATA + "kuhn_poker.efg"), True)):
        if sparse:
            monkeypatch.setattr(qre_agent, "DENSE_UNKNOWNS", 0)
        gg = tree.to_pygambit()
        for lam in (0.05, 0.5):
            theirs = gbt.qre.logit_solve_lambda(gg, [lam])[0]
            theirs = np.array([theirs[k] for k in range(len(theirs))], dtype=float)
            ours = np.array([p for P in solver.qre(tree, lam).probabilities for pr in P
                             for p in pr])
            assert np.abs(ours - theirs).max() < 1e-6


def test_sparse_and_dense_factorisations_agree():
    import scipy.sparse as sp
    rng = np.random.default_rng(0)
    J = rng.normal(size=(6, 7))
    H = rng.normal(size=6)
    correct_d, t_d = continuation.factor(J)
    correct_s, t_s = continuation.factor(sp.csr_matrix(J), t_d)
    assert np.allclose(t_d, t_s, atol=1e-12) and abs(np.linalg.norm(t_s) - 1) < 1e-12
    assert np.allclose(J @ t_d, 0, atol=1e-12)
    for delta in (correct_d(H), correct_s(H)):
        assert np.allclose(J @ delta, H, atol=1e-12)       # a Newton correction
    assert abs(correct_s(H) @ t_d) < 1e-12                  # the bordered one keeps t fixed
    assert continuation.factor(np.zeros((6, 7))) is None


# ---------------------------------------------------------------- Leduc poker
@pytest.fixture(scope="module")
def leduc():
    games = pytest.importorskip("games")
    return games.get("leduc-poker")


def test_leduc_is_within_the_default_limit(leduc):
    system = AgentLogitSystem(leduc)
    assert (system.size, leduc.n_nodes) == (2184, 9457)
    assert not system.dense and system.derivatives <= DEFAULT_MAX_DERIVATIVES
    with pytest.raises(SolverLimitError, match=f"max_derivatives={system.derivatives}"):
        AgentLogitSystem(leduc, max_derivatives=system.derivatives - 1)
    x = interior_point(system, 3, 5.0)
    columns = np.random.default_rng(0).choice(system.size + 1, 12, replace=False)
    assert_jacobian(system, x, columns=[int(c) for c in columns] + [system.size])


@pytest.mark.slow
def test_leduc_agent_qre_is_a_fixed_point_of_conditional_logit(leduc):
    q = solver.qre(leduc, 1.0)
    system = AgentLogitSystem(leduc)
    x = np.log(np.array([p for P in q.probabilities for pr in P for p in pr]))
    v, _ = system.action_values(np.append(x, 0.0))          # bottom-up, not by paths
    for o, m in system.blocks:
        e = np.exp(system.scale * v[o:o + m])
        assert np.allclose(np.exp(x[o:o + m]), e / e.sum(), atol=1e-10)
