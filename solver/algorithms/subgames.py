"""Subgame-perfect equilibria of trees with imperfect information, by decomposition.

A *subgame* of a game tree starts at a non-terminal node *h* whose subtree cuts no
information set: every information set that has a node below *h* lies wholly below
*h* (Selten 1965, 1975; Osborne and Rubinstein 1994, def. 97.1 and sec. 11.2).  A
profile is *subgame perfect* when it induces a Nash equilibrium in every subgame.

The solution works from the bottom up (Osborne and Rubinstein 1994, sec. 6.2;
Fudenberg and Tirole 1991, sec. 3.5): take a subgame with no subgame inside it,
find its equilibria, replace it by one equilibrium's payoff vector, and continue
with the smaller tree.  The equilibria of the whole game are obtained by *rolling
back every choice*: each equilibrium of each lower subgame gives a tree above, and
each equilibrium of that tree extends it, so the list is a tree of combinations.

Why this matters -- a centipede game.  Gambit's ``lcp`` solves the sequence-form
linear complementarity problem of the whole tree (Koller, Megiddo and von Stengel
1996).  In a centipede game every Nash equilibrium stops at the first node, but many
prescribe, at nodes that are never reached, a "continue" that would not be chosen
there: nothing in the whole-tree LCP constrains behaviour at information sets of
realisation probability 0 (their sequences have weight 0, and the behaviour read
from them is arbitrary), so the complementary pivoting may end at such a
non-credible equilibrium.  Here every subgame (in a perfect-information tree, every
node) is solved as a game of its own, so the behaviour at an unreached node is an
equilibrium of the subgame that starts there, and only the backward-induction
profile survives.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver.algorithms.limits import Deadline, check_max_equilibria
from solver.algorithms.subgame_pieces import solve_piece
from solver.errors import InvalidGameError, SolverLimitError
from solver.forms.extensive.behavior import BehaviorProfile, certify_behavior
from solver.forms.extensive.game import DECISION, TERMINAL, ExtensiveFormGame
from solver.forms.extensive.nodes import InformationSet, Outcome
from solver.forms.profiles import Solution

__all__ = ["proper_subgames", "subgame_perfect", "subgame", "restrict_profile",
           "is_subgame_perfect", "SubgameStep"]


@dataclass(frozen=True)
class SubgameStep:
    """One subgame solved during the roll-back.

    Attributes
    ----------
    root : int
        The subgame's root node (``game.node_name(root)`` names it).
    method : str
        ``"spe"`` (backward induction), ``"enumerate"`` (reduced normal form,
        all extreme equilibria), ``"sequence-form"`` (one equilibrium), ``"pure"``
        (pure equilibria of the reduced normal form), ``"optimize"`` (one mover:
        his optimal plans) or ``"chance"`` (nobody moves).
    players : tuple of str
        Who moves in the subgame once the subgames below are replaced by payoffs.
    complete : bool
        Whether all (extreme) equilibria of this subgame were found.
    payoffs : tuple of tuple
        The payoff vector (all players) of each equilibrium found.
    gap : str
        Why the list is not complete ("" when it is), e.g. "one equilibrium (the
        sequence form)".
    """

    root: int
    method: str
    players: tuple[str, ...]
    complete: bool
    payoffs: tuple[tuple[Any, ...], ...]
    gap: str = ""


# ------------------------------------------------------------------ structure
def _subtree_ends(game: ExtensiveFormGame) -> list[int]:
    """end[h]: the last pre-order index in h's subtree (subtrees are intervals)."""
    parent = game.node_parent.tolist()
    end = list(range(game.n_nodes))
    for h in range(game.n_nodes - 1, 0, -1):
        p = parent[h]
        if end[h] > end[p]:
            end[p] = end[h]
    return end


