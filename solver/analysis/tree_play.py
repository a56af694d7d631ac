"""One equilibrium of a game tree, read for an explanation: values, beliefs, decisions.

:class:`Play` gathers what every tree explainer needs about one behaviour profile:
the probability of each move, each node's expected payoffs, the probability of
reaching each node, and the beliefs at each information set (Bayes' rule where it
applies).  :func:`choice_text` writes one decision: the options at an information
set, what each is worth to the mover given the play that follows (and his
beliefs), and why the chosen one wins; it is shared by the path of play
(:mod:`solver.analysis.explain_tree`), the moves off it
(:mod:`solver.analysis.explain_tree_beliefs`) and the threats that subgame
perfection discards (:mod:`solver.analysis.threats`).
"""
from __future__ import annotations

from fractions import Fraction

from solver.analysis.beliefs import beliefs, node_values, realization_probabilities
from solver.analysis.prose import (
    Comparator,
    join_words,
    label_text,
    mix_text,
    number_text,
    value_text,
)
from solver.forms.extensive.behavior import move_probabilities
from solver.forms.extensive.game import CHANCE, TERMINAL

__all__ = ["Play", "choice_text", "belief_text", "exact_value", "where_text", "node_names",
           "vector_text", "MAX_FORMULA", "MAX_ON_PATH", "MAX_OFF_PATH", "CHECK_NODES"]


def vector_text(game, v) -> str:
    return "(" + ", ".join(number_text(exact_value(game, x)) for x in v) + ")"


def exact_value(game, x):
    return Fraction(x) if game.exact else float(x)


def where_text(game, h: int) -> str:
    path = game.path(h)
    return "at the start" if not path else "after " + ", ".join(label_text(a) for a in path)


def node_names(game, nodes) -> list[str]:
    """Short names for the nodes of one set: the parts of their paths that differ."""
    paths = [game.path(h) for h in nodes]
    if len({len(p) for p in paths}) == 1 and paths[0]:
        diff = [k for k in range(len(paths[0])) if len({p[k] for p in paths}) > 1]
        names = [", ".join(p[k] for k in diff) for p in paths]
        if diff and len(set(names)) == len(names):
            return names
    return ["/".join(p) or "the root" for p in paths]


class Play:
    """Reach probabilities, node values and beliefs of one behaviour profile."""

    def __init__(self, game, profile, payoffs, trace=()):
        self.game, self.profile, self.payoffs = game, profile, payoffs
        self.move = move_probabilities(game, profile)
        self.V = node_values(game, self.move)
        self.reach = realization_probabilities(game, profile)
        self.beliefs = beliefs(game, profile)
        self.kids = game.child_lists()
        self.kind = game.node_kind.tolist()
        self.gid = game.node_infoset.tolist()
        self.cmp = Comparator(game)
        # backward induction's own record of the continuation values, when given
        self.steps = {st.node: st for st in trace if hasattr(st, "chosen")}
        self._pbe = None
        self._own = None

    def value(self, h: int, a: int, i: int):
        """Player i's payoff from taking action a at node h, then following the profile."""
        st = self.steps.get(h)
        if st is not None:
            return st.values[self.game.actions(h)[a]][i]
        return exact_value(self.game, self.V[self.kids[h][a]][i])

    def values(self, g: int, belief) -> list:
        s = self.game.infoset(g)
        return [sum((b * self.value(h, a, s.player) for h, b in belief.items() if b),
                    Fraction(0) if self.game.exact else 0.0) for a in range(len(s.actions))]

    def continuation(self, h: int, steps: int = 4) -> str:
        """What follows node h under the profile, when it is a single sure path."""
        game, kind, moves = self.game, self.kind, []
        while kind[h] != TERMINAL:
            pr = self.move[h]
            sure = [a for a, p in enumerate(pr) if p == 1]
            if not sure or len(moves) >= steps:
                lead = ("then " + ", ".join(moves) + "; ") if moves else ""
                return f"{lead}the expected payoffs that follow are {vector_text(game, self.V[h])}"
            who = "chance draws" if kind[h] == CHANCE else \
                f"{game.players[int(game.node_player[h])]} plays"
            moves.append(f"{who} {label_text(game.actions(h)[sure[0]])}")
            h = self.kids[h][sure[0]]
        end = f"the game ends at {vector_text(game, game.payoffs(h))}"
        return ("then " + ", ".join(moves) + " and " + end) if moves else end

    def own_excluded(self) -> frozenset:
        """Global ids of the sets that their mover's own play excludes (the completed ones)."""
        if self._own is None:
            from solver.forms.extensive.completion import own_unreached_sets
            self._own = frozenset(own_unreached_sets(self.game, self.profile))
        return self._own

    def pbe(self):
        if self._pbe is None:
            from solver.analysis.beliefs import perfect_bayesian
            self._pbe = perfect_bayesian(self.game, self.profile)
        return self._pbe


