"""Games of incomplete information as game trees (the Harsanyi transformation).

When players are unsure of each other's payoffs, Harsanyi (1967-68) lets Nature
draw every player's *type* from a common prior at the start of the game; each
player learns his own type and nothing more, and the game of incomplete
information becomes a game of imperfect information, solved like any other tree
(Gibbons 1992, sec. 3.1 and 4.2; Osborne and Rubinstein 1994, sec. 2.6).

Here the prior is one chance move at the root with exact probabilities, and
information sets say who knows what: a decision node of player *i* is put in the
information set ``(i, i's own type, what i has observed)``.  The builder tracks
the type profile of every branch, so the caller names only the observation::

    b = BayesianBuilder(("Sender", "Receiver"), types={"Sender": {"Strong": "9/10", "Weak": "1/10"}})
    for t, parent in b.type_profiles():
        s = b.decision("Sender", ("Beer", "Quiche"), parent=parent)     # knows his type
        for m in ("Beer", "Quiche"):
            r = b.decision("Receiver", ("Duel", "Don't"), parent=s[m], observes=(m,))
            ...
    game = b.build()

:func:`signaling_game`, :func:`screening_game` and :func:`bayesian_normal_form`
build the three usual shapes in one call.
"""
from __future__ import annotations

import itertools
from collections.abc import Hashable
from typing import Any, Callable, Mapping, Sequence

from solver.errors import InvalidGameError
from solver.forms.extensive.builder import NodeHandle, TreeBuilder
from solver.forms.extensive.game import ExtensiveFormGame
from solver.numbers import to_number

__all__ = ["BayesianBuilder", "harsanyi", "signaling_game", "screening_game",
           "bayesian_normal_form"]


