"""Expressions in the varied parameters compiled into one numpy function, with
running bounds on their rounding errors (for the regimes of
:mod:`solver.analysis.uncertainty_regimes`)."""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

__all__ = ["compile_numpy", "UNIT_ROUNDOFF"]

_RELATIONS = (">", "<", ">=", "<=", "==", "!=")

#: Unit roundoff of IEEE double precision.
UNIT_ROUNDOFF = 2.0 ** -53


def compile_numpy(symbols: Sequence[sympy.Symbol], exprs: Sequence[Any], errors: bool = False):
    """One numpy function of columns of parameter values evaluating ``exprs``.

    Without ``errors`` the function returns the list of values.  With ``errors`` it
    returns ``(values, bounds, decided)``: each value with a first-order bound on
    its rounding error, and a boolean array saying where every comparison inside a
    piecewise definition was decided beyond its rounding error (a *running error
    bound*: Higham 2002, *Accuracy and Stability of Numerical Algorithms*, sec. 3.3;
    sums and products add their operands' bounds, scaled by the other operands,
    plus one unit roundoff per operation; inputs are exact).

    The code is written here rather than by :func:`sympy.lambdify`, whose printer
    takes tens of milliseconds per regime: sums and products are evaluated left to
    right in the order of the expression's arguments (sympy's canonical order), and
    rational constants as the nearest floats, so the same expression gives the same
    floats in every process.  Sums, products, integer powers, max, min, abs and
    piecewise definitions with comparisons are written out; anything else falls
    back to ``lambdify`` (and then has no error bound: ``errors`` gives NaN bounds,
    which no check passes).
    """
    names = {sym: f"c{k}" for k, sym in enumerate(symbols)}
    lines: list[str] = []
    memo: dict[Any, tuple[str, str]] = {}
    decided: list[str] = []
    count = [0]
    zero = "0.0"

    def new(text: str) -> str:
        t = f"t{count[0]}"
        count[0] += 1
        lines.append(f"    {t} = {text}")
        return t

    def err(text: str) -> str:
        return new(text) if errors else zero

    def gen(e) -> tuple[str, str]:
        got = memo.get(e)
        if got is None:
            got = memo[e] = build(e)
        return got

    def fold(fn: str, parts):
        v, m = parts[0]
        for v2, m2 in parts[1:]:
            v = new(f"{fn}({v}, {v2})")
            m = err(f"numpy.maximum({m}, {m2})") if (m, m2) != (zero, zero) else zero
        return v, m

    def build(e) -> tuple[str, str]:
        if e.is_Symbol:
            return names[e], zero
        if e.is_Rational:
            f = float(e)
            exact = Fraction(f) == Fraction(int(e.p), int(e.q))
            return repr(f), zero if exact else repr(UNIT_ROUNDOFF * abs(f))
        if e.is_Float:
            return repr(float(e)), repr(UNIT_ROUNDOFF * abs(float(e)))
        if e.is_Add or e.is_Mul:
            parts = [gen(a) for a in e.args]
            op = " + " if e.is_Add else " * "
            v = new("(" + op.join(p[0] for p in parts) + ")")
            if not errors:
                return v, zero
            n = len(parts) - 1
            if e.is_Add:
                terms = [p[1] for p in parts if p[1] != zero]
                terms.append(f"{n * UNIT_ROUNDOFF!r} * (" + " + ".join(f"numpy.abs({p[0]})"
                                                          for p in parts) + ")")
            else:
                terms = []
                for i, (_, m) in enumerate(parts):
                    if m != zero:
                        others = [f"numpy.abs({p[0]})" for j, p in enumerate(parts) if j != i]
                        terms.append(" * ".join([m] + others))
                terms.append(f"{n * UNIT_ROUNDOFF!r} * numpy.abs({v})")
            return v, err(" + ".join(terms))
        name = type(e).__name__.strip("_").lower()
        if name in ("max", "min") and e.args:   # sympy's Max/Min, or a game's own lazy ones
            return fold("numpy.maximum" if name == "max" else "numpy.minimum",
                        [gen(a) for a in e.args])
        if name == "abs" and len(e.args) == 1:
            v, m = gen(e.args[0])
            return new(f"numpy.abs({v})"), m
        if e.is_Pow and e.exp.is_Integer:
            k = int(e.exp)
            b, mb = gen(e.base)
            if k >= 0:
                v = new(f"({b} ** {k})")
                lead = f"{k} * numpy.abs({b}) ** {k - 1} * {mb} + " if mb != zero and k else ""
                return v, err(f"{lead}{2 * UNIT_ROUNDOFF!r} * numpy.abs({v})")
            v = new(f"(1.0 / ({b} ** {-k}))")
            lead = f"{-k} * numpy.abs({v}) / numpy.abs({b}) * {mb} + " if mb != zero else ""
            return v, err(f"{lead}{3 * UNIT_ROUNDOFF!r} * numpy.abs({v})")
        if isinstance(e, sympy.Piecewise):      # the first branch whose condition holds
            v, m = "numpy.nan", zero
            for value, cond in reversed(e.args):
                if cond is sympy.false:
                    continue
                vv, mv = gen(value)
                if cond is sympy.true:
                    v, m = vv, mv
                    continue
                c = gen(cond)[0]
                v = new(f"numpy.where({c}, {vv}, {v})")
                m = err(f"numpy.where({c}, {mv}, {m})") if (mv, m) != (zero, zero) else zero
            return v, m
        if isinstance(e, sympy.core.relational.Relational) and e.rel_op in _RELATIONS:
            (l, ml), (r, mr) = gen(e.lhs), gen(e.rhs)
            c = new(f"({l} {e.rel_op} {r})")
            if errors:
                decided.append(new(f"numpy.abs({l} - {r}) > 2.0 * ({ml} + {mr}) + "
                                   f"{4 * UNIT_ROUNDOFF!r} * numpy.abs({l} - {r})"))
            return c, zero
        if isinstance(e, (sympy.And, sympy.Or)):
            return fold("numpy.logical_and" if isinstance(e, sympy.And) else "numpy.logical_or",
                        [gen(a) for a in e.args])
        if isinstance(e, sympy.Not):
            return new(f"numpy.logical_not({gen(e.args[0])[0]})"), zero
        if e is sympy.true or e is sympy.false:
            return ("True" if e is sympy.true else "False"), zero
        raise NotImplementedError(type(e).__name__)

    try:
        outs = [gen(sympy.sympify(e)) for e in exprs]
    except NotImplementedError:
        plain = sympy.lambdify(list(symbols), list(exprs), modules="numpy", cse=False,
                               dummify=True)
        if not errors:
            return plain
        return lambda *cols: (plain(*cols), [np.nan] * len(exprs), False)
    args = ", ".join(names[sym] for sym in symbols)
    values = "[" + ", ".join(v for v, _ in outs) + "]"
    if errors:
        ok = " & ".join(f"({d})" for d in decided) or "True"
        ret = f"{values}, [{', '.join(m for _, m in outs)}], {ok}"
    else:
        ret = values
    src = f"def f({args}):\n" + "".join(line + "\n" for line in lines) + f"    return {ret}\n"
    scope: dict[str, Any] = {"numpy": np}
    exec(compile(src, "<uncertainty regime>", "exec"), scope)   # noqa: S102 - our own code
    return scope["f"]

