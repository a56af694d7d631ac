"""Games of other libraries made into ours: nashpy, pygambit and QuantEcon.

:func:`adopt` is what :func:`solver.solve`, :func:`solver.explain` and the text
renderers call first: it returns one of our games unchanged and converts a
``nashpy.Game``, a ``pygambit.Game`` (table or tree) or a QuantEcon
``NormalFormGame``.  The conversions keep every payoff exact where the other library
holds it exactly:

* pygambit stores numbers as ``Rational`` or ``Decimal`` values, which become
  Fractions exactly (``Decimal("0.45")`` is 9/20);
* nashpy and QuantEcon hold numpy arrays.  Integers, and floats that are integers
  (``3.0``), become exact integers; other floats make our game a *float* game
  (``game.exact`` is False, solved with tolerances) and an
  :class:`InexactConversionWarning` names the first such payoff.  ``exact=True``
  reads each float as the shortest decimal that prints it (``0.1`` as 1/10), and
  ``exact=False`` keeps floats without a warning.

nashpy and QuantEcon games carry no labels: ours get the default ones of
:class:`~solver.forms.normal.game.NormalFormGame` unless ``players=`` and
``strategies=`` are given.  Nothing here imports the other libraries: a game is recognised by the module
of its class.  Export (ours to theirs) is :mod:`solver.io.interop`.

Sources: nashpy's ``Game`` (two payoff matrices, one for a zero-sum game); pygambit
16.7's ``Game`` (``players``, ``strategies``, ``to_arrays``, ``is_tree``, ``root``,
nodes, information sets, ``Action.prob``, outcomes); QuantEcon's
``game_theory.NormalFormGame`` (``players[i].payoff_array``, own action first).
"""
from __future__ import annotations

import math
import numbers
import warnings
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from solver.errors import GameError, InvalidGameError
from solver.forms.base import GameBase

__all__ = ["adopt", "foreign_kind", "from_nashpy", "from_pygambit", "from_quantecon",
           "InexactConversionWarning", "LIBRARIES"]

#: The libraries whose games :func:`adopt` converts, as their users know them.
LIBRARIES = ("nashpy.Game", "pygambit.Game", "quantecon NormalFormGame")


class InexactConversionWarning(UserWarning):
    """A game of another library had float payoffs that are not integers, so the converted
    game is a float game (solved with tolerances, not exactly)."""


def foreign_kind(game: Any) -> str | None:
    """Which library a game object comes from: ``"nashpy"``, ``"pygambit"``,
    ``"quantecon"``, or None (ours, or not a game).

    The class's module is read; the libraries are not imported.

    >>> foreign_kind(object()) is None
    True
    """
    for cls in type(game).__mro__:
        root = (cls.__module__ or "").split(".")[0]
        if root == "nashpy" and cls.__name__ == "Game":
            return "nashpy"
        if root == "pygambit" and cls.__name__ == "Game":
            return "pygambit"
        if root == "quantecon" and cls.__name__ == "NormalFormGame":
            return "quantecon"
    return None


def adopt(game: Any):
    """Our game for ``game``: one of ours unchanged, another library's converted.

    Parameters
    ----------
    game : NormalFormGame, ExtensiveFormGame, nashpy.Game, pygambit.Game or quantecon NormalFormGame

    Returns
    -------
    NormalFormGame or ExtensiveFormGame

    Raises
    ------
    GameError
        For an object that is not a game, or another library's game that has no
        counterpart here (the message says why and what to do).

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> g = NormalFormGame.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> adopt(g) is g
    True
    """
    if isinstance(game, GameBase) or getattr(game, "form", None) in ("normal", "extensive"):
        return game
    kind = foreign_kind(game)
    if kind == "nashpy":
        return from_nashpy(game)
    if kind == "pygambit":
        return from_pygambit(game)
    if kind == "quantecon":
        return from_quantecon(game)
    raise GameError(f"expected a game (NormalFormGame, ExtensiveFormGame, or a "
                    f"{', '.join(LIBRARIES[:-1])} or {LIBRARIES[-1]}), got "
                    f"{type(game).__module__}.{type(game).__name__}")


# ---------------------------------------------------------------------- numbers
def _cell_text(players, strategies, i: int, idx) -> str:
    """Names a payoff in messages: by the labels given, else by 1-based numbers."""
    try:
        who = repr(players[i])
    except (TypeError, IndexError):
        who = f"player {i + 1}"
    try:
        cell = ", ".join(str(strategies[k][j]) for k, j in enumerate(idx))
    except (TypeError, IndexError):
        cell = ", ".join(str(j + 1) for j in idx)
    return f"the payoff of {who} at ({cell})"


