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
from functools import cached_property
from math import lcm
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

from solver.errors import InvalidGameError
from solver.forms.extensive.behavior import BehaviorProfile
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveFormGame

__all__ = ["SequenceForm", "SequenceTree", "build_sequence_form", "realization_to_behavior",
           "uniform_plan"]


class SequenceTree(NamedTuple):
    """One player's sequences and information sets as lists (see
    :attr:`SequenceForm.trees`).

    Attributes
    ----------
    start, parent : list of int
        Per information set *k*: its first sequence, and the sequence leading to it.
    n_actions : list of int
        Per information set, its number of actions.
    order : list of int
        The information sets, each after the one whose sequence leads to it (by their
        first node in pre-order).
    kids : list of list of int
        Per sequence, the information sets it leads to.
    set_of : list of int
        Per sequence, its information set (-1 for the empty sequence).
    """

    start: list
    parent: list
    n_actions: list
    order: list
    kids: list
    set_of: list


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

    @cached_property
    def trees(self) -> tuple[SequenceTree, SequenceTree]:
        """Each player's sequences and information sets as plain lists, for the
        algorithms' passes over them (computed once per sequence form)."""
        out = []
        for i in range(2):
            sets = self.game.infosets[i]
            start, parent = self.start[i].tolist(), self.parent_sequence[i].tolist()
            n_actions = [len(s.actions) for s in sets]
            kids: list[list[int]] = [[] for _ in range(self.n_sequences[i])]
            for k, s in enumerate(parent):
                kids[s].append(k)
            set_of = [-1] + [k for k, m in enumerate(n_actions) for _ in range(m)]
            order = sorted(range(len(sets)), key=lambda k: sets[k].nodes[0])
            out.append(SequenceTree(start, parent, n_actions, order, kids, set_of))
        return out[0], out[1]

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
    """Build the sequence form of a two-player tree of perfect recall.

    Each node gets each player's current sequence and the chance probability of
    reaching it (as an integer numerator and denominator), carried down from the
    root (by pointer doubling on arrays, :func:`_node_paths`); every leaf then adds
    ``chance * payoff`` to one entry of ``A`` and of ``B`` (von Stengel 1996, sec.
    3).  Leaves of chance probability zero are dropped.  In exact games all entries
    are integers over one common denominator per player.

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
    n1 = n_seq[0]
    paths = _node_paths(game, np.array(gbase, dtype=np.int64), n1)
    if paths is None:
        paths = _node_paths_slow(game, gbase, n1)
    s1, s2, num, den = paths
    leaves = np.flatnonzero((game.node_kind == TERMINAL) & (num != 0)).tolist()
    l1, l2 = s1[leaves], s2[leaves]
    key = l1 * n_seq[1] + l2
    uniq, inv = np.unique(key, return_inverse=True)
    fast = _integer_entries(game, leaves, inv, len(uniq), num, den) if game.exact else None
    if fast is not None:
        values, scales, mass, Dc, csum = fast
    else:
        num, den, inv = num.tolist(), den.tolist(), inv.tolist()
        values, scales, mass, Dc, csum = _entries(game, leaves, inv, len(uniq), num, den)
    s1, s2 = s1.tolist(), s2.tolist()
    parents = [np.array([(s1 if i == 0 else s2)[s.nodes[0]] for s in sets[i]], dtype=np.int64)
               for i in range(2)]
    E = _constraints(n_actions[0], parents[0], n_seq[0])
    F = _constraints(n_actions[1], parents[1], n_seq[1])
    return SequenceForm(game, n_seq, tuple(start), tuple(parents), E, F, uniq // n_seq[1],
                        uniq % n_seq[1], tuple(values), tuple(scales), mass, Dc, csum,
                        (np.array(s1, np.int64), np.array(s2, np.int64)),
                        np.asarray(paths[2]) != 0)


def _node_paths(game: ExtensiveFormGame, gbase: np.ndarray, n1: int):
    """Per node (int64 arrays): each player's sequence on the way to it, and the chance
    probability of reaching it as an unreduced numerator and denominator (products of
    the chance probabilities on the path).  Computed by pointer doubling over the
    parent array: each round, every node combines what it knows with what its current
    ancestor knows and jumps to that ancestor's ancestor, so ``log2(depth)`` rounds of
    array operations replace a pass in Python.  None when a path's product of
    denominators could exceed 62 bits."""
    n = game.n_nodes
    parent = game.node_parent.astype(np.int64)
    kind = game.node_kind
    own = np.full(n, -1, np.int64)              # the sequence that the move into h extends
    h = np.flatnonzero(parent >= 0)
    p = parent[h]
    dec = kind[p] == DECISION
    own[h[dec]] = gbase[game.node_infoset[p[dec]]] + game.node_parent_action[h[dec]]
    v1 = np.where(own < n1, own, -1)
    v2 = np.where(own >= n1, own - n1, -1)
    v1[0] = v2[0] = 0
    num, den = np.ones(n, np.int64), np.ones(n, np.int64)
    kids = game.child_lists()
    for c, probs in game.chance_table.items():
        for child, q in zip(kids[c], probs):
            num[child], den[child] = _split(q)
    bits = np.log2(den.astype(float))
    ptr = np.maximum(parent, 0)
    while True:
        v1 = np.where(v1 >= 0, v1, v1[ptr])
        v2 = np.where(v2 >= 0, v2, v2[ptr])
        num, den, bits = num * num[ptr], den * den[ptr], bits + bits[ptr]
        if not ptr.any():
            break
        ptr = ptr[ptr]
    if bits.max(initial=0.0) >= 62:
        return None
    return v1, v2, num, den


def _node_paths_slow(game: ExtensiveFormGame, gbase: list, n1: int):
    """:func:`_node_paths` in one pass in Python, for any size of numbers (object arrays)."""
    kind = game.node_kind.tolist()
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    gid = game.node_infoset.tolist()
    chance = {h: [_split(p) for p in pr] for h, pr in game.chance_table.items()}
    n = len(kind)
    s1, s2 = [0] * n, [0] * n
    num, den = [1] * n, [1] * n
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
    return (np.array(s1, np.int64), np.array(s2, np.int64), np.array(num, dtype=object),
            np.array(den, dtype=object))


def _integer_entries(game, leaves: list, inv: np.ndarray, size: int, num, den):
    """The payoff entries, chance masses and constant sum of an exact game, summed with
    int64 arrays from the payoffs' numerators and denominators; None when some number
    or sum could exceed int64 (then :func:`_entries` does it in Python).  The same
    numbers as :func:`_entries`."""
    if not leaves or num.dtype == object:
        return None
    pp = game.path_payoffs
    pay = [pp[h] for h in leaves]
    Pn = np.array(pay)
    if Pn.dtype.kind == "i":                    # integers (the usual case)
        Pd = np.ones_like(Pn)
    else:
        try:
            Pn = np.array([[u.numerator for u in pr] for pr in pay])
            Pd = np.array([[u.denominator for u in pr] for pr in pay])
        except (AttributeError, OverflowError):
            return None
    if Pn.dtype.kind != "i" or Pd.dtype.kind != "i" or Pn.shape != (len(leaves), 2):
        return None
    dl, nl = den[leaves], num[leaves]
    if float(dl.max()) * float(Pd.max()) >= 2.0 ** 62:
        return None
    values, scales = [], []
    for i in range(2):
        d = dl * Pd[:, i]                       # each leaf's denominator
        D = lcm(1, *set(d.tolist()))
        top = int(np.abs(Pn[:, i]).max(initial=0))
        if D >= 2 ** 62 or D * max(top, 1) * len(leaves) >= 2 ** 62:
            return None
        acc = np.zeros(size, np.int64)
        np.add.at(acc, inv, nl * Pn[:, i] * (D // d))
        values.append(acc.tolist())
        scales.append(D)
    Dc = lcm(1, *set(dl.tolist()))
    mass = np.zeros(size, np.int64)
    np.add.at(mass, inv, nl * (Dc // dl))
    # u1 + u2 = (n1 d2 + n2 d1) / (d1 d2), compared across leaves by cross-multiplying
    if float(np.abs(Pn).max()) * float(Pd.max()) * float(Pd.max()) ** 2 * 4 >= 2.0 ** 62:
        return None
    sn = Pn[:, 0] * Pd[:, 1] + Pn[:, 1] * Pd[:, 0]
    sd = Pd[:, 0] * Pd[:, 1]
    same = (sn * sd[0] == sn[0] * sd).all()
    csum = pay[0][0] + pay[0][1] if same else None
    return values, scales, mass.tolist(), Dc, csum


def _entries(game, leaves: list, inv: list, size: int, num: list, den: list):
    """The payoff entries (over one denominator per player in exact games), chance
    masses (over ``Dc``) and constant sum, in Python numbers."""
    pay = game.path_payoffs
    values, scales = [], []
    for i in range(2):
        acc: list[Any] = [0] * size
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
    mass = [0] * size
    for j, h in zip(inv, leaves):
        mass[j] += num[h] * (Dc // den[h])
    us = [pay[h][0] + pay[h][1] for h in leaves]
    csum = us[0] if us and all(u == us[0] for u in us) else (0 if not us else None)
    return values, scales, mass, Dc, csum


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
