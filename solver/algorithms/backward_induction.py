"""Subgame-perfect equilibria of games of perfect information, by backward induction.

In a finite game of perfect information every node starts a subgame.  Working
from the end of the tree to its root, the player at each decision node picks an
action whose continuation is best for him; chance nodes average their children.
The choices made at *every* node (on the path of play and off it) form a
subgame-perfect equilibrium (Zermelo 1913; Kuhn 1953; Osborne and Rubinstein 1994,
prop. 99.2).  When a player is indifferent between several actions each choice
can lead to a different equilibrium, and to different choices above it: the set
of all pure subgame-perfect equilibria is the set of choice functions that are
optimal at every node given the choices below, which this module counts exactly
and lists up to a limit.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from solver.algorithms.backward_levels import backward_levels, check_levels
from solver.algorithms.spe_ties import (
    ChildLookup,
    ancestors,
    argmax_set,
    count_spe,
    enumerate_spe,
    vec_add,
)
from solver.algorithms.limits import Deadline, check_max_equilibria
from solver.errors import InvalidGameError, SolverError, SolverLimitError
from solver.forms.extensive.arrays import infoset_meta, scaled_payoffs, structure, usable
from solver.forms.extensive.behavior import BehaviorProfile, certify_behavior
from solver.forms.extensive.game import DECISION, TERMINAL, ExtensiveFormGame, pause_gc
from solver.forms.profiles import Solution, float_slacks
from solver.numbers import compact_number, short_number

__all__ = ["spe", "DecisionStep"]


@dataclass(frozen=True)
class DecisionStep:
    """What backward induction saw at one decision node.

    Attributes
    ----------
    node : int
        The node (pre-order index); ``node_name`` names it in words.
    player : str
        Who moves there.
    infoset : str
        The label of the node's information set.
    values : dict
        For each action, the payoff vector (all players) that follows it under
        the equilibrium's continuation.
    chosen : tuple of str
        The actions that are best for the mover (several when he is indifferent);
        the first is the one taken in the first equilibrium.
    on_path : bool
        Whether the node is reached with positive probability in that equilibrium.
        (``game.node_name(step.node)`` names the node in words.)
    """

    node: int
    player: str
    infoset: str
    values: dict
    chosen: tuple[str, ...]
    on_path: bool


def spe(game: ExtensiveFormGame, *, max_equilibria: int = 1000, tol: float | None = None,
        trace_limit: int = 100_000, one: bool = False,
        time_limit: float | None = None) -> Solution:
    """All pure subgame-perfect equilibria of a game of perfect information (or one).

    Parameters
    ----------
    game : ExtensiveFormGame
        A concrete game of perfect information (every information set a single
        node); any number of players, chance nodes allowed.
    max_equilibria : int
        Largest number of equilibria to list.  When ties make more, a
        :class:`SolverLimitError` says how many there are.
    tol : float, optional
        Relative tolerance for ties in float games (default
        :data:`solver.forms.profiles.DEFAULT_TOLERANCE`): a difference of the mover's
        payoffs up to ``tol`` times the spread of his own payoffs is a tie.
    trace_limit : int
        Record the :class:`DecisionStep` trace only for trees with at most this
        many decision nodes.
    one : bool
        Return one subgame-perfect equilibrium (the first optimal action at every
        tie) and its value from a single backward pass, without counting or listing
        the others: linear in the tree, whatever the ties (tic-tac-toe's 549,946
        nodes take a few seconds).  ``complete`` is then False; the notes say at how
        many decision nodes there were ties.
    time_limit : float, optional
        Seconds, checked during the passes and while tied equilibria are counted
        and listed.

    Returns
    -------
    Solution
        Method ``"spe"``, complete (all pure SPE).  Each equilibrium is a
        :class:`solver.forms.extensive.behavior.TreeEquilibrium` whose behaviour profile passed
        two certificates: no player gains by deviating (regret 0), and at every
        decision node the chosen action is optimal given the choices below
        (one-shot deviation principle).  ``trace`` holds one DecisionStep per
        decision node for the first equilibrium; ``extra["n_equilibria"]``.
        ``extra["root_value"]`` is the payoff vector of the equilibria's play
        (every SPE of a zero-sum game has the same); ``value`` is player 1's
        payoff when the game is two-player zero-sum.

    Notes
    -----
    The first equilibrium takes one pass over the nodes in reverse pre-order
    (children before parents), so it is linear in the tree's size and uses no
    recursion.  On large trees (:func:`solver.forms.extensive.arrays.usable`)
    the pass and the certificates handle a whole depth level at a time with numpy,
    exactly (integers over per-level common denominators): a random tree of 10^6
    nodes is solved and certified in about 1.5 s (``benchmarks/backward_induction.py``).  Counting equilibria when there are ties tracks, at each node, the
    distinct payoff vectors of its subgame's equilibria with their multiplicity;
    at a decision node of player *i*, action *a* with continuation value *v* is
    optimal in ``cnt_a(v) * prod_b #{w in b : w_i <= v_i}`` combinations.

    References
    ----------
    Osborne, M. J. and Rubinstein, A. (1994), *A Course in Game Theory*, sec. 6.2.
    Gibbons, R. (1992), *Game Theory for Applied Economists*, sec. 2.1.
    """
    max_equilibria = check_max_equilibria(max_equilibria, "spe")
    deadline = Deadline(time_limit, "spe")
    with pause_gc():
        return _spe(game, max_equilibria, tol, trace_limit, bool(one), deadline)


def _spe(game, max_equilibria, tol, trace_limit, one, deadline) -> Solution:
    game.require_concrete()
    if not game.is_perfect_information:
        big = next(s for sets in game.infosets for s in sets if len(s.nodes) > 1)
        raise InvalidGameError(
            f"spe by backward induction needs perfect information; information set "
            f"{big.label or big.index + 1!r} of {game.players[big.player]!r} has {len(big.nodes)} "
            "nodes. Subgame decomposition for imperfect information is not yet implemented")
    N = game.n_nodes
    kind = game.node_kind.tolist()
    who = game.node_player.tolist()
    chance = {h: tuple(map(compact_number, pr)) for h, pr in game.chance_table.items()}
    # per player: exact games compare exactly, float games within tol times the
    # mover's own payoff range
    slack = (0,) * game.n_players if game.exact else float_slacks(game, tol)
    n = game.n_players
    fast = usable(game)
    if fast:       # large tree: whole levels at once with numpy (backward_levels)
        choice_a, tied_a, value = backward_levels(game, slack, deadline)
        choice = choice_a.tolist()
        multi_nodes = ancestors(game, np.flatnonzero(tied_a))
        tied = tied_a.tolist()
        any_tie = bool(len(multi_nodes))
        kids = ChildLookup(game)
        pay = None
    else:
        kids = game.child_lists()
        pay = game.path_payoffs
        value, choice, tied, any_tie = _sweep(N, kind, who, kids, chance, pay, slack, n,
                                              deadline)
        multi_nodes = None

    count, exact_count = 1, True
    extra_choices = [()]
    n_tied = sum(tied) if any_tie else 0
    if any_tie and not one:
        count, exact_count = count_spe(game, kind, who, kids, chance, value, tied, slack,
                                       max_equilibria, multi_nodes, deadline)
        if count > max_equilibria:
            how = "" if exact_count else "at least "
            # short_number: the count may have more digits than str() will print
            advice = (f"call spe(game, max_equilibria={count}) (or larger) to list them all"
                      if count < 10 ** 7 else "far too many to list; spe(game, one=True) "
                      "(the command's --one) returns one of them and the value")
            raise SolverLimitError(
                f"backward induction: ties at {n_tied} decision node(s) give {how}"
                f"{short_number(count)} pure subgame-perfect equilibria, more than "
                f"max_equilibria={max_equilibria}; {advice}")
        extra_choices = enumerate_spe(kind, who, kids, chance, value, tied, slack, choice,
                                      multi_nodes, deadline)

    dec = np.flatnonzero(game.node_kind == DECISION)
    gid_dec = game.node_infoset[dec]
    equilibria = []
    seen = set()
    for extra in extra_choices:
        ch = np.array(choice, dtype=np.int64)
        for h, a in extra:
            ch[h] = a
        by_set = np.zeros(game.n_infosets, dtype=np.int64)
        by_set[gid_dec] = ch[dec]
        key = by_set.tobytes()
        if key in seen:   # pragma: no cover - the enumeration yields distinct profiles
            continue
        seen.add(key)
        deadline.check("certifying the equilibria")
        if fast:
            check_levels(game, ch, slack, deadline)
        else:
            _check_subgame_perfect(game, kind, who, kids, chance, pay, ch.tolist(), slack)
        profile = BehaviorProfile.pure(game, by_set.tolist())
        equilibria.append(certify_behavior(game, profile, tol=tol))

    if not one and exact_count and count != len(equilibria):   # pragma: no cover - consistency
        raise SolverError(f"backward induction counted {count} equilibria but listed {len(equilibria)}")
    notes = []
    n_dec = len(dec)
    trace: tuple = ()
    if n_dec <= trace_limit:
        trace = (_trace_levels(game, value, choice_a, tied_a, slack) if fast else
                 _trace(game, kind, who, kids, chance, value, choice, slack))
    else:
        notes.append(f"no trace recorded: {n_dec} decision nodes exceed trace_limit={trace_limit}")
    if any_tie and one:
        notes.append(f"one subgame-perfect equilibrium (one=True): ties at {n_tied} decision "
                     "node(s) were broken by taking the first optimal action; the others were "
                     "not counted")
    elif any_tie:
        notes.append(f"ties at {n_tied} decision node(s) give {len(equilibria)} subgame-perfect "
                     "equilibria")
    root = equilibria[0].payoffs
    zero_sum = n == 2 and _is_zero_sum_tree(game)
    return Solution(game=game, method="spe", exact=game.exact, complete=not (one and any_tie),
                    degenerate=None, equilibria=tuple(equilibria), notes=tuple(notes),
                    trace=trace, value=root[0] if zero_sum else None,
                    extra={"n_equilibria": len(equilibria), "root_value": tuple(root),
                           "tied_nodes": n_tied})


def _is_zero_sum_tree(game) -> bool:
    """Whether the two payoffs sum to 0 at every terminal node (exactly, or for floats
    within a relative 1e-12, cell by cell), read from the payoff arrays at once."""
    P, _ = scaled_payoffs(game)
    t = game.node_kind == TERMINAL
    a, b = P[t, 0], P[t, 1]
    if game.exact:
        return bool(np.all(a + b == 0))
    a, b = a / 2, b / 2
    return bool(np.all(abs(a + b) <= 1e-12 * (abs(a) + abs(b))))


def _sweep(N, kind, who, kids, chance, pay, slack, n, deadline):
    """The scalar pass (small or deep trees): values, first best choices, ties."""
    value: list[Any] = [None] * N
    choice = [-1] * N
    tied = [False] * N
    any_tie = False
    for h in range(N - 1, -1, -1):
        if not h & 4095:
            deadline.check("backward induction")
        k = kind[h]
        if k == TERMINAL:
            value[h] = pay[h]
        elif k == DECISION:
            i = who[h]
            ch = kids[h]
            best_a, best = 0, value[ch[0]][i]
            for a in range(1, len(ch)):
                x = value[ch[a]][i]
                if x > best + slack[i]:
                    best_a, best = a, x
            choice[h] = best_a
            value[h] = value[ch[best_a]]
            if len(ch) > 1 and sum(1 for c in ch if value[c][i] >= best - slack[i]) > 1:
                tied[h] = any_tie = True
        else:
            acc = [0] * n
            for p, c in zip(chance[h], kids[h]):
                acc = vec_add(acc, p, value[c])
            value[h] = tuple(acc)
    return value, choice, tied, any_tie


def _check_subgame_perfect(game, kind, who, kids, chance, pay, ch, slack):
    """One-shot deviation check: at every decision node the chosen action is optimal
    given the choices below (recomputed from the choices alone)."""
    N = len(kind)
    val: list[Any] = [None] * N
    for h in range(N - 1, -1, -1):
        if kind[h] == TERMINAL:
            val[h] = pay[h]
        elif kind[h] == DECISION:
            i = who[h]
            chosen = val[kids[h][ch[h]]]
            for c in kids[h]:
                if val[c][i] > chosen[i] + slack[i]:
                    raise SolverError(f"certificate failed: at node {game.node_name(h)} "
                                      f"{game.players[i]!r} would deviate")
            val[h] = chosen
        else:
            acc = [0] * game.n_players
            for p, c in zip(chance[h], kids[h]):
                acc = vec_add(acc, p, val[c])
            val[h] = tuple(acc)


def _exact_vector(game, v, cache):
    out = cache.get(v)
    if out is None:
        out = cache[v] = tuple(Fraction(x) for x in v) if game.exact else tuple(float(x) for x in v)
    return out


def _trace(game, kind, who, kids, chance, value, choice, slack) -> tuple[DecisionStep, ...]:
    N = len(kind)
    reach = [False] * N
    reach[0] = True
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    steps = []
    cache: dict = {}
    for h in range(N):
        if h:
            p = parent[h]
            if not reach[p]:
                reach[h] = False
            elif kind[p] == DECISION:
                reach[h] = pact[h] == choice[p]
            else:
                reach[h] = chance[p][pact[h]] != 0
        if kind[h] != DECISION:
            continue
        acts = game.actions(h)
        vals = [value[c] for c in kids[h]]
        best = argmax_set(vals, who[h], slack)
        best.sort(key=lambda a: a != choice[h])
        s = game.infoset(int(game.node_infoset[h]))
        steps.append(DecisionStep(h, game.players[who[h]], s.label,
                                  {a: _exact_vector(game, v, cache) for a, v in zip(acts, vals)},
                                  tuple(acts[a] for a in best), reach[h]))
    return tuple(steps)


def _trace_levels(game, values, choice, tied, slack) -> tuple[DecisionStep, ...]:
    """:func:`_trace` for the level passes: on-path flags by levels, values read once."""
    st = structure(game)
    par, pact = game.node_parent, game.node_parent_action
    ok = np.ones(st.n, dtype=bool)                    # the edge into h is taken
    below_dec = np.flatnonzero((par >= 0) & (st.kind[np.maximum(par, 0)] == DECISION))
    ok[below_dec] = pact[below_dec] == choice[par[below_dec]]
    for h, pr in game.chance_table.items():
        for k, p in enumerate(pr):
            if p == 0:
                ok[st.children[st.child_start[h] + k]] = False
    reach = np.zeros(st.n, dtype=bool)
    reach[0] = True
    for lvl in st.levels[1:]:
        reach[lvl] = reach[par[lvl]] & ok[lvl]
    labels = [lab for per in infoset_meta(game)[0] for lab in per]
    W, Q, depth = values.W.tolist(), values.Q, st.depth.tolist()
    kids, start, nch = st.children.tolist(), st.child_start.tolist(), st.nch.tolist()
    gid, who, ch, tie, on = (game.node_infoset.tolist(), st.player.tolist(), choice.tolist(),
                             tied.tolist(), reach.tolist())
    exact, players, steps = game.exact, game.players, []
    for h in np.flatnonzero(st.kind == DECISION).tolist():
        acts = game.actions(h)
        cs = kids[start[h]:start[h] + nch[h]]
        if exact:
            q = Q[depth[cs[0]]]
            vals = [tuple(Fraction(x, q) for x in W[c]) for c in cs]
        else:
            vals = [tuple(W[c]) for c in cs]
        if tie[h]:
            best = argmax_set(vals, who[h], slack)
            best.sort(key=lambda a: a != ch[h])
        else:
            best = [ch[h]]
        steps.append(DecisionStep(h, players[who[h]], labels[gid[h]], dict(zip(acts, vals)),
                                  tuple(acts[a] for a in best), on[h]))
    return tuple(steps)
