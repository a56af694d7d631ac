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
"""
from __future__ import annotations

import itertools
import json
import math
import textwrap
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Mapping

import numpy as np
import sympy

from solver.analysis.comparison_flips import choice_at
from solver.analysis.comparisons import expression_text
from solver.analysis.decisive import decisive_comparisons
from solver.analysis.exact_roots import SymbolicLimit, exact_or_float, rational_between, real_roots
from solver.analysis.parameter_points import node_label, solve_at
from solver.analysis.path import path_moves
from solver.analysis.prose import join_words
from solver.errors import GameError, SolverLimitError
from solver.numbers import format_number, json_number, sympify_number, to_number

__all__ = ["Region", "Boundary", "Move", "SmallestChange", "RegionMap", "region",
           "region_command"]

#: Points per axis of the grid solved to check the map (and to draw it when the
#: exact conditions do not explain it).
DEFAULT_GRID = 10
#: Points per axis of the grid on which the exact conditions are evaluated to find
#: the cells and to draw the map.
DEFAULT_RESOLUTION = 200
#: Most cells solved before the map gives up the exact conditions for the grid.
MAX_CELLS = 400
#: Trees: deviations followed by default when reading the comparisons (the threats
#: and promises behind an alternative's value).
DEFAULT_DEPTH = 3
#: Most expressions a comparison with ``Max``, ``Min``, ``Abs`` or ``Piecewise`` is
#: split into (its branches and the switches between them).
MAX_PIECES = 64
#: Halvings of the bracket when a grid map locates a change along a line.
BISECTIONS = 20
#: Most rounds of "solve the new cells, read their comparisons".
MAX_ROUNDS = 8
#: Largest total degree of a curve whose nearest point is computed by resultants.
MAX_NEAREST_DEGREE = 6
#: Radius (in units of the ranges) of the circle around a candidate nearest point
#: on which the target region is looked for.
NEAR = Fraction(1, 10 ** 6)

_OUTCOMES = ("path", "choices")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


# ====================================================================== records
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
        return _relation_text(self.relation)

    def to_dict(self, names=None) -> dict:
        return {"relation": self.text, "lhs": expression_text(self.relation.lhs),
                "rhs": expression_text(self.relation.rhs),
                "between": [list(p) for p in self.between], "causes": list(self.causes),
                "confirmed_at": [[_point_dict(names, p) for p in pair]
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
                "representative": _point_dict(names, self.representative) if names else
                [json_number(x) for x in self.representative],
                "share": round(self.share, 4),
                "boundaries": [_relation_text(r) for r in self.boundaries],
                "conditions": [_relation_text(r) for r in self.conditions],
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
               "changes": {n: _json_exact(c) for n, c in zip(names, self.changes)},
               "to": {n: _json_exact(v) for n, v in zip(names, self.to)},
               "distance": round(float(self.distance), 10),
               "confirmed": self.confirmed, "exact": self.exact}
        if self.share is not None:
            out["share"] = _json_exact(self.share)
        if self.confirmed_at is not None:
            out["confirmed_at"] = _point_dict(names, self.confirmed_at)
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
        pa, pb = (_exact(x, f"value of {n!r}") for x, n in zip(point, self.parameters))
        if self.cells is None:
            return None
        factors, table = self.cells
        signs = tuple(f.sign(pa, pb) for f in factors)
        if 0 in signs:
            found = {table.get(k) for k in _resolve_zeros(signs)} - {None}
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
               "current": _point_dict(names, self.current) if self.current else None,
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
                where.append(f"the current point, {_point_text(self.parameters, self.current)}")
            where.append(f"{100 * r.share:.0f}% of the map")
            lines.append(f"  {r.label} ({'; '.join(where)}): {r.text}")
            if r.conditions and r.described_exactly:
                lines.append("     where " + join_words([_relation_text(c) for c in r.conditions]))
            elif r.boundaries:
                lines.append("     bounded by " + join_words(
                    [_relation_text(c) for c in r.boundaries])
                    + ("" if not r.conditions else " (on the side "
                       + join_words([_relation_text(c) for c in r.conditions]) + ")"))
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
            at = _point_text(self.parameters, self.current) if self.current else ""
            lines.append(f"Smallest changes from {at}:")
            for c in self.smallest_changes:
                lines.append("  " + _change_sentence(c, self.parameters))
        for note in self.notes:
            lines.append(f"Note: {note}")
        return "\n".join(lines)

    # ------------------------------------------------------------ picture
    def plot(self, path=None, *, ax=None, dpi: int = 150):
        """Draw the map: filled regions labelled with their outcome, the boundaries
        labelled with their equations, the current point marked.

        Parameters
        ----------
        path : str or Path, optional
            Save the figure there (PNG, PDF, SVG: by the extension).
        ax : matplotlib Axes, optional
            Draw into these axes (the key goes below them).

        Returns
        -------
        matplotlib Axes
            Its texts hold the region labels and the boundaries' equations.

        Raises
        ------
        GameError
            When matplotlib is missing (``pip install 'gamesolver[plot]'``).
        """
        try:
            from matplotlib.colors import ListedColormap
            from matplotlib.figure import Figure
            from matplotlib.lines import Line2D
            from matplotlib.patches import Patch
        except ImportError:
            raise GameError("drawing a region map needs matplotlib: install the plot extra "
                            "with pip install 'gamesolver[plot]'") from None
        a, b = self.parameters
        (la, ha), (lb, hb) = (tuple(float(x) for x in r) for r in self.ranges)
        xa, xb, grid, bands = self.plot_grid
        palette = ["#a6cee3", "#fdbf6f", "#b2df8a", "#fb9a99", "#cab2d6", "#ffff99",
                   "#8dd3c7", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"]
        colours = [palette[k % len(palette)] for k in range(max(1, len(self.regions)))]
        keys = ["\n".join(textwrap.wrap(f"{r.label}: {r.text}", 110)) for r in self.regions]
        own = ax is None
        if own:
            fig = Figure(figsize=(9, 8))
            box = _axes_box(sum(k.count("\n") + 1 for k in keys))
            fig.set_size_inches(9, box[4])
            ax = fig.add_axes(box[:4])
        fig = ax.figure
        ax.imshow(np.where(grid < 0, np.nan, grid), origin="lower", extent=(la, ha, lb, hb),
                  aspect="auto", cmap=ListedColormap(colours), vmin=-0.5,
                  vmax=len(colours) - 0.5, interpolation="nearest")
        ax.set_xlim(la, ha)
        ax.set_ylim(lb, hb)
        meanings = dict(self.meanings or {})
        ax.set_xlabel(_axis_label(a, meanings.get(a), 90), fontsize=9)
        ax.set_ylabel(_axis_label(b, meanings.get(b), 55), fontsize=9)
        title = f"{self.title}: outcome over {a} and {b}" if self.title else \
            f"Outcome over {a} and {b}"
        ax.set_title(title + ("" if self.approach == "exact conditions" else
                              " (grid; see the notes)"), fontsize=11)
        layout = _Layout(ax)

        # the current point first: the labels keep clear of it
        if self.current is not None and la <= self.current[0] <= ha and \
                lb <= self.current[1] <= hb:
            cx, cy = (float(x) for x in self.current)
            ax.plot([cx], [cy], marker="*", markersize=16, color="#d62728",
                    markeredgecolor="white", zorder=5)
            low = (cy - lb) / (hb - lb) < 0.15
            right = (cx - la) / (ha - la) > 0.7
            note = "current point\n" + _point_text(self.parameters, self.current)
            ax.annotate(note, (cx, cy), xytext=(-8 if right else 8, 8 if low else -8),
                        textcoords="offset points", fontsize=8, va="bottom" if low else "top",
                        ha="right" if right else "left", color="#d62728")
            layout.reserve(cx, cy, note, 8, 0, ("right" if right else "left",
                                                "bottom" if low else "top"), (8, 8))
        # the regions, at a point deep inside each, with the outcome when it fits
        short = _short_labels(self.regions)
        avoid = None
        if self.current is not None:
            avoid = np.add.outer(((xb - float(self.current[1])) / (hb - lb)) ** 2,
                                 ((xa - float(self.current[0])) / (ha - la)) ** 2) < 0.12 ** 2
        for k, r in enumerate(self.regions):
            spot = _label_spot(grid == k, xa, xb, layout.covered(xa, xb, avoid))
            if spot is None:
                continue
            x, y, depth = spot
            room = (1.6 * depth * layout.step(len(xa), len(xb))[0],
                    1.6 * depth * layout.step(len(xa), len(xb))[1])
            text = r.label
            for width in (30, 24, 18, 14):
                lines = textwrap.wrap(short[k], width) if short[k] else []
                if not lines:
                    break
                w, h = layout.size(f"{r.label}\n" + "\n".join(lines), 8)
                if w <= room[0] and h <= room[1]:
                    text = f"{r.label}\n" + "\n".join(lines)
                    break
            size = 8 if "\n" in text else 12
            if r.share < 0.02 and not layout.free(x, y, text, size, 0, inside=False):
                continue        # a sliver next to labelled regions: the key names it
            ax.text(x, y, text, ha="center", va="center", fontsize=size, fontweight="bold",
                    color="#222222",
                    bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="none", alpha=0.75))
            layout.reserve(x, y, text, size, 0)
        # the boundaries, drawn where they separate regions, with their equations
        X, Y = np.meshgrid(xa, xb)
        sa, sb = sympy.Symbol(a), sympy.Symbol(b)
        unlabelled = []
        for k, bd in enumerate(self.boundaries):
            values = _evaluate_float(bd.expression, sa, sb, X, Y)
            cs = ax.contour(X, Y, np.ma.array(values, mask=~bands[k]), levels=[0.0],
                            colors="black", linewidths=1.8, linestyles="solid")
            for x, y, angle in _curve_spots(cs, ax, k, len(self.boundaries)):
                if layout.free(x, y, bd.text, 9, angle):
                    ax.text(x, y, bd.text, rotation=angle, rotation_mode="anchor",
                            ha="center", va="center", fontsize=9, color="black",
                            bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="black",
                                      lw=0.6, alpha=0.9))
                    layout.reserve(x, y, bd.text, 9, angle)
                    break
            else:
                unlabelled.append(bd)
        handles = [Patch(facecolor=colours[k], edgecolor="grey", label=keys[k])
                   for k in range(len(self.regions))]
        for bd in unlabelled:
            pairs = ", ".join("/".join(p) for p in bd.between)
            handles.append(Line2D([], [], color="black", lw=1.8,
                                  label=f"{bd.text} (between {pairs})"))
        if own:
            rows = sum(h.get_label().count("\n") + 1 for h in handles)
            box = _axes_box(rows)
            fig.set_size_inches(9, box[4])
            ax.set_position(box[:4])
            fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.02, 0.01),
                       fontsize=8, frameon=False)
        else:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.12),
                      fontsize=7, frameon=False)
        if path is not None:
            fig.savefig(path, dpi=dpi)
        return ax


def _axes_box(rows: int):
    """Where the axes go (figure fractions) and the figure's height (inches): the axes
    keep 5 inches, the key below them gets a line per row."""
    legend_in, axes_in = 0.2 * rows + 0.25, 5.0
    height = 0.55 + axes_in + 0.95 + legend_in
    return (0.1, (legend_in + 0.95) / height, 0.86, axes_in / height, height)


class _Layout:
    """Boxes already written on the axes (in pixels), to keep labels apart."""

    def __init__(self, ax):
        self.ax = ax
        self.box = ax.get_window_extent()
        self.px = ax.figure.dpi / 72
        self.taken: list = []

    def step(self, nx, ny):
        return self.box.width / nx, self.box.height / ny

    def size(self, text, fontsize):
        lines = text.split("\n")
        return (max(len(line) for line in lines) * 0.6 * fontsize * self.px + 6,
                len(lines) * 1.35 * fontsize * self.px + 6)

    def _rect(self, x, y, text, fontsize, angle, align=("center", "center"), offset=(0, 0)):
        w, h = self.size(text, fontsize)
        t = math.radians(angle)
        W = abs(w * math.cos(t)) + abs(h * math.sin(t))
        H = abs(w * math.sin(t)) + abs(h * math.cos(t))
        cx, cy = self.ax.transData.transform((x, y))
        cx += {"left": W / 2 + offset[0], "right": -W / 2 - offset[0]}.get(align[0], 0)
        cy += {"bottom": H / 2 + offset[1], "top": -H / 2 - offset[1]}.get(align[1], 0)
        return cx - W / 2, cy - H / 2, cx + W / 2, cy + H / 2

    def free(self, x, y, text, fontsize, angle, inside: bool = True) -> bool:
        x0, y0, x1, y1 = self._rect(x, y, text, fontsize, angle)
        b = self.box
        if inside and (x0 < b.x0 or y0 < b.y0 or x1 > b.x1 or y1 > b.y1):
            return False
        return all(x1 <= u0 or u1 <= x0 or y1 <= v0 or v1 <= y0 for u0, v0, u1, v1 in self.taken)

    def covered(self, xa, xb, also=None):
        """The points of the evaluation grid under the boxes written so far (or in
        ``also``)."""
        out = np.zeros((len(xb), len(xa)), dtype=bool) if also is None else also.copy()
        inverse = self.ax.transData.inverted()
        for x0, y0, x1, y1 in self.taken:
            (u0, v0), (u1, v1) = inverse.transform([(x0, y0), (x1, y1)])
            out |= np.outer((xb >= min(v0, v1)) & (xb <= max(v0, v1)),
                            (xa >= min(u0, u1)) & (xa <= max(u0, u1)))
        return out

    def reserve(self, x, y, text, fontsize, angle, align=("center", "center"), offset=(0, 0)):
        self.taken.append(self._rect(x, y, text, fontsize, angle, align, offset))


# ====================================================================== helpers (text)
def _relation_text(rel) -> str:
    op = {"==": "=", "<": "<", ">": ">", "<=": "<=", ">=": ">="}[rel.rel_op]
    return f"{expression_text(rel.lhs)} {op} {expression_text(rel.rhs)}"


def _exact(x, where: str):
    """An exact number from a user value: floats become the simple fraction they print as."""
    if isinstance(x, bool):
        raise GameError(f"{where}: expected a number, got {x!r}")
    if isinstance(x, float):
        if not math.isfinite(x):
            raise GameError(f"{where}: expected a finite number, got {x!r}")
        simple = Fraction(x).limit_denominator(10 ** 6)
        return simple if abs(float(simple) - x) <= 1e-12 * max(1.0, abs(x)) else Fraction(repr(x))
    if isinstance(x, sympy.Basic) and x.is_Rational:
        return Fraction(int(x.p), int(x.q))
    v = to_number(x, where)
    if isinstance(v, sympy.Basic):
        raise GameError(f"{where}: expected a number, got {x!r}")
    return v


def _as_fraction_or_sympy(x):
    x = sympy.nsimplify(x) if isinstance(x, sympy.Float) else x
    return exact_or_float(x) if isinstance(x, sympy.Basic) else x


def _num_text(x) -> str:
    """An exact rational as it is (``3/10``); an algebraic number with its decimal."""
    if isinstance(x, (Fraction, int)):
        if isinstance(x, Fraction) and x.denominator > 1000:
            return f"{format_number(x)} ≈ {float(x):#.4g}"
        return format_number(x)
    if isinstance(x, float):
        return f"{x:.4g}"
    x = sympy.sympify(x)
    if x.is_Rational:
        return _num_text(Fraction(int(x.p), int(x.q)))
    d = f"{float(sympy.N(x, 30)):#.4g}"
    if x.is_Float:
        return d
    text = min((expression_text(x), expression_text(sympy.together(x))), key=len)
    if len(text) <= 24 and "RootOf" not in text:
        return f"{text} ≈ {d}"
    return f"≈ {d}"


def _json_exact(x):
    if isinstance(x, (Fraction, int, float)):
        return json_number(x)
    x = sympy.sympify(x)
    if x.is_Rational:
        return json_number(Fraction(int(x.p), int(x.q)))
    return {"exact": str(x), "approx": float(sympy.N(x, 30))}


def _short_expression(expr, limit: int = 60) -> str:
    """An expression's text, or the parameters it involves when it is long."""
    text = expression_text(expr)
    if len(text) <= limit or not isinstance(expr, sympy.Basic):
        return text
    names = sorted((str(x) for x in expr.free_symbols), key=str.lower)
    return "an expression in " + ", ".join(names)


