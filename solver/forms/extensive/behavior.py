"""Behaviour strategies in game trees, their payoffs and their certificate.

A *behaviour strategy* gives, at each of a player's information sets, a
probability distribution over the actions there (Kuhn 1953).  A profile of them,
with chance, induces a probability on every play; :func:`behavior_payoffs` sums the
payoffs of the plays weighted by those probabilities.

The certificate of an equilibrium is each player's **regret**: the value of his
best response to the others' behaviour minus his expected payoff.  In a game of
perfect recall a best response is found by one pass over the tree (Osborne and
Rubinstein 1994, ch. 11; von Stengel 1996, sec. 3): weight every node by the
probability ``rho_-i(h)`` that chance and the *other* players reach it; then,
treating the player's information sets from the deepest (most own moves before
it) to the shallowest, choose at each set the action whose continuation has the
largest ``sum over nodes h of the set of W(child of h)``, where ``W`` of a
terminal is ``rho_-i * payoff``, of a node of chance or another player the sum
over its children, and of the player's own node the ``W`` of the chosen child.
Perfect recall makes the order well defined: all nodes of a set lie at the same
own depth, and every own set below one of them is deeper.  When each of the
player's sets is a single node (perfect information for him) the pass reduces to
one sweep from the leaves up, maximising his conditional payoff at his nodes.  A
profile is a Nash equilibrium exactly when every regret is 0.

Games of imperfect recall are refused by :func:`best_response` (the pass would not
find a best behaviour strategy there); :func:`behavior_payoffs` works for any tree.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from solver.errors import GameError, InvalidGameError, SolverError
from solver.forms.extensive.arrays import infoset_meta
from solver.forms.extensive.best_response import own_sets_pass
from solver.forms.extensive.game import TERMINAL, ExtensiveFormGame
from solver.forms.extensive.levels import (
    best_response_levels,
    best_response_sweep,
    payoffs_levels,
    profile_weights,
)
from solver.forms.profiles import EMPTY_PROFILE
from solver.numbers import compact_number, format_number, json_number, to_number

__all__ = ["BehaviorProfile", "TreeEquilibrium", "behavior_payoffs", "best_response",
           "behavior_regret", "certify_behavior"]


@dataclass(frozen=True)
class BehaviorProfile:
    """One behaviour strategy per player.

    Attributes
    ----------
    players : tuple of str
    infoset_labels : tuple of tuple of str
        Per player, the labels of his information sets in the game's order.
    actions : tuple of tuple of tuple of str
        ``actions[i][k]`` are the action labels at player *i*'s *k*-th set.
    probabilities : tuple of tuple of tuple
        ``probabilities[i][k][a]`` is the probability that player *i* takes
        action *a* at his *k*-th information set.
    """

    players: tuple[str, ...]
    infoset_labels: tuple[tuple[str, ...], ...]
    actions: tuple[tuple[tuple[str, ...], ...], ...]
    probabilities: tuple[tuple[tuple[Any, ...], ...], ...]

    @classmethod
    def from_game(cls, game: ExtensiveFormGame, probabilities: Sequence) -> "BehaviorProfile":
        """A profile from nested probabilities ``[player][infoset][action]`` (exact strings ok)."""
        if len(probabilities) != game.n_players:
            raise InvalidGameError(f"a behaviour profile needs one strategy per player ({game.n_players})")
        out = []
        for i, (per, sets) in enumerate(zip(probabilities, game.infosets)):
            per = list(per)
            if len(per) != len(sets):
                raise InvalidGameError(f"player {game.players[i]!r} has {len(sets)} information sets, "
                                       f"got probabilities for {len(per)}")
            row = []
            for s, pr in zip(sets, per):
                pr = tuple(pr)
                if len(pr) != len(s.actions):
                    raise InvalidGameError(f"information set {s.label or s.index + 1!r} of "
                                           f"{game.players[i]!r} has {len(s.actions)} actions, "
                                           f"got {len(pr)} probabilities")
                row.append(tuple(to_number(p, f"probability of {a!r} at information set "
                                              f"{s.label or s.index + 1!r}")
                                 for a, p in zip(s.actions, pr)))
            out.append(tuple(row))
        return cls.for_game(game, tuple(out))

    @classmethod
    def pure(cls, game: ExtensiveFormGame, choice: Sequence[int]) -> "BehaviorProfile":
        """The pure profile taking action ``choice[g]`` at the information set with global id ``g``."""
        one, zero = Fraction(1), Fraction(0)
        labels, actions = infoset_meta(game)
        memo: dict = {}
        out, g = [], 0
        for acts in actions:
            row = []
            for A in acts:
                key = (len(A), choice[g])
                t = memo.get(key)
                if t is None:
                    t = memo[key] = tuple(one if a == key[1] else zero for a in range(key[0]))
                row.append(t)
                g += 1
            out.append(tuple(row))
        return cls(game.players, labels, actions, tuple(out))

    @classmethod
    def for_game(cls, game, probs):
        labels, actions = infoset_meta(game)
        return cls(game.players, labels, actions, probs)

    @property
    def behavior(self) -> tuple[tuple[dict[str, Any], ...], ...]:
        """Per player, per information set, ``{action: probability}``."""
        return tuple(tuple(dict(zip(acts, pr)) for acts, pr in zip(A, P))
                     for A, P in zip(self.actions, self.probabilities))

    @property
    def is_pure(self) -> bool:
        return all(sum(1 for p in pr if p > 0) == 1 for P in self.probabilities for pr in P)

    def flat(self) -> list[tuple]:
        """Probabilities by global information-set id (players in order, then sets)."""
        return [pr for P in self.probabilities for pr in P]

    def __getitem__(self, player: int | str) -> tuple[dict[str, Any], ...]:
        i = player if isinstance(player, int) else self.players.index(player)
        return self.behavior[i]


def move_probabilities(game: ExtensiveFormGame, profile: BehaviorProfile):
    """Per node, the tuple of probabilities of its actions (chance or behaviour)."""
    memo: dict = {}

    def small(pr):
        out = memo.get(id(pr))
        if out is None:
            out = memo[id(pr)] = tuple(map(compact_number, pr))
        return out

    flat = [small(pr) for pr in profile.flat()]
    chance = {h: small(pr) for h, pr in game.chance_table.items()}
    gid = game.node_infoset.tolist()
    return [flat[g] if g >= 0 else chance.get(h) for h, g in enumerate(gid)]


def check_profile(game: ExtensiveFormGame, profile: BehaviorProfile) -> None:
    if profile.actions != infoset_meta(game)[1]:
        raise InvalidGameError("the behaviour profile does not match the game's information sets")


def behavior_payoffs(game: ExtensiveFormGame, profile: BehaviorProfile, *, _move=None) -> tuple:
    """Expected payoff of each player when everyone follows ``profile`` (chance included).

    One pre-order pass: the probability of reaching a node is its parent's times
    the probability of the action leading to it; each terminal contributes its
    reach probability times its payoffs.
    """
    check_profile(game, profile)
    game.require_concrete()
    weights = profile_weights(game, profile)
    if weights is not None:
        return _finish(game, payoffs_levels(game, *weights))
    move = _move or move_probabilities(game, profile)
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    kind = game.node_kind.tolist()
    pay = game.path_payoffs
    n = game.n_players
    reach = [0] * game.n_nodes
    reach[0] = 1
    total = [0] * n
    for h in range(1, game.n_nodes):
        r = reach[parent[h]]
        if r:
            r = r * move[parent[h]][pact[h]]
        reach[h] = r
        if r and kind[h] == TERMINAL:
            u = pay[h]
            for i in range(n):
                total[i] += r * u[i]
    if kind[0] == TERMINAL:
        total = list(pay[0])
    return _finish(game, total)


def _finish(game, values):
    if game.exact:
        return tuple(Fraction(v) for v in values)
    return tuple(float(v) for v in values)


def best_response(game: ExtensiveFormGame, profile: BehaviorProfile, player: int | str, *,
                  _move=None):
    """A pure best response of ``player`` to the others' behaviour, and its value.

    Returns
    -------
    value : Fraction or float
        The player's highest expected payoff against the others' behaviour.
    choice : tuple of int
        The action index chosen at each of his information sets (in his order).

    Raises
    ------
    InvalidGameError
        If the game lacks perfect recall (a behaviour best response is then not
        found by this pass).
    """
    check_profile(game, profile)
    game.require_concrete()
    i = player if isinstance(player, int) else game.players.index(player)
    ok, reason = game.perfect_recall()
    if not ok:
        raise InvalidGameError(f"best responses are computed for games of perfect recall: {reason}")
    if game.is_perfect_information:
        weights = profile_weights(game, profile)
        if weights is not None:
            value, choice = best_response_levels(game, *weights, i)
            return _finish(game, [value])[0], choice
    move = _move or move_probabilities(game, profile)
    sets = game.infosets[i]
    if all(len(s.nodes) == 1 for s in sets):
        return best_response_sweep(game, move, i)
    value, choice = own_sets_pass(game, move, i)
    return _finish(game, [value])[0], choice


def behavior_regret(game: ExtensiveFormGame, profile: BehaviorProfile) -> tuple:
    """Each player's regret: best-response value minus expected payoff (0 at an equilibrium)."""
    payoffs = behavior_payoffs(game, profile)
    return tuple(best_response(game, profile, i)[0] - payoffs[i] for i in range(game.n_players))


