"""Exact scalars.

gamesolver computes with :class:`fractions.Fraction` by default.  The rules:

* ``int``, :class:`~fractions.Fraction`, numpy integers and decimal or fraction
  strings (``"0.45"``, ``"-3/10"``, ``"1e-2"``) are exact: ``"0.45"`` is ``9/20``.
* ``float`` is accepted but marks the value (and the game holding it) inexact;
  algorithms then use explicit relative tolerances.
* sympy expressions with free symbols are *parameters*: a game holding them is
  parametric and is solved after substitution (or symbolically where the
  algorithm allows it).
"""
from __future__ import annotations

import keyword
import math
import numbers as _numbers
import re
import sys
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Union

import numpy as np

if TYPE_CHECKING:  # sympy is imported only where an expression is met (startup time)
    import sympy

__all__ = [
    "Number",
    "to_number",
    "to_fraction",
    "is_exact_value",
    "is_symbolic",
    "is_sympy",
    "format_number",
    "int_text",
    "short_number",
    "json_number",
    "lcm_of_denominators",
    "sympify_number",
    "parse_expression",
    "substitute_value",
    "merge_parameter_values",
    "DEFAULT_TOLERANCE",
    "compact_number",
    "read_number",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_POWER",
]

Number = Union[Fraction, float, "sympy.Expr"]

#: Relative tolerance of float games: a regret up to ``DEFAULT_TOLERANCE`` times the
#: payoff range counts as zero.
DEFAULT_TOLERANCE = 1e-9

#: Bounds of the number reader: at most this many digits in a number (its numerator and
#: denominator together) and decimal exponents within +/- this value.  Far beyond any
#: payoff or probability a game needs, and small enough that no input can make a
#: Fraction that takes long to build or to print.
MAX_DIGITS = 1000
MAX_EXPONENT = 1000
#: Powers in expressions must have a small integer literal exponent, at most this.
MAX_POWER = 64

_NUMBER = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?(?:/(\d+))?", re.ASCII)


def read_number(text: str, where: str = "value") -> Fraction | None:
    """An exact number written as a decimal or a fraction, read within fixed bounds.

    ``"0.45"``, ``"-3"``, ``"2/3"``, ``"1.5e-3"``, ``"1e3/7"`` are read exactly.  Text
    that is not such a literal gives None (it may be an expression).  A literal with
    more than :data:`MAX_DIGITS` digits or an exponent beyond :data:`MAX_EXPONENT` is an
    :class:`~solver.errors.InvalidGameError` naming ``where``: ``1e99999999`` would
    otherwise take minutes to build.

    >>> read_number("0.45"), read_number("2/3"), read_number("1.5e-3"), read_number("x")
    (Fraction(9, 20), Fraction(2, 3), Fraction(3, 2000), None)
    """
    from solver.errors import InvalidGameError

    m = _NUMBER.fullmatch(text.strip())
    if m is None:
        return None
    sign, whole, frac, exp, den = m.groups()
    frac = frac or ""
    if not whole and not frac:
        return None
    digits = len(whole) + len(frac) + len(den or "")
    if digits > MAX_DIGITS:
        raise InvalidGameError(f"{where}: a number with {digits} digits; at most {MAX_DIGITS} "
                               "are read")
    e = int(exp) if exp and len(exp.lstrip("+-")) <= 6 else (MAX_EXPONENT + 1 if exp else 0)
    if abs(e) > MAX_EXPONENT:
        raise InvalidGameError(f"{where}: the exponent of {text.strip()[:40]!r} is beyond "
                               f"+/-{MAX_EXPONENT}")
    if den is not None and int(den) == 0:
        raise InvalidGameError(f"{where}: {text.strip()!r} divides by zero")
    value = Fraction(int((whole or "0") + frac), 10 ** len(frac))
    value = value * 10 ** e if e >= 0 else value / 10 ** -e
    if den is not None:
        value /= int(den)
    return -value if sign == "-" else value


def is_sympy(x: Any) -> bool:
    """True when *x* is a sympy object (an expression, a symbol, a sympy number).

    sympy is not imported for this: a program that has not imported sympy holds no
    sympy object, so games of plain numbers never pay sympy's import time.

    >>> from fractions import Fraction
    >>> is_sympy(Fraction(1, 2))
    False
    """
    module = sys.modules.get("sympy")
    return module is not None and isinstance(x, module.Basic)


