"""All pure-strategy Nash equilibria of a normal-form game, by best-response masks.

A pure profile ``s = (s_1, ..., s_n)`` is a Nash equilibrium when every player's
strategy is a best response to the others' strategies:
``u_i(s_i, s_-i) >= u_i(t, s_-i)`` for every strategy ``t`` of player *i*
(Nash 1951; Gibbons 1992, *Game Theory for Applied Economists*, section 1.1.C).

The test is vectorised over the whole payoff tensor: for player *i* the maximum of
his payoff array along his own axis is the value of his best reply to each
profile of the others, and the cells where his payoff reaches that maximum form
a boolean tensor, his *best-response mask*.  The pure equilibria are the cells
in which all the masks are true.  This takes ``O(n * m_1 * ... * m_n)``
comparisons, all inside numpy.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from solver.forms.profiles import DEFAULT_TOLERANCE, Solution, certify

__all__ = ["pure_equilibria", "comparable_payoffs", "best_response_masks"]

#: Integer payoffs below this bound in absolute value are held as int64, so that
#: differences of two of them cannot overflow.
_INT64_BOUND = 2 ** 61


def comparable_payoffs(game) -> tuple[tuple[np.ndarray, ...], tuple, float]:
    """Each player's payoffs in the fastest form that keeps comparisons right.

    Parameters
    ----------
    game : NormalFormGame
        A concrete game (no free parameters).

    Returns
    -------
    arrays : tuple of ndarray
        One array per player.  For an exact game, ``game.integer_payoffs``
        (each player's payoffs times a positive integer scale, which changes
        no comparison) as ``int64`` when every entry fits, else as an object
        array of Python ints.  For a float game, the float payoffs.
    scales : tuple
        The positive scale of each player: ``arrays[i] / scales[i]`` are the
        game's payoffs (1.0 for float games).
    slack : float
        0 for exact games; ``DEFAULT_TOLERANCE * game.payoff_range`` for float
        games: payoff differences up to ``slack`` count as ties.
    """
    game.require_concrete()
    if game.exact:
        ints, scales = game.integer_payoffs
        arrays = []
        for a in ints:
            try:
                small = a.astype(np.int64)
            except OverflowError:
                small = None
            fits = small is not None and -_INT64_BOUND < small.min() and small.max() < _INT64_BOUND
            arrays.append(small if fits else a)
        return tuple(arrays), tuple(scales), 0.0
    f = game.float_payoffs
    arrays = tuple(f[i] for i in range(game.n_players))
    return arrays, (1.0,) * game.n_players, DEFAULT_TOLERANCE * game.payoff_range


def best_response_masks(arrays, slack: float = 0.0) -> list[np.ndarray]:
    """Boolean tensors, one per player: True where his strategy is a best reply.

    Parameters
    ----------
    arrays : sequence of ndarray
        Player *i*'s payoffs, of shape ``(m_1, ..., m_n)``; axis *i* is his own.
    slack : float
        Payoffs within ``slack`` of the best count as best (0 for exact games).

    Returns
    -------
    list of ndarray of bool
        ``masks[i][s]`` is True when ``s_i`` is a best response of player *i*
        to ``s_-i``.
    """
    masks = []
    for i, a in enumerate(arrays):
        best = np.max(a, axis=i, keepdims=True)
        if slack:
            masks.append(np.asarray(a >= best - slack, dtype=bool))
        else:
            masks.append(np.asarray(a == best, dtype=bool))
    return masks


def pure_equilibria(game) -> Solution:
    """All pure-strategy Nash equilibria of an *n*-player normal-form game.

    Parameters
    ----------
    game : NormalFormGame
        A concrete game with any number of players, exact or float.

    Returns
    -------
    Solution
        Method ``"pure"``; ``complete`` is True: the equilibria are *all* the
        pure equilibria (there may be mixed ones besides).  They come in the
        row-major order of the cells (the last player's strategy changes
        fastest), each certified by :func:`solver.forms.profiles.certify`.
        ``degenerate`` is None: this method does not look at mixed strategies.

    Notes
    -----
    For each player *i* the maximum of his payoff array over his own axis is
    compared with the array itself, which marks his best replies
    (:func:`best_response_masks`); the equilibria are the cells where all
    masks hold (Gibbons 1992, section 1.1.C: "each player's strategy must be a
    best response to the others'").  Exact games are compared on
    ``game.integer_payoffs`` (int64 when they fit), never Fraction by
    Fraction; float games count a payoff within ``DEFAULT_TOLERANCE *
    game.payoff_range`` of the best as a best reply.

    Examples
    --------
    >>> from solver.forms.normal.game import NormalFormGame
    >>> bos = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [e.support for e in pure_equilibria(bos)]
    [(('1',), ('1',)), (('2',), ('2',))]
    """
    arrays, _, slack = comparable_payoffs(game)
    masks = best_response_masks(arrays, slack)
    both = np.logical_and.reduce(masks) if len(masks) > 1 else masks[0]
    cells = np.argwhere(both)  # row-major order
    one, zero = (Fraction(1), Fraction(0)) if game.exact else (1.0, 0.0)
    equilibria = []
    for cell in cells:
        probabilities = [[one if k == c else zero for k in range(m)]
                         for c, m in zip(cell, game.shape)]
        equilibria.append(certify(game, probabilities))
    n_cells = int(np.prod(game.shape))
    notes = (f"{len(equilibria)} of the {n_cells} pure profiles are Nash equilibria",)
    return Solution(game=game, method="pure", exact=game.exact, complete=True,
                    degenerate=None, equilibria=tuple(equilibria), notes=notes)
