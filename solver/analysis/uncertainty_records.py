"""The records of an uncertainty run: what each draw's equilibrium does
(:class:`DrawRecords`, in the columns of a game's :class:`Layout`), and the result
(:class:`UncertaintyResult`, with its shares, sensitivities, text tables and JSON).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from solver.errors import GameError
from solver.forms.extensive.nodes import TERMINAL

__all__ = ["DrawRecords", "Layout", "layout_of", "ChoiceShare", "MixedShare", "OutcomeShare",
           "Sensitivity", "UncertaintyResult"]


@dataclass
class DrawRecords:
    """What each draw's equilibrium does, one row per draw.

    Attributes
    ----------
    act : ndarray of int16, shape (draws, sets)
        Per information set (trees, by global id) or player (tables): the index of
        the action taken with probability one; -1 where the equilibrium mixes; -2
        when the draw has no equilibrium.
    on_path : ndarray of bool, shape (draws, sets)
        Whether play reaches the set with positive probability.
    outcome : ndarray of float64, shape (draws, outcomes)
        Probability of each outcome of play (over Nature's moves and mixing).
    n_equilibria : ndarray of int32, shape (draws,)
    exact, by_regime, cached : int
        How many draws of these were solved exactly, assigned to a known regime, or
        found in the identical-draw cache (bookkeeping; it depends on how the draws
        were cut into chunks, the rows do not).
    """

    act: np.ndarray
    on_path: np.ndarray
    outcome: np.ndarray
    n_equilibria: np.ndarray
    exact: int = 0
    by_regime: int = 0
    cached: int = 0

    @classmethod
    def empty(cls, n: int, n_sets: int, n_outcomes: int) -> DrawRecords:
        return cls(np.full((n, n_sets), -2, np.int16), np.zeros((n, n_sets), bool),
                   np.zeros((n, n_outcomes)), np.zeros(n, np.int32))

    @classmethod
    def concatenate(cls, parts: Sequence[DrawRecords]) -> DrawRecords:
        return cls(np.concatenate([p.act for p in parts]),
                   np.concatenate([p.on_path for p in parts]),
                   np.concatenate([p.outcome for p in parts]),
                   np.concatenate([p.n_equilibria for p in parts]),
                   sum(p.exact for p in parts), sum(p.by_regime for p in parts),
                   sum(p.cached for p in parts))

    def same_rows(self, other: DrawRecords) -> bool:
        """True when both record the same answer for every draw."""
        return (np.array_equal(self.act, other.act) and np.array_equal(self.on_path, other.on_path)
                and np.array_equal(self.outcome, other.outcome)
                and np.array_equal(self.n_equilibria, other.n_equilibria))


@dataclass(frozen=True)
class Layout:
    """Names of the sets, actions and outcomes of a game, in report order."""

    form: str
    sets: tuple            # (player name, label, actions) per set
    set_nodes: tuple       # per set, its nodes (trees) or () (tables)
    outcomes: tuple        # outcome labels
    terminal_outcome: tuple  # (node, outcome index) for trees; () for tables


def layout_of(game) -> Layout:
    if game.form == "normal":
        sets = tuple((name, "the table", tuple(strats))
                     for name, strats in zip(game.players, game.strategies))
        n_cells = 1
        for m in game.shape:
            n_cells *= m
        cells = tuple(game.cell_name(idx) for idx in np.ndindex(*game.shape)) \
            if n_cells <= 4096 else ()
        return Layout("normal", sets, tuple(() for _ in sets), cells, ())
    sets, nodes = [], []
    for g in range(game.n_infosets):
        s = game.infoset(g)
        sets.append((game.players[s.player], s.label or game.node_name(s.nodes[0]), s.actions))
        nodes.append(tuple(s.nodes))
    labels: dict[str, int] = {}
    term = []
    kind = game.node_kind.tolist()
    for h in range(game.n_nodes):
        if kind[h] == TERMINAL:
            o = game.outcome(h)
            lab = o.label if o is not None and o.label else game.node_name(h)
            term.append((h, labels.setdefault(lab, len(labels))))
    return Layout("extensive", tuple(sets), tuple(nodes), tuple(labels), tuple(term))


# ====================================================================== the result
@dataclass(frozen=True)
class ChoiceShare:
    """How often an action is taken with probability one at an information set.

    ``probability`` counts every draw (the set on the path or not); ``on_path``
    only the draws in which play also reaches the set.
    """

    player: str
    at: str
    action: str
    probability: float
    stderr: float | None
    on_path: float
    on_path_stderr: float | None = None

    def to_dict(self) -> dict:
        return {"player": self.player, "at": self.at, "action": self.action,
                "probability": self.probability, "stderr": self.stderr}

    def on_path_dict(self) -> dict:
        """The same entry counting only the draws in which play also reaches the set."""
        return {"player": self.player, "at": self.at, "action": self.action,
                "probability": self.on_path, "stderr": self.on_path_stderr}


@dataclass(frozen=True)
class MixedShare:
    """How often the equilibrium mixes at an information set."""

    player: str
    at: str
    probability: float
    stderr: float | None

    def to_dict(self) -> dict:
        return {"player": self.player, "at": self.at, "probability": self.probability,
                "stderr": self.stderr}


@dataclass(frozen=True)
class OutcomeShare:
    """The probability of an outcome of play over the draws (and Nature's moves);
    ``reached``: the share of draws in which it has positive probability."""

    outcome: str
    probability: float
    stderr: float | None
    reached: float

    def to_dict(self) -> dict:
        return {"outcome": self.outcome, "probability": self.probability,
                "stderr": self.stderr, "reached": self.reached}


@dataclass(frozen=True)
class Sensitivity:
    """Spearman's rank correlation between a parameter and a choice or an outcome."""

    parameter: str
    kind: str                  # "choice" or "outcome"
    target: tuple              # (player, at, action) or (outcome,)
    rank_correlation: float

    @property
    def target_text(self) -> str:
        if self.kind == "choice":
            player, at, action = self.target
            return f"{player} at {at}: {action}" if at != "the table" else f"{player}: {action}"
        return self.target[0]

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"parameter": self.parameter, "kind": self.kind}
        if self.kind == "choice":
            out.update(zip(("player", "at", "action"), self.target))
        else:
            out["outcome"] = self.target[0]
        out["rank_correlation"] = self.rank_correlation
        return out


@dataclass(frozen=True)
class UncertaintyResult:
    """The equilibrium choices and outcomes of a game over draws of its parameters.

    Attributes
    ----------
    samples, seed : int
        Number of draws and the seed of ``numpy.random.default_rng``.
    parameters : tuple of str
        The parameters drawn (in draw order); ``distributions`` lists every
        ``(name, spec)`` given, fixed ones included.
    choices : tuple of ChoiceShare
        Every action at every information set (player in a table), in the game's
        order.
    outcomes : tuple of OutcomeShare
    mixed : tuple of MixedShare
        Sets where some draw's equilibrium mixes.
    sensitivity : tuple of Sensitivity
        Largest absolute rank correlation first.
    distinct_draws, multiple_equilibria, no_equilibrium : int
        Distinct parameter vectors; draws with several equilibria (the first one
        counts); draws without one.
    method : str
        How the draws were solved.
    values : ndarray
        The draws (rows) of ``parameters`` (columns).
    records : DrawRecords
        Per draw, what the equilibrium does.
    profiles : int
        Distinct choice profiles (rows of ``records.act``) among the draws.
    exact_solves : int
        Exact solves made (bookkeeping, not part of ``to_dict``: it depends on
        how the draws were cut into chunks, the answers do not).
    seconds : float
        Wall time of the run.
    """

    samples: int
    seed: int
    parameters: tuple
    distributions: tuple
    choices: tuple
    outcomes: tuple
    mixed: tuple
    sensitivity: tuple
    distinct_draws: int
    multiple_equilibria: int
    no_equilibrium: int
    method: str
    values: Any = field(default=None, repr=False, compare=False)
    records: Any = field(default=None, repr=False, compare=False)
    exact_solves: int = field(default=0, compare=False)
    profiles: int = field(default=0, compare=False)
    seconds: float = field(default=0.0, compare=False)

    def choice(self, player: str, at: str, action: str) -> ChoiceShare:
        """The entry of ``action`` at the set labelled ``at`` of ``player``."""
        for c in self.choices:
            if (c.player, c.at, c.action) == (player, at, action):
                return c
        raise GameError(f"no choice {action!r} of {player!r} at {at!r}; the sets are "
                        f"{sorted({(c.player, c.at) for c in self.choices})}")

    def to_dict(self) -> dict:
        """The JSON object of ``gamesolver uncertainty --format json``.

        ``{"samples", "seed", "choices", "outcomes", "sensitivity", ...}``: each
        choice is ``{"player", "at", "action", "probability", "stderr"}`` (``at`` the
        information set's label, or ``"the table"``); ``on_path`` lists the same
        entries counting only draws in which play reaches the set; ``mixed``,
        ``distinct_draws``, ``multiple_equilibria``, ``no_equilibrium``,
        ``distributions`` and ``method`` follow.
        """
        n = self.samples
        return {"samples": n, "seed": self.seed,
                "choices": [c.to_dict() for c in self.choices],
                "outcomes": [o.to_dict() for o in self.outcomes],
                "sensitivity": [s.to_dict() for s in self.sensitivity],
                "on_path": [c.on_path_dict() for c in self.choices],
                "mixed": [m.to_dict() for m in self.mixed],
                "distinct_draws": self.distinct_draws,
                "multiple_equilibria": {"draws": self.multiple_equilibria,
                                        "probability": self.multiple_equilibria / n},
                "no_equilibrium": {"draws": self.no_equilibrium,
                                   "probability": self.no_equilibrium / n},
                "distributions": {name: spec for name, spec in self.distributions},
                "method": self.method}

    def _repr_html_(self) -> str:
        from solver.io.notebook import text_html  # a display hook (upward)
        return text_html(self)

    def __str__(self) -> str:
        dist = "; ".join(f"{name} ~ {spec}" for name, spec in self.distributions) or \
            "no distributions (every draw the same)"
        lines = [f"{self.samples} draws (seed {self.seed}), {self.distinct_draws} distinct: {dist}",
                 ""]
        lines.append("Equilibrium choices (share of draws whose equilibrium takes the action "
                     "with probability one; on path: and play reaches the set)")
        lines += _table(["player", "at", "action", "probability", "std. error", "on path"],
                        [[c.player, c.at, c.action, _p(c.probability), _p(c.stderr),
                          _p(c.on_path)] for c in self.choices])
        if self.mixed:
            lines += ["", "Mixed choices (share of draws whose equilibrium mixes at the set)"]
            lines += _table(["player", "at", "probability", "std. error"],
                            [[m.player, m.at, _p(m.probability), _p(m.stderr)]
                             for m in self.mixed])
        if self.outcomes:
            lines += ["", "Outcomes (probability over the draws and Nature's moves; reached: "
                          "share of draws where it can happen)"]
            lines += _table(["outcome", "probability", "std. error", "reached"],
                            [[o.outcome, _p(o.probability), _p(o.stderr), _p(o.reached)]
                             for o in self.outcomes])
        if self.sensitivity:
            shown = self.sensitivity[:12]
            more = len(self.sensitivity) - len(shown)
            lines += ["", "Sensitivity (Spearman rank correlation over the draws, largest first)"]
            lines += _table(["parameter", "choice or outcome", "rank corr."],
                            [[s.parameter, s.target_text, f"{s.rank_correlation:+.3f}"]
                             for s in shown])
            if more:
                lines.append(f"... {more} more in --format json")
        notes = []
        if self.multiple_equilibria:
            notes.append(f"{self.multiple_equilibria} draws have several equilibria; the first "
                         "one listed counts")
        if self.no_equilibrium:
            notes.append(f"{self.no_equilibrium} draws have no equilibrium found")
        if notes:
            lines += [""] + [f"note: {n}" for n in notes]
        return "\n".join(lines)


def _p(x) -> str:
    return "-" if x is None else f"{x:.4f}"


def _table(head: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(len(r[c]) for r in [head] + body) for c in range(len(head))]
    rows = ["  ".join(x.ljust(w) for x, w in zip(r, widths)).rstrip() for r in [head] + body]
    rows.insert(1, "  ".join("-" * w for w in widths))
    return rows
