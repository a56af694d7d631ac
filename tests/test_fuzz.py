"""Fuzzing: valid and mutated files and API calls end in a result or a GameError, quickly.

Hypothesis generates small games, writes them as ``.nfg``, ``.efg`` and JSON, then
mutates the text (characters deleted, repeated, replaced by hostile tokens: huge
numbers, deep brackets, NaN, quotes, braces) and the JSON structure; it also calls the
public API with wrong types, shapes and values.  Every case must end -- within a time
bound, with no warning printed -- in a result (a game, a solution) or in a
:class:`solver.errors.GameError` (a ``SolverLimitError`` included): never another
exception, never a hang.

The default run is brief (a few examples per kind, well under 15 s); the
``slow``-marked tests run many more (``pytest -m slow tests/test_fuzz.py``).
"""
from __future__ import annotations

import json
import os
import signal
import tempfile
import time
import warnings
from contextlib import contextmanager
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver import NormalFormGame, TreeBuilder, certify, regret, solve
from solver.errors import GameError, SolverError
from solver.io.efg import write_efg
from solver.io.files import load
from solver.io.json_format import game_to_json
from solver.io.nfg import write_nfg

#: Seconds one case may take: reading, then solving with this time limit.
BOUND = 10.0
SOLVE_LIMIT = 2.0

