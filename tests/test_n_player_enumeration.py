"""All equilibria of games of three or more players: polynomial support enumeration
(solver.algorithms.polynomial_support and its parts).  Known answers, limits, honest
labels for continua, and hypothesis invariants; the cross-checks with pygambit are in
test_n_player_vs_gambit.py."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import games
import solver
from solver.algorithms.polynomial_support import polynomial_support_enumeration
from solver.algorithms.polynomial_support_continua import contract, exclude_boxes
from solver.algorithms.polynomial_support_exact import groebner
from solver.algorithms.polynomial_support_profiles import conditionally_dominated, integer_tables
from solver.algorithms.polynomial_support_system import SATURATION_VARIABLE, SupportSystem
from solver.algorithms.pure import pure_equilibria
from solver.errors import SolverLimitError
from solver.forms.profiles import regret
from solver.io.nfg import read_nfg


def test_majority_game_has_three_equilibria_and_says_the_list_is_complete():
    sol = solver.solve(games.get("majority-game"))
    assert sol.method == "enumerate" and sol.complete and sol.exact
    assert len(sol) == 3
    mixed = [eq for eq in sol if not eq.is_pure]
    assert len(mixed) == 1
    assert mixed[0].probabilities == ((F(1, 2), F(1, 2)),) * 3
    assert all(r == 0 for eq in sol for r in eq.regret)
    assert any("the list is complete" in n for n in sol.notes)


MCKELVEY_MCLENNAN_2X2X2 = """NFG 1 R "2x2x2 Example from McKelvey-McLennan"
{ "Player 1" "Player 2" "Player 3" } { { "1" "2" } { "1" "2" } { "1" "2" } } ""
{ { "" 9, 8, 12 } { "" 0, 0, 0 } { "" 0, 0, 0 } { "" 9, 8, 2 }
  { "" 0, 0, 0 } { "" 3, 4, 6 } { "" 3, 4, 6 } { "" 0, 0, 0 } }
