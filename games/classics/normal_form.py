"""Normal-form classics.

Each builder returns a :class:`solver.NormalFormGame`; the docstring gives the
source and the known equilibria, which the tests compare with what the solvers
compute.  Nothing here stores an answer.
"""
from __future__ import annotations

from solver import NormalFormGame

from ..registry import Parameter, register

__all__ = [
    "prisoners_dilemma", "iesds_example", "battle_of_the_sexes", "matching_pennies",
    "rock_paper_scissors", "chicken", "hawk_dove", "stag_hunt", "entry_deterrence_normal",
    "commitment_game", "majority_game",
]


@register("prisoners-dilemma", "Prisoner's dilemma: both confess although both would gain by keeping quiet",
          source="Gibbons 1992, section 1.1.A")
def prisoners_dilemma() -> NormalFormGame:
    """Prisoner's dilemma (Gibbons 1992, *Game Theory for Applied Economists*, 1.1.A).

    Payoffs are years in jail, negated.  Fink strictly dominates Mum for each
    prisoner, so (Fink, Fink) is the unique equilibrium, with payoffs (-6, -6).
    """
    return NormalFormGame.from_matrices(
        [[-1, -9], [0, -6]], [[-1, 0], [-9, -6]],
        players=("Prisoner 1", "Prisoner 2"), strategies=(("Mum", "Fink"), ("Mum", "Fink")),
        title="Prisoner's dilemma")


@register("iesds-example", "Gibbons' example of iterated elimination of strictly dominated strategies",
          source="Gibbons 1992, figure 1.1.1")
def iesds_example() -> NormalFormGame:
    """Gibbons (1992), figure 1.1.1.

    Right is strictly dominated by Middle; then Down by Up; then Left by Middle,
    leaving (Up, Middle), the unique equilibrium with payoffs (1, 2).
    """
    return NormalFormGame.from_matrices(
        [[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]],
        players=("Player 1", "Player 2"),
        strategies=(("Up", "Down"), ("Left", "Middle", "Right")),
        title="Iterated elimination (Gibbons fig. 1.1.1)")


@register("battle-of-the-sexes", "Battle of the sexes: two pure equilibria and a mixed one",
          source="Gibbons 1992, section 1.1.C and 1.3.A")
def battle_of_the_sexes() -> NormalFormGame:
    """Battle of the sexes (Gibbons 1992, 1.1.C; mixed equilibrium in 1.3.A).

    Equilibria: (Opera, Opera), (Fight, Fight) and the mixed one in which Chris
    plays Opera with probability 2/3 and Pat plays Opera with probability 1/3;
    each then gets 2/3.
    """
    return NormalFormGame.from_matrices(
        [[2, 0], [0, 1]], [[1, 0], [0, 2]],
        players=("Chris", "Pat"), strategies=(("Opera", "Fight"), ("Opera", "Fight")),
        title="Battle of the sexes")


@register("matching-pennies", "Matching pennies: zero-sum, only a mixed equilibrium",
          source="Gibbons 1992, section 1.3.A")
def matching_pennies() -> NormalFormGame:
    """Matching pennies (Gibbons 1992, 1.3.A): unique equilibrium (1/2, 1/2) for each
    player; value 0."""
    return NormalFormGame.zero_sum(
        [[-1, 1], [1, -1]], players=("Player 1", "Player 2"),
        strategies=(("Heads", "Tails"), ("Heads", "Tails")), title="Matching pennies")


@register("rock-paper-scissors", "Rock-paper-scissors: zero-sum, uniform mixing",
          source="Maschler, Solan and Zamir 2013, chapter 5")
def rock_paper_scissors() -> NormalFormGame:
    """Rock-paper-scissors: unique equilibrium (1/3, 1/3, 1/3) for each player, value 0
    (e.g. Maschler, Solan and Zamir 2013, *Game Theory*, chapter 5)."""
    labels = ("Rock", "Paper", "Scissors")
    return NormalFormGame.zero_sum(
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], players=("Player 1", "Player 2"),
        strategies=(labels, labels), title="Rock-paper-scissors")


@register("chicken", "Chicken: two pure equilibria and a symmetric mixed one",
          source="Dixit, Skeath and Reiley, Games of Strategy, chapters 4 and 7")
