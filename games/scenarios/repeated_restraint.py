"""``repeated-restraint``: incremental grabs, sanctions and a reputation for resolve, repeated.

Mechanism
---------
Seed 000 reads Russia's record -- Georgia in 2008, Crimea in 2014 -- as "a consistent
pattern of seeking incremental gains", and warns that "perceived inaction or
equivocation sends a signal that could invite further aggression".  That is a
*repeated* game.  Each period Russia chooses to ``Restrain`` or to ``Grab`` an
incremental gain ``g`` (taken from the West's side), and the West chooses to ``Engage``
or to ``Sanction`` at a cost ``c_S`` to itself and ``c_T`` to Russia (the costs of
``sanctions-coercion``).  Per-period payoffs (West, Russia):

=================  ====================  ==================
                   Russia Restrain       Russia Grab
=================  ====================  ==================
West Engage        (0, 0)                (-g, g)
West Sanction      (-c_S, -c_T)          (-g - c_S, g - c_T)
=================  ====================  ==================

In the stage game grabbing and engaging are dominant: its unique equilibrium is
(Engage, Grab), and repeating it for ever is always subgame perfect.  Restraint can be
sustained only by a threat, and here the threat must be *sanctions*, which are not a
stage equilibrium: reverting to (Engage, Grab) would not deter Russia at all.  The
profile analysed, "restraint under the threat of sanctions" (a joint automaton):

* ``Restraint``: (Engage, Restrain); a grab leads to ``Sanctions``;
* ``Sanctions``: one period of (Sanction, Restrain) -- Russia takes the punishment -- then
  back to ``Restraint``; a grab during sanctions starts them again; if the West fails to
  sanction, its reputation for resolve is lost: ``Emboldened``;
* ``Emboldened``: (Engage, Grab) for ever (the stage equilibrium).

Closed forms (test oracles; the analysis derives them from the one-shot deviation
principle, :func:`solver.analysis.repeated_thresholds.critical_discount`):

* Russia restrains iff ``delta >= g/c_T`` (a grab gains ``g`` now and costs ``c_T`` next
  period: Eaton and Engers' compliance condition ``D <= delta*c_T``);
* the West sanctions after a grab iff ``delta >= c_S/(g + c_S)``, i.e. ``c_S <=
  delta*g/(1 - delta)``: a period of sanctions must cost it less than the discounted loss
  of being grabbed from for ever;

so restraint is subgame perfect iff ``delta >= max(g/c_T, c_S/(g + c_S))``.  At the
defaults (``g = 0.05``, ``c_T = 0.30``, ``c_S = 0.15``, ``delta = 0.7``) the critical
discount factor is ``max(1/6, 3/4) = 3/4``: it is the *West's* condition that binds, so
at ``delta = 0.7`` restraint fails and the stage equilibrium, a grab every period, is
what remains.  Thresholds: ``delta >= 3/4``; ``c_S <= 7/60``; ``g`` between ``9/140`` and
``21/100``.  Small grabs are the ones a West will not pay to punish (salami tactics), and
harsher sanctions (``c_T``) change nothing while the West's resolve is what fails.

Sources: Eaton and Engers (1992), "Sanctions", *JPE* 100(5) (sanctions made contingent
on behaviour, credibility as the central issue); the repeated-game machinery of
Mailath and Samuelson (2006), *Repeated Games and Reputations*, ch. 2; Schelling (1966),
*Arms and Influence*, on salami tactics.  The numbers are illustrative, not estimates.
"""
from __future__ import annotations

from solver import NormalFormGame

from ..registry import Parameter, register
from . import sanctions_coercion

__all__ = ["PARAMETERS", "repeated_restraint", "restraint_automaton", "restraint_analysis"]

_COSTS = {p.name: p for p in sanctions_coercion.PARAMETERS}

G = Parameter(
    "g", "0.05", "0", "1",
    "Russia's gain from one period's incremental grab, taken from the West's side",
    'seed 000: "seeking incremental gains through diplomatic channels combined with '
    'displays of military strength"; "utilizing military force to create new realities on '
    'the ground"')
DELTA = Parameter(
    "delta", "0.7", "0", "1",
    "the weight both sides put on the next period (one period: the years between grabs)",
    'seed 000: "Decisions must be viewed in the context of long-term strategic objectives, '
    'not short-term gains"')

PARAMETERS = (G, _COSTS["c_T"], _COSTS["c_S"], DELTA)

_SOURCE = ("Eaton and Engers 1992; Mailath and Samuelson 2006 (repeated games); "
           'seed 000: "Russia’s actions in Georgia in 2008 and its subsequent annexation of '
           'Crimea in 2014"; "perceived inaction or equivocation sends a signal that could '
           'invite further aggression"')


@register("repeated-restraint",
          "Incremental grabs deterred by sanctions, repeated: restraint is subgame perfect "
          "iff delta >= max(g/c_T, c_S/(g + c_S)); the registered game is the stage game",
          parameters=PARAMETERS, source=_SOURCE,
          mechanism="reputation for resolve: only credible sanctions deter grabs",
          literature="Eaton and Engers 1992",
          lever_parameters=("delta", "c_S", "g"),
          lever="a West that can afford to sanction (lower c_S) and looks ahead (delta)",
          see_also=("sanctions-coercion",),
          analysis=lambda **values: restraint_analysis(**values))
def repeated_restraint() -> NormalFormGame:
    """The stage game: the West (rows: ``Engage``, ``Sanction``) and Russia (columns:
    ``Restrain``, ``Grab``), payoffs as in the module's table.  ``delta`` is a parameter of
    the repeated game, carried here with the others so that ``--param delta=...`` is
    accepted everywhere; the stage payoffs do not depend on it."""
    import sympy
    g, c_T, c_S = (sympy.Symbol(n) for n in ("g", "c_T", "c_S"))
    west = [[0, -g], [-c_S, -g - c_S]]
    russia = [[0, g], [-c_T, g - c_T]]
    return NormalFormGame.from_matrices(
        west, russia, players=("West", "Russia"),
        strategies=(("Engage", "Sanction"), ("Restrain", "Grab")),
        title="Restraint, grabs and sanctions (the stage game)", parameters=PARAMETERS)


def restraint_automaton():
    """The profile "restraint under the threat of sanctions" as a joint automaton."""
    from solver.analysis.repeated_strategies import ANY, Automaton
    return Automaton(
        ("Restraint", "Sanctions", "Emboldened"), "Restraint",
        {"Restraint": ("Engage", "Restrain"), "Sanctions": ("Sanction", "Restrain"),
         "Emboldened": ("Engage", "Grab")},
        {"Restraint": {(ANY, "Grab"): "Sanctions", ANY: "Restraint"},
         "Sanctions": {("Sanction", "Restrain"): "Restraint", ("Sanction", "Grab"): "Sanctions",
                       ANY: "Emboldened"},
         "Emboldened": {ANY: "Emboldened"}},
        name="restraint under the threat of sanctions")


def restraint_analysis(**values):
    """Where restraint is subgame perfect, at the given parameter values (the others at
    their defaults): :func:`solver.analysis.repeated_thresholds.critical_discount`."""
    from solver.analysis.repeated_thresholds import critical_discount
    from solver.forms.repeated import RepeatedGame
    given = {p.name: p.default for p in PARAMETERS}
    given.update(values)
    return critical_discount(RepeatedGame(repeated_restraint()), restraint_automaton(),
                             values=given)