BRIEF = settings(max_examples=12, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LONG = settings(max_examples=400, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class _Hang(Exception):
    """Raised by the alarm when a case runs past its bound."""


@contextmanager
def bounded(seconds: float = BOUND):
    """Fail a case that runs longer than ``seconds`` (an alarm interrupts it) or that
    emits a warning (numpy's RuntimeWarnings would reach the command's stderr)."""
    def ring(signum, frame):
        raise _Hang(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def ends_well(call, *args, **kwargs):
    """Run ``call``: a result or a GameError is fine; anything else fails the test."""
    with bounded():
        try:
            return call(*args, **kwargs)
        except GameError:
            return None


def certified_or_refused(call, *args, **kwargs):
    """:func:`ends_well` for ``certify``, which refuses a profile that is not an
    equilibrium with a SolverError ("certificate failed"), as documented."""
    try:
        return ends_well(call, *args, **kwargs)
    except SolverError as err:
        assert str(err).startswith("certificate failed")
        return None


# ---------------------------------------------------------------------- games
payoff = st.one_of(st.integers(-20, 20), st.builds(Fraction, st.integers(-50, 50),
                                                   st.integers(1, 7)))


@st.composite
def normal_games(draw, max_players=3):
    n = draw(st.integers(1, max_players))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    size = int(np.prod(shape))
    pays = [np.array(draw(st.lists(payoff, min_size=size, max_size=size)),
                     dtype=object).reshape(shape) for _ in range(n)]
    if draw(st.booleans()):
        scale = [10.0 ** draw(st.integers(0, 12)) for _ in range(n)]
        pays = [np.array([float(x) for x in p.flat]).reshape(shape) * s for p, s in zip(pays, scale)]
    return NormalFormGame(pays)


@st.composite
def trees(draw):
    n = draw(st.integers(1, 3))
    b = TreeBuilder([f"P{i + 1}" for i in range(n)])
    budget = [draw(st.integers(3, 14))]
    sets: dict = {}

    def node(parent):
        budget[0] -= 1
        kind = draw(st.sampled_from(["t", "t", "d", "d", "c"])) if budget[0] > 0 else "t"
        if kind == "t":
            b.terminal(parent, payoffs=tuple(draw(payoff) for _ in range(n)))
            return
        k = draw(st.integers(1, 3))
        acts = tuple(f"a{j}" for j in range(k))
        if kind == "c":
            h = b.chance({a: Fraction(1, k) for a in acts}, parent=parent)
        else:
            who = draw(st.integers(0, n - 1))
            key = draw(st.sampled_from([None, (who, k, 0), (who, k, 1)]))
            h = b.decision(who, acts, parent=parent, infoset=key)
            sets[key] = True
        for a in acts:
            node(h[a])

    node(None)
    return b.build()


# ---------------------------------------------------------------------- mutations
HOSTILE = ["1e99999999", "9" * 5000, "-", "{", "}", '"', "\\", "nan", "inf", "1/0", "0",
           "{ 100000000 2 }", "[" * 300, "]", "NaN", "1e999", ",", "\n", "\x00", "p", "t",
           "c", "9**9**9", "x", "\u00e9", "EFG", "NFG", "99999999999"]


@st.composite
def mutated(draw, text: str):
    """``text`` with a few random edits: deletions, repetitions, hostile insertions."""
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            text = draw(st.sampled_from(HOSTILE))
            continue
        i = draw(st.integers(0, len(text) - 1))
        j = min(len(text), i + draw(st.integers(0, 12)))
        what = draw(st.sampled_from(["delete", "repeat", "insert", "replace"]))
        if what == "delete":
            text = text[:i] + text[j:]
        elif what == "repeat":
            text = text[:j] + text[i:j] * draw(st.integers(2, 50)) + text[j:]
        else:
            ins = draw(st.sampled_from(HOSTILE))
            text = text[:i] + ins + (text[i:] if what == "insert" else text[j:])
    return text


def _read_then_solve(text: str, suffix: str):
    fd, name = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as fh:
            fh.write(text)
        game = ends_well(load, name)
    finally:
        os.unlink(name)
    if game is not None:
        sol = ends_well(solve, game, "auto", time_limit=SOLVE_LIMIT)
        if sol is not None:
            with bounded():
                str(sol)
                json.dumps(sol.to_dict())
    return game


def _nfg_text(game) -> str:
    return write_nfg(game)


# ---------------------------------------------------------------------- the brief run
@BRIEF
@given(st.data())
def test_valid_and_mutated_nfg_files(data):
    game = data.draw(normal_games())
    text = _nfg_text(game)
    assert _read_then_solve(text, ".nfg") is not None        # a valid file reads
    _read_then_solve(data.draw(mutated(text)), ".nfg")


@BRIEF
@given(st.data())
def test_valid_and_mutated_efg_files(data):
    game = data.draw(trees())
    text = write_efg(game)
    assert _read_then_solve(text, ".efg") is not None
    _read_then_solve(data.draw(mutated(text)), ".efg")


HOSTILE_JSON = st.sampled_from([None, True, [], {}, "x", "9**9**9", "1e99999999", 1e308,
                                -1e308, 10 ** 400, [[[]]], "1/0", "nan", {"default": []},
                                "a" * 3000, [[1, 2], [3]]])


@st.composite
def json_mutations(draw, obj):
    """The JSON object with one value somewhere replaced by a hostile one."""
    path, node = [], obj
    while isinstance(node, (dict, list)) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else
                                   list(range(len(node)))))
        path.append(key)
        node = node[key]
    value = draw(HOSTILE_JSON)
    if not path:
        return value
    target = obj
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return obj


@BRIEF
@given(st.data())
def test_valid_and_mutated_json_files(data):
    game = data.draw(normal_games())
    obj = game_to_json(game)
    text = json.dumps(obj)
    assert _read_then_solve(text, ".json") is not None
    _read_then_solve(json.dumps(data.draw(json_mutations(json.loads(text)))), ".json")
    _read_then_solve(data.draw(mutated(text)), ".json")


ODD = st.sampled_from([None, 5, 1.5, float("nan"), float("inf"), -1, "x", "", [], [[]],
                       [[1, 2], [3]], {"a": 1}, (1, 2), object(), True, 10 ** 400,
                       np.array([np.nan]), "9**9**9", [["a", "b"]]])


@BRIEF
@given(st.data())
def test_api_calls_with_wrong_arguments(data):
    game = data.draw(normal_games(max_players=2))
    profile = [[1] + [0] * (m - 1) for m in game.shape]
    odd = data.draw(ODD)
    where = data.draw(st.integers(0, 9))
    if where == 0:
        ends_well(NormalFormGame.from_matrices, odd, odd)
    elif where == 1:
        ends_well(NormalFormGame.from_tensor, odd)
    elif where == 2:
        ends_well(NormalFormGame, [odd], players=odd)
    elif where == 3:
        certified_or_refused(certify, game, odd)
    elif where == 4:
        ends_well(regret, game, [odd] + profile[1:])
    elif where == 5:
        ends_well(solve, game, odd)
    elif where == 6:
        option = data.draw(st.sampled_from(["time_limit", "max_equilibria", "max_vertices",
                                            "tol", "nonsense"]))
        ends_well(solve, game, data.draw(st.sampled_from(["auto", "pure", "enumerate"])),
                  **{option: odd})
    elif where == 7:
        b = TreeBuilder(["A", "B"])
        ends_well(b.decision, data.draw(st.sampled_from(["A", 0, odd])), odd)
    elif where == 8:
        b = TreeBuilder(["A", "B"])
        ends_well(b.chance, odd)
    else:
        certified_or_refused(certify, game, profile, tol=odd)


# ---------------------------------------------------------------------- the long run
@pytest.mark.slow
@LONG
@given(st.data())
def test_many_mutated_files(data):
    kind = data.draw(st.sampled_from(["nfg", "efg", "json"]))
    if kind == "efg":
        text = write_efg(data.draw(trees()))
    else:
        game = data.draw(normal_games())
        text = _nfg_text(game) if kind == "nfg" else json.dumps(game_to_json(game))
    _read_then_solve(data.draw(mutated(text)), "." + kind)


@pytest.mark.slow
@LONG
@given(st.data())
def test_many_api_calls(data):
    test_api_calls_with_wrong_arguments.hypothesis.inner_test(data)


def test_the_bound_itself_catches_a_hang():
    """The harness can fail: a call that sleeps past the bound is interrupted."""
    start = time.monotonic()
    with pytest.raises(_Hang):
        with bounded(0.2):
            time.sleep(5)
    assert time.monotonic() - start < 2
