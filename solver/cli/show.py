"""``gamesolver show``: a game's payoff table or its tree."""
from __future__ import annotations

import json

from solver.cli.common import concrete, load_source, source_options
from solver.errors import GameError

__all__ = ["add_parser", "run"]

HELP = "print a game's payoff table (best responses starred) or its tree (an indented outline)"
DESCRIPTION = HELP + (". With --format latex a normal form is an sgame table "
                      "(\\usepackage{sgame}) with best responses underlined; --plot FILE "
                      "also draws the best-response diagram of a 2x2 game or the payoff "
                      "lines of a 2xn game.")


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("show", help=HELP, description=DESCRIPTION)
    source_options(p, ("text", "latex", "html", "json"))
    p.add_argument("--standalone", action="store_true",
                   help="with --format latex: a whole document that pdflatex compiles")
    p.add_argument("--plot", metavar="FILE",
                   help="also draw a 2x2 game's best-response diagram, or a 2xn game's payoff "
                        "lines, to FILE (.png, .pdf, .svg; needs the plot extra: matplotlib)")
    p.set_defaults(run=run)


def run(args, out, catalogues) -> None:
    params = dict(args.param)
    game, catalogue = load_source(args.source, params, catalogues)
    game = concrete(game, params, catalogue)
    from solver.io import text
    form = getattr(game, "form", None)
    if form == "extensive":
        if args.format == "json":
            raise GameError("show --format json supports normal-form games; for a tree use "
                            "text, latex or html")
        if args.plot:
            raise GameError("show --plot draws 2x2 and 2xn normal-form games, not trees")
        render = {"text": text.render_tree, "latex": text.render_tree_latex,
                  "html": text.render_tree_html}[args.format]
        body = render(game)
        if args.format == "latex" and args.standalone:
            body = "\\documentclass{article}\n\\begin{document}\n" + body + "\n\\end{document}"
        print(body, file=out)
        return
    if form != "normal":
        raise GameError(f"show supports normal-form games and game trees, not {form!r}")
    drawn = ""
    if args.plot:
        from solver.io.diagrams import diagram, diagram_kind
        diagram(game, args.plot)
        drawn = f"{diagram_kind(game)} written to {args.plot}"
    if args.format == "text":
        print(text.render_normal_form(game), file=out)
        if drawn:
            print(drawn, file=out)
    elif args.format == "latex":
        from solver.io.sgame import render_sgame
        print(render_sgame(game, standalone=args.standalone), file=out, end="")
        if not args.standalone:
            print(file=out)
    elif args.format == "html":
        print(text.render_html(game), file=out)
    else:
        from solver.io.json_format import game_to_json
        print(json.dumps(game_to_json(game)), file=out)
