"""A game tree as LaTeX: TikZ with the ``istgame`` package (In-Sung Cho's game trees).

Each decision or chance node becomes an ``\\istroot`` at its place in the layout
(:mod:`solver.io.tree_layout`), its branches ``\\istb`` with the action label and,
at a leaf, the payoff vector; information sets are ``\\xtInfoset`` lines (dashed),
the player's name at a set is an ``\\xtOwner``.  An equilibrium's choices get the
style ``equilibrium`` (thick lines), which a reader can restyle in one place.

istgame grows the children of a node by level and sibling distance; here every
child is put exactly where the layout wants it with the style ``gs move``, TikZ's
``grow via three points`` with the three points equal (every child of the node
goes to the offset given).  The output is a complete ``standalone`` document by
default, or just the ``istgame`` environment for a document that loads
``istgame`` (``standalone=False``).  Labels given by users are escaped (``_`` ``&``
``%`` ``$`` ``#`` ``{`` ``}`` ``~`` ``^`` ``\\``); parametric payoffs are written with
:func:`sympy.latex`.

Reference: In-Sung Cho, *The istgame package* (CTAN, version 2.1, 2022).
"""
from __future__ import annotations

from solver.forms.extensive.game import CHANCE, TERMINAL
from solver.io.tree_labels import fit_units
from solver.io.tree_text import LabelFormat, math_number

__all__ = ["tree_tikz", "TexFormat", "escape_latex", "PREAMBLE"]

#: The packages a document needs for the picture (``standalone=False`` leaves them to you).
PREAMBLE = "\\usepackage{istgame}"

_CM = 2.54
_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
             "#": r"\#", "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%",
             "~": r"\textasciitilde{}", "<": r"\textless{}", ">": r"\textgreater{}",
             "|": r"\textbar{}"}
_ANCHOR = {"above": "above", "below": "below", "left": "left", "right": "right",
           "above left": "above left", "above right": "above right", "center": ""}


def escape_latex(text: str) -> str:
    r"""A user's label with LaTeX's special characters escaped.

    >>> print(escape_latex("R&D_1: 50% of $x {y}"))
    R\&D\_1: 50\% of \$x \{y\}
    """
    return "".join(_SPECIALS.get(ch, ch) for ch in str(text))


class TexFormat(LabelFormat):
    """Labels in LaTeX: users' words escaped, numbers in math mode."""

    mu = r"$\mu$"

    def words(self, s: str) -> str:
        return escape_latex(s)

    def number(self, x) -> str:
        return f"${math_number(x)}$"

    def join_lines(self, lines: list[str]) -> str:
        return r"\shortstack{" + r"\\".join(lines) + "}"

    def probability(self, p) -> str:
        return f"$({math_number(p)})$"

    def vector(self, values, stacked: bool) -> str:
        parts = [math_number(v) for v in values]
        if stacked:
            return self.join_lines([f"${p}$" for p in parts])
        return "$(" + ",\\ ".join(parts) + ")$"

    def belief(self, mark) -> str:
        if mark.value is not None:
            return f"$[{math_number(mark.value)}]$"
        if not mark.first:
            return r"$[1-\mu]$"
        low, high = mark.low, mark.high
        if low == 0 and high == 1:
            return r"[any $\mu$]"
        if low == 0:
            return f"$[\\mu \\le {math_number(high)}]$"
        if high == 1:
            return f"$[\\mu \\ge {math_number(low)}]$"
        return f"$[{math_number(low)} \\le \\mu \\le {math_number(high)}]$"


def _xy(x, y) -> str:
    return f"{x:.3f},{y:.3f}".replace("-0.000", "0.000")


