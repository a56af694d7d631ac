"""Closed forms of alternating-offers bargaining with outside options, in exact numbers.

Two players split a stake of 1, proposing in turn; a rejected offer costs a round of
delay (discount factors ``delta_W``, ``delta_R``) and a responder may walk away to its
outside option (``w_W``, ``w_R``).  These functions give the splits that theory
predicts, written independently of the game trees of
:mod:`games.scenarios.leverage_bargaining`, so that the tests can hold the trees to
them:

- :func:`rubinstein_split`: the unique subgame-perfect split of the infinite game
  (Rubinstein 1982, "Perfect Equilibrium in a Bargaining Model", *Econometrica* 50;
  with outside options, Shaked and Sutton 1984, *Econometrica* 52): each proposer
  keeps what the responder cannot claim, the responder getting the larger of its
  outside option and what waiting to propose is worth to it;
- :func:`finite_horizon_split`: the same by backward induction over a finite
  number of rounds (Stahl 1972, *Bargaining Theory*);
- :func:`finite_horizon_bound`: how far the two can be apart, and how much a grid of
  offers adds;
- :func:`nash_split`: the (generalised) Nash bargaining solution (Nash 1950, "The
  Bargaining Problem", *Econometrica* 18), to which Rubinstein's split tends as the
  period between offers shrinks (Binmore, Rubinstein and Wolinsky 1986).

All of them are importable from :mod:`games.scenarios.leverage_bargaining`.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from solver.errors import GameError

__all__ = ["rubinstein_split", "finite_horizon_split", "finite_horizon_bound", "nash_split"]


def _fractions(*xs) -> tuple[Fraction, ...]:
    return tuple(x if isinstance(x, Fraction) else Fraction(x) for x in xs)


def rubinstein_split(delta_W: Any, delta_R: Any, w_W: Any = 0, w_R: Any = 0) -> tuple:
    """The infinite-horizon subgame-perfect split when the West proposes first.

    Solves ``x_W = 1 - max(w_R, delta_R*x_R)`` and ``x_R = 1 - max(w_W,
    delta_W*x_W)``, where ``x_i`` is player *i*'s share when he proposes, case by
    case (which options bind): the responder gets the larger of its outside
    option and what it would get by waiting a round to propose (Rubinstein 1982;
    Shaked and Sutton 1984).  An oracle independent of :func:`stationary_shares`.

    Parameters
    ----------
    delta_W, delta_R : number
        Discount factors, ``delta_W*delta_R < 1`` (exact numbers stay exact).
    w_W, w_R : number
        Outside options, with ``w_W + w_R < 1``.

    Returns
    -------
    (Fraction, Fraction)
        ``(West's share, Russia's share)`` of the agreement reached at once.

    Examples
    --------
    >>> rubinstein_split(Fraction(9, 10), Fraction(9, 10), Fraction(3, 10), Fraction(9, 20))
    (Fraction(10, 19), Fraction(9, 19))
    >>> rubinstein_split(Fraction(4, 5), Fraction(9, 10), Fraction(3, 10), Fraction(9, 20))
    (Fraction(37, 100), Fraction(63, 100))
    """
    dW, dR, wW, wR = _fractions(delta_W, delta_R, w_W, w_R)
    if dW * dR >= 1:
        raise GameError("rubinstein_split needs delta_W*delta_R < 1")
    # the map is a contraction; its fixed point is one of four linear cases
    for bind_R in (False, True):
        for bind_W in (False, True):
            if bind_R and bind_W:
                xW, xR = 1 - wR, 1 - wW
            elif bind_R:
                xW = 1 - wR
                xR = 1 - dW * xW
            elif bind_W:
                xR = 1 - wW
                xW = 1 - dR * xR
            else:
                xW = (1 - dR) / (1 - dW * dR)
                xR = (1 - dW) / (1 - dW * dR)
            if xW == 1 - max(wR, dR * xR) and xR == 1 - max(wW, dW * xW):
                return xW, 1 - xW
    raise GameError("rubinstein_split: no consistent split; check that w_W + w_R < 1")


def finite_horizon_split(rounds: int, delta_W: Any, delta_R: Any, w_W: Any = 0,
                         w_R: Any = 0) -> tuple:
    """The split of the ``rounds``-round game with continuous offers (Stahl 1972).

    Backward from the last round: the responder gets the larger of its outside
    option and its discounted share as next proposer (in the last round, its
    outside option); the proposer keeps the rest.

    Examples
    --------
    >>> finite_horizon_split(3, Fraction(9, 10), Fraction(9, 10), Fraction(3, 10), Fraction(9, 20))
    (Fraction(1091, 2000), Fraction(909, 2000))
    """
    dW, dR, wW, wR = _fractions(delta_W, delta_R, w_W, w_R)
    x = None                     # the next proposer's share (None after the last round)
    for t in range(rounds, 0, -1):
        d, w = (dR, wR) if t % 2 else (dW, wW)     # the responder in round t
        x = 1 - (w if x is None else max(w, d * x))
    return x, 1 - x


def finite_horizon_bound(rounds: int, offers: int | None, delta_W: Any, delta_R: Any,
                         w_W: Any, w_R: Any) -> tuple:
    """How far the finite-horizon tree can be from the stationary split: ``(D, G)``.

    ``D`` bounds the distance of the continuous ``rounds``-round split
    (:func:`finite_horizon_split`) from the stationary one: the two recursions
    differ only in the last round, by ``max(0, delta*x - w)`` for that round's
    responder (``x`` its stationary proposer share), and each earlier round
    shrinks the difference by its responder's discount factor.  ``G`` bounds what
    the grid of ``offers`` offers adds: each round's proposer may lose up to one
    step ``S/offers`` (``S = 1 - w_W - w_R``) and the next round's error reaches it
    discounted, so ``G = (S/offers)*(1 + d + ... + d**(rounds-1))``, ``d =
    max(delta_W, delta_R)`` (0 for ``offers=None``: continuous offers).

    Returns
    -------
    (Fraction, Fraction)
        ``|finite_horizon_split - rubinstein_split| <= D`` and
        ``|leverage_bargaining_tree(rounds, offers) - rubinstein_split| <= D + G``
        (in Russia's share).

    Examples
    --------
    >>> D, G = finite_horizon_bound(3, 10, Fraction(9, 10), Fraction(9, 10), Fraction(3, 10),
    ...                             Fraction(9, 20))
    >>> D, G, float(D)
    (Fraction(729, 38000), Fraction(271, 4000), 0.01918421052631579)
    """
    dW, dR, wW, wR = _fractions(delta_W, delta_R, w_W, w_R)
    xW, _ = rubinstein_split(dW, dR, wW, wR)
    xR = rubinstein_split(dR, dW, wR, wW)[0]       # Russia's share when it proposes
    shrink = Fraction(1)
    for t in range(1, rounds):
        shrink *= dR if t % 2 else dW
    d, x, w = (dR, xR, wR) if rounds % 2 else (dW, xW, wW)
    D = shrink * max(Fraction(0), d * x - w)
    if offers is None:
        return D, Fraction(0)
    step = (1 - wW - wR) / offers
    dmax = max(dW, dR)
    return D, step * sum(dmax ** j for j in range(rounds))


def nash_split(d_W: Any, d_R: Any, alpha_R: Any = Fraction(1, 2)) -> tuple:
    """The (generalised) Nash bargaining solution on the frontier ``u_W + u_R = 1``.

    Maximises ``(u_W - d_W)**(1 - alpha_R) * (u_R - d_R)**alpha_R``: each side gets
    its disagreement payoff plus its bargaining-power share of the surplus, ``u_R
    = d_R + alpha_R*(1 - d_W - d_R)`` (Nash 1950; Binmore, Rubinstein and Wolinsky
    1986 for the link with alternating offers as the period shrinks).

    Examples
    --------
    >>> nash_split(Fraction(3, 10), Fraction(9, 20))
    (Fraction(17, 40), Fraction(23, 40))
    """
    dW, dR, a = _fractions(d_W, d_R, alpha_R)
    uR = dR + a * (1 - dW - dR)
    return 1 - uR, uR
