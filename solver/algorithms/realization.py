"""Does a mixed strategy have a behaviour strategy with the same outcomes? Exactly, for any tree.

A mixed strategy ``sigma_i`` (a probability over pure strategies) makes all of
player *i*'s choices on the path to a node ``h`` with probability

.. math::  r_i(h) = \\sum_{s \\text{ consistent with } h} \\sigma_i(s),

its *realisation weight* at ``h`` (von Stengel 1996); a behaviour strategy ``b_i``
does so with probability ``prod b_i(I(h'), a)`` over *i*'s nodes ``h'`` above ``h``.
Whatever the others do, the probability of a terminal node ``z`` is chance's times
``prod_j r_j(z)``.  Going down the tree one sees that ``sigma_i`` and some ``b_i``
give the same ``r_i`` everywhere exactly when, at every information set ``I`` of
*i*, the conditional choices ``r_i(child_a(h)) / r_i(h)`` agree at all nodes ``h`` of
``I`` that ``sigma_i`` reaches (``r_i(h) > 0``, and chance reaches ``h``): ``b_i(I)`` is
then that common distribution.  This is **realisation equivalence** (Kuhn 1953). With
perfect recall it always holds (Kuhn's theorem); without it, it can fail: a player who
forgets whether he chose R or L cannot make his later choice depend on it, but a
mixture of the pure strategies (R, r) and (L, l) does.

Within one profile the weaker question is whether some behaviour *profile* induces
the same distribution over terminal nodes: the same test over the nodes the whole
profile reaches (``P(h) > 0``).  Both are decided here from the exact weights, and
the answer is checked by computing both distributions over terminal nodes exactly.

References
----------
Kuhn, H. W. (1953), "Extensive games and the problem of information",
*Contributions to the Theory of Games* II, 193-216.
von Stengel, B. (1996), "Efficient computation of behavior strategies", *Games and
Economic Behavior* 14, 220-246.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from solver.algorithms.behavior_polynomials import chance_reach, sign
from solver.errors import SolverError
from solver.forms.extensive.behavior import BehaviorProfile
from solver.forms.extensive.game import DECISION, TERMINAL
from solver.numbers import format_number

__all__ = ["Counterpart", "behavior_counterpart", "outcome_distribution"]


@dataclass(frozen=True)
class Counterpart:
    """A mixed profile over a tree's pure strategies and its behaviour counterpart.

    Attributes
    ----------
    realization_equivalent : tuple of bool
        Per player: some behaviour strategy gives the same realisation weights at
        every node, so it is interchangeable with the mixed strategy whatever the
        others do (Kuhn 1953).
    outcome_equivalent : bool
        Some behaviour profile gives the same distribution over terminal nodes as the
        mixed profile; ``behavior`` is one.
    behavior : BehaviorProfile
        That profile when ``outcome_equivalent``; otherwise the one that plays at each
        set the mixed strategy's frequencies there (and gives other outcomes).
    conflicts : tuple of str
        When not ``outcome_equivalent``: why, set by set (two reached nodes of one
        set where the mixed profile chooses differently).
    """

    realization_equivalent: tuple[bool, ...]
    outcome_equivalent: bool
    behavior: BehaviorProfile
    conflicts: tuple[str, ...]


def _own_weights(game, reduced, i: int, probs: Sequence[Any]) -> list:
    """Per node, ``r_i(h)``: the probability that *i*'s mixed strategy makes his choices
    on the path to ``h``."""
    kind = game.node_kind.tolist()
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    gid = game.node_infoset.tolist()
    who = game.node_player.tolist()
    base = sum(len(s) for s in game.infosets[:i])
    rows = np.array(reduced.choices[i], dtype=np.int64).reshape(len(reduced.choices[i]), -1)
    weight = np.array(list(probs), dtype=object)
    consistent: list[np.ndarray] = [np.ones(len(rows), dtype=bool)]
    out = [sum(weight, Fraction(0))]
    for h in range(1, game.n_nodes):
        p = parent[h]
        c = consistent[p]
        if kind[p] == DECISION and who[p] == i:
            c = c & (rows[:, gid[p] - base] == pact[h])
        consistent.append(c)
        out.append(sum(weight[c], Fraction(0)))
    return out


def _frequencies(game, reduced, i: int, probs) -> list[tuple]:
    """At each of *i*'s sets, how often his mixed strategy chooses each action among
    the pure strategies that do not rule the set out (uniform if all do)."""
    out = []
    rows = reduced.choices[i]
    for k, s in enumerate(game.infosets[i]):
        m = len(s.actions)
        counts = [Fraction(0)] * m
        for row, p in zip(rows, probs):
            if row[k] >= 0 and p:
                counts[row[k]] += p
        total = sum(counts)
        out.append(tuple(c / total for c in counts) if total else (Fraction(1, m),) * m)
    return out


def behavior_counterpart(game, reduced, probabilities: Sequence[Sequence[Any]]) -> Counterpart:
    """Decide whether a mixed profile of a tree has a behaviour counterpart, exactly.

    Parameters
    ----------
    game : ExtensiveFormGame
        An exact concrete tree (any recall).
    reduced : ReducedForm
        Its strategic form (:func:`solver.conversions.reduced_form.reduced_normal_form`).
    probabilities : sequence of sequences
        One exact probability vector per player over ``reduced.choices[i]``.

    Returns
    -------
    Counterpart

    Raises
    ------
    SolverError
        If the distributions over terminal nodes contradict the verdict (a bug).
    """
    chance = chance_reach(game)
    n = game.n_players
    own = [_own_weights(game, reduced, i, probabilities[i]) for i in range(n)]
    kids = game.child_lists()
    reach = [chance[h] * _product(own[j][h] for j in range(n)) for h in range(game.n_nodes)]
    realizable, behavior, derived, conflicts = [], [], [], []
    for i in range(n):
        freq = _frequencies(game, reduced, i, probabilities[i])
        derived.append(tuple(freq))
        ok_i, row = True, []
        for k, s in enumerate(game.infosets[i]):
            seen = [(h, tuple(own[i][c] / own[i][h] for c in kids[h])) for h in s.nodes
                    if chance[h] and own[i][h]]
            ok_i = ok_i and _alike([d for _, d in seen])
            played = [(h, d) for h, d in seen if reach[h]]
            if not _alike([d for _, d in played]):
                conflicts.append(_conflict(game, s, played))
            row.append(played[0][1] if played else (seen[0][1] if seen and ok_i else freq[k]))
        realizable.append(ok_i)
        behavior.append(tuple(row))
    # the counterpart, or else the behaviour profile of the mixed strategies' frequencies
    profile = BehaviorProfile.for_game(game, tuple(derived if conflicts else behavior))
    same = _same(outcome_distribution(game, profile), _mixed_distribution(game, own, chance))
    if same != (not conflicts):
        raise SolverError("realisation equivalence: the distributions over terminal nodes "
                          "contradict the test of the information sets (a bug)")
    return Counterpart(tuple(realizable), not conflicts, profile, tuple(conflicts))


def _alike(rows: list) -> bool:
    """True when the distributions are all equal (exactly; algebraic numbers by sign)."""
    return all(all(x == y or sign(x - y) == 0 for x, y in zip(rows[0], r)) for r in rows[1:])


def _same(p: dict, q: dict) -> bool:
    keys = set(p) | set(q)
    return all(sign(p.get(h, 0) - q.get(h, 0)) == 0 for h in keys)


def _product(xs):
    out = Fraction(1)
    for x in xs:
        out *= x
        if not out:
            break
    return out


def _conflict(game, s, played) -> str:
    (h1, d1) = played[0]
    h2, d2 = next((h, d) for h, d in played if not _alike([d1, d]))

    def mix(d):
        used = [(a, p) for a, p in zip(s.actions, d) if sign(p)]
        if len(used) == 1:
            return used[0][0]
        return ", ".join(f"{format_number(p)} {a}" for a, p in used)
    who = game.players[s.player]
    name = repr(s.label) if s.label else f"#{s.index + 1}"
    return (f"at {who}'s information set {name} the profile plays {mix(d1)} at node "
            f"{game.node_name(h1)} but {mix(d2)} at node {game.node_name(h2)}, both reached; a "
            "behaviour strategy must choose alike at both")


def _mixed_distribution(game, own, chance) -> dict:
    terminal = np.flatnonzero(game.node_kind == TERMINAL).tolist()
    out = {}
    for h in terminal:
        p = chance[h] * _product(r[h] for r in own)
        if p:
            out[h] = p
    return out


def outcome_distribution(game, profile: BehaviorProfile) -> dict:
    """The probability of each terminal node under a behaviour profile (nonzero ones),
    exactly, for any tree (a set met twice on a play counts twice)."""
    kind = game.node_kind.tolist()
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    gid = game.node_infoset.tolist()
    flat = profile.flat()
    reach: list[Any] = [Fraction(1)] * game.n_nodes
    out = {}
    for h in range(game.n_nodes):
        if h:
            p = parent[h]
            q = flat[gid[p]][pact[h]] if kind[p] == DECISION else \
                game.chance_probabilities(p)[pact[h]]
            reach[h] = reach[p] * q
        if kind[h] == TERMINAL and reach[h]:
            out[h] = reach[h]
    return out
