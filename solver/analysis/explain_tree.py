"""Explanations of game-tree solutions, in words, derived from the tree and the profile.

Nothing here is written for a particular game (DESIGN principle 6).  For each
equilibrium (a behaviour profile) the explanation walks the tree:

* **On the path of play** -- at every information set that play reaches, the
  mover's options and what each is worth to him *given the play that follows*
  (the expected payoff of taking the action and then following the profile),
  and why the chosen action wins.  Where the mover cannot tell several nodes
  apart, the values are averaged with his beliefs, computed by Bayes' rule from
  the profile (Gibbons 1992, *Game Theory for Applied Economists*, sec. 4.1).
  A mixed choice is explained by indifference: the actions used are worth the
  same to the mover (Gibbons 1992, sec. 1.3.A).
* **Off the path** -- what each player would do at the sets play never
  reaches, and why: these are the *threats and promises* that keep the others
  on the path.  A choice that is worse for its mover than another action at that
  point is flagged as not credible.
* **What moves reveal** -- when a chance move is hidden from some player (a
  Bayesian game), the posterior over chance's draw after each action of a
  player who moves below it, by Bayes' rule.
* **Non-credible threats** -- the pure Nash equilibria of the reduced normal
  form that subgame perfection discards, each with the off-path choice it rests
  on and the comparison that makes the choice not credible (computed by
  :mod:`solver.analysis.threats`).
* **Summary** and **Method**.

Values are shown exactly, and as decimals for fractions: ``2/5 (0.40)``.  The
off-path and "what moves reveal" sections are written by
:mod:`solver.analysis.explain_tree_beliefs`.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..behavior import _move_probabilities
from ..extensive_form import CHANCE, DECISION, TERMINAL
from .beliefs import _node_values, beliefs, realization_probabilities
from .explain import Explanation, Section, _certificate_line, _Cmp, _join, _L, _n

__all__ = ["explain_tree", "value_text"]

#: Equilibria explained one by one (the summary lists them all).
_MAX_EQUILIBRIA = 10
#: Information sets described per equilibrium on the path, and off it.
_MAX_ON_PATH, _MAX_OFF_PATH = 40, 20
#: Nodes shown in a belief formula; larger sets get the value only.
_MAX_FORMULA = 4
#: Trees up to this size get the (linear-time but not free) extra checks.
_CHECK_NODES = 5000


# ---------------------------------------------------------------------- numbers
def value_text(x: Any) -> str:
    """An exact number with its decimal: ``"2/5 (0.40)"``; integers and floats as they are."""
    if isinstance(x, Fraction) and x.denominator != 1:
        d = float(x)
        dec = f"{d:.2f}" if abs(d) >= 0.01 else f"{d:.3g}"
        return f"{_n(x)} ({dec})"
    return _n(x)


def _vec(game, v) -> str:
    return "(" + ", ".join(_n(_exact(game, x)) for x in v) + ")"


def _exact(game, x):
    return Fraction(x) if game.exact else float(x)


def _where(game, h: int) -> str:
    path = game.path(h)
    return "at the start" if not path else "after " + ", ".join(_L(a) for a in path)


def _cap(text: str) -> str:
    """Capitalise the first letter only (labels keep their case)."""
    return text[:1].upper() + text[1:]


def _node_names(game, nodes) -> list[str]:
    """Short names for the nodes of one set: the parts of their paths that differ."""
    paths = [game.path(h) for h in nodes]
    if len({len(p) for p in paths}) == 1 and paths[0]:
        diff = [k for k in range(len(paths[0])) if len({p[k] for p in paths}) > 1]
        names = [", ".join(p[k] for k in diff) for p in paths]
        if diff and len(set(names)) == len(names):
            return names
    return ["/".join(p) or "the root" for p in paths]


def _mix(actions, probs) -> str:
    played = [(a, p) for a, p in zip(actions, probs) if p > 0]
    if len(played) == 1:
        return _L(played[0][0])
    return ", ".join(f"{_n(p)} {_L(a)}" for a, p in played)


# ---------------------------------------------------------------------- the play
class _Play:
    """Reach probabilities, node values and beliefs of one behaviour profile."""

    def __init__(self, game, profile, payoffs, trace=()):
        self.game, self.profile, self.payoffs = game, profile, payoffs
        self.move = _move_probabilities(game, profile)
        self.V = _node_values(game, self.move)
        self.reach = realization_probabilities(game, profile)
        self.beliefs = beliefs(game, profile)
        self.kids = game.child_lists()
        self.kind = game.node_kind.tolist()
        self.gid = game.node_infoset.tolist()
        self.cmp = _Cmp(game)
        # backward induction's own record of the continuation values, when given
        self.steps = {st.node: st for st in trace if hasattr(st, "chosen")}
        self._pbe = None
        self._own = None

    def value(self, h: int, a: int, i: int):
        """Player i's payoff from taking action a at node h, then following the profile."""
        st = self.steps.get(h)
        if st is not None:
            return st.values[self.game.actions(h)[a]][i]
        return _exact(self.game, self.V[self.kids[h][a]][i])

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
                return f"{lead}the expected payoffs that follow are {_vec(game, self.V[h])}"
            who = "chance draws" if kind[h] == CHANCE else \
                f"{game.players[int(game.node_player[h])]} plays"
            moves.append(f"{who} {_L(game.actions(h)[sure[0]])}")
            h = self.kids[h][sure[0]]
        end = f"the game ends at {_vec(game, game.payoffs(h))}"
        return ("then " + ", ".join(moves) + " and " + end) if moves else end

    def own_excluded(self) -> frozenset:
        """Global ids of the sets that their mover's own play excludes (the completed ones)."""
        if self._own is None:
            from ..completion import own_unreached_sets
            self._own = frozenset(own_unreached_sets(self.game, self.profile))
        return self._own

    def pbe(self):
        if self._pbe is None:
            from .beliefs import perfect_bayesian
            self._pbe = perfect_bayesian(self.game, self.profile)
        return self._pbe


