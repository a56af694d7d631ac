"""``gamesolver refine``: which refinements each equilibrium satisfies, and why."""
from __future__ import annotations

import json

from solver.cli.common import concrete_game, source_options

__all__ = ["add_parser", "run"]


def add_parser(sub, common=None) -> None:
    from solver.solve import METHODS
    p = sub.add_parser("refine", help="which equilibria are subgame perfect, sequential, "
                                      "perfect, intuitive -- and why",
                       description="solve a game and label each equilibrium with the "
                                   "refinements that apply to it (subgame perfect, perfect "
                                   "Bayesian, sequential and trembling-hand perfect for "
                                   "trees; perfect for normal forms; the intuitive criterion "
                                   "for signalling games), each decided exactly with its "
                                   "reason, or reported as not decided")
    source_options(p, ("text", "json"))
    p.add_argument("--method", default="auto", metavar="M",
                   help="how to find the equilibria: one of " + ", ".join(METHODS)
                        + " (default auto; enumerate also lists mixed ones)")
    p.set_defaults(run=run)


def run(args, out, catalogues) -> None:
    from solver.analysis.refine import refine
    from solver.solve import solve
    game = concrete_game(args, catalogues)
    solution = solve(game, args.method)
    result = refine(solution)
    if args.format == "json":
        data = result.to_dict()
        data["method"] = solution.method
        print(json.dumps(data), file=out)
        return
    count = len(result)
    print(f"{game.title or 'The game'}: {count} equilibri{'um' if count == 1 else 'a'} "
          f"(method {solution.method})", file=out)
    if count:
        print(str(result), file=out)
