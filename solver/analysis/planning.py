"""The planning optimum of a one-player tree: the best behaviour strategy, exactly, explained.

A one-player tree is a decision problem.  With perfect recall its best behaviour
strategy is a best pure strategy, found by backward induction.  Without it the
behaviour strategies (a probability over the actions at each information set, drawn
afresh at every visit) can do strictly better than every pure strategy and every
mixture of them.  The classic case is Piccione and Rubinstein's (1997)
**absent-minded driver**: he must exit at the second of two intersections but
cannot tell them apart.  Exiting at the first pays 0, at the second 4, and driving
on past both 1.  A pure strategy exits at the first or at neither (best: 1); driving
on with probability ``p`` at each visit pays ``4p(1 - p) + p^2 = 4p - 3p^2``, largest
at ``p = 2/3``, where it pays 4/3.

The *planning optimum* is the behaviour strategy that is best when chosen before the
play starts (Piccione and Rubinstein 1997; Aumann, Hart and Perry 1997 discuss why
the driver, once at an intersection, has no reason to deviate from it).  It is
computed here exactly: the expected payoff is a polynomial in the behaviour
probabilities (:func:`solver.algorithms.behavior_polynomials.payoff_polynomials`),
maximised over every face of the strategy space with the critical points solved
exactly (:func:`solver.algorithms.behavior_optimum.maximise_on_simplices`).

References
----------
Piccione, M. and Rubinstein, A. (1997), "On the interpretation of decision problems
with imperfect recall", *Games and Economic Behavior* 20, 3-24.
Aumann, R. J., Hart, S. and Perry, M. (1997), "The absent-minded driver", *Games and
Economic Behavior* 20, 102-116.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import sympy

from solver.algorithms.behavior_optimum import exact_value, maximise_on_simplices
from solver.algorithms.behavior_polynomials import (
    absent_minded_players,
    behavior_symbols,
    payoff_polynomials,
    sign,
)
from solver.errors import GameError
from solver.forms.extensive.behavior import BehaviorProfile
from solver.numbers import format_number

__all__ = ["PlanningOptimum", "planning_optimum"]


@dataclass(frozen=True)
class PlanningOptimum:
    """The best behaviour strategies of a one-player tree.

    Attributes
    ----------
    game : ExtensiveFormGame
    value : Fraction or sympy number
        The largest expected payoff of a behaviour strategy (exact).
    strategies : tuple of BehaviorProfile
        The behaviour strategies that attain it (all of them when ``complete`` and
        there are finitely many).
    pure_value : Fraction
        The largest expected payoff of a pure strategy, which is also the largest of a
        mixed strategy (a mixture of pure strategies).
    pure_strategies : tuple of tuple of str
        The best pure strategies, as one action label per information set.
    payoff : sympy.Expr
        The expected payoff as a polynomial in the behaviour probabilities; with one
        free probability, in ``p`` (the probability of :attr:`variable`'s action).
    variable : tuple or None
        ``(information-set label, action)`` whose probability is ``p``, when the
        strategy space has one free probability; else None.
    critical : tuple
        With one free probability: the roots of the derivative inside (0, 1).
    absent_minded : bool
        Whether a play can meet one of the player's information sets twice.
    complete : bool
        False when some face had infinitely many critical points (``value`` is then
        the largest found).
    """

    game: Any
    value: Any
    strategies: tuple
    pure_value: Any
    pure_strategies: tuple
    payoff: Any
    variable: tuple | None
    critical: tuple
    absent_minded: bool
    complete: bool

    def explain(self) -> str:
        """The optimum in words: the payoff polynomial, where it is largest and why no
        pure or mixed strategy does as well."""
        g = self.game
        lines = [f"Planning optimum{' of ' + g.title if g.title else ''} ({g.players[0]} alone)."]
        if self.absent_minded:
            lines.append("The player is absent-minded: a play can pass twice through one of his "
                         "information sets, and he cannot tell the visits apart, so a behaviour "
                         "strategy draws its action afresh at each visit with the same "
                         "probabilities.")
        p = sympy.Symbol("p")
        if self.variable is not None:
            label, action = self.variable
            lines.append(f"Write p for the probability of {action} at information set {label}. "
                         f"The expected payoff is {_poly_text(self.payoff, p)}.")
            d = _poly_text(sympy.expand(sympy.diff(self.payoff, p)), p)
            ends = ", ".join(f"{format_number(exact_value(self.payoff.subs(p, x)))} at p = {x}"
                             for x in (0, 1))
            if self.critical:
                roots = ", ".join(f"p = {r}" for r in self.critical)
                at = "; ".join(f"{format_number(exact_value(self.payoff.subs(p, r)))} at p = {r}"
                               for r in self.critical)
                lines.append(f"Its derivative {d} is 0 inside (0, 1) at {roots}; the payoff is "
                             f"{at}, against {ends}.")
            else:
                lines.append(f"Its derivative {d} is not 0 inside (0, 1): the best is at an end "
                             f"({ends}).")
        else:
            lines.append(f"The expected payoff is the polynomial {self.payoff} in the behaviour "
                         "probabilities (A@I is the probability of action A at information set "
                         "I); it was maximised exactly on every face of the strategy "
                         "space (each information set's actions used or not), at the critical "
                         "points of each face.")
        best = " or ".join(_text(s) for s in self.strategies)
        lines.append(f"The planning optimum is {best}, with expected payoff "
                     f"{format_number(self.value)}.")
        pure = " or ".join("/".join(s) for s in self.pure_strategies)
        if sign(self.value - self.pure_value) > 0:
            lines.append(f"No pure strategy does as well: the best, {pure}, gets "
                         f"{format_number(self.pure_value)}, and so does the best mixed strategy, "
                         "which draws one pure strategy for the whole play. Randomising at each "
                         "visit reaches plays no mixture of pure strategies reaches; Kuhn's "
                         "theorem, which makes the two kinds of strategy equivalent, needs perfect "
                         "recall (Piccione and Rubinstein 1997).")
        else:
            lines.append(f"A pure strategy does as well: {pure}, with "
                         f"{format_number(self.pure_value)}.")
        if not self.complete:
            lines.append("Some face had infinitely many critical points: the value is the largest "
                         "found, and a larger one was not ruled out.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain()


def _set_name(label: str, k: int) -> str:
    return repr(label) if label else f"#{k + 1}"


def _text(profile: BehaviorProfile) -> str:
    moves = []
    for k, (label, acts, pr) in enumerate(zip(profile.infoset_labels[0], profile.actions[0],
                                              profile.probabilities[0])):
        played = [(a, x) for a, x in zip(acts, pr) if sign(x) > 0]
        what = played[0][0] if len(played) == 1 else \
            ", ".join(f"{a} with probability {format_number(x)}" for a, x in played)
        moves.append(f"{what} at {_set_name(label, k)}" if len(profile.actions[0]) > 1 else what)
    return "(" + "; ".join(moves) + ")"


def _poly_text(expr, p) -> str:
    """``4p - 3p^2``: the terms by increasing degree."""
    terms = []
    for (k,), c in sorted(sympy.Poly(expr, p).terms()):
        power = "" if k == 0 else ("p" if k == 1 else f"p^{k}")
        size = abs(c)
        coef = str(size) if (size != 1 or not power) else ""
        body = f"{coef}{'(' + power + ')' if coef and '/' in coef and power else power}"
        terms.append(("-" if c < 0 else "+", body))
    if not terms:
        return "0"
    text = ("-" if terms[0][0] == "-" else "") + terms[0][1]
    return text + "".join(f" {s} {b}" for s, b in terms[1:])


def _readable(game, symbols, f):
    """``f`` with each probability named ``action@set`` (``B@#1``)."""
    names = {}
    for g, block in enumerate(symbols):
        s = game.infoset(g)
        where = s.label or f"#{s.index + 1}"
        for a, v in zip(s.actions, block):
            names[v] = sympy.Symbol(f"{a}@{where}")
    return f.xreplace(names)


def planning_optimum(game) -> PlanningOptimum:
    """The best behaviour strategy of a one-player tree, exactly (any recall).

    Parameters
    ----------
    game : ExtensiveFormGame
        A concrete exact tree with one player (chance moves allowed).

    Returns
    -------
    PlanningOptimum

    Raises
    ------
    GameError
        For a game of two or more players, a normal-form game or float payoffs.

    Examples
    --------
    The absent-minded driver (Piccione and Rubinstein 1997):

    >>> from solver import TreeBuilder
    >>> b = TreeBuilder(["Driver"], title="Absent-minded driver")
    >>> x = b.decision("Driver", ["Continue", "Exit"], infoset="intersection")
    >>> y = b.decision("Driver", ["Continue", "Exit"], parent=x["Continue"], infoset="intersection")
    >>> _ = b.terminal(x, "Exit", payoffs=[0])
    >>> _ = b.terminal(y, "Continue", payoffs=[1]); _ = b.terminal(y, "Exit", payoffs=[4])
    >>> best = planning_optimum(b.build())
    >>> best.value, best.strategies[0].probabilities[0][0]
    (Fraction(4, 3), (Fraction(2, 3), Fraction(1, 3)))
    """
    if getattr(game, "form", None) != "extensive":
        raise GameError("planning_optimum takes a game tree with one player (a decision problem)")
    if game.n_players != 1:
        raise GameError(f"planning_optimum is for one-player trees; this one has "
                        f"{game.n_players} players (solve it with solver.solve)")
    game.require_concrete()
    if not game.exact:
        raise GameError("planning_optimum works in exact arithmetic; give the payoffs as "
                        "integers, fractions or decimal strings")
    symbols = behavior_symbols(game)
    f = payoff_polynomials(game, symbols)[0]
    best = maximise_on_simplices(f, symbols)
    strategies = tuple(BehaviorProfile.for_game(game, (tuple(
        tuple(exact_value(pt[v]) for v in block) for block in symbols),)) for pt in best.points)
    pure_value, pure = None, []
    for choice in itertools.product(*(range(len(b)) for b in symbols)):
        value = f.xreplace({v: int(k == c) for b, c in zip(symbols, choice)
                            for k, v in enumerate(b)})
        if pure_value is None or sign(value - pure_value) > 0:
            pure_value, pure = value, [choice]
        elif sign(value - pure_value) == 0:
            pure.append(choice)
    labels = tuple(tuple(game.infoset(g).actions[c] for g, c in enumerate(ch)) for ch in pure)
    payoff, variable, critical = _readable(game, symbols, f), None, ()
    free = [(g, b) for g, b in enumerate(symbols) if len(b) > 1]
    if len(free) == 1 and len(free[0][1]) == 2:
        g, (x0, x1) = free[0]
        p = sympy.Symbol("p")
        fixed = {b[0]: 1 for b in symbols if len(b) == 1}
        payoff = sympy.expand(f.xreplace({**fixed, x0: p, x1: 1 - p}))
        s = game.infoset(g)
        variable = (repr(s.label) if s.label else f"#{s.index + 1}", s.actions[0])
        d = sympy.Poly(sympy.diff(payoff, p), p)
        if d.degree() > 0:
            critical = tuple(r for r in sympy.real_roots(d) if sign(r) > 0 and sign(1 - r) > 0)
    return PlanningOptimum(game, best.value, strategies, exact_value(pure_value), labels, payoff,
                           variable, critical, bool(absent_minded_players(game)), best.complete)