@dataclass(frozen=True)
class TreeEquilibrium:
    """A certified equilibrium of a game tree, in behaviour strategies.

    Same public surface as :class:`solver.forms.profiles.Equilibrium`: ``profile``,
    ``payoffs``, ``regret``, ``exact``, ``strategies``, ``to_dict``.
    """

    profile: BehaviorProfile
    payoffs: tuple[Any, ...]
    regret: tuple[Any, ...]
    exact: bool

    @property
    def players(self) -> tuple[str, ...]:
        return self.profile.players

    @property
    def behavior(self):
        """Per player, per information set, ``{action: probability}``."""
        return self.profile.behavior

    strategies = behavior

    @property
    def is_pure(self) -> bool:
        return self.profile.is_pure

    def __getitem__(self, player: int | str):
        return self.profile[player]

    def action(self, player: int | str, infoset_label: str) -> str:
        """The action a player takes for sure at one of his information sets.

        Parameters
        ----------
        player : int or str
            The player, by index or name.
        infoset_label : str
            The label of one of his information sets (as in ``profile.infoset_labels``).

        Returns
        -------
        str
            The label of the action played there with probability 1.

        Raises
        ------
        GameError
            When the player or the label is unknown, or when the play there is mixed
            (the message names the set and the mixture).

        Examples
        --------
        In the entry game's subgame-perfect equilibrium the incumbent accommodates:
        ``eq.action("Incumbent", "after In") == "Accommodate"``.
        """
        if isinstance(player, str):
            if player not in self.players:
                raise GameError(f"unknown player {player!r}; the players are {list(self.players)}")
            i = self.players.index(player)
        elif isinstance(player, int) and not isinstance(player, bool) and 0 <= player < len(self.players):
            i = player
        else:
            raise GameError(f"no player {player!r}: there are {len(self.players)}")
        labels = self.profile.infoset_labels[i]
        if infoset_label not in labels:
            raise GameError(f"player {self.players[i]!r} has no information set {infoset_label!r}; "
                            f"his sets are {list(labels)}")
        k = labels.index(infoset_label)
        acts, probs = self.profile.actions[i][k], self.profile.probabilities[i][k]
        played = [(a, p) for a, p in zip(acts, probs) if p != 0]
        if len(played) != 1 or played[0][1] != 1:
            mix = ", ".join(f"{format_number(p)} {a}" for a, p in played)
            raise GameError(f"{self.players[i]!r} mixes at information set {infoset_label!r} "
                            f"({mix}): no single action is played for sure")
        return played[0][0]

    def to_dict(self) -> dict:
        """JSON form: ``behavior`` per player, per information set, per action; payoffs; regret."""
        return {
            "behavior": [[[json_number(p) for p in pr] for pr in P]
                         for P in self.profile.probabilities],
            "payoffs": [json_number(u) for u in self.payoffs],
            "regret": [json_number(r) for r in self.regret],
        }

    def _repr_html_(self) -> str:
        from solver.io.notebook import equilibrium_html  # a display hook (upward)
        return equilibrium_html(self)

    def __str__(self) -> str:
        if not self.players:
            return EMPTY_PROFILE
        parts = []
        for name, labels, A, P in zip(self.players, self.profile.infoset_labels,
                                      self.profile.actions, self.profile.probabilities):
            moves = []
            for k, (lab, acts, pr) in enumerate(zip(labels, A, P)):
                played = [(a, p) for a, p in zip(acts, pr) if p > 0]
                what = played[0][0] if len(played) == 1 else \
                    ", ".join(f"{format_number(p)} {a}" for a, p in played)
                moves.append(f"{lab or k + 1}: {what}" if len(A) > 1 else what)
            parts.append(f"{name}: " + "; ".join(moves))
        pay = ", ".join(format_number(u) for u in self.payoffs)
        return " | ".join(parts) + f"  (payoffs {pay})"


