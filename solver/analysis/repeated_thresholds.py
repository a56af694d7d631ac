"""For which discount factors is a strategy profile subgame perfect?

By the **one-shot deviation principle** (Mailath and Samuelson 2006, *Repeated Games
and Reputations*, ch. 2; Fudenberg and Tirole 1991, *Game Theory*, §4.2), a profile
given by a joint automaton is a subgame-perfect equilibrium of the infinitely repeated
game iff, in *every* state the automaton can reach (after any history, on the path of
play or off it), no player gains from changing his action for one period and then
following the automaton again:

    V_i(w) >= (1 - delta) u_i(a_i', a_-i(w)) + delta V_i(tau(w, (a_i', a_-i(w))))

for every state ``w``, player ``i`` and action ``a_i'``, with the normalised values ``V``
of :mod:`solver.analysis.repeated_values`.  Each condition is a rational inequality in
``delta``, solved exactly (:mod:`solver.analysis.inequalities`); the profile is
subgame perfect exactly on the intersection of their solution sets.

When the stage game has parameters, each condition is also kept as an expression in
them, so that the set can be recomputed along any one parameter
(:meth:`~solver.analysis.repeated_records.RepeatedEquilibrium.parameter_set`), and a
condition that is *linear* in ``delta`` once factors of fixed sign are removed gives a
closed form for its bound (:mod:`solver.analysis.repeated_closed_forms`): ``delta >=
(T - R)/(T - P)`` for grim trigger in the prisoner's dilemma.  A closed form holds while
the factors removed keep the signs they have at the given values; the result lists them.
"""
from __future__ import annotations

from typing import Any, Mapping

import sympy

from solver.analysis.comparisons import expression_text
from solver.analysis.inequalities import solve_inequalities
from solver.analysis.repeated_closed_forms import distinct, linear_bound
from solver.analysis.repeated_records import CITATION, DeviationCondition, RepeatedEquilibrium
from solver.analysis.repeated_strategies import Automaton
from solver.analysis.repeated_values import stage_payoff_function, state_values
from solver.errors import GameError
from solver.forms.repeated import RepeatedGame
from solver.numbers import format_number, sympify_number, to_number

__all__ = ["DeviationCondition", "RepeatedEquilibrium", "critical_discount", "CITATION"]


def _as_repeated(game) -> RepeatedGame:
    if isinstance(game, RepeatedGame):
        return game
    if getattr(game, "form", None) == "normal":
        return RepeatedGame(game)
    raise GameError(f"expected a RepeatedGame or a normal-form stage game, got "
                    f"{type(game).__name__}")


def _values(game: RepeatedGame, values: Mapping[str, Any] | None):
    """Checked parameter values: the discount's (if symbolic) and the stage game's, with
    the stage game's defaults for the rest."""
    given = {k: to_number(v, f"parameter {k!r}") for k, v in (values or {}).items()}
    stage = game.stage
    symbol = str(game.discount) if game.symbolic_discount else None
    known = set(stage.symbols) | set(stage.parameters) | ({symbol} if symbol else set())
    unknown = sorted(set(given) - known)
    if unknown:
        raise GameError(f"unknown parameter {unknown[0]!r}; the parameters are {sorted(known)}")
    at = given.pop(symbol, None) if symbol else game.discount
    if at is not None and not 0 < at < 1:
        raise GameError(f"the discount factor must lie in (0, 1), got {format_number(at)}")
    merged = {k: v for k, v in stage.parameters.items() if k in stage.symbols}
    merged.update(given)
    missing = sorted(set(stage.symbols) - set(merged))
    if missing:
        raise GameError(f"the stage game's parameter {missing[0]!r} has no value")
    return at, merged


