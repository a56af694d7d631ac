"""A builder of game trees that reads like a drawn tree.

Build a tree node by node, from the root down::

    b = TreeBuilder(players=("Entrant", "Incumbent"), title="Entry deterrence")
    root = b.decision("Entrant", actions=("Out", "In"))
    b.terminal(root, "Out", payoffs=(0, 2))
    fight = b.decision("Incumbent", parent=root["In"], actions=("Fight", "Accommodate"))
    b.terminal(fight, "Fight", payoffs=(-1, -1))
    b.terminal(fight, "Accommodate", payoffs=(1, 1))
    game = b.build()

For trees of millions of nodes given as flat arrays, see
:meth:`solver.forms.extensive.game.ExtensiveFormGame.from_arrays`.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from fractions import Fraction
from typing import Any, Mapping

import numpy as np

from solver.errors import InvalidGameError
from solver.forms.extensive.bulk import group_children, preorder_positions
from solver.forms.extensive.game import ExtensiveFormGame
from solver.forms.extensive.nodes import (
    CHANCE,
    DECISION,
    TERMINAL,
    Outcome,
    check_probabilities,
    pause_gc,
    payoff_vector,
    to_probability,
)
from solver.forms.parameters import parameter_table
from solver.numbers import is_sympy

__all__ = ["TreeBuilder", "NodeHandle"]

#: A node's path in messages shows at most its last this many actions.
_PATH_SHOWN = 12


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

    @property
    def index(self) -> int:
        """The node's number in its builder, in the order the nodes were added."""
        return self._id

    def __repr__(self) -> str:
        return f"<node {self._builder.node_name(self._id)}>"


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
        Player names, in order (chance is not a player).  It may be empty: a tree of
        chance and terminal nodes only, whose outcomes carry no payoffs (as Gambit's
        ``Game.new_tree()`` makes); its one equilibrium is the empty profile.
    title : str, optional
    comment : str, optional
        A longer description, kept in ``.efg`` files.
    parameters : mapping or iterable of Parameter, optional
        Default values of symbolic parameters, or their full descriptions (as for
        :class:`~solver.forms.normal.game.NormalFormGame`).
    """

    def __init__(self, players: Sequence[str], title: str = "", comment: str = "",
                 parameters: Mapping[str, Any] | None = None):
        if isinstance(players, (str, bytes)) or not hasattr(players, "__iter__"):
            raise InvalidGameError(f"players: expected a sequence of names, got "
                                   f"{type(players).__name__} {players!r}"[:200])
        players = tuple(players)
        for k, p in enumerate(players):
            if not isinstance(p, str) or not p.strip():
                raise InvalidGameError(f"players: name {k + 1} must be a non-empty string, got {p!r}")
        if len(set(players)) != len(players):
            raise InvalidGameError(f"players: a name appears twice in {list(players)}")
        self.players, self.title, self.comment = players, str(title), str(comment)
        self.parameters = dict(parameter_table(parameters))
        self._kind: list[int] = []
        self._player: list[int] = []
        self._iskey: list[Any] = []            # information-set key (None: the node alone)
        self._own_label: list[str | None] = []  # label of a node's own set (key None)
        self._label: list[str] = []
        self._parent: list[int] = []
        self._paction: list[int] = []
        self._actions: list[tuple] = []
        self._probs: list[tuple | None] = []
        self._outcome: list[Outcome | None] = []
        self._children: list[list[int | None]] = []
        self._by_label: dict[str, int] = {}
        self._floats = False                 # some payoff is a float
        self._symbols: set[str] = set()      # free parameters in payoffs or probabilities
        self._infosets: dict[Hashable, tuple[int, tuple, int, str]] = {}  # key -> player, actions, first node, label

    # -- naming ------------------------------------------------------------------
    def _path(self, ident: int, then: str | None = None) -> str:
        """The actions from the root to node ``ident`` (then ``then``, if given); a deep
        node's last few, with its number of actions from the root."""
        acts = [] if then is None else [then]
        depth = len(acts)
        while self._parent[ident] >= 0:
            p = self._parent[ident]
            if len(acts) < _PATH_SHOWN:
                acts.append(self._actions[p][self._paction[ident]])
            depth += 1
            ident = p
        if depth > len(acts):       # a deep node: its last actions, and how deep it is
            return ".../" + "/".join(reversed(acts)) + f" ({depth} actions from the root)"
        return "/".join(reversed(acts)) if acts else "root"

    def node_name(self, ident: int) -> str:
        """Node number ``ident`` named for a message: its label, else its path of actions."""
        return repr(self._label[ident]) if self._label[ident] else self._path(ident)

    def actions_of(self, node: NodeHandle) -> tuple[str, ...]:
        """The action labels of a node added to this builder."""
        return self._actions[node.index]

    def where(self, parent, label: str) -> "_Where":
        """Names the node to be added under ``parent`` with ``label``, for error messages
        (a lazy string: its path is worked out only if a message is made)."""
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
        return f"node {self._path(node._id, then=str(action))}"

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
                raise InvalidGameError(f"{self.where(None, label)}: the tree already has a root; "
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
            raise InvalidGameError(f"{self.where(parent, label)}: action {action!r} already has a child")
        return node._id, k

    def _add(self, kind, player, key, label, parent, actions, probs, outcome,
             own_label=None) -> NodeHandle:
        p, k = self._attach(parent, label)
        ident = len(self._kind)
        if label:
            if label in self._by_label:
                raise InvalidGameError(
                    f"{self.where(parent, '')}: the label {label!r} is already used by node "
                    f"{self._path(self._by_label[label])}; node labels must be unique "
                    "(Gambit 16.7 requires it too)")
            self._by_label[label] = ident
        self._kind.append(kind); self._player.append(player); self._iskey.append(key)
        self._own_label.append(own_label)
        self._label.append(str(label)); self._parent.append(p); self._paction.append(k)
        self._actions.append(actions); self._probs.append(probs); self._outcome.append(outcome)
        self._children.append([None] * len(actions))
        if p >= 0:
            self._children[p][k] = ident
        return NodeHandle(self, ident)

    def _actions_of(self, actions, where: str, distinct: bool = True) -> tuple[str, ...]:
        if isinstance(actions, str):
            raise InvalidGameError(f"{where}: actions must be a sequence of labels, got the string {actions!r}")
        if not hasattr(actions, "__iter__") or isinstance(actions, (bytes, Mapping)):
            raise InvalidGameError(f"{where}: actions must be a sequence of labels, got "
                                   f"{type(actions).__name__}")
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
        vec = payoff_vector(payoffs, len(self.players), where)
        self._note(vec)
        return Outcome(str(label), vec)

    def _note(self, values) -> None:
        """Remember float payoffs and free parameters (so build() need not scan them)."""
        for x in values:
            if type(x) is not Fraction:
                if isinstance(x, float):
                    self._floats = True
                elif is_sympy(x):
                    self._symbols |= {str(v) for v in x.free_symbols}

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
        where = self.where(parent, label)
        i = self._player_index(player)
        actions = self._actions_of(actions, where)
        if infoset is not None and not isinstance(infoset, Hashable):
            raise InvalidGameError(f"{where}: an information set key must be hashable (a string "
                                   f"or a number), got {type(infoset).__name__}")
        own = None                      # the label of a set of this node alone
        if infoset is None:
            own = str(label) if infoset_label is None else str(infoset_label)
        elif infoset in self._infosets:
            pi, acts, first, _ = self._infosets[infoset]
            if pi != i:
                raise InvalidGameError(
                    f"{where}: information set {infoset!r} belongs to player {self.players[pi]!r} "
                    f"(node {self.node_name(first)}), not to {self.players[i]!r}")
            if acts != actions:
                raise InvalidGameError(
                    f"{where}: information set {infoset!r} has actions {list(acts)} at node "
                    f"{self.node_name(first)}, but {list(actions)} here")
        else:
            if infoset_label is None:
                infoset_label = infoset if isinstance(infoset, str) else str(label)
            self._infosets[infoset] = (i, actions, len(self._kind), str(infoset_label))
        out = self._outcome_of(outcome, outcome_label, where)
        return self._add(DECISION, i, infoset, label, parent, actions, None, out, own)

    def chance(self, outcomes: Mapping[str, Any] | Sequence[tuple[str, Any]], *, parent=None,
               label: str = "", outcome=None, outcome_label: str = "") -> NodeHandle:
        """Add a chance node; ``outcomes`` maps each action label to its exact probability
        (a sequence of ``(label, probability)`` pairs allows repeated labels).

        Probabilities are ints, Fractions or strings (``"1/3"``, ``"0.45"``), or
        sympy expressions in parameters; they must be non-negative and sum to
        exactly 1 (floats are refused: ``0.1 + 0.2 != 0.3``).
        """
        where = self.where(parent, label)
        if isinstance(outcomes, Mapping):
            items = list(outcomes.items())
        elif isinstance(outcomes, (str, bytes)) or not hasattr(outcomes, "__iter__"):
            raise InvalidGameError(f"{where}: a chance node takes a mapping action -> probability "
                                   f"or (action, probability) pairs, got {type(outcomes).__name__}")
        else:
            items = []
            for x in outcomes:
                if isinstance(x, (str, bytes)) or not hasattr(x, "__len__") or len(x) != 2:
                    raise InvalidGameError(f"{where}: expected (action, probability) pairs, "
                                           f"got {x!r}"[:200])
                items.append(tuple(x))
        actions = self._actions_of([a for a, _ in items], where, distinct=False)
        probs = tuple(to_probability(p, f"{where}, probability of {a!r}") for a, p in items)
        check_probabilities(probs, where)
        self._note(probs)
        out = self._outcome_of(outcome, outcome_label, where)
        return self._add(CHANCE, -1, None, label, parent, actions, probs, out)

    def terminal(self, parent, action: str | None = None, *, payoffs, label: str = "",
                 outcome_label: str = "") -> NodeHandle:
        """Add a terminal node below ``parent`` (``terminal(node, "a", payoffs=...)`` or
        ``terminal((node, "a"), payoffs=...)``).  ``payoffs=None`` gives no outcome
        here (the play's payoff is then the sum of the outcomes above, or zero)."""
        if action is not None:
            parent = (parent, action)
        where = self.where(parent, label)
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
        N = len(self._kind)
        parent = np.array(self._parent, dtype=np.int64)
        nact = np.fromiter(map(len, self._actions), dtype=np.int64, count=N)
        nch = np.bincount(parent[1:], minlength=N)
        if (nch != nact).any():
            ident = int(np.flatnonzero(nch != nact)[0])
            k = self._children[ident].index(None)
            raise InvalidGameError(f"node {self._path(ident)}: action "
                                   f"{self._actions[ident][k]!r} has no child")
        # pre-order, with arrays (no recursion limit on deep trees)
        paction = np.array(self._paction, dtype=np.int64)
        pos = preorder_positions(parent, paction, nch)
        inv = np.empty(N, dtype=np.int64)
        inv[pos] = np.arange(N)
        order = inv.tolist()
        kind = np.array(self._kind, dtype=np.int8)[inv]
        player = np.array(self._player, dtype=np.int64)[inv]
        parent_p = np.where(parent[inv] >= 0, pos[np.maximum(parent[inv], 0)], -1)
        pact_p = paction[inv]
        children = group_children(parent_p, pact_p, nch[inv])
        gid, labels_by_gid = self._infoset_ids(kind, player, order, infoset_order)
        labels = tuple(map(self._label.__getitem__, order))
        actions = tuple(map(self._actions.__getitem__, order))
        pos_l = pos.tolist()
        chance = {pos_l[o]: pr for o, pr in enumerate(self._probs) if pr is not None}
        outcomes = {pos_l[o]: out for o, out in enumerate(self._outcome) if out is not None}
        outcomes = dict(sorted(outcomes.items()))
        if self._floats and self._symbols:
            raise InvalidGameError("a game cannot mix float payoffs with symbolic parameters")
        game = ExtensiveFormGame.from_parts(
            self.players, self.title, self.comment, kind, player, gid, parent_p, pact_p,
            children, labels, actions, chance, outcomes, None, self.parameters,
            exact=not self._floats, symbols=frozenset(self._symbols), infoset_labels=labels_by_gid)
        return game

    def _infoset_ids(self, kind, player, order, infoset_order):
        """Global information-set id of every node (pre-order) and the sets' labels by id.

        Per player, sets are numbered by first appearance in pre-order, or in the
        order of ``infoset_order``; ids run over the players in order.
        """
        dec = np.flatnonzero(kind == DECISION)
        keys = self._iskey
        # each set is represented by its first node in pre-order (dec is in pre-order)
        rep_of = dec.copy()
        dec_old = np.asarray(order)[dec]
        keyed = [k for k, o in enumerate(dec_old.tolist()) if keys[o] is not None] \
            if self._infosets else []
        first: dict[Hashable, int] = {}
        for k in keyed:
            rep_of[k] = first.setdefault(keys[order[dec[k]]], int(dec[k]))
        reps, sid = np.unique(rep_of, return_inverse=True)
        rep_old = np.asarray(order)[reps].tolist()
        set_keys = [keys[o] for o in rep_old]
        set_player = player[reps]
        if infoset_order is not None:
            rank = {k: r for r, k in enumerate(infoset_order)}
            for k, o in zip(set_keys, rep_old):
                if k is None:
                    raise InvalidGameError(f"infoset_order is given, but node {self.node_name(o)} "
                                           "has no infoset key; give every decision node one")
                if k not in rank:
                    raise InvalidGameError(f"infoset_order does not list information set {k!r}")
            second = np.array([rank[k] for k in set_keys], dtype=np.int64)
        else:
            second = np.arange(len(set_keys))
        by_gid = np.lexsort((second, set_player))
        gid_of_set = np.empty(len(set_keys), dtype=np.int64)
        gid_of_set[by_gid] = np.arange(len(set_keys))
        gid = np.full(len(kind), -1, dtype=np.int64)
        gid[dec] = gid_of_set[sid]
        info, own = self._infosets, self._own_label
        labels = tuple(own[rep_old[k]] if set_keys[k] is None else info[set_keys[k]][3]
                       for k in by_gid.tolist())
        return gid, labels
