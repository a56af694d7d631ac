"""One equilibrium of a two-player game by the Lemke-Howson algorithm.

Lemke and Howson (1964) follow a path of *almost complementary* vertex pairs of
the best-response polytopes ``P = {x >= 0 : B^T x <= 1}`` and
``Q = {y >= 0 : A y <= 1}`` (payoffs made positive) from the artificial
equilibrium (0, 0) to a Nash equilibrium.  Labels ``0..m-1`` name the row
player's strategies and ``m..m+n-1`` the column player's.  Dropping one label
(the *initial label*) and pivoting alternately in the two tableaux, the
variable that leaves one tableau names the label whose variable enters the
other, until the dropped label is picked up again (von Stengel 2007,
*Algorithmic Game Theory*, ch. 3, Algorithm 3.5 and section 3.5 on tableaux,
integer pivoting and the lexicographic rule for degenerate games).

The paths of different labels have wildly different lengths (section 3.6
there; Savani and von Stengel 2006), so by default several race and the first
to end wins.  Paths are followed in float64
(:class:`solver.algorithms.float_pivoting.FloatPath`: condensed tableaux,
rank-1 updates applied eight at a time); the final bases give the exact
equilibrium of an exact game by rational linear algebra, which is certified.
When that fails the path is repeated with integer pivoting
(:func:`solver.algorithms.integer_pivoting.exact_lemke_howson`).
"""
from __future__ import annotations

import numpy as np

from solver.algorithms.float_pivoting import FloatPath, normalised, start_tableaux, zobrist_keys
from solver.algorithms.integer_pivoting import (
    exact_integer_payoffs,
    exact_lemke_howson,
    exact_vertex_pair,
    pivot_limit_error,
)
from solver.algorithms.limits import Deadline
from solver.errors import GameError, InvalidGameError, SolverError
from solver.forms.profiles import Solution, certify

__all__ = ["lemke_howson", "race_labels"]

#: The race: how many paths, and the pivots each gets per round (see lemke_howson).
RACE_PATHS = 12
RACE_ROUND = 16
#: At most this many bytes of float tableaux for the race (fewer paths in huge games).
RACE_MEMORY = 2**28


