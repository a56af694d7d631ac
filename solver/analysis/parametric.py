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

from ..errors import GameError, InvalidGameError, SolverError
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
            recs, notes = _tree_thresholds(g1, t, lo, hi, method, solve_options)
            approach = "symbolic backward induction"
        except _TooHard as exc:
            notes = [f"symbolic backward induction not used ({exc}); grid instead"]
    if recs is None:
        if grid < 2:
            raise GameError(f"grid must be at least 2, got {grid}")
        recs, more = _grid_thresholds(g1, t, lo, hi, method, solve_options, grid)
        notes += more
        approach = "grid and exact location"
    return ThresholdResult(param, tuple(recs), _out_number(lo), _out_number(hi), approach,
                           tuple(notes))


# ------------------------------------------------- trees of perfect information
def _tree_choices(game, solution) -> tuple[dict[int, int], dict[int, str]]:
    """Per decision node: the index of the action taken in the first equilibrium,
    and the text of the mover's optimal actions there (``"DV / Enhanced"`` on a tie)."""
    eq = solution.equilibria[0]
    out, shown = {}, {}
    kind = game.node_kind.tolist()
    for h in range(game.n_nodes):
        if kind[h] == _DECISION:
            s = game.infoset(int(game.node_infoset[h]))
            pr = eq.profile.probabilities[s.player][s.index]
            out[h] = max(range(len(pr)), key=lambda a: pr[a])
            shown[h] = game.actions(h)[out[h]]
    for step in solution.trace:
        if getattr(step, "node", None) in out and len(getattr(step, "chosen", ())) > 1:
            acts = game.actions(step.node)
            shown[step.node] = " / ".join(a for a in acts if a in step.chosen)
    return out, shown


def _symbolic_values(g1, choice):
    """Per node, the payoff vector (sympy) that follows it under the choices ``choice``."""
    kind = g1.node_kind.tolist()
    kids = g1.child_lists()
    val: list[Any] = [None] * g1.n_nodes
    for h in range(g1.n_nodes - 1, -1, -1):
        if kind[h] == _TERMINAL:
            val[h] = tuple(sympify_number(x) for x in g1.payoffs(h))
        elif kind[h] == _DECISION:
            val[h] = val[kids[h][choice[h]]]
        else:
            probs = [sympify_number(p) for p in g1.chance_probabilities(h)]
            val[h] = tuple(sympy.expand(sum(p * val[c][i] for p, c in zip(probs, kids[h])))
                           for i in range(g1.n_players))
    return val


def _tree_candidates(g1, choice, t, lo, hi, include_hi=True):
    """Roots (and poles) in (lo, hi] of every mover's value differences under ``choice``."""
    val = _symbolic_values(g1, choice)
    kids = g1.child_lists()
    who = g1.node_player.tolist()
    found = set()
    for h, c in choice.items():
        i = who[h]
        mine = val[kids[h][c]][i]
        for a, k in enumerate(kids[h]):
            if a != c:
                rts = _roots(val[k][i] - mine, t, lo, hi, include_hi=include_hi)
                if rts is None:
                    raise _TooHard(f"the values at node {g1.node_name(h)} are not rational "
                                   f"functions of {t}")
                found.update(rts)
    return sorted(found, key=lambda r: sympy.N(r, 40))


def _regime_right_of(g1, t, x, bound, method, options):
    """The choices that hold on an interval just right of ``x`` (and a point in it)."""
    q = _between(x, bound)
    for _ in range(80):
        sol = _solve(_at(g1, str(t), q), method, options)
        choice, shown = _tree_choices(g1, sol)
        inside = _tree_candidates(g1, choice, t, x, q)
        if not inside:
            return choice, shown, q
        q = _between(x, inside[0])
    raise SolverError(f"thresholds: could not find the choices just right of {t} = {x}")


def _at_label(game, h: int) -> str:
    return game.label(h) or "/".join(game.path(h)) or "root"


def _tree_thresholds(g1, t, lo, hi, method, options):
    n_dec = int((g1.node_kind == _DECISION).sum())
    if n_dec > SYMBOLIC_MAX_NODES:
        raise _TooHard(f"{n_dec} decision nodes, more than SYMBOLIC_MAX_NODES={SYMBOLIC_MAX_NODES}")
    depth = {}
    par = g1.node_parent.tolist()
    for h in range(g1.n_nodes):
        depth[h] = depth[par[h]] + 1 if h else 0
    choice, _, q = _regime_right_of(g1, t, lo, hi, method, options)
    cur = lo
    recs: list[Threshold] = []
    notes: list[str] = []
    for _ in range(10_000):
        cands = _tree_candidates(g1, choice, t, cur, hi, include_hi=False)
        if not cands:
            break
        r = cands[0]
        _, below = _tree_choices(g1, _solve(_at(g1, str(t), _between(q, r)), method, options))
        bound = cands[1] if len(cands) > 1 else hi
        try:
            choice_after, after, q_after = _regime_right_of(g1, t, r, bound, method, options)
        except InvalidGameError as exc:     # pragma: no cover - a value outside the game's domain
            notes.append(f"could not check {t} = {r} from above: {exc}")
            break
        flipped = sorted((h for h in below if below[h] != after[h]), key=lambda h: -depth[h])
        for h in flipped:
            recs.append(Threshold(_out_number(r), g1.players[int(g1.node_player[h])],
                                  _at_label(g1, h), below[h], after[h]))
        cur, choice, q = r, choice_after, q_after
    return recs, notes


