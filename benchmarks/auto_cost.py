"""Suite ``auto``: ``solve``'s choice by predicted cost (issue 12, goal 4).

``method="auto"`` enumerates every equilibrium of a two-player game when
:func:`solver.algorithms.enumeration_cost.enumeration_cost` predicts at most about a
second of vertex enumeration, and returns one Lemke-Howson equilibrium otherwise.  The
suite solves random games (payoffs -1000..1000 and 0..9; square, and the rectangular
:data:`RECTANGULAR`) with ``auto`` and prints, per game, the prediction (from the
shape and the payoffs' size, as ``solve`` makes it), the measured time, what auto
chose and how many equilibria it returned; the prediction is compared with the CPU
time of this process (on a shared machine the wall time also counts the other
programs' load).  The goal line checks that a 13x13 game gets all its equilibria (auto
enumerates) and that the predictions are within a factor 3 of the measured times of
the enumerations that ran.

``python benchmarks/auto_cost.py --fit`` repeats the calibration behind the estimate
(many minutes; ``--save FILE`` keeps the measurements, ``--refit FILE`` fits them
again): it enumerates random games of many shapes (``m, n`` up to 60, payoffs
-1000..1000 and 0..9) with what ``enumerate`` runs, and prints the least-squares fits
of the bases, ``log(bases) = a + log(UBT(d + k, d)) * (b + c * d / (d + k))``, and of
each search's time given the bases (start, per basis, per basis and cell, and for the
batched search the factor for wide labels and the memory model) -- the constants
``FIT``, ``CLASSIC_TIME``, ``BATCHED_TIME``, ``WIDE``, ``QUEUE`` and ``REBUILD`` in
``solver/algorithms/enumeration_cost.py``.  ``--check`` compares the estimate (from the
shape and payoffs alone) with the measured CPU time on other seeds, square and
rectangular, and prints the median ratio and its spread by search and payoffs.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
for _p in (str(HERE), str(HERE.parent)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from bench_games import make_game  # noqa: E402

__all__ = ["check", "fit", "fit_rows", "measure", "run"]


def _game(m, n, dist, seed):
    from solver import NormalFormGame
    g = make_game(m, n, dist, seed)
    return NormalFormGame.from_matrices(*g.matrices())


#: Rectangular games of the suite (besides the square sizes of the configuration).
RECTANGULAR = [(6, 20), (8, 16), (10, 20), (5, 40), (3, 60)]


def run(cfg: dict, log) -> tuple[list[str], list[dict]]:
    from solver.algorithms.enumeration_cost import BUDGET_SECONDS, enumeration_cost
    from solver.solve import solve
    sizes = [4, 6] if cfg["quick"] else cfg["auto"]["sizes"]
    shapes = [(s, s) for s in sizes] + ([] if cfg["quick"] else
                                        [tuple(x) for x in cfg["auto"].get("shapes", RECTANGULAR)])
    dists = cfg["auto"]["distributions"]
    seeds = cfg["seeds"][:1] if cfg["quick"] else cfg["seeds"][:2]
    lines = ["", f"== suite auto: solve(game) chooses by predicted cost (enumerate when the "
             f"estimate is at most {BUDGET_SECONDS:g} s, else lemke-howson)",
             f"  {'game':24} {'predicted':>10} {'CPU':>10} {'wall':>10} {'auto chose':14} "
             f"{'eq':>4}  complete  certified"]
    ratios, thirteen = [], []
    # the first enumeration of a batched size loads the vertex search and python-flint
    # (about 40 ms, once per process): paid here, so that the timings are the search's
    solve(_game(8, 8, dists[0], 0), "enumerate")
    for m, n in shapes:
        for dist in dists:
            for seed in seeds:
                game = _game(m, n, dist, seed)
                est = enumeration_cost(m, n, _payoff_bits(game))     # as solve() sees it
                log(f"  auto: {m}x{n} {dist} seed {seed} (predicted {est.seconds:.2g} s) ...")
                t, c = time.perf_counter(), time.process_time()
                sol = solve(game)
                wall, dt = time.perf_counter() - t, time.process_time() - c
                certified = all(e.regret == (0, 0) for e in sol.equilibria)
                lines.append(f"  {f'{m}x{n}':>5} {dist:13} s={seed:<3} {est.seconds:9.3g}s "
                             f"{dt:9.3g}s {wall:9.3g}s {sol.method:14} {len(sol):4}  "
                             f"{str(sol.complete):8}  {certified}")
                if sol.method == "enumerate" and dt > 0.05:
                    ratios.append(est.seconds / dt)
                if (m, n) == (13, 13):
                    thirteen.append(sol.method == "enumerate" and sol.complete and certified)
    goals = [{"suite": "auto", "target": "13x13: auto finds all equilibria", "limit": None,
              "verdict": "not evaluated", "why": "no 13x13 game in this run"},
             {"suite": "auto", "target": "predicted within 3x of measured", "limit": 3.0,
              "verdict": "not evaluated", "why": "no enumeration over 0.05 s in this run"}]
    if thirteen:
        goals[0].update(verdict="PASS" if all(thirteen) else "FAIL",
                        why=f"enumerated and certified on {sum(thirteen)}/{len(thirteen)} games")
    if ratios:
        goals.pop()
        worst = max(ratios, key=lambda r: abs(math.log(r)))
        ok = all(1 / 3 <= r <= 3 for r in ratios)
        goals.append({"suite": "auto", "target": "predicted within 3x of measured",
                      "limit": 3.0, "ratio": worst, "verdict": "PASS" if ok else "FAIL",
                      "why": f"predicted/measured from {min(ratios):.2f} to {max(ratios):.2f} "
                             f"on {len(ratios)} enumerations (median "
                             f"{statistics.median(ratios):.2f})"})
    return lines, goals


FIT_SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 25, 30, 40, 60]
#: Lopsided shapes whose labels take more than 62 bits (the batched search's keys
#: are then Python integers).
FIT_WIDE = [(2, 64), (3, 64), (2, 100), (3, 80), (4, 64), (2, 150)]
FIT_DISTRIBUTIONS = ["int-1000-1000", "int0-9"]
#: Extra seeds where the memory of the batched search starts to matter.
FIT_EXTRA = [((14, 14), range(6)), ((15, 15), range(6))]


def _payoff_bits(game) -> float:
    """log2 of the payoffs' range as integers (what ``solve`` gives the estimate)."""
    from solver.algorithms.integer_pivoting import exact_integer_payoffs
    A, B = exact_integer_payoffs(game)
    return math.log2(max(int(A.max()), int(B.max())))


