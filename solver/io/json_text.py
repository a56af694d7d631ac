"""JSON text read within bounds, and the line and column of any value in it.

:func:`loads` is :func:`json.loads` with three guards: the nesting is checked first
(Python's decoder recurses, so 3000 nested arrays would end in ``RecursionError``),
integers longer than the number reader reads (:data:`solver.numbers.MAX_DIGITS`)
are kept as :class:`Unreadable` text instead of being converted (Python refuses to
convert more than 4300 digits), and ``NaN`` / ``Infinity`` become :class:`Unreadable`
too; the game reader refuses those with the place they are at.

:func:`locate` finds the line and column of the value at a path of keys and indices
(``("payoffs", 0, 1, 2)``) by one scan of the text, so that every error found in a
parsed file can say where it is, as a syntax error does.

>>> locate('{"a": [1,\\n  {"b": 2}]}', ("a", 1, "b"))
(2, 9)
"""
from __future__ import annotations

import json
import re
from typing import Any

from solver.errors import ParseError
from solver.io.limits import MAX_JSON_DEPTH
from solver.numbers import MAX_DIGITS

__all__ = ["loads", "locate", "Unreadable", "check_depth"]

_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|([\[\]{},:])|([^\s\[\]{},:"]+))', re.DOTALL)


class Unreadable(str):
    """The text of a JSON number the reader will not convert (too many digits, NaN,
    Infinity); the game reader refuses it with its place."""


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_depth(text: str, file: str | None = None, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Raise a :class:`ParseError` at the first bracket nested deeper than
    ``max_depth`` (strings are skipped; one scan, no recursion)."""
    depth = 0
    for m in _STRUCTURE.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > max_depth:
                line, col = _position(text, m.start())
                raise ParseError(f"arrays and objects nested more than {max_depth} deep "
                                 "(MAX_JSON_DEPTH in solver.io.limits); a game nests a few "
                                 "levels", file, line, col)
        elif c in "]}":
            depth -= 1


def _int(text: str):
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_DIGITS else Unreadable(text)


def loads(text: str, file: str | None = None) -> Any:
    """Parse JSON text within the bounds above; a syntax error is a :class:`ParseError`
    with its line and column."""
    check_depth(text, file)
    try:
        return json.loads(text, parse_int=_int, parse_constant=Unreadable)
    except json.JSONDecodeError as err:
        raise ParseError(f"not valid JSON: {err.msg}", file, err.lineno, err.colno) from None
    except RecursionError:   # pragma: no cover - the depth is checked first
        raise ParseError("not valid JSON: nested too deeply", file) from None


def _skip_value(text: str, pos: int) -> int:
    """The offset just after the JSON value starting at ``pos`` (iterative)."""
    depth = 0
    while True:
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            return len(text)
        pos = m.end()
        punct = m.group(2)
        if punct in ("[", "{"):
            depth += 1
        elif punct in ("]", "}"):
            depth -= 1
        if depth <= 0 and punct not in (",", ":"):
            return pos


_SPACE = re.compile(r"\s*")


def _value_start(text: str, pos: int) -> int:
    return _SPACE.match(text, pos).end()


def locate(text: str, path: tuple) -> tuple[int, int]:
    """Line and column (1-based) of the value at ``path`` in the JSON ``text``; of the
    deepest value on the path that exists when the rest does not."""
    pos = _value_start(text, 0)
    found = pos
    for key in path:
        if pos >= len(text):
            break
        c = text[pos]
        nxt = None
        if c == "{" and isinstance(key, str):
            p = pos + 1
            while True:
                m = _TOKEN.match(text, p)
                if m is None or m.group(2) == "}" or m.group(1) is None:
                    break
                try:
                    name = json.loads(m.group(1))
                except ValueError:
                    break
                colon = _TOKEN.match(text, m.end())
                if colon is None or colon.group(2) != ":":
                    break
                start = _value_start(text, colon.end())
                if name == key:
                    nxt = start
                    break
                p = _skip_value(text, start)
                sep = _TOKEN.match(text, p)
                if sep is None or sep.group(2) != ",":
                    break
                p = sep.end()
        elif c == "[" and isinstance(key, int) and not isinstance(key, bool):
            p = _value_start(text, pos + 1)
            for _ in range(key):
                p = _skip_value(text, p)
                sep = _TOKEN.match(text, p)
                if sep is None or sep.group(2) != ",":
                    p = None
                    break
                p = _value_start(text, sep.end())
            if p is not None and p < len(text) and text[p] != "]":
                nxt = p
        if nxt is None:
            break
        pos = found = nxt
    return _position(text, found)
