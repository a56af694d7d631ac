"""Predictor-corrector path following: the branch of zeros of ``H(x) = 0``, one
equation fewer than unknowns.

A smooth map :math:`H: \\mathbb{R}^{N+1} \\to \\mathbb{R}^N` whose Jacobian has full
rank along its zero set has curves of zeros.  They are followed by arc length
(Allgower and Georg 1990, *Introduction to Numerical Continuation Methods*,
ch. 2 and 6): from a point :math:`x` on the curve with unit tangent :math:`t`
(spanning the null space of :math:`H'(x)`), an Euler **predictor** step
:math:`u = x + h t`, then Newton **corrections** with the Jacobian at the predicted
point, factored once (the chord method).

* For a dense Jacobian the factorisation is ``H'(u)^T = QR``: the corrections are
  :math:`u \\leftarrow u - H'(u)^+ H(u)` with the Moore-Penrose inverse, which
  converge to the point of the curve nearest the prediction, and the last column of
  *Q* is the tangent at *u*.
* For a sparse Jacobian (``scipy.sparse``, large game trees) it is a sparse LU
  factorisation of the square matrix :math:`\\binom{H'(u)}{t^T}` (the Jacobian
  bordered by the previous tangent; Allgower and Georg, section 4.2): the
  corrections solve it with right-hand side :math:`(H(u), 0)`, so they stay in the
  hyperplane through the prediction orthogonal to *t*, and the solution of
  :math:`(0, 1)` is the new tangent, oriented so that its inner product with *t* is
  positive.

As Gambit does (Turocy 2005), the tangent at the predicted point is kept for the next
step, so that one Jacobian is evaluated and factored per step (``exact_tangents=True``
computes it again at the corrected point, for callers that read the tangent).  A
step is refused and shortened by ``SHRINK`` when the first correction is too long,
the corrections contract too slowly, or (dense Jacobians; the bordered solve keeps the
orientation by construction) the tangent turns back (the sign of its inner product
with the previous one: the path would be followed backwards, a sign of a jump to
another part of the curve).  Otherwise the next step is lengthened by at most
``max_accel``, by the deceleration factor of Allgower and Georg's algorithm 6.1.10
(also Gambit's constants).

This is the engine of the logit quantal response path
(:mod:`solver.algorithms.qre`, :mod:`solver.algorithms.qre_agent`), where
:math:`x` is the vector of log-probabilities and the last coordinate is
:math:`\\lambda` (Turocy 2005).

A *system* is any object with ``size`` (*N*), ``residual(x)`` (*H*, shape
``(N,)``) and ``jacobian(x)`` (shape ``(N, N + 1)``, a numpy array or a scipy sparse
matrix); ``evaluate(x)``, returning both at once, is used when present.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from solver.errors import SolverError

__all__ = ["PathPoint", "branch", "factor", "polish", "step_from", "tangent"]

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
#: Sparse LU: a pivot is kept on the diagonal when it is at least this fraction of the
#: largest entry of its column (FAST_PIVOT_THRESHOLD with an ordering kept from an
#: earlier step, the tangent's residual checked).
PIVOT_THRESHOLD = 0.1
FAST_PIVOT_THRESHOLD = 0.01


@dataclass(frozen=True)
class PathPoint:
    """A point of the branch, with its unit tangent (oriented forwards) and the arc
    length of the step that reached it."""

    x: np.ndarray
    tangent: np.ndarray
    step: float


def _evaluate(system, x):
    both = getattr(system, "evaluate", None)
    if both is not None:
        return both(x)
    return np.asarray(system.residual(x), dtype=float), system.jacobian(x)


def _sparse(J) -> bool:
    return not isinstance(J, np.ndarray) and hasattr(J, "tocsc")


def factor(J, previous: np.ndarray | None = None, ordering: dict | None = None
           ) -> tuple[Callable[[np.ndarray], np.ndarray], np.ndarray] | None:
    """Factor the Jacobian ``J`` (``N x (N+1)``) once for Newton corrections.

    Returns ``(correction, t)``: ``correction(H)`` is the Newton correction for the
    residual ``H`` and ``t`` the unit tangent at the point, oriented like
    ``previous`` (a positive last coordinate when there is none); or None when ``J``
    is numerically rank deficient.

    ``ordering`` (sparse Jacobians only) is a dict kept along one path: the first
    factorisation stores its fill-reducing ordering there (minimum degree, SuperLU's
    ``MMD_AT_PLUS_A``), and later ones reuse it with a looser pivoting threshold,
    checked by the residual of the tangent's solve (and redone as the first when it
    fails).
    """
    if _sparse(J):
        return _factor_sparse(J, previous, ordering)
    from scipy.linalg import lapack

    J = np.asarray(J, dtype=float)
    n = J.shape[0]
    if n == 0:
        return (lambda y: np.zeros(1)), np.ones(1)
    # J^T = QR by Householder reflections (LAPACK's dgeqrf), Q made square (dorgqr)
    qr, tau, _, info = lapack.dgeqrf(J.T)
    r = qr[:n]
    # (NaN fails the comparison too)
    if info != 0 or not np.abs(np.diagonal(r)).min() >= 1e-300:
        return None
    square = np.zeros((n + 1, n + 1), order="F")
    square[:, :n] = qr
    q, _, info = lapack.dorgqr(square, tau)
    if info != 0:
        return None
    t = q[:, -1]
    if (t[-1] if previous is None else float(t @ previous)) < 0:
        t = -t
    qn = q[:, :n]

    def correction(y):
        # the Moore-Penrose correction J^+ y = Q_n R^-T y (R^T lower triangular)
        return qn @ lapack.dtrtrs(r, y, lower=0, trans=1)[0]

    return correction, t


def _factor_sparse(J, previous, ordering):
    import scipy.sparse as sp
    from scipy.sparse.linalg import splu

    n = J.shape[0]
    if previous is None:
        border = sp.csr_matrix(([1.0], ([0], [n])), shape=(1, n + 1))
    else:
        border = sp.csr_matrix(np.asarray(previous, dtype=float)[None, :])
    A = sp.vstack([J, border], format="csc")
    e = np.zeros(n + 1)
    e[-1] = 1.0
    order = None if ordering is None else ordering.get("order")
    if order is not None and len(order) == n + 1:
        # the ordering found for an earlier Jacobian of the same path (the same pattern)
        try:
            lu = splu(A[order][:, order].tocsc(), permc_spec="NATURAL",
                      diag_pivot_thresh=FAST_PIVOT_THRESHOLD)
        except RuntimeError:
            lu = None
        if lu is not None:
            z = np.empty(n + 1)
            z[order] = lu.solve(e[order])
            if np.linalg.norm(A @ z - e) <= 1e-9 * (1.0 + np.linalg.norm(z)):
                def correction(y):
                    out = np.empty(n + 1)
                    out[order] = lu.solve(np.append(y, 0.0)[order])
                    return out
                return _bordered(correction, z)
    try:
        # minimum degree on A^T + A keeps the fill small for the Jacobians of trees;
        # threshold pivoting (SuperLU's diag_pivot_thresh) keeps it sparse
        lu = splu(A, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=PIVOT_THRESHOLD)
    except RuntimeError:                 # exactly singular
        return None
    if ordering is not None:
        inverse = np.empty(n + 1, dtype=np.int64)
        inverse[lu.perm_c] = np.arange(n + 1)
        ordering["order"] = inverse
    return _bordered(lambda y: lu.solve(np.append(y, 0.0)), lu.solve(e))


def _bordered(correction, z):
    size = float(np.linalg.norm(z))
    if not np.isfinite(size) or size == 0.0 or size > 1e12:
        return None
    return correction, z / size


def tangent(system, x: np.ndarray, previous: np.ndarray | None = None) -> np.ndarray:
    """The unit tangent of the curve at ``x``, oriented like ``previous`` (or with a
    positive last coordinate when there is none)."""
    J = system.jacobian(x)
    got = factor(J, previous)
    if got is None and _sparse(J):
        got = factor(J.toarray(), previous)
    if got is None:
        raise SolverError("path following failed: the Jacobian is singular at "
                          f"lambda = {float(x[-1]):.6g}")
    return got[1]


def _correct(system, u: np.ndarray, tolerance: float, previous: np.ndarray | None,
             ordering: dict | None = None):
    """Chord-Newton corrector from ``u``: (point, accepted, deceleration factor,
    tangent at the predicted point)."""
    y, J = _evaluate(system, u)
    got = factor(J, previous, ordering)
    if got is None:
        return u, False, 2.0, None
    correction, t = got
    decel = 0.0
    last = 0.0
    for it in range(MAX_ITERATIONS):
        if it:
            y = np.asarray(system.residual(u), dtype=float)
        delta = correction(y)
        u = u - delta
        dist = math.sqrt(float(delta @ delta))
        if not dist < MAX_DISTANCE:                 # NaN or inf residuals fail here too
            return u, False, 2.0, t
        decel = max(decel, np.sqrt(dist / MAX_DISTANCE))
        # the tolerance is relative: far along the path the coordinates are large and
        # their rounding errors set a floor under the corrections
        tol = tolerance * (1.0 + float(np.abs(u).max()))
        if dist <= tol:
            return u, True, decel, t
        if it >= 1:
            contraction = dist / (last + tol * ETA)
            if contraction > MAX_CONTRACTION:
                return u, False, 2.0, t
            decel = max(decel, np.sqrt(contraction / MAX_CONTRACTION))
        last = dist
    return u, False, 2.0, t


def step_from(system, point: PathPoint, h: float) -> PathPoint | None:
    """One predictor-corrector step of arc length ``h`` from ``point``, corrected to
    ``TOLERANCE``: the point with its tangent there, or None when the corrector does
    not converge."""
    u, ok, _, _ = _correct(system, point.x + h * point.tangent, TOLERANCE, point.tangent)
    if not ok:
        return None
    return PathPoint(u, tangent(system, u, point.tangent), h)


def branch(system, x0: np.ndarray, *, first_step: float = 0.03, max_accel: float = 1.1,
           max_steps: int = 100_000, max_step: float = np.inf,
           tolerance: float = TRACE_TOLERANCE,
           exact_tangents: bool = False) -> Iterator[PathPoint]:
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
    exact_tangents : bool
        Give each point the tangent at the point itself (one more Jacobian per
        step) rather than at its prediction, which the predictor needs and which
        differs from it by about the length of the correction.

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
    ordering: dict = {}
    for _ in range(max_steps):
        while True:
            if h < MIN_STEP:
                raise SolverError(
                    "path following failed: the step length fell below "
                    f"{MIN_STEP:g} at lambda = {point.x[-1]:.6g} (a singular point of the path)")
            u, ok, decel, t = _correct(system, point.x + h * point.tangent, tolerance,
                                       point.tangent, ordering)
            if ok and float(t @ point.tangent) > 0.0:
                if exact_tangents:
                    t = tangent(system, u, point.tangent)
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
    keep = np.array([k for k in range(len(x)) if k != index], dtype=np.int64)
    for _ in range(max_iterations):
        y, J = _evaluate(system, x)
        delta = _square_solve(J, keep, y)
        x[keep] -= delta
        if not np.all(np.isfinite(x)):
            break
        scale = 1.0 + float(np.abs(x).max())
        if float(np.max(np.abs(delta), initial=0.0)) <= TOLERANCE * scale:
            return x
    raise SolverError(f"path following failed: Newton's method did not converge at "
                      f"coordinate {index} = {value:.6g}")


def _square_solve(J, keep, y):
    if _sparse(J):
        from scipy.sparse.linalg import splu
        try:
            return splu(J.tocsc()[:, keep]).solve(y)
        except RuntimeError:
            J = J.toarray()
    J = np.asarray(J)[:, keep]
    try:
        return np.linalg.solve(J, y)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(J, y, rcond=None)[0]
