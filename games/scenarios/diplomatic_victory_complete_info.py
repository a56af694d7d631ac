"""``diplomatic-victory-complete-info``: the offer as an ultimatum with Russia's aims known.

The benchmark without uncertainty, kept as the teaching contrast to the headline
game ``diplomatic-victory`` (:mod:`games.scenarios.diplomatic_victory`): when the
West knows Russia's war value, it would never make an offer that Russia refuses,
so this game cannot put the refusal the documents report on the path of play.

Mechanism.  The West offers a bundle (recognised territory ``x`` plus phased
sanctions relief ``s``); Russia compares what the bundle is worth to it, ``x +
kappa*s`` (phased relief counts only at its credibility ``kappa``), with what it
expects from fighting on, ``p - c_R``.  With complete information a take-it-or-
leave-it offer below the responder's war value is refused, so the refusal of the
"diplomatic victory" says the offer lay outside the bargaining range.

Source model: Fearon (1995), "Rationalist Explanations for War", *International
Organization* 49(3), the bargaining range and the ultimatum game; documented
in ``docs/scenarios.md``.

Closed form (a test oracle, never used here): Russia declines an offer iff
``p - c_R > x + kappa*s``.  At the defaults 0.45 > 0.40, so the DV offer is
declined; the Enhanced offer (0.55 to Russia) is accepted, and the West offers
it because 0.525 > 0.30.  Thresholds: ``s* = (p - c_R - x)/kappa = 0.30``,
``kappa* = 0.75``, ``x* = 0.35``.

What the default equilibrium illustrates: with full information the DV offer is
not made (Russia would decline it: 0.45 > 0.40); the West offers Enhanced, which
Russia accepts.  It also illustrates subgame perfection: a plain Nash
search also finds equilibria in which Russia "would decline" Enhanced, which
sustain the West's DV or No offer; such threats are not credible, because at the
Enhanced node accepting pays Russia more than fighting.

Interpretation: a higher cost of fighting (seed 002's "Military Overextension")
pushes Russia toward acceptance here; its use as a reason to refuse is better
read as a lower value ``x`` of the ceasefire line on offer.  The numbers are
illustrative, not estimates.

:func:`diplomatic_victory_attributes` builds the same game from seed 002's
"Aspect" table (territorial gains, conflict status, sanctions, international
standing) with :class:`solver.forms.attributes.AttributeModel`.
"""
from __future__ import annotations

from typing import Any


from solver import ExtensiveFormGame, TreeBuilder

from ..registry import register
from .baseline import C_R, C_W, KAPPA, LAM, P, S_ENH, X, X_ENH, S

__all__ = ["PARAMETERS", "ASPECTS", "diplomatic_victory_complete_info", "attribute_model",
           "diplomatic_victory_attributes"]

PARAMETERS = (P, C_R, C_W, X, S, KAPPA, X_ENH, S_ENH, LAM)

_SOURCE = ("Fearon 1995 (bargaining range, ultimatum game); "
           'seed 002: "Trump’s Proposal" vs "Putin’s Calculation"')

_OFFERS = (("DV", "x", "s"), ("Enhanced", "x_enh", "s_enh"))


def _symbols():
    import sympy
    return {p.name: sympy.Symbol(p.name) for p in PARAMETERS}


def _tree(accept_payoffs, war_payoffs, title: str) -> ExtensiveFormGame:
    """The tree shared by both builders: payoffs (West, Russia) from the two callables."""
    b = TreeBuilder(players=("West", "Russia"), title=title, parameters=PARAMETERS)
    root = b.decision("West", actions=("DV", "Enhanced", "No offer"), label="West",
                      infoset_label="West")
    war = war_payoffs()
    for offer, x, s in _OFFERS:
        r = b.decision("Russia", parent=root[offer], actions=("Accept", "Decline"),
                       label=offer, infoset_label=offer)
        b.terminal(r, "Accept", payoffs=accept_payoffs(x, s), outcome_label=f"{offer} accepted")
        b.terminal(r, "Decline", payoffs=war, outcome_label=f"{offer} declined: war")
    b.terminal(root, "No offer", payoffs=war, outcome_label="no offer: war")
    return b.build()


