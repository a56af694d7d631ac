"""Limits of the file readers: what a file may declare, and how much of it is read.

A reader must end quickly on any input, so nothing is allocated from what a header
*says* before it is checked against these limits and against the text that follows
(every payoff takes at least two characters).  Each limit is far above any game a
person writes or the package can solve; docs/limits.md lists them with the
limits of the algorithms.

>>> MAX_PLAYERS, MAX_STRATEGIES
(32, 100000)
"""
from __future__ import annotations

from solver.errors import ParseError

__all__ = ["MAX_FILE_BYTES", "MAX_PLAYERS", "MAX_STRATEGIES", "MAX_CELLS", "MAX_JSON_DEPTH",
           "MAX_INTEGER_DIGITS", "check_declared"]

#: Bytes read from a game file (64 MiB; tic-tac-toe's 549,946-node tree is about 20 MB
#: as .efg).  ``load(path, max_bytes=...)`` reads more.
MAX_FILE_BYTES = 64 * 2 ** 20
#: Players of a game read from a file (a normal form's payoff array has one axis each).
MAX_PLAYERS = 32
#: Strategies of one player declared by a ``.nfg`` header.
MAX_STRATEGIES = 100_000
#: Cells (pure profiles) of a normal form read from a file.
MAX_CELLS = 10_000_000
#: Nesting of arrays and objects in a JSON file (a game of n players nests n + 2 deep).
MAX_JSON_DEPTH = 64
#: Digits of an integer that counts or numbers something (a version, a player, an
#: information set, an outcome, a number of strategies).
MAX_INTEGER_DIGITS = 9


def check_declared(value: int, limit: int, what: str, name: str, file=None, line=None,
                   column=None) -> None:
    """Raise a :class:`ParseError` naming the limit when ``value`` exceeds ``limit``.

    ``what`` says what was declared ("strategies of player 1"), ``name`` the limit's
    name in this module ("MAX_STRATEGIES").
    """
    if value > limit:
        raise ParseError(f"{what}: {value} is more than the reader's limit of {limit} "
                         f"({name} in solver.io.limits)", file, line, column)
