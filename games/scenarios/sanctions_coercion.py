"""``sanctions-coercion``: sanctions, relief and relative gains (Drezner's coercion game).

Mechanism.  The West (the Sender) demands a concession ``D`` or not; Russia (the
Target) acquiesces or stands firm; the West then sanctions or backs down.
Each side's utility is its material payoff minus ``beta`` times the other's
(Drezner's weight on relative gains, high between adversaries), so a Sender
that cares about relative standing finds deadlock worth imposing, and a Target
that cares about it concedes little: the threat is credible iff ``beta*c_T >=
c_S`` and the largest concession it buys is ``D* = (c_T - beta*c_S)/(1 + beta)``.
A demand above ``D*`` is refused and ends in costly deadlock that the Sender
still prefers to the status quo -- "costly coercion initiated anyway".

Relief (how the variant enters the tree).  Sanctions in place can be traded
back: from deadlock a *standing relief offer* lifts a share ``phi`` of the
sanctions, counted at its credibility ``kappa`` (phased relief can be snapped
back), in exchange for the same concession ``D``; Russia accepts it or holds
out.  This is a second stage of the one registered game, not a separate
builder: ``phi = 0`` switches it off (relief that lifts nothing buys nothing and
is refused), which leaves Drezner's game.  The offer is standing rather than a
fresh choice of the West because making it optional adds only a tie (offering
a package that will be refused changes nothing); see the builder.

Source model: Drezner (1998), "Conflict Expectations and the Paradox of
Economic Coercion", *ISQ* 42(4), and *The Sanctions Paradox* (1999), with the
contingency logic of Eaton and Engers (1992), "Sanctions", *JPE* 100(5); game
documented in ``docs/scenarios.md``.

Closed forms (test oracles, never used here): with ``E = c_T - beta*c_S`` and
``D* = E/(1 + beta)``:

* the Sender's threat is credible iff ``beta*c_T >= c_S`` (when relief is not
  bought);
* Russia acquiesces iff ``D <= D*`` (credible threat); at the defaults ``D* =
  0.10``;
* at the relief stage Russia concedes iff ``D <= kappa*phi*D*`` (0.05 at the
  defaults ``kappa = 0.5``, ``phi = 1``).

What the default equilibrium illustrates (``D = 0.25``, a ceasefire-sized
concession): the West demands, Russia stands firm, the West sanctions and
deadlock follows, worth ``-c_S + beta*c_T = 0.09 > 0`` to the West; the relief
on offer buys at most 0.05, so Russia refuses it too.  The paradox: the
adversary's high ``beta`` makes the West willing to coerce and Russia unwilling
to concede.  A side effect of the relief stage worth noticing: when relief
*would* buy ``D``, sanctions become a bargaining chip, and a West whose threat
alone is not credible (``beta*c_T < c_S``) may still sanction in order to trade
relief -- seed 002's "Leverage retention".  The numbers are illustrative, not
estimates.
"""
from __future__ import annotations

from solver import ExtensiveFormGame, TreeBuilder

from ..registry import Parameter, register
from .baseline import KAPPA

__all__ = ["PARAMETERS", "sanctions_coercion"]

D = Parameter(
    "D", "0.25", "0", "1",
    "the concession the West demands (0.25: ceasefire-sized)",
    'seed 000: "linking sanctions relief to specific actions or concessions from Russia"')
C_T = Parameter(
    "c_T", "0.30", "0", "1",
    "the sanctions' cost to Russia (the Target)",
    'seed 000: "The extensive economic sanctions ... represent a significant constraint on '
    'the Russian economy"')
C_S = Parameter(
    "c_S", "0.15", "0", "1",
    "the sanctions' cost to the West (the Sender), energy included",
    'seed 000: "the economic dependence of certain European nations on Russian energy '
    'resources"')
BETA = Parameter(
    "beta", "0.8", "0", "1",
    "weight each side puts on relative gains (conflict expectations)",
    'seed 002: "International Standing | Compromise | Assert dominance"')
PHI = Parameter(
    "phi", "1", "0", "1",
    "share of the sanctions the relief offer lifts (0 switches the relief stage off)",
    'seed 002: "The proposal included phased lifting of Western sanctions against Russia"')

PARAMETERS = (D, C_T, C_S, BETA, PHI, KAPPA)

_SOURCE = ("Drezner 1998, 1999 (sanctions paradox); Eaton and Engers 1992; "
           'seed 002: "Sanctions | Phased relief | Leverage retention"')


@register("sanctions-coercion",
          "Sanctions and relative gains: a demand above (c_T - beta*c_S)/(1 + beta) ends in "
          "deadlock, and phased relief buys even less",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="coercion under relative gains: large demands end in deadlock",
          literature="Drezner 1999",
          lever_parameters=("D", "kappa", "phi"),
          lever="a smaller demand, or credible relief (kappa, phi)")
def sanctions_coercion() -> ExtensiveFormGame:
    """Drezner's coercion game with a relief stage (docs/scenarios.md).

    Players: ``West`` (the Sender) and ``Russia`` (the Target).  The West, at
    ``"Sender"``, chooses ``Demand`` or ``No demand``; Russia, at ``"Demand"``,
    chooses ``Acquiesce`` or ``Stand firm``; the West, at ``"Stand firm"``,
    chooses ``Sanction`` or ``Back down``; after sanctions Russia, at ``"Relief
    offer"``, chooses ``Accept`` (concede ``D`` for relief) or ``Reject``
    (deadlock).

    Material payoffs ``(P_West, P_Russia)``: status quo and backing down ``(0,
    0)``; acquiescence ``(D, -D)``; deadlock ``(-c_S, -c_T)``; the relief deal
    ``(D - (1 - kappa*phi)*c_S, -D - (1 - kappa*phi)*c_T)`` (the sanctions that
    remain in expectation).  Utilities are ``U_i = P_i - beta*P_j``, sympy
    expressions in the parameters.
    """
    import sympy
    v = {p.name: sympy.Symbol(p.name) for p in PARAMETERS}
    beta = v["beta"]

    def utility(p_west, p_russia):
        return (p_west - beta * p_russia, p_russia - beta * p_west)

    left = 1 - v["kappa"] * v["phi"]          # share of the sanctions still expected
    b = TreeBuilder(players=("West", "Russia"), title="Sanctions, relief and relative gains",
                    parameters=PARAMETERS)
    root = b.decision("West", actions=("Demand", "No demand"), label="Sender",
                      infoset_label="Sender")
    b.terminal(root, "No demand", payoffs=utility(0, 0), outcome_label="status quo")
    target = b.decision("Russia", parent=root["Demand"], actions=("Acquiesce", "Stand firm"),
                        label="Demand", infoset_label="Demand")
    b.terminal(target, "Acquiesce", payoffs=utility(v["D"], -v["D"]), outcome_label="acquiescence")
    sender = b.decision("West", parent=target["Stand firm"], actions=("Sanction", "Back down"),
                        label="Stand firm", infoset_label="Stand firm")
    b.terminal(sender, "Back down", payoffs=utility(0, 0), outcome_label="the West backs down")
    relief = b.decision("Russia", parent=sender["Sanction"], actions=("Accept", "Reject"),
                        label="Relief offer", infoset_label="Relief offer")
    b.terminal(relief, "Accept", payoffs=utility(v["D"] - left * v["c_S"], -v["D"] - left * v["c_T"]),
               outcome_label="concession for phased relief")
    b.terminal(relief, "Reject", payoffs=utility(-v["c_S"], -v["c_T"]), outcome_label="deadlock")
    return b.build()
