"""The methods compared: gamesolver's own algorithms and the anchors.

Each :class:`Method` splits a run into three parts so that only the solver's
work is timed:

``build(game)``
    turn a :class:`~bench_games.BenchGame` into the library's own game object
    (untimed; its time is reported as "build").
``solve(obj)``
    the timed call.
``extract(raw, game)``
    turn the library's answer into a list of profiles ``(x, y)`` (lists of
    Fractions or floats) and a dict of remarks (untimed).

Imports are done once by :func:`import_times` before any timing, and
QuantEcon's numba functions are compiled by :func:`warm_up` (both reported
separately), so neither is in the solve times.
"""
from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

import numpy as np

__all__ = ["Method", "METHODS", "import_times", "warm_up", "parse_lrsnash", "write_lrs_input"]

#: nashpy's vertex enumeration took ~38 s on one 10x10 game on this machine.
NASHPY_VERTEX_MAX = 8


@dataclass(frozen=True)
class Method:
    key: str
    label: str
    suite: str                      # "enumerate", "lrsnash" or "lemke-howson"
    exact: bool                     # answers are exact rationals
    modules: tuple[str, ...]        # imported (and timed) before any run
    build: Callable[[Any], Any]
    solve: Callable[[Any], Any]
    extract: Callable[[Any, Any], tuple[list, dict]]
    ours: bool = False
    fresh_build: bool = False       # build a new object before every timed run
    skip: Callable[[Any], str | None] = field(default=lambda g: None)
    max_timeout: float | None = None   # cap on --timeout (methods known to loop)
    min_timeout: float | None = None   # floor under --timeout (the goals' reference)
    needs_binary: str | None = None
    cleanup: Callable[[Any], None] | None = None   # after the runs, e.g. remove a file

    def unavailable(self, imports: dict) -> str | None:
        """None when the method can run here, else the reason it cannot.

        ``imports`` is the result of :func:`import_times` (a float per module that
        imported, an error message per module that did not)."""
        if self.needs_binary and shutil.which(self.needs_binary) is None:
            return f"not available: `{self.needs_binary}` is not on the PATH (Debian package lrslib)"
        for mod in self.modules:
            status = imports.get(mod)
            if isinstance(status, str):
                return f"not available ({status})"
        return None


# ---------------------------------------------------------------------- helpers
def _fractions(values) -> list[Fraction]:
    return [Fraction(int(v.numerator), int(v.denominator)) for v in values]


def _floats(values) -> list[float]:
    return [float(v) for v in np.asarray(values, dtype=float)]


def _pairs_float(pairs) -> list:
    return [(_floats(x), _floats(y)) for x, y in pairs]


# ---------------------------------------------------------------------- ours
def _ours_build(g):
    from solver.forms.normal.game import NormalFormGame
    A, B = g.matrices()
    return NormalFormGame.from_matrices(A, B)


def _ours_extract(sol, g):
    profiles = [tuple(list(p) for p in e.probabilities) for e in sol.equilibria]
    info = {"exact": bool(sol.exact), "complete": bool(sol.complete),
            "degenerate": sol.degenerate}
    return profiles, info


def _ours_enumerate(game):
    # what solve(game, "enumerate") runs: the batched modular search, which hands games
    # below 7x7 to the classic one (solver.algorithms.enumeration)
    from solver.algorithms.modular_enumeration import modular_enumeration
    return modular_enumeration(game)


def _ours_lemke_howson(game):
    from solver.algorithms.lemke_howson import lemke_howson
    return lemke_howson(game)


# ---------------------------------------------------------------------- pygambit
def _gambit_build(g):
    import pygambit as gbt
    A, B = g.matrices()
    return gbt.Game.from_arrays(A, B)


def _gambit_extract(res, g):
    exact = bool(res.rational)
    game = res.game
    profiles = []
    for eq in res.equilibria:
        prof = []
        for player in game.players:
            vals = [eq[s] for s in player.strategies]
            prof.append(_fractions(vals) if exact else [float(v) for v in vals])
        profiles.append(tuple(prof))
    return profiles, {}


