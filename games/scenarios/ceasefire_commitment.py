"""``ceasefire-commitment``: the ceasefire as a commitment problem (shifting power).

Mechanism.  A ceasefire lets Ukraine re-arm and NATO and EU unity harden (seed 002:
Putin "Avoided hardening of NATO and EU unity"), so Russia's military position falls
from ``p`` to ``p_after``.  Whatever the West promises for later, once the shift has
happened it can profitably renege and offer only what Russia could then win by
fighting, ``p_after - c_R``.  Foreseeing this, Russia compares fighting now (``p -
c_R``) with the most a ceasefire can be made worth: the whole of the current
period's flow plus the reneged terms afterwards.  If the shift is large, Russia
fights now, although honouring the ceasefire would have been better for both
(Powell 2006; Fearon 1995).

Players and moves.  Russia chooses ``Ceasefire`` or ``FightNow`` (node ``"Russia"``).
After a ceasefire the West chooses ``Honour`` or ``Renege`` (node ``"West"``); after
Honour Russia chooses ``Accept`` or ``Fight`` at the new balance (node ``"Honour"``).

Payoffs are present values in per-period units, ``(1 - delta)*(flow at t = 0) +
delta*(flow from t = 1 on)``; war is absorbing and worth ``(1 - p_t - c_W, p_t -
c_R)`` per period (West, Russia).  Period 0's flow is paid before the West chooses,
so it is the same in both branches: under a ceasefire the West buys Russia off with
the whole of it (the most it can give, as in Powell 2006), ``(0, 1)``.  From t = 1 on:

* ``FightNow``: war at ``p`` from t = 0: ``(1 - p - c_W, p - c_R)``.
* ``Honour``: the settlement keeps the present balance, ``p`` a period to Russia;
  accepted, ``(delta*(1 - p), (1 - delta) + delta*p)``, at the defaults (0.32,
  0.68).  If Russia fights instead, at ``p_after``: ``(delta*(1 - p_after - c_W),
  (1 - delta) + delta*(p_after - c_R))``.
* ``Renege``: the West offers only Russia's new war value plus any bonded
  guarantee ``b`` (neutrality, a demilitarised zone with guarantors):
  ``(delta*(1 - p_after + c_R - b), (1 - delta) + delta*(p_after - c_R + b))``.
  Russia's reply is not a separate move: the offer is its own war value at t = 1
  (plus ``b``), so accepting is at least as good as fighting, and the responder
  accepts an offer at its reservation value as in the ultimatum game's equilibrium
  (Fearon 1995; the offer is often written ``p_after - c_R + epsilon``).  A separate
  Accept/Fight node there would add only an exact tie at ``b = 0`` and, with it,
  spurious equilibria.

Solution concept: subgame-perfect equilibrium (backward induction).

Notes
-----
Closed form (a test oracle, never used by the builder).  Russia fights now iff

    delta*(p - p_after - b) > (1 - delta)*(1 - p + c_R),

at the defaults 0.16 > 0.11: fighting now (0.45) beats a ceasefire that will be
reneged on (0.2 + 0.8*0.25 = 0.40).  After a ceasefire the West reneges iff ``p -
p_after + c_R > b`` (0.60 against 0.32 for honouring, at the defaults).  The
subgame-perfect payoffs are (West, Russia) = (0.30, 0.45), although the honoured
path, (0.32, 0.68), is better for both: the West cannot commit today to restraint it
will not want to show tomorrow.

Thresholds: the largest shift Russia tolerates is ``(1 - delta)*(1 - p +
c_R)/delta = 0.1375`` (``p_after* = 0.4625``); a bonded guarantee ``b* = 0.0625``
(1/16 a period) restores the ceasefire; and a more patient Russia fights more (it
fights for every ``delta > 11/15``).  NATO deployment and arms aid strengthen
deterrence but enlarge the post-ceasefire shift ``p - p_after`` that causes this
commitment problem.  The numbers are illustrative, not estimates.

References
----------
Powell, R. (2006), "War as a Commitment Problem", *International Organization*
60(1): a temporarily strong side that expects to weaken uses its power while it
still can (the one-shift derivation of sec. 2).

Fearon, J. D. (1995), "Rationalist Explanations for War", *International
Organization* 49(3): commitment problems.

Examples
--------
>>> import games, solver
>>> sol = solver.solve(games.get("ceasefire-commitment"))
>>> eq = sol.equilibria[0]
>>> eq.action("Russia", "Russia"), eq.action("West", "West"), eq.payoffs
('FightNow', 'Renege', (Fraction(3, 10), Fraction(9, 20)))
"""
from __future__ import annotations

