"""Sweeps: the equilibria of a parametric game along one parameter.

:func:`sweep` solves the game at each value of one parameter (the others at their
defaults or given values) and tabulates the equilibria; the table prints, converts
to JSON, and plots with matplotlib (the ``plot`` extra) one line per equilibrium
branch (:mod:`solver.analysis.sweep_branches`).  Where the equilibrium
*changes* is the business of :func:`solver.analysis.parametric.thresholds`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping

from solver.analysis.executors import map_chunks
from solver.analysis.parameter_points import at_value, free_in, solve_at
from solver.errors import GameError
from solver.numbers import format_number, json_number, to_number

__all__ = ["SweepResult", "sweep", "sweep_command"]


@dataclass(frozen=True)
class SweepResult:
    """Equilibria of a parametric game at a list of parameter values.

    Attributes
    ----------
    parameter : str
    players : tuple of str
    rows : tuple of (value, tuple of equilibria)
        The parameter value and the certified equilibria found there.
    method : str
    """

    parameter: str
    players: tuple[str, ...]
    rows: tuple[tuple[Any, tuple], ...]
    method: str = ""
    choices: tuple = field(default=(), repr=False)

    def to_dict(self) -> dict:
        return {"parameter": self.parameter, "players": list(self.players), "method": self.method,
                "rows": [{"value": json_number(v),
                          "equilibria": [{**e.to_dict(), "choices": list(ch)}
                                         for e, ch in zip(eqs, chs)]}
                         for (v, eqs), chs in zip(self.rows, self.choices)]}

    def __str__(self) -> str:
        head = [self.parameter, "#"] + list(self.players) + [f"payoff {p}" for p in self.players]
        body = []
        for (v, eqs), chs in zip(self.rows, self.choices):
            if not eqs:
                body.append([format_number(v), "-"] + ["(none)"] * (2 * len(self.players)))
            for k, (e, ch) in enumerate(zip(eqs, chs), 1):
                body.append([format_number(v) if k == 1 else "", str(k)] + list(ch)
                            + [format_number(u) for u in e.payoffs])
        widths = [max(len(r[c]) for r in [head] + body) for c in range(len(head))]
        lines = ["  ".join(x.ljust(w) for x, w in zip(r, widths)).rstrip() for r in [head] + body]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def plot(self, ax=None, what: str = "payoffs", *, thresholds=None, path=None):
        """Draw the sweep: one line per equilibrium branch (an equilibrium followed while
        its support stays the same, :mod:`solver.analysis.sweep_branches`), each
        player's payoff (``what="payoffs"``) or the mixed probabilities
        (``what="probabilities"``) against the parameter, with a dashed line at each
        value of ``thresholds`` (a :class:`ThresholdResult` or numbers).

        Drawn by :func:`solver.io.sweep_plot.plot_sweep`; needs matplotlib
        (``pip install 'gamesolver[plot]'``).  Returns the axes.
        """
        from solver.io.sweep_plot import plot_sweep  # a display hook (upward)
        return plot_sweep(self, path, ax=ax, what=what, thresholds=thresholds)

    def _repr_html_(self) -> str:
        from solver.io.notebook import sweep_html  # a display hook (upward)
        return sweep_html(self)


def _choices(eq) -> tuple[str, ...]:
    """Each player's strategy in words: ``"Hawk"``, ``"1/2 Hawk, 1/2 Dove"`` or ``"DV: Decline; ..."``."""
    def mix(acts, pr):
        played = [(a, p) for a, p in zip(acts, pr) if p > 0]
        if len(played) == 1:
            return played[0][0]
        return ", ".join(f"{format_number(p)} {a}" for a, p in played)

    prof = eq.profile
    if hasattr(prof, "infoset_labels"):
        return tuple("; ".join((f"{lab or k + 1}: " if len(A) > 1 else "") + mix(acts, pr)
                               for k, (lab, acts, pr) in enumerate(zip(labs, A, P)))
                     for labs, A, P in zip(prof.infoset_labels, prof.actions, prof.probabilities))
    return tuple(mix(labs, pr) for labs, pr in zip(prof.labels, prof.probabilities))


#: Most values one sweep solves (``num``, or the length of ``values``); more are a GameError.
MAX_SWEEP_VALUES = 10_000