def _point_dict(names, point):
    return {n: _json_exact(v) for n, v in zip(names, point)}


def _point_text(names, point) -> str:
    parts = []
    for n, v in zip(names, point):
        text = _num_text(v)
        parts.append(f"{n} {text}" if text.startswith("≈") else f"{n} = {text}")
    return ", ".join(parts)


def _axis_label(name, meaning, width: int = 75) -> str:
    if not meaning:
        return name
    return "\n".join(textwrap.wrap(f"{name}: {meaning}", width))


def _outcome_text(outcome) -> str:
    if not outcome:
        return "no equilibrium found"
    texts = []
    for eq in outcome:
        parts, last = [], None
        for player, at, choice in eq:
            where = "" if at in ("the table", player) else f" at {at}"
            if player == last:
                parts[-1] += f", {choice}{where}"
            else:
                parts.append(f"{player}: {choice}{where}")
            last = player
        texts.append("; ".join(parts))
    if len(texts) == 1:
        return texts[0]
    return f"{len(texts)} equilibria: " + " / ".join(f"({t})" for t in texts)


def _short_labels(regions) -> list[str]:
    """For the picture: the parts of each outcome that differ between the regions."""
    if len(regions) <= 1 or any(len(r.outcome) != 1 for r in regions):
        return [r.text if len(r.text) <= 60 else "" for r in regions]
    common = set(regions[0].outcome[0])
    for r in regions[1:]:
        common &= set(r.outcome[0])
    return [_outcome_text(((tuple(c for c in r.outcome[0] if c not in common)),))
            for r in regions]


