"""The extreme points of the polytope of correlated equilibria, exactly, for small games.

The correlated equilibria of a game are the distributions *p* over its profiles with
:math:`p \\ge 0`, :math:`\\sum p = 1` and :math:`G p \\ge 0` (the incentive constraints,
:mod:`solver.algorithms.correlated`).  Dropping the normalisation leaves the pointed
polyhedral cone :math:`\\{p : p \\ge 0,\\ G p \\ge 0\\}`, whose extreme rays, scaled to
sum 1, are exactly the polytope's vertices.  They are enumerated by the **double
description method** (Motzkin, Raiffa, Thompson and Thrall 1953; Fukuda and Prodon
1996, "Double description method revisited"): start from the cone :math:`p \\ge 0`,
whose extreme rays are the unit vectors, and add the incentive constraints one at a
time; the rays on the constraint's right side are kept, and each pair of *adjacent*
rays on opposite sides gives the new ray where the constraint is tight.  Two rays are
adjacent when no third ray is tight on every constraint tight at both (the
combinatorial test).  Rays are integer vectors divided by their gcd, so the
arithmetic is exact.

Nau, Gomez Canovas and Hansen (2004, "On the geometry of Nash equilibria and correlated
equilibria", *IJGT* 32) study these vertices; every Nash equilibrium of a two-player
game is on the polytope's boundary, and for 2x2 games the pure and mixed Nash
equilibria are among its vertices when they are extreme.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver.algorithms.correlated import CorrelatedEquilibrium, build, incentive_rows
from solver.errors import InvalidGameError, SolverLimitError

__all__ = ["CorrelatedPolytope", "correlated_extreme_points", "DEFAULT_MAX_CELLS",
           "DEFAULT_MAX_RAYS"]

#: Largest game (number of profiles) enumerated by default: 3x3.
DEFAULT_MAX_CELLS = 9
#: Largest number of intermediate rays of the double description.
DEFAULT_MAX_RAYS = 20_000


@dataclass(frozen=True)
class CorrelatedPolytope:
    """The vertices of the polytope of (coarse) correlated equilibria.

    Attributes
    ----------
    game : NormalFormGame
    coarse : bool
    vertices : tuple of CorrelatedEquilibrium
        Each certified exactly, sorted by total payoff (highest first).
    """

    game: Any
    coarse: bool
    vertices: tuple[CorrelatedEquilibrium, ...]

    def __len__(self) -> int:
        return len(self.vertices)

    def __getitem__(self, k: int) -> CorrelatedEquilibrium:
        return self.vertices[k]

    def __iter__(self):
        return iter(self.vertices)

    def to_dict(self) -> dict:
        return {"coarse": self.coarse, "vertices": [v.to_dict() for v in self.vertices]}

    def __str__(self) -> str:
        kind = "coarse correlated" if self.coarse else "correlated"
        lines = [f"The polytope of {kind} equilibria has {len(self)} extreme "
                 f"point{'' if len(self) == 1 else 's'} (exact):"]
        for k, v in enumerate(self.vertices, 1):
            draws = ", ".join(f"({', '.join(lab)}) {p}" for lab, p in v.distribution)
            pays = ", ".join(str(u) for u in v.payoffs)
            lines.append(f"  {k}. {draws}  (payoffs {pays})")
        return "\n".join(lines)


def correlated_extreme_points(game, *, coarse: bool = False,
                              max_cells: int = DEFAULT_MAX_CELLS,
                              max_rays: int = DEFAULT_MAX_RAYS) -> CorrelatedPolytope:
    """Every extreme point of the polytope of correlated equilibria, exactly.

    Parameters
    ----------
    game : NormalFormGame
        An exact game with at most ``max_cells`` profiles.
    coarse : bool
        The polytope of coarse correlated equilibria instead.
    max_cells : int
        Largest number of profiles (default 9: two players up to 3x3).
    max_rays : int
        Largest number of rays the double description may hold at once.

    Returns
    -------
    CorrelatedPolytope

    Raises
    ------
    SolverLimitError
        When the game has more than ``max_cells`` profiles or the enumeration more
        than ``max_rays`` rays; the message says how to raise the limit.

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> chicken = NormalFormGame.from_matrices([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    >>> len(correlated_extreme_points(chicken))
    5
    """
    if getattr(game, "form", None) != "normal":
        raise InvalidGameError("correlated_extreme_points needs a normal-form game")
    game.require_concrete()
    if not game.exact:
        raise InvalidGameError("correlated_extreme_points enumerates exactly; the game has "
                               "float payoffs (give them as fractions or decimal strings)")
    K = math.prod(game.shape)
    if K > max_cells:
        raise SolverLimitError(
            f"correlated_extreme_points: the game has {K} profiles, more than max_cells="
            f"{max_cells}; pass max_cells={K} (the number of vertices can grow very fast)")
    G, _ = incentive_rows(game, coarse=coarse, exact=True)
    rows = [[int(v) for v in row] for row in G]
    rays = _double_description(K, rows, max_rays)
    vertices = []
    for r in rays:
        total = sum(r)
        p = [Fraction(v, total) for v in r]
        vertices.append(build(game, p, coarse, "", None, exact=True, optimal=False))
    vertices.sort(key=lambda v: (-sum(v.payoffs), [str(x) for x in v.distribution]))
    return CorrelatedPolytope(game, coarse, tuple(vertices))


def _double_description(K: int, rows: list[list[int]], max_rays: int) -> list[list[int]]:
    """Extreme rays of ``{x in R^K : x >= 0, row . x >= 0 for each row}``."""
    # each ray: (integer vector, bitmask of the tight constraints so far)
    rays = []
    for k in range(K):
        vec = [0] * K
        vec[k] = 1
        rays.append((vec, ((1 << K) - 1) & ~(1 << k)))   # tight: x_j = 0 for j != k
    for c, row in enumerate(rows):
        bit = 1 << (K + c)
        values = [sum(a * v for a, v in zip(row, vec) if v) for vec, _ in rays]
        plus = [k for k, v in enumerate(values) if v > 0]
        minus = [k for k, v in enumerate(values) if v < 0]
        zero = [k for k, v in enumerate(values) if v == 0]
        new = [(rays[k][0], rays[k][1]) for k in plus]
        new += [(rays[k][0], rays[k][1] | bit) for k in zero]
        masks = [m for _, m in rays]
        for a in plus:
            for b in minus:
                common = masks[a] & masks[b]
                if bin(common).count("1") < K - 2:
                    continue
                if any((masks[k] & common) == common for k in range(len(rays))
                       if k != a and k != b):
                    continue
                va, vb = values[a], -values[b]
                vec = [vb * x + va * y for x, y in zip(rays[a][0], rays[b][0])]
                g = 0
                for v in vec:
                    g = math.gcd(g, v)
                vec = [v // g for v in vec]
                new.append((vec, common | bit))
                if len(new) > max_rays:
                    raise SolverLimitError(
                        f"correlated_extreme_points: more than max_rays={max_rays} rays; "
                        "pass a larger max_rays")
        rays = new
    return [vec for vec, _ in rays]