1 2 3 4 5 6 7 8
"""


def test_mckelvey_mclennan_2x2x2_has_nine_equilibria_two_totally_mixed():
    """The 2x2x2 game of McKelvey and McLennan (1997) with the largest possible number of
    equilibria, 9, two of them totally mixed (Gambit's contrib/games/2x2x2.nfg; the
    starting point of enumpoly's Newton search is singular on it, Gambit issue #591)."""
    sol = polynomial_support_enumeration(read_nfg(MCKELVEY_MCLENNAN_2X2X2))
    assert len(sol) == 9 and sol.complete and sol.exact and not sol.degenerate
    assert sum(eq.is_pure for eq in sol) == 4
    mixed = {eq.probabilities for eq in sol if all(len(s) == 2 for s in eq.support)}
    assert mixed == {((F(2, 5), F(3, 5)), (F(1, 2), F(1, 2)), (F(1, 3), F(2, 3))),
                     ((F(1, 2), F(1, 2)), (F(2, 5), F(3, 5)), (F(1, 4), F(3, 4)))}
    assert ((F(1, 3), F(2, 3)), (1, 0), (F(1, 4), F(3, 4))) in [eq.probabilities for eq in sol]


def random_game(rng, shape, bound=1000):
    """Integer payoffs in [-bound, bound]; a wide range makes the game almost surely
    non-degenerate."""
    return solver.NormalFormGame([rng.integers(-bound, bound + 1, shape) for _ in shape])


def test_an_irrational_equilibrium_is_exact_with_its_decimal_view():
    """2x2x2, seed 17: a totally mixed equilibrium whose probabilities are quadratic
    irrationals (the one pygambit 16.7's enumpoly misses)."""
    g = random_game(np.random.default_rng(17), (2, 2, 2))
    sol = polynomial_support_enumeration(g)
    assert len(sol) == 3 and sol.complete and sol.exact
    (k, info), = sol.extra["algebraic"].items()
    eq = sol[k]
    assert eq.is_algebraic and eq.regret == (0, 0, 0)
    for pr, dec in zip(eq.probabilities, info["decimal"]["strategies"]):
        assert sum(pr).equals(1)
        assert all(abs(float(p) - float(d)) < 1e-15 for p, d in zip(pr, dec))
    assert all(sympy.sympify(p).is_algebraic for pr in eq.probabilities for p in pr)


def test_a_continuum_is_reported_as_such_never_as_all():
    """Player 3 is indifferent between C1 and C2 when the others play A1 and B1, and
    they stay best responses whatever he mixes: a segment of equilibria (Player 3 at
    any mixture), so the list cannot be complete."""
    pay = np.zeros((3, 2, 2, 2), dtype=int)
    pay[0, 0] = 1          # A1 is dominant for player 1
    pay[1, :, 0] = 1       # B1 is dominant for player 2
    pay[2] = 5             # player 3 is indifferent everywhere
    g = solver.NormalFormGame(list(pay))
    sol = polynomial_support_enumeration(g)
    assert not sol.complete and sol.degenerate
    assert len(sol.extra["continua"]) == 1
    assert sol.extra["continua"][0]["support"] == ((0,), (0,), (0, 1))
    assert any("continuum" in n and "not complete" in n for n in sol.notes)
    assert not any("the list is complete" in n for n in sol.notes)
    assert len(sol) >= 3                       # the two pure ends and samples between
    assert all(eq.probabilities[0] == (1, 0) and eq.probabilities[1] == (1, 0) for eq in sol)
    assert sol.to_dict()["complete"] is False


def test_a_positive_dimensional_set_without_equilibria_is_excluded():
    """Player 3 is indifferent, so on the support (A1, A2; B1; C1, C2) the indifference
    equations are 4q - 1 = 0 (player 1; q the probability of C2) and 0 = 0 (player 3):
    a line, p (of A2) free.  On it B2 earns 1 - 2q = 1/2 more than B1, so it holds no
    equilibrium, although B1 is not conditionally dominated (it is better against C2).
    The box search proves it; the game has continua elsewhere (player 3 indifferent)."""
    pay = np.zeros((3, 2, 2, 2), dtype=int)
    pay[0, 1, 0, 0], pay[0, 1, 0, 1] = -1, 3
    pay[1, :, 1, 0], pay[1, :, 1, 1] = 1, -1
    game = solver.NormalFormGame(list(pay))
    support = ((0, 1), (0,), (0, 1))
    tables, _ = integer_tables(game)
    system = SupportSystem(tables, support)
    assert not conditionally_dominated(tables, support)
    basis = groebner([e for e in system.equations if not e.is_zero] + [system.saturation()],
                     [SATURATION_VARIABLE] + system.gens)
    assert not basis.is_zero_dimensional
    assert exclude_boxes(system)[0]
    sol = polynomial_support_enumeration(game)
    assert support not in [c["support"] for c in sol.extra["continua"]]
    assert not any(eq.support == (("A1", "A2"), ("B1",), ("C1", "C2")) for eq in sol)
    assert not sol.complete and len(sol.extra["continua"]) == 6


def test_the_equations_narrow_the_boxes():
    """On the support (A1, A2; B2; C1, C2) of this game player 1's equation is
    1 - 2q = 0 (q the probability of C2) and player 3 is indifferent: a line, p (of A2)
    free.  B1 earns (1 - p)/2 more than B2 on it, so only its end p = 1, outside the
    open box, could be an equilibrium (it is one, with a smaller support).  Boxes
    halved near that end never exclude it by corner values alone; narrowed by the
    equation (q = 1/2 exactly) the first box is excluded."""
    tables = [[[[1, 0], [0, 1]], [[1, 0], [1, 0]]],
              [[[0, 0], [-1, 0]], [[1, 0], [0, 1]]],
              [[[1, -1], [1, 1]], [[-1, 0], [0, 0]]]]
    game = solver.NormalFormGame([np.array(t, dtype=object) for t in tables])
    support = ((0, 1), (1,), (0, 1))
    ints, _ = integer_tables(game)
    system = SupportSystem(ints, support)
    assert [e.as_expr() for e in system.equations] == [1 - 2 * system.gens[1], 0]
    box = contract(system, ((F(0), F(1)), (F(0), F(1))))
    assert box == ((F(0), F(1)), (F(1, 2), F(1, 2)))
    assert exclude_boxes(system) == (True, [])
    sol = polynomial_support_enumeration(game)
    assert support not in [c["support"] for c in sol.extra["continua"]]
    assert ((0, 1), (0, 1), (F(1, 2), F(1, 2))) in [eq.probabilities for eq in sol]


def test_the_support_limit_is_enforced():
    g = random_game(np.random.default_rng(3), (3, 3, 3))
    with pytest.raises(SolverLimitError, match="max_supports"):
        polynomial_support_enumeration(g, max_supports=10)


def test_large_games_get_pure_equilibria_and_say_so():
    g = random_game(np.random.default_rng(1), (4, 4, 4))   # 3375 support profiles: too many for auto
    sol = solver.solve(g)
    assert sol.method == "pure" and not sol.complete
    assert "mixed ones were not searched" in str(sol)
    assert sol.to_dict()["complete"] is False


# ---------------------------------------------------------------------- invariants
SHAPES = [(2, 2, 2), (3, 2, 2), (2, 3, 2)]


@st.composite
def small_games(draw):
    """Three-player games with few strategies; a small payoff range makes ties and
    continua common, a wide one makes irrational equilibria common."""
    shape = draw(st.sampled_from(SHAPES))
    bound = draw(st.sampled_from([2, 9, 1000]))
    cells = int(np.prod(shape))
    tables = [np.array(draw(st.lists(st.integers(-bound, bound), min_size=cells, max_size=cells)),
                       dtype=object).reshape(shape) for _ in shape]
    return tables


def independent_regret(game, probs, digits=60) -> float:
    """Largest regret relative to the payoff range, recomputed from the payoff tables
    with each probability evaluated at ``digits`` digits."""
    p = [[sympy.N(sympy.sympify(x), digits) for x in pr] for pr in probs]
    worst = 0.0
    for i, span in enumerate(game.player_ranges):
        table = np.array(game.payoffs[i].tolist(), dtype=object)
        values = []
        for s in range(game.shape[i]):
            total = 0
            for cell in np.ndindex(*game.shape):
                if cell[i] == s:
                    w = sympy.Rational(str(table[cell]))
                    for j, t in enumerate(cell):
                        if j != i:
                            w *= p[j][t]
                    total += w
            values.append(total)
        expected = sum(a * v for a, v in zip(p[i], values))
        worst = max(worst, float((max(values) - expected) / span))
    return worst


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_games())
def test_every_equilibrium_is_certified_and_every_pure_one_is_listed(tables):
    game = solver.NormalFormGame(tables)
    sol = polynomial_support_enumeration(game)
    assert len(sol) >= 1
    for eq in sol:
        assert eq.exact and all(r == 0 for r in eq.regret)
        for pr in eq.probabilities:
            assert all(sympy.sympify(x) >= 0 for x in pr)
        if eq.is_algebraic:
            assert independent_regret(game, eq.probabilities) <= 1e-40
            assert all(abs(float(sum(sympy.N(x, 40) for x in pr)) - 1) < 1e-30
                       for pr in eq.probabilities)
        else:
            assert all(sum(pr) == 1 for pr in eq.probabilities)
            assert regret(game, eq.probabilities) == (0,) * game.n_players
    pure = {eq.probabilities for eq in pure_equilibria(game)}
    assert pure == {eq.probabilities for eq in sol if eq.is_pure}
    # honest labels: complete exactly when no continuum was met
    assert sol.complete == (not sol.extra["continua"])
    assert any("the list is complete" in n for n in sol.notes) == sol.complete


