"""``western-policy-mix``: seed 002's four policy recommendations as a game.

Mechanism.  The West picks any subset of the four policy areas of seed 002's
table ("Sanctions | Adaptive & targeted economic measures", "Military | Enhanced
NATO deployment & arms aid", "Diplomacy | Back-channel and formal talks",
"Energy | Promote alternative sources"): 16 policy mixes, labelled like
``"Sanctions+Military"`` or ``"None"``.  Russia, at the same time, chooses to
*Escalate*, *Hold* (keep fighting as now) or *Negotiate* (take the standing
"diplomatic victory" deal).  Payoffs are not written by hand: each cell is an
*outcome* described by attributes (territory, fighting, escalation, a
NATO-Russia confrontation, energy, sanctions, relief, ...) and each actor values
the attributes with its own weights (:class:`solver.forms.attributes.AttributeModel`,
an additive multi-attribute value function; Keeney and Raiffa 1976).  The
effects of the policies are taken from the other scenario games (table below).

Source models: the policy effects of the other scenario games -- Fearon 1995
(the offer and war values, diplomatic-victory), Powell 2006 (the post-ceasefire power shift,
ceasefire-commitment), Drezner 1999 (sanctions and relative gains, sanctions-coercion), Zagare and Kilgour 2000
(deterrence by a likely-Hard NATO, flank-deterrence) -- combined by iterated elimination of
strictly dominated strategies (Gibbons 1992, sec. 1.1.B).

The attribute table (every number is illustrative, not an estimate; a cell's
values depend on the West's mix -- S, M, D, E are 1 when Sanctions, Military,
Diplomacy, Energy are in it -- and on Russia's action):

=================== ===================================== ==================== =====================
attribute           value in the cell                     Russia's weight      West's weight
=================== ===================================== ==================== =====================
territory           Hold ``p - 0.10 M``; Escalate adds    +1                   -1 (intercept 1)
                    ``0.10 (1 - p_D)``; Negotiate
                    ``x - 0.05 M``
fighting            1 under Hold and Escalate             ``-c_R``             ``-c_W``
escalation          1 under Escalate                      -0.04                0
confrontation       ``p_D = 0.25 + 0.15 M`` under         -0.20                -0.60
                    Escalate
energy_dependence   ``1 - E`` in every cell               0                    -0.05
energy_coercion     ``1 - E`` under Escalate              +0.05                -0.05
sanctions_damage    ``0.10 S`` while fighting, half       -1                   ``+beta``
                    under Negotiate (phased relief)
sanctions_blowback  ``S c_S (1 - 2/3 E)`` while fighting  0                    -1
                    (+ ``0.05 S`` under Escalate), half
                    under Negotiate
relief              ``s`` under Negotiate                 ``kappa``            ``-lam``
assurance           ``0.20 s D`` under Negotiate          +1                   0
safeguards          ``D`` under Negotiate                 0                    +0.03
insight             ``D`` under Hold and Escalate         0                    +0.02
policy_cost         ``0.04 M + 0.01 D + 0.02 E``          0                    -1
=================== ===================================== ==================== =====================

Rationale of each number (the seed passage it encodes, and the game it comes from):

* ``p``, ``c_R``, ``c_W``, ``x``, ``s``, ``kappa`` -- the shared baseline; ``lam``
  from ``diplomatic-victory``; ``c_S``, ``beta`` from ``sanctions-coercion`` (the
  same Parameter objects).  With no policy, Hold is worth ``p - c_R = 0.45`` to
  Russia and the deal ``x + kappa*s = 0.40``: the refusal of seed 002.
* Arms aid lowers Russia's war share by 0.10 (seed 002: "Providing sustained
  military aid to Ukraine that improves defensive capabilities";
  aid lowers Russia's expected share by about the aid's effect); with deployment it costs the
  West 0.04, a share of the 0.10 it spends on the war (seed 000: "significant
  economic aid, military support").
* NATO deployment raises the probability that NATO answers an escalation from
  ``p_D = 0.25`` to 0.40, the two values of ``flank-deterrence`` (flank-deterrence: a probe at
  0.25, deterred at 0.40; seed 002: "Strengthening NATO presence along Eastern
  European borders to ... deter aggression").  Escalation wins Russia 0.10 of
  territory if unanswered and costs it twice that, 0.20, in a confrontation (flank-deterrence's
  ``k = 2``, so the probe alone pays iff ``p_D < 1/3``), plus 0.04 of mobilisation
  (seed 002: "Military Overextension").  The West fears a direct clash three times
  as much, 0.60 (seed 002: aid "without crossing red lines"), so deployment costs
  the West something against an escalating Russia.
* Escalation lets Russia use the energy weapon, worth 0.05 to it and costing the
  West as much, while Europe depends on Russian energy; the dependence itself
  costs the West 0.05 in every outcome and diversification 0.02 to build (seed
  000: "the economic dependence of certain European nations on Russian energy
  resources", "Russia utilized energy supply as a bargaining chip"; seed 002:
  "Energy | Promote alternative sources | Energy security & leverage reduction").
* Adaptive sanctions raise Russia's cost of fighting by 0.10 (half that while
  relief is phased in a deal; seed 002: "Adaptive & targeted economic measures |
  Pressure on Russia's economy").  The West values that damage at ``beta`` (the
  relative-gains weight of Drezner's utilities, sanctions-coercion) and pays the blowback ``c_S``,
  two thirds of which is energy, so diversification cuts it to ``c_S/3`` (sanctions-coercion: the
  threat is credible iff ``beta*c_T >= c_S``; sanctions-coercion, "energy
  diversification (lower c_S ...)"); an escalating Russia adds 0.05 of
  counter-measures against sanctioning states (seed 002: "hybrid warfare
  tactics").
* A deal under arms aid leaves Ukraine stronger after the ceasefire: a power shift
  worth 0.05 to the West and costing Russia as much (ceasefire-commitment, Powell 2006; the
  interpretation note that deployment and aid "enlarge the post-ceasefire power
  shift that causes the commitment problem").
* Back-channel talks cost the West 0.01.  They raise the credibility of phased
  relief from ``kappa = 0.5`` to 0.7 (worth ``0.20*s = 0.04`` to Russia; still
  below the ``kappa* = 0.75`` of ``diplomatic-victory``, so talks alone do not buy
  the deal), give the West 0.03 of safeguards in a deal, and, while the fighting
  goes on, 0.02 of insight into Russia's aims and resolve (aims-screening: back-channels as a
  way to learn the type; seed 002: "leveraging back-channel communications to
  test Moscow's resolve and explore potential avenues for de-escalation",
  "Reduced risk of escalation, potential compromise").

What the defaults illustrate: iterated elimination of strictly dominated
strategies (``solver.solve(game, method="dominance")``) reaches a single profile
in four rounds, each with a reason from the seed.  (1) Energy diversification
and back-channel talks pay against every Russian response, so every mix lacking
either is dominated (12 mixes go).  (2) With the energy weapon gone, Escalate is
dominated by Hold for Russia.  (3) Against a Russia that holds or negotiates,
Sanctions (cheap once energy is diversified) and Military both pay, so the mixes
lacking either go; against an escalating Russia they would not (counter-measures,
the risk of a clash), which is why they survived round 1.  (4) Against
Sanctions+Military, Hold (worth 0.25) is dominated by Negotiate (0.34).  The
equilibrium is the full mix of seed 002's recommendations,
"Sanctions+Military+Diplomacy+Energy", with Russia negotiating; payoffs (West,
Russia) = (27/40, 17/50).

Closed forms (test oracles, never used here), valid near the defaults: the West
adds Sanctions iff ``beta * 0.10 > c_S/3`` (thresholds ``c_S* = 0.24``,
``beta* = 0.5``: sanctions-coercion's credibility condition with the energy share removed);
Russia negotiates iff ``x - 0.05 + kappa*s + 0.20*s - 0.05 > p - 0.10 - c_R - 0.10``
under the full mix (thresholds ``p* = 0.69``, ``kappa* = 0.05``).
"""
from __future__ import annotations

