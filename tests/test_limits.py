"""Honest limits: per-player certificates of float games, and limits that bound time,
output and memory (docs/limits.md).

* Float games are certified player by player, each against his own payoff scale: on
  games whose players' payoffs differ in scale by up to 10^12, every returned profile
  is checked again with exact Fractions (the float payoffs converted exactly).
* Each exponential method stops at ``time_limit`` and ``max_equilibria`` with a
  SolverLimitError that names the limit and how to raise it.
* The sequence-form LP falls back to exact Lemke pivoting on badly scaled trees, and
  ``spe(one=True)`` gives one subgame-perfect equilibrium and the value in one pass.
"""
from __future__ import annotations

import itertools
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import NormalFormGame, TreeBuilder, certify, solve
from solver.errors import GameError, SolverError, SolverLimitError
from solver.forms.extensive.game import DECISION, TERMINAL, ExtensiveFormGame
from solver.forms.profiles import float_slacks
from solver.solve import is_zero_sum


# ---------------------------------------------------------------------- certificates
def exact_regrets(game, probabilities):
    """Each player's regret computed exactly: float payoffs and probabilities as the
    rationals they are."""
    f = game.float_payoffs
    probs = [[Fraction(float(p)) for p in pr] for pr in probabilities]
    out = []
    for i in range(game.n_players):
        values = [Fraction(0)] * game.shape[i]
        for cell in itertools.product(*(range(m) for m in game.shape)):
            w = Fraction(1)
            for j, k in enumerate(cell):
                if j != i:
                    w *= probs[j][k]
            if w:
                values[cell[i]] += w * Fraction(float(f[i][cell]))
        expected = sum(p * v for p, v in zip(probs[i], values))
        out.append(max(values) - expected)
    return out


def scaled_game(seed: int, n: int):
    rng = np.random.default_rng(seed)
    shape = tuple(int(m) for m in rng.integers(2, 4 if n == 3 else 5, size=n))
    scales = [10.0 ** int(e) for e in rng.integers(0, 13, size=n)]
    # quarter steps make ties and strict preferences of every size, per player
    return NormalFormGame([np.round(rng.random(shape) * 4) / 4 * s
                           + (rng.random(shape) * s * 1e-3 if seed % 2 else 0.0)
                           for s in scales])


# seeds 5, 8, 9 and 7075 return false equilibria under one tolerance for all players
@pytest.mark.parametrize("seed, n", [(0, 2), (1, 2), (5, 2), (8, 2), (9, 2), (7075, 3)])
def test_float_games_with_scales_from_1_to_1e12_return_only_real_equilibria(seed, n):
    check_float_game(scaled_game(seed, n), n)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10 ** 9), st.sampled_from([2, 3]))
def test_many_float_games_return_only_real_equilibria(seed, n):
    check_float_game(scaled_game(seed, n), n)


def check_float_game(game, n):
    methods = ["auto", "pure", "dominance"] + (["enumerate", "lemke-howson"] if n == 2 else [])
    for method in methods:
        for eq in solve(game, method, time_limit=20):
            regrets = exact_regrets(game, eq.probabilities)
            for i, r in enumerate(regrets):
                bound = Fraction(1e-8) * Fraction(game.player_ranges[i]) \
                    + Fraction(1e-13) * Fraction(game.player_magnitudes[i])
                assert r <= bound, (method, game.players[i], float(r), game.player_ranges[i])


def test_the_small_players_strict_preferences_count():
    """Row's payoffs span 1, Column's 10^10: Row's regret of 1/4 is no tie."""
    g = NormalFormGame.from_matrices([[1.0, 0.0], [0.75, 0.25]],
                                     [[1e10, 0.0], [1e10, 0.0]])
    assert [e.support for e in solve(g, "pure")] == [(("R1",), ("C1",))]
    with pytest.raises(SolverError, match="'Row' gains 0.25"):
        certify(g, [[0.0, 1.0], [1.0, 0.0]])
    # the tolerance of each player is his own
    assert float_slacks(g) == pytest.approx((1e-9 * 1, 1e-9 * 1e10 + 1e-14 * 1e10))


