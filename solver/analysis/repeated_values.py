"""Exact continuation values of a joint automaton in the infinitely repeated game.

From each state ``w`` an automaton's own play visits a fixed sequence of states: a
prefix ``w_0, ..., w_{m-1}`` and then a cycle ``c_0, ..., c_{L-1}`` repeated for ever
(:meth:`~solver.analysis.repeated_strategies.BoundAutomaton.path`).  The normalised
discounted value of player *i* from ``w`` is therefore a rational function of the
discount factor ``delta``:

    V_i(w) = (1 - delta) * sum_{t<m} delta**t u_i(w_t)
             + delta**m * (sum_{t<L} delta**t u_i(c_t)) / (sum_{t<L} delta**t),

the closed-form solution of the linear system ``V(w) = (1 - delta) u(a(w)) + delta
V(tau(w, a(w)))`` of the automaton (Mailath and Samuelson 2006, *Repeated Games and
Reputations*, §2.3).  Its denominators ``1 + delta + ... + delta**(L-1)`` are positive
for ``delta > 0``.  Payoffs may hold parameters (sympy symbols): the values are then
expressions in them and in ``delta``.
"""
from __future__ import annotations

from typing import Any, Callable

import sympy

from solver.numbers import sympify_number

__all__ = ["stage_payoff_function", "state_values"]


def stage_payoff_function(stage) -> Callable[[tuple[int, ...]], tuple]:
    """``profile -> payoffs`` of a stage game, as sympy numbers or expressions."""
    cache: dict[tuple[int, ...], tuple] = {}

    def payoff(profile: tuple[int, ...]) -> tuple:
        got = cache.get(profile)
        if got is None:
            got = cache[profile] = tuple(sympify_number(x) for x in stage.payoff(profile))
        return got
    return payoff


def state_values(bound, payoff: Callable[[tuple[int, ...]], tuple], delta: Any,
                 states=None) -> dict[int, tuple]:
    """Normalised values ``V_i(w)`` of every state (or of ``states``), per player.

    Parameters
    ----------
    bound : BoundAutomaton
    payoff : callable
        The stage payoffs of a profile of action indices (:func:`stage_payoff_function`).
    delta : sympy.Symbol or number
        The discount factor.

    Returns
    -------
    dict
        ``{state index: (V_1, ..., V_n)}``, sympy expressions (rational functions of
        ``delta`` when it is a symbol).
    """
    delta = sympy.sympify(delta)
    n = bound.stage.n_players
    out: dict[int, tuple] = {}
    for w in (range(len(bound.states)) if states is None else states):
        prefix, cycle = bound.path(w)
        m, L = len(prefix), len(cycle)
        cycle_weight = sum(delta ** t for t in range(L))
        vals = []
        for i in range(n):
            head = sum(delta ** t * payoff(bound.play[s])[i] for t, s in enumerate(prefix))
            loop = sum(delta ** t * payoff(bound.play[s])[i] for t, s in enumerate(cycle))
            vals.append((1 - delta) * head + delta ** m * loop / cycle_weight)
        out[w] = tuple(vals)
    return out
