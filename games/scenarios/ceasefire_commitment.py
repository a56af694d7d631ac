"""``ceasefire-commitment``: the ceasefire as a commitment problem (shifting power).

Mechanism.  A ceasefire lets Ukraine re-arm and NATO and EU unity harden, so
Russia's military position falls from ``p`` to ``p_after``.  Whatever the West
promises for later, once the shift has happened it can profitably renege and
offer only what Russia could then win by fighting, ``p_after - c_R``.  Foreseeing
this, Russia compares fighting now (``p - c_R``) with the most a ceasefire can
be made worth: the whole of the current period's flow plus the reneged terms
afterwards.  If the shift is large, Russia fights now, although honouring the
ceasefire would have been better for both.

Source model: Powell (2006), "War as a Commitment Problem", *International
Organization* 60(1): a temporarily strong side that expects to weaken "uses its
power to lock in a higher payoff while it still has the chance"; Fearon (1995)
on commitment problems.  The two-period tree follows the one-shift derivation of
Powell (2006, sec. 2); documented in ``docs/scenarios.md``.

Payoffs are present values in per-period units, ``(1 - delta)*(flow at t = 0) +
delta*(flow from t = 1 on)``; war is absorbing and worth ``(1 - p_t - c_W, p_t -
c_R)`` per period (West, Russia):

* ``FightNow``: war at ``p`` from t = 0: ``(1 - p - c_W, p - c_R)``.
* ``Ceasefire``: the West buys Russia off with the whole flow of t = 0 (the most
  it can give, as in Powell 2006); power shifts to ``p_after``; at t = 1 the
  West chooses

  - ``Honour``: the ceasefire keeps the present balance: Russia's settlement is
    worth ``p`` in all (0.60, "Honour (0.60 to R)"), the West's ``1 - p``.  Russia
    then ``Accept``s or ``Fight``s at ``p_after``, worth ``(1 - delta)*1 +
    delta*(p_after - c_R)`` to it and ``delta*(1 - p_after - c_W)`` to the West.
  - ``Renege``: the West offers from t = 1 on only Russia's new war value plus
    any bonded guarantee ``b`` (neutrality, a demilitarised zone with
    guarantors): Russia gets ``(1 - delta)*1 + delta*(p_after - c_R + b)``, the
    West ``delta*(1 - p_after + c_R - b)``.  Russia's reply is not a separate
    move: the offer is Russia's own war value at t = 1 (plus ``b``), so
    accepting is at least as good as fighting, and the responder accepts an
    offer at its reservation value as in the ultimatum game's equilibrium
    (Fearon 1995; the offer is often written ``p_after - c_R + epsilon``).  A separate Accept/Fight node there would add only an exact tie
    at ``b = 0``, and with it, at the defaults, a second tie for the West
    (``delta*(1 - p_after - c_W) = 1 - p = 0.40``) that sustains spurious
    equilibria.

Closed form (a test oracle, never used here): Russia fights now iff
``delta*(p - p_after - b) > (1 - delta)*(1 - p + c_R)``; at the defaults 0.16 >
0.11.  The SPE gives (West, Russia) = (0.30, 0.45) although the honoured
ceasefire gives (0.40, 0.60), better for both.  Thresholds: the largest
tolerable shift is ``(1 - delta)*(1 - p + c_R)/delta = 0.1375`` (``p_after* =
0.4625``), and a bonded guarantee ``b* = 0.0625`` restores peace.

Interpretation: NATO deployment and arms aid strengthen deterrence but enlarge
the post-ceasefire shift ``p - p_after`` that causes this commitment problem.
The numbers are illustrative, not estimates.
"""
from __future__ import annotations

import sympy

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

_SOURCE = ("Powell 2006 (commitment problems, shifting power); Fearon 1995")


@register("ceasefire-commitment",
          "The ceasefire as a commitment problem: Russia fights now because a ceasefire "
          "would shift power against it",
          parameters=PARAMETERS, source=_SOURCE)
def ceasefire_commitment() -> ExtensiveFormGame:
    """The two-period commitment game (Powell 2006).

    Russia chooses ``Ceasefire`` or ``FightNow`` (node ``"Russia"``); after a
    ceasefire the West chooses ``Honour`` or ``Renege`` (node ``"West"``); after
    Honour Russia chooses ``Accept`` or ``Fight`` (node ``"Honour"``).  Payoffs
    (West, Russia), in per-period units, are sympy expressions in ``p``,
    ``p_after``, ``c_R``, ``c_W``, ``delta`` and ``b``; the module docstring
    derives them.
    """
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
    bld.terminal(honour, "Accept", payoffs=(1 - p, p), outcome_label="ceasefire honoured")
    bld.terminal(honour, "Fight", payoffs=(d * (1 - pa - cW), (1 - d) + d * (pa - cR)),
                 outcome_label="war after the shift")
    bld.terminal(west, "Renege", payoffs=(d * (1 - pa + cR - b), (1 - d) + d * (pa - cR + b)),
                 outcome_label="ceasefire reneged")
    return bld.build()
