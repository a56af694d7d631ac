"""Building blocks shared by the game-tree modules: node kinds, outcomes, information sets.

:mod:`solver.forms.extensive.game` (the game), :mod:`solver.forms.extensive.builder` (the
node-by-node builder) and :mod:`solver.forms.extensive.arrays` (bulk construction and the
vectorised passes) all use these; users import them from
:mod:`solver.forms.extensive.game`, which re-exports every public name.
"""
from __future__ import annotations

import contextlib
import gc
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from solver.errors import InvalidGameError
from solver.numbers import format_number, is_sympy, to_number

__all__ = ["InformationSet", "Node", "Outcome", "pause_gc", "outline", "TERMINAL", "DECISION", "CHANCE"]


#: Node kinds stored in :attr:`ExtensiveFormGame.node_kind`.
TERMINAL, DECISION, CHANCE = 0, 1, 2
KIND_NAMES = {TERMINAL: "terminal", DECISION: "decision", CHANCE: "chance"}


@dataclass(frozen=True)
class Outcome:
    """A labelled payoff vector attached to a node (one payoff per player)."""

    label: str
    payoffs: tuple[Any, ...]


@dataclass(frozen=True)
class InformationSet:
    """An information set: nodes of one player that he cannot tell apart.

    Attributes
    ----------
    player : int
        Index of the player who moves.
    index : int
        Position among the player's information sets (the game's stable numbering).
    label : str
    actions : tuple of str
    nodes : tuple of int
        Member nodes (pre-order indices), in pre-order.
    """

    player: int
    index: int
    label: str
    actions: tuple[str, ...]
    nodes: tuple[int, ...]


@dataclass(frozen=True)
class Node:
    """A read-only view of one node (see :meth:`ExtensiveFormGame.node`)."""

    index: int
    kind: str
    label: str
    name: str
    player: int | None
    infoset: InformationSet | None
    parent: int | None
    actions: tuple[str, ...]
    children: tuple[int, ...]
    probabilities: tuple[Any, ...] | None
    outcome: Outcome | None


def payoff_vector(payoffs: Any, n: int, where: str) -> tuple:
    if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Sequence) and \
            not isinstance(payoffs, np.ndarray):
        raise InvalidGameError(f"{where}: payoffs must be a sequence of {n} numbers, got {payoffs!r}")
    payoffs = tuple(payoffs)
    if len(payoffs) != n:
        raise InvalidGameError(f"{where}: expected {n} payoffs (one per player), got {len(payoffs)}")
    return tuple(_payoff(x, where, k) for k, x in enumerate(payoffs))


def _payoff(x, where, k: int):
    # ints and Fractions skip to_number, whose message argument would name the node (slow)
    t = type(x)
    if t is Fraction:
        return x
    if t is int:
        return Fraction(x)
    return to_number(x, f"{where}, payoff {k + 1}")


def check_probabilities(probs: tuple, where: str) -> None:
    """Chance probabilities must be non-negative and sum to exactly 1."""
    numeric = all(isinstance(p, Fraction) for p in probs)
    for p in probs:
        if isinstance(p, Fraction) and p < 0:
            raise InvalidGameError(f"{where}: chance probability {format_number(p)} is negative")
    total = sum(probs, Fraction(0))
    if numeric:
        if total != 1:
            raise InvalidGameError(
                f"{where}: chance probabilities sum to {format_number(total)}, not exactly 1")
    else:
        import sympy
        if sympy.simplify(sympy.sympify(total) - 1) != 0:
            raise InvalidGameError(f"{where}: chance probabilities sum to {total}, not exactly 1")


def to_probability(x: Any, where: str):
    p = to_number(x, where)
    if isinstance(p, float):
        raise InvalidGameError(f"{where}: {x!r} is a float; give chance probabilities exactly "
                               "('0.45', '1/3' or a Fraction)")
    return p


@contextlib.contextmanager
def pause_gc():
    """Suspend Python's cyclic garbage collector while a large tree is built or solved.

    Building or solving a tree allocates millions of small objects and no cycles;
    the collector's repeated full scans would cost about a third of the time on
    10^6 nodes.  The previous state is restored on exit.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def outline(game, max_nodes: int = 200) -> str:
    """The tree as an indented outline, one line per node (at most ``max_nodes``)."""
    lines = [repr(game)]
    depth = [0] * game.n_nodes
    par = game.node_parent.tolist()
    for h in range(min(game.n_nodes, max_nodes)):
        if h:
            depth[h] = depth[par[h]] + 1
            p = par[h]
            edge = game.action_labels[p][int(game.node_parent_action[h])]
            if game.node_kind[p] == CHANCE:
                edge += f" ({format_number(game.chance_table[p][int(game.node_parent_action[h])])})"
        else:
            edge = "root"
        k = int(game.node_kind[h])
        if k == DECISION:
            s = game.infoset(int(game.node_infoset[h]))
            what = f"{game.players[s.player]} moves" + (f" [{s.label}]" if s.label else "")
        elif k == CHANCE:
            what = "chance"
        else:
            what = "(" + ", ".join(format_number(x) for x in game.payoffs(h)) + ")"
        lab = f" {game.node_labels[h]!r}" if game.node_labels[h] else ""
        lines.append("  " * depth[h] + f"{edge}{lab}: {what}")
    if game.n_nodes > max_nodes:
        lines.append(f"... {game.n_nodes - max_nodes} more nodes")
    return "\n".join(lines)


def path_payoff_tuples(game) -> list[tuple]:
    """Per node, the sum of the outcomes from the root, as tuples (one pre-order pass)."""
    zero = tuple(Fraction(0) if game.exact else 0.0 for _ in game.players)
    par = game.node_parent.tolist()
    out: list[tuple] = [zero] * game.n_nodes
    get = game.outcomes.get
    for h in range(game.n_nodes):
        base = out[par[h]] if h else zero
        o = get(h)
        if o is None:
            out[h] = base
        elif base is zero:
            out[h] = o.payoffs
        else:
            out[h] = tuple(a + b for a, b in zip(base, o.payoffs))
    return out


def small_tuples(vectors) -> list[tuple]:
    """The vectors with integral Fractions as ints (equal input tuples share one output)."""
    memo: dict = {}
    out = []
    for v in vectors:
        w = memo.get(id(v))
        if w is None:
            w = memo[id(v)] = tuple(x.numerator if isinstance(x, Fraction) and x.denominator == 1
                                    else x for x in v)
        out.append(w)
    return out


def scan_numbers(outcomes: dict, chance: dict) -> tuple[bool, frozenset]:
    """(exact, free symbols) of a game's payoffs and probabilities; floats and symbols
    together are refused."""
    kinds, syms = set(), set()
    for o in outcomes.values():
        for x in o.payoffs:
            if isinstance(x, float):
                kinds.add(float)
            elif is_sympy(x):
                syms |= x.free_symbols
    for probs in chance.values():
        for x in probs:
            if is_sympy(x):
                syms |= x.free_symbols
    if float in kinds and syms:
        raise InvalidGameError("a game cannot mix float payoffs with symbolic parameters")
    return float not in kinds, frozenset(str(s) for s in syms)