def relabel(tables, players, strategies):
    """New player k is old player players[k]; new strategy j of old player i is his old
    strategy strategies[i][j]."""
    out = []
    for k in range(len(tables)):
        t = np.transpose(np.array(tables[players[k]], dtype=object), players)
        for axis, old in enumerate(players):
            t = np.take(t, strategies[old], axis=axis)
        out.append(t)
    return out


def relabelled_profile(probs, players, strategies) -> tuple:
    return tuple(tuple(probs[old][s] for s in strategies[old]) for old in players)


def _key(probs) -> tuple:
    return tuple(round(float(x), 12) for pr in probs for x in pr)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_games(), st.randoms(use_true_random=False))
def test_relabelling_players_and_strategies_changes_nothing(tables, rnd):
    """The equilibria outside continua, and the continua that hold a listed equilibrium,
    are the same in any labelling; so is the count when the list is complete.  (A
    solution set the box search cannot exclude, with no equilibrium found in it, may be
    excluded in another labelling: the boxes differ.)"""
    n = len(tables)
    players = rnd.sample(range(n), n)
    strategies = [rnd.sample(range(m), m) for m in tables[0].shape]
    before = polynomial_support_enumeration(solver.NormalFormGame(tables))
    after = polynomial_support_enumeration(solver.NormalFormGame(relabel(tables, players, strategies)))

    def moved(support):
        return tuple(tuple(j for j, s in enumerate(strategies[old]) if s in support[old])
                     for old in players)

    def sampled(sol):
        return {k for c in sol.extra["continua"] for k in c["samples"]}

    def holding(sol):
        return {c["support"] for c in sol.extra["continua"] if c["vertices"] or c["samples"]}

    def reported(sol):
        return {c["support"] for c in sol.extra["continua"]}

    assert {moved(c) for c in holding(before)} <= reported(after)
    assert holding(after) <= {moved(c) for c in reported(before)}
    assert sorted(_key(relabelled_profile(eq.probabilities, players, strategies))
                  for k, eq in enumerate(before) if k not in sampled(before)) == \
        sorted(_key(eq.probabilities) for k, eq in enumerate(after) if k not in sampled(after))
    if before.complete and after.complete:
        assert len(after) == len(before)
    if before.complete != after.complete:
        # only a set holding no listed equilibrium may be left unexcluded
        incomplete = after if before.complete else before
        assert not holding(incomplete)


def test_one_player_gets_his_optimal_strategies():
    """One player: the equilibria are his optimal strategies and their mixtures.  A unique
    optimum is the complete list; tied optima are a continuum, listed by samples and
    never called complete."""
    unique = solver.solve(solver.NormalFormGame([[3, 1, 2]]))
    assert len(unique) == 1 and unique.complete and unique.method == "enumerate"
    assert unique[0].probabilities == ((1, 0, 0),)
    tied = solver.solve(solver.NormalFormGame([[3, 1, 3]]))
    assert not tied.complete and len(tied) >= 2
    assert {eq.probabilities for eq in tied} >= {((1, 0, 0),), ((0, 0, 1),)}
    assert all(eq.probabilities[0][1] == 0 and eq.regret == (0,) for eq in tied)
