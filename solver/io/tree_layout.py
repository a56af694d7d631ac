"""Where each node of a game tree goes in a drawing, as a teacher lays it out.

The root is at the top and the tree grows downwards, one *level* per move.  The
leaves are evenly spaced from left to right in the order of the tree (pre-order,
the order of a Gambit ``.efg`` file), one unit apart, and every other node sits
midway between its first and its last child.  Two conventions of the textbooks
(Osborne and Rubinstein 1994, ch. 6 and 11; Gibbons 1992, ch. 2 and 4) need more
than that:

* The nodes of an information set are drawn at one height, joined by a dashed
  line.  When the set's nodes lie at different depths (Selten's horse), the
  shallower ones are pushed down to the deepest one's level, and their subtrees
  with them.
* A dashed line must not run through a node it does not join.  When the
  information sets of one level interleave (in beer-quiche the receiver's set
  after Beer spans the node after Quiche of the strong type), they are put on
  *sub-levels* a little apart, found by colouring the overlapping spans
  greedily (the interval-graph colouring, which uses the fewest sub-levels);
  every other node that lies inside a span goes just below its line.

Coordinates are in layout units: ``x`` counts leaf spacings, ``y`` counts levels
and is 0 at the root and negative below it.  The renderers
(:mod:`solver.io.tree_figure`, :mod:`solver.io.tree_tikz`) scale them to inches or
centimetres.  Trees of more than :data:`MAX_NODES` nodes are refused: past a few
hundred nodes a picture stops being readable (use ``max_nodes`` to draw one anyway).
"""
from __future__ import annotations

from dataclasses import dataclass

from solver.errors import GameError

__all__ = ["MAX_NODES", "SUBLEVEL_STEP", "InfosetLine", "TreeLayout", "layout_tree",
           "check_size"]

#: The largest tree drawn without asking: beyond it a picture stops being readable.
#: Raise it per call with ``max_nodes=`` (command line: ``--max-nodes``).
MAX_NODES = 500

#: The gap between two sub-levels of one level, as a fraction of a level.
SUBLEVEL_STEP = 0.4


@dataclass(frozen=True)
class InfosetLine:
    """The dashed line of an information set with several nodes.

    Attributes
    ----------
    infoset : int
        The set's global id (``game.infoset(infoset)``).
    player : int
        The index of the player who moves there.
    nodes : tuple of int
        The set's nodes from left to right; the line joins them in this order.
    level, sublevel : int
        Where its nodes are (all the same unless the set could not be aligned).
    """

    infoset: int
    player: int
    nodes: tuple[int, ...]
    level: int
    sublevel: int


@dataclass(frozen=True)
class TreeLayout:
    """A drawing's geometry: one point per node, in layout units.

    Attributes
    ----------
    x, y : tuple of float
        Per node (pre-order index), its position: ``x`` in leaf spacings (the
        leaves are at 0, 1, 2, ...), ``y`` in levels (0 at the root, negative below).
    level, sublevel : tuple of int
        Per node, its level (0 at the root) and its sub-level within the level.
    lines : tuple of InfosetLine
        The information sets with several nodes, left to right within each level.
    n_leaves : int
    aligned : bool
        False when some information sets could not be put at one height (their
        nodes lie on both sides of each other, as in a game where two players
        move in opposite orders in two branches); their lines then slope.
    """

    x: tuple[float, ...]
    y: tuple[float, ...]
    level: tuple[int, ...]
    sublevel: tuple[int, ...]
    lines: tuple[InfosetLine, ...]
    n_leaves: int
    aligned: bool = True

    @property
    def width(self) -> float:
        """The distance from the leftmost to the rightmost leaf."""
        return float(max(self.n_leaves - 1, 0))

    @property
    def depth(self) -> float:
        """The distance from the root to the lowest node."""
        return -min(self.y) if self.y else 0.0

    def side(self, h: int, parent: int) -> int:
        """-1 when node ``h`` lies left of ``parent``, 1 right of it, 0 straight below."""
        d = self.x[h] - self.x[parent]
        return 0 if abs(d) < 1e-9 else (1 if d > 0 else -1)


def check_size(game, max_nodes: int) -> None:
    """Refuse a tree too large to draw readably (a GameError saying how to draw it anyway)."""
    if max_nodes is None or game.n_nodes <= max_nodes:
        return
    raise GameError(f"the tree has {game.n_nodes} nodes, more than max_nodes={max_nodes} "
                    f"(a drawing stops being readable past a few hundred); draw it anyway "
                    f"with max_nodes={game.n_nodes} (command line: --max-nodes "
                    f"{game.n_nodes})")


