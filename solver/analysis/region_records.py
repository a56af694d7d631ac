"""The records of a region map: regions, boundaries, moves, smallest changes and the
map itself, with their text and JSON (:mod:`solver.analysis.region`).  The picture is
drawn by the renderer :func:`solver.io.region_plot.plot_region`, which
:meth:`RegionMap.plot` reaches through :func:`register_plotter` (analysis never imports
io)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from solver.analysis.comparisons import expression_text
from solver.analysis.prose import join_words
from solver.analysis.region_curves import resolve_zeros
from solver.analysis.region_inputs import exact_value
from solver.analysis.region_text import (
    change_sentence,
    json_exact,
    point_dict,
    point_text,
    relation_text,
)
from solver.errors import GameError
from solver.numbers import format_number, json_number

__all__ = ["Boundary", "Region", "Move", "SmallestChange", "RegionMap", "register_plotter"]

#: The renderer that draws a map for :meth:`RegionMap.plot`, set by
#: :func:`register_plotter`: :mod:`solver.io.region_plot` registers its ``plot_region``
#: when it is imported.
_RENDERER: dict = {}


def register_plotter(draw) -> None:
    """Make :meth:`RegionMap.plot` draw with ``draw``.

    Parameters
    ----------
    draw : callable
        ``draw(region_map, path, *, ax, dpi)``, returning the axes it drew into
        (:func:`solver.io.region_plot.plot_region`, registered when that module is
        imported).
    """
    _RENDERER["plot"] = draw


@dataclass(frozen=True)
class Boundary:
    """A curve on which the outcome changes: ``relation`` is a sympy equation in the
    two levers (``Eq(kappa*s, 3/20)``).

    Attributes
    ----------
    relation : sympy.Eq
        The curve, with the positive terms on the left (``kappa*s = 3/20``).
    expression : sympy expression
        ``relation.lhs - relation.rhs``: positive on one side, negative on the other.
    between : tuple of (str, str)
        The labels of the regions it separates.
    causes : tuple of str
        The comparisons that change sign on it, in the game's own parameters.
    confirmed_at : tuple of (point, point)
        Exact points on either side at which solving gave the two outcomes.
    """

    relation: Any
    expression: Any
    between: tuple[tuple[str, str], ...]
    causes: tuple[str, ...] = ()
    confirmed_at: tuple = ()

    @property
    def text(self) -> str:
        """``"kappa*s = 3/20"``."""
        return relation_text(self.relation)

    def to_dict(self, names=None) -> dict:
        return {"relation": self.text, "lhs": expression_text(self.relation.lhs),
                "rhs": expression_text(self.relation.rhs),
                "between": [list(p) for p in self.between], "causes": list(self.causes),
                "confirmed_at": [[point_dict(names, p) for p in pair]
                                 for pair in self.confirmed_at] if names else []}


@dataclass(frozen=True)
class Region:
    """The part of the map where one outcome holds.

    Attributes
    ----------
    label : str
        ``"A"``, ``"B"``, ... (the current point's region first, then by area).
    outcome : tuple
        One entry per distinct equilibrium outcome, each a tuple of
        ``(player, at, choice)``: the path of play, or every information set's
        choice (``choice`` is the support, ``"Hawk+Dove"`` for a mix).
    text : str
        The outcome in words.
    representative : (Fraction, Fraction)
        An exact point of the region where the game was solved.
    share : float
        The share of the map's area (on the evaluation grid).
    boundaries : tuple of sympy.Eq
        The boundaries that delimit it.
    conditions : tuple of sympy relations
        The side of each boundary the region lies on (``kappa*s < 3/20``), for
        the boundaries it lies on one side of.
    described_exactly : bool
        True when the conditions together describe the region (on the grid).
    """

    label: str
    outcome: tuple
    text: str
    representative: tuple
    share: float
    boundaries: tuple = ()
    conditions: tuple = ()
    described_exactly: bool = False

    def to_dict(self, names=None) -> dict:
        return {"label": self.label, "text": self.text,
                "outcome": [[{"player": p, "at": at, "choice": c} for p, at, c in eq]
                            for eq in self.outcome],
                "representative": point_dict(names, self.representative) if names else
                [json_number(x) for x in self.representative],
                "share": round(self.share, 4),
                "boundaries": [relation_text(r) for r in self.boundaries],
                "conditions": [relation_text(r) for r in self.conditions],
                "described_exactly": self.described_exactly}


@dataclass(frozen=True)
class Move:
    """One way of moving the levers into the target region.

    Attributes
    ----------
    kind : str
        ``"alone"`` (one lever), ``"together"`` (both by the same share of their
        ranges) or ``"nearest"`` (the nearest point, in units of the ranges).
    changes : (number, number)
        The change of each lever (0 for a lever that does not move); exact
        (Fraction or sympy algebraic number) where the curve is polynomial.
    to : (number, number)
        The point reached: on the boundary of the target region.
    distance : float
        ``sqrt((da/range_a)**2 + (db/range_b)**2)``.
    share : number or None
        For ``"together"``: the share of the ranges both levers move by.
    confirmed_at : (Fraction, Fraction) or None
        An exact point just beyond ``to`` where solving gives the target choice.
    exact : bool
        False for a change located by bisection on a grid map (``to`` is then the
        simplest fraction in the final bracket).
    """

    kind: str
    changes: tuple
    to: tuple
    distance: float
    share: Any = None
    confirmed_at: tuple | None = None
    exact: bool = True

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    def to_dict(self, names) -> dict:
        out = {"kind": self.kind,
               "changes": {n: json_exact(c) for n, c in zip(names, self.changes)},
               "to": {n: json_exact(v) for n, v in zip(names, self.to)},
               "distance": round(float(self.distance), 10),
               "confirmed": self.confirmed, "exact": self.exact}
        if self.share is not None:
            out["share"] = json_exact(self.share)
        if self.confirmed_at is not None:
            out["confirmed_at"] = point_dict(names, self.confirmed_at)
        return out


@dataclass(frozen=True)
class SmallestChange:
    """The smallest moves of the levers that make ``player`` take ``action`` at ``at``
    (in every equilibrium found).

    ``moves`` holds, in this order, the lever-alone moves (the nearer first, in
    units of the ranges), the move of both by the same share, and the nearest point.
    """

    player: str
    at: str
    action: str
    holds_now: bool
    moves: tuple[Move, ...] = ()
    unreachable: tuple[str, ...] = ()

    def to_dict(self, names) -> dict:
        return {"player": self.player, "at": self.at, "action": self.action,
                "holds_now": self.holds_now, "moves": [m.to_dict(names) for m in self.moves],
                "unreachable": list(self.unreachable)}


@dataclass(frozen=True)
class RegionMap:
    """Which outcome holds over two parameters: regions, exact boundaries, smallest changes.

    Attributes
    ----------
    parameters : (str, str)
        The two levers, the first drawn across.
    ranges : ((Fraction, Fraction), (Fraction, Fraction))
    fixed : mapping
        The values of the other parameters.
    current : (number, number) or None
        The current point (the levers' defaults, or the values given).
    current_region : str or None
        The label of the current point's region (None on a boundary or outside).
    regions : tuple of Region
    boundaries : tuple of Boundary
    smallest_changes : tuple of SmallestChange
    outcome : str
        ``"path"`` or ``"choices"``.
    method : str
        The solver used at each point.
    approach : str
        ``"exact conditions"`` or ``"grid"`` (see the notes).
    notes : tuple of str
    grid : tuple
        The check grid: ``(values_a, values_b, labels)`` with ``labels[j][i]`` the
        region solved at ``(values_a[i], values_b[j])`` (None if it is on no region).
    title : str
        The game's title.
    """

    parameters: tuple[str, str]
    ranges: tuple
    fixed: Mapping[str, Any]
    current: tuple | None
    current_region: str | None
    regions: tuple[Region, ...]
    boundaries: tuple[Boundary, ...]
    smallest_changes: tuple[SmallestChange, ...]
    outcome: str
    method: str
    approach: str
    notes: tuple[str, ...] = ()
    grid: tuple = field(default=(), repr=False)
    title: str = ""
    meanings: Mapping[str, str] = field(default=None, repr=False, compare=False)
    plot_grid: Any = field(default=None, repr=False, compare=False)
    cells: Any = field(default=None, repr=False, compare=False)

    # ------------------------------------------------------------ queries
    def region_of(self, label: str) -> Region:
        for r in self.regions:
            if r.label == label:
                return r
        raise GameError(f"no region {label!r}; the regions are "
                        f"{[r.label for r in self.regions]}")

    def classify(self, point) -> str | None:
        """The label of the region a point lies in, read from the exact conditions
        (no solving); None on a boundary or where the map does not know.

        ``point`` is a pair of exact numbers or a mapping from the levers' names.
        """
        if isinstance(point, Mapping):
            point = (point[self.parameters[0]], point[self.parameters[1]])
        pa, pb = (exact_value(x, f"value of {n!r}") for x, n in zip(point, self.parameters))
        if self.cells is None:
            return None
        factors, table = self.cells
        signs = tuple(f.sign(pa, pb) for f in factors)
        if 0 in signs:
            found = {table.get(k) for k in resolve_zeros(signs)} - {None}
            return found.pop() if len(found) == 1 else None
        return table.get(tuple(s > 0 for s in signs))

    # ------------------------------------------------------------ output
    def to_dict(self) -> dict:
        a, b = self.parameters
        names = self.parameters
        out = {"title": self.title, "parameters": list(names),
               "ranges": {n: [json_number(lo), json_number(hi)]
                          for n, (lo, hi) in zip(names, self.ranges)},
               "fixed": {k: json_number(v) for k, v in self.fixed.items()},
               "current": point_dict(names, self.current) if self.current else None,
               "current_region": self.current_region, "outcome": self.outcome,
               "method": self.method, "approach": self.approach,
               "regions": [r.to_dict(names) for r in self.regions],
               "boundaries": [bd.to_dict(names) for bd in self.boundaries],
               "smallest_changes": [c.to_dict(names) for c in self.smallest_changes],
               "notes": list(self.notes)}
        if self.grid:
            xs, ys, labels = self.grid
            out["grid"] = {a: [json_number(x) for x in xs], b: [json_number(y) for y in ys],
                           "regions": [list(row) for row in labels]}
        return out

    def _repr_html_(self) -> str:
        from solver.io.notebook import region_html  # a display hook (upward)
        return region_html(self)

    def __str__(self) -> str:
        a, b = self.parameters
        (la, ha), (lb, hb) = self.ranges
        lines = []
        head = f"Outcome map of {self.title}" if self.title else "Outcome map"
        what = "the path of play" if self.outcome == "path" else "the choice at every decision"
        lines.append(f"{head} over {a} in [{format_number(la)}, {format_number(ha)}] and {b} "
                     f"in [{format_number(lb)}, {format_number(hb)}] (outcome: {what}; "
                     f"solved by {self.method}; {self.approach}).")
        if self.fixed:
            lines.append("Other parameters: " + ", ".join(
                f"{k} = {format_number(v)}" for k, v in self.fixed.items()) + ".")
        n = len(self.regions)
        lines.append(f"{n} region{'s' if n != 1 else ''}:")
        for r in self.regions:
            where = []
            if r.label == self.current_region and self.current is not None:
                where.append(f"the current point, {point_text(self.parameters, self.current)}")
            where.append(f"{100 * r.share:.0f}% of the map")
            lines.append(f"  {r.label} ({'; '.join(where)}): {r.text}")
            if r.conditions and r.described_exactly:
                lines.append("     where " + join_words([relation_text(c) for c in r.conditions]))
            elif r.boundaries:
                lines.append("     bounded by " + join_words(
                    [relation_text(c) for c in r.boundaries])
                    + ("" if not r.conditions else " (on the side "
                       + join_words([relation_text(c) for c in r.conditions]) + ")"))
        if not self.boundaries:
            if n == 1:
                lines.append("No boundary: the outcome is the same over the whole map.")
            else:
                lines.append("No exact boundary (see the notes).")
        else:
            k = len(self.boundaries)
            lines.append(f"{k} boundar{'ies' if k != 1 else 'y'}:")
            for bd in self.boundaries:
                pairs = join_words([f"{x} from {y}" for x, y in bd.between])
                lines.append(f"  {bd.text} separates {pairs}")
                for cause in bd.causes[:3]:
                    lines.append(f"     where {cause}")
                if len(bd.causes) > 3:
                    lines.append(f"     (and {len(bd.causes) - 3} more comparisons)")
        if self.smallest_changes:
            at = point_text(self.parameters, self.current) if self.current else ""
            lines.append(f"Smallest changes from {at}:")
            for c in self.smallest_changes:
                lines.append("  " + change_sentence(c, self.parameters))
        for note in self.notes:
            lines.append(f"Note: {note}")
        return "\n".join(lines)


    # ------------------------------------------------------------ picture
    def plot(self, path=None, *, ax=None, dpi: int = 150):
        """Draw the map: filled regions labelled with their outcome, the boundaries
        labelled with their equations, the current point marked.

        The drawing is done by the renderer :func:`solver.io.region_plot.plot_region`
        (the same as ``plot_region(self, path, ax=ax, dpi=dpi)``), available once
        :mod:`solver.io.region_plot` has been imported (the command imports it).

        Parameters
        ----------
        path : str or Path, optional
            Save the figure there (PNG, PDF, SVG: by the extension).
        ax : matplotlib Axes, optional
            Draw into these axes (the key goes below them).
        dpi : int
            The resolution of the saved figure.

        Returns
        -------
        matplotlib Axes
            Its texts hold the region labels and the boundaries' equations.

        Raises
        ------
        GameError
            When matplotlib is missing (``pip install 'gamesolver[plot]'``), or when
            the renderer has not been imported.
        """
        draw = _RENDERER.get("plot")
        if draw is None:
            raise GameError("drawing a region map needs its renderer: import "
                            "solver.io.region_plot first, or call "
                            "solver.io.region_plot.plot_region(region_map, path)")
        return draw(self, path, ax=ax, dpi=dpi)
