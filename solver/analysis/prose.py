"""The words of explanations: sections, numbers, labels and comparisons as prose.

Every explainer (:mod:`solver.analysis.explain` for normal forms,
:mod:`solver.analysis.explain_tree` for trees, and the sections they add) writes
with these pieces, so that a number, a strategy label, a mix or a certificate reads
the same everywhere.  An :class:`Explanation` is a tuple of titled
:class:`Section` objects; ``str()`` gives text wrapped at :data:`WIDTH` columns and
``to_dict()`` its JSON form.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver.numbers import DEFAULT_TOLERANCE, format_number

__all__ = ["WIDTH", "Section", "Explanation", "number_text", "value_text", "join_words",
           "label_text", "mix_text", "decimal_text", "value_pair_text", "capitalize_first", "Comparator", "certificate_line",
           "NORMAL_METHOD_WORDS"]


WIDTH = 88


@dataclass(frozen=True)
class Section:
    """One part of an explanation: a title and lines of prose, wrapped at ``width`` columns."""

    title: str
    lines: tuple[str, ...]
    width: int = WIDTH

    def to_dict(self) -> dict:
        return {"title": self.title, "lines": list(self.lines)}

    def __str__(self) -> str:
        body = [textwrap.fill(line, self.width, subsequent_indent="  ") for line in self.lines]
        return "\n".join([self.title, "-" * len(self.title)] + body)


@dataclass(frozen=True)
class Explanation:
    """The reasons behind a solution, as titled sections of prose.

    ``str(explanation)`` is readable text; :meth:`to_dict` is its JSON form.
    """

    sections: tuple[Section, ...]

    def __str__(self) -> str:
        return "\n\n".join(str(s) for s in self.sections)

    def to_dict(self) -> dict:
        return {"sections": [s.to_dict() for s in self.sections]}

    def _repr_html_(self) -> str:
        from solver.io.notebook import explanation_html  # a display hook (upward)
        return explanation_html(self)

    def __getitem__(self, title: str) -> Section:
        for s in self.sections:
            if s.title == title:
                return s
        raise KeyError(title)


def number_text(x: Any) -> str:
    return format_number(x)


def join_words(words: list[str], last: str = "and") -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def mix_text(labels, probs) -> str:
    """``"M"`` for a pure strategy, ``"1/3 Opera, 2/3 Fight"`` for a mix."""
    played = [(label_text(l), p) for l, p in zip(labels, probs) if p > 0]
    if len(played) == 1:
        return played[0][0]
    return ", ".join(f"{number_text(p)} {l}" for l, p in played)


def label_text(label: str) -> str:
    """A strategy label for prose: quoted when it could be read as a number ("2")."""
    return f'"{label}"' if label[:1].isdigit() or label[:1] in "+-." else label


class Comparator:
    """Comparisons exact in exact games, relative to the payoff range otherwise."""

    def __init__(self, game):
        self.slack = 0 if game.exact else DEFAULT_TOLERANCE * game.payoff_range

    def eq(self, a, b) -> bool:
        return abs(a - b) <= self.slack

    def gt(self, a, b) -> bool:
        return a - b > self.slack


def certificate_line(solution) -> str:
    """How the equilibria were certified: exactly, or within a float tolerance."""
    if solution.exact:
        return ("Exact: every number is an exact fraction, and each equilibrium was "
                "certified: no player gains anything by deviating (regret exactly 0).")
    worst = max((max(e.regret) for e in solution.equilibria), default=0.0)
    return ("Floating point: numbers are rounded; each equilibrium was certified up to "
            f"a tolerance relative to the payoff range (largest regret {number_text(worst)}).")


NORMAL_METHOD_WORDS = {
    "pure": "checks every cell of the table for mutual best responses",
    "enumerate": "enumerates the candidate supports (or vertices) and solves the "
                 "indifference equations exactly on each",
    "lemke-howson": "follows the Lemke-Howson path of complementary pivots to one equilibrium",
    "zero-sum": "solves the minimax linear program of the zero-sum game",
    "dominance": "removes dominated strategies, then solves the smaller game that is left",
}


#: Decimals that end within this many digits are shown in full (``0.4625``).
EXACT_DECIMALS = 6
#: Significant digits of a decimal that does not end (``0.3333…``).
DECIMAL_DIGITS = 4


def decimal_text(x: Fraction, digits: int = DECIMAL_DIGITS) -> str:
    """A fraction as a decimal a reader can trust: in full when it ends within
    :data:`EXACT_DECIMALS` digits (at least two: ``"0.40"``, ``"0.545"``), else to
    ``digits`` significant digits followed by ``"…"`` (``"0.3333…"``).

    >>> decimal_text(Fraction(2, 5)), decimal_text(Fraction(37, 80)), decimal_text(Fraction(1, 3))
    ('0.40', '0.4625', '0.3333…')
    """
    q = x.denominator
    for p in (2, 5):
        while q % p == 0:
            q //= p
    if q == 1:
        for places in range(2, EXACT_DECIMALS + 1):
            if (x * 10 ** places).denominator == 1:
                return f"{float(x):.{places}f}"
    return f"{float(x):#.{digits}g}…"


def value_text(x: Any, digits: int = DECIMAL_DIGITS) -> str:
    """An exact number with its decimal: ``"2/5 (0.40)"``, ``"109/200 (0.545)"``;
    integers and floats as they are."""
    if isinstance(x, Fraction) and x.denominator != 1:
        return f"{number_text(x)} ({decimal_text(x, digits)})"
    return number_text(x)


def value_pair_text(a: Any, b: Any) -> tuple[str, str]:
    """Two values written with enough digits that different numbers never read the same.

    >>> value_pair_text(Fraction(1, 3), Fraction(3334, 10003))
    ('1/3 (0.33333…)', '3334/10003 (0.33330…)')
    """
    for digits in range(DECIMAL_DIGITS, 31):
        left, right = value_text(a, digits), value_text(b, digits)
        if a == b or _decimal(left) != _decimal(right):
            break
    return left, right


def _decimal(text: str) -> str:
    return text[text.find("(") + 1:].rstrip(")…") if "(" in text else text


def capitalize_first(text: str) -> str:
    """Capitalise the first letter only (labels keep their case)."""
    return text[:1].upper() + text[1:]
