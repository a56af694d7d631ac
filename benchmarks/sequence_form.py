"""Leduc poker by the sequence form, side by side with OpenSpiel (not a test).

Ours: ``games.get("leduc-poker")`` (9,457 nodes, built like OpenSpiel's
``leduc_poker``) solved by :func:`solver.algorithms.sequence_form.sequence_form`:
the sequence-form LP in floats (HiGHS), then exact realisation plans recovered and
the equilibrium certified exactly (regret 0), value returned as a fraction.
OpenSpiel: ``open_spiel.python.algorithms.sequence_form_lp.solve_zero_sum_game`` on
``pyspiel.load_game("leduc_poker")`` (floats, no certificate).  Both are timed in
one process, alternating, after one warm-up each; the medians and the ratio
ours / OpenSpiel are printed.  The issue's goal is a ratio of at most 1.0.

Usage::

    python benchmarks/sequence_form.py [--repeats 7] [--game leduc-poker|kuhn-poker]

OpenSpiel (``open_spiel``, with ``cvxpy`` and ``ecos``) is in the ``bench`` extra;
without it only our time is printed.  pygambit's ``lp_solve`` did not finish
Leduc in 15 minutes, so it is not run.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import games  # noqa: E402
from solver.algorithms.sequence_form import sequence_form  # noqa: E402

OPENSPIEL_NAMES = {"leduc-poker": "leduc_poker", "kuhn-poker": "kuhn_poker"}


def ours(game):
    t = time.perf_counter()
    sol = sequence_form(game)
    return time.perf_counter() - t, sol.value, sol.exact


def openspiel_solver(name):
    try:
        import pyspiel
        from open_spiel.python.algorithms import sequence_form_lp
    except ImportError as err:
        return None, f"not available ({err})"
    game = pyspiel.load_game(OPENSPIEL_NAMES[name])

    def run():
        t = time.perf_counter()
        value = sequence_form_lp.solve_zero_sum_game(game)[0]
        return time.perf_counter() - t, value
    return run, ""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--game", default="leduc-poker", choices=sorted(OPENSPIEL_NAMES))
    args = ap.parse_args(argv)
    t = time.perf_counter()
    game = games.get(args.game)
    build = time.perf_counter() - t
    print(f"{args.game}: {game.n_nodes} nodes, built in {build:.3f} s (not timed below)")
    anchor, why = openspiel_solver(args.game)
    ours(game)                                   # warm-up (imports, caches)
    if anchor:
        anchor()
    mine, theirs = [], []
    value = exact = their_value = None
    for _ in range(args.repeats):
        dt, value, exact = ours(game)
        mine.append(dt)
        if anchor:
            dt, their_value = anchor()
            theirs.append(dt)
    m = statistics.median(mine)
    print(f"ours      median {m:.3f} s  value {float(value):.10f} "
          f"({'exact ' + str(value) if exact else 'float'}), certified")
    if not anchor:
        print(f"OpenSpiel {why}")
        return 0
    o = statistics.median(theirs)
    print(f"OpenSpiel median {o:.3f} s  value {their_value:.10f} (float, no certificate)")
    print(f"ours / OpenSpiel = {m / o:.2f}  (goal <= 1.0: {'PASS' if m <= o else 'FAIL'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
