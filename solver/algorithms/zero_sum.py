"""Value and optimal strategies of a two-player zero-sum game by linear programming.

By von Neumann's minimax theorem (1928) a finite zero-sum game with payoff
matrix ``A`` to the row player has a value ``v``: the row player has a mixed
strategy ``x`` that guarantees him at least ``v`` against every column, and the
column player a mixed strategy ``y`` that holds him to at most ``v`` against
every row.  ``x`` and ``v`` solve the linear program

    maximise v  subject to  (x^T A)_j >= v for every column j,  sum x = 1,  x >= 0,

and ``y`` solves its dual (Maschler, Solan and Zamir 2013, *Game Theory*,
ch. 5; von Stengel, *Game Theory Basics*, 2022, ch. 8).  The pairs of optimal
strategies are exactly the Nash equilibria of the game.

The LP is solved in floating point by HiGHS (``scipy.optimize.linprog``); for an
exact game the exact optimal strategies are then recovered from the supports and
the tight constraints of the float solution, and the value is checked exactly.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from solver.errors import InvalidGameError, SolverError
from solver.forms.profiles import DEFAULT_TOLERANCE, Solution, certify, strategy_values
from solver.numbers import format_number

__all__ = ["solve_zero_sum"]

#: Float tolerance (payoffs normalised to [0, 1]) for reading supports and tight
#: constraints off the LP solution.
_TOL_SUPPORT = 1e-9


def solve_zero_sum(game) -> Solution:
    """Value and one pair of optimal (minimax) strategies of a two-player zero-sum game.

    Parameters
    ----------
    game : NormalFormGame
        A concrete two-player game whose payoffs sum to zero in every cell.

    Returns
    -------
    Solution
        ``method="zero-sum"``, ``value`` = the value to the row player (a
        Fraction in an exact game), one certified equilibrium: a pair of
        optimal strategies.  ``complete=False``: a game may have a polytope of
        optimal strategies and only one vertex pair of it is returned (every
        equilibrium has the same payoffs, the value).  ``extra`` holds
        ``row_guarantee`` (the least payoff the row strategy gets against a
        column), ``column_cap`` (the most the column strategy lets a row
        get), both equal to the value, and ``arithmetic``.

    Raises
    ------
    InvalidGameError
        If the game does not have two players, has free parameters, or is not
        zero-sum (the message names a cell whose payoffs do not sum to 0).

    Notes
    -----
    The float LP gives the *supports* of optimal strategies and the columns
    (rows) where the row (column) player's guarantee is tight.  Since HiGHS's
    dual simplex returns a vertex, those equations have a unique solution,
    computed here exactly from the integer payoffs.  The answer is accepted
    only if, exactly, both strategies are distributions and
    ``min_j (x^T A)_j == max_i (A y)_i``; by weak duality both are then optimal
    and this number is the value.  Otherwise (a degenerate LP read wrongly in
    floats) an exact pivoting method is used: Lemke-Howson in integer
    arithmetic on the bimatrix game ``(A, -A)``, whose equilibria are the
    minimax pairs.  In a float game the LP solution is certified with the
    default relative tolerance.

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> sol = solve_zero_sum(NormalFormGame.zero_sum([[1, -1], [-1, 1]]))
    >>> sol.value
    Fraction(0, 1)
    """
    if game.n_players != 2:
        raise InvalidGameError(
            f"a zero-sum solve needs a two-player game; this one has {game.n_players} players")
    game.require_concrete()
    _check_zero_sum(game)
    m, n = game.shape
    if game.exact:
        (A_int, _), _ = game.integer_payoffs
        A_float = np.asarray(A_int, dtype=float) if _fits_float(A_int) else None
    else:
        A_int = None
        A_float = np.asarray(game.float_payoffs[0])
    notes = []
    eq = None
    arithmetic = "float"
    lp = _lp_solution(A_float) if A_float is not None else None
    if lp is not None:
        x, y = lp
        if game.exact:
            exact = _exact_from_lp(A_int, x, y)
            if exact is not None:
                try:
                    eq = certify(game, exact)
                except SolverError:
                    eq = None
            if eq is None:
                notes.append("the LP's float solution did not give an exact optimal pair; "
                             "an exact pivoting method was used instead")
        else:
            try:
                eq = certify(game, [list(x), list(y)])
            except SolverError:
                eq = None
    else:
        notes.append("the float LP failed; an exact pivoting method was used instead")
    if eq is None:
        from solver.algorithms.integer_pivoting import exact_integer_payoffs, exact_lemke_howson
        A1, B1 = exact_integer_payoffs(game)
        x, y, _, _ = exact_lemke_howson(A1, B1, 0, 10**9)
        arithmetic = "exact"
        eq = certify(game, [x, y] if game.exact else [[float(p) for p in x], [float(p) for p in y]])
    values = strategy_values(game, eq.probabilities)
    row_guarantee = -max(values[1])     # min over columns of x^T A
    column_cap = max(values[0])         # max over rows of A y
    value = eq.payoffs[0]
    if game.exact and not (row_guarantee == value == column_cap):  # pragma: no cover
        raise SolverError(f"zero-sum certificate failed: guarantee {row_guarantee}, "
                          f"cap {column_cap}, payoff {value}")
    row, col = game.players
    notes.append(
        f"value {format_number(value)} to {row!r}: {row!r}'s optimal strategy guarantees at "
        f"least {format_number(row_guarantee)} against every strategy of {col!r}, and {col!r}'s "
        f"holds {row!r} to at most {format_number(column_cap)} (minimax theorem)")
    return Solution(game=game, method="zero-sum", exact=game.exact, complete=False,
                    degenerate=None, equilibria=(eq,), notes=tuple(notes), value=value,
                    extra={"row_guarantee": row_guarantee, "column_cap": column_cap,
                           "arithmetic": "float LP" if arithmetic == "float" else "exact pivoting"})


def _check_zero_sum(game) -> None:
    A, B = game.payoffs
    if game.exact:
        for idx in game.cells():
            if A[idx] + B[idx] != 0:
                raise InvalidGameError(
                    f"the game is not zero-sum: at {game.cell_name(idx)} the payoffs "
                    f"{format_number(A[idx])} and {format_number(B[idx])} do not sum to 0")
        return
    tol = DEFAULT_TOLERANCE * game.payoff_range
    bad = np.argwhere(np.abs(A + B) > tol)
    if len(bad):
        idx = tuple(int(v) for v in bad[0])
        raise InvalidGameError(
            f"the game is not zero-sum: at {game.cell_name(idx)} the payoffs "
            f"{format_number(A[idx])} and {format_number(B[idx])} do not sum to 0")


def _fits_float(A) -> bool:
    try:
        return bool(np.isfinite(np.asarray(A, dtype=float)).all())
    except OverflowError:
        return False


def _lp_solution(A: np.ndarray):
    """Optimal strategies (x, y) of the row and column player, or None.

    Solves ``max v : A^T x >= v, sum x = 1, x >= 0`` on payoffs normalised to
    [0, 1]; ``y`` is the dual of the column constraints.
    """
    from scipy.optimize import linprog

    m, n = A.shape
    lo, hi = float(A.min()), float(A.max())
    N = (A - lo) / (hi - lo) if hi > lo else np.zeros(A.shape)
    c = np.zeros(m + 1)
    c[-1] = -1.0                              # maximise v
    A_ub = np.hstack([-N.T, np.ones((n, 1))])  # v - (x^T N)_j <= 0
    A_eq = np.ones((1, m + 1))
    A_eq[0, -1] = 0.0
    bounds = [(0, None)] * m + [(None, None)]
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0], bounds=bounds,
                  method="highs-ds")
    if res.status != 0:
        return None
    x = np.clip(res.x[:m], 0.0, None)
    y = np.clip(-np.asarray(res.ineqlin.marginals), 0.0, None)
    if x.sum() <= 0 or y.sum() <= 0:
        return None
    return x / x.sum(), y / y.sum()


def _exact_from_lp(A, x: np.ndarray, y: np.ndarray):
    """Exact optimal strategies with the float solution's supports and tight
    constraints, or None when that system does not pin them down."""
    Af = np.asarray(A, dtype=float)
    span = max(float(Af.max() - Af.min()), 1.0)
    tol = _TOL_SUPPORT * span
    col_vals = x @ Af                          # row player's payoff against each column
    row_vals = Af @ y                          # against each row, given y
    Sx = np.flatnonzero(x > _TOL_SUPPORT)
    Sy = np.flatnonzero(y > _TOL_SUPPORT)
    tight_cols = np.flatnonzero(col_vals <= col_vals.min() + tol)
    tight_rows = np.flatnonzero(row_vals >= row_vals.max() - tol)
    # unknowns (x_S, v): sum x = 1; (x^T A)_j - v = 0 on tight columns
    xs = _solve_on_support(Af, A, Sx, tight_cols, transpose=True)
    ys = _solve_on_support(Af, A, Sy, tight_rows, transpose=False)
    if xs is None or ys is None:
        return None
    m, n = Af.shape
    xfull = [Fraction(0)] * m
    yfull = [Fraction(0)] * n
    for i, v in zip(Sx, xs):
        xfull[int(i)] = v
    for j, v in zip(Sy, ys):
        yfull[int(j)] = v
    if any(v < 0 for v in xfull) or any(v < 0 for v in yfull):
        return None
    return [xfull, yfull]


def _solve_on_support(Af, A, support, tight, *, transpose: bool):
    """Solve ``sum z = 1`` and ``(payoff against z) = w`` on the tight lines.

    For the row player (``transpose=True``) the unknowns are ``x`` on
    ``support`` and the lines are the tight columns ``j``:
    ``sum_i A[i, j] x_i - w = 0``; for the column player, ``y`` on ``support``
    and the tight rows.  A square independent subsystem is chosen by QR with
    column pivoting in floats, then solved exactly.
    """
    from scipy.linalg import qr

    k = len(support)
    if k == 0 or len(tight) < k:       # k + 1 unknowns need k + 1 equations
        return None

    def coeffs(line, s, M):
        return M[s, line] if transpose else M[line, s]

    Mf = np.array([[coeffs(t, s, Af) for s in support] + [-1.0] for t in tight]
                  + [[1.0] * k + [0.0]])
    _, _, perm = qr(Mf.T, pivoting=True, mode="economic")
    chosen = sorted(int(p) for p in perm[:k + 1])
    last = Mf.shape[0] - 1
    rows, rhs = [], []
    for p in chosen:
        if p == last:
            rows.append([1] * k + [0])
            rhs.append(1)
        else:
            t = int(tight[p])
            rows.append([coeffs(t, int(s), A) for s in support] + [-1])
            rhs.append(0)
    from solver.algorithms.integer_pivoting import solve_square
    sol = solve_square(rows, rhs)
    if sol is None:
        return None
    return sol[:k]