def critical_discount(game, strategy, *, values: Mapping[str, Any] | None = None,
                      cooperate=None, punish=None) -> RepeatedEquilibrium:
    """The discount factors at which a profile is subgame perfect, exactly.

    Parameters
    ----------
    game : RepeatedGame or NormalFormGame
        An infinitely repeated game (a stage game is repeated for ever with a symbolic
        discount factor).  Its stage game may have parameters.
    strategy : Automaton or str
        The profile: an :class:`~solver.analysis.repeated_strategies.Automaton`, or a
        built-in's name (``"grim"``, ``"tit-for-tat"``, ``"punish:K"``) with the
        optional ``cooperate`` and ``punish`` profiles.
    values : mapping, optional
        Values of the stage game's parameters (the others take their defaults) and,
        when the discount factor is a symbol, of it (by its name).

    Returns
    -------
    RepeatedEquilibrium

    Raises
    ------
    GameError
        For a finite horizon (see :func:`solver.analysis.repeated_finite.finite_repetition`),
        an automaton that does not fit the stage game, or a bad parameter value.

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   strategies=(("C", "D"), ("C", "D")))
    >>> str(critical_discount(pd, "grim").discounts)
    '[1/2, 1)'
    >>> critical_discount(pd, "tit-for-tat").verdict()
    'Tit-for-tat is subgame perfect for no delta in (0, 1).'
    """
    game = _as_repeated(game)
    if not game.infinite:
        raise GameError("critical_discount is for the infinitely repeated game; this one has "
                        f"a horizon of {game.horizon} periods (use finite_repetition)")
    if not game.stage.exact:
        raise GameError("critical_discount needs exact stage payoffs (give floats as decimal "
                        "strings such as '0.45')")
    at, params = _values(game, values)
    if game.symbolic_discount:
        delta = game.discount
    else:
        delta = sympy.Symbol("discount" if "delta" in game.stage.symbols else "delta")
    concrete = game.stage.substitute(params) if game.stage.parametric else game.stage
    if isinstance(strategy, str):
        strategy = Automaton.named(concrete, strategy, cooperate, punish)
    elif not isinstance(strategy, Automaton):
        raise GameError(f"strategy: expected an Automaton or a built-in's name, got "
                        f"{type(strategy).__name__}")
    bound = strategy.bind(concrete)
    reach = bound.reachable()
    start = bound.index[strategy.initial]
    prefix, cycle = bound.path(start)
    on_path = set(prefix) | set(cycle)
    payoff = stage_payoff_function(game.stage)
    V = state_values(bound, payoff, delta)
    subs = {sympy.Symbol(k): sympify_number(v) for k, v in params.items()}
    stage = game.stage
    records, exprs, symbolic = [], [], []
    for w in reach:
        a = bound.play[w]
        for i, player in enumerate(stage.players):
            for k, label in enumerate(stage.strategies[i]):
                if k == a[i]:
                    continue
                prof = a[:i] + (k,) + a[i + 1:]
                nxt = bound.next(w, prof)
                follow = V[w][i]
                deviate = (1 - delta) * payoff(prof)[i] + delta * V[nxt][i]
                g = follow - deviate
                symbolic.append(g)
                exprs.append(g.xreplace(subs) if subs else g)
                records.append((w, i, k, prof, nxt, follow, deviate, g))
    singles, every = solve_inequalities(exprs, delta, 0, 1)
    conditions, lowers, uppers, signs, closed = [], [], [], set(), True
    for (w, i, k, prof, nxt, follow, deviate, g), holds in zip(records, singles):
        bound_expr, direction, assumed = linear_bound(g, delta, subs)
        cond = DeviationCondition(
            state=bound.states[w], player=stage.players[i],
            prescribed=stage.strategies[i][bound.play[w][i]], action=stage.strategies[i][k],
            profile=stage.cell_name(prof), next_state=bound.states[nxt], on_path=w in on_path,
            follow=_tidy(follow), deviate=_tidy(deviate), holds=holds, bound=bound_expr,
            direction=direction, signs=assumed)
        conditions.append(cond)
        if cond.always:
            continue
        if bound_expr is None or holds.empty:
            closed = False
            continue
        signs.update(assumed)
        (lowers if direction == ">=" else uppers).append(bound_expr)
    path = (tuple(stage.cell_name(bound.play[s]) for s in prefix),
            tuple(stage.cell_name(bound.play[s]) for s in cycle))
    actions = tuple((tuple(stage.strategies[i][bound.play[s][i]] for s in prefix),
                     tuple(stage.strategies[i][bound.play[s][i]] for s in cycle))
                    for i in range(stage.n_players))
    payoffs = tuple(_tidy(v.xreplace(subs) if subs else v) for v in V[start])
    spe_at = None if at is None else every.contains(sympify_number(at))
    show_closed = closed and bool(params) and bool(lowers or uppers)
    return RepeatedEquilibrium(
        strategy=strategy.name, players=stage.players, symbol=str(delta), discounts=every,
        conditions=tuple(conditions), states=tuple(bound.states[w] for w in reach),
        on_path=tuple(bound.states[w] for w in reach if w in on_path), path=path,
        actions=actions, payoffs=payoffs, at=at, spe_at=spe_at,
        lower=distinct(lowers) if show_closed else None,
        upper=distinct(uppers) if show_closed else None,
        signs=tuple(sorted(signs)) if show_closed else (), parameters=dict(params),
        symbolic=tuple(symbolic))


def _tidy(expr):
    """The shorter of the factored and the expanded forms."""
    expr = sympy.sympify(expr)
    if not expr.free_symbols:
        return expr
    forms = [sympy.cancel(expr), sympy.factor(expr)]
    return min(forms, key=lambda e: (len(expression_text(e)), forms.index(e)))
