"""How long vertex enumeration will take: the estimate behind ``solve``'s ``auto``.

:func:`solver.algorithms.enumeration.enumerate_equilibria` visits every
lexico-feasible basis of the two best-response polytopes (von Stengel 2007,
sec. 3.5; Avis, Rosenberg, Savani and von Stengel 2010), and each visit costs a
ratio test and two fraction-free pivots on a tableau of about ``m x n`` integers.
Its time is therefore close to ``KAPPA * m * n * (bases of P + bases of Q)``.

The number of bases is not known before the search, but it is well predicted by
the shape alone.  A polytope ``{z in R^d : z >= 0, M z <= 1}`` with ``k`` rows has
``d + k`` facets, so by McMullen's upper bound theorem (1970) at most
``UBT(d + k, d)`` vertices (those of a cyclic polytope); random games come close
to that bound when ``d`` is much larger than ``k`` and far below it when ``d`` is
much smaller.  On 500 polytopes of random games (``d, k`` from 1 to 60, payoffs
``0..99``; ``benchmarks/auto_cost.py`` repeats the fit) the bases visited follow

    log(bases) = 0.08 + log(UBT(d + k, d)) * (0.576 + 0.47 * d / (d + k))

with a spread of a factor 1.4 (one standard deviation in the log) between games
of one shape, and degenerate games (payoffs ``0..9``) visit a few fewer.  ``KAPPA``
is the time per basis and tableau entry measured on the development machine (a
shared 2-core machine: 5e-7 s); ``auto`` enumerates when the estimate is within
:data:`BUDGET_SECONDS`.  The estimate uses no clock, so ``auto``'s choice is the
same on every run and every machine.

>>> est = enumeration_cost(12, 12)
>>> est.seconds < BUDGET_SECONDS < enumeration_cost(14, 14).seconds
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["EnumerationEstimate", "enumeration_cost", "upper_bound_vertices", "KAPPA",
           "BUDGET_SECONDS"]

#: Seconds per visited basis and tableau entry (m * n), measured on the development
#: machine with ``benchmarks/auto_cost.py``.
KAPPA = 5e-7
#: ``auto`` enumerates every equilibrium of a two-player game whose estimated time is
#: at most this ("about a second"); larger games get one Lemke-Howson equilibrium.
BUDGET_SECONDS = 1.5
#: The fit of log(bases) (see the module docstring).
FIT = (0.082, 0.576, 0.47)


@dataclass(frozen=True)
class EnumerationEstimate:
    """The predicted work of enumerating an ``m x n`` game.

    Attributes
    ----------
    bases : tuple of two floats
        Predicted bases visited in the row player's polytope *P* and the column
        player's *Q*.
    seconds : float
        Predicted time (``KAPPA * m * n * sum(bases)``).
    """

    m: int
    n: int
    bases: tuple[float, float]
    seconds: float

    @property
    def within_budget(self) -> bool:
        """Whether ``auto`` enumerates (``seconds <= BUDGET_SECONDS``)."""
        return self.seconds <= BUDGET_SECONDS

    def describe(self) -> str:
        """A phrase for solution notes: the estimate and what it rests on."""
        total = sum(self.bases)
        return (f"vertex enumeration of {self.m}x{self.n} is estimated at "
                f"{_seconds(self.seconds)} (about {_count(total)} bases of the best-response "
                f"polytopes; budget {BUDGET_SECONDS:g} s)")


def _seconds(s: float) -> str:
    if math.isinf(s):
        return "more than 1e300 s"
    return f"{s:.2g} s" if s < 100 else f"{s:.1e} s"


def _count(x: float) -> str:
    if math.isinf(x):
        return "more than 1e300"
    return f"{x:,.0f}" if x < 1e7 else f"{x:.1e}"


def upper_bound_vertices(facets: int, dim: int) -> int:
    """McMullen's bound on the vertices of a ``dim``-polytope with ``facets`` facets:
    ``C(f - ceil(d/2), floor(d/2)) + C(f - floor(d/2) - 1, ceil(d/2) - 1)``.

    >>> upper_bound_vertices(6, 3), upper_bound_vertices(102, 100)
    (8, 2601)
    """
    if dim <= 0:
        return 1
    up, down = (dim + 1) // 2, dim // 2
    return math.comb(facets - up, down) + math.comb(facets - down - 1, up - 1)


def _log_bases(d: int, k: int) -> float:
    a, b, c = FIT
    return a + math.log(upper_bound_vertices(d + k, d)) * (b + c * d / (d + k))


def enumeration_cost(m: int, n: int) -> EnumerationEstimate:
    """The predicted bases and seconds of enumerating an ``m x n`` two-player game.

    Parameters
    ----------
    m, n : int
        The players' numbers of strategies.
    """
    lp, lq = _log_bases(m, n), _log_bases(n, m)
    # compare in logs first: huge games would overflow a float
    log_s = math.log(KAPPA * m * n) + max(lp, lq) + math.log1p(math.exp(-abs(lp - lq)))
    if log_s > 700:
        return EnumerationEstimate(m, n, (math.inf, math.inf), math.inf)
    bases = (math.exp(lp), math.exp(lq))
    return EnumerationEstimate(m, n, bases, KAPPA * m * n * sum(bases))
