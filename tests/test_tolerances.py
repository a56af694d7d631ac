"""What other projects' tests ask for: very weak dominance and epsilon-dominance
(OpenSpiel's ``lp_solver`` tests), pure epsilon-equilibria, ``.efg`` files that repeat
an action label at a node (Gambit renames them) and trees without players."""
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import solver
from solver.algorithms.dominance import iterated_dominance
from solver.io.efg import distinct_labels, read_efg


def row_game(rows):
    """The row player's payoffs ``rows``; the column player is indifferent."""
    return solver.NormalFormGame.from_matrices(rows, [[0] * len(rows[0]) for _ in rows])


def first_round(rows, **kw):
    """Is the row player's first strategy deleted in round 1?"""
    g = row_game(rows)
    return any(s.round == 1 and s.player == g.players[0] and s.strategy == g.strategies[0][0]
               for s in iterated_dominance(g, **kw).steps)


# OpenSpiel, open_spiel/python/algorithms/lp_solver_test.py, test_dominance: row 0 is
# (un)dominated strictly / weakly / very weakly.
OPENSPIEL = [
    ([[1, 1, 1], [2, 0, 1], [0, 2, 2]], False, True, True),
    ([[1, 1, 1], [F(21, 10), 0, 1], [0, 2, 2]], True, True, True),
    ([[1, 1, 1], [2, 0, 2], [0, 2, 0]], False, False, True),
    ([[1, F(11, 10), 1], [2, 0, 2], [0, 2, 0]], False, False, False),
]


@pytest.mark.parametrize("rows,strict,weak,very_weak", OPENSPIEL)
def test_openspiel_dominance_cases(rows, strict, weak, very_weak):
    assert first_round(rows) == strict
    assert first_round(rows, weak=True) == weak
    assert first_round(rows, very_weak=True) == very_weak


def test_very_weak_keeps_the_first_of_equal_strategies_and_says_so():
    g = row_game([[1, 0], [1, 0], [0, 1]])
    steps = [s for s in iterated_dominance(g, very_weak=True).steps if s.player == "Row"]
    assert steps[0].strategy == "R2" and steps[0].dominated_by == {"R1": 1}
    assert steps[0].very_weak and "very weakly dominated" in str(steps[0])
    sol = solver.solve(g, "dominance", very_weak=True)
    assert not sol.complete and "very weakly" in sol.notes[0]


def test_epsilon_dominance():
    pd = solver.NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert len(iterated_dominance(pd).steps) == 2            # D beats C by 2 and 1
    assert iterated_dominance(pd, epsilon="1").steps == ()   # not by more than 1 everywhere
    assert len(iterated_dominance(pd, epsilon="1/2").steps) == 2
    # within epsilon a worse row counts as never worse
    g = row_game([[1, 1], [F(9, 10), 3]])
    assert not first_round([[1, 1], [F(9, 10), 3]], weak=True)
    assert iterated_dominance(g, weak=True, epsilon="1/10").steps[0].strategy == "R1"
    with pytest.raises(solver.GameError, match="epsilon"):
        iterated_dominance(pd, epsilon="-1")


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6))
def test_dominance_kinds_are_nested(seed):
    """As OpenSpiel's test_iterated_dominance_ordering: strict elimination keeps at least
    what weak and very weak elimination keep, and something always survives."""
    rng = np.random.default_rng(seed)
    g = solver.NormalFormGame.from_matrices(rng.integers(0, 5, (3, 3)).tolist(),
                                            rng.integers(0, 5, (3, 3)).tolist())
    strict = iterated_dominance(g).remaining
    for kw in ({"weak": True}, {"very_weak": True}):
        kept = iterated_dominance(g, **kw).remaining
        assert all(set(k) <= set(s) and k for k, s in zip(kept, strict))


