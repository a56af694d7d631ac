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
* **Signalling** -- for a signalling game (chance draws a type, its sender sends
  a message, a receiver who sees only the message responds): each equilibrium
  pooling, separating or hybrid, and the intuitive criterion (Cho and Kreps 1987)
  at the messages it never uses (:mod:`solver.analysis.signalling_text`).
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

from solver.analysis.beliefs import realization_probabilities
from solver.analysis.explain_tree_beliefs import off_path_lines, reveal_lines
from solver.analysis.prose import (
    NORMAL_METHOD_WORDS,
    Explanation,
    Section,
    capitalize_first,
    certificate_line,
    join_words,
    label_text,
    value_text,
)
from solver.analysis.signalling_text import signalling_section
from solver.analysis.threats import threats_section
from solver.analysis.tree_play import (
    CHECK_NODES,
    MAX_ON_PATH,
    Play,
    belief_text,
    choice_text,
    exact_value,
    where_text,
)
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL

__all__ = ["explain_tree", "value_text"]

#: Groups of equilibria explained one by one (the summary lists them all).
_MAX_EQUILIBRIA = 10
#: Trees with more information sets than this list equilibria by their payoffs only.
_MAX_LISTED_SETS = 12



# ---------------------------------------------------------------------- the play


# ---------------------------------------------------------------------- one decision


# ---------------------------------------------------------------------- the path
def _path_lines(play) -> list[str]:
    game, kind, reach = play.game, play.kind, play.reach
    lines, done, count = [], set(), 0
    for h in range(game.n_nodes):
        if not reach[h]:
            continue
        if kind[h] == CHANCE:
            pr = game.chance_probabilities(h)
            draws = [f"{label_text(a)} with probability {value_text(exact_value(game, p))}"
                     for a, p in zip(game.actions(h), pr) if p]
            lines.append(f"{capitalize_first(where_text(game, h))}, chance moves: {join_words(draws)}.")
        elif kind[h] == DECISION and play.gid[h] not in done:
            g = play.gid[h]
            done.add(g)
            count += 1
            if count > MAX_ON_PATH:
                continue
            belief = play.beliefs[g]
            s = game.infoset(g)
            if len(s.nodes) > 1:
                lines.append(belief_text(game, g, belief))
                head = f"At information set {s.label!r}"
            else:
                head = capitalize_first(where_text(game, h))
            lines.append(choice_text(play, g, belief, head))
    if count > MAX_ON_PATH:
        lines.append(f"... and {count - MAX_ON_PATH} more information sets on the path.")
    ends = [(h, reach[h]) for h in range(game.n_nodes) if kind[h] == TERMINAL and reach[h]]
    pay = ", ".join(f"{p} {value_text(u)}" for p, u in zip(game.players, play.payoffs))
    if len(ends) == 1:
        h = ends[0][0]
        lines.append(f"Outcome: play ends {where_text(game, h)}, with payoffs {pay}.")
    else:
        shown = [f"{', '.join(map(label_text, game.path(h)))} (probability {value_text(exact_value(game, r))})"
                 for h, r in ends[:6]]
        more = f" and {len(ends) - 6} more" if len(ends) > 6 else ""
        lines.append(f"Outcome: play can end in {len(ends)} ways ({'; '.join(shown)}{more}); "
                     f"expected payoffs {pay}.")
    return lines


