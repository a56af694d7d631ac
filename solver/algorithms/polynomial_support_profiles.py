"""Support profiles for polynomial support enumeration: how many there are, the order
in which they are searched, and which can be skipped.

A support profile gives each player a nonempty set of strategies; there are
:math:`\\prod_i (2^{m_i} - 1)` of them (:func:`count_support_profiles`).  They are
searched smallest total size first, then most balanced first (Porter, Nudelman and
Shoham 2008), so that pure and nearly pure equilibria come out first.

A profile is skipped when some :math:`s \\in S_i` is *conditionally dominated*:
another strategy :math:`s'` of player *i* does at least as well against every
:math:`t \\in S_{-i}` and better against one.  In an equilibrium with exactly these
supports every such *t* has positive probability, so :math:`s'` would earn strictly
more than *s*, which cannot then be played.  (This is Porter et al.'s conditional
strict dominance, extended to the weak case that exact supports allow.)

Reference: R. Porter, E. Nudelman and Y. Shoham, "Simple search methods for finding
a Nash equilibrium", *Games and Economic Behavior* 63 (2008) 642-662.
"""
from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np

from solver.numbers import lcm_of_denominators

__all__ = [
    "conditionally_dominated",
    "count_support_profiles",
    "integer_tables",
    "support_profiles",
]


def count_support_profiles(shape) -> int:
    """prod(2**m_i - 1): the support profiles of a game with these strategy counts.

    >>> count_support_profiles((3, 2, 2))
    63
    """
    return math.prod(2 ** m - 1 for m in shape)


def _subsets(m: int) -> list[tuple[int, ...]]:
    return [c for k in range(1, m + 1) for c in itertools.combinations(range(m), k)]


def support_profiles(shape) -> list[tuple[tuple[int, ...], ...]]:
    """All support profiles, smallest total first, then most balanced (Porter et al.).

    >>> support_profiles((2, 2))[:3]
    [((0,), (0,)), ((0,), (1,)), ((1,), (0,))]
    """
    profiles = list(itertools.product(*[_subsets(m) for m in shape]))
    profiles.sort(key=lambda s: (sum(map(len, s)), max(map(len, s), default=0)
                                 - min(map(len, s), default=0),
                                 tuple(map(len, s)), s))
    return profiles


def conditionally_dominated(tables, sigma) -> bool:
    """True when some support strategy is weakly dominated against the others' supports
    (at least as bad against every profile of their supports, worse against one)."""
    n = len(sigma)
    for i in range(n):
        t = tables[i]
        for j in range(n):
            if j != i:
                t = np.take(t, sigma[j], axis=j)
        rows = np.moveaxis(t, i, 0).reshape(t.shape[i], -1)
        for s in sigma[i]:
            diff = rows - rows[s]
            ge = np.array([all(v >= 0 for v in row) for row in diff])
            gt = np.array([any(v > 0 for v in row) for row in diff])
            if (ge & gt).any():
                return True
    return False


def integer_tables(game) -> tuple[list[np.ndarray], list[Fraction]]:
    """Each player's payoffs times a positive integer scale, as arrays of Python ints,
    and the scales.  Float payoffs are converted exactly (a float is a dyadic rational)."""
    if game.exact:
        ints, scales = game.integer_payoffs
        return [np.asarray(a, dtype=object) for a in ints], [Fraction(s) for s in scales]
    floats = game.float_payoffs
    tables, scales = [], []
    for i in range(game.n_players):
        exact = [Fraction(float(v)) for v in floats[i].flat]
        d = lcm_of_denominators(exact)
        tables.append(np.array([int(v * d) for v in exact], dtype=object).reshape(game.shape))
        scales.append(Fraction(d))
    return tables, scales
