"""gamesolver's own JSON game format.

A game is one JSON object.  Normal-form games look like this (the prisoner's
dilemma with a parametric temptation ``t``)::

    {
      "format": "gamesolver-game",
      "version": 1,
      "form": "normal",
      "title": "Prisoner's dilemma",
      "players": ["Row", "Column"],
      "strategies": [["C", "D"], ["C", "D"]],
      "parameters": {"t": "5"},
      "payoffs": [
        [["3", "0"], ["t", "1"]],
        [["3", "t"], ["0", "1"]]
      ]
    }

Keys
----
``form`` (required)
    ``"normal"``.  Other forms (``"extensive"``) are reserved for trees.
``players`` (required)
    Player names, distinct non-empty strings.
``payoffs`` (required)
    One nested array per player, of shape ``(m_1, ..., m_n)``:
    ``payoffs[i][s_1]...[s_n]`` is player *i*'s payoff when player *k* plays
    strategy ``s_k`` (for two players, ``payoffs[0]`` is the row player's
    matrix, indexed ``[row][column]``).
``strategies`` (optional)
    Labels per player; ``"1".."m"`` when left out.
``title`` (optional)
    A string.
``parameters`` (optional)
    Every symbol used in the payoffs, mapped to its default value or ``null``, or
    to an object that also describes it: ``{"default": "0.5", "low": "0", "high":
    "1", "meaning": "...", "source": "..."}`` (every key optional; the range is
    what ``gamesolver thresholds`` searches when no ``--from``/``--to`` is given).
    Names are identifiers that do not start with ``_``.
``format``, ``version`` (optional)
    ``"gamesolver-game"`` and ``1``, written for the reader of the file.

Numbers follow the package's JSON contract: **exact numbers are strings**
(``"1/3"``, ``"0.45"`` is 9/20, ``"-2"``); JSON integers are exact too;
**JSON numbers with a fraction part or exponent are floats** and make the whole
game inexact.  Symbolic payoffs are strings of sympy expressions in the
parameters (``"1 - x - lam*s"``): numbers, ``+ - * / ** ^``, parentheses, the
parameters listed under ``"parameters"`` and the functions ``Min``, ``Max``
and ``Abs``; nothing else is accepted, so a file cannot make sympy run code.
"""
from __future__ import annotations

import json
import keyword
from typing import Any

import numpy as np
import sympy

from solver.errors import GameError, InvalidGameError, ParseError
from solver.forms.normal.game import NormalFormGame
from solver.forms.parameters import Parameter
from solver.io.json_text import Unreadable
from solver.io.limits import MAX_PLAYERS
from solver.numbers import (
    MAX_DIGITS,
    is_sympy,
    json_number,
    parse_expression,
    read_number,
    to_number,
)

__all__ = ["game_to_json", "game_from_json", "FORMAT_NAME", "FORMAT_VERSION"]

FORMAT_NAME = "gamesolver-game"
FORMAT_VERSION = 1
_KEYS = {"format", "version", "form", "title", "players", "strategies", "parameters",
         "payoffs"}


def _payoff_json(x: Any):
    if isinstance(x, (float, np.floating)):
        return float(x)
    if isinstance(x, sympy.Basic):
        return str(x)
    return json_number(x)


def game_to_json(game: NormalFormGame) -> dict:
    """The JSON object (a dict of plain Python values) describing a game.

    Parameters
    ----------
    game : NormalFormGame

    Returns
    -------
    dict
        Ready for :func:`json.dumps`; :func:`game_from_json` inverts it.

    Raises
    ------
    GameError
        For a game of another form (trees are not in this format yet).
    """
    if getattr(game, "form", None) != "normal":
        raise GameError(f"the JSON game format holds normal-form games so far; got "
                        f"{type(game).__name__}")
    out: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "form": "normal",
        "title": game.title,
        "players": list(game.players),
        "strategies": [list(s) for s in game.strategies],
    }
    defaults, specs = game.parameters, game.parameter_specs
    names = sorted(set(game.symbols) | set(defaults))
    if names:
        out["parameters"] = {k: _parameter_json(defaults.get(k), specs.get(k)) for k in names}
    out["payoffs"] = [np.vectorize(_payoff_json, otypes=[object])(p).tolist()
                      for p in game.payoffs]
    return out


def _parameter_json(default: Any, spec: Parameter | None):
    """A parameter as JSON: its default, or an object when it has more to say."""
    value = None if default is None else json_number(default)
    if spec is None or (spec.low is None and spec.high is None and not spec.meaning
                        and not spec.source):
        return value
    out = {"default": value}
    if spec.range is not None:
        out["low"], out["high"] = (json_number(x) for x in spec.range)
    out.update({k: v for k, v in (("meaning", spec.meaning), ("source", spec.source)) if v})
    return out


_PARAMETER_KEYS = {"default", "low", "high", "meaning", "source"}


