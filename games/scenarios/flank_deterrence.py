"""``flank-deterrence``: a probe on NATO's eastern flank against a Defender of unknown resolve.

Mechanism.  Nature makes NATO *Hard* (it prefers resisting a probe to conceding)
with probability ``p_D``, otherwise *Soft*; Russia does not see which.  Russia
keeps the status quo (worth ``s``) or probes; after a probe NATO, knowing its
own type, concedes (Russia wins, worth 1) or resists (war, worth ``-k`` to
Russia).  A Hard NATO resists and a Soft one concedes, so a probe is a lottery
that pays off only against a Soft NATO: deterrence works when NATO is likely
enough to be Hard, and how likely is "enough" depends as much on how much Russia
values the status quo (``s``) as on the cost of war (``k``).

Source model: Zagare and Kilgour (2000), *Perfect Deterrence* (Cambridge UP),
the asymmetric deterrence game with incomplete information (Zagare and Kilgour
1993, *ISQ* 37(1)); Schelling (1960); documented in
``docs/scenarios.md``.

Closed form (a test oracle, never used here): Russia probes iff
``p_D < (1 - s)/(1 + k)``; at the defaults ``s = 0``, ``k = 2`` the cut-off is
1/3.  Thresholds: ``p_D* = 1/3``; in ``s``, ``s* = 1 - p_D*(1 + k) = 1/4``;
in ``k``, ``k* = (1 - s)/p_D - 1 = 3``.

What the default equilibrium illustrates (``p_D = 0.25``): Russia probes,
because a probe is worth ``0.75*1 + 0.25*(-2) = 0.25 > 0``; a Soft NATO
concedes (-0.5 beats -0.8) and a Hard one resists (-0.3 beats -0.5).  Seed
002's recommendation "Strengthening NATO presence along Eastern European
borders" raises ``p_D``; past 1/3 the probe is deterred.  A credible threat is
not sufficient on its own: a badly dissatisfied Russia (low ``s``) probes even
against a likely-Hard NATO.

Note on names: Russia's status-quo value is called ``s`` here; in this game
``s`` is that value (default 0), not the sanctions relief ``s`` of the shared
baseline.  The numbers are illustrative, not estimates.
"""
from __future__ import annotations

from fractions import Fraction

from solver import ExtensiveFormGame, TreeBuilder

from ..registry import Parameter, register

__all__ = ["PARAMETERS", "flank_deterrence", "NATO_PAYOFFS"]

P_D = Parameter(
    "p_D", "0.25", "0", "1",
    "probability that NATO is Hard (prefers resisting a probe to conceding)",
    'seed 002: "Strengthening NATO presence along Eastern European borders to reassure '
    'allies and deter aggression"')
S_SQ = Parameter(
    "s", "0", "-1", "1",
    "Russia's value of the status quo on the flank (here not the sanctions relief s)",
    'seed 000: Russia "may seek to establish a buffer zone" ... "to protect its borders"')
K = Parameter(
    "k", "2", "0", "10",
    "Russia's cost of war with NATO if a probe is resisted (war is worth -k)",
    'seed 000: "the reactions of neighboring countries, particularly Poland and the Baltic '
    'states, are especially important due to their direct security concerns"')

PARAMETERS = (P_D, S_SQ, K)

#: NATO's payoffs (Zagare and Kilgour's asymmetric deterrence game): status quo, conceding, and resisting
#: when Hard or Soft.  Constants: the types are defined by their order.
NATO_PAYOFFS = {"status quo": 0, "concede": Fraction(-1, 2),
                "resist Hard": Fraction(-3, 10), "resist Soft": Fraction(-4, 5)}

_SOURCE = ("Zagare and Kilgour 2000 (perfect deterrence, asymmetric deterrence game); "
           "seed 000 \"the threat of escalating the conflict\", Poland and the "
           "Baltic states")


@register("flank-deterrence",
          "Deterrence on NATO's eastern flank: Russia probes iff NATO is Hard with "
          "probability below (1 - s)/(1 + k)",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="deterrence: a probe pays against a defender likely to concede",
          literature="Zagare and Kilgour 2000",
          lever_parameters=("p_D",),
          lever="NATO's credibility p_D (forward presence on the flank)")
def flank_deterrence() -> ExtensiveFormGame:
    """The flank-deterrence game (Zagare and Kilgour 2000).

    Nature draws NATO's type, ``Hard`` with probability ``p_D`` (chance node
    ``"NATO's type"``).  Russia, not knowing the type (one information set
    ``"Russia"`` with a node in each branch), chooses ``Probe`` or ``Status quo``.
    After a probe NATO, at the node ``"Probe vs Hard"`` or ``"Probe vs Soft"``,
    chooses ``Concede`` or ``Resist``.  Payoffs (Russia, NATO): status quo
    ``(s, 0)``; probe conceded ``(1, -1/2)``; probe resisted ``(-k, -3/10)``
    against a Hard NATO and ``(-k, -4/5)`` against a Soft one.
    """
    import sympy
    v = {p.name: sympy.Symbol(p.name) for p in PARAMETERS}
    b = TreeBuilder(players=("Russia", "NATO"), title="Deterrence on NATO's eastern flank",
                    parameters=PARAMETERS)
    nature = b.chance({"Hard": v["p_D"], "Soft": 1 - v["p_D"]}, label="NATO's type")
    for t in ("Hard", "Soft"):
        r = b.decision("Russia", parent=nature[t], actions=("Probe", "Status quo"),
                       infoset="Russia", infoset_label="Russia", label=f"Russia ({t} NATO)")
        b.terminal(r, "Status quo", payoffs=(v["s"], NATO_PAYOFFS["status quo"]),
                   outcome_label=f"status quo ({t})")
        n = b.decision("NATO", parent=r["Probe"], actions=("Concede", "Resist"),
                       label=f"Probe vs {t}", infoset_label=f"Probe vs {t}")
        b.terminal(n, "Concede", payoffs=(1, NATO_PAYOFFS["concede"]),
                   outcome_label=f"{t} NATO concedes")
        b.terminal(n, "Resist", payoffs=(-v["k"], NATO_PAYOFFS[f"resist {t}"]),
                   outcome_label=f"{t} NATO resists: war")
    return b.build()
