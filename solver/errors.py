"""Exceptions raised by gamesolver.

Every error caused by bad input is a :class:`GameError` (a ``ValueError``) whose
message names the object at fault: the player, strategy, cell, node or the line of
the file.  The command line prints such an error on one line and exits with 2.

Errors that are not the user's fault (an algorithm whose answer failed its
certificate) are :class:`SolverError`, a ``RuntimeError``; the command exits with 1.
"""
from __future__ import annotations

__all__ = [
    "GameError",
    "InvalidGameError",
    "ParseError",
    "SolverLimitError",
    "SolverError",
]


class GameError(ValueError):
    """Base class of every error caused by a game, a file or an argument."""


class InvalidGameError(GameError):
    """A game that breaks a rule: a missing payoff, a bad label, a bad probability."""


class ParseError(GameError):
    """A file that cannot be read as a game.

    Parameters
    ----------
    message : str
        What is wrong, in words.
    file : str, optional
        The file's name, if the text came from a file.
    line, column : int, optional
        1-based position of the offending token.
    """

    def __init__(self, message: str, file: str | None = None,
                 line: int | None = None, column: int | None = None):
        self.reason = message
        self.file = file
        self.line = line
        self.column = column
        where = []
        if file:
            where.append(str(file))
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class SolverLimitError(GameError):
    """An exponential algorithm reached the limit it was given.

    The message says which limit and how to raise it; ``limit`` names the option for
    the two limits every method shares, ``"time_limit"`` (the time given is spent) and
    ``"max_equilibria"`` (the caller's cap on the answer), and is None for a limit on
    the size of the work (``max_vertices``, ``max_supports`` ...), after which a caller
    may sensibly try a cheaper method.
    """

    def __init__(self, message: str = "", *, limit: str | None = None):
        super().__init__(message)
        self.limit = limit


class SolverError(RuntimeError):
    """An algorithm failed in a way that is not the input's fault.

    Raised, for instance, when a floating-point pivoting method returns a profile
    whose certificate fails: gamesolver never returns an uncertified profile.
    """
