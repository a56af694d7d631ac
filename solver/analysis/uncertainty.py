"""Uncertainty over parameters: how likely each equilibrium choice and outcome is.

A scenario's parameters are rarely known; the game carries a meaningful range for
each (:class:`solver.forms.parameters.Parameter`).  :func:`uncertainty` puts a
probability distribution on some of them, draws parameter values (Monte Carlo),
solves the game **exactly** at every draw, and reports

* for every information set and action, the share of draws whose equilibrium takes
  the action with probability one (``choices``; for the headline game, "Russia
  declines DV"), with its Monte Carlo standard error, and how often the set was on
  the path of play when it did;
* the share of draws whose equilibrium *mixes* at a set (``mixed``);
* the probability of each outcome of play, over the draws and Nature's moves
  (``outcomes``);
* which parameters the choices and outcomes are most sensitive to: Spearman's rank
  correlation between each varied parameter and each choice's indicator (or each
  outcome's probability) over the draws (``sensitivity``).

Example (the command ``gamesolver uncertainty NAME --dist ...`` does the same)::

    >>> import games
    >>> res = uncertainty(games.get("diplomatic-victory-complete-info"),
    ...                   {"kappa": "uniform:0.5:1"}, samples=2000, seed=3)
    >>> c = res.choice("Russia", "DV", "Decline")
    >>> abs(c.probability - 0.5) < 3 * c.stderr      # exactly P(kappa < 3/4) = 1/2
    True

**Distributions** (:func:`parse_distribution`), written ``NAME=KIND:ARGS``:
``uniform:a:b``, ``triangular:a:mode:b``, ``beta:a:b`` (a Beta(a, b) variable scaled
to the parameter's range), ``normal:mu:sigma`` (truncated to the parameter's range,
by rejection; Devroye 1986, *Non-Uniform Random Variate Generation*, sec. II.3) and
``fixed:v``.  Arguments are exact decimals or fractions.  A distribution reaching
outside the parameter's range is an error; parameters without a distribution keep
their default (or the value given in ``params``).  Draws come from one
:class:`numpy.random.Generator` (``numpy.random.default_rng(seed)``), parameter by
parameter in the game's order of parameters, so a seed reproduces a run.

**Counting.**  A draw is solved as :func:`solver.analysis.parameter_points.solve_at`
solves a concrete game (subgame perfection for trees, the dispatcher for tables),
at the draw's exact binary value (``Fraction(float)``).  When a draw has several
equilibria, the *first* one listed counts, and such draws are counted separately
(``multiple_equilibria``).  A choice counts at **every** information set, on the
path of play or off it ("Russia would decline DV" in the complete-information game,
where DV is not offered), with ``on_path`` the share of draws in which the set was
also reached.  Standard errors are the Monte Carlo ones, ``sqrt(s^2 / N)`` with the
sample variance ``s^2`` (Robert and Casella 2004, *Monte Carlo Statistical Methods*,
sec. 3.2); for a share ``p`` that is ``sqrt(p (1 - p) / (N - 1))``.  Sensitivity is
Spearman's (1904) rho, the correlation of the ranks (ties at their average rank), the
rank-correlation measure of global sensitivity analysis (Saltelli et al. 2008,
*Global Sensitivity Analysis: The Primer*, sec. 1.2.5): near +1 or -1 when the
choice or outcome moves monotonically with the parameter, near 0 when it does not.

**Speed: solving once symbolically.**  An exact solve of a small tree takes a few
milliseconds, which would limit a run to a few hundred draws per second.  For trees
whose subgame-perfect equilibria are decided by comparisons of one mover at a time
(every tree of perfect information, and trees whose subgames without smaller
subgames have one mover each, such as the Bayesian ``diplomatic-victory``), draws
are grouped into *regimes*.  A regime is a list of pure equilibria, each given by
its action at every information set.  Under each, the value of every action at
every set is an expression in the varied parameters (backward induction with
symbols; Osborne and Rubinstein 1994, *A Course in Game Theory*, sec. 6.2, as in
:mod:`solver.analysis.parametric_tree`); at a set of several nodes the values are
weighted by Nature's probabilities of the nodes (the mover's Bayes beliefs, up to a
factor).  The comparisons *chosen against alternative*, for **every** alternative
at **every** set, on the path and off it, are compiled once into numpy code and
evaluated on all draws at once.  A draw belongs to the regime when every
comparison is strict beyond a bound on its rounding error (a running error bound,
Higham 2002, *Accuracy and Stability of Numerical Algorithms*, sec. 3.3, times
:data:`SAFETY`), or is an identical tie (the same expression on both sides, which
the solver lists or breaks the same way wherever the other comparisons keep their
signs).  With strict choices backward induction, and a single mover's
optimisation in each subgame, have one answer, so the solver lists exactly the
regime's equilibria there.

Regimes come from two sources: a backward induction in floats over the draws not
yet covered proposes each draw's choices (a single equilibrium; used only where its
comparisons pass the check), and a draw that no regime covers is solved exactly,
its list of equilibria becoming a regime.  Where a comparison of two nearly equal
totals (payoffs summed over many periods) cannot be decided in floats, it is
evaluated again with every payoff taken relative to a baseline, which cancels the
shared terms exactly.  Tables, mixed equilibria, incomplete lists, and trees where
two players move within one subgame are solved draw by draw.  Identical draws are
solved once in every case.  The tests check that the shortcut gives exactly the
per-draw answer (the outcome probabilities to rounding).

**Scale-out.**  ``executor`` is any :class:`concurrent.futures.Executor`: a
process pool, or a Dask cluster through ``distributed.Client(...).get_executor()``
(the optional ``distributed`` extra).  The draws are made here, cut into chunks,
and each chunk is solved by a picklable top-level function
(:func:`solver.analysis.executors.map_chunks`); the per-draw answers do not depend
on which regimes a worker has already found, and are combined in chunk order, so
the result equals the serial run's for the same seed.  To use a real cluster::

    executor = distributed.Client("tcp://scheduler-host:8786").get_executor()
    uncertainty(game, {"kappa": "uniform:0.3:0.9"}, samples=10**6, seed=1, executor=executor)

The work is split along these steps: the distributions
(:mod:`~solver.analysis.uncertainty_distributions`); the expression compiler
(:mod:`~solver.analysis.uncertainty_compiler`), the regimes
(:mod:`~solver.analysis.uncertainty_regimes`) and the engine that solves a chunk of
draws (:mod:`~solver.analysis.uncertainty_engine`), sent to workers by
:mod:`~solver.analysis.uncertainty_workers`; the per-draw records and the result
with its tables (:mod:`~solver.analysis.uncertainty_records`); and the rank
correlations (:mod:`~solver.analysis.uncertainty_sensitivity`).
"""
from __future__ import annotations

