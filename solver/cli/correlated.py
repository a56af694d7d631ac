"""``gamesolver correlated``: the (coarse) correlated equilibrium maximising total payoff
or one player's payoff, or every extreme point of the polytope of them."""
from __future__ import annotations

import json

from solver.cli.common import concrete_game, source_options

__all__ = ["add_parser", "run"]


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("correlated", help="correlated equilibria: the best for all or for "
                                          "one player, or every extreme point",
                       description="the correlated equilibrium (Aumann 1974) maximising total "
                                   "payoff or a player's payoff, solved and certified "
                                   "exactly; a tree is taken in its reduced normal form")
    source_options(p, ("text", "json"))
    p.add_argument("--coarse", action="store_true",
                   help="coarse correlated equilibria (players commit before the draw)")
    p.add_argument("--objective", default="welfare", metavar="welfare|PLAYER",
                   help="what the mediator maximises: 'welfare' (the sum of the payoffs, "
                        "default) or a player's name")
    p.add_argument("--vertices", action="store_true",
                   help="list every extreme point instead (two-player games up to 3x3)")
    p.set_defaults(run=run)


def run(args, out, catalogues) -> None:
    from solver.algorithms.correlated import correlated_equilibrium
    from solver.algorithms.correlated_vertices import correlated_extreme_points
    game = concrete_game(args, catalogues)
    note = None
    if game.form == "extensive":
        from solver.conversions.reduced_form import reduced_normal_form
        game = reduced_normal_form(game).game
        note = "the tree was taken in its reduced normal form (one strategy per plan)"
    if args.vertices:
        result = correlated_extreme_points(game, coarse=args.coarse)
    else:
        result = correlated_equilibrium(game, args.objective, coarse=args.coarse)
    if args.format == "json":
        data = result.to_dict()
        if note:
            data["note"] = note
        print(json.dumps(data), file=out)
        return
    print(str(result), file=out)
    if note:
        print(f"note: {note}", file=out)
