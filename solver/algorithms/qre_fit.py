"""Maximum-likelihood estimate of the logit precision lambda from observed choices.

Given how often each strategy (or, in a tree, each action at each information set) was
chosen, the log-likelihood of the logit QRE at precision lambda is

.. math::

    L(\\lambda) = \\sum_{i, j} c_{ij} \\log \\sigma_{ij}(\\lambda),

with :math:`\\sigma(\\lambda)` the point of the principal branch at lambda (McKelvey and
Palfrey 1995, section 5; Bland and Turocy 2023, "Quantal response equilibrium as a
structural model for estimation: the missing manual").  It is maximised *along the
branch*, as Gambit's ``logit_estimate`` does: while the branch is followed, the
derivative of *L* along it, :math:`\\sum c_{ij}\\, t_{ij}` for the unit tangent *t* in
log-probabilities, is watched; where it changes sign from + to -, the local maximum
is located by Brent's method on the arc length of the step
(:func:`scipy.optimize.brentq`), and the largest of the local maxima is the estimate.

The standard error is :math:`1/\\sqrt{I}`, with the observed information
:math:`I = -L''(\\hat\\lambda)` computed by a central difference of the exact
derivative :math:`L'(\\lambda) = \\sum c_{ij}\\, t_{ij} / t_\\lambda` at
:math:`\\hat\\lambda \\pm h`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
import numpy as np

from solver.algorithms.continuation import PathPoint, branch, polish, step_from, tangent
from solver.algorithms.qre import (
    DEFAULT_MAX_REGRET,
    DEFAULT_MAX_STEPS,
    LogitQRE,
    lambda_value,
    logit_system,
    point_record,
)
from solver.errors import GameError

__all__ = ["QREFit", "fit_qre", "SETTLED"]

#: The branch is left once every regret is below this fraction of the payoff range
#: while the likelihood falls: the profile is then within about that of its limit, and
#: the likelihood no longer changes by more than this order.
SETTLED = 1e-6


@dataclass(frozen=True)
class QREFit:
    """The maximum-likelihood logit QRE for observed choice counts.

    Attributes
    ----------
    lam : float
        The estimate of lambda (on the game's payoff scale).
    standard_error : float
        Its standard error from the observed information; ``inf`` when the
        likelihood is flat there or the maximum lies at an end of the traced branch
        (lambda 0, or where the branch was left).
    log_likelihood : float
        :math:`\\sum c \\log \\sigma` at the estimate.
    qre : LogitQRE
        The equilibrium at the estimate.
    counts : tuple of float
        The counts, flattened in the order of the profile's probabilities.
    at_end : bool
        True when the likelihood was still increasing where the branch was left (the
        data are best fitted by a Nash equilibrium: lambda is a lower bound).
    """

    lam: float
    standard_error: float
    log_likelihood: float
    qre: LogitQRE
    counts: tuple[float, ...]
    at_end: bool = False

    @property
    def profile(self):
        return self.qre.profile

    def to_dict(self) -> dict:
        return {"lambda": self.lam,
                "standard_error": self.standard_error if math.isfinite(self.standard_error)
                else None,
                "log_likelihood": self.log_likelihood, "at_end": self.at_end,
                "qre": self.qre.to_dict()}

    def __str__(self) -> str:
        se = "not available" if not math.isfinite(self.standard_error) else \
            f"{self.standard_error:.6g}"
        where = ("; the likelihood still rose where the branch was left, so lambda is a "
                 "lower bound" if self.at_end else "")
        return (f"logit QRE fit: lambda = {self.lam:.6g} (standard error {se}), "
                f"log-likelihood {self.log_likelihood:.6g}{where}\n  {self.qre}")


def _flat_counts(system, counts) -> np.ndarray:
    """The counts as one vector in the system's order, checked."""
    game = system.game
    flat = []
    if game.form == "normal":
        if len(counts) != game.n_players:
            raise GameError(f"fit_qre: counts need one list per player ({game.n_players}), "
                            f"got {len(counts)}")
        for i, (row, labels) in enumerate(zip(counts, game.strategies)):
            flat.extend(_row(row, labels, f"counts of {game.players[i]!r}"))
    else:
        if len(counts) != game.n_players:
            raise GameError(f"fit_qre: counts need one entry per player ({game.n_players}), "
                            f"got {len(counts)}")
        for i, (per, sets) in enumerate(zip(counts, game.infosets)):
            if len(per) != len(sets):
                raise GameError(f"fit_qre: {game.players[i]!r} has {len(sets)} information "
                                f"sets, got counts for {len(per)}")
            for s, row in zip(sets, per):
                flat.extend(_row(row, s.actions, f"counts of {game.players[i]!r} at "
                                                 f"information set {s.label or s.index + 1!r}"))
    c = np.array(flat, dtype=float)
    if not c.sum() > 0:
        raise GameError("fit_qre: the counts are all zero")
    return c


def _row(row, labels, where: str) -> list[float]:
    if isinstance(row, dict):
        unknown = set(row) - set(labels)
        if unknown:
            raise GameError(f"fit_qre: {where}: no strategy or action {sorted(unknown)[0]!r}")
        row = [row.get(lab, 0) for lab in labels]
    row = list(row)
    if len(row) != len(labels):
        raise GameError(f"fit_qre: {where}: {len(row)} numbers for {len(labels)} choices")
    out = []
    for lab, v in zip(labels, row):
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise GameError(f"fit_qre: {where}: the count of {lab!r} is not a number: {v!r}") from None
        if isinstance(v, bool) or not math.isfinite(f) or f < 0:
            raise GameError(f"fit_qre: {where}: the count of {lab!r} must be a finite "
                            f"number >= 0, got {v!r}")
        out.append(f)
    return out


def fit_qre(game, counts, *, max_lambda=None, max_regret: float = DEFAULT_MAX_REGRET,
            first_step: float = 0.03, max_accel: float = 1.1,
            max_steps: int = DEFAULT_MAX_STEPS, max_derivatives: int | None = None) -> QREFit:
    """Estimate lambda by maximum likelihood along the principal logit branch.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
    counts : sequence
        For a normal form, per player the number of times each strategy was
        chosen (a list in strategy order, or a mapping label -> count).  For a
        tree, per player, per information set, the counts of the actions (the
        agent QRE is fitted).
    max_lambda : number, optional
        Follow the branch no further than this lambda.  By default it is followed
        until every regret is at most ``max_regret`` times the payoff range, or at
        most ``SETTLED`` times it while the likelihood is falling (the profile has
        then settled near the branch's limit).
    max_regret, first_step, max_accel, max_steps, max_derivatives
        As for :func:`solver.algorithms.qre.qre_path`.

    Returns
    -------
    QREFit

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> fit = fit_qre(pd, [[30, 70], [40, 60]])
    >>> round(fit.lam, 6), round(fit.profile.probabilities[0][0], 6)
    (0.458548, 0.35)
    """
    system = logit_system(game, max_derivatives)
    c = _flat_counts(system, counts)
    N = system.size
    mu_max = None
    if max_lambda is not None:
        mu_max = lambda_value(max_lambda, "fit_qre: max_lambda") * system.scale

    def slope(p: PathPoint) -> float:
        return float(c @ p.tangent[:N])

    def loglike(x) -> float:
        return float(c @ x[:N])

    candidates: list[tuple[float, np.ndarray, bool]] = []
    previous = None
    next_check = 0.0
    # the likelihood's slope is read from each point's tangent: exact tangents
    for point in branch(system, system.start(), first_step=first_step, max_accel=max_accel,
                        max_steps=max_steps, exact_tangents=True):
        if previous is None:
            if slope(point) <= 0:                 # a maximum at lambda = 0
                candidates.append((loglike(point.x), point.x, True))
        elif slope(previous) > 0 >= slope(point):
            x = _refine(system, previous, point, slope)
            candidates.append((loglike(x), x, False))
        previous = point
        if mu_max is not None and point.x[-1] >= mu_max:
            break
        if point.x[-1] >= next_check:             # regrets only as lambda grows by half
            next_check = 1.5 * point.x[-1]
            worst = max(system.regrets(point.x)) / system.scale
            if worst <= max_regret or (worst <= SETTLED and slope(point) < 0):
                break
    if slope(previous) > 0:
        x = previous.x
        if mu_max is not None and x[-1] > mu_max:
            x = polish(system, x, N, mu_max)
        candidates.append((loglike(x), x, True))
    ll, x, boundary = max(candidates, key=lambda item: item[0])
    lam = float(x[-1]) / system.scale
    se = math.inf if boundary else _standard_error(system, x, c)
    return QREFit(lam, se, ll, point_record(system, x, lam), tuple(float(v) for v in c),
                  boundary and lam > 0)


def _refine(system, a: PathPoint, b: PathPoint, slope) -> np.ndarray:
    """The point between ``a`` and ``b`` (one step apart) where the slope is 0."""
    from scipy.optimize import brentq

    cache: dict[float, PathPoint] = {}

    def g(s: float) -> float:
        if s == 0.0:
            return slope(a)
        p = step_from(system, a, s)
        if p is None:
            raise GameError("fit_qre: the path could not be refined near the maximum")
        cache[s] = p
        return slope(p)

    s = brentq(g, 0.0, b.step, xtol=1e-14, rtol=4 * np.finfo(float).eps)
    return cache[s].x if s in cache else step_from(system, a, s).x


def _standard_error(system, x, c) -> float:
    """1 / sqrt(-L''(lambda)) by a central difference of the exact L'(lambda)."""
    N = system.size
    mu = float(x[-1])
    h = 1e-4 * max(mu, 1e-2)

    def derivative(m: float) -> float:
        y = polish(system, x, N, m)
        t = tangent(system, y)
        if abs(t[-1]) < 1e-300:
            return math.nan
        return float(c @ t[:N]) / float(t[-1]) * system.scale   # dL/dlambda

    if mu - h <= 0:
        lo, hi = mu, mu + h
        info = -(derivative(hi) - derivative(lo)) / (hi - lo) * system.scale
    else:
        info = -(derivative(mu + h) - derivative(mu - h)) / (2 * h) * system.scale
    if not (info > 0) or not math.isfinite(info):
        return math.inf
    return 1.0 / math.sqrt(info)

