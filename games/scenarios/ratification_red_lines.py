"""``ratification-red-lines``: a two-level game with audience costs.

Mechanism.  Both negotiators answer to audiences at home.  The West's deal must be
ratified by Ukraine, the EU, Poland and the Baltic states, who refuse any package
worth more to Russia than their red line ``y_bar``.  Russia's leader has publicly
promised a goal ``g`` and pays an audience cost ``A`` if he settles for less, so the
least he can accept is

    r* = min(max(g, w_R), w_R + A),    w_R = p - c_R

(his public goal, but never less than his war value, and never more than his war
value plus the audience cost: beyond that he would rather fight and pay nothing).
When ``r*`` lies above the ratifiers' red line the two win-sets do not overlap, and
no package the West can table becomes a deal (Putnam 1988; Fearon 1994).  The seed
documents supply the players and the packages: seed 000 names Russia's four
objectives (a guarantee against NATO membership, recognition of territorial claims,
the easing of sanctions, a buffer zone) and the reactions of "Poland and the Baltic
states"; seed 002 the "diplomatic victory" offer and the "domestic nationalist
support" a leader who accepts it risks.

Players and moves.  ``West``, ``Russia`` (its leader) and ``Ratifiers``.  The West
tables one of two packages, each valued to Russia from the shared baseline, or makes
``No offer`` (the war goes on):

* ``DV``, the offer of seed 002: recognition of territorial control and phased
  sanctions relief, worth ``x + kappa*s`` (0.30 + 0.5*0.20 = 0.40).  Russia's leader
  chooses ``Accept`` or ``Reject``; after an acceptance the ratifiers choose
  ``Ratify`` or ``Veto`` (Level I agreement, then Level II ratification, as in
  Putnam).  A leader who accepts publicly pays the audience cost even if the deal is
  then vetoed.
* ``Tailored``: DV plus (or, when Russia would settle for less than DV, minus) the
  security guarantees of seed 000's two other objectives, a pledge against NATO
  membership and a buffer zone, sized so that the package is worth exactly ``r*`` to
  Russia.  The West clears its text with the ratifiers first (``Ratify`` or
  ``Veto``); a ratified text is worth exactly the least Russia's leader can accept,
  so he takes it.  His answer is not a separate move, as the responder of the
  ultimatum game accepts an offer at its reservation value in equilibrium: an
  Accept/Reject node there would add only an exact tie (he is indifferent whenever
  the audience cost is what binds), and with it equilibria in which the West,
  refused, offers something worse.  A vetoed text is never tabled: war, and no
  audience cost.

``Tailored`` is the offer a West able to tailor its package continuously would make:
the cheapest one Russia accepts.  With it on the menu the finite game gives the same
answer as the game with a continuum of packages, at every parameter value in the
ranges; ``DV`` shows why the offer actually made failed, and ``No offer`` is the
West's own walk-away option.

Payoffs (West, Russia, Ratifiers) for a package worth ``y`` to Russia, with ``a = A``
if ``y < g`` and ``a = 0`` otherwise:

* ratified deal: ``(1 - y, y - a, y_bar - y)``;
* DV accepted, then vetoed: ``(w_W, w_R - a, 0)``;
* DV rejected, the tailored text vetoed, or no offer: ``(w_W, w_R, 0)``,

where ``w_W = 1 - p - c_W`` is the West's war value.  The ratifiers ratify ``y`` iff
``y <= y_bar``.  Solution concept: subgame-perfect equilibrium (backward induction).

Notes
-----
Closed form (a test oracle, never used by the builder).  A deal is made in some
subgame-perfect equilibrium iff

    r* <= y_bar  and  r* <= 1 - w_W = p + c_W,

and in every one when both inequalities are strict; the deal is then worth ``r*`` to
Russia.  The first condition is the overlap of the two domestic win-sets; the second
is the West's own: it prefers war to conceding more than ``p + c_W``.  The second
does not bind at the defaults (0.60 <= 0.70) but does for large audience costs:
``A = 0.5`` and ``y_bar = 0.9`` give ``r* = 0.80``, which the ratifiers would accept
and the West would not offer.  The ``max(g, w_R)`` matters when the public goal is
below the war value: then ``r* = w_R``, not ``g``.

At the defaults ``r* = min(max(0.80, 0.45), 0.45 + 0.15) = 0.60 > 0.55``: no deal.
Thresholds: an audience cost ``A > y_bar - w_R = 0.10`` rules out any deal; a red
line ``y_bar >= 0.60`` restores one, and so does a goal ``g <= 0.55``.  With ``y_bar
= 0.50`` and ``A = 0`` the deal is the tailored package at ``r* = w_R = 0.45``.

The default equilibria.  No package succeeds.  Russia rejects DV (0.40 - 0.15 = 0.25
< 0.45: the audience cost of settling below his goal leaves the leader worse off than
fighting), and the ratifiers veto the tailored package (0.60 > 0.55).  Every choice
of the West ends in war, so it is indifferent among DV, Tailored and No offer, and
the solver lists all three: three equilibria, one outcome, payoffs (0.30, 0.45, 0).
These are the only ties at the defaults.  Elsewhere ties arise where two compared
payoffs are equal: on the boundaries of the closed form, where DV is worth exactly
``y_bar`` or exactly ``r*``, and, off the path, when a leader with no audience cost
at stake (``A = 0``, or ``y >= g``) is indifferent between rejecting a package and
accepting one the ratifiers will veto.

Tied hands extract more when the ratifiers' win-set is large enough (Schelling's
conjecture): with ``y_bar >= 0.60`` the audience cost raises the settlement the West
concedes from 0.45 (``A = 0``) to 0.60 (``A = 0.15``).  The leader, still short of
his goal, pays the cost, so his own payoff stays 0.45; it rises too when the goal is
within reach (``g <= w_R + A``: with ``g = 0.60`` he gets 0.60).  The numbers are
illustrative, not estimates.

References
----------
Putnam, R. D. (1988), "Diplomacy and Domestic Politics: The Logic of Two-Level
Games", *International Organization* 42(3): win-sets and ratification.

Fearon, J. D. (1994), "Domestic Political Audiences and the Escalation of
International Disputes", *American Political Science Review* 88(3): audience costs.

Schelling, T. C. (1960), *The Strategy of Conflict*: the bargaining power of tied
hands.

Examples
--------
Without an audience cost and with a red line of 0.50, the tailored package (worth
Russia's war value 0.45) is ratified:

>>> import games, solver
>>> sol = solver.solve(games.get("ratification-red-lines", y_bar="0.5", A="0"))
>>> [(e.action("West", "West"), e.action("Ratifiers", "Tailored")) for e in sol.equilibria]
[('Tailored', 'Ratify')]
"""
from __future__ import annotations

