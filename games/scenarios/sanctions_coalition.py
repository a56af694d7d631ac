"""``sanctions-coalition``: the United States and the EU sanction together, or free-ride.

Mechanism.  Sanctions move Russia only when they are collective: each of the ``US`` and
the ``EU`` chooses to ``Sanction`` or ``Hold``, and Russia chooses to ``Concede`` or
``Resist``, all at once.  Russia concedes only under enough pressure -- when both
sanction, since neither bites enough alone.  But a concession is a public good: each
Western government gains from it whether or not it paid for the sanctions that won it,
so when Russia concedes each would rather have held (*free riding*).  When Russia resists,
each would rather sanction than be seen to do nothing (backing down costs credibility),
unless sanctioning costs it more than that.  For the EU, sanctions cost more: it pays the
energy cost ``e_EU`` on top.  Cooperation is thus both needed and unstable: coercive
cooperation (Martin 1992), with the collective-action problem of Olson (1965).

Source models: Martin (1992), *Coercive Cooperation: Explaining Multilateral Economic
Sanctions*; Drezner (1999) on the sanctions paradox.  Documented in
``docs/scenarios.md``.

Payoffs (US, EU, Russia).  Russia: ``-D`` if it concedes (whatever the sanctions), and
``-(bite_US*[US sanctions] + bite_EU*[EU sanctions])`` if it resists.  Western player
``i`` in {US, EU}: if Russia concedes, ``G_i`` minus the small cost ``l`` of the sanctions
it had imposed before they are lifted; if Russia resists, ``-c_i`` when it sanctions
(``c_EU`` includes nothing of the energy cost: that is ``e_EU``, added for the EU) and
``-h_i`` when it holds (the credibility cost of doing nothing).

Closed form (a test oracle, never used here), for ``bite_US, bite_EU < D <
bite_US + bite_EU`` (pressure works only collectively), ``h_US > c_US`` and ``l > 0``:

* if the EU's cost of sanctioning a resisting Russia exceeds its cost of doing nothing,
  ``c_EU + e_EU > h_EU``, the coalition fails: the unique equilibrium is pure, the US
  sanctions alone and Russia resists, ``(Sanction, Hold, Resist)``;
* otherwise no equilibrium is pure (each pure profile is upset by free riding or by
  Russia's response), and the equilibria are mixed: Russia resists with the probability
  that makes each Western player indifferent, and the US and the EU sanction with the
  probabilities that make Russia indifferent.  The general solver for games of three
  players finds them.

At the defaults ``c_EU + e_EU = 0.15 < h_EU = 0.20``: no pure equilibrium.  The
coalition fails once the energy cost ``e_EU`` rises past ``h_EU - c_EU = 0.15``.  The
numbers are illustrative, not estimates.
"""
from __future__ import annotations

from solver import NormalFormGame

from ..registry import Parameter, register

__all__ = ["PARAMETERS", "sanctions_coalition"]

E_EU = Parameter(
    "e_EU", "0.10", "0", "0.5",
    "the EU's energy cost of sanctioning Russia (on top of c_EU): its dependence on Russian "
    "energy",
    'seed 000: "the economic dependence of certain European nations on Russian energy '
    'resources"; seed 002: "Supporting energy diversification in Europe to reduce dependence '
    'on Russian supplies"')
C_US = Parameter(
    "c_US", "0.05", "0", "0.5",
    "the US's cost of keeping sanctions on a Russia that resists",
    'seed 000: "The extensive economic sanctions imposed on Russia by the United States and '
    'its allies"')
C_EU = Parameter(
    "c_EU", "0.05", "0", "0.5",
    "the EU's cost of keeping sanctions on a Russia that resists, energy aside",
    'seed 002: "designed to undermine Russia’s core sectors while minimizing collateral '
    'damage to allies"')
H_US = Parameter(
    "h_US", "0.15", "0", "0.5",
    "the US's credibility cost of doing nothing while Russia resists",
    'seed 000: "perceived inaction or equivocation sends a signal that could invite further '
    'aggression"')
