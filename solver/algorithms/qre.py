"""Logit quantal response equilibria and their principal branch.

In a *logit quantal response equilibrium* (McKelvey and Palfrey 1995, "Quantal
response equilibria for normal form games", GEB 10, 6-38) every player chooses each
strategy with probability proportional to :math:`\\exp(\\lambda\\, u_{ij}(\\sigma))`,
where :math:`u_{ij}(\\sigma)` is the expected payoff of his strategy *j* against the
others' mixed strategies: he makes mistakes, costly ones less often.  At
:math:`\\lambda = 0` everyone mixes uniformly (the centroid); as :math:`\\lambda`
grows, the equilibria form a correspondence with a unique *principal branch* from the
centroid which, for almost every game, converges to a Nash equilibrium (their
theorem 3): the *logit solution*.

The branch is followed here as Turocy (2005, "A dynamic homotopy interpretation of
the logistic quantal response equilibrium correspondence", GEB 51, 243-263)
describes and Gambit does: in the log-probabilities :math:`y_{ij} = \\log
\\sigma_{ij}` and :math:`\\lambda`, the equilibria are the zeros of

.. math::

    \\sum_j e^{y_{ij}} - 1 = 0, \\qquad
    y_{ij} - y_{i0} - \\lambda\\,(u_{ij}(\\sigma) - u_{i0}(\\sigma)) = 0 \\quad (j \\ge 1),

one block per player, and the curve of zeros through the centroid is traced by
predictor-corrector continuation in arc length (:mod:`solver.algorithms.continuation`).
Strategies that vanish in the limit have :math:`y \\to -\\infty` linearly in
:math:`\\lambda`, so the curve stays smooth in these coordinates.  Internally payoffs
are divided by the game's payoff range; ``lam`` is always on the game's own scale,
as in Gambit (``pygambit.qre.logit_solve_lambda`` gives the same profiles).

The equations of a normal form and their Jacobian are in
:mod:`solver.algorithms.qre_strategic`; game trees get the *agent* QRE (McKelvey and
Palfrey 1998), in behaviour strategies: :mod:`solver.algorithms.qre_agent`.  What the
functions return is in :mod:`solver.algorithms.qre_records`.
"""
from __future__ import annotations

import math

import numpy as np

from solver.algorithms.continuation import PathPoint, branch, polish
from solver.algorithms.qre_records import LogitQRE, QREPath
from solver.algorithms.qre_strategic import StrategicLogitSystem
from solver.errors import GameError, InvalidGameError
from solver.numbers import format_number, to_number

__all__ = ["LogitQRE", "QREPath", "StrategicLogitSystem", "logit_system", "qre", "qre_path",
           "lambda_value", "point_record", "follow_to", "as_point",
           "DEFAULT_MAX_REGRET", "DEFAULT_MAX_STEPS"]

#: ``qre_path`` without ``max_lambda`` stops where every player's regret is at most
#: this times the payoff range (Gambit's ``maxregret``).
DEFAULT_MAX_REGRET = 1e-8
#: Accepted steps of one path before it is abandoned.
DEFAULT_MAX_STEPS = 20_000


def logit_system(game, max_derivatives: int | None = None):
    """The logit equations of a game: :class:`StrategicLogitSystem` for a normal form,
    :class:`solver.algorithms.qre_agent.AgentLogitSystem` for a tree (with its limit
    ``max_derivatives`` when given)."""
    if getattr(game, "form", None) == "extensive":
        from solver.algorithms.qre_agent import AgentLogitSystem
        return AgentLogitSystem(game, **({} if max_derivatives is None else
                                          {"max_derivatives": max_derivatives}))
    if getattr(game, "form", None) != "normal":
        raise InvalidGameError(f"a quantal response equilibrium needs a game, got {type(game).__name__}")
    return StrategicLogitSystem(game)


