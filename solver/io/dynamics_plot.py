"""The picture of a learning or evolutionary dynamic (:func:`solver.analysis.dynamics.dynamics`).

Where the trajectory lives decides the picture:

* one population with three strategies: the simplex, a triangle whose corners are the
  pure strategies (barycentric coordinates);
* two populations with two strategies each (a 2×2 game): the unit square, the row
  player's probability *p* of his first strategy against the column player's *q*;
* anything else: each probability against time (or iteration).

The start is a circle, the end a square, and the equilibria compared are stars.  Needs
matplotlib (the ``plot`` extra), imported only when a picture is drawn.
"""
from __future__ import annotations

import math

import numpy as np

from solver.errors import GameError
from solver.io.plotting import plot_objects

__all__ = ["plot_dynamics", "picture_kind"]

_SQRT3_2 = math.sqrt(3) / 2


def picture_kind(run) -> str:
    """``"simplex"``, ``"square"`` or ``"time"``: how :func:`plot_dynamics` draws ``run``."""
    sizes = [len(lab) for lab in run.labels]
    if sizes == [3]:
        return "simplex"
    if sizes == [2, 2]:
        return "square"
    return "time"


def _barycentric(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shares of three strategies as points of the triangle (0,0), (1,0), (1/2, √3/2)."""
    p = np.atleast_2d(np.asarray(points, dtype=float))
    return p[:, 1] + 0.5 * p[:, 2], _SQRT3_2 * p[:, 2]


def plot_dynamics(run, path=None, *, ax=None, dpi: int = 150):
    """Draw a run of a dynamic, its start, its end and the equilibria compared.

    Parameters
    ----------
    run : DynamicsRun
        The run (:func:`solver.analysis.dynamics.dynamics`).
    path : str or Path, optional
        Save the figure there (PNG, PDF, SVG: by the extension).
    ax : matplotlib Axes, optional
        Draw into these axes.
    dpi : int
        The resolution of the saved figure.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    GameError
        When matplotlib is missing (``pip install 'gamesolver[plot]'``).
    """
    Figure, = plot_objects("drawing a dynamic", "matplotlib.figure:Figure")
    if ax is None:
        fig = Figure(figsize=(7, 6))
        ax = fig.add_subplot()
    kind = picture_kind(run)
    {"simplex": _simplex, "square": _square, "time": _time}[kind](run, ax)
    ax.set_title(run.headline(), fontsize=8, wrap=True)
    if path is not None:
        try:
            ax.figure.savefig(path, dpi=dpi, bbox_inches="tight")
        except (OSError, ValueError) as err:
            raise GameError(f"{path}: cannot write the picture ({err})") from None
    return ax


def _equilibrium_states(run):
    return [[np.array([float(p) for p in pr]) for pr in e.probabilities[:len(run.labels)]]
            for e in run.equilibria]


def _simplex(run, ax) -> None:
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, _SQRT3_2], [0.0, 0.0]])
    ax.plot(corners[:, 0], corners[:, 1], color="black", linewidth=1)
    for (x, y), label, va in zip(corners[:3], run.labels[0], ("top", "top", "bottom")):
        ax.annotate(label, (x, y), ha="center", va=va, fontsize=10,
                    xytext=(0, -6 if va == "top" else 6), textcoords="offset points")
    x, y = _barycentric(run.trajectory[0])
    ax.plot(x, y, color="tab:blue", linewidth=1, label=run.rule)
    ax.plot(x[:1], y[:1], "o", color="tab:green", label="start")
    ax.plot(x[-1:], y[-1:], "s", color="tab:red", label="end", zorder=4, markersize=5)
    for states in _equilibrium_states(run):
        ex, ey = _barycentric(states[0])
        ax.plot(ex, ey, "*", color="gold", markeredgecolor="black", markersize=14,
                label="equilibrium")
    ax.set_aspect("equal")
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.12, 1.0)
    ax.axis("off")
    _legend(ax)


def _square(run, ax) -> None:
    p, q = run.trajectory[0][:, 0], run.trajectory[1][:, 0]
    ax.plot([0, 1, 1, 0, 0], [0, 0, 1, 1, 0], color="black", linewidth=0.8)
    ax.plot(p, q, color="tab:blue", linewidth=1, label=run.rule)
    ax.plot(p[:1], q[:1], "o", color="tab:green", label="start")
    ax.plot(p[-1:], q[-1:], "s", color="tab:red", label="end", zorder=4, markersize=5)
    for states in _equilibrium_states(run):
        ax.plot(states[0][0], states[1][0], "*", color="gold", markeredgecolor="black",
                markersize=14, label="equilibrium")
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_aspect("equal")
    ax.set_xlabel(f"p = P({run.populations[0]} plays {run.labels[0][0]})")
    ax.set_ylabel(f"q = P({run.populations[1]} plays {run.labels[1][0]})")
    _legend(ax)


def _time(run, ax) -> None:
    colours = [f"C{k}" for k in range(10)]
    k = 0
    two = len(run.labels) > 1
    end = float(run.times[-1])
    for who, labels, traj in zip(run.populations, run.labels, run.trajectory):
        for j, label in enumerate(labels):
            colour = colours[k % 10]
            style = "-" if who == run.populations[0] else "--"
            name = f"{who}: {label}" if two else label
            ax.plot(run.times, traj[:, j], style, color=colour, linewidth=1, label=name)
            k += 1
    k = 0
    marked = False
    for p, labels in enumerate(run.labels):
        for j in range(len(labels)):
            for states in _equilibrium_states(run):
                ax.plot([end], [states[p][j]], "*", color=colours[k % 10],
                        markeredgecolor="black", markersize=10,
                        label=None if marked else "equilibrium")
                marked = True
            k += 1
    ax.set_xlabel("iteration" if run.counts is not None else "time")
    ax.set_ylabel("empirical frequency" if run.counts is not None else "population share")
    ax.set_ylim(-0.03, 1.03)
    _legend(ax)


def _legend(ax) -> None:
    handles, labels = ax.get_legend_handles_labels()
    seen = {}
    for h, lab in zip(handles, labels):
        seen.setdefault(lab, h)
    ax.legend(seen.values(), seen.keys(), fontsize=8, loc="best")
