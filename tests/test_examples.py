"""Every script in examples/ runs cleanly and prints something (DESIGN.md: "Every
example script ... run[s] in the tests").

The scripts are found by globbing the folder, so a new example is tested without
editing this file.  Each runs in its own interpreter (``sys.executable``), from the
repository root, with a non-interactive matplotlib backend.  A script that takes
more than about 10 s belongs in :data:`SLOW` (run with ``-m slow``).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))

#: File names of example scripts that take more than ~10 s.
SLOW: frozenset[str] = frozenset()

#: Seconds before a script counts as hung.
TIMEOUT = 300


def test_there_are_examples():
    assert len(EXAMPLES) >= 3
    names = {p.name for p in EXAMPLES}
    assert {"escalation_chicken.py", "security_dilemma.py", "western_policy_mix.py"} <= names


@pytest.mark.parametrize(
    "script",
    [pytest.param(p, id=p.name, marks=[pytest.mark.slow] if p.name in SLOW else [])
     for p in EXAMPLES])
def test_example_runs(script: Path):
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=str(ROOT) + os.pathsep
               + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT)
    assert done.returncode == 0, (f"{script.name} exited with {done.returncode}:\n"
                                  f"{done.stderr[-3000:]}")
    assert done.stdout.strip(), f"{script.name} printed nothing"
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
