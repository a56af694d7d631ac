"""``waning-resolve``: a war of attrition in which Russia learns about Western resolve.

Mechanism.  Each period Russia either accepts the standing offer ``x`` or holds
out, paying ``c`` for the period.  The West is *Wavering* with prior ``mu0``
(then it quits with hazard ``h`` each period, which would give Russia ``V``) or
*Resolute* (it never quits); Russia cannot tell which.  Holding out is a bet on
the West quitting; every period in which the West does not quit is evidence
that it is Resolute, so Russia's belief falls by Bayes' rule, ``mu' = mu(1 -
h)/(mu(1 - h) + 1 - mu)``, until the bet no longer pays.  Seed 002's "strategic
patience" and "expecting Western resolve to wane" are this bet; visible Western
persistence is what ends it.

Source model: the war of attrition (Maynard Smith 1974; Hendricks, Weiss and
Wilson 1988; Fudenberg and Tirole 1986) with one-sided learning, in the
receiver's form;
Fearon (1994) reads audience-cost crises as such wars; documented in ``docs/scenarios.md``.

The tree (finite horizon of :data:`HORIZON` periods).  Nature draws the West's
type at the root (chance node ``"West's type"``).  Russia's information set
``"period t"`` holds two nodes, one per type, reached after Russia held out in
periods ``0, ..., t-1`` and the West did not quit: Russia's beliefs there are
Bayes' ``mu_t``, computed by the solver from the tree, not stored.  After a
hold-out in the Wavering branch a chance node ``"quits? (period t)"`` makes
the West quit with probability ``h``.  If Russia still holds out in the last
period and the West has not quit, the game ends with Russia taking the
standing offer one period later (the horizon closes the problem the way the
infinite one would end once beliefs have fallen).

Payoffs, discounted to period 0 by ``delta`` (Russia; the West gets 1 minus
Russia's settlement, discounted; its own fighting costs are left out since its
types do not choose here): accepting in period ``t`` gives ``delta**t * x``;
the West quitting after Russia's hold-out in period ``t`` gives ``delta**(t+1)
* V``; each period held out costs ``c`` in that period.

Periods are numbered from 0: "period t" is Russia's
(t+1)-th decision, taken after t periods of Western persistence, with belief
``mu_t``.  "Russia accepts in period 2" (T* = 2) thus
means: it holds out at beliefs 0.600 and 0.529 and accepts at 0.458, its third
decision.

Closed form (a test oracle, never used here): Russia holds out in period ``t``
iff ``delta*mu_t*h*(V - x) > c + (1 - delta)*x``, i.e. iff ``mu_t > mu* =
(c + (1 - delta)*x)/(delta*h*(V - x)) = 0.491`` at the defaults (the problem is
monotone, since ``mu_t`` falls, so this one-step look-ahead rule is optimal).
Beliefs 0.600 -> 0.529 -> 0.458 (exactly 3/5, 9/17, 27/59): Russia accepts in
period 2.  An offer is accepted at once iff ``x >= (delta*mu0*h*V - c)/(delta*
mu0*h + 1 - delta) = 37/77 = 0.4805``.

What the default equilibrium illustrates: the refusal of an offer below the
immediate-acceptance level is a rational, temporary bet on waning resolve, and
either a better offer or a lower ``mu0`` (a credible multi-year commitment)
ends it at once.  The numbers are illustrative, not estimates.
"""
from __future__ import annotations

import sympy

from solver import ExtensiveFormGame, TreeBuilder

from ..registry import Parameter, register

__all__ = ["PARAMETERS", "HORIZON", "waning_resolve"]

#: Russia's decision periods in the tree (0, ..., HORIZON - 1).  At the defaults
#: Russia accepts in period 2, at ``mu0 = 0.8`` in period 5; from ``mu0 = 0.9``
#: (acceptance due in period 8) it holds out to the horizon.
HORIZON = 8

