"""How long ``enumerate`` will take: the estimate behind ``solve``'s ``auto``.

``solve(game, "enumerate")`` runs :func:`solver.algorithms.modular_enumeration.
modular_enumeration`, which visits every lexico-feasible basis of the two
best-response polytopes (von Stengel 2007, sec. 3.5; Avis, Rosenberg, Savani and
von Stengel 2010) by one of two searches:

* games of fewer than :data:`~solver.algorithms.modular_enumeration.CLASSIC_CELLS`
  cells (``m * n``, below about 7x7) by the **classic** search of
  :mod:`solver.algorithms.enumeration`: one tableau of Python integers, a ratio test
  and two fraction-free pivots per basis;
* larger games by the **batched** search of :mod:`solver.algorithms.vertex_search`:
  hundreds of bases at a time, tableaux in residues modulo primes of 25 bits, floats
  proposing the pivots.

Both visit the same bases.  The estimate has three parts.

**Bases.**  Their number is not known before the search, but it is well predicted by
the shape alone.  A polytope ``{z in R^d : z >= 0, M z <= 1}`` with ``k`` rows has
``d + k`` facets, so by McMullen's upper bound theorem (1970) at most
``UBT(d + k, d)`` vertices (those of a cyclic polytope); random games come close to
that bound when ``d`` is much larger than ``k`` and far below it when ``d`` is much
smaller.  On 1,500 polytopes of random games (``d, k`` from 1 to 60, payoffs
``-1000..1000`` and ``0..9``) the bases visited follow

    log(bases) = a + log(UBT(d + k, d)) * (b + c * d / (d + k))

(:data:`FIT`) with a spread of a factor 1.4 (one standard deviation in the log)
between games of one shape; degenerate games (``0..9``) visit about as many.

**Time per basis.**  Each search costs a start, a fixed amount per basis (Python's
bookkeeping) and an amount per basis and payoff cell (the tableau arithmetic):
``start + bases * (per_basis + per_cell * m * n)`` (:data:`CLASSIC_TIME`,
:data:`BATCHED_TIME`; the batched search pays :data:`WIDE` more per basis and label,
``m + n``, when its labels do not fit in 62 bits and its keys become Python integers:
``m + n > 62``, ``m + n > 61`` for square games, whose polytopes are searched
together).

**Memory.**  The batched search keeps the tableaux of the bases it has queued, at most
:data:`~solver.algorithms.vertex_search.MEMORY_BUDGET` bytes of them; the bases queued
beyond that are recomputed from scratch when their turn comes, which costs a
Gauss-Jordan elimination (``k^2 (d + 1)`` per prime) instead of a pivot.  A tableau
holds ``k (d + 1)`` numbers per prime, and the primes needed grow with the payoffs'
size (Hadamard's bound on the minors), so this part depends on the payoffs: about
:data:`QUEUE` of the bases wait in the queue at its longest, and each one beyond the
budget costs :data:`REBUILD` seconds per prime and ``k^2 (d + 1)``.  Since the
number of bases is only known within its spread, the estimate counts the bases
expected past the budget when the bases are lognormal around the fit with the spread
:data:`SPREAD` (``E[max(0, B - C)]``, the formula of a call option), so the cost grows
smoothly as a game's bases approach the budget.  This is what makes 15x15 games with
four-digit payoffs take five to fifteen seconds where 14x14 ones take half a second.

The constants were fitted (``benchmarks/auto_cost.py --fit``) to the CPU time of
enumerations on the development machine, a shared 2-core machine; given the bases
each game visited, the time is predicted within a factor 1.2 (one standard deviation
in the log), and from the shape and payoffs alone within the bases' factor 1.4.
``auto`` enumerates when the estimate is within :data:`BUDGET_SECONDS`.  The estimate
reads no clock, so ``auto``'s choice is the same on every run and every machine.

Not modelled: payoffs whose tableaux are too large for the batched search (minors of
more than about 960 bits, or more than 40 kB per basis: payoffs of hundreds of
digits, or lopsided games of hundreds of strategies) go to the classic search, which
is several times slower than estimated here.

>>> enumeration_cost(14, 14).within_budget, enumeration_cost(15, 15).within_budget
(True, False)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["BATCHED_TIME", "BUDGET_SECONDS", "CLASSIC_TIME", "DEFAULT_PAYOFF_BITS", "FIT",
           "QUEUE", "REBUILD", "SPREAD", "WIDE", "EnumerationEstimate", "enumeration_cost",
           "expected_excess", "log_bases", "memory_capacity", "memory_overflow",
           "primes_needed", "search_of", "upper_bound_vertices"]

#: ``auto`` enumerates every equilibrium of a two-player game whose estimated time is
#: at most this ("about a second"); larger games get one Lemke-Howson equilibrium.
BUDGET_SECONDS = 1.5
#: Bits of the payoffs' range assumed when none is given (payoffs -1000..1000).
DEFAULT_PAYOFF_BITS = 11.0
#: The fit of log(bases) (see the module docstring).
FIT = (-0.004, 0.602, 0.454)
#: The classic search's (start, per basis, per basis and cell), in CPU seconds.
CLASSIC_TIME = (9.6e-5, 2.4e-5, 3.6e-7)
#: The batched search's (start, per basis, per basis and cell), in CPU seconds.
BATCHED_TIME = (5.0e-3, 6.8e-6, 2.35e-8)
#: Seconds more per basis and label (``m + n``) in the batched search when its labels
#: take Python integers.
WIDE = 3.1e-7
#: Standard deviation of log(bases) between games of one shape (:data:`FIT`'s spread).
SPREAD = 0.34
#: Fraction of the bases waiting in the batched search's queue at its longest.
QUEUE = 0.26
#: Seconds to recompute a queued basis's tableau, per prime and ``k^2 (d + 1)``.
REBUILD = 6.1e-9

#: Bits of the primes of the batched search's residues.
_PRIME_BITS = 25


@dataclass(frozen=True)
class EnumerationEstimate:
    """The predicted work of enumerating an ``m x n`` game.

    Attributes
    ----------
    bases : tuple of two floats
        Predicted bases visited in the row player's polytope *P* and the column
        player's *Q*.
    seconds : float
        Predicted CPU time of the search that ``enumerate`` runs.
    search : str
        ``"classic"`` or ``"batched"`` (see the module docstring).
    rebuilt : float
        Predicted bases whose tableaux do not fit in the batched search's memory.
    """

    m: int
    n: int
    bases: tuple[float, float]
    seconds: float
    search: str = "batched"
    rebuilt: float = 0.0

    @property
    def within_budget(self) -> bool:
        """Whether ``auto`` enumerates (``seconds <= BUDGET_SECONDS``)."""
        return self.seconds <= BUDGET_SECONDS

    def describe(self) -> str:
        """A phrase for solution notes: the estimate and what it rests on."""
        total = sum(self.bases)
        memory = (f", {_count(self.rebuilt)} of them expected past the search's memory"
                  if 100 * self.rebuilt >= total and not math.isinf(self.rebuilt) else "")
        return (f"vertex enumeration of {self.m}x{self.n} is estimated at "
                f"{_seconds(self.seconds)} (about {_count(total)} bases of the best-response "
                f"polytopes{memory}; budget {BUDGET_SECONDS:g} s)")


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


def log_bases(d: int, k: int) -> float:
    """The fitted log of the bases visited in ``{z in R^d : z >= 0, M z <= 1}`` with
    ``k`` rows (:data:`FIT`)."""
    a, b, c = FIT
    return a + math.log(upper_bound_vertices(d + k, d)) * (b + c * d / (d + k))


def search_of(m: int, n: int) -> str:
    """Which search ``enumerate`` runs on an ``m x n`` game: ``"classic"`` or
    ``"batched"`` (by :data:`~solver.algorithms.modular_enumeration.CLASSIC_CELLS`)."""
    from solver.algorithms import modular_enumeration
    return "classic" if m * n < modular_enumeration.CLASSIC_CELLS else "batched"


def primes_needed(k: int, d: int, payoff_bits: float) -> int:
    """Primes of 25 bits the batched search keeps a ``k x d`` polytope's tableaux
    modulo: enough for Hadamard's bound on the minors of ``[M | I | 1]``, with the
    entries of ``M`` uniform up to ``2**payoff_bits`` (column norms ``sqrt(k / 3)``
    times the largest entry)."""
    column = payoff_bits + 0.5 * math.log2(k / 3) if k >= 3 else payoff_bits
    bits = min(k, d) * max(column, 0.0) + (0.5 * math.log2(k) if d < k else 0.0) + 1
    return int((bits + 3) // (_PRIME_BITS - 1e-4)) + 1


def memory_capacity(k: int, d: int, payoff_bits: float) -> float:
    """Bases a batched search of ``k x d`` polytopes can visit before its queue holds
    more tableaux than :data:`~solver.algorithms.vertex_search.MEMORY_BUDGET`."""
    from solver.algorithms.vertex_search import MEMORY_BUDGET
    primes = primes_needed(k, d, payoff_bits)
    per_basis = 8 * (primes + 1) * k * (d + 1) + 64 * (k + d)
    return max(64, MEMORY_BUDGET // per_basis) / QUEUE


def _normal_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def expected_excess(median: float, capacity: float, spread: float = SPREAD) -> float:
    """``E[max(0, B - capacity)]`` for ``B`` lognormal with this median and ``spread``
    (standard deviation of ``log B``).

    >>> expected_excess(100.0, 50.0, 0.0), expected_excess(1.0, 1e9) < 1e-9
    (50.0, True)
    """
    if spread <= 0:
        return max(0.0, median - capacity)
    if median <= 0:
        return 0.0
    mean = median * math.exp(spread ** 2 / 2)
    d1 = (math.log(median / capacity) + spread ** 2) / spread
    return max(0.0, mean * _normal_cdf(d1) - capacity * _normal_cdf(d1 - spread))


def memory_overflow(k: int, d: int, bases: float, payoff_bits: float) -> tuple[float, float]:
    """``(bases expected past the memory budget, seconds to recompute their tableaux)``
    for a batched search of about ``bases`` bases of ``k x d`` polytopes (see the
    module docstring)."""
    over = expected_excess(bases, memory_capacity(k, d, payoff_bits))
    return over, over * REBUILD * primes_needed(k, d, payoff_bits) * k * k * (d + 1)


def enumeration_cost(m: int, n: int, payoff_bits: float | None = None) -> EnumerationEstimate:
    """The predicted bases and CPU seconds of enumerating an ``m x n`` two-player game.

    Parameters
    ----------
    m, n : int
        The players' numbers of strategies.
    payoff_bits : float, optional
        ``log2`` of the payoffs' range as integers (the largest payoff once the
        smallest is shifted to 1; ``solve`` gives the game's), which sets the memory
        the batched search needs.  Default :data:`DEFAULT_PAYOFF_BITS`.
    """
    bits = DEFAULT_PAYOFF_BITS if payoff_bits is None else max(float(payoff_bits), 1.0)
    search = search_of(m, n)
    start, per_basis, per_cell = CLASSIC_TIME if search == "classic" else BATCHED_TIME
    each = per_basis + per_cell * m * n
    if search == "batched" and m + n + (m == n) > 62:
        each += WIDE * (m + n)
    lp, lq = log_bases(m, n), log_bases(n, m)
    # compare in logs first: huge games would overflow a float
    log_s = math.log(each) + max(lp, lq) + math.log1p(math.exp(-abs(lp - lq)))
    if log_s > 700:
        return EnumerationEstimate(m, n, (math.inf, math.inf), math.inf, search, math.inf)
    bases = (math.exp(lp), math.exp(lq))
    seconds, rebuilt = start + each * sum(bases), 0.0
    if search == "batched":
        # P: x in R^m, n rows; Q: y in R^n, m rows; a square game's share one queue
        parts = [(n, m, sum(bases))] if m == n else [(n, m, bases[0]), (m, n, bases[1])]
        for k, d, b in parts:
            over, extra = memory_overflow(k, d, b, bits)
            rebuilt += over
            seconds += extra
    return EnumerationEstimate(m, n, bases, seconds, search, rebuilt)
