"""Distributions of parameter values for :func:`solver.analysis.uncertainty.uncertainty`.

A distribution is written ``NAME=KIND:ARGS``: ``uniform:a:b``, ``triangular:a:mode:b``,
``beta:a:b`` (a Beta(a, b) variable scaled to the parameter's range),
``normal:mu:sigma`` (truncated to the parameter's range, by rejection; Devroye 1986,
*Non-Uniform Random Variate Generation*, sec. II.3) and ``fixed:v``, with exact
decimal or fraction arguments.  :class:`Distribution` checks itself against a
parameter's range and draws floats from a :class:`numpy.random.Generator`.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from solver.errors import GameError
from solver.numbers import format_number, read_number

__all__ = ["Distribution", "parse_distribution", "parse_distributions", "KINDS"]

#: The distribution kinds and their numbers of arguments.
KINDS = {"uniform": 2, "triangular": 3, "beta": 2, "normal": 2, "fixed": 1}

_FORMS = {"uniform": "uniform:a:b", "triangular": "triangular:a:mode:b", "beta": "beta:a:b",
          "normal": "normal:mu:sigma", "fixed": "fixed:v"}

#: Least probability that a truncated normal puts in the parameter's range.
_MIN_NORMAL_MASS = 1e-4


# ====================================================================== distributions
@dataclass(frozen=True)
class Distribution:
    """A distribution of one parameter's values.

    Attributes
    ----------
    kind : str
        ``"uniform"``, ``"triangular"``, ``"beta"``, ``"normal"`` or ``"fixed"``.
    args : tuple of Fraction
        ``(a, b)``, ``(a, mode, b)``, ``(alpha, beta)``, ``(mu, sigma)`` or ``(v,)``.

    Examples
    --------
    >>> d = Distribution("beta", (Fraction(6), Fraction(4)))
    >>> d.spec, str(d)
    ('beta:6:4', 'beta(6, 4)')
    """

    kind: str
    args: tuple

    @property
    def spec(self) -> str:
        """The distribution as written on the command line: ``uniform:0.3:0.9``."""
        return ":".join([self.kind] + [_decimal(a) for a in self.args])

    def __str__(self) -> str:
        if self.kind == "fixed":
            return f"fixed at {_decimal(self.args[0])}"
        return f"{self.kind}({', '.join(_decimal(a) for a in self.args)})"

    def check(self, name: str, prange) -> None:
        """Raise :class:`GameError` if the distribution is malformed or reaches outside
        ``prange`` (the parameter's ``(low, high)``, or None when it has none)."""
        where = f"distribution {name}={self.spec}"
        k, a = self.kind, self.args
        if k == "uniform" and not a[0] < a[1]:
            raise GameError(f"{where}: needs a < b (for one value use fixed:v)")
        if k == "triangular" and not (a[0] <= a[1] <= a[2] and a[0] < a[2]):
            raise GameError(f"{where}: needs a <= mode <= b and a < b")
        if k == "beta":
            if not (a[0] > 0 and a[1] > 0):
                raise GameError(f"{where}: the shape parameters must be positive")
            if prange is None:
                raise GameError(f"{where}: beta is scaled to the parameter's range, and "
                                f"{name!r} has none; use uniform:a:b or triangular:a:mode:b")
        if k == "normal":
            if not a[1] > 0:
                raise GameError(f"{where}: sigma must be positive")
            if prange is not None and self.normal_mass(prange) < _MIN_NORMAL_MASS:
                raise GameError(f"{where}: puts less than {_MIN_NORMAL_MASS} of its mass in "
                                f"the range [{format_number(prange[0])}, "
                                f"{format_number(prange[1])}] of {name!r}")
        if prange is not None and k in ("uniform", "triangular", "fixed"):
            lo, hi = (a[0], a[-1])
            if lo < prange[0] or hi > prange[1]:
                raise GameError(f"{where} reaches outside the range [{format_number(prange[0])}, "
                                f"{format_number(prange[1])}] of {name!r}")

    def normal_mass(self, prange) -> float:
        """The probability that the untruncated normal falls in ``prange``."""
        mu, sigma = float(self.args[0]), float(self.args[1])
        cdf = lambda x: 0.5 * (1 + math.erf((float(x) - mu) / (sigma * math.sqrt(2))))  # noqa: E731
        return cdf(prange[1]) - cdf(prange[0])

    def draw(self, rng: np.random.Generator, n: int, prange) -> np.ndarray:
        """``n`` values as floats, from the generator ``rng``.

        ``uniform``, ``triangular`` and ``beta`` use the generator's methods of the
        same name (``beta`` scaled to ``prange``); ``normal`` draws batches from
        ``rng.normal`` and keeps the values inside ``prange`` in order (rejection)
        until it has ``n``; ``fixed`` repeats its value.
        """
        a = [float(x) for x in self.args]
        if self.kind == "uniform":
            return rng.uniform(a[0], a[1], n)
        if self.kind == "triangular":
            if a[0] == a[1] == a[2]:
                return np.full(n, a[0])
            return rng.triangular(a[0], a[1], a[2], n)
        if self.kind == "beta":
            lo, hi = float(prange[0]), float(prange[1])
            return lo + (hi - lo) * rng.beta(a[0], a[1], n)
        if self.kind == "normal":
            if prange is None:
                return rng.normal(a[0], a[1], n)
            lo, hi = float(prange[0]), float(prange[1])
            mass = max(self.normal_mass(prange), _MIN_NORMAL_MASS)
            out, have = [], 0
            while have < n:
                batch = rng.normal(a[0], a[1], int((n - have) / mass * 1.1) + 16)
                keep = batch[(batch >= lo) & (batch <= hi)][:n - have]
                out.append(keep)
                have += len(keep)
            return np.concatenate(out) if out else np.empty(0)
        return np.full(n, a[0])


def _decimal(x: Fraction) -> str:
    """An exact number as a decimal when it has one (``0.3``), else a fraction (``2/3``)."""
    x = Fraction(x)
    d, twos, fives = x.denominator, 0, 0
    while d % 2 == 0:
        d, twos = d // 2, twos + 1
    while d % 5 == 0:
        d, fives = d // 5, fives + 1
    if d != 1:
        return format_number(x)
    places = max(twos, fives)
    if places == 0:
        return str(x.numerator)
    digits = abs(x.numerator) * 10 ** places // x.denominator
    text = f"{digits // 10 ** places}.{digits % 10 ** places:0{places}d}".rstrip("0")
    return ("-" if x < 0 else "") + text


def parse_distribution(text: str) -> tuple[str, Distribution]:
    """Read ``NAME=KIND:ARGS``, e.g. ``"kappa=uniform:0.3:0.9"`` or ``"p=beta:6:4"``.

    Returns
    -------
    (str, Distribution)

    Raises
    ------
    GameError
        Naming the spec, for an unknown kind, a wrong number of arguments or an
        argument that is not an exact decimal or fraction.

    Examples
    --------
    >>> parse_distribution("kappa=uniform:0.3:0.9")
    ('kappa', Distribution(kind='uniform', args=(Fraction(3, 10), Fraction(9, 10))))
    >>> parse_distribution("p=gamma:2:1")
    Traceback (most recent call last):
    ...
    solver.errors.GameError: bad distribution 'p=gamma:2:1': unknown kind 'gamma'; use ...
    """
    if not isinstance(text, str):
        raise GameError(f"bad distribution {text!r}: expected text NAME=KIND:ARGS")
    name, sep, rest = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise GameError(f"bad distribution {text!r}: expected NAME=KIND:ARGS, "
                        "e.g. kappa=uniform:0.3:0.9")
    if not name.isidentifier():
        raise GameError(f"bad distribution {text!r}: {name!r} is not a parameter name")
    return name, _distribution(rest, text)


def _distribution(rest: str, text: str) -> Distribution:
    kind, *args = [part.strip() for part in rest.split(":")]
    kind = kind.lower()
    if kind not in KINDS:
        raise GameError(f"bad distribution {text!r}: unknown kind {kind!r}; use "
                        + ", ".join(list(_FORMS.values())[:-1]) + " or " + _FORMS["fixed"])
    if len(args) != KINDS[kind]:
        raise GameError(f"bad distribution {text!r}: {kind} takes {KINDS[kind]} "
                        f"argument{'s' if KINDS[kind] > 1 else ''} ({_FORMS[kind]})")
    values = []
    for arg in args:
        try:
            x = read_number(arg, f"distribution {text!r}")
        except GameError:
            x = None
        if x is None:
            raise GameError(f"bad distribution {text!r}: {arg!r} is not an exact decimal or "
                            "fraction (e.g. 0.45 or 2/3)")
        values.append(x)
    return Distribution(kind, tuple(values))


def parse_distributions(distributions) -> dict[str, Distribution]:
    """Normalise the ``distributions`` argument of :func:`uncertainty`.

    Accepts a mapping ``{name: "uniform:0.3:0.9" or Distribution}`` or a sequence of
    ``"name=kind:args"`` strings (the command's ``--dist`` values).  A name given
    twice is an error.
    """
    out: dict[str, Distribution] = {}
    if distributions is None:
        return out
    if isinstance(distributions, str):
        distributions = [distributions]
    if isinstance(distributions, Mapping):
        items = []
        for name, d in distributions.items():
            if not isinstance(d, Distribution):
                d = _distribution(str(d), f"{name}={d}")
            items.append((str(name), d))
    else:
        items = [parse_distribution(t) for t in distributions]
    for name, d in items:
        if name in out:
            raise GameError(f"parameter {name!r} has two distributions")
        out[name] = d
    return out
