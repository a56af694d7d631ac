"""The exact equilibrium on a given support of a game of three or more players, possibly
irrational, checked against the strategies outside the support in ball arithmetic.

With three or more players the indifference equations on a support are polynomial and
their solutions may be irrational.  :func:`restricted_equilibrium` solves the game
*restricted* to the support exactly, by polynomial support enumeration
(:func:`solver.algorithms.polynomial_support.polynomial_support_enumeration`, which
certifies its answers exactly, irrational ones as algebraic numbers), keeps the
equilibrium nearest a given float profile, and then checks the strategies outside the
support: each one's expected payoff against the others' (algebraic) mixed strategies
must be strictly below the payoff of the support.  That comparison is made in ball
arithmetic with python-flint's ``arb`` (every number an interval guaranteed to contain
it; Johansson 2017, "Arb: efficient arbitrary-precision midpoint-radius interval
arithmetic", IEEE Trans. Computers 66): a sign is accepted only when the ball
excludes 0, at up to ``MAX_PRECISION`` bits.  An outside strategy that earns exactly
as much (a tie, which balls cannot prove) makes the check fail.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import flint
import numpy as np
import sympy

from solver.errors import SolverError, SolverLimitError
from solver.forms.profiles import Equilibrium, MixedProfile, certify

__all__ = ["restricted_equilibrium", "ball", "MAX_PRECISION"]

#: Largest working precision (bits) of the ball arithmetic.
MAX_PRECISION = 4096


def restricted_equilibrium(game, support: Sequence[Sequence[int]], near, *,
                           max_supports: int = 400, time_limit: float | None = 20.0,
                           cache: dict | None = None):
    """The exact equilibrium of ``game`` whose support lies in ``support`` nearest the
    float profile ``near``, or None.

    Parameters
    ----------
    game : NormalFormGame
        An exact game.
    support : sequence of sequences of int
        Per player, the strategies the equilibrium may use.
    near : sequence of sequences of float
        Full probability vectors; the equilibrium of the restricted game nearest it
        (largest coordinate difference) is the one checked.
    max_supports, time_limit
        Limits of the restricted enumeration; when it reaches one, None.
    cache : dict, optional
        Keeps each restricted game's solution (by support), for repeated calls.

    Returns
    -------
    Equilibrium or None
        Certified exactly: rational profiles by :func:`solver.forms.profiles.certify`;
        irrational ones by the exact indifference of the restricted enumeration and
        the ball-arithmetic check of every outside strategy (regret exactly 0).
    """
    from solver.algorithms.polynomial_support import polynomial_support_enumeration

    key = tuple(tuple(s) for s in support)
    if cache is not None and key in cache:
        sol = cache[key]
    else:
        restricted = game.restrict([list(s) for s in support])
        try:
            sol = polynomial_support_enumeration(restricted, max_supports=max_supports,
                                                 time_limit=time_limit)
        except SolverLimitError:
            sol = None
        if cache is not None:
            cache[key] = sol
    if sol is None:
        return None
    best, best_far = None, None
    for eq in sol.equilibria:
        if not eq.exact:
            continue
        full = _embed(game, support, eq.probabilities)
        far = max(abs(float(p) - float(q)) for pr, qr in zip(full, near) for p, q in zip(pr, qr))
        if best_far is None or far < best_far:
            best, best_far = (eq, full), far
    if best is None:
        return None
    eq, full = best
    if all(isinstance(p, Fraction) for pr in full for p in pr):
        try:
            return certify(game, full)
        except SolverError:
            return None
    if not _outside_worse(game, support, full):
        return None
    profile = MixedProfile(game.players, game.strategies, tuple(tuple(pr) for pr in full))
    return Equilibrium(profile, tuple(eq.payoffs), (Fraction(0),) * game.n_players, True)


def _embed(game, support, probabilities) -> list[list[Any]]:
    out = []
    for s, pr, m in zip(support, probabilities, game.shape):
        full: list[Any] = [Fraction(0)] * m
        for j, p in zip(s, pr):
            full[j] = p
        out.append(full)
    return out


def _outside_worse(game, support, full) -> bool:
    """True when, proved in ball arithmetic, every strategy outside a player's support
    earns strictly less than his support strategies."""
    old = flint.ctx.prec
    try:
        prec = 128
        while prec <= MAX_PRECISION:
            flint.ctx.prec = prec
            verdict = _check_at_precision(game, support, full)
            if verdict is not None:
                return verdict
            prec *= 4
        return False
    finally:
        flint.ctx.prec = old


def _check_at_precision(game, support, full):
    """True / False when every sign was decided, None when some ball held 0."""
    try:
        balls = [[ball(p) for p in pr] for pr in full]
    except ValueError:
        return False
    n = game.n_players
    undecided = False
    for i in range(n):
        if len(support[i]) == game.shape[i]:
            continue
        table = game.payoffs[i]
        others = [k for k in range(n) if k != i]
        values = {}
        for s in range(game.shape[i]):
            total = flint.arb(0)
            for combo in np.ndindex(*[len(support[k]) for k in others]):
                idx = [0] * n
                idx[i] = s
                weight = flint.arb(1)
                for k, c in zip(others, combo):
                    idx[k] = support[k][c]
                    weight *= balls[k][support[k][c]]
                u = table[tuple(idx)]
                total += weight * flint.arb(flint.fmpq(u.numerator, u.denominator))
            values[s] = total
        ref = values[support[i][0]]
        for s in range(game.shape[i]):
            if s in support[i]:
                continue
            d = values[s] - ref
            if d < 0:
                continue
            if d >= 0 and not d.contains(0):
                return False
            undecided = True
    return None if undecided else True


def ball(x) -> flint.arb:
    """A ball (python-flint ``arb``) containing the exact real number ``x``: a
    Fraction, or a sympy number built from rationals by +, *, powers and real roots
    of polynomials (``CRootOf``), at the current precision.

    Raises
    ------
    ValueError
        For a number of another kind.
    """
    if isinstance(x, Fraction):
        return flint.arb(flint.fmpq(x.numerator, x.denominator))
    if isinstance(x, int):
        return flint.arb(x)
    e = sympy.sympify(x)
    if e.is_Rational:
        return flint.arb(flint.fmpq(int(e.p), int(e.q)))
    if isinstance(e, sympy.Add):
        out = flint.arb(0)
        for a in e.args:
            out += ball(a)
        return out
    if isinstance(e, sympy.Mul):
        out = flint.arb(1)
        for a in e.args:
            out *= ball(a)
        return out
    if isinstance(e, sympy.Pow) and e.exp.is_Rational:
        base = ball(e.base)
        if e.exp.is_Integer:
            k = int(e.exp)
            return base ** k if k >= 0 else 1 / base ** (-k)
        if not base > 0:
            raise ValueError(f"cannot enclose {e}: base not proved positive")
        return base ** flint.arb(flint.fmpq(int(e.exp.p), int(e.exp.q)))
    if isinstance(e, sympy.CRootOf):
        coeffs = e.poly.all_coeffs()
        den = 1
        for c in coeffs:
            den = int(sympy.ilcm(den, sympy.Rational(c).q))
        ints = [int(sympy.Rational(c) * den) for c in reversed(coeffs)]
        roots = flint.fmpz_poly(ints).complex_roots()
        real = sorted((r.real for r, _ in roots if r.imag.is_zero()), key=lambda b: b.mid())
        if e.index >= len(real):
            raise ValueError(f"cannot enclose {e}: not a real root")
        return real[e.index]
    raise ValueError(f"cannot enclose {e} in a ball")
