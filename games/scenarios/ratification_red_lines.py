"""``ratification-red-lines``: a two-level game with audience costs.

Mechanism.  The West offers a package built from Russia's objectives in seed
000; Russia's leader accepts or rejects it; then the Western ratifiers (Ukraine,
the EU, Poland and the Baltic states) ratify it only if it stays within their
red line ``y_bar``.  Having publicly promised more (a goal ``g``), the leader
pays an audience cost ``A`` if he accepts less, so his win-set is ``y >=
min(g, w_R + A)`` while the ratifiers' is ``y <= y_bar``.  When the two win-sets
do not overlap, every package the West could get ratified is refused, and no
offer the West can make changes that.

Source model: Putnam (1988), "Diplomacy and Domestic Politics: The Logic of
Two-Level Games", *International Organization* 42(3) (win-sets, ratification);
Fearon (1994), "Domestic Political Audiences and the Escalation of
International Disputes", *APSR* 88(3) (audience costs); documented in
``docs/scenarios.md``.

Closed form (a test oracle, never used here): a deal exists iff ``min(g, w_R +
A) <= y_bar`` with ``w_R = p - c_R``; at the defaults ``min(0.80, 0.60) = 0.60 >
0.55``: no deal.  Thresholds: ``A > y_bar - w_R = 0.10`` kills any deal; ``y_bar
>= 0.60`` restores one (so does ``g <= 0.55``).

The packages (the choice behind the exact thresholds).  The West's menu is a
ladder of three nested packages made of the four objectives of seed 000, with
values to Russia chosen to agree with the shared baseline:

* ``DV``: territorial recognition plus phased sanctions easing, worth ``x +
  kappa*s = 0.30 + 0.5*0.20 = 0.40`` (seed 002's offer, as in ``diplomatic-victory``);
* ``DV+NATO``: adds a guarantee against Ukraine's NATO membership (+0.15): 0.55;
* ``DV+NATO+buffer``: adds a buffer zone (+0.05): 0.60.

With a discrete menu, the deal threshold in ``A`` is ``y_max - w_R`` where
``y_max`` is the largest ratifiable package, and the threshold in ``y_bar`` is
the smallest package Russia accepts.  The ladder contains packages worth
exactly ``y_bar = 0.55`` and ``w_R + A = 0.60``, so backward induction gives
the thresholds 0.10 and 0.60 exactly.  The price is two ties at the
defaults (the ratifiers are indifferent about ``DV+NATO``, and Russia would be
about ``DV+NATO+buffer`` if it were ratified); they are the weak inequalities of
the closed form, not artefacts.  Away from the ladder's values the game answers
for its menu, not for a continuum of offers: the tests use the closed form
where its end points are package values, and the menu version everywhere.

Modelling choices.  The ratifiers are a player, ``Ratifiers``, who vote on the
text of an agreed package: ratifying ``y`` is worth ``y_bar - y`` to them and a
veto 0, so they ratify iff ``y <= y_bar``.  They move after Russia's leader
(Level I agreement, then Level II ratification, as in Putnam); a leader who
accepts publicly pays the audience cost even if the deal is then vetoed.  These
two choices keep ties to the boundaries: with the ratifiers first, or their
payoff tied to Russia's later answer, they would be indifferent about every
package Russia refuses.

What the default equilibrium illustrates: every package ends without a deal --
``DV`` and ``DV+NATO`` are refused (0.40 - 0.15 and 0.55 - 0.15 are below
Russia's war value 0.45), ``DV+NATO+buffer`` would be vetoed -- so the West is
indifferent among its three offers, and the solver lists every such choice.
Tied hands help Russia only when the ratifiers' win-set is large enough
(Schelling's conjecture): with ``y_bar >= 0.60`` the audience cost raises Russia's
deal from 0.55 (``A = 0``) to 0.60 (``A = 0.15``; Russia is then indifferent, so
this deal is one of the subgame-perfect equilibria, next to no deal).
The numbers are illustrative, not estimates.
"""
from __future__ import annotations

import sympy

from solver import ExtensiveFormGame, TreeBuilder

from ..registry import Parameter, register
from .baseline import C_R, C_W, P

__all__ = ["PARAMETERS", "PACKAGES", "ratification_red_lines"]

