"""Backward induction on a random perfect-information tree of about 10^6 nodes (not a test).

The tree is drawn breadth-first from a seed: every node of the frontier becomes an
inner node with probability 0.55 (always while the frontier is small) (until the node budget is spent) with 2 or 3
children; 5% of the inner nodes are chance nodes (probabilities 1/3, 2/3 or 1/6,
1/3, 1/2), the rest belong to one of 3 players; leaves get integer payoffs
0..10^6.  It is built with :meth:`ExtensiveFormGame.from_arrays` and solved exactly
with :func:`solver.algorithms.backward_induction.spe` (which also certifies the
equilibrium: one-shot deviations and every player's regret).

Usage::

    python benchmarks/backward_induction.py [--nodes 1000000] [--seed 0] [--builder]

``--builder`` also builds the same tree node by node with TreeBuilder (slow) and
checks that both games are equal.  Prints the times; the goal is "a few seconds".
"""
from __future__ import annotations

import argparse
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from solver.algorithms.backward_induction import spe  # noqa: E402
from solver.forms.extensive.builder import TreeBuilder  # noqa: E402
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveFormGame, pause_gc  # noqa: E402

PLAYERS = ("A", "B", "C")
CHANCE_PROBS = {2: (Fraction(1, 3), Fraction(2, 3)),
                3: (Fraction(1, 6), Fraction(1, 3), Fraction(1, 2))}


def random_tree_arrays(nodes: int, seed: int):
    """(parent, kind, player, payoffs, chance) of a random tree in breadth-first order."""
    rng = np.random.default_rng(seed)
    parents, kinds, players = [np.array([-1])], [], []
    frontier = np.array([0])
    n = 1
    while len(frontier):
        m = len(frontier)
        inner = rng.random(m) < 0.55
        if m < 1000:                               # no early extinction
            inner[:] = True
        k = rng.integers(2, 4, m) * inner
        room = nodes - n
        if k.sum() > room:                        # spend the budget, then only leaves
            keep = np.cumsum(k) <= room
            k = k * keep
        is_chance = (rng.random(m) < 0.05) & (k > 0)
        kinds.append(np.where(k == 0, TERMINAL, np.where(is_chance, CHANCE, DECISION)))
        players.append(np.where((k > 0) & ~is_chance, rng.integers(0, 3, m), -1))
        kids = np.repeat(frontier, k)
        parents.append(kids)
        frontier = np.arange(n, n + len(kids))
        n += len(kids)
    parent = np.concatenate(parents)
    kind = np.concatenate(kinds).astype(np.int8)
    player = np.concatenate(players)
    payoffs = rng.integers(0, 10**6 + 1, (int((kind == TERMINAL).sum()), len(PLAYERS)))
    nch = np.bincount(parent[1:], minlength=len(parent))
    chance = {h: CHANCE_PROBS[int(nch[h])] for h in np.flatnonzero(kind == CHANCE).tolist()}
    return parent, kind, player, payoffs, chance


def build_with_builder(parent, kind, player, payoffs, chance):
    """The same tree, node by node (for comparison)."""
    b = TreeBuilder(PLAYERS)
    nch = np.bincount(parent[1:], minlength=len(parent)).tolist()
    handles: list = [None] * len(parent)
    next_action = [0] * len(parent)
    term = iter(payoffs.tolist())
    acts = {k: tuple(str(a + 1) for a in range(k)) for k in (2, 3)}
    for h, (p, k, i) in enumerate(zip(parent.tolist(), kind.tolist(), player.tolist())):
        where = None
        if p >= 0:
            where = (handles[p], next_action[p])
            next_action[p] += 1
        if k == TERMINAL:
            b.terminal(where, payoffs=next(term))
        elif k == CHANCE:
            handles[h] = b.chance(list(zip(acts[nch[h]], chance[h])), parent=where)
        else:
            handles[h] = b.decision(i, acts[nch[h]], parent=where)
    return b


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=10**6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--builder", action="store_true", help="also time TreeBuilder")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    arrays = random_tree_arrays(args.nodes, args.seed)
    t_draw = time.perf_counter() - t
    t = time.perf_counter()
    game = ExtensiveFormGame.from_arrays(PLAYERS, *arrays[:4], chance=arrays[4])
    t_arrays = time.perf_counter() - t
    kinds = np.bincount(game.node_kind, minlength=3)
    print(f"tree: {game.n_nodes} nodes ({kinds[DECISION]} decision, {kinds[CHANCE]} chance, "
          f"{kinds[TERMINAL]} terminal), seed {args.seed}; drawn in {t_draw:.2f} s")
    print(f"from_arrays:      {t_arrays:6.2f} s")
    if args.builder:
        with pause_gc():
            t = time.perf_counter()
            b = build_with_builder(*arrays)
            t_nodes = time.perf_counter() - t
        t = time.perf_counter()
        other = b.build()
        t_build = time.perf_counter() - t
        print(f"TreeBuilder:      {t_nodes:6.2f} s adding nodes, {t_build:.2f} s build()")
        t = time.perf_counter()
        same = other == game
        print(f"same game:        {same} (compared in {time.perf_counter() - t:.2f} s)")
    t = time.perf_counter()
    sol = spe(game)
    t_spe = time.perf_counter() - t
    eq = sol[0]
    print(f"spe:              {t_spe:6.2f} s  ({len(sol)} equilibria, payoffs "
          f"{tuple(str(x) for x in eq.payoffs)}, regret {tuple(str(r) for r in eq.regret)})")
    for note in sol.notes:
        print(f"  note: {note}")


if __name__ == "__main__":
    main()