def layout_tree(game, *, max_nodes: int | None = MAX_NODES) -> TreeLayout:
    """Lay out a game tree: levels, aligned information sets, evenly spaced leaves.

    Parameters
    ----------
    game : ExtensiveFormGame
    max_nodes : int or None
        Refuse larger trees (:data:`MAX_NODES` by default; None for no limit).

    Returns
    -------
    TreeLayout

    Raises
    ------
    GameError
        When the tree has more than ``max_nodes`` nodes.

    Examples
    --------
    The entry game: the entrant at the top, "Out" ending at once on the left, the
    incumbent's two leaves one level further down.

    >>> from solver import TreeBuilder
    >>> b = TreeBuilder(players=("Entrant", "Incumbent"))
    >>> root = b.decision("Entrant", actions=("Out", "In"))
    >>> _ = b.terminal(root, "Out", payoffs=(0, 2))
    >>> fight = b.decision("Incumbent", parent=root["In"], actions=("Fight", "Accommodate"))
    >>> _ = b.terminal(fight, "Fight", payoffs=(-1, -1))
    >>> _ = b.terminal(fight, "Accommodate", payoffs=(1, 1))
    >>> lay = layout_tree(b.build())
    >>> lay.x, lay.y
    ((0.75, 0.0, 1.5, 1.0, 2.0), (0.0, -1.0, -1.0, -2.0, -2.0))
    """
    check_size(game, max_nodes)
    n = game.n_nodes
    parent = game.node_parent.tolist()
    kids = game.child_lists()
    sets = [s for per in game.infosets for s in per if len(s.nodes) > 1]
    gids = game.node_infoset.tolist()
    level, aligned = _levels(n, parent, sets)
    x, n_leaves = _columns(n, kids)
    sub, lines = _sublevels(n, x, level, sets, gids, aligned)
    rows = _rows(level, sub)
    return TreeLayout(tuple(x), tuple(0.0 - r for r in rows), tuple(level), tuple(sub),
                      lines, n_leaves, aligned)


def _levels(n, parent, sets):
    """Depths, with the nodes of each information set pushed down to one level.

    Pushing a node down pushes its subtree; the rounds stop when nothing moves.  If
    the sets' nodes lie on both sides of each other no level is ever stable: the
    plain depths are returned, with ``aligned`` False.
    """
    depth = [0] * n
    for h in range(1, n):
        depth[h] = depth[parent[h]] + 1
    level = depth[:]
    for _ in range(n + 1):
        moved = False
        for s in sets:
            m = max(level[h] for h in s.nodes)
            for h in s.nodes:
                if level[h] != m:
                    level[h], moved = m, True
        if not moved:
            return level, True
        for h in range(1, n):
            if level[h] <= level[parent[h]]:
                level[h] = level[parent[h]] + 1
        if max(level) > n:
            break
    return depth, False


def _columns(n, kids):
    """Leaves at 0, 1, 2, ... in pre-order; a parent midway between its outer children."""
    x = [0.0] * n
    leaves = 0
    for h in range(n):
        if not kids[h]:
            x[h] = float(leaves)
            leaves += 1
    for h in range(n - 1, -1, -1):
        if kids[h]:
            x[h] = (x[kids[h][0]] + x[kids[h][-1]]) / 2
    return x, leaves


def _sublevels(n, x, level, sets, gids, aligned):
    """Sub-levels that keep every dashed line clear of the nodes it does not join."""
    sub = [0] * n
    by_level: dict[int, list] = {}
    in_set = set()
    for s in sets:
        lv = {level[h] for h in s.nodes}
        if len(lv) == 1:
            by_level.setdefault(lv.pop(), []).append(s)
            in_set.update(s.nodes)
    colour: dict[int, int] = {}
    for lv, here in by_level.items():
        spans = sorted(((min(x[h] for h in s.nodes), max(x[h] for h in s.nodes), s)
                        for s in here), key=lambda t: (t[0], t[1]))
        ends: list[float] = []        # per colour, the right end of its last span
        for lo, hi, s in spans:
            c = next((k for k, e in enumerate(ends) if e < lo), len(ends))
            if c == len(ends):
                ends.append(hi)
            else:
                ends[c] = hi
            colour[id(s)] = c
            for h in s.nodes:
                sub[h] = c
        for h in range(n):
            if level[h] == lv and h not in in_set:
                inside = [colour[id(s)] for lo, hi, s in spans if lo < x[h] < hi]
                sub[h] = 1 + max(inside) if inside else 0
    lines = []
    for s in sets:
        order = tuple(sorted(s.nodes, key=lambda h: x[h]))
        lines.append(InfosetLine(gids[s.nodes[0]], s.player, order, level[order[0]],
                                 sub[order[0]]))
    lines.sort(key=lambda ln: (ln.level, ln.sublevel, x[ln.nodes[0]]))
    return sub, tuple(lines)


def _rows(level, sub):
    """Each node's distance below the root: one unit per level, plus its sub-level."""
    if not level:
        return []
    top = max(level)
    extra = [0] * (top + 1)
    for lv, s in zip(level, sub):
        extra[lv] = max(extra[lv], s)
    base = [0.0] * (top + 1)
    for lv in range(1, top + 1):
        base[lv] = base[lv - 1] + 1 + extra[lv - 1] * SUBLEVEL_STEP
    return [base[lv] + s * SUBLEVEL_STEP for lv, s in zip(level, sub)]