def certify_behavior(game: ExtensiveFormGame, profile: BehaviorProfile, *,
                     tol: float | None = None) -> TreeEquilibrium:
    """Check that a behaviour profile is a Nash equilibrium and return it certified.

    Parameters
    ----------
    tol : float, optional
        Relative tolerance of float games (a regret up to ``tol * payoff_range``
        counts as 0); exact games need every regret exactly 0.

    Raises
    ------
    SolverError
        If some information set's probabilities are not a distribution or some
        player's regret is positive (a bug of the algorithm that produced it).
    """
    from solver.forms.profiles import DEFAULT_TOLERANCE, float_slacks
    check_profile(game, profile)
    distinct = set({id(pr): pr for pr in profile.flat()}.values())   # pure profiles share tuples
    exact = game.exact and all(isinstance(p, Fraction) for pr in distinct for p in pr)
    tol = DEFAULT_TOLERANCE if tol is None else tol
    # per player: tol times the spread of that player's own payoffs
    slacks = (0,) * game.n_players if exact else float_slacks(game, tol)
    bad = {pr for pr in distinct
           if any(p < 0 for p in pr) or abs(sum(pr) - 1) > (0 if exact else tol)}
    if bad:
        for i, P in enumerate(profile.probabilities):
            for k, pr in enumerate(P):
                if pr in bad:
                    raise SolverError(f"certificate failed: the behaviour of {game.players[i]!r} "
                                      f"at information set {k + 1} is not a distribution "
                                      f"({[format_number(p) for p in pr]})")
    move = None if profile_weights(game, profile) is not None else move_probabilities(game, profile)
    payoffs = behavior_payoffs(game, profile, _move=move)
    regrets = []
    for i in range(game.n_players):
        best, _ = best_response(game, profile, i, _move=move)
        r = best - payoffs[i]
        if not r <= slacks[i]:
            raise SolverError(f"certificate failed: {game.players[i]!r} gains {format_number(r)} "
                              "by deviating")
        regrets.append(r if exact else max(float(r), 0.0))
    return TreeEquilibrium(profile, payoffs, tuple(regrets), exact)
