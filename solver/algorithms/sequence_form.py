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
and the profile is certified by :func:`solver.forms.extensive.behavior.certify_behavior`.
"""
from __future__ import annotations

from solver.algorithms.sequence_lemke import sequence_lemke
from solver.algorithms.sequence_lp import solve_constant_sum
from solver.conversions.sequence_form import build_sequence_form
from solver.forms.extensive.behavior import certify_behavior
from solver.forms.extensive.completion import completion
from solver.forms.extensive.game import ExtensiveFormGame
from solver.forms.profiles import Solution

__all__ = ["sequence_form"]


def sequence_form(game: ExtensiveFormGame, *, max_pivots: int = 1_000_000) -> Solution:
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

    Either way the realisation plans are turned into behaviour strategies and
    certified by :func:`solver.forms.extensive.behavior.certify_behavior`.  At information sets
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
        When Lemke's algorithm needs more than ``max_pivots`` pivots.
    """
    sf = build_sequence_form(game)
    extra = {"sequences": sf.n_sequences,
             "information_sets": (len(game.infosets[0]), len(game.infosets[1])),
             "nonzeros": len(sf.rows)}
    unsettled = []

    def finish(game, profile, tol=None):
        # complete at sets the players' own plans exclude, then certify once
        done = completion(game, profile)
        if not done.settled:
            unsettled.append(True)
        return certify_behavior(game, done.profile, tol=tol)

    if sf.constant_sum is not None:
        eq, value, exact, notes = solve_constant_sum(sf, finish=finish)
    else:
        eq, exact, notes, pivots = sequence_lemke(sf, max_pivots=max_pivots, finish=finish)
        value = None
        extra["pivots"] = pivots
    if unsettled:
        notes = list(notes) + ["at sets their own plans exclude, the players' completed "
                               "choices kept changing (see solver.forms.extensive.completion)"]
    return Solution(game=game, method="sequence-form", exact=exact, complete=False,
                    degenerate=None, equilibria=(eq,), notes=tuple(notes), value=value,
                    extra=extra)
