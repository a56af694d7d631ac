"""Limits on the time and the output of exponential algorithms.

Support enumeration, vertex enumeration, Lemke-Howson paths, the sequence form and
the listing of tied subgame-perfect equilibria can all take time, or produce output,
exponential in the size of the game.  Each such method takes

* ``time_limit`` -- seconds (a positive number, or None for no limit), checked inside
  its loops by a :class:`Deadline`, and
* ``max_equilibria`` -- the largest number of equilibria it may return
  (:func:`check_count`),

and raises :class:`~solver.errors.SolverLimitError` when one is reached, saying which
limit it was and how to raise it.  The methods' other limits (``max_vertices``,
``max_pivots``, ``max_supports``) bound their memory.  ``docs/limits.md`` lists them
all.

>>> d = Deadline(None, "pure")
>>> d.check()          # no limit: never raises
>>> check_count(3, 10, "pure")
"""
from __future__ import annotations

import math
import time
from typing import Any

from solver.errors import GameError, SolverLimitError

__all__ = ["Deadline", "check_count", "check_max_equilibria", "DEFAULT_MAX_EQUILIBRIA"]

#: Default ``max_equilibria`` of the methods that list equilibria (``spe`` keeps its own
#: 1000): more than any explanation can use, few enough to print.
DEFAULT_MAX_EQUILIBRIA = 10_000


def _how(method: str, option: str) -> str:
    return (f"pass a larger {option} to solve(game, {method!r}, {option}=...) "
            f"(on the command line --{option.replace('_', '-')})")


class Deadline:
    """A time limit, checked cheaply and often.

    Parameters
    ----------
    time_limit : float or None
        Seconds from now; None for no limit.
    method : str
        The method's name, for the message.
    every : int
        :meth:`tick` reads the clock once in this many calls.

    Raises
    ------
    GameError
        When ``time_limit`` is neither None nor a positive finite number.
    """

    __slots__ = ("method", "limit", "end", "every", "count")

    def __init__(self, time_limit: Any, method: str, every: int = 64):
        if time_limit is not None:
            if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) \
                    or not 0 < time_limit < math.inf:
                raise GameError(f"{method}: time_limit must be a positive number of seconds "
                                f"or None, got {time_limit!r}")
        self.method = method
        self.limit = time_limit
        self.end = None if time_limit is None else \
            time.monotonic() + float(min(time_limit, 1e12))      # 30,000 years: no limit
        self.every = every
        self.count = every - 1          # the first tick reads the clock

    def check(self, doing: str = "") -> None:
        """Raise :class:`SolverLimitError` (its ``limit`` ``"time_limit"``) if the
        time is up."""
        if self.end is not None and time.monotonic() > self.end:
            where = f" ({doing})" if doing else ""
            raise SolverLimitError(
                f"{self.method}: time_limit={self.limit:g} s reached{where}; "
                f"{_how(self.method, 'time_limit')}", limit="time_limit")

    def remaining(self) -> float | None:
        """Seconds left (at least a millisecond), or None without a limit: the
        ``time_limit`` to give an inner method."""
        if self.end is None:
            return None
        return max(self.end - time.monotonic(), 0.001)

    def tick(self, doing: str = "") -> None:
        """:meth:`check`, but reading the clock only once in ``every`` calls."""
        if self.end is not None:
            self.count += 1
            if self.count >= self.every:
                self.count = 0
                self.check(doing)


def check_max_equilibria(max_equilibria: Any, method: str) -> int:
    """``max_equilibria`` checked to be a positive integer (returned as int)."""
    if isinstance(max_equilibria, bool) or not isinstance(max_equilibria, int) \
            or max_equilibria < 1:
        try:
            import numpy as np
            if isinstance(max_equilibria, np.integer) and max_equilibria >= 1:
                return int(max_equilibria)
        except ImportError:  # pragma: no cover - numpy is a dependency
            pass
        raise GameError(f"{method}: max_equilibria must be a positive integer, "
                        f"got {max_equilibria!r}")
    return max_equilibria


def check_count(count: int, max_equilibria: int, method: str, what: str = "equilibria",
                at_least: bool = False) -> None:
    """Raise :class:`SolverLimitError` (its ``limit`` ``"max_equilibria"``) when
    ``count`` exceeds ``max_equilibria``."""
    if count > max_equilibria:
        from solver.numbers import short_number
        how = "at least " if at_least else ""
        raise SolverLimitError(
            f"{method}: found {how}{short_number(count)} {what}, more than "
            f"max_equilibria={max_equilibria}; {_how(method, 'max_equilibria')}",
            limit="max_equilibria")
