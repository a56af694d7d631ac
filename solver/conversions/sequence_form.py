"""Equilibria of two-player game trees through the sequence form.

A *sequence* of a player is the list of his own (information set, action) pairs
on the way from the root to some node; perfect recall makes it the same for all
nodes of an information set, so a player has one sequence per action of each of
his sets, plus the empty sequence.  A mixed strategy is summarised by its
*realisation plan* ``x``: the probability ``x(s)`` that the player's own moves
follow sequence ``s`` (the other players permitting).  Realisation plans are the
vectors with ``x >= 0`` and ``E x = e``: ``x(empty) = 1`` and, at every
information set ``h`` entered through sequence ``s_h``, the sequences ``s_h a``
extending it sum to ``x(s_h)``.  Expected payoffs are *bilinear*: ``x' A y`` for
player 1 and ``x' B y`` for player 2, where ``A[s, t]`` sums, over the leaves whose
two sequences are ``s`` and ``t``, the chance probability of the leaf times player
1's payoff.  The matrices have one non-zero per leaf at most, so the game is
described in size linear in the tree, instead of the exponential size of the
normal form (Koller, Megiddo and von Stengel 1996, "Efficient computation of
equilibria for extensive two-person games", GEB 14, sec. 3; von Stengel 1996,
"Efficient computation of behavior strategies", GEB 14, sec. 3-4).

This module builds the representation (:func:`build_sequence_form`) and turns
realisation plans back into behaviour strategies (:func:`realization_to_behavior`);
:mod:`solver.algorithms.sequence_form` solves it.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np
import scipy.sparse as sp

from solver.errors import InvalidGameError
from solver.forms.extensive.behavior import BehaviorProfile
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveFormGame

__all__ = ["SequenceForm", "build_sequence_form", "realization_to_behavior", "uniform_plan"]


@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a two-player tree of perfect recall.

    Sequences of player *i* are numbered ``0`` (the empty sequence), then, for
    his information sets in the game's order, one per action:
    ``start[i][k] + a`` is the sequence ending with action *a* at his *k*-th set.

    Attributes
    ----------
    game : ExtensiveFormGame
    n_sequences : (int, int)
        Number of sequences of each player.
    start : tuple of two int arrays
        ``start[i][k]``: the first sequence of player *i*'s *k*-th information set.
    parent_sequence : tuple of two int arrays
        ``parent_sequence[i][k]``: the sequence that leads to his *k*-th set.
    E, F : scipy.sparse.csr_matrix (int)
        Constraint matrices, rows = 1 + number of information sets; the plans are
        the ``x >= 0`` with ``E x = e`` and ``y >= 0`` with ``F y = f``,
        ``e = f = (1, 0, ..., 0)``.
    rows, cols : ndarray
        Coordinates of the non-zeros of the payoff matrices ``A`` (player 1) and
        ``B`` (player 2): the sequence pairs of the leaves of positive chance
        probability (leaves with the same pair merged).
    values : tuple of two lists
        In exact games, Python integers with ``A[rows[k], cols[k]] =
        values[0][k] / scales[0]`` (likewise ``B``); chance probabilities are
        multiplied in.  In float games, floats (and ``scales`` are 1).
    scales : (int, int)
    chance, chance_scale : list of int, int
        ``chance[k] / chance_scale`` is the chance probability of the leaves
        merged into the ``k``-th non-zero (needed to shift payoffs exactly).
    constant_sum : number or None
        ``c`` when the two payoffs of every leaf sum to ``c``, else None.
    node_sequences : tuple of two int arrays
        Per node (pre-order), each player's sequence on the way to it.
    node_chance : bool array
        Per node, whether chance reaches it with positive probability.
    """

    game: ExtensiveFormGame
    n_sequences: tuple[int, int]
    start: tuple[np.ndarray, np.ndarray]
    parent_sequence: tuple[np.ndarray, np.ndarray]
    E: sp.csr_matrix
    F: sp.csr_matrix
    rows: np.ndarray
    cols: np.ndarray
    values: tuple[list, list]
    scales: tuple[int, int]
    chance: list
    chance_scale: int
    constant_sum: Any
    node_sequences: tuple
    node_chance: np.ndarray

    def payoff_matrix(self, player: int, exact: bool = False) -> sp.csr_matrix:
        """Player ``player``'s payoff matrix (sequences of 1 x sequences of 2).

        Floats by default; ``exact=True`` gives the integer matrix
        ``scales[player] * A`` (int64, exact games only).
        """
        v = self.values[player]
        data = np.array(v, dtype=np.int64) if exact else \
            np.array([float(t) for t in v]) / self.scales[player]
        return sp.csr_matrix((data, (self.rows, self.cols)), shape=self.n_sequences)

    def entry(self, player: int, k: int):
        """The ``k``-th non-zero of the player's matrix, exactly (a Fraction in exact games)."""
        v = self.values[player][k]
        return Fraction(v, self.scales[player]) if self.game.exact else v


