"""The textbook pictures of small two-player games: best-response diagrams and payoff lines.

Two pictures explain a mixed equilibrium at a glance (Osborne 2004, *An Introduction
to Game Theory*, sec. 4.3 and fig. 4.4 of sec. 4.9; Gibbons 1992, sec. 1.3.B):

* :func:`best_response_diagram`, for a 2x2 game: on the unit square, ``p`` (the
  probability that the row player plays his first strategy) across and ``q`` (the
  column player's) up, each player's best-response correspondence -- the row
  player's best ``p`` against each ``q``, the column player's best ``q`` against each
  ``p``.  They meet exactly at the Nash equilibria, which are marked and labelled.
* :func:`payoff_lines`, for a 2xn (or nx2) game: the expected payoff of each of one
  player's strategies as a straight line in the other player's mixing probability,
  with the upper envelope -- the best-response payoff -- drawn thick and the
  equilibria's probabilities marked on it.

Both are computed exactly (fractions) and drawn with matplotlib (the ``plot`` extra).
They need the game's equilibria: given as ``solution=``, or computed here with
``solve(game, "enumerate")`` (all extreme equilibria, exact) -- the one place where a
picture solves, since a best-response diagram without its equilibria says half as
much.  A parametric game is drawn at the defaults of its parameters, as the title
says.  Sweep plots are :mod:`solver.io.sweep_plot`.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from solver.errors import GameError
from solver.io.plotting import plot_objects
from solver.numbers import format_number

__all__ = ["best_response_diagram", "payoff_lines", "diagram", "diagram_kind", "figure_for",
           "best_response_segments", "upper_envelope"]

#: The white box behind a label, so that lines do not cross its text.
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}


def figure_for(ax, size=(6, 5)):
    """The axes to draw into: ``ax`` itself, or the axes of a new figure (no pyplot
    state).  Raises GameError naming the ``plot`` extra when matplotlib is missing."""
    if ax is not None:
        return ax
    Figure, = plot_objects("drawing", "matplotlib.figure:Figure")
    fig = Figure(figsize=size)
    return fig.add_subplot()


def _save(ax, path, dpi: int):
    if path is not None:
        ax.figure.savefig(path, dpi=dpi, bbox_inches="tight")
    return ax


def _concrete(game, who: str):
    """The game with numbers for payoffs: parameters at their defaults (said in the
    returned note), or a GameError when some parameter has no default."""
    if getattr(game, "form", None) != "normal":
        raise GameError(f"{who} draws normal-form games, not {getattr(game, 'form', game)!r}")
    if game.n_players != 2:
        raise GameError(f"{who} draws two-player games; this game has {game.n_players} players")
    note = ""
    if game.parametric:
        params = dict(game.parameters)
        game = game.substitute(defaults=True)
        if game.parametric:
            missing = ", ".join(sorted(game.symbols))
            raise GameError(f"{who}: parameters {missing} have no default; give their values "
                            "with game.substitute(...)")
        note = "at " + ", ".join(f"{k} = {format_number(v)}" for k, v in sorted(params.items()))
    return game, note


def _solution(game, solution):
    if solution is not None:
        return solution
    from solver.solve import solve
    return solve(game, "enumerate")


def _title(game, what: str, note: str) -> str:
    head = f"{game.title}: {what}" if game.title else what[:1].upper() + what[1:]
    return head + (f" ({note})" if note else "")


# ---------------------------------------------------------------------- best responses
def best_response_segments(diff_at_0, diff_at_1) -> list[tuple[Any, Any, Any, Any]]:
    """A 2x2 best-response correspondence as segments on the unit square.

    Parameters
    ----------
    diff_at_0, diff_at_1 : number
        The player's payoff from his first strategy minus his second, when the other
        player plays his first strategy with probability 0 and with probability 1
        (the difference is linear in between).

    Returns
    -------
    list of (other_from, own_from, other_to, own_to)
        Segments in (the other's probability, the player's own best probability):
        own probability 1 where the difference is positive, 0 where negative, and
        every value from 0 to 1 where it is zero.  A player indifferent whatever
        the other does has the whole square, returned as the one "segment"
        ``(0, 0, 1, 1)`` (both coordinates moving): a rectangle, not a line.

    Examples
    --------
    Matching pennies' row player (first strategy pays 1 more against Heads, 1 less
    against Tails; difference 2q - 1) switches at q = 1/2:

    >>> best_response_segments(Fraction(-2), Fraction(2))
    [(0, 0, Fraction(1, 2), 0), (Fraction(1, 2), 0, Fraction(1, 2), 1), (Fraction(1, 2), 1, 1, 1)]
    """
    a, b = diff_at_0, diff_at_1
    if a == 0 and b == 0:                      # indifferent everywhere: the whole square
        return [(0, 0, 1, 1)]
    cuts = [0, 1]
    if (a < 0 < b) or (b < 0 < a):
        cuts = [0, Fraction(a) / (a - b) if not isinstance(a, float) else a / (a - b), 1]
    segs = []
    for lo, hi in zip(cuts, cuts[1:]):
        mid_diff = a + (b - a) * ((lo + hi) / 2)
        own = 1 if mid_diff > 0 else 0
        segs.append((lo, own, hi, own))
    # where the difference is zero the player is indifferent: a segment across
    for t, d in ((0, a), (1, b)):
        if d == 0:
            segs.append((t, 0, t, 1))
    if len(cuts) == 3:
        segs.insert(1, (cuts[1], 0, cuts[1], 1))
    return segs


def _segment(ax, seg, colour: str, label, **style) -> None:
    """One piece of a correspondence in (p, q): a line, or the whole square (shaded)
    for a player who is indifferent whatever the other does."""
    x0, y0, x1, y1 = (float(v) for v in seg)
    if x0 != x1 and y0 != y1:
        ax.fill_between([x0, x1], y0, y1, color=colour, alpha=0.15, label=label)
        return
    ax.plot([x0, x1], [y0, y1], color=colour, label=label, **style)


def best_response_diagram(game, path=None, *, solution=None, ax=None, dpi: int = 150):
    """Draw both players' best-response correspondences of a 2x2 game, equilibria marked.

    Parameters
    ----------
    game : NormalFormGame
        Two players, two strategies each (a parametric game is drawn at the defaults).
    path : str or Path, optional
        Save the figure there (PNG, PDF, SVG: by the extension).
    solution : Solution, optional
        The equilibria to mark; by default ``solve(game, "enumerate")``.
    ax : matplotlib Axes, optional
        Draw into these axes.
    dpi : int

    Returns
    -------
    matplotlib Axes
        ``p`` (the row player's probability of his first strategy) across, ``q`` (the
        column player's) up; each equilibrium a black dot labelled ``"E1: p = 2/3, q =
        1/3"`` in exact numbers.

    Raises
    ------
    GameError
        For a game that is not 2x2, or when matplotlib is missing.
    """
    game, note = _concrete(game, "best_response_diagram")
    if game.shape != (2, 2):
        raise GameError("best_response_diagram draws 2x2 games; this one is "
                        f"{'x'.join(map(str, game.shape))} (for 2xn games use payoff_lines)")
    sol = _solution(game, solution)
    ax = figure_for(ax)
    A, B = game.payoffs
    row, col = game.players
    (r1, r2), (c1, c2) = game.strategies
    # row: u(first) - u(second) against q = 0 (column plays c2) and q = 1 (c1)
    row_segs = best_response_segments(A[0][1] - A[1][1], A[0][0] - A[1][0])
    col_segs = best_response_segments(B[1][0] - B[1][1], B[0][0] - B[0][1])
    for k, (q0, p0, q1, p1) in enumerate(row_segs):      # row's: (p, q) = (own, other)
        _segment(ax, (p0, q0, p1, q1), "C0", f"{row}'s best response" if k == 0 else None,
                 lw=3.5, alpha=0.8, solid_capstyle="round")
    for k, seg in enumerate(col_segs):                    # column's: (p, q) = (other, own)
        _segment(ax, seg, "C1", f"{col}'s best response" if k == 0 else None, lw=2,
                 ls=(0, (6, 2)))
    placed: list[float] = []           # heights of the labels so far, to stack them
    for k, eq in enumerate(sol.equilibria, 1):
        p, q = eq.probabilities[0][0], eq.probabilities[1][0]
        x, y = float(p), float(q)
        ax.plot([x], [y], "o", color="black", ms=8, zorder=5,
                label="Nash equilibrium" if k == 1 else None)
        below = y > 0.5
        stack = sum(abs(y - h) < 0.08 for h in placed)   # labels already at this height
        placed.append(y)
        ax.annotate(f"E{k}: p = {format_number(p)}, q = {format_number(q)}", (x, y),
                    xytext=(-8 if x > 0.5 else 8, (-14 - 13 * stack) if below
                            else (10 + 13 * stack)),
                    textcoords="offset points", ha="right" if x > 0.5 else "left",
                    fontsize=9, zorder=6, bbox=_LABEL_BOX)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.05, 1.05)
    ax.set_aspect("equal")
    ax.set_xlabel(f"p = probability that {row} plays {r1}  (1 - p: {r2})")
    ax.set_ylabel(f"q = probability that {col} plays {c1}  (1 - q: {c2})")
    ax.set_title(_title(game, "best responses", note), fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=8,
              frameon=False)
    return _save(ax, path, dpi)


# ---------------------------------------------------------------------- payoff lines
def upper_envelope(lines) -> list[tuple[Any, Any]]:
    """The upper envelope of lines ``y = a + (b - a) t`` on ``0 <= t <= 1``.

    Parameters
    ----------
    lines : sequence of (a, b)
        Each line's value at ``t = 0`` and at ``t = 1``.

    Returns
    -------
    list of (t, y)
        The corners of the envelope from ``t = 0`` to ``t = 1``, exact when the
        values are.

    >>> upper_envelope([(0, 2), (1, 0)])
    [(0, 1), (Fraction(1, 3), Fraction(2, 3)), (1, 2)]
    """
    ts = {0, 1}
    for i, (a1, b1) in enumerate(lines):
        for a2, b2 in lines[i + 1:]:
            den = (b1 - a1) - (b2 - a2)
            if den != 0:
                t = (Fraction(a2 - a1) / den) if not isinstance(den, float) else (a2 - a1) / den
                if 0 < t < 1:
                    ts.add(t)
    out = []
    for t in sorted(ts):
        out.append((t, max(a + (b - a) * t for a, b in lines)))
    # drop corners that lie on a straight piece
    keep = [out[0]]
    for k in range(1, len(out) - 1):
        (t0, y0), (t1, y1), (t2, y2) = keep[-1], out[k], out[k + 1]
        if (y1 - y0) * (t2 - t0) != (y2 - y0) * (t1 - t0):
            keep.append(out[k])
    keep.append(out[-1])
    return keep


def _player_index(game, player) -> int | None:
    if player is None:
        return None
    try:
        return game.player_index(player)
    except GameError:
        raise
    except (ValueError, IndexError, TypeError):
        raise GameError(f"payoff_lines: no player {player!r}; the players are "
                        f"{list(game.players)}") from None


def payoff_lines(game, player=None, path=None, *, solution=None, ax=None, dpi: int = 150):
    """Draw one player's payoff from each of his strategies against the other's mix.

    In a 2xn game the column player's expected payoff from each of his *n*
    strategies is a straight line in ``p``, the probability that the row player plays
    his first strategy; the upper envelope of the lines is what a best response earns,
    and a mixed equilibrium's ``p`` lies where the envelope has a corner (the column
    player is indifferent between the lines that meet there).

    Parameters
    ----------
    game : NormalFormGame
        Two players, one of whom has exactly two strategies.
    player : int or str, optional
        Whose payoffs are drawn; the *other* player must have two strategies.
        Default: the column player when the row player has two strategies, else the
        row player (an nx2 game, drawn against ``q``).
    path : str or Path, optional
        Save the figure there.
    solution : Solution, optional
        The equilibria to mark; by default ``solve(game, "enumerate")``.
    ax : matplotlib Axes, optional
    dpi : int

    Returns
    -------
    matplotlib Axes
        One labelled line per strategy, the envelope thick, each equilibrium's
        probability a dotted vertical line labelled ``"E1: p = 1/3"``.

    Raises
    ------
    GameError
        When neither player has two strategies (or the other player than ``player``
        does not), or matplotlib is missing.
    """
    game, note = _concrete(game, "payoff_lines")
    i = _player_index(game, player)
    if i is None:
        i = 1 if game.shape[0] == 2 else 0
    other = 1 - i
    if game.shape[other] != 2:
        raise GameError(f"payoff_lines draws {game.players[i]!r}'s payoffs against the mix "
                        f"of {game.players[other]!r}, who needs exactly two strategies (has "
                        f"{game.shape[other]})")
    sol = _solution(game, solution)
    ax = figure_for(ax)
    pay = game.payoffs[i]
    var = "p" if other == 0 else "q"
    first, second = game.strategies[other]
    lines = []
    for k, label in enumerate(game.strategies[i]):
        # value when the other plays `second` for sure (t = 0) and `first` (t = 1)
        cell0 = (1, k) if other == 0 else (k, 1)
        cell1 = (0, k) if other == 0 else (k, 0)
        a, b = pay[cell0], pay[cell1]
        lines.append((a, b))
        ax.plot([0.0, 1.0], [float(a), float(b)], lw=1.3, color=f"C{k % 10}", label=label)
    env = upper_envelope(lines)
    ax.plot([float(t) for t, _ in env], [float(y) for _, y in env], color="black", lw=3.5,
            alpha=0.35, label="best response (upper envelope)", zorder=1)
    for k, eq in enumerate(sol.equilibria, 1):
        t = eq.probabilities[other][0]
        u = eq.payoffs[i]
        ax.axvline(float(t), color="grey", ls=":", lw=1)
        ax.plot([float(t)], [float(u)], "o", color="black", ms=7, zorder=5,
                label="Nash equilibrium" if k == 1 else None)
        ax.annotate(f"E{k}: {var} = {format_number(t)}", (float(t), float(u)),
                    xytext=(6 if float(t) < 0.5 else -6, 8), textcoords="offset points",
                    ha="left" if float(t) < 0.5 else "right", fontsize=9, zorder=6,
                    bbox=_LABEL_BOX)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"{var} = probability that {game.players[other]} plays {first}  "
                  f"(1 - {var}: {second})")
    ax.set_ylabel(f"{game.players[i]}'s expected payoff")
    ax.set_title(_title(game, f"{game.players[i]}'s payoff from each strategy", note),
                 fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=8,
              frameon=False)
    return _save(ax, path, dpi)


def diagram_kind(game) -> str:
    """Which picture suits a normal-form game: ``"best-response diagram"`` (2x2) or
    ``"payoff lines"`` (2xn, nx2); a GameError for any other game."""
    g, _ = _concrete(game, "a diagram")
    if g.shape == (2, 2):
        return "best-response diagram"
    if 2 in g.shape:
        return "payoff lines"
    raise GameError("a diagram is drawn for 2x2 games (best responses) and 2xn or nx2 games "
                    f"(payoff lines); this game is {'x'.join(map(str, g.shape))} (for its "
                    "table in LaTeX use solver.render_sgame)")


def diagram(game, path=None, *, solution=None, ax=None, dpi: int = 150):
    """The picture that suits a small two-player game (what ``game.draw()`` and ``gamesolver
    show --plot`` draw): :func:`best_response_diagram` for a 2x2 game,
    :func:`payoff_lines` for a 2xn or nx2 game (:func:`diagram_kind` says which).

    Returns
    -------
    matplotlib Axes
    """
    if diagram_kind(game) == "best-response diagram":
        return best_response_diagram(game, path, solution=solution, ax=ax, dpi=dpi)
    return payoff_lines(game, path=path, solution=solution, ax=ax, dpi=dpi)
