"""Region maps: which outcome holds over two parameters, with exact boundaries.

:func:`region` moves two parameters (the *levers*) over their ranges, the others
held at their defaults or at given values, and maps which outcome holds where: the
path of play (or the choices at every information set), across the equilibria
found.  Everything is derived from solutions:

1. The game is solved on a coarse grid of points.  At each solved point the
   equilibrium's choices are comparisons of expressions in the parameters
   (:func:`solver.analysis.decisive.decisive_comparisons`; for a table, every
   payoff comparison and, for two players, the mixed equilibria's indifference
   conditions).  With the other parameters put in, each comparison is a rational
   function of the two levers; the irreducible factors of its numerator and
   denominator are the *candidate curves* (``kappa*s - 3/20``).  An outcome can
   change only where some comparison changes sign, that is on a candidate curve.
2. The candidate curves cut the map into cells (the sign of every curve is fixed
   in a cell).  Each cell is solved once, at an exact rational point inside it;
   a cell whose solution brings new comparisons adds their curves, until no new
   curve appears.  Cells with the same outcome form a *region*.
3. A curve is a *boundary* when neighbouring cells on its two sides have
   different outcomes; each one is confirmed by solving at two exact points, one
   on either side of it.  Boundaries are reported as sympy equations
   (``Eq(kappa*s, 3/20)``), and each region by the sides of its boundaries.
4. The coarse grid checks the map: the outcome solved at every grid point must be
   the one its cell says.  When it is not, or when a comparison is not a rational
   function of the levers, the map falls back to the solved grid and says so in its
   notes.  (``Max``, ``Min``, ``Abs`` and ``Piecewise`` are split into their
   branches and the curves where the branches switch, which keeps them exact.)

For a chosen choice (a player, an information set and an action) the map also
gives the *smallest changes* of the levers from the current point that make the
player take that action: each lever alone (the nearest root, along its axis, of a
candidate curve beyond which the choice holds), both together by the same share
of their ranges, and the nearest point of the region where the choice holds in
the distance normalised by the ranges (critical points of the distance on each
curve, by resultants, and the corners where curves meet each other or the edge of
the map).  Every move is confirmed by solving at the point it reaches.  On a map
that fell back to the grid, a move along a line is located by exact bisection
instead (and flagged as not exact), and the nearest point is not computed.

Limits.  Cells are found on an evaluation grid (``resolution`` points per axis),
so a region thinner than its spacing can be missed (the check grid usually catches
it, and the map falls back).  A tree's comparisons set each choice against its best
alternative at the point solved: a flip to an alternative that is worse there
shows up once a cell or a check point on the other side of it is solved.

References: regions of a parametric linear or polynomial system as cells of an
arrangement of its sign conditions (Basu, Pollack and Roy 2006, *Algorithms in
Real Algebraic Geometry*, ch. 11); the comparative statics of backward induction
(Osborne and Rubinstein 1994, sec. 6.2) and of support enumeration (Nisan et al.
2007, sec. 3.3).

The work is split along these steps: the inputs (:mod:`~solver.analysis.region_inputs`),
the state of one map and its candidate curves (:mod:`~solver.analysis.region_builder`,
:mod:`~solver.analysis.region_curves`), the cells and boundaries
(:mod:`~solver.analysis.region_cells`) or the grid fallback
(:mod:`~solver.analysis.region_grid`), the smallest changes
(:mod:`~solver.analysis.region_changes`), and the records with their text and JSON
(:mod:`~solver.analysis.region_records`, :mod:`~solver.analysis.region_text`).  The
picture is drawn by the renderer :mod:`solver.io.region_plot`.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from solver.analysis.region_builder import Builder
from solver.analysis.region_cells import MAX_CELLS, MAX_ROUNDS, exact_map, find_cells  # noqa: F401
from solver.analysis.region_changes import (  # noqa: F401
    BISECTIONS,
    MAX_NEAREST_DEGREE,
    NEAR,
    ChangeFinder,
    default_targets,
)
from solver.analysis.region_curves import MAX_PIECES  # noqa: F401
from solver.analysis.region_grid import grid_map
from solver.analysis.region_inputs import read_inputs, read_targets
from solver.analysis.region_records import Boundary, Move, Region, RegionMap, SmallestChange
from solver.errors import GameError

# (MAX_CELLS, MAX_ROUNDS, BISECTIONS, MAX_NEAREST_DEGREE, NEAR and MAX_PIECES, the limits of
# the steps, live in the steps' modules and are importable from here as before.)
__all__ = ["Region", "Boundary", "Move", "SmallestChange", "RegionMap", "region",
           "region_command"]

#: Points per axis of the grid solved to check the map (and to draw it when the
#: exact conditions do not explain it).
DEFAULT_GRID = 10
#: Points per axis of the grid on which the exact conditions are evaluated to find
#: the cells and to draw the map.
DEFAULT_RESOLUTION = 200
#: Trees: deviations followed by default when reading the comparisons (the threats
#: and promises behind an alternative's value).
DEFAULT_DEPTH = 3

#: Largest ``grid`` and ``resolution`` (points per axis): the solved grid costs
#: ``grid**2`` solutions, the evaluation grid ``resolution**2`` evaluations.
MAX_GRID = 100
MAX_RESOLUTION = 2000

_OUTCOMES = ("path", "choices")


def region(game, levers, *, params: Mapping[str, Any] | None = None, target=None,
           outcome: str = "path", method: str = "auto", grid: int = DEFAULT_GRID,
           resolution: int = DEFAULT_RESOLUTION, depth: int | None = None,
           **solve_options: Any) -> RegionMap:
    """Which outcome holds over two parameters, with exact boundaries and the
    smallest changes that flip a choice.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        A parametric game in which both levers are free.
    levers : mapping or sequence
        The two parameters, the first drawn across: ``{"kappa": (0, 1), "s": (0,
        1/2)}``, or ``["kappa", "s"]`` (or a range ``None``) for the ranges the game
        records.
    params : mapping, optional
        Values of the other parameters (their defaults otherwise); a value for a
        lever sets the current point (default: the lever's default).
    target : tuple or list of tuples, optional
        ``(player, at, action)`` (``(player, action)`` in a table): the choices whose
        smallest changes are computed.  Default: the alternatives of the decisions
        on the current path whose comparisons involve a lever.
    outcome : ``"path"`` or ``"choices"``
        What makes two points' outcomes the same: the path of play of each
        equilibrium, or the choice at every information set (off the path too).
    method : str
        The solver at each point (as for :func:`solver.analysis.parametric.thresholds`).
    grid : int
        Points per axis of the solved check grid.
    resolution : int
        Points per axis on which the exact conditions are evaluated (cells, picture).
    depth : int, optional
        Trees: how many deviations deep the comparisons are followed (default
        :data:`DEFAULT_DEPTH`, at most the number of information sets).

    Returns
    -------
    RegionMap
        Prints as text; ``to_dict()`` for JSON; ``plot(path)`` with matplotlib (the
        renderer :func:`solver.io.region_plot.plot_region`); ``classify(point)`` from
        the exact conditions.

    Raises
    ------
    GameError
        For unknown or fixed parameters, missing or empty ranges, a bad target or
        outcome.

    Examples
    --------
    Russia (maximalist type) declines the DV offer while ``x + kappa*s < p - c_R``;
    with the other parameters at their defaults that is ``kappa*s < 3/20``:

    >>> import games
    >>> m = region(games.get("diplomatic-victory"), {"kappa": (0, 1), "s": (0, "1/2")},
    ...            target=("Russia", "DV | Maximalist", "Accept"), grid=4, resolution=40)
    >>> m.region_of(m.current_region).text
    'West: DV; Russia: Decline at DV | Maximalist, Accept at DV | Limited'
    >>> [b.text for b in m.boundaries if "DV | Maximalist" in b.causes[0]]
    ['kappa*s = 3/20']
    >>> [(move.kind, move.changes) for move in m.smallest_changes[0].moves][:3]
    [('alone', (0, Fraction(1, 10))), ('alone', (Fraction(1, 4), 0)), \
('together', (Fraction(1, 10), Fraction(1, 20)))]
    """
    if outcome not in _OUTCOMES:
        raise GameError(f"outcome must be 'path' or 'choices', got {outcome!r}")
    if isinstance(grid, bool) or not isinstance(grid, int) or not 2 <= grid <= MAX_GRID:
        raise GameError(f"grid must be an integer from 2 to {MAX_GRID} (MAX_GRID), got {grid!r}")
    if isinstance(resolution, bool) or not isinstance(resolution, int) \
            or not 10 <= resolution <= MAX_RESOLUTION:
        raise GameError(f"resolution must be an integer from 10 to {MAX_RESOLUTION} "
                        f"(MAX_RESOLUTION), got {resolution!r}")
    names, ranges, fixed, current = read_inputs(game, levers, params)
    targets = read_targets(game, target)
    if depth is None:
        depth = 1 if game.form == "normal" else min(DEFAULT_DEPTH, max(1, sum(
            len(s) for s in game.infosets)))
    bld = Builder(game, names, ranges, fixed, current, method, solve_options, outcome, grid,
                   resolution, depth)
    notes: list[str] = []

    # 1. the check grid, and the comparisons of every regime met on it
    for pb in bld.coarse_b:
        for pa in bld.coarse_a:
            bld.learn(bld.solve(pa, pb))
    inside = current is not None and all(lo <= x <= hi for x, (lo, hi) in zip(current, ranges))
    if current is not None:
        bld.learn(bld.solve(*current))
        if not inside:
            notes.append("the current point lies outside the map; no smallest changes")
    if current is None:
        notes.append("a lever has no default value: there is no current point")

    # 2. cells of the candidate curves, solved until no new curve appears
    exact = not bld.not_polynomial and bld.limit_note is None
    cells = None
    if exact:
        cells, problem = find_cells(bld)
        if problem:
            notes.append(problem)
            exact = False
    if bld.not_polynomial:
        shown = "; ".join(bld.not_polynomial[:3])
        notes.append(f"some conditions are not polynomial in {names[0]} and {names[1]} "
                     f"({shown}); the map shows the solved {grid}x{grid} grid (pass a larger "
                     f"grid for more detail), and only the polynomial boundaries are exact")
    if bld.limit_note:
        notes.append(f"comparisons not read ({bld.limit_note}); the map shows the solved grid")

    # 3. regions
    if exact:
        rmap = exact_map(bld, cells, notes)
    else:
        rmap = grid_map(bld, notes)
    regions, plot_grid, boundaries, table, curves = rmap

    # the check grid's labels, and the current point's region
    by_signature = {r.outcome: r.label for r in regions}
    labels = tuple(tuple(by_signature.get(bld.solve(pa, pb).signature) for pa in bld.coarse_a)
                   for pb in bld.coarse_b)
    current_region = None
    if inside:
        current_region = by_signature.get(bld.solve(*current).signature)
        if current_region is None:
            notes.append("the current point lies on a boundary: its outcome is none of the "
                         "regions'")

    # 4. smallest changes
    changes = ()
    if inside:
        if targets is None:
            targets = default_targets(bld, current)
        finder = ChangeFinder(bld, curves, cells if exact else None)
        changes = tuple(finder.smallest(t) for t in targets)

    return RegionMap(
        parameters=names, ranges=ranges, fixed=dict(fixed), current=current,
        current_region=current_region, regions=regions, boundaries=boundaries,
        smallest_changes=changes, outcome=outcome,
        method=next(iter(bld.points.values())).solution.method if bld.points else method,
        approach="exact conditions" if exact else "grid", notes=tuple(notes),
        grid=(tuple(bld.coarse_a), tuple(bld.coarse_b), labels),
        title=getattr(game, "title", "") or "", plot_grid=plot_grid,
        meanings={n: game.parameter_specs[n].meaning for n in names
                  if n in game.parameter_specs},
        cells=(tuple(curves), table) if exact else None)


def region_command(game, p1: str, p2: str, fmt: str = "text", plot_path=None, target=None, *,
                   params: Mapping[str, Any] | None = None,
                   ranges: Mapping[str, Any] | None = None, outcome: str = "path",
                   method: str = "auto") -> str:
    """Text (``fmt="text"``) or JSON (``fmt="json"``) for ``gamesolver region``; with
    ``plot_path``, also draw the map there (with :meth:`RegionMap.plot`, so with the
    renderer :mod:`solver.io.region_plot` imported: the command imports this function
    from there).

    ``ranges`` maps a lever to ``(low, high)`` (default: the ranges the game records);
    ``target`` is ``(player, at, action)``.
    """
    if fmt not in ("text", "json"):
        raise GameError(f"unknown format {fmt!r}; choose text or json")
    ranges = dict(ranges or {})
    unknown = sorted(set(ranges) - {p1, p2})
    if unknown:
        raise GameError(f"a range was given for {unknown[0]!r}, which is not one of the two "
                        f"parameters mapped ({p1}, {p2})")
    m = region(game, {p1: ranges.get(p1), p2: ranges.get(p2)}, params=params,
               target=tuple(target) if target else None, outcome=outcome, method=method)
    out = json.dumps(m.to_dict()) if fmt == "json" else str(m)
    if plot_path:
        m.plot(plot_path)
        if fmt == "text":
            out += f"\nplot written to {plot_path}"
    return out
