"""What a tree drawing writes, and where: players, actions, payoffs, beliefs.

The placement follows the textbooks (Osborne and Rubinstein 1994; Gibbons 1992):

* the player who moves beside his node, on the side away from the branch that
  leads to it (above the root); "Chance" at chance nodes;
* at an information set of several nodes, the player's name once, above its
  dashed line, where the fewest branches cross it;
* each action beside its branch, about halfway down (the first branch's label
  above-left of it, the last's above-right, as istgame's ``al`` and ``ar`` do, the
  middle ones on the branch itself), slid along the branch when something is in
  the way; a chance move's probability after it, and so a mixed choice's;
* the payoff vector below each leaf, in the order of the players;
* with an equilibrium, the beliefs in brackets beside the nodes of each
  information set of several nodes.

:func:`plan_labels` returns them as :class:`Label` records in layout units; the
renderers turn each side into their own anchors.  Texts are made twice, by the
renderer's :class:`~solver.io.tree_text.LabelFormat` and by the plain one, whose
length estimates the width used to keep labels apart (:func:`overlaps`,
:func:`fit_units`).
"""
from __future__ import annotations

from dataclasses import dataclass

from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL
from solver.io.tree_text import FONT_POINTS, PLAIN, LabelFormat, math_number, text_size

__all__ = ["Label", "LabelFormat", "plan_labels", "math_number", "label_box", "overlaps",
           "fit_units", "payoffs_stacked", "text_size", "FONT_POINTS", "PAD_POINTS",
           "NODE_PAD_POINTS"]

#: The gap between a label and its branch or line, in points.
PAD_POINTS = 3.0
#: The gap between a label and its node (past the node's dot), in points.
NODE_PAD_POINTS = 5.0
#: The widest payoff vector written on one line, in inches; wider ones are stacked.
ONE_LINE_PAYOFFS = 1.2
_POINT = 1 / 72


@dataclass(frozen=True)
class Label:
    """One text of the drawing.

    Attributes
    ----------
    role : str
        ``"owner"`` (a player at a node), ``"infoset"`` (a player at an information
        set), ``"action"``, ``"payoff"`` or ``"belief"``.
    x, y : float
        The anchor point, in layout units.
    side : str
        Where the text goes from the anchor: ``"above"``, ``"below"``, ``"left"``,
        ``"right"``, ``"above left"``, ``"above right"`` or ``"center"`` (on a branch,
        over a white box).
    text : str
        The text in the renderer's markup.
    plain : str
        The same text in plain characters (lines separated by ``"\\n"``).
    node : int
        The node it belongs to (for an action, the node the branch leads to; for
        an information set, its leftmost node).
    pad : float
        The gap between the anchor and the text, in points.
    """

    role: str
    x: float
    y: float
    side: str
    text: str
    plain: str
    node: int
    pad: float = 3.0


def payoffs_stacked(game) -> bool:
    """Whether to write payoff vectors one number per line: when some vector on one
    line would be wider than :data:`ONE_LINE_PAYOFFS` inches."""
    terminals = [h for h, k in enumerate(game.node_kind.tolist()) if k == TERMINAL]
    widest = max((text_size(PLAIN.vector(game.payoffs(h), False))[0] for h in terminals),
                 default=0.0)
    return widest > ONE_LINE_PAYOFFS


