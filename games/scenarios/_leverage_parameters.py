"""The parameters and players of ``leverage-bargaining`` and their exact values, shared by its
modules.

Alternating-offers bargaining with outside options has two kinds of parameter
(Rubinstein 1982; Shaked and Sutton 1984; Muthoo 1999, *Bargaining Theory with
Applications*, ch. 5):

- the **discount factors** ``delta_W`` and ``delta_R``: what a share is worth a round
  later, so a player's patience.  The more patient side gets more (Rubinstein's
  split ``(1 - delta_R)/(1 - delta_W*delta_R)`` for the first proposer);
- the **outside options** ``w_W`` and ``w_R``: what a responder gets by walking away
  (here, war).  An option changes the split only when it is worth more than what
  the responder could get by rejecting and proposing itself (the outside-option
  principle; Binmore, Shaked and Sutton 1989).

``y_dv`` is Russia's value of the seed's diplomatic-victory offer.  Each parameter
carries the passage of the source document it stands for.  The game modules are
:mod:`games.scenarios.leverage_bargaining` (the registered game) and its finite-horizon
benchmark; this module's name starts with an underscore so that
:mod:`games.scenarios` does not import it as a game of its own.
"""
from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import Any

from solver.errors import GameError
from solver.numbers import to_number

from ..registry import Parameter

__all__ = ["PARAMETERS", "PLAYERS", "parameter_symbols", "exact_values", "exact_fraction"]

PARAMETERS = (
    Parameter("delta_W", "0.9", "0", "0.99",
              "the West's discount factor per round of talks (its patience)",
              'seed 000: "a perception of weakened U.S. resolve or reduced international '
              'consensus on sanctions against Russia would strengthen the Russian President’s '
              'negotiating position"'),
    Parameter("delta_R", "0.9", "0", "0.99",
              "Russia's discount factor per round of talks (its patience)",
              'seed 002: "seems poised to sustain its position even at the risk of prolonged '
              'conflict, signaling a strategic patience"'),
    Parameter("w_W", "0.30", "0", "0.35",
              "the West's outside option: its war value 1 - p - c_W",
              'seed 000: "the ability to leverage economic sanctions, mobilize international '
              'coalitions"'),
    Parameter("w_R", "0.45", "0", "0.6",
              "Russia's outside option: its war value p - c_R",
              'seed 000: "the Russian President might leverage the threat of escalating the '
              'conflict in Ukraine"'),
    Parameter("y_dv", "0.46", "0", "1",
              "Russia's value of the West's diplomatic-victory (DV) offer",
              'seed 002: "Partial recognition", "Immediate ceasefire", "Phased relief"; '
              '"Putin’s refusal highlights a preference for gradual consolidation rather than '
              'immediate diplomatic recognition"'),
)

#: The two bargainers; the West proposes first.
PLAYERS = ("West", "Russia")


@cache
def parameter_symbols() -> dict:
    """The parameters' symbols, by name (sympy is imported on first use)."""
    import sympy
    return {p.name: sympy.Symbol(p.name) for p in PARAMETERS}


def exact_values(params: dict[str, Any]) -> dict[str, Fraction]:
    """Every parameter's value, exact: ``params`` (taken out of the dict as they are
    read) or the default, each checked against its range.

    Raises
    ------
    GameError
        For a value that is not an exact number, is outside its range, or names no
        parameter.
    """
    values = {}
    for spec in PARAMETERS:
        name = spec.name
        raw = params.pop(name, spec.default)
        v = to_number(raw, f"leverage-bargaining: parameter {name!r}")
        if not isinstance(v, Fraction):
            raise GameError(f"leverage-bargaining: parameter {name!r} needs an exact number, "
                            f"got {raw!r}")
        low, high = spec.range
        if not low <= v <= high:
            raise GameError(f"leverage-bargaining: {name} = {raw} is outside its range "
                            f"[{spec.low}, {spec.high}]")
        values[name] = v
    if params:
        raise GameError(f"leverage-bargaining: no parameter {min(params)!r}")
    return values


def exact_fraction(x) -> Fraction:
    """A sympy number as a Fraction (a GameError unless it is rational)."""
    import sympy
    x = sympy.sympify(x)
    if not x.is_Rational:
        raise GameError(f"leverage-bargaining: {x} is not an exact number")
    return Fraction(int(x.p), int(x.q))
