"""``western-policy-mix``: seed 002's four policy recommendations as a game.

Mechanism
---------
The West picks any subset of the four policy areas of seed 002's table
("Sanctions | Adaptive & targeted economic measures", "Military | Enhanced NATO
deployment & arms aid", "Diplomacy | Back-channel and formal talks", "Energy |
Promote alternative sources"): 16 policy mixes, labelled like
``"Sanctions+Military"`` or ``"None"``.  Russia, at the same time, chooses to
*Escalate*, *Hold* (keep fighting as now) or *Negotiate* (take the standing
"diplomatic victory" deal).  Payoffs are not written by hand: each cell is an
*outcome* described by attributes (territory, fighting, escalation, a
NATO-Russia confrontation, energy, sanctions, relief, ...) and each actor values
the attributes with its own weights (:class:`solver.forms.attributes.AttributeModel`,
an additive multi-attribute value function; Keeney and Raiffa 1976).  Every effect
size is a parameter of the game, with a default, a range, a meaning and the seed
passage behind it, so threshold searches and sweeps can move it like any other.

Source models: the policy effects of the other scenario games -- Fearon 1995
(the offer and war values, diplomatic-victory), Powell 2006 (the post-ceasefire
power shift, ceasefire-commitment), Drezner 1999 (sanctions and relative gains,
sanctions-coercion), Zagare and Kilgour 2000 (deterrence by a likely-Hard NATO,
flank-deterrence) -- combined by iterated elimination of strictly dominated
strategies (Gibbons 1992, *Game Theory for Applied Economists*, sec. 1.1.B).

The attribute table
-------------------
A cell's values depend on the West's mix -- ``S, M, D, E`` are 1 when Sanctions,
Military, Diplomacy, Energy are in it -- and on Russia's action.  Every symbol is a
parameter (defaults in brackets; all illustrative, not estimates).  ``q = p_D +
deployment*(1 - p_D)*M`` is the chance that NATO answers an escalation (0.25, or
0.40 with deployment), and ``b = S*c_S*(1 - energy_share*E)`` the blowback of the
sanctions.

=================== ===================================== ==================== =====================
attribute           value in the cell                     Russia's weight      West's weight
=================== ===================================== ==================== =====================
territory           Hold ``p - aid_shift*M``; Escalate    +1                   -1 (intercept 1)
                    adds ``escalation_gain*(1 - q)``;
                    Negotiate ``x - power_shift*M``
fighting            1 under Hold and Escalate             ``-c_R``             ``-c_W``
escalation          1 under Escalate                      ``-mobilisation``    0
confrontation       ``q`` under Escalate                  ``-confrontation_R`` ``-confrontation_W``
energy_dependence   ``1 - E`` in every cell               0                    ``-dependence``
energy_coercion     ``1 - E`` under Escalate              ``+energy_weapon``   ``-energy_weapon``
sanctions_damage    ``sanctions_bite*S`` while fighting,  -1                   ``+beta``
                    half under Negotiate (phased relief)
sanctions_blowback  ``b`` while fighting (plus            0                    -1
                    ``retaliation*S`` under Escalate),
                    half under Negotiate
relief              ``s`` under Negotiate                 ``kappa``            ``-lam``
assurance           ``talks_credibility*s*D`` under       +1                   0
                    Negotiate
safeguards          ``D`` under Negotiate                 0                    ``+safeguards``
insight             ``D`` under Hold and Escalate         0                    ``+insight``
policy_cost         ``aid_cost*M + talks_cost*D +         0                    -1
                    energy_cost*E``
=================== ===================================== ==================== =====================

Rationale of each number (the seed passage it encodes, and the game it comes from):

* ``p``, ``c_R``, ``c_W``, ``x``, ``s``, ``kappa``, ``lam`` -- the shared baseline;
  ``c_S``, ``beta`` from ``sanctions-coercion`` (the same Parameter objects).  With
  no policy, Hold is worth ``p - c_R = 0.45`` to Russia and the deal
  ``x + kappa*s = 0.40``: the refusal of seed 002.
* ``aid_shift = 0.10``: arms aid lowers Russia's war share by 0.10 (seed 002:
  "Providing sustained military aid to Ukraine that improves defensive
  capabilities"); ``aid_cost = 0.04``: with deployment it costs the West 0.04, a
  share of the 0.10 it spends on the war (seed 000: "significant economic aid,
  military support").
* ``p_D = 0.25`` and ``deployment = 0.2``: NATO answers an escalation with
  probability 0.25; deployment removes a fifth of the remaining doubt, raising it to
  0.40 -- the two values of ``flank-deterrence`` (a probe at 0.25, deterred at 0.40;
  seed 002: "Strengthening NATO presence along Eastern European borders to ...
  deter aggression").  ``escalation_gain = 0.10``: escalation wins Russia 0.10 of
  territory if unanswered; ``confrontation_R = 0.20``: it costs twice that in a
  confrontation (flank-deterrence's ``k = 2``, so the probe alone pays iff
  ``p_D < 1/3``); ``mobilisation = 0.04`` more (seed 002: "Military
  Overextension").  ``confrontation_W = 0.60``: the West fears a direct clash three
  times as much (seed 002: aid "without crossing red lines"), so deployment costs
  the West something against an escalating Russia.
* ``energy_weapon = 0.05``: escalation lets Russia use the energy weapon, worth 0.05
  to it and costing the West as much, while Europe depends on Russian energy;
  ``dependence = 0.05``: the dependence itself costs the West 0.05 in every outcome;
  ``energy_cost = 0.02``: diversification costs that to build (seed 000: "the
  economic dependence of certain European nations on Russian energy resources",
  "Russia utilized energy supply as a bargaining chip"; seed 002: "Energy | Promote
  alternative sources | Energy security & leverage reduction").
* ``sanctions_bite = 0.10``: adaptive sanctions raise Russia's cost of fighting by
  0.10 (half that while relief is phased in a deal; seed 002: "Adaptive & targeted
  economic measures | Pressure on Russia’s economy").  The West values that damage
  at ``beta`` (the relative-gains weight of Drezner's utilities, sanctions-coercion)
  and pays the blowback ``c_S``, of which ``energy_share = 2/3`` is energy, so
  diversification cuts it to ``c_S/3`` (sanctions-coercion: the threat is credible
  iff ``beta*c_T >= c_S``); ``retaliation = 0.05``: an escalating Russia adds
  counter-measures against sanctioning states (seed 002: "hybrid warfare tactics").
* ``power_shift = 0.05``: a deal under arms aid leaves Ukraine stronger after the
  ceasefire, a shift worth 0.05 to the West and costing Russia as much
  (ceasefire-commitment, Powell 2006: deployment and aid enlarge the post-ceasefire
  power shift that causes the commitment problem).
* ``talks_cost = 0.01``: back-channel talks cost the West that.
  ``talks_credibility = 0.20``: they raise the credibility of phased relief from
  ``kappa = 0.5`` to 0.7 (worth ``0.20*s = 0.04`` to Russia; still below the
  ``kappa* = 0.75`` of ``diplomatic-victory``, so talks alone do not
  buy the deal); ``safeguards = 0.03``: they give the West that much in a deal, and
  ``insight = 0.02`` of insight into Russia's aims and resolve while the fighting
  goes on (aims-screening: back-channels as a way to learn the type; seed 002:
  "leveraging back-channel communications to test Moscow’s resolve and explore
  potential avenues for de-escalation").

What the defaults illustrate
----------------------------
Iterated elimination of strictly dominated strategies
(``solver.solve(game, method="dominance")``) reaches a single profile in four
rounds, each with a reason from the seed.  (1) Energy diversification and
back-channel talks pay against every Russian response, so every mix lacking either
is dominated (12 mixes go).  (2) With the energy weapon gone, Escalate is dominated
by Hold for Russia.  (3) Against a Russia that holds or negotiates, Sanctions (cheap
once energy is diversified) and Military both pay, so the mixes lacking either go;
against an escalating Russia they would not (counter-measures, the risk of a
clash), which is why they survived round 1.  (4) Against Sanctions+Military, Hold
(worth 0.25) is dominated by Negotiate (0.34).  The equilibrium is the full mix of
seed 002's recommendations, "Sanctions+Military+Diplomacy+Energy", with Russia
negotiating; payoffs (West, Russia) = (27/40, 17/50).

Closed forms (test oracles, never used here), valid near the defaults
-----------------------------------------------------------------------
The West adds Sanctions iff ``beta*sanctions_bite > c_S*(1 - energy_share)``
(``0.08 > 0.05``; thresholds ``c_S* = 0.24``, ``beta* = 0.5``, ``sanctions_bite* =
1/16``: sanctions-coercion's credibility condition with the energy share removed).
Under the full mix Russia negotiates iff

    x - power_shift + (kappa + talks_credibility)*s - sanctions_bite/2
        > p - aid_shift - c_R - sanctions_bite

(``0.34 > 0.25``; thresholds ``p* = 0.69``, ``kappa* = 0.05``).
"""
from __future__ import annotations