def _check_game(game: ExtensiveFormGame) -> None:
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError("the sequence form needs an extensive-form game (a tree)")
    if game.n_players != 2:
        raise InvalidGameError(f"the sequence form applies to two-player trees; this game has "
                               f"{game.n_players} players {list(game.players)}")
    game.require_concrete()
    ok, reason = game.perfect_recall()
    if not ok:
        raise InvalidGameError(f"the sequence form needs perfect recall: {reason}")


def _constraints(n_actions: np.ndarray, parent: np.ndarray, n_seq: int) -> sp.csr_matrix:
    """``E`` of one player: row 0 is ``x(empty) = 1``, row ``1 + k`` is set *k*'s balance."""
    m = len(n_actions)
    rows = np.concatenate(([0], 1 + np.arange(m), np.repeat(1 + np.arange(m), n_actions)))
    cols = np.concatenate(([0], parent, np.arange(1, n_seq)))
    vals = np.concatenate(([1], -np.ones(m, np.int64), np.ones(n_seq - 1, np.int64)))
    return sp.csr_matrix((vals.astype(np.int64), (rows.astype(np.int64), cols.astype(np.int64))),
                         shape=(m + 1, n_seq))


def _split(u) -> tuple[int, int]:
    if isinstance(u, int):
        return u, 1
    return u.numerator, u.denominator


