"""Suite ``startup``: how fast the command starts (issue 12, goal 5).

Each command runs in a fresh interpreter (``python -m solver ...``, the same code as
the ``gamesolver`` script), interleaved with the baseline ``python -c "import
numpy"``, and the median wall time of ``runs`` runs is compared with the baseline's.
Goal: at most 2x for commands on concrete catalogue games.  Bytecode is cached as in
an installed package (``PYTHONDONTWRITEBYTECODE`` is unset for the runs and
``PYTHONPYCACHEPREFIX`` points to a temporary directory warmed by one run of each),
so the times are imports and work, not compilation.  The largest imports of ``solve
prisoners-dilemma`` are listed from ``python -X importtime``.
"""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

__all__ = ["run", "COMMANDS"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: The commands timed: (label, arguments of ``python -m solver``, under the goal?).
COMMANDS = (
    ("list", ["list"], True),
    ("solve prisoners-dilemma", ["solve", "prisoners-dilemma"], True),
    ("show prisoners-dilemma", ["show", "prisoners-dilemma"], True),
    ("solve kuhn-poker (needs scipy's LP)", ["solve", "kuhn-poker"], False),
    ("explain prisoners-dilemma", ["explain", "prisoners-dilemma"], True),
    ("solve diplomatic-victory (parametric)", ["solve", "diplomatic-victory"], False),
)


def _env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="gamesolver_pyc_")
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _time(argv, env) -> float:
    t = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, env=env, cwd=ROOT, timeout=120)
    dt = time.perf_counter() - t
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[1:])} exited with {out.returncode}: "
                           f"{out.stderr.decode()[-300:]}")
    return dt


def largest_imports(env, args, top: int = 6) -> list[tuple[str, float]]:
    """The top-level imports of a command by cumulative time (``-X importtime``)."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "solver", *args],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    found = []
    for line in out.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if m and not m.group(2).startswith(" "):
            found.append((m.group(2).strip(), int(m.group(1)) / 1e6))
    return sorted(found, key=lambda x: -x[1])[:top]


def run(cfg: dict, log) -> tuple[list[str], list[dict]]:
    runs = 3 if cfg["quick"] else cfg["startup_runs"]
    env = _env()
    base = [sys.executable, "-c", "import numpy"]
    argvs = {label: [sys.executable, "-m", "solver", *args] for label, args, _ in COMMANDS}
    log(f"  startup: {len(COMMANDS)} commands and the baseline, {runs} runs each ...")
    for argv in [base, *argvs.values()]:            # warm the bytecode cache
        _time(argv, env)
    times = {label: [] for label in ["baseline", *argvs]}
    for _ in range(runs):
        times["baseline"].append(_time(base, env))
        for label, argv in argvs.items():
            times[label].append(_time(argv, env))
    b = statistics.median(times["baseline"])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = ["", f"== suite startup: the command in a fresh interpreter (median of {runs} "
             f"runs, interleaved; load average {load:.2f})",
             f"  python -c \"import numpy\" (baseline): {b * 1e3:7.1f} ms"]
    goals = []
    for label, _, under_goal in COMMANDS:
        t = statistics.median(times[label])
        r = t / b
        lines.append(f"  gamesolver {label:38} {t * 1e3:7.1f} ms  {r:5.2f}x baseline")
        if under_goal:
            goals.append({"suite": "startup", "target": f"{label} <= 2x import numpy",
                          "limit": 2.0, "ratio": r, "verdict": "PASS" if r <= 2.0 else "FAIL",
                          "why": f"{r:.2f}x ({t * 1e3:.0f} ms against {b * 1e3:.0f} ms)"})
    top = largest_imports(env, ["solve", "prisoners-dilemma"])
    lines.append("  largest imports of `solve prisoners-dilemma` (python -X importtime, "
                 "cumulative): " + ", ".join(f"{name} {sec * 1e3:.0f} ms" for name, sec in top))
    return lines, goals
