"""Completing an equilibrium at the information sets a player's own play excludes.

A Nash equilibrium says nothing about a player's behaviour at an information set
that his *own* strategy rules out: if an earlier action of his on every path to
the set has probability 0, the choice there changes no payoff, whoever deviates.
Solvers that pass through plans or realisation plans (the reduced normal form,
Kuhn's theorem, the sequence form) therefore return *some* filler there -- the
uniform distribution -- and the filler need not be a choice the player would make
if he ever got there.  A war of attrition makes the defect visible: a player who
accepts in period 2 is shown mixing half/half in periods 3-7, although accepting
is strictly better there.

:func:`complete_profile` replaces the filler by **sequentially rational** choices:
at every such set the mover takes an action that is optimal *there*, given the
belief below and everyone's behaviour afterwards (his own later choices included,
themselves completed first: backward induction over his own information sets,
from the deepest to the shallowest).

The convention ("own moves tremble")
-----------------------------------
Player *i* at an information set ``I`` that his own plan excludes reasons as if
his own earlier moves had, by mistake, led towards ``I``; the other players and
chance behave as the profile says.  With perfect recall every node of ``I``
follows the same own sequence of *i*, so his own (trembled) moves multiply the
probability of every node of ``I`` by the same factor and cancel in Bayes' rule:

* the belief in node ``h`` of ``I`` is ``rho_-i(h) / rho_-i(I)``, where
  ``rho_-i(h)`` is the probability that chance and the *other* players reach
  ``h`` (Bayes' rule given the others' behaviour);
* if the others and chance never reach ``I`` either (``rho_-i(I) = 0``), the
  belief is the limit of letting every zero-probability move of the others
  happen with the same small probability ``epsilon``: it sits on the nodes of
  ``I`` with the fewest such moves on their path, in proportion to the product
  of the positive probabilities along the path (a chance move of probability 0,
  which the formats allow, is counted like such a move; if every node of ``I``
  then has weight 0 the belief is uniform).

Both cases are the beliefs of a *consistent assessment* in the sense of Kreps and
Wilson (1982) (Osborne and Rubinstein 1994, sec. 12.2): the limit of Bayes' rule
along the fully mixed profiles in which every zero-probability action (the
player's own included: they cancel) is taken with probability ``epsilon``; at sets
with ``rho_-i(I) > 0`` they are the only consistent beliefs.  Optimising against the others' behaviour while one's own
deviations are the only explanation of being there is the viewpoint of van
Damme's (1984) quasi-perfect equilibrium.  Continuation values ignore moves of
probability 0, so the backward induction gives at ``I`` a best continuation for
the belief at ``I`` (the belief at a later own set is Bayes' rule applied to it
wherever the later choice matters).

Ties.  When several actions are optimal at a completed set, the **first** in the
set's action order is taken (pure, deterministic).  Float games (and float
profiles of exact games) compare expected values with the tolerance
``DEFAULT_TOLERANCE * payoff_range`` and write the pure choice as floats.

Which sets.  Only sets excluded by their mover's *own* behaviour are completed.
A set that his own plan reaches but the others' play avoids keeps its behaviour:
what he would do there can matter to another player's deviation, so changing it
could break the equilibrium.

Why a Nash equilibrium stays one.  Every path to a completed set of player *i*
contains an own move of *i* of probability 0.  (1) *i*'s expected payoff is
unchanged, and his best-response value does not depend on his own behaviour,
so his regret is unchanged.  (2) A deviation of another player does not touch
*i*'s moves, so it still reaches the set with probability 0: no other player's
payoff, on or off his deviation, changes.  Every regret stays what it was, so
:func:`solver.forms.extensive.behavior.certify_behavior` accepts the completed profile whenever it
accepted the original one.

Several players.  Player *i*'s completion uses the others' behaviour, which their
own completion may change (their unreached sets can lie above or below his).  The
players are therefore completed in rounds until a round changes nothing (at most
``max_rounds``); with a single player who has such sets one round suffices.  The
rounds need not settle: an off-path game can have no pure solution (matching
pennies played only after both players deviated); then :class:`Completion` says so
(``settled=False``) and the solvers add a note.  The
family of sets to complete is fixed by the input (completion only changes sets
that are already excluded, so it never makes one reachable).

References
----------
Kreps, D. M. and Wilson, R. (1982), "Sequential equilibria", *Econometrica* 50,
863-894.
Osborne, M. J. and Rubinstein, A. (1994), *A Course in Game Theory*, ch. 12
(sec. 12.2: assessments, sequential rationality and consistency).
van Damme, E. (1984), "A relation between perfect equilibria in extensive form
games and proper equilibria in normal form games", *IJGT* 13, 1-13.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver.errors import InvalidGameError
from solver.forms.extensive.behavior import BehaviorProfile, check_profile
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveFormGame

__all__ = ["Completion", "completion", "complete_profile", "own_unreached_sets",
           "completion_beliefs"]


@dataclass(frozen=True)
class Completion:
    """The result of :func:`completion`.

    Attributes
    ----------
    profile : BehaviorProfile
        The completed profile (unchanged at every other information set).
    completed : tuple of int
        Global ids of the information sets that were completed (each player's
        sets that his own behaviour excludes), in id order.
    rounds : int
        Rounds over the players that were run: 1 when a single player has sets
        to complete; with several, the last settled round is the one that
        changed nothing.
    settled : bool
        False only when ``max_rounds`` ran out with choices still changing (then
        some completed choice may not be optimal against the others' final
        behaviour; the profile is still an equilibrium if the input was one).
    """

    profile: BehaviorProfile
    completed: tuple[int, ...]
    rounds: int
    settled: bool


class _Tree:
    """Arrays of a concrete perfect-recall tree, read once."""

    def __init__(self, game: ExtensiveFormGame, flat: list):
        self.game = game
        self.kind = game.node_kind.tolist()
        self.who = game.node_player.tolist()
        self.gid = game.node_infoset.tolist()
        self.parent = game.node_parent.tolist()
        self.pact = game.node_parent_action.tolist()
        self.kids = game.child_lists()
        self.owner = [s.player for s in _flat_sets(game)]
        self.chance = {h: game.chance_probabilities(h) for h in range(game.n_nodes)
                       if self.kind[h] == CHANCE}
        exact = game.exact and not any(isinstance(x, float) for pr in flat for x in pr)
        if exact:
            self.one, self.zero, self.slack = Fraction(1), Fraction(0), (0,) * game.n_players
        else:
            from solver.forms.profiles import DEFAULT_TOLERANCE, float_slacks
            self.one, self.zero = 1.0, 0.0
            # per player: the tolerance times the spread of his own payoffs
            self.slack = float_slacks(game, DEFAULT_TOLERANCE)

    def move(self, flat, h):
        return flat[self.gid[h]] if self.kind[h] == DECISION else self.chance[h]


def _flat_sets(game):
    return [s for sets in game.infosets for s in sets]


def _prepare(game: ExtensiveFormGame, profile: BehaviorProfile) -> _Tree:
    game.require_concrete()
    ok, reason = game.perfect_recall()
    if not ok:
        raise InvalidGameError(f"completing a profile at unreached sets needs perfect recall: {reason}")
    check_profile(game, profile)
    return _Tree(game, profile.flat())


def _own_reach(t: _Tree, flat, i: int) -> list:
    """Per node, the product of player i's own move probabilities on its path."""
    r = [t.one] * len(t.kind)
    for h in range(1, len(t.kind)):
        p = t.parent[h]
        r[h] = r[p] * flat[t.gid[p]][t.pact[h]] if t.kind[p] == DECISION and t.who[p] == i \
            else r[p]
    return r