# ---------------------------------------------------------------------- planning
def plan_labels(game, layout, marks=None, fmt: LabelFormat = PLAIN, *, units=(1.0, 1.0),
                stacked: bool | None = None, size=text_size) -> list[Label]:
    """Every label of the drawing, placed.

    Parameters
    ----------
    game : ExtensiveFormGame
    layout : TreeLayout
    marks : TreeMarks, optional
        An equilibrium's choices and beliefs.
    fmt : LabelFormat
        The renderer's markup.
    units : (float, float)
        Inches per layout unit across and down (to place the information sets'
        names clear of the branches).
    stacked : bool, optional
        Payoffs one number per line (default: :func:`payoffs_stacked`).
    size : callable
        ``plain text -> (width, height)`` in inches.
    """
    if stacked is None:
        stacked = payoffs_stacked(game)
    X, Y = layout.x, layout.y
    kinds = game.node_kind.tolist()
    parent = game.node_parent.tolist()
    kids = game.child_lists()
    in_line = {h: ln for ln in layout.lines for h in ln.nodes}
    out: list[Label] = []

    def make(role, x, y, side, text, node):
        pad = NODE_PAD_POINTS if role in ("owner", "belief") else PAD_POINTS
        return Label(role, x, y, side, text(fmt), text(PLAIN), node, pad)

    # the labels at nodes first: they have no choice of place
    for h in range(game.n_nodes):
        k, p = kinds[h], parent[h]
        if k == TERMINAL:
            pay = game.payoffs(h)
            out.append(make("payoff", X[h], Y[h], "below",
                            lambda f, v=pay: f.vector(v, stacked), h))
        elif h not in in_line or not layout.aligned:
            who = "Chance" if k == CHANCE else game.players[int(game.node_player[h])]
            side = "above" if p < 0 else "left" if layout.side(h, p) < 0 else "right"
            out.append(make("owner", X[h], Y[h], side, lambda f, w=who: f.words(w), h))
    for ln in layout.lines if marks is not None else ():
        for i, h in enumerate(ln.nodes):
            mark = marks.beliefs.get(h)
            if mark is None:
                continue
            if i == 0:
                side = "left"
            elif i == len(ln.nodes) - 1:
                side = "right"
            else:
                side = "above left" if layout.side(h, parent[h]) < 0 else "above right"
            out.append(make("belief", X[h], Y[h], side, lambda f, m=mark: f.belief(m), h))
    taken = [label_box(lb, units, size) for lb in out]
    dashes = [(X[ln.nodes[0]] * units[0], X[ln.nodes[-1]] * units[0], Y[ln.nodes[0]] * units[1])
              for ln in layout.lines if layout.aligned]
    # then each action beside its branch, slid along it clear of the labels and dashes
    for h in range(game.n_nodes):
        k = kinds[h]
        acts = game.actions(h)
        for a, c in enumerate(kids[h]):
            prob = None
            if k == CHANCE:
                prob = game.chance_probabilities(h)[a]
            elif marks is not None and k == DECISION and marks.mixed(h, a):
                prob = marks.move[h][a]
            side = "above left" if a == 0 and len(acts) > 1 else \
                "above right" if a == len(acts) - 1 else "center"
            best = None
            for t in _ALONG:
                lb = make("action", X[h] + t * (X[c] - X[h]), Y[h] + t * (Y[c] - Y[h]), side,
                          lambda f, s=acts[a], q=prob: f.action(s, q), c)
                box = label_box(lb, units, size)
                hits = sum(_boxes_meet(box, b) for b in taken) + \
                    sum(box[1] < y < box[3] and box[0] < r and l < box[2] for l, r, y in dashes)
                if best is None or hits < best[0]:
                    best = (hits, lb, box)
                if not hits:
                    break
            out.append(best[1])
            taken.append(best[2])
    # last the players' names at the information sets, where the fewest things cross them
    for ln in layout.lines if layout.aligned else ():
        who = game.players[ln.player]
        cx = _clear_spot(layout, game, ln, size(PLAIN.words(who)), units, taken)
        out.append(make("infoset", cx, Y[ln.nodes[0]], "above", lambda f, s=who: f.words(s),
                        ln.nodes[0]))
        taken.append(label_box(out[-1], units, size))
    return out


#: Where along its branch an action's label may go (from the parent), in order of preference.
_ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74)


