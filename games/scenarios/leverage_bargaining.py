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
:func:`leverage_bargaining_tree` builds the alternating-offers game cut after
``rounds`` rounds (a rejection in the last round means war a round later), with
``offers`` offers a round: the proposer concedes the responder's outside option
plus ``theta`` of the surplus ``S = 1 - w_W - w_R``, ``theta`` over the midpoints
``(2j + 1)/(2*offers)`` (midpoints keep offers off the outside options, where the
responder would be indifferent).  It teaches that the last proposer has the edge
(Stahl 1972) and that the horizon matters, but it is only a benchmark: it grows
like ``5*offers**rounds`` nodes (4,885 for 3 rounds of 10 offers).  Its distance
from the stationary share is stated by :func:`finite_horizon_bound` and tested at
random parameters: the continuous ``rounds``-round value (:func:`finite_horizon_split`)
is within ``D = prod(responders' delta over rounds 1..T-1)*max(0,
delta*x - w)`` of it (``delta``, ``x``, ``w``: the round-*T* responder's discount
factor, stationary proposer share and war value), and the grid adds at most
``G = (S/offers)*(1 + d + ... + d**(T-1))``, ``d = max(delta_W, delta_R)``.  At
the defaults the 3-round, 10-offer tree gives Russia ``37/80 = 0.4625``, 0.011
below ``9/19``; ``D = 0.0192`` and ``G = 0.0678``.

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
from solver.forms.extensive.game import ExtensiveFormGame, pause_gc
from solver.numbers import to_number

from ..registry import Parameter, register

__all__ = ["PARAMETERS", "DEFAULT_ROUNDS", "DEFAULT_OFFERS", "OFFERS", "leverage_bargaining",
           "stationary_round", "stationary_shares", "certify_stationary",
           "StationaryCertificate", "leverage_bargaining_tree", "rubinstein_split",
           "finite_horizon_split", "finite_horizon_bound", "nash_split"]

#: Rounds and offers per round of the finite-horizon benchmark tree (4,885 nodes).
DEFAULT_ROUNDS = 3
DEFAULT_OFFERS = 10

PARAMETERS = (
    Parameter("delta_W", "0.9", "0", "0.99",
              "the West's discount factor per round of talks (its patience)",
              'seed 000: "a perception of weakened U.S. resolve or reduced international '
              'consensus on sanctions against Russia would strengthen the Russian President’s '
              'negotiating position"'),
    Parameter("delta_R", "0.9", "0", "0.99",
              "Russia's discount factor per round of talks (its patience)",
              'seed 002: "seems poised to sustain its position even at the risk of prolonged '
              'conflict, signaling a strategic patience"'),
    Parameter("w_W", "0.30", "0", "0.35",
              "the West's outside option: its war value 1 - p - c_W",
              'seed 000: "the ability to leverage economic sanctions, mobilize international '
              'coalitions"'),
    Parameter("w_R", "0.45", "0", "0.6",
              "Russia's outside option: its war value p - c_R",
              'seed 000: "the Russian President might leverage the threat of escalating the '
              'conflict in Ukraine"'),
    Parameter("y_dv", "0.46", "0", "1",
              "Russia's value of the West's diplomatic-victory (DV) offer",
              'seed 002: "Partial recognition", "Immediate ceasefire", "Phased relief"; '
              '"Putin’s refusal highlights a preference for gradual consolidation rather than '
              'immediate diplomatic recognition"'),
)

_SOURCE = ("Rubinstein 1982; Shaked and Sutton 1984; Binmore, Shaked and Sutton 1989; "
           'Stahl 1972; Nash 1950; seed 000: "Negotiation leverage"')

_PLAYERS = ("West", "Russia")

#: The proposer's offers in :func:`stationary_round` (``DV`` only in the West's round).
OFFERS = ("Reservation offer", "DV", "Nash split", "No concession")