def test_rounding_alone_still_ties():
    g = NormalFormGame.from_matrices([[0.1 + 0.2, 0.0], [0.3, 1.0]], [[1.0, 0.0], [1.0, 0.0]])
    assert len(solve(g, "pure")) == 2


def test_an_offset_adds_no_rounding():
    """Payoffs 10^12 + {0, 1}: the strict preference of 1 survives the offset."""
    big = 1e12
    g = NormalFormGame.from_matrices([[big + 1, big], [big, big + 1]],
                                     [[1.0, 0.0], [0.0, 1.0]])
    sol = solve(g, "enumerate")
    assert len(sol) == 3
    for eq in sol:
        assert all(r <= Fraction(1, 10 ** 6) for r in exact_regrets(g, eq.probabilities))


def test_zero_sum_is_checked_cell_by_cell():
    a = np.array([[1e12, -3.0], [2.0, 5e-3]])
    assert is_zero_sum(NormalFormGame.from_matrices(a, -a))
    b = -a.copy()
    b[1, 1] = -4e-3                      # off by 20 percent of the cell, 1e-15 of the range
    assert not is_zero_sum(NormalFormGame.from_matrices(a, b))
    huge = np.array([[1.5e308, -1.5e308], [0.0, 1.0]])
    assert is_zero_sum(NormalFormGame.from_matrices(huge, -huge))      # no overflow to inf
    assert not is_zero_sum(NormalFormGame.from_matrices(huge, huge))


def test_payoffs_spanning_beyond_the_largest_float_are_refused_in_trees_too():
    b = TreeBuilder(["A", "B"])
    r = b.decision("A", ("x", "y"))
    b.terminal(r, "x", payoffs=(1.7e308, 0.0))
    b.terminal(r, "y", payoffs=(-1.7e308, 1.0))
    with pytest.raises(GameError, match="span more than the largest float"):
        solve(b.build())


# ---------------------------------------------------------------------- limits
def _limit(call, *words, within: float = 20.0):
    start = time.monotonic()
    with pytest.raises(SolverLimitError) as err:
        call()
    assert time.monotonic() - start < within
    for w in words:
        assert w in str(err.value)
    return err.value


def test_pure_stops_at_max_equilibria_before_certifying():
    g = NormalFormGame.from_matrices(np.zeros((150, 150), dtype=int), np.zeros((150, 150), dtype=int))
    _limit(lambda: solve(g, "pure"), "22500 pure equilibria", "max_equilibria=10000",
           "--max-equilibria")
    assert len(solve(NormalFormGame.from_matrices(np.zeros((3, 3), int), np.zeros((3, 3), int)),
                     "pure", max_equilibria=9)) == 9


def test_enumerate_stops_at_its_time_limit_holding_one_tableau():
    rng = np.random.default_rng(0)
    g = NormalFormGame.from_matrices(rng.integers(0, 100, (40, 40)), rng.integers(0, 100, (40, 40)))
    # unlimited, this search runs about 150 s to max_vertices; the bound allows for a busy machine
    err = _limit(lambda: solve(g, "enumerate", time_limit=0.5), "time_limit=0.5 s",
                 "--time-limit", within=20)
    assert "enumerating the vertices" in str(err)


def test_enumerate_limits_vertices_and_equilibria():
    eye = NormalFormGame.from_matrices(np.eye(6, dtype=int), np.eye(6, dtype=int))
    assert len(solve(eye, "enumerate")) == 63
    _limit(lambda: solve(eye, "enumerate", max_equilibria=10), "63 extreme equilibria",
           "max_equilibria=10")
    _limit(lambda: solve(eye, "enumerate", max_vertices=20), "max_vertices=20")


def test_polynomial_support_enumeration_limits_equilibria():
    shape = (2, 2, 2)
    same = np.zeros(shape, dtype=int)
    same[0, 0, 0] = same[1, 1, 1] = 1
    g = NormalFormGame([same, same, same])
    assert len(solve(g, "enumerate")) >= 3
    _limit(lambda: solve(g, "enumerate", max_equilibria=1), "max_equilibria=1")


