"""``recognition-veto``: Ukraine decides whether the recognised line holds.

Mechanism.  The diplomatic victory (``DV``) is a bargain between the United States
and Russia about territory that is Ukraine's.  Seed 002 describes it as "effectively
recognizing some of Russia’s territorial gains"; seed 000 stresses that such
negotiations "inherently challenge the legitimacy of Ukraine’s independent
decision-making and territorial integrity".  A recognition is worth its face value
to Russia only if Ukraine accepts the line.  Here Ukraine is a player with the last
word, so whether the recognition is *credible* is not assumed but decided inside the
game: Ukraine accepts the line only if conceding costs it less than fighting on, and
fighting on is worth more the more of the US aid continues.  Russia foresees
Ukraine's move: an offer Ukraine would veto is worth less to Russia than its face
value -- less, even, than the war it already has, because the war that follows a
veto is fought from the ceasefire line.

Source models: Tsebelis (2002), *Veto Players: How Political Institutions Work*
(an agreement needs the consent of every veto player, so fewer agreements can
stick); Putnam (1988), "Diplomacy and Domestic Politics: The Logic of Two-Level
Games", *International Organization* 42(3) (a deal must lie within the win-set of
those who must ratify it).  Solution concept: subgame perfection; the tree has
perfect information, so the solver uses backward induction.  The headline game is
``diplomatic-victory`` (:mod:`games.scenarios.diplomatic_victory`); its
complete-information benchmark is ``diplomatic-victory-complete-info``.

The game.  Three players, ``US``, ``Russia`` and ``Ukraine`` (payoffs in this order):

1. the ``US`` (decision labelled ``"US"``) offers ``DV`` -- recognised territory ``x``
   and phased sanctions relief ``s`` -- or makes ``No offer``;
2. after ``DV``, ``Russia`` (decision ``"DV"``) chooses ``Accept`` or ``Decline``;
3. after an accepted offer, ``Ukraine`` (decision ``"Line"``) chooses ``Accept`` (the
   recognised line holds) or ``Reject`` (it fights on with the share ``aid`` of US aid
   that continues).

Payoffs.  The contested stake is normalised to 1: Russia gets its share, Ukraine
(and, in the US's eyes, the West) the rest.

===============================  ===================  ===============  =================
outcome                          US                   Russia           Ukraine
===============================  ===================  ===============  =================
no offer, or DV declined: war    ``1 - p - c_W``      ``p - c_R``      ``1 - p - c_U``
DV accepted, line accepted       ``1 - x - lam*s``    ``x + kappa*s``  ``1 - x - sigma``
DV accepted, line rejected: war  ``1 - q - aid*c_W``  ``q - c_R``      ``1 - q - c_U``
===============================  ===================  ===============  =================

where ``q = (1 - aid)*p + aid*x`` is Russia's share in the war that follows a veto.
Having accepted, Russia has stopped at the line (seed 002: "Ceasefire
Implementation"), and the war Ukraine resumes is fought from there: with all US aid
continuing (``aid = 1``) Ukraine holds the line and Russia keeps ``x``; with none
(``aid = 0``) Russia regains its expected share ``p`` of the ordinary war.  So
Ukraine's value of fighting on is its war value ``1 - p - c_U`` raised by aid:
``1 - p - c_U + aid*(p - x)``.  The US pays the share ``aid`` of its cost of the war;
phased relief stops with the fighting, so the veto war brings Russia no relief.
Conceding costs Ukraine the territory ``x`` and, on top of it, ``sigma``: its
sovereignty, territorial integrity and freedom to choose its alliances.

Closed form (a test oracle, never used here).

* *When Ukraine vetoes.*  It rejects the line iff ``1 - q - c_U > 1 - x - sigma``,
  that is iff ``sigma > sigma* = c_U + (1 - aid)*(p - x)``; for ``p > x``,
  equivalently iff ``aid > aid* = 1 - (sigma - c_U)/(p - x)``.
* *What Russia's acceptance is then worth.*  Its face value ``x + kappa*s`` if
  Ukraine accepts the line; ``q - c_R = p - c_R - aid*(p - x)`` if Ukraine vetoes,
  which is below Russia's war value ``p - c_R`` whenever ``aid > 0`` and ``x < p``.
* *When Russia accepts.*  Iff acceptance is worth more than war: with the line
  accepted, iff ``x + kappa*s > p - c_R`` (the complete-information rule); with a
  veto, iff ``aid*(x - p) > 0`` -- never, while the line recognises less than Russia
  expects to win (``x < p``) and some aid continues.  A recognition Ukraine would
  veto is refused whatever relief comes with it.
* *What the US offers.*  ``DV`` iff what follows it beats war, ``1 - p - c_W``: the
  deal, ``1 - x - lam*s``, when Russia accepts and the line holds; the veto war,
  ``1 - q - aid*c_W``, when Russia accepts and Ukraine vetoes.  When Russia declines,
  a DV offer changes nothing and the US is indifferent between making it and not.

Defaults (illustrative, normalised numbers, not estimates): the shared baseline
(``p = 0.60``, ``c_R = 0.15``, ``c_W = 0.10``, ``x = 0.30``, ``s = 0.20``,
``kappa = 0.5``, ``lam = 0.25``), Ukraine's cost of fighting ``c_U = 0.20``, its cost
of conceding ``sigma = 0.40``, and the share of aid that continues ``aid = 0.5``.
Then ``q = 0.45`` and Ukraine would reject the line (0.35 > 0.30), so Russia's
acceptance is worth 0.30 -- even less than its face value 0.40, which already lost
to war (0.45).  Russia declines DV.  The US gets 0.30 whether it offers DV or not, so
there are two subgame-perfect equilibria, both with payoffs (0.30, 0.45, 0.20); in
the first the offer is made and refused, as the documents report (the headline game
explains why it was worth making).  Thresholds: the recognition sticks (Ukraine
accepts the line) once ``sigma < 7/20`` or ``aid < 1/3`` (or ``c_U > 1/4``).  While
Ukraine would veto, no value of ``kappa`` makes Russia accept; once the line sticks,
Russia accepts iff ``x + kappa*s > p - c_R`` (``kappa > 3/4`` at the baseline), and
the US then offers DV (0.65 > 0.30).

Interpretation.  A recognition is a promise about a third party's behaviour.  The US
can make it stick only by changing Ukraine's choice: by compensating it for what it
concedes (lowering ``sigma``: guarantees of its sovereignty and alliances), or by
making clear that aid would not continue (lowering ``aid``) -- a lever that weakens
Ukraine in the war itself (seed 000: "a reduction in military aid, even if presented
as a recalibration, would undermine Ukraine’s defense capabilities").  More credible
relief (``kappa``), the lever of the complete-information game, does nothing while
Ukraine would veto.
"""
from __future__ import annotations