import itertools

import sympy

from solver.forms.attributes import AttributeModel
from solver.forms.normal.game import NormalFormGame

from ..registry import register
from .baseline import C_R, C_W, KAPPA, P, S, X
from .baseline import LAM
from .sanctions_coercion import BETA, C_S

__all__ = ["PARAMETERS", "POLICIES", "RUSSIA", "EFFECTS", "policy_mixes", "attribute_model",
           "cell_outcome", "western_policy_mix"]

PARAMETERS = (P, C_R, C_W, X, S, KAPPA, LAM, C_S, BETA)

#: The four policy areas of seed 002's table, in the order of the labels.
POLICIES = ("Sanctions", "Military", "Diplomacy", "Energy")
#: Russia's options.
RUSSIA = ("Escalate", "Hold", "Negotiate")

_R = sympy.Rational
#: The constant effect sizes of the table in the module docstring (exact).
EFFECTS = {
    "aid_shift": _R(1, 10),        # arms aid lowers Russia's war share p
    "aid_cost": _R(1, 25),         # the West's cost of deployment and aid
    "p_D": _R(1, 4),               # chance NATO answers an escalation (flank-deterrence default)
    "deployment": _R(3, 20),       # deployment raises p_D to 0.40 (flank-deterrence: deterred at 0.40)
    "escalation_gain": _R(1, 10),  # territory an unanswered escalation wins
    "confrontation_R": _R(1, 5),   # Russia's cost of a clash: 2 x the gain (flank-deterrence k = 2)
    "confrontation_W": _R(3, 5),   # the West's cost of a clash ("red lines")
    "mobilisation": _R(1, 25),     # Russia's direct cost of escalating ("overextension")
    "energy_weapon": _R(1, 20),    # energy coercion during escalation, while dependent
    "dependence": _R(1, 20),       # the West's running cost of energy dependence
    "energy_cost": _R(1, 50),      # building alternative sources
    "sigma": _R(1, 10),            # adaptive sanctions' extra cost to Russia
    "energy_share_of_c_S": _R(2, 3),   # part of the sanctions' blowback that is energy
    "retaliation": _R(1, 20),      # counter-measures against sanctioners during escalation
    "power_shift": _R(1, 20),      # aid enlarges the post-ceasefire shift (ceasefire-commitment)
    "talks_credibility": _R(1, 5),     # talks raise kappa by 0.20 (0.5 -> 0.7)
    "safeguards": _R(3, 100),      # the West's gain from a deal with talks
    "insight": _R(1, 50),          # what talks tell the West while the fighting goes on
    "talks_cost": _R(1, 100),      # the West's cost of the talks
}


