"""Progress of long computations, reported to whoever is listening.

An algorithm with a long loop calls :func:`advance` now and then with how far it
is (``done`` of ``total`` cases); by default nobody listens and the call costs a
context-variable lookup.  The command listens when its standard error is a
terminal, and draws a bar there (:class:`TerminalBar`); a notebook or a program
can listen with any callable through :func:`listening`.

>>> seen = []
>>> with listening(lambda done, total, what: seen.append((done, total, what))):
...     advance(1, 4, "supports")
>>> seen
[(1, 4, 'supports')]
>>> advance(2, 4, "supports")     # nobody listens: nothing happens
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, TextIO

__all__ = ["advance", "listening", "TerminalBar"]

Listener = Callable[[int, int, str], None]
_LISTENER: ContextVar[Listener | None] = ContextVar("gamesolver_progress", default=None)


def advance(done: int, total: int, what: str) -> None:
    """Tell the listener, if any, that ``done`` of ``total`` ``what`` are finished."""
    listener = _LISTENER.get()
    if listener is not None:
        listener(done, total, what)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send the progress of computations run inside the block to ``listener``."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


class TerminalBar:
    """A one-line bar on a terminal, redrawn at most ten times a second, shown only
    once a computation has run for ``delay`` seconds (quick ones draw nothing), and
    erased by :meth:`close`."""

    def __init__(self, stream: TextIO | None = None, *, delay: float = 1.0, width: int = 30):
        self.stream = sys.stderr if stream is None else stream
        self.delay, self.width = delay, width
        self.started = time.monotonic()
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int, what: str) -> None:
        now = time.monotonic()
        if now - self.started < self.delay or now - self.last < 0.1:
            return
        self.last = now
        share = min(max(done / total, 0.0), 1.0) if total > 0 else 0.0
        filled = int(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {share:6.1%} of {total} {what}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Erase the bar, if one was drawn."""
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = False
