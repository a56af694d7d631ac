"""Which weight (parameter) flips an equilibrium choice, and where: one-at-a-time sensitivity.

Each parameter of a game moves alone over its range, the others held at their
current values, and every flip is found by the general threshold machinery
(:func:`solver.analysis.parametric.thresholds`).  The flips are then ranked by their
relative distance from the current value, nearest first: the weights an analyst
should be least sure about.  Used with the attribute payoffs of
:class:`solver.forms.attributes.AttributeModel`, whose weights are parameters.

Reference: one-at-a-time sensitivity analysis (Saltelli et al. 2008, *Global
Sensitivity Analysis: The Primer*, sec. 1.2.1).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Sequence

import sympy

from solver.analysis.parametric import parameter_range, thresholds
from solver.errors import GameError
from solver.numbers import format_number, json_number, to_number

__all__ = ["sensitivity", "SensitivityResult", "Sensitivity"]


@dataclass(frozen=True)
class Sensitivity:
    """One weight (parameter) whose change flips an equilibrium choice.

    Attributes
    ----------
    parameter : str
    current : number
        The parameter's current value.
    threshold : solver.analysis.parametric.Threshold
        Where and how the choice flips.
    distance : Fraction or float
        ``|threshold - current| / |current|`` (the absolute distance when the
        current value is 0).
    """

    parameter: str
    current: Any
    threshold: Any
    distance: Any

    def to_dict(self) -> dict:
        return {"parameter": self.parameter, "current": json_number(self.current),
                "distance": json_number(self.distance), **self.threshold.to_dict()}

    def __str__(self) -> str:
        t = self.threshold
        value = format_number(t.value) if isinstance(t.value, (Fraction, float)) else str(t.value)
        rising = bool(t.value >= self.current)
        move = f"rises past {value}" if rising else f"falls below {value}"
        what = t.describe(rising)
        return (f"{self.parameter} (now {format_number(self.current)}): {what} when "
                f"{self.parameter} {move}")


@dataclass(frozen=True)
class SensitivityResult:
    """Weights that flip a choice, nearest first (relative distance from the current value)."""

    entries: tuple[Sensitivity, ...]
    ranges: Mapping[str, tuple] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def __getitem__(self, k: int) -> Sensitivity:
        return self.entries[k]

    def to_dict(self) -> dict:
        return {"sensitivity": [e.to_dict() for e in self.entries]}

    def __str__(self) -> str:
        if not self.entries:
            return "No weight flips an equilibrium choice within the ranges searched."
        return "\n".join(str(e) for e in self.entries)


def sensitivity(game: Any, parameters: Sequence[str] | None = None, *,
                weights: Mapping[str, Any] | None = None,
                ranges: Mapping[str, tuple] | None = None, span: Any = 1,
                **threshold_options: Any) -> SensitivityResult:
    """Which weight flips an equilibrium choice, and where, nearest first.

    Parameters
    ----------
    game : game, or callable
        A game whose weights are parameters (sympy symbols with defaults, e.g.
        built from an :class:`AttributeModel` with symbolic weights), or a
        callable ``build(weights) -> game``; the callable is given a sympy
        symbol for each name in ``weights``.
    parameters : sequence of str, optional
        The parameters to analyse (default: every free parameter of the game).
    weights : mapping, optional
        Current values of the parameters; needed with a callable, and otherwise
        overriding the game's defaults.
    ranges : mapping, optional
        ``{name: (low, high)}``.  Default: the range recorded for the game (see
        :func:`solver.analysis.parametric.parameter_range`), else ``current +/-
        span * max(|current|, 1)``.
    span : number
        Width of the default range, relative to the current value (default 1).
    **threshold_options
        Passed to :func:`solver.analysis.parametric.thresholds` (``method``,
        ``grid``, solver options).

    Returns
    -------
    SensitivityResult
        One entry per (parameter, threshold), sorted by the relative distance
        ``|threshold - current| / |current|``.

    Notes
    -----
    This is one-at-a-time sensitivity analysis: each weight moves alone, the
    others stay at their current values, and every flip is found by the
    general threshold machinery (symbolic backward induction for trees of
    perfect information, exact grid location otherwise).
    """
    given = {k: to_number(v, f"weight {k!r}") for k, v in dict(weights or {}).items()}
    if callable(game) and not hasattr(game, "form"):
        if not given:
            raise GameError("sensitivity of a builder needs weights={name: current value}")
        game = game({k: sympy.Symbol(k) for k in given})
    names = list(parameters) if parameters is not None else sorted(game.symbols)
    defaults = {**game.parameters, **given}
    entries = []
    used = {}
    for name in names:
        if name not in game.symbols:
            raise GameError(f"the game has no free parameter {name!r}; its parameters are "
                            f"{sorted(game.symbols)}")
        if name not in defaults:
            raise GameError(f"parameter {name!r} has no current value; give weights={{{name!r}: ...}}")
        cur = defaults[name]
        if ranges and name in ranges:
            lo, hi = ranges[name]
        else:
            found = parameter_range(game, name)
            if found is not None:
                lo, hi = found
            else:
                s = to_number(span, "span")
                width = s * max(abs(cur), 1)
                lo, hi = cur - width, cur + width
        used[name] = (lo, hi)
        others = {k: v for k, v in defaults.items() if k in game.symbols and k != name}
        res = thresholds(game, name, low=lo, high=hi, params=others, **threshold_options)
        for t in res.thresholds:
            gap = abs(t.value - cur)
            dist = gap / abs(cur) if cur != 0 else gap
            if isinstance(dist, sympy.Basic):
                dist = to_number(dist, "distance") if dist.is_Rational else float(dist)
            entries.append(Sensitivity(name, cur, t, dist))
    entries.sort(key=lambda e: (float(e.distance), e.parameter))
    return SensitivityResult(tuple(entries), used)
