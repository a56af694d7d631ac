"""Extensive-form games (game trees) and a builder that reads like a drawn tree.

An :class:`ExtensiveFormGame` is an immutable value.  Its nodes are stored in flat
arrays indexed by their **pre-order** position (the root is 0, a node comes before
its children, children in action order), which is also the order of a Gambit
``.efg`` file.  Each node is a *decision* node of a player, a *chance* node with
exact probabilities, or a *terminal* node.  Any node may carry an *outcome* (a
payoff vector); the payoff of a play is the sum of the outcomes along its path, as
in Gambit.  Decision nodes are grouped into information sets; the nodes of one set
belong to one player and offer the same actions.

Build a tree with :class:`TreeBuilder`::

    b = TreeBuilder(players=("Entrant", "Incumbent"), title="Entry deterrence")
    root = b.decision("Entrant", actions=("Out", "In"))
    b.terminal(root, "Out", payoffs=(0, 2))
    fight = b.decision("Incumbent", parent=root["In"], actions=("Fight", "Accommodate"))
    b.terminal(fight, "Fight", payoffs=(-1, -1))
    b.terminal(fight, "Accommodate", payoffs=(1, 1))
    game = b.build()

Reference: Osborne and Rubinstein, *A Course in Game Theory* (1994), ch. 6 and 11
(extensive games, information sets, perfect recall); Gambit's ``.efg`` format.
"""
from __future__ import annotations

import contextlib
import gc
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any, Iterator, Mapping

import numpy as np
import sympy

from .errors import InvalidGameError
from .numbers import format_number, to_number

__all__ = ["ExtensiveFormGame", "TreeBuilder", "NodeHandle", "InformationSet", "Node",
           "Outcome", "pause_gc", "TERMINAL", "DECISION", "CHANCE"]

#: Node kinds stored in :attr:`ExtensiveFormGame.node_kind`.
TERMINAL, DECISION, CHANCE = 0, 1, 2
_KIND_NAMES = {TERMINAL: "terminal", DECISION: "decision", CHANCE: "chance"}


@dataclass(frozen=True)
class Outcome:
    """A labelled payoff vector attached to a node (one payoff per player)."""

    label: str
    payoffs: tuple[Any, ...]


@dataclass(frozen=True)
class InformationSet:
    """An information set: nodes of one player that he cannot tell apart.

    Attributes
    ----------
    player : int
        Index of the player who moves.
    index : int
        Position among the player's information sets (the game's stable numbering).
    label : str
    actions : tuple of str
    nodes : tuple of int
        Member nodes (pre-order indices), in pre-order.
    """

    player: int
    index: int
    label: str
    actions: tuple[str, ...]
    nodes: tuple[int, ...]


@dataclass(frozen=True)
class Node:
    """A read-only view of one node (see :meth:`ExtensiveFormGame.node`)."""

    index: int
    kind: str
    label: str
    name: str
    player: int | None
    infoset: InformationSet | None
    parent: int | None
    actions: tuple[str, ...]
    children: tuple[int, ...]
    probabilities: tuple[Any, ...] | None
    outcome: Outcome | None


def _payoff_vector(payoffs: Any, n: int, where: str) -> tuple:
    if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Sequence) and \
            not isinstance(payoffs, np.ndarray):
        raise InvalidGameError(f"{where}: payoffs must be a sequence of {n} numbers, got {payoffs!r}")
    payoffs = tuple(payoffs)
    if len(payoffs) != n:
        raise InvalidGameError(f"{where}: expected {n} payoffs (one per player), got {len(payoffs)}")
    return tuple(_payoff(x, where, k) for k, x in enumerate(payoffs))


def _payoff(x, where, k: int):
    # ints and Fractions skip to_number, whose message argument would name the node (slow)
    t = type(x)
    if t is Fraction:
        return x
    if t is int:
        return Fraction(x)
    return to_number(x, f"{where}, payoff {k + 1}")


def _check_probabilities(probs: tuple, where: str) -> None:
    """Chance probabilities must be non-negative and sum to exactly 1."""
    numeric = all(isinstance(p, Fraction) for p in probs)
    for p in probs:
        if isinstance(p, Fraction) and p < 0:
            raise InvalidGameError(f"{where}: chance probability {format_number(p)} is negative")
    total = sum(probs, Fraction(0))
    if numeric:
        if total != 1:
            raise InvalidGameError(
                f"{where}: chance probabilities sum to {format_number(total)}, not exactly 1")
    elif sympy.simplify(sympy.sympify(total) - 1) != 0:
        raise InvalidGameError(f"{where}: chance probabilities sum to {total}, not exactly 1")