def to_number(value: Any, where: str = "value") -> Number:
    """Convert a user value to an exact Fraction, a float or a sympy expression.

    Parameters
    ----------
    value : int, Fraction, str, float, numpy scalar or sympy expression
        The value to convert.  Strings are parsed exactly (``"0.45"`` is 9/20,
        ``"2/3"`` is 2/3) or, if they are not numbers, as sympy expressions in
        named parameters (``"1 - x - lam*s"``).
    where : str
        Names the place of the value in error messages ("payoff of Row at
        (C, D)").

    Returns
    -------
    Fraction, float or sympy.Expr

    Raises
    ------
    InvalidGameError
        For booleans, NaN, infinities, empty strings and text that is neither a
        number nor an expression.
    """
    from solver.errors import InvalidGameError

    if isinstance(value, (bool, np.bool_)):
        raise InvalidGameError(f"{where}: expected a number, got the boolean {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if not math.isfinite(f):
            raise InvalidGameError(f"{where}: expected a finite number, got {value!r}")
        return f
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise InvalidGameError(f"{where}: expected a number, got an empty string")
        exact = read_number(text, where)
        if exact is not None:
            return exact
        return to_number(parse_expression(text, where=where), where)
    if is_sympy(value):
        import sympy
        if not isinstance(value, sympy.Expr):
            raise InvalidGameError(f"{where}: {value!r} is not a number")
        if value.free_symbols:
            return value
        if value.is_Rational:
            return Fraction(int(value.p), int(value.q))
        if value.is_Float:
            return to_number(float(value), where)
        if value.is_real is False or value.has(sympy.zoo, sympy.oo, sympy.nan):
            raise InvalidGameError(f"{where}: {value!r} is not a finite real number")
        raise InvalidGameError(
            f"{where}: {value!r} is irrational; gamesolver keeps payoffs rational"
        )
    if isinstance(value, _numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    raise InvalidGameError(f"{where}: expected a number, got {type(value).__name__} {value!r}")


def to_fraction(value: Any, where: str = "value") -> Fraction:
    """Like :func:`to_number` but insist on an exact rational (floats are refused)."""
    from solver.errors import InvalidGameError

    x = to_number(value, where)
    if isinstance(x, Fraction):
        return x
    if isinstance(x, float):
        raise InvalidGameError(
            f"{where}: {value!r} is a float; give it as a string ('0.45') or a Fraction "
            "to keep it exact"
        )
    raise InvalidGameError(f"{where}: {value!r} has free parameters {sorted(map(str, x.free_symbols))}")


def is_exact_value(x: Any) -> bool:
    """True for Fractions and ints (exact rationals), False for floats and symbols."""
    return isinstance(x, (Fraction, int)) and not isinstance(x, bool)


def is_symbolic(x: Any) -> bool:
    """True when *x* is a sympy expression with free symbols."""
    return is_sympy(x) and bool(x.free_symbols)


def int_text(n: int) -> str:
    """The decimal digits of an integer of any length.

    ``str`` refuses integers of more than 4300 digits (``sys.int_info``'s default
    limit, a guard against slow conversions); exact results can be longer, so they
    are converted in halves, each within the limit.

    >>> len(int_text(10 ** 5000)), int_text(-12)
    (5001, '-12')
    """
    n = int(n)
    if n.bit_length() < 13_000:                 # about 3900 digits: within the limit
        return str(n)
    if n < 0:
        return "-" + int_text(-n)
    half = int(n.bit_length() * 0.30103) // 2
    high, low = divmod(n, 10 ** half)
    return int_text(high) + int_text(low).rjust(half, "0")


def short_number(x: Any, digits: int = 15) -> str:
    """Text for a number that stays short: exact when it has at most ``digits``
    digits, else its magnitude (``"about 1.234e5012"``).  For messages and counts,
    which must never fail to print (:func:`format_number` writes numbers in full).

    >>> short_number(12345), short_number(10 ** 5000 + 1), short_number(Fraction(1, 3))
    ('12345', 'about 1.000e5000', '1/3')
    """
    if isinstance(x, Fraction) and x.denominator == 1:
        x = x.numerator
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        n = int(x)
        if abs(n).bit_length() <= 3.3 * digits:
            return str(n)
        text = int_text(abs(n))
        if len(text) <= digits:
            return str(n)
        sign = "-" if n < 0 else ""
        return f"about {sign}{text[0]}.{text[1:4]}e{len(text) - 1}"
    if isinstance(x, Fraction):
        if max(x.numerator.bit_length(), x.denominator.bit_length()) <= 3.3 * digits:
            return f"{x.numerator}/{x.denominator}"
        e = len(int_text(abs(x.numerator))) - len(int_text(x.denominator))
        mantissa = float(Fraction(abs(x.numerator), x.denominator) / Fraction(10) ** e)
        while mantissa >= 10:
            mantissa, e = mantissa / 10, e + 1
        while 0 < mantissa < 1:
            mantissa, e = mantissa * 10, e - 1
        return f"about {'-' if x < 0 else ''}{mantissa:.3f}e{e}"
    return format_number(x)


def format_number(x: Any) -> str:
    """Text for a number: ``"1/3"``, ``"2"``, ``"0.3333"`` for floats, sympy's text for
    expressions.  Exact numbers are written in full, however long (:func:`int_text`)."""
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return int_text(x.numerator)
        return f"{int_text(x.numerator)}/{int_text(x.denominator)}"
    if isinstance(x, (int, np.integer)):
        return int_text(x)
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    try:
        return str(x)
    except ValueError:      # a sympy number beyond str's 4300 digits
        if getattr(x, "is_Rational", False):
            return format_number(Fraction(int(x.p), int(x.q)))
        return f"<an expression too long to print ({type(x).__name__})>"


def json_number(x: Any):
    """The JSON form of a number: exact ones as strings, inexact ones as JSON numbers."""
    if isinstance(x, (float, np.floating)):
        return float(x)
    return format_number(x)


def lcm_of_denominators(values) -> int:
    """Least common multiple of the denominators of an iterable of Fractions."""
    result = 1
    for v in values:
        d = v.denominator
        if d != 1 and result % d:
            result = result * d // math.gcd(result, d)
    return result


def sympify_number(x: Any) -> "sympy.Expr":
    """The sympy form of a Fraction, float or expression (Fractions stay exact)."""
    import sympy
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    if isinstance(x, sympy.Basic):
        return x
    return sympy.Float(x) if isinstance(x, float) else sympy.Integer(x)


def substitute_value(expr: Any, values: dict, where: str = "value") -> Number:
    """Put parameter values (by name) into a sympy expression and convert the result.

    The result is a Fraction when every symbol got an exact value, a float when a
    float value was used, and a sympy expression when symbols remain.
    """
    if not is_sympy(expr):
        return expr
    import sympy
    subs = {sympy.Symbol(k): sympify_number(v) for k, v in values.items()}
    # xreplace swaps the symbols and re-evaluates once; subs would try each pattern in
    # turn, about 40 times slower on games with many parameters
    return to_number(expr.xreplace(subs), where)


def merge_parameter_values(symbols, defaults: dict, given: dict,
                           use_defaults: bool = False) -> dict[str, Number]:
    """The parameter values to put into a parametric game, checked and converted.

    Parameters
    ----------
    symbols : iterable of str
        The free symbols left in the game.
    defaults : dict
        The game's default parameter values, by name.
    given : dict
        The values asked for, by name (strings such as ``"0.7"`` stay exact).
    use_defaults : bool
        Also take the default of every symbol not given.

    Returns
    -------
    dict
        Values by name, only for names that are still free symbols (possibly empty).

    Raises
    ------
    InvalidGameError
        For a name that is neither a symbol nor a parameter, or a bad value.
    """
    from solver.errors import InvalidGameError

    symbols = set(symbols)
    known = symbols | set(defaults)
    unknown = sorted(set(given) - known)
    if unknown:
        raise InvalidGameError(
            f"unknown parameter {unknown[0]!r}; the game's parameters are {sorted(known)}")
    merged = {k: v for k, v in defaults.items() if k in symbols} if use_defaults else {}
    merged.update({k: to_number(v, f"parameter {k!r}") for k, v in given.items()})
    return {k: v for k, v in merged.items() if k in symbols}


# Expressions are parsed by sympy.sympify, which evaluates Python code, so text is
# first checked to hold only numbers, arithmetic, parentheses, names and these few
# functions.  Every other name becomes a plain Symbol: "beta", "E", "S" or "N" are
# parameters here, not sympy's beta function, Euler's number or its singletons.
_FUNCTIONS = ("Min", "Max", "Abs")
_EXPR_TOKEN = re.compile(
    r"\s+|[A-Za-z_][A-Za-z0-9_]*|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|\*\*|[-+*/^(),]",
    re.ASCII)
_MAX_EXPRESSION = 2000
_EXPR_NUMBER = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def parse_expression(text: str, symbols=None, where: str = "value") -> "sympy.Expr":
    """Parse arithmetic in named parameters safely, e.g. ``"1 - x - lam*s"``.

    Parameters
    ----------
    text : str
        Numbers (exact: ``0.45`` is 9/20), ``+ - * / ** ^``, parentheses, names
        and the functions ``Min``, ``Max``, ``Abs``.
    symbols : collection of str, optional
        When given, the only names allowed.
    where : str
        Names the place of the text in error messages.

    Raises
    ------
    InvalidGameError
        For any other character or name, or text that is not an expression.
    """
    import sympy

    from solver.errors import InvalidGameError

    functions = {name: getattr(sympy, name) for name in _FUNCTIONS}
    if len(text) > _MAX_EXPRESSION:
        raise InvalidGameError(f"{where}: expression longer than {_MAX_EXPRESSION} characters")
    names = {}
    pos = 0
    while pos < len(text):
        m = _EXPR_TOKEN.match(text, pos)
        if m is None:
            raise InvalidGameError(f"{where}: {text!r} is not a number (unexpected {text[pos]!r})")
        word = m.group()
        if word[0].isalpha() or word[0] == "_":
            if word not in _FUNCTIONS:
                if word.startswith("_") or keyword.iskeyword(word) or (
                        symbols is not None and word not in symbols):
                    allowed = f"; parameters are {sorted(symbols)}" if symbols is not None else ""
                    raise InvalidGameError(f"{where}: {word!r} is not allowed in {text!r}{allowed}")
                names[word] = sympy.Symbol(word)
        pos = m.end()
    for m in _EXPR_NUMBER.finditer(text):
        read_number(m.group(), where)          # every literal within the reader's bounds
    try:
        with sympy.evaluate(False):
            tree = sympy.sympify(text.replace("^", "**"), locals={**functions, **names},
                                 rational=True)
    except (sympy.SympifyError, SyntaxError, TypeError, ValueError, AttributeError):
        raise InvalidGameError(f"{where}: {text!r} is neither a number nor an expression") from None
    if not isinstance(tree, sympy.Expr):
        raise InvalidGameError(f"{where}: {text!r} is not a number")
    if _power_degree(tree) > MAX_POWER:
        raise InvalidGameError(f"{where}: in {text!r}, powers must have integer exponents, "
                               f"and nested ones multiply to at most {MAX_POWER}")
    # now safe to evaluate: no power can make a number of more than 64 times a literal's size
    expr = sympy.sympify(text.replace("^", "**"), locals={**functions, **names}, rational=True)
    for node in sympy.preorder_traversal(expr):
        if node.is_Rational and len(str(node.p)) + len(str(node.q)) > MAX_DIGITS:
            raise InvalidGameError(f"{where}: {text!r} evaluates to a number of more than "
                                   f"{MAX_DIGITS} digits")
    return expr


def _power_degree(tree) -> int:
    """The largest product of integer exponents along nested powers of an unevaluated
    expression (``(a**3)**4`` has 12); a huge number when an exponent is not an integer."""
    import sympy
    if isinstance(tree, sympy.Pow):
        n = tree.exp
        if isinstance(n, sympy.Mul) and len(n.args) == 2 and n.args[0] == -1:
            n = n.args[1]                       # -k, unevaluated
        if not n.is_Integer:
            return MAX_POWER + 1
        return max(abs(int(n)), 1) * max(_power_degree(tree.base), 1)
    return max((_power_degree(a) for a in tree.args), default=1)


def compact_number(x: Any) -> Any:
    """A Fraction with denominator 1 as an int (much faster arithmetic); anything else as is.

    >>> compact_number(Fraction(4, 2)), compact_number(Fraction(1, 2))
    (2, Fraction(1, 2))
    """
    if isinstance(x, Fraction) and x.denominator == 1:
        return x.numerator
    return x
