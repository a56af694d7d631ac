"""Kuhn's theorem: mixed strategies over plans and behaviour strategies, both ways.

A mixed strategy over plans (the strategies of the reduced normal form,
:func:`solver.conversions.reduced_form.reduced_normal_form`) and a behaviour strategy are two
descriptions of the same thing in a game of perfect recall (Kuhn 1953):
behaviour gives a plan the probability ``prod of beta(I, a)`` over the pairs it
names (:func:`behavior_to_mixed`); a mixed strategy gives the action ``a`` at
``I`` the probability ``r(I, a) / r(parent(I))`` where ``r(s)`` is the total
probability of the plans that contain the sequence ``s``, its *realisation
weight* (:func:`mixed_to_behavior`).  Both keep every player's expected payoff.
Both functions are re-exported by :mod:`solver.conversions.reduced_form`.

References
----------
Kuhn, H. W. (1953), "Extensive games and the problem of information",
*Contributions to the Theory of Games* II, 193-216.
von Stengel, B. (1996), "Efficient computation of behavior strategies",
*Games and Economic Behavior* 14, 220-246.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from solver.conversions.reduced_form import ReducedForm
from solver.errors import InvalidGameError
from solver.forms.extensive.behavior import BehaviorProfile
from solver.forms.extensive.game import ExtensiveFormGame
from solver.numbers import to_number

__all__ = ["behavior_to_mixed", "mixed_to_behavior"]


def _check_form(game: ExtensiveFormGame, reduced: ReducedForm) -> None:
    if reduced.game.players != game.players or any(
            any(len(row) != len(game.infosets[i]) for row in reduced.choices[i])
            for i in range(game.n_players)):
        raise InvalidGameError("the reduced form was not made from this game "
                               "(players or information sets differ)")


def behavior_to_mixed(game: ExtensiveFormGame, reduced: ReducedForm,
                      profile: BehaviorProfile) -> list[tuple]:
    """The mixed strategies over plans that a behaviour profile induces.

    Plan ``p`` of player *i* gets ``prod over the (I, a) in p of beta_i(I, a)``:
    the probability that the behaviour strategy would make every choice the plan
    names.  In a game of perfect recall these probabilities sum to 1 and give
    every player the same expected payoff as the behaviour profile (Kuhn 1953).

    Returns
    -------
    list of tuple
        One probability vector per player, in the order of ``reduced.plans``;
        exact when the behaviour probabilities are.
    """
    _check_form(game, reduced)
    out = []
    for i, rows in enumerate(reduced.choices):
        beta = profile.probabilities[i]
        vec = []
        for row in rows:
            p: Any = 1
            for k, c in enumerate(row):
                if c >= 0:
                    p = p * beta[k][c]
                    if not p:
                        break
            vec.append(Fraction(p) if isinstance(p, int) else p)
        out.append(tuple(vec))
    return out


def mixed_to_behavior(game: ExtensiveFormGame, reduced: ReducedForm,
                      probabilities: Sequence[Sequence[Any]], *,
                      unreached: str = "uniform") -> BehaviorProfile:
    """The behaviour profile of a mixed profile over plans (Kuhn's theorem).

    At information set ``I`` of player *i*, action ``a`` gets
    ``r(I, a) / r(I)``: the probability of the plans that choose ``a`` at ``I``
    over that of the plans that reach ``I`` at all (realisation weights, von
    Stengel 1996).  The result gives every player the same expected payoff as
    the mixed profile.

    Parameters
    ----------
    probabilities : sequence of sequences
        One probability vector per player over ``reduced.plans[i]`` (exact
        strings, Fractions or floats).
    unreached : {"uniform", "optimal"}
        What to put at an information set that the player's own mixed strategy
        never reaches (``r(I) = 0``), where the mixed strategy says nothing.
        ``"uniform"`` (the default: a pure change of representation) gives the
        uniform distribution.  ``"optimal"`` gives a sequentially rational choice
        there, given the others' behaviour (:func:`solver.forms.extensive.completion.complete_profile`:
        backward induction over the player's own unreached sets, beliefs by
        Bayes' rule given chance and the others; the first optimal action in
        action order), as the solvers do.  Either way the payoffs and every
        player's regret are those of the mixed profile, since any choice at such
        a set changes no payoff, whoever deviates.

    Returns
    -------
    BehaviorProfile

    Raises
    ------
    InvalidGameError
        If the game lacks perfect recall (the message gives the reason from
        ``game.perfect_recall()``: then a mixed strategy need not have an
        equivalent behaviour strategy), or the vectors have the wrong lengths.
    """
    if unreached not in ("uniform", "optimal"):
        raise InvalidGameError(f"mixed_to_behavior: unreached must be 'uniform' or 'optimal', "
                               f"got {unreached!r}")
    ok, reason = game.perfect_recall()
    if not ok:
        raise InvalidGameError(f"mixed_to_behavior needs perfect recall (Kuhn's theorem): {reason}")
    _check_form(game, reduced)
    if len(probabilities) != game.n_players:
        raise InvalidGameError(f"a mixed profile needs one vector per player ({game.n_players})")
    out = []
    for i, (rows, vec) in enumerate(zip(reduced.choices, probabilities)):
        vec = list(vec)
        if len(vec) != len(rows):
            raise InvalidGameError(f"player {game.players[i]!r} has {len(rows)} plans, got "
                                   f"{len(vec)} probabilities")
        vec = [to_number(x, f"probability of plan {reduced.labels[i][k]!r} of "
                            f"{game.players[i]!r}") for k, x in enumerate(vec)]
        sets = game.infosets[i]
        zero = vec[0] * 0 if vec else 0
        weight = [[zero] * len(s.actions) for s in sets]
        for row, x in zip(rows, vec):
            if x:
                for k, c in enumerate(row):
                    if c >= 0:
                        weight[k][c] += x
        per = []
        for s, w in zip(sets, weight):
            total = sum(w, zero)
            if total:
                per.append(tuple(x / total for x in w))
            else:
                m = len(s.actions)
                per.append(tuple(Fraction(1, m) if not isinstance(zero, float) else 1 / m
                                 for _ in range(m)))
        out.append(tuple(per))
    profile = BehaviorProfile.from_game(game, out)
    if unreached == "optimal":
        from solver.forms.extensive.completion import complete_profile
        profile = complete_profile(game, profile)
    return profile
