"""``security-dilemma``: mutual restraint on NATO's eastern flank as a Stag Hunt.

Mechanism
---------
NATO and Russia each *Restrain* (accept limits: neutrality, a buffer
or demilitarised zone, fewer forces near the border) or *Arm*.  Mutual restraint
is best for both (``restraint``); arming against a side that restrains brings a
small edge (``advantage``); the side caught restraining while the other arms is
exposed (``exposed``); a mutual build-up (``arms_race``) is worse than mutual
restraint but safe.  With ``restraint > advantage > arms_race > exposed`` both
(Restrain, Restrain) and (Arm, Arm) are equilibria: mistrust alone can keep both
sides at the worse one.  A side restrains only if it believes the other
restrains with a high enough probability, and that belief is exactly the mixed
equilibrium's probability.

Source model: Jervis (1978), "Cooperation under the Security Dilemma", *World
Politics* 30(2); the Stag Hunt of Skyrms (2004), *The Stag Hunt and the Evolution
of Social Structure*; risk and payoff dominance as in Harsanyi and Selten (1988),
*A General Theory of Equilibrium Selection in Games*, MIT Press; game documented in
``docs/scenarios.md``.

Closed forms (test oracles, never used here)
--------------------------------------------
Writing ``R = restraint``, ``T = advantage``, ``P = arms_race``, ``S = exposed``, a
side restrains iff it believes the other restrains with probability at least

    q* = (P - S) / ((R - T) + (P - S)),

which is the mixed equilibrium's probability of Restrain (each side's mix makes
the other indifferent).  At the defaults (4, 3, 2, 0), ``q* = 2/(1 + 2) = 2/3``.

Risk dominance (Harsanyi and Selten 1988, sec. 5.2) is computed by
:func:`solver.analysis.risk_dominance.risk_dominance`, not asserted here.  Both
pure equilibria are strict, and at each one a side that switches alone loses
``R - T`` at (Restrain, Restrain) and ``P - S`` at (Arm, Arm); the equilibrium
with the larger product of the two sides' losses is the risk-dominant one:

    (Arm, Arm) risk-dominates  iff  (P - S)^2 > (R - T)^2  iff  P - S > R - T,

here ``2 x 2 = 4 > 1 x 1 = 1``.  Equivalently ``q* > 1/2``: a side that thinks the
other equally likely to restrain or arm expects ``(T + P)/2 = 5/2`` from arming and
``(R + S)/2 = 2`` from restraining, so arming is the better bet.  (Restrain,
Restrain) is better for both (4 > 2: it *payoff-dominates*), so the two selection
criteria disagree, which is the security dilemma in one line.

Raising ``advantage`` (the payoff of arming against a restrainer) moves ``q*`` up;
the risk-dominant equilibrium flips from (Restrain, Restrain) to (Arm, Arm) at
``advantage = R - (P - S) = 2`` (where the products are equal and ``q* = 1/2``), and
past ``advantage = restraint = 4`` mutual restraint is no longer an equilibrium at
all (arming is dominant: a Prisoner's Dilemma).  Lowering ``arms_race`` below
``exposed`` (0) makes restraint dominant.  The last two are the support changes the
general threshold machinery finds (:func:`solver.analysis.parametric.thresholds`);
the risk-dominance flip leaves the equilibria's supports unchanged, so it is found
by :func:`solver.analysis.risk_dominance.risk_dominance_flips` instead, exactly.

What the default equilibria illustrate: (Restrain, Restrain) with (4, 4),
(Arm, Arm) with (2, 2), and the mixed equilibrium, each side restraining with
probability 2/3 and expecting 8/3.  Seed 000's Russian objective of "a buffer
zone or a demilitarized zone" and the concern of "Poland and the Baltic states"
meet here: a buffer zone is a mutual-restraint deal, and it is refused whenever
the belief that the other side will keep it falls below 2/3.

The numbers are illustrative, ordinal-style payoffs, not estimates.
"""
from __future__ import annotations

from solver import NormalFormGame

from ..registry import Parameter, register

__all__ = ["PARAMETERS", "security_dilemma"]

RESTRAINT = Parameter(
    "restraint", "4", "0", "10",
    "payoff when both restrain (R: a kept buffer zone or arms-control deal)",
    'seed 002: "Engaging in strategic dialogue with Russia on arms control and regional '
    'security frameworks"')
ADVANTAGE = Parameter(
    "advantage", "3", "0", "10",
    "payoff of arming while the other side restrains (T: the edge of arming first)",
    'seed 000: Russia "aims to reduce perceived threats to Russian security and solidify '
    'its regional dominance"')
EXPOSED = Parameter(
    "exposed", "0", "-10", "10",
    "payoff of restraining while the other side arms (S: caught exposed)",
    'seed 000: "the reactions of neighboring countries, particularly Poland and the Baltic '
    'states, are especially important due to their direct security concerns"')
ARMS_RACE = Parameter(
    "arms_race", "2", "-10", "10",
    "payoff when both arm (P: a mutual build-up)",
    'seed 002: "Strengthening NATO presence along Eastern European borders to reassure '
    'allies and deter aggression"')

PARAMETERS = (RESTRAINT, ADVANTAGE, EXPOSED, ARMS_RACE)

_SOURCE = ("Jervis 1978 (the security dilemma); Stag Hunt (Skyrms 2004); Harsanyi and Selten "
           "1988 (risk dominance); seed 000 \"buffer zone\", Poland "
           "and the Baltic states")


@register("security-dilemma",
          "Security dilemma as a Stag Hunt: restrain iff the other restrains with probability "
          ">= (P - S)/((R - T) + (P - S)) = 2/3; (Arm, Arm) is risk-dominant iff "
          "(P - S)^2 > (R - T)^2 (4 > 1), (Restrain, Restrain) payoff-dominant",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="a Stag Hunt: mistrust makes mutual arming the safer equilibrium",
          literature="Jervis 1978",
          lever="confidence in the other's restraint (verification), or a smaller edge from "
                "arming first")
def security_dilemma() -> NormalFormGame:
    """The security-dilemma Stag Hunt between NATO (rows) and Russia (columns).

    Both choose ``Restrain`` or ``Arm``; the game is symmetric with the row
    player's matrix ``[[restraint, exposed], [advantage, arms_race]]`` (rows and
    columns in the order Restrain, Arm).  Defaults (4, 3, 0, 2) are those of
    the usual Stag Hunt ordering.
    """
    import sympy
    R, T, S, P = (sympy.Symbol(p.name) for p in PARAMETERS)
    return NormalFormGame.symmetric(
        [[R, S], [T, P]], players=("NATO", "Russia"), strategies=("Restrain", "Arm"),
        title="Security dilemma (Stag Hunt)",
        parameters=PARAMETERS)