def choice_text(play, g, belief, head: str, off_path: bool = False) -> str:
    """The options at set g, their values to the mover, and why his choice wins."""
    game, cmp = play.game, play.cmp
    s = game.infoset(g)
    P = game.players[s.player]
    probs = play.move[s.nodes[0]]
    if len(s.actions) == 1:
        return f"{head}, {P} has a single action, {label_text(s.actions[0])}."
    vals = play.values(g, belief)
    used = [a for a, p in enumerate(probs) if p > 0]
    nodes = [h for h, b in belief.items() if b]
    parts = []
    for a, act in enumerate(s.actions):
        if len(nodes) == 1:
            why = play.continuation(play.kids[nodes[0]][a])
            parts.append(f"{label_text(act)}: {value_text(vals[a])} ({why})")
        elif len(nodes) <= MAX_FORMULA:
            terms = " + ".join(f"{number_text(belief[h])} x {number_text(play.value(h, a, s.player))}"
                               for h in nodes)
            parts.append(f"{label_text(act)}: {terms} = {value_text(vals[a])}")
        else:
            parts.append(f"{label_text(act)}: {value_text(vals[a])}")
    given = "given the play that follows" if len(nodes) == 1 else \
        "given these beliefs and the play that follows"
    would = "would be worth" if off_path else "is worth"
    text = f"{head}, {P} moves. What each option {would} to {P} {given}: {'; '.join(parts)}."
    best = max(vals)
    top = [a for a in range(len(vals)) if cmp.eq(vals[a], best)]
    verb = "would choose" if off_path else "chooses"
    if len(used) == 1:
        a = used[0]
        others = [b for b in range(len(vals)) if b != a]
        if a not in top:
            b = top[0]
            return text + (f" {P} {verb} {label_text(s.actions[a])}, worth {value_text(vals[a])}, although "
                           f"{label_text(s.actions[b])} is worth {value_text(vals[b])}: this choice is "
                           "not optimal here, so it is not credible.")
        if len(top) == 1:
            runner = max(others, key=lambda b: vals[b])
            return text + (f" {label_text(s.actions[a])} is worth the most ({value_text(vals[a])} > "
                           f"{value_text(vals[runner])}), so {P} {verb} {label_text(s.actions[a])}.")
        ties = [label_text(s.actions[b]) for b in top]
        return text + (f" {join_words(ties)} are worth the same, {value_text(best)}, so {P} is "
                       f"indifferent; in this equilibrium {P} {verb} {label_text(s.actions[a])} "
                       "(another choice may give another equilibrium).")
    shown = [label_text(s.actions[a]) for a in used]
    if all(a in top for a in used):
        line = (f" {join_words(shown)} are each worth {value_text(best)} to {P}, so {P} is "
                f"indifferent between them and willing to mix: {mix_text(s.actions, probs)}.")
        worse = [f"{label_text(s.actions[b])} ({value_text(vals[b])})" for b in range(len(vals))
                 if b not in top]
        if worse:
            line += f" Worth less, and not used: {join_words(worse)}."
        line += (f" {P}'s own payoff does not fix these probabilities; they are the ones "
                 "that make the other players' choices optimal.")
        return text + line
    return text + (f" {P} mixes ({mix_text(s.actions, probs)}) although the options used are not "
                   f"worth the same to {P} here: the mix is not optimal at this point.")


def belief_text(game, g, belief) -> str:
    s = game.infoset(g)
    P = game.players[s.player]
    names = dict(zip(s.nodes, node_names(game, s.nodes)))
    listed = [f"{names[h]} with probability {value_text(belief[h])}" for h in s.nodes
              if belief.get(h)]
    return (f"{P} cannot tell apart {join_words([names[h] for h in s.nodes], 'or')} "
            f"(information set {s.label!r}); by Bayes' rule {P} believes "
            f"{join_words(listed)}.")


#: Nodes shown in a belief formula; larger sets get the value only.
MAX_FORMULA = 4


#: Information sets described per equilibrium on the path, and off it.
MAX_ON_PATH, MAX_OFF_PATH = 40, 20


#: Trees up to this size get the (linear-time but not free) extra checks.
CHECK_NODES = 5000
