"""Explanations of games without players: chance decides the outcome, or nothing is left.

A Gambit file may list no players: pygambit's ``Game.new_tree()`` starts as one node
and no players, a tree of chance and terminal nodes only is a lottery, and
``Game.new_table([])`` is a table without players.  Such a game has exactly one
strategy profile, the empty one (the product of no strategy sets has one element),
and it is a Nash equilibrium -- and subgame perfect, and an agent-form equilibrium --
vacuously: no player exists who could gain by deviating.  Its payoff vector is
empty, since the outcomes pay no one.  pygambit 16.7's ``enumpure_solve`` and
``logit_solve`` return this one empty profile.

What is left to explain is how play ends: the chance moves alone fix the probability
of every ending of the tree, computed here from the tree (the product of the chance
probabilities on the way to each terminal node).  :func:`no_player_lines` gives the
opening lines of the bottom line (:mod:`solver.analysis.bottom_line`) and
:func:`no_player_sections` the sections after it (:mod:`solver.analysis.explain`).
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from solver.analysis.prose import Section, certificate_line, decimal_text, join_words, label_text
from solver.forms.extensive.game import CHANCE, TERMINAL
from solver.numbers import format_number

__all__ = ["NO_PLAYER_CONCEPT", "endings", "no_player_lines", "no_player_sections"]

#: The concept line of the bottom line of a game without players.
NO_PLAYER_CONCEPT = "the empty profile is an equilibrium: no player exists who could deviate"

#: Endings named in the bottom line, and listed in the section "How play ends".
_MAX_IN_LINE, _MAX_LISTED = 3, 20


def endings(game) -> list[tuple[str, Any, list[int]]]:
    """How a tree without players ends: ``(name, probability, terminal nodes)`` for each
    ending reached with positive probability, likeliest first (ties in tree order).

    An ending is named by its outcome's label, else its node's label, else its path of
    chance moves; terminal nodes with the same name are one ending, their probabilities
    added.  The probabilities are the products of the chance probabilities along the
    way, exact.

    >>> from solver import TreeBuilder
    >>> b = TreeBuilder([], title="coin")
    >>> r = b.chance({"H": "1/3", "T": "2/3"})
    >>> _ = b.terminal(r, "H", payoffs=(), outcome_label="heads")
    >>> _ = b.terminal(r, "T", payoffs=(), outcome_label="tails")
    >>> [(name, str(p)) for name, p, _ in endings(b.build())]
    [('tails', '2/3'), ('heads', '1/3')]
    """
    kind = game.node_kind.tolist()
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    one = Fraction(1) if game.exact else 1.0
    reach = [one] * game.n_nodes
    for h in range(1, game.n_nodes):
        p = parent[h]
        step = game.chance_probabilities(p)[pact[h]] if kind[p] == CHANCE else one
        reach[h] = reach[p] * step
    found: dict[str, list] = {}
    for h in range(game.n_nodes):
        if kind[h] != TERMINAL or not reach[h]:
            continue
        o = game.outcome(h)
        name = (o.label if o is not None and o.label else game.label(h)) or \
            (", ".join(game.path(h)) or "the root")
        entry = found.setdefault(name, [0 * one, []])
        entry[0] += reach[h]
        entry[1].append(h)
    ranked = sorted(found.items(), key=lambda item: -item[1][0])   # stable: tree order on ties
    return [(name, p, nodes) for name, (p, nodes) in ranked]


def _chance_nodes(game) -> int:
    return sum(1 for k in game.node_kind.tolist() if k == CHANCE)


def no_player_lines(solution) -> list[str]:
    """The bottom line's first lines for a game without players: that no one chooses, and
    for a tree how chance ends play (at most :data:`_MAX_IN_LINE` endings named)."""
    game = solution.game
    if game.form != "extensive":
        return [("No one chooses: the game has no players, so its only profile is the empty "
                 "one, and no payoffs.")]
    ends = endings(game)
    if not _chance_nodes(game):
        name = ends[0][0]
        at = "" if name == "the root" else f" ({label_text(name)})"
        return [f"No one chooses and nothing is left to chance: play ends at once{at}."]
    named = [f"{label_text(name)} ({format_number(p)})" for name, p, _ in ends[:_MAX_IN_LINE]]
    if len(ends) > _MAX_IN_LINE:
        named.append(f"{len(ends) - _MAX_IN_LINE} other ending"
                     f"{'s' if len(ends) - _MAX_IN_LINE > 1 else ''}")
    return ["No one chooses: the outcome is decided by chance alone.",
            f"Play ends at {join_words(named, 'or')}."]


def no_player_sections(solution) -> tuple[Section, ...]:
    """The sections after the bottom line for a game without players: the game, how a
    tree ends (every ending with its probability), the equilibrium, the method."""
    game = solution.game
    lines = [f"{game.title}." if game.title else
             ("A game tree." if game.form == "extensive" else "A game.")]
    lines.append("No players: nobody chooses anything. The game has one strategy profile, the "
                 "empty one, and its outcomes carry no payoffs.")
    sections = []
    if game.form == "extensive":
        chance, ends = _chance_nodes(game), endings(game)
        terminals = sum(1 for k in game.node_kind.tolist() if k == TERMINAL)
        lines.append(f"The tree has {game.n_nodes} node{'s' if game.n_nodes > 1 else ''}: "
                     f"{chance} chance node{'' if chance == 1 else 's'} and {terminals} "
                     f"terminal node{'' if terminals == 1 else 's'}.")
        how = []
        for name, p, nodes in ends[:_MAX_LISTED] if chance else ():
            paths = [", ".join(game.path(h)) for h in nodes]
            via = "" if paths == [name] or not any(paths) else \
                f" (after {join_words(paths, 'or')})"
            how.append(f"{label_text(name)}{via}: probability {format_number(p)}"
                       + ("" if p == 1 or not isinstance(p, Fraction) else
                          f" ({decimal_text(p)})") + ".")
        if len(ends) > _MAX_LISTED:
            how.append(f"... and {len(ends) - _MAX_LISTED} more endings.")
        if not chance:
            name = ends[0][0]
            at = "" if name == "the root" else f", at {label_text(name)}"
            how.append(f"Nothing is left to chance: the root is the only node, and play ends "
                       f"there{at}.")
        sections.append(Section("How play ends", tuple(how)))
    sections.insert(0, Section("The game", tuple(lines)))
    sections.append(Section("Equilibrium 1", (
        ("The empty profile: no strategies and no payoffs. No player exists who could gain "
         "by deviating, so it is an equilibrium; its regret vector is empty."),)))
    m = solution.method
    method = [f"Method: {m}."]
    method.append("The list is complete: the empty profile is the only profile, so it is the "
                  "only equilibrium." if solution.complete else
                  "The method finds some equilibria; here the only profile, the empty one.")
    method.append(certificate_line(solution))
    method.extend(f"Note: {note}" for note in solution.notes)
    sections.append(Section("Method", tuple(method)))
    return tuple(sections)
