#!/usr/bin/env python
"""Side-by-side timings of gamesolver against the anchors (see benchmarks/README.md).

    python benchmarks/run.py [--quick] [--suite SUITE|all] [--seeds N]
                             [--json PATH] [--anchors KEY,...] [--sizes 8,10] ...

Suites: ``enumerate`` and ``lemke-howson`` (the first round's goals), then issue 12's
goals: ``lrsnash`` (1: enumeration against lrsnash), ``trees`` (2 and 3: raked Leduc
by the Lemke path, Leduc's LP against OpenSpiel), ``auto`` (4: the choice by predicted
cost), ``startup`` (5: the command's start) and ``scenarios`` (6: draws per second).
Benchmarks are not tests: this prints tables and returns 0 whatever the numbers.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
for _p in (HERE, ROOT):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import report  # noqa: E402
from anchors import METHODS, import_times, warm_up  # noqa: E402
from bench_games import DISTRIBUTIONS, make_game  # noqa: E402
from harness import JobResult, run_job  # noqa: E402

SUITES = ("enumerate", "lemke-howson", "lrsnash", "trees", "auto", "startup", "scenarios")
#: Suites run by the harness (forked, time-limited jobs on random bimatrix games).
HARNESS_SUITES = ("enumerate", "lemke-howson", "lrsnash")
#: The other suites: a module with ``run(cfg, log) -> (lines, goals)`` each.
CUSTOM_SUITES = {"trees": "trees", "auto": "auto_cost", "startup": "startup",
                 "scenarios": "scenario_draws"}

#: Sizes, distributions and run settings of the two modes.
CONFIG = {
    "full": {
        "enumerate": {"sizes": [8, 10], "distributions": ["int0-99", "int0-9"]},
        "lemke-howson": {"sizes": [200], "distributions": ["uniform", "int0-999"]},
        "lrsnash": {"sizes": [8, 10, 12, 14], "distributions": ["int-1000-1000", "int0-9"]},
        "auto": {"sizes": [8, 10, 12, 13, 14, 15], "distributions": ["int-1000-1000", "int0-9"]},
        "seeds": 3, "repeats": 5, "budget": 3.0, "timeout": 30.0,
        "tree_repeats": 7, "tree_limit": 120.0, "startup_runs": 9,
    },
    "quick": {
        "enumerate": {"sizes": [3], "distributions": ["int0-99", "int0-9"]},
        "lemke-howson": {"sizes": [5], "distributions": ["uniform", "int0-999"]},
        "lrsnash": {"sizes": [4], "distributions": ["int-1000-1000", "int0-9"]},
        "auto": {"sizes": [4, 6], "distributions": ["int-1000-1000", "int0-9"]},
        "seeds": 1, "repeats": 3, "budget": 0.2, "timeout": 5.0,
        "tree_repeats": 3, "tree_limit": 30.0, "startup_runs": 3,
    },
}


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="tiny games (3x3 enumerate, 5x5 Lemke-Howson, Kuhn poker), one seed: "
                        "a smoke run")
    p.add_argument("--suite", default="all",
                   help="one suite, several separated by commas, or all (default); suites: "
                        + ", ".join(SUITES))
    p.add_argument("--seeds", type=int, help="number of seeds per size and distribution "
                   "(default 3, or 1 with --quick)")
    p.add_argument("--seed-start", type=int, default=0, help="first seed (default 0)")
    p.add_argument("--sizes", help="comma-separated square sizes, replacing the suite's "
                   "defaults (e.g. 6,7)")
    p.add_argument("--repeats", type=int, help="most timed runs per method and game "
                   "(default 5; 3 with --quick)")
    p.add_argument("--budget", type=float, help="stop repeating once the runs of one job "
                   "used this many seconds (default 3)")
    p.add_argument("--timeout", type=float, help="time limit per run in seconds "
                   "(default 30; 5 with --quick); nashpy lemke_howson gets at most 10 s, "
                   "pygambit's exact enumeration (the goal's reference) at least 120 s")
    p.add_argument("--anchors", help="comma-separated method keys to run (default: all); "
                   "keys: " + ", ".join(m.key for m in METHODS))
    p.add_argument("--no-skip", action="store_true",
                   help="run methods also where they are skipped by default as too slow")
    p.add_argument("--json", metavar="PATH", help="also save the raw numbers as JSON")
    return p.parse_args(argv)


def settings(args) -> dict:
    cfg = CONFIG["quick" if args.quick else "full"]
    seeds = args.seeds if args.seeds is not None else cfg["seeds"]
    out = {
        "mode": "quick" if args.quick else "full",
        "quick": bool(args.quick),
        "suites": list(SUITES) if args.suite == "all" else args.suite.split(","),
        "seeds": list(range(args.seed_start, args.seed_start + seeds)),
        "repeats": args.repeats or cfg["repeats"],
        "budget": args.budget if args.budget is not None else cfg["budget"],
        "timeout": args.timeout if args.timeout is not None else cfg["timeout"],
        "no_skip": bool(args.no_skip),
        "tree_repeats": cfg["tree_repeats"], "tree_limit": cfg["tree_limit"],
        "startup_runs": cfg["startup_runs"],
    }
    for suite in HARNESS_SUITES + ("auto",):
        sc = dict(cfg[suite])
        if args.sizes:
            sc["sizes"] = [int(s) for s in args.sizes.split(",")]
        out[suite] = sc
    return out


def environment(imports: dict, warm: dict) -> dict:
    import subprocess
    versions = {"python": platform.python_version()}
    for mod in ("numpy", "nashpy", "pygambit", "quantecon"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:
            versions[mod] = "not installed"
    try:
        out = subprocess.run(["lrsnash", "/dev/null"], capture_output=True, text=True, timeout=10)
        first = (out.stdout + out.stderr).strip().splitlines()
        versions["lrsnash"] = first[0].lstrip("*").replace("lrsnash:", "") if first else "present"
    except (OSError, subprocess.SubprocessError):
        versions["lrsnash"] = "not on PATH"
    return {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}",
        "versions": versions,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg")
        else "",
        "import_seconds": imports,
        "warmup_seconds": warm,
    }


def run_suite(suite: str, cfg: dict, methods, unavailable: dict, log) -> list[dict]:
    """Run every selected method of ``suite`` on the suite's games; one record per job."""
    records = []
    timed_out: dict[tuple, int] = {}   # (method, size, distribution) -> seed that timed out
    for size in cfg[suite]["sizes"]:
        for dist in cfg[suite]["distributions"]:
            for seed in cfg["seeds"]:
                game = make_game(size, size, dist, seed)
                for meth in methods:
                    if meth.key in unavailable:
                        res = JobResult("unavailable", message=unavailable[meth.key])
                    elif not cfg["no_skip"] and meth.skip(game):
                        res = JobResult("skipped", message=meth.skip(game))
                    elif (meth.key, size, dist) in timed_out:
                        # enumeration times hardly vary between seeds: one timeout is enough
                        res = JobResult("skipped", message=(
                            f"it timed out on seed {timed_out[meth.key, size, dist]} "
                            "of this size and distribution"))
                    else:
                        timeout = cfg["timeout"]
                        if meth.max_timeout is not None:
                            timeout = min(timeout, meth.max_timeout)
                        if meth.min_timeout is not None and not cfg["quick"]:
                            timeout = max(timeout, meth.min_timeout)
                        res = run_job(meth, game, repeats=cfg["repeats"],
                                      budget=cfg["budget"], timeout=timeout)
                        res.info.setdefault("timeout", timeout)
                        if suite != "lemke-howson" and res.status == "timeout" and not res.times:
                            timed_out[meth.key, size, dist] = seed
                    med = f"{res.median:.4g} s" if res.median is not None else "-"
                    log(f"  {game.label:28} {meth.key:15} {res.status:8} {med} {res.message}")
                    records.append({"suite": suite, "game": game, "method": meth, "result": res})
    return records


