"""``escalation-chicken``: the threat of escalation as a game of Chicken, and who yields.

Mechanism
---------
The West and Russia each choose to *Hold* (keep the confrontation where it is) or
*Escalate*.  Escalating against a side that holds wins (``prevail``), and the side
that holds backs down (``back_down``); if both hold they keep the compromise
(``compromise``); if both escalate they reach the disaster, which each side values
on its own: ``disaster_W`` for the West, ``disaster_R`` for Russia.  With
``prevail > compromise > back_down > disaster`` (for both sides' disasters) each
side wants to escalate only if the other holds, so there are two pure equilibria,
in each of which one side "asserts dominance" and the other backs down, and a mixed
one in which each side escalates just often enough to make the *other* indifferent.
Refusing a compromise is then a move to claim the straight equilibrium (seed 002:
"International Standing | Compromise | Assert dominance").

Why two disaster costs.  Seed 000 lists "the threat of escalating the conflict" as a
source of Russian leverage, and seed 002 describes a Kremlin "poised to sustain its
position even at the risk of prolonged conflict", while the West is to help Ukraine
"without crossing red lines".  Both passages say the two sides may fear the disaster
differently, which is what decides who yields.  The defaults keep the symmetric game
(``disaster_W = disaster_R = -10``); set ``disaster_R`` above ``disaster_W`` (a Russia
that fears the disaster less) to see the asymmetry.

Source model: Schelling (1960), *The Strategy of Conflict*, ch. 7-8 (the threat
that leaves something to chance); Chicken as in Dixit, Skeath and Reiley, *Games
of Strategy*, and as a dynamic crisis game in Dixit, McAdams and Skeath (2019, SSRN
3406265); equilibrium selection by risk dominance as in Harsanyi and Selten (1988),
*A General Theory of Equilibrium Selection in Games*; documented in
``docs/scenarios.md``.

Closed forms (test oracles, never used here)
--------------------------------------------
Write ``T = prevail``, ``R = compromise``, ``S = back_down``, ``P_W = disaster_W``,
``P_R = disaster_R``.  In the mixed equilibrium a side's probability of escalating
is fixed by the *other* side's indifference between Hold (``R(1 - q) + S q``) and
Escalate (``T(1 - q) + P q``):

    West escalates with    q_W = (T - R) / ((T - R) + (S - P_R)),
    Russia escalates with  q_R = (T - R) / ((T - R) + (S - P_W)),

and each side expects what holding pays against the other's mix: the West
``R(1 - q_R) + S q_R``, Russia ``R(1 - q_W) + S q_W``.  At the defaults (4, 3, 2,
-10, -10), ``q_W = q_R = 1/(1 + 12) = 1/13`` and each expects ``38/13``.  A costlier
disaster for the West (lower ``P_W``) *lowers Russia's* escalation probability, not
the West's own.

Who yields.  The two pure equilibria are strict, so Harsanyi and Selten's risk
dominance can select between them (:func:`solver.analysis.risk_dominance.risk_dominance`):
the product of the deviation losses is ``(S - P_W)(T - R)`` at (Hold, Escalate), where
the West yields, and ``(T - R)(S - P_R)`` at (Escalate, Hold), where Russia yields.
So the side that fears the disaster more (the lower ``P``) is the one that yields
in the risk-dominant equilibrium; at the defaults the products tie (12 = 12) and
neither is selected.  The mixed equilibrium says something different: with
``disaster_R = -5``, ``q_W = 1/8`` and ``q_R = 1/13``, so the West, which fears the
disaster more, escalates *more* often, and the outcome in which Russia backs down
(West escalates, Russia holds: ``(1/8)(12/13) = 3/26``) is more likely than the one in
which the West backs down (``(7/8)(1/13) = 7/104``).  In the mixed equilibrium each
side's randomisation only serves to keep the other indifferent, which is why the
comparison of the pure equilibria is the better guide to who yields.

The game stops being Chicken for a side when its disaster rises past ``back_down``
(2: escalation becomes dominant for it) or when ``prevail`` falls below
``compromise`` (3: holding becomes dominant); those are the thresholds the general
machinery finds.

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
DISASTER_W = Parameter(
    "disaster_W", "-10", "-100", "10",
    "the West's payoff when both escalate (P_W: lower means the West fears the disaster more)",
    'seed 002: "Providing sustained military aid to Ukraine that improves defensive '
    'capabilities without crossing red lines"')
DISASTER_R = Parameter(
    "disaster_R", "-10", "-100", "10",
    "Russia's payoff when both escalate (P_R: lower means Russia fears the disaster more)",
    'seed 000: "the Russian President might leverage the threat of escalating the conflict"; '
    'seed 002: "seems poised to sustain its position even at the risk of prolonged conflict"')

PARAMETERS = (PREVAIL, COMPROMISE, BACK_DOWN, DISASTER_W, DISASTER_R)

_SOURCE = ("Schelling 1960 (ch. 7-8); Chicken as in Dixit, Skeath and Reiley, Games of Strategy; "
           "Harsanyi and Selten 1988 (risk dominance); "
           "seed 000 \"threat of escalating the conflict\", "
           "seed 002 \"Assert dominance\"")


@register("escalation-chicken",
          "Escalation as Chicken: two pure equilibria and a mixed one in which each side "
          "escalates with probability (T - R)/((T - R) + (S - P_other)) = 1/13; the side that "
          "fears the disaster more yields in the risk-dominant equilibrium",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="Chicken: who yields turns on who fears the disaster more",
          literature="Schelling 1960",
          lever_parameters=("disaster_W", "disaster_R"),
          lever="the cost of disaster to each side, and commitment")
def escalation_chicken() -> NormalFormGame:
    """Escalation Chicken between the West (rows) and Russia (columns).

    Both choose ``Hold`` or ``Escalate`` (rows and columns in that order).  The West's
    matrix is ``[[compromise, back_down], [prevail, disaster_W]]`` and Russia's the
    mirror image with ``disaster_R``; with ``disaster_W == disaster_R`` the game is
    symmetric.  Defaults (4, 3, 2, -10, -10) are ordinal, with the disaster far below
    the rest.
    """
    import sympy
    T, R, S, P_W, P_R = (sympy.Symbol(p.name) for p in PARAMETERS)
    west = [[R, S], [T, P_W]]
    russia = [[R, T], [S, P_R]]
    return NormalFormGame.from_matrices(
        west, russia, players=("West", "Russia"),
        strategies=(("Hold", "Escalate"), ("Hold", "Escalate")),
        title="Escalation Chicken", parameters=PARAMETERS)
