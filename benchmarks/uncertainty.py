"""Draws per second of ``solver.analysis.uncertainty`` (not a test).

Monte Carlo over a game's parameters, one exact answer per draw.  The goal (from
the issue): at least 5,000 distinct draws per second serially, on one core, for
the two-player scenario trees, at 10,000 draws of ``diplomatic-victory``; also
reported with 2 workers (a ``concurrent.futures.ProcessPoolExecutor``, and with
``--dask`` a local Dask cluster through ``distributed.Client.get_executor()``).

Usage::

    python benchmarks/uncertainty.py                     # diplomatic-victory, 10,000 draws
    python benchmarks/uncertainty.py --samples 100000    # a longer run
    python benchmarks/uncertainty.py --trees             # also every two-player scenario tree
    python benchmarks/uncertainty.py --dask              # also a local Dask cluster (2 workers)

How it is timed.  Each configuration runs ``--repeats`` times (default 3) and the
median wall time is reported; the first run is also shown, since every call
builds its regimes afresh (sympy's own cache makes later calls a little faster).
The worker pool is started and warmed up (one small run) before it is timed, and
its start-up time is printed separately.  ``per-draw`` is the same game solved
exactly at every draw (``shortcut=False``, on ``--per-draw`` draws), serially and on
the pool: the speed without the symbolic shortcut, and what the workers gain when
each draw is real work.  The machine may be shared: the load average is
printed with the results, and the CPU time of this process beside each wall time
(with workers, their CPU time is not in it); compare ratios from one run.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

import games  # noqa: E402
from solver.analysis.uncertainty import uncertainty  # noqa: E402

GOAL = 5000.0
#: The issue's example distributions for the headline game.
HEADLINE = ["kappa=uniform:0.3:0.9", "p=beta:6:4"]


def timed(repeats: int, run):
    """(first seconds, median seconds, median CPU seconds of this process, last result)
    of ``repeats`` calls of ``run()``."""
    times, cpu, res = [], [], None
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        res = run()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return times[0], statistics.median(times), statistics.median(cpu), res


def line(label: str, n: int, first: float, median: float, cpu: float, res) -> str:
    rate = n / median
    distinct = res.distinct_draws / median
    return (f"{label:44} {median:8.3f} s  {rate:10,.0f} draws/s  {distinct:10,.0f} distinct/s"
            f"  {distinct / GOAL:5.2f}x goal  (first run {first:.3f} s; CPU here {cpu:.3f} s; "
            f"{res.exact_solves} exact solves)")


def uniform_over_ranges(game) -> list[str]:
    """Every parameter with a range, drawn uniformly over it."""
    specs = game.parameter_specs
    return [f"{n}=uniform:{s.range[0]}:{s.range[1]}" for n, s in specs.items()
            if n in game.symbols and s.range is not None and s.range[0] < s.range[1]]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--game", default="diplomatic-victory")
    ap.add_argument("--dist", action="append", help="NAME=KIND:ARGS (default: the issue's "
                    + " ".join(HEADLINE) + ")")
    ap.add_argument("--samples", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--per-draw", type=int, default=400, help="draws solved one by one "
                    "without the shortcut, serially and on the pool, for comparison (0: skip)")
    ap.add_argument("--trees", action="store_true", help="also every two-player scenario tree "
                    "of the catalogue, its ranged parameters uniform over their ranges")
    ap.add_argument("--dask", action="store_true", help="also a local Dask cluster "
                    "(needs the distributed extra)")
    args = ap.parse_args(argv)

    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; Python {platform.python_version()}, "
          f"numpy {np.__version__}")
    game = games.get(args.game)
    dists = args.dist or HEADLINE
    n = args.samples
    print(f"{args.game}: {n:,} draws, seed {args.seed}, " + " ".join(dists))
    print(f"goal: {GOAL:,.0f} distinct draws per second, serial, one core")
    print()

    run = lambda **kw: uncertainty(game, dists, samples=n, seed=args.seed, **kw)  # noqa: E731
    first, med, cpu, serial = timed(args.repeats, run)
    print(line("serial", n, first, med, cpu, serial))

    t = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        uncertainty(game, dists, samples=200, seed=args.seed + 1, executor=pool)   # warm up
        started = time.perf_counter() - t
        first, med, cpu, pooled = timed(args.repeats, lambda: run(executor=pool))
    print(line(f"process pool, {args.workers} workers", n, first, med, cpu, pooled)
          + f"  [pool start {started:.2f} s]")
    same = pooled.to_dict() == serial.to_dict() and pooled.records.same_rows(serial.records)
    print(f"{'':44} same answer as serial: {'yes' if same else 'NO'}")

    if args.dask:
        try:
            import distributed
        except ImportError:
            print("dask: not available (pip install 'gamesolver[distributed]')")
        else:
            t = time.perf_counter()
            with distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                          processes=True, dashboard_address=None) as cluster, \
                    distributed.Client(cluster) as client:
                ex = client.get_executor()
                uncertainty(game, dists, samples=200, seed=args.seed + 1, executor=ex)
                started = time.perf_counter() - t
                first, med, cpu, remote = timed(args.repeats, lambda: run(executor=ex))
            print(line(f"dask local cluster, {args.workers} workers", n, first, med, cpu,
                       remote)
                  + f"  [cluster start {started:.2f} s]")
            same = remote.to_dict() == serial.to_dict()
            print(f"{'':44} same answer as serial: {'yes' if same else 'NO'}")

    if args.per_draw:
        # without the shortcut every draw is an exact solve: the work the executors share
        m = args.per_draw
        t, c = time.perf_counter(), time.process_time()
        slow = uncertainty(game, dists, samples=m, seed=args.seed, shortcut=False)
        sec, cpu = time.perf_counter() - t, time.process_time() - c
        print(f"{'per-draw exact solves (no shortcut), serial':44} {sec:8.3f} s  "
              f"{m / sec:10,.0f} draws/s  on {m} draws (CPU {cpu:.3f} s)")
        with ProcessPoolExecutor(args.workers) as pool:
            uncertainty(game, dists, samples=20, seed=args.seed + 1, executor=pool,
                        shortcut=False)
            t = time.perf_counter()
            fast = uncertainty(game, dists, samples=m, seed=args.seed, shortcut=False,
                               executor=pool)
            sec2 = time.perf_counter() - t
        same = fast.to_dict() == slow.to_dict()
        print(f"{f'  the same, process pool, {args.workers} workers':44} {sec2:8.3f} s  "
              f"{m / sec2:10,.0f} draws/s  speed-up {sec / sec2:.2f}x; same answer: "
              f"{'yes' if same else 'NO'}")

    if args.trees:
        print()
        print(f"two-player scenario trees, every ranged parameter uniform over its range, "
              f"{n:,} draws, serial:")
        for name in games.names():
            g = games.get(name)
            if g.form != "extensive" or g.n_players != 2 or not g.parametric:
                continue
            d = uniform_over_ranges(g)
            if not d:
                continue
            first, med, cpu, res = timed(1, lambda: uncertainty(g, d, samples=n, seed=args.seed))
            print(line(f"  {name} ({len(d)} parameters)", n, first, med, cpu, res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