import itertools

from solver.forms.attributes import AttributeModel
from solver.forms.normal.game import NormalFormGame

from ..registry import Parameter, register
from .baseline import C_R, C_W, KAPPA, LAM, P, S, X
from .sanctions_coercion import BETA, C_S

__all__ = ["EFFECTS", "EFFECT_PARAMETERS", "PARAMETERS", "POLICIES", "RUSSIA", "attribute_model",
           "cell_outcome", "policy_mixes", "western_policy_mix"]

# ------------------------------------------------------------------ effect sizes
AID_SHIFT = Parameter(
    "aid_shift", "0.10", "0", "0.5",
    "how much arms aid lowers Russia's war share p",
    'seed 002: "Providing sustained military aid to Ukraine that improves defensive '
    'capabilities"')
AID_COST = Parameter(
    "aid_cost", "0.04", "0", "0.2",
    "the West's cost of NATO deployment and arms aid",
    'seed 000: "The United States’ significant economic aid, military support"')
P_D = Parameter(
    "p_D", "0.25", "0", "1",
    "chance that NATO answers an escalation, without the deployment (flank-deterrence's p_D)",
    'seed 000: "Conversely, perceived inaction or equivocation sends a signal that could invite '
    'further aggression"')
DEPLOYMENT = Parameter(
    "deployment", "0.2", "0", "1",
    "share of the remaining doubt that deployment removes: p_D becomes "
    "p_D + deployment*(1 - p_D), 0.40",
    'seed 002: "Military | Enhanced NATO deployment & arms aid | Improved deterrence & defense '
    'capacity"')