# ---------------------------------------------------------------------- the whole
def _game_section(game) -> Section:
    lines = [f"{game.title}." if game.title else "A game tree."]
    lines.append(f"Players: {join_words(list(game.players))}; payoffs are written in this order. "
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
        words = NORMAL_METHOD_WORDS.get(m, "a normal-form method")
        words = f"{words}, applied to the reduced normal form of the tree"
    lines = [f"Method: {m}, which {words}."]
    lines.append("The list is complete for this method." if solution.complete else
                 "The list is not necessarily complete: the game may have other equilibria.")
    if m == "spe":
        lines.append("Every equilibrium listed is subgame perfect.")
    else:
        lines.append("These are Nash equilibria of the tree; they need not be subgame perfect.")
    lines.append(certificate_line(solution))
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
            f"The subgame that starts {where_text(game, st.root)}"
        out.append(f"{what} was solved by "
                   f"{_PIECE_WORDS.get(st.method, st.method)}: {n} equilibri"
                   f"{'um' if n == 1 else 'a'}" + ("" if st.complete else ", perhaps not all")
                   + ".")
    if len(steps) > limit:
        out.append(f"... and {len(steps) - limit} more subgames.")
    return out


def _summary_section(solution) -> Section:
    game = solution.game
    if game.n_infosets > _MAX_LISTED_SETS:
        # a strategy of a large tree is hundreds of choices: give the payoffs only
        lines = [f"{k}. payoffs " + ", ".join(f"{p} {value_text(u)}" for p, u in
                                             zip(game.players, eq.payoffs))
                 + f" ({'pure' if eq.is_pure else 'mixed'})"
                 for k, eq in enumerate(solution.equilibria[:_MAX_EQUILIBRIA], 1)]
        if len(solution.equilibria) > _MAX_EQUILIBRIA:
            lines.append(f"... and {len(solution.equilibria) - _MAX_EQUILIBRIA} more.")
        lines.append(f"Each strategy names a choice at each of the {game.n_infosets} "
                     "information sets: see solution.equilibria (or --format json).")
    else:
        lines = [f"{k}. {eq} ({'pure' if eq.is_pure else 'mixed'})"
                 for k, eq in enumerate(solution.equilibria, 1)]
    return Section("Summary", tuple(lines or ["The method found no equilibrium."]))


def outcome_groups(solution) -> list[list[int]]:
    """The equilibria grouped by their outcome for the players: equal expected payoffs,
    in the order of each group's first member."""
    groups: dict[tuple, list[int]] = {}
    for k, eq in enumerate(solution.equilibria):
        groups.setdefault(tuple(eq.payoffs), []).append(k)
    return list(groups.values())


def _endings(game, solution, members: list[int]) -> str:
    """How the equilibria of a group end: their outcomes' labels (or paths)."""
    names: list[str] = []
    for k in members:
        reach = realization_probabilities(game, solution.equilibria[k].profile)
        for h in range(game.n_nodes):
            if int(game.node_kind[h]) == TERMINAL and reach[h]:
                o = game.outcome(h)
                name = f"'{o.label}'" if o is not None and o.label else ", ".join(game.path(h))
                if name not in names:
                    names.append(name)
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return join_words(names[:3], "or") + more


def _differences(game, solution, members: list[int]) -> list[str]:
    """The information sets where the equilibria of one group choose differently."""
    out = []
    for i, sets in enumerate(game.infosets):
        for s in sets:
            seen = {solution.equilibria[k].profile.probabilities[i][s.index] for k in members}
            if len(seen) > 1:
                where = s.label or where_text(game, s.nodes[0])
                out.append(game.players[i] if where == game.players[i] else
                           f"{game.players[i]} at {where}")
    return out


def _groups_section(solution, groups) -> Section | None:
    """How many equilibria there are and which share their play, when there are several."""
    n = len(solution.equilibria)
    if n < 2:
        return None
    game = solution.game
    lines = [f"{n} equilibria, all with the same payoffs; one is explained below."
             if len(groups) == 1 else
             f"{n} equilibria with {len(groups)} different payoff vectors; one equilibrium of "
             "each is explained below."]
    for g, members in enumerate(groups[:_MAX_EQUILIBRIA], 1):
        eq = solution.equilibria[members[0]]
        pay = ", ".join(value_text(u) for u in eq.payoffs)
        count = (f"equilibrium {members[0] + 1}" if len(members) == 1 else
                 f"{len(members)} equilibria (the first is equilibrium {members[0] + 1})")
        text = f"Payoffs ({pay}): {count}, ending in {_endings(game, solution, members)}"
        diff = _differences(game, solution, members)
        if diff:
            shown = join_words(diff[:4]) + (f" and {len(diff) - 4} more" if len(diff) > 4 else "")
            text += f"; they differ only in ties or off the path, at {shown}"
        lines.append(text + ".")
    if len(groups) > _MAX_EQUILIBRIA:
        lines.append(f"... and {len(groups) - _MAX_EQUILIBRIA} more groups.")
    return Section("Equilibria", tuple(lines))


def explain_tree(solution) -> Explanation:
    """Explain the solution of a game tree in words.

    Parameters
    ----------
    solution : Solution
        A solution of an :class:`~solver.forms.extensive.game.ExtensiveFormGame`
        (any tree method; the equilibria are behaviour profiles).

    Returns
    -------
    Explanation
        Sections "The game"; "Equilibria" (when there are several: how many, grouped
        by their play on the path, and where the members of a group differ); for one
        equilibrium of each group (at most 10 groups) "Equilibrium k"
        (the path of play: options, values, choices, chance, outcome), "Equilibrium
        k: off the path" (threats and promises), and for hidden chance moves
        "Equilibrium k: what moves reveal"; "Signalling" (signalling games only: each
        equilibrium pooling, separating or hybrid, and the intuitive criterion);
        "Non-credible threats" (the pure Nash
        equilibria that subgame perfection discards, for reduced normal forms of
        at most :data:`NONCREDIBLE_CELL_LIMIT` cells); "Summary"; "Method".
    """
    game = solution.game
    groups = outcome_groups(solution)
    sections = [_game_section(game), _groups_section(solution, groups)]
    for members in groups[:_MAX_EQUILIBRIA]:
        # one equilibrium explained per group: the others share its play on the path
        k, eq = members[0] + 1, solution.equilibria[members[0]]
        # backward induction's trace follows the first equilibrium's choices; with ties
        # (several equilibria) the values are recomputed from each profile instead
        trace = solution.trace if len(solution.equilibria) == 1 else ()
        play = Play(game, eq.profile, eq.payoffs, trace)
        kind = "pure" if eq.is_pure else "mixed"
        head = [f"A {kind} equilibrium in behaviour strategies. Following the path of play:"]
        sections.append(Section(f"Equilibrium {k}", tuple(head + _path_lines(play))))
        off = off_path_lines(play)
        if off:
            sections.append(Section(f"Equilibrium {k}: off the path", tuple(
                ["What each player would do where play never goes: these threats and promises "
                 "are what keeps the others on the path."] + off)))
        reveal = reveal_lines(play) if game.n_nodes <= CHECK_NODES else []
        if reveal:
            sections.append(Section(f"Equilibrium {k}: what moves reveal", tuple(reveal)))
    sections.append(signalling_section(solution))
    sections.append(threats_section(solution))
    sections.append(_summary_section(solution))
    sections.append(_method_section(solution))
    return Explanation(tuple(s for s in sections if s is not None))
