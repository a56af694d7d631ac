"""Signalling games: pooling, separating and hybrid equilibria, and the intuitive criterion.

A *signalling game* (Spence 1973; Gibbons 1992, sec. 4.2.A) is a tree of this shape:
chance draws the sender's *type*; the sender, who sees it, sends a *message*; the
receiver sees the message but not the type, and *responds*; the game ends.
:func:`signalling_structure` recognises the shape from the tree alone (chance at the
root, one sender information set per type, one receiver information set per message
holding a node for every type, terminal nodes after the responses).

Each equilibrium is classified by how the sender's messages depend on his type:

* **pooling** -- every type sends the same (mixture of) messages, so a message says
  nothing about the type;
* **separating** -- the types send disjoint sets of messages, so every message sent
  reveals the type;
* **hybrid** (semi-separating) -- anything in between.

A pooling equilibrium often rests on what the receiver would believe after a message
nobody sends.  The **intuitive criterion** (Cho and Kreps 1987, "Signaling games and
stable equilibria", *QJE* 102, sec. IV) tests such beliefs.  For each unused message
``m``:

1. type ``t``'s best payoff from ``m`` is the most any best response of the receiver
   to *any* belief could give him; when his equilibrium payoff exceeds it, ``m`` is
   *equilibrium-dominated* for ``t``: he would never send it, and the receiver should
   put no weight on him after ``m``;
2. if some other type ``t'`` would gain from ``m`` against *every* best response to
   beliefs on the types not so excluded, the equilibrium **fails** the criterion.

Which responses are best for some belief on a set of types is an exact LP per
response (:func:`best_replies`); payoffs are compared exactly.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver.algorithms.exact_lp import solve_lp
from solver.errors import InvalidGameError
from solver.forms.extensive.behavior import BehaviorProfile
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL

__all__ = ["SignallingGame", "MessageTest", "SignallingVerdict", "signalling_structure",
           "best_replies", "classify", "signalling", "POOLING", "SEPARATING", "HYBRID"]

POOLING, SEPARATING, HYBRID = "pooling", "separating", "hybrid"


@dataclass(frozen=True)
class SignallingGame:
    """The parts of a signalling game, read off its tree.

    Attributes
    ----------
    game : ExtensiveFormGame
    sender, receiver : int
        Player indices.
    types, messages : tuple of str
        Chance's outcomes at the root, and the sender's actions.
    prior : tuple of Fraction
    type_sets : tuple of int
        The sender's information set (global id) at each type.
    message_sets : tuple of int
        The receiver's information set after each message.
    responses : tuple of tuple of str
        The receiver's actions after each message.
    payoffs : dict
        ``(type, message, response)`` indices -> ``(sender's payoff, receiver's payoff)``.
    """

    game: Any
    sender: int
    receiver: int
    types: tuple[str, ...]
    prior: tuple[Any, ...]
    messages: tuple[str, ...]
    type_sets: tuple[int, ...]
    message_sets: tuple[int, ...]
    responses: tuple[tuple[str, ...], ...]
    payoffs: dict

    @property
    def sender_name(self) -> str:
        return self.game.players[self.sender]

    @property
    def receiver_name(self) -> str:
        return self.game.players[self.receiver]


def signalling_structure(game) -> SignallingGame | None:
    """The :class:`SignallingGame` of a tree of that shape, or None.

    The shape: a chance root with at least two outcomes of positive probability; below
    each, a decision node of one and the same sender, alone in its information set,
    with the same actions (messages) at every type; below each message, a node of
    another player, the receiver, whose information set after a message holds exactly
    the nodes of that message for all types; below each response, a terminal node.
    """
    if getattr(game, "form", None) != "extensive" or game.n_nodes < 2 or game.parametric:
        return None
    kind, who = game.node_kind.tolist(), game.node_player.tolist()
    gid, kids = game.node_infoset.tolist(), game.child_lists()
    root = game.root
    if kind[root] != CHANCE or len(kids[root]) < 2:
        return None
    prior = tuple(game.chance_probabilities(root))
    tops = kids[root]
    if any(p <= 0 for p in prior) or any(kind[c] != DECISION for c in tops):
        return None
    sender = who[tops[0]]
    messages = game.actions(tops[0])
    if any(who[c] != sender or game.actions(c) != messages or
           len(game.infoset(gid[c]).nodes) != 1 for c in tops):
        return None
    message_sets, responses, payoffs = [], [], {}
    receiver = None
    for m in range(len(messages)):
        nodes = [kids[c][m] for c in tops]
        if any(kind[x] != DECISION for x in nodes):
            return None
        receiver = who[nodes[0]] if receiver is None else receiver
        g = gid[nodes[0]]
        if receiver == sender or any(who[x] != receiver for x in nodes) or \
                set(game.infoset(g).nodes) != set(nodes) or g in message_sets:
            return None
        message_sets.append(g)
        responses.append(game.actions(nodes[0]))
        for t, x in enumerate(nodes):
            for r, z in enumerate(kids[x]):
                if kind[z] != TERMINAL:
                    return None
                u = game.path_payoffs[z]
                payoffs[(t, m, r)] = (u[sender], u[receiver])
    return SignallingGame(game, sender, receiver, tuple(game.actions(root)), prior,
                          tuple(messages), tuple(gid[c] for c in tops), tuple(message_sets),
                          tuple(responses), payoffs)


def best_replies(sg: SignallingGame, m: int, types) -> tuple[int, ...]:
    """The receiver's responses to message ``m`` that are best replies to some belief
    carried by ``types`` (indices): for each response an exact LP asks for a belief
    under which no other response pays the receiver more."""
    types = list(types)
    R = len(sg.responses[m])
    out = []
    for r in range(R):
        rows = [[Fraction(sg.payoffs[(t, m, r2)][1]) - Fraction(sg.payoffs[(t, m, r)][1])
                 for t in types] for r2 in range(R) if r2 != r]
        res = solve_lp([0] * len(types), A_ub=rows, b_ub=[0] * len(rows),
                       A_eq=[[1] * len(types)], b_eq=[1])
        if res.status == "optimal":
            out.append(r)
    return tuple(out)


@dataclass(frozen=True)
class MessageTest:
    """The intuitive criterion at one unused message.

    Attributes
    ----------
    message : int
    best : tuple
        Per type, his best payoff from the message over the receiver's best replies to
        any belief (``best_reply[t]`` gives it).
    best_reply : tuple of int
    dominated : tuple of int
        Types for whom the message is equilibrium-dominated (equilibrium payoff > best).
    replies : tuple of int
        The receiver's best replies to beliefs on the types not dominated.
    worst : dict
        For each type not dominated: ``(payoff, response)``, his worst payoff from the
        message under ``replies``.
    deviators : tuple of int
        Types who gain from the message under every one of ``replies``: the
        equilibrium fails the criterion when there is one.
    """

    message: int
    best: tuple
    best_reply: tuple
    dominated: tuple[int, ...]
    replies: tuple[int, ...]
    worst: dict
    deviators: tuple[int, ...]


@dataclass(frozen=True)
class SignallingVerdict:
    """One equilibrium of a signalling game: its kind and the intuitive criterion.

    Attributes
    ----------
    kind : str
        :data:`POOLING`, :data:`SEPARATING` or :data:`HYBRID`.
    strategy : tuple of tuple
        Per type, the probability of each message.
    payoffs : tuple
        Per type, the sender's expected payoff in the equilibrium.
    unused : tuple of int
        Messages no type sends.
    tests : tuple of MessageTest
        One per unused message.
    """

    structure: SignallingGame
    kind: str
    strategy: tuple
    payoffs: tuple
    unused: tuple[int, ...]
    tests: tuple[MessageTest, ...]

    @property
    def intuitive(self) -> bool:
        """True when the equilibrium passes the intuitive criterion."""
        return not any(t.deviators for t in self.tests)

    def to_dict(self) -> dict:
        sg = self.structure
        return {"kind": self.kind, "intuitive": self.intuitive,
                "unused": [sg.messages[m] for m in self.unused],
                "deviators": {sg.messages[t.message]: [sg.types[k] for k in t.deviators]
                              for t in self.tests if t.deviators}}


def classify(sg: SignallingGame, profile) -> SignallingVerdict:
    """Classify one equilibrium (a behaviour profile of ``sg.game``) and apply the
    intuitive criterion to each message it never uses."""
    prof = getattr(profile, "profile", profile)
    if not isinstance(prof, BehaviorProfile):
        prof = BehaviorProfile.from_game(sg.game, profile)
    flat = prof.flat()
    send = tuple(tuple(Fraction(p) for p in flat[g]) for g in sg.type_sets)
    answer = [tuple(Fraction(p) for p in flat[g]) for g in sg.message_sets]
    T, M = len(sg.types), len(sg.messages)

    def u(t, m, rho):
        return sum(q * Fraction(sg.payoffs[(t, m, r)][0]) for r, q in enumerate(rho))

    eq = tuple(sum(send[t][m] * u(t, m, answer[m]) for m in range(M) if send[t][m])
               for t in range(T))
    supports = [{m for m in range(M) if send[t][m]} for t in range(T)]
    if all(s == send[0] for s in send):
        kind = POOLING
    elif all(not (supports[a] & supports[b]) for a in range(T) for b in range(a + 1, T)):
        kind = SEPARATING
    else:
        kind = HYBRID
    unused = tuple(m for m in range(M) if not any(send[t][m] for t in range(T)))
    tests = []
    for m in unused:
        any_belief = best_replies(sg, m, range(T))
        best_reply = tuple(max(any_belief, key=lambda r: sg.payoffs[(t, m, r)][0])
                           for t in range(T))
        best = tuple(Fraction(sg.payoffs[(t, m, best_reply[t])][0]) for t in range(T))
        dominated = tuple(t for t in range(T) if eq[t] > best[t])
        rest = [t for t in range(T) if t not in dominated]
        if not dominated or not rest:
            tests.append(MessageTest(m, best, best_reply, dominated, any_belief, {}, ()))
            continue
        replies = best_replies(sg, m, rest)
        worst = {}
        for t in rest:
            r = min(replies, key=lambda r: sg.payoffs[(t, m, r)][0])
            worst[t] = (Fraction(sg.payoffs[(t, m, r)][0]), r)
        deviators = tuple(t for t in rest if worst[t][0] > eq[t])
        tests.append(MessageTest(m, best, best_reply, dominated, replies, worst, deviators))
    return SignallingVerdict(sg, kind, send, eq, unused, tuple(tests))


def signalling(solution) -> tuple[SignallingVerdict, ...]:
    """Classify every equilibrium of a signalling game's solution and apply the
    intuitive criterion (Cho and Kreps 1987).

    Raises
    ------
    InvalidGameError
        If the solved game is not a signalling game (see :func:`signalling_structure`)
        or not exact.

    Examples
    --------
    Beer-quiche (Cho and Kreps 1987) has two pooling outcomes; only pooling on Beer
    is intuitive:

    >>> import games, solver
    >>> [(v.kind, v.intuitive) for v in signalling(solver.solve(games.get("beer-quiche")))]
    [('pooling', False), ('pooling', False), ('pooling', True), ('pooling', True)]
    """
    game = solution.game
    sg = signalling_structure(game)
    if sg is None:
        raise InvalidGameError(
            f"{game.title or 'this game'!r} is not a signalling game: expected chance at the "
            "root, then one sender who sees the type, then one receiver who sees only the "
            "message, then the end")
    if not game.exact:
        raise InvalidGameError("the intuitive criterion is applied in exact arithmetic; "
                               "this game has float payoffs")
    return tuple(classify(sg, eq) for eq in solution.equilibria)