@cache
def _symbols() -> dict:
    """The parameters' symbols, by name (sympy is imported on first use)."""
    import sympy
    return {p.name: sympy.Symbol(p.name) for p in PARAMETERS}


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
    dW, dR, wW, wR = (_symbols()[k] for k in ("delta_W", "delta_R", "w_W", "w_R"))
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
    if proposer not in _PLAYERS:
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
    dW, dR, wW, wR, ydv = (_symbols()[p.name] for p in PARAMETERS)
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
        return pair if at is None else tuple(_exact(x.xreplace(at)) for x in pair)

    params = None if at is not None else {p.name: p for p in PARAMETERS
                                          if p.name != "y_dv" or dv}
    responder = _PLAYERS[1 - _PLAYERS.index(proposer)]
    b = TreeBuilder(_PLAYERS, title=f"Leverage bargaining: one round of the stationary "
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


def _exact(x) -> Fraction:
    import sympy
    x = sympy.sympify(x)
    if not x.is_Rational:
        raise GameError(f"leverage-bargaining: {x} is not an exact number")
    return Fraction(int(x.p), int(x.q))


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
    specs = {p.name: p for p in PARAMETERS}
    values = {}
    for name, spec in specs.items():
        raw = params.pop(name, spec.default)
        v = to_number(raw, f"leverage-bargaining: parameter {name!r}")
        if not isinstance(v, Fraction):
            raise GameError(f"leverage-bargaining: parameter {name!r} needs an exact number, "
                            f"got {raw!r}")
        low, high = spec.range
        if not low <= v <= high:
            raise GameError(f"leverage-bargaining: {name} = {raw} is outside its range "
                            f"[{spec.low}, {spec.high}]")
        values[name] = v
    if params:
        raise GameError(f"leverage-bargaining: no parameter {min(params)!r}")
    at = {_symbols()[k]: sympy.Rational(v.numerator, v.denominator) for k, v in values.items()}
    x_W, x_R = (_exact(e.xreplace(at)) for e in stationary_shares())
    solved = {}
    for proposer in _PLAYERS:
        sol = solve(_round(proposer, proposer == "West", at))
        moves = {eq.action(proposer, f"{proposer} proposes") for eq in sol.equilibria}
        if "Reservation offer" not in moves:
            raise SolverError(f"certify_stationary: in its round {proposer} plays "
                              f"{sorted(moves)}, not the reservation offer")
        payoffs = {tuple(eq.payoffs) for eq in sol.equilibria}
        if len(payoffs) != 1:
            raise SolverError(f"certify_stationary: {proposer}'s round has equilibria with "
                              f"different payoffs {sorted(payoffs)}")
        solved[proposer] = Fraction(payoffs.pop()[_PLAYERS.index(proposer)])
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


# ------------------------------------------------------------------ the finite-horizon benchmark
def _theta(j: int, offers: int) -> Fraction:
    return Fraction(2 * j + 1, 2 * offers)


def leverage_bargaining_tree(rounds: int = DEFAULT_ROUNDS, offers: int = DEFAULT_OFFERS, *,
                             dv: bool = True) -> ExtensiveFormGame:
    """The alternating-offers game cut after ``rounds`` rounds, ``offers`` offers a round.

    A benchmark (see "The finite-horizon benchmark" in the module docstring and
    :func:`finite_horizon_bound`), not the registered game.

    Parameters
    ----------
    rounds : int
        Number of proposals (the West proposes in odd rounds, Russia in even ones).
        A rejection in the last round ends the talks in war a round later.
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
        Perfect information, about ``5*offers**rounds`` nodes; payoffs are sympy
        expressions in ``delta_W``, ``delta_R``, ``w_W``, ``w_R`` (and ``y_dv``).
        Labelled nodes: the root ``"West (round 1)"``, Russia's reply to each first
        offer (``"DV"``, ``"concede 1/20 (round 1)"``, ...) and the round-2
        proposals after them (``"Russia (round 2) after DV"``, ...).

    Raises
    ------
    GameError
        For ``rounds < 1`` or ``offers < 1`` (not positive integers).
    """
    import sympy
    if not isinstance(rounds, int) or rounds < 1:
        raise GameError(f"leverage-bargaining: rounds must be a positive integer, got {rounds!r}")
    if not isinstance(offers, int) or offers < 1:
        raise GameError(f"leverage-bargaining: offers must be a positive integer, got {offers!r}")
    dW, dR, wW, wR, ydv = (_symbols()[p.name] for p in PARAMETERS)
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
    title = (f"Leverage bargaining, finite horizon ({rounds} round{'s' if rounds > 1 else ''}, "
             f"{offers} offers)")
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


# ------------------------------------------------------------------ closed forms (benchmarks)
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
