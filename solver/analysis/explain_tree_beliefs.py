"""The belief side of a tree explanation: choices off the path, and what moves reveal.

* **Off the path** -- at every information set that play never reaches, what its
  mover would do and why.  These choices are the threats and promises that keep
  the others on the path; one that is worse for its mover than another action at
  that point is flagged as not credible.  At a set that the mover's *own* play
  excludes, the belief is the one :mod:`solver.forms.extensive.completion` uses to complete the
  choice there (:func:`solver.forms.extensive.completion.completion_beliefs`: Bayes' rule given
  chance and the others, as if his own earlier moves had trembled), so the words
  and the completed choice agree.  At a set that only the others' play avoids, the
  belief of the perfect-Bayesian check (:func:`solver.analysis.beliefs.perfect_bayesian`)
  is shown with the range of beliefs that supports the choice (Gibbons 1992,
  *Game Theory for Applied Economists*, sec. 4.1).
* **What moves reveal** -- when a chance move is hidden from some players (a
  Bayesian game), the posterior over chance's draw after each action of a player
  who moves below it, by Bayes' rule.

Used by :func:`solver.analysis.explain_tree.explain_tree`.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver.analysis.prose import capitalize_first, join_words, label_text, value_text
from solver.analysis.tree_play import (
    CHECK_NODES,
    MAX_OFF_PATH,
    choice_text,
    exact_value,
    node_names,
    where_text,
)
from solver.forms.extensive.completion import completion_beliefs
from solver.forms.extensive.game import CHANCE, DECISION

__all__ = ["off_path_lines", "reveal_lines", "revelations", "Revelation"]


# ---------------------------------------------------------------------- off the path
def _deviation(play, h: int) -> tuple[int, int]:
    """The reached node and its action, probability 0, where play leaves the path to h."""
    parent = play.game.node_parent
    pact = play.game.node_parent_action
    dev = (h, -1)
    while parent[h] >= 0:
        p = int(parent[h])
        if play.reach[p] and not play.reach[h]:
            dev = (p, int(pact[h]))
        h = p
    return dev


def off_path_lines(play) -> list[str]:
    game, lines = play.game, []
    groups: dict[tuple, list[int]] = {}
    for g in range(game.n_infosets):
        if play.beliefs[g] is None:
            devs = set()
            for h in game.infoset(g).nodes:
                p, a = _deviation(play, h)
                # a move at a set with several nodes is one choice, whichever node
                devs.add((play.gid[p], -1, a) if play.kind[p] == DECISION else (-1, p, a))
            groups.setdefault(tuple(sorted(devs)), []).append(g)
    shown = 0
    for devs, sets in sorted(groups.items()):
        if shown >= MAX_OFF_PATH:
            break
        ways = []
        for g, p, a in devs:
            if p >= 0:
                ways.append(f"chance drew {label_text(game.actions(p)[a])} {where_text(game, p)} "
                            "(probability 0)")
                continue
            s = game.infoset(g)
            where = where_text(game, s.nodes[0]) if len(s.nodes) == 1 else \
                f"at information set {s.label!r}"
            ways.append(f"{game.players[s.player]} chose {label_text(s.actions[a])} {where}")
        lines.append(f"If {join_words(ways, 'or')} instead:")
        for g in sorted(sets, key=lambda g: game.infoset(g).nodes[0])[:MAX_OFF_PATH - shown]:
            shown += 1
            lines.append("  " + _off_path_choice(play, g))
    total = sum(len(v) for v in groups.values())
    if total > shown:
        lines.append(f"... and {total - shown} more information sets off the path.")
    return lines


def _off_path_choice(play, g) -> str:
    game = play.game
    s = game.infoset(g)
    if len(s.nodes) == 1:
        return choice_text(play, g, {s.nodes[0]: 1}, capitalize_first(where_text(game, s.nodes[0])),
                            off_path=True)
    names = dict(zip(s.nodes, node_names(game, s.nodes)))
    head = f"At information set {s.label!r}"
    belief, note, why = None, "", ""
    if g in play.own_excluded():
        # the set the completion filled in: the same belief as the completed choice
        belief = completion_beliefs(game, play.profile, g)
        why = (f" (the belief behind the completed choice: Bayes' rule given chance and "
               f"the others, as if {game.players[s.player]}'s own earlier moves had trembled)")
    if game.exact and game.n_nodes <= CHECK_NODES:
        check = play.pbe()
        if belief is None:
            belief = check.beliefs.get(g)
        rng = next((r for r in check.ranges if r.infoset == g), None)
        if rng is not None and rng.low == rng.high:
            note = (f" Only this belief ({names[rng.node]} {value_text(rng.low)}) supports "
                    "this choice.")
        elif rng is not None:
            note = (f" Any belief that puts probability between {value_text(rng.low)} and "
                    f"{value_text(rng.high)} on {names[rng.node]} supports this choice.")
    if belief is None:
        one = Fraction(1) if game.exact else 1.0
        belief = {h: one / len(s.nodes) for h in s.nodes}
        note = " (A uniform belief is used for illustration.)"
    listed = join_words([f"{names[h]} {value_text(belief[h])}" for h in s.nodes if belief.get(h)])
    intro = (f"{head}, {game.players[s.player]} cannot tell apart "
             f"{join_words([names[h] for h in s.nodes], 'or')}; play never gets here, so "
             f"Bayes' rule does not fix the belief. Take the belief {listed}{why}. ")
    return intro + choice_text(play, g, belief, "With this belief", off_path=True) + note


# ---------------------------------------------------------------------- what moves reveal
def _subtree_child(game, c) -> dict[int, int]:
    """For every node below chance node c: the index of c's child above it."""
    kids = game.child_lists()
    out, stack = {}, [(k, a) for a, k in enumerate(kids[c])]
    while stack:
        h, a = stack.pop()
        out[h] = a
        stack.extend((k, a) for k in kids[h])
    return out


