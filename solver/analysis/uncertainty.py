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
"""
from __future__ import annotations

import json
import math
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np
import sympy

from solver.analysis.beliefs import realization_probabilities
from solver.analysis.executors import Progress, chunk_slices, default_chunk_size, map_chunks
from solver.analysis.parameter_points import solve_at
from solver.errors import GameError
from solver.forms.extensive.nodes import CHANCE, DECISION, TERMINAL
from solver.numbers import format_number, read_number, sympify_number, to_number

__all__ = ["Distribution", "parse_distribution", "parse_distributions", "ChoiceShare",
           "MixedShare", "OutcomeShare", "Sensitivity", "DrawRecords", "UncertaintyResult",
           "uncertainty", "uncertainty_command", "spearman", "SAFETY", "KINDS"]

#: A known regime is used for a draw only when every chosen action beats every
#: alternative by more than ``SAFETY`` times the bound on the rounding error of the
#: two values' floating-point evaluation (a running error bound, first order).
SAFETY = 8.0

#: Largest tree (nodes) solved symbolically for the regime shortcut.
MAX_SYMBOLIC_NODES = 5000

#: Largest difference of two values (sympy operations) expanded symbolically to see
#: whether the two are identically tied.
MAX_EXPAND_OPS = 20000

#: Most distinct draws remembered per worker for the identical-draw cache.
CACHE_SIZE = 50_000

#: The distribution kinds and their numbers of arguments.
KINDS = {"uniform": 2, "triangular": 3, "beta": 2, "normal": 2, "fixed": 1}

_FORMS = {"uniform": "uniform:a:b", "triangular": "triangular:a:mode:b", "beta": "beta:a:b",
          "normal": "normal:mu:sigma", "fixed": "fixed:v"}

#: Least probability that a truncated normal puts in the parameter's range.
_MIN_NORMAL_MASS = 1e-4


# ====================================================================== distributions
@dataclass(frozen=True)
class Distribution:
    """A distribution of one parameter's values.

    Attributes
    ----------
    kind : str
        ``"uniform"``, ``"triangular"``, ``"beta"``, ``"normal"`` or ``"fixed"``.
    args : tuple of Fraction
        ``(a, b)``, ``(a, mode, b)``, ``(alpha, beta)``, ``(mu, sigma)`` or ``(v,)``.

    Examples
    --------
    >>> d = Distribution("beta", (Fraction(6), Fraction(4)))
    >>> d.spec, str(d)
    ('beta:6:4', 'beta(6, 4)')
    """

    kind: str
    args: tuple

    @property
    def spec(self) -> str:
        """The distribution as written on the command line: ``uniform:0.3:0.9``."""
        return ":".join([self.kind] + [_decimal(a) for a in self.args])

    def __str__(self) -> str:
        if self.kind == "fixed":
            return f"fixed at {_decimal(self.args[0])}"
        return f"{self.kind}({', '.join(_decimal(a) for a in self.args)})"

    def check(self, name: str, prange) -> None:
        """Raise :class:`GameError` if the distribution is malformed or reaches outside
        ``prange`` (the parameter's ``(low, high)``, or None when it has none)."""
        where = f"distribution {name}={self.spec}"
        k, a = self.kind, self.args
        if k == "uniform" and not a[0] < a[1]:
            raise GameError(f"{where}: needs a < b (for one value use fixed:v)")
        if k == "triangular" and not (a[0] <= a[1] <= a[2] and a[0] < a[2]):
            raise GameError(f"{where}: needs a <= mode <= b and a < b")
        if k == "beta":
            if not (a[0] > 0 and a[1] > 0):
                raise GameError(f"{where}: the shape parameters must be positive")
            if prange is None:
                raise GameError(f"{where}: beta is scaled to the parameter's range, and "
                                f"{name!r} has none; use uniform:a:b or triangular:a:mode:b")
        if k == "normal":
            if not a[1] > 0:
                raise GameError(f"{where}: sigma must be positive")
            if prange is not None and self.normal_mass(prange) < _MIN_NORMAL_MASS:
                raise GameError(f"{where}: puts less than {_MIN_NORMAL_MASS} of its mass in "
                                f"the range [{format_number(prange[0])}, "
                                f"{format_number(prange[1])}] of {name!r}")
        if prange is not None and k in ("uniform", "triangular", "fixed"):
            lo, hi = (a[0], a[-1])
            if lo < prange[0] or hi > prange[1]:
                raise GameError(f"{where} reaches outside the range [{format_number(prange[0])}, "
                                f"{format_number(prange[1])}] of {name!r}")

    def normal_mass(self, prange) -> float:
        """The probability that the untruncated normal falls in ``prange``."""
        mu, sigma = float(self.args[0]), float(self.args[1])
        cdf = lambda x: 0.5 * (1 + math.erf((float(x) - mu) / (sigma * math.sqrt(2))))  # noqa: E731
        return cdf(prange[1]) - cdf(prange[0])

    def draw(self, rng: np.random.Generator, n: int, prange) -> np.ndarray:
        """``n`` values as floats, from the generator ``rng``.

        ``uniform``, ``triangular`` and ``beta`` use the generator's methods of the
        same name (``beta`` scaled to ``prange``); ``normal`` draws batches from
        ``rng.normal`` and keeps the values inside ``prange`` in order (rejection)
        until it has ``n``; ``fixed`` repeats its value.
        """
        a = [float(x) for x in self.args]
        if self.kind == "uniform":
            return rng.uniform(a[0], a[1], n)
        if self.kind == "triangular":
            if a[0] == a[1] == a[2]:
                return np.full(n, a[0])
            return rng.triangular(a[0], a[1], a[2], n)
        if self.kind == "beta":
            lo, hi = float(prange[0]), float(prange[1])
            return lo + (hi - lo) * rng.beta(a[0], a[1], n)
        if self.kind == "normal":
            if prange is None:
                return rng.normal(a[0], a[1], n)
            lo, hi = float(prange[0]), float(prange[1])
            mass = max(self.normal_mass(prange), _MIN_NORMAL_MASS)
            out, have = [], 0
            while have < n:
                batch = rng.normal(a[0], a[1], int((n - have) / mass * 1.1) + 16)
                keep = batch[(batch >= lo) & (batch <= hi)][:n - have]
                out.append(keep)
                have += len(keep)
            return np.concatenate(out) if out else np.empty(0)
        return np.full(n, a[0])


def _decimal(x: Fraction) -> str:
    """An exact number as a decimal when it has one (``0.3``), else a fraction (``2/3``)."""
    x = Fraction(x)
    d, twos, fives = x.denominator, 0, 0
    while d % 2 == 0:
        d, twos = d // 2, twos + 1
    while d % 5 == 0:
        d, fives = d // 5, fives + 1
    if d != 1:
        return format_number(x)
    places = max(twos, fives)
    if places == 0:
        return str(x.numerator)
    digits = abs(x.numerator) * 10 ** places // x.denominator
    text = f"{digits // 10 ** places}.{digits % 10 ** places:0{places}d}".rstrip("0")
    return ("-" if x < 0 else "") + text


def parse_distribution(text: str) -> tuple[str, Distribution]:
    """Read ``NAME=KIND:ARGS``, e.g. ``"kappa=uniform:0.3:0.9"`` or ``"p=beta:6:4"``.

    Returns
    -------
    (str, Distribution)

    Raises
    ------
    GameError
        Naming the spec, for an unknown kind, a wrong number of arguments or an
        argument that is not an exact decimal or fraction.

    Examples
    --------
    >>> parse_distribution("kappa=uniform:0.3:0.9")
    ('kappa', Distribution(kind='uniform', args=(Fraction(3, 10), Fraction(9, 10))))
    >>> parse_distribution("p=gamma:2:1")
    Traceback (most recent call last):
    ...
    solver.errors.GameError: bad distribution 'p=gamma:2:1': unknown kind 'gamma'; use ...
    """
    if not isinstance(text, str):
        raise GameError(f"bad distribution {text!r}: expected text NAME=KIND:ARGS")
    name, sep, rest = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise GameError(f"bad distribution {text!r}: expected NAME=KIND:ARGS, "
                        "e.g. kappa=uniform:0.3:0.9")
    if not name.isidentifier():
        raise GameError(f"bad distribution {text!r}: {name!r} is not a parameter name")
    return name, _distribution(rest, text)


def _distribution(rest: str, text: str) -> Distribution:
    kind, *args = [part.strip() for part in rest.split(":")]
    kind = kind.lower()
    if kind not in KINDS:
        raise GameError(f"bad distribution {text!r}: unknown kind {kind!r}; use "
                        + ", ".join(list(_FORMS.values())[:-1]) + " or " + _FORMS["fixed"])
    if len(args) != KINDS[kind]:
        raise GameError(f"bad distribution {text!r}: {kind} takes {KINDS[kind]} "
                        f"argument{'s' if KINDS[kind] > 1 else ''} ({_FORMS[kind]})")
    values = []
    for arg in args:
        try:
            x = read_number(arg, f"distribution {text!r}")
        except GameError:
            x = None
        if x is None:
            raise GameError(f"bad distribution {text!r}: {arg!r} is not an exact decimal or "
                            "fraction (e.g. 0.45 or 2/3)")
        values.append(x)
    return Distribution(kind, tuple(values))


def parse_distributions(distributions) -> dict[str, Distribution]:
    """Normalise the ``distributions`` argument of :func:`uncertainty`.

    Accepts a mapping ``{name: "uniform:0.3:0.9" or Distribution}`` or a sequence of
    ``"name=kind:args"`` strings (the command's ``--dist`` values).  A name given
    twice is an error.
    """
    out: dict[str, Distribution] = {}
    if distributions is None:
        return out
    if isinstance(distributions, str):
        distributions = [distributions]
    if isinstance(distributions, Mapping):
        items = []
        for name, d in distributions.items():
            if not isinstance(d, Distribution):
                d = _distribution(str(d), f"{name}={d}")
            items.append((str(name), d))
    else:
        items = [parse_distribution(t) for t in distributions]
    for name, d in items:
        if name in out:
            raise GameError(f"parameter {name!r} has two distributions")
        out[name] = d
    return out


# ====================================================================== records
@dataclass
class DrawRecords:
    """What each draw's equilibrium does, one row per draw.

    Attributes
    ----------
    act : ndarray of int16, shape (draws, sets)
        Per information set (trees, by global id) or player (tables): the index of
        the action taken with probability one; -1 where the equilibrium mixes; -2
        when the draw has no equilibrium.
    on_path : ndarray of bool, shape (draws, sets)
        Whether play reaches the set with positive probability.
    outcome : ndarray of float64, shape (draws, outcomes)
        Probability of each outcome of play (over Nature's moves and mixing).
    n_equilibria : ndarray of int32, shape (draws,)
    exact, by_regime, cached : int
        How many draws of these were solved exactly, assigned to a known regime, or
        found in the identical-draw cache (bookkeeping; it depends on how the draws
        were cut into chunks, the rows do not).
    """

    act: np.ndarray
    on_path: np.ndarray
    outcome: np.ndarray
    n_equilibria: np.ndarray
    exact: int = 0
    by_regime: int = 0
    cached: int = 0

    @classmethod
    def empty(cls, n: int, n_sets: int, n_outcomes: int) -> "DrawRecords":
        return cls(np.full((n, n_sets), -2, np.int16), np.zeros((n, n_sets), bool),
                   np.zeros((n, n_outcomes)), np.zeros(n, np.int32))

    @classmethod
    def concatenate(cls, parts: Sequence["DrawRecords"]) -> "DrawRecords":
        return cls(np.concatenate([p.act for p in parts]),
                   np.concatenate([p.on_path for p in parts]),
                   np.concatenate([p.outcome for p in parts]),
                   np.concatenate([p.n_equilibria for p in parts]),
                   sum(p.exact for p in parts), sum(p.by_regime for p in parts),
                   sum(p.cached for p in parts))

    def same_rows(self, other: "DrawRecords") -> bool:
        """True when both record the same answer for every draw."""
        return (np.array_equal(self.act, other.act) and np.array_equal(self.on_path, other.on_path)
                and np.array_equal(self.outcome, other.outcome)
                and np.array_equal(self.n_equilibria, other.n_equilibria))


# ====================================================================== the engine
@dataclass(frozen=True)
class _Layout:
    """Names of the sets, actions and outcomes of a game, in report order."""

    form: str
    sets: tuple            # (player name, label, actions) per set
    set_nodes: tuple       # per set, its nodes (trees) or () (tables)
    outcomes: tuple        # outcome labels
    terminal_outcome: tuple  # (node, outcome index) for trees; () for tables


def _layout(game) -> _Layout:
    if game.form == "normal":
        sets = tuple((name, "the table", tuple(strats))
                     for name, strats in zip(game.players, game.strategies))
        n_cells = 1
        for m in game.shape:
            n_cells *= m
        cells = tuple(game.cell_name(idx) for idx in np.ndindex(*game.shape)) \
            if n_cells <= 4096 else ()
        return _Layout("normal", sets, tuple(() for _ in sets), cells, ())
    sets, nodes = [], []
    for g in range(game.n_infosets):
        s = game.infoset(g)
        sets.append((game.players[s.player], s.label or game.node_name(s.nodes[0]), s.actions))
        nodes.append(tuple(s.nodes))
    labels: dict[str, int] = {}
    term = []
    kind = game.node_kind.tolist()
    for h in range(game.n_nodes):
        if kind[h] == TERMINAL:
            o = game.outcome(h)
            lab = o.label if o is not None and o.label else game.node_name(h)
            term.append((h, labels.setdefault(lab, len(labels))))
    return _Layout("extensive", tuple(sets), tuple(nodes), tuple(labels), tuple(term))


def _sequential(game) -> bool:
    """True when every subgame without smaller subgames, as
    :func:`solver.algorithms.subgames.subgame_perfect` cuts the tree, is of perfect
    information or has a single mover: there, strict comparisons at every set
    determine the solver's (unique) equilibrium."""
    if game.is_perfect_information:
        return True
    ok, _ = game.perfect_recall()
    if not ok:
        return False
    from solver.algorithms.subgames import proper_subgames
    N = game.n_nodes
    kind = game.node_kind.tolist()
    gid = game.node_infoset.tolist()
    parent = game.node_parent.tolist()
    who = game.node_player.tolist()
    pi = [kind[h] != DECISION or len(game.infoset(gid[h]).nodes) == 1 for h in range(N)]
    for h in range(N - 1, 0, -1):
        pi[parent[h]] = pi[parent[h]] and pi[h]
    droots = {r for r in proper_subgames(game) if r == 0 or not pi[parent[r]]}
    top = [0] * N
    movers: dict[int, set] = {}
    for h in range(N):
        top[h] = h if h in droots else top[parent[h]]
        if kind[h] == DECISION:
            movers.setdefault(top[h], set()).add(who[h])
    return all(pi[r] or len(movers.get(r, ())) <= 1 for r in droots)


_RELATIONS = (">", "<", ">=", "<=", "==", "!=")

#: Unit roundoff of IEEE double precision.
_U = 2.0 ** -53


def _compile(symbols: Sequence[sympy.Symbol], exprs: Sequence[Any], errors: bool = False):
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
            return repr(f), zero if exact else repr(_U * abs(f))
        if e.is_Float:
            return repr(float(e)), repr(_U * abs(float(e)))
        if e.is_Add or e.is_Mul:
            parts = [gen(a) for a in e.args]
            op = " + " if e.is_Add else " * "
            v = new("(" + op.join(p[0] for p in parts) + ")")
            if not errors:
                return v, zero
            n = len(parts) - 1
            if e.is_Add:
                terms = [p[1] for p in parts if p[1] != zero]
                terms.append(f"{n * _U!r} * (" + " + ".join(f"numpy.abs({p[0]})"
                                                          for p in parts) + ")")
            else:
                terms = []
                for i, (_, m) in enumerate(parts):
                    if m != zero:
                        others = [f"numpy.abs({p[0]})" for j, p in enumerate(parts) if j != i]
                        terms.append(" * ".join([m] + others))
                terms.append(f"{n * _U!r} * numpy.abs({v})")
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
                return v, err(f"{lead}{2 * _U!r} * numpy.abs({v})")
            v = new(f"(1.0 / ({b} ** {-k}))")
            lead = f"{-k} * numpy.abs({v}) / numpy.abs({b}) * {mb} + " if mb != zero else ""
            return v, err(f"{lead}{3 * _U!r} * numpy.abs({v})")
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
                                   f"{4 * _U!r} * numpy.abs({l} - {r})"))
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


