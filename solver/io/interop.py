"""Working with nashpy, Gambit and QuantEcon: their games into ours and ours into theirs.

Into ours: :func:`solver.solve`, :func:`solver.explain` and the text renderers
(:mod:`solver.io.text`) accept a ``nashpy.Game``, a ``pygambit.Game`` (a table or a
tree) or a QuantEcon ``NormalFormGame`` as they are; :func:`from_nashpy`,
:func:`from_pygambit` and :func:`from_quantecon` (from
:mod:`solver.conversions.foreign`, re-exported here) convert one explicitly, with
labels for the libraries that have none and a choice for float payoffs.

Into theirs: :func:`to_nashpy`, :func:`to_pygambit` and :func:`to_quantecon`, also
methods of our games (``game.to_nashpy()``).  Each library is imported only when a
function that needs it runs.

Numbers: pygambit keeps payoffs exactly (``Rational``), so ours go over unchanged.
nashpy and QuantEcon compute with numpy floats: integer payoffs go as ``int64``
(exact, and read back exactly), other payoffs as ``float64`` unless ``dtype=object``
is asked for, which keeps Fractions (exact, but their algorithms may not accept
them).  See docs/interop.md.
"""
from __future__ import annotations

import io
from fractions import Fraction
from typing import Any

import numpy as np

from solver.conversions.foreign import (
    InexactConversionWarning,
    adopt,
    foreign_kind,
    from_nashpy,
    from_pygambit,
    from_quantecon,
)
from solver.errors import GameError

__all__ = ["adopt", "foreign_kind", "from_nashpy", "from_pygambit", "from_quantecon",
           "to_nashpy", "to_pygambit", "to_quantecon", "InexactConversionWarning"]

_INT64 = 2 ** 63 - 1


def _library(name: str, extra: str):
    import importlib
    try:
        return importlib.import_module(name)
    except ImportError:
        raise GameError(f"{name} is not installed; pip install {extra}") from None


def _normal_form(game, library: str):
    """The concrete normal-form game to export, or a GameError saying what to do."""
    if getattr(game, "form", None) != "normal":
        raise GameError(
            f"{library} holds games in normal form only; export a tree's reduced normal form: "
            "solver.conversions.reduced_form.reduced_normal_form(tree).game")
    if game.parametric:
        raise GameError(f"the game has free parameters {sorted(game.symbols)}; give values "
                        f"with game.substitute(...) (or defaults=True) before exporting it to {library}")
    return game


def numeric_arrays(game, dtype=None) -> list[np.ndarray]:
    """The payoff arrays of a concrete normal-form game as numpy arrays.

    ``dtype=None``: ``int64`` when every payoff is an integer that fits, else
    ``float64``; ``dtype=object`` keeps exact Fractions; any other dtype is passed to numpy.
    """
    arrays = game.payoffs
    if dtype is object:
        return [np.array(a, dtype=object) for a in arrays]
    if dtype is None:
        integral = game.exact and all(x.denominator == 1 and abs(x.numerator) <= _INT64
                                      for a in arrays for x in a.flat)
        dtype = np.int64 if integral else np.float64
        if integral:
            return [np.array([int(x) for x in a.flat], dtype=np.int64).reshape(a.shape)
                    for a in arrays]
    return [np.array([float(x) for x in a.flat], dtype=float).reshape(a.shape).astype(dtype)
            for a in arrays]


def to_nashpy(game, *, dtype=None):
    """A ``nashpy.Game`` with the payoffs of a two-player normal-form game.

    Parameters
    ----------
    game : NormalFormGame
        Two players, no free parameters.
    dtype : optional
        ``None`` (default): ``int64`` matrices when every payoff is an integer, else
        ``float64`` (what nashpy's algorithms compute with); ``object`` keeps Fractions.

    Raises
    ------
    GameError
        For a tree, a game of one or of three or more players (nashpy has none) or a
        parametric game.

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> g = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> to_nashpy(g).payoff_matrices[1].tolist()
    [[3, 5], [0, 1]]
    """
    game = _normal_form(adopt(game), "nashpy")
    if game.n_players != 2:
        others = "to_pygambit()" if not game.n_players else \
            "to_pygambit() or to_quantecon(), which take any number"
        raise GameError(f"a nashpy.Game has two players; this game has {game.n_players} "
                        f"(export it with {others})")
    nashpy = _library("nashpy", "nashpy")
    A, B = numeric_arrays(game, dtype)
    return nashpy.Game(A, B)


def to_quantecon(game, *, dtype=None):
    """A QuantEcon ``NormalFormGame`` with the payoffs of a normal-form game.

    Player *i*'s ``payoff_array`` has his own action first, then the players after him
    in order (QuantEcon's layout).  ``dtype`` as for :func:`to_nashpy`.

    Raises
    ------
    GameError
        For a tree, a game without players (QuantEcon has none) or a parametric game,
        or when QuantEcon is not installed.
    """
    game = _normal_form(adopt(game), "QuantEcon")
    if not game.n_players:
        raise GameError("a QuantEcon NormalFormGame needs at least one player; this game has "
                        "none (export it with to_pygambit(), which takes a game without players)")
    qe = _library("quantecon.game_theory", "quantecon")
    n = game.n_players
    arrays = numeric_arrays(game, dtype)
    players = [qe.Player(np.ascontiguousarray(np.transpose(a, [(i + j) % n for j in range(n)])))
               for i, a in enumerate(arrays)]
    return qe.NormalFormGame(players)


def to_pygambit(game):
    """A ``pygambit.Game`` for our game: a table for a normal form, a tree for a tree.

    Payoffs and probabilities go over exactly (pygambit keeps Rationals; a float goes as
    its shortest decimal, which pygambit keeps exactly); labels are kept.  A tree goes through its Gambit ``.efg`` text (:func:`solver.io.efg.write_efg`),
    so pygambit reads it as it reads our files.  pygambit 16.7 wants distinct outcome
    labels: it names unlabelled outcomes ``_1``, ``_2``, ... (read back as unlabelled by
    :func:`from_pygambit`) and suffixes a label that two outcomes with different payoffs
    share (``war_1``, ``war_2``: those come back suffixed); it also suffixes repeated
    labels of chance actions.

    Raises
    ------
    GameError
        For a parametric game (give values first), or when pygambit is not installed.
    """
    game = adopt(game)
    if game.parametric:
        raise GameError(f"the game has free parameters {sorted(game.symbols)}; give values "
                        "with game.substitute(...) (or defaults=True) before exporting it to pygambit")
    gbt = _library("pygambit", "pygambit")
    if game.form == "extensive":
        from solver.io.efg import write_efg
        return gbt.read_efg(io.StringIO(write_efg(game)))
    title = game.title or "Untitled strategic game"
    if not game.n_players:          # from_arrays needs an array; new_table([]) has no players
        return gbt.Game.new_table([], title=title)
    arrays = [np.array([_gambit_number(x) for x in a.flat], dtype=object).reshape(a.shape)
              for a in game.payoffs]
    out = gbt.Game.from_arrays(*arrays, title=title)
    for p, name, labels in zip(out.players, game.players, game.strategies):
        p.label = name
        for s, label in zip(p.strategies, labels):
            s.label = label
    return out


def _gambit_number(x) -> Any:
    if isinstance(x, float):
        return x
    return Fraction(x) if x.denominator != 1 else int(x.numerator)
