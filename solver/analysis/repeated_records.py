"""The records of :func:`solver.analysis.repeated_thresholds.critical_discount`: one
one-shot deviation condition (:class:`DeviationCondition`) and the whole answer
(:class:`RepeatedEquilibrium`), with their text and JSON forms."""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping

import sympy

from solver.analysis.comparisons import expression_text
from solver.analysis.inequalities import IntervalSet, exact_text, solve_inequalities
from solver.errors import GameError
from solver.numbers import format_number, sympify_number

__all__ = ["DeviationCondition", "RepeatedEquilibrium", "CITATION"]

CITATION = "the one-shot deviation principle (Mailath and Samuelson 2006, ch. 2)"


@dataclass(frozen=True)
class DeviationCondition:
    """One one-shot deviation: ``player`` plays ``action`` instead of ``prescribed`` in
    ``state``, the profile ``profile`` is played and the automaton moves to ``next_state``.

    ``follow`` and ``deviate`` are the two sides of the condition ``follow >= deviate``
    (expressions in the discount factor and the stage parameters); ``holds`` is the set of
    discount factors in (0, 1) where it holds at the given parameter values; ``bound`` and
    ``direction`` (``">="`` or ``"<="``) give its closed form when it has one.
    """

    state: str
    player: str
    prescribed: str
    action: str
    profile: str
    next_state: str
    on_path: bool
    follow: Any
    deviate: Any
    holds: IntervalSet
    bound: Any = None
    direction: str = ""
    signs: tuple[str, ...] = ()

    @property
    def always(self) -> bool:
        """True when it holds for every discount factor in (0, 1)."""
        return (len(self.holds.intervals) == 1 and not self.holds.intervals[0].low_closed
                and self.holds.intervals[0].low == 0 and self.holds.intervals[0].high == 1
                and not self.holds.intervals[0].high_closed)

    def text(self, symbol: str = "delta") -> str:
        where = "on the path" if self.on_path else "off the path"
        rule = ""
        if self.bound is not None:
            rule = f" ({symbol} {self.direction} {expression_text(self.bound)})"
        holds = (f"holds for no {symbol} in (0, 1)" if self.holds.empty
                 else f"holds for {symbol} in {self.holds}")
        return (f"{self.player} in state {self.state} ({where}): {self.prescribed} worth "
                f"{expression_text(self.follow)} >= {self.action} worth "
                f"{expression_text(self.deviate)} (then {self.next_state}); {holds}{rule}")

    def to_dict(self) -> dict:
        return {"state": self.state, "player": self.player, "prescribed": self.prescribed,
                "deviation": self.action, "profile": self.profile, "next_state": self.next_state,
                "on_path": self.on_path, "follow": expression_text(self.follow),
                "deviate": expression_text(self.deviate), "holds": self.holds.to_dict(),
                "holds_text": str(self.holds),
                "bound": None if self.bound is None else expression_text(self.bound),
                "direction": self.direction or None, "signs": list(self.signs)}


