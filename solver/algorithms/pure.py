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

from solver.algorithms.limits import (
    DEFAULT_MAX_EQUILIBRIA,
    Deadline,
    check_count,
    check_max_equilibria,
)
from solver.forms.profiles import (
    Equilibrium,
    MixedProfile,
    Solution,
    certify,
    float_slacks,
    strategy_values,
)
from solver.numbers import format_number

__all__ = ["pure_equilibria", "comparable_payoffs", "best_response_masks", "certify_epsilon"]

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
    slack : tuple of float
        Per player: 0 for exact games; for float games
        ``DEFAULT_TOLERANCE * game.player_ranges[i]``
        (:func:`solver.forms.profiles.float_slacks`): differences of player *i*'s
        payoffs up to ``slack[i]`` count as ties, relative to his own payoff scale.
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
        return tuple(arrays), tuple(scales), (0,) * game.n_players
    f = game.float_payoffs
    arrays = tuple(f[i] for i in range(game.n_players))
    return arrays, (1.0,) * game.n_players, float_slacks(game)


def best_response_masks(arrays, slack=0.0) -> list[np.ndarray]:
    """Boolean tensors, one per player: True where his strategy is a best reply.

    Parameters
    ----------
    arrays : sequence of ndarray
        Player *i*'s payoffs, of shape ``(m_1, ..., m_n)``; axis *i* is his own.
    slack : float or sequence of float
        Payoffs within ``slack`` of the best count as best (0 for exact games);
        one value per player, or one for all.

    Returns
    -------
    list of ndarray of bool
        ``masks[i][s]`` is True when ``s_i`` is a best response of player *i*
        to ``s_-i``.
    """
    masks = []
    slacks = slack if isinstance(slack, (tuple, list)) else (slack,) * len(arrays)
    for i, a in enumerate(arrays):
        best = np.max(a, axis=i, keepdims=True)
        if slacks[i]:
            masks.append(np.asarray(a >= best - slacks[i], dtype=bool))
        else:
            masks.append(np.asarray(a == best, dtype=bool))
    return masks


def pure_equilibria(game, *, max_equilibria: int = DEFAULT_MAX_EQUILIBRIA,
                    time_limit: float | None = None, epsilon=None) -> Solution:
    """All pure-strategy Nash equilibria of an *n*-player normal-form game.

    Parameters
    ----------
    game : NormalFormGame
        A concrete game with any number of players, exact or float.
    max_equilibria : int, default 10000
        Largest number of equilibria to return; more raise
        :class:`~solver.errors.SolverLimitError` (counted before any is certified).
    time_limit : float, optional
        Seconds; checked while the equilibria are certified.
    epsilon : number, optional
        List the pure **epsilon-equilibria** instead: the profiles at which no
        player gains more than ``epsilon`` by deviating (Radner 1980), every
        regret at most ``epsilon``, checked exactly in exact games (``"1/10"``
        stays exact).  Each one's ``regret`` holds the players' actual gains, and
        ``extra["epsilon"]`` the tolerance.

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
    Fraction; float games count a payoff of player *i* within ``DEFAULT_TOLERANCE *
    game.player_ranges[i]`` of his best as a best reply.

    Examples
    --------
    >>> from solver.forms.normal.game import NormalFormGame
    >>> bos = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [e.support for e in pure_equilibria(bos)]
    [(('R1',), ('C1',)), (('R2',), ('C2',))]
    """
    max_equilibria = check_max_equilibria(max_equilibria, "pure")
    deadline = Deadline(time_limit, "pure")
    arrays, scales, slack = comparable_payoffs(game)
    eps = None if epsilon is None else _epsilon(epsilon, game.exact)
    if eps is not None:
        slack = tuple(s + eps * scale for s, scale in zip(slack, scales))
    masks = best_response_masks(arrays, slack)
    # no players: one profile, the empty one, where no one has a deviation
    both = np.logical_and.reduce(masks) if len(masks) > 1 else \
        masks[0] if masks else np.ones(game.shape, dtype=bool)
    check_count(int(np.count_nonzero(both)), max_equilibria, "pure", "pure equilibria")
    cells = np.argwhere(both)  # row-major order
    one, zero = (Fraction(1), Fraction(0)) if game.exact else (1.0, 0.0)
    equilibria = []
    for cell in cells:
        deadline.tick("certifying the pure equilibria")
        probabilities = [[one if k == c else zero for k in range(m)]
                         for c, m in zip(cell, game.shape)]
        equilibria.append(certify(game, probabilities) if eps is None
                          else certify_epsilon(game, probabilities, eps))
    n_cells = int(np.prod(game.shape))
    if eps is not None:
        exact_ones = sum(all(r == 0 for r in e.regret) for e in equilibria)
        notes = (f"{len(equilibria)} of the {n_cells} pure profiles are epsilon-equilibria with "
                 f"epsilon = {format_number(eps)}: no player gains more than epsilon by deviating "
                 f"({'checked exactly' if game.exact else 'in floating point'}); {exact_ones} of "
                 f"them {'is a Nash equilibrium' if exact_ones == 1 else 'are Nash equilibria'} "
                 "(every regret 0)",)
        return Solution(game=game, method="pure", exact=game.exact, complete=True,
                        degenerate=None, equilibria=tuple(equilibria), notes=notes,
                        extra={"epsilon": eps})
    notes = (f"{len(equilibria)} of the {n_cells} pure profiles are Nash equilibria",)
    return Solution(game=game, method="pure", exact=game.exact, complete=True,
                    degenerate=None, equilibria=tuple(equilibria), notes=notes)


def _epsilon(epsilon, exact: bool):
    from solver.errors import InvalidGameError
    from solver.numbers import to_number
    eps = to_number(epsilon, "epsilon")
    if not isinstance(eps, (Fraction, float)) or eps < 0:
        raise InvalidGameError(f"epsilon must be a number of at least 0, got {epsilon!r}")
    return eps if exact or isinstance(eps, float) else float(eps)


def certify_epsilon(game, probabilities, epsilon) -> Equilibrium:
    """Check that a profile is an epsilon-equilibrium: every player's regret (his gain
    from his best pure deviation) is at most ``epsilon``, exactly in exact games (in
    float games up to the float tolerance besides).

    Returns the :class:`~solver.forms.profiles.Equilibrium` with the actual regrets;
    raises :class:`~solver.errors.SolverError` otherwise (a bug of the caller).
    """
    from solver.errors import SolverError
    values = strategy_values(game, probabilities)
    slacks = (0,) * game.n_players if game.exact else float_slacks(game)
    payoffs, regrets = [], []
    for i, (pr, vals) in enumerate(zip(probabilities, values)):
        expected = sum((p * v for p, v in zip(pr, vals) if p), start=0 * vals[0])
        r = max(vals) - expected
        if not r <= epsilon + slacks[i]:
            raise SolverError(f"certificate failed: {game.players[i]!r} gains {format_number(r)}, "
                              f"more than epsilon = {format_number(epsilon)}")
        payoffs.append(expected)
        regrets.append(r if game.exact else max(float(r), 0.0))
    profile = MixedProfile(game.players, game.strategies, tuple(tuple(pr) for pr in probabilities))
    return Equilibrium(profile, tuple(payoffs), tuple(regrets), game.exact)
