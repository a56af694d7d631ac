"""Smoke test of the benchmark harness (benchmarks/run.py), so that it cannot rot.

Benchmarks are not tests: this only checks that ``run.py --quick`` (3x3 to 6x6 games,
one seed, Kuhn poker) runs end to end, prints its suites and the goal lines, saves its
JSON, and that the answers it collected agree where they must.  No timing is
asserted.  Anchors that are not installed are reported as "not available" and
skipped.  The ``startup`` suite starts the command a few dozen times, so it runs only
with the slow tests (``pytest -m slow``).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "benchmarks")
KEYS = ("ours", "gambit-exact", "gambit-float", "lrsnash", "nashpy-support", "nashpy-vertex",
        "qe-vertex", "ours-lh", "qe-lh", "nashpy-lh", "ours-lrs", "lrsnash-lrs")
#: Every suite but ``startup`` (see the module docstring).
SUITES = "enumerate,lemke-howson,lrsnash,trees,auto,scenarios"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    proc = subprocess.run(
        # every method but QuantEcon's support_enumeration, whose JIT compilation alone
        # takes ~3 s (its adapter is the one qe-vertex uses)
        [sys.executable, os.path.join(BENCH, "run.py"), "--quick", "--seeds", "1",
         "--anchors", ",".join(KEYS), "--suite", SUITES, "--json", str(out)],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, json.loads(out.read_text())


def test_quick_run_prints_both_suites_and_goals(quick_run):
    stdout, _ = quick_run
    for suite in SUITES.split(","):
        assert f"== suite {suite}" in stdout, suite
    assert "FAILED" not in stdout                 # no suite crashed
    assert "== goals" in stdout
    assert "3x3, payoffs int0-99" in stdout and "3x3, payoffs int0-9," in stdout
    assert "ours / anchor" in stdout


def test_quick_run_records_are_sane(quick_run):
    _, data = quick_run
    records = data["records"]
    # 2 distributions x 1 seed per suite, every selected method once per game
    suites = {r["suite"] for r in records}
    assert suites == {"enumerate", "lemke-howson", "lrsnash"}
    assert data["settings"]["seeds"] == [0]
    for r in records:
        assert r["status"] in {"ok", "unavailable", "skipped", "timeout", "error"}, r
        if r["status"] == "ok":
            assert r["median"] is not None and r["median"] > 0, r
            assert r["found"] >= 1, r            # every finite 2-player game has one
    ours = [r for r in records if r["ours"]]
    assert len(ours) == 6                        # 3 suites x 2 distributions
    for r in ours:
        assert r["status"] in {"ok", "unavailable"}, r
        if r["status"] == "ok":
            assert r["not_ne"] == 0, r           # ours certifies every answer


def test_exact_anchors_agree_with_ours(quick_run):
    """Where ours and an exact, complete anchor both ran, the sets must agree."""
    _, data = quick_run
    for r in data["records"]:
        if r["key"] in ("gambit-exact", "lrsnash", "lrsnash-lrs") and r["status"] == "ok" \
                and r.get("reference") in ("ours", "ours-lrs"):
            assert r["matched"] == r["ref_count"] and r["extra"] == 0, r
            assert r["not_ne"] == 0, r


def test_issue_12_goals_are_printed_and_every_tree_answer_certified(quick_run):
    stdout, data = quick_run
    goals = {(g["suite"], g.get("target", "")): g for g in data["goals"]}
    suites = {suite for suite, _ in goals}
    assert {"lrsnash", "trees", "auto", "scenarios"} <= suites
    trees = [g for (suite, _), g in goals.items() if suite == "trees"]
    assert len(trees) == 2
    assert "NOT CERTIFIED" not in stdout
    assert stdout.count("certified (regret 0)") == 2      # the LP and the raked tree
    auto = [g for (suite, _), g in goals.items() if suite == "auto"]
    assert len(auto) == 2
    assert all(g["verdict"] in ("PASS", "FAIL", "not evaluated") for g in auto)


@pytest.mark.slow
def test_startup_suite_runs():
    proc = subprocess.run([sys.executable, os.path.join(BENCH, "run.py"), "--quick",
                           "--suite", "startup"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "== suite startup" in proc.stdout and "x baseline" in proc.stdout
    assert proc.stdout.count("<= 2x import numpy") == 4


def test_parse_lrsnash_reads_blocks_and_degenerate_pairs():
    sys.path.insert(0, BENCH)
    try:
        from anchors import parse_lrsnash
    finally:
        sys.path.remove(BENCH)
    # the 3x2 example of `man lrsnash`, and a degenerate block (two y's, one x)
    text = """*lrsnash:lrslib v.7.1
2  1/3  2/3  4
1  2/3  1/3  0  2/3

2  2/3  1/3  3
1  0  1/3  2/3  8/3

2  1  0  3
1  0  0  1  4

*Number of equilibria found: 3
"""
    eqs = parse_lrsnash(text, 3, 2)
    assert len(eqs) == 3
    assert eqs[0] == ([Fraction(2, 3), Fraction(1, 3), 0], [Fraction(1, 3), Fraction(2, 3)])
    degenerate = "2  1  0  1\n2  0  1  1\n1  1  0  1\n\n"
    eqs = parse_lrsnash(degenerate, 2, 2)
    assert len(eqs) == 2
    assert eqs[1] == ([1, 0], [0, 1])