def proper_subgames(game: ExtensiveFormGame) -> tuple[int, ...]:
    """Roots of the subgames of a tree, in pre-order (the whole game's root first).

    A non-terminal node *h* starts a subgame when every information set with a node
    in *h*'s subtree lies wholly in it.  In pre-order a subtree is an interval
    ``[h, end(h)]``; writing ``lo(v), hi(v)`` for the first and last node of
    *v*'s information set (``v`` itself for chance nodes), *h* is a root exactly
    when the minimum of ``lo`` over the subtree is ``>= h`` and the maximum of
    ``hi`` is ``<= end(h)``.  Both extremes are accumulated from the leaves up, so
    the whole computation is linear in the number of nodes.

    Terminal nodes are not listed; the root (the game itself) always is, unless the
    tree is a single terminal node.
    """
    N = game.n_nodes
    kind = game.node_kind.tolist()
    gid = game.node_infoset.tolist()
    parent = game.node_parent.tolist()
    end = _subtree_ends(game)
    first = {g: game.infoset(g).nodes[0] for g in range(game.n_infosets)}
    last = {g: game.infoset(g).nodes[-1] for g in range(game.n_infosets)}
    lo = [first[gid[h]] if kind[h] == DECISION else h for h in range(N)]
    hi = [last[gid[h]] if kind[h] == DECISION else h for h in range(N)]
    for h in range(N - 1, 0, -1):
        p = parent[h]
        if lo[h] < lo[p]:
            lo[p] = lo[h]
        if hi[h] > hi[p]:
            hi[p] = hi[h]
    return tuple(h for h in range(N) if kind[h] != TERMINAL and lo[h] >= h and hi[h] <= end[h])


def subgame(game: ExtensiveFormGame, root: int) -> tuple[ExtensiveFormGame, list[int]]:
    """The subgame starting at ``root`` as a game of its own, with all players.

    Returns the game and ``nodes``: ``nodes[k]`` is the original index of the
    subgame's node *k*.  Terminal payoffs are the original path sums, so payoffs
    compare directly with the whole game's.

    Raises
    ------
    InvalidGameError
        If ``root`` does not start a subgame.
    """
    if root not in proper_subgames(game):
        raise InvalidGameError(f"node {game.node_name(root)} does not start a subgame "
                               "(an information set crosses its subtree, or it is terminal)")
    return _piece(game, root, {}, game.players)


def _piece(game, root, leaves, players):
    """The subtree of ``root`` with each node of ``leaves`` (node -> payoff vector) made a
    terminal, for the given players (payoffs projected onto them).

    The parts are read off the (already validated) whole game and assembled directly
    (:meth:`ExtensiveFormGame.from_parts`), with the nodes in pre-order and each
    player's information sets numbered by first appearance, as
    :class:`~solver.forms.extensive.builder.TreeBuilder` would number them: on the
    small trees of scenario sweeps building through the builder cost more than
    solving.  Returns the game and ``nodes`` (``nodes[k]``: the original index of
    the piece's node *k*).
    """
    idx = [game.players.index(p) for p in players]
    where = {i: k for k, i in enumerate(idx)}
    kind = game.node_kind.tolist()
    who = game.node_player.tolist()
    gid = game.node_infoset.tolist()
    kids = game.child_lists()
    labels, actions = game.node_labels, game.action_labels
    nodes: list[int] = []
    new_kind, new_player, new_parent, new_pact = [], [], [], []
    new_labels, new_actions, chance, outcomes = [], [], {}, {}
    children: list[list[int]] = []
    local: list[dict[int, int]] = [{} for _ in idx]     # per piece player: old gid -> index
    set_of: list[tuple[int, int]] = []                  # per node: (piece player, index)
    stack = [(root, -1, -1)]
    while stack:
        h, par, a = stack.pop()
        k = len(nodes)
        nodes.append(h)
        new_parent.append(par)
        new_pact.append(a)
        new_labels.append(labels[h])
        children.append([])
        if par >= 0:
            children[par].append(k)
        if h in leaves or kind[h] == TERMINAL:
            u = leaves[h] if h in leaves else game.payoffs(h)
            new_kind.append(TERMINAL)
            new_player.append(-1)
            new_actions.append(())
            set_of.append((-1, -1))
            outcomes[k] = Outcome("", tuple(u[i] for i in idx))
            continue
        new_kind.append(kind[h])
        new_actions.append(actions[h])
        if kind[h] == DECISION:
            i = where[who[h]]
            new_player.append(i)
            set_of.append((i, local[i].setdefault(gid[h], len(local[i]))))
        else:
            new_player.append(-1)
            set_of.append((-1, -1))
            chance[k] = game.chance_probabilities(h)
        for c in reversed(range(len(kids[h]))):
            stack.append((kids[h][c], k, c))
    offset = [0]
    for per in local:
        offset.append(offset[-1] + len(per))
    new_gid = [offset[i] + j if i >= 0 else -1 for i, j in set_of]
    members: list[list[int]] = [[] for _ in range(offset[-1])]
    for k, g in enumerate(new_gid):
        if g >= 0:
            members[g].append(k)
    sets = tuple(tuple(InformationSet(i, j, game.infoset(old).label, game.infoset(old).actions,
                                      tuple(members[offset[i] + j]))
                       for old, j in per.items())
                 for i, per in enumerate(local))
    flat = [c for cs in children for c in cs]
    piece = ExtensiveFormGame.from_parts(
        players, game.title, "", new_kind, new_player, new_gid, new_parent, new_pact, flat,
        tuple(new_labels), tuple(new_actions), chance, outcomes, sets, None,
        exact=game.exact, symbols=frozenset(), infoset_labels=tuple(s.label for per in sets
                                                                   for s in per))
    return piece, nodes