H_EU = Parameter(
    "h_EU", "0.20", "0", "0.5",
    "the EU's credibility cost of doing nothing while Russia resists",
    'seed 000: "the credibility of international alliances"')
BITE_US = Parameter(
    "bite_US", "0.15", "0", "1",
    "Russia's cost of US sanctions while it resists",
    'seed 000: "represent a significant constraint on the Russian economy"')
BITE_EU = Parameter(
    "bite_EU", "0.25", "0", "1",
    "Russia's cost of EU sanctions while it resists (the larger trade partner)",
    'seed 000: "the imposition of coordinated economic sanctions by the United States, the '
    'European Union, and other nations"')
D = Parameter(
    "D", "0.30", "0", "1",
    "Russia's cost of conceding (the demand)",
    'seed 000: "a perception of weakened U.S. resolve or reduced international consensus on '
    'sanctions against Russia would strengthen the Russian President’s negotiating position"')
G = Parameter(
    "G", "0.30", "0", "1",
    "each Western government's gain from Russia's concession (a public good)",
    'seed 000: "demonstrates the power of collective action in deterring further aggression"')
L = Parameter(
    "l", "0.02", "0", "0.2",
    "a sanctioner's cost of the sanctions it imposed before a concession lifts them",
    'seed 002: "Sanctions | Phased relief | Leverage retention"')

PARAMETERS = (E_EU, C_US, C_EU, H_US, H_EU, BITE_US, BITE_EU, D, G, L)

_SOURCE = ("Martin 1992 (coercive cooperation); Olson 1965 (collective action); Drezner 1999; "
           'seed 000: "Diplomatic efforts should focus on maintaining consensus and '
           'coordinating strategies"')


@register("sanctions-coalition",
          "The US and the EU sanction together or free-ride: sanctions bite only together, a "
          "concession is a public good, and the EU pays the energy cost",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="coalition sanctions: needed together, but each would free-ride",
          literature="Martin 1992",
          lever="a lower EU energy cost (diversification, e_EU) keeps the coalition",
          lever_parameters=("e_EU", "h_EU", "bite_EU"))
def sanctions_coalition() -> NormalFormGame:
    """The sanctions coalition: ``US`` and ``EU`` choose ``Sanction`` or ``Hold``, ``Russia``
    chooses ``Concede`` or ``Resist``, simultaneously (see the module docstring for the
    payoffs).  Payoffs are sympy expressions in the parameters."""
    import sympy
    v = {q.name: sympy.Symbol(q.name) for q in PARAMETERS}
    west_cost = {"US": v["c_US"], "EU": v["c_EU"] + v["e_EU"]}
    idle_cost = {"US": v["h_US"], "EU": v["h_EU"]}
    bite = {"US": v["bite_US"], "EU": v["bite_EU"]}
    actions = ("Sanction", "Hold")
    arrays = [[[[None] * 2 for _ in range(2)] for _ in range(2)] for _ in range(3)]
    for a, us in enumerate(actions):
        for b, eu in enumerate(actions):
            sanctions = {"US": us == "Sanction", "EU": eu == "Sanction"}
            for c, russia in enumerate(("Concede", "Resist")):
                for i, who in enumerate(("US", "EU")):
                    if russia == "Concede":
                        u = v["G"] - (v["l"] if sanctions[who] else 0)
                    else:
                        u = -west_cost[who] if sanctions[who] else -idle_cost[who]
                    arrays[i][a][b][c] = u
                arrays[2][a][b][c] = -v["D"] if russia == "Concede" else \
                    -sum((bite[w] for w in ("US", "EU") if sanctions[w]), sympy.Integer(0))
    return NormalFormGame(arrays, players=("US", "EU", "Russia"),
                          strategies=(actions, actions, ("Concede", "Resist")),
                          title="The sanctions coalition", parameters=PARAMETERS)