def _boxes_meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _clear_spot(layout, game, line, wh, units, taken) -> float:
    """Where along an information set's line its player's name meets the fewest branches,
    nodes and labels already placed (``taken``, boxes in inches).

    Candidates run along the line in steps of a tenth of an inch; ties go to the one
    nearest the middle of the line.  ``wh`` is the name's size in inches; the result
    is in layout units.
    """
    ux, uy = units
    X, Y = layout.x, layout.y
    x0, x1 = X[line.nodes[0]] * ux, X[line.nodes[-1]] * ux
    y = Y[line.nodes[0]] * uy
    w, h = wh
    pad = PAD_POINTS * _POINT
    lo, hi = y + pad, y + pad + h
    parent = game.node_parent.tolist()
    edges = [(X[parent[c]] * ux, Y[parent[c]] * uy, X[c] * ux, Y[c] * uy)
             for c in range(1, game.n_nodes)
             if min(Y[c], Y[parent[c]]) * uy < hi and max(Y[c], Y[parent[c]]) * uy > lo]
    nodes = [X[c] * ux for c in range(game.n_nodes) if lo - pad <= Y[c] * uy <= hi + pad]
    boxes = [b for b in taken if b[1] < hi and b[3] > lo]
    middle = (x0 + x1) / 2
    if x1 - x0 <= w:
        return middle / ux
    best = None
    steps = int((x1 - x0 - w) / 0.1) + 1
    for i in range(steps + 1):
        c = x0 + w / 2 + min(i * 0.1, x1 - x0 - w)
        box = (c - w / 2 - 3 * pad, lo, c + w / 2 + 3 * pad, hi)   # room on both sides
        hits = sum(_segment_hits_box(e, box) for e in edges) + \
            sum(box[0] <= nx <= box[2] for nx in nodes) + \
            2 * sum(b[0] < box[2] and box[0] < b[2] for b in boxes)
        key = (hits, abs(c - middle))
        if best is None or key < best[0]:
            best = (key, c)
    return best[1] / ux


def _segment_hits_box(seg, box) -> bool:
    """Whether a segment meets an axis-parallel box (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = seg
    bx0, by0, bx1, by1 = box
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - bx0), (dx, bx1 - x0), (-dy, y0 - by0), (dy, by1 - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


# ---------------------------------------------------------------------- spacing
def label_box(label: Label, units, size=text_size) -> tuple[float, float, float, float]:
    """A label's box ``(x0, y0, x1, y1)`` in inches, from its estimated size."""
    w, h = size(label.plain)
    pad = label.pad * _POINT
    x, y = label.x * units[0], label.y * units[1]
    side = label.side
    if side == "above":
        return x - w / 2, y + pad, x + w / 2, y + pad + h
    if side == "below":
        return x - w / 2, y - pad - h, x + w / 2, y - pad
    if side == "left":
        return x - pad - w, y - h / 2, x - pad, y + h / 2
    if side == "right":
        return x + pad, y - h / 2, x + pad + w, y + h / 2
    if side == "above left":
        return x - pad - w, y + pad, x - pad, y + pad + h
    if side == "above right":
        return x + pad, y + pad, x + pad + w, y + pad + h
    return x - w / 2, y - h / 2, x + w / 2, y + h / 2


def overlaps(boxes) -> list[tuple[int, int]]:
    """The pairs of boxes ``(x0, y0, x1, y1)`` that overlap (a sweep along x)."""
    order = sorted(range(len(boxes)), key=lambda i: boxes[i][0])
    found = []
    for a, i in enumerate(order):
        bi = boxes[i]
        for j in order[a + 1:]:
            bj = boxes[j]
            if bj[0] >= bi[2]:
                break
            if bj[1] < bi[3] and bi[1] < bj[3]:
                found.append((min(i, j), max(i, j)))
    return found


def fit_units(game, layout, marks=None, fmt: LabelFormat = PLAIN, *, size=text_size,
              rounds: int = 8):
    """Inches per layout unit (across, down) that keep the estimated labels apart.

    Starts from the widest payoff vector plus a margin (at least 0.9 inch per leaf)
    and one inch per level, and widens (and every other round deepens) the drawing
    until no two labels overlap or ``rounds`` are spent.

    Returns
    -------
    units : (float, float)
    labels : list of Label
        Placed for those units.
    """
    stacked = payoffs_stacked(game)
    terminals = [h for h, k in enumerate(game.node_kind.tolist()) if k == TERMINAL]
    widest = max((size(PLAIN.vector(game.payoffs(h), stacked))[0] for h in terminals),
                 default=0.0)
    tallest = max((size(PLAIN.vector(game.payoffs(h), stacked))[1] for h in terminals),
                  default=0.0)
    ux, uy = max(0.9, widest + 0.3), max(1.0, 0.6 + tallest)
    labels = []
    for r in range(rounds):
        labels = plan_labels(game, layout, marks, fmt, units=(ux, uy), stacked=stacked,
                             size=size)
        if not overlaps([label_box(lb, (ux, uy), size) for lb in labels]):
            break
        ux *= 1.25
        if r % 2:
            uy *= 1.15
    return (ux, uy), labels