import json
import math
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy

from solver.analysis.executors import Progress, chunk_slices, default_chunk_size, map_chunks
from solver.analysis.uncertainty_distributions import (
    KINDS,
    Distribution,
    parse_distribution,
    parse_distributions,
)
from solver.analysis.uncertainty_records import (
    ChoiceShare,
    DrawRecords,
    MixedShare,
    OutcomeShare,
    Sensitivity,
    UncertaintyResult,
    layout_of,
)
from solver.analysis.uncertainty_regimes import SAFETY
from solver.analysis.uncertainty_sensitivity import rank_sensitivity, spearman
from solver.analysis.uncertainty_workers import Task, drop_engines, run_chunk
from solver.errors import GameError
from solver.numbers import to_number

__all__ = ["Distribution", "parse_distribution", "parse_distributions", "ChoiceShare",
           "MixedShare", "OutcomeShare", "Sensitivity", "DrawRecords", "UncertaintyResult",
           "uncertainty", "uncertainty_command", "spearman", "SAFETY", "KINDS", "MAX_SAMPLES"]

#: Most draws one :func:`uncertainty` run makes (more are a GameError): ten million
#: draws hold their values and outcomes in memory.
MAX_SAMPLES = 10_000_000


def _stderr(x: np.ndarray) -> float | None:
    n = len(x)
    if n < 2:
        return None
    return float(math.sqrt(float(np.var(x, ddof=1)) / n))


