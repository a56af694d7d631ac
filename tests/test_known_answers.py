"""Known-answer tables: textbook games, the method, and the equilibria their
sources give (cited in each game's docstring in games/classics), as exact
fractions.  Counts are checked before contents."""
from fractions import Fraction as F

import pytest

import games
import solver

H = F(1, 2)
T = F(1, 3)

# (catalogue name, methods, expected equilibria: per player a probability tuple)
TABLE = [
    ("prisoners-dilemma", ("enumerate", "pure", "dominance", "lemke-howson"),
     [((0, 1), (0, 1))]),
    ("iesds-example", ("enumerate", "pure", "dominance", "lemke-howson"),
     [((1, 0), (0, 1, 0))]),
    ("battle-of-the-sexes", ("enumerate",),
     [((1, 0), (1, 0)), ((0, 1), (0, 1)), ((F(2, 3), T), (T, F(2, 3)))]),
    ("matching-pennies", ("enumerate", "zero-sum", "lemke-howson"), [((H, H), (H, H))]),
    ("rock-paper-scissors", ("enumerate", "zero-sum", "lemke-howson"), [((T, T, T), (T, T, T))]),
    ("chicken", ("enumerate",),
     [((1, 0), (0, 1)), ((0, 1), (1, 0)), ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10)))]),
    ("stag-hunt", ("enumerate",),
     [((1, 0), (1, 0)), ((0, 1), (0, 1)), ((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4)))]),
    ("hawk-dove", ("enumerate",),
     [((1, 0), (0, 1)), ((0, 1), (1, 0)), ((H, H), (H, H))]),
    ("entry-deterrence-normal", ("enumerate",),
     [((1, 0), (1, 0)), ((1, 0), (H, H)), ((0, 1), (0, 1))]),
    ("commitment", ("enumerate", "pure", "dominance"), [((1, 0), (1, 0))]),
    ("majority-game", ("pure",), [((1, 0), (1, 0), (1, 0)), ((0, 1), (0, 1), (0, 1))]),
]

PURE_ONLY = {  # games above whose list has mixed equilibria: `pure` finds the pure subset
    "battle-of-the-sexes", "chicken", "stag-hunt", "hawk-dove",
}


def _as_set(solution):
    return {tuple(tuple(p) for p in e.probabilities) for e in solution}


def _expected(rows):
    return {tuple(tuple(F(p) for p in probs) for probs in row) for row in rows}


@pytest.mark.parametrize("name, methods, expected",
                         [(n, m, e) for n, m, e in TABLE], ids=[t[0] for t in TABLE])
def test_known_equilibria(name, methods, expected):
    game = games.get(name)
    want = _expected(expected)
    for method in methods:
        sol = solver.solve(game, method=method)
        assert sol.method == method
        assert sol.exact
        if method == "lemke-howson":
            assert len(sol) == 1
            assert _as_set(sol) <= want, method
            continue
        assert len(sol) == len(want), method
        assert _as_set(sol) == want, method
        assert all(r == 0 for e in sol for r in e.regret)


@pytest.mark.parametrize("name", sorted(PURE_ONLY))
def test_pure_method_finds_the_pure_subset(name):
    expected = next(e for n, _, e in TABLE if n == name)
    want = {row for row in _expected(expected) if all(max(p) == 1 for p in row)}
    sol = solver.solve(games.get(name), method="pure")
    assert len(sol) == len(want)
    assert _as_set(sol) == want


def test_auto_says_what_it_chose():
    sol = solver.solve(games.get("matching-pennies"))
    assert sol.method == "zero-sum" and sol.value == 0
    assert "zero-sum" in sol.notes[0]
    sol = solver.solve(games.get("battle-of-the-sexes"))
    assert sol.method == "enumerate" and sol.complete and len(sol) == 3
    # three players, small: every equilibrium, the mixed (1/2, 1/2, 1/2) one included
    sol = solver.solve(games.get("majority-game"))
    assert sol.method == "enumerate" and sol.complete and len(sol) == 3
    assert "auto chose enumerate" in sol.notes[0]
    # asked for pure equilibria only, it finds two and says mixed ones were not searched
    pure = solver.solve(games.get("majority-game"), method="pure")
    assert len(pure) == 2 and "mixed ones were not searched" in str(pure)


def test_degenerate_game_is_flagged():
    assert solver.solve(games.get("entry-deterrence-normal"), method="enumerate").degenerate is True
    assert solver.solve(games.get("battle-of-the-sexes"), method="enumerate").degenerate is False


def test_parameters_are_solved_at_given_values():
    # hawk-dove mixes Hawk with probability V/C (Maynard Smith 1982)
    sol = solver.solve(games.get("hawk-dove"), params={"V": "3", "C": "5"})
    mixed = [e for e in sol if not e.is_pure]
    assert len(sol) == 3 and len(mixed) == 1
    assert mixed[0].strategies[0]["Hawk"] == F(3, 5)


def test_solve_rejects_unknown_methods_and_tree_methods():
    g = games.get("prisoners-dilemma")
    with pytest.raises(solver.GameError, match="unknown method"):
        solver.solve(g, method="magic")
    with pytest.raises(solver.GameError, match="extensive-form"):
        solver.solve(g, method="spe")
