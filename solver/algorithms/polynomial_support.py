"""All Nash equilibria of a small game of any number of players, by support enumeration
with the polynomial systems solved exactly.

In an equilibrium in which player *i* plays exactly the strategies of a support
:math:`S_i` with positive probability, every strategy of :math:`S_i` earns him the
same expected payoff and no other strategy earns more.  For a fixed support profile
:math:`S = (S_1, \\dots, S_n)` the equalities are a square system of polynomial
equations in the probabilities (multilinear: player *i*'s are linear in each other
player's mixed strategy), and the equilibria with support exactly *S* are its real
solutions that are positive on *S* and satisfy the inequalities (McKelvey and
McLennan 1996, section 6, the method of Gambit's ``enumpoly``; Datta 2010 solves the
systems with Groebner bases, as is done here).  With three or more players the
solutions may be irrational: they are found and certified here in exact arithmetic,
as real algebraic numbers.

This module holds the entry point and its limits; the method's parts live in
``polynomial_support_profiles`` (which supports, in which order),
``polynomial_support_system`` (the equations of one support profile),
``polynomial_support_exact`` (their exact solution), ``polynomial_support_algebraic``
(signs and values of real algebraic numbers), ``polynomial_support_continua``
(degenerate games), ``polynomial_support_fallback`` (the numerical fallback) and
``polynomial_support_search`` (the search and its certificates).
"""
from __future__ import annotations

import time

from solver.algorithms.limits import (
    DEFAULT_MAX_EQUILIBRIA,
    Deadline,
    check_count,
    check_max_equilibria,
)
from solver.algorithms.polynomial_support_algebraic import DECIMAL_DIGITS
from solver.algorithms.polynomial_support_fallback import FALLBACK_DIGITS, FALLBACK_TOLERANCE
from solver.algorithms.polynomial_support_profiles import (
    count_support_profiles,
    integer_tables,
    support_profiles,
)
from solver.algorithms.polynomial_support_search import SupportSearch
from solver.errors import GameError, InvalidGameError, SolverLimitError
from solver.forms.profiles import Solution
from solver.numbers import short_number
from solver.progress import advance

__all__ = [
    "DECIMAL_DIGITS",
    "DEFAULT_MAX_SUPPORTS",
    "FALLBACK_DIGITS",
    "FALLBACK_TOLERANCE",
    "polynomial_support_enumeration",
]

#: Default limit on the number of support profiles, prod(2**m_i - 1): 343 for a
#: 3x3x3 game, 3375 for 4x4x4, 2401 for 3x3x3x3.
DEFAULT_MAX_SUPPORTS = 5_000