class BayesianBuilder:
    """A :class:`TreeBuilder` that starts with Nature's draw of types and keys
    information sets by (player, own type, observation).

    Parameters
    ----------
    players : sequence of str
    types : mapping, optional
        ``{player: {type: prior probability}}`` for the players with private
        types, drawn **independently**; players left out have a single type.
    prior : mapping, optional
        Instead of ``types``, a joint prior: ``{type profile: probability}``
        where a profile is a tuple with one type per player in the order of
        ``players`` (use the same label, e.g. ``""``, for a player without
        private information).  Profiles of probability 0 may be left out.
    title, comment : str, optional

    Notes
    -----
    Probabilities are exact (ints, Fractions, strings such as ``"9/10"``); each
    player's prior, or the joint one, must sum to exactly 1.  With a single type
    profile there is no chance move.
    """

    def __init__(self, players: Sequence[str], types: Mapping[str, Mapping[str, Any]] | None = None,
                 *, prior: Mapping[tuple, Any] | None = None, title: str = "", comment: str = ""):
        self.tree = TreeBuilder(players, title=title, comment=comment)
        self.players = self.tree.players
        if types is not None and prior is not None:
            raise InvalidGameError("give either types (independent priors) or prior (joint), not both")
        self._profiles = self._profiles_of(types, prior)
        self._branch: dict[int, tuple] = {}     # builder node id -> type profile of its branch
        self._parents: list | None = None
        self._types = {p: sorted({prof[k] for prof, _ in self._profiles}, key=str)
                       for k, p in enumerate(self.players)}

    def _profiles_of(self, types, prior) -> list[tuple[tuple, Any]]:
        if prior is not None:
            out = []
            for key, p in prior.items():
                key = tuple(key) if not isinstance(key, str) else (key,)
                if len(key) != len(self.players):
                    raise InvalidGameError(f"prior: type profile {key!r} must give one type per player "
                                           f"({len(self.players)}: {list(self.players)})")
                out.append((key, to_number(p, f"prior probability of {key!r}")))
            if not out:
                raise InvalidGameError("prior: no type profile")
            return out
        types = dict(types or {})
        for name in types:
            if name not in self.players:
                raise InvalidGameError(f"types: no player {name!r}; players are {list(self.players)}")
        per = []
        for name in self.players:
            dist = types.get(name) or {"": 1}
            if isinstance(dist, (str, bytes)) or not isinstance(dist, Mapping):
                raise InvalidGameError(f"types of {name!r}: give {{type: prior probability}}, got {dist!r}")
            per.append([(str(t), to_number(p, f"prior probability of type {t!r} of {name!r}"))
                        for t, p in dist.items()])
        out = []
        for combo in itertools.product(*per):
            prob = 1
            for _, p in combo:
                prob = prob * p
            out.append((tuple(t for t, _ in combo), prob))
        return out

    # ------------------------------------------------------------------ the draw
    def type_profiles(self) -> list[tuple[dict[str, str], tuple | None]]:
        """Nature's move: one ``(types, parent)`` pair per type profile.

        ``types`` maps each player to his type (``""`` if he has one type only);
        ``parent`` is where that branch's first node attaches (None when there is
        one profile and hence no chance move).  Calling it again returns the same
        branches.
        """
        if self._parents is None:
            if len(self._profiles) == 1:
                self._parents = [None]
            else:
                typed = [k for k in range(len(self.players)) if len(self._types[self.players[k]]) > 1]
                labels = ["/".join(prof[k] for k in typed) or "types" for prof, _ in self._profiles]
                node = self.tree.chance(list(zip(labels, (p for _, p in self._profiles))),
                                        label="type" if len(typed) == 1 else "types")
                self._parents = [(node, a) for a in range(len(labels))]
        return [(dict(zip(self.players, prof)), parent)
                for (prof, _), parent in zip(self._profiles, self._parents)]

    def _profile_of(self, parent) -> tuple:
        if parent is None:
            if self._parents != [None]:
                raise InvalidGameError("give parent=...: the tree starts with Nature's draw of types "
                                       "(use the parents from type_profiles())")
            return self._profiles[0][0]
        node, action = parent
        if not isinstance(node, NodeHandle):
            raise InvalidGameError(f"parent must be (node, action), got {parent!r}")
        if node.index in self._branch:
            return self._branch[node.index]
        for k, par in enumerate(self._parents or []):
            if par is not None and par[0].index == node.index:
                acts = self.tree.actions_of(node)
                a = action if isinstance(action, int) else acts.index(action)
                return self._profiles[a][0]
        raise InvalidGameError(f"parent {node!r} was not made by this builder after type_profiles()")

    def _remember(self, handle: NodeHandle, profile: tuple) -> NodeHandle:
        self._branch[handle.index] = profile
        return handle

    # ------------------------------------------------------------------ nodes
    def decision(self, player: str, actions: Sequence[str], *, parent, observes: Hashable = (),
                 label: str = "", infoset_label: str | None = None, outcome=None) -> NodeHandle:
        """A decision node of ``player``, who knows his own type and ``observes``.

        Nodes of one player with the same own type and the same ``observes``
        (any hashable: a tuple of the actions he has seen, a string) form one
        information set.  To let a player know another's type, put it in
        ``observes``.  The default label of the set lists the type (when the
        player has several) and ``after`` the observation.
        """
        profile = self._profile_of(parent)
        if player not in self.players:
            raise InvalidGameError(f"no player {player!r}; players are {list(self.players)}")
        k = self.players.index(player)
        own = profile[k]
        obs = tuple(observes) if isinstance(observes, (tuple, list)) else (observes,)
        if infoset_label is None:
            parts = [own] if len(self._types[player]) > 1 else []
            if obs:
                parts.append("after " + ", ".join(map(str, obs)))
            infoset_label = "; ".join(parts) or player
        handle = self.tree.decision(player, actions, parent=parent, label=label,
                                    infoset=("bayesian", player, own, obs),
                                    infoset_label=infoset_label, outcome=outcome)
        return self._remember(handle, profile)

    def chance(self, outcomes, *, parent, label: str = "") -> NodeHandle:
        """A later chance move (e.g. a public signal), as :meth:`TreeBuilder.chance`."""
        profile = self._profile_of(parent)
        return self._remember(self.tree.chance(outcomes, parent=parent, label=label), profile)

    def terminal(self, parent, action: str | None = None, *, payoffs, label: str = "") -> NodeHandle:
        """A terminal node, as :meth:`TreeBuilder.terminal`."""
        return self.tree.terminal(parent, action, payoffs=payoffs, label=label)

    def build(self) -> ExtensiveFormGame:
        return self.tree.build()


def harsanyi(players: Sequence[str], types: Mapping[str, Mapping[str, Any]] | None = None, *,
             prior: Mapping[tuple, Any] | None = None,
             stage: Callable[[dict, BayesianBuilder, Any], None], title: str = "") -> ExtensiveFormGame:
    """Build a Bayesian game: Nature draws the types, then ``stage(types, builder, parent)``
    grows the tree of each type profile (with ``builder.decision(..., observes=...)``).

    ``types``/``prior`` are as for :class:`BayesianBuilder`.
    """
    b = BayesianBuilder(players, types, prior=prior, title=title)
    for t, parent in b.type_profiles():
        stage(t, b, parent)
    return b.build()


def _labels(xs, what) -> list[tuple[str, Any]]:
    out = [(str(x), x) for x in xs]
    if not out:
        raise InvalidGameError(f"{what}: give at least one")
    if len({s for s, _ in out}) != len(out):
        raise InvalidGameError(f"{what}: two of them have the same label {[s for s, _ in out]}")
    return out