# ====================================================================== the analysis
def _parameter_order(game) -> list[str]:
    specs = list(game.parameter_specs)
    return [n for n in specs if n in game.symbols] + sorted(set(game.symbols) - set(specs))


def _exact_param(value, name: str):
    if isinstance(value, float):
        value = repr(value)
    x = to_number(value, f"parameter {name!r}")
    if isinstance(x, sympy.Basic):
        raise GameError(f"parameter {name!r}: expected a number, got {value!r}")
    return x


def _plan(game, dists: dict[str, Distribution], params):
    """The game with every parameter not drawn substituted (exactly), the drawn
    parameters in order, and their ranges."""
    symbols = set(game.symbols)
    for name, d in dists.items():
        if name not in symbols:
            if name in game.parameters:
                raise GameError(f"parameter {name!r} already has a value in this game; build it "
                                "without substituting it to draw it")
            raise GameError(f"the game has no parameter {name!r}; its parameters are "
                            f"{_parameter_order(game) or 'none'}")
    specs = game.parameter_specs
    ranges = {}
    for name, d in dists.items():
        spec = specs.get(name)
        ranges[name] = spec.range if spec is not None else None
        d.check(name, ranges[name])
    given = dict(params or {})
    for name in given:
        if name in dists:
            raise GameError(f"parameter {name!r} has both a distribution and a value")
        if name not in symbols:
            raise GameError(f"unknown parameter {name!r}; the game's parameters are "
                            f"{_parameter_order(game)}")
    order = _parameter_order(game)
    varied = tuple(n for n in order if n in dists and dists[n].kind != "fixed")
    values: dict[str, Any] = {}
    defaults = game.parameters
    for name in order:
        if name in varied:
            continue
        if name in dists:
            values[name] = dists[name].args[0]
        elif name in given:
            values[name] = _exact_param(given[name], name)
        elif name in defaults:
            values[name] = defaults[name]
        else:
            raise GameError(f"parameter {name!r} has no default; give it a value or a "
                            "distribution")
    g1 = game.substitute(values) if values else game
    return g1, varied, ranges


