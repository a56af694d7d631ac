"""One Nash equilibrium of a normal-form game with any number of players: the limit of
the logit QRE branch, refined to an exact equilibrium.

The principal branch of logit quantal response equilibria leads from the centroid
to a Nash equilibrium as lambda grows (McKelvey and Palfrey 1995, theorem 3; Turocy
2005); following it is Gambit's ``logit_solve``, a path-following method that works
for any number of players.  The branch is followed with
:func:`solver.algorithms.continuation.branch` and, every time lambda has doubled
once the players' regrets are small, the point reached is **snapped**: each
player's support is read off (several probability and payoff-gap thresholds give
the candidates), and the equilibrium with that support is computed exactly:

* a pure profile needs no equations;
* with two players the indifference equations are linear and are solved in
  rationals; where they leave some freedom (a degenerate game), the free unknowns
  are fixed at fractions of small denominator near the branch's point;
* otherwise the indifference equations on the support (polynomial, multilinear) are
  solved by Newton's method in floating point and each probability is replaced by
  the nearest fraction of small denominator;
* failing that, with three or more players and at most ``RESTRICTED_UNKNOWNS``
  unknowns, the game restricted to the support is solved exactly by polynomial
  support enumeration
  (:mod:`solver.algorithms.polynomial_support`), which also finds irrational
  equilibria (algebraic numbers); the one nearest the branch is kept, and the
  strategies outside the support are checked in ball arithmetic (python-flint's
  ``arb``, rigorous error bounds), refining until each sign is proved.

A candidate is accepted only when it is certified exactly (every regret exactly
0) and lies within ``CLOSENESS`` of the branch's point.  When no candidate passes
before the players' regrets fall below ``max_regret`` times the payoff range, the
last point of the branch is returned as a float equilibrium, certified to that
tolerance, with ``exact=False``.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from solver.algorithms.continuation import branch
from solver.algorithms.qre import DEFAULT_MAX_STEPS, StrategicLogitSystem
from solver.errors import GameError, InvalidGameError, SolverError
from solver.forms.profiles import Equilibrium, Solution, certify

__all__ = ["logit_nash", "CLOSENESS", "DEFAULT_MAX_REGRET"]

#: An exact equilibrium is accepted as the branch's limit when no probability differs
#: from the branch's point by more than this.
CLOSENESS = 0.02
#: The branch is followed until every regret is at most this times the payoff range
#: (Gambit's ``maxregret``).
DEFAULT_MAX_REGRET = 1e-8
#: Snapping starts once every regret is below this fraction of the payoff range.
SNAP_REGRET = 0.05
#: Denominator bounds tried when rounding a float solution to fractions.
DENOMINATORS = (100, 10_000, 1_000_000, 100_000_000)
#: Limits of the exact solution of a support by polynomial support enumeration: the
#: number of unknowns, sum(|S_i| - 1), of its indifference equations (a Groebner basis
#: computation is never interrupted, and grows steeply with them), the support profiles
#: of the restricted game, and seconds (checked between support profiles).
RESTRICTED_UNKNOWNS = 4
RESTRICTED_SUPPORTS = 400
RESTRICTED_SECONDS = 20.0


def logit_nash(game, *, max_regret: float = DEFAULT_MAX_REGRET, first_step: float = 0.03,
               max_accel: float = 1.1, max_steps: int = DEFAULT_MAX_STEPS,
               exact: bool = True) -> Solution:
    """One Nash equilibrium: the limit of the principal branch of logit QREs.

    Parameters
    ----------
    game : NormalFormGame
        A concrete game with any number of players.
    max_regret : float
        The branch is followed at most until every player's regret is at most this
        times the spread of his payoffs; a float answer is certified to this
        tolerance.
    first_step, max_accel, max_steps
        Path-following controls (see :func:`solver.algorithms.qre.qre`).
    exact : bool
        Refine the limit to an exact equilibrium (default).  With False, or for a
        float game, the equilibrium is the float limit, polished on its support.

    Returns
    -------
    Solution
        ``method="qre"``, one equilibrium, ``complete=False``.  ``exact`` says
        whether it was certified exactly.  ``extra`` holds ``"lambda"`` (where the
        branch was left), ``"steps"`` (accepted path-following steps),
        ``"refinement"`` (``"pure"``, ``"linear"``, ``"rational"``,
        ``"enumerated"``, ``"algebraic"``, ``"polished"`` or ``"float"``) and
        ``"support"``.

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    >>> sol = logit_nash(mp)
    >>> sol[0].probabilities, sol.exact
    (((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2))), True)
    """
    if getattr(game, "form", None) != "normal":
        raise InvalidGameError("logit_nash needs a normal-form game (trees: solve(tree, 'qre'))")
    if not (isinstance(max_regret, (int, float)) and max_regret > 0):
        raise GameError(f"qre: max_regret must be a positive number, got {max_regret!r}")
    system = StrategicLogitSystem(game)
    ranges = [float(w) for w in game.player_ranges]
    refine_exactly = exact and game.exact
    next_snap = 0.0
    solved: dict = {}
    steps = 0
    point = None
    for steps, point in enumerate(branch(system, system.start(), first_step=first_step,
                                         max_accel=max_accel, max_steps=max_steps)):
        mu = point.x[-1]
        regrets = system.regrets(point.x)
        worst = max(regrets) / system.scale
        # the float certificate's test: each player's regret against his own payoff range
        done = all(r <= max_regret * w for r, w in zip(regrets, ranges))
        if (worst <= SNAP_REGRET and mu >= next_snap) or done:
            next_snap = 2.0 * mu
            found = snap(game, system, point.x, solved, refine_exactly, 0.0 if done else worst)
            if found is not None:
                eq, how = found
                return _solution(game, eq, how, mu / system.scale, steps, exact=refine_exactly)
        if done:
            break
    if point is None:  # pragma: no cover - branch always yields the start
        raise SolverError("qre: the path produced no point")
    probs = [list(pr) for pr in system.probabilities(point.x)]
    try:
        eq = certify(game, probs, tol=max_regret)
    except SolverError as err:
        raise SolverError(f"qre: the end of the logit branch is not an equilibrium to the "
                          f"tolerance {max_regret:g}: {err}") from None
    return _solution(game, eq, "float", point.x[-1] / system.scale, steps,
                     exact=False, tol=max_regret)


def _solution(game, eq, how: str, lam: float, steps: int, *, exact: bool, tol=None) -> Solution:
    support = eq.support
    words = {
        "pure": "its limit is a pure profile, certified exactly",
        "linear": "the indifference equations on its support were solved exactly (linear, "
                  "two players)",
        "rational": "the indifference equations on its support were solved by Newton's method "
                    "and rounded to fractions, then certified exactly",
        "enumerated": "the game restricted to its support was solved exactly by polynomial "
                      "support enumeration, and the equilibrium nearest the branch certified",
        "algebraic": "the game restricted to its support was solved exactly by polynomial "
                     "support enumeration (irrational probabilities, as algebraic numbers); "
                     "strategies outside the support were checked in ball arithmetic",
        "float": "no exact equilibrium with its support was found; the float profile is "
                 f"certified to a regret of at most {tol or 0:g} times the payoff range",
        "polished": "the float profile polished on its support by Newton's method, certified to "
                    "the float tolerance",
    }[how]
    notes = (f"logit QRE branch (McKelvey and Palfrey 1995; Turocy 2005) followed from the "
             f"centroid to lambda = {lam:.6g} ({steps} steps); {words}",)
    return Solution(game=game, method="qre", exact=eq.exact and exact, complete=False,
                    degenerate=None, equilibria=(eq,), notes=notes,
                    extra={"lambda": float(lam), "steps": steps, "refinement": how,
                           "support": support, **({"tolerance": tol} if tol else {})})


# ---------------------------------------------------------------------- snapping
def candidate_supports(probs, values) -> list[tuple[tuple[int, ...], ...]]:
    """Support profiles suggested by a point of the branch: strategies with a
    probability above a threshold, or whose payoff is within a gap of the best."""
    out = []
    for thr in (1e-2, 1e-4, 1e-7):
        out.append(tuple(tuple(j for j, p in enumerate(pr) if p >= thr * max(pr))
                         for pr in probs))
    for gap in (1e-3, 1e-6):
        out.append(tuple(tuple(j for j, v in enumerate(vals) if v >= max(vals) - gap)
                         for vals in values))
    seen, unique = set(), []
    for s in out:
        if s not in seen and all(s_i for s_i in s):
            seen.add(s)
            unique.append(s)
    return unique


def snap(game, system, x, solved: dict, exact: bool, worst: float = 0.0):
    """An equilibrium near the point ``x`` of the branch, certified, or None.

    ``solved`` caches, per support profile, the exact solutions of the restricted game
    (:func:`solver.algorithms.qre_algebraic.restricted_equilibrium`), and what the
    support gave and at which regret ``worst``: a support is solved again (Newton's
    method starts from the branch's point) only once the regret has fallen tenfold."""
    probs = [np.asarray(pr) for pr in system.probabilities(x)]
    values = system.values(probs)
    for support in candidate_supports(probs, values):
        key = ("support", support)
        if key in solved and worst > solved[key][1] / 10:
            got = solved[key][0]
        else:
            got = solve_support(game, system, support, probs, exact, solved)
            solved[key] = (got, worst)
        if got is None:
            continue
        eq, how = got
        far = max(abs(float(p) - float(q)) for pr, qr in zip(eq.probabilities, probs)
                  for p, q in zip(pr, qr))
        if far <= CLOSENESS:
            return eq, how
    return None


def solve_support(game, system, support, probs, exact: bool, cache: dict | None = None):
    """The equilibrium with (at most) this support nearest ``probs``, certified.

    ``cache`` keeps the restricted games' exact solutions between calls."""
    shape = game.shape
    if all(len(s) == 1 for s in support):
        pure = [[Fraction(int(j == s[0])) for j in range(m)] for s, m in zip(support, shape)]
        eq = _certified(game, pure if game.exact else [[float(p) for p in pr] for pr in pure])
        return (eq, "pure") if eq is not None else None
    if exact and game.n_players == 2:
        got = two_player_support(game, support, probs)
        if got is not None:
            return got, "linear"
    polished = support_newton(system, support, probs)
    if polished is None:
        return None
    if not exact:
        eq = _certified(game, polished)
        return (eq, "polished") if eq is not None else None
    for bound in DENOMINATORS:
        eq = _certified(game, _rounded(polished, support, bound))
        if eq is not None:
            return eq, "rational"
    if game.n_players > 2 and sum(len(s) - 1 for s in support) <= RESTRICTED_UNKNOWNS:
        from solver.algorithms.qre_algebraic import restricted_equilibrium
        eq = restricted_equilibrium(game, support, polished,
                                    max_supports=RESTRICTED_SUPPORTS,
                                    time_limit=RESTRICTED_SECONDS, cache=cache)
        if eq is not None:
            rational = all(isinstance(p, Fraction) for pr in eq.probabilities for p in pr)
            return eq, "enumerated" if rational else "algebraic"
    return None


def two_player_support(game, support, probs) -> Equilibrium | None:
    """The exact two-player equilibrium with supports within ``support`` near ``probs``.

    Each player's mixed strategy solves a linear system: the opponent's support
    strategies earn the same against it, and it sums to 1.  Independent equations
    and pivot unknowns are chosen by QR with pivoting in floats; unknowns the
    equations leave free (a degenerate game's continuum) are fixed at the nearest
    fractions of small denominator to the float point, the rest solved exactly.
    """
    from solver.algorithms.integer_pivoting import solve_square

    A, B = game.payoffs
    out = []
    for i, (table, own, other) in enumerate(((B.T, support[0], support[1]),
                                              (A, support[1], support[0]))):
        # unknowns: own probabilities on `own` and the value w; lines: `other`
        rows = [[table[c][r] for r in own] + [-1] for c in other] + [[1] * len(own) + [0]]
        rhs = [0] * len(other) + [1]
        guess = [float(probs[i][r]) for r in own]
        got = _solve_rational(rows, rhs, guess, solve_square)
        if got is None:
            return None
        full = [Fraction(0)] * game.shape[i]
        for r, v in zip(own, got):
            full[r] = v
        out.append(full)
    return _certified(game, out)


def _solve_rational(rows, rhs, guess, solve_square):
    """An exact solution of ``rows @ z = rhs`` (unknowns: probabilities, then a value),
    free unknowns fixed near ``guess``; None if the equations are inconsistent."""
    from scipy.linalg import qr

    M = np.array([[float(v) for v in r] for r in rows])
    k = M.shape[1]
    _, R, perm_rows = qr(M.T, pivoting=True)
    tol = 1e-9 * max(1.0, float(np.abs(M).max()))
    rank = int(np.sum(np.abs(np.diag(R)) > tol))
    chosen = sorted(int(p) for p in perm_rows[:rank])
    sub = M[chosen]
    _, _, perm_cols = qr(sub, pivoting=True)
    pivots = sorted(int(p) for p in perm_cols[:rank])
    free = [c for c in range(k) if c not in pivots]
    for bound in DENOMINATORS:
        fixed = {c: Fraction(guess[c]).limit_denominator(bound) if c < len(guess) else Fraction(0)
                 for c in free}
        square = [[rows[r][c] for c in pivots] for r in chosen]
        b = [rhs[r] - sum(rows[r][c] * v for c, v in fixed.items()) for r in chosen]
        z = solve_square(square, b)
        if z is None:
            return None
        full = dict(fixed)
        full.update(zip(pivots, z))
        sol = [full[c] for c in range(k)]
        if all(sum(r[c] * sol[c] for c in range(k)) == v for r, v in zip(rows, rhs)):
            return sol[:-1]
        if not free:
            return None
    return None


def _certified(game, probs) -> Equilibrium | None:
    try:
        return certify(game, probs)
    except SolverError:
        return None


def _rounded(probs, support, bound: int):
    out = []
    for pr, s in zip(probs, support):
        fr = [Fraction(0)] * len(pr)
        for j in s[:-1]:
            fr[j] = Fraction(float(pr[j])).limit_denominator(bound)
        fr[s[-1]] = 1 - sum(fr)
        out.append(fr)
    return out


def support_newton(system, support, probs, *, iterations: int = 30):
    """Newton's method on the indifference equations with the given supports, from
    ``probs``: per player, the probabilities on his support sum to 1 and his support
    strategies earn the same.  Returns full probability vectors, or None when the
    iteration fails or leaves the simplex."""
    n = len(support)
    sub = system.U[(slice(None),) + tuple(np.ix_(*support))]
    sizes = [len(s) for s in support]
    offs = [int(v) for v in np.cumsum([0] + sizes)]
    z = np.concatenate([np.asarray(probs[i])[list(support[i])] for i in range(n)])
    z = np.concatenate([z[offs[i]:offs[i + 1]] / z[offs[i]:offs[i + 1]].sum() for i in range(n)])
    axes = list(range(n))
    for _ in range(iterations):
        sig = [z[offs[i]:offs[i + 1]] for i in range(n)]
        F = np.zeros(offs[-1])
        J = np.zeros((offs[-1], offs[-1]))
        for i in range(n):
            o, m = offs[i], sizes[i]
            ops = [sub[i], axes] + [a for k in range(n) if k != i for a in (sig[k], [k])]
            v = np.einsum(*ops, [i])
            F[o] = sig[i].sum() - 1.0
            F[o + 1:o + m] = v[1:] - v[0]
            J[o, o:o + m] = 1.0
            for k in range(n):
                if k == i or m == 1:
                    continue
                ops = [sub[i], axes] + [a for l in range(n) if l not in (i, k) for a in (sig[l], [l])]
                M = np.einsum(*ops, sorted((i, k)))
                if k < i:
                    M = M.T
                J[o + 1:o + m, offs[k]:offs[k + 1]] = M[1:] - M[0]
        if float(np.max(np.abs(F))) < 1e-15:
            break
        step = np.linalg.lstsq(J, F, rcond=None)[0]
        z = z - step
        if not np.all(np.isfinite(z)):
            return None
        if float(np.max(np.abs(step))) < 1e-14:
            break
    if np.any(z < -1e-12):
        return None
    z = np.clip(z, 0.0, None)
    out = []
    for i in range(n):
        full = [0.0] * system.shape[i]
        for j, p in zip(support[i], z[offs[i]:offs[i + 1]]):
            full[j] = float(p)
        out.append(full)
    return out
