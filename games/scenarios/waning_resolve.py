"""``waning-resolve``: a war of attrition in which Russia learns about Western resolve.

Mechanism.  Each period Russia either accepts the standing offer ``x`` or holds out,
paying ``c`` for the period.  The West is *Wavering* with prior ``mu0`` (then it
quits with hazard ``h`` each period, which would give Russia ``V``) or *Resolute*
(it never quits); Russia cannot tell which.  Holding out is a bet on the West
quitting; every period in which the West does not quit is evidence that it is
Resolute, so Russia's belief falls by Bayes' rule, ``mu' = mu(1 - h)/(mu(1 - h) + 1
- mu)``, until the bet no longer pays.  Seed 002's "strategic patience" is this bet,
and seed 000's "perception of weakened U.S. resolve" its prior; visible Western
persistence is what ends it.

The tree.  Nature draws the West's type at the root (chance node ``"West's type"``).
Russia's information set ``"period t"`` (t = 0, ..., :data:`HORIZON` - 1) holds two
nodes, one per type, reached after Russia held out in periods ``0, ..., t-1`` and
the West did not quit: Russia's beliefs there are Bayes' ``mu_t``, computed by the
solver from the tree, not stored.  After a hold-out in the Wavering branch a chance
node ``"quits? (period t)"`` makes the West quit with probability ``h``.  Periods
are numbered from 0: "period t" is Russia's (t+1)-th decision, taken after t periods
of Western persistence.  A Russia still holding out after the last period takes the
offer one period later.  Within the parameters' ranges Russia accepts by period 27
at the latest (see Notes), one of its decisions in the tree, so the horizon does not
bind.

Payoffs, discounted to period 0 by ``delta`` (Russia; the West gets 1 minus
Russia's settlement, discounted; its own fighting costs are left out since its types
do not choose here): accepting in period ``t`` gives ``delta**t * x``; the West
quitting after Russia's hold-out in period ``t`` gives ``delta**(t+1) * V``; each
period held out costs ``c`` in that period.  Solution concept: perfect Bayesian
equilibrium.  Nature's move makes the whole tree the only subgame; Russia's beliefs
on the path come from Bayes' rule, and the solver completes the choices at the
periods Russia's own acceptance excludes, with Bayes' beliefs there too.

Notes
-----
Closed form (a test oracle, never used by the builder).  Russia holds out in period
``t`` iff

    delta*mu_t*h*(V - x) > c + (1 - delta)*x,

i.e. iff ``mu_t > mu* = (c + (1 - delta)*x)/(delta*h*(V - x))`` (28/57 = 0.491 at the
defaults).  The problem is monotone, since ``mu_t`` falls, so this one-step
look-ahead rule is optimal.  Beliefs 0.600 -> 0.529 -> 0.458 (exactly 3/5, 9/17,
27/59): Russia holds out twice and accepts in period 2.  An offer is accepted at
once iff ``x >= (delta*mu0*h*V - c)/(delta*mu0*h + 1 - delta) = 37/77 = 0.4805``,
and a prior below ``mu*`` (a credible multi-year commitment) ends the war at once.
With ``mu0 = 0.9`` Russia holds out eight times and accepts in period 8.

Why :data:`HORIZON` periods are enough.  The odds of a Wavering West fall
geometrically, ``mu_t/(1 - mu_t) = (mu0/(1 - mu0))*(1 - h)**t``, and at most 9 of
them at the start since ``mu0 <= 0.9``.  Because ``delta <= 1``, ``V - x <= 1`` and
``(1 - delta)*x >= 0``, the threshold is at least ``c/h``: if ``h <= c`` Russia
accepts at once, and otherwise it has accepted by the first ``t`` with ``9*(1 -
h)**t <= c/(h - c)`` (the odds at ``c/h``), that is by

    T(h) = ceil(ln(9*(h - c)/c) / ln(1/(1 - h))).

For ``c >= 0.04`` the largest ``T(h)`` is 27 (``h`` near 0.075; reached with
``delta = 1``, ``x = 0``, ``V = 1``), so with 28 decision periods Russia's
acceptance is always one of its decisions in the tree.  As ``mu0`` approaches 1 or
``c`` approaches 0 the needed horizon grows without bound; this is why the ranges
of ``mu0`` and ``c`` stop at 0.9 and 0.04, and a value outside them is refused.

What the default equilibrium illustrates: the refusal of an offer below the
immediate-acceptance level is a rational, temporary bet on waning resolve, and
either a better offer or a lower ``mu0`` ends it at once.  The numbers are
illustrative, not estimates.

References
----------
Maynard Smith, J. (1974), "The Theory of Games and the Evolution of Animal
Conflicts", *Journal of Theoretical Biology* 47: the war of attrition.

Fudenberg, D. and J. Tirole (1986), "A Theory of Exit in Duopoly", *Econometrica*
54(4): a war of attrition under incomplete information, in which each side learns
from the other's staying in.

Hendricks, K., A. Weiss and C. Wilson (1988), "The War of Attrition in Continuous
Time with Complete Information", *International Economic Review* 29(4): the
equilibria of the war of attrition.

Fearon, J. D. (1994), "Domestic Political Audiences and the Escalation of
International Disputes", *American Political Science Review* 88(3): crises as wars
of attrition.

Examples
--------
>>> import games, solver
>>> eq = solver.solve(games.get("waning-resolve")).equilibria[0]
>>> [eq.action("Russia", f"period {t}") for t in range(3)]
['Hold out', 'Hold out', 'Accept']
"""
from __future__ import annotations

