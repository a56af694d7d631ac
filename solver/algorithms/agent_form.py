"""Pure equilibria of the agent form of a game tree (Gambit's ``enumpure`` on trees).

In the **agent form** of a tree each information set is played by its own agent, who
has the payoff of the player owning the set (Kuhn 1953; Selten 1975, section 4,
"the agent normal form").  A pure profile of the agent form names one action at
every information set.  It is an **agent-form equilibrium** when no single agent
gains by changing the action at his one set while every other set, the owner's
other sets included, keeps its action.  Every Nash equilibrium in pure behaviour
strategies is one, but not conversely: an agent-form equilibrium may leave a player
a gain from changing two of his moves together (Selten 1975 uses the agent form
because its trembles keep each set's mistakes independent).  This is what Gambit's
``enumpure`` computes on an extensive game (``gambit-enumpure`` without ``-S``;
pygambit's ``enumpure_agent_solve``).

All pure profiles are searched at once: each player's expected payoff is laid out as
a tensor with one axis per information set (chance averaged out exactly, in integers
over a common denominator), so an agent's best replies are the maxima along his axis
and the equilibria are the cells where every agent's is attained.  A set met twice
on a play (absent-mindedness) is one agent, whose action applies at each visit.

References
----------
Kuhn, H. W. (1953), "Extensive games and the problem of information".
Selten, R. (1975), "Reexamination of the perfectness concept for equilibrium points
in extensive games", *International Journal of Game Theory* 4, 25-55.
Gambit documentation, ``gambit-enumpure`` ("the agent form").
"""
from __future__ import annotations

from fractions import Fraction
from math import prod

import numpy as np

from solver.algorithms.limits import (
    DEFAULT_MAX_EQUILIBRIA,
    Deadline,
    check_count,
    check_max_equilibria,
)
from solver.errors import SolverError, SolverLimitError
from solver.forms.extensive.behavior import BehaviorProfile, TreeEquilibrium, behavior_payoffs
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL
from solver.forms.profiles import Solution, float_slacks
from solver.numbers import format_number, lcm_of_denominators

__all__ = ["pure_agent_equilibria", "agent_payoffs", "DEFAULT_MAX_PROFILES"]

#: Default largest number of pure agent profiles (cells of each player's tensor).
DEFAULT_MAX_PROFILES = 10**6


