"""``leverage-bargaining``: alternating offers with outside options (negotiation leverage).

Mechanism.  The West and Russia take turns proposing how to split the stake; the
responder accepts, rejects and counter-offers a period later, or opts out to war
(its outside option).  Delay is costly through the discount factors, so patience
is bargaining power, and an outside option matters only when it *binds* (the
outside-option principle).  An offer below what the responder can obtain by
waiting one period and proposing itself is rejected with a counter-offer, even
when it beats the responder's war value: the DV offer (0.40) is refused by a
Russia whose equilibrium share as responder is 0.474.

Source models: Rubinstein (1982), "Perfect Equilibrium in a Bargaining Model",
*Econometrica* 50(1); Stahl (1972) for the finite horizon; Shaked and Sutton
(1984), *Econometrica* 52(6), and Binmore, Shaked and Sutton (1989) for outside
options; Nash (1950), *Econometrica* 18(2), as the axiomatic benchmark.  Documented
in ``docs/scenarios.md``.

The game.  Round 1: the West proposes; round 2: Russia; and so on for
``rounds`` rounds.  A proposal is an agreement that the responder ``Accept``s,
``Reject``s (the game moves to the next round, roles swapped) or answers by
``Opt out`` (war).  Agreement in round *t* on Russia's share *y* pays
``(delta_W**(t-1)*(1 - y), delta_R**(t-1)*y)``; opting out in round *t* pays
``(delta_W**(t-1)*w_W, delta_R**(t-1)*w_R)``; a rejection in the last round
ends the talks in war a period later, ``(delta_W**rounds*w_W,
delta_R**rounds*w_R)``.

The offer grid (offers must be discrete in a tree).  Every proposal concedes to
the responder its outside option plus a share ``theta`` of the surplus ``S = 1 -
w_W - w_R`` (the bargaining range of Fearon 1995: an offer below the responder's
outside option is refused, one above ``1 - w_proposer`` is worse for the
proposer than war).  ``theta`` runs over the midpoints ``(2j + 1)/(2*offers)``,
``j = 0 .. offers - 1``, of ``offers`` equal cells, so the grid moves with the
parameters and its step is ``S/offers`` (0.025 at the defaults).  Midpoints
keep offers off the outside options themselves: an offer exactly equal to the
responder's outside option would make it indifferent at every copy of that
subtree, and the number of subgame-perfect equilibria would double with each
copy.  In round 1 the West may also make the seed's ``DV`` offer, worth ``y_dv``
to Russia.  A tree must repeat the continuation after every rejected offer, so
it has about ``5*offers**rounds`` nodes: 4,885 at the default (3 rounds, 10
offers), 35,365 with 20 offers, 43,541 with 5 rounds of 6 offers; 5 rounds need
``offers <= 7`` to stay under 10^5 nodes.  ``rounds`` and ``offers`` shape the
tree, so they are arguments of :func:`leverage_bargaining_tree`, not parameters
of the registered game (which uses :data:`DEFAULT_ROUNDS` and
:data:`DEFAULT_OFFERS`).

Closed forms (benchmarks and test oracles, never used by the builder; exposed as
:func:`rubinstein_split` and :func:`nash_split`): with the West proposing, the
infinite-horizon split solves ``x_W = 1 - max(w_R, delta_R*x_R)``, ``x_R = 1 -
max(w_W, delta_W*x_W)`` (Shaked and Sutton 1984).  At the defaults Russia's share
as responder is ``delta_R*(1 - delta_W)/(1 - delta_W*delta_R) = 0.474 > 0.40``;
with ``delta_W = 0.8`` the West's own outside option binds and the split is
(0.37, 0.63); ``delta_W >= 10/11`` pushes Russia's share down to ``w_R = 0.45``;
Russia's option binds iff ``w_R > delta_R*(1 - delta_W)/(1 - delta_W*delta_R)``.
The Nash bargaining solution with disagreement point (0.30, 0.45) gives Russia
0.575.

How close the tree gets.  The finite horizon converges to the infinite one
slowly at ``delta = 0.9`` (the error shrinks by ``delta_W*delta_R = 0.81`` every
two rounds; odd horizons approach from below, even ones from above), while the
tree grows like ``offers**rounds``.  At the default the tree gives Russia 0.4625
= 37/80 as responder (the 3-round value with continuous offers is 0.4545, the
infinite one 0.4737): within one grid step of the 3-round value, 0.011 below the
infinite one.  With ``delta_W = 0.8`` a 2-round tree gives (0.3625, 0.6375)
(0.36875, 0.63125 with 20 offers) against (0.37, 0.63): the West's binding
outside option ends the recursion at once, so only the grid's step remains.
The tests measure these gaps.  ``thresholds()`` on the registered tree (1,343
decision nodes, symbolic backward induction) takes about 15 s; a tree of 3 rounds
of 5 offers answers in under a second.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

import sympy

from solver.errors import GameError
from solver.forms.extensive.builder import TreeBuilder
from solver.forms.extensive.game import ExtensiveFormGame, pause_gc

from ..registry import Parameter, register

__all__ = ["PARAMETERS", "DEFAULT_ROUNDS", "DEFAULT_OFFERS", "leverage_bargaining",
           "leverage_bargaining_tree", "rubinstein_split", "nash_split"]

#: Rounds and offers per round of the registered tree (4,885 nodes).
DEFAULT_ROUNDS = 3
DEFAULT_OFFERS = 10

PARAMETERS = (
    Parameter("delta_W", "0.9", "0", "1",
              "the West's discount factor per round of talks (its patience)",
              'seed 000: "a perception of weakened U.S. resolve"; seed 002 (Putin) '
              '"expecting Western resolve to wane"'),
    Parameter("delta_R", "0.9", "0", "1",
              "Russia's discount factor per round of talks (its patience)",
              'seed 002: "signaling a strategic patience"'),
    Parameter("w_W", "0.30", "0", "0.35",
              "the West's outside option: its war value 1 - p - c_W",
              'seed 000: "the ability to leverage economic sanctions, mobilize international '
              'coalitions"'),
    Parameter("w_R", "0.45", "0", "0.6",
              "Russia's outside option: its war value p - c_R",
              'seed 000: "the threat of escalating the conflict in Ukraine"'),
    Parameter("y_dv", "0.40", "0", "1",
              "Russia's value of the West's diplomatic-victory offer (round 1 only)",
              'seed 002: "Partial recognition", "Immediate ceasefire", "Phased relief"'),
)

_SOURCE = ("Rubinstein 1982; Stahl 1972; Shaked and Sutton 1984; Nash 1950; "
           'seed 000: "Negotiation leverage"')

_PLAYERS = ("West", "Russia")


def _theta(j: int, offers: int) -> Fraction:
    return Fraction(2 * j + 1, 2 * offers)


def leverage_bargaining_tree(rounds: int = DEFAULT_ROUNDS, offers: int = DEFAULT_OFFERS, *,
                             dv: bool = True) -> ExtensiveFormGame:
    """The alternating-offers tree with ``rounds`` rounds and ``offers`` offers a round.

    Parameters
    ----------
    rounds : int
        Number of proposals (the West proposes in odd rounds, Russia in even ones).
    offers : int
        Offers per proposal: the proposer concedes to the responder its outside
        option plus ``theta`` of the surplus ``1 - w_W - w_R``, for ``theta`` in
        ``1/(2*offers), 3/(2*offers), ..., 1 - 1/(2*offers)`` (action labels
        ``"concede 1/20"``, ...).
    dv : bool
        Whether the West may also open with the seed's ``DV`` offer (``y_dv``).

    Returns
    -------
    ExtensiveFormGame
        Perfect information; payoffs are sympy expressions in ``delta_W``,
        ``delta_R``, ``w_W``, ``w_R`` (and ``y_dv``).  Labelled nodes: the root
        ``"West (round 1)"``, Russia's reply to each first offer (``"DV"``,
        ``"concede 1/20 (round 1)"``, ...) and the round-2 proposals after them
        (``"Russia (round 2) after DV"``, ...); deeper nodes are named by their
        path of actions.

    Raises
    ------
    GameError
        For ``rounds < 1`` or ``offers < 1`` (not positive integers).

    Notes
    -----
    The tree has about ``5*offers**rounds`` nodes; building and solving 5 * 10^4
    nodes takes about 4 seconds.
    """
    if not isinstance(rounds, int) or rounds < 1:
        raise GameError(f"leverage-bargaining: rounds must be a positive integer, got {rounds!r}")
    if not isinstance(offers, int) or offers < 1:
        raise GameError(f"leverage-bargaining: offers must be a positive integer, got {offers!r}")
    dW, dR, wW, wR, ydv = (sympy.Symbol(p.name) for p in PARAMETERS)
    surplus = 1 - wW - wR
    thetas = [_theta(j, offers) for j in range(offers)]
    labels = [f"concede {sympy.Rational(t.numerator, t.denominator)}" for t in thetas]
    # payoff vectors, one object per (round, offer): the tree repeats them
    deal, out = {}, {}
    for t in range(1, rounds + 1):
        fw, fr = dW ** (t - 1), dR ** (t - 1)
        west_proposes = t % 2 == 1
        for j, th in enumerate(thetas):
            th = sympy.Rational(th.numerator, th.denominator)
            y = wR + th * surplus if west_proposes else 1 - (wW + th * surplus)
            deal[t, j] = (sympy.expand(fw * (1 - y)), sympy.expand(fr * y))
        deal[t, "DV"] = (fw * (1 - ydv), fr * ydv)
        out[t] = (fw * wW, fr * wR)
    war = (dW ** rounds * wW, dR ** rounds * wR)
    defaults = {p.name: p for p in PARAMETERS}
    if not dv:
        defaults.pop("y_dv")
    title = f"Leverage bargaining ({rounds} round{'s' if rounds > 1 else ''}, {offers} offers)"
    b = TreeBuilder(_PLAYERS, title=title, parameters=defaults)

    def grow(t: int, parent, first_offer: str | None) -> None:
        proposer = _PLAYERS[(t - 1) % 2]
        responder = _PLAYERS[t % 2]
        acts = list(labels) + (["DV"] if t == 1 and dv else [])
        if t == 1:
            label = "West (round 1)"
        elif t == 2:
            label = f"Russia (round 2) after {first_offer}"
        else:
            label = ""
        node = b.decision(proposer, acts, parent=parent, label=label)
        for j, act in enumerate(acts):
            key = (t, "DV") if act == "DV" else (t, j)
            rlabel = ("DV" if act == "DV" else f"{act} (round 1)") if t == 1 else ""
            r = b.decision(responder, ("Accept", "Reject", "Opt out"), parent=node[act],
                           label=rlabel)
            b.terminal(r, "Accept", payoffs=deal[key])
            b.terminal(r, "Opt out", payoffs=out[t])
            if t == rounds:
                b.terminal(r, "Reject", payoffs=war)
            else:
                grow(t + 1, r["Reject"], act if t == 1 else first_offer)

    with pause_gc():
        grow(1, None, None)
        return b.build()


@register("leverage-bargaining",
          "Alternating offers with outside options: patience is leverage, and Russia rejects DV "
          "to counter-offer",
          parameters=PARAMETERS, source=_SOURCE)
def leverage_bargaining() -> ExtensiveFormGame:
    """The registered tree: :func:`leverage_bargaining_tree` with ``DEFAULT_ROUNDS`` rounds
    and ``DEFAULT_OFFERS`` offers per round."""
    return leverage_bargaining_tree(DEFAULT_ROUNDS, DEFAULT_OFFERS)


# ------------------------------------------------------------------ closed forms (benchmarks)
def rubinstein_split(delta_W: Any, delta_R: Any, w_W: Any = 0, w_R: Any = 0) -> tuple:
    """The infinite-horizon subgame-perfect split when the West proposes first.

    Solves ``x_W = 1 - max(w_R, delta_R*x_R)`` and ``x_R = 1 - max(w_W,
    delta_W*x_W)``, where ``x_i`` is player *i*'s share when he proposes: the
    responder gets the larger of its outside option and what it would get by
    waiting a round to propose (Rubinstein 1982; the outside-option principle of
    Shaked and Sutton 1984).  With no binding option, the West gets ``(1 -
    delta_R)/(1 - delta_W*delta_R)``.  This is the model's known solution, a
    benchmark for the explanation and the tests; the game's equilibrium comes
    from the solver.

    Parameters
    ----------
    delta_W, delta_R : number
        Discount factors in ``[0, 1)`` (exact numbers stay exact).
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
    dW, dR, wW, wR = (Fraction(x) if not isinstance(x, Fraction) else x
                      for x in (delta_W, delta_R, w_W, w_R))
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
    dW, dR, a = (Fraction(x) if not isinstance(x, Fraction) else x for x in (d_W, d_R, alpha_R))
    uR = dR + a * (1 - dW - dR)
    return 1 - uR, uR
