"""Progress bars on long computations (solver.progress), drawn only on a terminal."""
from __future__ import annotations

import io

import numpy as np

import solver
from solver.progress import TerminalBar, advance, listening


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nobody_listens_by_default_and_listeners_nest():
    outer, inner = [], []
    advance(1, 2, "cases")
    with listening(lambda *a: outer.append(a)):
        advance(1, 2, "cases")
        with listening(lambda *a: inner.append(a)):
            advance(2, 2, "cases")
        advance(2, 2, "cases")
    assert outer == [(1, 2, "cases"), (2, 2, "cases")]
    assert inner == [(2, 2, "cases")]


def test_the_bar_draws_after_its_delay_and_erases_itself():
    stream = Terminal()
    bar = TerminalBar(stream, delay=0.0)
    bar(1, 4, "supports")
    assert "25.0% of 4 supports" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r\033[K")
    quiet = Terminal()
    slow = TerminalBar(quiet, delay=3600.0)
    slow(1, 4, "supports")
    slow.close()
    assert quiet.getvalue() == ""


def test_enumeration_reports_its_progress():
    rng = np.random.default_rng(3)
    g = solver.NormalFormGame.from_matrices(rng.integers(0, 9, (5, 5)), rng.integers(0, 9, (5, 5)))
    seen = []
    with listening(lambda done, total, what: seen.append((done, total, what))):
        solver.solve(g, "enumerate")
    assert len(seen) >= 1
    assert all(0 <= done <= total for done, total, _ in seen)
    larger = solver.NormalFormGame.from_matrices(rng.integers(0, 9, (9, 9)),
                                                 rng.integers(0, 9, (9, 9)))
    seen.clear()
    with listening(lambda done, total, what: seen.append((done, total, what))):
        solver.solve(larger, "enumerate")          # the batched search of larger games
    assert len(seen) >= 1 and any("bases" in what for _, _, what in seen)
    three = solver.NormalFormGame(rng.integers(0, 5, (3, 2, 2, 2)))
    seen.clear()
    with listening(lambda done, total, what: seen.append((done, total, what))):
        solver.solve(three, "enumerate")
    assert len(seen) >= 1 and seen[-1][0] == seen[-1][1]


def test_the_command_draws_no_bar_when_stderr_is_not_a_terminal(capsys):
    from solver.cli import main
    assert main(["solve", "prisoners-dilemma"]) == 0
    assert capsys.readouterr().err == ""