#: Two fixed points (values of the varied parameters) at which a regime's comparisons
#: are evaluated once, to find the few that may be identically zero.
_PROBES = (0.3819660112501051, 0.6180339887498949)


def _identically_zero(expr) -> bool:
    """Whether an expression is zero for every parameter value.

    First its exact value at one rational point (nonzero there: not identically
    zero); then sympy's expansion, and for a rational function the cancelled
    fraction.  Large expressions that pass the first test count as not zero (the
    safe answer: a regime then demands a strict comparison)."""
    if not isinstance(expr, sympy.Basic):
        return expr == 0
    names = sorted(expr.free_symbols, key=str)
    point = {sym: sympy.Rational(2 * k + 3, 4 * k + 11) for k, sym in enumerate(names)}
    try:
        at = expr.xreplace(point)
        if at.is_number and at.is_zero is False:
            return False
    except (ArithmeticError, TypeError, ValueError):   # pragma: no cover - a pole there
        pass
    if sympy.count_ops(expr) > MAX_EXPAND_OPS:
        return False
    d = sympy.expand(expr)
    if d == 0:
        return True
    if any(a.is_Pow and a.exp.is_negative for a in sympy.preorder_traversal(d)):
        return sympy.cancel(d) == 0
    return False


class _Regime:
    """The equilibria listed at some draw, all pure, with their comparisons compiled.

    ``sigmas`` holds each listed equilibrium's action index per information set, in
    the solver's order (one for a draw with a unique equilibrium).  The regime
    *holds* at a draw when, for every listed equilibrium, at every set, the chosen
    action beats every other action by more than the margin, or is tied with it
    identically (the same expression, e.g. two routes to the same war payoff);
    then the solver lists the same equilibria there.
    """

    def __init__(self, engine: "_Engine", sigmas: tuple[tuple[int, ...], ...], listed: bool):
        g = engine.game
        N = g.n_nodes
        kind, kids = engine.kind, engine.kids
        gid, parent, pact = engine.gid, engine.parent, engine.pact
        chosen, other = [], []
        self.where: list[tuple] = []       # (sigma, set, chosen, alternative) per comparison
        for sigma in sigmas:
            V: list[Any] = [None] * N
            for h in range(N - 1, -1, -1):        # pre-order: children after their parent
                if kind[h] == TERMINAL:
                    V[h] = engine.pay[h]
                elif kind[h] == DECISION:
                    V[h] = V[kids[h][sigma[gid[h]]]]
                else:
                    probs = engine.chance[h]
                    V[h] = tuple(sympy.Add(*[p * V[c][i] for p, c in zip(probs, kids[h])])
                                 for i in range(g.n_players))
            for s, nodes in enumerate(engine.layout.set_nodes):
                i = int(g.node_player[nodes[0]])
                a0 = sigma[s]
                for b in range(len(engine.layout.sets[s][2])):
                    if b == a0:
                        continue
                    self.where.append((sigma, s, a0, b))
                    if len(nodes) == 1:
                        chosen.append(V[kids[nodes[0]][a0]][i])
                        other.append(V[kids[nodes[0]][b]][i])
                    else:                      # weighted by Nature's probabilities (beliefs)
                        chosen.append(sympy.Add(*[engine.cw[h] * V[kids[h][a0]][i] for h in nodes]))
                        other.append(sympy.Add(*[engine.cw[h] * V[kids[h][b]][i] for h in nodes]))
        first = sigmas[0]
        R: list[Any] = [sympy.Integer(1)] + [sympy.Integer(0)] * (N - 1)
        for h in range(1, N):
            p = parent[h]
            if R[p] == 0:
                continue
            if kind[p] == CHANCE:
                R[h] = R[p] * engine.chance[p][pact[h]]
            elif pact[h] == first[gid[p]]:
                R[h] = R[p]
        outcome = [sympy.Integer(0)] * len(engine.layout.outcomes)
        for h, k in engine.layout.terminal_outcome:
            outcome[k] = outcome[k] + R[h]
        reach = [sympy.Add(*[R[h] for h in nodes]) for nodes in engine.layout.set_nodes]
        self.sigma = np.array(first, np.int16)
        self.n = len(sigmas)
        self.k = len(outcome)
        # comparisons that vanish at both probes may be identical ties: check exactly
        probe_fn = _compile(engine.symbols, [c - a for c, a in zip(chosen, other)])
        cols = [np.array([_PROBES[0], _PROBES[1]]) if j % 2 == 0 else
                np.array([_PROBES[1], _PROBES[0]]) for j in range(len(engine.symbols))]
        with np.errstate(all="ignore"):
            d = [np.broadcast_to(np.asarray(v, dtype=float), (2,)) for v in probe_fn(*cols)]
        keep = [j for j in range(len(chosen))
                if (np.abs(d[j]) > 1e-6).any() and np.isfinite(d[j]).all()
                or not _identically_zero(chosen[j] - other[j])]
        # an identical tie is allowed only in a list the solver gave (it lists, or breaks,
        # the tie itself); a proposed regime with one can never hold
        self.never = not listed and len(keep) < len(chosen)
        self.m = len(keep)
        self.engine = engine
        self.where = [self.where[j] for j in keep]
        self.refined: dict[int, Any] = {}  # comparisons relative to a baseline, on need
        exprs = [chosen[j] for j in keep] + [other[j] for j in keep] + outcome + reach
        self.fn = _compile(engine.symbols, exprs, errors=True)

    def _refined(self, j: int):
        """Comparison ``j`` written relative to a baseline, compiled with an error bound,
        made on first need.

        In a game whose payoffs are totals over many periods, two actions late in the
        tree are worth nearly the same total, and their difference is lost in
        rounding.  Every terminal payoff below a node of the set is taken relative to
        the first terminal payoff below that node (sympy cancels the shared terms of
        the two sums exactly; Nature's probabilities add up to one, so the difference
        of the two values is unchanged), and the comparison is evaluated on that scale.
        """
        got = self.refined.get(j)
        if got is None:
            eng = self.engine
            sigma, s, a0, b = self.where[j]
            nodes = eng.layout.set_nodes[s]
            i = int(eng.game.node_player[nodes[0]])
            terms = []
            for h in nodes:
                base = eng.pay[eng.first_terminal[h]][i]
                w = eng.cw[h] if len(nodes) > 1 else sympy.Integer(1)
                terms.append(w * (eng.relative_value(eng.kids[h][a0], sigma, i, base)
                                  - eng.relative_value(eng.kids[h][b], sigma, i, base)))
            got = self.refined[j] = _compile(eng.symbols, [sympy.Add(*terms)], errors=True)
        return got

    def evaluate(self, cols: list, n: int):
        """Per draw: whether the regime holds, the outcome probabilities, the sets reached.

        It holds where every kept difference *chosen - alternative* exceeds
        ``SAFETY`` times its rounding-error bound (and the rounding of the
        subtraction), every comparison inside a piecewise payoff is decided, and
        every set's probability of being reached is decided positive or exactly 0.
        """
        with np.errstate(all="ignore"):
            vals, errs, decided = self.fn(*cols)
            V = [np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in vals]
            E = [np.broadcast_to(np.asarray(e, dtype=float), (n,)) for e in errs]
            ok = np.broadcast_to(np.asarray(decided, dtype=bool), (n,)).copy()
            m, k = self.m, self.k
            outcome = np.column_stack(V[2 * m:2 * m + k]) if k else np.zeros((n, 0))
            reach, rerr = V[2 * m + k:], E[2 * m + k:]
            for r, e in zip(reach, rerr):
                ok &= (r > SAFETY * e) | ((r == 0) & (e == 0))
            on_path = np.column_stack(reach) > 0 if reach else np.zeros((n, 0), bool)
            ok &= np.isfinite(outcome).all(axis=1)
            for j in range(m):
                c, a = V[j], V[m + j]
                strict = (c - a) > SAFETY * (E[j] + E[m + j] + _U * (np.abs(c) + np.abs(a)))
                again = np.flatnonzero(ok & ~strict)
                if len(again):
                    # a difference of nearly equal totals (payoffs summed over many
                    # periods): evaluate it relative to a baseline, shared terms cancelled
                    dv, de, dd = self._refined(j)(*[col[again] for col in cols])
                    v = np.broadcast_to(np.asarray(dv[0], dtype=float), (len(again),))
                    e = np.broadcast_to(np.asarray(de[0], dtype=float), (len(again),))
                    strict[again] = np.asarray(dd, dtype=bool) & (v > SAFETY * (e + _U * np.abs(v)))
                ok &= strict
        return ok, outcome, on_path


