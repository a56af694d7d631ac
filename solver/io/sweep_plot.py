"""The picture of a sweep: one line per equilibrium branch, thresholds marked.

:func:`plot_sweep` draws a :class:`~solver.analysis.sweep.SweepResult` (what
``SweepResult.plot`` and ``gamesolver sweep --plot`` call).  Each equilibrium is
followed across adjacent parameter values while its support stays the same
(:func:`solver.analysis.sweep_branches.branches`), and each such branch is its own
line, so a line never joins two different equilibria: where an equilibrium
disappears its line ends, and the equilibrium that appears starts a line of its own.
The thresholds (:func:`solver.analysis.parametric.thresholds`), where some
equilibrium choice flips, are dashed vertical lines labelled with their exact values.
Needs matplotlib (the ``plot`` extra).
"""
from __future__ import annotations

from typing import Any

from solver.analysis.sweep_branches import branches
from solver.errors import GameError
from solver.numbers import format_number

__all__ = ["plot_sweep", "threshold_values", "MAX_LEGEND"]

#: Branches named in the legend at most (the rest are drawn, and counted in the legend).
MAX_LEGEND = 12

_STYLES = ["-", (0, (1, 1.5)), "-.", (0, (3, 1, 1, 1, 1, 1))]
_MARKERS = ["o", "s", "^", "D", "v", "P"]


def threshold_values(thresholds) -> list:
    """The distinct values of a :class:`ThresholdResult` (or of an iterable of numbers or
    of thresholds), in increasing order."""
    if thresholds is None:
        return []
    items = getattr(thresholds, "thresholds", thresholds)
    seen: dict[float, Any] = {}
    for t in items:
        v = getattr(t, "value", t)
        seen.setdefault(float(v), v)
    return [seen[k] for k in sorted(seen)]


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def _probability_series(branch):
    """(label, [(x, probability)]) for each strategy (tree: action at a set) whose
    probability is strictly between 0 and 1 somewhere on the branch, leaving out the
    last such strategy of each player (or set): its probability is what the others
    leave, so its line would say nothing new."""
    series: dict[tuple, list] = {}
    for value, e in branch.points:
        prof = e.profile
        if hasattr(prof, "infoset_labels"):
            items = [((name, k), f"{name}: {lab or k + 1}: {a}", p)
                     for name, labs, A, P in zip(prof.players, prof.infoset_labels,
                                                 prof.actions, prof.probabilities)
                     for k, (lab, acts, pr) in enumerate(zip(labs, A, P))
                     for a, p in zip(acts, pr)]
        else:
            items = [((name, 0), f"{name}: {a}", p) for name, labs, pr in
                     zip(prof.players, prof.labels, prof.probabilities) for a, p in zip(labs, pr)]
        for group, label, p in items:
            series.setdefault((group, label), []).append((float(value), float(p)))
    mixed = [(group, label, pts) for (group, label), pts in series.items()
             if any(0 < p < 1 for _, p in pts)]
    last = {group: label for group, label, _ in mixed}
    return [(label, pts) for group, label, pts in mixed if last[group] != label]


def plot_sweep(result, path=None, *, ax=None, what: str = "payoffs", thresholds=None,
               dpi: int = 150):
    """Draw a sweep: one line per equilibrium branch, a dashed line at each threshold.

    Parameters
    ----------
    result : SweepResult
    path : str or Path, optional
        Save the figure there (PNG, PDF, SVG: by the extension).
    ax : matplotlib Axes, optional
        Draw into these axes.
    what : {"payoffs", "probabilities"}
        ``"payoffs"``: each player's equilibrium payoff along each branch (one colour
        per branch, one line style and marker per player).  ``"probabilities"``: along
        each branch, the probability of every strategy that is mixed somewhere on it
        (pure branches have none to draw; of each player's mixed strategies the last is
        left out, its probability being what the others leave).
    thresholds : ThresholdResult or iterable of numbers, optional
        Values to mark with dashed vertical lines (those inside the swept range).
    dpi : int

    Returns
    -------
    matplotlib Axes
        The legend names each branch by its support (``"Hawk+Dove | Hawk+Dove"``, one
        player after another), and each threshold line is labelled with its value.

    Raises
    ------
    GameError
        For an unknown ``what``, or when matplotlib is missing.
    """
    if what not in ("payoffs", "probabilities"):
        raise GameError(f"plot: what must be 'payoffs' or 'probabilities', got {what!r}")
    from solver.io.diagrams import figure_for
    ax = figure_for(ax, size=(8, 5))
    found = branches(result)
    players = list(result.players)
    for b_index, branch in enumerate(found):
        colour = f"C{b_index % 10}"
        xs = [float(v) for v in branch.values]
        named = b_index < MAX_LEGEND
        if what == "payoffs":
            for i, _ in enumerate(players):
                ys = [float(e.payoffs[i]) for e in branch.equilibria]
                ax.plot(xs, ys, color=colour, ls=_STYLES[i % len(_STYLES)],
                        marker=_MARKERS[i % len(_MARKERS)], ms=4,
                        label=_short(branch.label) if named and i == 0 else None)
        else:
            for k, (label, pts) in enumerate(_probability_series(branch)):
                ax.plot([x for x, _ in pts], [p for _, p in pts], color=colour,
                        ls=_STYLES[k % len(_STYLES)], marker=_MARKERS[k % len(_MARKERS)], ms=4,
                        label=_short(f"{label} ({branch.label})") if named else None)
    if len(found) > MAX_LEGEND:
        ax.plot([], [], " ", label=f"... {len(found) - MAX_LEGEND} more branches")
    if what == "payoffs":
        for i, name in enumerate(players):       # the key to the line styles
            ax.plot([], [], color="black", ls=_STYLES[i % len(_STYLES)],
                    marker=_MARKERS[i % len(_MARKERS)], ms=4, label=f"payoff of {name}")
        ax.set_ylabel("equilibrium payoff")
    else:
        ax.set_ylabel("probability in the equilibrium")
        if not ax.get_lines():
            ax.text(0.5, 0.5, "no equilibrium mixes on this range", transform=ax.transAxes,
                    ha="center")
    values = [float(v) for v, _ in result.rows]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (hi - lo) * 0.03 or 0.5
    ax.set_xlim(lo - pad, hi + pad)
    for t in threshold_values(thresholds):
        if lo <= float(t) <= hi:
            ax.axvline(float(t), color="grey", ls="--", lw=1)
            ax.annotate(f"{result.parameter} = {format_number(t)}",
                        (float(t), 1.0), xycoords=("data", "axes fraction"),
                        xytext=(3, -3), textcoords="offset points", rotation=90,
                        va="top", ha="left", fontsize=8, color="dimgrey",
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"})
    ax.set_xlabel(result.parameter)
    ax.set_title(f"Equilibria along {result.parameter}: one line per branch (same support)",
                 fontsize=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
              title="branch: support of " + " | ".join(players) if what == "payoffs" else None,
              title_fontsize=8)
    if path is not None:
        ax.figure.savefig(path, dpi=dpi, bbox_inches="tight")
    return ax