# ---------------------------------------------------------------------- one decision
def _choice_text(play, g, belief, head: str, off_path: bool = False) -> str:
    """The options at set g, their values to the mover, and why his choice wins."""
    game, cmp = play.game, play.cmp
    s = game.infoset(g)
    P = game.players[s.player]
    probs = play.move[s.nodes[0]]
    if len(s.actions) == 1:
        return f"{head}, {P} has a single action, {_L(s.actions[0])}."
    vals = play.values(g, belief)
    used = [a for a, p in enumerate(probs) if p > 0]
    nodes = [h for h, b in belief.items() if b]
    parts = []
    for a, act in enumerate(s.actions):
        if len(nodes) == 1:
            why = play.continuation(play.kids[nodes[0]][a])
            parts.append(f"{_L(act)}: {value_text(vals[a])} ({why})")
        elif len(nodes) <= _MAX_FORMULA:
            terms = " + ".join(f"{_n(belief[h])} x {_n(play.value(h, a, s.player))}"
                               for h in nodes)
            parts.append(f"{_L(act)}: {terms} = {value_text(vals[a])}")
        else:
            parts.append(f"{_L(act)}: {value_text(vals[a])}")
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
            return text + (f" {P} {verb} {_L(s.actions[a])}, worth {value_text(vals[a])}, although "
                           f"{_L(s.actions[b])} is worth {value_text(vals[b])}: this choice is "
                           "not optimal here, so it is not credible.")
        if len(top) == 1:
            runner = max(others, key=lambda b: vals[b])
            return text + (f" {_L(s.actions[a])} is worth the most ({value_text(vals[a])} > "
                           f"{value_text(vals[runner])}), so {P} {verb} {_L(s.actions[a])}.")
        ties = [_L(s.actions[b]) for b in top]
        return text + (f" {_join(ties)} are worth the same, {value_text(best)}, so {P} is "
                       f"indifferent; in this equilibrium {P} {verb} {_L(s.actions[a])} "
                       "(another choice may give another equilibrium).")
    shown = [_L(s.actions[a]) for a in used]
    if all(a in top for a in used):
        line = (f" {_join(shown)} are each worth {value_text(best)} to {P}, so {P} is "
                f"indifferent between them and willing to mix: {_mix(s.actions, probs)}.")
        worse = [f"{_L(s.actions[b])} ({value_text(vals[b])})" for b in range(len(vals))
                 if b not in top]
        if worse:
            line += f" Worth less, and not used: {_join(worse)}."
        line += (f" {P}'s own payoff does not fix these probabilities; they are the ones "
                 "that make the other players' choices optimal.")
        return text + line
    return text + (f" {P} mixes ({_mix(s.actions, probs)}) although the options used are not "
                   f"worth the same to {P} here: the mix is not optimal at this point.")