class _Engine:
    """Solves draws of one game: known regimes first (vectorised), exactly otherwise."""

    def __init__(self, game, names: tuple[str, ...], method: str, shortcut: bool):
        self.game, self.names, self.method = game, tuple(names), method
        self.symbols = [sympy.Symbol(n) for n in self.names]
        self.layout = _layout(game)
        self.cache: OrderedDict = OrderedDict()
        self.regimes: dict[tuple, _Regime | None] = {}
        self.regime_list: list[_Regime] = []
        self.shortcut = bool(shortcut) and self._eligible()
        if self.shortcut:
            self._prepare_symbolic()

    # -------------------------------------------------------------- set-up
    def _eligible(self) -> bool:
        g = self.game
        return (g.form == "extensive" and self.method in ("auto", "spe") and g.exact
                and g.n_nodes <= MAX_SYMBOLIC_NODES and g.n_nodes > 0 and _sequential(g))

    def _prepare_symbolic(self) -> None:
        g = self.game
        N = g.n_nodes
        self.kind = g.node_kind.tolist()
        self.kids = g.child_lists()
        self.gid = g.node_infoset.tolist()
        self.parent = g.node_parent.tolist()
        self.pact = g.node_parent_action.tolist()
        self.pay: list[Any] = [None] * N
        self.chance: dict[int, tuple] = {}
        for h in range(N):
            if self.kind[h] == TERMINAL:
                self.pay[h] = tuple(sympify_number(x) for x in g.payoffs(h))
            elif self.kind[h] == CHANCE:
                self.chance[h] = tuple(sympify_number(p) for p in g.chance_probabilities(h))
        # Nature's weight of each node from the root of its subgame piece (beliefs up to a factor)
        from solver.algorithms.subgames import proper_subgames
        roots = set(proper_subgames(g)) if not g.is_perfect_information else set()
        self.cw: list[Any] = [sympy.Integer(1)] * N
        for h in range(1, N):
            p = self.parent[h]
            if h in roots:
                continue
            self.cw[h] = self.cw[p] * self.chance[p][self.pact[h]] if self.kind[p] == CHANCE \
                else self.cw[p]
        # the proposal: every terminal payoff, chance probability and weight, in floats
        self.terminals = [h for h in range(N) if self.kind[h] == TERMINAL]
        self.chance_nodes = sorted(self.chance)
        multi = [h for nodes in self.layout.set_nodes if len(nodes) > 1 for h in nodes]
        self.weighted = multi
        flat = [x for h in self.terminals for x in self.pay[h]]
        flat += [q for h in self.chance_nodes for q in self.chance[h]]
        flat += [self.cw[h] for h in multi]
        self.numbers_fn = _compile(self.symbols, flat)
        depth = [0] * N
        for h in range(1, N):
            depth[h] = depth[self.parent[h]] + 1
        # a set's choice depends only on sets whose nodes lie below its nodes, all
        # deeper than its shallowest node (perfect recall): deepest sets first
        self.set_order = sorted(range(len(self.layout.set_nodes)),
                                key=lambda s: -min(depth[h] for h in self.layout.set_nodes[s]))
        end = list(range(N))
        for h in range(N - 1, 0, -1):
            end[self.parent[h]] = max(end[self.parent[h]], end[h])
        self.end = end
        first = list(range(N))                 # the first terminal of each subtree
        for h in range(N - 1, -1, -1):
            if self.kind[h] != TERMINAL:
                first[h] = first[self.kids[h][0]]
        self.first_terminal = first

    def relative_value(self, top: int, sigma, i: int, base):
        """Player ``i``'s value of node ``top`` under ``sigma``, with ``base`` taken off
        every terminal payoff (sympy cancels shared terms of flat sums exactly)."""
        V: dict[int, Any] = {}
        kind, kids = self.kind, self.kids
        for u in range(self.end[top], top - 1, -1):
            if kind[u] == TERMINAL:
                V[u] = sympy.Add(self.pay[u][i], -base)
            elif kind[u] == DECISION:
                V[u] = V[kids[u][sigma[self.gid[u]]]]
            else:
                V[u] = sympy.Add(*[p * V[c] for p, c in zip(self.chance[u], kids[u])])
        return V[top]

    def propose(self, cols: list, n: int) -> np.ndarray:
        """Each draw's choices by backward induction in floats (a *proposal*: a regime
        is used only where its exact-structure comparisons hold with a margin)."""
        g = self.game
        P = g.n_players
        with np.errstate(all="ignore"):
            vals = [np.broadcast_to(np.asarray(v, dtype=float), (n,))
                    for v in self.numbers_fn(*cols)]
        it = iter(vals)
        V: dict[int, np.ndarray] = {h: np.stack([next(it) for _ in range(P)])
                                    for h in self.terminals}
        prob = {h: [next(it) for _ in self.kids[h]] for h in self.chance_nodes}
        weight = {h: next(it) for h in self.weighted}
        choice: dict[int, np.ndarray] = {}
        kind, kids, gid = self.kind, self.kids, self.gid

        def ensure(top: int) -> None:
            for u in range(self.end[top], top - 1, -1):
                if u in V:
                    continue
                if kind[u] == CHANCE:
                    V[u] = sum(q * V[c] for q, c in zip(prob[u], kids[u]))
                else:
                    pick = choice[gid[u]]
                    V[u] = np.choose(pick, [V[c] for c in kids[u]]) if len(kids[u]) > 1 \
                        else V[kids[u][0]]

        with np.errstate(all="ignore"):
            for s in self.set_order:
                nodes = self.layout.set_nodes[s]
                i = int(g.node_player[nodes[0]])
                for h in nodes:
                    for c in kids[h]:
                        ensure(c)
                if len(nodes) == 1:
                    table = np.stack([V[c][i] for c in kids[nodes[0]]])
                else:
                    table = np.stack([sum(weight[h] * V[kids[h][a]][i] for h in nodes)
                                      for a in range(len(kids[nodes[0]]))])
                choice[s] = np.argmax(np.nan_to_num(table, nan=-np.inf), axis=0)
        out = np.zeros((n, len(self.layout.set_nodes)), np.int16)
        for s, c in choice.items():
            out[:, s] = c
        return out

    # -------------------------------------------------------------- exact solving
    def _values(self, row) -> dict[str, Fraction]:
        return {name: Fraction(float(x)) for name, x in zip(self.names, row)}

    def exact(self, row) -> tuple[tuple, tuple | None]:
        """The record of one draw solved exactly, and its regime key (or None)."""
        values = self._values(row)
        try:
            g = self.game.substitute(values) if values else self.game
            sol = solve_at(g, self.method, {})
        except GameError as e:
            shown = ", ".join(f"{k}={float(v)!r}" for k, v in values.items())
            raise type(e)(f"at the draw {shown}: {e}") from e
        lay = self.layout
        n_sets = len(lay.sets)
        act = np.full(n_sets, -2, np.int16)
        on_path = np.zeros(n_sets, bool)
        outcome = np.zeros(len(lay.outcomes))
        eqs = sol.equilibria
        if not eqs:
            return (act, on_path, outcome, 0), None
        eq = eqs[0]
        if lay.form == "normal":
            probs = eq.probabilities
            for i, pr in enumerate(probs):
                act[i] = _pure_index(pr)
            on_path[:] = True
            if lay.outcomes:
                outcome[:] = [float(v) for v in _exact_joint(probs)]
            return (act, on_path, outcome, len(eqs)), None
        prof = eq.profile
        for s, pr in enumerate(prof.flat()):
            act[s] = _pure_index(pr)
        reach = realization_probabilities(g, prof)
        for s, nodes in enumerate(lay.set_nodes):
            on_path[s] = any(reach[h] > 0 for h in nodes)
        sums: list[Any] = [0] * len(lay.outcomes)
        for h, k in lay.terminal_outcome:
            sums[k] += reach[h]
        outcome[:] = [float(v) for v in sums]
        key = None
        if self.shortcut and sol.complete:
            sigmas = [tuple(_pure_index(pr) for pr in e.profile.flat()) for e in eqs]
            if all(a >= 0 for sig in sigmas for a in sig):
                key = (True, tuple(sigmas))
        return (act, on_path, outcome, len(eqs)), key

    # -------------------------------------------------------------- a chunk of draws
    def _apply(self, regime: _Regime, cols, todo, rec: DrawRecords) -> None:
        idx = np.flatnonzero(todo)
        if not len(idx):
            return
        if regime.never:
            return
        try:
            ok, outcome, on_path = regime.evaluate([c[idx] for c in cols], len(idx))
        except Exception:            # pragma: no cover - numpy cannot evaluate the expressions
            return
        sel = idx[ok]
        if not len(sel):
            return
        rec.act[sel] = regime.sigma
        rec.on_path[sel] = on_path[ok]
        rec.outcome[sel] = outcome[ok]
        rec.n_equilibria[sel] = regime.n
        rec.by_regime += len(sel)
        todo[sel] = False

    def add_regime(self, key: tuple) -> _Regime | None:
        """The regime of ``key = (listed, sigmas)``, built on first use; ``listed``
        says whether ``sigmas`` is a list the solver gave (else a proposal)."""
        if key not in self.regimes:
            try:
                r = _Regime(self, key[1], key[0])
            except Exception:          # pragma: no cover - an expression numpy cannot evaluate
                r = None
            self.regimes[key] = r
            if r is not None:
                self.regime_list.append(r)
        return self.regimes[key]

    def process(self, draws: np.ndarray) -> DrawRecords:
        """The records of a chunk of draws (rows: draws, columns: ``names``)."""
        n = len(draws)
        lay = self.layout
        rec = DrawRecords.empty(n, len(lay.sets), len(lay.outcomes))
        todo = np.ones(n, bool)
        cols = [np.ascontiguousarray(draws[:, j], dtype=float) for j in range(len(self.names))]
        for regime in self.regime_list:
            self._apply(regime, cols, todo, rec)
        if self.shortcut and todo.any():
            idx = np.flatnonzero(todo)
            try:
                proposed = self.propose([c[idx] for c in cols], len(idx))
            except Exception:        # pragma: no cover - numpy cannot evaluate the payoffs
                proposed = np.zeros((0, len(lay.sets)), np.int16)
            for row in np.unique(proposed, axis=0):
                key = (False, (tuple(int(a) for a in row),))
                if key not in self.regimes:
                    regime = self.add_regime(key)
                    if regime is not None:
                        self._apply(regime, cols, todo, rec)
        start = 0
        while True:
            left = np.flatnonzero(todo[start:])
            if not len(left):
                break
            j = start + int(left[0])
            start = j
            bkey = draws[j].tobytes()
            got = self.cache.get(bkey)
            if got is not None:
                self.cache.move_to_end(bkey)
                rec.cached += 1
            else:
                got, key = self.exact(draws[j])
                rec.exact += 1
                self.cache[bkey] = got
                if len(self.cache) > CACHE_SIZE:
                    self.cache.popitem(last=False)
                if key is not None and key not in self.regimes:
                    regime = self.add_regime(key)
                    if regime is not None:
                        self._apply(regime, cols, todo, rec)
                        if not todo[j]:        # recorded through its new regime
                            continue
            a, p, o, m = got
            rec.act[j], rec.on_path[j], rec.outcome[j], rec.n_equilibria[j] = a, p, o, m
            todo[j] = False
        return rec


