"""From game trees to the reduced normal form: reduced plans and their payoffs.

A pure strategy of a player in a tree names an action at *each* of his
information sets, even at those that his own earlier actions rule out.  Two such
strategies that differ only there lead to the same play against everything the
others do, so the normal form repeats them.  A **reduced strategy** (a *plan*)
names actions only at the information sets that the player's own earlier
actions do not exclude; the **reduced normal form** has one strategy per plan
(Osborne and Rubinstein 1994, section 11.4; von Stengel 1996, section 2).  Kuhn
poker has 2**6 = 64 pure strategies for player 1 but only 27 plans: for each
card, Check then Fold, Check then Call, or Bet (and then the Fold/Call set
cannot be reached).

In a game of perfect recall each information set ``I`` of player *i* has one
*parent sequence*: the last (information set, action) pair of *i* on the way to
any node of ``I`` (or none).  The plans are then built from the root down: a plan
picks an action at every set whose parent sequence is empty, and at every set
whose parent sequence it has itself chosen.  Their number obeys
``n(s) = prod over sets I below s of (sum over actions a of n((I, a)))``, so it is
known before any plan is listed.

The way back, from mixed strategies over plans to behaviour strategies and the
reverse (Kuhn's theorem), is :mod:`solver.conversions.kuhn`.

References
----------
Kuhn, H. W. (1953), "Extensive games and the problem of information",
*Contributions to the Theory of Games* II, 193-216.
Osborne, M. J. and Rubinstein, A. (1994), *A Course in Game Theory*, 11.4.
von Stengel, B. (1996), "Efficient computation of behavior strategies",
*Games and Economic Behavior* 14, 220-246.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from math import prod
from typing import Any

import numpy as np

from solver.errors import InvalidGameError, SolverLimitError
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveFormGame
from solver.forms.normal.game import NormalFormGame
from solver.numbers import lcm_of_denominators

__all__ = ["ReducedForm", "reduced_normal_form", "count_plans", "DEFAULT_MAX_CELLS"]

#: Default largest number of cells (profiles of plans) of a reduced normal form.
DEFAULT_MAX_CELLS = 10**6


@dataclass(frozen=True)
class ReducedForm:
    """The reduced normal form of a game tree and what its strategies mean.

    Attributes
    ----------
    game : NormalFormGame
        One strategy per plan; chance is averaged out with its exact
        probabilities, so a cell holds the expected payoffs of the plans.
    plans : tuple of tuple of dict
        ``plans[i][k]`` maps the index (``InformationSet.index``, the player's
        own numbering) of each information set that player *i*'s *k*-th plan
        reaches to the action label chosen there.
    choices : tuple of tuple of tuple of int
        The same plans as action indices by information set, ``-1`` where the
        plan says nothing (the set is excluded by the plan's own actions).
    labels : tuple of tuple of str
        The strategy labels of :attr:`game`: the actions in information-set
        order joined by ``"/"``, ``"*"`` where the plan says nothing
        (``"Check/Call/Bet/*/Bet/*"``); ``"(no move)"`` for a player without
        information sets.
    reduced : bool
        True for plans (the usual case); False when the game lacks perfect recall
        and the strategies are all pure strategies with the unreachable sets
        marked ``"*"`` and duplicates removed.
    """

    game: NormalFormGame
    plans: tuple[tuple[dict[int, str], ...], ...]
    choices: tuple[tuple[tuple[int, ...], ...], ...]
    labels: tuple[tuple[str, ...], ...]
    reduced: bool = True


# ----------------------------------------------------------------------------- plans
def _own_sequences(game: ExtensiveFormGame, player: int) -> list[tuple]:
    """For every node, the player's own ``(global infoset id, action)`` pairs above it."""
    kind = game.node_kind.tolist()
    who = game.node_player.tolist()
    gid = game.node_infoset.tolist()
    par = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    seq: list[tuple] = [()] * game.n_nodes
    for h in range(1, game.n_nodes):
        p = par[h]
        seq[h] = seq[p] + ((gid[p], pact[h]),) if kind[p] == DECISION and who[p] == player \
            else seq[p]
    return seq


class _PlanTree:
    """Player *i*'s information sets arranged by parent sequence (perfect recall)."""

    def __init__(self, game: ExtensiveFormGame, player: int, seq: list[tuple]):
        self.sets = game.infosets[player]
        self.base = sum(len(s) for s in game.infosets[:player])
        self.below: dict[Any, list[int]] = {}
        depth = []
        for k, s in enumerate(self.sets):
            own = seq[s.nodes[0]]
            self.below.setdefault(own[-1] if own else None, []).append(k)
            depth.append(len(own))
        # a set's parent set lies on every path to it, so deeper sets come first
        self.order = sorted(range(len(self.sets)), key=lambda k: -depth[k])

    def count(self) -> int:
        value: dict[Any, int] = {}

        def over(s):
            return prod(sum(value[(self.base + j, b)] for b in range(len(self.sets[j].actions)))
                        for j in self.below.get(s, ()))
        for k in self.order:
            for a in range(len(self.sets[k].actions)):
                value[(self.base + k, a)] = over((self.base + k, a))
        return over(None)

    def plans(self) -> list[tuple[int, ...]]:
        """All plans as action indices per local set (-1 where the plan says nothing), sorted."""
        partial: dict[Any, list[tuple]] = {}     # sequence -> list of ((k, a), ...) choices

        def over(s):
            options = []
            for j in self.below.get(s, ()):
                opts = []
                for b in range(len(self.sets[j].actions)):
                    opts.extend(((j, b),) + rest for rest in partial[(self.base + j, b)])
                options.append(opts)
            return [sum(combo, ()) for combo in itertools.product(*options)]
        for k in self.order:
            for a in range(len(self.sets[k].actions)):
                partial[(self.base + k, a)] = over((self.base + k, a))
        out = []
        for combo in over(None):
            row = [-1] * len(self.sets)
            for j, b in combo:
                row[j] = b
            out.append(tuple(row))
        out.sort()
        return out


def count_plans(game: ExtensiveFormGame) -> tuple[int, ...]:
    """Number of plans (reduced strategies) of each player of a perfect-recall tree.

    Counted by ``n(s) = prod over sets I below s of (sum over a of n((I, a)))``
    without listing the plans, so it works for trees whose reduced normal form is
    far too large to build (Leduc poker's players have astronomically many).
    """
    ok, reason = game.perfect_recall()
    if not ok:
        raise InvalidGameError(f"plans are counted for games of perfect recall: {reason}")
    return tuple(_PlanTree(game, i, _own_sequences(game, i)).count()
                 for i in range(game.n_players))


def _pure_strategies_masked(game: ExtensiveFormGame, player: int, limit: int) -> list[tuple]:
    """Imperfect recall: all pure strategies, sets they cannot reach marked -1, deduplicated."""
    sets = game.infosets[player]
    total = prod(len(s.actions) for s in sets)
    if total > limit:
        raise SolverLimitError(
            f"player {game.players[player]!r} has {total} pure strategies, more than the limit "
            f"max_cells={limit}; pass a larger max_cells to reduced_normal_form")
    base = sum(len(s) for s in game.infosets[:player])
    kind = game.node_kind.tolist()
    who = game.node_player.tolist()
    gid = game.node_infoset.tolist()
    par = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    seen, out = set(), []
    for choice in itertools.product(*(range(len(s.actions)) for s in sets)):
        reach = [True] * game.n_nodes
        hit = [False] * len(sets)
        for h in range(game.n_nodes):
            if h:
                p = par[h]
                reach[h] = reach[p] and not (kind[p] == DECISION and who[p] == player
                                             and choice[gid[p] - base] != pact[h])
            if reach[h] and kind[h] == DECISION and who[h] == player:
                hit[gid[h] - base] = True
        row = tuple(c if hit[k] else -1 for k, c in enumerate(choice))
        if row not in seen:
            seen.add(row)
            out.append(row)
    out.sort()
    return out


def _labels(game: ExtensiveFormGame, player: int, rows: list[tuple]) -> tuple[str, ...]:
    sets = game.infosets[player]
    if not sets:
        return ("(no move)",) * len(rows)
    labels = ["/".join(sets[k].actions[c] if c >= 0 else "*" for k, c in enumerate(row))
              for row in rows]
    if len(set(labels)) < len(labels):     # action labels containing "/" can collide
        labels = [f"{lab} #{k + 1}" for k, lab in enumerate(labels)]
    return tuple(labels)


# --------------------------------------------------------------------------- the form
def reduced_normal_form(game: ExtensiveFormGame, *,
                        max_cells: int = DEFAULT_MAX_CELLS) -> ReducedForm:
    """The reduced normal form of a game tree, chance averaged out exactly.

    Parameters
    ----------
    game : ExtensiveFormGame
        A concrete game tree (any number of players, chance allowed).
    max_cells : int
        Largest number of cells (product of the players' plan counts).  The
        counts are computed before any plan is listed, so a too-large form fails
        at once.

    Returns
    -------
    ReducedForm
        ``game`` (a :class:`NormalFormGame` titled like the tree), ``plans``,
        ``choices`` and ``labels``.  Plans are listed in lexicographic order of
        their action indices in information-set order, so "Check/..." comes before
        "Bet/*" when Check is the first action.

    Raises
    ------
    SolverLimitError
        When the form would have more than ``max_cells`` cells.

    Notes
    -----
    A cell's payoff is ``sum over terminals z of P_chance(z) u(z)`` over the
    terminals that every player's plan is *consistent* with (the plan names every
    own action on the path to ``z``).  Each terminal adds its weight to the block
    of consistent plans (one ``numpy`` slice per terminal), in integer arithmetic
    over a common denominator when the game is exact.  Games without perfect
    recall get all pure strategies instead, with unreachable sets marked ``*`` and
    duplicates removed (``reduced=False``).

    Examples
    --------
    >>> import games
    >>> rf = reduced_normal_form(games.get("kuhn-poker"))
    >>> rf.game.shape
    (27, 64)
    """
    game.require_concrete()
    recall, _ = game.perfect_recall()
    n = game.n_players
    seqs = [_own_sequences(game, i) for i in range(n)]
    if recall:
        trees = [_PlanTree(game, i, seqs[i]) for i in range(n)]
        counts = [t.count() for t in trees]
        cells = prod(counts)
        if cells > max_cells:
            raise SolverLimitError(
                f"the reduced normal form has {' x '.join(map(str, counts))} = {cells} cells, more "
                f"than the limit max_cells={max_cells}; pass a larger max_cells, or use a "
                "tree algorithm (sequence form)")
        rows = [t.plans() for t in trees]
    else:
        rows = [_pure_strategies_masked(game, i, max_cells) for i in range(n)]
        cells = prod(len(r) for r in rows)
        if cells > max_cells:
            raise SolverLimitError(
                f"the normal form has {' x '.join(str(len(r)) for r in rows)} = {cells} cells, "
                f"more than the limit max_cells={max_cells}; pass a larger max_cells")
    tensors = _payoff_tensors(game, seqs, rows)
    labels = tuple(_labels(game, i, rows[i]) for i in range(n))
    nfg = NormalFormGame(tensors, players=game.players, strategies=labels, title=game.title)
    plans = tuple(tuple({k: game.infosets[i][k].actions[c] for k, c in enumerate(row) if c >= 0}
                        for row in rows[i]) for i in range(n))
    return ReducedForm(nfg, plans, tuple(tuple(r) for r in rows), labels, recall)


def _payoff_tensors(game: ExtensiveFormGame, seqs: list[list[tuple]], rows: list[list[tuple]]):
    n = game.n_players
    shape = tuple(len(r) for r in rows)
    kind = game.node_kind.tolist()
    par = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    chance = {h: pr for h, pr in game.chance_table.items()}
    one = Fraction(1) if game.exact else 1.0
    reach = [one] * game.n_nodes
    for h in range(1, game.n_nodes):
        p = par[h]
        reach[h] = reach[p] * chance[p][pact[h]] if kind[p] == CHANCE else reach[p]
    terminals = [h for h in range(game.n_nodes) if kind[h] == TERMINAL and reach[h]]
    arrays = [np.array(r, dtype=np.int64).reshape(len(r), -1) for r in rows]
    bases = [sum(len(s) for s in game.infosets[:i]) for i in range(n)]
    consistent: list[dict] = [{} for _ in range(n)]

    def plans_through(i, seq):
        got = consistent[i].get(seq)
        if got is None:
            mask = np.ones(shape[i], dtype=bool)
            for g, a in seq:
                mask &= arrays[i][:, g - bases[i]] == a
            got = consistent[i][seq] = np.flatnonzero(mask)
        return got

    weights = [[reach[h] * u for u in game.payoffs(h)] for h in terminals]
    if game.exact:
        out = []
        for i in range(n):
            w = [row[i] for row in weights]
            d = lcm_of_denominators(w) if w else 1
            ints = [x.numerator * (d // x.denominator) for x in w]
            big = max((abs(x) for x in ints), default=0) * max(len(ints), 1)
            t = np.zeros(shape, dtype=np.int64 if big < 2**62 else object)
            for h, x in zip(terminals, ints):
                if x:
                    t[np.ix_(*(plans_through(j, seqs[j][h]) for j in range(n)))] += x
            out.append(_fractions(t, d))
        return out
    out = []
    for i in range(n):
        t = np.zeros(shape)
        for h, row in zip(terminals, weights):
            if row[i]:
                t[np.ix_(*(plans_through(j, seqs[j][h]) for j in range(n)))] += float(row[i])
        out.append(t)
    return out


def _fractions(t: np.ndarray, d: int) -> np.ndarray:
    out = np.empty(t.shape, dtype=object)
    flat = out.reshape(-1)
    cache: dict[int, Fraction] = {}
    for k, v in enumerate(t.reshape(-1).tolist()):
        f = cache.get(v)
        if f is None:
            f = cache[v] = Fraction(v, d)
        flat[k] = f
    return out
