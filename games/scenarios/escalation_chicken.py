"""``escalation-chicken``: the threat of escalation as a game of Chicken.

Mechanism.  The West and Russia each choose to *Hold* (keep the confrontation
where it is) or *Escalate*.  Escalating against a side that holds wins
(``prevail``), the side that holds backs down (``back_down``); if both hold they
keep the compromise (``compromise``); if both escalate they reach the disaster
(``disaster``).  With ``prevail > compromise > back_down > disaster`` each side
wants to escalate only if the other holds, so there are two pure equilibria, in
each of which one side "asserts dominance" and the other backs down, and a
symmetric mixed one in which each side escalates just often enough to make the
other indifferent.  Refusing a compromise is then a move to claim the straight
equilibrium (seed 002: "International Standing | Compromise | Assert
dominance").

Source model: Schelling (1960), *The Strategy of Conflict*, ch. 7-8 (the threat
that leaves something to chance); Chicken as in Dixit, Skeath and Reiley, *Games
of Strategy*, and as a dynamic crisis game in Dixit, McAdams and
Skeath (2019, SSRN 3406265); documented in ``docs/scenarios.md``.

Closed form (a test oracle, never used here): writing ``T = prevail``,
``R = compromise``, ``S = back_down``, ``P = disaster``, the mixed equilibrium has
each side escalate with probability

    q* = (T - R) / ((T - R) + (S - P)),

the opponent's escalation probability at which Hold (``R(1 - q) + S q``) and
Escalate (``T(1 - q) + P q``) pay the same.  At the defaults (4, 3, 2, -10),
``q* = 1/(1 + 12) = 1/13``: raising the cost of the disaster (lowering ``P``)
*lowers* the mixing probability.  The game stops being Chicken when
``disaster`` rises past ``back_down`` (2: escalation becomes dominant, a
deadlock) or ``prevail`` falls below ``compromise`` (3: holding becomes
dominant); those are the thresholds the general machinery finds.

What the default equilibria illustrate: (Escalate, Hold) and (Hold, Escalate)
with payoffs (4, 2) and (2, 4), and the mixed equilibrium with each side
escalating with probability 1/13 and expecting ``3*(12/13) + 2*(1/13) = 38/13``.
Which pure equilibrium is played is a matter of commitment and of who fears
the disaster less, which is why seed 000 lists "the threat of escalating the
conflict" as a source of Russian leverage.

Background, not part of this game: Schelling's brinkmanship turns the threat
into a *risk* ``r`` of disaster, which must be large enough to make the West
comply (effectiveness: ``r >= (g_W + h_W)/(g_W + L_W)``) and small enough for
Russia to accept (acceptability: ``r <= ((1 - pi_H) g_R - pi_H a_R)/(pi_H (L_R -
a_R))``).  With ``g_W = 0.2``, ``h_W = 0.3``, ``L_W = L_R = 5``, ``g_R = 0.3``,
``a_R = 0.2`` and ``pi_H = 0.3`` (Schelling's brinkmanship window) the window is
``[0.096, 0.104]`` and it closes once ``pi_H`` rises to about 0.31.  That window
is a property of a different (sequential, Bayesian) game and is not computed here.

Note on names: ``back_down`` is the payoff ``S`` of the Chicken notation, not the
sanctions relief ``s`` of the shared baseline.  The numbers are illustrative,
ordinal-style payoffs, not estimates.
"""
from __future__ import annotations

import sympy

from solver import NormalFormGame

from ..registry import Parameter, register

__all__ = ["PARAMETERS", "escalation_chicken"]

PREVAIL = Parameter(
    "prevail", "4", "-20", "10",
    "payoff of escalating while the other side holds (T: asserting dominance)",
    'seed 002: "International Standing | Compromise | Assert dominance"')
COMPROMISE = Parameter(
    "compromise", "3", "-20", "10",
    "payoff when both hold (R: the compromise keeps)",
    'seed 002: "Diplomacy | Back-channel and formal talks | Reduced risk of escalation, '
    'potential compromise"')
BACK_DOWN = Parameter(
    "back_down", "2", "-20", "10",
    "payoff of holding while the other side escalates (S: backing down, losing face)",
    'seed 000: "a perceived weakening of U.S. resolve ... would embolden Russia"')
DISASTER = Parameter(
    "disaster", "-10", "-100", "10",
    "payoff when both escalate (P: the disaster; lower means a costlier disaster)",
    'seed 000: "the Russian President might leverage the threat of escalating the conflict"')

PARAMETERS = (PREVAIL, COMPROMISE, BACK_DOWN, DISASTER)

_SOURCE = ("Schelling 1960 (ch. 7-8); Chicken as in Dixit, Skeath and Reiley, Games of Strategy; "
           "seed 000 \"threat of escalating the conflict\", "
           "seed 002 \"Assert dominance\"")


@register("escalation-chicken",
          "Escalation as Chicken: two pure equilibria and a mixed one escalating with "
          "probability (T - R)/((T - R) + (S - P)) = 1/13",
          parameters=PARAMETERS, source=_SOURCE)
def escalation_chicken() -> NormalFormGame:
    """Escalation Chicken between the West (rows) and Russia (columns).

    Both choose ``Hold`` or ``Escalate``; the game is symmetric with the row
    player's matrix ``[[compromise, back_down], [prevail, disaster]]`` (rows and
    columns in the order Hold, Escalate).  Defaults (4, 3, 2, -10) are ordinal,
    with disaster far below the rest.
    """
    T, R, S, P = (sympy.Symbol(p.name) for p in PARAMETERS)
    return NormalFormGame.symmetric(
        [[R, S], [T, P]], players=("West", "Russia"), strategies=("Hold", "Escalate"),
        title="Escalation Chicken", parameters=PARAMETERS)
