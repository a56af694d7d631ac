"""``diplomatic-victory``: the headline game -- the offer was made, and refused.

Mechanism.  The West does not know Russia's aims.  Nature draws them: *Maximalist*
(with probability ``pi``), whose war share is ``p``, or *Limited*, whose war share is
``p_L < p`` (recognition of the current lines would satisfy it).  The West, not
seeing the draw, offers the diplomatic victory ``DV`` (recognised territory ``x``
plus phased sanctions relief ``s``, worth ``x + kappa*s`` to Russia), a larger
``Enhanced`` package (``x_enh``, ``s_enh``), or nothing.  Russia, knowing its type,
accepts or declines; a declined offer, or none, means war.

A Limited Russia accepts DV (0.40 > 0.35); a Maximalist Russia declines it (war is
worth 0.45 > 0.40).  The West still offers DV: it gives up less than Enhanced,
and the risk of a refusal is worth running when the Maximalist is not too likely.
This is the *risk-return trade-off* of bargaining under private information
(Fearon 1995, sec. "Private information and incentives to misrepresent"): an
uninformed proposer rationally makes an offer that some types refuse, so war
happens on the path of play, and the refusal reveals the type.

Source model: Fearon (1995), "Rationalist Explanations for War", *International
Organization* 49(3); the Harsanyi (1967-68) transformation turns the uncertainty
about aims into Nature's move.  Solution concept: perfect Bayesian equilibrium.
Documented in ``docs/scenarios.md``; the complete-information benchmark is
``diplomatic-victory-complete-info`` (:mod:`games.scenarios.diplomatic_victory_complete_info`).

Labels (read by the command's JSON and by the checks): Nature's move ``Aims`` with
actions ``Maximalist`` and ``Limited``; the West's information set ``West``;
Russia's information sets ``DV | Maximalist``, ``DV | Limited``, ``Enhanced |
Maximalist`` and ``Enhanced | Limited``.

Closed form (a test oracle, never used here).  A type with war share ``p_t``
declines an offer worth ``y`` iff ``p_t - c_R > y``.  At the defaults the West's
expected payoffs are, for DV, ``(1 - pi)(1 - x - lam*s) + pi*(1 - p - c_W) =
0.545``; for Enhanced (accepted by both types) ``1 - x_enh - lam*s_enh = 0.525``;
for no offer ``(1 - pi)(1 - p_L - c_W) + pi*(1 - p - c_W) = 0.37``.  Thresholds:
the West offers Enhanced once ``pi > 5/14``; the Maximalist accepts DV once ``s >=
3/10``, ``kappa >= 3/4`` or ``x >= 7/20``.  The numbers are illustrative, not
estimates.
"""
from __future__ import annotations

from solver import ExtensiveFormGame, TreeBuilder

from ..registry import Parameter, register
from .baseline import C_R, C_W, KAPPA, LAM, P, S, S_ENH, X, X_ENH

__all__ = ["PARAMETERS", "PI", "P_L", "diplomatic_victory"]

PI = Parameter(
    "pi", "0.30", "0", "1",
    "the West's prior that Russia's aims are maximalist",
    'seed 002: "Maximize control long-term"')
P_L = Parameter(
    "p_L", "0.50", "0", "1",
    "war share of a Russia with limited aims (it would settle for the current lines)",
    'seed 000: "specifically regarding Crimea and the territories currently under Russian '
    'control in the Donbas region"')

PARAMETERS = (P, C_R, C_W, X, S, KAPPA, X_ENH, S_ENH, LAM, PI, P_L)

_SOURCE = ("Fearon 1995 (private information, the risk-return trade-off); Harsanyi 1967-68; "
           'seed 002: "Putin ultimately refused the proposal"')

#: Offers and the parameters of their terms; "No offer" means war.
_OFFERS = (("DV", "x", "s"), ("Enhanced", "x_enh", "s_enh"))
#: Russia's types, with the parameter of each type's war share.
_TYPES = (("Maximalist", "p"), ("Limited", "p_L"))


@register("diplomatic-victory",
          "The DV offer made and refused: a West unsure of Russia's aims offers DV, and a "
          "maximalist Russia declines it (war is worth 0.45 > 0.40), revealing its type",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="private information: the West risks an offer only a maximalist refuses",
          literature="Fearon 1995",
          lever="more credible relief (kappa) or more of it (s), or a larger offer",
          lever_parameters=("x", "s", "kappa", "pi"),
          see_also=("diplomatic-victory-complete-info", "aims-screening"))
def diplomatic_victory() -> ExtensiveFormGame:
    """The diplomatic-victory offer under uncertainty about Russia's aims (Fearon 1995).

    Nature's move ``Aims`` draws ``Maximalist`` (probability ``pi``) or ``Limited``.
    The West, at one information set ``West`` spanning both draws, chooses ``DV``,
    ``Enhanced`` or ``No offer``.  After an offer Russia, knowing its type, chooses
    ``Accept`` or ``Decline`` at the information set ``"<offer> | <type>"``.  An
    accepted offer ``(x, s)`` pays Russia ``x + kappa*s`` and the West ``1 - x -
    lam*s``; a declined offer or no offer means war, worth ``p_t - c_R`` to a Russia of
    war share ``p_t`` and ``1 - p_t - c_W`` to the West.  Payoffs and the prior are
    sympy expressions in the parameters.
    """
    import sympy
    v = {q.name: sympy.Symbol(q.name) for q in PARAMETERS}
    b = TreeBuilder(players=("West", "Russia"), title="The diplomatic-victory offer",
                    parameters=PARAMETERS)
    aims = b.chance((("Maximalist", v["pi"]), ("Limited", 1 - v["pi"])), label="Aims")
    for kind, share in _TYPES:
        war = (1 - v[share] - v["c_W"], v[share] - v["c_R"])
        west = b.decision("West", ("DV", "Enhanced", "No offer"), parent=aims[kind],
                          infoset="West", label=f"West ({kind})")
        for offer, x, s in _OFFERS:
            name = f"{offer} | {kind}"
            r = b.decision("Russia", ("Accept", "Decline"), parent=west[offer], label=name,
                           infoset_label=name)
            b.terminal(r, "Accept", payoffs=(1 - v[x] - v["lam"] * v[s], v[x] + v["kappa"] * v[s]),
                       outcome_label=f"{offer} accepted")
            b.terminal(r, "Decline", payoffs=war, outcome_label=f"{offer} declined: war")
        b.terminal(west, "No offer", payoffs=war, outcome_label="no offer: war")
    return b.build()