def _belief_text(game, g, belief) -> str:
    s = game.infoset(g)
    P = game.players[s.player]
    names = dict(zip(s.nodes, _node_names(game, s.nodes)))
    listed = [f"{names[h]} with probability {value_text(belief[h])}" for h in s.nodes
              if belief.get(h)]
    return (f"{P} cannot tell apart {_join([names[h] for h in s.nodes], 'or')} "
            f"(information set {s.label!r}); by Bayes' rule {P} believes "
            f"{_join(listed)}.")


# ---------------------------------------------------------------------- the path
def _path_lines(play) -> list[str]:
    game, kind, reach = play.game, play.kind, play.reach
    lines, done, count = [], set(), 0
    for h in range(game.n_nodes):
        if not reach[h]:
            continue
        if kind[h] == CHANCE:
            pr = game.chance_probabilities(h)
            draws = [f"{_L(a)} with probability {value_text(_exact(game, p))}"
                     for a, p in zip(game.actions(h), pr) if p]
            lines.append(f"{_cap(_where(game, h))}, chance moves: {_join(draws)}.")
        elif kind[h] == DECISION and play.gid[h] not in done:
            g = play.gid[h]
            done.add(g)
            count += 1
            if count > _MAX_ON_PATH:
                continue
            belief = play.beliefs[g]
            s = game.infoset(g)
            if len(s.nodes) > 1:
                lines.append(_belief_text(game, g, belief))
                head = f"At information set {s.label!r}"
            else:
                head = _cap(_where(game, h))
            lines.append(_choice_text(play, g, belief, head))
    if count > _MAX_ON_PATH:
        lines.append(f"... and {count - _MAX_ON_PATH} more information sets on the path.")
    ends = [(h, reach[h]) for h in range(game.n_nodes) if kind[h] == TERMINAL and reach[h]]
    pay = ", ".join(f"{p} {value_text(u)}" for p, u in zip(game.players, play.payoffs))
    if len(ends) == 1:
        h = ends[0][0]
        lines.append(f"Outcome: play ends {_where(game, h)}, with payoffs {pay}.")
    else:
        shown = [f"{', '.join(map(_L, game.path(h)))} (probability {value_text(_exact(game, r))})"
                 for h, r in ends[:6]]
        more = f" and {len(ends) - 6} more" if len(ends) > 6 else ""
        lines.append(f"Outcome: play can end in {len(ends)} ways ({'; '.join(shown)}{more}); "
                     f"expected payoffs {pay}.")
    return lines


# ---------------------------------------------------------------------- the whole
def _game_section(game) -> Section:
    lines = [f"{game.title}." if game.title else "A game tree."]
    lines.append(f"Players: {_join(list(game.players))}; payoffs are written in this order. "
                 f"The tree has {game.n_nodes} nodes and {game.n_infosets} information sets.")
    kind = game.node_kind.tolist()
    n_chance = sum(1 for k in kind if k == CHANCE)
    if n_chance:
        lines.append(f"Chance moves at {n_chance} node{'s' if n_chance > 1 else ''}, with "
                     "known probabilities.")
    big = [s for sets in game.infosets for s in sets if len(s.nodes) > 1]
    if big:
        lines.append(f"{len(big)} information set{'s have' if len(big) > 1 else ' has'} several "
                     "nodes: the mover does not know which of them he is at (imperfect "
                     "information).")
    else:
        lines.append("Every mover sees all earlier moves (perfect information).")
    return Section("The game", tuple(lines))


_METHOD_WORDS = {
    "spe": "works backwards from the end of the tree: each subgame is solved and replaced by "
           "its equilibrium payoffs, so choices are optimal at every node, reached or not",
    "sequence-form": "solves the sequence-form linear complementarity problem of the tree "
                     "(Koller, Megiddo and von Stengel 1996)",
}