# -------------------------------------------------- grid and exact location
def _signature(game, solution) -> dict:
    """key -> (player, at, text): each player's (or information set's) supports across
    the equilibria; key ``"joint"``: the support profiles of the equilibria together."""
    out = {}
    joint = set()
    if game.form == "normal":
        for i, name in enumerate(game.players):
            sups = {e.support[i] for e in solution.equilibria}
            out[i] = (name, "strategy choice", _render(sups, game.strategies[i]))
        for e in solution.equilibria:
            joint.add(tuple("+".join(s) for s in e.support))
    else:
        per_eq = [[] for _ in solution.equilibria]
        for i, sets in enumerate(game.infosets):
            for s in sets:
                sups = set()
                for k, e in enumerate(solution.equilibria):
                    pr = e.profile.probabilities[i][s.index]
                    sup = tuple(a for a, p in zip(s.actions, pr) if p > 0)
                    sups.add(sup)
                    per_eq[k].append("+".join(sup))
                at = s.label or _at_label(game, s.nodes[0])
                out[(i, s.index)] = (game.players[i], at, _render(sups, s.actions))
        joint = {tuple(x) for x in per_eq}
    out["joint"] = (", ".join(game.players), "equilibria",
                    " / ".join("(" + ", ".join(j) + ")" for j in sorted(joint)) or "none")
    return out


def _render(supports, labels) -> str:
    order = {a: k for k, a in enumerate(labels)}
    keyed = sorted(supports, key=lambda s: (len(s), [order[a] for a in s]))
    return " / ".join("+".join(s) for s in keyed) if keyed else "none"


def _nf_candidates(g1, t, lo, hi, solutions):
    """Roots of payoff comparisons and of the mixed equilibria's indifference conditions."""
    import itertools
    import numpy as np
    found = set()
    tensor = g1.payoff_tensor
    n = g1.n_players
    count = 0
    for i in range(n):
        T = np.moveaxis(tensor[i], i, 0)
        for s, s2 in itertools.combinations(range(T.shape[0]), 2):
            for a, b in zip(T[s].flat, T[s2].flat):
                count += 1
                if count > 20_000:
                    break
                d = sympify_number(a) - sympify_number(b)
                try:
                    found.update(_roots(d, t, lo, hi, include_lo=True) or [])
                except _TooHard:
                    pass
    if n == 2:
        seen = set()
        for sol in solutions:
            for e in sol.equilibria:
                sup = tuple(tuple(k for k, p in enumerate(pr) if p > 0) for pr in e.probabilities)
                if sup not in seen and not all(len(x) == 1 for x in sup):
                    seen.add(sup)
                    found.update(_indifference_roots(tensor, sup, t, lo, hi))
    return sorted(found, key=lambda r: sympy.N(r, 40))


def _indifference_roots(tensor, sup, t, lo, hi):
    """Where the mixed equilibrium on support ``sup`` appears or disappears."""
    out = set()
    for i in range(2):
        j = 1 - i
        M = tensor[i] if i == 0 else tensor[i].T       # rows: i's strategies, columns: j's
        y = sympy.symbols(f"_y0:{len(sup[j])}")
        v = sympy.Symbol("_v")
        eqs = [sum(sympify_number(M[r, c]) * y[k] for k, c in enumerate(sup[j])) - v for r in sup[i]]
        eqs.append(sum(y) - 1)
        sol = sympy.solve(eqs, list(y) + [v], dict=True)
        if len(sol) != 1 or any(s not in sol[0] for s in list(y) + [v]):
            continue
        sol = sol[0]
        exprs = [sol[s] for s in y]
        exprs += [sum(sympify_number(M[r, c]) * sol[y[k]] for k, c in enumerate(sup[j])) - sol[v]
                  for r in range(M.shape[0]) if r not in sup[i]]
        for ex in exprs:
            try:
                out.update(_roots(ex, t, lo, hi, include_lo=True) or [])
            except _TooHard:
                pass
    return out


#: The grid avoids simple rationals (where thresholds tend to lie): its points are
#: offset by this irrational-looking fraction of a step.
_OFFSET = sympy.Rational(3819660113, 10 ** 10)
#: Largest number of payoff-comparison roots used to refine the grid of a normal form.
_MAX_REFINE = 200


