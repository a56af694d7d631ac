"""One round of elimination for one player: which of his strategies are dominated.

Each round of iterated elimination (:mod:`solver.algorithms.dominance`) looks at one
player at a time through a matrix ``U`` of his payoffs on the strategies still
remaining: a row per strategy of his, a column per remaining profile of the others
(:func:`player_matrix`).  Row ``s`` is

* **strictly dominated** by row ``d`` when ``U[d, t] > U[s, t]`` in every column;
* **weakly dominated** when ``U[d, t] >= U[s, t]`` everywhere and ``>`` somewhere;
* **very weakly dominated** when ``U[d, t] >= U[s, t]`` everywhere (Shoham and
  Leyton-Brown 2009, *Multiagent Systems*, chapter 3), which includes a row that
  pays exactly what ``d`` pays;

and the same with a mixed strategy in place of ``d``
(:mod:`solver.algorithms.dominance_mixed`).  Pure dominance is checked row against
rows with numpy.  Two quick tests spare most linear programs: a strategy that is a
best reply to some pure profile of the others is strictly dominated by no mix, and
one that is the *unique* best reply to some profile is not even weakly dominated
(Gibbons 1992, *Game Theory for Applied Economists*, section 1.1.B; Osborne &
Rubinstein 1994, lemma 60.1).

Every comparison allows a ``slack``: float rounding in a float game, the user's
tolerance epsilon in an exact one (epsilon-dominance), 0 otherwise.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from solver.algorithms.dominance_mixed import exact_advantages, mixed_dominator

__all__ = ["player_matrix", "dominated_rows", "very_weak_rows"]


def player_matrix(array: np.ndarray, i: int, keep: list[list[int]]) -> np.ndarray:
    """Player *i*'s payoffs on the remaining strategies as a matrix: one row per
    strategy of his, one column per remaining profile of the others."""
    sub = array[np.ix_(*keep)]
    return np.moveaxis(sub, i, 0).reshape(len(keep[i]), -1)


def _is_true(x) -> np.ndarray:
    return np.asarray(x, dtype=bool)


def _pure_dominators(U: np.ndarray, slack: float, weak: bool):
    """For each row s, the list of rows d dominating it, as (d, min advantage, strict)."""
    m = U.shape[0]
    found: dict[int, list] = {}
    for d in range(m):
        diff = U[d][None, :] - U
        lo, hi = diff.min(axis=1), diff.max(axis=1)
        strict = _is_true(lo > slack)
        dom = (strict | (_is_true(lo >= -slack) & _is_true(hi > slack))) if weak else strict
        dom[d] = False
        for s in np.flatnonzero(dom):
            found.setdefault(int(s), []).append((d, lo[s], bool(strict[s])))
    return found


def dominated_rows(U: np.ndarray, slack: float, weak: bool, mixed: bool, exact: bool):
    """All dominated rows of ``U``: ``[(row, {row: prob}, margin, weak), ...]``.

    A row with several pure dominators is named with one that is not itself
    dominated this round (the first in order, a strict one if any); rows with no
    pure dominator are then tried against mixes when ``mixed``.
    """
    one = Fraction(1) if exact else 1.0
    pure = _pure_dominators(U, slack, weak)
    out = []
    for s, doms in pure.items():
        surviving = [x for x in doms if x[0] not in pure] or doms
        strict_ones = [x for x in surviving if x[2]]
        d, lo, strict = (strict_ones or surviving)[0]
        out.append((s, {d: one}, lo if strict else 0 * lo, not strict))
    if mixed:
        best = np.max(U, axis=0)
        # a strategy that is a best reply to some pure profile is dominated by no mix
        never_best = _is_true(np.all(_is_true(U < best - slack), axis=1))
        strict_mixed = set()
        for s in map(int, np.flatnonzero(never_best)):
            if s not in pure:
                found = mixed_dominator(U, s, exact, slack)
                if found is not None:
                    strict_mixed.add(s)
                    out.append((s,) + found)
        if weak:
            for s in range(U.shape[0]):
                if s in pure or s in strict_mixed:
                    continue
                # the unique best reply to some pure profile is not even weakly dominated
                rest = np.max(np.delete(U, s, axis=0), axis=0)
                if np.any(_is_true(U[s] > rest + slack)):
                    continue
                found = mixed_dominator(U, s, exact, slack, weak=True)
                if found is not None:
                    out.append((s,) + found)
    return out


def very_weak_rows(U: np.ndarray, slack, mixed: bool, exact: bool):
    """Very weakly dominated rows, deleted one at a time from the last row up, each
    against the rows still kept: ``[(row, mix, margin, weak, same), ...]``.

    ``same`` is True when the dominating strategy pays exactly what the row pays.
    Of rows that pay the same against everything the first in order stays.
    """
    one = Fraction(1) if exact else 1.0
    kept = list(range(U.shape[0]))
    out = []
    for s in reversed(range(U.shape[0])):
        others = [k for k in kept if k != s]
        if not others:
            break
        diff = U[others] - U[s]
        lo, hi = diff.min(axis=1), diff.max(axis=1)
        ok = [j for j in range(len(others)) if lo[j] >= -slack]
        if ok:
            j = max(ok, key=lambda j: (bool(lo[j] > slack), bool(hi[j] > slack), -j))
            strict, better = bool(lo[j] > slack), bool(hi[j] > slack)
            out.append((s, {others[j]: one}, lo[j] if strict else 0 * lo[j], not strict,
                        not better))
            kept.remove(s)
            continue
        if mixed and len(others) >= 2:
            found = mixed_dominator(U[others + [s]], len(others), exact, slack, weak=True,
                                    very_weak=True)
            if found is not None:
                mix, margin, is_weak = found
                lo, hi = exact_advantages(U[others + [s]], len(others), mix) if exact else (0, 1)
                out.append((s, {others[k]: p for k, p in mix.items()}, margin, is_weak,
                            exact and hi <= slack))
                kept.remove(s)
    for k, (s, mix, *rest) in enumerate(out):     # name a pure dominator that survives
        if len(mix) == 1 and next(iter(mix)) not in kept:
            diff = U[kept] - U[s]
            lo, hi = diff.min(axis=1), diff.max(axis=1)
            j = max(range(len(kept)), key=lambda j: (bool(lo[j] >= -slack), bool(lo[j] > slack),
                                                     bool(hi[j] > slack), -j))
            if lo[j] >= -slack:
                strict = bool(lo[j] > slack)
                out[k] = (s, {kept[j]: one}, lo[j] if strict else 0 * lo[j], not strict,
                          not bool(hi[j] > slack))
    return out