from solver import ExtensiveFormGame, TreeBuilder

from ..registry import Parameter, register
from .baseline import C_R, C_W, KAPPA, P, S, X

__all__ = ["PACKAGES", "PARAMETERS", "package_values", "ratification_red_lines"]

Y_BAR = Parameter(
    "y_bar", "0.55", "0", "1",
    "the Western ratifiers' red line: the most (value to Russia) they will ratify",
    'seed 000: "the reactions of neighboring countries, particularly Poland and the Baltic '
    'states ... could ... complicate the pursuit of any agreements that compromise Ukrainian '
    'sovereignty"; "Be mindful of potential red lines from all parties involved"')
A = Parameter(
    "A", "0.15", "0", "1",
    "audience cost Russia's leader pays for accepting less than his public goal",
    'seed 002: accepting "would undermine ... diminishing domestic nationalist support"')
G = Parameter(
    "g", "0.80", "0", "1",
    "Russia's leader's publicly declared goal (value of the maximal settlement)",
    'seed 002: "Balancing nationalistic rhetoric against potential backlash from protracted '
    'conflict"; seed 000: "a non-negotiable demand"')

PARAMETERS = (Y_BAR, A, G, P, C_R, C_W, X, S, KAPPA)

#: The West's menu: (label, the objectives of seed 000 it contains, how its value to
#: Russia is built).  The values themselves are expressions in the parameters
#: (:func:`package_values`).
PACKAGES = (
    ("DV", ("recognition of territorial claims", "easing of sanctions (phased)"),
     "x + kappa*s"),
    ("Tailored", ("recognition of territorial claims", "easing of sanctions (phased)",
                  "guarantee against NATO membership", "buffer zone"),
     "min(max(g, p - c_R), p - c_R + A): the least Russia's leader can accept"),
)

