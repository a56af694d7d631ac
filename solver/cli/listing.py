"""``gamesolver list``: the games of the installed catalogues."""
from __future__ import annotations

from solver.errors import GameError

__all__ = ["add_parser", "run"]


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("list", help="list the games in the catalogue",
                       description="list the games in the catalogue")
    p.set_defaults(run=run)


def run(args, out, catalogues) -> None:
    rows = [(name, catalogue.entry(name).summary)
            for catalogue in catalogues for name in catalogue.names()]
    if not rows:
        raise GameError("no catalogue of games is installed (reinstall the package: "
                        "pip install gamesolver)")
    width = max(len(name) for name, _ in rows)
    for name, summary in rows:
        print(f"{name:<{width}}  {summary}", file=out)
