"""The command starts at once on concrete games: it imports what a command needs.

sympy (about half a second to import) is needed only by parametric games and the
symbolic analyses, nashpy by nothing the command runs.  These tests check, in a fresh
interpreter, which modules ``gamesolver list``, ``solve``, ``show`` and ``explain`` on concrete
catalogue games leave in ``sys.modules``: a functional check, not a timing.  The
timing against ``python -c "import numpy"`` is in ``benchmarks/run.py`` (goal 5).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

HEAVY = ("sympy", "nashpy", "matplotlib", "pygambit")

#: Run some commands in one fresh interpreter; print their exit codes and which of
#: HEAVY got imported, as JSON.
PROGRAM = """
import contextlib, io, json, sys
from solver.cli import main
codes = []
for argv in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        codes.append(main(argv))
    codes.append(len(out.getvalue().splitlines()))
print(json.dumps({"codes": codes,
                  "loaded": [m for m in json.loads(sys.argv[2]) if m in sys.modules]}))
"""


def _run(commands):
    proc = subprocess.run([sys.executable, "-c", PROGRAM, json.dumps(commands),
                           json.dumps(HEAVY)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_list_and_solve_prisoners_dilemma_import_neither_sympy_nor_nashpy():
    res = _run([["list"], ["solve", "prisoners-dilemma"]])
    codes, lines = res["codes"][0::2], res["codes"][1::2]
    assert codes == [0, 0]
    assert lines[0] >= 20 and lines[1] >= 2          # the catalogue listed, an answer printed
    assert res["loaded"] == []


def test_show_and_json_on_concrete_games_stay_light():
    res = _run([["show", "prisoners-dilemma"], ["show", "kuhn-poker"],
                ["solve", "battle-of-the-sexes", "--format", "json"],
                ["show", "prisoners-dilemma", "--format", "latex"]])
    assert res["codes"][0::2] == [0, 0, 0, 0]
    assert res["loaded"] == []


def test_explain_on_concrete_games_stays_light():
    """The explanation's symbolic parts (decisive expressions, flips, risk-dominance
    flips) are for parametric games; on tables and trees of numbers nothing imports sympy."""
    res = _run([["explain", "prisoners-dilemma"], ["explain", "stag-hunt"],
                ["explain", "entry-deterrence"], ["explain", "beer-quiche"],
                ["explain", "centipede", "--format", "json"]])
    codes, lines = res["codes"][0::2], res["codes"][1::2]
    assert codes == [0, 0, 0, 0, 0]
    assert min(lines[:4]) >= 3 and lines[4] == 1     # four explanations, one JSON line
    assert res["loaded"] == []


def test_the_check_can_fail():
    """A parametric game does need sympy, and the same check sees it."""
    res = _run([["solve", "hawk-dove"]])
    assert res["codes"][0] == 0
    assert res["loaded"] == ["sympy"]
    res = _run([["explain", "diplomatic-victory"]])
    assert res["codes"][0] == 0
    assert res["loaded"] == ["sympy"]