def _payoff_pair(payoffs, args, where):
    u = payoffs(*args)
    try:
        u = tuple(u)
    except TypeError:
        raise InvalidGameError(f"payoffs{where}: expected a pair of numbers, got {u!r}") from None
    if len(u) != 2:
        raise InvalidGameError(f"payoffs{where}: expected 2 numbers, got {len(u)}")
    return u


def signaling_game(sender: str, receiver: str, types: Mapping[str, Any], messages: Sequence,
                   responses: Sequence, payoffs: Callable[[str, Any, Any], Sequence],
                   *, title: str = "") -> ExtensiveFormGame:
    """A signalling game (Spence 1973; Cho and Kreps 1987; Gibbons 1992, sec. 4.2.A).

    Nature draws the sender's type from ``types`` (``{type: prior}``); the sender,
    knowing it, sends a message; the receiver sees the message, not the type, and
    responds.  ``payoffs(type, message, response)`` returns ``(u_sender,
    u_receiver)``.  The sender's information set is labelled by his type, the
    receiver's by ``"after <message>"``.
    """
    msgs, resps = _labels(messages, "messages"), _labels(responses, "responses")
    b = BayesianBuilder((sender, receiver), {sender: types}, title=title)
    for t, parent in b.type_profiles():
        ty = t[sender]
        s = b.decision(sender, [m for m, _ in msgs], parent=parent)
        _responses(b, receiver, s, msgs, resps, payoffs, ty, "sent")
    return b.build()


def _responses(b, mover, node, moves, resps, payoffs, ty, verb: str) -> None:
    """Below ``node``: after each first move, ``mover`` sees it and responds; the
    payoffs come from ``payoffs(type, move, response)``.  The response sets are
    labelled ``"<type> <verb> <move>"``."""
    for m, mobj in moves:
        r = b.decision(mover, [a for a, _ in resps], parent=node[m], observes=(m,),
                       label=f"{ty} {verb} {m}")
        for a, aobj in resps:
            b.terminal(r, a, payoffs=_payoff_pair(payoffs, (ty, mobj, aobj),
                                                  f"({ty!r}, {m!r}, {a!r})"))


def screening_game(proposer: str, responder: str, types: Mapping[str, Any], offers: Sequence,
                   responses: Sequence, payoffs: Callable[[str, Any, Any], Sequence],
                   *, title: str = "") -> ExtensiveFormGame:
    """A screening game: an uninformed proposer moves first (Gibbons 1992, sec. 4.2;
    Fearon 1995 for the crisis-bargaining reading).

    Nature draws the responder's type from ``types``; the proposer does not see it
    (one information set) and makes an offer; the responder, knowing his type,
    sees the offer and responds.  ``payoffs(type, offer, response)`` returns
    ``(u_proposer, u_responder)``.  Offers and responses may be numbers or other
    objects; their ``str`` is the action label and the object is passed to
    ``payoffs``.
    """
    offs, resps = _labels(offers, "offers"), _labels(responses, "responses")
    b = BayesianBuilder((proposer, responder), {responder: types}, title=title)
    for t, parent in b.type_profiles():
        ty = t[responder]
        p = b.decision(proposer, [o for o, _ in offs], parent=parent, label=f"{ty}")
        _responses(b, responder, p, offs, resps, payoffs, ty, "offered")
    return b.build()


def bayesian_normal_form(players: Sequence[str], types: Mapping[str, Mapping[str, Any]] | None,
                         actions: Mapping[str, Sequence[str]],
                         payoffs: Callable[[dict, dict], Sequence], *,
                         prior: Mapping[tuple, Any] | None = None,
                         title: str = "") -> ExtensiveFormGame:
    """A simultaneous-move Bayesian game (Harsanyi 1967-68; Gibbons 1992, sec. 3.1) as a tree.

    Nature draws the types; then every player, knowing only his own type, chooses
    an action from ``actions[player]``; nobody sees the others' choices (the
    players move in the order of ``players`` but each one's information set is
    keyed by his type alone).  ``payoffs(types, actions)`` gets two dicts keyed
    by player name and returns one payoff per player.
    """
    players = tuple(players)
    acts = {}
    for p in players:
        if p not in actions:
            raise InvalidGameError(f"actions: no actions given for player {p!r}")
        acts[p] = _labels(actions[p], f"actions of {p!r}")
    b = BayesianBuilder(players, types, prior=prior, title=title)

    def grow(t, parent, k, chosen):
        if k == len(players):
            u = payoffs(dict(t), {p: a for p, (_, a) in zip(players, chosen)})
            b.terminal(parent, payoffs=tuple(u))
            return
        p = players[k]
        node = b.decision(p, [a for a, _ in acts[p]], parent=parent)
        for a, obj in acts[p]:
            grow(t, node[a], k + 1, chosen + [(a, obj)])

    for t, parent in b.type_profiles():
        grow(t, parent, 0, [])
    return b.build()
