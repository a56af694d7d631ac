#!/usr/bin/env python
"""Issue 12, goal 1: all extreme equilibria, exactly, against lrsnash.

    python benchmarks/enumeration_lrs.py [--quick] [--sizes 8,10,12,14] [--seeds 0,1,2]
                                         [--clock cpu|wall] [--repeats 3] [--method NAME]

On the same games -- random ``m x m`` bimatrix games, *generic* (integer payoffs
uniform on -1000..1000) and *degenerate* (integers 0..9), drawn as ::

    rng = numpy.random.default_rng(seed); A = draw(rng); B = draw(rng)

-- this times ``solve(game, "enumerate")`` (or, with ``--method``, one enumeration
function by name) and lrslib's ``lrsnash`` (GMP arithmetic, on an ``m n / A / B``
input file, its process start included), checks that both give the same extreme
equilibria exactly, and prints ``ours / lrsnash`` per size and kind against the goal
(``<= 1.0`` from 10x10 to 14x14, not growing with the size).

**Clocks.** The machine may be shared, so by default both sides are timed in CPU
seconds -- ours with :func:`time.process_time`, lrsnash's child process with
``getrusage(RUSAGE_CHILDREN)`` (user + system) -- which a busy machine disturbs far
less than the wall clock; ``--clock wall`` uses :func:`time.perf_counter`.  Each game
runs ``repeats`` times and its median counts; a row's ratio is the sum of our
medians over the sum of lrsnash's, over the seeds.  Building the game, writing
lrsnash's file and reading its output are not timed; our game is built afresh for
every run, so the conversions it caches are inside our time.

:func:`measure` is what ``benchmarks/run.py`` calls.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import numpy as np

from anchors import parse_lrsnash as anchors_parse  # noqa: E402
from anchors import write_lrs_input  # noqa: E402

__all__ = [
    "GOAL",
    "goal_lines",
    "GOAL_SIZES",
    "KINDS",
    "METHODS",
    "make_matrices",
    "measure",
    "parse_lrsnash",
    "run_lrsnash",
]

#: The payoff draws: name -> (low, high inclusive).
KINDS = {"generic": (-1000, 1000), "degenerate": (0, 9)}
#: ours / lrsnash must be at most this ...
GOAL = 1.0
#: ... at these sizes.
GOAL_SIZES = (10, 12, 14)
#: ``--method`` choices: the function timed for "ours".
METHODS = {
    "solve": None,   # solve(game, "enumerate"): whatever the dispatcher runs
    "modular": ("solver.algorithms.modular_enumeration", "modular_enumeration"),
    "classic": ("solver.algorithms.enumeration", "enumerate_equilibria"),
}


def make_matrices(size: int, kind: str, seed: int) -> tuple[list, list]:
    """The two payoff matrices (lists of Python ints) of game ``(size, kind, seed)``."""
    low, high = KINDS[kind]
    rng = np.random.default_rng(seed)
    A = rng.integers(low, high + 1, size=(size, size))
    B = rng.integers(low, high + 1, size=(size, size))
    return A.tolist(), B.tolist()


def run_lrsnash(path: str, clock: str) -> tuple[float, str]:
    """Run ``lrsnash path``; its time (CPU of the child, or wall) and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(["lrsnash", path], capture_output=True, text=True, timeout=3600,
                         check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise RuntimeError(f"lrsnash exited with {out.returncode}: {out.stderr.strip()[:200]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return (cpu if clock == "cpu" else wall), out.stdout


def parse_lrsnash(text: str, m: int, n: int) -> set:
    """The extreme equilibria in lrsnash's output, as a set of exact profiles (the
    parser of the ``run.py`` suites, :func:`anchors.parse_lrsnash`)."""
    return {(tuple(x), tuple(y)) for x, y in anchors_parse(text, m, n)}


def _ours(method: str):
    if METHODS[method] is None:
        from solver import solve
        return lambda game: solve(game, "enumerate")
    module, name = METHODS[method]
    return getattr(__import__(module, fromlist=[name]), name)


def _time_ours(fn, A, B, clock: str):
    from solver import NormalFormGame
    game = NormalFormGame.from_matrices(A, B)
    tick = time.process_time if clock == "cpu" else time.perf_counter
    start = tick()
    sol = fn(game)
    return tick() - start, sol


def measure(sizes=(8, 10, 12, 14), seeds=(0, 1, 2), quick: bool = False, *,
            kinds=tuple(KINDS), repeats: int = 3, clock: str = "cpu", method: str = "solve",
            log=None) -> list[tuple]:
    """Time ours and lrsnash on the same games; one row per (size, kind).

    Parameters
    ----------
    sizes, seeds : sequences of int
    quick : bool
        Sizes 4 and 6, seed 0, one run each: a smoke run of a few seconds.
    kinds : sequence of str
        Keys of :data:`KINDS`.
    repeats : int
        Runs per game and side; the median counts.
    clock : {"cpu", "wall"}
    method : str
        A key of :data:`METHODS` (default: whatever ``solve(game, "enumerate")`` runs).
    log : callable, optional
        Called with one line of progress per game.

    Returns
    -------
    list of tuples ``(size, kind, ours_seconds, lrs_seconds, ratio, equilibria_equal)``
        Seconds are sums over the seeds of the per-game medians; ``ratio`` is
        ``ours_seconds / lrs_seconds``; ``equilibria_equal`` says whether ours and
        lrsnash found exactly the same extreme equilibria on every seed.  Without
        ``lrsnash`` on the PATH, the lrsnash columns are None (and ``ratio`` too).
    """
    if quick:
        sizes, seeds, repeats = (4, 6), (0,), 1
    if clock not in ("cpu", "wall"):
        raise ValueError(f"clock must be 'cpu' or 'wall', not {clock!r}")
    fn = _ours(method)
    have_lrs = shutil.which("lrsnash") is not None
    _time_ours(fn, [[2, 0], [0, 1]], [[1, 0], [0, 2]], clock)     # imports, untimed
    rows = []
    for size in sizes:
        for kind in kinds:
            ours_total, lrs_total, equal = 0.0, 0.0, True
            for seed in seeds:
                A, B = make_matrices(size, kind, seed)
                ours_runs = []
                for _ in range(repeats):
                    t, sol = _time_ours(fn, A, B, clock)
                    ours_runs.append(t)
                ours_total += statistics.median(ours_runs)
                mine = {tuple(tuple(Fraction(p) for p in pr) for pr in e.probabilities)
                        for e in sol}
                if have_lrs:
                    path = write_lrs_input(A, B)
                    try:
                        lrs_runs = []
                        for _ in range(repeats):
                            t, text = run_lrsnash(path, clock)
                            lrs_runs.append(t)
                    finally:
                        os.unlink(path)
                    lrs_total += statistics.median(lrs_runs)
                    theirs = parse_lrsnash(text, size, size)
                    equal &= (len(theirs) == len(mine) == len(sol)) and theirs == mine
                    if log:
                        log(f"{size}x{size} {kind} seed {seed}: ours "
                            f"{statistics.median(ours_runs):.4f} s, lrsnash "
                            f"{statistics.median(lrs_runs):.4f} s, {len(sol)} equilibria, "
                            f"{'same' if theirs == mine else 'DIFFERENT'}")
            if have_lrs:
                rows.append((size, kind, ours_total, lrs_total, ours_total / lrs_total, equal))
            else:
                rows.append((size, kind, ours_total, None, None, None))
    return rows


def goal_lines(rows) -> list[str]:
    """PASS/FAIL lines: every ratio at the goal sizes at most :data:`GOAL`, the same
    equilibria everywhere, and the ratio not growing with the size (per kind, the
    ratio at the largest goal size at most 1.25 times the one at the smallest)."""
    lines = []
    for kind in sorted({r[1] for r in rows}):
        mine = {r[0]: r for r in rows if r[1] == kind and r[0] in GOAL_SIZES}
        if not mine or any(r[4] is None for r in mine.values()):
            lines.append(f"goal 1 ({kind}): not evaluated (lrsnash not available or sizes missing)")
            continue
        ratios = {s: r[4] for s, r in sorted(mine.items())}
        worst = max(ratios.values())
        same = all(r[5] for r in mine.values())
        first, last = ratios[min(ratios)], ratios[max(ratios)]
        flat = last <= 1.25 * first or last <= 0.5 * GOAL
        verdict = "PASS" if worst <= GOAL and same and flat else "FAIL"
        shown = ", ".join(f"{s}x{s} {v:.2f}" for s, v in ratios.items())
        lines.append(f"goal 1 ({kind}): ours/lrsnash {shown} (goal <= {GOAL:.1f}, not growing); "
                     f"same equilibria: {'yes' if same else 'NO'} -> {verdict}")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--sizes", default="8,10,12,14")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    ap.add_argument("--method", choices=tuple(METHODS), default="solve")
    args = ap.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    seeds = tuple(int(s) for s in args.seeds.split(","))
    kinds = tuple(args.kinds.split(","))
    log = lambda line: print(line, file=sys.stderr, flush=True)
    rows = measure(sizes, seeds, args.quick, kinds=kinds, repeats=args.repeats,
                   clock=args.clock, method=args.method, log=log)
    print(f"== goal 1: extreme equilibria, ours ({args.method}) vs lrsnash, "
          f"{args.clock} seconds, median of {args.repeats if not args.quick else 1} runs, "
          f"summed over seeds {seeds if not args.quick else (0,)}")
    print(f"{'size':>6} {'kind':<11} {'ours s':>9} {'lrsnash s':>10} {'ratio':>7}  same")
    for size, kind, ours, lrs, ratio, equal in rows:
        lrs_s = "n/a" if lrs is None else f"{lrs:.4f}"
        ratio_s = "n/a" if ratio is None else f"{ratio:.2f}"
        same_s = "n/a" if equal is None else ("yes" if equal else "NO")
        print(f"{size:>4}x{size:<1} {kind:<11} {ours:>9.4f} {lrs_s:>10} {ratio_s:>7}  {same_s}")
    for line in goal_lines(rows):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
