"""Refinements: trembling-hand perfection, sequential equilibrium and refine().

Known answers: the game of Selten (1975, sec. 7) in which (bottom, right) is a Nash
equilibrium in weakly dominated strategies; Selten's horse (Selten 1975, fig. 1: the
component (Across, Across, Left with probability >= 3/4) is perfect and sequential,
the component (Down, Across with probability >= 1/3, Right) is neither); entry
deterrence and the centipede game (in a game of perfect information, sequential
equilibria are the subgame-perfect ones: Kreps and Wilson 1982, sec. 4); the tree of
Fudenberg and Tirole (1991, sec. 8.3.1) whose weak perfect Bayesian equilibrium is not
sequential because consistency ties player 3's belief to player 2's strategy.
"""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import games
import solver
from solver.algorithms.subgames import is_subgame_perfect
from solver.analysis.beliefs import perfect_bayesian
from solver.analysis.consistency import consistent_witness, support_patterns
from solver.analysis.perfection import perfection
from solver.analysis.refine import (
    INTUITIVE,
    PERFECT,
    PERFECT_BAYESIAN,
    SEQUENTIAL,
    SUBGAME_PERFECT,
    refine,
)
from solver.analysis.sequential import sequential
from solver.errors import GameError, InvalidGameError
from solver.forms.extensive.behavior import BehaviorProfile, move_probabilities
from solver.forms.extensive.builder import TreeBuilder


def horse_profile(g, p1, p2, p3):
    """Selten's horse: probabilities of Across, Across and Left."""
    return BehaviorProfile.from_game(g, [[[p1, 1 - p1]], [[p2, 1 - p2]], [[p3, 1 - p3]]])


def pbe_not_sequential():
    """Player 1 ends the game (A) or not (B); player 2 then picks L or R; player 3 moves
    without seeing player 2's choice.  (A, L, D) is a weak PBE with player 3 believing R,
    but consistency forces the belief on L, where U is better (Fudenberg and Tirole 1991,
    sec. 8.3.1, figure 8.5's logic)."""
    b = TreeBuilder(players=("P1", "P2", "P3"), title="PBE but not sequential")
    r = b.decision("P1", actions=("A", "B"))
    b.terminal(r, "A", payoffs=(1, 0, 0))
    n2 = b.decision("P2", parent=r["B"], actions=("L", "R"))
    x = b.decision("P3", parent=n2["L"], actions=("U", "D"), infoset="P3", label="BL")
    b.terminal(x, "U", payoffs=(0, 0, 1))
    b.terminal(x, "D", payoffs=(0, 1, 0))
    y = b.decision("P3", parent=n2["R"], actions=("U", "D"), infoset="P3", label="BR")
    b.terminal(y, "U", payoffs=(0, 0, 0))
    b.terminal(y, "D", payoffs=(0, 0, 1))
    return b.build()


# ---------------------------------------------------------------------- normal forms
def test_weakly_dominated_equilibrium_is_not_perfect():
    """Selten (1975, sec. 7): both (T, L) and (B, R) are equilibria; B and R are weakly
    dominated, so only (T, L) is perfect."""
    g = solver.NormalFormGame.from_matrices([[1, 0], [0, 0]], [[1, 0], [0, 0]],
                                            strategies=(("T", "B"), ("L", "R")))
    sol = solver.solve(g)
    assert len(sol) == 2
    checks = [perfection(g, eq) for eq in sol]
    assert [c.perfect for c in checks] == [True, False]
    assert "Theorem 3.2.2" in checks[0].reason
    assert checks[1].dominated[0] == ("Row", {"T": 1})


def test_dominance_by_a_mixture_only():
    """D is weakly dominated by 1/2 U + 1/2 M and by no pure strategy; (D, 1/2 L + 1/2 R)
    is a Nash equilibrium, so it is not perfect."""
    A = [[3, 0, 1], [0, 3, 1], [F(3, 2), F(3, 2), 0]]
    B = [[0, 0, 0], [0, 0, 0], [1, 1, 0]]
    g = solver.NormalFormGame.from_matrices(A, B, strategies=(("U", "M", "D"), ("L", "R", "C")))
    eq = solver.certify(g, [[0, 0, 1], [F(1, 2), F(1, 2), 0]])
    c = perfection(g, eq)
    assert c.perfect is False
    assert c.dominated[0] == ("Row", {"U": F(1, 2), "M": F(1, 2)})


def test_totally_mixed_equilibrium_is_perfect():
    g = solver.NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    (eq,) = solver.solve(g)
    assert perfection(g, eq).perfect is True