def _pure_index(pr) -> int:
    """The action taken with probability one, or -1 for a mixed choice."""
    for a, p in enumerate(pr):
        if p == 1:
            return a
    return -1


def _exact_joint(probs) -> list:
    """Exact probability of every cell of a table (row-major), from the players' mixes."""
    out = [Fraction(1)]
    for pr in probs:
        out = [x * p for x in out for p in pr]
    return out


# ---------------------------------------------------------------------- workers
_ENGINES: "OrderedDict[tuple, _Engine]" = OrderedDict()
_LOCK = threading.Lock()


def _engine_for(token: str, game, names, method, shortcut) -> _Engine:
    """The engine of one run in this process and thread (kept for the run's next chunks)."""
    key = (token, threading.get_ident())
    with _LOCK:
        eng = _ENGINES.get(key)
        if eng is not None:
            _ENGINES.move_to_end(key)
            return eng
    eng = _Engine(game, names, method, shortcut)
    with _LOCK:
        _ENGINES[key] = eng
        while len(_ENGINES) > 8:
            _ENGINES.popitem(last=False)
    return eng


def _drop_engines(token: str) -> None:
    with _LOCK:
        for key in [k for k in _ENGINES if k[0] == token]:
            del _ENGINES[key]


@dataclass(frozen=True)
class _Task:
    token: str
    game: Any
    names: tuple
    method: str
    shortcut: bool
    draws: np.ndarray