def _parameter_from_json(name: str, value: Any, file) -> Parameter | None:
    """A parameter's description from its JSON value (None: no default, no description)."""
    where = f"parameters[{name!r}]"
    path = ("parameters", name)
    if not isinstance(value, dict):
        if value is None:
            return None
        return Parameter(name, _scalar(value, f"{where} (its default)", None, file, path))
    extra = sorted(set(value) - _PARAMETER_KEYS)
    if extra:
        raise _fail(f"{where}: unknown key {extra[0]!r}; a parameter may have "
                    f"{sorted(_PARAMETER_KEYS)}", file, path + (extra[0],))
    fields = {}
    for key in ("default", "low", "high"):
        if value.get(key) is not None:
            fields[key] = _scalar(value[key], f"{where}.{key}", None, file, path + (key,))
    for key in ("meaning", "source"):
        text = value.get(key, "")
        if not isinstance(text, str):
            raise _fail(f"{where}.{key}: expected a string, got {_dumps(text)}", file,
                        path + (key,))
        fields[key] = text
    if ("low" in fields) != ("high" in fields):
        raise _fail(f"{where}: give both 'low' and 'high', or neither", file, path)
    if "low" in fields and not fields["low"] < fields["high"]:
        raise _fail(f"{where}: 'low' must be below 'high'", file, path + ("low",))
    if "default" not in fields:
        raise _fail(f"{where}: a described parameter needs its 'default'", file, path)
    try:
        return Parameter(name, **fields)
    except InvalidGameError as err:
        raise _fail(str(err), file, path) from None


def _fail(message: str, file: str | None, path: tuple = ()) -> ParseError:
    """A ParseError that remembers the path (keys and indices) of the value at fault, so
    that the file reader can add its line and column (:func:`solver.io.json_text.locate`)."""
    err = ParseError(message, file)
    err.json_path = tuple(path)
    return err


def _shape_of(value: Any, depth: int, where: str, file, path: tuple = ()) -> tuple[int, ...]:
    """Shape of a nested list of the given depth, checking it is rectangular."""
    if depth == 0:
        return ()
    if not isinstance(value, list):
        raise _fail(f"{where}: expected an array ({depth} more levels of nesting), "
                    f"got {type(value).__name__} {_dumps(value)[:60]}", file, path)
    if not value:
        raise _fail(f"{where}: an empty array; every player needs a strategy", file, path)
    inner = [_shape_of(v, depth - 1, f"{where}[{k}]", file, path + (k,))
             for k, v in enumerate(value)]
    for k, s in enumerate(inner):
        if s != inner[0]:
            raise _fail(f"{where}[{k}]: shape {s} differs from {where}[0]'s {inner[0]}; "
                        "the payoff array must be rectangular", file, path + (k,))
    return (len(value),) + inner[0]


def _scalar(value: Any, where: str, local: dict | None, file, path: tuple = ()) -> Any:
    """A payoff (or, with ``local=None``, a parameter's default) from JSON."""
    if isinstance(value, bool) or value is None:
        raise _fail(f"{where}: expected a number or a string, got {_dumps(value)}", file, path)
    if isinstance(value, Unreadable):
        raise _fail(f"{where}: the JSON number {value[:40]}{'...' if len(value) > 40 else ''} "
                    f"is not read (NaN, infinities and integers of more than {MAX_DIGITS} "
                    "digits are refused)", file, path)
    if isinstance(value, (int, float)):
        try:
            return to_number(value, where)
        except InvalidGameError as err:
            raise _fail(str(err), file, path) from None
    if isinstance(value, str):
        text = value.strip()
        try:
            exact = read_number(text, where)
        except InvalidGameError as err:
            raise _fail(str(err), file, path) from None
        if exact is not None:
            return exact
        try:
            expr = parse_expression(text, symbols=set(local or {}), where=where)
        except InvalidGameError as err:
            if local is None:
                raise _fail(f"{where}: must be a number, got {value[:60]!r}", file, path) from None
            raise _fail(str(err), file, path) from None
        try:
            x = to_number(expr, where)
        except InvalidGameError as err:
            raise _fail(str(err), file, path) from None
        if is_sympy(x) and local is None:
            raise _fail(f"{where}: must be a number, got {value[:60]!r}", file, path)
        if is_sympy(x):
            unknown = sorted(str(s) for s in x.free_symbols if str(s) not in local)
            if unknown:
                raise _fail(f"{where}: {value[:60]!r} uses {', '.join(unknown)}, which "
                            "'parameters' does not list", file, path)
        return x
    raise _fail(f"{where}: expected a number or a string, got {type(value).__name__}", file,
                path)


def _dumps(value: Any) -> str:
    return json.dumps(value, default=repr)


def _labels(value: Any, where: str, file, path: tuple = ()) -> list[str]:
    if not isinstance(value, list):
        raise _fail(f"{where}: expected an array of strings, got {_dumps(value)[:60]}", file,
                    path)
    for k, v in enumerate(value):
        if not isinstance(v, str) or not v.strip():
            raise _fail(f"{where}[{k}]: expected a non-empty string, got {_dumps(v)[:60]}", file,
                        path + (k,))
    seen = set()
    for k, v in enumerate(value):
        if v in seen:
            raise _fail(f"{where}[{k}]: the label {v!r} appears twice", file, path + (k,))
        seen.add(v)
    return list(value)


