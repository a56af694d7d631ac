"""A game tree as a matplotlib figure: SVG, PNG or PDF, drawn as a teacher draws it.

Branches are thin black lines, decision nodes black dots, chance nodes open
circles; information sets of several nodes are joined by a dashed line; an
equilibrium's choices are drawn thick.  The geometry comes from
:mod:`solver.io.tree_layout`, the texts and their places from
:mod:`solver.io.tree_labels`, the equilibrium's marks from :mod:`solver.io.tree_marks`.

The figure is a :class:`matplotlib.figure.Figure` made without pyplot (no global
state, safe in servers and notebooks), one inch of paper per drawing inch.  Each
artist carries an id (``gid``) that SVG output keeps: ``edge-<node>`` and
``equilibrium-edge-<node>`` for the branch into a node, ``infoset-line-<id>`` for a
dashed line, ``<role>-<node>`` for a text (roles of :class:`~solver.io.tree_labels.Label`).
Needs matplotlib (the ``plot`` extra).
"""
from __future__ import annotations

from solver.forms.extensive.game import CHANCE, DECISION
from solver.io.plotting import plot_objects
from solver.io.tree_labels import fit_units, label_box
from solver.io.tree_text import FONT_POINTS, LabelFormat, math_number

__all__ = ["tree_figure", "FigureFormat", "RC", "MARGIN"]

#: matplotlib settings for tree figures: a serif face like a textbook's, and SVG
#: text kept as text (searchable, and checked by the tests).
RC = {"font.family": "serif", "mathtext.fontset": "dejavuserif", "svg.fonttype": "none",
      "svg.hashsalt": "gamesolver"}
#: The white border around the drawing, in inches.
MARGIN = 0.15
_POINT = 1 / 72
_THIN, _THICK = 1.0, 2.8
_SIDES = {  # side -> (x step, y step, horizontal alignment, vertical alignment)
    "above": (0, 1, "center", "bottom"), "below": (0, -1, "center", "top"),
    "left": (-1, 0, "right", "center"), "right": (1, 0, "left", "center"),
    "above left": (-1, 1, "right", "bottom"), "above right": (1, 1, "left", "bottom"),
    "center": (0, 0, "center", "center"),
}


def require_matplotlib():
    """Import matplotlib, or say how to install it (a GameError)."""
    return plot_objects("drawing a tree as a picture", "matplotlib", "matplotlib.figure:Figure")


class FigureFormat(LabelFormat):
    """Plain text, with ``$`` escaped (matplotlib reads ``$...$`` as mathematics), a
    true minus sign, and parametric expressions written as mathematics
    (``$\\kappa\\,s + x$``)."""

    def words(self, s: str) -> str:
        return s.replace("$", r"\$")

    def number(self, x) -> str:
        text = super().number(x)
        return text if text.startswith("$") else text.replace("-", "\u2212")

    def expression(self, x) -> str:
        return "$" + math_number(x) + "$"