def _run_chunk(task: _Task) -> DrawRecords:
    """Solve one chunk of draws (a top-level function: executors pickle it by name)."""
    eng = _engine_for(task.token, task.game, task.names, task.method, task.shortcut)
    return eng.process(task.draws)


# ====================================================================== the result
def _stderr(x: np.ndarray) -> float | None:
    n = len(x)
    if n < 2:
        return None
    return float(math.sqrt(float(np.var(x, ddof=1)) / n))


@dataclass(frozen=True)
class ChoiceShare:
    """How often an action is taken with probability one at an information set.

    ``probability`` counts every draw (the set on the path or not); ``on_path``
    only the draws in which play also reaches the set.
    """

    player: str
    at: str
    action: str
    probability: float
    stderr: float | None
    on_path: float
    on_path_stderr: float | None = None

    def to_dict(self) -> dict:
        return {"player": self.player, "at": self.at, "action": self.action,
                "probability": self.probability, "stderr": self.stderr}

    def on_path_dict(self) -> dict:
        """The same entry counting only the draws in which play also reaches the set."""
        return {"player": self.player, "at": self.at, "action": self.action,
                "probability": self.on_path, "stderr": self.on_path_stderr}


@dataclass(frozen=True)
class MixedShare:
    """How often the equilibrium mixes at an information set."""

    player: str
    at: str
    probability: float
    stderr: float | None

    def to_dict(self) -> dict:
        return {"player": self.player, "at": self.at, "probability": self.probability,
                "stderr": self.stderr}