def run_custom(suite: str, cfg: dict, log) -> tuple[list[str], list[dict]]:
    """Run one of the :data:`CUSTOM_SUITES`; a failure is reported, not raised."""
    import importlib
    try:
        return importlib.import_module(CUSTOM_SUITES[suite]).run(cfg, log)
    except Exception as err:          # a benchmark reports, it does not stop
        msg = f"{type(err).__name__}: {err}"
        return ["", f"== suite {suite}: FAILED ({msg})"], [
            {"suite": suite, "target": f"suite {suite}", "limit": None, "verdict": "error",
             "why": msg[:200]}]


def main(argv=None) -> int:
    args = parse_args(argv)
    cfg = settings(args)
    unknown_suites = [s for s in cfg["suites"] if s not in SUITES]
    if unknown_suites:
        print(f"run.py: unknown suite(s) {unknown_suites}; suites are {list(SUITES)}",
              file=sys.stderr)
        return 2
    log = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731  (progress, not results)
    wanted = set(args.anchors.split(",")) if args.anchors else None
    if wanted is not None:
        unknown = wanted - {m.key for m in METHODS}
        if unknown:
            print(f"run.py: unknown method key(s) {sorted(unknown)}; keys are "
                  f"{[m.key for m in METHODS]}", file=sys.stderr)
            return 2
    methods = [m for m in METHODS if m.suite in cfg["suites"]
               and (wanted is None or m.key in wanted or m.ours)]
    log("importing ...")
    imports = import_times(methods)
    unavailable = {m.key: r for m in methods if (r := m.unavailable(imports))}
    log("warming up QuantEcon's JIT ...")
    warm = warm_up([m for m in methods if m.key not in unavailable])
    env = environment(imports, warm)
    out_lines = report.header(cfg, env, DISTRIBUTIONS)
    print("\n".join(out_lines), flush=True)
    all_records, goals = [], []
    for suite in cfg["suites"]:
        log(f"suite {suite} ...")
        if suite in CUSTOM_SUITES:
            lines, suite_goals = run_custom(suite, cfg, log)
            print("\n".join(lines), flush=True)
            goals += suite_goals
            continue
        suite_methods = [m for m in methods if m.suite == suite]
        records = run_suite(suite, cfg, suite_methods, unavailable, log)
        rows = report.evaluate(suite, records)
        lines, suite_goals = report.suite_tables(suite, cfg, suite_methods, rows)
        print("\n".join(lines), flush=True)
        all_records += rows
        goals += suite_goals
    print("\n".join(report.goal_lines(goals)), flush=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"settings": cfg, "environment": env, "goals": goals,
                       "records": [report.json_record(r) for r in all_records]},
                      fh, indent=1, default=str)
        log(f"raw numbers saved to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