def _gambit_solve(rational: bool):
    def solve(game):
        import pygambit as gbt
        return gbt.nash.enummixed_solve(game, rational=rational)
    return solve


# ---------------------------------------------------------------------- nashpy
def _nashpy_build(g):
    import nashpy
    return nashpy.Game(g.A, g.B)


def _nashpy_list(raw, g):
    return _pairs_float(raw), {}


def _nashpy_vertex_skip(g):
    if max(g.m, g.n) > NASHPY_VERTEX_MAX:
        return (f"skipped above {NASHPY_VERTEX_MAX}x{NASHPY_VERTEX_MAX}: it took ~38 s on one "
                "10x10 game here (use --no-skip to run it anyway)")
    return None


def _nashpy_lh_extract(raw, g):
    x, y = raw
    return [(_floats(x), _floats(y))], {}


# ---------------------------------------------------------------------- QuantEcon
def _qe_build(g):
    from quantecon.game_theory import NormalFormGame
    # QuantEcon's constructor takes the payoff profile array, shape (m, n, 2).
    return NormalFormGame(np.stack([g.A, g.B], axis=-1).astype(float))


def _qe_lh_extract(raw, g):
    (x, y), res = raw
    return [(_floats(x), _floats(y))], {"converged": bool(res.converged),
                                        "num_iter": int(res.num_iter)}


# ---------------------------------------------------------------------- lrsnash
def write_lrs_input(A, B) -> str:
    """A temporary file holding the game ``(A, B)`` (integer matrices) in lrsnash's
    input format; the caller removes it."""
    m, n = len(A), len(A[0])
    lines = [f"{m} {n}", ""]
    lines += [" ".join(str(v) for v in row) for row in A] + [""]
    lines += [" ".join(str(v) for v in row) for row in B] + [""]
    fd, path = tempfile.mkstemp(prefix="bench_lrsnash_", suffix=".txt")
    with os.fdopen(fd, "w") as fh:
        fh.write("\n".join(lines))
    return path


def _lrs_build(g):
    return write_lrs_input(*g.matrices())


def _lrs_solve(path):
    out = subprocess.run(["lrsnash", path], capture_output=True, text=True, timeout=3600)
    if out.returncode != 0:
        raise RuntimeError(f"lrsnash exited with {out.returncode}: {out.stderr.strip()[:200]}")
    return out.stdout


def parse_lrsnash(text: str, m: int, n: int) -> list[tuple[list[Fraction], list[Fraction]]]:
    """Equilibria from lrsnash's output.

    The output comes in blocks separated by blank lines.  A line ``2 y_1 .. y_n v``
    is a mixed strategy of player 2 (then player 1's payoff); ``1 x_1 .. x_m v`` one
    of player 1.  In a degenerate game a block lists several strategies of one
    player: every pairing of a player-1 line with a player-2 line of the same
    block is an (extreme) equilibrium.  Lines starting with ``*`` are comments.
    """
    blocks, xs, ys = [], [], []
    for line in text.splitlines() + [""]:
        parts = line.split()
        if not parts:
            if xs or ys:
                blocks.append((xs, ys))
            xs, ys = [], []
            continue
        if parts[0] == "1" and len(parts) == m + 2:
            xs.append([Fraction(p) for p in parts[1:m + 1]])
        elif parts[0] == "2" and len(parts) == n + 2:
            ys.append([Fraction(p) for p in parts[1:n + 1]])
    return [(x, y) for bx, by in blocks for x in bx for y in by]