def test_lemke_howson_and_auto_pass_the_time_limit():
    rng = np.random.default_rng(1)
    g = NormalFormGame.from_matrices(rng.integers(0, 9, (30, 30)), rng.integers(0, 9, (30, 30)))
    _limit(lambda: solve(g, "lemke-howson", time_limit=1e-9), "lemke-howson: time_limit")
    _limit(lambda: solve(g, "auto", time_limit=1e-9), "time_limit")
    zs = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    assert len(solve(zs, "auto", time_limit=5, max_equilibria=3)) == 1   # unused, ignored
    with pytest.raises(GameError, match="no option 'max_pivot'; its options are"):
        solve(g, "lemke-howson", max_pivot=3)


def _general_sum_tree():
    b = TreeBuilder(["A", "B"])
    r = b.chance({"h": "1/2", "t": "1/2"})
    for side, pays in (("h", ((2, 1), (0, 0), (0, 0), (1, 2))),
                       ("t", ((1, 2), (0, 3), (3, 0), (2, 1)))):
        x = b.decision("A", ("u", "d"), parent=r[side], infoset="A" + side)
        for a, (p, q) in zip(("u", "d"), (pays[:2], pays[2:])):
            y = b.decision("B", ("l", "r"), parent=x[a], infoset="B")
            b.terminal(y, "l", payoffs=p)
            b.terminal(y, "r", payoffs=q)
    return b.build()


def test_sequence_form_limits_time_and_tableau_memory():
    g = _general_sum_tree()
    assert len(solve(g, "sequence-form")) == 1
    _limit(lambda: solve(g, "sequence-form", max_tableau_bytes=1000), "max_tableau_bytes=1000",
           "the 13x15 tableau needs about 7020 bytes")
    _limit(lambda: solve(g, "sequence-form", time_limit=1e-9), "sequence-form: time_limit")
    _limit(lambda: solve(g, "spe", time_limit=1e-9), "time_limit")          # subgames


def test_spe_limits_and_one():
    b = TreeBuilder(["A", "B"])
    r = b.decision("A", ("x", "y", "z"))
    for a in ("x", "y", "z"):
        n = b.decision("B", ("l", "r"), parent=r[a])
        b.terminal(n, "l", payoffs=(1, 1))
        b.terminal(n, "r", payoffs=(1, 1))
    g = b.build()
    assert len(solve(g, "spe")) == 24                      # 3 choices of A, 2**3 of B
    _limit(lambda: solve(g, "spe", max_equilibria=5), "24 pure subgame-perfect equilibria",
           "max_equilibria=24")
    one = solve(g, "spe", one=True)
    assert len(one) == 1 and one.value is None and not one.complete
    assert one.extra["root_value"] == (1, 1) and one.extra["tied_nodes"] == 4


def large_payoff_tree(big: int):
    """The tree of Gambit's large_payoff_game.efg (payoffs up to 10^19 beside 1):
    zero-sum, with chance, both players with two information sets."""
    b = TreeBuilder(["1", "2"])
    root = b.chance({"L": "1/2", "R": "1/2"})
    leaves = {"L": ((big, 1), (-1, 0)), "R": ((-1, 1), (0, big))}
    for side in ("L", "R"):
        one = b.decision("1", ("A", "B"), parent=root[side], infoset=f"1{side}")
        for a, pair in zip(("A", "B"), leaves[side]):
            two = b.decision("2", ("X", "Y"), parent=one[a], infoset=f"2{'AB'.index(a)}")
            for act, u in zip(("X", "Y"), pair):
                b.terminal(two, act, payoffs=(u, -u))
    return b.build()


@pytest.mark.parametrize("exponent", [10, 15, 19])
def test_the_sequence_form_lp_stays_exact_on_badly_scaled_trees(exponent):
    g = large_payoff_tree(10 ** exponent)
    sol = solve(g, "sequence-form")
    assert sol.exact and sol.value == 1
    assert all(r == 0 for r in sol[0].regret)
    assert any("Lemke" in note for note in sol.notes) or exponent < 12


