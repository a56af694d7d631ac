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

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..behavior import BehaviorProfile, _small, certify_behavior
from ..errors import InvalidGameError, SolverError, SolverLimitError
from ..extensive_form import DECISION, TERMINAL, ExtensiveFormGame, pause_gc
from ..profiles import DEFAULT_TOLERANCE, Solution

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


def _vec_add(acc, p, v):
    return [a + p * x for a, x in zip(acc, v)] if p else acc


def spe(game: ExtensiveFormGame, *, max_equilibria: int = 1000, tol: float | None = None,
        trace_limit: int = 100_000) -> Solution:
    """All pure subgame-perfect equilibria of a game of perfect information.

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
        :data:`solver.profiles.DEFAULT_TOLERANCE` times the payoff range).
    trace_limit : int
        Record the :class:`DecisionStep` trace only for trees with at most this
        many decision nodes.

    Returns
    -------
    Solution
        Method ``"spe"``, complete (all pure SPE).  Each equilibrium is a
        :class:`solver.behavior.TreeEquilibrium` whose behaviour profile passed
        two certificates: no player gains by deviating (regret 0), and at every
        decision node the chosen action is optimal given the choices below
        (one-shot deviation principle).  ``trace`` holds one DecisionStep per
        decision node for the first equilibrium; ``extra["n_equilibria"]``.

    Notes
    -----
    The first equilibrium takes one pass over the nodes in reverse pre-order
    (children before parents), so it is linear in the tree's size and uses no
    recursion.  Counting equilibria when there are ties tracks, at each node, the
    distinct payoff vectors of its subgame's equilibria with their multiplicity;
    at a decision node of player *i*, action *a* with continuation value *v* is
    optimal in ``cnt_a(v) * prod_b #{w in b : w_i <= v_i}`` combinations.

    References
    ----------
    Osborne, M. J. and Rubinstein, A. (1994), *A Course in Game Theory*, sec. 6.2.
    Gibbons, R. (1992), *Game Theory for Applied Economists*, sec. 2.1.
    """
    with pause_gc():
        return _spe(game, max_equilibria, tol, trace_limit)


def _spe(game, max_equilibria, tol, trace_limit) -> Solution:
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
    kids = game.child_lists()
    chance = {h: tuple(_small(p) for p in pr) for h, pr in game._chance.items()}
    pay = game._small_payoffs
    slack = 0 if game.exact else (DEFAULT_TOLERANCE if tol is None else tol) * game.payoff_range
    n = game.n_players

    value: list[Any] = [None] * N
    choice = [-1] * N
    tied = [False] * N
    any_tie = False
    for h in range(N - 1, -1, -1):
        k = kind[h]
        if k == TERMINAL:
            value[h] = pay[h]
        elif k == DECISION:
            i = who[h]
            ch = kids[h]
            best_a, best = 0, value[ch[0]][i]
            for a in range(1, len(ch)):
                x = value[ch[a]][i]
                if x > best + slack:
                    best_a, best = a, x
            choice[h] = best_a
            value[h] = value[ch[best_a]]
            if len(ch) > 1 and sum(1 for c in ch if value[c][i] >= best - slack) > 1:
                tied[h] = any_tie = True
        else:
            acc = [0] * n
            for p, c in zip(chance[h], kids[h]):
                acc = _vec_add(acc, p, value[c])
            value[h] = tuple(acc)

    count, exact_count = 1, True
    extra_choices = [()]
    if any_tie:
        count, exact_count = _count(game, kind, who, kids, chance, value, tied, slack,
                                    max_equilibria)
        if count > max_equilibria:
            how = "" if exact_count else "at least "
            digits = len(str(count))
            many = str(count) if digits <= 15 else f"about {str(count)[0]}.{str(count)[1:4]}e{digits - 1}"
            advice = (f"call spe(game, max_equilibria={count}) (or larger) to list them all"
                      if digits <= 7 else "far too many to list; the first one is found by "
                      "breaking ties, e.g. by perturbing payoffs")
            raise SolverLimitError(
                f"backward induction: ties at {sum(tied)} decision node(s) give {how}{many} pure "
                f"subgame-perfect equilibria, more than max_equilibria={max_equilibria}; {advice}")
        extra_choices = _enumerate(kind, who, kids, chance, value, tied, slack, choice)

    gid = game.node_infoset.tolist()
    equilibria = []
    seen = set()
    for extra in extra_choices:
        ch = list(choice)
        for h, a in extra:
            ch[h] = a
        by_set = [0] * game.n_infosets
        for h in range(N):
            if kind[h] == DECISION:
                by_set[gid[h]] = ch[h]
        key = tuple(by_set)
        if key in seen:   # pragma: no cover - the enumeration yields distinct profiles
            continue
        seen.add(key)
        _check_subgame_perfect(game, kind, who, kids, chance, pay, ch, slack)
        profile = BehaviorProfile.pure(game, by_set)
        equilibria.append(certify_behavior(game, profile, tol=tol))

    if exact_count and count != len(equilibria):   # pragma: no cover - internal consistency
        raise SolverError(f"backward induction counted {count} equilibria but listed {len(equilibria)}")
    notes = []
    n_dec = sum(1 for k in kind if k == DECISION)
    trace: tuple = ()
    if n_dec <= trace_limit:
        trace = _trace(game, kind, who, kids, chance, value, choice, slack)
    else:
        notes.append(f"no trace recorded: {n_dec} decision nodes exceed trace_limit={trace_limit}")
    if any_tie:
        notes.append(f"ties at {sum(tied)} decision node(s) give {len(equilibria)} subgame-perfect "
                     "equilibria")
    return Solution(game=game, method="spe", exact=game.exact, complete=True, degenerate=None,
                    equilibria=tuple(equilibria), notes=tuple(notes), trace=trace,
                    extra={"n_equilibria": len(equilibria)})


