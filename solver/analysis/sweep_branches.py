"""Branches of a sweep: the same equilibrium followed from one parameter value to the next.

A sweep (:func:`solver.analysis.sweep.sweep`) lists the equilibria at each value of a
parameter, in whatever order the solver found them; the order can change from one
value to the next.  To draw how an equilibrium moves, it must be followed: a *branch*
is an equilibrium continued across adjacent sweep values while its *support* -- the
strategies (in a tree, the actions at each information set) each player uses with
positive probability -- stays the same.  Where the support changes the branch ends,
and a new one starts: a line drawn along a branch never joins two different
equilibria.  This is the discrete form of following an equilibrium's path as a
parameter moves (Govindan and Wilson 2003 follow it continuously; on a grid, the
support is what identifies the equilibrium between neighbouring points).

Two equilibria of one value with the same support (possible in degenerate games) are
matched to the previous value's by the nearest probabilities.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Branch", "branches", "support_key", "support_text"]


def support_key(equilibrium) -> tuple:
    """The support of an equilibrium: per player, the strategies played with positive
    probability (in a tree, per information set, the actions)."""
    prof = equilibrium.profile
    if hasattr(prof, "infoset_labels"):
        return tuple(tuple(tuple(a for a, p in zip(acts, pr) if p > 0)
                           for acts, pr in zip(A, P))
                     for A, P in zip(prof.actions, prof.probabilities))
    return tuple(prof.support)


def support_text(equilibrium) -> str:
    """The support in words, one player after another: ``"Hawk+Dove | Hawk"`` (a tree:
    ``"In; Accommodate | ..."``, the actions at each set joined by ``;``)."""
    parts = []
    for player in support_key(equilibrium):
        if player and isinstance(player[0], tuple):
            parts.append("; ".join("+".join(s) for s in player))
        else:
            parts.append("+".join(player))
    return " | ".join(parts)


def _flat(equilibrium) -> list[float]:
    out = []
    for pr in equilibrium.profile.probabilities:
        for x in pr:
            if isinstance(x, tuple):
                out += [float(y) for y in x]
            else:
                out.append(float(x))
    return out


def _distance(e1, e2) -> float:
    return sum(abs(a - b) for a, b in zip(_flat(e1), _flat(e2)))


@dataclass(frozen=True)
class Branch:
    """One equilibrium followed across adjacent sweep values.

    Attributes
    ----------
    key : tuple
        Its support (:func:`support_key`), the same at every point.
    label : str
        The support in words (:func:`support_text`).
    points : tuple of (value, Equilibrium)
        The parameter values, consecutive in the sweep, and the equilibrium at each.
    """

    key: tuple
    label: str
    points: tuple[tuple[Any, Any], ...]

    @property
    def values(self) -> tuple:
        return tuple(v for v, _ in self.points)

    @property
    def equilibria(self) -> tuple:
        return tuple(e for _, e in self.points)


def branches(result) -> list[Branch]:
    """Follow each equilibrium of a sweep across adjacent values.

    Parameters
    ----------
    result : SweepResult

    Returns
    -------
    list of Branch
        In the order they start (by value, then by the solver's order at that value).
        Every equilibrium of the sweep is in exactly one branch.

    Examples
    --------
    In hawk-dove with ``C = 4``, the mixed equilibrium exists while ``V < C``; at
    ``V = 4`` the solver lists (Hawk, Hawk) first, yet it is not the continuation of
    the equilibrium listed first before:

    >>> import games, solver
    >>> res = solver.sweep(games.get("hawk-dove"), "V", (1, 6, 6))
    >>> for b in branches(res):
    ...     print(b.label, [str(v) for v in b.values])
    Hawk | Dove ['1', '2', '3', '4']
    Dove | Hawk ['1', '2', '3', '4']
    Hawk+Dove | Hawk+Dove ['1', '2', '3']
    Hawk | Hawk ['4', '5', '6']
    """
    done: list[list] = []          # finished branches: [key, label, points]
    open_: list[list] = []         # branches that reached the previous value
    for value, eqs in result.rows:
        taken: set[int] = set()
        now: list[list] = []
        for e in eqs:
            key = support_key(e)
            candidates = [k for k, b in enumerate(open_) if k not in taken and b[0] == key]
            if candidates:
                k = min(candidates, key=lambda k: _distance(open_[k][2][-1][1], e))
                taken.add(k)
                open_[k][2].append((value, e))
                now.append(open_[k])
            else:
                now.append([key, support_text(e), [(value, e)]])
        done += [b for k, b in enumerate(open_) if k not in taken]
        open_ = now
    done += open_
    # where each equilibrium stands in the sweep: (row, place in the row)
    order = {id(e): (n, k) for n, (_, eqs) in enumerate(result.rows) for k, e in enumerate(eqs)}
    done.sort(key=lambda b: order[id(b[2][0][1])])
    return [Branch(key, label, tuple(points)) for key, label, points in done]
