"""What a drawing marks on a tree from an equilibrium: the choices and the beliefs.

The renderers draw the actions an equilibrium plays in bold, with their
probabilities where a player mixes, and write the beliefs at information sets of
several nodes in brackets beside the nodes (Gibbons 1992, sec. 4.1, draws
perfect Bayesian equilibria so).  This module computes those marks from a
behaviour profile; it never solves.

Beliefs come from :mod:`solver.analysis.beliefs`: Bayes' rule where the set is
reached.  Where it is not, Bayes' rule fixes nothing; for an exact game the
perfect-Bayesian check supplies the beliefs that support the play: for a set of
two nodes the whole interval (``[μ ≤ 1/2]`` beside the first node, ``[1 − μ]``
beside the other), for a larger set one supporting belief if the check finds one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from solver.analysis.beliefs import beliefs as bayes_beliefs
from solver.analysis.beliefs import perfect_bayesian
from solver.errors import GameError
from solver.forms.extensive.behavior import (
    BehaviorProfile,
    TreeEquilibrium,
    check_profile,
    move_probabilities,
)
from solver.forms.profiles import Solution

__all__ = ["BeliefMark", "TreeMarks", "tree_marks", "game_to_draw", "PBE_NODES"]

#: The perfect-Bayesian check that finds off-path beliefs runs on trees up to this size.
PBE_NODES = 2000


@dataclass(frozen=True)
class BeliefMark:
    """The belief drawn beside one node of an information set.

    Exactly one of three forms:

    * ``value``: the probability of this node (Bayes' rule, or a supporting belief);
    * ``low``, ``high`` (``first`` True): the node whose probability *μ* may be
      anything in ``[low, high]`` (an unreached set of two nodes);
    * ``first`` False with no value: the other node of such a set, ``1 − μ``.
    """

    node: int
    value: Any = None
    low: Any = None
    high: Any = None
    first: bool = False

    @property
    def is_range(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class TreeMarks:
    """An equilibrium's marks on a tree.

    Attributes
    ----------
    move : tuple
        Per node, the probabilities of its actions under the profile (decision
        nodes), or None (chance nodes and leaves).
    beliefs : dict
        Node -> :class:`BeliefMark`, for the nodes of information sets with
        several nodes where a belief is known.
    index, count : int
        Which equilibrium of how many (1-based index; count 1 for a lone profile).
    method : str or None
        The method that found it, when a solution was given.
    """

    move: tuple
    beliefs: dict
    index: int = 1
    count: int = 1
    method: str | None = None

    def chosen(self, h: int, a: int) -> bool:
        """Whether the profile plays action ``a`` at decision node ``h`` at all."""
        m = self.move[h]
        return m is not None and m[a] > 0

    def mixed(self, h: int, a: int) -> bool:
        """Whether it plays action ``a`` at ``h`` with a probability strictly between 0 and 1."""
        m = self.move[h]
        return m is not None and 0 < m[a] < 1


def _same_tree(a, b) -> bool:
    return (a.n_nodes == b.n_nodes and np.array_equal(a.node_kind, b.node_kind)
            and np.array_equal(a.node_parent, b.node_parent)
            and np.array_equal(a.node_infoset, b.node_infoset)
            and a.action_labels == b.action_labels)


def game_to_draw(game, solution, equilibrium: int = 1):
    """The game whose numbers a drawing shows, the profile it marks, and its caption data.

    With a :class:`Solution` of the same tree, equilibrium number ``equilibrium``
    (from 1) of the *solved* game (its parameters set) is marked; with a single
    :class:`TreeEquilibrium` or :class:`BehaviorProfile`, ``game`` itself is drawn,
    and it must then have no free parameters.

    Returns
    -------
    (game, profile or None, index, count, method)
    """
    if solution is None:
        return game, None, 1, 1, None
    count, method = 1, None
    if isinstance(solution, Solution):
        n = len(solution.equilibria)
        if not n:
            raise GameError("the solution has no equilibrium to draw")
        if not 1 <= equilibrium <= n:
            raise GameError(f"there is no equilibrium number {equilibrium}: the solution "
                            f"has {n} (numbered from 1)")
        solved = solution.game
        if getattr(solved, "form", None) != "extensive" or not _same_tree(game, solved):
            raise GameError("the solution is of another game: draw(game, solve(game))")
        game, count, method = solved, n, solution.method
        solution = solution.equilibria[equilibrium - 1]
    elif equilibrium != 1:
        raise GameError("equilibrium= chooses among the equilibria of a Solution")
    if isinstance(solution, TreeEquilibrium):
        solution = solution.profile
    if not isinstance(solution, BehaviorProfile):
        raise GameError(f"draw marks a Solution, a TreeEquilibrium or a BehaviorProfile, "
                        f"not {type(solution).__name__}")
    check_profile(game, solution)
    if game.parametric:
        raise GameError("the game still has parameters "
                        f"({', '.join(sorted(game.symbols))}): substitute values before "
                        "marking an equilibrium on it, e.g. game.substitute(defaults=True)")
    return game, solution, equilibrium, count, method


def tree_marks(game, profile: BehaviorProfile, *, index: int = 1, count: int = 1,
               method: str | None = None, pbe_nodes: int = PBE_NODES) -> TreeMarks:
    """The marks of a behaviour profile on ``game``: chosen actions and beliefs.

    Parameters
    ----------
    game : ExtensiveFormGame
        A tree without free parameters.
    profile : BehaviorProfile
    index, count : int
        Shown in the caption: equilibrium ``index`` of ``count``.
    method : str, optional
    pbe_nodes : int
        Off-path beliefs are looked for (:func:`solver.analysis.beliefs.perfect_bayesian`)
        only in exact trees of at most this many nodes.
    """
    check_profile(game, profile)
    kinds = game.node_kind.tolist()
    move = move_probabilities(game, profile)
    move = tuple(m if k == 1 else None for m, k in zip(move, kinds))
    marks: dict[int, BeliefMark] = {}
    multi = [g for g in range(game.n_infosets) if len(game.infoset(g).nodes) > 1]
    if multi:
        bayes = bayes_beliefs(game, profile)
        check = None
        if any(bayes[g] is None for g in multi) and game.exact and game.n_nodes <= pbe_nodes:
            check = perfect_bayesian(game, profile)
        for g in multi:
            nodes = game.infoset(g).nodes
            if bayes[g] is not None:
                for h in nodes:
                    marks[h] = BeliefMark(h, value=bayes[g][h])
                continue
            if check is None:
                continue
            rng = next((r for r in check.ranges if r.infoset == g), None)
            if rng is not None and rng.low == rng.high:
                for h in nodes:
                    marks[h] = BeliefMark(h, value=rng.low if h == rng.node else 1 - rng.low)
            elif rng is not None:
                for h in nodes:
                    marks[h] = (BeliefMark(h, low=rng.low, high=rng.high, first=True)
                                if h == rng.node else BeliefMark(h))
            elif len(nodes) > 2 and g in check.beliefs and g not in check.needs_beliefs:
                used = check.beliefs[g]
                for h in nodes:
                    marks[h] = BeliefMark(h, value=used.get(h, 0))
    return TreeMarks(move, marks, index, count, method)