def _change_sentence(c: SmallestChange, names) -> str:
    what = c.action if c.at in ("the table", c.player) else f"{c.action} at {c.at}"
    verb = "plays" if c.at == "the table" else "chooses"
    every = " in every equilibrium" if c.at == "the table" else ""
    if c.holds_now:
        return f"{c.player} already {verb} {what}{every} at the current point."
    alone = [m for m in c.moves if m.kind == "alone"]
    together = [m for m in c.moves if m.kind == "together"]
    nearest = [m for m in c.moves if m.kind == "nearest"]
    parts, last_verb = [], None
    for m in alone:
        k = 0 if m.changes[1] == 0 else 1
        d = m.changes[k]
        rises = _positive(d)
        word = "rises" if rises else "falls"
        lead = f"{names[k]} {word}" if word != last_verb else names[k]
        about = "" if m.exact else "about "
        parts.append(f"{lead} by {about}{_num_text(_abs(d))} (to {about}{_num_text(m.to[k])})")
        last_verb = word
    for m in together:
        dirs = ["up" if _positive(d) else "down" for d in m.changes]
        about = "" if m.exact else "about "
        if dirs[0] == dirs[1]:
            how = "rise" if dirs[0] == "up" else "fall"
            parts.append(f"both {how} by {about}{_num_text(m.share)} of their ranges ("
                         f"{names[0]} to {about}{_num_text(m.to[0])}, {names[1]} to "
                         f"{about}{_num_text(m.to[1])})")
        else:
            parts.append(f"both move by {about}{_num_text(m.share)} of their ranges ("
                         f"{names[0]} {dirs[0]} to {about}{_num_text(m.to[0])}, {names[1]} "
                         f"{dirs[1]} to {about}{_num_text(m.to[1])})")
    if not parts and not nearest:
        return (f"No point of the map makes {c.player} {'play' if verb == 'plays' else 'choose'}"
                f" {what}{every}.")
    text = f"{c.player} {verb} {what}{every}"
    if parts:
        text += " if " + ", or ".join(parts)
    if nearest:
        m = nearest[0]
        text += ("; " if parts else " ") + (
            f"the nearest such point is {_point_text(names, m.to)} ("
            f"{m.distance:.4g} of the ranges away)")
    text += "."
    if c.unreachable:
        text += " " + " ".join(c.unreachable)
    if c.moves and all(m.confirmed for m in c.moves):
        text += " Each confirmed by solving just beyond."
    elif c.moves:
        text += " (Not every move could be confirmed by solving.)"
    return text


def _positive(x) -> bool:
    return float(sympy.N(x, 30)) > 0 if isinstance(x, sympy.Basic) else x > 0


def _abs(x):
    if isinstance(x, sympy.Basic):
        return -x if float(sympy.N(x, 30)) < 0 else x
    return abs(x)


# ====================================================================== helpers (curves)
class _Curve:
    """One candidate curve: an irreducible polynomial in the two levers, monic."""

    def __init__(self, poly: sympy.Poly):
        self.poly = poly
        self.expr = poly.as_expr()
        self.terms = [(i, j, _coefficient(c)) for (i, j), c in poly.terms()]
        self.causes: dict = {}     # key -> (text, on the path)

    @property
    def cause_texts(self) -> tuple[str, ...]:
        return tuple(text for text, _ in self.causes.values())

    def sign(self, pa, pb) -> int:
        v = sum(c * pa ** i * pb ** j for i, j, c in self.terms)
        return (v > 0) - (v < 0)

    def relation(self):
        """The curve as an equation: the constant on the right (``kappa*s = 3/20``,
        ``p - c_R = 27/50``); without one, the negative terms (``V = C``)."""
        terms = sympy.Add.make_args(self.expr)
        constant = [t for t in terms if not t.free_symbols]
        if constant:
            lhs = sympy.Add(*[t for t in terms if t.free_symbols])
            return sympy.Eq(lhs, -sympy.Add(*constant), evaluate=False)
        pos = [t for t in terms if not t.could_extract_minus_sign()]
        neg = [t for t in terms if t.could_extract_minus_sign()]
        lhs = sympy.Add(*pos) if pos else sympy.Integer(0)
        rhs = -sympy.Add(*neg) if neg else sympy.Integer(0)
        return sympy.Eq(lhs, rhs, evaluate=False)

    def side(self, positive: bool):
        rel = self.relation()
        return (sympy.StrictGreaterThan if positive else sympy.StrictLessThan)(
            rel.lhs, rel.rhs, evaluate=False)


def _coefficient(c):
    if c.is_Rational:
        return Fraction(int(c.p), int(c.q))
    return float(c)


def _resolve_zeros(signs):
    """The cell keys a point with some zero signs could belong to."""
    options = [(True, False) if s == 0 else (s > 0,) for s in signs]
    return list(itertools.product(*options))[:64]


def _pieces(expr, limit: int = MAX_PIECES):
    """A comparison with ``Max``, ``Min``, ``Abs`` or ``Piecewise`` in it, as the
    expressions whose signs decide its sign: each branch, and where the branches
    switch (``max(a, b) - 1/2`` gives ``a - 1/2``, ``b - 1/2`` and ``a - b``).  None
    when a condition is not a comparison or there are too many branches."""
    node = next((n for n in sympy.preorder_traversal(expr)
                 if isinstance(n, (sympy.Max, sympy.Min, sympy.Abs, sympy.Piecewise))), None)
    if node is None:
        return [expr]
    if isinstance(node, (sympy.Max, sympy.Min)):
        branches = list(node.args)
        switches = [x - y for x, y in itertools.combinations(branches, 2)]
    elif isinstance(node, sympy.Abs):
        branches, switches = [node.args[0], -node.args[0]], [node.args[0]]
    else:
        branches, switches = [], []
        for value, condition in node.args:
            branches.append(value)
            if condition in (sympy.true, sympy.false):
                continue
            for rel in sympy.preorder_traversal(condition):
                if isinstance(rel, sympy.core.relational.Relational):
                    switches.append(rel.lhs - rel.rhs)
                elif not isinstance(rel, (sympy.And, sympy.Or, sympy.Not, sympy.Symbol,
                                          sympy.Number, sympy.Expr)):
                    return None
    out = []
    for more in [_pieces(x, limit) for x in switches] + [
            _pieces(expr.xreplace({node: branch}), limit) for branch in branches]:
        if more is None:
            return None
        out += more
        if len(out) > limit:
            return None
    return out


def _curves_of(expr, sa, sb) -> list[sympy.Poly] | None:
    """The irreducible factors (monic) of a rational function of the levers, or None
    when it is not a rational function of them."""
    expr = sympy.together(sympy.sympify(expr))
    if not (expr.has(sa) or expr.has(sb)):
        return []
    out = []
    for part in sympy.fraction(expr):
        if not (part.has(sa) or part.has(sb)):
            continue
        if not part.is_polynomial(sa, sb):
            return None
        poly = sympy.Poly(part, sa, sb)
        if poly.free_symbols - {sa, sb}:
            return None
        if poly.domain.is_Exact:
            _, factors = sympy.factor_list(poly)
            polys = [f for f, _ in factors]
        else:
            polys = [poly]
        for f in polys:
            f = sympy.Poly(f, sa, sb)
            if f.total_degree() >= 1:
                out.append(_normal_form(f))
    return out


def _normal_form(f: sympy.Poly) -> sympy.Poly:
    """One polynomial per curve: monic (``kappa*s - 3/20``) when that leaves the
    parameters with whole coefficients, else with whole coefficients, no common
    factor and a negative constant (``239*x + 1360*c - 171``)."""
    if not f.domain.is_Exact:
        return f.quo_ground(f.LC())
    m = f.monic()
    if all(c.is_Integer for (i, j), c in m.terms() if i or j):
        return m
    _, prim = m.clear_denoms(convert=True)
    prim = prim.primitive()[1]
    constant = prim.as_expr().subs({x: 0 for x in prim.gens})
    # a positive number on the right of the equation (``20*y_dv + ... = 13``)
    return -prim if constant > 0 or (constant == 0 and prim.LC() < 0) else prim


def _evaluate_float(expr, sa, sb, X, Y):
    fn = sympy.lambdify((sa, sb), expr, "numpy")
    with np.errstate(all="ignore"):
        v = fn(X, Y)
    return np.broadcast_to(np.asarray(v, dtype=float), X.shape).astype(float)


def _centres(lo, hi, n) -> list[Fraction]:
    return [lo + (hi - lo) * Fraction(2 * k + 1, 2 * n) for k in range(n)]


# ====================================================================== helpers (picture)
def _edge_band(grid):
    """Points next to a change of region (4-neighbours), widened by one point."""
    e = np.zeros(grid.shape, dtype=bool)
    dx = grid[:, 1:] != grid[:, :-1]
    dy = grid[1:, :] != grid[:-1, :]
    e[:, 1:] |= dx
    e[:, :-1] |= dx
    e[1:, :] |= dy
    e[:-1, :] |= dy
    return _widen(e)


def _widen(e):
    """A mask widened by one point in each direction."""
    wide = e.copy()
    wide[1:, :] |= e[:-1, :]
    wide[:-1, :] |= e[1:, :]
    wide[:, 1:] |= e[:, :-1]
    wide[:, :-1] |= e[:, 1:]
    return wide


def _label_spot(mask, xa, xb, avoid=None):
    """A point deep inside a region (the last survivor of repeated erosion), away
    from ``avoid`` when the region reaches beyond it: ``(x, y, depth)``."""
    if not mask.any():
        return None
    m = mask.copy()
    if avoid is not None and (m & ~avoid).any():
        m &= ~avoid
    depth = 0
    while True:
        e = m.copy()
        e[1:, :] &= m[:-1, :]
        e[:-1, :] &= m[1:, :]
        e[:, 1:] &= m[:, :-1]
        e[:, :-1] &= m[:, 1:]
        e[0, :] = e[-1, :] = False
        e[:, 0] = e[:, -1] = False
        if not e.any():
            break
        m = e
        depth += 1
    ys, xs = np.nonzero(m)
    cy, cx = ys.mean(), xs.mean()
    k = int(np.argmin((ys - cy) ** 2 + (xs - cx) ** 2))
    return float(xa[xs[k]]), float(xb[ys[k]]), depth