ESCALATION_GAIN = Parameter(
    "escalation_gain", "0.10", "0", "0.5",
    "territory an escalation wins Russia if NATO does not answer it",
    'seed 000: "utilizing military force to create new realities on the ground"')
CONFRONTATION_R = Parameter(
    "confrontation_R", "0.20", "0", "1",
    "Russia's cost of a clash with NATO (twice the gain: flank-deterrence's k = 2)",
    'seed 000: "clearly communicating the consequences of further aggression"')
CONFRONTATION_W = Parameter(
    "confrontation_W", "0.60", "0", "2",
    "the West's cost of a clash with Russia",
    'seed 002: "without crossing red lines"')
MOBILISATION = Parameter(
    "mobilisation", "0.04", "0", "0.2",
    "Russia's direct cost of escalating",
    'seed 002: "Military Overextension | Concerns over sustaining long-term operations abroad"')
ENERGY_WEAPON = Parameter(
    "energy_weapon", "0.05", "0", "0.3",
    "value of energy coercion during an escalation, to Russia and against the West, "
    "while Europe depends on Russian energy",
    'seed 000: "Russia utilized energy supply as a bargaining chip to influence European '
    'policy decisions"')
DEPENDENCE = Parameter(
    "dependence", "0.05", "0", "0.3",
    "the West's running cost of depending on Russian energy",
    'seed 000: "the economic dependence of certain European nations on Russian energy '
    'resources"')