def exact_number(x: Any, where):
    """A number of another library as ours: Rational and Decimal values exactly,
    ints as ints; floats are returned as floats (the caller decides).  ``where``
    (a string, or a callable making one) names the number in error messages."""
    if isinstance(x, (bool, np.bool_)):
        raise InvalidGameError(f"{_text(where)}: expected a number, got the boolean {x!r}")
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, numbers.Rational):
        return Fraction(x.numerator, x.denominator)
    if isinstance(x, (float, np.floating)):
        return float(x)
    ratio = getattr(x, "as_integer_ratio", None)          # decimal.Decimal and its kin
    if ratio is not None:
        try:
            p, q = ratio()
        except (ValueError, OverflowError):
            raise InvalidGameError(f"{_text(where)}: expected a finite number, got {x!r}") from None
        return Fraction(p, q)
    return x                                                  # sympy, str: NormalFormGame reads them


def _text(where) -> str:
    return where() if callable(where) else str(where)


def payoff_arrays(arrays, source: str, players, strategies, exact: bool | None) -> list:
    """Payoff arrays of another library as arrays that :class:`NormalFormGame` reads exactly.

    Integers stay integers, and so do floats that are integers.  Other floats are
    kept (``exact=None``, with an :class:`InexactConversionWarning` naming the first),
    read as their shortest decimal (``exact=True``), or, with ``exact=False``, every
    payoff becomes a float without a warning.  Arrays of objects are read cell by cell
    (Rational and Decimal values exactly).
    """
    out, first, count, total = [], None, 0, 0
    for i, a in enumerate(arrays):
        a = np.asarray(a)
        total += a.size
        if a.dtype.kind in "iu" and exact is not False:       # exact already
            out.append(a)
            continue
        if a.dtype.kind in "iuf":
            f = a.astype(float)
            bad = np.flatnonzero(~np.isfinite(f))
            if bad.size:
                idx = np.unravel_index(int(bad[0]), a.shape)
                raise InvalidGameError(f"{source}: {_cell_text(players, strategies, i, idx)} is "
                                       f"{f[idx]!r}; payoffs must be finite numbers")
            if exact is False:
                out.append(f)
                continue
            cells = np.array(a.tolist(), dtype=object).reshape(a.shape)   # Python floats
        else:
            cells = a
        obj = np.empty(a.shape, dtype=object)
        for idx, x in np.ndenumerate(cells):
            def where(i=i, idx=idx):
                return f"{source}: {_cell_text(players, strategies, i, idx)}"
            v = exact_number(x, where)
            if isinstance(v, float):
                if not math.isfinite(v):
                    raise InvalidGameError(f"{where()} is {v!r}; payoffs must be finite numbers")
                if exact is not False and v.is_integer():
                    v = int(v)
                elif exact:
                    v = Fraction(repr(v))
                elif exact is None:
                    count += 1
                    first = first or (i, idx, v)
            elif exact is False:
                try:
                    v = float(v)
                except TypeError:
                    raise InvalidGameError(f"{where()}: exact=False needs numbers, got {v!r}") from None
            obj[idx] = v
        out.append(obj)
    if first is not None:
        i, idx, v = first
        warnings.warn(
            f"{source}: {count} of {total} payoffs are floats that are not integers (the first: "
            f"{_cell_text(players, strategies, i, idx)} is {v!r}), so the converted game has float "
            "payoffs and is solved with tolerances, not exactly; pass exact=True to read each "
            "float as its shortest decimal (0.1 as 1/10), or give the payoffs as ints or Fractions",
            InexactConversionWarning, stacklevel=3)
    return out


# ---------------------------------------------------------------------- nashpy
def from_nashpy(game: Any, *, players: Sequence[str] | None = None,
                strategies: Sequence[Sequence[str]] | None = None, title: str = "",
                exact: bool | None = None):
    """Our :class:`~solver.forms.normal.game.NormalFormGame` for a ``nashpy.Game``.

    Parameters
    ----------
    game : nashpy.Game
        Its ``payoff_matrices`` ``(A, B)``: the row player gets ``A[i, j]``, the
        column player ``B[i, j]`` (``B = -A`` for a game made from one matrix).
    players, strategies : optional
        Labels (nashpy has none); by default those of
        :class:`~solver.forms.normal.game.NormalFormGame`.
    title : str, optional
    exact : bool or None
        What to do with float payoffs that are not integers (see the module notes).

    Returns
    -------
    NormalFormGame
    """
    matrices = getattr(game, "payoff_matrices", None)
    if matrices is None or len(matrices) != 2:
        raise GameError("a nashpy.Game holds two payoff matrices in payoff_matrices; this one "
                        f"holds {'none' if matrices is None else len(matrices)}")
    A, B = (np.asarray(m) for m in matrices)
    if A.ndim != 2 or A.shape != B.shape:
        raise InvalidGameError(f"nashpy.Game: the payoff matrices must be two matrices of one "
                               f"shape, got shapes {A.shape} and {B.shape}")
    arrays = payoff_arrays((A, B), "nashpy.Game", players, strategies, exact)
    from solver.forms.normal.game import NormalFormGame
    return NormalFormGame(arrays, players=players, strategies=strategies, title=title)