from solver import ExtensiveFormGame, TreeBuilder

from ..registry import Parameter, register
from .baseline import C_R, C_W, P

__all__ = ["PARAMETERS", "ceasefire_commitment"]

P_AFTER = Parameter(
    "p_after", "0.40", "0", "1",
    "Russia's expected share if fighting resumes after a ceasefire (after re-armament)",
    'seed 002: "Western Alliances | Avoided hardening of NATO and EU unity"')
DELTA = Parameter(
    "delta", "0.8", "0", "1",
    "discount factor per period (one period: the time to re-arm, about 2-3 years)",
    'seed 002: "a preference for gradual consolidation", "strategic patience"')
B = Parameter(
    "b", "0", "0", "1",
    "per-period transfer to Russia bonded by a guarantee (neutrality, demilitarised zone)",
    'seed 000: "limitations on NATO expansion" and "Establishing a Buffer Zone"')

PARAMETERS = (P, P_AFTER, C_R, C_W, DELTA, B)

_SOURCE = ("Powell 2006 (commitment problems, shifting power); Fearon 1995; "
           'seed 002: "Avoided hardening of NATO and EU unity"')


@register("ceasefire-commitment",
          "The ceasefire as a commitment problem: Russia fights now because a ceasefire "
          "would shift power against it",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="commitment problem: a ceasefire shifts power against Russia",
          literature="Powell 2006; Fearon 1995",
          lever="bonded guarantees b (neutrality, a demilitarised zone with guarantors)",
          lever_parameters=("b", "p_after"))
def ceasefire_commitment() -> ExtensiveFormGame:
    """The two-period commitment game (Powell 2006).

    Russia chooses ``Ceasefire`` or ``FightNow`` (node ``"Russia"``); after a
    ceasefire the West chooses ``Honour`` or ``Renege`` (node ``"West"``); after
    Honour Russia chooses ``Accept`` or ``Fight`` (node ``"Honour"``).  Payoffs
    (West, Russia), in per-period units, are sympy expressions in ``p``,
    ``p_after``, ``c_R``, ``c_W``, ``delta`` and ``b``; the module docstring
    derives them.  Period 0's flow, all of it to Russia under a ceasefire, is paid
    in every branch after ``Ceasefire``.

    Returns
    -------
    ExtensiveFormGame
        The parametric tree (its parameters carry their defaults, ranges and sources).
    """
    import sympy
    p, pa, cR, cW, d, b = (sympy.Symbol(n) for n in ("p", "p_after", "c_R", "c_W", "delta", "b"))
    bld = TreeBuilder(players=("West", "Russia"), title="The ceasefire as a commitment problem",
                      parameters=PARAMETERS)
    root = bld.decision("Russia", actions=("Ceasefire", "FightNow"), label="Russia",
                        infoset_label="Russia")
    bld.terminal(root, "FightNow", payoffs=(1 - p - cW, p - cR), outcome_label="war now")
    west = bld.decision("West", parent=root["Ceasefire"], actions=("Honour", "Renege"),
                        label="West", infoset_label="West")
    honour = bld.decision("Russia", parent=west["Honour"], actions=("Accept", "Fight"),
                          label="Honour", infoset_label="Honour")
    bld.terminal(honour, "Accept", payoffs=(d * (1 - p), (1 - d) + d * p),
                 outcome_label="ceasefire honoured")
    bld.terminal(honour, "Fight", payoffs=(d * (1 - pa - cW), (1 - d) + d * (pa - cR)),
                 outcome_label="war after the shift")
    bld.terminal(west, "Renege", payoffs=(d * (1 - pa + cR - b), (1 - d) + d * (pa - cR + b)),
                 outcome_label="ceasefire reneged")
    return bld.build()
