"""Normal-form (strategic-form) games with any number of players.

A :class:`NormalFormGame` is an immutable value: labelled players, labelled
strategies for each player and one payoff array per player.  Payoffs are exact
(:class:`~fractions.Fraction`) unless a float is given, which marks the whole game
inexact; sympy symbols make it *parametric* (see :meth:`NormalFormGame.substitute`).
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from functools import cached_property
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from solver.errors import InvalidGameError
from solver.forms.base import GameBase, as_sequence
from solver.forms.parameters import parameter_defaults, parameter_table
from solver.numbers import (
    is_sympy,
    lcm_of_denominators,
    merge_parameter_values,
    substitute_value,
    to_number,
)

__all__ = ["NormalFormGame"]


def _default_players(n: int) -> tuple[str, ...]:
    if n == 2:
        return ("Row", "Column")
    return tuple(f"Player {i + 1}" for i in range(n))


def _default_strategies(shape: tuple[int, ...]) -> list[list[str]]:
    """Labels that do not read as numbers beside probabilities: ``R1, R2, ...`` and
    ``C1, C2, ...`` for the row and column players of a two-player game, ``A1, ...``,
    ``B1, ...`` by position otherwise (``P27.1`` past the alphabet)."""
    if len(shape) == 2:
        prefixes = ["R", "C"]
    else:
        prefixes = [chr(ord("A") + i) if i < 26 else f"P{i + 1}." for i in range(len(shape))]
    return [[f"{prefix}{k + 1}" for k in range(m)] for prefix, m in zip(prefixes, shape)]


def _check_labels(labels: Sequence[Any], what: str, count: int) -> tuple[str, ...]:
    labels = as_sequence(labels, what, "a sequence of labels")
    if len(labels) != count:
        raise InvalidGameError(f"{what}: expected {count} labels, got {len(labels)}")
    out = []
    for k, lab in enumerate(labels):
        if not isinstance(lab, str) or not lab.strip():
            raise InvalidGameError(f"{what}: label {k + 1} must be a non-empty string, got {lab!r}")
        out.append(lab)
    seen = set()
    for lab in out:
        if lab in seen:
            raise InvalidGameError(f"{what}: the label {lab!r} appears twice")
        seen.add(lab)
    return tuple(out)


class NormalFormGame(GameBase):
    """A game in normal form: players, their strategies and one payoff array each.

    Parameters
    ----------
    payoffs : sequence of array_like
        One array per player, all of the same shape ``(m_1, ..., m_n)``: entry
        ``payoffs[i][s_1, ..., s_n]`` is player *i*'s payoff when player *k*
        plays strategy ``s_k``.  Entries may be ints, Fractions, decimal or
        fraction strings (exact), floats (the game becomes inexact) or sympy
        expressions (the game becomes parametric).  No arrays make a game without
        players (Gambit's ``Game.new_table([])``): shape ``()``, one profile, the empty
        one, which pays no one.
    players : sequence of str, optional
        Player names; ``("Row", "Column")`` for two players, ``"Player k"`` otherwise.
    strategies : sequence of sequences of str, optional
        Strategy labels for each player; by default ``"R1", "R2", ...`` for the row
        player and ``"C1", ...`` for the column player of a two-player game, and
        ``"A1", ...``, ``"B1", ...``, ... by position with more players.
    title : str, optional
        A title, kept in files and displays.
    parameters : mapping or iterable of Parameter, optional
        Default values of the game's symbols, e.g. ``{"kappa": "0.5"}``, or
        :class:`~solver.forms.parameters.Parameter` objects that also give each
        symbol's range, meaning and source (:attr:`parameter_specs`).  Defaults are
        used by :func:`solver.solve` when no other values are given.

    Notes
    -----
    Games are values: two games with the same players, labels and payoffs are
    equal and hash alike, whatever their title.  The payoff arrays are read-only.
    Use the named constructors :meth:`from_matrices`, :meth:`from_tensor`,
    :meth:`zero_sum` and :meth:`symmetric` for the common cases.

    Examples
    --------
    >>> g = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                  strategies=(("C", "D"), ("C", "D")))
    >>> g.shape
    (2, 2)
    >>> g.payoff(("D", "C"))
    (Fraction(5, 1), Fraction(0, 1))
    """

    form = "normal"

    def __init__(self, payoffs: Sequence[Any], players: Sequence[str] | None = None,
                 strategies: Sequence[Sequence[str]] | None = None, title: str = "",
                 parameters: Mapping[str, Any] | None = None):
        payoffs = as_sequence(payoffs, "payoffs", "one payoff array per player")
        arrays = [_payoff_array(p, k) for k, p in enumerate(payoffs)]
        n = len(arrays)
        # no arrays: a game without players, whose one (empty) profile pays no one
        shape = arrays[0].shape if arrays else ()
        if arrays and arrays[0].ndim != n:
            raise InvalidGameError(
                f"payoff array of player 1 has {arrays[0].ndim} dimensions; a {n}-player "
                f"game needs {n} (one per player)"
            )
        players = _default_players(n) if players is None else players
        self._players = _check_labels(players, "players", n)
        for i, a in enumerate(arrays):
            if a.shape != shape:
                raise InvalidGameError(
                    f"payoff array of player {self._players[i]!r} has shape {a.shape}, "
                    f"expected {shape}"
                )
        if any(m == 0 for m in shape):
            empty = self._players[shape.index(0)]
            raise InvalidGameError(f"player {empty!r} has no strategies")
        if strategies is None:
            strategies = _default_strategies(shape)
        strategies = as_sequence(strategies, "strategies", f"labels for each of the {n} players")
        if len(strategies) != n:
            raise InvalidGameError(f"strategies: expected labels for {n} players, got {len(strategies)}")
        self._strategies = tuple(
            _check_labels(s, f"strategies of {self._players[i]!r}", shape[i])
            for i, s in enumerate(strategies)
        )
        self._title = str(title)
        tensor = np.empty((n,) + shape, dtype=object)
        kinds = set()
        integral = [isinstance(p, np.ndarray) and np.issubdtype(p.dtype, np.integer)
                    for p in payoffs]
        floating = [isinstance(p, np.ndarray) and np.issubdtype(p.dtype, np.floating)
                    and bool(np.isfinite(p).all()) for p in payoffs]
        for i, a in enumerate(arrays):
            out = tensor[i]
            if integral[i]:
                # fast path for integer arrays: every cell is an exact integer
                out.reshape(-1)[:] = [Fraction(v) for v in a.reshape(-1).tolist()]
                kinds.add(Fraction)
                continue
            if floating[i]:
                # fast path for finite float arrays (a non-finite cell takes the slow
                # path below, which names it)
                out.reshape(-1)[:] = np.asarray(payoffs[i], dtype=float).reshape(-1).tolist()
                kinds.add(float)
                continue
            for idx, value in np.ndenumerate(a):
                x = _convert_cell(value, self, i, idx)
                kinds.add("symbolic" if is_sympy(x) else type(x))
                out[idx] = x
        if all(integral):
            # the integer form is the input itself (scale 1): no second pass needed
            ints = tuple(np.array(a.tolist(), dtype=object).reshape(shape) for a in arrays)
            for a in ints:
                a.setflags(write=False)
            self.__dict__["integer_payoffs"] = (ints, (1,) * n)
        self._symbols = frozenset()
        if float in kinds:
            if "symbolic" in kinds:
                raise InvalidGameError("a game cannot mix float payoffs with symbolic parameters")
            tensor = _float_tensor(tensor, self._players, self._strategies)
            self._exact = False
        else:
            self._exact = True
            if "symbolic" in kinds:
                syms = set()
                for x in tensor.flat:
                    if is_sympy(x):
                        syms |= x.free_symbols
                self._symbols = frozenset(str(s) for s in syms)
        tensor.setflags(write=False)
        self._tensor = tensor
        self._parameter_specs = parameter_table(parameters)
        self._parameters = parameter_defaults(self._parameter_specs)

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_matrices(cls, *matrices: Any, players=None, strategies=None, title: str = "",
                      parameters=None) -> "NormalFormGame":
        """A game from one payoff matrix (or array) per player.

        ``from_matrices(A, B)`` is the bimatrix game in which the row player gets
        ``A[i, j]`` and the column player ``B[i, j]``.
        """
        return cls(matrices, players=players, strategies=strategies, title=title,
                   parameters=parameters)

    @classmethod
    def from_tensor(cls, tensor: Any, players=None, strategies=None, title: str = "",
                    parameters=None) -> "NormalFormGame":
        """A game from one array of shape ``(m_1, ..., m_n, n)``: the last axis lists
        each player's payoff in the cell (the layout of nashpy and QuantEcon's
        ``payoff_profile_array``)."""
        arr = np.array(tensor, dtype=object)
        if arr.ndim < 2 or arr.shape[-1] != arr.ndim - 1:
            raise InvalidGameError(
                f"a payoff tensor of shape {arr.shape} does not describe a game: the last "
                "axis must hold one payoff per player, i.e. have length ndim - 1"
            )
        return cls([arr[..., i] for i in range(arr.shape[-1])], players=players,
                   strategies=strategies, title=title, parameters=parameters)

    @classmethod
    def zero_sum(cls, A: Any, players=None, strategies=None, title: str = "",
                 parameters=None) -> "NormalFormGame":
        """The two-player zero-sum game in which the row player gets ``A`` and the
        column player ``-A``."""
        a = np.array(A, dtype=object)
        g = cls([a, np.zeros(a.shape, dtype=object)], players=players,
                strategies=strategies, title=title, parameters=parameters)
        return g._with_tensor(np.stack([g._tensor[0], -g._tensor[0]]))

    @classmethod
    def symmetric(cls, A: Any, players=None, strategies=None, title: str = "",
                  parameters=None) -> "NormalFormGame":
        """The symmetric two-player game in which the row player gets ``A`` and the
        column player ``A.T`` (both choose from the same labels)."""
        a = np.array(A, dtype=object)
        if a.ndim != 2 or a.shape[0] != a.shape[1]:
            raise InvalidGameError(f"a symmetric game needs a square matrix, got shape {a.shape}")
        if strategies is not None:
            if all(isinstance(s, str) for s in strategies):
                strategies = (tuple(strategies), tuple(strategies))
            elif len(strategies) != 2 or tuple(strategies[0]) != tuple(strategies[1]):
                raise InvalidGameError("a symmetric game gives both players the same strategy "
                                       "labels; give them once, e.g. strategies=('C', 'D')")
        return cls([a, a.T], players=players, strategies=strategies, title=title,
                   parameters=parameters)

    def _with_tensor(self, tensor: np.ndarray, title: str | None = None,
                     strategies=None) -> "NormalFormGame":
        new = object.__new__(type(self))
        new._players = self._players
        new._strategies = self._strategies if strategies is None else strategies
        new._title = self._title if title is None else title
        new._exact = tensor.dtype != float
        syms = set()
        if new._exact and self._symbols:
            for x in tensor.flat:
                if is_sympy(x):
                    syms |= x.free_symbols
        new._symbols = frozenset(str(s) for s in syms)
        tensor = np.array(tensor, dtype=tensor.dtype)
        tensor.setflags(write=False)
        new._tensor = tensor
        new._parameters, new._parameter_specs = self._parameters, self._parameter_specs
        return new

    # ------------------------------------------------------------------ description
    @property
    def title(self) -> str:
        """The game's title (not part of its value)."""
        return self._title

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy labels, one tuple per player."""
        return self._strategies

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return self._tensor.shape[1:]

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """One read-only payoff array per player."""
        return tuple(self._tensor[i] for i in range(self.n_players))

    @property
    def payoff_tensor(self) -> np.ndarray:
        """All payoffs in one read-only array of shape ``(n, m_1, ..., m_n)``."""
        return self._tensor

    def player_index(self, player: int | str) -> int:
        """Index of a player given by index or name."""
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= player < self.n_players:
                return int(player)
            raise InvalidGameError(f"there is no player {player}; the game has {self.n_players}")
        try:
            return self._players.index(player)
        except ValueError:
            raise InvalidGameError(
                f"no player named {player!r}; players are {list(self._players)}"
            ) from None

    def strategy_index(self, player: int | str, strategy: int | str) -> int:
        """Index of one of a player's strategies, given by index or label."""
        i = self.player_index(player)
        labels = self._strategies[i]
        if isinstance(strategy, (int, np.integer)) and not isinstance(strategy, bool):
            if 0 <= strategy < len(labels):
                return int(strategy)
            raise InvalidGameError(f"player {self._players[i]!r} has no strategy {strategy}")
        try:
            return labels.index(strategy)
        except ValueError:
            raise InvalidGameError(
                f"player {self._players[i]!r} has no strategy {strategy!r}; "
                f"strategies are {list(labels)}"
            ) from None

    def payoff(self, profile: Sequence[int | str]) -> tuple:
        """Payoffs of a pure profile, one per player (strategies by index or label)."""
        profile = as_sequence(profile, "a pure profile", "one strategy per player")
        if len(profile) != self.n_players:
            raise InvalidGameError(f"a profile needs one strategy per player ({self.n_players})")
        idx = tuple(self.strategy_index(i, s) for i, s in enumerate(profile))
        return tuple(self._tensor[(i,) + idx] for i in range(self.n_players))

    # ------------------------------------------------------------------ derived forms

    @cached_property
    def integer_payoffs(self) -> tuple[tuple[np.ndarray, ...], tuple[int, ...]]:
        """Exact payoffs scaled to integers.

        Returns
        -------
        arrays : tuple of ndarray of Python ints (dtype object)
            ``arrays[i] = payoffs[i] * scales[i]``.
        scales : tuple of int
            The positive scale of each player (the LCM of the denominators of his
            payoffs).  Scaling a player's payoffs by a positive number changes no
            best response, so algorithms may work on these arrays.
        """
        if not self._exact:
            raise InvalidGameError("integer_payoffs needs an exact game; this one has float payoffs")
        self.require_concrete()
        arrays, scales = [], []
        for i in range(self.n_players):
            p = self._tensor[i]
            d = lcm_of_denominators(p.flat)
            arr = np.empty(p.shape, dtype=object)
            flat_out = arr.reshape(-1)
            for k, x in enumerate(p.flat):
                flat_out[k] = x.numerator * (d // x.denominator)
            arr.setflags(write=False)
            arrays.append(arr)
            scales.append(d)
        return tuple(arrays), tuple(scales)

    @cached_property
    def float_payoffs(self) -> np.ndarray:
        """All payoffs as a float64 array of shape ``(n, m_1, ..., m_n)``."""
        self.require_concrete()
        out = _float_tensor(self._tensor, self._players, self._strategies)
        out.setflags(write=False)
        return out

    @cached_property
    def player_ranges(self) -> tuple[float, ...]:
        """Per player, the largest difference between two of his payoffs (at least 1e-300).

        A float game's tolerances for player *i* are relative to ``player_ranges[i]``:
        players whose payoffs differ in scale by 10^9 each keep their strict
        preferences.

        Raises
        ------
        InvalidGameError
            When a player's payoffs span more than the largest float (about 1.8e308).
        """
        f = self.float_payoffs
        out = []
        for i in range(self.n_players):
            span = float(f[i].max()) - float(f[i].min())      # Python floats: inf, no warning
            if not span < float("inf"):
                raise InvalidGameError(
                    f"the payoffs of {self._players[i]!r} span more than the largest float "
                    "(about 1.8e308); rescale them, or give them exactly (integers or strings)")
            out.append(max(span, 1e-300))
        return tuple(out)

    @cached_property
    def player_magnitudes(self) -> tuple[float, ...]:
        """Per player, the largest absolute value of his payoffs: the scale of the
        rounding error in his float payoffs."""
        f = self.float_payoffs
        return tuple(max(abs(float(f[i].max())), abs(float(f[i].min())))
                     for i in range(self.n_players))

    @cached_property
    def payoff_range(self) -> float:
        """Largest difference between two payoffs of one player (at least 1e-300); the
        largest of :attr:`player_ranges`."""
        return max(self.player_ranges, default=1e-300)

    def substitute(self, values: Mapping[str, Any] | None = None, *, defaults: bool = False,
                   **kwargs: Any) -> "NormalFormGame":
        """Replace parameters by values.

        Parameters
        ----------
        values, **kwargs
            Parameter values by name; exact strings such as ``"0.7"`` stay exact.
        defaults : bool
            Also put in the default value of every parameter not given.

        Returns
        -------
        NormalFormGame
            The game with the values put in; it is still parametric if symbols
            remain.  The defaults of the parameters that remain are kept.

        Raises
        ------
        InvalidGameError
            For a name that is not a parameter of the game, or a bad value.
        """
        if values is not None and not isinstance(values, Mapping):
            raise InvalidGameError(f"substitute: expected a mapping of parameter names to "
                                   f"values, got {type(values).__name__}")
        given = dict(values or {})
        given.update(kwargs)
        merged = merge_parameter_values(self._symbols, self._parameters, given, defaults)
        if not merged:
            return self
        tensor = np.empty(self._tensor.shape, dtype=object)
        for idx, x in np.ndenumerate(self._tensor):
            if is_sympy(x):
                x = substitute_value(x, merged, f"payoff of {self._players[idx[0]]!r} at "
                                                f"{self.cell_name(idx[1:])}")
            tensor[idx] = x
        if any(isinstance(x, float) for x in tensor.flat):
            if any(is_sympy(x) for x in tensor.flat):
                raise InvalidGameError("float parameter values need every parameter to have a value")
            tensor = _float_tensor(tensor, self._players, self._strategies)
        return self._with_tensor(tensor)

    def restrict(self, keep: Sequence[Iterable[int | str]]) -> "NormalFormGame":
        """The game in which each player may use only the strategies in ``keep``.

        ``keep[i]`` lists player *i*'s remaining strategies (indices or labels),
        in the order they should have.
        """
        keep = as_sequence(keep, "restrict", "one sequence of strategies per player")
        if len(keep) != self.n_players:
            raise InvalidGameError(f"restrict needs strategies for each of the {self.n_players} players")
        idx = [[self.strategy_index(i, s)
                for s in as_sequence(k, f"restrict: strategies of {self._players[i]!r}")]
               for i, k in enumerate(keep)]
        for i, k in enumerate(idx):
            if not k:
                raise InvalidGameError(f"restrict would leave player {self._players[i]!r} with no strategy")
        tensor = self._tensor[np.ix_(range(self.n_players), *idx)]
        strategies = tuple(tuple(self._strategies[i][k] for k in ks) for i, ks in enumerate(idx))
        return self._with_tensor(tensor, strategies=strategies)

    def cell_name(self, idx: Sequence[int]) -> str:
        """The cell of pure profile ``idx`` named by its strategies: ``"(C, D)"``."""
        return "(" + ", ".join(self._strategies[i][k] for i, k in enumerate(idx)) + ")"

    # ------------------------------------------------------------------ value semantics
    def _key(self):
        return (self._players, self._strategies, self._exact,
                tuple(self._tensor.flat), self._tensor.shape)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        dims = "x".join(str(m) for m in self.shape) or "no players"
        kind = "exact" if self._exact else "float"
        if self._symbols:
            kind = "parametric in " + ", ".join(sorted(self._symbols))
        title = f" {self._title!r}" if self._title else ""
        return f"<NormalFormGame{title} {dims}, players {list(self._players)}, {kind}>"

    def __str__(self) -> str:
        from solver.forms.normal.table import render_normal_form
        return render_normal_form(self)

    def _repr_html_(self) -> str:
        """The payoff table as HTML, for notebook display."""
        from solver.forms.normal.table import render_html
        return render_html(self)

    def draw(self, solution=None, path=None, **kw):
        """The best-response diagram (2x2) or payoff lines (2xn) of
        :func:`solver.io.diagrams.diagram`; returns the matplotlib axes."""
        from solver.io.diagrams import diagram  # a display hook (upward)
        return diagram(self, path, solution=solution, **kw)

    def cells(self) -> Iterable[tuple[int, ...]]:
        """All pure profiles as index tuples, in row-major order."""
        return itertools.product(*(range(m) for m in self.shape))

    # other libraries' games (solver.io.interop; a delegation allowed in setup.cfg)
    def to_nashpy(self, **options):
        """This game as a ``nashpy.Game`` (:func:`solver.io.interop.to_nashpy`)."""
        from solver.io.interop import to_nashpy
        return to_nashpy(self, **options)

    def to_pygambit(self):
        """This game as a ``pygambit.Game`` (:func:`solver.io.interop.to_pygambit`)."""
        from solver.io.interop import to_pygambit
        return to_pygambit(self)

    def to_quantecon(self, **options):
        """This game as a QuantEcon ``NormalFormGame`` (:func:`solver.io.interop.to_quantecon`)."""
        from solver.io.interop import to_quantecon
        return to_quantecon(self, **options)


def _payoff_array(p: Any, k: int) -> np.ndarray:
    """One player's payoffs as an object array; a ragged nested list is refused."""
    if isinstance(p, np.ndarray):
        return p.astype(object) if p.dtype != object else p
    try:
        arr = np.array(p, dtype=object)
    except ValueError:
        arr = None
    if arr is None or any(isinstance(x, (list, tuple, np.ndarray)) for x in arr.flat):
        raise InvalidGameError(f"payoff array of player {k + 1} is ragged: its rows (or deeper "
                               "lists) differ in length; every player needs a rectangular array")
    return arr


def _float_tensor(tensor: np.ndarray, players, strategies) -> np.ndarray:
    """The payoff tensor in float64, or an InvalidGameError naming the first payoff
    beyond the float range (an exact 10**400 beside a float payoff)."""
    if tensor.dtype == float:
        return np.array(tensor, dtype=float)
    try:
        return tensor.astype(float)
    except OverflowError:
        for idx, x in np.ndenumerate(tensor):
            try:
                float(x)
            except OverflowError:
                cell = "(" + ", ".join(strategies[i][k] for i, k in enumerate(idx[1:])) + ")"
                raise InvalidGameError(
                    f"payoff of {players[idx[0]]!r} at {cell} is beyond the float range "
                    "(about 1.8e308) and cannot be used in floating point; give every payoff "
                    "exactly, or rescale") from None
        raise


def _convert_cell(value: Any, game: NormalFormGame, player: int, idx: tuple[int, ...]):
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return Fraction(int(value))
    where = f"payoff of {game.players[player]!r} at {game.cell_name(idx)}"
    return to_number(value, where)