@dataclass(frozen=True)
class Revelation:
    """What a mover's choice tells the others about a chance draw only he knows.

    Attributes
    ----------
    player : int
        The mover.
    public : tuple of str
        What everyone saw before the move (the path without the hidden draw).
    draws : tuple of str
        The labels of the chance node's outcomes.
    actions : tuple of str
        The mover's actions.
    prior : dict
        Draw index -> probability weight before the move (unnormalised).
    posteriors : tuple of dict
        Per action, draw index -> weight after it (empty: never chosen).
    informed : bool
        The mover knows the whole draw (his type), not only part of it.
    """

    player: int
    public: tuple[str, ...]
    draws: tuple[str, ...]
    actions: tuple[str, ...]
    prior: dict
    posteriors: tuple[dict, ...]
    informed: bool

    def revealed(self, a: int) -> str | None:
        """The draw that action ``a`` reveals for sure (posterior 1), if any."""
        post = self.posteriors[a]
        return self.draws[next(iter(post))] if len(post) == 1 else None


def revelations(play) -> list[Revelation]:
    """The moves on the path that depend on a chance draw the others do not see, with
    the beliefs about the draw before and after each action (Bayes' rule)."""
    game, kind, reach = play.game, play.kind, play.reach
    out = []
    chances = [h for h in range(game.n_nodes) if kind[h] == CHANCE and reach[h]][:3]
    for c in chances:
        under = _subtree_child(game, c)
        spans = {}
        for h, a in under.items():
            if kind[h] == DECISION:
                spans.setdefault(play.gid[h], set()).add(a)
        if not any(len(a) > 1 for a in spans.values()):
            continue
        depth = len(game.path(c))
        groups: dict[tuple, list[int]] = {}
        for h, a in under.items():
            if kind[h] == DECISION and reach[h]:
                path = game.path(h)
                key = (int(game.node_player[h]), path[:depth] + path[depth + 1:])
                groups.setdefault(key, []).append(h)
        for (i, public), nodes in groups.items():
            draws = {under[h] for h in nodes}
            acts = {game.actions(h) for h in nodes}
            sets = {play.gid[h] for h in nodes}
            if len(draws) < 2 or len(acts) != 1 or len(sets) < 2 or len(out) > 12:
                continue    # one set: the mover's action cannot depend on the draw
            acts = next(iter(acts))
            prior: dict[int, Any] = {}
            for h in nodes:
                prior[under[h]] = prior.get(under[h], 0) + reach[h]
            posteriors = []
            for a in range(len(acts)):
                post: dict[int, Any] = {}
                for h in nodes:
                    w = reach[h] * play.move[h][a]
                    if w:
                        post[under[h]] = post.get(under[h], 0) + w
                posteriors.append(post)
            informed = all(len(spans[play.gid[h]]) == 1 for h in nodes)
            out.append(Revelation(i, tuple(public), tuple(game.actions(c)), tuple(acts), prior,
                                  tuple(posteriors), informed))
    return out


def reveal_lines(play) -> list[str]:
    """The section "what moves reveal", one paragraph per :class:`Revelation`."""
    return [_reveal_text(play.game, r) for r in revelations(play)]


def _dist(game, weights: dict[int, Any], labels) -> str:
    total = sum(weights.values())
    return ", ".join(f"{label_text(labels[t])} {value_text(exact_value(game, w / total))}"
                     for t, w in sorted(weights.items()))


def _reveal_text(game, r: Revelation) -> str:
    P = game.players[r.player]
    where = " after " + ", ".join(map(label_text, r.public)) if r.public else ""
    kind_word = "type" if r.informed else "draw"
    knows = f"{P} knows chance's draw" if r.informed else f"{P} knows part of chance's draw"
    out = [f"When {P} moves{where}, {knows}, which the others do not see; before the move "
           f"their belief about it is {_dist(game, r.prior, r.draws)}."]
    before = {t: w / sum(r.prior.values()) for t, w in r.prior.items()}
    for a, act in enumerate(r.actions):
        post = r.posteriors[a]
        if not post:
            out.append(f"{label_text(act)} is never chosen here in this equilibrium, so it would be a "
                       "surprise; Bayes' rule says nothing about what it reveals.")
            continue
        total = sum(post.values())
        if r.revealed(a) is not None:
            out.append(f"{label_text(act)} reveals the {label_text(r.revealed(a))} {kind_word}: "
                       f"posterior 1, since only that {kind_word} leads {P} to choose it.")
        elif all(post.get(t, 0) / total == p for t, p in before.items()):
            out.append(f"{label_text(act)} reveals nothing: the posterior equals the belief before it.")
        else:
            out.append(f"{label_text(act)} changes the belief to {_dist(game, post, r.draws)}.")
    return " ".join(out)