ENERGY_COST = Parameter(
    "energy_cost", "0.02", "0", "0.2",
    "the West's cost of building alternative energy sources",
    'seed 002: "Supporting energy diversification in Europe to reduce dependence on Russian '
    'supplies"')
SANCTIONS_BITE = Parameter(
    "sanctions_bite", "0.10", "0", "0.5",
    "extra cost of fighting that adaptive sanctions impose on Russia (half under a deal)",
    'seed 002: "Adaptive & targeted economic measures | Pressure on Russia’s economy and '
    'decision-makers"')
ENERGY_SHARE = Parameter(
    "energy_share", "2/3", "0", "1",
    "share of the sanctions' cost c_S to the West that is energy, removed by diversification",
    'seed 002: "designed to undermine Russia’s core sectors while minimizing collateral damage '
    'to allies"')
RETALIATION = Parameter(
    "retaliation", "0.05", "0", "0.3",
    "cost to the West of Russia's counter-measures against sanctioning states during an "
    "escalation",
    'seed 002: "Expanding intelligence-sharing with partners to anticipate and counter hybrid '
    'warfare tactics"')
POWER_SHIFT = Parameter(
    "power_shift", "0.05", "0", "0.3",
    "how much arms aid shifts the post-ceasefire balance against Russia in a deal",
    'seed 002: "Western Alliances | Avoided hardening of NATO and EU unity"')
TALKS_CREDIBILITY = Parameter(
    "talks_credibility", "0.20", "0", "0.5",
    "how much talks raise the credibility of phased relief (kappa 0.5 to 0.7)",
    'seed 002: "leveraging back-channel communications to test Moscow’s resolve and explore '
    'potential avenues for de-escalation"')
SAFEGUARDS = Parameter(
    "safeguards", "0.03", "0", "0.2",
    "the West's gain from a deal negotiated with talks",
    'seed 002: "explore potential avenues for de-escalation without conceding Ukrainian '
    'sovereignty"')
INSIGHT = Parameter(
    "insight", "0.02", "0", "0.2",
    "what talks tell the West about Russia's aims and resolve while the fighting goes on",
    'seed 000: "backchannels, unofficial communications between interested parties could '
    'influence both the course and outcome of official deliberations"')
TALKS_COST = Parameter(
    "talks_cost", "0.01", "0", "0.1",
    "the West's cost of back-channel and formal talks",
    'seed 002: "Diplomacy | Back-channel and formal talks | Reduced risk of escalation, '
    'potential compromise"')

#: The effect sizes of the attribute table (module docstring), as parameters.
EFFECT_PARAMETERS = (AID_SHIFT, AID_COST, P_D, DEPLOYMENT, ESCALATION_GAIN, CONFRONTATION_R,
                     CONFRONTATION_W, MOBILISATION, ENERGY_WEAPON, DEPENDENCE, ENERGY_COST,
                     SANCTIONS_BITE, ENERGY_SHARE, RETALIATION, POWER_SHIFT, TALKS_CREDIBILITY,
                     SAFEGUARDS, INSIGHT, TALKS_COST)
#: The effect-size parameters by name.
EFFECTS = {q.name: q for q in EFFECT_PARAMETERS}

PARAMETERS = (P, C_R, C_W, X, S, KAPPA, LAM, C_S, BETA) + EFFECT_PARAMETERS

#: The four policy areas of seed 002's table, in the order of the labels.
POLICIES = ("Sanctions", "Military", "Diplomacy", "Energy")
#: Russia's options.
RUSSIA = ("Escalate", "Hold", "Negotiate")


def _symbols() -> dict[str, sympy.Symbol]:
    import sympy
    return {q.name: sympy.Symbol(q.name) for q in PARAMETERS}


def policy_mixes() -> tuple[tuple[str, ...], ...]:
    """The 16 subsets of :data:`POLICIES`, smallest first, each in the table's order."""
    return tuple(c for k in range(len(POLICIES) + 1) for c in itertools.combinations(POLICIES, k))