def game_from_json(data: dict, file: str | None = None) -> NormalFormGame:
    """Build a game from its JSON object (see the module docstring for the format).

    Parameters
    ----------
    data : dict
        The parsed JSON object.
    file : str, optional
        The file it came from, named in error messages.

    Returns
    -------
    NormalFormGame

    Raises
    ------
    ParseError
        Naming the key, player or cell at fault: a missing or unknown key, a
        form other than ``"normal"``, labels of the wrong count, a ragged or
        mis-shaped payoff array, a value that is not a number or expression.
    """
    if not isinstance(data, dict):
        raise _fail(f"a game must be a JSON object, got {type(data).__name__}", file)
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise _fail(f"unknown key {unknown[0]!r}; the keys of a game are "
                    f"{sorted(_KEYS)}", file, (unknown[0],))
    if "format" in data and data["format"] != FORMAT_NAME:
        raise _fail(f"'format': expected {FORMAT_NAME!r}, got {_dumps(data['format'])[:60]}",
                    file, ("format",))
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise _fail(f"'version': this gamesolver reads version {FORMAT_VERSION}, "
                    f"got {_dumps(version)[:60]}", file, ("version",))
    for key in ("form", "players", "payoffs"):
        if key not in data:
            raise _fail(f"missing key {key!r}", file)
    form = data["form"]
    if form != "normal":
        raise _fail(f"'form': {_dumps(form)[:60]} games cannot be read from JSON yet; "
                    "only \"normal\"", file, ("form",))
    title = data.get("title", "")
    if not isinstance(title, str):
        raise _fail(f"'title': expected a string, got {_dumps(title)[:60]}", file, ("title",))
    players = _labels(data["players"], "players", file, ("players",))
    n = len(players)
    if n > MAX_PLAYERS:
        raise _fail(f"'players': {n} players, more than the reader's limit of {MAX_PLAYERS} "
                    "(MAX_PLAYERS in solver.io.limits)", file, ("players",))

    params = data.get("parameters", {})
    if not isinstance(params, dict):
        raise _fail(f"'parameters': expected an object mapping names to default values, "
                    f"got {_dumps(params)[:60]}", file, ("parameters",))
    local = {}
    defaults = {}
    for name, value in params.items():
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_") \
                or keyword.iskeyword(name):
            raise _fail(f"parameters: {name[:60]!r} is not a valid parameter name", file,
                        ("parameters", name))
        local[name] = sympy.Symbol(name)
        spec = _parameter_from_json(name, value, file)
        if spec is not None:
            defaults[name] = spec

    payoffs = data["payoffs"]
    if not isinstance(payoffs, list) or len(payoffs) != n:
        got = len(payoffs) if isinstance(payoffs, list) else _dumps(payoffs)[:60]
        raise _fail(f"'payoffs': expected one array per player ({n}), got {got}", file,
                    ("payoffs",))
    shape = None
    for i, p in enumerate(payoffs):
        s = _shape_of(p, n, f"payoffs[{i}] (player {players[i]!r})", file, ("payoffs", i))
        if shape is None:
            shape = s
        elif s != shape:
            raise _fail(f"payoffs[{i}] (player {players[i]!r}) has shape {s}, but "
                        f"payoffs[0] has {shape}", file, ("payoffs", i))
    if shape is None:      # no players: no arrays, one (empty) profile
        shape = ()

    if "strategies" in data:
        strategies = data["strategies"]
        if not isinstance(strategies, list) or len(strategies) != n:
            raise _fail(f"'strategies': expected one array of labels per player ({n})", file,
                        ("strategies",))
        strategies = [_labels(s, f"strategies[{i}] (player {players[i]!r})", file,
                              ("strategies", i))
                      for i, s in enumerate(strategies)]
        for i, s in enumerate(strategies):
            if len(s) != shape[i]:
                raise _fail(f"strategies[{i}] (player {players[i]!r}) has {len(s)} labels, "
                            f"but the payoff arrays give that player {shape[i]} strategies",
                            file, ("strategies", i))
    else:
        strategies = [[str(k + 1) for k in range(m)] for m in shape]

    arrays = []
    for i, p in enumerate(payoffs):
        arr = np.empty(shape, dtype=object)
        src = np.empty(shape, dtype=object)
        _fill(src, p)
        for idx, v in np.ndenumerate(src):
            cell = "(" + ", ".join(strategies[k][j] for k, j in enumerate(idx)) + ")"
            where = (f"payoffs[{i}]" + "".join(f"[{j}]" for j in idx)
                     + f" (payoff of {players[i]!r} at {cell})")
            arr[idx] = _scalar(v, where, local, file, ("payoffs", i) + tuple(idx))
        arrays.append(arr)
    try:
        return NormalFormGame(arrays, players=players, strategies=strategies, title=title,
                              parameters=defaults)
    except InvalidGameError as err:
        raise _fail(str(err), file) from None


def _fill(out: np.ndarray, nested: list) -> None:
    """Copy a rectangular nested list into an object array of the same shape
    (np.array would try to interpret strings and nested lists itself)."""
    for idx in np.ndindex(out.shape):
        v = nested
        for j in idx:
            v = v[j]
        out[idx] = v