def _timed(m, n, dist, seed, limit):
    """(bases, CPU seconds, payoff bits) of ``modular_enumeration`` (what ``enumerate``
    runs) on the game; short runs are repeated on fresh copies of the game (no cache
    is shared) until 0.05 s have passed, and averaged."""
    from solver.algorithms.modular_enumeration import modular_enumeration
    runs, total, bases = 0, 0.0, None
    while total < 0.05 and runs < 50:
        game = _game(m, n, dist, seed)
        t = time.process_time()
        sol = modular_enumeration(game, max_vertices=limit)
        total += time.process_time() - t
        runs += 1
        bases = sol.extra["bases"]
    return bases, total / runs, _payoff_bits(_game(m, n, dist, seed))


def measure(limit_bases: int = 150_000, log=print) -> list[dict]:
    """Enumerate the calibration games: every shape ``m x n`` (``m <= n``) of
    :data:`FIT_SIZES` and the lopsided :data:`FIT_WIDE`, payoffs -1000..1000 and 0..9,
    seeds 100 and 101 (and :data:`FIT_EXTRA`); a row of shapes stops at the first game
    of more than ``limit_bases`` bases, and shapes predicted at more than four times
    that are skipped."""
    from solver.algorithms import enumeration_cost as ec
    from solver.errors import SolverLimitError
    _timed(8, 8, "int0-9", 0, limit_bases)         # imports and caches, outside the fit
    todo = [((m, n), (100, 101)) for m in FIT_SIZES for n in FIT_SIZES if n >= m]
    todo += [(shape, (100, 101)) for shape in FIT_WIDE] + FIT_EXTRA
    rows, stopped = [], set()
    for (m, n), seeds in todo:
        if sum(ec.enumeration_cost(m, n).bases) > 4 * limit_bases:
            continue
        for dist in FIT_DISTRIBUTIONS:
            if (m, dist) in stopped and m != n:
                continue
            for seed in seeds:
                try:
                    bases, dt, bits = _timed(m, n, dist, seed, limit_bases)
                except SolverLimitError:
                    stopped.add((m, dist))
                    log(f"{m}x{n} {dist} seed {seed}: over {limit_bases} bases")
                    break
                rows.append({"m": m, "n": n, "dist": dist, "seed": seed, "bases": list(bases),
                             "cpu": dt, "payoff_bits": bits, "search": ec.search_of(m, n)})
                log(f"{m}x{n} {dist} seed {seed}: bases {bases[0]}, {bases[1]}; "
                    f"{rows[-1]['search']}, {dt:.4f} s")
    return rows