def restrict_profile(game: ExtensiveFormGame, profile: BehaviorProfile, sub: ExtensiveFormGame,
                     nodes: list[int]) -> BehaviorProfile:
    """The behaviour ``profile`` induces on a subgame made by :func:`subgame`."""
    flat = profile.flat()
    gid = game.node_infoset.tolist()
    probs = [[flat[gid[nodes[s.nodes[0]]]] for s in sets] for sets in sub.infosets]
    return BehaviorProfile.from_game(sub, probs)


def is_subgame_perfect(game: ExtensiveFormGame, profile: BehaviorProfile) -> bool:
    """True when ``profile`` is a Nash equilibrium of every subgame (exact games: regret 0)."""
    from solver.forms.extensive.behavior import behavior_regret
    for r in proper_subgames(game):
        sub, nodes = _piece(game, r, {}, game.players)
        if any(x > 0 for x in behavior_regret(sub, restrict_profile(game, profile, sub, nodes))):
            return False
    return True


# ------------------------------------------------------------------ solving one piece
def _expected(piece, flat, full):
    """Expected full payoff vector of a piece under behaviour ``flat[gid]``."""
    kind = piece.node_kind.tolist()
    gid = piece.node_infoset.tolist()
    kids = piece.child_lists()
    total = [0] * len(full[-1])
    stack = [(0, 1)]
    while stack:
        h, p = stack.pop()
        if kind[h] == TERMINAL:
            total = [t + p * u for t, u in zip(total, full[h])]
            continue
        probs = flat[gid[h]] if kind[h] == DECISION else piece.chance_probabilities(h)
        for q, c in zip(probs, kids[h]):
            if q:
                stack.append((c, p * q))
    return tuple(Fraction(t) if piece.exact else float(t) for t in total)


