"""A few bytes cannot stop the package: numbers and expressions are read within bounds.

Each input below used to run for minutes or never return (``1e99999999`` builds a
Fraction of 10^99999999; ``9**9**9`` made sympy evaluate a tower).  Now each ends at
once in one GameError that names the place.  The bounds are in
:mod:`solver.numbers` (``MAX_DIGITS``, ``MAX_EXPONENT``, ``MAX_POWER``).
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from solver.errors import GameError, ParseError
from solver.numbers import MAX_DIGITS, MAX_EXPONENT, read_number, to_number


@pytest.mark.parametrize("text, words", [
    ("1e99999999", "exponent"), ("-1E-99999999", "exponent"), ("1" * (MAX_DIGITS + 1), "digits"),
    ("9**9**9", "powers"), ("2**x", "powers"), ("(10**64)**64", "powers"),
    ("2**(1/2)", "powers"), ("1/0", "divides by zero"),
])
def test_hostile_values_are_refused_at_once(text, words):
    with pytest.raises(GameError, match=words):
        to_number(text, "payoff of Row at (C, D)")


def test_numbers_within_the_bounds_are_exact():
    assert read_number(f"1e{MAX_EXPONENT}") == 10 ** MAX_EXPONENT
    assert read_number("1.5e-3") == read_number("3/2000")
    assert to_number("2^10") == 1024 and to_number("(1/2)**3") == to_number("1/8")
    assert str(to_number("x**2 - 1")) == "x**2 - 1"


def _command(*args, stdin=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "solver", *args], capture_output=True, text=True,
                          timeout=timeout, input=stdin)


@pytest.mark.parametrize("args", [
    ["solve", "diplomatic-victory", "--param", "kappa=1e99999999"],
    ["thresholds", "diplomatic-victory", "s", "--to", "1e99999999"],
])
def test_the_command_refuses_huge_numbers_in_one_line(args):
    run = _command(*args)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "exponent" in run.stderr


@pytest.mark.parametrize("payoff", ["1e99999999", "9**9**9"])
def test_files_with_hostile_payoffs(tmp_path, payoff):
    game = {"form": "normal", "players": ["A", "B"], "parameters": {},
            "payoffs": [[[payoff, "0"], ["0", "1"]], [["1", "0"], ["0", "1"]]]}
    path = tmp_path / "g.json"
    path.write_text(json.dumps(game))
    run = _command("solve", str(path))
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    nfg = tmp_path / "g.nfg"
    nfg.write_text('NFG 1 R "t" { "A" "B" } { 2 2 }\n1e99999999 0 0 1 0 0 1 1\n')
    with pytest.raises(ParseError, match="exponent") as err:
        from solver.io.files import load
        load(nfg)
    assert err.value.line == 2