def _curve_spots(cs, ax, k, n):
    """Places to write a boundary's equation, best first: along each drawn piece
    (longest first), spread so that different boundaries start at different places;
    each with the angle of the curve there."""
    segs = [np.asarray(s) for s in (cs.allsegs[0] if cs.allsegs else []) if len(s) >= 3]
    out = []
    for seg in sorted(segs, key=lambda s: -len(s)):
        pix = ax.transData.transform(seg)
        lengths = np.concatenate([[0], np.cumsum(np.hypot(*np.diff(pix, axis=0).T))])
        start = (k + 1) / (n + 1)
        for frac in sorted(np.linspace(0.1, 0.9, 17), key=lambda f: abs(f - start)):
            i = int(np.searchsorted(lengths, frac * lengths[-1]))
            i = min(max(i, 1), len(seg) - 1)
            (x0, y0), (x1, y1) = pix[i - 1], pix[i]
            angle = math.degrees(math.atan2(y1 - y0, x1 - x0))
            if angle > 90:
                angle -= 180
            elif angle < -90:
                angle += 180
            out.append((float(seg[i][0]), float(seg[i][1]), angle))
    return out


# ====================================================================== the builder
@dataclass
class _Point:
    solution: Any
    signature: tuple
    regime: tuple


class _Builder:
    """The state of one map: solutions by point, candidate curves, cells."""

    def __init__(self, game, names, ranges, fixed, current, method, options, outcome,
                 grid, resolution, depth):
        self.game = game
        self.names = names
        self.ranges = ranges
        self.fixed = fixed
        self.current = current
        self.method = method
        self.options = options
        self.outcome = outcome
        self.sa, self.sb = sympy.Symbol(names[0]), sympy.Symbol(names[1])
        self.g2 = game.substitute(dict(fixed)) if fixed else game
        self.fixed_subs = {sympy.Symbol(k): sympify_number(v) for k, v in fixed.items()}
        self.points: dict = {}
        self.curves: dict = {}
        self.regimes: set = set()
        self.not_polynomial: list[str] = []
        self.limit_note: str | None = None
        self.depth = depth
        (la, ha), (lb, hb) = ranges
        self.fine_a, self.fine_b = _centres(la, ha, resolution), _centres(lb, hb, resolution)
        self.X, self.Y = np.meshgrid([float(x) for x in self.fine_a],
                                     [float(y) for y in self.fine_b])
        self.coarse_a, self.coarse_b = _centres(la, ha, grid), _centres(lb, hb, grid)
        self.float_values: dict = {}

    # ------------------------------------------------------------ solving
    def solve(self, pa, pb) -> _Point:
        key = (pa, pb)
        if key in self.points:
            return self.points[key]
        concrete = self.g2.substitute({self.names[0]: pa, self.names[1]: pb})
        sol = solve_at(concrete, self.method, self.options)
        values = {**self.game.parameters, **dict(self.fixed), self.names[0]: pa,
                  self.names[1]: pb}
        values = {k: values[k] for k in sorted(self.game.symbols)}
        sol = replace(sol, extra={**dict(sol.extra), "parametric_game": self.game,
                                  "parameter_values": values})
        pt = _Point(sol, self._signature(sol, self.outcome), self._signature(sol, "choices"))
        self.points[key] = pt
        return pt

    def _signature(self, sol, outcome) -> tuple:
        game = sol.game
        per_eq = []
        for k, eq in enumerate(sol.equilibria):
            if game.form == "normal":
                per_eq.append(tuple((p, "the table", "+".join(sup))
                                    for p, sup in zip(game.players, eq.support)))
            elif outcome == "path":
                per_eq.append(tuple((m.player, m.at, "+".join(m.probabilities))
                                    for m in path_moves(sol, equilibrium=k)))
            else:
                items = []
                for i, sets in enumerate(game.infosets):
                    for s in sets:
                        probs = eq.profile.probabilities[i][s.index]
                        items.append((game.players[i], s.label or node_label(game, s.nodes[0]),
                                      "+".join(a for a, p in zip(s.actions, probs) if p > 0)))
                per_eq.append(tuple(items))
        return tuple(sorted(set(per_eq)))

    # ------------------------------------------------------------ curves
    def learn(self, pt: _Point) -> None:
        """Add the candidate curves of a point's comparisons (once per regime)."""
        if pt.regime in self.regimes:
            return
        self.regimes.add(pt.regime)
        sol = pt.solution
        if sol.game.form == "normal":
            self._learn_table(sol)
            return
        for k in range(len(sol.equilibria)):
            try:
                comparisons = decisive_comparisons(sol, self.game, equilibrium=k,
                                                   depth=self.depth)
            except SolverLimitError as exc:
                self.limit_note = str(exc)
                return
            for c in comparisons:
                diff = (sympy.sympify(c.chosen_expression)
                        - sympy.sympify(c.alternative_expression)).subs(self.fixed_subs)
                where = "" if c.at == c.player else f" at {c.at}"
                sides = sorted([(c.chosen, _short_expression(c.chosen_expression)),
                                (c.alternative, _short_expression(c.alternative_expression))])
                context = "" if c.on_path or not c.context else f" ({c.context})"
                text = (f"{c.player}{where}{context} is indifferent between {sides[0][0]} "
                        f"({sides[0][1]}) and {sides[1][0]} ({sides[1][1]})")
                self._add(diff, text, (c.player, c.at, tuple(sides)), c.on_path)

    def _learn_table(self, sol) -> None:
        game = self.g2
        tensor = game.payoff_tensor
        count = 0
        for i, name in enumerate(game.players):
            T = np.moveaxis(tensor[i], i, 0)
            others = [game.strategies[j] for j in range(game.n_players) if j != i]
            for s, s2 in itertools.combinations(range(T.shape[0]), 2):
                for o, (x, y) in zip(itertools.product(*others), zip(T[s].flat, T[s2].flat)):
                    count += 1
                    if count > 20000:
                        break
                    against = ", ".join(o)
                    text = (f"{name} is indifferent between {game.strategies[i][s]} and "
                            f"{game.strategies[i][s2]} against {against}")
                    self._add(sympify_number(x) - sympify_number(y), text)
        if game.n_players == 2:
            for eq in sol.equilibria:
                sup = tuple(tuple(k for k, p in enumerate(pr) if p > 0)
                            for pr in eq.probabilities)
                if all(len(x) == 1 for x in sup):
                    continue
                self._learn_mixed(tensor, sup)

    def _learn_mixed(self, tensor, sup) -> None:
        """Where the mixed equilibrium on support ``sup`` appears or disappears: its
        probabilities (rational functions of the levers, from the indifference
        equations) reach 0, or an unused strategy becomes as good."""
        game = self.g2
        for i in range(2):
            j = 1 - i
            M = tensor[i] if i == 0 else tensor[i].T
            y = sympy.symbols(f"y0:{len(sup[j])}", cls=sympy.Dummy)
            v = sympy.Dummy("v")
            eqs = [sum(sympify_number(M[r, c]) * y[k] for k, c in enumerate(sup[j])) - v
                   for r in sup[i]]
            eqs.append(sum(y) - 1)
            sols = sympy.solve(eqs, list(y) + [v], dict=True)
            if len(sols) != 1 or any(s not in sols[0] for s in list(y) + [v]):
                continue
            sol = sols[0]
            mix = ", ".join(game.strategies[j][c] for c in sup[j])
            cause = (f"the mixed equilibrium in which {game.players[j]} mixes {mix} appears "
                     f"or disappears")
            for k in range(len(sup[j])):
                self._add(sol[y[k]], cause)
            for r in range(M.shape[0]):
                if r not in sup[i]:
                    self._add(sum(sympify_number(M[r, c]) * sol[y[k]]
                                  for k, c in enumerate(sup[j])) - sol[v], cause)

    def _add(self, diff, cause: str, key=None, on_path: bool = True) -> None:
        diff = sympy.sympify(diff)
        polys = self._polys(diff)
        if polys is None and diff.atoms(sympy.Function):
            # a game may keep its own max/min functions (unevaluated until numbers come);
            # they print as sympy's and read back as sympy's
            names = {str(x): x for x in diff.free_symbols}
            try:
                polys = self._polys(sympy.parse_expr(sympy.sstr(diff), local_dict=names))
            except (SyntaxError, TypeError, ValueError, sympy.SympifyError):
                polys = None
        if polys is None:
            text = expression_text(diff)
            if text not in self.not_polynomial:
                self.not_polynomial.append(text)
            return
        which = cause if key is None else key
        for p in polys:
            curve = self.curves.get(p.as_expr())
            if curve is None:
                curve = self.curves[p.as_expr()] = _Curve(p)
            if which not in curve.causes or (on_path and not curve.causes[which][1]):
                curve.causes[which] = (cause, on_path)

    def _polys(self, diff):
        """The candidate curves of one comparison, or None when it is not piecewise
        rational in the levers."""
        split = _pieces(diff)
        if split is None:
            return None
        polys = []
        for part in split:
            found = _curves_of(part, self.sa, self.sb)
            if found is None:
                return None
            polys += found
        return polys

    def values(self, curve):
        if curve.expr not in self.float_values:
            self.float_values[curve.expr] = _evaluate_float(curve.expr, self.sa, self.sb,
                                                            self.X, self.Y)
        return self.float_values[curve.expr]

    def positive(self, curve):
        """Where a curve is positive on the evaluation grid (points within rounding of
        it count as not positive)."""
        v = self.values(curve)
        tol = 1e-12 * (1 + float(np.nanmax(np.abs(v))))
        return v > tol

    def relevant(self) -> list[_Curve]:
        out = []
        for c in self.curves.values():
            v = self.values(c)
            if np.nanmin(v) < 0 < np.nanmax(v):
                out.append(c)
        return sorted(out, key=lambda c: str(c.expr))