def uncertainty(game, distributions, samples: int = 10000, seed: int | None = None,
                executor=None, *, params: Mapping[str, Any] | None = None,
                method: str = "auto", chunk_size: int | None = None,
                progress: bool | None = None, shortcut: bool = True) -> UncertaintyResult:
    """Draw parameter values, solve the game at each draw, and tabulate the equilibria.

    Parameters
    ----------
    game : ExtensiveFormGame or NormalFormGame
        A parametric game (its parameters free, with ranges in
        ``game.parameter_specs``).
    distributions : mapping or sequence of str
        ``{"kappa": "uniform:0.3:0.9", "p": "beta:6:4"}``, or ``["kappa=uniform:0.3:0.9",
        ...]``; see :func:`parse_distribution`.  Other parameters keep their default.
    samples : int
        Number of draws.
    seed : int, optional
        Seed of ``numpy.random.default_rng``; None draws one from the operating
        system and records it in the result, so that any run can be repeated.
    executor : concurrent.futures.Executor, optional
        Where to solve the chunks of draws (a process pool, a Dask cluster's
        ``Client.get_executor()``); None solves them here.  The result is the same.
    params : mapping, optional
        Exact values for parameters without a distribution (else their defaults).
    method : str
        The solver, as for :func:`solver.analysis.parameter_points.solve_at`; the
        symbolic shortcut is used with ``"auto"`` and ``"spe"``.
    chunk_size : int, optional
        Draws per chunk (default: about 16 chunks on an executor, 2000 here).
    progress : bool, optional
        Show a progress line on standard error (default: when it is a terminal and
        the run has at least 2000 draws).
    shortcut : bool
        Use the regimes (default); False solves every distinct draw exactly (for
        checks; the answer is the same).

    Returns
    -------
    UncertaintyResult
        Prints as tables; ``to_dict()`` is the command's JSON.

    Raises
    ------
    GameError
        For a bad distribution, an unknown parameter, a distribution outside a
        parameter's range, or ``samples < 1``.
    """
    started = time.perf_counter()
    dists = parse_distributions(distributions)
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise GameError(f"samples must be a positive integer, got {samples!r}")
    if samples > MAX_SAMPLES:
        raise GameError(f"samples={samples} is more than the {MAX_SAMPLES} draws one run makes "
                        "(MAX_SAMPLES in solver.analysis.uncertainty); split the run")
    samples = int(samples)
    if seed is None:
        seed = int(np.random.SeedSequence().entropy)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise GameError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    g1, varied, ranges = _plan(game, dists, params)
    rng = np.random.default_rng(seed)
    values = np.column_stack([dists[n].draw(rng, samples, ranges[n]) for n in varied]) \
        if varied else np.empty((samples, 0))
    size = chunk_size or default_chunk_size(samples, parallel=executor is not None)
    token = uuid.uuid4().hex
    tasks = [Task(token, g1, varied, method, shortcut, values[sl])
             for sl in chunk_slices(samples, size)]
    bar = Progress(samples, "uncertainty: draws solved", enabled=progress)
    try:
        parts = map_chunks(run_chunk, tasks, executor, progress=bar,
                           weight=lambda t: len(t.draws))
    finally:
        bar.close()
        drop_engines(token)
    rec = DrawRecords.concatenate(parts)
    layout = layout_of(g1)
    n = samples
    choices, mixed = [], []
    for s, (player, at, actions) in enumerate(layout.sets):
        col, reached = rec.act[:, s], rec.on_path[:, s]
        for a, action in enumerate(actions):
            y = col == a
            z = y & reached
            choices.append(ChoiceShare(player, at, action, float(y.mean()),
                                       _stderr(y.astype(float)), float(z.mean()),
                                       _stderr(z.astype(float))))
        mix = col == -1
        if mix.any():
            mixed.append(MixedShare(player, at, float(mix.mean()), _stderr(mix.astype(float))))
    outcomes = []
    for k, label in enumerate(layout.outcomes):
        y = rec.outcome[:, k]
        reached = float((y > 0).mean())
        if layout.form == "normal" and not reached:
            continue
        outcomes.append(OutcomeShare(label, float(y.mean()), _stderr(y), reached))
    distinct = int(np.unique(values, axis=0).shape[0]) if varied else 1
    result = UncertaintyResult(
        samples=n, seed=seed, parameters=varied,
        distributions=tuple((name, dists[name].spec) for name in _parameter_order(game)
                            if name in dists),
        choices=tuple(choices), outcomes=tuple(outcomes), mixed=tuple(mixed),
        sensitivity=rank_sensitivity(varied, values, layout, rec), distinct_draws=distinct,
        multiple_equilibria=int((rec.n_equilibria > 1).sum()),
        no_equilibrium=int((rec.n_equilibria == 0).sum()),
        method="spe" if g1.form == "extensive" and method in ("auto", "spe") else method,
        values=values, records=rec, exact_solves=rec.exact,
        profiles=int(np.unique(rec.act, axis=0).shape[0]),
        seconds=time.perf_counter() - started)
    return result


def uncertainty_command(game, dists: Sequence[str], samples: int = 10000, seed: int | None = None,
                        fmt: str = "text", *, params: Mapping[str, Any] | None = None,
                        executor=None, progress: bool | None = None) -> str:
    """Text or JSON for ``gamesolver uncertainty NAME --dist ... [--format json]``."""
    if fmt not in ("text", "json"):
        raise GameError(f"unknown format {fmt!r}; choose text or json")
    if not dists:
        raise GameError("give at least one distribution, e.g. --dist kappa=uniform:0.3:0.9")
    res = uncertainty(game, list(dists), samples=samples, seed=seed, executor=executor,
                      params=params, progress=progress)
    return json.dumps(res.to_dict()) if fmt == "json" else str(res)