# ---------------------------------------------------------------------- the table
METHODS: tuple[Method, ...] = (
    # suite "enumerate": all equilibria
    Method("ours", "ours enumerate", "enumerate", True,
           ("solver.algorithms.modular_enumeration", "solver.algorithms.vertex_search", "flint"), _ours_build, _ours_enumerate, _ours_extract,
           ours=True, fresh_build=True),
    Method("gambit-exact", "pygambit enummixed rational", "enumerate", True,
           ("pygambit",), _gambit_build, _gambit_solve(True), _gambit_extract,
           min_timeout=120.0),
    Method("gambit-float", "pygambit enummixed float", "enumerate", False,
           ("pygambit",), _gambit_build, _gambit_solve(False), _gambit_extract),
    Method("lrsnash", "lrsnash (lrslib, GMP)", "enumerate", True,
           (), _lrs_build, _lrs_solve, lambda raw, g: (parse_lrsnash(raw, g.m, g.n), {}),
           needs_binary="lrsnash", cleanup=os.unlink),
    Method("nashpy-support", "nashpy support_enumeration", "enumerate", False,
           ("nashpy",), _nashpy_build, lambda G: list(G.support_enumeration()), _nashpy_list),
    Method("nashpy-vertex", "nashpy vertex_enumeration", "enumerate", False,
           ("nashpy",), _nashpy_build, lambda G: list(G.vertex_enumeration()), _nashpy_list,
           skip=_nashpy_vertex_skip),
    Method("qe-support", "QuantEcon support_enumeration", "enumerate", False,
           ("quantecon.game_theory",), _qe_build,
           lambda G: __import__("quantecon.game_theory", fromlist=["x"]).support_enumeration(G),
           _nashpy_list),
    Method("qe-vertex", "QuantEcon vertex_enumeration", "enumerate", False,
           ("quantecon.game_theory",), _qe_build,
           lambda G: __import__("quantecon.game_theory", fromlist=["x"]).vertex_enumeration(G),
           _nashpy_list),
    # suite "lrsnash": all equilibria, ours against lrsnash alone (issue 12, goal 1)
    Method("ours-lrs", "ours enumerate", "lrsnash", True,
           ("solver.algorithms.modular_enumeration", "solver.algorithms.vertex_search", "flint"), _ours_build, _ours_enumerate, _ours_extract,
           ours=True, fresh_build=True, min_timeout=120.0),
    Method("lrsnash-lrs", "lrsnash (lrslib, GMP)", "lrsnash", True,
           (), _lrs_build, _lrs_solve, lambda raw, g: (parse_lrsnash(raw, g.m, g.n), {}),
           needs_binary="lrsnash", cleanup=os.unlink, min_timeout=120.0),
    # suite "lemke-howson": one equilibrium
    Method("ours-lh", "ours lemke_howson", "lemke-howson", True,
           ("solver.algorithms.lemke_howson",), _ours_build, _ours_lemke_howson, _ours_extract,
           ours=True, fresh_build=True),
    Method("qe-lh", "QuantEcon lemke_howson", "lemke-howson", False,
           ("quantecon.game_theory",), _qe_build,
           lambda G: __import__("quantecon.game_theory", fromlist=["x"]).lemke_howson(
               G, full_output=True),
           _qe_lh_extract),
    Method("nashpy-lh", "nashpy lemke_howson", "lemke-howson", False,
           ("nashpy",), _nashpy_build, lambda G: G.lemke_howson(initial_dropped_label=0),
           _nashpy_lh_extract, max_timeout=10.0),
)


def import_times(methods) -> dict[str, float | str]:
    """Import each module the methods need, once, and time it (seconds)."""
    import numpy  # noqa: F401  (everyone needs it; not charged to anyone)
    out: dict[str, float | str] = {}
    for meth in methods:
        for mod in meth.modules:
            if mod in out:
                continue
            t0 = time.perf_counter()
            already = mod in sys.modules
            try:
                importlib.import_module(mod)
                out[mod] = 0.0 if already else time.perf_counter() - t0
            except Exception as exc:  # missing, or present but broken
                out[mod] = f"{type(exc).__name__}: {exc}"
    return out


def warm_up(methods) -> dict[str, float]:
    """Compile QuantEcon's numba functions on a 2x2 float game; seconds per method."""
    out = {}
    tiny = np.array([[[3.0, 2.0], [0.0, 1.0]], [[1.0, 0.0], [2.0, 3.0]]])
    for meth in methods:
        if not meth.key.startswith("qe-"):
            continue
        from quantecon.game_theory import NormalFormGame
        t0 = time.perf_counter()
        meth.solve(NormalFormGame(tiny))
        out[meth.key] = time.perf_counter() - t0
    return out