# ====================================================================== the map
def _inputs(game, levers, params):
    if not hasattr(game, "symbols") or not hasattr(game, "substitute"):
        raise GameError("region maps need a game with parameters")
    if isinstance(levers, Mapping):
        items = list(levers.items())
    elif isinstance(levers, str):
        raise GameError("give two parameters, e.g. region(game, ['kappa', 's']) or "
                        "region(game, {'kappa': (0, 1), 's': (0, 1/2)})")
    else:
        items = [(n, None) for n in levers]
    if len(items) != 2:
        raise GameError(f"a region map needs exactly two parameters, got {len(items)}")
    names = tuple(n for n, _ in items)
    if names[0] == names[1]:
        raise GameError(f"the two parameters must differ (got {names[0]!r} twice)")
    known = sorted(set(game.symbols) | set(game.parameters))
    for n in names:
        if not isinstance(n, str) or n not in game.symbols:
            raise GameError(f"the game has no free parameter {n!r}; its parameters are "
                            f"{known if known else 'none'}")
    ranges = []
    for n, r in items:
        if r is None:
            spec = game.parameter_specs.get(n)
            r = None if spec is None else spec.range
            if r is None:
                raise GameError(f"give the range of {n!r} (the game records none), e.g. "
                                f"{{{n!r}: (0, 1)}}")
        try:
            lo, hi = r
        except (TypeError, ValueError):
            raise GameError(f"the range of {n!r} must be a pair (low, high), got {r!r}") from None
        lo, hi = _exact(lo, f"low end of {n!r}"), _exact(hi, f"high end of {n!r}")
        if not lo < hi:
            raise GameError(f"the range of {n!r} is empty: low={format_number(lo)} is not "
                            f"below high={format_number(hi)}")
        ranges.append((lo, hi))
    given = dict(params or {})
    unknown = sorted(set(given) - set(game.symbols))
    if unknown:
        raise GameError(f"unknown parameter {unknown[0]!r}; the game's parameters are {known}")
    current = []
    for n in names:
        v = given.pop(n, game.parameters.get(n))
        current.append(None if v is None else _exact(v, f"parameter {n!r}"))
    fixed = {}
    for k in sorted(game.symbols - set(names)):
        v = given.get(k, game.parameters.get(k))
        if v is None:
            raise GameError(f"parameter {k!r} has no default; give its value, e.g. "
                            f"params={{{k!r}: '0.5'}}")
        fixed[k] = _exact(v, f"parameter {k!r}")
    return names, tuple(ranges), fixed, (tuple(current) if None not in current else None)


def _targets(game, target):
    """Normalise ``target`` to a list of (player, at, action) and check them."""
    if target is None:
        return None
    if isinstance(target, tuple) and len(target) in (2, 3) and all(
            isinstance(x, str) for x in target):
        target = [target]
    out = []
    for t in target:
        if len(t) == 2:
            player, action = t
            at = "the table"
        else:
            player, at, action = t
        if player not in game.players:
            raise GameError(f"no player {player!r}; the players are {list(game.players)}")
        i = game.players.index(player)
        if game.form == "normal":
            if at not in ("the table", "", None):
                raise GameError(f"a table has no information set {at!r}; use 'the table'")
            at = "the table"
            options = game.strategies[i]
        else:
            sets = {s.label: s for s in game.infosets[i] if s.label}
            if at not in sets:
                raise GameError(f"{player} has no information set labelled {at!r}; "
                                f"{player}'s are {sorted(sets)}")
            options = sets[at].actions
        if action not in options:
            raise GameError(f"{player} has no action {action!r} at {at}; the actions are "
                            f"{list(options)}")
        out.append((player, at, action))
    return out


