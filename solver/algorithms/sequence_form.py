"""Equilibria of two-player game trees through the sequence form.

The sequence form (:mod:`solver.conversions.sequence_form`) describes a two-player
tree with perfect recall by realisation plans ``x`` and ``y`` (``E x = e``, ``F y =
f``, ``x, y >= 0``) and payoff matrices ``A``, ``B`` with one non-zero per leaf, so
that expected payoffs are ``x' A y`` and ``x' B y``: a game of size linear in the
tree (Koller, Megiddo and von Stengel 1996, GEB 14; von Stengel 1996, GEB 14).

Zero-sum trees are solved by the linear program of von Stengel (1996, thm. 4.1)
and certified exactly (:mod:`solver.algorithms.sequence_lp`); general-sum trees by
Lemke's algorithm on the sequence-form linear complementarity problem, in exact
integer arithmetic (:mod:`solver.algorithms.sequence_lemke`).  Either way the
realisation plans become behaviour strategies, ``beta(a | h) = x(s_h a) / x(s_h)``,
and the profile is certified: exact plans in the sequence form's integers
(:mod:`solver.algorithms.sequence_certificate`), float ones by
:func:`solver.forms.extensive.behavior.certify_behavior` with a tolerance.
"""
from __future__ import annotations

from solver.algorithms.limits import Deadline
from solver.algorithms.sequence_lemke import (FLOAT_PATH_SIZE, MAX_TABLEAU_BYTES,
                                             sequence_lemke)
from solver.algorithms.sequence_lp import solve_constant_sum
from solver.algorithms.sequence_certificate import PlanFinisher
from solver.algorithms.sequence_support import (NEARLY_CONSTANT_SUM, constant_sum_spread,
                                                support_equilibrium)
from solver.conversions.sequence_form import build_sequence_form
from solver.forms.extensive.game import ExtensiveFormGame
from solver.forms.profiles import Solution

__all__ = ["sequence_form"]


def _lcp_size(sf) -> int:
    """Sequences plus constraint rows of both players: the size of the LCP."""
    return sum(sf.n_sequences) + sf.E.shape[0] + sf.F.shape[0]


def sequence_form(game: ExtensiveFormGame, *, max_pivots: int = 1_000_000,
                  time_limit: float | None = None,
                  max_tableau_bytes: int = MAX_TABLEAU_BYTES) -> Solution:
    """One Nash equilibrium of a two-player game tree, through the sequence form.

    * **Constant-sum** trees (zero-sum, or the two payoffs summing to the same
      number at every leaf): the sequence-form linear program of von Stengel
      (1996, thm. 4.1), solved by HiGHS in floating point, then made exact: the
      plans are recovered as exact rationals from the constraints the float
      solution makes tight and checked exactly.  ``Solution.value`` is player
      1's exact value.  If exact recovery fails the float answer is returned with
      ``exact=False`` and a note.
    * **General-sum** trees: Lemke's algorithm on the sequence-form linear
      complementarity problem (Koller, Megiddo and von Stengel 1996, sec. 4),
      exact, with integer (fraction-free) pivoting and a lexicographic ratio test.
      Exact, nearly constant-sum trees (``u1 + u2`` varying by at most a quarter
      of a player's payoff range) whose LCP has at least ``FLOAT_PATH_SIZE`` rows
      first try a guess of the supports (:mod:`solver.algorithms.sequence_support`:
      the zero-sum part's LP, a few linear programs that drive the complementarity
      gap to 0, the plans made exact and certified), which solves games such as
      raked poker in a few linear programs; if no guess is certified, Lemke's path
      runs.

    Either way the realisation plans are turned into behaviour strategies and
    certified (:class:`solver.algorithms.sequence_certificate.PlanFinisher`: each
    player's best-response value equals his payoff, exactly).  At information sets
    that a player's own plan does not reach, where the plan says nothing, the
    behaviour is then completed by the choice optimal there
    (:func:`solver.forms.extensive.completion.completion`: beliefs by Bayes' rule given chance
    and the other player, backward induction over the player's own such sets,
    first optimal action on ties); this changes no payoff and no regret.

    Parameters
    ----------
    game : ExtensiveFormGame
        A concrete two-player tree with perfect recall; chance moves allowed.
    max_pivots : int
        Limit on Lemke's pivots (general-sum trees).
    time_limit : float, optional
        Seconds, checked at every pivot of Lemke's algorithm and around the
        linear program (HiGHS is given the time that is left).
    max_tableau_bytes : int, default 2**29
        Limit on the memory of Lemke's exact tableau (general-sum trees), checked
        before it is allocated and, as its integers grow, every 128 pivots.

    Returns
    -------
    Solution
        Method ``"sequence-form"``, one equilibrium (``complete=False``); the
        sequence form's sizes in ``extra``.

    Raises
    ------
    InvalidGameError
        For a game with other than two players, imperfect recall or free parameters.
    SolverLimitError
        When Lemke's algorithm needs more than ``max_pivots`` pivots or
        ``max_tableau_bytes`` of memory, or the time runs out.
    """
    deadline = Deadline(time_limit, "sequence-form")
    sf = build_sequence_form(game)
    extra = {"sequences": sf.n_sequences,
             "information_sets": (len(game.infosets[0]), len(game.infosets[1])),
             "nonzeros": len(sf.rows)}
    # completes at sets the players' own plans exclude, then certifies once
    finish = PlanFinisher(sf)

    if sf.constant_sum is not None:
        def exact_fallback():
            return sequence_lemke(sf, max_pivots=max_pivots, finish=finish, deadline=deadline,
                                  max_bytes=max_tableau_bytes)

        eq, value, exact, notes = solve_constant_sum(sf, finish=finish, deadline=deadline,
                                                     fallback=exact_fallback)
    else:
        value = None
        guess = game.exact and _lcp_size(sf) >= FLOAT_PATH_SIZE and \
            constant_sum_spread(game) <= NEARLY_CONSTANT_SUM
        found = support_equilibrium(sf, finish, deadline=deadline) if guess else None
        if found is not None:
            eq, notes, extra["support_lps"] = found
            exact = True
        else:
            eq, exact, notes, pivots = sequence_lemke(sf, max_pivots=max_pivots, finish=finish,
                                                      deadline=deadline,
                                                      max_bytes=max_tableau_bytes)
            extra["pivots"] = pivots
            if guess:
                notes = ["no guess of the supports led to a certified equilibrium; Lemke's "
                         "path was followed"] + list(notes)
    if finish.unsettled:
        notes = list(notes) + ["at sets their own plans exclude, the players' completed "
                               "choices kept changing (see solver.forms.extensive.completion)"]
    return Solution(game=game, method="sequence-form", exact=exact, complete=False,
                    degenerate=None, equilibria=(eq,), notes=tuple(notes), value=value,
                    extra=extra)