# ---------------------------------------------------------------------- QuantEcon
def from_quantecon(game: Any, *, players: Sequence[str] | None = None,
                   strategies: Sequence[Sequence[str]] | None = None, title: str = "",
                   exact: bool | None = None):
    """Our :class:`~solver.forms.normal.game.NormalFormGame` for a QuantEcon ``NormalFormGame``.

    QuantEcon keeps player *i*'s payoffs in ``game.players[i].payoff_array``, whose
    axes are the players *i*, *i* + 1, ..., *N* - 1, 0, ..., *i* - 1 (his own action
    first); ours are indexed by the players in order, so each array is transposed.

    Parameters are those of :func:`from_nashpy`.
    """
    qplayers = tuple(getattr(game, "players", ()) or ())
    if not qplayers:
        raise GameError("the QuantEcon game has no players; a NormalFormGame needs at least one")
    n = len(qplayers)
    rotated = [np.asarray(p.payoff_array) for p in qplayers]
    if n == 1:
        arrays = [rotated[0].reshape(-1)]
    else:
        # ours, axis k, is QuantEcon's axis (k - i) mod n of player i's array
        arrays = [np.transpose(a, [(k - i) % n for k in range(n)]) for i, a in enumerate(rotated)]
    arrays = payoff_arrays(arrays, "QuantEcon NormalFormGame", players, strategies, exact)
    from solver.forms.normal.game import NormalFormGame
    return NormalFormGame(arrays, players=players, strategies=strategies, title=title)


# ---------------------------------------------------------------------- pygambit
def from_pygambit(game: Any):
    """Our game for a ``pygambit.Game``: a tree for a tree, a table for a table.

    Every payoff and chance probability is exact (pygambit's ``Rational`` and
    ``Decimal`` become Fractions).  Labels are kept: the players', the strategies', and
    in a tree the nodes', the information sets' (each player's sets in pygambit's
    order), the actions' and the outcomes'.  pygambit 16.7 wants every outcome label
    distinct: it names unlabelled outcomes ``_1``, ``_2``, ..., which are read back as
    unlabelled, and suffixes a repeated label (``war_1``, ``war_2``), which stays.

    A game without players (``Game.new_tree()`` before any ``add_player``: a tree of
    chance and terminal nodes only; or ``Game.new_table([])``) becomes ours without
    players: its one equilibrium is the empty profile, as pygambit's ``enumpure_solve``
    finds.

    Raises
    ------
    GameError
        For what our games do not allow (two nodes with one label, a decision node
        whose actions repeat a label), named.
    """
    gplayers = list(game.players)
    title = str(getattr(game, "title", "") or "")
    try:
        if game.is_tree:
            return _pygambit_tree(game, gplayers, title)
        return _pygambit_table(game, gplayers, title)
    except GameError as err:
        raise type(err)(f"pygambit game {title!r}: {err}") from None


def _pygambit_table(game, gplayers, title):
    players = tuple(p.label for p in gplayers)
    strategies = tuple(tuple(s.label for s in p.strategies) for p in gplayers)
    arrays = []
    for i, a in enumerate(game.to_arrays()):
        obj = np.empty(a.shape, dtype=object)
        for idx, x in np.ndenumerate(a):
            obj[idx] = exact_number(x, lambda i=i, idx=idx: _cell_text(players, strategies, i, idx))
        arrays.append(obj)
    from solver.forms.normal.game import NormalFormGame
    return NormalFormGame(arrays, players=players, strategies=strategies, title=title)


def _outcome_of(node, gplayers):
    """(payoffs, label) of a node's outcome, or (None, "")."""
    o = node.outcome
    if not o:
        return None, ""
    where = f"outcome {o.label!r}"
    pay = tuple(exact_number(o[p], where) for p in gplayers)
    label = o.label
    if label.startswith("_") and label[1:].isdigit():   # pygambit 16.7's name for an unlabelled one
        label = ""
    return pay, label


def _pygambit_tree(game, gplayers, title):
    from solver.forms.extensive.builder import TreeBuilder
    players = [p.label for p in gplayers]
    b = TreeBuilder(players, title=title, comment=str(getattr(game, "description", "") or ""))
    order = []                                    # each player's sets in pygambit's order
    key_of = {}
    for i, p in enumerate(gplayers):
        for k, s in enumerate(p.infosets):
            key_of[(i, s.number)] = (i, k)
            order.append((i, k))
    stack = [(game.root, None)]
    while stack:
        node, parent = stack.pop()
        pay, olabel = _outcome_of(node, gplayers)
        label = node.label or ""
        if node.is_terminal:
            b.terminal(parent, payoffs=pay, label=label, outcome_label=olabel)
            continue
        s = node.infoset
        acts = list(s.actions)
        if node.player.is_chance:
            probs = [(a.label, exact_number(a.prob, f"{b.where(parent, label)}, "
                                                    f"probability of {a.label!r}")) for a in acts]
            h = b.chance(probs, parent=parent, label=label, outcome=pay, outcome_label=olabel)
        else:
            i = next(j for j, p in enumerate(gplayers) if p == node.player)
            h = b.decision(i, [a.label for a in acts], parent=parent, infoset=key_of[(i, s.number)],
                           label=label, infoset_label=s.label, outcome=pay, outcome_label=olabel)
        children = list(node.children)
        for k in reversed(range(len(children))):
            stack.append((children[k], (h, k)))
    return b.build(infoset_order=order)