def own_unreached_sets(game: ExtensiveFormGame, profile: BehaviorProfile,
                       player: int | str | None = None) -> tuple[int, ...]:
    """Global ids of the information sets that their mover's own behaviour excludes.

    A set of player *i* is excluded when some own action of *i* on the way to it
    has probability 0 (with perfect recall all its nodes share that path of own
    actions).  ``player`` restricts the answer to one player.
    """
    t = _prepare(game, profile)
    players = range(game.n_players) if player is None else [
        player if isinstance(player, int) else game.players.index(player)]
    return tuple(sorted(g for i in players for g in _unreached(t, profile.flat(), i)))


def _unreached(t: _Tree, flat, i: int) -> list[int]:
    sets = t.game.infosets[i]
    if not sets:
        return []
    r = _own_reach(t, flat, i)
    base = sum(len(s) for s in t.game.infosets[:i])
    return [base + k for k, s in enumerate(sets) if not r[s.nodes[0]]]


def _tremble_weights(t: _Tree, flat, i: int) -> tuple[list, list]:
    """Per node, ``k``: the number of zero-probability moves of chance and of players
    other than i on its path, and ``q``: the product of their positive probabilities."""
    n = len(t.kind)
    k, q = [0] * n, [t.one] * n
    for h in range(1, n):
        p = t.parent[h]
        if t.kind[p] == DECISION and t.who[p] == i:
            k[h], q[h] = k[p], q[p]
            continue
        x = t.move(flat, p)[t.pact[h]]
        if x:
            k[h], q[h] = k[p], q[p] * x
        else:
            k[h], q[h] = k[p] + 1, q[p]
    return k, q


def _belief(nodes, k, q) -> dict[int, Any]:
    kmin = min(k[h] for h in nodes)
    w = {h: q[h] for h in nodes if k[h] == kmin}
    total = sum(w.values())
    if not total:          # chance of probability 0 everywhere: no tie-breaker left
        return {h: Fraction(1, len(w)) if isinstance(total, (int, Fraction)) else 1.0 / len(w)
                for h in w}
    return {h: x / total for h, x in w.items()}