def policy_mixes() -> tuple[tuple[str, ...], ...]:
    """The 16 subsets of :data:`POLICIES`, smallest first, each in the table's order."""
    return tuple(c for k in range(len(POLICIES) + 1) for c in itertools.combinations(POLICIES, k))


def _label(mix) -> str:
    return "+".join(mix) if mix else "None"


def attribute_model() -> AttributeModel:
    """Each actor's weights on the outcome attributes (table in the module docstring)."""
    e = EFFECTS
    v = {p.name: sympy.Symbol(p.name) for p in PARAMETERS}
    attributes = ("territory", "fighting", "escalation", "confrontation", "energy_dependence",
                  "energy_coercion", "sanctions_damage", "sanctions_blowback", "relief",
                  "assurance", "safeguards", "insight", "policy_cost")
    weights = {
        "West": {"territory": -1, "fighting": -v["c_W"],
                 "confrontation": -e["confrontation_W"], "energy_dependence": -e["dependence"],
                 "energy_coercion": -e["energy_weapon"], "sanctions_damage": v["beta"],
                 "sanctions_blowback": -1, "relief": -v["lam"], "safeguards": e["safeguards"],
                 "insight": e["insight"], "policy_cost": -1},
        "Russia": {"territory": 1, "fighting": -v["c_R"], "escalation": -e["mobilisation"],
                   "confrontation": -e["confrontation_R"], "energy_coercion": e["energy_weapon"],
                   "sanctions_damage": -1, "relief": v["kappa"], "assurance": 1},
    }
    return AttributeModel(attributes, weights, intercepts={"West": 1})


def cell_outcome(mix, action: str) -> dict:
    """The attribute values of the outcome when the West plays ``mix`` and Russia ``action``."""
    e = EFFECTS
    v = {p.name: sympy.Symbol(p.name) for p in PARAMETERS}
    S_, M, D, E = (int(name in mix) for name in POLICIES)
    p_D = e["p_D"] + e["deployment"] * M
    blowback = S_ * v["c_S"] * (1 - e["energy_share_of_c_S"] * E)
    out = {"energy_dependence": 1 - E,
           "policy_cost": e["aid_cost"] * M + e["talks_cost"] * D + e["energy_cost"] * E}
    if action == "Negotiate":
        half = sympy.Rational(1, 2)
        out.update(territory=v["x"] - e["power_shift"] * M, relief=v["s"],
                   assurance=e["talks_credibility"] * v["s"] * D, safeguards=D,
                   sanctions_damage=half * e["sigma"] * S_, sanctions_blowback=half * blowback)
        return out
    out.update(territory=v["p"] - e["aid_shift"] * M, fighting=1, insight=D,
               sanctions_damage=e["sigma"] * S_, sanctions_blowback=blowback)
    if action == "Escalate":
        out.update(territory=out["territory"] + e["escalation_gain"] * (1 - p_D),
                   escalation=1, confrontation=p_D, energy_coercion=1 - E,
                   sanctions_blowback=blowback + e["retaliation"] * S_)
    return out


@register("western-policy-mix",
          "Seed 002's policy table as a game: 16 Western policy mixes against Escalate, Hold "
          "or Negotiate; iterated dominance leaves the full mix and a negotiating Russia",
          parameters=PARAMETERS,
          source="seed 002 \"Recommendations for Western Policy\"; "
                 "attribute payoffs (Keeney and Raiffa 1976); effects from games 1-8")
def western_policy_mix() -> NormalFormGame:
    """The policy-mix game: the West (16 mixes) against Russia (Escalate, Hold, Negotiate).

    Payoffs come from :func:`attribute_model` applied to :func:`cell_outcome` of each
    cell; they are sympy expressions in :data:`PARAMETERS`.
    """
    mixes = policy_mixes()
    labels = tuple(_label(m) for m in mixes)
    outcomes = {(_label(m), a): cell_outcome(m, a) for m in mixes for a in RUSSIA}
    return attribute_model().normal_form(
        ("West", "Russia"), (labels, RUSSIA), outcomes, title="Western policy mix",
        parameters=PARAMETERS)
