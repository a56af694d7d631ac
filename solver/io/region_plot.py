"""The picture of a region map (:mod:`solver.analysis.region`): filled regions labelled
with their outcome, the boundaries labelled with their equations, the current point
marked.  Needs matplotlib (the ``plot`` extra).

Importing this module makes :meth:`solver.analysis.region_records.RegionMap.plot` draw
with :func:`plot_region` (analysis never imports io).  :func:`region_command`, the text
or JSON of ``gamesolver region`` with the picture, is imported from here by the command.
"""
from __future__ import annotations

import math
import textwrap

import numpy as np
import sympy

from solver.analysis.region import region, region_command
from solver.analysis.region_curves import evaluate_float
from solver.analysis.region_records import register_plotter
from solver.analysis.region_text import outcome_text, point_text
from solver.io.plotting import plot_objects

__all__ = ["plot_region", "region", "region_command"]


def plot_region(region_map, path=None, *, ax=None, dpi: int = 150):
    """Draw a region map: filled regions labelled with their outcome, the boundaries
    labelled with their equations, the current point marked.

    Parameters
    ----------
    region_map : RegionMap
        The map (:func:`solver.analysis.region.region`).
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
        When matplotlib is missing (``pip install 'gamesolver[plot]'``).
    """
    ListedColormap, Figure, Line2D, Patch = plot_objects(
        "drawing a region map", "matplotlib.colors:ListedColormap", "matplotlib.figure:Figure",
        "matplotlib.lines:Line2D", "matplotlib.patches:Patch")
    a, b = region_map.parameters
    (la, ha), (lb, hb) = (tuple(float(x) for x in r) for r in region_map.ranges)
    xa, xb, grid, bands = region_map.plot_grid
    palette = ["#a6cee3", "#fdbf6f", "#b2df8a", "#fb9a99", "#cab2d6", "#ffff99",
               "#8dd3c7", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"]
    colours = [palette[k % len(palette)] for k in range(max(1, len(region_map.regions)))]
    keys = ["\n".join(textwrap.wrap(f"{r.label}: {r.text}", 110)) for r in region_map.regions]
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
    meanings = dict(region_map.meanings or {})
    ax.set_xlabel(_axis_label(a, meanings.get(a), 90), fontsize=9)
    ax.set_ylabel(_axis_label(b, meanings.get(b), 55), fontsize=9)
    title = f"{region_map.title}: outcome over {a} and {b}" if region_map.title else \
        f"Outcome over {a} and {b}"
    ax.set_title(title + ("" if region_map.approach == "exact conditions" else
                          " (grid; see the notes)"), fontsize=11)
    layout = _Layout(ax)

    # the current point first: the labels keep clear of it
    if region_map.current is not None and la <= region_map.current[0] <= ha and \
            lb <= region_map.current[1] <= hb:
        cx, cy = (float(x) for x in region_map.current)
        ax.plot([cx], [cy], marker="*", markersize=16, color="#d62728",
                markeredgecolor="white", zorder=5)
        low = (cy - lb) / (hb - lb) < 0.15
        right = (cx - la) / (ha - la) > 0.7
        note = "current point\n" + point_text(region_map.parameters, region_map.current)
        ax.annotate(note, (cx, cy), xytext=(-8 if right else 8, 8 if low else -8),
                    textcoords="offset points", fontsize=8, va="bottom" if low else "top",
                    ha="right" if right else "left", color="#d62728")
        layout.reserve(cx, cy, note, 8, 0, ("right" if right else "left",
                                            "bottom" if low else "top"), (8, 8))
    # the regions, at a point deep inside each, with the outcome when it fits
    short = _short_labels(region_map.regions)
    avoid = None
    if region_map.current is not None:
        avoid = np.add.outer(((xb - float(region_map.current[1])) / (hb - lb)) ** 2,
                             ((xa - float(region_map.current[0])) / (ha - la)) ** 2) < 0.12 ** 2
    for k, r in enumerate(region_map.regions):
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
    for k, bd in enumerate(region_map.boundaries):
        values = evaluate_float(bd.expression, sa, sb, X, Y)
        cs = ax.contour(X, Y, np.ma.array(values, mask=~bands[k]), levels=[0.0],
                        colors="black", linewidths=1.8, linestyles="solid")
        for x, y, angle in _curve_spots(cs, ax, k, len(region_map.boundaries)):
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
               for k in range(len(region_map.regions))]
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


def _axis_label(name, meaning, width: int = 75) -> str:
    if not meaning:
        return name
    return "\n".join(textwrap.wrap(f"{name}: {meaning}", width))


def _short_labels(regions) -> list[str]:
    """For the picture: the parts of each outcome that differ between the regions."""
    if len(regions) <= 1 or any(len(r.outcome) != 1 for r in regions):
        return [r.text if len(r.text) <= 60 else "" for r in regions]
    common = set(regions[0].outcome[0])
    for r in regions[1:]:
        common &= set(r.outcome[0])
    return [outcome_text(((tuple(c for c in r.outcome[0] if c not in common)),))
            for r in regions]


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


# RegionMap.plot draws with plot_region from now on
register_plotter(plot_region)