def chicken() -> NormalFormGame:
    """Chicken: (Swerve, Straight), (Straight, Swerve) and the symmetric mixed
    equilibrium in which each goes Straight with probability 1/10 (see e.g. Dixit,
    Skeath and Reiley, *Games of Strategy*, chapter 7)."""
    return NormalFormGame.symmetric(
        [[0, -1], [1, -10]], players=("Driver 1", "Driver 2"),
        strategies=("Swerve", "Straight"), title="Chicken")


_HAWK_DOVE = (Parameter("V", "2", "0", "100", "value of the contested resource"),
              Parameter("C", "4", "0", "100", "cost of a fight"))


@register("hawk-dove", "Hawk-dove with value V and cost C (parametric)", parameters=_HAWK_DOVE,
          source="Maynard Smith and Price 1973; Maynard Smith 1982")
def hawk_dove() -> NormalFormGame:
    """Hawk-dove (Maynard Smith 1982, *Evolution and the Theory of Games*).

    With V < C: two asymmetric pure equilibria and the symmetric mixed one in
    which each plays Hawk with probability V/C (1/2 at the defaults V=2, C=4).
    The payoffs are symbols; the game is solved at its defaults or at given values.
    """
    import sympy
    V, C = sympy.symbols("V C")
    return NormalFormGame.symmetric(
        [[(V - C) / 2, V], [0, V / 2]], players=("Animal 1", "Animal 2"),
        strategies=("Hawk", "Dove"), title="Hawk-dove", parameters=_HAWK_DOVE)


@register("stag-hunt", "Stag hunt: a payoff-dominant and a risk-dominant equilibrium",
          source="Skyrms 2004, The Stag Hunt")
def stag_hunt() -> NormalFormGame:
    """Stag hunt: (Stag, Stag), (Hare, Hare) and the mixed equilibrium with
    P(Stag) = 3/4 for each hunter (Skyrms 2004)."""
    return NormalFormGame.symmetric(
        [[4, 0], [3, 3]], players=("Hunter 1", "Hunter 2"),
        strategies=("Stag", "Hare"), title="Stag hunt")


@register("entry-deterrence-normal", "Entry deterrence in normal form: a segment of equilibria",
          source="Selten 1975; Gibbons 1992, section 2.1")
def entry_deterrence_normal() -> NormalFormGame:
    """The normal form of the entry-deterrence tree: a degenerate game.

    Equilibria: (In, Accommodate) and the segment (Out, q Fight + (1-q)
    Accommodate) for q >= 1/2, whose extreme points are q = 1 and q = 1/2.  So
    the extreme equilibria are (Out, Fight), (Out, 1/2 Fight + 1/2 Accommodate)
    and (In, Accommodate).
    """
    return NormalFormGame.from_matrices(
        [[0, 0], [-1, 1]], [[2, 2], [-1, 1]],
        players=("Entrant", "Incumbent"),
        strategies=(("Out", "In"), ("Fight", "Accommodate")), title="Entry deterrence (normal form)")


@register("commitment", "Conitzer and Sandholm's commitment example",
          source="Conitzer and Sandholm 2006")
def commitment_game() -> NormalFormGame:
    """Conitzer and Sandholm (2006), "Computing the optimal strategy to commit to".

    Up strictly dominates Down, so the unique equilibrium is (Up, Left) with
    payoffs (2, 1).
    """
    return NormalFormGame.from_matrices(
        [[2, 4], [1, 3]], [[1, 0], [0, 1]], players=("Leader", "Follower"),
        strategies=(("Up", "Down"), ("Left", "Right")), title="Commitment")


@register("majority-game", "Three voters who each want to be in the majority",
          source="derived: a 2x2x2 coordination game")
def majority_game() -> NormalFormGame:
    """Three players choose A or B; each gets 1 when he is in the majority, else 0.

    The pure equilibria are (A, A, A) and (B, B, B): in a 2-1 split the lone
    voter gains by joining the others.
    """
    import numpy as np
    pay = np.zeros((3, 2, 2, 2), dtype=int)
    for a in range(2):
        for b in range(2):
            for c in range(2):
                votes = (a, b, c)
                for i in range(3):
                    pay[i, a, b, c] = int(sum(v == votes[i] for v in votes) >= 2)
    return NormalFormGame(list(pay), players=("Voter 1", "Voter 2", "Voter 3"),
                          strategies=(("A", "B"),) * 3, title="Majority game")
