"""``leverage-bargaining``: alternating offers with outside options (negotiation leverage).

Mechanism
---------
The West and Russia take turns proposing how to split the stake (normalised to 1).
The responder accepts, rejects and makes the next proposal a round later, or opts
out to war, its outside option.  Delay is costly (the discount factors
``delta_W``, ``delta_R``), so *patience is bargaining power*; an outside option
changes the split only when it *binds*, that is when it is worth more than what
the responder could get by rejecting and proposing itself (the outside-option
principle).  Hence an offer that beats Russia's war value can still be refused:
at the defaults the diplomatic-victory offer (DV, worth ``y_dv = 0.46`` to Russia)
is more than war (``w_R = 0.45``) but less than the ``9/19 = 0.474`` that Russia
gets by rejecting and counter-offering.  Patience, not the outside option,
refuses DV; the lever this points to is Western patience (``delta_W``).

The model
---------
Rubinstein's (1982) infinite-horizon alternating-offers game with outside options
(Shaked and Sutton 1984; Binmore, Shaked and Sutton 1989; Osborne and Rubinstein
1990, ch. 3; Muthoo 1999, ch. 5).  The West proposes in odd rounds, Russia in even
ones.  Agreement in round *t* on Russia's share *y* pays ``(delta_W**(t-1)*(1 -
y), delta_R**(t-1)*y)``; the responder's opting out pays ``(delta_W**(t-1)*w_W,
delta_R**(t-1)*w_R)``.

Its subgame-perfect equilibrium is unique and *stationary*: each side, when it
proposes, keeps the same share ``x_W`` (the West) or ``x_R`` (Russia) in every
round, and offers the responder exactly its reservation value, the larger of its
war value and what rejecting is worth (proposing next round)::

    x_W = 1 - max(w_R, delta_R*x_R),        x_R = 1 - max(w_W, delta_W*x_W).

Substituting one equation in the other, ``x_R = min(1 - w_W, max(1 - delta_W*(1 -
w_R), 1 - delta_W + delta_W*delta_R*x_R))``: an increasing map of slope
``delta_W*delta_R < 1``, whose fixed point is the middle one of three closed forms
(the tests check these against the equations solved case by case)::

    x_W = min(1 - w_R, max(1 - delta_R*(1 - w_W), (1 - delta_R)/(1 - delta_W*delta_R)))
    x_R = min(1 - w_W, max(1 - delta_W*(1 - w_R), (1 - delta_W)/(1 - delta_W*delta_R)))

``(1 - delta_R)/(1 - delta_W*delta_R)`` is Rubinstein's share when no option
binds; ``1 - delta_R*(1 - w_W)`` applies when the West's own option binds in
Russia's round (Russia must leave it ``w_W``); ``1 - w_R`` when Russia's binds.
Russia's share as responder is ``1 - x_W = max(w_R, min(delta_R*(1 - w_W),
delta_R*(1 - delta_W)/(1 - delta_W*delta_R)))``:

- at the defaults (``delta_W = delta_R = 0.9``, ``w_W = 0.30``, ``w_R = 0.45``) no
  option binds and Russia gets ``9/19 = 0.474``;
- with ``delta_W = 0.8`` the West's option binds in Russia's round and the split is
  ``(0.37, 0.63)``; it binds for every ``delta_W < 30/37``;
- for ``delta_W >= 10/11`` Russia's option binds and its share is ``w_R = 0.45``:
  its option binds iff ``w_R >= delta_R*(1 - delta_W)/(1 - delta_W*delta_R)``.

The registered game: one round of the stationary equilibrium
--------------------------------------------------------------
A tree cannot hold an infinite game, but by stationarity one round is enough: the
continuation after a rejection is the same game with the roles swapped, whose
value is known in closed form.  :func:`stationary_round` builds that round
(14 nodes).  The West chooses among

- ``Reservation offer``: Russia's reservation value ``max(w_R, delta_R*x_R)``;
- ``DV``: the seed's offer, worth ``y_dv`` to Russia;
- ``Nash split``: Russia's war value plus half the surplus ``1 - w_W - w_R``
  (the Nash (1950) bargaining solution from the disagreement point ``(w_W, w_R)``:
  0.575 at the defaults);
- ``No concession``: nothing for Russia.

Russia answers DV, the Nash split and no concession with ``Accept``, ``Reject``
(worth ``(delta_W*(1 - x_R), delta_R*x_R)``: Russia proposes next round and keeps
``x_R``) or ``Opt out`` (war, ``(w_W, w_R)``).  The payoffs are sympy expressions:
the max and min of the closed forms (printed ``Max``/``Min``, worked out once the
parameters are numbers), so the same game is exact at any parameter values.
Backward induction then gives the stationary equilibrium: the West makes the
reservation offer, which Russia accepts.  That offer leaves Russia
exactly indifferent between accepting and its best alternative; in the
equilibrium of the infinite game the responder accepts when indifferent (were it
to refuse, the proposer would have no best offer), so the tree ends play on it
instead of giving Russia a tied choice that would make spurious equilibria.

:func:`certify_stationary` checks that the round is stationary: it solves this
round and the mirror round in which Russia proposes (``stationary_round("Russia")``)
by backward induction, and checks that the shares the solutions give the two
proposers are the shares ``x_W`` and ``x_R`` that the continuations assumed (a
fixed point of the equations above), that acceptance of the reservation offer is
a best reply, and that no offer of the continuum would do better for the
proposer.  The tests run it, exactly, at the defaults and at random parameters.

The thresholds follow from the closed forms.  As ``delta_W`` rises Russia's share
falls, and in round one Russia switches from rejecting to accepting the Nash split
at ``delta_W = 130/153`` (its share falls to 0.575), from rejecting to accepting
DV at ``220/243`` (0.46), and from counter-offering to opting out after no
concession at ``10/11`` (its share reaches ``w_R``).  The payoffs are not rational
functions of the parameter (they contain max and min), so ``thresholds()`` finds
these on a grid and locates them exactly.

The finite-horizon benchmark
----------------------------
:func:`leverage_bargaining_tree` builds the alternating-offers game cut after a
number of rounds, with a grid of offers a round: it teaches that the last proposer
has the edge (Stahl 1972) and that the horizon matters, and its distance from the
stationary share is stated by :func:`finite_horizon_bound` (see
``games/scenarios/_leverage_finite_horizon.py``).  The closed forms the tests hold
both games to, :func:`rubinstein_split`, :func:`finite_horizon_split` and
:func:`nash_split`, are in ``games/scenarios/_bargaining_formulas.py``.  All are
importable from this module.

Sources
-------
Rubinstein, A. (1982), "Perfect Equilibrium in a Bargaining Model", *Econometrica*
50(1).  Shaked, A. and Sutton, J. (1984), "Involuntary Unemployment as a Perfect
Equilibrium in a Bargaining Model", *Econometrica* 52(6).  Binmore, K., Shaked, A.
and Sutton, J. (1989), "An Outside Option Experiment", *Quarterly Journal of
Economics* 104(4).  Osborne, M. J. and Rubinstein, A. (1990), *Bargaining and
Markets*, ch. 3.  Muthoo, A. (1999), *Bargaining Theory with Applications*, ch. 5.
Stahl, I. (1972), *Bargaining Theory*.  Nash, J. (1950), "The Bargaining Problem",
*Econometrica* 18(2).  The seeds: seed 000's "Negotiation leverage" (a perception
of weakened resolve strengthens Russia's position) and seed 002's "strategic
patience" and refusal of the offer.  Documented in ``docs/scenarios.md``.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from solver import solve
from solver.errors import GameError, SolverError
from solver.forms.extensive.builder import TreeBuilder
from solver.forms.extensive.game import ExtensiveFormGame

from ..registry import register
from ._bargaining_formulas import (
    finite_horizon_bound,
    finite_horizon_split,
    nash_split,
    rubinstein_split,
)
from ._leverage_finite_horizon import DEFAULT_OFFERS, DEFAULT_ROUNDS, leverage_bargaining_tree
from ._leverage_parameters import (
    PARAMETERS,
    PLAYERS,
    exact_fraction,
    exact_values,
    parameter_symbols,
)

__all__ = ["PARAMETERS", "DEFAULT_ROUNDS", "DEFAULT_OFFERS", "OFFERS", "leverage_bargaining",
           "stationary_round", "stationary_shares", "certify_stationary",
           "StationaryCertificate", "leverage_bargaining_tree", "rubinstein_split",
           "finite_horizon_split", "finite_horizon_bound", "nash_split"]

_SOURCE = ("Rubinstein 1982; Shaked and Sutton 1984; Binmore, Shaked and Sutton 1989; "
           'Stahl 1972; Nash 1950; seed 000: "Negotiation leverage"')

#: The proposer's offers in :func:`stationary_round` (``DV`` only in the West's round).
OFFERS = ("Reservation offer", "DV", "Nash split", "No concession")


# ------------------------------------------------------------------ the stationary equilibrium
@cache
def stationary_shares() -> tuple[sympy.Expr, sympy.Expr]:
    """The proposers' shares ``(x_W, x_R)`` in the stationary subgame-perfect equilibrium.

    ``x_W`` is what the West keeps when it proposes, ``x_R`` what Russia keeps when
    it proposes: the fixed point of ``x_W = 1 - max(w_R, delta_R*x_R)``, ``x_R = 1 -
    max(w_W, delta_W*x_W)``, written as a median of closed forms (see the module
    docstring).

    Returns
    -------
    (sympy.Expr, sympy.Expr)
        Expressions in ``delta_W``, ``delta_R``, ``w_W``, ``w_R`` with min and max
        (printed ``Min``, ``Max``); exact at exact values.

    Examples
    --------
    >>> import sympy
    >>> x_W, x_R = stationary_shares()
    >>> at = {"delta_W": sympy.Rational(9, 10), "delta_R": sympy.Rational(9, 10),
    ...       "w_W": sympy.Rational(3, 10), "w_R": sympy.Rational(9, 20)}
    >>> x_W.subs(at), x_R.subs(at)
    (10/19, 10/19)
    """
    from ._deferred_minmax import DeferredMax, DeferredMin
    dW, dR, wW, wR = (parameter_symbols()[k] for k in ("delta_W", "delta_R", "w_W", "w_R"))
    x_W = DeferredMin(1 - wR, DeferredMax(1 - dR * (1 - wW), (1 - dR) / (1 - dW * dR)))
    x_R = DeferredMin(1 - wW, DeferredMax(1 - dW * (1 - wR), (1 - dW) / (1 - dW * dR)))
    return x_W, x_R


@cache
def stationary_round(proposer: str = "West", *, dv: bool | None = None) -> ExtensiveFormGame:
    """One round of the stationary equilibrium: ``proposer`` offers, the other answers.

    Parameters
    ----------
    proposer : {"West", "Russia"}
        Who proposes.  The registered game is the West's round; Russia's round is
        its mirror, used by :func:`certify_stationary`.
    dv : bool, optional
        Whether the West may make the DV offer (worth ``y_dv`` to Russia); by
        default it may, in its own round.  Russia's round has no DV offer.

    Returns
    -------
    ExtensiveFormGame
        Perfect information, 14 nodes (10 in Russia's round, which has no DV).
        The root, labelled ``"West proposes"`` (or ``"Russia proposes"``), has the
        actions of :data:`OFFERS`; ``Reservation offer`` ends play with its
        acceptance; the responder's node after each other offer is labelled by the offer
        (``"DV"``, ``"Nash split"``, ``"No concession"``) and has the actions
        ``Accept``, ``Reject`` (the continuation: the responder proposes next
        round and keeps its stationary share) and ``Opt out`` (war).

    Raises
    ------
    GameError
        For another proposer, or ``dv=True`` in Russia's round.

    Notes
    -----
    Games are immutable, so each round is built once and kept.
    """
    if proposer not in PLAYERS:
        raise GameError("leverage-bargaining: the proposer is 'West' or 'Russia', got "
                        f"{proposer!r}")
    dv = proposer == "West" if dv is None else dv
    if dv and proposer != "West":
        raise GameError("leverage-bargaining: only the West makes the DV offer")
    return _round(proposer, dv, None)


def _round(proposer: str, dv: bool, at: Mapping | None) -> ExtensiveFormGame:
    """:func:`stationary_round`, symbolic (``at`` None) or with every parameter put in
    (``at``: symbol -> sympy Rational; a concrete game built directly, faster than
    substituting into the symbolic one)."""
    import sympy

    from ._deferred_minmax import DeferredMax
    west = proposer == "West"
    dW, dR, wW, wR, ydv = (parameter_symbols()[p.name] for p in PARAMETERS)
    x_W, x_R = stationary_shares()
    d_resp, w_resp = (dR, wR) if west else (dW, wW)
    d_prop, w_prop = (dW, wW) if west else (dR, wR)
    x_resp = x_R if west else x_W              # the responder's share when it proposes next
    reservation = DeferredMax(w_resp, d_resp * x_resp)
    offers = {"Reservation offer": reservation, "DV": ydv,
              "Nash split": w_resp + (1 - wW - wR) / 2, "No concession": sympy.Integer(0)}
    if not dv:
        del offers["DV"]

    def vector(proposer_gets, responder_gets):
        pair = (proposer_gets, responder_gets) if west else (responder_gets, proposer_gets)
        return pair if at is None else tuple(exact_fraction(x.xreplace(at)) for x in pair)

    params = None if at is not None else {p.name: p for p in PARAMETERS
                                          if p.name != "y_dv" or dv}
    responder = PLAYERS[1 - PLAYERS.index(proposer)]
    b = TreeBuilder(PLAYERS, title=f"Leverage bargaining: one round of the stationary "
                    f"equilibrium, {proposer} proposes", parameters=params)
    root = b.decision(proposer, tuple(offers), label=f"{proposer} proposes")
    b.terminal(root, "Reservation offer", payoffs=vector(1 - reservation, reservation))
    reject = vector(d_prop * (1 - x_resp), d_resp * x_resp)
    war = vector(w_prop, w_resp)
    for act, y in offers.items():
        if act == "Reservation offer":
            continue
        r = b.decision(responder, ("Accept", "Reject", "Opt out"), parent=root[act], label=act)
        b.terminal(r, "Accept", payoffs=vector(1 - y, y))
        b.terminal(r, "Reject", payoffs=reject)
        b.terminal(r, "Opt out", payoffs=war)
    return b.build()


@register("leverage-bargaining",
          "Alternating offers with outside options: patience is leverage, and Russia rejects a DV "
          "offer worth more than war to counter-offer",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="alternating offers: patience is bargaining power",
          literature="Rubinstein 1982",
          lever="Western patience (delta_W)")
def leverage_bargaining() -> ExtensiveFormGame:
    """The registered game: the West's round of the stationary equilibrium
    (:func:`stationary_round`), with the DV offer."""
    return stationary_round("West")


# ------------------------------------------------------------------ the certificate
@dataclass(frozen=True)
class StationaryCertificate:
    """What :func:`certify_stationary` checked, with the numbers.

    Attributes
    ----------
    values : dict
        The parameter values (exact).
    west_share, russia_share : Fraction
        ``x_W`` and ``x_R``: each side's share when it proposes, as solved.
    russia_as_responder, west_as_responder : Fraction
        ``1 - x_W`` (Russia's share of the West's offer: 9/19 at the defaults) and
        ``1 - x_R``.
    russia_option_binds, west_option_binds : bool
        Whether the responder's war value is at least what rejecting is worth
        (``w_R >= delta_R*x_R``, ``w_W >= delta_W*x_W``).
    """

    values: Mapping[str, Fraction]
    west_share: Fraction
    russia_share: Fraction
    russia_as_responder: Fraction
    west_as_responder: Fraction
    russia_option_binds: bool
    west_option_binds: bool


def certify_stationary(**params: Any) -> StationaryCertificate:
    """Check that one round, solved by backward induction, is the stationary equilibrium.

    Solves the West's round and Russia's round (:func:`stationary_round`) at the
    given values (defaults otherwise) and checks, exactly:

    1. in each round the proposer's reservation offer is optimal, and every
       subgame-perfect equilibrium gives the same payoffs (there is one equilibrium
       except where a comparison is tied, at a threshold);
    2. *stationarity*: the proposers' solved shares equal the shares ``x_W``, ``x_R``
       that the continuations assumed (:func:`stationary_shares`), so the round
       reproduces the values it assumed (the fixed point of ``x_W = 1 - max(w_R,
       delta_R*x_R)``, ``x_R = 1 - max(w_W, delta_W*x_W)``);
    3. the responder's acceptance of the reservation offer is a best reply (its
       value is at least the war value and the value of rejecting, with equality
       for the larger), and no offer of the continuum is better for the proposer:
       a lower one is refused, which gives the proposer at most ``max(w,
       delta*(1 - x_other))``, no more than its share.

    Parameters
    ----------
    **params
        Values of ``delta_W``, ``delta_R``, ``w_W``, ``w_R`` (and ``y_dv``), exact
        numbers or strings, within the parameters' ranges.

    Returns
    -------
    StationaryCertificate

    Raises
    ------
    GameError
        For an unknown parameter or a value outside its range.
    SolverError
        If a check fails.

    Examples
    --------
    >>> c = certify_stationary(delta_W="0.8")
    >>> c.west_share, c.russia_as_responder, c.west_option_binds
    (Fraction(37, 100), Fraction(63, 100), True)
    """
    import sympy
    values = exact_values(params)
    at = {parameter_symbols()[k]: sympy.Rational(v.numerator, v.denominator) for k, v in values.items()}
    x_W, x_R = (exact_fraction(e.xreplace(at)) for e in stationary_shares())
    solved = {}
    for proposer in PLAYERS:
        sol = solve(_round(proposer, proposer == "West", at))
        moves = {eq.action(proposer, f"{proposer} proposes") for eq in sol.equilibria}
        if "Reservation offer" not in moves:
            raise SolverError(f"certify_stationary: in its round {proposer} plays "
                              f"{sorted(moves)}, not the reservation offer")
        payoffs = {tuple(eq.payoffs) for eq in sol.equilibria}
        if len(payoffs) != 1:
            raise SolverError(f"certify_stationary: {proposer}'s round has equilibria with "
                              f"different payoffs {sorted(payoffs)}")
        solved[proposer] = Fraction(payoffs.pop()[PLAYERS.index(proposer)])
    if (solved["West"], solved["Russia"]) != (x_W, x_R):
        raise SolverError(f"certify_stationary: not stationary: the rounds give the proposers "
                          f"({solved['West']}, {solved['Russia']}), the continuations assumed "
                          f"({x_W}, {x_R})")
    dW, dR, wW, wR = (values[k] for k in ("delta_W", "delta_R", "w_W", "w_R"))
    for share, other, d_resp, w_resp, d_prop, w_prop in ((x_W, x_R, dR, wR, dW, wW),
                                                         (x_R, x_W, dW, wW, dR, wR)):
        if 1 - share != max(w_resp, d_resp * other):
            raise SolverError("certify_stationary: the reservation offer is not the "
                              "responder's reservation value")
        if share < max(w_prop, d_prop * (1 - other)):
            raise SolverError("certify_stationary: a refused offer would pay the proposer more")
    return StationaryCertificate(values=dict(values), west_share=x_W, russia_share=x_R,
                                 russia_as_responder=1 - x_W, west_as_responder=1 - x_R,
                                 russia_option_binds=wR >= dR * x_R,
                                 west_option_binds=wW >= dW * x_W)
