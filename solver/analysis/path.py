"""What happens on the path of play of an equilibrium, and which solution concept it meets.

The *path of play* of an equilibrium is the set of decisions reached with positive
probability when everyone follows it (Osborne and Rubinstein 1994, sec. 6.1).
History is what happens on the path; choices off it are threats and promises that
keep play there.  This module reads the path from a solution:

* :func:`path_moves` -- each reached decision, who moves, what is chosen and how
  likely the decision is reached (a normal form has one "decision" per player, the
  strategy itself);
* :func:`responses_after` -- what a player does right after an action is taken on the
  path (did Russia decline the offer the West made?);
* :func:`solution_concept` -- the strongest concept among Nash, subgame perfect and
  perfect Bayesian that the equilibrium is shown to meet.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from solver.analysis.beliefs import perfect_bayesian, realization_probabilities
from solver.analysis.prose import mix_text, number_text
from solver.errors import GameError
from solver.forms.extensive.behavior import move_probabilities
from solver.forms.extensive.nodes import DECISION

__all__ = ["PathMove", "path_moves", "responses_after", "solution_concept"]

#: Methods whose tree equilibria are subgame perfect by construction.
_SUBGAME_PERFECT_METHODS = ("spe",)


@dataclass(frozen=True)
class PathMove:
    """One decision on the path of play.

    Attributes
    ----------
    player : str
    at : str
        The information set's label (trees) or ``"the table"`` (normal forms).
    probabilities : mapping
        The actions chosen with positive probability, with their probabilities.
    reach : Fraction or float
        The probability that play reaches this decision (1 in a normal form).
    """

    player: str
    at: str
    probabilities: Mapping[str, Any]
    reach: Any

    @property
    def action(self) -> str:
        """The action taken, or the mix ``"1/3 A, 2/3 B"``."""
        return mix_text(list(self.probabilities), list(self.probabilities.values()))

    @property
    def is_pure(self) -> bool:
        return len(self.probabilities) == 1

    def __str__(self) -> str:
        where = "" if self.at == "the table" else f" at {self.at}"
        sure = "" if self.reach == 1 else f" (reached with probability {number_text(self.reach)})"
        return f"{self.player}: {self.action}{where}{sure}"

    def to_dict(self) -> dict:
        from solver.numbers import json_number
        return {"player": self.player, "at": self.at,
                "probabilities": {a: json_number(p) for a, p in self.probabilities.items()},
                "reach": json_number(self.reach)}


def _equilibrium(solution, equilibrium: int):
    if not solution.equilibria:
        raise GameError("the solution has no equilibrium to read a path from")
    if not -len(solution.equilibria) <= equilibrium < len(solution.equilibria):
        raise GameError(f"equilibrium {equilibrium} does not exist; the solution has "
                        f"{len(solution.equilibria)}")
    return solution.equilibria[equilibrium]


def _player_index(game, player):
    if player is None:
        return None
    if player not in game.players:
        raise GameError(f"no player {player!r}; the players are {list(game.players)}")
    return game.players.index(player)


def path_moves(solution, player: str | None = None, *, equilibrium: int = 0
               ) -> tuple[PathMove, ...]:
    """The decisions on the path of play of one equilibrium, in the order of the tree.

    Parameters
    ----------
    solution : Solution
    player : str, optional
        Only this player's decisions.
    equilibrium : int
        Which equilibrium (default the first).

    Returns
    -------
    tuple of PathMove
        For a tree, one per information set reached with positive probability
        (pre-order of its first reached node); for a normal form, one per player.

    Examples
    --------
    >>> import solver
    >>> g = solver.NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                         strategies=(("C", "D"), ("C", "D")))
    >>> [str(m) for m in path_moves(solver.solve(g))]
    ['Row: D', 'Column: D']
    """
    game, eq = solution.game, _equilibrium(solution, equilibrium)
    only = _player_index(game, player)
    if game.form == "normal":
        out = []
        for i, (name, labels, probs) in enumerate(zip(game.players, game.strategies,
                                                      eq.probabilities)):
            if only is None or i == only:
                used = {a: p for a, p in zip(labels, probs) if p > 0}
                out.append(PathMove(name, "the table", used, 1))
        return tuple(out)
    reach = realization_probabilities(game, eq.profile)
    move = move_probabilities(game, eq.profile)
    kind, gid, who = game.node_kind.tolist(), game.node_infoset.tolist(), game.node_player.tolist()
    seen: dict[int, Any] = {}
    for h in range(game.n_nodes):
        if kind[h] == DECISION and reach[h] and (only is None or who[h] == only):
            seen[gid[h]] = seen.get(gid[h], 0) + reach[h]
    out = []
    for g, r in seen.items():
        s = game.infoset(g)
        probs = move[s.nodes[0]]
        used = {a: p for a, p in zip(s.actions, probs) if p > 0}
        out.append(PathMove(game.players[s.player], s.label or game.node_name(s.nodes[0]),
                            used, r))
    return tuple(out)


def responses_after(solution, action: str, player: str, *, equilibrium: int = 0
                    ) -> tuple[PathMove, ...]:
    """``player``'s decisions reached on the path right after ``action`` is taken.

    "Right after" means at a node whose parent's move, labelled ``action``, is
    taken with positive probability (chance moves in between are skipped, so a
    reply that depends on a type drawn later is found too).  Empty when
    ``action`` is not taken on the path.

    Examples
    --------
    >>> import games, solver
    >>> sol = solver.solve(games.get("diplomatic-victory"))
    >>> [str(m) for m in responses_after(sol, "DV", "Russia")]
    ['Russia: Decline at DV | Maximalist (reached with probability 3/10)', \
'Russia: Accept at DV | Limited (reached with probability 7/10)']
    """
    game, eq = solution.game, _equilibrium(solution, equilibrium)
    if game.form != "extensive":
        raise GameError("responses_after reads a game tree's path; this game is a table")
    i = _player_index(game, player)
    reach = realization_probabilities(game, eq.profile)
    move = move_probabilities(game, eq.profile)
    kind, gid, who = game.node_kind.tolist(), game.node_infoset.tolist(), game.node_player.tolist()
    parent, paction = game.node_parent.tolist(), game.node_parent_action.tolist()
    seen: dict[int, Any] = {}
    for h in range(game.n_nodes):
        if kind[h] != DECISION or who[h] != i or not reach[h]:
            continue
        c, p = h, parent[h]
        while p >= 0 and kind[p] != DECISION:      # skip chance moves in between
            c, p = p, parent[p]
        if p >= 0 and game.actions(p)[paction[c]] == action:
            seen[gid[h]] = seen.get(gid[h], 0) + reach[h]
    out = []
    for g, r in seen.items():
        s = game.infoset(g)
        used = {a: q for a, q in zip(s.actions, move[s.nodes[0]]) if q > 0}
        out.append(PathMove(game.players[s.player], s.label or game.node_name(s.nodes[0]),
                            used, r))
    return tuple(out)


def solution_concept(solution, *, equilibrium: int = 0) -> str:
    """The solution concept an equilibrium is shown to meet: the strongest of
    ``"Nash"``, ``"subgame perfect"`` and ``"perfect Bayesian"``.

    A normal-form equilibrium is a Nash equilibrium.  A tree's equilibrium found by
    subgame perfection (backward induction, subgame decomposition) is subgame
    perfect; when the tree has an information set of several nodes and the
    equilibrium, with beliefs by Bayes' rule wherever they are defined, is
    sequentially rational, it is a (weak) perfect Bayesian equilibrium
    (Gibbons 1992, sec. 4.1; checked by
    :func:`solver.analysis.beliefs.perfect_bayesian`).  Equilibria of other tree
    methods (sequence form, the reduced normal form) are reported as Nash; a pure
    agent-form equilibrium (``pure-agent``) as ``"agent-form"`` unless it was found to be
    a Nash equilibrium too.
    """
    game, eq = solution.game, _equilibrium(solution, equilibrium)
    if game.form == "normal":
        return "Nash"
    if solution.method == "pure-agent":     # Nash only where the algorithm checked it
        nash = solution.extra.get("nash")
        return "Nash" if nash and nash[equilibrium] else "agent-form"
    if solution.method not in _SUBGAME_PERFECT_METHODS:
        return "Nash"
    if game.is_perfect_information:
        return "subgame perfect"
    return "perfect Bayesian" if perfect_bayesian(game, eq.profile).is_pbe else "subgame perfect"