def build_sequence_form(game: ExtensiveFormGame) -> SequenceForm:
    """Build the sequence form of a two-player tree of perfect recall in one pass.

    The pass runs over the nodes in pre-order (a parent before its children)
    and carries down, per node, each player's current sequence and the chance
    probability of reaching it (as an integer numerator and denominator); every
    leaf then adds ``chance * payoff`` to one entry of ``A`` and of ``B`` (von
    Stengel 1996, sec. 3).  Leaves of chance probability zero are dropped.  In
    exact games all entries are integers over one common denominator per player.

    Raises
    ------
    InvalidGameError
        For a game that is not a concrete two-player tree of perfect recall.
    """
    _check_game(game)
    sets = game.infosets
    n_actions = [np.array([len(s.actions) for s in sets[i]], dtype=np.int64) for i in range(2)]
    start = [1 + np.concatenate(([0], np.cumsum(na)[:-1])).astype(np.int64) if len(na)
             else np.zeros(0, np.int64) for na in n_actions]
    n_seq = tuple(int(1 + na.sum()) for na in n_actions)
    # per global information set: the sequence of its first action, + n_seq[0] for player 2
    gbase = np.concatenate((start[0], start[1] + n_seq[0])).tolist()
    kind = game.node_kind.tolist()
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    gid = game.node_infoset.tolist()
    chance = {h: [_split(p) for p in pr] for h, pr in game.chance_table.items()}
    n, n1 = len(kind), n_seq[0]
    s1, s2 = [0] * n, [0] * n
    num, den = [1] * n, [1] * n
    leaves = []
    for h in range(1, n):
        p = parent[h]
        k = kind[p]
        a, b, r, d = s1[p], s2[p], num[p], den[p]
        if k == DECISION:
            t = gbase[gid[p]] + pact[h]
            if t >= n1:
                b = t - n1
            else:
                a = t
        elif k == CHANCE and r:
            pn, pd = chance[p][pact[h]]
            r, d = r * pn, d * pd
        s1[h], s2[h], num[h], den[h] = a, b, r, d
        if kind[h] == TERMINAL and r:
            leaves.append(h)
    if kind[0] == TERMINAL:
        leaves = [0]
    pay = game.path_payoffs
    l1 = np.array([s1[h] for h in leaves], dtype=np.int64)
    l2 = np.array([s2[h] for h in leaves], dtype=np.int64)
    key = l1 * n_seq[1] + l2
    uniq, inv = np.unique(key, return_inverse=True)
    inv = inv.tolist()
    values, scales = [], []
    for i in range(2):
        acc: list[Any] = [0] * len(uniq)
        if game.exact:
            terms = []
            for h in leaves:
                un, ud = _split(pay[h][i])
                terms.append((num[h] * un, den[h] * ud))
            D = lcm(1, *{d for _, d in terms})
            for j, (t, d) in zip(inv, terms):
                if t:
                    acc[j] += t * (D // d)
        else:
            D = 1
            for j, h in zip(inv, leaves):
                acc[j] += num[h] / den[h] * float(pay[h][i])
        values.append(acc)
        scales.append(D)
    Dc = lcm(1, *{den[h] for h in leaves})
    mass = [0] * len(uniq)
    for j, h in zip(inv, leaves):
        mass[j] += num[h] * (Dc // den[h])
    us = [pay[h][0] + pay[h][1] for h in leaves]
    csum = us[0] if us and all(u == us[0] for u in us) else (0 if not us else None)
    parents = [np.array([(s1 if i == 0 else s2)[s.nodes[0]] for s in sets[i]], dtype=np.int64)
               for i in range(2)]
    E = _constraints(n_actions[0], parents[0], n_seq[0])
    F = _constraints(n_actions[1], parents[1], n_seq[1])
    return SequenceForm(game, n_seq, tuple(start), tuple(parents), E, F, uniq // n_seq[1],
                        uniq % n_seq[1], tuple(values), tuple(scales), mass, Dc, csum,
                        (np.array(s1, np.int64), np.array(s2, np.int64)),
                        np.array([v != 0 for v in num], dtype=bool))


def realization_to_behavior(sf: SequenceForm, plans) -> BehaviorProfile:
    """Behaviour strategies of two realisation plans: ``beta(a | h) = x(s_h a) / x(s_h)``.

    The denominator is taken as the sum of the set's sequences, which equals
    ``x(s_h)`` for a plan and keeps float plans (whose constraints hold only up to
    rounding) summing to 1.  At an information set that the player's own plan
    does not reach (``x(s_h) = 0``) the plan says nothing about his behaviour; it
    is set to the **uniform** distribution.  This changes no realisation
    probability, so a Nash equilibrium stays one (the certificate only asks what
    each player can gain, and he cannot gain at sets his own plan avoids).
    Exact plans (Fractions) give exact behaviour.
    """
    out = []
    for i in range(2):
        x = plans[i]
        row = []
        for k, s in enumerate(sf.game.infosets[i]):
            base, m = int(sf.start[i][k]), len(s.actions)
            part = [x[base + a] for a in range(m)]
            exact = all(isinstance(p, (int, Fraction)) for p in part)
            if not exact:
                part = [float(p) for p in part]
            tot = sum(part)
            if tot > 0:
                row.append(tuple(p / tot for p in part))
            else:
                row.append((Fraction(1, m) if exact else 1.0 / m,) * m)
        out.append(tuple(row))
    return BehaviorProfile.for_game(sf.game, tuple(out))


def uniform_plan(sf, i):
    """Realisation plan of the uniform behaviour, as integers (common denominator)."""
    n = sf.n_sequences[i]
    x = [Fraction(0)] * n
    x[0] = Fraction(1)
    sets = sf.game.infosets[i]
    for k in sorted(range(len(sets)), key=lambda k: sets[k].nodes[0]):
        m = len(sets[k].actions)
        par = x[int(sf.parent_sequence[i][k])]
        for a in range(m):
            x[int(sf.start[i][k]) + a] = par / m
    L = lcm(1, *(v.denominator for v in x))
    return [int(v * L) for v in x]