def test_pure_epsilon_equilibria():
    pd = solver.NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    counts = [len(solver.solve(pd, "pure", epsilon=e)) for e in ("0", "1/2", "1", "2")]
    assert counts == [1, 1, 3, 4]
    sol = solver.solve(pd, epsilon="1")                     # auto lists them among pure profiles
    assert sol.method == "pure" and sol.extra["epsilon"] == 1 and sol.complete
    assert "epsilon-equilibria (epsilon = 1)" in sol.searched
    assert sorted(e.regret for e in sol) == [(0, 0), (0, 1), (1, 0)]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.fractions(0, 3, max_denominator=4))
def test_epsilon_equilibria_are_those_with_small_regret(seed, eps):
    rng = np.random.default_rng(seed)
    g = solver.NormalFormGame([rng.integers(-3, 4, (2, 3, 2)) for _ in range(3)])
    listed = {tuple(tuple(p) for p in e.probabilities)
              for e in solver.solve(g, "pure", epsilon=eps)}
    expected = set()
    for cell in np.ndindex(*g.shape):
        probs = [tuple(F(int(k == c)) for k in range(m)) for c, m in zip(cell, g.shape)]
        if all(r <= eps for r in solver.regret(g, probs)):
            expected.add(tuple(probs))
    assert len(listed) == len(expected) and listed == expected


# ------------------------------------------------------------------ .efg files
HEAD = 'EFG 2 R "t" { "A" "B" }\n""\n'


def test_repeated_action_labels_are_renamed_as_gambit_does():
    # pygambit 16.7: { "x" "x" "x_1" } -> x_2 x_3 x_1; { "" "" } -> _1 _2; { "a" "b" "a" "b" }
    # -> a_1 b_1 a_2 b_2; a list without repeats stays
    assert distinct_labels(["x", "x", "x_1"]) == ["x_2", "x_3", "x_1"]
    assert distinct_labels(["", ""]) == ["_1", "_2"]
    assert distinct_labels(["a", "b", "a", "b"]) == ["a_1", "b_1", "a_2", "b_2"]
    text = HEAD + ('p "" 1 1 "" { "x" "x" "y" } 0\nt "" 1 "" { 1, 0 }\nt "" 2 "" { 2, 0 }\n'
                   't "" 3 "" { 3, 0 }\n')
    g = read_efg(text)
    assert g.infosets[0][0].actions == ("x_1", "x_2", "y")
    assert solver.solve(g)[0].payoffs == (3, 0)


def test_renamed_labels_match_pygambit():
    gbt = pytest.importorskip("pygambit")
    import io
    text = HEAD + ('c "" 1 "" { "h" 1/2 "t" 1/2 } 0\np "" 1 1 "" { "x" "x" "x_1" } 0\n'
                   't "" 1 "" { 1, 0 }\nt "" 2 "" { 2, 0 }\nt "" 3 "" { 3, 0 }\n'
                   'p "" 1 1 "" { "x" "x" "x_1" } 0\nt "" 4 "" { 4, 0 }\nt "" 5 "" { 5, 0 }\n'
                   't "" 6 "" { 6, 0 }\n')
    theirs = gbt.read_efg(io.StringIO(text))
    ours = read_efg(text)
    assert ours.infosets[0][0].actions == tuple(
        a.label for a in list(list(theirs.players)[0].infosets)[0].actions)


def test_a_tree_without_players_is_read_as_gambit_reads_it():
    # once refused; pygambit 16.7 reads it, with one equilibrium, the empty profile
    # (tests/test_zero_players.py goes through every entry point with such games)
    text = ('EFG 2 R "chance only" { }\n""\nc "" 1 "" { "h" 1/2 "t" 1/2 } 0\n'
            't "" 1 "" { }\nt "" 2 "" { }\n')
    game = read_efg(text, "none.efg")
    assert game.n_players == 0 and game.n_nodes == 3
    solution = solver.solve(game)
    assert len(solution) == 1 and solution[0].payoffs == ()