def tree_tikz(game, layout, marks=None, *, standalone: bool = True) -> str:
    """The TikZ (istgame) text of a laid-out tree, with an equilibrium's marks.

    Parameters
    ----------
    game : ExtensiveFormGame
    layout : TreeLayout
    marks : TreeMarks, optional
    standalone : bool
        A whole document (``\\documentclass[tikz]{standalone}``, istgame) or only the
        ``istgame`` environment.

    Returns
    -------
    str
    """
    units, labels = fit_units(game, layout, marks, TexFormat())
    ux, uy = units[0] * _CM, units[1] * _CM
    X = [x * ux for x in layout.x]
    Y = [y * uy for y in layout.y]
    kinds = game.node_kind.tolist()
    kids = game.child_lists()
    owner = {lb.node: lb for lb in labels if lb.role == "owner"}
    action = {lb.node: lb for lb in labels if lb.role == "action"}
    payoff = {lb.node: lb for lb in labels if lb.role == "payoff"}
    out = [f"% {line}" for line in _comments(game, marks)]
    if standalone:
        out += [r"\documentclass[tikz,border=6pt]{standalone}", PREAMBLE,
                r"\begin{document}"]
    out += [r"\begin{istgame}",
            (r"\tikzset{gs move/.style 2 args={grow via three points={one child at (#1,#2) "
             r"and two children at (#1,#2) and (#1,#2)}},"),
            r"  equilibrium/.style={line width=1.8pt}}",
            r"\setistmathTF*000<textnormal>{textnormal}[textnormal]",
            r"\setxtinfosetstyle{dashed}"]
    for h in range(game.n_nodes):
        if kinds[h] == TERMINAL:
            continue
        style = "[chance node]" if kinds[h] == CHANCE else ""
        lb = owner.get(h)
        who = f"<{_ANCHOR[lb.side]}>{{{lb.text}}}" if lb is not None else ""
        out.append(f"\\istroot(n{h})({_xy(X[h], Y[h])}){style}{who}")
        for a, c in enumerate(kids[h]):
            lab = action[c]
            t = _along(layout, h, c, lab)
            where = f"{_ANCHOR[lab.side]}, pos={t:.2f}" if lab.side != "center" else \
                f"pos={t:.2f}, fill=white, inner sep=1pt"
            bold = "[equilibrium]" if marks is not None and marks.chosen(h, a) else ""
            pay = f"{{{payoff[c].text}}}[below]" if c in payoff else ""
            out.append(f"  \\istb<gs move={{{X[c] - X[h]:.3f}}}{{{Y[c] - Y[h]:.3f}}}>"
                       f"{bold}{{{lab.text}}}[{where}]{pay}")
        out.append(r"  \endist")
    if kinds and kinds[0] == TERMINAL:
        out.append(f"\\node[below] at (0,0) {{{payoff[0].text}}};")
    for ln in layout.lines:
        for a, b in zip(ln.nodes, ln.nodes[1:]):
            out.append(f"\\xtInfoset(n{a})(n{b})")
    for lb in labels:
        if lb.role == "infoset":
            out.append(f"\\xtOwner*({_xy(lb.x * ux, lb.y * uy)}){{{lb.text}}}[above]")
        elif lb.role == "belief":
            out.append(f"\\node[{_ANCHOR[lb.side]}={lb.pad:g}pt] at (n{lb.node}) {{{lb.text}}};")
    out.append(r"\end{istgame}")
    if standalone:
        out.append(r"\end{document}")
    return "\n".join(out) + "\n"


def _along(layout, h, c, label) -> float:
    """How far along the branch from ``h`` to ``c`` the label's anchor is (0 to 1)."""
    dx, dy = layout.x[c] - layout.x[h], layout.y[c] - layout.y[h]
    if abs(dy) >= abs(dx):
        return (label.y - layout.y[h]) / dy if dy else 0.5
    return (label.x - layout.x[h]) / dx


def _comments(game, marks) -> list[str]:
    lines = ["Drawn by gamesolver" + (f": {game.title}" if game.title else "") +
             " (needs the istgame package)"]
    if marks is not None:
        which = f"equilibrium {marks.index} of {marks.count}" if marks.count > 1 else \
            "the equilibrium"
        how = f" ({marks.method})" if marks.method else ""
        lines.append(f"Thick branches (style 'equilibrium'): the choices of {which}{how}; "
                     "(p): probability of a move; [ ]: beliefs.")
    return lines