def agent_payoffs(game, *, max_profiles: int = DEFAULT_MAX_PROFILES):
    """Each player's expected payoff at every pure profile of the agent form.

    Returns
    -------
    (tensors, scales)
        ``tensors[i]`` has one axis per information set (global ids, in order), of
        the set's number of actions; ``tensors[i] / scales[i]`` are player *i*'s
        exact payoffs (integers over a common denominator) or floats (scale 1).

    Raises
    ------
    SolverLimitError
        When there are more than ``max_profiles`` pure profiles.
    """
    game.require_concrete()
    sizes = tuple(len(game.infoset(g).actions) for g in range(game.n_infosets))
    total = prod(sizes)
    if total > max_profiles:
        raise SolverLimitError(
            f"the agent form has {' x '.join(map(str, sizes))} = {total} pure profiles, more than "
            f"max_profiles={max_profiles}; pass a larger max_profiles")
    kind = game.node_kind.tolist()
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    gid = game.node_infoset.tolist()
    reach: list = [Fraction(1) if game.exact else 1.0] * game.n_nodes
    fixed: list = [{}] * game.n_nodes         # set -> action on the path, None if clashing
    for h in range(1, game.n_nodes):
        p = parent[h]
        reach[h] = reach[p] * game.chance_probabilities(p)[pact[h]] if kind[p] == CHANCE \
            else reach[p]
        if kind[p] == DECISION and fixed[p] is not None:
            g, a = gid[p], pact[h]
            fixed[h] = None if fixed[p].get(g, a) != a else {**fixed[p], g: a}
        else:
            fixed[h] = fixed[p]
    plays = [(h, fixed[h]) for h in range(game.n_nodes)
             if kind[h] == TERMINAL and reach[h] and fixed[h] is not None]
    tensors, scales = [], []
    for i in range(game.n_players):
        weights = [reach[h] * game.payoffs(h)[i] for h, _ in plays]
        if game.exact:
            d = lcm_of_denominators(weights) if weights else 1
            ints = [w.numerator * (d // w.denominator) for w in weights]
            big = max((abs(x) for x in ints), default=0) * max(len(ints), 1)
            t = np.zeros(sizes, dtype=np.int64 if big < 2**62 else object)
            values, scale = ints, d
        else:
            t = np.zeros(sizes)
            values, scale = [float(w) for w in weights], 1.0
        for (h, path), x in zip(plays, values):
            if x:
                t[tuple(path.get(g, slice(None)) for g in range(len(sizes)))] += x
        tensors.append(t)
        scales.append(scale)
    return tensors, scales


def pure_agent_equilibria(game, *, max_profiles: int = DEFAULT_MAX_PROFILES,
                          max_equilibria: int = DEFAULT_MAX_EQUILIBRIA,
                          time_limit: float | None = None) -> Solution:
    """All pure equilibria of the agent form of a tree (any recall, any number of players).

    Parameters
    ----------
    game : ExtensiveFormGame
        A concrete tree, exact or float.
    max_profiles : int
        Largest number of pure agent profiles (product of the sets' action counts).
    max_equilibria : int
        Largest number of equilibria returned.
    time_limit : float, optional
        Seconds, checked while the equilibria are certified.

    Returns
    -------
    Solution
        Method ``"pure-agent"``; ``complete`` is True: these are *all* the pure
        agent-form equilibria (mixed ones were not searched).  Each is a
        :class:`~solver.forms.extensive.behavior.TreeEquilibrium` whose ``regret`` is
        each player's largest gain from changing his action at *one* of his sets,
        recomputed on the tree (0).  ``extra["nash"]`` tells, for a tree of perfect
        recall, which are also Nash equilibria (no gain from changing several sets).

    Examples
    --------
    Entry deterrence: besides the subgame-perfect (In, Accommodate), the threat
    (Out, Fight), whose Fight is never reached, so no agent gains by changing it.

    >>> import games
    >>> for e in pure_agent_equilibria(games.get("entry-deterrence")):
    ...     print(e)
    Entrant: Out | Incumbent: Fight  (payoffs 0, 2)
    Entrant: In | Incumbent: Accommodate  (payoffs 1, 1)
    """
    max_equilibria = check_max_equilibria(max_equilibria, "pure-agent")
    deadline = Deadline(time_limit, "pure-agent")
    tensors, _ = agent_payoffs(game, max_profiles=max_profiles)
    owner = [game.infoset(g).player for g in range(game.n_infosets)]
    slacks = (0,) * game.n_players if game.exact else float_slacks(game)
    both = np.ones(tensors[0].shape if tensors else (), dtype=bool)
    for g, i in enumerate(owner):
        t = tensors[i]
        best = t.max(axis=g, keepdims=True)
        both &= (t == best) if game.exact else (t >= best - slacks[i])
    check_count(int(np.count_nonzero(both)), max_equilibria, "pure-agent",
                "pure agent-form equilibria")
    equilibria = []
    for cell in np.argwhere(both) if both.ndim else [()]:
        deadline.tick("certifying the pure agent-form equilibria")
        equilibria.append(_certify_agent(game, [int(c) for c in cell], owner, slacks))
    nash = _nash_flags(game, equilibria)
    notes = [f"{len(equilibria)} of the {both.size} pure profiles of the agent form (one agent "
             "per information set, with its owner's payoff) are equilibria: no agent gains by "
             "changing his action at his one set; mixed ones were not searched"]
    if nash is not None and not all(nash):
        bad = nash.count(False)
        verb = "is not a Nash equilibrium" if bad == 1 else "are not Nash equilibria"
        notes.append(f"{bad} of them {verb} "
                     "of the tree: a player gains by changing his actions at several of his sets "
                     "at once")
    return Solution(game=game, method="pure-agent", exact=game.exact, complete=True,
                    degenerate=None, equilibria=tuple(equilibria), notes=tuple(notes),
                    extra={"nash": nash})


def _certify_agent(game, choice: list[int], owner: list[int], slacks) -> TreeEquilibrium:
    """The pure profile, certified on the tree: no single set's change gains its owner."""
    profile = BehaviorProfile.pure(game, choice)
    payoffs = behavior_payoffs(game, profile)
    regret = [Fraction(0) if game.exact else 0.0] * game.n_players
    for g, i in enumerate(owner):
        for a in range(len(game.infoset(g).actions)):
            if a == choice[g]:
                continue
            other = BehaviorProfile.pure(game, choice[:g] + [a] + choice[g + 1:])
            gain = behavior_payoffs(game, other)[i] - payoffs[i]
            if gain > slacks[i]:
                raise SolverError(f"certificate failed: the agent of {game.players[i]!r} at "
                                  f"information set {g + 1} gains {format_number(gain)} (a bug)")
            regret[i] = max(regret[i], gain)
    if not game.exact:
        regret = [max(float(r), 0.0) for r in regret]
    return TreeEquilibrium(profile, payoffs, tuple(regret), game.exact)


def _nash_flags(game, equilibria):
    """For a tree of perfect recall, whether each is also a Nash equilibrium."""
    ok, _ = game.perfect_recall()
    if not ok:
        return None
    from solver.forms.extensive.behavior import behavior_regret
    slacks = (0,) * game.n_players if game.exact else float_slacks(game)
    return [all(r <= s for r, s in zip(behavior_regret(game, e.profile), slacks))
            for e in equilibria]
