"""Risk dominance: which of two strict equilibria is the safer bet (Harsanyi and Selten 1988).

A game with two strict pure equilibria, such as a Stag Hunt, leaves a question the
equilibrium concept does not answer: which one will the players coordinate on?
Harsanyi and Selten (1988, *A General Theory of Equilibrium Selection in Games*,
MIT Press, sec. 5.2) give two answers.  An equilibrium *payoff-dominates* another
when every player gets more in it.  It *risk-dominates* the other when it is the
safer bet: in a game of two players with two strategies each, equilibrium ``E``
risk-dominates ``F`` when the product of the players' *deviation losses* is larger
at ``E``,

    (u_1(E) - u_1(F_1, E_2)) * (u_2(E) - u_2(E_1, F_2))
        >  (u_1(F) - u_1(E_1, F_2)) * (u_2(F) - u_2(F_1, E_2)),

where a player's deviation loss at an equilibrium is what he gives up by switching
alone to his strategy of the other equilibrium.  The product is the Nash product of
the game's "deviation-loss" bargaining problem, which is why the criterion does not
depend on how each player's utility is scaled: multiplying a player's payoffs by a
positive number multiplies both products by it, and adding a constant (even one
that depends on the other player's strategy) changes no loss.  Equivalently, a
player's strategy of ``E`` is a best reply once he believes the other plays her
``E`` strategy with probability at least ``t_i(E) = loss_i(F) / (loss_i(E) +
loss_i(F))``, and ``E`` risk-dominates ``F`` exactly when ``t_1(E) + t_2(E) < 1``:
``E`` needs less confidence from the two players together.  In a symmetric game
this says that a player who believes the other equally likely to play either
strategy does better with his strategy of ``E``.

Larger two-player games are handled when the two equilibria's strategies are
*closed under best replies*: against any belief over the other player's two
equilibrium strategies, each player's best replies are among his own two (the
strategies form what Harsanyi and Selten call a *formation*).  Their bicentric
prior and tracing procedure then never leave the 2x2 block, so the comparison of
the block is theirs.  Otherwise the tracing procedure would be needed and
:func:`risk_dominance` refuses with a :class:`~solver.errors.GameError`.

Routine listings
----------------
:func:`risk_dominance`
    The comparison as a :class:`RiskDominance` record (exact for exact games; for a
    parametric game also the two products as sympy expressions of its parameters).
:func:`~solver.analysis.risk_dominance_flips.risk_dominance_flips`
    The values of one parameter at which the risk-dominant equilibrium changes (the
    products are equal there), found exactly.  The support-based threshold search
    (:func:`solver.analysis.parametric.thresholds`) cannot see these flips: both
    equilibria exist on both sides.
:mod:`solver.analysis.risk_dominance_text`
    The comparison in words for an explanation (nothing when it does not apply).

Examples
--------
>>> from solver import NormalFormGame
>>> stag_hunt = NormalFormGame.symmetric([[4, 0], [3, 2]], strategies=("Stag", "Hare"))
>>> rd = risk_dominance(stag_hunt)
>>> rd.dominant, rd.products
(('Hare', 'Hare'), (Fraction(1, 1), Fraction(4, 1)))
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from solver.analysis.prose import join_words, label_text
from solver.errors import GameError
from solver.numbers import DEFAULT_TOLERANCE, format_number, json_number

__all__ = ["CITATION", "RiskDominance", "RiskDominanceFlip", "risk_dominance",
           "strict_equilibria", "compare_equilibria", "cell_of", "game_of", "profile_text"]

#: How the explanations cite the criterion.
CITATION = "Harsanyi and Selten 1988"

Profile = tuple[str, str]


# ====================================================================== the record
@dataclass(frozen=True)
class RiskDominance:
    """Harsanyi and Selten's comparison of two strict pure equilibria of a two-player game.

    Attributes
    ----------
    players : tuple of str
        The two players.
    equilibria : tuple of two profiles
        The two strict equilibria compared, each as a pair of strategy labels
        ``(row, column)``, in the order of the game's strategies.
    payoffs : tuple of two pairs
        Each equilibrium's payoffs ``(u_1, u_2)``.
    losses : tuple of two pairs
        ``losses[k][i]``: what player ``i`` loses by switching alone, at
        ``equilibria[k]``, to his strategy of the other equilibrium (positive).
    products : tuple
        ``products[k] = losses[k][0] * losses[k][1]``, the Nash product at ``equilibria[k]``.
    dominant : profile or None
        The risk-dominant equilibrium; None when the products are equal (a tie).
    payoff_dominant : profile or None
        The equilibrium in which both players get strictly more, if there is one.
    thresholds : tuple of two pairs
        ``thresholds[k][i]``: the least probability player ``i`` must give to the
        other's strategy of ``equilibria[k]`` for his own strategy there to be a
        best reply (within the two equilibria's strategies).  ``thresholds[k][i]
        + thresholds[1-k][i] == 1``; ``equilibria[k]`` risk-dominates iff
        ``thresholds[k][0] + thresholds[k][1] < 1``.
    half : tuple of two pairs
        ``half[i]``: player ``i``'s expected payoff from his strategy of
        ``equilibria[0]`` and of ``equilibria[1]`` when he believes the other equally
        likely to play either of her two.
    restricted : bool
        True when the game is larger than 2x2 and the comparison was made in the
        block of the two equilibria's strategies (closed under best replies).
    symbolic : tuple or None
        For a parametric game, the two products as sympy expressions of its
        parameters (valid wherever both equilibria stay strict); None otherwise.
    exact : bool
        Whether the numbers are exact.
    """

    players: tuple[str, str]
    equilibria: tuple[Profile, Profile]
    payoffs: tuple[tuple[Any, Any], tuple[Any, Any]]
    losses: tuple[tuple[Any, Any], tuple[Any, Any]]
    products: tuple[Any, Any]
    dominant: Profile | None
    payoff_dominant: Profile | None
    thresholds: tuple[tuple[Any, Any], tuple[Any, Any]]
    half: tuple[tuple[Any, Any], tuple[Any, Any]]
    restricted: bool = False
    symbolic: tuple[Any, Any] | None = None
    exact: bool = True

    @property
    def tie(self) -> bool:
        """True when neither equilibrium risk-dominates the other (equal products)."""
        return self.dominant is None

    @property
    def dominated(self) -> Profile | None:
        """The equilibrium that is risk-dominated (None on a tie)."""
        if self.dominant is None:
            return None
        return self.equilibria[1] if self.dominant == self.equilibria[0] else self.equilibria[0]

    @property
    def agrees_with_payoff_dominance(self) -> bool | None:
        """Whether both criteria select the same equilibrium (None if either does not select)."""
        if self.dominant is None or self.payoff_dominant is None:
            return None
        return self.dominant == self.payoff_dominant

    def to_dict(self) -> dict:
        """JSON form: profiles as lists of labels, exact numbers as strings."""
        num = _json
        return {
            "players": list(self.players),
            "equilibria": [list(e) for e in self.equilibria],
            "payoffs": [[num(x) for x in p] for p in self.payoffs],
            "losses": [[num(x) for x in p] for p in self.losses],
            "products": [num(x) for x in self.products],
            "dominant": None if self.dominant is None else list(self.dominant),
            "tie": self.tie,
            "payoff_dominant": None if self.payoff_dominant is None else list(self.payoff_dominant),
            "thresholds": [[num(x) for x in p] for p in self.thresholds],
            "restricted": self.restricted,
            "symbolic": None if self.symbolic is None else [str(x) for x in self.symbolic],
        }


@dataclass(frozen=True)
class RiskDominanceFlip:
    """A value of one parameter at which the risk-dominant equilibrium changes.

    Attributes
    ----------
    parameter : str
    value : Fraction, float or sympy number
        Where the two products are equal (exact when the game is exact).
    below, above : profile or None
        The risk-dominant equilibrium just below and just above ``value``.
    """

    parameter: str
    value: Any
    below: Profile | None
    above: Profile | None

    def to_dict(self) -> dict:
        return {"parameter": self.parameter, "value": _json(self.value),
                "below": None if self.below is None else list(self.below),
                "above": None if self.above is None else list(self.above)}

    def __str__(self) -> str:
        value = format_number(self.value) if isinstance(self.value, (Fraction, int, float)) \
            else str(self.value)
        if self.above is None or self.below is None:
            return (f"the risk-dominant equilibrium changes from {_name(self.below)} to "
                    f"{_name(self.above)} when {self.parameter} rises past {value}")
        return (f"{profile_text(self.above)} replaces {profile_text(self.below)} as the "
                f"risk-dominant equilibrium when {self.parameter} rises past {value} "
                f"(the products of the deviation losses are equal there)")


def _name(p: Profile | None) -> str:
    return "neither" if p is None else profile_text(p)


def _json(x):
    if isinstance(x, (Fraction, int, float)):
        return json_number(x)
    return str(x)


def profile_text(profile: Sequence[str]) -> str:
    """``"(Arm, Arm)"``."""
    return "(" + ", ".join(label_text(s) for s in profile) + ")"


# ====================================================================== the computation
def game_of(obj):
    """The two-player normal-form game of a game or a solution; GameError otherwise."""
    game = getattr(obj, "game", None) if hasattr(obj, "equilibria") else obj
    if game is None:
        raise GameError("risk dominance needs a game or a solution")
    if getattr(game, "form", None) != "normal" or game.n_players != 2:
        n = getattr(game, "n_players", "?")
        raise GameError("risk dominance (Harsanyi and Selten's 2x2 criterion) needs a "
                        f"two-player normal-form game; this one is a {n}-player "
                        f"{getattr(game, 'form', 'unknown')}-form game")
    return game


def strict_equilibria(game, slack) -> list[tuple[int, int]]:
    """Cells at which each player's strategy is his unique best reply."""
    A, B = game.payoffs
    m, n = game.shape
    out = []
    for r in range(m):
        for c in range(n):
            if all(A[r, c] - A[k, c] > slack for k in range(m) if k != r) and \
               all(B[r, c] - B[r, k] > slack for k in range(n) if k != c):
                out.append((r, c))
    return out


def cell_of(game, profile, what: str) -> tuple[int, int]:
    """The cell ``(row, column)`` of a profile of labels or indices; ``what`` names it in errors."""
    if len(profile) != 2:
        raise GameError(f"{what}: a profile names one strategy for each of the two players")
    return (game.strategy_index(0, profile[0]), game.strategy_index(1, profile[1]))


def _closed_under_best_replies(payoff, mine: tuple[int, int], theirs: tuple[int, int],
                               others: Sequence[int], slack):
    """An own strategy outside ``mine`` that is a best reply to some belief over ``theirs``.

    ``payoff(own, their)``; the belief puts ``t`` on ``theirs[0]``.  Outside strategy
    ``k`` is never a best reply iff ``max(u_a, u_b) - u_k > 0`` on ``[0, 1]``; that
    convex piecewise-linear function is smallest at 0, 1 or where ``u_a = u_b``.
    """
    a, b = mine
    c0, c1 = theirs

    def u(s, t):
        return t * payoff(s, c0) + (1 - t) * payoff(s, c1)

    da = payoff(a, c0) - payoff(b, c0)
    db = payoff(b, c1) - payoff(a, c1)
    points = [Fraction(0), Fraction(1)]
    if da + db != 0:
        cross = db / (da + db)
        points.append(cross)
    for k in others:
        for t in points:
            if not max(u(a, t), u(b, t)) - u(k, t) > slack:
                return k, t
    return None


def compare_equilibria(game, cells, slack, symbolic_game=None) -> RiskDominance:
    """The comparison of two strict equilibria given as cells (see :func:`risk_dominance`).

    ``slack`` is how much a payoff difference must exceed to count (0 for exact games);
    ``symbolic_game``, the parametric game before substitution, adds the products as
    expressions.
    """
    if game.exact:
        return _compare_in(game, cells, slack, symbolic_game)
    # float payoffs near 1e308: products and sums may overflow to inf (reported as
    # such), without numpy's RuntimeWarning on stderr; the verdict is taken on products
    # of losses relative to each player's payoff range, which cannot overflow
    with np.errstate(over="ignore", invalid="ignore"):
        return _compare_in(game, cells, slack, symbolic_game)


def _compare_in(game, cells, slack, symbolic_game=None) -> RiskDominance:
    (r1, c1), (r2, c2) = sorted(cells)
    A, B = game.payoffs
    m, n = game.shape
    restricted = (m, n) != (2, 2)
    if restricted:
        found = _closed_under_best_replies(lambda s, o: A[s, o], (r1, r2), (c1, c2),
                                           [k for k in range(m) if k not in (r1, r2)], slack)
        who, labels = 0, game.strategies[0]
        if found is None:
            found = _closed_under_best_replies(lambda s, o: B[o, s], (c1, c2), (r1, r2),
                                               [k for k in range(n) if k not in (c1, c2)], slack)
            who, labels = 1, game.strategies[1]
        if found is not None:
            raise GameError(
                f"the strategies of the two equilibria are not closed under best replies: "
                f"{game.players[who]}'s {labels[found[0]]} is a best reply to some belief over "
                "the other's two, so Harsanyi and Selten's 2x2 criterion does not apply (their "
                "tracing procedure would be needed)")

    def losses(G):
        A_, B_ = G.payoffs
        return ((A_[r1, c1] - A_[r2, c1], B_[r1, c1] - B_[r1, c2]),
                (A_[r2, c2] - A_[r1, c2], B_[r2, c2] - B_[r2, c1]))

    loss = losses(game)
    products = (loss[0][0] * loss[0][1], loss[1][0] * loss[1][1])
    e1 = (game.strategies[0][r1], game.strategies[1][c1])
    e2 = (game.strategies[0][r2], game.strategies[1][c2])
    if game.exact:
        tol, compared = 0, products
    else:
        ra, rb = game.player_ranges
        tol = DEFAULT_TOLERANCE
        compared = tuple((float(loss[k][0]) / ra) * (float(loss[k][1]) / rb) for k in range(2))
    if compared[0] - compared[1] > tol:
        dominant = e1
    elif compared[1] - compared[0] > tol:
        dominant = e2
    else:
        dominant = None
    pay = ((A[r1, c1], B[r1, c1]), (A[r2, c2], B[r2, c2]))
    if all(pay[0][i] - pay[1][i] > slack for i in range(2)):
        payoff_dominant = e1
    elif all(pay[1][i] - pay[0][i] > slack for i in range(2)):
        payoff_dominant = e2
    else:
        payoff_dominant = None
    thresholds = tuple(
        tuple(loss[1 - k][i] / (loss[0][i] + loss[1][i]) for i in range(2)) for k in range(2))
    half = ((Fraction(1, 2) * (A[r1, c1] + A[r1, c2]), Fraction(1, 2) * (A[r2, c1] + A[r2, c2])),
            (Fraction(1, 2) * (B[r1, c1] + B[r2, c1]), Fraction(1, 2) * (B[r1, c2] + B[r2, c2])))
    if not game.exact:
        half = tuple(tuple(float(x) for x in h) for h in half)
    symbolic = None
    if symbolic_game is not None:
        import sympy  # a parametric game only

        sl = losses(symbolic_game)
        symbolic = tuple(sympy.factor(sympy.sympify(sl[k][0]) * sympy.sympify(sl[k][1]))
                         for k in range(2))
    return RiskDominance(tuple(game.players), (e1, e2), pay, loss, products, dominant,
                         payoff_dominant, thresholds, half, restricted, symbolic, game.exact)


def risk_dominance(game, between: Sequence[Sequence[str]] | None = None, *,
                   params: Mapping[str, Any] | None = None) -> RiskDominance:
    """Compare two strict pure equilibria by risk dominance (Harsanyi and Selten 1988).

    Parameters
    ----------
    game : NormalFormGame or Solution
        A two-player normal-form game, or a solution of one (its game is used).  A
        parametric game is evaluated at its defaults (or at ``params``); the record
        then also carries the two products as sympy expressions of the parameters.
    between : pair of profiles, optional
        The two equilibria to compare, each as ``(row strategy, column strategy)``
        (labels or indices).  Needed only when the game has more than two strict
        pure equilibria.
    params : mapping, optional
        Values of a parametric game's parameters (the defaults otherwise).

    Returns
    -------
    RiskDominance
        Which equilibrium risk-dominates (None on a tie), the two products of the
        deviation losses, the losses themselves, the belief thresholds, and which
        equilibrium payoff-dominates, if either does.

    Raises
    ------
    GameError
        For a game that is not a two-player normal form; for one without exactly two
        strict pure equilibria (unless ``between`` names two); for a profile in
        ``between`` that is not a strict equilibrium; and for a game larger than 2x2
        in which the two equilibria's strategies are not closed under best replies
        (Harsanyi and Selten's tracing procedure would be needed there).

    Notes
    -----
    Harsanyi, J. C. and Selten, R. (1988), *A General Theory of Equilibrium
    Selection in Games*, MIT Press, sec. 5.2 (risk dominance in 2x2 games: the
    comparison of the products of the deviation losses, the Nash products); their
    formations, bicentric prior and tracing procedure are used here only to justify
    the restriction to a block of strategies closed under best replies.
    """
    game = game_of(game)
    symbolic_game = None
    if game.parametric:
        symbolic_game = game
        game = game.substitute(dict(params or {}), defaults=True)
    elif params:
        raise GameError("params were given, but the game has no free parameters")
    slack = 0 if game.exact else DEFAULT_TOLERANCE * game.payoff_range
    strict = strict_equilibria(game, slack)
    if between is None:
        if len(strict) != 2:
            names = join_words([game.cell_name(c) for c in strict]) or "none"
            raise GameError(
                f"risk dominance compares two strict pure equilibria; this game has "
                f"{len(strict)} ({names})"
                + ("; name the two with between=" if len(strict) > 2 else ""))
        cells = strict
    else:
        if len(between) != 2:
            raise GameError("between: give exactly two equilibria to compare")
        cells = [cell_of(game, p, "between") for p in between]
        if cells[0] == cells[1]:
            raise GameError("between: the two equilibria are the same profile")
        for c in cells:
            if c not in strict:
                raise GameError(f"between: {game.cell_name(c)} is not a strict pure "
                                "equilibrium, which risk dominance needs")
    return compare_equilibria(game, cells, slack, symbolic_game)