@register("diplomatic-victory-complete-info",
          "The benchmark with Russia's aims known: DV would be refused (0.45 > 0.40), so the "
          "West offers Enhanced instead",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="an offer below Russia's war value is refused, so it is not made",
          literature="Fearon 1995",
          lever="an offer worth at least Russia's war value (s, kappa or x)",
          lever_parameters=("x", "s", "kappa", "x_enh", "s_enh"),
          see_also=("diplomatic-victory",))
def diplomatic_victory_complete_info() -> ExtensiveFormGame:
    """The diplomatic-victory ultimatum with complete information (Fearon 1995).

    The West chooses ``DV`` (territory ``x``, relief ``s``), ``Enhanced``
    (``x_enh``, ``s_enh``) or ``No offer``; at the node of each offer (labelled
    ``"DV"`` and ``"Enhanced"``) Russia chooses ``Accept`` or ``Decline``.  An
    accepted offer pays Russia ``x + kappa*s`` and the West ``1 - x - lam*s``; a
    declined offer or no offer means war, worth ``p - c_R`` to Russia and ``1 - p
    - c_W`` to the West.  Payoffs are sympy expressions in the parameters.
    """
    v = _symbols()

    def accept(x, s):
        return (1 - v[x] - v["lam"] * v[s], v[x] + v["kappa"] * v[s])

    def war():
        return (1 - v["p"] - v["c_W"], v["p"] - v["c_R"])

    return _tree(accept, war, "The diplomatic-victory offer, complete information")


#: Seed 002's "Aspect" table, one attribute per row.
ASPECTS = ("territorial gains", "conflict status", "sanctions", "international standing")


def attribute_model(standing_W: Any = 0, standing_R: Any = 0):
    """The actors' weights on the four aspects of seed 002's table.

    Seed 002 compares "Trump's Proposal" and "Putin's Calculation" along four
    aspects: *Territorial Gains* ("Partial recognition" vs "Maximize control
    long-term"), *Conflict Status* ("Immediate ceasefire" vs "Prolonged
    engagement"), *Sanctions* ("Phased relief" vs "Leverage retention") and
    *International Standing* ("Compromise" vs "Assert dominance").  An outcome
    gives each aspect a value:

    * territorial gains: Russia's share of the contested stake (``x`` if an
      offer is accepted, the expected share ``p`` in war);
    * conflict status: 1 while the fighting goes on, 0 under a ceasefire;
    * sanctions: the face value of the relief granted (``s``), 0 in war;
    * international standing: 1 if Russia "asserts dominance" by refusing, 0 if
      it compromises.

    Weights (per unit of attribute): Russia values territory at 1, fighting at
    ``-c_R`` and relief at its credibility ``kappa``; the West loses one unit
    per unit of territory (intercept 1), pays ``c_W`` for fighting and ``lam``
    per unit of relief (leverage given up).  Standing gets weight 0 for both at
    the defaults: it is in the model so that a user can give it a
    weight (``standing_W``, ``standing_R``: numbers or parameter names) and ask
    which weight flips Russia's choice (:func:`solver.analysis.sensitivity.sensitivity`).
    """
    from solver.forms.attributes import AttributeModel
    return AttributeModel(
        ASPECTS,
        {"West": {"territorial gains": -1, "conflict status": "-c_W", "sanctions": "-lam",
                  "international standing": standing_W},
         "Russia": {"territorial gains": 1, "conflict status": "-c_R", "sanctions": "kappa",
                    "international standing": standing_R}},
        intercepts={"West": 1})


def diplomatic_victory_attributes(model=None) -> ExtensiveFormGame:
    """The diplomatic-victory game with payoffs derived from seed 002's "Aspect" table.

    Same tree as :func:`diplomatic_victory_complete_info`; each terminal is described by its
    attributes and the payoffs are computed by the additive value functions of
    :class:`solver.forms.attributes.AttributeModel`.  With the default model
    (:func:`attribute_model`) the result equals the hand-written game (the tests
    check it); pass another model, e.g. ``attribute_model(standing_R="sigma")``,
    to give "international standing" a weight and find where it flips a choice.
    """
    model = attribute_model() if model is None else model
    players = ("West", "Russia")

    def accept(x, s):
        return model.payoffs({"territorial gains": x, "conflict status": 0, "sanctions": s,
                              "international standing": 0}, players, where=f"accepted ({x}, {s})")

    def war():
        return model.payoffs({"territorial gains": "p", "conflict status": 1, "sanctions": 0,
                              "international standing": 1}, players, where="war")

    return _tree(accept, war, "The diplomatic-victory offer, complete information")