# ------------------------------------------------------------------ the algorithm
def subgame_perfect(game: ExtensiveFormGame, *, max_equilibria: int = 100,
                    time_limit: float | None = None, **options: Any) -> Solution:
    """Subgame-perfect equilibria by solving subgames from the bottom up.

    Parameters
    ----------
    game : ExtensiveFormGame
        A concrete game tree of perfect recall, any number of players.
    max_equilibria : int
        Largest number of subgame-perfect equilibria to list.  Rolling back every
        equilibrium of every subgame can multiply them; past this number a
        :class:`SolverLimitError` says so.
    time_limit : float, optional
        Seconds for the whole computation; each subgame's method gets the time left.
    **options
        ``enumerate_limit`` (default 12): a two-player subgame whose reduced normal
        form is at most ``enumerate_limit`` plans per player is solved by
        :func:`solver.algorithms.modular_enumeration.modular_enumeration` (all
        extreme equilibria); a larger one by the sequence form (one equilibrium).
        ``plan_limit`` (default 10 000): the largest reduced normal form built
        for other subgames.  ``support_limit`` (default 400): the largest number of
        support profiles of a subgame of three or more movers whose equilibria are
        all enumerated (beyond it, its pure ones).  ``check_budget`` (default 500 000): the separate
        certificate of every subgame (below) is run while it costs at most this
        many node visits.

    Returns
    -------
    Solution
        Method ``"spe"``.  Each equilibrium is a :class:`TreeEquilibrium` certified
        on the whole tree (:func:`solver.forms.extensive.behavior.certify_behavior`) and, within
        ``check_budget``, certified again on every subgame that was solved
        separately (the subgames inside a perfect-information block are checked
        by backward induction's own one-shot-deviation certificate).
        ``trace`` holds a :class:`SubgameStep` per subgame (and per distinct
        replacement of the subgames below).  ``complete`` is True when every
        subgame was solved completely, so that every *extreme* subgame-perfect
        equilibrium built from extreme subgame equilibria is listed.

    Notes
    -----
    A subgame whose tree has perfect information is solved whole by backward
    induction (all pure SPE).  Other subgames, after the subgames below are
    replaced by payoffs, are solved by their reduced normal form: with two movers,
    by vertex enumeration when it has at most 12x12 plans (every extreme
    equilibrium), else by the sequence form (one equilibrium, ``complete=False``);
    with one mover, his optimal pure plans; with three or more, every equilibrium
    by polynomial support enumeration when the form has at most ``support_limit``
    (400) support profiles, except those with irrational probabilities
    (``complete=False`` then), and only the pure equilibria of a larger form
    (``complete=False``).  The reduced normal form and the return from
    mixed plans to behaviour (Kuhn's theorem) are those of :mod:`solver.conversions.reduced_form`.

    At a set that a player's own equilibrium plan (or realisation plan, for the
    sequence form) never reaches, the subgame's equilibrium says nothing; the
    profile is *completed* there by :func:`solver.forms.extensive.completion.complete_profile`:
    the choice that is optimal given the other players' behaviour and the belief
    the player would hold had his own earlier moves led there (Bayes' rule given
    chance and the others; backward induction over his own such sets; the first
    optimal action in action order on ties).  A single mover who accepts an offer
    in period 2 is thus shown accepting in every later period too, not mixing.
    The completion changes no payoff and no regret (every path to such a set
    contains one of the player's own moves of probability 0), so the subgame's
    equilibrium and the whole certificate are kept.

    The solutions of the subgames below a subgame are combined in every way; each
    combination gives the subgame above its own payoffs and equilibria, so the
    number of SPE is the sum over combinations (the product of the counts when
    the choice above does not depend on them).

    Unlike a whole-tree Nash solver (Gambit's ``lcp`` on a centipede game, see the
    module docstring), behaviour at information sets that the equilibrium never
    reaches is chosen here as an equilibrium of the subgame that contains them,
    whenever such a subgame exists.  Within a subgame without smaller subgames the
    notion is still only Nash: Selten's horse has no proper subgame, so both of its
    pure Nash equilibria are subgame perfect (check beliefs with
    :func:`solver.analysis.beliefs.perfect_bayesian`).

    References
    ----------
    Selten, R. (1975), Reexamination of the perfectness concept, *IJGT* 4, 25-55.
    Osborne, M. J. and Rubinstein, A. (1994), *A Course in Game Theory*, 6.2, 11.2.
    """
    game.require_concrete()
    ok, reason = game.perfect_recall()
    if not ok:
        raise InvalidGameError(f"subgame_perfect needs perfect recall: {reason}")
    N = game.n_nodes
    kind = game.node_kind.tolist()
    gid = game.node_infoset.tolist()
    parent = game.node_parent.tolist()
    roots = proper_subgames(game)
    if not roots:   # a lone terminal node
        return Solution(game, "spe", game.exact, True, None,
                        (certify_behavior(game, BehaviorProfile.pure(game, [])),))
    pi = [kind[h] != DECISION or len(game.infoset(gid[h]).nodes) == 1 for h in range(N)]
    for h in range(N - 1, 0, -1):
        pi[parent[h]] = pi[parent[h]] and pi[h]
    is_root = set(roots)
    droots = [r for r in roots if r == 0 or not pi[parent[r]]]
    dset = set(droots)
    top = [0] * N
    for h in range(N):
        top[h] = h if h in dset else top[parent[h]]
    children: dict[int, list[int]] = {r: [] for r in droots}
    for r in droots[1:]:
        children[top[parent[r]]].append(r)
    del is_root
    if options.pop("one", False):
        raise InvalidGameError(
            "one=True (--one) needs a tree of perfect information, solved by one backward "
            "pass; this tree has information sets of several nodes, so its subgames are "
            "solved as games; leave it out")
    max_equilibria = check_max_equilibria(max_equilibria, "spe")
    deadline = Deadline(time_limit, "spe")
    options = dict(options, max_equilibria=max_equilibria, deadline=deadline)
    built: dict[int, tuple] = {}     # droot -> its whole subgame, when nothing was replaced
    sols: dict[int, list] = {}       # droot -> list of (payoff vector, {gid: probabilities})
    trace, complete, unsettled = [], True, 0
    for r in reversed(droots):
        below = children[r]
        out, cache = [], {}
        for combo in itertools.product(*(sols[c] for c in below)):
            leaves = {c: v for c, (v, _) in zip(below, combo)}
            key = tuple(v for v, _ in combo)
            if key not in cache:
                cache[key] = _solve_subgame(game, r, leaves, options, built)
                method, movers, gap, found, loose = cache[key]
                complete = complete and not gap
                unsettled += loose
                trace.append(SubgameStep(r, method, movers, not gap,
                                         tuple(v for v, _ in found), gap))
            choices = {}
            for _, ch in combo:
                choices.update(ch)
            for v, ch in cache[key][3]:
                deadline.tick("rolling back the subgames' equilibria")
                out.append((v, {**choices, **ch}))
                if len(out) > max_equilibria:
                    raise SolverLimitError(
                        f"subgame_perfect: the subgame at node {game.node_name(r)} already has "
                        f"more than max_equilibria={max_equilibria} subgame-perfect equilibria "
                        "(every combination of the subgames' equilibria is rolled back); "
                        "raise max_equilibria to list them")
        sols[r] = out
    end = _subtree_ends(game)
    check = sum(end[r] - r + 1 for r in droots[1:]) * len(sols[0]) <= options.get(
        "check_budget", 500_000)
    pieces = [built.get(r) or _piece(game, r, {}, game.players) for r in droots[1:]] \
        if check else []
    equilibria = []
    for _, ch in sols[0]:
        probs = [[ch[gid[s.nodes[0]]] for s in sets] for sets in game.infosets]
        profile = BehaviorProfile.from_game(game, probs)
        eq = certify_behavior(game, profile)
        for sub, nodes in pieces:
            certify_behavior(sub, restrict_profile(game, profile, sub, nodes))
        equilibria.append(eq)
    notes = []
    if not check:
        notes.append("each equilibrium was certified on the whole tree; the separate check "
                     "of every subgame was skipped (more than check_budget node visits)")
    gaps = [f"the subgame at node {game.node_name(st.root)}: {st.gap}" for st in trace if st.gap]
    if gaps:
        notes.append("the list is not complete: " + "; ".join(dict.fromkeys(gaps)))
    if unsettled:
        notes.append("at sets that their own play excludes, two or more players' completed "
                     "choices kept changing (an off-path game without a pure solution): there "
                     "they are the last round's, not necessarily optimal; see solver.forms.extensive.completion")
    empty = [st.root for st in trace if not st.payoffs]
    if empty:
        notes.append(f"no equilibrium of the subgame at node {game.node_name(empty[0])} was "
                     "found to roll back, so no subgame-perfect equilibrium is listed")
    return Solution(game=game, method="spe", exact=game.exact, complete=complete,
                    degenerate=None, equilibria=tuple(equilibria), notes=tuple(notes),
                    trace=tuple(trace), extra={"n_equilibria": len(equilibria),
                                               "subgames": tuple(roots)})


def _solve_subgame(game, r, leaves, options, built):
    """Solve the piece rooted at r; returns (method, movers, gap, [(payoffs, {gid: pr})],
    number of its equilibria whose completion did not settle).  A piece in which nothing
    was replaced is the whole subgame: it is kept in ``built`` for the final check."""
    piece_all, nodes = _piece(game, r, leaves, game.players)
    if not leaves:
        built[r] = (piece_all, nodes)
    movers = tuple(p for i, p in enumerate(game.players) if piece_all.infosets[i])
    full = [leaves.get(h) or game.payoffs(h) for h in nodes]
    if not movers:
        return "chance", (), "", [(_expected(piece_all, [], full), {})], 0
    piece = piece_all if movers == game.players else _piece(game, r, leaves, movers)[0]
    method, gap, found, loose = solve_piece(piece, movers, options)
    gmap = [int(game.node_infoset[nodes[piece.infoset(g).nodes[0]]])
            for g in range(piece.n_infosets)]
    out = []
    for flat in found:
        v = _expected(piece, flat, full)
        out.append((v, {gmap[g]: tuple(pr) for g, pr in enumerate(flat)}))
    return method, movers, gap, out, loose
