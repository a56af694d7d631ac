"""``gamesolver compare``: the scenario mechanisms side by side."""
from __future__ import annotations

import json

from solver.cli.common import param
from solver.errors import GameError

__all__ = ["add_parser", "run"]


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("compare", help="the scenario mechanisms side by side, each row "
                                       "computed from its game's solution",
                       description="one row per scenario game of the catalogue: solution "
                                   "concept, Russia's moves on the path, whether DV is offered "
                                   "and refused there, the decisive comparison, the values "
                                   "that flip it, and the registered mechanism and lever")
    p.add_argument("names", nargs="*", metavar="NAME", help="scenarios to compare (default all)")
    p.add_argument("--param", action="append", type=param, default=[], metavar="NAME=VALUE",
                   help="a parameter value, applied to every scenario that has it (repeatable)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="output format")
    p.set_defaults(run=run)


def run(args, out, catalogues) -> None:
    able = [c for c in catalogues if hasattr(c, "compare")]
    if not able:
        raise GameError("no installed catalogue compares scenarios (reinstall the package: "
                        "pip install gamesolver)")
    table = able[0].compare(tuple(args.names) or None, **dict(args.param))
    if args.format == "json":
        print(json.dumps(table.to_dict()), file=out)
    elif args.format == "markdown":
        print(table.to_markdown(), file=out)
    else:
        print(str(table), file=out)