def _values(values, start, stop, num) -> list:
    if values is None:
        if start is None or stop is None or num is None:
            raise GameError("sweep needs values=[...] or start=, stop= and num=")
        values = (start, stop, num)
    if isinstance(values, tuple) and len(values) == 3 and isinstance(values[2], int) \
            and not isinstance(values[2], bool):
        a, b, n = values
        if n < 2:
            raise GameError(f"sweep: num must be at least 2, got {n}")
        if n > MAX_SWEEP_VALUES:
            raise GameError(f"sweep: num={n} is more than the {MAX_SWEEP_VALUES} values a sweep "
                            "solves (MAX_SWEEP_VALUES); sweep a smaller range in parts, or "
                            "use thresholds to find where the equilibrium changes")
        a, b = to_number(a, "sweep start"), to_number(b, "sweep stop")
        return [a + (b - a) * Fraction(k, n - 1) if isinstance(a, Fraction) and isinstance(b, Fraction)
                else a + (b - a) * k / (n - 1) for k in range(n)]
    if hasattr(values, "__len__") and len(values) > MAX_SWEEP_VALUES:
        raise GameError(f"sweep: {len(values)} values are more than the {MAX_SWEEP_VALUES} a "
                        "sweep solves (MAX_SWEEP_VALUES)")
    out = [to_number(v, "sweep value") for v in values]
    if not out:
        raise GameError("sweep: no values given")
    return out


def sweep(game, param: str, values=None, *, start=None, stop=None, num: int | None = None,
          method: str = "auto", params: Mapping[str, Any] | None = None, executor=None,
          **solve_options: Any) -> SweepResult:
    """Solve a parametric game at each value of one parameter.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
    param : str
        A free parameter of the game.
    values : list of numbers, or a tuple ``(start, stop, num)``
        Explicit values (a list), or ``num`` evenly spaced values from ``start`` to
        ``stop`` inclusive (a tuple whose third item is an int; exact when the
        ends are).  The keywords ``start``, ``stop``, ``num`` do the same.
    method : str
        As for :func:`thresholds`.
    params : mapping, optional
        Values of the other parameters (defaults otherwise).
    executor : concurrent.futures.Executor, optional
        Solve the values on it (a process pool, or a Dask cluster through
        ``distributed.Client(...).get_executor()``); the table is the same as serially.

    Returns
    -------
    SweepResult
        Prints as a table; ``to_dict()`` for JSON; ``plot()`` with matplotlib.
    """
    xs = _values(values, start, stop, num)
    g1 = free_in(game, param, params)
    rows, choices = [], []
    used = method
    tasks = [(g1, param, x, method, dict(solve_options)) for x in xs]
    for x, (used, eqs, chs) in zip(xs, map_chunks(solve_value, tasks, executor)):
        rows.append((x, eqs))
        choices.append(chs)
    return SweepResult(param, tuple(g1.players), tuple(rows), used, tuple(choices))


def solve_value(task) -> tuple:
    """One value of a sweep, solved: ``(method, equilibria, choices)`` (a top-level
    function, so that an executor can pickle it by name)."""
    g1, param, x, method, options = task
    sol = solve_at(at_value(g1, param, x), method, options)
    return sol.method, tuple(sol.equilibria), tuple(_choices(e) for e in sol.equilibria)


def sweep_command(game, param: str, start, stop, num: int, fmt: str = "text",
                  plot_path: str | None = None, params: Mapping[str, Any] | None = None) -> str:
    """Text or JSON for ``gamesolver sweep``; with ``plot_path``, also save the payoff plot."""
    if fmt not in ("text", "json"):
        raise GameError(f"unknown format {fmt!r}; choose text or json")
    res = sweep(game, param, start=start, stop=stop, num=int(num), params=params)
    out = json.dumps(res.to_dict()) if fmt == "json" else str(res)
    if plot_path:
        marks, note = None, ""
        if res.rows and float(res.rows[0][0]) < float(res.rows[-1][0]):
            from solver.analysis.parametric import thresholds
            try:
                marks = thresholds(game, param, low=res.rows[0][0], high=res.rows[-1][0],
                                   params=params)
            except GameError as exc:       # the plot is still drawn, without them
                note = f" (thresholds not marked: {exc})"
        res.plot(thresholds=marks, path=plot_path)
        if fmt == "text":
            out += f"\nplot written to {plot_path}{note}"
    return out
