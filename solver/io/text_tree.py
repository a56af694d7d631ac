"""Game trees as an indented outline: plain text, LaTeX and HTML.

:func:`render_tree` draws one line per node, in the order of a Gambit ``.efg``
file (Osborne and Rubinstein 1994, ch. 6, draw the same tree sideways): the
mover, or chance with its probabilities, then each action on its own indented
line, down to the payoffs.  Given a solution, the equilibrium's choices are marked
on it.  The functions are re-exported by :mod:`solver.io.text`.
"""
from __future__ import annotations

import html

from solver.forms.extensive.game import CHANCE, TERMINAL
from solver.numbers import format_number

__all__ = ["render_tree", "render_tree_latex", "render_tree_html"]


def _tree_node_text(game, h: int, multi: dict) -> str:
    kind = game.kind(h)
    lab = f"{game.label(h)!r} " if game.label(h) else ""
    if kind == "terminal":
        return lab + "(" + ", ".join(format_number(x) for x in game.payoffs(h)) + ")"
    if kind == "chance":
        text = lab + "Chance"
    else:
        s = game.node(h).infoset
        text = f"{lab}{game.players[s.player]}"
        if s.label:
            text += f" [{s.label}]"
        if len(s.nodes) > 1:
            text += f" (information set {multi[(s.player, s.index)]}: node " \
                    f"{s.nodes.index(h) + 1} of {len(s.nodes)})"
    out = game.outcome(h)
    if out is not None and any(x != 0 for x in out.payoffs):
        text += " + outcome" + (f" {out.label!r}" if out.label else "") + " (" + \
            ", ".join(format_number(x) for x in out.payoffs) + ")"
    return text


def render_tree(game, solution=None, *, equilibrium: int = 0, max_nodes: int = 500) -> str:
    """A game tree as an indented plain-text outline, one line per node.

    Each line shows the action that leads to the node (with its probability at a
    chance node), then the node: the player who moves and the label of his
    information set, ``Chance``, or the payoffs at a leaf (the sum of the
    outcomes along the path, one number per player).  Nodes that share an
    information set with others say so ("information set 2: node 1 of 2") and are
    listed again under the tree.

    Parameters
    ----------
    game : ExtensiveFormGame
    solution : Solution, optional
        When given, equilibrium number ``equilibrium`` (from 0) is marked: ``*``
        after an action chosen for sure, ``[p]`` after an action used with
        probability ``p``, and ``<= play ends here`` at the leaves it reaches.
    max_nodes : int
        Lines drawn before the outline is cut short.

    Examples
    --------
    >>> from solver import TreeBuilder
    >>> b = TreeBuilder(players=("Entrant", "Incumbent"), title="Entry")
    >>> root = b.decision("Entrant", actions=("Out", "In"))
    >>> b.terminal(root, "Out", payoffs=(0, 2))  # doctest: +ELLIPSIS
    <node ...>
    >>> fight = b.decision("Incumbent", parent=root["In"], actions=("Fight", "Accommodate"))
    >>> b.terminal(fight, "Fight", payoffs=(-1, -1))  # doctest: +ELLIPSIS
    <node ...>
    >>> b.terminal(fight, "Accommodate", payoffs=(1, 1))  # doctest: +ELLIPSIS
    <node ...>
    >>> print(render_tree(b.build()))
    Entry
    Players: Entrant, Incumbent (payoffs in this order)
    Entrant
    |-- Out: (0, 2)
    `-- In: Incumbent
        |-- Fight: (-1, -1)
        `-- Accommodate: (1, 1)
    """
    multi: dict = {}
    for sets in game.infosets:
        for s in sets:
            if len(s.nodes) > 1:
                multi[(s.player, s.index)] = len(multi) + 1
    move = reach = None
    out = []
    if game.title:
        out.append(game.title)
    out.append(f"Players: {', '.join(game.players)} (payoffs in this order)" if game.players
               else "Players: none (no one chooses; the outcomes carry no payoffs)")
    if solution is not None and len(solution.equilibria):
        if not 0 <= equilibrium < len(solution.equilibria):
            from solver.errors import GameError
            raise GameError(f"render_tree: no equilibrium number {equilibrium}; the solution "
                            f"has {len(solution.equilibria)}")
        from solver.analysis.beliefs import realization_probabilities
        from solver.forms.extensive.behavior import move_probabilities
        profile = solution.equilibria[equilibrium].profile
        move = move_probabilities(game, profile)
        reach = realization_probabilities(game, profile)
        out.append(f"Equilibrium {equilibrium + 1} of {len(solution.equilibria)} marked: "
                   "* = action chosen, [p] = probability of a mixed action")
    kinds = game.node_kind.tolist()
    kids = game.child_lists()
    stack = [(0, "", "", None)]          # node, prefix of its line, prefix of its children, edge
    drawn = 0
    while stack:
        h, lead, below, edge = stack.pop()
        if drawn >= max_nodes:
            out.append(f"... {game.n_nodes - drawn} more nodes not shown")
            break
        drawn += 1
        text = _tree_node_text(game, h, multi)
        if reach is not None and kinds[h] == TERMINAL and reach[h]:
            text += "  <= play ends here" + ("" if reach[h] == 1 else
                                             f" (probability {format_number(reach[h])})")
        out.append(f"{lead}{edge}: {text}" if edge is not None else f"{lead}{text}")
        acts = game.actions(h)
        children = kids[h]
        for a in reversed(range(len(children))):
            last = a == len(children) - 1
            label = acts[a]
            if kinds[h] == CHANCE:
                label += f" ({format_number(game.chance_probabilities(h)[a])})"
            elif move is not None:
                p = move[h][a]
                if p == 1:
                    label += " *"
                elif p:
                    label += f" [{format_number(p)}]"
            stack.append((children[a], below + ("`-- " if last else "|-- "),
                          below + ("    " if last else "|   "), label))
    if multi:
        out.append("Information sets with several nodes (the mover cannot tell them apart):")
        for sets in game.infosets:
            for s in sets:
                if len(s.nodes) > 1:
                    where = "; ".join("/".join(game.path(h)) or "root" for h in s.nodes)
                    name = f" [{s.label}]" if s.label else ""
                    out.append(f"  {multi[(s.player, s.index)]}. {game.players[s.player]}{name}: "
                               f"{where}")
    return "\n".join(out)


def render_tree_latex(game, solution=None, **kwargs) -> str:
    """The outline of :func:`render_tree` in a LaTeX ``verbatim`` environment."""
    return "\\begin{verbatim}\n" + render_tree(game, solution, **kwargs) + "\n\\end{verbatim}"


def render_tree_html(game, solution=None, **kwargs) -> str:
    """The outline of :func:`render_tree` as an escaped HTML ``<pre>`` block."""
    return ('<pre class="gamesolver-efg">' + html.escape(render_tree(game, solution, **kwargs))
            + "</pre>")
