"""Parametric analysis: where an equilibrium choice flips, and how equilibria move.

A parametric game has sympy symbols in its payoffs (and chance probabilities),
each with a default.  Two questions are asked of one parameter *t* at a time,
the others held at their defaults (or at given values):

* :func:`thresholds` -- at which values of *t* in ``[low, high]`` does some
  equilibrium choice change?  The answer is computed, never stored:

  - **Trees of perfect information** (solved by backward induction) are analysed
    *symbolically*.  Solve at a point; keep the equilibrium's choice at every
    decision node (a *regime*); re-evaluate, with *t* kept as a symbol, the
    continuation value of every action at every node under that regime.  The
    regime stays subgame perfect until some difference ``value(alternative) -
    value(chosen)`` of a mover changes sign, so the candidates are the real
    roots (and poles) of these rational functions of *t*.  The smallest one is
    checked by solving just below and just above it; every choice that really
    changes there is recorded, and the sweep continues from there with the new
    regime (a choice can flip several times).  Roots are exact (sympy
    ``Rational`` or algebraic numbers) when the game is exact.
  - **Normal-form games and other trees** are solved on a grid; a change of the
    equilibrium *signature* (each player's supports across the equilibria, or
    each information set's supports) between neighbouring points is then located
    exactly.  For normal-form games the candidates are the roots of the payoff
    comparisons ``u_i(s, o) - u_i(s', o)`` and, for two players, of the
    indifference conditions of each mixed equilibrium (the mixed probabilities
    are rational functions of *t*: they are solved exactly, as in a 2x2 game).
    Between candidates the signature is constant, so it is sampled once in each
    piece.  A change that no candidate explains is located by exact bisection,
    followed by the simplest rational in the final bracket, which is kept exact
    only if solving just below and just above it confirms the change.

* :func:`solver.analysis.sweep.sweep` -- the equilibria at a list of values, as a
  table that prints, converts to JSON, and plots (matplotlib, the ``plot`` extra).

The symbolic route lives in :mod:`solver.analysis.parametric_tree`, the grid and
the exact location in :mod:`solver.analysis.parametric_grid`; this module holds the
public API, the records and the set-up shared by both.

References: the comparative statics of backward induction (Osborne and
Rubinstein 1994, sec. 6.2) and of support enumeration (Nisan et al. 2007,
sec. 3.3); the threshold questions of ``shared/SCENARIOS.md``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

import sympy

from ..errors import GameError, SolverError
from ..numbers import format_number, json_number, sympify_number, to_number

__all__ = ["Threshold", "ThresholdResult", "thresholds", "thresholds_command",
           "parameter_range"]

_DECISION, _TERMINAL = 1, 0

#: Symbolic backward induction is used for trees with at most this many decision
#: nodes whose value differences are polynomials of at most this degree; other
#: trees are analysed on a grid.
SYMBOLIC_MAX_NODES = 2000
SYMBOLIC_MAX_DEGREE = 24


class _TooHard(Exception):
    """The symbolic route does not apply (too large, or not a rational function)."""


# =================================================================== results
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
        return {"value": _json_value(self.value), "player": self.player, "at": self.at,
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

    def __str__(self) -> str:
        if not self.thresholds:
            span = ""
            if self.low is not None:
                span = f" over [{format_number(self.low)}, {format_number(self.high)}]"
            return f"No equilibrium choice changes as {self.parameter} varies{span}."
        return "\n".join(f"{t} when {self.parameter} rises past {_text_value(t.value)}"
                         for t in self.thresholds)


def _text_value(x) -> str:
    return format_number(x) if isinstance(x, (Fraction, float, int)) else str(x)


def _json_value(x):
    return json_number(x) if isinstance(x, (Fraction, float, int)) else str(x)


def _out_number(r):
    """A sympy root as a Fraction (rational), a float (float game) or kept algebraic."""
    r = sympy.sympify(r)
    if r.is_Rational:
        return Fraction(int(r.p), int(r.q))
    if r.is_Float:
        return float(r)
    return r


# ============================================================ parameter set-up
def parameter_range(game, param: str) -> tuple[Fraction, Fraction] | None:
    """The range ``(low, high)`` of ``param`` recorded for the game, if any.

    Looked up in the game's own ``parameter_ranges`` attribute (a mapping name ->
    (low, high)) when it has one, else in the catalogue entry whose builder makes
    a game of the same title with a parameter of that name.
    """
    ranges = getattr(game, "parameter_ranges", None)
    if ranges and param in ranges:
        lo, hi = ranges[param]
        return to_number(lo, f"low of {param!r}"), to_number(hi, f"high of {param!r}")
    try:
        from games import registry
        names = registry.names()
    except Exception:   # pragma: no cover - a catalogue that fails to import gives no range
        return None
    for name in names:
        e = registry.entry(name)
        for p in e.parameters:
            if p.name == param and e.build().title == game.title:
                return to_number(p.low, f"low of {param!r}"), to_number(p.high, f"high of {param!r}")
    return None


def _free_in(game, param: str, params: Mapping[str, Any] | None):
    """The game with every parameter but ``param`` fixed (given values, else defaults)."""
    if not isinstance(param, str) or param not in game.symbols:
        if param in getattr(game, "parameters", {}):
            raise GameError(f"parameter {param!r} already has a value in this game; build it "
                            "without substituting it to analyse it")
        raise GameError(f"the game has no free parameter {param!r}; its parameters are "
                        f"{sorted(game.symbols)}")
    given = dict(params or {})
    if param in given:
        raise GameError(f"parameter {param!r} is the one analysed; do not give it a value in params")
    defaults = game.parameters
    values: dict[str, Any] = {}
    for k in sorted(game.symbols - {param}):
        if k in given:
            values[k] = given.pop(k)
        elif k in defaults:
            values[k] = defaults[k]
        else:
            raise GameError(f"parameter {k!r} has no default; give its value, e.g. "
                            f"params={{{k!r}: '0.5'}}")
    if given:
        raise GameError(f"unknown parameter {sorted(given)[0]!r}; the game's parameters are "
                        f"{sorted(game.symbols)}")
    for k, v in values.items():
        if isinstance(v, float):
            raise GameError(f"parameter {k!r}: the float {v!r} cannot stay next to the symbol "
                            f"{param!r}; give it exactly (e.g. as the string '{v}')")
    values[param] = sympy.Symbol(param)
    return game.substitute(values)


def _at(g1, param: str, v):
    return g1.substitute({param: _as_exact(v)})


def _as_exact(v):
    if isinstance(v, sympy.Basic):
        return to_number(v, "parameter value")
    return v


def _solve(game, method: str, options: Mapping[str, Any]):
    """Solve a concrete game: backward induction or subgame decomposition for trees."""
    if game.form == "extensive" and method in ("auto", "spe"):
        if game.is_perfect_information:
            from ..algorithms.backward_induction import spe
            return spe(game, **options)
        from ..algorithms.subgames import subgame_perfect
        return subgame_perfect(game, **options)
    from ..solve import solve
    return solve(game, method, **options)


def _between(a, b):
    """An exact rational strictly between the sympy numbers ``a < b``."""
    a, b = sympy.sympify(a), sympy.sympify(b)
    if a.is_Rational and b.is_Rational:
        return (a + b) / 2
    m = sympy.Rational(sympy.N((a + b) / 2, 60))
    if not (a < m < b):   # pragma: no cover - 60 digits separate any two roots met here
        raise SolverError(f"cannot separate {a} and {b} numerically")
    return m


def _roots(expr, t, lo, hi, *, include_hi: bool = True, include_lo: bool = False):
    """Real roots and poles of a rational function of ``t`` in ``(lo, hi]``
    (the ends included or not as asked).

    Returns None when ``expr`` is not a rational function of ``t``.
    """
    expr = sympy.together(sympy.sympify(expr))
    if not expr.has(t):
        return []
    out = []
    for part in sympy.fraction(expr):
        if not part.has(t):
            continue
        if not part.is_polynomial(t):
            return None
        poly = sympy.Poly(part, t)
        if poly.degree() <= 0:
            continue
        if poly.degree() > SYMBOLIC_MAX_DEGREE:
            raise _TooHard(f"a polynomial of degree {poly.degree()} in {t}")
        if poly.domain.is_Exact:
            rts = sympy.real_roots(poly)
        else:
            rts = [sympy.Float(complex(z).real) for z in poly.nroots()
                   if abs(complex(z).imag) <= 1e-12 * (1 + abs(complex(z)))]
        for r in rts:
            if (lo <= r if include_lo else lo < r) and (r <= hi if include_hi else r < hi):
                out.append(r)
    return out


def _at_label(game, h: int) -> str:
    """A node's label, else its path, for records and messages."""
    return game.label(h) or "/".join(game.path(h)) or "root"


