"""Predictor-corrector path following: the branch of zeros of ``H(x) = 0``, one
equation fewer than unknowns.

A smooth map :math:`H: \\mathbb{R}^{N+1} \\to \\mathbb{R}^N` whose Jacobian has full
rank along its zero set has curves of zeros.  They are followed by arc length
(Allgower and Georg 1990, *Introduction to Numerical Continuation Methods*,
ch. 2 and 6): from a point :math:`x` on the curve with unit tangent :math:`t`
(spanning the null space of :math:`H'(x)`), an Euler **predictor** step
:math:`u = x + h t`, then a Newton **corrector** :math:`u \\leftarrow u - H'(u)^+
H(u)` with the Moore-Penrose inverse, which converges to the point of the curve
nearest the prediction.  The Jacobian is factored once per step (``H'(u)^T = QR``,
the chord method); the last column of *Q* is the tangent.  A step is refused and
halved when the first correction is too long or the corrections contract too
slowly (and retried ``SHRINK`` times shorter); otherwise the next step is
lengthened by at most ``max_accel``.  The
tangent's orientation is kept by its inner product with the previous one, so
that the path is never followed backwards.

This is the engine of the logit quantal response path
(:mod:`solver.algorithms.qre`, :mod:`solver.algorithms.qre_agent`), where
:math:`x` is the vector of log-probabilities and the last coordinate is
:math:`\\lambda` (Turocy 2005); the step controls follow Allgower and Georg's
(the constants are those of their algorithm 6.1.10, also Gambit's).

A *system* is any object with ``size`` (*N*), ``residual(x)`` (*H*, shape
``(N,)``) and ``jacobian(x)`` (shape ``(N, N + 1)``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np

from solver.errors import SolverError

__all__ = ["PathPoint", "branch", "step_from", "polish", "tangent"]

#: Largest first Newton correction, and largest contraction rate, of an accepted step.
MAX_DISTANCE = 0.4
MAX_CONTRACTION = 0.6
#: Added to the previous correction in the contraction rate (avoids cancellation).
ETA = 0.1
#: The corrector stops when its correction is below this (times 1 + |x|, the sup norm):
#: TOLERANCE for points that are reported, TRACE_TOLERANCE while the path is followed.
TOLERANCE = 1e-10
TRACE_TOLERANCE = 1e-6
#: Corrector iterations of one step, and the shortest step tried.
MAX_ITERATIONS = 25
MIN_STEP = 1e-12
#: A refused step is retried this many times shorter.
SHRINK = 1.5


@dataclass(frozen=True)
class PathPoint:
    """A point of the branch, with its unit tangent (oriented forwards) and the arc
    length of the step that reached it."""

    x: np.ndarray
    tangent: np.ndarray
    step: float


def tangent(system, x: np.ndarray, previous: np.ndarray | None = None) -> np.ndarray:
    """The unit tangent of the curve at ``x``, oriented like ``previous`` (or with a
    positive last coordinate when there is none)."""
    q, _ = np.linalg.qr(np.asarray(system.jacobian(x)).T, mode="complete")
    t = q[:, -1]
    if (t[-1] if previous is None else float(t @ previous)) < 0:
        t = -t
    return t


def _correct(system, u: np.ndarray, tolerance: float = TOLERANCE):
    """Chord-Newton corrector from ``u``: (point, accepted, deceleration factor)."""
    J = np.asarray(system.jacobian(u))
    n = J.shape[0]
    q, r = np.linalg.qr(J.T, mode="complete")
    rn = r[:n, :n]
    qn = q[:, :n]
    if n and np.min(np.abs(np.diag(rn))) < 1e-300:
        return u, False, 2.0
    decel = 0.0
    previous = 0.0
    for it in range(MAX_ITERATIONS):
        y = np.asarray(system.residual(u), dtype=float)
        if not np.all(np.isfinite(y)):
            return u, False, 2.0
        z = np.linalg.solve(rn.T, y) if n else np.zeros(0)
        delta = qn @ z
        u = u - delta
        dist = float(np.linalg.norm(delta))
        if dist >= MAX_DISTANCE:
            return u, False, 2.0
        decel = max(decel, np.sqrt(dist / MAX_DISTANCE))
        # the tolerance is relative: far along the path the coordinates are large and
        # their rounding errors set a floor under the corrections
        tol = tolerance * (1.0 + float(np.max(np.abs(u))))
        if dist <= tol:
            return u, True, decel
        if it >= 1:
            contraction = dist / (previous + tol * ETA)
            if contraction > MAX_CONTRACTION:
                return u, False, 2.0
            decel = max(decel, np.sqrt(contraction / MAX_CONTRACTION))
        previous = dist
    return u, False, 2.0


def step_from(system, point: PathPoint, h: float) -> PathPoint | None:
    """One predictor-corrector step of arc length ``h`` from ``point``: the corrected
    point with its tangent, or None when the corrector does not converge."""
    u, ok, _ = _correct(system, point.x + h * point.tangent)
    if not ok:
        return None
    return PathPoint(u, tangent(system, u, point.tangent), h)


def branch(system, x0: np.ndarray, *, first_step: float = 0.03, max_accel: float = 1.1,
           max_steps: int = 100_000, max_step: float = np.inf,
           tolerance: float = TRACE_TOLERANCE) -> Iterator[PathPoint]:
    """Follow the curve through ``x0`` in the direction of increasing last coordinate.

    Yields the starting point, then each accepted point.  The caller stops when it
    has what it needs.

    Parameters
    ----------
    system
        See the module's docstring.
    x0 : ndarray
        A point of the curve (``residual(x0)`` approximately 0).
    first_step : float
        Arc length of the first step.
    max_accel : float
        Largest factor by which one step may be longer than the previous one (> 1).
    max_steps : int
        Accepted steps before :class:`SolverError` is raised (the path did not end).
    max_step : float
        Longest step.
    tolerance : float
        The corrector's tolerance, relative to ``1 + max|x|`` (default
        ``TRACE_TOLERANCE``, loose like Gambit's: callers polish the points they
        report with :func:`polish` or :func:`step_from`).

    Raises
    ------
    SolverError
        When the step length falls below ``MIN_STEP`` (the curve cannot be followed,
        e.g. at a singular point) or after ``max_steps`` steps.
    """
    x = np.asarray(x0, dtype=float)
    point = PathPoint(x, tangent(system, x), 0.0)
    yield point
    h = first_step
    for _ in range(max_steps):
        while True:
            if h < MIN_STEP:
                raise SolverError(
                    "path following failed: the step length fell below "
                    f"{MIN_STEP:g} at lambda = {point.x[-1]:.6g} (a singular point of the path)")
            u, ok, decel = _correct(system, point.x + h * point.tangent, tolerance)
            if ok:
                t = tangent(system, u, point.tangent)
                if float(t @ point.tangent) > 0.0:
                    break
            h /= SHRINK
        point = PathPoint(u, t, h)
        yield point
        h = min(h / max(decel, 1.0 / max_accel), max_step)
    raise SolverError(f"path following stopped after max_steps={max_steps} steps")


def polish(system, x: np.ndarray, index: int, value: float, *,
           max_iterations: int = 50) -> np.ndarray:
    """The point of the curve near ``x`` whose coordinate ``index`` equals ``value``:
    Newton's method on the square system ``H(x) = 0`` with that coordinate fixed.

    Raises
    ------
    SolverError
        When Newton's method does not converge.
    """
    x = np.array(x, dtype=float)
    x[index] = value
    keep = [k for k in range(len(x)) if k != index]
    for _ in range(max_iterations):
        y = np.asarray(system.residual(x), dtype=float)
        J = np.asarray(system.jacobian(x))[:, keep]
        try:
            delta = np.linalg.solve(J, y)
        except np.linalg.LinAlgError:
            delta = np.linalg.lstsq(J, y, rcond=None)[0]
        x[keep] -= delta
        if not np.all(np.isfinite(x)):
            break
        if float(np.max(np.abs(delta), initial=0.0)) <= TOLERANCE * (1.0 + float(np.max(np.abs(x)))):
            return x
    raise SolverError(f"path following failed: Newton's method did not converge at "
                      f"coordinate {index} = {value:.6g}")