def _to_probability(x: Any, where: str):
    p = to_number(x, where)
    if isinstance(p, float):
        raise InvalidGameError(f"{where}: {x!r} is a float; give chance probabilities exactly "
                               "('0.45', '1/3' or a Fraction)")
    return p


@contextlib.contextmanager
def pause_gc():
    """Suspend Python's cyclic garbage collector while a large tree is built or solved.

    Building or solving a tree allocates millions of small objects and no cycles;
    the collector's repeated full scans would cost about a third of the time on
    10^6 nodes.  The previous state is restored on exit.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# ============================================================================ builder
class _Where:
    """Names a node in messages; the path is computed only if a message is made."""

    __slots__ = ("builder", "parent", "label")

    def __init__(self, builder, parent, label):
        self.builder, self.parent, self.label = builder, parent, label

    def __str__(self) -> str:
        return self.builder._where_text(self.parent, self.label)

    __format__ = lambda self, spec: format(str(self), spec)  # noqa: E731


class NodeHandle:
    """A node of a :class:`TreeBuilder`; ``handle["a"]`` names its action ``a`` as a parent."""

    __slots__ = ("_builder", "_id")

    def __init__(self, builder: "TreeBuilder", ident: int):
        self._builder = builder
        self._id = ident

    def __getitem__(self, action: str) -> tuple["NodeHandle", str]:
        return (self, action)

    def __repr__(self) -> str:
        return f"<node {self._builder._name(self._id)}>"


class TreeBuilder:
    """Build an :class:`ExtensiveFormGame` node by node, from the root down.

    Every node except the root is attached to an action of an existing node, given
    as ``parent=(node, "action")`` (or ``parent=node["action"]``).  Because a node's
    parent must exist before the node, a builder can only make trees: there are no
    cycles and every node has exactly one parent.  Mistakes that concern one node
    (probabilities, payoff counts, an information set with other actions or another
    player) are reported when the node is added; :meth:`build` checks that every
    action has a child and freezes the tree.

    Parameters
    ----------
    players : sequence of str
        Player names, in order (chance is not a player).
    title : str, optional
    comment : str, optional
        A longer description, kept in ``.efg`` files.
    parameters : mapping, optional
        Default values of symbolic parameters (as for :class:`NormalFormGame`).
    """

    def __init__(self, players: Sequence[str], title: str = "", comment: str = "",
                 parameters: Mapping[str, Any] | None = None):
        players = tuple(players)
        if not players:
            raise InvalidGameError("a game needs at least one player")
        for k, p in enumerate(players):
            if not isinstance(p, str) or not p.strip():
                raise InvalidGameError(f"players: name {k + 1} must be a non-empty string, got {p!r}")
        if len(set(players)) != len(players):
            raise InvalidGameError(f"players: a name appears twice in {list(players)}")
        self.players, self.title, self.comment = players, str(title), str(comment)
        self.parameters = dict(parameters or {})
        self._kind: list[int] = []
        self._player: list[int] = []
        self._iskey: list[Any] = []
        self._label: list[str] = []
        self._parent: list[int] = []
        self._paction: list[int] = []
        self._actions: list[tuple] = []
        self._probs: list[tuple | None] = []
        self._outcome: list[Outcome | None] = []
        self._children: list[list[int | None]] = []
        self._by_label: dict[str, int] = {}
        self._infosets: dict[Hashable, tuple[int, tuple, int, str]] = {}  # key -> player, actions, first node, label

    # -- naming ------------------------------------------------------------------
    def _path(self, ident: int) -> str:
        acts = []
        while self._parent[ident] >= 0:
            p = self._parent[ident]
            acts.append(self._actions[p][self._paction[ident]])
            ident = p
        return "/".join(reversed(acts)) if acts else "root"

    def _name(self, ident: int) -> str:
        return repr(self._label[ident]) if self._label[ident] else self._path(ident)

    def _where(self, parent, label: str) -> "_Where":
        return _Where(self, parent, label)

    def _where_text(self, parent, label: str) -> str:
        if label:
            return f"node {label!r}"
        if parent is None:
            return "node root"
        node, action = parent
        if isinstance(action, (int, np.integer)) and not isinstance(action, bool) \
                and 0 <= action < len(self._actions[node._id]):
            action = self._actions[node._id][action]
        path = self._path(node._id)
        return f"node {action}" if path == "root" else f"node {path}/{action}"

    # -- adding nodes --------------------------------------------------------------
    def _player_index(self, player: int | str) -> int:
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= player < len(self.players):
                return int(player)
        elif player in self.players:
            return self.players.index(player)
        raise InvalidGameError(f"no player {player!r}; players are {list(self.players)}")

    def _attach(self, parent, label: str) -> tuple[int, int]:
        if parent is None:
            if self._kind:
                raise InvalidGameError(f"{self._where(None, label)}: the tree already has a root; "
                                       "give parent=(node, action)")
            return -1, -1
        if not (isinstance(parent, tuple) and len(parent) == 2 and isinstance(parent[0], NodeHandle)):
            raise InvalidGameError(f"parent must be (node, action), got {parent!r}")
        node, action = parent
        if node._builder is not self:
            raise InvalidGameError(f"parent {node!r} belongs to another builder")
        acts = self._actions[node._id]
        if isinstance(action, (int, np.integer)) and not isinstance(action, bool):
            if not 0 <= action < len(acts):
                raise InvalidGameError(f"node {self._path(node._id)}: no action number {action}; "
                                       f"it has {len(acts)}")
            k = int(action)
        elif action not in acts:
            raise InvalidGameError(f"node {self._path(node._id)}: no action {action!r}; "
                                   f"actions are {list(acts)}")
        elif acts.count(action) > 1:
            raise InvalidGameError(f"node {self._path(node._id)}: two actions are labelled "
                                   f"{action!r}; give the action's index instead")
        else:
            k = acts.index(action)
        if self._children[node._id][k] is not None:
            raise InvalidGameError(f"{self._where(parent, label)}: action {action!r} already has a child")
        return node._id, k

    def _add(self, kind, player, key, label, parent, actions, probs, outcome) -> NodeHandle:
        p, k = self._attach(parent, label)
        ident = len(self._kind)
        if label:
            if label in self._by_label:
                raise InvalidGameError(
                    f"{self._where(parent, '')}: the label {label!r} is already used by node "
                    f"{self._path(self._by_label[label])}; node labels must be unique "
                    "(Gambit 16.7 requires it too)")
            self._by_label[label] = ident
        self._kind.append(kind); self._player.append(player); self._iskey.append(key)
        self._label.append(str(label)); self._parent.append(p); self._paction.append(k)
        self._actions.append(actions); self._probs.append(probs); self._outcome.append(outcome)
        self._children.append([None] * len(actions))
        if p >= 0:
            self._children[p][k] = ident
        return NodeHandle(self, ident)

    def _actions_of(self, actions, where: str, distinct: bool = True) -> tuple[str, ...]:
        if isinstance(actions, str):
            raise InvalidGameError(f"{where}: actions must be a sequence of labels, got the string {actions!r}")
        actions = tuple(actions)
        if not actions:
            raise InvalidGameError(f"{where}: a decision node needs at least one action")
        for a in actions:
            if not isinstance(a, str):
                raise InvalidGameError(f"{where}: action labels must be strings, got {a!r}")
        if distinct and len(set(actions)) != len(actions):
            raise InvalidGameError(f"{where}: the actions of a decision node must have distinct "
                                   f"labels, got {list(actions)}")
        return actions

    def _outcome_of(self, payoffs, label: str, where: str) -> Outcome | None:
        if payoffs is None:
            return None
        if isinstance(payoffs, Outcome):
            label, payoffs = payoffs.label, payoffs.payoffs
        return Outcome(str(label), _payoff_vector(payoffs, len(self.players), where))

    def decision(self, player: int | str, actions: Sequence[str], *, parent=None,
                 infoset: Hashable | None = None, label: str = "",
                 infoset_label: str | None = None, outcome=None,
                 outcome_label: str = "") -> NodeHandle:
        """Add a decision node of ``player`` with the given actions.

        Parameters
        ----------
        player : str or int
        actions : sequence of str
            Distinct action labels, in order.
        parent : (NodeHandle, str), optional
            The node and action leading here; omit for the root.
        infoset : hashable, optional
            Nodes given the same ``infoset`` key form one information set (they
            must belong to the same player and offer the same actions).  By
            default the node is alone in its information set.
        label : str, optional
            The node's label, used in messages.
        infoset_label : str, optional
            The information set's label; defaults to ``infoset`` when it is a
            string, else to the node label.
        outcome : sequence of numbers, optional
            Payoffs received on passing this node (added to those below).
        """
        where = self._where(parent, label)
        i = self._player_index(player)
        actions = self._actions_of(actions, where)
        if infoset is None:
            infoset = ("__node__", len(self._kind))
        if infoset in self._infosets:
            pi, acts, first, _ = self._infosets[infoset]
            if pi != i:
                raise InvalidGameError(
                    f"{where}: information set {infoset!r} belongs to player {self.players[pi]!r} "
                    f"(node {self._name(first)}), not to {self.players[i]!r}")
            if acts != actions:
                raise InvalidGameError(
                    f"{where}: information set {infoset!r} has actions {list(acts)} at node "
                    f"{self._name(first)}, but {list(actions)} here")
        else:
            if infoset_label is None:
                infoset_label = infoset if isinstance(infoset, str) else str(label)
            self._infosets[infoset] = (i, actions, len(self._kind), str(infoset_label))
        out = self._outcome_of(outcome, outcome_label, where)
        return self._add(DECISION, i, infoset, label, parent, actions, None, out)

    def chance(self, outcomes: Mapping[str, Any] | Sequence[tuple[str, Any]], *, parent=None,
               label: str = "", outcome=None, outcome_label: str = "") -> NodeHandle:
        """Add a chance node; ``outcomes`` maps each action label to its exact probability
        (a sequence of ``(label, probability)`` pairs allows repeated labels).

        Probabilities are ints, Fractions or strings (``"1/3"``, ``"0.45"``), or
        sympy expressions in parameters; they must be non-negative and sum to
        exactly 1 (floats are refused: ``0.1 + 0.2 != 0.3``).
        """
        where = self._where(parent, label)
        items = list(outcomes.items()) if isinstance(outcomes, Mapping) else [tuple(x) for x in outcomes]
        actions = self._actions_of([a for a, _ in items], where, distinct=False)
        probs = tuple(_to_probability(p, f"{where}, probability of {a!r}") for a, p in items)
        _check_probabilities(probs, where)
        out = self._outcome_of(outcome, outcome_label, where)
        return self._add(CHANCE, -1, None, label, parent, actions, probs, out)

    def terminal(self, parent, action: str | None = None, *, payoffs, label: str = "",
                 outcome_label: str = "") -> NodeHandle:
        """Add a terminal node below ``parent`` (``terminal(node, "a", payoffs=...)`` or
        ``terminal((node, "a"), payoffs=...)``).  ``payoffs=None`` gives no outcome
        here (the play's payoff is then the sum of the outcomes above, or zero)."""
        if action is not None:
            parent = (parent, action)
        where = self._where(parent, label)
        out = self._outcome_of(payoffs, outcome_label, where)
        return self._add(TERMINAL, -1, None, label, parent, (), None, out)

    # -- freezing --------------------------------------------------------------------
    def build(self, infoset_order: Sequence[Hashable] | None = None) -> "ExtensiveFormGame":
        """Check that every action has a child and return the frozen game.

        Parameters
        ----------
        infoset_order : sequence of infoset keys, optional
            The order of each player's information sets (keys of one player keep
            their relative order here).  By default, the order of first appearance
            in pre-order, as in a ``.efg`` file.
        """
        if not self._kind:
            raise InvalidGameError("the tree is empty: add a root node")
        with pause_gc():
            return self._build(infoset_order)

    def _build(self, infoset_order):
        for ident, kids in enumerate(self._children):
            for k, c in enumerate(kids):
                if c is None:
                    raise InvalidGameError(f"node {self._path(ident)}: action "
                                           f"{self._actions[ident][k]!r} has no child")
        # pre-order, iteratively (no recursion limit on deep trees)
        order: list[int] = []
        stack = [0]
        while stack:
            v = stack.pop()
            order.append(v)
            kids = self._children[v]
            if kids:
                stack.extend(reversed(kids))
        pos = [0] * len(order)
        for new, old in enumerate(order):
            pos[old] = new
        # information sets: per player, first appearance in pre-order, or the given order
        members: dict[Hashable, list[int]] = {}
        for new, old in enumerate(order):
            if self._kind[old] == DECISION:
                members.setdefault(self._iskey[old], []).append(new)
        keys = list(members)
        if infoset_order is not None:
            rank = {k: r for r, k in enumerate(infoset_order)}
            missing = [k for k in keys if k not in rank]
            if missing:
                raise InvalidGameError(f"infoset_order does not list information set {missing[0]!r}")
            keys.sort(key=rank.__getitem__)
        infosets: list[list[InformationSet]] = [[] for _ in self.players]
        gid: dict[Hashable, int] = {}
        for key in keys:
            i, acts, _, lab = self._infosets[key]
            infosets[i].append(InformationSet(i, len(infosets[i]), lab, acts, tuple(members[key])))
        # map key -> global id (players in order, then local order)
        g = 0
        for i in range(len(self.players)):
            for s in infosets[i]:
                gid[self._iskey[order[s.nodes[0]]]] = g
                g += 1
        kind = [self._kind[o] for o in order]
        player = [self._player[o] for o in order]
        infoset = [gid[self._iskey[o]] if self._kind[o] == DECISION else -1 for o in order]
        parent = [pos[self._parent[o]] if self._parent[o] >= 0 else -1 for o in order]
        paction = [self._paction[o] for o in order]
        children = [c for o in order for c in (pos[x] for x in self._children[o])]
        labels = tuple(self._label[o] for o in order)
        actions = tuple(self._actions[o] for o in order)
        chance = {h: self._probs[o] for h, o in enumerate(order) if kind[h] == CHANCE}
        outcomes = {h: self._outcome[o] for h, o in enumerate(order) if self._outcome[o] is not None}
        return ExtensiveFormGame._from_parts(
            self.players, self.title, self.comment, kind, player, infoset, parent, paction,
            children, labels, actions, chance, outcomes, tuple(tuple(p) for p in infosets),
            self.parameters)


# ============================================================================== game
def _ro(values, dtype) -> np.ndarray:
    a = np.asarray(values, dtype=dtype)
    a.setflags(write=False)
    return a


class ExtensiveFormGame:
    """A finite game tree: players, nodes, information sets and outcomes (immutable).

    Build one with :class:`TreeBuilder` or read it with :func:`solver.io.efg.read_efg`.

    Attributes
    ----------
    node_kind, node_player, node_infoset, node_parent, node_parent_action : ndarray
        Read-only flat arrays indexed by pre-order position: the kind
        (:data:`TERMINAL`, :data:`DECISION`, :data:`CHANCE`), the moving player
        (-1 if none), the global information-set id (-1 if none; ids run over the
        players in order, then each player's sets in order), the parent (-1 at the
        root) and the index of the parent's action that leads here.
    """

    form = "extensive"

    @classmethod
    def _from_parts(cls, players, title, comment, kind, player, infoset, parent, paction,
                    children, labels, actions, chance, outcomes, infosets, parameters):
        self = object.__new__(cls)
        self._players, self._title, self._comment = tuple(players), title, comment
        self.node_kind = _ro(kind, np.int8)
        self.node_player = _ro(player, np.int32)
        self.node_infoset = _ro(infoset, np.int32)
        self.node_parent = _ro(parent, np.int32)
        self.node_parent_action = _ro(paction, np.int32)
        nch = [len(a) for a in actions]
        self._child_start = _ro(np.concatenate(([0], np.cumsum(nch)[:-1])) if nch else [], np.int64)
        self._children = _ro(children, np.int32)
        self._labels, self._actions = labels, actions
        self._chance, self._outcomes = dict(chance), dict(outcomes)
        self._infosets = infosets
        self._flat_infosets = tuple(s for per in infosets for s in per)
        kinds, syms = set(), set()
        for o in self._outcomes.values():
            for x in o.payoffs:
                if isinstance(x, float):
                    kinds.add(float)
                elif isinstance(x, sympy.Basic):
                    syms |= x.free_symbols
        for probs in self._chance.values():
            for x in probs:
                if isinstance(x, sympy.Basic):
                    syms |= x.free_symbols
        if float in kinds and syms:
            raise InvalidGameError("a game cannot mix float payoffs with symbolic parameters")
        self._exact = float not in kinds
        self._symbols = frozenset(str(s) for s in syms)
        self._parameters = {str(k): to_number(v, f"default of parameter {k!r}")
                            for k, v in (parameters or {}).items()}
        return self

    # ------------------------------------------------------------------ description
    @property
    def title(self) -> str:
        return self._title

    @property
    def comment(self) -> str:
        return self._comment

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def exact(self) -> bool:
        """False when some payoff is a float."""
        return self._exact

    @property
    def parametric(self) -> bool:
        return bool(self._symbols)

    @property
    def symbols(self) -> frozenset[str]:
        return self._symbols

    @property
    def parameters(self) -> dict[str, Any]:
        return dict(self._parameters)

    @property
    def n_nodes(self) -> int:
        return len(self._labels)

    @property
    def root(self) -> int:
        return 0

    @property
    def infosets(self) -> tuple[tuple[InformationSet, ...], ...]:
        """Per player, his information sets in the game's stable numbering."""
        return self._infosets

    def infoset(self, gid: int) -> InformationSet:
        """The information set with global id ``gid`` (see :attr:`node_infoset`)."""
        return self._flat_infosets[gid]

    @property
    def n_infosets(self) -> int:
        return len(self._flat_infosets)

    def kind(self, h: int) -> str:
        return _KIND_NAMES[int(self.node_kind[h])]

    def label(self, h: int) -> str:
        return self._labels[h]

    def actions(self, h: int) -> tuple[str, ...]:
        return self._actions[h]

    def children(self, h: int) -> tuple[int, ...]:
        s = int(self._child_start[h])
        return tuple(int(c) for c in self._children[s:s + len(self._actions[h])])

    def chance_probabilities(self, h: int) -> tuple:
        """Exact probabilities of a chance node's actions."""
        return self._chance[h]

    def outcome(self, h: int) -> Outcome | None:
        """The outcome attached to node ``h`` (None if none)."""
        return self._outcomes.get(h)

    def path(self, h: int) -> tuple[str, ...]:
        """Action labels from the root to node ``h``."""
        acts = []
        par, pact = self.node_parent, self.node_parent_action
        while par[h] >= 0:
            p = int(par[h])
            acts.append(self._actions[p][int(pact[h])])
            h = p
        return tuple(reversed(acts))

    def node_name(self, h: int) -> str:
        """How messages name a node: its label, else its path (``"In/Fight"``, ``"root"``)."""
        if self._labels[h]:
            return repr(self._labels[h])
        return "/".join(self.path(h)) or "root"

    def node(self, h: int) -> Node:
        k = int(self.node_kind[h])
        i = int(self.node_player[h])
        g = int(self.node_infoset[h])
        p = int(self.node_parent[h])
        return Node(h, _KIND_NAMES[k], self._labels[h], self.node_name(h),
                    i if i >= 0 else None, self._flat_infosets[g] if g >= 0 else None,
                    p if p >= 0 else None, self._actions[h], self.children(h),
                    self._chance.get(h), self._outcomes.get(h))

    @property
    def nodes(self) -> Iterator[Node]:
        """Iterate over node views in pre-order."""
        return (self.node(h) for h in range(self.n_nodes))

    def child_lists(self) -> tuple[tuple[int, ...], ...]:
        """Children of every node as plain tuples (for algorithms' inner loops; cached)."""
        return self._child_lists

    @cached_property
    def _child_lists(self) -> tuple[tuple[int, ...], ...]:
        flat = self._children.tolist()
        out, s = [], 0
        for acts in self._actions:
            k = len(acts)
            out.append(tuple(flat[s:s + k]))
            s += k
        return tuple(out)

    @cached_property
    def _path_payoffs(self) -> list[tuple]:
        zero = tuple(Fraction(0) if self._exact else 0.0 for _ in self._players)
        par = self.node_parent.tolist()
        out: list[tuple] = [zero] * self.n_nodes
        get = self._outcomes.get
        for h in range(self.n_nodes):
            base = out[par[h]] if h else zero
            o = get(h)
            if o is None:
                out[h] = base
            elif base is zero:
                out[h] = o.payoffs
            else:
                out[h] = tuple(a + b for a, b in zip(base, o.payoffs))
        return out

    @cached_property
    def _small_payoffs(self) -> list[tuple]:
        """:attr:`_path_payoffs` with integral Fractions as ints (fast arithmetic for algorithms)."""
        memo: dict = {}
        out = []
        for v in self._path_payoffs:
            w = memo.get(id(v))
            if w is None:
                w = memo[id(v)] = tuple(x.numerator if isinstance(x, Fraction) and x.denominator == 1
                                        else x for x in v)
            out.append(w)
        return out

    def payoffs(self, h: int) -> tuple:
        """Sum of the outcomes from the root to node ``h`` (the payoffs of a play ending at a terminal)."""
        return self._path_payoffs[h]

    def terminal_payoffs(self) -> dict[int, tuple]:
        """Payoff vector of every terminal node, by node index."""
        pp = self._path_payoffs
        return {h: pp[h] for h in np.flatnonzero(self.node_kind == TERMINAL).tolist()}

    @cached_property
    def payoff_range(self) -> float:
        """Largest spread of one player's terminal payoffs (tolerances are relative to it)."""
        vals = list(self.terminal_payoffs().values())
        spans = [max(float(v[i]) for v in vals) - min(float(v[i]) for v in vals)
                 for i in range(self.n_players)]
        return max(max(spans), 1e-300)

    # ------------------------------------------------------------------ structure
    @property
    def is_perfect_information(self) -> bool:
        """True when every information set has a single node."""
        return all(len(s.nodes) == 1 for s in self._flat_infosets)

    def perfect_recall(self) -> tuple[bool, str]:
        """Check perfect recall: every player remembers his own earlier information sets and actions.

        A player has perfect recall when all nodes of each of his information sets
        are reached through the same sequence of his own (information set, action)
        pairs (Kuhn 1953; Osborne and Rubinstein 1994, def. 203.3).

        Returns
        -------
        (bool, str)
            ``(True, "")`` or ``(False, reason)`` where the reason names the
            player, the information set and what he forgets.
        """
        cached = self.__dict__.get("_recall")
        if cached is None:
            cached = self.__dict__["_recall"] = self._check_recall()
        return cached

    def _check_recall(self) -> tuple[bool, str]:
        kind = self.node_kind.tolist()
        player = self.node_player.tolist()
        gid = self.node_infoset.tolist()
        parent = self.node_parent.tolist()
        pact = self.node_parent_action.tolist()
        n = self.n_nodes
        for i, name in enumerate(self._players):
            # seq[h]: id of player i's own history (infoset, action) pairs above h;
            # ids are interned so that equal histories get equal ids
            intern: dict[tuple, int] = {(): 0}
            back: list[tuple] = [()]  # id -> (previous id, infoset, action)
            seq = [0] * n
            for h in range(1, n):
                p = parent[h]
                if kind[p] == DECISION and player[p] == i:
                    key = (seq[p], gid[p], pact[h])
                    if key not in intern:
                        intern[key] = len(back)
                        back.append(key)
                    seq[h] = intern[key]
                else:
                    seq[h] = seq[p]
            for s in self._infosets[i]:
                first = s.nodes[0]
                for h in s.nodes[1:]:
                    if seq[h] != seq[first]:
                        return False, self._recall_reason(i, s, first, h, seq, back)
        return True, ""

    def _recall_reason(self, i, s, a, b, seq, back) -> str:
        def history(h):
            out, k = [], seq[h]
            while k:
                prev, g, act = back[k]
                out.append((g, act))
                k = prev
            return out[::-1]

        name, lab = self._players[i], repr(s.label) if s.label else f"#{s.index + 1}"
        ha, hb = history(a), history(b)
        head = f"player {name!r}, information set {lab}"
        na, nb = self.node_name(a), self.node_name(b)
        mine = self.node_infoset[a]
        if any(g == mine for g, _ in ha + hb):
            return (f"{head}: nodes {na} and {nb} lie on one path, so {name!r} forgets that he "
                    "has already been at this information set (absent-mindedness)")
        for (ga, xa), (gb, xb) in zip(ha, hb):
            other = self._flat_infosets[ga]
            olab = repr(other.label) if other.label else f"#{other.index + 1}"
            if ga == gb and xa != xb:
                return (f"{head}: at node {na} he chose {other.actions[xa]!r} at his information "
                        f"set {olab}, at node {nb} he chose {other.actions[xb]!r} there: "
                        "he forgets his own earlier action")
            if ga != gb:
                break
        ga = {g for g, _ in ha}
        gb = {g for g, _ in hb}
        diff = (ga - gb) or (gb - ga)
        g = min(diff) if diff else ha[0][0] if ha else hb[0][0]
        other = self._flat_infosets[g]
        olab = repr(other.label) if other.label else f"#{other.index + 1}"
        where, not_where = (na, nb) if g in ga else (nb, na)
        return (f"{head}: node {where} is reached through his earlier information set {olab} "
                f"and node {not_where} is not: he forgets his earlier information set")

    # ------------------------------------------------------------------ parameters
    def require_concrete(self) -> None:
        if self._symbols:
            raise InvalidGameError(f"the game has free parameters {sorted(self._symbols)}; give "
                                   "values with game.substitute(name=value) first")

    def substitute(self, values: Mapping[str, Any] | None = None, *, defaults: bool = True,
                   **kwargs: Any) -> "ExtensiveFormGame":
        """Replace parameters by values (defaults fill the rest), as for NormalFormGame.

        ``defaults`` is accepted for the signature of
        :meth:`NormalFormGame.substitute`; a tree always fills the parameters not
        given with their defaults.
        """
        given = dict(values or {})
        given.update(kwargs)
        known = set(self._symbols) | set(self._parameters)
        unknown = sorted(set(given) - known)
        if unknown:
            raise InvalidGameError(f"unknown parameter {unknown[0]!r}; the game's parameters are {sorted(known)}")
        if not self._symbols:
            return self
        merged = {k: v for k, v in self._parameters.items() if k in self._symbols}
        merged.update({k: to_number(v, f"parameter {k!r}") for k, v in given.items()})
        subs = {sympy.Symbol(k): (sympy.Rational(v.numerator, v.denominator)
                                  if isinstance(v, Fraction) else v) for k, v in merged.items()}

        def sub(x, where):
            return to_number(x.subs(subs), where) if isinstance(x, sympy.Basic) else x

        outcomes = {h: Outcome(o.label, tuple(sub(x, f"node {self.node_name(h)}, payoff of "
                                                     f"{self._players[i]!r}")
                                              for i, x in enumerate(o.payoffs)))
                    for h, o in self._outcomes.items()}
        chance = {}
        for h, probs in self._chance.items():
            where = f"node {self.node_name(h)}"
            new = tuple(sub(p, where) for p in probs)
            if any(isinstance(p, float) for p in new):
                raise InvalidGameError(f"{where}: chance probabilities must stay exact")
            _check_probabilities(new, where)
            chance[h] = new
        return ExtensiveFormGame._from_parts(
            self._players, self._title, self._comment, self.node_kind, self.node_player,
            self.node_infoset, self.node_parent, self.node_parent_action, self._children,
            self._labels, self._actions, chance, outcomes, self._infosets, self._parameters)

    # ------------------------------------------------------------------ value semantics
    @cached_property
    def _key(self):
        return (self._players, self.node_kind.tobytes(), self.node_player.tobytes(),
                self.node_infoset.tobytes(), self.node_parent.tobytes(),
                self.node_parent_action.tobytes(), self._labels, self._actions,
                tuple((s.label, s.actions) for s in self._flat_infosets),
                tuple(sorted(self._chance.items())), tuple(sorted(
                    (h, o.label, o.payoffs) for h, o in self._outcomes.items())), self._exact)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtensiveFormGame):
            return NotImplemented
        return self is other or self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def outline(self, max_nodes: int = 200) -> str:
        """The tree as an indented outline, one line per node (at most ``max_nodes``)."""
        lines = [repr(self)]
        depth = [0] * self.n_nodes
        par = self.node_parent.tolist()
        for h in range(min(self.n_nodes, max_nodes)):
            if h:
                depth[h] = depth[par[h]] + 1
                p = par[h]
                edge = self._actions[p][int(self.node_parent_action[h])]
                if self.node_kind[p] == CHANCE:
                    edge += f" ({format_number(self._chance[p][int(self.node_parent_action[h])])})"
            else:
                edge = "root"
            k = int(self.node_kind[h])
            if k == DECISION:
                s = self._flat_infosets[int(self.node_infoset[h])]
                what = f"{self._players[s.player]} moves" + (f" [{s.label}]" if s.label else "")
            elif k == CHANCE:
                what = "chance"
            else:
                what = "(" + ", ".join(format_number(x) for x in self.payoffs(h)) + ")"
            lab = f" {self._labels[h]!r}" if self._labels[h] else ""
            lines.append("  " * depth[h] + f"{edge}{lab}: {what}")
        if self.n_nodes > max_nodes:
            lines.append(f"... {self.n_nodes - max_nodes} more nodes")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.outline()

    def __repr__(self) -> str:
        kind = "exact" if self._exact else "float"
        if self._symbols:
            kind = "parametric in " + ", ".join(sorted(self._symbols))
        title = f" {self._title!r}" if self._title else ""
        return (f"<ExtensiveFormGame{title} {self.n_nodes} nodes, {self.n_infosets} information "
                f"sets, players {list(self._players)}, {kind}>")
