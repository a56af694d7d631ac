"""``gamesolver check``: is a proposed profile an equilibrium, and which deviation pays?"""
from __future__ import annotations

import json

from solver.cli.common import concrete_game, source_options

__all__ = ["add_parser", "run"]


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("check", help="is a proposed profile an equilibrium, and which "
                                     "deviation pays?",
                       description="check a proposed strategy profile: each player's payoff, "
                                   "best responses and regret, in words")
    source_options(p, ("text", "json"))
    p.add_argument("--profile", required=True, metavar="PROFILE",
                   help="one part per player, separated by ';': a strategy, or "
                        "'A:2/3,B:1/3'; for trees 'set=action,...'")
    p.set_defaults(run=run)


def run(args, out, catalogues) -> None:
    from solver.analysis.check import check, parse_profile
    game = concrete_game(args, catalogues)
    verdict = check(game, parse_profile(game, args.profile))
    print(json.dumps(verdict.to_dict()) if args.format == "json" else str(verdict), file=out)