X_OFFER = Parameter(
    "x", "0.40", "0", "1",
    "value to Russia of the standing offer (the DV bundle, x + kappa*s = 0.40)",
    'seed 002: "Territorial Control: ... acknowledged partial Russian sovereignty over contested areas"')
C = Parameter(
    "c", "0.05", "0", "1",
    "Russia's cost of holding out for one period (about six months)",
    'seed 002: "Military Overextension | Concerns over sustaining long-term operations abroad"')
DELTA = Parameter(
    "delta", "0.95", "0", "1",
    "Russia's discount factor per period",
    'seed 002: "a preference for gradual consolidation rather than immediate diplomatic '
    'recognition"')
MU0 = Parameter(
    "mu0", "0.6", "0", "1",
    "Russia's prior belief that the West is Wavering",
    'seed 000: "a perception of weakened U.S. resolve ... would strengthen the Russian '
    'President’s negotiating position"')
H = Parameter(
    "h", "0.25", "0", "1",
    "per-period probability that a Wavering West quits (elections, aid fatigue)",
    'seed 000: "the existing political divisions within the United States"')
V = Parameter(
    "V", "1", "0", "1",
    "Russia's value if the West quits (the maximal settlement)",
    'seed 002: "Territorial Gains | ... | Maximize control long-term"')

PARAMETERS = (X_OFFER, C, DELTA, MU0, H, V)

_SOURCE = ("War of attrition with one-sided learning (Fudenberg and Tirole 1986; Hendricks, "
           "Weiss and Wilson 1988); seed 002 \"strategic patience\"")


@register("waning-resolve",
          "War of attrition: Russia holds out while it believes Western resolve may wane, "
          "and accepts once Western persistence has lowered that belief",
          parameters=PARAMETERS, source=_SOURCE)
def waning_resolve() -> ExtensiveFormGame:
    """The waning-resolve attrition tree (see the module docstring).

    Players ``West`` (no decisions: its types act through chance) and ``Russia``.
    Russia's information sets ``"period 0"``, ..., ``"period 7"`` each pool the
    Wavering and the Resolute branch; actions ``Accept`` and ``Hold out``.
    Payoffs (West, Russia) are sympy expressions in the parameters.
    """
    v = {p.name: sympy.Symbol(p.name) for p in PARAMETERS}
    x, c, delta, h = v["x"], v["c"], v["delta"], v["h"]

    def cost(t):             # Russia's discounted cost of holding out in periods 0..t-1
        return sum((c * delta ** j for j in range(t)), sympy.Integer(0))

    def settle(t, share):    # (West, Russia) when Russia's share is settled at period t
        return (delta ** t * (1 - share), delta ** t * share - cost(t))

    b = TreeBuilder(players=("West", "Russia"), title="Waning Western resolve (war of attrition)",
                    parameters=PARAMETERS)
    nature = b.chance({"Wavering": v["mu0"], "Resolute": 1 - v["mu0"]}, label="West's type")
    for kind in ("Wavering", "Resolute"):
        parent = nature[kind]
        for t in range(HORIZON):
            r = b.decision("Russia", parent=parent, actions=("Accept", "Hold out"),
                           infoset=f"period {t}", infoset_label=f"period {t}",
                           label=f"period {t} ({kind} West)")
            b.terminal(r, "Accept", payoffs=settle(t, x),
                       outcome_label=f"offer accepted in period {t}")
            parent = r["Hold out"]
            if kind == "Wavering":
                q = b.chance({"Quit": h, "Stay": 1 - h}, parent=parent,
                             label=f"quits? (period {t})")
                b.terminal(q, "Quit", payoffs=settle(t + 1, v["V"]),
                           outcome_label=f"the West quits after period {t}")
                parent = q["Stay"]
        b.terminal(parent, payoffs=settle(HORIZON, x),
                   outcome_label=f"offer accepted after the horizon ({kind} West)")
    return b.build()
