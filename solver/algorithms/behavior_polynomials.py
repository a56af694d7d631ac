"""Expected payoffs of a game tree as exact polynomials in behaviour probabilities.

Under a behaviour profile ``x`` (at information set ``I`` the action ``a`` is taken
with probability ``x[I, a]``) a play reaches terminal node ``z`` with probability

.. math::  P(z) = c(z) \\prod_{h \\prec z} x[I(h), a(h, z)],

the chance probabilities ``c(z)`` on the path times one factor for each decision
node ``h`` on it.  Player *i*'s expected payoff ``u_i(x) = sum_z P(z) u_i(z)`` is
therefore a polynomial in the probabilities.  When no play passes twice through one
information set it is *multilinear*: of degree at most 1 in the probabilities of each
set.  A player who can meet one of his information sets twice on a play is
**absent-minded** (Piccione and Rubinstein 1997): then a set's probabilities appear
squared or to higher powers, and the polynomial may be largest at a mixed point,
which no mixture of pure strategies reaches (the absent-minded driver).

These polynomials are what the imperfect-recall algorithms optimise
(:mod:`solver.algorithms.behavior_optimum`): with perfect recall a best reply is
found by one pass over the tree (:mod:`solver.forms.extensive.behavior`), without
it only the polynomial is left.

References
----------
Piccione, M. and Rubinstein, A. (1997), "On the interpretation of decision problems
with imperfect recall", *Games and Economic Behavior* 20, 3-24.
Kuhn, H. W. (1953), "Extensive games and the problem of information",
*Contributions to the Theory of Games* II, 193-216.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import sympy

from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveFormGame

__all__ = ["behavior_symbols", "payoff_polynomials", "absent_minded_players",
           "as_sympy", "sign", "is_real_number", "chance_reach", "SIGN_DIGITS"]

#: Digits of the numerical evaluation that decides the sign of an irrational
#: algebraic number (an exact zero test follows when the value is this close to 0).
SIGN_DIGITS = 60


def behavior_symbols(game: ExtensiveFormGame) -> tuple[tuple[sympy.Symbol, ...], ...]:
    """One real symbol per action of every information set, by global set id:
    ``x{g}_{a}`` is the probability of action *a* at the set with global id *g*."""
    return tuple(tuple(sympy.Symbol(f"x{g}_{a}", real=True)
                       for a in range(len(game.infoset(g).actions)))
                 for g in range(game.n_infosets))


def as_sympy(x: Any) -> Any:
    """An exact number as sympy: Fractions become Rationals, sympy objects stay."""
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    if isinstance(x, int):
        return sympy.Integer(x)
    return sympy.sympify(x)


def payoff_polynomials(game: ExtensiveFormGame, assignment: Sequence[Sequence[Any]]) -> tuple:
    """Every player's expected payoff when set *g* plays ``assignment[g]``.

    Parameters
    ----------
    game : ExtensiveFormGame
        An exact concrete tree (any recall).
    assignment : sequence
        By global information-set id, the probabilities of the set's actions:
        numbers (Fractions, sympy numbers) or sympy expressions such as the
        symbols of :func:`behavior_symbols`.

    Returns
    -------
    tuple of sympy.Expr
        One expanded polynomial per player, in the symbols that ``assignment`` holds.
    """
    game.require_concrete()
    kind = game.node_kind.tolist()
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    gid = game.node_infoset.tolist()
    chance = {h: tuple(as_sympy(p) for p in pr) for h, pr in game.chance_table.items()}
    probs = [tuple(as_sympy(p) for p in pr) for pr in assignment]
    reach: list[Any] = [sympy.Integer(1)] * game.n_nodes
    totals = [sympy.Integer(0)] * game.n_players
    pay = game.path_payoffs
    for h in range(game.n_nodes):
        if h:
            p = parent[h]
            factor = probs[gid[p]][pact[h]] if kind[p] == DECISION else chance[p][pact[h]]
            reach[h] = reach[p] * factor if reach[p] != 0 else reach[p]
        if kind[h] == TERMINAL and reach[h] != 0:
            for i in range(game.n_players):
                if pay[h][i]:
                    totals[i] += reach[h] * as_sympy(pay[h][i])
    return tuple(sympy.expand(t) for t in totals)


def absent_minded_players(game: ExtensiveFormGame) -> tuple[int, ...]:
    """The players who can meet one of their information sets twice on a play
    (the index of each, in order)."""
    kind = game.node_kind.tolist()
    parent = game.node_parent.tolist()
    gid = game.node_infoset.tolist()
    who = game.node_player.tolist()
    above: list[frozenset] = [frozenset()] * game.n_nodes
    found = set()
    for h in range(game.n_nodes):
        if h:
            p = parent[h]
            above[h] = above[p] | {gid[p]} if kind[p] == DECISION else above[p]
        if kind[h] == DECISION and gid[h] in above[h]:
            found.add(who[h])
    return tuple(sorted(found))


def is_real_number(x: Any) -> bool:
    """True for an exact real number: rational, or algebraic with no imaginary part
    (decided numerically to :data:`SIGN_DIGITS` digits, then exactly)."""
    x = sympy.sympify(x)
    if x.free_symbols:
        return False
    if x.is_real:
        return True
    if x.is_real is False:
        return False
    imag = sympy.im(x)
    if abs(imag.evalf(SIGN_DIGITS)) > sympy.Float(10) ** (10 - SIGN_DIGITS):
        return False
    return bool(sympy.simplify(imag) == 0) or \
        sympy.minimal_polynomial(imag, sympy.Dummy()).is_Symbol


def sign(x: Any) -> int:
    """-1, 0 or 1: the exact sign of a real number (rational, or algebraic held by
    sympy).  Irrational numbers are evaluated to :data:`SIGN_DIGITS` digits; a value
    that close to 0 is tested exactly through its minimal polynomial."""
    if isinstance(x, (int, Fraction)):
        return (x > 0) - (x < 0)
    x = sympy.sympify(x)
    if x.is_Rational:
        return int(x.p > 0) - int(x.p < 0)
    re = sympy.re(x) if x.is_real is not True else x
    value = re.evalf(SIGN_DIGITS)
    if abs(value) > sympy.Float(10) ** (10 - SIGN_DIGITS):
        return 1 if value > 0 else -1
    if sympy.minimal_polynomial(re, sympy.Dummy()).is_Symbol:
        return 0
    value = re.evalf(4 * SIGN_DIGITS)               # a tiny nonzero number: look closer
    return 1 if value > 0 else -1


def chance_reach(game: ExtensiveFormGame) -> list:
    """Per node, the product of the chance probabilities on its path."""
    kind = game.node_kind.tolist()
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    reach: list[Any] = [Fraction(1)] * game.n_nodes
    for h in range(1, game.n_nodes):
        p = parent[h]
        reach[h] = reach[p] * game.chance_probabilities(p)[pact[h]] if kind[p] == CHANCE \
            else reach[p]
    return reach