from solver import ExtensiveFormGame, TreeBuilder

from ..registry import Parameter, register
from .baseline import C_R, C_W, KAPPA, LAM, P, S, X

__all__ = ["AID", "C_U", "PARAMETERS", "SIGMA", "recognition_veto"]

C_U = Parameter(
    "c_U", "0.20", "0", "1",
    "Ukraine's cost of continued fighting (normalised, like c_R and c_W)",
    'seed 000: "the destabilizing potential of continued conflict"')
SIGMA = Parameter(
    "sigma", "0.40", "0", "1",
    "Ukraine's cost of conceding the recognised territory, beyond its value: sovereignty, "
    "territorial integrity, the freedom to choose its alliances",
    'seed 000: "If negotiations were to recognize or legitimize Russia’s annexation of Crimea '
    'or its control over parts of the Donbas region, Ukraine’s sovereignty would be '
    'fundamentally compromised"; "Ukraine’s sovereign right to determine its own foreign '
    'policy and security alliances"')
AID = Parameter(
    "aid", "0.5", "0", "1",
    "share of US aid that continues if Ukraine rejects the recognised line and fights on",
    'seed 000: "a reduction in military aid, even if presented as a recalibration, would '
    'undermine Ukraine’s defense capabilities"; seed 002: "Providing sustained military aid '
    'to Ukraine that improves defensive capabilities"')

