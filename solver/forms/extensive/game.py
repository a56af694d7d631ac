"""Extensive-form games (game trees): an immutable value with flat pre-order arrays.

An :class:`ExtensiveFormGame` is an immutable value.  Its nodes are stored in flat
arrays indexed by their **pre-order** position (the root is 0, a node comes before
its children, children in action order), which is also the order of a Gambit
``.efg`` file.  Each node is a *decision* node of a player, a *chance* node with
exact probabilities, or a *terminal* node.  Any node may carry an *outcome* (a
payoff vector); the payoff of a play is the sum of the outcomes along its path, as
in Gambit.  Decision nodes are grouped into information sets; the nodes of one set
belong to one player and offer the same actions.

Build a tree with :class:`TreeBuilder` (node by node, :mod:`solver.forms.extensive.builder`)::

    b = TreeBuilder(players=("Entrant", "Incumbent"), title="Entry deterrence")
    root = b.decision("Entrant", actions=("Out", "In"))
    b.terminal(root, "Out", payoffs=(0, 2))
    fight = b.decision("Incumbent", parent=root["In"], actions=("Fight", "Accommodate"))
    b.terminal(fight, "Fight", payoffs=(-1, -1))
    b.terminal(fight, "Accommodate", payoffs=(1, 1))
    game = b.build()

or, for millions of nodes, from flat arrays with :meth:`ExtensiveFormGame.from_arrays`.
The perfect-recall check lives in :mod:`solver.forms.extensive.recall`; this module re-exports the
names of :mod:`solver.forms.extensive.nodes` and :mod:`solver.forms.extensive.builder`.

Reference: Osborne and Rubinstein, *A Course in Game Theory* (1994), ch. 6 and 11
(extensive games, information sets, perfect recall); Gambit's ``.efg`` format.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Any, Iterator, Mapping

import numpy as np

from solver.errors import InvalidGameError
from solver.forms.base import GameBase
from solver.forms.extensive.arrays import make_infosets, make_outcomes
from solver.forms.extensive.bulk import tree_parts
from solver.forms.extensive.nodes import (
    CHANCE,
    DECISION,
    KIND_NAMES,
    TERMINAL,
    InformationSet,
    Node,
    Outcome,
    check_probabilities,
    outline,
    path_payoff_tuples,
    pause_gc,
    scan_numbers,
    small_tuples,
)
from solver.forms.extensive.recall import check_perfect_recall
from solver.forms.parameters import parameter_defaults, parameter_table
from solver.numbers import is_sympy, merge_parameter_values, to_number

__all__ = ["ExtensiveFormGame", "InformationSet", "Node", "Outcome", "pause_gc",
           "TERMINAL", "DECISION", "CHANCE"]


def _ro(values, dtype) -> np.ndarray:
    a = np.asarray(values, dtype=dtype)
    a.setflags(write=False)
    return a


class ExtensiveFormGame(GameBase):
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
    def from_parts(cls, players, title, comment, kind, player, infoset, parent, paction,
                   children, labels, actions, chance, outcomes, infosets, parameters, *,
                   exact: bool | None = None, symbols: frozenset | None = None,
                   outcome_matrix=None, infoset_labels=None):
        """Assemble a game from pre-order parts, without checks (the builders' constructor).

        This is how :class:`~solver.forms.extensive.builder.TreeBuilder`, the bulk
        constructor :meth:`from_arrays` and :meth:`substitute` make a game after they
        have validated its parts; users build games with those, not with this.

        ``infosets`` may be None: then every decision node is its own information set
        (ids per :attr:`node_infoset`) and the sets are made when first asked for.
        ``outcomes`` may be None when ``outcome_matrix`` (the payoffs of the terminal
        nodes as ``(nodes, integer matrix, denominator)``, from bulk construction) is
        given; ``exact`` and ``symbols`` then say what the payoffs are.
        ``infoset_labels`` are the sets' labels by global id, when ``infosets`` is None.
        """
        self = object.__new__(cls)
        self._players, self._title, self._comment = tuple(players), title, comment
        self.node_kind = _ro(kind, np.int8)
        self.node_player = _ro(player, np.int32)
        self.node_infoset = _ro(infoset, np.int32)
        self.node_parent = _ro(parent, np.int32)
        self.node_parent_action = _ro(paction, np.int32)
        nch = np.fromiter(map(len, actions), dtype=np.int64, count=len(actions))
        start = np.zeros(len(actions), dtype=np.int64)
        if len(actions) > 1:
            np.cumsum(nch[:-1], out=start[1:])
        self._child_start = _ro(start, np.int64)
        self._children = _ro(children, np.int32)
        self._labels, self._actions = labels, actions
        self._chance = dict(chance)
        if outcomes is not None:
            self._outcomes = dict(outcomes)
        self._outcome_matrix, self._infoset_labels = outcome_matrix, infoset_labels
        if infosets is not None:
            self._infosets = infosets
        if exact is None:
            exact, symbols = scan_numbers(self._outcomes, self._chance)
        self._exact = exact
        self._symbols = frozenset(symbols or ())
        self._parameter_specs = parameter_table(parameters)
        self._parameters = parameter_defaults(self._parameter_specs)
        return self

    @classmethod
    def from_arrays(cls, players: Sequence[str], parent, kind, player, payoffs, *,
                    chance: Mapping[int, Sequence[Any]] | None = None,
                    actions: Sequence[Sequence[str]] | None = None, infoset=None,
                    title: str = "", comment: str = "") -> "ExtensiveFormGame":
        """Build a (large) tree at once from flat arrays; see :func:`solver.forms.extensive.bulk.tree_parts`.

        Nodes may be given in any order in which a parent comes before its
        children (breadth-first, pre-order, ...); the game renumbers them in
        pre-order and keeps the input order among siblings.  A random 10^6-node
        tree is built in under a second (adding its nodes one by one to a
        :class:`TreeBuilder` takes about 5 s; ``benchmarks/backward_induction.py``).

        >>> import numpy as np
        >>> g = ExtensiveFormGame.from_arrays(
        ...     ("A", "B"), parent=[-1, 0, 0, 2, 2], kind=[DECISION, TERMINAL, DECISION, TERMINAL, TERMINAL],
        ...     player=[0, -1, 1, -1, -1], payoffs=np.array([[0, 0], [1, 2], [0, 0], [3, 1], [0, 5]]))
        >>> g.n_nodes, g.payoffs(3)
        (5, (Fraction(3, 1), Fraction(1, 1)))
        """
        return cls.from_parts(**tree_parts(players, parent, kind, player, payoffs, chance=chance,
                                           actions=actions, infoset=infoset, title=title,
                                           comment=comment))

    @cached_property
    def _outcomes(self) -> dict[int, Outcome]:
        """Outcomes by node, made on first use from the arrays of a bulk-built game."""
        return make_outcomes(self)

    @cached_property
    def _infosets(self) -> tuple[tuple[InformationSet, ...], ...]:
        """The information sets, made on first use from :attr:`node_infoset`."""
        return make_infosets(self)

    @cached_property
    def _flat_infosets(self) -> tuple[InformationSet, ...]:
        return tuple(s for per in self._infosets for s in per)

    # ------------------------------------------------------------------ description
    @property
    def title(self) -> str:
        return self._title

    @property
    def comment(self) -> str:
        return self._comment

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
        return self._n_infosets

    @cached_property
    def _n_infosets(self) -> int:
        return int(self.node_infoset.max()) + 1 if self.n_nodes else 0

    def kind(self, h: int) -> str:
        return KIND_NAMES[int(self.node_kind[h])]

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

    @property
    def chance_table(self) -> Mapping[int, tuple]:
        """Every chance node's probabilities, by node (a read-only mapping)."""
        return MappingProxyType(self._chance)

    @property
    def outcomes(self) -> Mapping[int, Outcome]:
        """The outcomes attached to nodes, by node (a read-only mapping)."""
        return MappingProxyType(self._outcomes)

    @property
    def action_labels(self) -> tuple[tuple[str, ...], ...]:
        """Per node in pre-order, the labels of its actions (empty at terminals)."""
        return self._actions

    @property
    def node_labels(self) -> tuple[str, ...]:
        """Per node in pre-order, its label (possibly empty)."""
        return self._labels

    @property
    def children_array(self) -> np.ndarray:
        """All nodes' children in one read-only array: node *h*'s come together, in
        action order, nodes in pre-order (see :meth:`children`)."""
        return self._children

    @property
    def outcome_matrix(self):
        """``(nodes, integer matrix, denominator)``: the terminal payoffs of a tree built
        by :meth:`from_arrays`, before outcome objects are made; None otherwise."""
        return self._outcome_matrix

    @property
    def infoset_labels(self):
        """The information sets' labels by global id, as given by the builder (or None)."""
        return self._infoset_labels

    @property
    def infosets_made(self) -> bool:
        """Whether the :class:`InformationSet` objects exist yet (large bulk-built trees
        make them only when asked)."""
        return "_infosets" in self.__dict__

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
        return Node(h, KIND_NAMES[k], self._labels[h], self.node_name(h),
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
        """Per node, the sum of the outcomes from the root (tuples; shared when equal)."""
        return path_payoff_tuples(self)

    @cached_property
    def path_payoffs(self) -> list[tuple]:
        """Per node, the payoffs summed from the root, integral values as ints.

        The same numbers as :meth:`payoffs` (exact), with integral Fractions as
        Python ints for fast arithmetic in algorithms.  Do not modify the list.
        """
        return small_tuples(self._path_payoffs)

    def payoffs(self, h: int) -> tuple:
        """Sum of the outcomes from the root to node ``h`` (the payoffs of a play ending at a terminal)."""
        return self._path_payoffs[h]

    def terminal_payoffs(self) -> dict[int, tuple]:
        """Payoff vector of every terminal node, by node index."""
        pp = self._path_payoffs
        return {h: pp[h] for h in np.flatnonzero(self.node_kind == TERMINAL).tolist()}

    @cached_property
    def player_ranges(self) -> tuple[float, ...]:
        """Per player, the spread of his terminal payoffs (at least 1e-300): a float
        game's tolerances for player *i* are relative to ``player_ranges[i]``.

        Raises InvalidGameError when a spread is beyond the largest float (1.8e308).
        """
        vals = list(self.terminal_payoffs().values())
        out = []
        for i in range(self.n_players):
            try:
                span = max(float(v[i]) for v in vals) - min(float(v[i]) for v in vals)
            except OverflowError:
                span = float("inf")
            if not span < float("inf"):
                raise InvalidGameError(
                    f"the payoffs of {self.players[i]!r} span more than the largest float "
                    "(about 1.8e308); rescale them, or give them exactly")
            out.append(max(span, 1e-300))
        return tuple(out)

    @cached_property
    def player_magnitudes(self) -> tuple[float, ...]:
        """Per player, the largest absolute value of his terminal payoffs: the scale of
        the rounding error in his float payoffs."""
        vals = list(self.terminal_payoffs().values())
        try:
            return tuple(max(abs(float(v[i])) for v in vals) for i in range(self.n_players))
        except OverflowError:
            return (float("inf"),) * self.n_players

    @cached_property
    def payoff_range(self) -> float:
        """Largest spread of one player's terminal payoffs: the largest of
        :attr:`player_ranges` (1e-300 without players)."""
        return max(self.player_ranges, default=1e-300)

    # ------------------------------------------------------------------ structure
    @property
    def is_perfect_information(self) -> bool:
        """True when every information set has a single node."""
        found = self.__dict__.get("_is_pi")
        if found is None:
            found = self.__dict__["_is_pi"] = \
                self._n_infosets == int(np.count_nonzero(self.node_kind == DECISION))
        return found

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
            cached = self.__dict__["_recall"] = check_perfect_recall(self)
        return cached

    # ------------------------------------------------------------------ parameters
    def substitute(self, values: Mapping[str, Any] | None = None, *, defaults: bool = False,
                   **kwargs: Any) -> "ExtensiveFormGame":
        """Replace parameters by values, as :meth:`NormalFormGame.substitute` does.

        Parameters
        ----------
        values, **kwargs
            Parameter values by name; exact strings such as ``"0.7"`` stay exact.
        defaults : bool
            Also put in the default value of every parameter not given.  Without it
            the parameters not given stay symbolic (with their defaults kept).
        """
        given = dict(values or {})
        given.update(kwargs)
        merged = merge_parameter_values(self._symbols, self._parameters, given, defaults)
        if not merged:
            return self
        import sympy
        subs = {sympy.Symbol(k): (sympy.Rational(v.numerator, v.denominator)
                                  if isinstance(v, Fraction) else v) for k, v in merged.items()}

        memo: dict = {}

        def sub(x, where):
            # one substitution per distinct expression (large trees repeat a few many
            # times); ``where`` may be a callable, so that messages are made only when needed
            if not is_sympy(x):
                return x
            v = memo.get(x)
            if v is None:
                v = memo[x] = to_number(x.xreplace(subs), where() if callable(where) else where)
            return v

        outcomes = {h: Outcome(o.label, tuple(
            sub(x, lambda h=h, i=i: f"node {self.node_name(h)}, payoff of {self._players[i]!r}")
            for i, x in enumerate(o.payoffs))) for h, o in self._outcomes.items()}
        chance = {}
        for h, probs in self._chance.items():
            where = f"node {self.node_name(h)}"
            new = tuple(sub(p, where) for p in probs)
            if any(isinstance(p, float) for p in new):
                raise InvalidGameError(f"{where}: chance probabilities must stay exact")
            check_probabilities(new, where)
            chance[h] = new
        return ExtensiveFormGame.from_parts(
            self._players, self._title, self._comment, self.node_kind, self.node_player,
            self.node_infoset, self.node_parent, self.node_parent_action, self._children,
            self._labels, self._actions, chance, outcomes, self._infosets, self._parameter_specs)

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

    def _repr_html_(self) -> str:
        from solver.io.notebook import tree_html  # a display hook (upward)
        return tree_html(self)

    def draw(self, solution=None, path=None, **kw):
        """The tree drawn by :func:`solver.io.draw.draw` (a Figure, or the path written)."""
        from solver.io.draw import draw  # a display hook (upward)
        return draw(self, solution, path, **kw)

    def outline(self, max_nodes: int = 200) -> str:
        """The tree as an indented outline, one line per node (at most ``max_nodes``)."""
        return outline(self, max_nodes)

    def to_pygambit(self):
        """This tree as a ``pygambit.Game`` (:func:`solver.io.interop.to_pygambit`; a
        delegation allowed in setup.cfg)."""
        from solver.io.interop import to_pygambit
        return to_pygambit(self)

    def __str__(self) -> str:
        return self.outline()

    def __repr__(self) -> str:
        kind = "exact" if self._exact else "float"
        if self._symbols:
            kind = "parametric in " + ", ".join(sorted(self._symbols))
        title = f" {self._title!r}" if self._title else ""
        return (f"<ExtensiveFormGame{title} {self.n_nodes} nodes, {self.n_infosets} information "
                f"sets, players {list(self._players)}, {kind}>")