def _argmax_set(vals, i, slack):
    best = max(v[i] for v in vals)
    return [a for a, v in enumerate(vals) if v[i] >= best - slack]


def _count(game, kind, who, kids, chance, value, tied, slack, limit):
    """Exact number of pure SPE (or a lower bound when the value sets grow too big)."""
    N = len(kind)
    cap = max(10 * limit, 10_000)
    multi = [False] * N
    dist: list[Any] = [None] * N     # value vector -> number of SPE of the subgame
    counts = [1] * N
    exact = True
    for h in range(N - 1, -1, -1):
        if kind[h] == TERMINAL:
            continue
        ch = kids[h]
        multi[h] = tied[h] or any(multi[c] for c in ch)
        if not multi[h]:
            continue
        ds = [dist[c] if multi[c] else {value[c]: 1} for c in ch]
        if any(d is None for d in ds):
            counts[h] = _product(counts[c] for c in ch)   # each combination gives >= 1 SPE
            exact = False
            continue
        if kind[h] == DECISION:
            i = who[h]
            new: dict = {}
            for a, da in enumerate(ds):
                for v, cnt in da.items():
                    ways = cnt
                    for b, db in enumerate(ds):
                        if b != a:
                            ways *= sum(c for w, c in db.items() if w[i] <= v[i] + slack)
                            if not ways:
                                break
                    if ways:
                        new[v] = new.get(v, 0) + ways
            dist[h] = new
            counts[h] = sum(new.values())
        else:
            counts[h] = _product(sum(d.values()) for d in ds)
            new = {tuple(0 for _ in value[h]): 1}
            for p, d in zip(chance[h], ds):
                nxt: dict = {}
                for acc, c1 in new.items():
                    for v, c2 in d.items():
                        key = tuple(x + p * y for x, y in zip(acc, v)) if p else acc
                        nxt[key] = nxt.get(key, 0) + c1 * c2
                new = nxt
                if len(new) > cap:
                    break
            dist[h] = new if len(new) <= cap else None
    return counts[0], exact


def _product(xs):
    out = 1
    for x in xs:
        out *= x
    return out


def _enumerate(kind, who, kids, chance, value, tied, slack, default):
    """All SPE as lists of (node, action) choices that differ from ``default``'s nodes.

    Only subgames that contain a tie have several equilibria; the others keep the
    default choice.  Each list is bounded by the number of SPE of the whole game.
    """
    N = len(kind)
    multi = [False] * N
    sols: list[Any] = [None] * N     # list of (value, choices) for multi nodes
    for h in range(N - 1, -1, -1):
        if kind[h] == TERMINAL:
            continue
        ch = kids[h]
        multi[h] = tied[h] or any(multi[c] for c in ch)
        if not multi[h]:
            continue
        lists = [sols[c] if multi[c] else [(value[c], ())] for c in ch]
        out = []
        for combo in itertools.product(*lists):
            if kind[h] == DECISION:
                vals = [v for v, _ in combo]
                below = tuple(x for _, cs in combo for x in cs)
                for a in _argmax_set(vals, who[h], slack):
                    out.append((vals[a], below + ((h, a),)))
            else:
                acc = [0] * len(value[h])
                for p, (v, _) in zip(chance[h], combo):
                    acc = _vec_add(acc, p, v)
                out.append((tuple(acc), tuple(x for _, cs in combo for x in cs)))
        sols[h] = out
    return [cs for _, cs in sols[0]] if multi[0] else [()]


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
                if val[c][i] > chosen[i] + slack:
                    raise SolverError(f"certificate failed: at node {game.node_name(h)} "
                                      f"{game.players[i]!r} would deviate")
            val[h] = chosen
        else:
            acc = [0] * game.n_players
            for p, c in zip(chance[h], kids[h]):
                acc = _vec_add(acc, p, val[c])
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
        best = _argmax_set(vals, who[h], slack)
        best.sort(key=lambda a: a != choice[h])
        s = game.infoset(int(game.node_infoset[h]))
        steps.append(DecisionStep(h, game.players[who[h]], s.label,
                                  {a: _exact_vector(game, v, cache) for a, v in zip(acts, vals)},
                                  tuple(acts[a] for a in best), reach[h]))
    return tuple(steps)