def completion_beliefs(game: ExtensiveFormGame, profile: BehaviorProfile,
                       infoset: int) -> dict[int, Any]:
    """The belief (node -> probability) the mover of ``infoset`` (a global id) holds
    there under the convention of this module (Bayes' rule given chance and the
    others' behaviour; the fewest-trembles limit where they never reach the set)."""
    t = _prepare(game, profile)
    s = game.infoset(infoset)
    k, q = _tremble_weights(t, profile.flat(), s.player)
    return _belief(s.nodes, k, q)


def _values(t: _Tree, flat, i: int, memo: dict, top: int):
    """Player i's expected payoff from node ``top`` on (memoised; iterative post-order)."""
    if top in memo:
        return memo[top]
    game = t.game
    stack = [(top, False)]
    while stack:
        h, done = stack.pop()
        if h in memo:
            continue
        if t.kind[h] == TERMINAL:
            memo[h] = game.payoffs(h)[i]
            continue
        probs = t.move(flat, h)
        live = [(x, c) for x, c in zip(probs, t.kids[h]) if x]
        if not done:
            stack.append((h, True))
            stack.extend((c, False) for _, c in live if c not in memo)
            continue
        memo[h] = sum((x * memo[c] for x, c in live), t.zero)
    return memo[top]


def _complete_player(t: _Tree, flat: list, i: int, sets: list[int]) -> bool:
    """Backward induction over player i's excluded sets (deepest first); True if changed."""
    k, q = _tremble_weights(t, flat, i)
    own_depth = {}
    for g in sets:
        h, d = t.game.infoset(g).nodes[0], 0
        while t.parent[h] >= 0:
            p = t.parent[h]
            d += t.kind[p] == DECISION and t.who[p] == i
            h = p
        own_depth[g] = d
    memo: dict[int, Any] = {}
    changed = False
    for g in sorted(sets, key=lambda g: (-own_depth[g], g)):
        s = t.game.infoset(g)
        mu = _belief(s.nodes, k, q)
        value = [sum((x * _values(t, flat, i, memo, t.kids[h][a]) for h, x in mu.items()),
                     t.zero) for a in range(len(s.actions))]
        best = max(value)
        a = next(a for a, v in enumerate(value) if v >= best - t.slack[i])
        pure = tuple(t.one if b == a else t.zero for b in range(len(s.actions)))
        if pure != tuple(flat[g]):
            flat[g] = pure
            changed = True
    return changed


def completion(game: ExtensiveFormGame, profile: BehaviorProfile, *,
               max_rounds: int = 20) -> Completion:
    """Complete a profile at own-excluded information sets by sequentially rational choices.

    Parameters
    ----------
    game : ExtensiveFormGame
        A concrete tree of perfect recall.
    profile : BehaviorProfile
        Any behaviour profile of ``game`` (typically a Nash equilibrium from a
        normal-form or sequence-form solver).
    max_rounds : int
        Largest number of rounds over the players (see the module docstring).

    Returns
    -------
    Completion
        The completed profile and which sets were completed.  At each completed
        set the mover takes, purely, the first action (in action order) that is
        optimal for his belief there (:func:`completion_beliefs`), given the
        others' behaviour and his own completed later choices.  Behaviour at every
        other set is returned unchanged, so payoffs and regrets are unchanged.

    Raises
    ------
    InvalidGameError
        For a game without perfect recall, or a profile of another game.
    """
    if max_rounds < 1:
        raise InvalidGameError(f"completion: max_rounds must be at least 1, got {max_rounds}")
    t = _prepare(game, profile)
    flat = list(profile.flat())
    todo = {i: sets for i in range(game.n_players) if (sets := _unreached(t, flat, i))}
    if not todo:
        return Completion(profile, (), 0, True)
    rounds, settled = 0, False
    while not settled and rounds < max_rounds:
        rounds += 1
        changed = [_complete_player(t, flat, i, sets) for i, sets in todo.items()]
        # one player: his choices depend on the others' fixed behaviour only
        settled = len(todo) == 1 or not any(changed)
    out, g = [], 0
    for sets in game.infosets:
        out.append(tuple(tuple(flat[g + k]) for k in range(len(sets))))
        g += len(sets)
    done = tuple(sorted(g for sets in todo.values() for g in sets))
    return Completion(BehaviorProfile.for_game(game, tuple(out)), done, rounds, settled)


def complete_profile(game: ExtensiveFormGame, profile: BehaviorProfile, *,
                     max_rounds: int = 20) -> BehaviorProfile:
    """:func:`completion`'s profile: ``profile`` with sequentially rational choices at
    every information set that the mover's own behaviour excludes."""
    return completion(game, profile, max_rounds=max_rounds).profile
