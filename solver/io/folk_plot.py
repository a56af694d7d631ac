"""The folk-theorem picture of a two-player repeated game: the feasible payoffs (the
convex hull of the stage payoffs), the minmax lines, the feasible and individually
rational region shaded, the stage payoff vectors labelled, and optionally the payoff of
a strategy profile marked.  Needs matplotlib (the ``plot`` extra), imported only when a
picture is drawn.
"""
from __future__ import annotations

from solver.errors import GameError
from solver.io.plotting import plot_objects

__all__ = ["plot_folk"]


def plot_folk(feasible, path=None, *, ax=None, point=None, point_label: str = "",
              dpi: int = 150):
    """Draw a :class:`~solver.analysis.repeated_folk.FeasibleSet` of a two-player game.

    Parameters
    ----------
    feasible : FeasibleSet
        From :func:`solver.analysis.repeated_folk.folk_theorem`.
    path : str or Path, optional
        Save the figure there (PNG, PDF, SVG: by the extension).
    ax : matplotlib Axes, optional
        Draw into these axes.
    point : pair of numbers, optional
        A payoff vector to mark (a profile's payoffs), with ``point_label``.
    dpi : int
        The resolution of the saved figure.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    GameError
        For more than two players, or when matplotlib is missing
        (``pip install 'gamesolver[plot]'``).
    """
    if feasible.hull is None:
        raise GameError(f"the folk-theorem picture is drawn for two players; this game has "
                        f"{len(feasible.players)}")
    Figure, Polygon = plot_objects("drawing the folk-theorem picture",
                                   "matplotlib.figure:Figure", "matplotlib.patches:Polygon")
    fig = None
    if ax is None:
        fig = Figure(figsize=(6, 5))
        ax = fig.add_subplot()
    hull = [(float(x), float(y)) for x, y in feasible.hull]
    region = [(float(x), float(y)) for x, y in (feasible.region or ())]
    if len(hull) >= 3:
        ax.add_patch(Polygon(hull, closed=True, facecolor="#dddddd", edgecolor="#555555",
                             label="feasible payoffs"))
    else:
        ax.plot([p[0] for p in hull], [p[1] for p in hull], color="#555555",
                label="feasible payoffs")
    if len(region) >= 3:
        ax.add_patch(Polygon(region, closed=True, facecolor="#8fbc8f", edgecolor="#2e6b2e",
                             alpha=0.8, label="feasible and individually rational"))
    elif region:
        ax.plot([p[0] for p in region], [p[1] for p in region], color="#2e6b2e", lw=3,
                label="feasible and individually rational")
    v1, v2 = (float(v) for v in feasible.minmax)
    kind = "mixed" if feasible.mixed_minmax is not None else "pure"
    ax.axvline(v1, color="#aa3333", ls="--", lw=1,
               label=f"minmax of {feasible.players[0]} ({kind})")
    ax.axhline(v2, color="#3333aa", ls="--", lw=1,
               label=f"minmax of {feasible.players[1]} ({kind})")
    for name, (x, y) in feasible.points:
        ax.plot([float(x)], [float(y)], "o", color="black", ms=4)
        ax.annotate(name, (float(x), float(y)), textcoords="offset points", xytext=(4, 4),
                    fontsize=8)
    if point is not None:
        ax.plot([float(point[0])], [float(point[1])], "*", color="#d4a017", ms=14,
                label=point_label or "profile's payoffs")
    xs = [p[0] for p in hull] + [v1]
    ys = [p[1] for p in hull] + [v2]
    pad_x = max(max(xs) - min(xs), 1.0) * 0.1
    pad_y = max(max(ys) - min(ys), 1.0) * 0.1
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    ax.set_xlabel(f"payoff of {feasible.players[0]}")
    ax.set_ylabel(f"payoff of {feasible.players[1]}")
    ax.set_title("Feasible and individually rational payoffs")
    ax.legend(fontsize=7, loc="best")
    if path is not None:
        (fig or ax.figure).savefig(path, dpi=dpi, bbox_inches="tight")
    return ax
