"""The benchmark games: seeded random bimatrix games, the same for every method.

A game is fully described by ``(size, distribution, seed)``; it is drawn as ::

    rng = numpy.random.default_rng(seed)
    A, B = draw(rng, (m, n)), draw(rng, (m, n))     # A first, then B

where ``draw`` is one of the :data:`DISTRIBUTIONS` below.  Anyone can rebuild the
exact games from the table's header.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = ["Distribution", "DISTRIBUTIONS", "BenchGame", "make_game"]


@dataclass(frozen=True)
class Distribution:
    """A payoff distribution: a name, a description and a sampler."""

    name: str
    description: str
    integer: bool
    draw: Callable[[np.random.Generator, tuple[int, int]], np.ndarray]


DISTRIBUTIONS = {
    "int0-99": Distribution(
        "int0-99", "integers uniform on 0..99 (almost surely generic at these sizes)", True,
        lambda rng, shape: rng.integers(0, 100, size=shape)),
    "int0-9": Distribution(
        "int0-9", "integers uniform on 0..9 (many ties: often degenerate)", True,
        lambda rng, shape: rng.integers(0, 10, size=shape)),
    "int0-999": Distribution(
        "int0-999", "integers uniform on 0..999", True,
        lambda rng, shape: rng.integers(0, 1000, size=shape)),
    "int-1000-1000": Distribution(
        "int-1000-1000", "integers uniform on -1000..1000 (generic; lrsnash's benchmark payoffs)",
        True, lambda rng, shape: rng.integers(-1000, 1001, size=shape)),
    "uniform": Distribution(
        "uniform", "floats uniform on [0, 1) (float game: tolerances apply)", False,
        lambda rng, shape: rng.random(size=shape)),
}


@dataclass(frozen=True)
class BenchGame:
    """One benchmark game: its recipe and its two payoff matrices (numpy arrays)."""

    m: int
    n: int
    distribution: str
    seed: int
    A: np.ndarray
    B: np.ndarray

    @property
    def label(self) -> str:
        return f"{self.m}x{self.n} {self.distribution} seed={self.seed}"

    @property
    def integer(self) -> bool:
        return DISTRIBUTIONS[self.distribution].integer

    def matrices(self) -> tuple[list, list]:
        """Payoffs as nested lists of Python ints or floats (for any library)."""
        return self.A.tolist(), self.B.tolist()

    def payoff_range(self) -> float:
        """Largest payoff spread of either player (at least 1e-300)."""
        spans = [float(np.ptp(self.A)), float(np.ptp(self.B))]
        return max(max(spans), 1e-300)


def make_game(m: int, n: int, distribution: str, seed: int) -> BenchGame:
    """The game ``(m x n, distribution, seed)``; see the module docstring."""
    dist = DISTRIBUTIONS[distribution]
    rng = np.random.default_rng(seed)
    A = dist.draw(rng, (m, n))
    B = dist.draw(rng, (m, n))
    return BenchGame(m, n, distribution, seed, A, B)