def tic_tac_toe() -> ExtensiveFormGame:
    """Tic-tac-toe as a tree (549,946 nodes), built breadth-first with the bulk
    constructor: X (player 0) moves first; a line wins 1 (the loser gets -1)."""
    lines = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8),
             (2, 4, 6)]
    boards, movers, parents = [(0,) * 9], [0], [-1]
    kind, player, payoffs = [], [], []
    i = 0
    while i < len(boards):
        board, mover = boards[i], movers[i]
        win = next((board[a] for a, b, c in lines if board[a] and board[a] == board[b] == board[c]), 0)
        if win or all(board):
            kind.append(TERMINAL)
            player.append(0)
            payoffs.append((1, -1) if win == 1 else (-1, 1) if win == 2 else (0, 0))
        else:
            kind.append(DECISION)
            player.append(mover)
            payoffs.append((0, 0))
            for cell in range(9):
                if not board[cell]:
                    boards.append(board[:cell] + (mover + 1,) + board[cell + 1:])
                    movers.append(1 - mover)
                    parents.append(i)
        i += 1
    return ExtensiveFormGame.from_arrays(("X", "O"), np.array(parents), np.array(kind),
                                         np.array(player), np.array(payoffs, dtype=np.int64))


@pytest.mark.slow
def test_tic_tac_toe_is_a_draw_by_one_backward_pass():
    game = tic_tac_toe()
    assert game.n_nodes == 549_946
    start = time.monotonic()
    sol = solve(game, "spe", one=True)
    assert time.monotonic() - start < 20
    assert sol.value == 0 and sol.extra["root_value"] == (0, 0) and len(sol) == 1
    _limit(lambda: solve(game, "spe"), "pure subgame-perfect equilibria", "one=True",
           within=30)


@pytest.mark.slow
def test_enumeration_memory_does_not_grow_with_pending_bases():
    import tracemalloc
    rng = np.random.default_rng(0)
    g = NormalFormGame.from_matrices(rng.integers(0, 10, (12, 12)), rng.integers(0, 10, (12, 12)))
    tracemalloc.start()
    sol = solve(g, "enumerate")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert sol.extra["bases"] == (4143, 5276)
    # a tableau per pending basis (the old search) took 31 MB here; one tableau, 5.5 MB
    assert peak < 15 * 2 ** 20


# ---------------------------------------------------------------------- the command
def _command(argv):
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from solver.cli import main
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(argv), catalogues=[])
    return status, out.getvalue(), err.getvalue()


def test_the_command_takes_the_limits_and_one(tmp_path):
    from solver.io.files import save
    eye = NormalFormGame.from_matrices(np.eye(6, dtype=int), np.eye(6, dtype=int))
    save(eye, tmp_path / "eye.nfg")
    status, out, err = _command(["solve", str(tmp_path / "eye.nfg"), "--max-equilibria", "10"])
    assert status == 2 and err.count("\n") == 1 and "--max-equilibria" in err
    rng = np.random.default_rng(0)
    save(NormalFormGame.from_matrices(rng.integers(0, 99, (40, 40)), rng.integers(0, 99, (40, 40))),
         tmp_path / "big.nfg")
    status, out, err = _command(["solve", str(tmp_path / "big.nfg"), "--method", "enumerate",
                                 "--time-limit", "0.2"])
    assert status == 2 and "time_limit=0.2 s reached" in err and err.count("\n") == 1
    b = TreeBuilder(["A", "B"])
    r = b.decision("A", ("x", "y"))
    for a in ("x", "y"):
        n = b.decision("B", ("l", "r"), parent=r[a])
        b.terminal(n, "l", payoffs=(1, -1))
        b.terminal(n, "r", payoffs=(1, -1))
    save(b.build(), tmp_path / "ties.efg")
    status, out, err = _command(["solve", str(tmp_path / "ties.efg"), "--one", "--format", "json"])
    assert status == 0 and err == ""
    import json
    data = json.loads(out)
    assert len(data["equilibria"]) == 1 and data["value"] == "1" and data["complete"] is False
    status, out, err = _command(["solve", str(tmp_path / "eye.nfg"), "--one"])
    assert status == 2 and "has no option 'one'" in err       # a normal form has no tree
