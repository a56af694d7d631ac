"""Shared test helpers."""
from __future__ import annotations

import os
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("ci", max_examples=40, deadline=None)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def F(x) -> Fraction:
    """Shorthand for exact fractions in expected-answer tables."""
    return Fraction(x)


def random_game(rng: np.random.Generator, m: int, n: int, low: int = 0, high: int = 9):
    """A random bimatrix game with integer payoffs in [low, high]."""
    from solver import NormalFormGame
    A = rng.integers(low, high + 1, size=(m, n))
    B = rng.integers(low, high + 1, size=(m, n))
    return NormalFormGame.from_matrices(A, B)


@pytest.fixture
def rng():
    return np.random.default_rng(20261122)