def lambda_value(value, where: str) -> float:
    """``value`` as a float lambda >= 0 (a GameError naming ``where`` otherwise)."""
    if isinstance(value, bool):
        raise GameError(f"{where} must be a number, got {value!r}")
    try:
        v = float(to_number(value, where) if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise GameError(f"{where} must be a number, got {value!r}") from None
    if not math.isfinite(v) or v < 0:
        raise GameError(f"{where} must be a finite number >= 0, got {format_number(v)}")
    return v


def point_record(system, x, lam: float) -> LogitQRE:
    """The :class:`LogitQRE` at the point ``x`` of ``system``'s curve."""
    res = float(np.max(np.abs(system.residual(x)), initial=0.0))
    return LogitQRE(system.game, lam, system.profile(x), system.payoffs(x),
                    system.regrets(x), res)


def follow_to(system, mu_target: float, *, first_step: float, max_accel: float,
              max_steps: int, record=None) -> np.ndarray:
    """Follow the branch from the centroid to its first point with ``mu = mu_target``
    (scaled lambda) and return it, calling ``record(point)`` at each accepted point."""
    x0 = system.start()
    if mu_target <= 0:
        return x0
    previous = None
    for point in branch(system, x0, first_step=first_step, max_accel=max_accel,
                        max_steps=max_steps):
        if point.x[-1] >= mu_target and previous is not None:
            # interpolate on the chord, then Newton at the target
            a, b = previous.x, point.x
            w = (mu_target - a[-1]) / (b[-1] - a[-1]) if b[-1] != a[-1] else 1.0
            return polish(system, a + w * (b - a), system.size, mu_target)
        if record is not None:
            record(point)
        previous = point
    raise AssertionError("unreachable")  # pragma: no cover


def _check_path_options(first_step, max_accel, max_steps):
    if not (isinstance(first_step, (int, float)) and first_step > 0):
        raise GameError(f"qre: first_step must be a positive number, got {first_step!r}")
    if not (isinstance(max_accel, (int, float)) and max_accel > 1):
        raise GameError(f"qre: max_accel must be a number above 1, got {max_accel!r}")
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 1:
        raise GameError(f"qre: max_steps must be a positive integer, got {max_steps!r}")


def qre(game, lam, *, first_step: float = 0.03, max_accel: float = 1.1,
        max_steps: int = DEFAULT_MAX_STEPS, max_derivatives: int | None = None) -> LogitQRE:
    """The logit quantal response equilibrium on the principal branch at precision ``lam``.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        A concrete game.  For a tree, the agent QRE in behaviour strategies
        (:mod:`solver.algorithms.qre_agent`).
    lam : number
        The precision lambda >= 0, on the game's payoff scale (multiplying every
        payoff by *c* divides the lambda of the same profile by *c*).
    first_step, max_accel : float
        Arc length of the first step and the largest growth of one step over the
        last (Gambit's defaults).
    max_steps : int
        Steps before the path is abandoned with :class:`~solver.errors.SolverError`.
    max_derivatives : int, optional
        Trees only: the most terms one Jacobian may sum
        (:attr:`solver.algorithms.qre_agent.AgentLogitSystem.derivatives`;
        :data:`solver.algorithms.qre_agent.DEFAULT_MAX_DERIVATIVES` by default, which
        admits Leduc poker); a larger tree raises
        :class:`~solver.errors.SolverLimitError` naming its count.

    Returns
    -------
    LogitQRE
        The first point of the branch from the centroid at which lambda equals
        ``lam`` (the branch may turn back in lambda; the first crossing is the one
        continuous from the centroid).

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> q = qre(pd, 1)
    >>> round(q.probabilities[0][0], 6)        # cooperation, made rarer by lambda
    0.226751
    >>> qre(pd, 0).probabilities[0]
    (0.5, 0.5)
    """
    lam = lambda_value(lam, "qre: lambda")
    _check_path_options(first_step, max_accel, max_steps)
    system = logit_system(game, max_derivatives)
    x = follow_to(system, lam * system.scale, first_step=first_step, max_accel=max_accel,
                  max_steps=max_steps)
    return point_record(system, x, lam)


def qre_path(game, max_lambda=None, *, max_regret: float = DEFAULT_MAX_REGRET,
             first_step: float = 0.03, max_accel: float = 1.1,
             max_steps: int = DEFAULT_MAX_STEPS,
             max_derivatives: int | None = None) -> QREPath:
    """The principal branch of logit QREs from the centroid.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
    max_lambda : number, optional
        Follow the branch to this lambda (the last point is exactly there).  By
        default, follow it until every player's regret is at most ``max_regret``
        times the game's payoff range: the profile is then an approximate Nash
        equilibrium (Gambit's ``logit_solve_branch`` stops the same way).
    max_regret : float
        See ``max_lambda``.
    first_step, max_accel, max_steps, max_derivatives
        As for :func:`qre`.

    Returns
    -------
    QREPath
        Every accepted point of the path following, from lambda 0.

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> path = qre_path(pd, max_lambda=5)
    >>> path.lambdas[0], path.lambdas[-1]
    (0.0, 5.0)
    """
    _check_path_options(first_step, max_accel, max_steps)
    if not (isinstance(max_regret, (int, float)) and max_regret > 0):
        raise GameError(f"qre_path: max_regret must be a positive number, got {max_regret!r}")
    system = logit_system(game, max_derivatives)
    xs: list[np.ndarray] = []
    if max_lambda is not None:
        mu = lambda_value(max_lambda, "qre_path: max_lambda") * system.scale
        last = follow_to(system, mu, first_step=first_step, max_accel=max_accel,
                         max_steps=max_steps, record=lambda p: xs.append(p.x))
        if not xs or xs[-1][-1] < mu:
            xs.append(last)
    else:
        next_check = 0.0
        for point in branch(system, system.start(), first_step=first_step,
                            max_accel=max_accel, max_steps=max_steps):
            xs.append(point.x)
            # regrets only as lambda grows by a tenth (and by 0.1 payoff ranges near 0)
            if point.x[-1] >= next_check:
                next_check = max(1.1 * point.x[-1], point.x[-1] + 0.1)
                if max(system.regrets(point.x)) <= max_regret * system.scale:
                    break
    return QREPath(system.game, tuple(float(x[-1]) / system.scale for x in xs),
                   tuple(system.profile(x) for x in xs))


def as_point(system, x) -> PathPoint:
    """A :class:`PathPoint` at ``x`` (with its tangent), for callers that step from it."""
    from solver.algorithms.continuation import tangent
    return PathPoint(np.asarray(x, dtype=float), tangent(system, x), 0.0)
