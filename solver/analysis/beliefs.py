"""Beliefs at information sets, sequential rationality and perfect Bayesian equilibrium.

A player who moves at an information set with several nodes does not know which
node he is at; a *belief* is a probability on those nodes.  Where the set is
reached with positive probability, Bayes' rule fixes it: the belief in node *h* is
the probability that play reaches *h* divided by the probability that it reaches
the set (Osborne and Rubinstein 1994, sec. 12.2; Fudenberg and Tirole 1991,
sec. 8.1).  Where the set is reached with probability 0, Bayes' rule says nothing
and the analyst must choose.

An *assessment* (profile, beliefs) is *sequentially rational* when at every
information set the mover's continuation strategy is a best reply, given his
belief there and everyone's play afterwards (Kreps and Wilson 1982).  Here the
check compares the value of the profile's continuation with the best continuation
the mover could choose at this set *and at his later sets* (a full best reply, not
only a one-shot deviation).  A *(weak) perfect Bayesian equilibrium* is a
sequentially rational assessment whose beliefs follow Bayes' rule on the path of
play (Mas-Colell, Whinston and Green 1995, def. 9.C.3); this module checks that
notion, and for unreached sets of two nodes it finds exactly the interval of
beliefs that make the play rational.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping

from solver.analysis.belief_ranges import BeliefRange, two_node_range
from solver.errors import InvalidGameError
from solver.forms.extensive.behavior import BehaviorProfile, check_profile, move_probabilities
from solver.forms.extensive.best_response import own_choice_weight
from solver.forms.extensive.game import DECISION, TERMINAL, ExtensiveFormGame
from solver.numbers import format_number, to_number

__all__ = ["beliefs", "realization_probabilities", "sequentially_rational", "perfect_bayesian",
           "Violation", "BeliefRange", "PBECheck", "UNREACHED"]

#: The marker :func:`beliefs` gives an information set reached with probability 0.
UNREACHED = None


@dataclass(frozen=True)
class Violation:
    """A player who could do better at an information set, given his belief there.

    ``infoset`` is the global id (``game.infoset(infoset)``); ``action`` is the
    action that starts his best continuation (it may be the one he plays when the
    gain comes from his later choices); ``gain`` is how much more he expects.
    """

    player: str
    infoset: int
    label: str
    action: str
    gain: Any
    belief: Mapping[int, Any] | None = None

    def __str__(self) -> str:
        return (f"{self.player} at information set {self.label or self.infoset!r}: "
                f"{self.action!r} gains {format_number(self.gain)}")


@dataclass(frozen=True)
class PBECheck:
    """The verdict of :func:`perfect_bayesian`.

    Attributes
    ----------
    consistent : bool
        Beliefs follow Bayes' rule at every set reached with positive probability.
    sequentially_rational : bool
        No violation at any set with a belief.
    violations : tuple of Violation
    beliefs : dict
        The beliefs used, by information-set id (``{node: probability}``).
    ranges : tuple of BeliefRange
        For unreached two-node sets without given beliefs: every belief that
        supports the play (the belief used is the range's ``low`` end).
    needs_beliefs : tuple of int
        Unreached sets of three or more nodes for which no supporting belief was
        found by the cheap search (point masses and the uniform belief): supply
        beliefs for them to decide.
    """

    consistent: bool
    sequentially_rational: bool
    violations: tuple[Violation, ...]
    beliefs: Mapping[int, Mapping[int, Any]] = field(default_factory=dict)
    ranges: tuple[BeliefRange, ...] = ()
    needs_beliefs: tuple[int, ...] = ()

    @property
    def is_pbe(self) -> bool:
        """True when the assessment is a (weak) perfect Bayesian equilibrium."""
        return self.consistent and self.sequentially_rational and not self.needs_beliefs


# ------------------------------------------------------------------ Bayes' rule
def realization_probabilities(game: ExtensiveFormGame, profile: BehaviorProfile) -> list:
    """Probability that play reaches each node (chance and every player's behaviour)."""
    check_profile(game, profile)
    move = move_probabilities(game, profile)
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    reach: list[Any] = [Fraction(1) if game.exact else 1.0] + [0] * (game.n_nodes - 1)
    for h in range(1, game.n_nodes):
        r = reach[parent[h]]
        reach[h] = r * move[parent[h]][pact[h]] if r else 0 * r
    return reach


def beliefs(game: ExtensiveFormGame, profile: BehaviorProfile) -> dict[int, dict[int, Any] | None]:
    """Beliefs by Bayes' rule at every information set.

    Returns
    -------
    dict
        Keyed by global information-set id (``game.infoset(g)`` is the set):
        ``{node: reach(node) / reach(set)}`` where the set is reached with positive
        probability, :data:`UNREACHED` (None) where it is not.
    """
    reach = realization_probabilities(game, profile)
    out: dict[int, dict[int, Any] | None] = {}
    for g in range(game.n_infosets):
        nodes = game.infoset(g).nodes
        total = sum(reach[h] for h in nodes)
        out[g] = {h: reach[h] / total for h in nodes} if total else UNREACHED
    return out


# ------------------------------------------------------------------ continuation values
def node_values(game, move) -> list:
    """Expected payoff vector of every node when everyone follows the profile below it."""
    kind = game.node_kind.tolist()
    kids = game.child_lists()
    pay = game.path_payoffs
    V: list[Any] = [None] * game.n_nodes
    for h in range(game.n_nodes - 1, -1, -1):
        if kind[h] == TERMINAL:
            V[h] = pay[h]
        else:
            acc = [0] * game.n_players
            for p, c in zip(move[h], kids[h]):
                if p:
                    acc = [a + p * x for a, x in zip(acc, V[c])]
            V[h] = tuple(acc)
    return V


class _Context:
    """Arrays shared by the checks of one profile."""

    def __init__(self, game, profile):
        check_profile(game, profile)
        game.require_concrete()
        self.game = game
        self.move = move_probabilities(game, profile)
        self.V = node_values(game, self.move)
        self.kind = game.node_kind.tolist()
        self.who = game.node_player.tolist()
        self.gid = game.node_infoset.tolist()
        self.kids = game.child_lists()
        self.parent = game.node_parent.tolist()
        self.pact = game.node_parent_action.tolist()
        end = list(range(game.n_nodes))
        for h in range(game.n_nodes - 1, 0, -1):
            end[self.parent[h]] = max(end[self.parent[h]], end[h])
        self.end = end

    def best_continuation(self, g: int, belief: Mapping[int, Any]) -> list:
        """For each action at set g: the mover's best expected payoff from taking it and
        then choosing optimally at his later sets, weighted by ``belief``."""
        game, kind, who, gid, kids = self.game, self.kind, self.who, self.gid, self.kids
        s = game.infoset(g)
        i = s.player
        pay = game.path_payoffs
        rho, depth = {}, {}
        for h in s.nodes:
            rho[h], depth[h] = belief.get(h, 0), 0
            for v in range(h + 1, self.end[h] + 1):
                p = self.parent[v]
                own = kind[p] == DECISION and who[p] == i
                rho[v] = rho[p] if own or not rho[p] else rho[p] * self.move[p][self.pact[v]]
                depth[v] = depth[p] + own
        later = {gid[v] for v in rho if kind[v] == DECISION and who[v] == i and gid[v] != g}
        W: dict[int, Any] = {}
        chosen: dict[int, int] = {}

        def evaluate(top):
            return own_choice_weight(top, W, rho, pay, i, kind, who, gid, kids, chosen)

        def totals(t):
            return [sum(evaluate(kids[h][a]) for h in game.infoset(t).nodes)
                    for a in range(len(game.infoset(t).actions))]

        for t in sorted(later, key=lambda t: -depth[game.infoset(t).nodes[0]]):
            tot = totals(t)
            chosen[t] = max(range(len(tot)), key=lambda a: (tot[a], -a))
        return totals(g)

    def check(self, g: int, belief: Mapping[int, Any], slack) -> Violation | None:
        s = self.game.infoset(g)
        i = s.player
        current = sum(belief.get(h, 0) * self.V[h][i] for h in s.nodes)
        best = self.best_continuation(g, belief)
        a = max(range(len(best)), key=lambda a: (best[a], -a))
        gain = best[a] - current
        if gain > slack:
            gain = Fraction(gain) if self.game.exact else float(gain)
            return Violation(self.game.players[i], g, s.label, s.actions[a], gain, dict(belief))
        return None


def _checked(game, g, belief):
    """A user's belief at set g: probabilities on its nodes summing to 1."""
    s = game.infoset(g)
    extra = set(belief) - set(s.nodes)
    where = f"belief at information set {s.label or g!r} of {game.players[s.player]!r}"
    if extra:
        raise InvalidGameError(f"{where}: node {sorted(extra)[0]} is not in the set "
                               f"(its nodes are {list(s.nodes)})")
    out = {h: to_number(belief.get(h, 0), f"{where}, node {h}") for h in s.nodes}
    total = sum(out.values())
    if any(p < 0 for p in out.values()) or (total != 1 if game.exact else abs(total - 1) > 1e-9):
        raise InvalidGameError(f"{where}: probabilities must be non-negative and sum to 1, "
                               f"got {[format_number(p) for p in out.values()]}")
    return out


def _slack(game, tol):
    from solver.forms.profiles import DEFAULT_TOLERANCE
    return 0 if game.exact else (DEFAULT_TOLERANCE if tol is None else tol) * game.payoff_range


def sequentially_rational(game: ExtensiveFormGame, profile: BehaviorProfile,
                          beliefs: Mapping[int, Mapping[int, Any] | None], *,
                          tol: float | None = None) -> tuple[bool, list[Violation]]:
    """Is every player's play a best reply at each information set, given the beliefs?

    Parameters
    ----------
    beliefs : mapping
        Information-set id -> ``{node: probability}``; sets missing or mapped to
        None are not checked.

    Returns
    -------
    (bool, list of Violation)
        True and ``[]`` when no player at any checked set can gain by changing his
        continuation strategy; otherwise the violations, one per set.
    """
    ctx = _Context(game, profile)
    slack = _slack(game, tol)
    out = []
    for g in range(game.n_infosets):
        belief = beliefs.get(g)
        if belief is None:
            continue
        v = ctx.check(g, _checked(game, g, belief), slack)
        if v is not None:
            out.append(v)
    return not out, out


# ------------------------------------------------------------------ PBE
def perfect_bayesian(game: ExtensiveFormGame, profile: BehaviorProfile,
                     beliefs: Mapping[int, Mapping[int, Any]] | None = None, *,
                     plan_limit: int = 10_000, tol: float | None = None) -> PBECheck:
    """Check whether ``profile`` with some beliefs is a (weak) perfect Bayesian equilibrium.

    Parameters
    ----------
    beliefs : mapping, optional
        Information-set id -> ``{node: probability}``.  At reached sets they must
        agree with Bayes' rule (else ``consistent`` is False); at unreached sets
        they are used as given.
    plan_limit : int
        Largest number of the mover's continuation plans examined when searching
        the supporting beliefs of an unreached two-node set.

    Returns
    -------
    PBECheck

    Notes
    -----
    For an unreached set without given beliefs: a one-node set has the trivial
    belief; for a two-node set the value of every continuation plan is linear in
    the belief *mu* on the first node, so the beliefs under which the played
    continuation is as good as every other plan form an interval, computed
    exactly; for larger sets point masses and the uniform belief are tried and,
    failing those, the set is listed in ``needs_beliefs``.

    Examples
    --------
    In Selten's horse (Selten 1975) the profile (across, across, L) is supported
    by beliefs of at least 2/3 on the node after P2's "down"; in (down, across, R)
    P2 would go down against R, a violation at his (reached-with-0) set.
    """
    ctx = _Context(game, profile)
    slack = _slack(game, tol)
    bayes = _bayes(game, profile)
    given = {g: _checked(game, g, b) for g, b in (beliefs or {}).items() if b is not None}
    used: dict[int, Mapping[int, Any]] = {}
    consistent, violations, ranges, needs = True, [], [], []
    for g in range(game.n_infosets):
        nodes = game.infoset(g).nodes
        if bayes[g] is not None:
            if g in given and any(
                    given[g].get(h, 0) != bayes[g][h] for h in nodes):
                consistent = False
            used[g] = bayes[g]
        elif g in given:
            used[g] = given[g]
        elif len(nodes) == 1:
            used[g] = {nodes[0]: Fraction(1)}
        elif len(nodes) == 2 and game.exact:
            found = two_node_range(ctx, g, plan_limit)
            if found is None:
                needs.append(g)
                continue
            rng, worst = found
            if rng is not None:
                ranges.append(rng)
                used[g] = {nodes[0]: rng.low, nodes[1]: 1 - rng.low}
            else:
                used[g] = {nodes[0]: worst, nodes[1]: 1 - worst}
        else:
            one = Fraction(1) if game.exact else 1.0
            trials = [{h: one * (h == k) for h in nodes} for k in nodes]
            trials.append({h: one / len(nodes) for h in nodes})
            ok = next((b for b in trials if ctx.check(g, b, slack) is None), None)
            if ok is None:
                needs.append(g)
            else:
                used[g] = ok
    for g, b in used.items():
        v = ctx.check(g, b, slack)
        if v is not None:
            violations.append(v)
    return PBECheck(consistent, not violations, tuple(violations), used, tuple(ranges),
                    tuple(needs))


def _bayes(game, profile):
    return beliefs(game, profile)