def _holds(solution, player, at, action) -> bool:
    if not solution.equilibria:
        return False
    return all(action in part.split("+")
               for part in choice_at(solution, player, at).split(" / "))


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
        Prints as text; ``to_dict()`` for JSON; ``plot(path)`` with matplotlib;
        ``classify(point)`` from the exact conditions.

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
    if not isinstance(grid, int) or grid < 2:
        raise GameError(f"grid must be an integer of at least 2, got {grid!r}")
    if not isinstance(resolution, int) or resolution < 10:
        raise GameError(f"resolution must be an integer of at least 10, got {resolution!r}")
    names, ranges, fixed, current = _inputs(game, levers, params)
    targets = _targets(game, target)
    if depth is None:
        depth = 1 if game.form == "normal" else min(DEFAULT_DEPTH, max(1, sum(
            len(s) for s in game.infosets)))
    bld = _Builder(game, names, ranges, fixed, current, method, solve_options, outcome, grid,
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
        cells, problem = _cells(bld)
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
        rmap = _exact_map(bld, cells, notes)
    else:
        rmap = _grid_map(bld, notes)
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
            targets = _default_targets(bld, current)
        finder = _ChangeFinder(bld, curves, cells if exact else None)
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


def _cells(bld: _Builder):
    """Cut the map by the candidate curves and solve each cell once, learning the new
    cells' comparisons, until no new curve appears; then check against the grid.
    Returns ``(cells, problem)``: cells are ``(curves, keys, inverse, reps, table)``."""
    R = len(bld.fine_a)
    for _ in range(MAX_ROUNDS):
        curves = bld.relevant()
        before = set(bld.curves)
        if curves:
            K = np.stack([bld.positive(c).ravel() for c in curves], axis=1)
        else:
            K = np.zeros((R * R, 0), dtype=bool)
        keys, inverse = np.unique(K, axis=0, return_inverse=True)
        inverse = inverse.ravel()
        if len(keys) > MAX_CELLS:
            return None, (f"the candidate curves cut the map into {len(keys)} cells, more than "
                          f"{MAX_CELLS}; the map shows the solved grid")
        reps = {}
        for ci, key in enumerate(keys):
            rep = _representative(bld, curves, key, np.nonzero(inverse == ci)[0], R)
            if rep is None:
                continue
            reps[tuple(bool(x) for x in key)] = rep
            bld.learn(bld.solve(*rep))
        if set(bld.curves) != before and {c.expr for c in bld.relevant()} != {
                c.expr for c in curves}:
            continue
        # the check grid: every solved point must be in a cell with its outcome
        table = {k: bld.solve(*rep).signature for k, rep in reps.items()}
        bad = []
        for pb in bld.coarse_b:
            for pa in bld.coarse_a:
                signs = tuple(c.sign(pa, pb) for c in curves)
                if 0 in signs:
                    continue
                key = tuple(s > 0 for s in signs)
                if key not in table:
                    reps[key] = (pa, pb)
                    table[key] = bld.solve(pa, pb).signature
                elif table[key] != bld.solve(pa, pb).signature:
                    bad.append((pa, pb))
        if bad:
            pa, pb = bad[0]
            return None, (f"the exact conditions do not explain the outcome solved at "
                          f"{_point_text(bld.names, (pa, pb))} ({len(bad)} grid point"
                          f"{'s' if len(bad) != 1 else ''}); the map shows the solved grid")
        return (curves, keys, inverse, reps, table), None
    return None, "the candidate curves kept growing; the map shows the solved grid"


def _representative(bld, curves, key, members, R):
    """An exact point of a cell (signs checked exactly), near the middle of its points."""
    ys, xs = np.divmod(members, R)
    cy, cx = ys.mean(), xs.mean()
    order = np.argsort((ys - cy) ** 2 + (xs - cx) ** 2)
    tries = list(order[:5]) + list(order[np.linspace(0, len(order) - 1, min(len(order), 15),
                                                     dtype=int)])
    for k in tries:
        pa, pb = bld.fine_a[xs[k]], bld.fine_b[ys[k]]
        if all((c.sign(pa, pb) > 0) == bool(s) and c.sign(pa, pb) != 0
               for c, s in zip(curves, key)):
            return pa, pb
    return None


def _order_regions(bld, signatures, counts):
    current_sig = bld.solve(*bld.current).signature if bld.current is not None else None
    return sorted(signatures, key=lambda s: (s != current_sig, -counts[s], _outcome_text(s)))


def _exact_map(bld: _Builder, cells, notes):
    curves, keys, inverse, reps, table = cells
    R = len(bld.fine_a)
    cell_sig = [table.get(tuple(bool(x) for x in key)) for key in keys]
    counts: dict = {}
    for ci, sig in enumerate(cell_sig):
        if sig is not None:
            counts[sig] = counts.get(sig, 0) + int(np.sum(inverse == ci))
    for sig in set(table.values()):
        counts.setdefault(sig, 0)
    order = _order_regions(bld, list(counts), counts)
    index = {s: k for k, s in enumerate(order)}
    labels = [_LETTERS[k] if k < 26 else f"R{k + 1}" for k in range(len(order))]
    grid = np.array([index[s] if s is not None else -1 for s in cell_sig])[inverse].reshape(R, R)

    # boundaries: neighbouring points of the evaluation grid in different regions
    K = np.stack([bld.positive(c) for c in curves], axis=2) if curves else None
    samples: dict = {}
    if K is not None:
        for axis in (1, 0):
            g0 = grid[:, :-1] if axis == 1 else grid[:-1, :]
            g1 = grid[:, 1:] if axis == 1 else grid[1:, :]
            k0 = K[:, :-1, :] if axis == 1 else K[:-1, :, :]
            k1 = K[:, 1:, :] if axis == 1 else K[1:, :, :]
            differ = k0 != k1
            change = (g0 != g1) & (g0 >= 0) & (g1 >= 0) & differ.any(axis=2)
            for y, x in zip(*np.nonzero(change)):
                y1, x1 = (y, x + 1) if axis == 1 else (y + 1, x)
                pair = (int(g0[y, x]), int(g1[y, x]))
                diffs = tuple(int(k) for k in np.nonzero(differ[y, x])[0])
                samples.setdefault(frozenset(pair), []).append(
                    (pair, (bld.fine_a[x], bld.fine_b[y]), (bld.fine_a[x1], bld.fine_b[y1]),
                     diffs, (y, x, y1, x1)))
    confirmed: dict = {}
    drawn: dict = {}

    def record(c, pair, points, items):
        confirmed.setdefault(c, []).append((pair, points))
        band = drawn.setdefault(c, np.zeros(grid.shape, dtype=bool))
        for item in items:
            y0, x0, y1, x1 = item[4]
            band[y0, x0] = band[y1, x1] = True

    for which, items in sorted(samples.items(), key=lambda kv: sorted(kv[0])):
        done = set()
        single: dict = {}
        for item in items:
            if len(item[3]) == 1:
                single.setdefault(item[3][0], []).append(item)
        for c, group in sorted(single.items()):
            hit = _confirm_single(bld, curves, c, group, order)
            if hit is not None:
                record(c, hit[0], hit[1], group)
                done.add(c)
        multi = [item for item in items if len(item[3]) > 1 and not set(item[3]) & done]
        for item in _spread(multi, 4):
            if set(item[3]) & done:
                continue
            for c, pair, points in _locate(bld, curves, item, order):
                record(c, pair, points, [m for m in multi if c in m[3]])
                done.add(c)
        if not done and len(items) > 3:       # (a few samples: regions touching at a corner)
            a, b = sorted(which)
            notes.append(f"the change between {labels[a]} and {labels[b]} was not located "
                         f"exactly (pass a larger resolution)")
    grid = _fill_unknown(grid)
    boundaries, bands = [], []
    touching: dict = {}
    for c, items in sorted(confirmed.items(), key=lambda kv: min(min(p) for p, _ in kv[1])):
        between = tuple(sorted({tuple(sorted((labels[p[0]], labels[p[1]]))) for p, _ in items}))
        for p, _ in items:
            touching.setdefault(p[0], set()).add(c)
            touching.setdefault(p[1], set()).add(c)
        boundaries.append(Boundary(curves[c].relation(), curves[c].expr, between,
                                   curves[c].cause_texts, tuple(pts for _, pts in items[:1])))
        bands.append(_widen(drawn[c]))

    regions = []
    total = R * R
    for k, sig in enumerate(order):
        mask = grid == k
        cs = sorted(touching.get(k, ()))
        conditions, exact_mask = [], np.ones_like(mask)
        for c in cs:
            positive = bld.positive(curves[c])
            inside = positive[mask]
            if len(inside) and inside.all():
                conditions.append(curves[c].side(True))
                exact_mask &= positive
            elif len(inside) and not inside.any():
                conditions.append(curves[c].side(False))
                exact_mask &= ~positive
        described = bool(conditions) and len(conditions) == len(cs) and bool(
            np.array_equal(exact_mask, mask))
        rep = next((reps[key] for key, s in table.items() if s == sig), None)
        regions.append(Region(labels[k], sig, _outcome_text(sig), rep,
                              float(mask.sum()) / total,
                              tuple(curves[c].relation() for c in cs), tuple(conditions),
                              described or (not cs and len(order) == 1)))
    label_table = {key: labels[index[s]] for key, s in table.items()}
    plot_grid = (np.array([float(x) for x in bld.fine_a]), np.array([float(y) for y in bld.fine_b]),
                 grid, tuple(bands))
    return tuple(regions), plot_grid, tuple(boundaries), label_table, curves


def _spread(items, n):
    """At most ``n`` items, spread over the list (the middle one first)."""
    if len(items) <= n:
        return list(items)
    picks = dict.fromkeys([len(items) // 2] + [round(k * (len(items) - 1) / (n - 1))
                                                 for k in range(n)])
    return [items[k] for k in list(picks)[:n]]


def _confirm_single(bld, curves, c, group, order):
    """Solve either side of curve ``c`` at a few neighbouring points where it alone
    changes sign: ``(pair, (p0, p1))`` when the outcomes are the two regions'."""
    for pair, p0, p1, _, _ in _spread(group, 5):
        # a grid point on the curve itself (a tie): step a quarter further out
        if curves[c].sign(*p0) == 0:
            p0 = (p0[0] + (p0[0] - p1[0]) / 4, p0[1] + (p0[1] - p1[1]) / 4)
        if curves[c].sign(*p1) == 0:
            p1 = (p1[0] + (p1[0] - p0[0]) / 4, p1[1] + (p1[1] - p0[1]) / 4)
        if not _one_change(curves, c, p0, p1):
            continue
        if bld.solve(*p0).signature == order[pair[0]] and \
                bld.solve(*p1).signature == order[pair[1]]:
            return pair, (p0, p1)
    return None


def _locate(bld, curves, item, order):
    """Where, between two neighbouring points on which several curves change sign,
    the outcome changes: solve between consecutive exact crossings.  Yields
    ``(curve, pair, (q0, q1))`` for a change from one region of the pair to the other
    at a crossing of one curve only."""
    pair, p0, p1, diffs, _ = item
    t = sympy.Dummy("t")
    line = {bld.sa: sympify_number(p0[0]) + t * sympify_number(p1[0] - p0[0]),
            bld.sb: sympify_number(p0[1]) + t * sympify_number(p1[1] - p0[1])}
    crossings = []
    for c in diffs:
        try:
            roots = real_roots(curves[c].expr.subs(line), t, 0, 1, include_hi=False) or []
        except SymbolicLimit:
            return
        crossings += [(r, c) for r in set(roots)]
    crossings.sort(key=lambda rc: sympy.N(rc[0], 40))
    edges = [sympy.Integer(0)] + [r for r, _ in crossings] + [sympy.Integer(1)]

    def at(s):
        s = exact_or_float(s)
        return (p0[0] + s * (p1[0] - p0[0]), p0[1] + s * (p1[1] - p0[1]))
    points, sigs = [], []
    for k in range(len(edges) - 1):
        if edges[k] == edges[k + 1]:
            points.append(None)
            sigs.append(None)
            continue
        q = at(rational_between(edges[k], edges[k + 1]))
        points.append(q)
        sigs.append(bld.solve(*q).signature)
    wanted = {order[pair[0]], order[pair[1]]}
    for k, (r, c) in enumerate(crossings):
        same_root = [c2 for r2, c2 in crossings if r2 == r]
        if len(same_root) != 1 or sigs[k] is None or sigs[k + 1] is None:
            continue
        if sigs[k] != sigs[k + 1] and {sigs[k], sigs[k + 1]} == wanted:
            ordered = pair if sigs[k] == order[pair[0]] else (pair[1], pair[0])
            yield c, ordered, (points[k], points[k + 1])


def _fill_unknown(grid):
    """Points of the evaluation grid in no known cell take a neighbour's region (for
    the picture)."""
    grid = grid.copy()
    for _ in range(grid.shape[0] + grid.shape[1]):
        unknown = grid < 0
        if not unknown.any() or unknown.all():
            break
        for here, there in (((slice(None), slice(1, None)), (slice(None), slice(None, -1))),
                            ((slice(None), slice(None, -1)), (slice(None), slice(1, None))),
                            ((slice(1, None), slice(None)), (slice(None, -1), slice(None))),
                            ((slice(None, -1), slice(None)), (slice(1, None), slice(None)))):
            target, source = grid[here], grid[there]
            take = (target < 0) & (source >= 0)
            target[take] = source[take]
    return grid


def _one_change(curves, c, p0, p1) -> bool:
    """True when, exactly, curve ``c`` alone changes sign between two points (and
    neither point lies on a curve)."""
    for k, curve in enumerate(curves):
        s0, s1 = curve.sign(*p0), curve.sign(*p1)
        if s0 == 0 or s1 == 0 or ((s0 != s1) != (k == c)):
            return False
    return True


def _grid_map(bld: _Builder, notes):
    """The fallback: regions from the solved check grid; polynomial curves that
    separate neighbouring grid points are still confirmed and reported."""
    ca, cb = bld.coarse_a, bld.coarse_b
    sigs = [[bld.solve(pa, pb).signature for pa in ca] for pb in cb]
    counts: dict = {}
    for row in sigs:
        for s in row:
            counts[s] = counts.get(s, 0) + 1
    order = _order_regions(bld, list(counts), counts)
    index = {s: k for k, s in enumerate(order)}
    labels = [_LETTERS[k] if k < 26 else f"R{k + 1}" for k in range(len(order))]
    coarse = np.array([[index[s] for s in row] for row in sigs])
    # upsample to the evaluation grid by the nearest solved point
    R = len(bld.fine_a)
    n = len(ca)
    ix = np.minimum((np.arange(R) * n) // R, n - 1)
    iy = np.minimum((np.arange(len(bld.fine_b)) * len(cb)) // len(bld.fine_b), len(cb) - 1)
    grid = coarse[np.ix_(iy, ix)]
    curves = bld.relevant()
    confirmed: dict = {}
    for axis in (1, 0):
        for y in range(len(cb) - (axis == 0)):
            for x in range(n - (axis == 1)):
                x1, y1 = (x + 1, y) if axis == 1 else (x, y + 1)
                if coarse[y, x] == coarse[y1, x1]:
                    continue
                p0, p1 = (ca[x], cb[y]), (ca[x1], cb[y1])
                changed = [k for k, c in enumerate(curves)
                           if c.sign(*p0) * c.sign(*p1) < 0]
                if len(changed) != 1:
                    continue
                k = changed[0]
                hit = _crossing(bld, curves[k], p0, p1)
                if hit is None:
                    continue
                q0, q1 = hit
                s0, s1 = bld.solve(*q0).signature, bld.solve(*q1).signature
                if s0 == sigs[y][x] and s1 == sigs[y1][x1]:
                    pair = tuple(sorted((labels[coarse[y, x]], labels[coarse[y1, x1]])))
                    confirmed.setdefault(k, {}).setdefault(pair, (q0, q1))
    boundaries = tuple(Boundary(curves[k].relation(), curves[k].expr, tuple(sorted(pairs)),
                                curves[k].cause_texts, tuple(pairs.values())[:1])
                       for k, pairs in sorted(confirmed.items()))
    regions = []
    for k, sig in enumerate(order):
        rep = next((p for (p, pt) in bld.points.items() if pt.signature == sig
                    and p[0] in ca and p[1] in cb), None)
        bnds = tuple(bd.relation for bd in boundaries
                     if any(labels[k] in pair for pair in bd.between))
        regions.append(Region(labels[k], sig, _outcome_text(sig), rep,
                              float((coarse == k).sum()) / coarse.size, bnds, (), False))
    band = _edge_band(grid)
    plot_grid = (np.array([float(x) for x in bld.fine_a]), np.array([float(y) for y in bld.fine_b]),
                 grid, tuple(band for _ in boundaries))
    return tuple(regions), plot_grid, boundaries, None, curves


def _crossing(bld, curve, p0, p1):
    """Exact points just either side of where ``curve`` crosses the segment p0-p1."""
    t = sympy.Dummy("t")
    a = sympify_number(p0[0]) + t * sympify_number(p1[0] - p0[0])
    b = sympify_number(p0[1]) + t * sympify_number(p1[1] - p0[1])
    try:
        roots = real_roots(curve.expr.subs({bld.sa: a, bld.sb: b}), t, 0, 1, include_hi=False)
    except SymbolicLimit:
        return None
    if not roots or len(set(roots)) != 1:
        return None
    r = roots[0]
    lo, hi = rational_between(0, r), rational_between(r, 1)

    def at(s):
        s = exact_or_float(s)
        return (p0[0] + s * (p1[0] - p0[0]), p0[1] + s * (p1[1] - p0[1]))
    return at(lo), at(hi)


def _default_targets(bld: _Builder, current):
    """The alternatives of the decisions on the current path whose comparisons
    involve a lever."""
    pt = bld.solve(*current)
    sol = pt.solution
    out = []
    if not sol.equilibria:
        return out
    try:
        comparisons = decisive_comparisons(sol, bld.game, depth=0)
    except SolverLimitError:
        return out
    for c in comparisons:
        if not c.on_path or c.kind != "best response":
            continue
        diff = (sympy.sympify(c.chosen_expression)
                - sympy.sympify(c.alternative_expression)).subs(bld.fixed_subs)
        if not (diff.has(bld.sa) or diff.has(bld.sb)):
            continue
        if any((p, at) == (c.player, c.at) for p, at, _ in out):
            continue
        out.append((c.player, c.at, c.alternative))
    return out


# ====================================================================== smallest changes
class _ChangeFinder:
    def __init__(self, bld: _Builder, curves, cells):
        self.bld = bld
        self.curves = curves
        self.cells = cells
        self.exact = cells is not None
        self.table = cells[4] if cells is not None else None
        self.reps = {}
        self.target_curves: dict = {}
        (la, ha), (lb, hb) = bld.ranges
        self.box = (la, ha, lb, hb)
        self.span = (ha - la, hb - lb)

    # ---------------------------------------------------------- predicates
    def curves_for(self, target) -> list:
        """The curves across which the target choice changes between neighbouring
        points of the evaluation grid (all candidate curves on a grid map)."""
        if target in self.target_curves:
            return self.target_curves[target]
        found = list(self.curves)
        if self.cells is not None and self.curves:
            curves, keys, inverse, reps, _ = self.cells
            R = len(self.bld.fine_a)
            known = []
            for key in keys:
                rep = reps.get(tuple(bool(x) for x in key))
                known.append(-1 if rep is None else int(self.holds_solved(rep, target)))
            P = np.array(known)[inverse].reshape(R, R)
            K = np.stack([self.bld.positive(c) for c in curves], axis=2)
            used = np.zeros(len(curves), dtype=bool)
            for sl0, sl1 in (((slice(None), slice(None, -1)), (slice(None), slice(1, None))),
                             ((slice(None, -1), slice(None)), (slice(1, None), slice(None)))):
                change = (P[sl0] != P[sl1]) & (P[sl0] >= 0) & (P[sl1] >= 0)
                used |= (K[sl0] != K[sl1])[change].any(axis=0)
            if used.any():
                found = [c for c, u in zip(curves, used) if u]
        self.target_curves[target] = found
        return found

    def holds_solved(self, point, target) -> bool:
        return _holds(self.bld.solve(*point).solution, *target)

    def holds_fast(self, point, target) -> bool:
        """From the exact cell of a point when the map is exact, else by solving."""
        if self.exact and self.table is not None:
            signs = tuple(c.sign(*point) for c in self.curves)
            if 0 not in signs:
                key = tuple(s > 0 for s in signs)
                if key in self.reps:
                    return _holds(self.bld.solve(*self.reps[key]).solution, *target)
        return self.holds_solved(point, target)

    # ---------------------------------------------------------- moves along a line
    def along(self, target, direction):
        """The first point along ``current + t*direction`` (t > 0) beyond which the
        target holds: ``(t, confirmed point or None, exact)``, or None.

        Exact maps look only at the roots of the candidate curves on the line;
        grid maps also scan the line and locate a change by exact bisection (the
        simplest rational in the final bracket; not exact)."""
        bld = self.bld
        a0, b0 = bld.current
        da, db = direction
        la, ha, lb, hb = self.box
        limits = []
        for x0, d, lo, hi in ((a0, da, la, ha), (b0, db, lb, hb)):
            if d > 0:
                limits.append((hi - x0) / d)
            elif d < 0:
                limits.append((lo - x0) / d)
        T = min(limits)
        if T <= 0:
            return None

        def point(s):
            s = exact_or_float(s)
            return (a0 + s * da, b0 + s * db)
        found = self._along_roots(target, point, direction, T)
        if not self.exact:
            scanned = self._along_scan(target, point, T)
            if scanned is not None and (found is None or scanned[0] < float(
                    sympy.N(found[0], 30))):
                found = (scanned[0], scanned[1], False)
        return found

    def _along_roots(self, target, point, direction, T):
        bld = self.bld
        a0, b0 = bld.current
        t = sympy.Dummy("t")
        line = {bld.sa: sympify_number(a0) + t * sympify_number(direction[0]),
                bld.sb: sympify_number(b0) + t * sympify_number(direction[1])}
        roots = set()
        for c in self.curves_for(target):
            try:
                found = real_roots(c.expr.subs(line), t, 0, sympify_number(T), include_hi=False)
            except SymbolicLimit:
                found = None
            roots.update(found or [])
        edges = [sympy.Integer(0)] + sorted(roots, key=lambda r: sympy.N(r, 40)) + \
            [sympify_number(T)]
        for k in range(1, len(edges) - 1):
            mid = point(rational_between(edges[k], edges[k + 1]))
            if self.holds_solved(mid, target):
                before = point(rational_between(edges[k - 1], edges[k]))
                ok = not self.holds_solved(before, target)
                return edges[k], (mid if ok else None), True
        return None

    def _along_scan(self, target, point, T):
        n = 2 * len(self.bld.coarse_a)
        previous = Fraction(0)
        for k in range(1, n + 1):
            s = T * Fraction(k, n)
            if self.holds_solved(point(s), target):
                lo, hi = previous, s
                for _ in range(BISECTIONS):
                    mid = (lo + hi) / 2
                    if self.holds_solved(point(mid), target):
                        hi = mid
                    else:
                        lo = mid
                return _simplest_between(lo, hi), point(hi)
            previous = s
        return None

    # ---------------------------------------------------------- the nearest point
    def nearest(self, target):
        """The nearest point (in units of the ranges) of the target region's closure:
        (u, v, confirmed point) with u, v the normalised changes, or None."""
        bld = self.bld
        a0, b0 = bld.current
        Ra, Rb = self.span
        u, v = sympy.Dummy("u"), sympy.Dummy("v")
        to_uv = {bld.sa: sympify_number(a0) + sympify_number(Ra) * u,
                 bld.sb: sympify_number(b0) + sympify_number(Rb) * v}
        la, ha, lb, hb = self.box
        ulo, uhi = sympify_number((la - a0) / Ra), sympify_number((ha - a0) / Ra)
        vlo, vhi = sympify_number((lb - b0) / Rb), sympify_number((hb - b0) / Rb)
        polys = []
        for c in self.curves_for(target):
            P = sympy.Poly(sympy.expand(c.expr.subs(to_uv)), u, v)
            if P.total_degree() >= 1:
                polys.append(P)
        candidates = []
        for P in polys:
            if P.total_degree() <= MAX_NEAREST_DEGREE:
                G = sympy.Poly(u * P.diff(v).as_expr() - v * P.diff(u).as_expr(), u, v)
                candidates += self._solve_pair(P, G, u, v, (ulo, uhi, vlo, vhi))
            for fixed_u in (ulo, uhi):
                for r in self._roots(P.as_expr().subs(u, fixed_u), v, vlo, vhi):
                    candidates.append((fixed_u, r))
            for fixed_v in (vlo, vhi):
                for r in self._roots(P.as_expr().subs(v, fixed_v), u, ulo, uhi):
                    candidates.append((r, fixed_v))
        for P, Q in itertools.combinations(polys, 2):
            if P.total_degree() * Q.total_degree() <= MAX_NEAREST_DEGREE ** 2:
                candidates += self._solve_pair(P, Q, u, v, (ulo, uhi, vlo, vhi))
        scored = []
        for cu, cv in candidates:
            fu, fv = float(sympy.N(cu, 30)), float(sympy.N(cv, 30))
            scored.append((math.hypot(fu, fv), cu, cv, fu, fv))
        scored.sort(key=lambda x: x[0])
        for d, cu, cv, fu, fv in scored[:40]:
            hit = self._near_target(fu, fv, target)
            if hit is not None:
                return cu, cv, d, hit
        return None

    def _roots(self, expr, x, lo, hi):
        try:
            return real_roots(expr, x, lo, hi, include_lo=True) or []
        except SymbolicLimit:
            return []

    def _solve_pair(self, P, Q, u, v, box):
        """Real common zeros of two polynomials in the box, exact (by resultants)."""
        ulo, uhi, vlo, vhi = box
        try:
            ru = sympy.Poly(sympy.resultant(P.as_expr(), Q.as_expr(), v), u)
            rv = sympy.Poly(sympy.resultant(P.as_expr(), Q.as_expr(), u), v)
        except (sympy.PolynomialError, sympy.polys.polyerrors.PolificationFailed):
            return []
        if ru.is_zero or rv.is_zero:
            return []
        us = self._roots(ru.as_expr(), u, ulo, uhi) if ru.degree() > 0 else []
        vs = self._roots(rv.as_expr(), v, vlo, vhi) if rv.degree() > 0 else []
        if ru.degree() <= 0 or rv.degree() <= 0:
            return []
        out = []
        scale = 1 + max(abs(float(c)) for c in P.coeffs())
        for x in us:
            for y in vs:
                px = P.as_expr().subs({u: x, v: y})
                qx = Q.as_expr().subs({u: x, v: y})
                if abs(complex(sympy.N(px, 40))) < 1e-25 * scale and \
                        abs(complex(sympy.N(qx, 40))) < 1e-25 * (1 + scale):
                    out.append((x, y))
        return out

    def _near_target(self, fu, fv, target):
        """A point within NEAR of (fu, fv) (normalised) where the target holds, checked
        by solving; None if there is none."""
        a0, b0 = self.bld.current
        Ra, Rb = self.span
        la, ha, lb, hb = self.box
        r = float(NEAR)
        norm = math.hypot(fu, fv)
        dirs = [(fu / norm, fv / norm)] if norm > 0 else []
        dirs += [(math.cos(2 * math.pi * k / 12), math.sin(2 * math.pi * k / 12))
                 for k in range(12)]
        for cx, cy in dirs:
            pa = a0 + Ra * Fraction(repr(fu + r * cx)).limit_denominator(10 ** 9)
            pb = b0 + Rb * Fraction(repr(fv + r * cy)).limit_denominator(10 ** 9)
            if not (la <= pa <= ha and lb <= pb <= hb):
                continue
            if self.holds_fast((pa, pb), target) and self.holds_solved((pa, pb), target):
                return pa, pb
        return None

    # ---------------------------------------------------------- all moves
    def smallest(self, target) -> SmallestChange:
        bld = self.bld
        if self.exact and self.table is not None and not self.reps:
            # one exact point per cell, to read predicates without solving
            for (pa, pb) in list(bld.points):
                signs = tuple(c.sign(pa, pb) for c in self.curves)
                if 0 not in signs:
                    self.reps.setdefault(tuple(s > 0 for s in signs), (pa, pb))
        player, at, action = target
        if self.holds_solved(bld.current, target):
            return SmallestChange(player, at, action, True)
        a0, b0 = bld.current
        Ra, Rb = self.span
        moves, unreachable = [], []
        alone = []
        for k, name in enumerate(bld.names):
            best = None
            for sign in (1, -1):
                found = self.along(target, (sign, 0) if k == 0 else (0, sign))
                if found is None:
                    continue
                t, confirmed, exact = found
                size = _float(t) / float(self.span[k])
                if best is None or size < best[0]:
                    best = (size, sign, t, confirmed, exact)
            if best is None:
                lo, hi = bld.ranges[k]
                unreachable.append(f"{name} alone cannot do it within [{format_number(lo)}, "
                                   f"{format_number(hi)}].")
                continue
            size, sign, t, confirmed, exact = best
            delta = _as_fraction_or_sympy(sign * sympify_number(t))
            change = (delta, 0) if k == 0 else (0, delta)
            alone.append(Move("alone", change, (_add(a0, change[0]), _add(b0, change[1])),
                              size, None, confirmed, exact))
        moves += sorted(alone, key=lambda m: m.distance)
        best = None
        for sa, sb in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
            found = self.along(target, (sa * Ra, sb * Rb))
            if found is not None and (best is None or _float(found[0]) < _float(best[0][0])):
                best = (found, sa, sb)
        if best is not None:
            (t, confirmed, exact), sa, sb = best
            t = sympify_number(t)
            change = (_as_fraction_or_sympy(sa * sympify_number(Ra) * t),
                      _as_fraction_or_sympy(sb * sympify_number(Rb) * t))
            moves.append(Move("together", change, (_add(a0, change[0]), _add(b0, change[1])),
                              _float(t) * math.sqrt(2), _as_fraction_or_sympy(t), confirmed,
                              exact))
        near = self.nearest(target) if self.exact else None
        if near is not None:
            cu, cv, d, confirmed = near
            change = (_as_fraction_or_sympy(Ra * cu), _as_fraction_or_sympy(Rb * cv))
            best_known = min((m.distance for m in moves), default=math.inf)
            if d <= best_known + 1e-12:
                moves.append(Move("nearest", change, (_add(a0, change[0]), _add(b0, change[1])),
                                  d, None, confirmed))
            else:   # pragma: no cover - a move along a line is on the closure too
                m = min(moves, key=lambda m: m.distance)
                moves.append(replace(m, kind="nearest", share=None))
        elif not self.exact and moves:
            unreachable.append("(The nearest point is not computed on a grid map.)")
        return SmallestChange(player, at, action, False, tuple(moves), tuple(unreachable))


def _float(x) -> float:
    return float(sympy.N(sympify_number(x), 30)) if not isinstance(x, float) else x


def _simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The fraction with the smallest denominator in ``(lo, hi]`` (Stern-Brocot)."""
    if lo >= hi:
        return hi
    q = 1
    while True:
        p = math.floor(lo * q) + 1
        if Fraction(p, q) <= hi:
            return Fraction(p, q)
        q += 1


def _add(x, d):
    """``x + d``, exact: a Fraction when both are rational, else a sympy number."""
    if isinstance(d, sympy.Basic) or isinstance(x, sympy.Basic):
        return _as_fraction_or_sympy(sympify_number(x) + sympify_number(d))
    return x + d


# ====================================================================== the command
def region_command(game, p1: str, p2: str, fmt: str = "text", plot_path=None, target=None, *,
                   params: Mapping[str, Any] | None = None,
                   ranges: Mapping[str, Any] | None = None, outcome: str = "path",
                   method: str = "auto") -> str:
    """Text (``fmt="text"``) or JSON (``fmt="json"``) for ``gamesolver region``; with
    ``plot_path``, also draw the map there.

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
