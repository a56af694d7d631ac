"""The records of a threshold search: where one equilibrium choice flips, and all of them.

A :class:`Threshold` is one value of a parameter at which one player's equilibrium
choice changes, with the choice on either side; a :class:`ThresholdResult` is the
list for one parameter over an interval, as :func:`solver.analysis.parametric.thresholds`
returns it.  Both print as sentences and convert to the JSON of ``gamesolver
thresholds --format json``.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver.numbers import format_number, json_number

__all__ = ["Threshold", "ThresholdResult"]


@dataclass(frozen=True)
class Threshold:
    """One value of the parameter at which one equilibrium choice flips.

    Attributes
    ----------
    value : Fraction, float or sympy number
        Where the choice flips (exact when the game is exact).
    player : str
    at : str
        The node or information set (its label, else its path of actions) for
        trees; ``"strategy choice"`` for normal-form games.
    from_, to : str
        The choice just below and just above ``value`` (for normal-form games,
        the player's supports across the equilibria, ``"Hawk / Dove / Hawk+Dove"``).
    """

    value: Any
    player: str
    at: str
    from_: str
    to: str

    def to_dict(self) -> dict:
        return {"value": json_value(self.value), "player": self.player, "at": self.at,
                "from": self.from_, "to": self.to}

    def describe(self, rising: bool = True) -> str:
        """The flip in words, as the parameter rises (or falls) through ``value``."""
        a, b = (self.from_, self.to) if rising else (self.to, self.from_)
        if self.at == "equilibria":
            return f"the equilibria change from {a} to {b}"
        where = "" if self.at == "strategy choice" else f" at {self.at}"
        return f"{self.player} switches from {a} to {b}{where}"

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class ThresholdResult:
    """The thresholds of one parameter, in increasing order.

    ``to_dict()`` gives ``{"parameter": ..., "thresholds": [{"value", "player",
    "at", "from", "to"}, ...]}`` with exact numbers as strings.
    """

    parameter: str
    thresholds: tuple[Threshold, ...]
    low: Any = None
    high: Any = None
    approach: str = ""
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.thresholds)

    def __iter__(self):
        return iter(self.thresholds)

    def __getitem__(self, k: int) -> Threshold:
        return self.thresholds[k]

    def to_dict(self) -> dict:
        return {"parameter": self.parameter, "thresholds": [t.to_dict() for t in self.thresholds]}

    def _repr_html_(self) -> str:
        from solver.io.notebook import thresholds_html  # a display hook (upward)
        return thresholds_html(self)

    def __str__(self) -> str:
        if not self.thresholds:
            span = ""
            if self.low is not None:
                span = f" over [{format_number(self.low)}, {format_number(self.high)}]"
            return f"No equilibrium choice changes as {self.parameter} varies{span}."
        return "\n".join(f"{t} when {self.parameter} rises past {text_value(t.value)}"
                         for t in self.thresholds)


def text_value(x) -> str:
    return format_number(x) if isinstance(x, (Fraction, float, int)) else str(x)


def json_value(x):
    return json_number(x) if isinstance(x, (Fraction, float, int)) else str(x)
