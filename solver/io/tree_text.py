"""How the labels of a tree drawing are written: plain text, or a renderer's markup.

:class:`LabelFormat` writes a label in plain text: an action with its probability
(``Strong (9/10)``), a payoff vector (``(1, -1)``, or one number a line), a belief
(``[9/10]``, ``[μ ≤ 1/2]``, ``[1 − μ]``).  The renderers subclass it:
:class:`solver.io.tree_figure.FigureFormat` for matplotlib and
:class:`solver.io.tree_tikz.TexFormat` for LaTeX.  :func:`math_number` writes a
number as TeX mathematics, parametric expressions through :func:`sympy.latex`;
:func:`text_size` estimates how much room a plain text takes.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from solver.numbers import format_number, is_symbolic, short_number

__all__ = ["LabelFormat", "PLAIN", "math_number", "text_size", "FONT_POINTS"]

#: The size of the labels' font, in points.
FONT_POINTS = 10.0
_POINT = 1 / 72


class LabelFormat:
    """How a renderer writes labels; this base class writes plain text.

    Subclasses (the TikZ writer's) override :meth:`words`, :meth:`number`,
    :meth:`expression` and :meth:`join_lines`.
    """

    #: The symbol of an unknown belief.
    mu = "μ"

    def words(self, s: str) -> str:
        """A label given by the user (escaped for the markup)."""
        return s

    def number(self, x: Any) -> str:
        """A number: an exact fraction, a float or a parametric expression."""
        return short_number(x) if not is_symbolic(x) else self.expression(x)

    def expression(self, x: Any) -> str:
        return format_number(x)

    def join_lines(self, lines: list[str]) -> str:
        return "\n".join(lines)

    def probability(self, p: Any) -> str:
        return f"({self.number(p)})"

    def action(self, label: str, p: Any = None) -> str:
        text = self.words(label)
        if p is None:
            return text
        return f"{text} {self.probability(p)}" if text else self.probability(p)

    def vector(self, values, stacked: bool) -> str:
        parts = [self.number(v) for v in values]
        if stacked:
            return self.join_lines(parts)
        return "(" + ", ".join(parts) + ")"

    def belief(self, mark) -> str:
        if mark.value is not None:
            return f"[{self.number(mark.value)}]"
        if not mark.first:
            return f"[1 − {self.mu}]"
        return f"[{self._range(mark.low, mark.high)}]"

    def _range(self, low, high) -> str:
        mu = self.mu
        if low == 0 and high == 1:
            return f"any {mu}"
        if low == 0:
            return f"{mu} ≤ {self.number(high)}"
        if high == 1:
            return f"{mu} ≥ {self.number(low)}"
        return f"{self.number(low)} ≤ {mu} ≤ {self.number(high)}"


PLAIN = LabelFormat()


def _symbol_names(x):
    """Parameter names that sympy writes as plain letters get ``\\mathit`` (``lam`` ->
    ``\\mathit{lam}``), so that a product ``lam*s`` does not read as ``l a m s``."""
    import sympy
    names = {}
    for s in x.free_symbols:
        base = s.name.split("_")[0]
        if len(base) > 1 and sympy.latex(sympy.Symbol(base)) == base:
            names[s] = sympy.latex(s).replace(base, r"\mathit{" + base + "}", 1)
    return names


def math_number(x) -> str:
    r"""A number as TeX mathematics, without the dollars: ``-\frac{1}{2}``, ``3``,
    ``\kappa\,s + x`` (parameters by :func:`sympy.latex`).

    >>> print(math_number(Fraction(-1, 2)), math_number(3))
    -\frac{1}{2} 3
    """
    if isinstance(x, Fraction) and x.denominator != 1:
        sign = "-" if x < 0 else ""
        return f"{sign}\\frac{{{abs(x.numerator)}}}{{{x.denominator}}}"
    if is_symbolic(x):
        import sympy
        return sympy.latex(x, symbol_names=_symbol_names(x), mul_symbol=r"\,")
    return format_number(x)


def text_size(plain: str) -> tuple[float, float]:
    """Estimated width and height of a plain text in inches (at :data:`FONT_POINTS`)."""
    lines = plain.split("\n")
    em = FONT_POINTS * _POINT
    return max(len(s) for s in lines) * 0.56 * em, len(lines) * 1.25 * em
