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
the exact location in :mod:`solver.analysis.parametric_grid`, the exact roots they
share in :mod:`solver.analysis.exact_roots`, the one-parameter game and its solution
at a point in :mod:`solver.analysis.parameter_points`, and the records in
:mod:`solver.analysis.threshold_records`; this module holds the public function.

References: the comparative statics of backward induction (Osborne and
Rubinstein 1994, sec. 6.2) and of support enumeration (Nisan et al. 2007,
sec. 3.3); the threshold questions of the scenario catalogue (``docs/scenarios.md``).
"""
from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, Mapping

import sympy

from solver.analysis.exact_roots import SymbolicLimit, exact_or_float
from solver.analysis.parameter_points import free_in
from solver.analysis.parametric_grid import grid_thresholds
from solver.analysis.parametric_tree import tree_thresholds
from solver.analysis.threshold_records import Threshold, ThresholdResult
from solver.errors import GameError
from solver.numbers import sympify_number, to_number

__all__ = ["Threshold", "ThresholdResult", "thresholds", "thresholds_command",
           "parameter_range"]


# ============================================================ parameter set-up
def parameter_range(game, param: str) -> tuple[Fraction, Fraction] | None:
    """The range ``(low, high)`` that the game records for ``param``, if any.

    Read from the game's own parameter descriptions
    (:attr:`~solver.forms.base.GameBase.parameter_specs`), whichever way the game was
    made; None when the game gives no range for the parameter.
    """
    spec = game.parameter_specs.get(param)
    return None if spec is None else spec.range


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
        parameter descriptions); otherwise both are required.
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
    g1 = free_in(game, param, params)
    t = sympy.Symbol(param)
    recs = None
    notes: list[str] = []
    if g1.form == "extensive" and method in ("auto", "spe") and g1.is_perfect_information:
        try:
            recs, notes = tree_thresholds(g1, t, lo, hi, method, solve_options)
            approach = "symbolic backward induction"
        except SymbolicLimit as exc:
            notes = [f"symbolic backward induction not used ({exc}); grid instead"]
    if recs is None:
        if grid < 2:
            raise GameError(f"grid must be at least 2, got {grid}")
        recs, more = grid_thresholds(g1, t, lo, hi, method, solve_options, grid)
        notes += more
        approach = "grid and exact location"
    return ThresholdResult(param, tuple(recs), exact_or_float(lo), exact_or_float(hi), approach,
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