def _measure():
    """``plain text -> (width, height)`` in inches, measured with the figure's font."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath
    tp = TextToPath()
    prop = FontProperties(family=RC["font.family"], size=FONT_POINTS)
    cache: dict = {}

    def size(plain: str):
        got = cache.get(plain)
        if got is None:
            lines = plain.split("\n")
            w = max(tp.get_text_width_height_descent(s, prop, ismath=False)[0] if s else 0.0
                    for s in lines)
            got = cache[plain] = (w * _POINT, len(lines) * 1.25 * FONT_POINTS * _POINT)
        return got
    return size


def tree_figure(game, layout, marks=None):
    """Draw a laid-out tree (and an equilibrium's marks) on a new matplotlib Figure.

    Parameters
    ----------
    game : ExtensiveFormGame
    layout : TreeLayout
    marks : TreeMarks, optional

    Returns
    -------
    matplotlib.figure.Figure
        Sized so that the labels do not overlap; save it with ``savefig`` (inside
        ``matplotlib.rc_context(RC)`` for SVG text that stays text).
    """
    matplotlib, Figure = require_matplotlib()
    with matplotlib.rc_context(RC):
        size = _measure()
        units, labels = fit_units(game, layout, marks, FigureFormat(), size=size)
        ux, uy = units
        boxes = [label_box(lb, units, size) for lb in labels]
        pts = [(x * ux, y * uy) for x, y in zip(layout.x, layout.y)]
        x0 = min([b[0] for b in boxes] + [p[0] for p in pts]) - MARGIN
        x1 = max([b[2] for b in boxes] + [p[0] for p in pts]) + MARGIN
        y0 = min([b[1] for b in boxes] + [p[1] for p in pts]) - MARGIN
        y1 = max([b[3] for b in boxes] + [p[1] for p in pts]) + MARGIN
        notes = _notes(game, marks)
        line = 1.3 * (FONT_POINTS - 1) * _POINT
        y0 -= line * len(notes)
        x1 = max([x1] + [x0 + 2 * MARGIN + size(t)[0] for t in notes])
        fig = Figure(figsize=(x1 - x0, y1 - y0))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_axis_off()
        _branches(ax, game, pts, marks)
        _nodes(ax, game, pts)
        for ln in layout.lines:
            xs, ys = zip(*(pts[h] for h in ln.nodes))
            ax.plot(xs, ys, color="black", lw=1.1, ls=(0, (4, 3)), zorder=1,
                    gid=f"infoset-line-{ln.infoset}")
        for lb in labels:
            pad = lb.pad * _POINT
            dx, dy, ha, va = _SIDES[lb.side]
            box = {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"} \
                if lb.side == "center" else None
            ax.text(lb.x * ux + dx * pad, lb.y * uy + dy * pad, lb.text, ha=ha, va=va,
                    multialignment="center", fontsize=FONT_POINTS, bbox=box, zorder=4,
                    gid=f"{lb.role}-{lb.node}")
        for k, note in enumerate(notes):
            ax.text(x0 + MARGIN, y0 + MARGIN + line * (len(notes) - 1 - k), note, ha="left",
                    va="bottom", fontsize=FONT_POINTS - 1, color="0.25", gid=f"note-{k}")
    return fig


def _branches(ax, game, pts, marks):
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    kinds = game.node_kind.tolist()
    for c in range(1, game.n_nodes):
        p = parent[c]
        bold = marks is not None and kinds[p] == DECISION and marks.chosen(p, pact[c])
        (xa, ya), (xb, yb) = pts[p], pts[c]
        ax.plot((xa, xb), (ya, yb), color="black", lw=_THICK if bold else _THIN,
                solid_capstyle="round", zorder=2 if bold else 1,
                gid=f"{'equilibrium-' if bold else ''}edge-{c}")


def _nodes(ax, game, pts):
    kinds = game.node_kind.tolist()
    for wanted, style in ((DECISION, {"mfc": "black"}), (CHANCE, {"mfc": "white"})):
        hs = [h for h, k in enumerate(kinds) if k == wanted]
        if hs:
            ax.plot([pts[h][0] for h in hs], [pts[h][1] for h in hs], ls="none", marker="o",
                    ms=5.5, mec="black", mew=1.0, zorder=3,
                    gid="decision-nodes" if wanted == DECISION else "chance-nodes", **style)


def _notes(game, marks) -> list[str]:
    """The key under a drawing with an equilibrium."""
    if marks is None:
        return []
    which = f"equilibrium {marks.index} of {marks.count}" if marks.count > 1 else "the equilibrium"
    how = f" ({marks.method})" if marks.method else ""
    notes = [f"Thick: the choices of {which}{how}; (p): probability of a move."]
    if marks.beliefs:
        notes.append("[ ]: beliefs at information sets (μ where Bayes' rule leaves a range).")
    return notes