def polynomial_support_enumeration(game, *, max_supports: int = DEFAULT_MAX_SUPPORTS,
                                   time_limit: float | None = None,
                                   max_equilibria: int = DEFAULT_MAX_EQUILIBRIA) -> Solution:
    """All Nash equilibria of a small normal-form game, exactly, for any number of players.

    Parameters
    ----------
    game : NormalFormGame
        A concrete game (no free parameters).  Exact payoffs are used as they are;
        float payoffs are converted exactly to rationals, the game is solved
        exactly for those rationals, and the profiles are reported as floats,
        certified with the float tolerance (a note says so).
    max_supports : int, optional
        Largest number of support profiles, :math:`\\prod_i (2^{m_i} - 1)`, the
        search may face (default :data:`DEFAULT_MAX_SUPPORTS`, 5000; a 3x3x3 game
        has 343).  A larger game raises :class:`SolverLimitError` before any work.
    time_limit : float, optional
        Seconds.  Checked before each support profile (one polynomial system is
        never interrupted); when exceeded, :class:`SolverLimitError` is raised.
    max_equilibria : int, default 10000
        Largest number of equilibria to return (a degenerate game may have a
        continuum; its samples count too).

    Returns
    -------
    Solution
        Method ``"enumerate"``.  ``complete=True`` when every support profile was
        searched and every solution set met was finite (or held no equilibrium):
        the equilibria listed are then *all* the Nash equilibria of the game.
        Equilibria are sorted by the size of their support.

        Probabilities are Fractions when rational.  An irrational probability
        (or payoff) is an exact sympy number: radicals for degree 2
        (``1/2 - sqrt(3)/6``), otherwise ``CRootOf(p, k)``, the *k*-th real root
        (from 0, in increasing order) of its minimal polynomial *p* over the
        rationals.  Such equilibria are certified exactly too (``exact=True``,
        regret exactly 0).  ``extra["algebraic"]`` maps the index of each
        equilibrium with an irrational coordinate to its decimal view
        (``DECIMAL_DIGITS`` digits) and the minimal polynomials.

        ``extra`` also holds ``"supports"`` (support profiles of the game),
        ``"pruned"`` (excluded by conditional dominance), ``"systems"`` (polynomial
        systems solved), ``"continua"`` (positive-dimensional solution sets that
        may hold equilibria, with their samples) and ``"seconds"``.
        ``degenerate`` is True when a tie or a continuum was seen, else None.

    Raises
    ------
    SolverLimitError
        When the game has more than ``max_supports`` support profiles, or the
        search runs past ``time_limit`` seconds.
    InvalidGameError
        For an extensive-form game or a game with free parameters.

    Notes
    -----
    The search runs over the support profiles, smallest first, skipping those in
    which some support strategy is conditionally dominated
    (:mod:`~solver.algorithms.polynomial_support_profiles`).  For each, the
    indifference equations (:mod:`~solver.algorithms.polynomial_support_system`)
    are a square multilinear system in the probabilities.  A Groebner basis decides
    whether its complex solutions are none, finitely many or infinitely many.
    Finitely many are found exactly, in the form :math:`x = g(\\alpha)` with
    :math:`\\alpha` a root of an irreducible polynomial (the shape lemma,
    :mod:`~solver.algorithms.polynomial_support_exact`), and every sign the
    certificate needs is decided exactly by interval refinement
    (:mod:`~solver.algorithms.polynomial_support_algebraic`), so an irrational
    equilibrium is certified exactly, like a rational one.  Infinitely many
    (a degenerate game) are first restricted to positive probabilities; if still
    infinite, a box search tries to prove they hold no equilibrium, and otherwise the
    support may carry a continuum: its vertices and a few samples are listed, each
    certified, and ``complete`` is False
    (:mod:`~solver.algorithms.polynomial_support_continua`).  The module
    :mod:`~solver.algorithms.polynomial_support_search` runs the search and
    certifies what it finds.

    *Fallback.*  If no separating linear form brings a finite system to the shape
    form (never seen in practice), it is solved by :func:`sympy.solve_poly_system`
    at ``FALLBACK_DIGITS`` digits and its equilibria are certified to a regret of
    at most ``FALLBACK_TOLERANCE`` times the player's payoff range; they are floats
    with ``exact=False``, and a note says so
    (:mod:`~solver.algorithms.polynomial_support_fallback`).

    Gambit's ``enumpoly`` solves the same systems numerically (by subdivision
    and Newton's method) and, in pygambit 16.7, misses the totally mixed
    equilibrium of some three-player games, and may return a profile on a wrong
    support (an approximate equilibrium within its ``maxregret``); exact solution
    does neither (``tests/test_n_player_vs_gambit.py`` compares them).

    References
    ----------
    R. D. McKelvey and A. McLennan, "Computation of equilibria in finite games",
    in *Handbook of Computational Economics*, vol. 1, ch. 2, section 6,
    Elsevier, 1996.

    R. S. Datta, "Finding all Nash equilibria of a finite game using polynomial
    algebra", *Economic Theory* 42 (2010) 55-96.

    R. Porter, E. Nudelman and Y. Shoham, "Simple search methods for finding a
    Nash equilibrium", *Games and Economic Behavior* 63 (2008) 642-662.

    A. Seidenberg, "Constructions in algebra", *Transactions of the AMS* 197
    (1974) 273-313 (radical of a zero-dimensional ideal).

    J.-C. Faugere, P. Gianni, D. Lazard and T. Mora, "Efficient computation of
    zero-dimensional Groebner bases by change of ordering", *Journal of Symbolic
    Computation* 16 (1993) 329-344 (FGLM).

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> import numpy as np
    >>> pay = np.zeros((3, 2, 2, 2), dtype=int)
    >>> for a, b, c in np.ndindex(2, 2, 2):
    ...     for i, v in enumerate((a, b, c)):
    ...         pay[i, a, b, c] = int(((a, b, c).count(v)) >= 2)
    >>> sol = polynomial_support_enumeration(NormalFormGame(list(pay)))
    >>> len(sol), sol.complete
    (3, True)
    >>> sol[2].probabilities
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    """
    started = time.monotonic()
    if getattr(game, "form", None) != "normal":
        raise InvalidGameError("polynomial support enumeration needs a normal-form game")
    game.require_concrete()
    if isinstance(max_supports, bool) or not isinstance(max_supports, int) or max_supports < 1:
        raise GameError(f"enumerate: max_supports must be a positive integer, got {max_supports!r}")
    deadline = Deadline(time_limit, "enumerate", every=1)
    shape = game.shape
    total = count_support_profiles(shape)
    size = "x".join(map(str, shape))
    max_equilibria = check_max_equilibria(max_equilibria, "enumerate")
    if total > max_supports:
        raise SolverLimitError(
            f"enumerate: the {size} game has {short_number(total)} support profiles, more than "
            f"max_supports={max_supports}; pass max_supports={short_number(total)} (or more) to "
            "polynomial_support_enumeration or to solve(game, 'enumerate', max_supports=...) "
            "to search them all, or use method 'pure' for the pure equilibria")
    tables, scales = integer_tables(game)
    search = SupportSearch(game, tables, scales)
    for k, sigma in enumerate(support_profiles(shape)):
        deadline.check(f"the {size} game, {k} of {total} support profiles searched")
        search.support(sigma)
        check_count(len(search.found), max_equilibria, "enumerate")
        advance(k + 1, total, "support profiles searched")
    return search.solution(total, time.monotonic() - started)