def _grid_thresholds(g1, t, lo, hi, method, options, grid):
    param = str(t)
    cache: dict = {}

    def sig(x):
        key = sympy.sympify(x)
        if key not in cache:
            sol = _solve(_at(g1, param, key), method, options)
            cache[key] = (_signature(g1, sol), sol)
        return cache[key][0]

    h = hi - lo
    pts = ([lo + h * _OFFSET / 10 ** 6] + [lo + h * (k + _OFFSET) / grid for k in range(grid)]
           + [hi - h * _OFFSET / 10 ** 6])
    if g1.form == "normal":
        # a regime narrower than a grid step is not missed: sample once between every two
        # values at which some payoff comparison changes sign (when there are not too many)
        crit = _nf_candidates(g1, t, lo, hi, [])
        if len(crit) <= _MAX_REFINE:
            ends = sorted(set(crit) | {lo, hi}, key=lambda r: sympy.N(r, 40))
            pts = sorted(set(pts) | {_between(x, y) for x, y in zip(ends, ends[1:])},
                         key=lambda r: sympy.N(r, 40))
    sigs = [sig(x) for x in pts]
    recs: list[Threshold] = []
    notes: list[str] = []
    for a, b, sa, sb in zip(pts, pts[1:], sigs, sigs[1:]):
        if sa == sb:
            continue
        cands: set = set()
        samples = [a, b]
        if g1.form == "normal":
            # exact critical values; the mixed equilibria met on each new piece may add more
            sols = [cache[a][1], cache[b][1]]
            for _ in range(4):
                new = set(_nf_candidates(g1, t, a, b, sols)) - cands
                if not new:
                    break
                cands |= new
                ends = sorted(cands | {a, b}, key=lambda r: sympy.N(r, 40))
                samples = [a] + [_between(x, y) for x, y in zip(ends, ends[1:])] + [b]
                sols = [cache[m][1] for m in samples if sig(m) is not None]
        for x, y in zip(samples, samples[1:]):
            if sig(x) == sig(y):
                continue
            inner = [c for c in cands if x < c < y]
            if len(inner) == 1:
                recs += _records(inner[0], sig(x), sig(y))
            else:
                for r, before, after, exact in _locate(sig, x, y):
                    if not exact:
                        notes.append(f"a change near {param} = {float(r):.12g} was located by "
                                     "bisection only (no exact value confirmed)")
                    recs += _records(r, before, after)
    out, seen = [], set()
    for r in recs:
        key = (r.value, r.player, r.at, r.from_, r.to)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out, notes


def _records(value, before: dict, after: dict) -> list[Threshold]:
    """One record per player (or information set) whose supports change; a change of
    the equilibria that shows in no single player's supports gets one joint record."""
    v = _out_number(sympy.sympify(value))
    out = [Threshold(v, before[k][0], before[k][1], before[k][2], after[k][2])
           for k in before if k != "joint" and before[k] != after.get(k)]
    if not out and before["joint"] != after["joint"]:
        out.append(Threshold(v, before["joint"][0], "equilibria", before["joint"][2],
                             after["joint"][2]))
    return out


def _simplest_between(a: Fraction, b: Fraction) -> Fraction:
    """The fraction with the smallest denominator in the closed interval [a, b] (Stern-Brocot)."""
    if a > b:
        a, b = b, a
    import math
    fl = math.floor(a)
    if fl == a or math.floor(b) > fl:
        return Fraction(math.ceil(a))
    inner = _simplest_between(1 / (b - fl), 1 / (a - fl))
    return fl + 1 / inner


def _locate(sig, x, y, depth: int = 0):
    """Changes of signature in (x, y), by exact bisection then rational reconstruction.

    Returns ``(value, signature before, signature after, exact)`` per change.  A
    third regime met inside splits the search in two.
    """
    sx, sy = sig(x), sig(y)
    a, b = x, y
    width = (y - x) * sympy.Rational(1, 2 ** 40)
    while b - a > width:
        m = (a + b) / 2
        sm = sig(m)
        if sm == sx:
            a = m
        elif sm == sy:
            b = m
        elif depth < 8:
            return _locate(sig, x, m, depth + 1) + _locate(sig, m, y, depth + 1)
        else:   # pragma: no cover - more than 2^8 regimes in one grid step
            b, sy = m, sm
    fa, fb = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))
    r = _simplest_between(fa, fb)
    rr = sympy.Rational(r.numerator, r.denominator)
    tiny = sympy.Rational(fb - fa) / 2 ** 20
    if sig(rr - tiny) == sx and sig(rr + tiny) == sy:
        return [(rr, sx, sy, True)]
    return [((a + b) / 2, sx, sy, False)]


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
