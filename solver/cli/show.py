"""``gamesolver show``: a game's payoff table or its tree."""
from __future__ import annotations

import json

from solver.cli.common import concrete, load_source, source_options
from solver.errors import GameError

__all__ = ["add_parser", "run"]

HELP = "print a game's payoff table (best responses starred) or its tree (an indented outline)"


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("show", help=HELP, description=HELP)
    source_options(p, ("text", "latex", "html", "json"))
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
        render = {"text": text.render_tree, "latex": text.render_tree_latex,
                  "html": text.render_tree_html}[args.format]
        print(render(game), file=out)
        return
    if form != "normal":
        raise GameError(f"show supports normal-form games and game trees, not {form!r}")
    if args.format == "text":
        print(text.render_normal_form(game), file=out)
    elif args.format == "latex":
        print(text.render_latex(game), file=out)
    elif args.format == "html":
        print(text.render_html(game), file=out)
    else:
        from solver.io.json_format import game_to_json
        print(json.dumps(game_to_json(game)), file=out)