@dataclass(frozen=True)
class OutcomeShare:
    """The probability of an outcome of play over the draws (and Nature's moves);
    ``reached``: the share of draws in which it has positive probability."""

    outcome: str
    probability: float
    stderr: float | None
    reached: float

    def to_dict(self) -> dict:
        return {"outcome": self.outcome, "probability": self.probability,
                "stderr": self.stderr, "reached": self.reached}


@dataclass(frozen=True)
class Sensitivity:
    """Spearman's rank correlation between a parameter and a choice or an outcome."""

    parameter: str
    kind: str                  # "choice" or "outcome"
    target: tuple              # (player, at, action) or (outcome,)
    rank_correlation: float

    @property
    def target_text(self) -> str:
        if self.kind == "choice":
            player, at, action = self.target
            return f"{player} at {at}: {action}" if at != "the table" else f"{player}: {action}"
        return self.target[0]

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"parameter": self.parameter, "kind": self.kind}
        if self.kind == "choice":
            out.update(zip(("player", "at", "action"), self.target))
        else:
            out["outcome"] = self.target[0]
        out["rank_correlation"] = self.rank_correlation
        return out


@dataclass(frozen=True)
class UncertaintyResult:
    """The equilibrium choices and outcomes of a game over draws of its parameters.

    Attributes
    ----------
    samples, seed : int
        Number of draws and the seed of ``numpy.random.default_rng``.
    parameters : tuple of str
        The parameters drawn (in draw order); ``distributions`` lists every
        ``(name, spec)`` given, fixed ones included.
    choices : tuple of ChoiceShare
        Every action at every information set (player in a table), in the game's
        order.
    outcomes : tuple of OutcomeShare
    mixed : tuple of MixedShare
        Sets where some draw's equilibrium mixes.
    sensitivity : tuple of Sensitivity
        Largest absolute rank correlation first.
    distinct_draws, multiple_equilibria, no_equilibrium : int
        Distinct parameter vectors; draws with several equilibria (the first one
        counts); draws without one.
    method : str
        How the draws were solved.
    values : ndarray
        The draws (rows) of ``parameters`` (columns).
    records : DrawRecords
        Per draw, what the equilibrium does.
    profiles : int
        Distinct choice profiles (rows of ``records.act``) among the draws.
    exact_solves : int
        Exact solves made (bookkeeping, not part of ``to_dict``: it depends on
        how the draws were cut into chunks, the answers do not).
    seconds : float
        Wall time of the run.
    """

    samples: int
    seed: int
    parameters: tuple
    distributions: tuple
    choices: tuple
    outcomes: tuple
    mixed: tuple
    sensitivity: tuple
    distinct_draws: int
    multiple_equilibria: int
    no_equilibrium: int
    method: str
    values: Any = field(default=None, repr=False, compare=False)
    records: Any = field(default=None, repr=False, compare=False)
    exact_solves: int = field(default=0, compare=False)
    profiles: int = field(default=0, compare=False)
    seconds: float = field(default=0.0, compare=False)

    def choice(self, player: str, at: str, action: str) -> ChoiceShare:
        """The entry of ``action`` at the set labelled ``at`` of ``player``."""
        for c in self.choices:
            if (c.player, c.at, c.action) == (player, at, action):
                return c
        raise GameError(f"no choice {action!r} of {player!r} at {at!r}; the sets are "
                        f"{sorted({(c.player, c.at) for c in self.choices})}")

    def to_dict(self) -> dict:
        """The JSON object of ``gamesolver uncertainty --format json``.

        ``{"samples", "seed", "choices", "outcomes", "sensitivity", ...}``: each
        choice is ``{"player", "at", "action", "probability", "stderr"}`` (``at`` the
        information set's label, or ``"the table"``); ``on_path`` lists the same
        entries counting only draws in which play reaches the set; ``mixed``,
        ``distinct_draws``, ``multiple_equilibria``, ``no_equilibrium``,
        ``distributions`` and ``method`` follow.
        """
        n = self.samples
        return {"samples": n, "seed": self.seed,
                "choices": [c.to_dict() for c in self.choices],
                "outcomes": [o.to_dict() for o in self.outcomes],
                "sensitivity": [s.to_dict() for s in self.sensitivity],
                "on_path": [c.on_path_dict() for c in self.choices],
                "mixed": [m.to_dict() for m in self.mixed],
                "distinct_draws": self.distinct_draws,
                "multiple_equilibria": {"draws": self.multiple_equilibria,
                                        "probability": self.multiple_equilibria / n},
                "no_equilibrium": {"draws": self.no_equilibrium,
                                   "probability": self.no_equilibrium / n},
                "distributions": {name: spec for name, spec in self.distributions},
                "method": self.method}

    def __str__(self) -> str:
        dist = "; ".join(f"{name} ~ {spec}" for name, spec in self.distributions) or \
            "no distributions (every draw the same)"
        lines = [f"{self.samples} draws (seed {self.seed}), {self.distinct_draws} distinct: {dist}",
                 ""]
        lines.append("Equilibrium choices (share of draws whose equilibrium takes the action "
                     "with probability one; on path: and play reaches the set)")
        lines += _table(["player", "at", "action", "probability", "std. error", "on path"],
                        [[c.player, c.at, c.action, _p(c.probability), _p(c.stderr),
                          _p(c.on_path)] for c in self.choices])
        if self.mixed:
            lines += ["", "Mixed choices (share of draws whose equilibrium mixes at the set)"]
            lines += _table(["player", "at", "probability", "std. error"],
                            [[m.player, m.at, _p(m.probability), _p(m.stderr)]
                             for m in self.mixed])
        if self.outcomes:
            lines += ["", "Outcomes (probability over the draws and Nature's moves; reached: "
                          "share of draws where it can happen)"]
            lines += _table(["outcome", "probability", "std. error", "reached"],
                            [[o.outcome, _p(o.probability), _p(o.stderr), _p(o.reached)]
                             for o in self.outcomes])
        if self.sensitivity:
            shown = self.sensitivity[:12]
            more = len(self.sensitivity) - len(shown)
            lines += ["", "Sensitivity (Spearman rank correlation over the draws, largest first)"]
            lines += _table(["parameter", "choice or outcome", "rank corr."],
                            [[s.parameter, s.target_text, f"{s.rank_correlation:+.3f}"]
                             for s in shown])
            if more:
                lines.append(f"... {more} more in --format json")
        notes = []
        if self.multiple_equilibria:
            notes.append(f"{self.multiple_equilibria} draws have several equilibria; the first "
                         "one listed counts")
        if self.no_equilibrium:
            notes.append(f"{self.no_equilibrium} draws have no equilibrium found")
        if notes:
            lines += [""] + [f"note: {n}" for n in notes]
        return "\n".join(lines)


