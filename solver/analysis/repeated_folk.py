"""The folk-theorem picture: feasible payoffs and what each player can guarantee.

In a repeated game every equilibrium gives each player at least his **minmax value**,
the least payoff the others can hold him to when he best-responds:

* the *pure* minmax ``min over the others' pure profiles of max over his actions``,
  found exactly by enumeration;
* the *mixed* minmax, where the others may randomise.  For two players it is the value
  of the zero-sum game in which the player maximises his payoff and the other minimises
  it (von Neumann's minimax theorem), computed exactly by
  :func:`solver.algorithms.zero_sum.solve_zero_sum`.  With three or more players
  independent mixing makes it a non-convex problem, and it is not computed here.

The **feasible** payoffs are the convex hull of the stage game's payoff vectors (with
public randomisation, or as limits of long-run averages).  The folk theorem (Fudenberg
and Maskin 1986, *Econometrica* 54(3); Mailath and Samuelson 2006, ch. 3) says that,
for two players, every feasible payoff vector strictly above the mixed minmax values is
the payoff of a subgame-perfect equilibrium once the discount factor is close enough to
1 (with more players it needs a full-dimensional feasible set).  For two players this
module computes the hull and the feasible, individually rational region exactly (as
polygons with rational vertices); :mod:`solver.io.folk_plot` draws them.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from solver.errors import GameError
from solver.numbers import format_number

__all__ = ["FeasibleSet", "folk_theorem", "convex_hull", "clip_polygon"]


def convex_hull(points) -> tuple[tuple[Fraction, Fraction], ...]:
    """Vertices of the convex hull of 2-d points, counter-clockwise, exactly (Andrew's
    monotone chain, 1979); one or two points when they do not span an area."""
    pts = sorted(set((Fraction(x), Fraction(y)) for x, y in points))
    if len(pts) <= 2:
        return tuple(pts)

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return tuple(lower[:-1] + upper[:-1])


def clip_polygon(polygon, axis: int, bound: Fraction):
    """The part of a convex polygon where coordinate ``axis`` is at least ``bound``
    (Sutherland and Hodgman 1974), exactly; degenerate polygons (a point, a segment)
    are clipped too."""
    poly = list(polygon)
    if not poly:
        return ()
    if len(poly) == 1:
        return tuple(poly) if poly[0][axis] >= bound else ()
    out = []
    for k in range(len(poly)):
        a, b = poly[k], poly[(k + 1) % len(poly)]
        ina, inb = a[axis] >= bound, b[axis] >= bound
        if ina:
            out.append(a)
        if ina != inb:
            s = (bound - a[axis]) / (b[axis] - a[axis])
            out.append(tuple(a[j] + s * (b[j] - a[j]) for j in range(2)))
    seen, uniq = set(), []
    for p in out:
        if p not in seen:
            seen.add(p)
            uniq.append(p)
    return tuple(uniq) if len(uniq) < 3 else convex_hull(uniq)


@dataclass(frozen=True)
class FeasibleSet:
    """Stage payoff vectors, minmax values and (two players) the feasible, individually
    rational region.

    Attributes
    ----------
    players : tuple of str
    points : tuple of (str, tuple)
        Each pure profile and its payoff vector.
    hull : tuple of points or None
        Vertices of the feasible set, counter-clockwise (two players).
    pure_minmax, pure_minmaxers : tuple
        Each player's pure minmax value and the others' profile that holds him to it.
    mixed_minmax, mixed_minmaxers : tuple or None
        Two players: each player's mixed minmax value and the other's minmaxing mix.
    region : tuple of points or None
        Vertices of the feasible payoffs at or above the minmax values (mixed for two
        players); empty when there are none.
    """

    players: tuple[str, ...]
    points: tuple[tuple[str, tuple], ...]
    hull: tuple | None
    pure_minmax: tuple[Fraction, ...]
    pure_minmaxers: tuple[str, ...]
    mixed_minmax: tuple[Fraction, ...] | None
    mixed_minmaxers: tuple[str, ...] | None
    region: tuple | None

    @property
    def minmax(self) -> tuple[Fraction, ...]:
        """The mixed minmax values where computed, else the pure ones."""
        return self.mixed_minmax if self.mixed_minmax is not None else self.pure_minmax

    def __str__(self) -> str:
        mm = ", ".join(f"{p} {format_number(v)}" for p, v in zip(self.players, self.minmax))
        kind = "mixed" if self.mixed_minmax is not None else "pure"
        lines = [f"Minmax values ({kind}): {mm}. No equilibrium of the repeated game gives a "
                 "player less."]
        if self.region is not None:
            if self.region:
                verts = ", ".join(_point(p) for p in self.region)
                shape = {1: "the single point", 2: "the segment from"}.get(
                    len(self.region), "the polygon with vertices")
                if len(self.region) == 2:
                    verts = verts.replace("), (", ") to (")
                lines.append(f"Feasible and individually rational payoffs: {shape} {verts}. "
                             "For delta close enough to 1 every feasible payoff strictly above "
                             "the minmax values is a subgame-perfect equilibrium payoff "
                             "(Fudenberg and Maskin 1986).")
            else:
                lines.append("No feasible payoff vector is at or above the minmax values.")
            lines.append("Feasible payoffs (convex hull of the stage payoffs): "
                         + ", ".join(_point(p) for p in self.hull) + ".")
        else:
            lines.append(f"With {len(self.players)} players the hull and the mixed minmax "
                         "are not computed; the stage payoff vectors are listed below.")
        for i, (p, v, w) in enumerate(zip(self.players, self.pure_minmax, self.pure_minmaxers)):
            by = (f"{self.players[1 - i]} playing {w}" if len(self.players) == 2
                  else f"the others playing ({w})")
            lines.append(f"  {p}: pure minmax {format_number(v)}, held there by {by}.")
        if self.mixed_minmaxers is not None:
            for p, v, w in zip(self.players, self.mixed_minmax, self.mixed_minmaxers):
                lines.append(f"  {p}: mixed minmax {format_number(v)}, held there by {w}.")
        lines.append("Stage payoffs: " + "; ".join(f"{name} {_point(v)}"
                                                   for name, v in self.points) + ".")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        def pts(ps):
            return None if ps is None else [[format_number(x) for x in p] for p in ps]
        return {"players": list(self.players),
                "points": [{"profile": n, "payoffs": [format_number(x) for x in v]}
                           for n, v in self.points],
                "hull": pts(self.hull), "region": pts(self.region),
                "pure_minmax": [format_number(x) for x in self.pure_minmax],
                "pure_minmaxers": list(self.pure_minmaxers),
                "mixed_minmax": None if self.mixed_minmax is None
                else [format_number(x) for x in self.mixed_minmax],
                "mixed_minmaxers": None if self.mixed_minmaxers is None
                else list(self.mixed_minmaxers)}


def _point(p) -> str:
    return "(" + ", ".join(format_number(x) for x in p) + ")"


def folk_theorem(stage) -> FeasibleSet:
    """Minmax values, feasible payoffs and the individually rational region of a stage game.

    Parameters
    ----------
    stage : NormalFormGame
        A concrete, exact stage game (or a RepeatedGame, whose stage game is used).

    Returns
    -------
    FeasibleSet

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   strategies=(("C", "D"), ("C", "D")))
    >>> f = folk_theorem(pd)
    >>> [str(x) for x in f.minmax], [tuple(map(str, p)) for p in f.region]
    (['1', '1'], [('1', '1'), ('13/3', '1'), ('3', '3'), ('1', '13/3')])
    """
    stage = getattr(stage, "stage", stage)
    if getattr(stage, "form", None) != "normal":
        raise GameError("folk_theorem needs a normal-form stage game")
    stage.require_concrete()
    if not stage.exact:
        raise GameError("folk_theorem needs exact payoffs (give floats as decimal strings)")
    n = stage.n_players
    cells = list(stage.cells())
    pay = {c: tuple(Fraction(x) for x in stage.payoff(c)) for c in cells}
    points = tuple((stage.cell_name(c), pay[c]) for c in cells)
    pure, holders = [], []
    for i in range(n):
        others = [range(m) for j, m in enumerate(stage.shape) if j != i]
        best = None
        for rest in itertools.product(*others):
            def cell(k):
                return rest[:i] + (k,) + rest[i:]
            v = max(pay[cell(k)][i] for k in range(stage.shape[i]))
            if best is None or v < best[0]:
                best = (v, rest)
        pure.append(best[0])
        labels = [stage.strategies[j][k] for j, k in zip([j for j in range(n) if j != i],
                                                          best[1])]
        holders.append(", ".join(labels))
    mixed = mixers = hull = region = None
    if n == 2:
        mixed, mixers = _mixed_minmax(stage)
        hull = convex_hull(v for _, v in points)
        region = clip_polygon(clip_polygon(hull, 0, mixed[0]), 1, mixed[1])
    return FeasibleSet(stage.players, points, hull, tuple(pure), tuple(holders),
                       mixed, mixers, region)


def _mixed_minmax(stage):
    """Each player's mixed minmax value in a two-player game, and the other's mix."""
    from solver.algorithms.zero_sum import solve_zero_sum
    from solver.analysis.prose import mix_text
    from solver.forms.normal.game import NormalFormGame
    A, B = stage.payoffs
    values, mixes = [], []
    for i, M in ((0, A), (1, B.T)):
        other = 1 - i
        zs = NormalFormGame.zero_sum([[x for x in row] for row in M],
                                     strategies=(stage.strategies[i], stage.strategies[other]))
        sol = solve_zero_sum(zs)
        values.append(Fraction(sol.value))
        mixes.append(f"{stage.players[other]} playing "
                     f"{mix_text(stage.strategies[other], sol.equilibria[0].probabilities[1])}")
    return tuple(values), tuple(mixes)
