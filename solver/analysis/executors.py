"""Independent pieces of work on any ``concurrent.futures.Executor``, results in order.

Monte Carlo over parameters (:mod:`solver.analysis.uncertainty`) and sweeps solve a
game at many independent parameter values.  This module runs such work in
*chunks*: each chunk is one call ``fn(task)`` of a picklable top-level function,
submitted to whatever executor the caller passes (Python Standard Library,
:mod:`concurrent.futures`):

* ``None``: the calls run here, one after the other;
* a :class:`concurrent.futures.ProcessPoolExecutor` (or a thread pool);
* a Dask cluster, through ``distributed.Client(...).get_executor()`` (the optional
  ``distributed`` extra; Dask's ``ClientExecutor`` implements the same interface,
  see https://distributed.dask.org/en/stable/api.html#distributed.Client.get_executor).
  Pointing the same call at a real cluster is one line::

      executor = distributed.Client("tcp://scheduler-host:8786").get_executor()

The results come back **in the order of the tasks**, whatever order the workers
finish in, so a caller that combines them in that order gets the same answer as a
serial run.  There is no scheduler here: the executor schedules, this module only
submits, waits and reorders.

:class:`Progress` is the progress line of long runs: one line on standard error,
rewritten in place, and only when standard error is a terminal (silent in pipes,
files and tests).
"""
from __future__ import annotations

import math
import sys
import time
from concurrent.futures import Executor, as_completed
from typing import Any, Callable, Sequence

__all__ = ["Progress", "chunk_slices", "default_chunk_size", "map_chunks"]


class Progress:
    """A progress line on standard error: ``label: 4000/10000 (40%)``.

    Parameters
    ----------
    total : int
        How many units of work (draws, values) the run has.
    label : str
        What is counted (printed before the counts).
    enabled : bool, optional
        Force the line on or off; by default it is shown when ``stream`` is a
        terminal and ``total`` is at least ``min_total``.
    stream : file, optional
        Default ``sys.stderr``.
    min_total : int
        Smallest run that gets a progress line by default.

    Notes
    -----
    The line is rewritten at most every ``interval`` seconds and erased by
    :meth:`close`; nothing is written when the line is disabled, so a run's output
    on standard output is the same with or without it.
    """

    def __init__(self, total: int, label: str = "progress", *, enabled: bool | None = None,
                 stream=None, min_total: int = 2000, interval: float = 0.2):
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty()) and total >= min_total
        self.enabled = bool(enabled)
        self.total, self.label, self.interval = int(total), label, interval
        self.done = 0
        self.last = 0.0
        self.width = 0

    def advance(self, k: int) -> None:
        """Count ``k`` more units done (and redraw the line if it is due)."""
        self.update(self.done + k)

    def update(self, done: int) -> None:
        """Set the number of units done (and redraw the line if it is due)."""
        self.done = int(done)
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < self.interval and self.done < self.total:
            return
        self.last = now
        pct = 100 * self.done // self.total if self.total else 100
        text = f"{self.label}: {self.done}/{self.total} ({pct}%)"
        self.width = max(self.width, len(text))
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()

    def close(self) -> None:
        """Erase the line (if one was drawn)."""
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def chunk_slices(n: int, size: int) -> list[slice]:
    """``n`` items cut into consecutive slices of at most ``size`` items (at least one slice).

    >>> chunk_slices(5, 2)
    [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
    """
    size = max(1, int(size))
    if n <= 0:
        return [slice(0, 0)]
    return [slice(a, min(a + size, n)) for a in range(0, n, size)]


def map_chunks(fn: Callable[[Any], Any], tasks: Sequence[Any], executor: Executor | None = None,
               *, progress: Progress | None = None,
               weight: Callable[[Any], int] | None = None) -> list:
    """``[fn(t) for t in tasks]``, run here or on ``executor``, in the order of ``tasks``.

    Parameters
    ----------
    fn : callable
        A top-level (picklable) function of one argument when ``executor`` runs in
        other processes or on a cluster.
    tasks : sequence
        One argument per call (picklable for the same reason).
    executor : concurrent.futures.Executor, optional
        Anything with ``submit(fn, arg) -> Future``: a process or thread pool, or
        ``distributed.Client(...).get_executor()``.  None runs the calls here.
    progress : Progress, optional
        Advanced by ``weight(task)`` (default 1) as each call finishes.

    Returns
    -------
    list
        The results, in the order of ``tasks`` (not the order of completion).

    Raises
    ------
    Exception
        The first exception raised by a call, in the order of ``tasks``; the other
        calls still submitted are cancelled where the executor allows it.
    """
    weigh = weight or (lambda t: 1)
    if executor is None:
        out = []
        for t in tasks:
            out.append(fn(t))
            if progress is not None:
                progress.advance(weigh(t))
        return out
    futures = [executor.submit(fn, t) for t in tasks]
    index = {f: k for k, f in enumerate(futures)}
    try:
        for f in as_completed(futures):
            if f.exception() is not None:
                break
            if progress is not None:
                progress.advance(weigh(tasks[index[f]]))
        return [f.result() for f in futures]
    except BaseException:
        for f in futures:
            f.cancel()
        raise


def default_chunk_size(n: int, *, parallel: bool, pieces: int = 16, least: int = 100,
                       serial_size: int = 2000) -> int:
    """A chunk size: about ``pieces`` chunks on an executor (at least ``least`` items
    each), chunks of ``serial_size`` when running here (for the progress line)."""
    if parallel:
        return max(least, math.ceil(n / pieces))
    return max(1, serial_size)
