"""docs/command.md documents every command and every method name.

Its examples are run by tests/test_tutorials.py (same convention as the tutorials);
this checks that the page keeps up with the parser and with :data:`solver.solve.METHODS`.
"""
from __future__ import annotations

import re
from pathlib import Path

from solver.cli import build_parser
from solver.solve import METHODS

PAGE = (Path(__file__).resolve().parent.parent / "docs" / "command.md").read_text()


def _commands() -> list[str]:
    """The commands ``gamesolver --help`` lists (a name indented by four spaces)."""
    text = build_parser().format_help()
    return sorted(set(re.findall(r"^    ([a-z]+)\b", text, re.M)))


def test_every_command_has_a_row_in_the_table():
    names = _commands()
    assert len(names) >= 17 and {"solve", "explain", "list"} <= set(names)
    rows = set(re.findall(r"^\| `([a-z-]+)", PAGE, re.M))
    assert set(names) <= rows, sorted(set(names) - rows)
    assert rows <= set(names), sorted(rows - set(names))       # no row for a command that is gone


def test_every_method_is_named():
    assert len(METHODS) >= 10
    missing = [m for m in METHODS if f"`{m}`" not in PAGE]
    assert missing == []


def test_the_exit_statuses_are_the_ones_main_uses():
    assert [int(s) for s in re.findall(r"^- \*\*(\d+)\*\*", PAGE, re.M)] == [0, 2, 1, 130]