def _method_section(solution) -> Section:
    m = solution.method
    words = _METHOD_WORDS.get(m)
    if words is None:
        from .explain import _METHOD_WORDS as normal_words
        words = normal_words.get(m, "a normal-form method")
        words = f"{words}, applied to the reduced normal form of the tree"
    lines = [f"Method: {m}, which {words}."]
    lines.append("The list is complete for this method." if solution.complete else
                 "The list is not necessarily complete: the game may have other equilibria.")
    if m == "spe":
        lines.append("Every equilibrium listed is subgame perfect.")
    else:
        lines.append("These are Nash equilibria of the tree; they need not be subgame perfect.")
    lines.append(_certificate_line(solution))
    lines.extend(_subgame_lines(solution))
    lines.extend(f"Note: {note}" for note in solution.notes)
    return Section("Method", tuple(lines))


_PIECE_WORDS = {"spe": "backward induction", "enumerate": "enumerating its reduced normal "
                "form (all extreme equilibria)", "sequence-form": "the sequence form (one "
                "equilibrium)", "pure": "the pure equilibria of its reduced normal form",
                "optimize": "its single mover's optimal plans", "chance": "averaging over chance"}


def _subgame_lines(solution, limit: int = 6) -> list[str]:
    """How subgame decomposition solved each subgame (from its SubgameStep trace)."""
    steps = [st for st in solution.trace if hasattr(st, "root") and hasattr(st, "method")]
    game, out = solution.game, []
    for st in steps[:limit]:
        n = len(st.payoffs)
        what = "The game as a whole" if st.root == game.root else \
            f"The subgame that starts {_where(game, st.root)}"
        out.append(f"{what} was solved by "
                   f"{_PIECE_WORDS.get(st.method, st.method)}: {n} equilibri"
                   f"{'um' if n == 1 else 'a'}" + ("" if st.complete else ", perhaps not all")
                   + ".")
    if len(steps) > limit:
        out.append(f"... and {len(steps) - limit} more subgames.")
    return out


def _summary_section(solution) -> Section:
    lines = [f"{k}. {eq} ({'pure' if eq.is_pure else 'mixed'})"
             for k, eq in enumerate(solution.equilibria, 1)]
    return Section("Summary", tuple(lines or ["The method found no equilibrium."]))


def explain_tree(solution) -> Explanation:
    """Explain the solution of a game tree in words.

    Parameters
    ----------
    solution : Solution
        A solution of an :class:`~solver.extensive_form.ExtensiveFormGame`
        (any tree method; the equilibria are behaviour profiles).

    Returns
    -------
    Explanation
        Sections "The game"; for each equilibrium (at most 10) "Equilibrium k"
        (the path of play: options, values, choices, chance, outcome), "Equilibrium
        k: off the path" (threats and promises), and for hidden chance moves
        "Equilibrium k: what moves reveal"; "Non-credible threats" (the pure Nash
        equilibria that subgame perfection discards, for reduced normal forms of
        at most :data:`NONCREDIBLE_CELL_LIMIT` cells); "Summary"; "Method".
    """
    from .explain_tree_beliefs import off_path_lines, reveal_lines
    game = solution.game
    sections = [_game_section(game)]
    for k, eq in enumerate(solution.equilibria[:_MAX_EQUILIBRIA], 1):
        # backward induction's trace follows the first equilibrium's choices; with ties
        # (several equilibria) the values are recomputed from each profile instead
        trace = solution.trace if len(solution.equilibria) == 1 else ()
        play = _Play(game, eq.profile, eq.payoffs, trace)
        kind = "pure" if eq.is_pure else "mixed"
        head = [f"A {kind} equilibrium in behaviour strategies. Following the path of play:"]
        sections.append(Section(f"Equilibrium {k}", tuple(head + _path_lines(play))))
        off = off_path_lines(play)
        if off:
            sections.append(Section(f"Equilibrium {k}: off the path", tuple(
                ["What each player would do where play never goes: these threats and promises "
                 "are what keeps the others on the path."] + off)))
        reveal = reveal_lines(play) if game.n_nodes <= _CHECK_NODES else []
        if reveal:
            sections.append(Section(f"Equilibrium {k}: what moves reveal", tuple(reveal)))
    if len(solution.equilibria) > _MAX_EQUILIBRIA:
        sections.append(Section("More equilibria", (
            f"{len(solution.equilibria) - _MAX_EQUILIBRIA} more equilibria are listed in the "
            "summary without explanation.",)))
    from .threats import threats_section
    sections.append(threats_section(solution))
    sections.append(_summary_section(solution))
    sections.append(_method_section(solution))
    return Explanation(tuple(sections))
