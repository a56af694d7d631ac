"""Exact solutions of integer linear systems by numeric-symbolic iterative refinement.

The exact recovery of a sequence-form optimum (:func:`solver.algorithms.sequence_lp.
exact_plan`) ends in a square integer system ``A t = b`` of a few hundred unknowns whose
solution has denominators of a hundred bits or more (Leduc poker's plans).  A
multimodular or p-adic solver (python-flint's) spends most of its time on bounds
(Hadamard's bound on ``det A`` is ten times the bits the answer needs) and on moving
the matrix in and out of its own types.  Here the work is done in floating point and
only the bookkeeping is exact (Wan 2006; Pan and Wang 2004; Saunders, Wood and Youse
2011):

1. ``A`` is factored once, sparse LU in floats (SuperLU: one thread, no start-up);
2. each step solves ``A z = r`` in floats for the current integer residual ``r``
   (first ``b``), scales ``z`` by a power of two ``2**s`` and rounds it to an integer
   vector ``d``, then updates ``r <- 2**s r - A d`` **exactly** (integers) and the
   approximation ``N <- 2**s N + d``.  Always ``A N = 2**E b - r``: ``N / 2**E``
   approaches ``t`` with error ``A^-1 r / 2**E``, about ``s`` more bits per step as long
   as the float solve is accurate to better than ``2**-s`` (the step is retried with
   fewer bits when the new residual is not small);
3. once the approximation holds enough bits, the rationals are recovered by continued
   fractions (rational reconstruction: one component fixes a common denominator,
   after which most components are integers over it) and **verified exactly**:
   ``A num = Q b`` is checked in integers (``num`` cut into limbs small enough for
   exact int64 products, the limbs' products summed with Python integers).

Nothing here is trusted that is not verified: a system the floats cannot refine
(singular, or too ill-conditioned for a single bit per step) or whose reconstruction
does not verify within the Hadamard bound returns None, and the caller falls back on
python-flint's exact solver.

References
----------
Z. Wan, "An algorithm to solve integer linear systems exactly using numerical
methods", *Journal of Symbolic Computation* 41 (2006) 621-632.

V. Y. Pan and X. Wang, "On rational number reconstruction and approximation", *SIAM
Journal on Computing* 33 (2004) 502-503.

B. D. Saunders, D. H. Wood and B. S. Youse, "Numeric-symbolic exact rational linear
system solver", *ISSAC 2011*, 305-312.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import scipy.sparse as sp

__all__ = ["refined_solve"]


def refined_solve(A, b) -> tuple[list[int], int] | None:
    """The exact solution of ``A t = b``, as integer numerators over one denominator.

    Parameters
    ----------
    A : scipy.sparse matrix or ndarray of int64, square
        Entries small enough that ``A d`` stays within int64 for vectors ``d`` of
        eight bits or more (else None is returned).
    b : sequence of int
        Python integers of any size.

    Returns
    -------
    (list of int, int) or None
        ``(num, Q)`` with ``A num = Q b`` exactly and ``Q > 0``; None when the floats
        cannot refine the system (singular or very ill-conditioned) or the answer
        needs more bits than Hadamard's bound allows, in which case an exact solver
        should be used instead.

    Examples
    --------
    >>> import numpy as np
    >>> refined_solve(np.array([[2, 1], [1, 3]]), [1, 2])
    ([1, 3], 5)
    """
    from scipy.sparse.linalg import splu
    A = sp.csc_matrix(A, dtype=np.int64)
    d = A.shape[0]
    if d == 0:
        return [], 1
    absval = np.abs(A.data)
    amax = int(absval.max(initial=0))
    b = [int(v) for v in b]
    bmax = max((abs(v) for v in b), default=0)
    if bmax.bit_length() > 1000:
        return None
    try:
        lu = splu(A.astype(float))
    except RuntimeError:                    # exactly singular in floats
        return None
    # every |d_k| <= 2**bits keeps A d_k within int64
    room = 62 - (amax * d).bit_length()
    bits = min(40, room)
    if bits < 8:
        return None
    rowsum = float(np.bincount(A.indices, weights=absval, minlength=d).max())
    # Hadamard: |det A| and every numerator below 2**hb; twice that (and the error's
    # bits) is all a reconstruction can need
    col = np.repeat(np.arange(d), np.diff(A.indptr))
    cols = np.sqrt(np.bincount(col, weights=absval.astype(float) ** 2, minlength=d))
    hb = float(np.sum(np.log2(np.maximum(cols, 1.0)))) + bmax.bit_length() + math.log2(d) + 2
    max_bits = int(2 * hb) + 64
    r = np.array(b, dtype=object)
    N = np.zeros(d, dtype=object)
    E, attempt, steps = 0, 64, 0
    while True:
        with np.errstate(all="ignore"):
            z = lu.solve(r.astype(float))
        if not np.all(np.isfinite(z)):
            return None
        m = float(np.abs(z).max())
        if m == 0.0:                        # r = 0: A N = 2**E b exactly
            return _lowest_terms([int(v) for v in N], 1 << E)
        if E >= attempt:
            found = _reconstruct(N, E, m)
            if found is not None and _verified(A, room, b, *found):
                return found
            attempt = E + max(32, E // 4)
        steps += 1
        if E > max_bits or steps > max_bits + 2000:
            return None
        while True:
            if bits < 4:
                return None
            s = bits - math.frexp(m)[1]
            dk = np.rint(np.ldexp(z, s)).astype(np.int64)
            # s >= 0: scale r up by 2**s; s < 0 (a large r, at first): take dk 2**-s off
            if s < 0:
                rn = r - (A @ dk).astype(object) * (1 << -s)
                # and at least one bit less than r (a singular A rounds to no progress)
                bound = min((2 * rowsum + 1) * 2.0 ** -s, float(np.abs(r).max()) / 2)
            elif r.dtype != object:
                rn = r * (1 << s) - A @ dk
                bound = 2 * rowsum + 1
            else:
                rn = r * (1 << s) - (A @ dk).astype(object)
                bound = 2 * rowsum + 1
            # a step that rounds well leaves |2**s z - d| < 1, so |r| <= rowsum
            if np.abs(rn).max() <= bound:
                break
            bits -= 8
        r = rn
        if s < 0:
            N = N + dk.astype(object) * (1 << -s)
            continue
        if r.dtype == object and (3 * rowsum + 2) * 2.0 ** bits < 2.0 ** 62:
            # |r| <= 2 rowsum + 1 now, so |r 2**s| + |A d| <= (3 rowsum + 1) 2**bits
            r = r.astype(np.int64)
        N = N * (1 << s) + dk.astype(object)
        E += s


def _lowest_terms(num: list[int], Q: int) -> tuple[list[int], int]:
    g = Q
    for v in num:
        g = math.gcd(g, v)
        if g == 1:
            break
    return [v // g for v in num], Q // g


def _reconstruct(N, E: int, m: float) -> tuple[list[int], int] | None:
    """Rationals with one denominator ``Q <= H`` near ``N / 2**E`` (error about ``m /
    2**E``), by continued fractions (:meth:`fractions.Fraction.limit_denominator`),
    or None when the bits do not suffice yet.

    The common denominator is first read from one combination of the components with
    small fixed multipliers (whose denominator is the least common one unless the
    multipliers happen to cancel a factor); components that are not then integers
    over it bring in their own denominators."""
    err_bits = max(0, math.frexp(m)[1]) + 2
    D = 1 << E
    ints = [int(v) for v in N]
    weights = [1 + (7919 * j) % 61 for j in range(len(ints))]
    probe = sum(w * v for w, v in zip(weights, ints))
    # the probe's error is at most sum(weights) times a component's
    H = 1 << max(1, (E - err_bits - (sum(weights)).bit_length()) // 2 - 1)
    Q = Fraction(probe, D).limit_denominator(H).denominator
    H = 1 << max(1, (E - err_bits) // 2 - 1)
    nums = []
    for y0 in ints:
        y = Q * y0
        q, rem = divmod(y, D)
        if 2 * rem > D:
            q, rem = q + 1, rem - D
        if 4 * H * abs(rem) < D:            # an integer over the denominator so far
            nums.append(q)
            continue
        if H // Q < 2:
            return None
        f = Fraction(y, D).limit_denominator(H // Q)
        if 4 * H * abs(y * f.denominator - f.numerator * D) >= D:
            return None                     # not yet near a rational of that size
        Q *= f.denominator
        nums = [n * f.denominator for n in nums]
        nums.append(f.numerator)
    return _lowest_terms(nums, Q)


def _verified(A, room: int, b: list[int], num: list[int], Q: int) -> bool:
    """Whether ``A num == Q b`` exactly.  ``num`` is cut into signed limbs of ``room``
    bits, so that each product ``A @ limb`` is exact in int64, and the limbs' products
    are summed back with Python integers."""
    limbs, rest, mask = [], [abs(v) for v in num], (1 << room) - 1
    sign = np.array([-1 if v < 0 else 1 for v in num], dtype=np.int64)
    while any(rest):
        limbs.append(sign * np.array([v & mask for v in rest], dtype=np.int64))
        rest = [v >> room for v in rest]
    total = np.zeros(A.shape[0], dtype=object)
    for k, limb in enumerate(limbs):
        total += (A @ limb).astype(object) * (1 << (room * k))
    return all(int(t) == Q * v for t, v in zip(total, b))