def _label(mix) -> str:
    return "+".join(mix) if mix else "None"


def attribute_model() -> AttributeModel:
    """Each actor's weights on the outcome attributes (table in the module docstring)."""
    v = _symbols()
    attributes = ("territory", "fighting", "escalation", "confrontation", "energy_dependence",
                  "energy_coercion", "sanctions_damage", "sanctions_blowback", "relief",
                  "assurance", "safeguards", "insight", "policy_cost")
    weights = {
        "West": {"territory": -1, "fighting": -v["c_W"],
                 "confrontation": -v["confrontation_W"], "energy_dependence": -v["dependence"],
                 "energy_coercion": -v["energy_weapon"], "sanctions_damage": v["beta"],
                 "sanctions_blowback": -1, "relief": -v["lam"], "safeguards": v["safeguards"],
                 "insight": v["insight"], "policy_cost": -1},
        "Russia": {"territory": 1, "fighting": -v["c_R"], "escalation": -v["mobilisation"],
                   "confrontation": -v["confrontation_R"], "energy_coercion": v["energy_weapon"],
                   "sanctions_damage": -1, "relief": v["kappa"], "assurance": 1},
    }
    return AttributeModel(attributes, weights, intercepts={"West": 1})


def cell_outcome(mix, action: str) -> dict:
    """The attribute values of the outcome when the West plays ``mix`` and Russia ``action``."""
    import sympy
    v = _symbols()
    S_, M, D, E = (int(name in mix) for name in POLICIES)
    answered = v["p_D"] + v["deployment"] * (1 - v["p_D"]) * M
    blowback = S_ * v["c_S"] * (1 - v["energy_share"] * E)
    out = {"energy_dependence": 1 - E,
           "policy_cost": v["aid_cost"] * M + v["talks_cost"] * D + v["energy_cost"] * E}
    if action == "Negotiate":
        half = sympy.Rational(1, 2)
        out.update(territory=v["x"] - v["power_shift"] * M, relief=v["s"],
                   assurance=v["talks_credibility"] * v["s"] * D, safeguards=D,
                   sanctions_damage=half * v["sanctions_bite"] * S_,
                   sanctions_blowback=half * blowback)
        return out
    out.update(territory=v["p"] - v["aid_shift"] * M, fighting=1, insight=D,
               sanctions_damage=v["sanctions_bite"] * S_, sanctions_blowback=blowback)
    if action == "Escalate":
        out.update(territory=out["territory"] + v["escalation_gain"] * (1 - answered),
                   escalation=1, confrontation=answered, energy_coercion=1 - E,
                   sanctions_blowback=blowback + v["retaliation"] * S_)
    return out


@register("western-policy-mix",
          "Seed 002's policy table as a game: 16 Western policy mixes against Escalate, Hold "
          "or Negotiate; iterated dominance leaves the full mix and a negotiating Russia",
          parameters=PARAMETERS,
          source="seed 002 \"Recommendations for Western Policy\"; "
                 "attribute payoffs (Keeney and Raiffa 1976); effects from games 1-8",
          mechanism="iterated dominance over the West's policy mixes",
          literature="Keeney and Raiffa 1976",
          lever="the combination: diversification and talks first, then sanctions and "
                "military aid")
def western_policy_mix() -> NormalFormGame:
    """The policy-mix game: the West (16 mixes) against Russia (Escalate, Hold, Negotiate).

    Payoffs come from :func:`attribute_model` applied to :func:`cell_outcome` of each
    cell; they are sympy expressions in :data:`PARAMETERS` (the shared baseline, the
    sanctions parameters and the effect sizes :data:`EFFECT_PARAMETERS`).
    """
    mixes = policy_mixes()
    labels = tuple(_label(m) for m in mixes)
    outcomes = {(_label(m), a): cell_outcome(m, a) for m in mixes for a in RUSSIA}
    return attribute_model().normal_form(
        ("West", "Russia"), (labels, RUSSIA), outcomes, title="Western policy mix",
        parameters=PARAMETERS)