_SOURCE = ('Putnam 1988 (two-level games); Fearon 1994 (audience costs); seed 000: '
           '"Russian Objectives", "Poland and the Baltic states"; seed 002: '
           '"Domestic Support"')


def package_values(v: dict) -> dict:
    """The value to Russia of each package, as expressions in the symbols ``v``."""
    import sympy
    w_R = v["p"] - v["c_R"]
    return {"DV": v["x"] + v["kappa"] * v["s"],
            "Tailored": sympy.Min(sympy.Max(v["g"], w_R), w_R + v["A"])}


@register("ratification-red-lines",
          "Two-level game: Western red lines (ratification) and the Russian leader's audience "
          "cost leave no package both sides can accept",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="two-level game: no package fits both domestic win-sets",
          literature="Putnam 1988; Fearon 1994",
          lever="wider Western red lines (y_bar) or a smaller public commitment (A)",
          lever_parameters=("y_bar", "A", "g"))
def ratification_red_lines() -> ExtensiveFormGame:
    """The two-level ratification game (Putnam 1988, Fearon 1994).

    Players ``West``, ``Russia`` and ``Ratifiers``.  The West (node ``"West"``)
    tables ``DV`` or ``Tailored``.  After ``DV`` Russia's leader (node ``"DV"``)
    chooses ``Accept`` or ``Reject``, and after an acceptance the ratifiers (node
    ``"DV agreed"``) ``Ratify`` or ``Veto``.  After ``Tailored`` the ratifiers
    (node ``"Tailored"``) ``Ratify`` or ``Veto`` its text; Russia takes a ratified
    one.  Payoffs (West, Russia, Ratifiers) are sympy expressions in the
    parameters, derived in the module docstring.

    Returns
    -------
    ExtensiveFormGame
        The parametric tree (its parameters carry their defaults, ranges and sources).
    """
    import sympy
    v = {q.name: sympy.Symbol(q.name) for q in PARAMETERS}
    w_R = v["p"] - v["c_R"]
    w_W = 1 - v["p"] - v["c_W"]
    y = package_values(v)

    def cost(value):                      # the audience cost of accepting ``value``
        return sympy.Piecewise((v["A"], value < v["g"]), (0, True))

    b = TreeBuilder(players=("West", "Russia", "Ratifiers"),
                    title="Ratification red lines and audience costs",
                    parameters=PARAMETERS)
    root = b.decision("West", actions=("DV", "Tailored", "No offer"), label="West",
                      infoset_label="West")
    b.terminal(root, "No offer", payoffs=(w_W, w_R, 0), outcome_label="no offer: war")

    dv = b.decision("Russia", parent=root["DV"], actions=("Accept", "Reject"), label="DV",
                    infoset_label="DV")
    b.terminal(dv, "Reject", payoffs=(w_W, w_R, 0), outcome_label="DV rejected: war")
    agreed = b.decision("Ratifiers", parent=dv["Accept"], actions=("Ratify", "Veto"),
                        label="DV agreed", infoset_label="DV agreed")
    b.terminal(agreed, "Ratify", payoffs=(1 - y["DV"], y["DV"] - cost(y["DV"]),
                                          v["y_bar"] - y["DV"]),
               outcome_label="DV ratified: deal")
    b.terminal(agreed, "Veto", payoffs=(w_W, w_R - cost(y["DV"]), 0),
               outcome_label="DV vetoed: war")

    tailored = b.decision("Ratifiers", parent=root["Tailored"], actions=("Ratify", "Veto"),
                          label="Tailored", infoset_label="Tailored")
    b.terminal(tailored, "Ratify", payoffs=(1 - y["Tailored"],
                                            y["Tailored"] - cost(y["Tailored"]),
                                            v["y_bar"] - y["Tailored"]),
               outcome_label="tailored package ratified and accepted: deal")
    b.terminal(tailored, "Veto", payoffs=(w_W, w_R, 0),
               outcome_label="tailored package vetoed: war")
    return b.build()
