"""Suite ``scenarios``: solving the headline scenario tree draw after draw (issue 12, goal 6).

Sweeps and uncertainty runs solve one small tree per parameter draw; the time of one
exact solve bounds them.  Measured on ``games.get("diplomatic-victory")`` with the
parameter draws of the uncertainty command (``kappa=uniform:0.3:0.9``,
``p=beta:6:4``):

* **per-draw exact solves**: :func:`solver.analysis.uncertainty.uncertainty` with
  ``shortcut=False``, so every draw is substituted into the tree, solved (subgame
  decomposition) and certified;
* **one concrete tree**: the tree at its defaults solved by
  :func:`solver.solve.solve` again and again (certified each time);
* **with the regime shortcut** (the default of ``uncertainty``), for comparison.

Draws per second are printed (median of ``repeats`` runs, CPU time of this process
beside the wall time); the issue's starting point was about 3 ms per draw (about 330
draws per second).  The goal is qualitative (remove the per-solve overhead that is
not the algorithm), so the line reports rather than judges.
"""
from __future__ import annotations

import os
import statistics
import time

__all__ = ["run", "DISTRIBUTIONS"]

#: The uncertainty command's example draws for the headline game.
DISTRIBUTIONS = ["kappa=uniform:0.3:0.9", "p=beta:6:4"]


def _rate(fn, n: int, repeats: int):
    walls, cpus, res = [], [], None
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        res = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return n / statistics.median(walls), n / statistics.median(cpus), res


def run(cfg: dict, log) -> tuple[list[str], list[dict]]:
    import games
    from solver.analysis.uncertainty import uncertainty
    from solver.solve import solve
    quick = cfg["quick"]
    n = 40 if quick else 1000
    repeats = 2 if quick else 3
    game = games.get("diplomatic-victory")
    log(f"  scenarios: {n} per-draw exact solves of diplomatic-victory, {repeats} times ...")
    uncertainty(game, DISTRIBUTIONS, samples=20, seed=2, shortcut=False)     # warm-up
    per_draw, per_draw_cpu, res = _rate(
        lambda: uncertainty(game, DISTRIBUTIONS, samples=n, seed=1, shortcut=False), n, repeats)
    concrete = game.substitute(defaults=True)
    k = 50 if quick else 500

    def solve_many():
        sols = [solve(concrete) for _ in range(k)]
        assert all(s.equilibria and all(e.regret == (0, 0) for e in s.equilibria) for s in sols)
        return sols[-1]
    one, one_cpu, sol = _rate(solve_many, k, repeats)
    m = 2000 if quick else 20000
    shortcut, shortcut_cpu, fast = _rate(
        lambda: uncertainty(game, DISTRIBUTIONS, samples=m, seed=1), m, 1)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = ["", f"== suite scenarios: the headline tree diplomatic-victory ({game.n_nodes} "
             f"nodes), draws per second (load average {load:.2f})",
             f"  per-draw exact solves (uncertainty, shortcut=False), {n} draws: "
             f"{per_draw:8.0f} draws/s  ({1e3 / per_draw:.2f} ms per draw; CPU here "
             f"{per_draw_cpu:.0f}/s); {res.exact_solves} exact solves",
             f"  solve() of the tree at its defaults, {k} times:                "
             f"{one:8.0f} solves/s ({1e3 / one:.2f} ms each; every equilibrium certified, "
             f"method {sol.method})",
             f"  with the regime shortcut (uncertainty's default), {m} draws:     "
             f"{shortcut:8.0f} draws/s ({fast.exact_solves} exact solves)"]
    goals = [{"suite": "scenarios", "target": "per-draw exact solves (reported)", "limit": None,
              "ratio": per_draw, "verdict": "REPORTED",
              "why": f"{per_draw:.0f} draws/s, {1e3 / per_draw:.2f} ms per draw (the issue's "
                     f"starting point: about 3 ms)"}]
    return lines, goals