def _range(game, param, low, high):
    if low is None or high is None:
        found = parameter_range(game, param)
        if found is None:
            raise GameError(f"give the range of {param!r} with low= and high= (the game records "
                            "no range for it)")
        low = found[0] if low is None else low
        high = found[1] if high is None else high
    lo = sympify_number(to_number(low, f"low of {param!r}"))
    hi = sympify_number(to_number(high, f"high of {param!r}"))
    if not lo < hi:
        raise GameError(f"the range of {param!r} is empty: low={low} is not below high={high}")
    return lo, hi


# ============================================================== thresholds
def thresholds(game, param: str, *, low=None, high=None, method: str = "auto",
               params: Mapping[str, Any] | None = None, grid: int = 33,
               **solve_options: Any) -> ThresholdResult:
    """The values of one parameter at which an equilibrium choice flips.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        A parametric game; ``param`` must still be a free symbol of it.
    param : str
        The parameter to vary.
    low, high : number or exact string, optional
        The interval searched.  Default: the range recorded for the game (its
        ``parameter_ranges`` or its catalogue entry); otherwise both are required.
    method : str
        The solver used at each point: ``"auto"`` (backward induction for trees of
        perfect information, subgame decomposition for other trees, the
        dispatcher's choice for normal forms) or any method name of
        :func:`solver.solve`.
    params : mapping, optional
        Values of the other parameters (their defaults otherwise).
    grid : int
        Number of grid points for games that are not trees of perfect information.
    **solve_options
        Passed to the solver.

    Returns
    -------
    ThresholdResult
        Thresholds in increasing order; at one value, deeper nodes (the cause)
        come before the nodes above them whose choice follows.  A mover who is
        indifferent shows his optimal actions joined by ``" / "``.  In normal
        forms a record's ``from``/``to`` are the player's supports across all
        equilibria (``"Hawk / Dove / Hawk+Dove"``); a change of the equilibria
        that shows in no single player's supports gets one record with ``at ==
        "equilibria"`` listing the support profiles.  A threshold exactly at
        ``low`` or ``high`` is not reported.

    Examples
    --------
    In the diplomatic-victory game Russia declines the DV offer while
    ``p - c_R > x + kappa*s``: ``thresholds(game, "s", low=0, high=1)`` finds
    Russia's switch at DV at ``s = 3/10`` (and the West's switch to offering DV
    that follows it).
    """
    lo, hi = _range(game, param, low, high)
    g1 = _free_in(game, param, params)
    t = sympy.Symbol(param)
    recs = None
    notes: list[str] = []
    if g1.form == "extensive" and method in ("auto", "spe") and g1.is_perfect_information:
        try:
            from .parametric_tree import tree_thresholds
            recs, notes = tree_thresholds(g1, t, lo, hi, method, solve_options)
            approach = "symbolic backward induction"
        except _TooHard as exc:
            notes = [f"symbolic backward induction not used ({exc}); grid instead"]
    if recs is None:
        if grid < 2:
            raise GameError(f"grid must be at least 2, got {grid}")
        from .parametric_grid import grid_thresholds
        recs, more = grid_thresholds(g1, t, lo, hi, method, solve_options, grid)
        notes += more
        approach = "grid and exact location"
    return ThresholdResult(param, tuple(recs), _out_number(lo), _out_number(hi), approach,
                           tuple(notes))


# ========================================================= command helpers
def thresholds_command(game, param: str, fmt: str = "text", low=None, high=None,
                       params: Mapping[str, Any] | None = None) -> str:
    """Text (``fmt="text"``) or JSON (``fmt="json"``) for ``gamesolver thresholds``."""
    res = thresholds(game, param, low=low, high=high, params=params)
    if fmt == "json":
        return json.dumps(res.to_dict())
    if fmt != "text":
        raise GameError(f"unknown format {fmt!r}; choose text or json")
    return str(res)