def _predicted_seconds(p, rows, bases=None):
    """The time model of ``enumeration_cost`` with the constants ``p`` = (start,
    per_basis, per_cell, wide, queue, rebuild), on each row's actual bases (or
    ``bases``): known bases, so the memory term is ``max(0, bases - capacity)``."""
    from solver.algorithms import enumeration_cost as ec
    from solver.algorithms.vertex_search import MEMORY_BUDGET
    start, per_basis, per_cell, wide, queue, rebuild = p
    out = []
    for i, r in enumerate(rows):
        m, n = r["m"], r["n"]
        bp, bq = bases[i] if bases is not None else r["bases"]
        each = per_basis + per_cell * m * n
        if r["search"] == "batched" and m + n + (m == n) > 62:
            each += wide * (m + n)
        t = start + each * (bp + bq)
        if r["search"] == "batched":
            parts = [(n, m, bp + bq)] if m == n else [(n, m, bp), (m, n, bq)]
            for k, d, b in parts:
                primes = ec.primes_needed(k, d, r["payoff_bits"])
                per = 8 * (primes + 1) * k * (d + 1) + 64 * (k + d)
                capacity = max(64, MEMORY_BUDGET // per)
                t += max(0.0, b - capacity / queue) * rebuild * primes * k * k * (d + 1)
        out.append(t)
    return out


def fit_rows(rows) -> None:
    """Fit the constants of ``solver/algorithms/enumeration_cost.py`` to measured rows
    (from :func:`measure`) and print them, with how well they predict."""
    import numpy as np
    from scipy.optimize import least_squares

    from solver.algorithms import enumeration_cost as ec
    d = np.array([x for r in rows for x in (r["m"], r["n"])], float)
    k = np.array([x for r in rows for x in (r["n"], r["m"])], float)
    y = np.log(np.array([b for r in rows for b in r["bases"]], float))
    lu = np.array([math.log(ec.upper_bound_vertices(int(a + b), int(a))) for a, b in zip(d, k)])
    F = np.vstack([np.ones_like(lu), lu, lu * d / (d + k)]).T
    coef, *_ = np.linalg.lstsq(F, y, rcond=None)
    print(f"FIT = ({coef[0]:.3f}, {coef[1]:.3f}, {coef[2]:.3f}); SPREAD = "
          f"{np.std(y - F @ coef):.2f}  (in log, over {len(y)} polytopes)")
    for search in ("classic", "batched"):
        part = [r for r in rows if r["search"] == search]
        t = np.log([r["cpu"] for r in part])
        if search == "classic":
            def resid(q, part=part, t=t):
                return np.log(_predicted_seconds((*np.exp(q), 0.0, 0.3, 0.0), part)) - t
            res = least_squares(resid, np.log([1e-4, 1e-5, 3e-7]))
            a, b, c = np.exp(res.x)
            print(f"CLASSIC_TIME = ({a:.2g}, {b:.2g}, {c:.2g})", end="")
        else:
            def resid(q, part=part, t=t):
                return np.log(_predicted_seconds(np.exp(q), part)) - t
            res = least_squares(resid, np.log([5e-3, 7e-6, 2e-8, 3e-7, 0.3, 6e-9]))
            a, b, c, wide, queue, rebuild = np.exp(res.x)
            print(f"BATCHED_TIME = ({a:.2g}, {b:.2g}, {c:.2g}); WIDE = {wide:.2g}; "
                  f"QUEUE = {queue:.2g}; REBUILD = {rebuild:.2g}", end="")
        print(f"  (spread {np.std(res.fun):.2f} in log over {len(part)} games, given their bases)")
    print("(write these into solver/algorithms/enumeration_cost.py, then run with --check)")


def fit(limit_bases: int = 150_000, save: str | None = None) -> None:
    """Repeat the calibration of solver.algorithms.enumeration_cost: measure, then fit."""
    import json
    rows = measure(limit_bases, log=lambda s: print(s, flush=True))
    if save:
        with open(save, "w") as f:
            json.dump(rows, f)
    fit_rows(rows)


def check(shapes=None) -> None:
    """Predicted (from the shape and payoffs) against measured CPU time, by search,
    payoffs and shape: median ratio and the 10%..90% range, on games of 0.05 s or more
    (seeds 0 and 1, not those of the fit)."""
    import numpy as np

    from solver.algorithms import enumeration_cost as ec
    shapes = shapes or sorted({(m, n) for m in (5, 6, 8, 10, 12, 13, 14, 15)
                               for n in (m, m + 2, 2 * m, 40) if n >= m} | {(3, 60), (2, 100)})
    _timed(8, 8, "int0-9", 0, 10 ** 6)
    out = {}
    for m, n in shapes:
        for dist in FIT_DISTRIBUTIONS:
            for seed in (0, 1):
                bits = _payoff_bits(_game(m, n, dist, seed))
                est = ec.enumeration_cost(m, n, bits)
                if est.seconds > 4 * ec.BUDGET_SECONDS:
                    continue
                bases, dt, _ = _timed(m, n, dist, seed, 10 ** 6)
                r = est.seconds / dt
                print(f"{m}x{n} {dist:13} seed {seed}: predicted {est.seconds:.3g} s, measured "
                      f"{dt:.3g} s, ratio {r:.2f} (bases {sum(bases)}, predicted "
                      f"{sum(est.bases):.0f})", flush=True)
                if dt >= 0.05:
                    key = (est.search, dist, "square" if m == n else "rectangular")
                    out.setdefault(key, []).append(r)
    for key, rs in sorted(out.items()):
        q = np.quantile(rs, [0.1, 0.5, 0.9])
        print(f"{' '.join(key):40} {len(rs):3} games: median ratio {q[1]:.2f}, "
              f"10%..90% {q[0]:.2f}..{q[2]:.2f}, all {min(rs):.2f}..{max(rs):.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fit", action="store_true", help="repeat the calibration (many minutes)")
    ap.add_argument("--save", metavar="FILE", help="with --fit: keep the measurements (JSON)")
    ap.add_argument("--refit", metavar="FILE", help="fit again from saved measurements")
    ap.add_argument("--check", action="store_true",
                    help="predicted against measured time on square and rectangular games")
    args = ap.parse_args(argv)
    if args.fit:
        fit(save=args.save)
        return 0
    if args.refit:
        import json
        with open(args.refit) as f:
            fit_rows(json.load(f))
        return 0
    if args.check:
        check()
        return 0
    cfg = {"quick": False, "auto": {"sizes": [8, 10, 12, 13, 14, 15],
                                    "distributions": ["int-1000-1000", "int0-9"]},
           "seeds": [0, 1]}
    lines, goals = run(cfg, lambda s: print(s, file=sys.stderr, flush=True))
    print("\n".join(lines))
    for g in goals:
        print(f"  {g['target']:40} {g['verdict']:8} {g['why']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
