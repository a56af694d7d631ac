"""``leverage-bargaining``'s finite-horizon benchmark: alternating offers cut after a
number of rounds, on a grid of offers.

Rubinstein's game has no last round, which is why its equilibrium is stationary.  Cut
it after ``T`` rounds and backward induction decides it: in the last round the
responder accepts anything worth its outside option, so the last proposer has the
edge, and each earlier responder gets the larger of its outside option and its
discounted share as the next proposer (Stahl 1972, *Bargaining Theory*; Osborne and
Rubinstein 1990, *Bargaining and Markets*, section 3.10).  As ``T`` grows the split
tends to the stationary one.

:func:`leverage_bargaining_tree` builds the alternating-offers game cut after
``rounds`` rounds (a rejection in the last round means war a round later), with
``offers`` offers a round: the proposer concedes the responder's outside option
plus ``theta`` of the surplus ``S = 1 - w_W - w_R``, ``theta`` over the midpoints
``(2j + 1)/(2*offers)`` (midpoints keep offers off the outside options, where the
responder would be indifferent).  It teaches that the last proposer has the edge
(Stahl 1972) and that the horizon matters, but it is only a benchmark: it grows
like ``5*offers**rounds`` nodes (4,885 for 3 rounds of 10 offers).  Its distance
from the stationary share is stated by :func:`~games.scenarios.leverage_bargaining.finite_horizon_bound` and tested at
random parameters: the continuous ``rounds``-round value (:func:`~games.scenarios.leverage_bargaining.finite_horizon_split`)
is within ``D = prod(responders' delta over rounds 1..T-1)*max(0,
delta*x - w)`` of it (``delta``, ``x``, ``w``: the round-*T* responder's discount
factor, stationary proposer share and war value), and the grid adds at most
``G = (S/offers)*(1 + d + ... + d**(T-1))``, ``d = max(delta_W, delta_R)``.  At
the defaults the 3-round, 10-offer tree gives Russia ``37/80 = 0.4625``, 0.011
below ``9/19``; ``D = 0.0192`` and ``G = 0.0678``.

The tree is a benchmark, not the registered game (which is one round of the
stationary equilibrium, :mod:`games.scenarios.leverage_bargaining`); it is importable
from there.
"""
from __future__ import annotations

from fractions import Fraction

from solver.errors import GameError
from solver.forms.extensive.builder import TreeBuilder
from solver.forms.extensive.game import ExtensiveFormGame, pause_gc

from ._leverage_parameters import PARAMETERS, PLAYERS, parameter_symbols

__all__ = ["DEFAULT_ROUNDS", "DEFAULT_OFFERS", "leverage_bargaining_tree"]

#: Rounds and offers per round of the finite-horizon benchmark tree (4,885 nodes).
DEFAULT_ROUNDS = 3
DEFAULT_OFFERS = 10


def _theta(j: int, offers: int) -> Fraction:
    return Fraction(2 * j + 1, 2 * offers)


def leverage_bargaining_tree(rounds: int = DEFAULT_ROUNDS, offers: int = DEFAULT_OFFERS, *,
                             dv: bool = True) -> ExtensiveFormGame:
    """The alternating-offers game cut after ``rounds`` rounds, ``offers`` offers a round.

    A benchmark (see the module docstring and
    :func:`~games.scenarios.leverage_bargaining.finite_horizon_bound`), not the
    registered game.

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
    dW, dR, wW, wR, ydv = (parameter_symbols()[p.name] for p in PARAMETERS)
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
    b = TreeBuilder(PLAYERS, title=title, parameters=defaults)

    def grow(t: int, parent, first_offer: str | None) -> None:
        proposer = PLAYERS[(t - 1) % 2]
        responder = PLAYERS[t % 2]
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