def lemke_howson(game, *, initial_label: int | None = None,
                 max_pivots: int = 100_000, time_limit: float | None = None) -> Solution:
    """One Nash equilibrium of a two-player game by complementary pivoting.

    Parameters
    ----------
    game : NormalFormGame
        A concrete two-player game, exact or float.
    initial_label : int, optional
        Follow only the path that drops this label: ``k < m`` is the row
        player's strategy ``k``, ``m + j`` the column player's strategy ``j``.
        Different labels may lead to different equilibria.  By default
        (None) several paths race and the first to end wins.
    max_pivots : int, default 100000
        Largest number of pivots of one path (both tableaux together).
        Lemke-Howson paths can be exponentially long (Savani and von Stengel
        2006).
    time_limit : float, optional
        Seconds, checked between rounds of the race and every 64 pivots of a
        single or exact path.

    Returns
    -------
    Solution
        ``method="lemke-howson"``, ``complete=False``, one certified
        equilibrium (exact Fractions in an exact game).  ``degenerate`` is True
        when exact pivoting met a tie in the ratio test (a proof of
        degeneracy), otherwise None (the path does not tell).  ``extra`` holds
        ``initial_label`` (the label whose path gave the equilibrium),
        ``pivots`` (that path's length), ``raced_labels`` (the labels whose
        paths were followed), ``total_pivots`` (all paths together) and
        ``arithmetic`` (``"float"`` or ``"exact"``: which pivoting produced the
        basis).

    Raises
    ------
    InvalidGameError
        If the game does not have exactly two players or has free parameters.
    GameError
        If ``initial_label`` is neither None nor one of ``0..m+n-1``.
    SolverLimitError
        If every followed path is longer than ``max_pivots``, or the time runs out.

    Notes
    -----
    *The race.*  Path lengths from different labels are heavy tailed (von
    Stengel 2007, section 3.6; Savani and von Stengel 2006 build games where
    all are exponential), so following one path is a gamble on its length.
    Without ``initial_label``, ``RACE_PATHS`` (12) paths, labels
    ``0, m, 1, m + 1, ...``, are followed round-robin ``RACE_ROUND`` (16)
    pivots at a time, each resuming on its own pair of tableaux (fewer paths
    when their tableaux would exceed ``RACE_MEMORY``, 256 MB); the first
    that ends with a certified equilibrium wins, after about 12 times the
    shortest of the 12 lengths.  Chosen by measurement on random 200x200
    games (single paths of 2 to over 200,000 pivots): on ten games 12 paths
    took 2,784 pivots in all where label 0 alone took 372,476; on twenty
    others, half the pivots of 8 paths, while with 4 or 6 paths a game had
    no path under 5,000; 16 paths, or rounds of 32 or 64, or doubling
    budgets were within a few percent.

    *Exactness.*  In float64 the tableau entries are only approximations, so a
    float path is used to find the final *basis*; in an exact game the
    equilibrium is then the exact solution of that basis's equations (on the
    support, the opponent's strategies whose slacks are zero), which
    :func:`solver.forms.profiles.certify` checks to have zero regret.  If no float
    path gives a certified equilibrium, a failed path is followed again with
    integer pivoting (von Stengel 2007, section 3.5).

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> g = NormalFormGame.from_matrices([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> lemke_howson(g)[0].probabilities
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    """
    if game.n_players != 2:
        raise InvalidGameError(
            f"Lemke-Howson needs a two-player game; this one has {game.n_players} players")
    game.require_concrete()
    m, n = game.shape
    if initial_label is not None and (
            isinstance(initial_label, bool) or not isinstance(initial_label, (int, np.integer))
            or not 0 <= initial_label < m + n):
        raise GameError(
            f"initial_label must be None or an integer from 0 to {m + n - 1} (0..{m - 1} for "
            f"{game.players[0]!r}'s strategies, {m}..{m + n - 1} for {game.players[1]!r}'s); "
            f"got {initial_label!r}")
    if (isinstance(max_pivots, bool) or not isinstance(max_pivots, (int, np.integer))
            or max_pivots < 1):
        raise GameError(f"max_pivots must be a positive integer, got {max_pivots!r}")
    max_pivots = int(max_pivots)
    deadline = Deadline(time_limit, "lemke-howson")
    if game.exact:
        (A, B), _ = game.integer_payoffs
        (Af, lo_a), (Bf, lo_b) = normalised(A), normalised(B)
    else:
        (Af, _), (Bf, _) = (normalised(p) for p in game.float_payoffs[:2])
    if initial_label is None:
        per_path = 16 * (m + 1) * (n + 1)          # two float64 tableaux
        labels = race_labels(m, n, max(1, min(RACE_PATHS, RACE_MEMORY // per_path)))
        race = _Race(Af, Bf, labels, max_pivots, deadline)
        paths, ended = race.paths, race.run()
    else:
        labels = [int(initial_label)]
        paths = [_float_path(Af, Bf, labels[0], max_pivots, deadline)]
        ended = iter(paths)
    notes = []
    eq = winner = None
    failed = []
    for run in ended:
        if run.status == "done":
            eq = _certified(game, run, (A, B, 1 - lo_a, 1 - lo_b) if game.exact else None)
            if eq is not None:
                winner = run
                break
            failed.append((run, "ended in a basis that did not certify"))
        elif run.status != "limit":
            failed.append((run, run.status))
    total = sum(p.pivots for p in paths)
    if len(labels) > 1:
        notes.append(f"raced {len(labels)} Lemke-Howson paths (labels {labels}), "
                     f"{RACE_ROUND} pivots per path per round")
    for run, why in failed:
        notes.append(f"the float path from label {run.label} {why}")
    arithmetic, degenerate = "float", False
    if winner is not None:
        k, pivots = winner.label, winner.pivots
    elif failed:
        k = failed[0][0].label
        x, y, pivots, degenerate = exact_lemke_howson(*exact_integer_payoffs(game), k, max_pivots,
                                                      deadline)
        total += pivots
        arithmetic = "exact"
        notes.append(f"the path from label {k} was repeated in exact integer arithmetic")
        eq = certify(game, [x, y] if game.exact else [[float(p) for p in x], [float(p) for p in y]])
    else:
        raise pivot_limit_error(max_pivots)
    notes.insert(0, f"Lemke-Howson from label {k} (strategy {_label_name(game, k)!r} dropped)")
    if winner is not None and winner.degenerate:
        notes.append("the float ratio test met ties (the game is probably degenerate); "
                     "they were broken by the lexicographic rule")
    notes.append(f"reached an equilibrium after {pivots} pivots ({arithmetic} pivoting"
                 + (", exact equilibrium recovered from the final basis)"
                    if arithmetic == "float" and game.exact else ")")
                 + (f"; {total} pivots on all paths" if len(labels) > 1 else ""))
    return Solution(game=game, method="lemke-howson", exact=game.exact, complete=False,
                    degenerate=True if degenerate else None, equilibria=(eq,),
                    notes=tuple(notes),
                    extra={"pivots": pivots, "initial_label": k, "arithmetic": arithmetic,
                           "raced_labels": tuple(labels), "total_pivots": total})


def race_labels(m: int, n: int, count: int) -> list[int]:
    """The first ``count`` labels of the race: the two players' strategies
    ``0, m, 1, m + 1, ...`` alternately (all ``m + n`` labels when fewer)."""
    out = []
    for i in range(max(m, n)):
        out += ([i] if i < m else []) + ([m + i] if i < n else [])
    return out[:count]


def _certified(game, run, exact_data):
    """The certified equilibrium at the end of a float path, or None."""
    if exact_data is not None:
        found = exact_vertex_pair(*exact_data, run.basis_p, run.basis_q)
        if found is None:
            return None
    else:
        found = _float_profile(run)
    try:
        return certify(game, found)
    except SolverError:
        return None


def _label_name(game, k: int) -> str:
    m = game.shape[0]
    return game.strategies[0][k] if k < m else game.strategies[1][k - m]


def _float_path(A: np.ndarray, B: np.ndarray, k: int, max_pivots: int,
                deadline: Deadline) -> FloatPath:
    """The float path from label *k*, followed to its end or to *max_pivots*."""
    path = FloatPath(start_tableaux(A, B), k, zobrist_keys(A.shape[0] + A.shape[1]))
    while path.status is None and path.pivots < max_pivots:
        deadline.check("following the Lemke-Howson path")
        path.advance(min(1024, max_pivots - path.pivots))
    if path.status is None:
        path.status = "limit"
    return path


class _Race:
    """Several float paths followed round-robin, ``RACE_ROUND`` pivots at a time."""

    def __init__(self, A: np.ndarray, B: np.ndarray, labels: list[int], max_pivots: int,
                 deadline: Deadline):
        self.start = start_tableaux(A, B)
        self.keys = zobrist_keys(A.shape[0] + A.shape[1])
        self.labels = labels
        self.paths: list[FloatPath] = []      # built when their turn first comes
        self.max_pivots = max_pivots
        self.deadline = deadline

    def run(self):
        """Yield the paths as they end (status set), first to end first."""
        active = [None] * len(self.labels)
        while any(p is not False for p in active):
            self.deadline.check("racing Lemke-Howson paths")
            for i, path in enumerate(active):
                if path is False:
                    continue
                if path is None:
                    path = active[i] = FloatPath(self.start, self.labels[i], self.keys)
                    self.paths.append(path)
                path.advance(min(RACE_ROUND, self.max_pivots - path.pivots))
                if path.status is None and path.pivots >= self.max_pivots:
                    path.status = "limit"
                if path.status is not None:
                    active[i] = False
                    yield path


def _float_profile(run: FloatPath) -> list[list[float]]:
    tab_p, tab_q = run.tableaux
    m, n = tab_q.D.shape[0], tab_p.D.shape[0]
    x = np.zeros(m)
    y = np.zeros(n)
    for r, lab in enumerate(tab_p.basic):
        if lab < m:
            x[lab] = tab_p.D[r, -1]
    for r, lab in enumerate(tab_q.basic):
        if lab >= m:
            y[lab - m] = tab_q.D[r, -1]
    return [list(x / x.sum()), list(y / y.sum())]