from solver import ExtensiveFormGame, TreeBuilder

from ..registry import Parameter, register

__all__ = ["HORIZON", "PARAMETERS", "waning_resolve"]

#: Russia's decision periods in the tree (0, ..., HORIZON - 1).  Within the parameters'
#: ranges Russia accepts by period 27 at the latest (module Notes), so the horizon never
#: binds: at the defaults it accepts in period 2, at ``mu0 = 0.9`` in period 8.
HORIZON = 28

X_OFFER = Parameter(
    "x", "0.40", "0", "1",
    "value to Russia of the standing offer (the DV bundle, x + kappa*s = 0.40)",
    'seed 002: "Territorial Control: ... acknowledged partial Russian sovereignty over '
    'contested areas"')
C = Parameter(
    "c", "0.05", "0.04", "1",
    "Russia's cost of holding out for one period (about six months)",
    'seed 002: "Military Overextension | Concerns over sustaining long-term operations abroad"')
DELTA = Parameter(
    "delta", "0.95", "0", "1",
    "Russia's discount factor per period",
    'seed 002: "a preference for gradual consolidation rather than immediate diplomatic '
    'recognition"')
MU0 = Parameter(
    "mu0", "0.6", "0", "0.9",
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
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="war of attrition: Russia bets on waning Western resolve",
          literature="Fudenberg and Tirole 1986",
          lever="visible Western persistence: a credible long-term commitment lowers mu0",
          lever_parameters=("mu0", "x"))
def waning_resolve() -> ExtensiveFormGame:
    """The waning-resolve attrition tree (see the module docstring).

    Players ``West`` (no decisions: its types act through chance) and ``Russia``.
    Russia's information sets ``"period 0"``, ..., ``"period 27"`` (:data:`HORIZON`
    of them) each pool the Wavering and the Resolute branch; actions ``Accept`` and
    ``Hold out``.  Payoffs (West, Russia) are sympy expressions in the parameters.

    Returns
    -------
    ExtensiveFormGame
        The parametric tree (its parameters carry their defaults, ranges and sources).
    """
    import sympy
    v = {p.name: sympy.Symbol(p.name) for p in PARAMETERS}
    x, c, delta, h = v["x"], v["c"], v["delta"], v["h"]

    def cost(t):             # Russia's discounted cost of holding out in periods 0..t-1
        return sum((c * delta ** j for j in range(t)), sympy.Integer(0))

    def settle(t, share):    # (West, Russia) when Russia's share is settled at period t
        return (delta ** t * (1 - share), delta ** t * share - cost(t))

    b = TreeBuilder(players=("West", "Russia"),
                    title=f"Waning Western resolve (war of attrition, {HORIZON} periods)",
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
                   outcome_label=f"offer accepted after the last period ({kind} West)")
    return b.build()
