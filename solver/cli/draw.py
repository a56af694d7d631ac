"""``gamesolver draw``: a game tree drawn as a teacher draws it (SVG, PNG, PDF or LaTeX).

::

    gamesolver draw SOURCE -o tree.svg|png|pdf|tex [--solution [--method M] [--equilibrium K]]
        [--param NAME=VALUE ...] [--format FMT] [--max-nodes N] [--body]

The format is the output file's suffix unless ``--format`` says otherwise.  Without
``--solution`` a parametric tree is drawn with its expressions (the ``--param``
values given are put in); with it, the game is solved (parameters at their
defaults unless given) and the equilibrium's choices are drawn thick, with the
beliefs at information sets.  See :func:`solver.io.draw.draw`.
"""
from __future__ import annotations

from solver.cli.common import concrete, load_source, param, positive_int
from solver.errors import GameError
from solver.io.tree_layout import MAX_NODES

__all__ = ["add_parser", "run"]

HELP = "draw a game tree as a teacher draws it: SVG, PNG, PDF or LaTeX (istgame)"


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("draw", help=HELP, description=HELP + ". The format is the output "
                       "file's suffix (.svg, .png, .pdf: matplotlib, the plot extra; .tex: "
                       "TikZ with the istgame package).")
    p.add_argument("source", metavar="SOURCE",
                   help="a game file (.efg, .json) or a catalogue name")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="where to write the drawing (.svg, .png, .pdf or .tex)")
    p.add_argument("--param", action="append", type=param, default=[], metavar="NAME=VALUE",
                   help="a parameter value (repeatable)")
    p.add_argument("--format", metavar="FMT", default=None,
                   help="svg, png, pdf or tex (default: the suffix of FILE)")
    p.add_argument("--solution", action="store_true",
                   help="solve the game and draw an equilibrium: its choices thick, "
                        "beliefs beside the nodes of information sets")
    p.add_argument("--method", default=None, metavar="M",
                   help="with --solution: the solution method (default auto)")
    p.add_argument("--equilibrium", type=positive_int, default=None, metavar="K",
                   help="with --solution: which equilibrium to draw, from 1 (default 1)")
    p.add_argument("--max-nodes", type=positive_int, default=MAX_NODES, metavar="N",
                   help=f"refuse trees of more nodes (default {MAX_NODES}: larger drawings "
                        "stop being readable)")
    p.add_argument("--body", action="store_true",
                   help="with .tex: write only the istgame picture, to put in a document "
                        "that loads istgame (default: a standalone document)")
    p.set_defaults(run=run)


def run(args, out, catalogues) -> None:
    from solver.io.draw import draw
    params = dict(args.param)
    game, catalogue = load_source(args.source, params, catalogues)
    game = concrete(game, params, catalogue)
    solution = None
    if args.solution and getattr(game, "form", None) == "extensive":
        from solver.solve import solve
        solution = solve(game, args.method or "auto")
    elif not args.solution and (args.method is not None or args.equilibrium is not None):
        raise GameError("--method and --equilibrium choose the equilibrium drawn: give "
                        "them with --solution")
    path = draw(game, solution, args.output, format=args.format,
                equilibrium=args.equilibrium or 1, max_nodes=args.max_nodes,
                standalone=not args.body)
    print(f"wrote {path}", file=out)
