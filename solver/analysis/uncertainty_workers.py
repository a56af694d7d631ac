"""The picklable unit of work of an uncertainty run, and the engines each worker
process (and thread) keeps for the run's next chunks.

:func:`run_chunk` is a top-level function, so that any
:class:`concurrent.futures.Executor` (a process pool, a Dask cluster) can send it by
name; the records of a chunk do not depend on which regimes the worker's engine
has already found.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from solver.analysis.uncertainty_engine import Engine
from solver.analysis.uncertainty_records import DrawRecords

__all__ = ["Task", "run_chunk", "drop_engines"]

_ENGINES: OrderedDict[tuple, Engine] = OrderedDict()
_LOCK = threading.Lock()


def _engine_for(token: str, game, names, method, shortcut) -> Engine:
    """The engine of one run in this process and thread (kept for the run's next chunks)."""
    key = (token, threading.get_ident())
    with _LOCK:
        eng = _ENGINES.get(key)
        if eng is not None:
            _ENGINES.move_to_end(key)
            return eng
    eng = Engine(game, names, method, shortcut)
    with _LOCK:
        _ENGINES[key] = eng
        while len(_ENGINES) > 8:
            _ENGINES.popitem(last=False)
    return eng


def drop_engines(token: str) -> None:
    """Forget the engines of the run ``token`` in this process (at the end of a run)."""
    with _LOCK:
        for key in [k for k in _ENGINES if k[0] == token]:
            del _ENGINES[key]


@dataclass(frozen=True)
class Task:
    """One chunk of draws to solve: the run's ``token`` (which engine to reuse), the
    game with the other parameters substituted, the drawn parameters' ``names``, the
    solver ``method``, whether to use the regime ``shortcut``, and the ``draws``
    (rows: draws, columns: ``names``)."""

    token: str
    game: Any
    names: tuple
    method: str
    shortcut: bool
    draws: np.ndarray


def run_chunk(task: Task) -> DrawRecords:
    """Solve one chunk of draws (a top-level function: executors pickle it by name)."""
    eng = _engine_for(task.token, task.game, task.names, task.method, task.shortcut)
    return eng.process(task.draws)