Y_BAR = Parameter(
    "y_bar", "0.55", "0", "1",
    "the Western ratifiers' red line: the most (value to Russia) they will ratify",
    'seed 000: "the reactions of neighboring countries, particularly Poland and the Baltic '
    'states ... could ... complicate the pursuit of any agreements that compromise Ukrainian '
    'sovereignty"')
A = Parameter(
    "A", "0.15", "0", "1",
    "audience cost Russia's leader pays for accepting less than his public goal",
    'seed 002: accepting "would undermine ... diminishing domestic nationalist support"')
G = Parameter(
    "g", "0.80", "0", "1",
    "Russia's leader's publicly declared goal (value of the maximal settlement)",
    'seed 002: "Domestic Support | Maintained balance to prevent unrest at home"; seed 000: '
    '"a non-negotiable demand"')

PARAMETERS = (Y_BAR, A, G, P, C_R, C_W)

#: The West's menu: (label, objectives of seed 000 included, value to Russia).
#: Nested packages; the values are exact and chosen so that the
#: thresholds (0.55 and 0.60) are package values (see the module docstring).
PACKAGES = (
    ("DV", ("territorial recognition", "sanctions easing"), sympy.Rational(2, 5)),
    ("DV+NATO", ("territorial recognition", "sanctions easing", "NATO guarantee"),
     sympy.Rational(11, 20)),
    ("DV+NATO+buffer", ("territorial recognition", "sanctions easing", "NATO guarantee",
                        "buffer zone"), sympy.Rational(3, 5)),
)

_SOURCE = ("Putnam 1988 (two-level games); Fearon 1994 (audience costs); "
           "seed 000 \"Russian Objectives\", \"International reactions\"; seed 002 "
           "\"Domestic Support\"")


@register("ratification-red-lines",
          "Two-level game: Western red lines (ratification) and the Russian leader's audience "
          "cost leave no package both sides can accept",
          parameters=PARAMETERS, source=_SOURCE)
def ratification_red_lines() -> ExtensiveFormGame:
    """The two-level ratification game (Putnam 1988, Fearon 1994).

    Players ``West``, ``Russia`` and ``Ratifiers``.  The West (node ``"West"``)
    offers one of the :data:`PACKAGES`; Russia's leader, at the node named after
    the package, chooses ``Accept`` or ``Reject``; after an acceptance the
    ratifiers, at ``"<package> agreed"``, choose ``Ratify`` or ``Veto``.

    Payoffs (West, Russia, Ratifiers) for a package worth ``y`` to Russia, with
    ``a = A`` if ``y < g`` and 0 otherwise (a sympy ``Piecewise`` in ``g``):

    * ratified deal: ``(1 - y, y - a, y_bar - y)``;
    * accepted, then vetoed: ``(1 - p - c_W, p - c_R - a, 0)``;
    * rejected: ``(1 - p - c_W, p - c_R, 0)``.
    """
    v = {p.name: sympy.Symbol(p.name) for p in PARAMETERS}
    w_R = v["p"] - v["c_R"]
    w_W = 1 - v["p"] - v["c_W"]
    b = TreeBuilder(players=("West", "Russia", "Ratifiers"),
                    title="Ratification red lines and audience costs",
                    parameters=PARAMETERS)
    root = b.decision("West", actions=tuple(lab for lab, _, _ in PACKAGES), label="West",
                      infoset_label="West")
    for lab, _, y in PACKAGES:
        cost = sympy.Piecewise((v["A"], y < v["g"]), (0, True))   # audience cost if y < g
        r = b.decision("Russia", parent=root[lab], actions=("Accept", "Reject"), label=lab,
                       infoset_label=lab)
        b.terminal(r, "Reject", payoffs=(w_W, w_R, 0), outcome_label=f"{lab} rejected: war")
        rat = b.decision("Ratifiers", parent=r["Accept"], actions=("Ratify", "Veto"),
                         label=f"{lab} agreed", infoset_label=f"{lab} agreed")
        b.terminal(rat, "Ratify", payoffs=(1 - y, y - cost, v["y_bar"] - y),
                   outcome_label=f"{lab} ratified: deal")
        b.terminal(rat, "Veto", payoffs=(w_W, w_R - cost, 0), outcome_label=f"{lab} vetoed: war")
    return b.build()