def test_not_an_equilibrium_is_not_perfect():
    g = solver.NormalFormGame.from_matrices([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    assert perfection(g, [[0, 1], [1, 0]]).perfect is False


def test_float_games_and_bad_profiles_are_refused():
    g = solver.NormalFormGame.from_matrices([[1.5, 0], [0, 1]], [[1, 0], [0, 1.5]])
    with pytest.raises(InvalidGameError, match="exact"):
        perfection(g, [[1, 0], [1, 0]])
    e = solver.NormalFormGame.from_matrices([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    with pytest.raises(GameError, match="not an exact probability"):
        perfection(e, [[F(1, 2), F(1, 3)], [1, 0]])


def horse_agent_form():
    """Selten's horse as a 2 x 2 x 2 normal form (its agent form, one agent a player)."""
    g = games.get("selten-horse")
    pay = np.empty((2, 2, 2), dtype=object)
    for a, b, c in itertools.product(range(2), repeat=3):
        pay[a, b, c] = solver.BehaviorProfile.pure(g, [a, b, c])
    from solver.forms.extensive.behavior import behavior_payoffs
    tensor = [[[behavior_payoffs(g, pay[a, b, c]) for c in range(2)] for b in range(2)]
              for a in range(2)]
    return solver.NormalFormGame.from_tensor(tensor, players=("P1", "P2", "P3"),
                                             strategies=(("A", "D"), ("A", "D"), ("L", "R")))


def test_three_players_witness_or_local_loss():
    """In the 2 x 2 x 2 agent form of Selten's horse, (A, A, L) is perfect by an explicit
    sequence of trembles; (D, A, R) uses no weakly dominated strategy, but P2's A loses
    to D against every totally mixed profile near it (-3 e_A + e_A e_L, e the trembles
    of P1 to A and P3 to L), so it is not perfect (tests/test_perfection_mixed.py)."""
    g = horse_agent_form()
    good = perfection(g, [[1, 0], [1, 0], [1, 0]])
    assert good.perfect is True and good.tremble is not None
    # the witness: Player 2 must tremble to Down at least twice as often as Player 1
    t = good.tremble
    assert t[1]["D"] >= 2 * t[0]["D"] > 0
    bad = perfection(g, [[0, 1], [1, 0], [0, 1]])
    assert bad.perfect is False and bad.loss is not None and bad.loss.agent == "P2"


def _value(g, probs, i, s):
    """Player i's expected payoff from pure s against the others' mixtures (brute force)."""
    total = F(0)
    for cell in itertools.product(*(range(n) for n in g.shape)):
        if cell[i] != s:
            continue
        w = F(1)
        for j, c in enumerate(cell):
            if j != i:
                w *= probs[j][c]
        total += w * g.payoffs[i][cell]
    return total


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(-2, 2), min_size=24, max_size=24))
def test_three_player_witnesses_hold_at_a_tiny_tremble(values):
    """Every 'perfect' verdict with a tremble direction holds, checked by brute force at
    eps = 10**-9; every 'not perfect' verdict names a dominance that holds."""
    tensor = np.array(values, dtype=object).reshape(2, 2, 2, 3)
    g = solver.NormalFormGame.from_tensor(tensor.tolist())
    sol = solver.solve(g, method="pure")
    for eq in sol:
        c = perfection(g, eq)
        sigma = [list(p) for p in eq.probabilities]
        if c.perfect and c.tremble is not None:
            eps = F(1, 10 ** 9)
            probs = [[(1 - eps) * s + eps * F(t[lab]) for s, lab in zip(row, labels)]
                     for row, t, labels in zip(sigma, c.tremble, g.strategies)]
            for i in range(3):
                vals = [_value(g, probs, i, s) for s in range(2)]
                used = sigma[i].index(1)
                assert vals[used] == max(vals)
        elif c.perfect is False and c.dominated:
            name, by = c.dominated[0]
            i = g.players.index(name)
            mix = [F(by.get(lab, 0)) for lab in g.strategies[i]]
            diffs = []
            for others in itertools.product(range(2), repeat=2):
                cell = lambda s: tuple(list(others[:i]) + [s] + list(others[i:]))
                dom = sum(m * g.payoffs[i][cell(s)] for s, m in enumerate(mix))
                own = sum(p * g.payoffs[i][cell(s)] for s, p in enumerate(sigma[i]))
                diffs.append(dom - own)
            assert min(diffs) >= 0 and max(diffs) > 0


def _best_reply_to_totally_mixed(A, sigma_row):
    """Independent float LP (scipy): is the row player's strategy a best reply to some
    totally mixed column strategy?  Maximise the smallest column probability."""
    from scipy.optimize import linprog
    m, n = A.shape
    supp = [i for i in range(m) if sigma_row[i] > 0]
    # variables: y (n), t; maximise t
    A_ub, b_ub = [], []
    for s in supp:
        for r in range(m):
            A_ub.append(list(A[r] - A[s]) + [0])      # (A_r - A_s) y <= 0
            b_ub.append(0)
    for j in range(n):
        A_ub.append([-(k == j) for k in range(n)] + [1])   # t <= y_j
        b_ub.append(0)
    res = linprog([0] * n + [-1], A_ub=A_ub, b_ub=b_ub, A_eq=[[1] * n + [0]], b_eq=[1],
                  bounds=[(0, 1)] * (n + 1), method="highs")
    return res.status == 0 and -res.fun > 1e-9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_two_player_perfection_matches_best_replies_to_totally_mixed_play(m, n, data):
    """Two players: perfect <=> each strategy is a best reply to some totally mixed
    strategy of the other (van Damme 1991, Theorem 3.2.2 with Lemma 3.2.1), checked by an
    independent float LP; and some extreme equilibrium is always perfect (Selten 1975)."""
    ints = st.integers(-3, 3)
    A = data.draw(st.lists(st.lists(ints, min_size=n, max_size=n), min_size=m, max_size=m))
    B = data.draw(st.lists(st.lists(ints, min_size=n, max_size=n), min_size=m, max_size=m))
    g = solver.NormalFormGame.from_matrices(A, B)
    sol = solver.solve(g, method="enumerate")
    verdicts = [perfection(g, eq).perfect for eq in sol]
    assert all(v is not None for v in verdicts)
    assert any(verdicts)
    An, Bn = np.array(A, dtype=float), np.array(B, dtype=float)
    for eq, v in zip(sol, verdicts):
        x, y = [list(map(float, p)) for p in eq.probabilities]
        expected = _best_reply_to_totally_mixed(An, x) and _best_reply_to_totally_mixed(Bn.T, y)
        assert v == expected


# ---------------------------------------------------------------------- trees
def test_selten_horse_components():
    g = games.get("selten-horse")
    for q in (1, F(4, 5), F(3, 4)):
        p = horse_profile(g, 1, 1, q)
        s = sequential(g, p)
        assert s.sequential is True and s.case == "witness"
        belief = s.beliefs[2]
        a, b = g.infoset(2).nodes
        # Player 3 must believe 'a' (Player 2 went down) with probability >= 2/3, and
        # exactly 2/3 when he mixes
        assert belief[a] >= F(2, 3) and (q == 1 or belief[a] == F(2, 3))
    for p2 in (1, F(1, 2), F(1, 3)):
        s = sequential(g, horse_profile(g, 0, p2, 0))
        assert s.sequential is False and s.case == "no supporting belief"
        assert perfection(g, horse_profile(g, 0, p2, 0)).perfect is False
    assert perfection(g, horse_profile(g, 1, 1, 1)).perfect is True


def test_selten_horse_refined():
    """The solver lists the extreme points of both components (8): those where player 1
    goes Across are all four; those where he goes Down are only subgame perfect."""
    r = refine(solver.solve(games.get("selten-horse")))
    assert len(r) == 8
    for e in r:
        across = e.equilibrium.profile.flat()[0][0] == 1
        assert (e[SUBGAME_PERFECT], e[PERFECT_BAYESIAN], e[SEQUENTIAL], e[PERFECT]) == \
            ((True, True, True, True) if across else (True, False, False, False))
    assert sum(1 for e in r if e.equilibrium.profile.flat()[0][0] == 1) == 3
    with pytest.raises(KeyError):
        r[0][INTUITIVE]


def test_weak_pbe_that_is_not_sequential():
    g = pbe_not_sequential()
    p = BehaviorProfile.from_game(g, [[[1, 0]], [[1, 0]], [[0, 1]]])
    assert perfect_bayesian(g, p).is_pbe
    s = sequential(g, p)
    assert s.sequential is False and s.case == "no consistent supporting belief"
    assert "'BL'" in s.reason
    # the consistent supports at player 3's set: only {BL}
    gid = int(g.node_infoset[g.infoset(2).nodes[0]])
    assert support_patterns(g, move_probabilities(g, p), gid) == [((g.infoset(2).nodes[0],), True)]
    # with U instead, it is sequential
    q = BehaviorProfile.from_game(g, [[[1, 0]], [[1, 0]], [[1, 0]]])
    assert sequential(g, q).sequential is True


def test_consistency_witness_orders():
    """Selten's horse: belief 1 on 'a' needs Player 1's tremble to be of higher order."""
    g = games.get("selten-horse")
    p = horse_profile(g, 1, 1, 1)
    move = move_probabilities(g, p)
    a, b = g.infoset(2).nodes
    orders = consistent_witness(g, move, {2: {a: F(1), b: F(0)}})
    assert orders is not None
    assert orders[(0, 1)] > orders[(1, 1)]       # Down of Player 1 rarer than Down of Player 2
    assert consistent_witness(g, move, {2: {a: F(1, 3), b: F(2, 3)}}) is not None
    # in the PBE-not-sequential tree no tremble puts weight on B/R alone
    t = pbe_not_sequential()
    pt = BehaviorProfile.from_game(t, [[[1, 0]], [[1, 0]], [[0, 1]]])
    x, y = t.infoset(2).nodes
    assert consistent_witness(t, move_probabilities(t, pt), {2: {x: F(0), y: F(1)}}) is None
    assert consistent_witness(t, move_probabilities(t, pt), {2: {x: F(1, 2), y: F(1, 2)}}) is None


def test_every_reached_set_decides_by_bayes_rule():
    g = games.get("entry-deterrence")
    (eq,) = solver.solve(g)
    s = sequential(g, eq)
    assert s.sequential is True and s.case == "all reached"


def test_beer_quiche_all_sequential_and_perfect_two_intuitive():
    r = refine(solver.solve(games.get("beer-quiche")))
    assert len(r) == 4
    assert all(e[SEQUENTIAL] and e[PERFECT] and e[SUBGAME_PERFECT] for e in r)
    assert [e[INTUITIVE] for e in r] == [False, False, True, True]


def test_sequential_refuses_what_it_cannot_judge():
    with pytest.raises(InvalidGameError, match="game trees"):
        sequential(games.get("prisoners-dilemma"), [[1, 0], [1, 0]])
    b = TreeBuilder(players=("A", "B"))
    root = b.decision("A", actions=("L", "R"))
    b.terminal(root, "L", payoffs=(0.5, 1.0))
    n = b.decision("B", parent=root["R"], actions=("l", "r"))
    b.terminal(n, "l", payoffs=(1.25, 0.0))
    b.terminal(n, "r", payoffs=(0.0, 2.0))
    with pytest.raises(InvalidGameError, match="exact"):
        sequential(b.build(), [[[1, 0]], [[0, 1]]])


def test_refine_labels_a_normal_form():
    g = solver.NormalFormGame.from_matrices([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    r = refine(solver.solve(g))
    assert [e.labels for e in r] == ["perfect", "not perfect"]
    assert r.to_dict()["equilibria"][1]["refinements"][0]["holds"] is False


@st.composite
def perfect_information_trees(draw):
    b = TreeBuilder(players=("P1", "P2"))

    def grow(parent, depth, player):
        if depth == 0 or (parent is not None and draw(st.booleans())):
            b.terminal(parent, payoffs=(draw(st.integers(-2, 2)), draw(st.integers(-2, 2))))
            return
        node = b.decision(player, actions=("a", "b"), parent=parent)
        for act in ("a", "b"):
            grow(node[act], depth - 1, "P2" if player == "P1" else "P1")

    grow(None, draw(st.integers(1, 3)), "P1")
    return b.build()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(perfect_information_trees())
def test_perfect_information_sequential_is_subgame_perfect(game):
    """With perfect information, beliefs are trivial: a Nash equilibrium is sequential
    exactly when it is subgame perfect (Kreps and Wilson 1982)."""
    sol = solver.solve(game, method="enumerate")
    for eq in sol:
        seq = sequential(game, eq)
        assert seq.sequential is not None
        assert seq.sequential == is_subgame_perfect(game, eq.profile) == \
            perfect_bayesian(game, eq.profile).is_pbe


# ---------------------------------------------------------------------- the docs
def test_the_docs_show_what_the_code_prints(capsys):
    """docs/refinements.md: each python block's printed output is the text block after it."""
    import re
    from pathlib import Path
    text = (Path(__file__).resolve().parent.parent / "docs" / "refinements.md").read_text()
    pairs = re.findall(r"```python\n(.*?)```\s*```text\n(.*?)```", text, flags=re.S)
    assert len(pairs) == 6
    namespace: dict = {}
    for code, shown in pairs:
        exec(compile(code, "docs/refinements.md", "exec"), namespace)
        assert capsys.readouterr().out == shown
