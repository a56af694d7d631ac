"""A comparison behind an equilibrium choice: two options' values as expressions.

A mover takes the action (or strategy) worth most to him; in a parametric game the
value of each option is an expression in the parameters.  A :class:`Comparison`
records one such comparison (the chosen option against its best alternative, or
against another option it is mixed with), with the expressions and their values
at the solved point.  :mod:`solver.analysis.decisive_values` builds them from a
solution and :mod:`solver.analysis.decisive` reports the parameters they involve.

Expressions are printed with sympy's ``rev-lex`` order, which keeps the order in
which a modeller writes them: ``p - c_R``, ``x + kappa*s``.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Mapping

from solver.errors import GameError
from solver.numbers import format_number, is_sympy

__all__ = ["Comparison", "expression_text", "evaluate"]


_PRINTER: list = []


def _reader_printer():
    """sympy's plain printer, with the pieces a reader meets written as a reader would:
    ``max(a, b)`` rather than ``Max(a, b)`` and ``(A if g > 2/5, else 0)`` rather than
    ``Piecewise((A, g > 2/5), (0, True))``.  Built on first use, so that games of plain
    numbers never import sympy."""
    if _PRINTER:
        return _PRINTER[0]
    import sympy
    from sympy.printing.str import StrPrinter

    class ReaderPrinter(StrPrinter):
        def _print_Max(self, expr):
            return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

        def _print_Min(self, expr):
            return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"

        def _print_Piecewise(self, expr):
            parts = []
            for value, condition in expr.args:
                if condition is sympy.true:
                    parts.append(f"else {self._print(value)}")
                else:
                    parts.append(f"{self._print(value)} if {self._print(condition)}")
            return "(" + ", ".join(parts) + ")"

    _PRINTER.append(ReaderPrinter({"order": "rev-lex"}))
    return _PRINTER[0]


def expression_text(expr: Any) -> str:
    """An expression as a modeller writes it: ``p - c_R``, ``x + kappa*s``, ``1 - p - c_W``.

    >>> import sympy
    >>> a, g = sympy.symbols("A g")
    >>> expression_text(sympy.Piecewise((a, g > sympy.Rational(2, 5)), (0, True)))
    '(A if g > 2/5, else 0)'
    >>> expression_text(sympy.Max(a, g))
    'max(A, g)'
    """
    if is_sympy(expr):
        return _reader_printer().doprint(expr)
    return format_number(expr)


@dataclass(frozen=True)
class Comparison:
    """One decisive comparison: what the mover's choice is worth against an alternative.

    Attributes
    ----------
    player : str
        The mover.
    at : str
        Where: the information set's label (trees) or ``"the table"`` (normal form).
    chosen, alternative : str
        Action (or strategy) labels.
    chosen_expression, alternative_expression : sympy expression or number
        What each is worth to the mover, in the parameters.
    chosen_value, alternative_value : Fraction or float
        Their values at the parameter values the game was solved at.
    on_path : bool
        False for a decision that play does not reach, which decides what an
        alternative on the path would lead to.
    context : str
        What the comparison assumes: the deviation that reaches an off-path
        decision, or the others' strategies in a table.
    kind : str
        ``"best response"`` (chosen against the best alternative) or
        ``"indifference"`` (two actions used by a mixed choice).
    """

    player: str
    at: str
    chosen: str
    alternative: str
    chosen_expression: Any
    alternative_expression: Any
    chosen_value: Any
    alternative_value: Any
    on_path: bool = True
    context: str = ""
    kind: str = "best response"

    @property
    def relation(self) -> str:
        """``">"``, ``"="`` or ``"<"``: how the chosen value compares with the alternative's."""
        d = self.chosen_value - self.alternative_value
        return ">" if d > 0 else ("=" if d == 0 else "<")

    @property
    def symbols(self) -> frozenset[str]:
        """Names of the parameters in either expression."""
        out = set()
        for e in (self.chosen_expression, self.alternative_expression):
            if is_sympy(e):
                out |= {str(s) for s in e.free_symbols}
        return frozenset(out)

    def text(self, number: Callable[[Any], str] = format_number,
             max_length: int | None = None) -> str:
        """``"Decline worth p - c_R = 9/20 vs Accept worth x + kappa*s = 2/5"``.

        ``number`` formats the values; an expression longer than ``max_length``
        characters is summarised by its parameters (``"an expression in c, delta"``).
        """
        def side(label, expr, value):
            e = expression_text(expr)
            if max_length is not None and len(e) > max_length:
                names = sorted((str(s) for s in expr.free_symbols), key=str.lower)
                e = f"(an expression in {', '.join(names)})"
            v = number(value)
            return f"{label} worth {v}" if e == format_number(value) else \
                f"{label} worth {e} = {v}"
        return (side(self.chosen, self.chosen_expression, self.chosen_value) + " vs "
                + side(self.alternative, self.alternative_expression, self.alternative_value))

    def __str__(self) -> str:
        where = f" ({self.context})" if self.context else ""
        return f"{self.player} at {self.at}{where}: {self.text()}"

    def _repr_html_(self) -> str:
        from solver.io.notebook import text_html  # a display hook (upward)
        return text_html(self)

    def to_dict(self) -> dict:
        return {"player": self.player, "at": self.at, "chosen": self.chosen,
                "alternative": self.alternative,
                "chosen_expression": expression_text(self.chosen_expression),
                "alternative_expression": expression_text(self.alternative_expression),
                "chosen_value": format_number(self.chosen_value),
                "alternative_value": format_number(self.alternative_value),
                "relation": self.relation, "on_path": self.on_path, "context": self.context,
                "kind": self.kind}


def evaluate(expr: Any, subs: Mapping) -> Any:
    """The value of an expression at the parameter values: a Fraction (or a float)."""
    if not is_sympy(expr):
        return expr
    v = expr.xreplace(subs) if expr.free_symbols else expr
    if v.free_symbols:
        raise GameError(f"decisive parameters: no value for {sorted(map(str, v.free_symbols))}")
    if v.is_Rational:
        return Fraction(int(v.p), int(v.q))
    return float(v)
