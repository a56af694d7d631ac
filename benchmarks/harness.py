"""Timing in a child process with a time limit, and checking the answers.

Every (method, game) job runs in a forked child, so a method that loops or
overflows is stopped at the time limit without stopping the benchmark.  The
child inherits the parent's imports and QuantEcon's compiled code, so neither
is timed.  It builds the method's game object (timed separately), then calls
the solver up to ``repeats`` times, stopping early once the runs so far have
used ``budget`` seconds; the reported time is the median of the runs made.
The answer of the first run is sent back and checked here: every profile's
regret is computed from the payoff matrices, exactly when the profile is made
of fractions, in floating point otherwise.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import statistics
import time
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["JobResult", "run_job", "profile_regret", "match_profiles", "count_duplicates",
           "FLOAT_TOL", "MATCH_TOL"]

#: A float answer counts as an equilibrium when its regret is at most
#: FLOAT_TOL times the payoff range and its probabilities are within FLOAT_TOL of
#: a distribution.
FLOAT_TOL = 1e-8
#: Two profiles are "the same equilibrium" when no probability differs by more.
MATCH_TOL = 1e-6


@dataclass
class JobResult:
    status: str                       # ok | timeout | error | skipped | unavailable
    times: list[float] = field(default_factory=list)
    build_time: float | None = None
    profiles: list | None = None
    info: dict = field(default_factory=dict)
    message: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def _child(conn, method, game, repeats: int, budget: float) -> None:
    os.setpgrp()                      # so the parent can stop us with any helper we spawn
    warnings.simplefilter("ignore")
    obj = None
    try:
        t0 = time.perf_counter()
        obj = method.build(game)
        conn.send(("built", time.perf_counter() - t0))
        used = 0.0
        for k in range(repeats):
            if k > 0 and method.fresh_build:
                if method.cleanup:
                    method.cleanup(obj)
                obj = method.build(game)
            t0 = time.perf_counter()
            raw = method.solve(obj)
            dt = time.perf_counter() - t0
            if k == 0:
                profiles, info = method.extract(raw, game)
                conn.send(("run", dt, profiles, info))
            else:
                conn.send(("run", dt, None, None))
            used += dt
            if used + dt > budget:
                break
        if method.cleanup:
            method.cleanup(obj)
        obj = None
        conn.send(("done",))
    except BaseException as exc:      # report everything, including overflow loops' errors
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        if obj is not None and method.cleanup:
            try:
                method.cleanup(obj)
            except OSError:
                pass
        conn.close()


def run_job(method, game, *, repeats: int, budget: float, timeout: float) -> JobResult:
    """Run ``method`` on ``game`` in a forked child; see the module docstring.

    ``timeout`` bounds each single run (and the build); when it passes the child
    is killed and the result is ``timeout`` (keeping any runs already finished).
    """
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, method, game, repeats, budget), daemon=True)
    proc.start()
    send.close()
    result = JobResult("ok")
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not recv.poll(remaining):
                result.status = "timeout"
                result.message = f"stopped after {timeout:g} s"
                break
            try:
                msg = recv.recv()
            except EOFError:
                proc.join(1)
                result.status = "error"
                result.message = f"the child process died (exit code {proc.exitcode})"
                break
            if msg[0] == "built":
                result.build_time = msg[1]
            elif msg[0] == "run":
                result.times.append(msg[1])
                if msg[2] is not None:
                    result.profiles, result.info = msg[2], msg[3]
            elif msg[0] == "error":
                result.status, result.message = "error", msg[1]
                break
            elif msg[0] == "done":
                break
            deadline = time.monotonic() + timeout
    finally:
        recv.close()
        if result.status != "timeout":
            proc.join(2)                              # let it finish its own clean-up
        if proc.is_alive():
            try:
                os.killpg(proc.pid, signal.SIGKILL)   # the child and anything it started
            except (ProcessLookupError, PermissionError):
                proc.kill()
        proc.join(5)
    if result.status == "timeout" and result.times:
        result.message += f" (after {len(result.times)} finished run(s))"
    return result


# ---------------------------------------------------------------------- checking answers
def _exact_values(M: np.ndarray, v: list[Fraction], axis: int) -> tuple[list[int], int]:
    """Integer payoff matrix against a fractional mixed strategy: (numerators, denominator)."""
    d = 1
    for p in v:
        d = d * p.denominator // _gcd(d, p.denominator)
    ints = np.array([p.numerator * (d // p.denominator) for p in v], dtype=object)
    Mo = M.astype(object)
    vals = Mo @ ints if axis == 1 else ints @ Mo
    return [int(x) for x in vals], d


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def profile_regret(game, x, y) -> tuple[bool, float, str]:
    """Whether ``(x, y)`` is an equilibrium of the benchmark game, and its regret.

    Returns ``(is_equilibrium, max_regret / payoff_range, kind)``, where ``kind``
    is ``"exact"`` when both strategies are fractions and the payoffs integers
    (then the regret must be exactly 0), ``"float"`` otherwise (regret and
    distance from a distribution at most :data:`FLOAT_TOL`, relative), or
    ``"nan"`` when the answer holds NaN/inf.
    """
    exact = game.integer and all(isinstance(p, Fraction) for p in list(x) + list(y))
    if exact:
        if any(p < 0 for p in list(x) + list(y)) or sum(x) != 1 or sum(y) != 1:
            return False, float("inf"), "exact"
        va, da = _exact_values(game.A, list(y), axis=1)      # row payoffs, times da
        vb, db = _exact_values(game.B, list(x), axis=0)      # column payoffs, times db
        ra = Fraction(max(va), da) - sum(p * Fraction(v, da) for p, v in zip(x, va))
        rb = Fraction(max(vb), db) - sum(p * Fraction(v, db) for p, v in zip(y, vb))
        r = max(ra, rb)
        return r == 0, float(r) / game.payoff_range(), "exact"
    xf, yf = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if not (np.all(np.isfinite(xf)) and np.all(np.isfinite(yf))):
        return False, float("nan"), "nan"
    A, B = game.A.astype(float), game.B.astype(float)
    va, vb = A @ yf, xf @ B
    r = max(va.max() - xf @ va, vb.max() - vb @ yf) / game.payoff_range()
    dist_ok = (xf.min() >= -FLOAT_TOL and yf.min() >= -FLOAT_TOL
               and abs(xf.sum() - 1) <= FLOAT_TOL and abs(yf.sum() - 1) <= FLOAT_TOL)
    return bool(dist_ok and r <= FLOAT_TOL), float(r), "float"


def _as_vector(profile) -> np.ndarray:
    x, y = profile
    return np.array([float(p) for p in list(x) + list(y)])


def match_profiles(reference: list, found: list) -> tuple[int, int]:
    """How many reference equilibria appear among ``found``, and how many of
    ``found`` match no reference equilibrium (probabilities within MATCH_TOL)."""
    ref = [_as_vector(p) for p in reference]
    got = [_as_vector(p) for p in found]
    used = [False] * len(got)
    hit = 0
    for r in ref:
        for k, g in enumerate(got):
            if g.shape == r.shape and np.all(np.abs(g - r) <= MATCH_TOL):
                used[k] = True
                hit += 1
                break
    extra = 0
    for k, g in enumerate(got):
        if not used[k] and not any(g.shape == r.shape and np.all(np.abs(g - r) <= MATCH_TOL)
                                   for r in ref):
            extra += 1
    return hit, extra


def count_duplicates(found: list) -> int:
    """How many profiles repeat an earlier one (probabilities within MATCH_TOL)."""
    seen: list[np.ndarray] = []
    dup = 0
    for p in found:
        v = _as_vector(p)
        if any(s.shape == v.shape and np.all(np.abs(s - v) <= MATCH_TOL) for s in seen):
            dup += 1
        else:
            seen.append(v)
    return dup
