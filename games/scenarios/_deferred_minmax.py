"""``max`` and ``min`` of two expressions, worked out only once both are numbers.

Used by :mod:`games.scenarios.leverage_bargaining`.  The module's name starts with an
underscore so that :mod:`games.scenarios` does not import it with the game modules:
it imports sympy, which listing and solving concrete games do not need.
"""
from __future__ import annotations

import sympy

__all__ = ["DeferredMax", "DeferredMin"]


class DeferredMax(sympy.Function):
    """``max(a, b)``, worked out only once both are numbers.

    sympy's ``Max`` compares its symbolic arguments every time an expression holding
    it is rebuilt (a substitution, a simplification), which makes explanations slow;
    this one waits for numbers.  It prints as sympy's ``Max`` does (``max`` in
    explanations), and printed text reads back as sympy's ``Max``."""

    nargs = 2

    @classmethod
    def eval(cls, a, b):
        if a.is_Number and b.is_Number:
            return a if a >= b else b
        return None

    def _sympystr(self, printer):
        return printer.doprint(sympy.Max(*self.args, evaluate=False))

    def _latex(self, printer):
        return printer.doprint(sympy.Max(*self.args, evaluate=False))


class DeferredMin(sympy.Function):
    """``min(a, b)``, worked out only once both are numbers (see :class:`DeferredMax`)."""

    nargs = 2

    @classmethod
    def eval(cls, a, b):
        if a.is_Number and b.is_Number:
            return a if a <= b else b
        return None

    def _sympystr(self, printer):
        return printer.doprint(sympy.Min(*self.args, evaluate=False))

    def _latex(self, printer):
        return printer.doprint(sympy.Min(*self.args, evaluate=False))