PARAMETERS = (P, C_R, C_W, X, S, KAPPA, LAM, C_U, SIGMA, AID)

_SOURCE = ("Tsebelis 2002 (veto players); Putnam 1988 (win-sets, ratification); "
           'seed 000: "Such negotiations inherently challenge the legitimacy of Ukraine’s '
           'independent decision-making and territorial integrity"; seed 002: "effectively '
           'recognizing some of Russia’s territorial gains"')


@register("recognition-veto",
          "Ukraine decides whether the recognised line holds: a DV that Ukraine would veto "
          "is worth even less to Russia (0.30 < 0.40 < 0.45), so it is refused",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="Ukraine's veto makes recognition worth less to Russia",
          literature="Tsebelis 2002; Putnam 1988",
          lever="Ukraine's consent: compensation that lowers sigma, or less aid to fight on (aid)",
          lever_parameters=("sigma", "aid", "kappa", "s"),
          see_also=("diplomatic-victory", "diplomatic-victory-complete-info",
                    "ratification-red-lines"))
def recognition_veto() -> ExtensiveFormGame:
    """The DV offer with Ukraine's veto over the recognised line (Tsebelis 2002).

    The ``US`` chooses ``DV`` or ``No offer`` at the decision ``"US"``; after DV,
    ``Russia`` chooses ``Accept`` or ``Decline`` at ``"DV"``; after Russia accepts,
    ``Ukraine`` chooses ``Accept`` or ``Reject`` at ``"Line"``.  Payoffs (US,
    Russia, Ukraine): war ``(1 - p - c_W, p - c_R, 1 - p - c_U)``; the line holds
    ``(1 - x - lam*s, x + kappa*s, 1 - x - sigma)``; the veto war, with Russia's
    share ``q = (1 - aid)*p + aid*x``, ``(1 - q - aid*c_W, q - c_R, 1 - q - c_U)``.
    Payoffs are sympy expressions in the parameters.
    """
    import sympy
    v = {prm.name: sympy.Symbol(prm.name) for prm in PARAMETERS}
    p, x, s, aid = v["p"], v["x"], v["s"], v["aid"]
    war = (1 - p - v["c_W"], p - v["c_R"], 1 - p - v["c_U"])
    q = (1 - aid) * p + aid * x                     # Russia's share in the veto war
    b = TreeBuilder(players=("US", "Russia", "Ukraine"),
                    title="The diplomatic-victory offer with Ukraine's veto",
                    parameters=PARAMETERS)
    us = b.decision("US", ("DV", "No offer"), label="US", infoset_label="US")
    russia = b.decision("Russia", ("Accept", "Decline"), parent=us["DV"], label="DV",
                        infoset_label="DV")
    ukraine = b.decision("Ukraine", ("Accept", "Reject"), parent=russia["Accept"],
                         label="Line", infoset_label="Line")
    b.terminal(ukraine, "Accept",
               payoffs=(1 - x - v["lam"] * s, x + v["kappa"] * s, 1 - x - v["sigma"]),
               outcome_label="DV accepted, line accepted: recognition holds")
    b.terminal(ukraine, "Reject",
               payoffs=(1 - q - aid * v["c_W"], q - v["c_R"], 1 - q - v["c_U"]),
               outcome_label="DV accepted, line rejected: war with US aid")
    b.terminal(russia, "Decline", payoffs=war, outcome_label="DV declined: war")
    b.terminal(us, "No offer", payoffs=war, outcome_label="no offer: war")
    return b.build()
