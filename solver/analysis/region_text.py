"""Region maps in words and JSON: numbers, points, relations, outcomes and the sentence
for a smallest change (:mod:`solver.analysis.region`)."""
from __future__ import annotations

from fractions import Fraction

import sympy

from solver.analysis.comparisons import expression_text
from solver.numbers import format_number, json_number

__all__ = ["relation_text", "number_text", "json_exact", "short_expression", "point_dict",
           "point_text", "outcome_text", "change_sentence"]


def relation_text(rel) -> str:
    """A sympy relation as text: ``"kappa*s = 3/20"``, ``"kappa*s < 3/20"``."""
    op = {"==": "=", "<": "<", ">": ">", "<=": "<=", ">=": ">="}[rel.rel_op]
    return f"{expression_text(rel.lhs)} {op} {expression_text(rel.rhs)}"


def number_text(x) -> str:
    """An exact rational as it is (``3/10``); an algebraic number with its decimal."""
    if isinstance(x, (Fraction, int)):
        if isinstance(x, Fraction) and x.denominator > 1000:
            return f"{format_number(x)} ≈ {float(x):#.4g}"
        return format_number(x)
    if isinstance(x, float):
        return f"{x:.4g}"
    x = sympy.sympify(x)
    if x.is_Rational:
        return number_text(Fraction(int(x.p), int(x.q)))
    d = f"{float(sympy.N(x, 30)):#.4g}"
    if x.is_Float:
        return d
    text = min((expression_text(x), expression_text(sympy.together(x))), key=len)
    if len(text) <= 24 and "RootOf" not in text:
        return f"{text} ≈ {d}"
    return f"≈ {d}"


def json_exact(x):
    """A number for JSON: a rational as ``"3/10"``, an algebraic number as
    ``{"exact": ..., "approx": ...}``."""
    if isinstance(x, (Fraction, int, float)):
        return json_number(x)
    x = sympy.sympify(x)
    if x.is_Rational:
        return json_number(Fraction(int(x.p), int(x.q)))
    return {"exact": str(x), "approx": float(sympy.N(x, 30))}


def short_expression(expr, limit: int = 60) -> str:
    """An expression's text, or the parameters it involves when it is long."""
    text = expression_text(expr)
    if len(text) <= limit or not isinstance(expr, sympy.Basic):
        return text
    names = sorted((str(x) for x in expr.free_symbols), key=str.lower)
    return "an expression in " + ", ".join(names)


def point_dict(names, point):
    """A point for JSON: ``{lever: number}``."""
    return {n: json_exact(v) for n, v in zip(names, point)}


def point_text(names, point) -> str:
    """A point in words: ``"kappa = 1/2, s = 1/5"`` (``"kappa ≈ 0.4068"`` when not rational)."""
    parts = []
    for n, v in zip(names, point):
        text = number_text(v)
        parts.append(f"{n} {text}" if text.startswith("≈") else f"{n} = {text}")
    return ", ".join(parts)


def outcome_text(outcome) -> str:
    """A region's outcome (one tuple of ``(player, at, choice)`` per equilibrium) in words."""
    if not outcome:
        return "no equilibrium found"
    texts = []
    for eq in outcome:
        parts, last = [], None
        for player, at, choice in eq:
            where = "" if at in ("the table", player) else f" at {at}"
            if player == last:
                parts[-1] += f", {choice}{where}"
            else:
                parts.append(f"{player}: {choice}{where}")
            last = player
        texts.append("; ".join(parts))
    if len(texts) == 1:
        return texts[0]
    return f"{len(texts)} equilibria: " + " / ".join(f"({t})" for t in texts)


def change_sentence(c, names) -> str:
    """The sentence for a :class:`~solver.analysis.region_records.SmallestChange` ``c``
    from the current point, the levers named ``names``."""
    what = c.action if c.at in ("the table", c.player) else f"{c.action} at {c.at}"
    verb = "plays" if c.at == "the table" else "chooses"
    every = " in every equilibrium" if c.at == "the table" else ""
    if c.holds_now:
        return f"{c.player} already {verb} {what}{every} at the current point."
    alone = [m for m in c.moves if m.kind == "alone"]
    together = [m for m in c.moves if m.kind == "together"]
    nearest = [m for m in c.moves if m.kind == "nearest"]
    parts, last_verb = [], None
    for m in alone:
        k = 0 if m.changes[1] == 0 else 1
        d = m.changes[k]
        rises = _positive(d)
        word = "rises" if rises else "falls"
        lead = f"{names[k]} {word}" if word != last_verb else names[k]
        about = "" if m.exact else "about "
        parts.append(f"{lead} by {about}{number_text(_abs(d))} (to {about}{number_text(m.to[k])})")
        last_verb = word
    for m in together:
        dirs = ["up" if _positive(d) else "down" for d in m.changes]
        about = "" if m.exact else "about "
        if dirs[0] == dirs[1]:
            how = "rise" if dirs[0] == "up" else "fall"
            parts.append(f"both {how} by {about}{number_text(m.share)} of their ranges ("
                         f"{names[0]} to {about}{number_text(m.to[0])}, {names[1]} to "
                         f"{about}{number_text(m.to[1])})")
        else:
            parts.append(f"both move by {about}{number_text(m.share)} of their ranges ("
                         f"{names[0]} {dirs[0]} to {about}{number_text(m.to[0])}, {names[1]} "
                         f"{dirs[1]} to {about}{number_text(m.to[1])})")
    if not parts and not nearest:
        return (f"No point of the map makes {c.player} {'play' if verb == 'plays' else 'choose'}"
                f" {what}{every}.")
    text = f"{c.player} {verb} {what}{every}"
    if parts:
        text += " if " + ", or ".join(parts)
    if nearest:
        m = nearest[0]
        text += ("; " if parts else " ") + (
            f"the nearest such point is {point_text(names, m.to)} ("
            f"{m.distance:.4g} of the ranges away)")
    text += "."
    if c.unreachable:
        text += " " + " ".join(c.unreachable)
    if c.moves and all(m.confirmed for m in c.moves):
        text += " Each confirmed by solving just beyond."
    elif c.moves:
        text += " (Not every move could be confirmed by solving.)"
    return text


def _positive(x) -> bool:
    return float(sympy.N(x, 30)) > 0 if isinstance(x, sympy.Basic) else x > 0


def _abs(x):
    if isinstance(x, sympy.Basic):
        return -x if float(sympy.N(x, 30)) < 0 else x
    return abs(x)
