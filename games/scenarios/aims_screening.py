"""``aims-screening``: limited aims or maximalist?  A screening offer and its refusal.

Mechanism.  The West does not know whether Russia's aims are limited (war worth
``r_L`` to it) or maximalist (``r_M``).  A modest offer ``y_dv`` is accepted by the
limited type only; a generous "grand bargain" ``y_gb`` by both.  The West trades
a better deal with the limited type against a risk of war with the maximalist
one, so a refusal is an *equilibrium* event, and an informative one: on the path
of play only the maximalist type rejects, and the rejection reveals it.

Source model: Fearon (1995), "Rationalist Explanations for War", *International
Organization* 49(3), the risk-return trade-off under private information, in its
two-type form; the Harsanyi (1967-68) transformation turns the uncertainty into
Nature's move.  Documented in ``docs/scenarios.md``.

Closed form (a test oracle, never used here): with ``r_L <= y_dv < r_M <= y_gb``,
the West offers DV iff ``pi < (y_gb - y_dv)/(1 - y_dv - u_W)``, 5/6 at the
defaults.  At ``pi = 0.5`` the West offers DV, the limited type accepts, the
maximalist rejects, and the posterior after a rejection is ``Pr(Maximalist) =
1``; at ``pi = 0.9`` the West offers the grand bargain.

Equilibrium concept: perfect Bayesian equilibrium.  Russia's replies are proper
subgames solved by backward induction; the West's single information set (it
does not see the type) is then a decision against the prior.
"""
from __future__ import annotations

from solver.forms.extensive.bayesian import BayesianBuilder
from solver.forms.extensive.game import ExtensiveFormGame

from ..registry import Parameter, register

__all__ = ["PARAMETERS", "aims_screening"]

PARAMETERS = (
    Parameter("pi", "0.5", "0", "1",
              "prior probability that Russia's aims are maximalist",
              'seed 002: "Assert dominance"; seed 000: "a non-negotiable demand that '
              'fundamentally alters the security landscape"'),
    Parameter("y_dv", "0.40", "0", "1",
              "Russia's value of the diplomatic-victory offer (x + kappa*s at the baseline)",
              'seed 002: "Partial recognition", "Phased relief"'),
    Parameter("y_gb", "0.65", "0", "1",
              "Russia's value of a grand bargain (recognition, neutrality guarantee, full relief)",
              'seed 000: "guarantees against NATO membership for Ukraine" and "reduction or '
              'removal of these sanctions"'),
    Parameter("u_W", "0.30", "0", "1",
              "the West's payoff if the offer is rejected and the war goes on",
              'seed 000: "The United States’ significant economic aid, military support"'),
    Parameter("r_L", "0.30", "0", "1",
              "war value of the limited-aims type (Crimea and the current Donbas lines suffice)",
              'seed 000: "Recognition of Territorial Claims ... Crimea and ... the Donbas"'),
    Parameter("r_M", "0.60", "0", "1",
              "war value of the maximalist type (wants more than any modest offer)",
              'seed 002: "Maximize control long-term"; seed 000: "Establishing a Buffer Zone"'),
)

_SOURCE = ("Fearon 1995 (private information, risk-return trade-off); Harsanyi 1967-68")

_TYPES = ("Maximalist", "Limited")
_OFFERS = (("DV", "y_dv"), ("GrandBargain", "y_gb"))


@register("aims-screening",
          "Limited aims or maximalist? The West screens with a modest offer; a rejection "
          "reveals the maximalist type",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="screening: a modest offer that only limited aims accept",
          literature="Fearon 1995",
          lever_parameters=("y_dv", "y_gb", "pi"),
          lever="the grand bargain once the maximalist prior pi is high enough",
          see_also=("diplomatic-victory",))
def aims_screening() -> ExtensiveFormGame:
    """The screening game (Fearon 1995, two types).

    Nature draws Russia's type, ``Maximalist`` with probability ``pi``, else
    ``Limited``.  The West, without seeing it (one information set, labelled
    ``"West"``), offers ``DV`` (worth ``y_dv`` to Russia) or ``GrandBargain``
    (``y_gb``).  Russia, knowing its type, sees the offer and chooses ``Accept``
    (payoffs ``(1 - y, y)`` to West and Russia) or ``Reject`` (``(u_W, r_type)``).
    Russia's nodes are labelled by offer and type (``"DV (Maximalist)"``).
    Payoffs and the prior are sympy expressions in the parameters.
    """
    import sympy
    v = {p.name: sympy.Symbol(p.name) for p in PARAMETERS}
    prior = {"Maximalist": v["pi"], "Limited": 1 - v["pi"]}
    war = {"Maximalist": v["r_M"], "Limited": v["r_L"]}
    b = BayesianBuilder(("West", "Russia"), {"Russia": prior},
                        title="Limited aims or maximalist? (screening)")
    # BayesianBuilder has no parameters argument; its TreeBuilder keeps the defaults
    b.tree.parameters.update({p.name: p for p in PARAMETERS})
    for types, parent in b.type_profiles():
        t = types["Russia"]
        w = b.decision("West", [o for o, _ in _OFFERS], parent=parent, observes=(),
                       label=f"West ({t})", infoset_label="West")
        for offer, y in _OFFERS:
            r = b.decision("Russia", ("Accept", "Reject"), parent=w[offer], observes=(offer,),
                           label=f"{offer} ({t})", infoset_label=f"{offer} ({t})")
            b.terminal(r, "Accept", payoffs=(1 - v[y], v[y]))
            b.terminal(r, "Reject", payoffs=(v["u_W"], war[t]))
    return b.build()