def _p(x) -> str:
    return "-" if x is None else f"{x:.4f}"


def _table(head: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(len(r[c]) for r in [head] + body) for c in range(len(head))]
    rows = ["  ".join(x.ljust(w) for x, w in zip(r, widths)).rstrip() for r in [head] + body]
    rows.insert(1, "  ".join("-" * w for w in widths))
    return rows


# ====================================================================== sensitivity
def _ranks(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n, ties at their average rank."""
    _, inv, cnt = np.unique(x, return_inverse=True, return_counts=True)
    end = np.cumsum(cnt)
    return (end - (cnt - 1) / 2.0)[inv.ravel()]


def spearman(x, y) -> float:
    """Spearman's rank correlation of two samples (NaN if either is constant).

    The Pearson correlation of the ranks, ties at their average rank (Spearman
    1904, "The proof and measurement of association between two things", *Am. J.
    Psychol.* 15), as ``scipy.stats.spearmanr`` computes it.

    >>> round(spearman([1, 2, 3, 4], [0, 0, 1, 1]), 6)
    0.894427
    """
    rx, ry = _ranks(np.asarray(x, float)), _ranks(np.asarray(y, float))
    sx, sy = rx.std(), ry.std()
    if sx == 0 or sy == 0:
        return float("nan")
    return float(np.mean((rx - rx.mean()) * (ry - ry.mean())) / (sx * sy))


def _zranks(y: np.ndarray) -> np.ndarray | None:
    """Standardised ranks (mean 0, variance 1), or None for a constant sample; a 0/1
    sample is ranked without sorting."""
    n = len(y)
    if n < 3 or y.min() == y.max():
        return None
    if y.dtype == bool:
        k = int(y.sum())
        r = np.where(y, (n - k) + (k + 1) / 2.0, (n - k + 1) / 2.0)
    else:
        r = _ranks(y)
    return (r - r.mean()) / r.std()


def _sensitivity(names, values, layout, rec: DrawRecords) -> tuple[Sensitivity, ...]:
    targets = []
    for s, (player, at, actions) in enumerate(layout.sets):
        for a, action in enumerate(actions):
            z = _zranks(rec.act[:, s] == a)
            if z is not None:
                targets.append(("choice", (player, at, action), z))
    for k, label in enumerate(layout.outcomes):
        z = _zranks(rec.outcome[:, k])
        if z is not None:
            targets.append(("outcome", (label,), z))
    out = []
    if not targets:
        return ()
    Z = np.stack([z for _, _, z in targets], axis=1)
    for j, name in enumerate(names):
        zx = _zranks(values[:, j])
        if zx is None:
            continue
        rho = zx @ Z / len(zx)
        out += [Sensitivity(name, kind, target, float(r))
                for (kind, target, _), r in zip(targets, rho)]
    out.sort(key=lambda s: -abs(s.rank_correlation))
    return tuple(out)


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
    tasks = [_Task(token, g1, varied, method, shortcut, values[sl])
             for sl in chunk_slices(samples, size)]
    bar = Progress(samples, "uncertainty: draws solved", enabled=progress)
    try:
        parts = map_chunks(_run_chunk, tasks, executor, progress=bar,
                           weight=lambda t: len(t.draws))
    finally:
        bar.close()
        _drop_engines(token)
    rec = DrawRecords.concatenate(parts)
    layout = _layout(g1)
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
        sensitivity=_sensitivity(varied, values, layout, rec), distinct_draws=distinct,
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