@dataclass(frozen=True)
class RepeatedEquilibrium:
    """Where a profile (a joint automaton) is a subgame-perfect equilibrium.

    Attributes
    ----------
    strategy : str
        The automaton's name.
    players : tuple of str
    symbol : str
        The discount factor's name.
    discounts : IntervalSet
        The discount factors in (0, 1) at which the profile is subgame perfect.
    conditions : tuple of DeviationCondition
        Every one-shot deviation in every reachable state.
    states, on_path : tuple of str
        The reachable states, and those visited on the path of play.
    path : tuple of two tuples of str
        The profiles played on the path: a prefix, then a cycle repeated for ever.
    payoffs : tuple
        Each player's normalised payoff on the path (expressions in the discount factor).
    at : Fraction or None
        The discount factor of the game, when it is a number; ``spe_at`` says whether
        the profile is subgame perfect there.
    lower, upper : tuple
        Closed forms of the bounds, when every condition has one: ``delta >= max(lower)``
        and ``delta <= min(upper)``; ``signs`` the signs they assume.
    parameters : dict
        The parameter values used.
    """

    strategy: str
    players: tuple[str, ...]
    symbol: str
    discounts: IntervalSet
    conditions: tuple[DeviationCondition, ...]
    states: tuple[str, ...]
    on_path: tuple[str, ...]
    path: tuple[tuple[str, ...], tuple[str, ...]]
    actions: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    payoffs: tuple
    at: Any = None
    spe_at: bool | None = None
    lower: tuple | None = None
    upper: tuple | None = None
    signs: tuple[str, ...] = ()
    parameters: Mapping[str, Any] = field(default_factory=dict)
    symbolic: tuple = ()

    # ------------------------------------------------------------------ reading it
    @property
    def critical(self):
        """The least discount factor at which the profile is subgame perfect (the infimum
        of :attr:`discounts`), or None when it is subgame perfect for none."""
        return self.discounts.lower

    @property
    def binding(self) -> tuple[DeviationCondition, ...]:
        """The conditions whose own set begins where the profile's set begins."""
        if self.discounts.empty:
            return tuple(c for c in self.conditions if c.holds.empty) or ()
        low = self.discounts.lower
        return tuple(c for c in self.conditions if not c.always and c.holds.lower == low)

    @property
    def failing(self) -> tuple[DeviationCondition, ...]:
        """At the game's discount factor (when it is a number), the conditions that fail."""
        if self.at is None:
            return ()
        return tuple(c for c in self.conditions if not c.holds.contains(sympify_number(self.at)))

    def path_text(self) -> str:
        prefix, cycle = self.path
        loop = "every period" if len(cycle) == 1 else "repeated"
        cyc = cycle[0] if len(cycle) == 1 else ", ".join(cycle)
        if not prefix:
            return f"{cyc} in {loop}" if len(cycle) == 1 else f"{cyc}, {loop}"
        return f"{', '.join(prefix)}, then {cyc} " + ("in every period" if len(cycle) == 1
                                                      else "repeated")

    def actions_of(self, player: str) -> str:
        """``"Restrain in every period"``: one player's actions on the path."""
        i = self.players.index(player)
        prefix, cycle = self.actions[i]
        if not prefix and len(set(cycle)) == 1:
            return f"{cycle[0]} in every period"
        head = f"{', '.join(prefix)}, then " if prefix else ""
        return head + (f"{cycle[0]} in every period" if len(cycle) == 1
                       else f"{', '.join(cycle)} repeated")

    def closed_form_text(self) -> str | None:
        """``"delta >= max(g/c_T, c_S/(c_S + g))"``, or None."""
        if self.lower is None and self.upper is None:
            return None
        parts = []
        for bounds, rel, word in ((self.lower, ">=", "max"), (self.upper, "<=", "min")):
            if bounds:
                text = [expression_text(b) for b in bounds]
                parts.append(f"{self.symbol} {rel} " + (text[0] if len(text) == 1
                                                        else f"{word}({', '.join(text)})"))
        return " and ".join(parts) if parts else None

    def verdict(self) -> str:
        """The bottom line in one sentence."""
        d, s = self.symbol, self.discounts
        name = self.strategy[:1].upper() + self.strategy[1:]
        if s.empty:
            return f"{name} is subgame perfect for no {d} in (0, 1)."
        if len(s.intervals) == 1 and s.intervals[0].high == 1 and not s.intervals[0].high_closed:
            iv = s.intervals[0]
            rel = ">=" if iv.low_closed else ">"
            if iv.low == 0 and not iv.low_closed:
                return f"{name} is subgame perfect for every {d} in (0, 1)."
            return f"{name} is subgame perfect iff {d} {rel} {exact_text(iv.low)}."
        return f"{name} is subgame perfect iff {d} is in {s}."

    def parameter_set(self, name: str, low, high) -> IntervalSet:
        """The values of parameter ``name`` in ``[low, high]`` (the others, and the discount
        factor, at their values) at which the profile is subgame perfect."""
        t = sympy.Symbol(name)
        subs = {sympy.Symbol(k): sympify_number(v) for k, v in self.parameters.items()
                if k != name}
        if name != self.symbol:
            if self.at is None:
                raise GameError(f"give the discount factor {self.symbol} a value to move "
                                f"{name}")
            subs[sympy.Symbol(self.symbol)] = sympify_number(self.at)
        exprs = [e.xreplace(subs) for e in self.symbolic]
        if any(e.free_symbols - {t} for e in exprs):
            free = sorted({str(s) for e in exprs for s in e.free_symbols} - {name})
            raise GameError(f"{name} is not a parameter of these conditions, or {free} have "
                            "no values")
        if name == self.symbol:          # a discount factor lies in (0, 1)
            low, high = max(Fraction(low), Fraction(0)), min(Fraction(high), Fraction(1))
            return solve_inequalities(exprs, t, low, high, low_open=low == 0,
                                      high_open=high == 1)[1]
        return solve_inequalities(exprs, t, low, high, low_open=False, high_open=False)[1]

    def __str__(self) -> str:
        lines = [self.verdict()]
        failing = self.failing
        if self.at is not None:
            lines.append(f"At {self.symbol} = {format_number(self.at)} it "
                         + ("is a subgame-perfect equilibrium." if self.spe_at else
                            f"is not: {len(failing)} of {len(self.conditions)} conditions "
                            + ("fails." if len(failing) == 1 else "fail.")))
        pay = ", ".join(f"{p} {expression_text(v)}" for p, v in zip(self.players, self.payoffs))
        lines.append(f"On the path: {self.path_text()}; normalised payoffs {pay}.")
        binding = self.binding
        for c in binding[:4]:
            fails = " It fails here." if c in failing else ""
            lines.append(f"Binding: {c.text(self.symbol)}.{fails}")
        for c in [c for c in failing if c not in binding][:4]:
            lines.append(f"Fails at {self.symbol} = {format_number(self.at)}: "
                         f"{c.text(self.symbol)}.")
        closed = self.closed_form_text()
        if closed:
            lines.append(f"Closed form: {closed}" + (f" (while {', '.join(self.signs)})"
                                                       if self.signs else "") + ".")
        off = len(self.states) - len(self.on_path)
        lines.append(f"Checked by {CITATION}: {len(self.conditions)} conditions in "
                     f"{len(self.states)} reachable states ({off} off the path); those that "
                     f"can fail:")
        shown = sorted({c.text(self.symbol) for c in self.conditions if not c.always})
        lines += [f"  {t}." for t in shown] or ["  none."]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        def num(x):
            return None if x is None else (format_number(x) if isinstance(x, Fraction)
                                           else str(x))
        return {"strategy": self.strategy, "players": list(self.players),
                "discount": self.symbol, "verdict": self.verdict(),
                "discounts": self.discounts.to_dict(), "discounts_text": str(self.discounts),
                "critical": num(self.critical), "at": num(self.at), "spe_at": self.spe_at,
                "closed_form": self.closed_form_text(), "signs": list(self.signs),
                "path": {"prefix": list(self.path[0]), "cycle": list(self.path[1])},
                "payoffs": [expression_text(v) for v in self.payoffs],
                "states": list(self.states), "on_path": list(self.on_path),
                "conditions": [c.to_dict() for c in self.conditions],
                "parameters": {k: num(v) for k, v in self.parameters.items()}}
