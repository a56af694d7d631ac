"""``gamesolver region``: which outcome holds over two parameters."""
from __future__ import annotations

from solver.cli.common import load_source, range_arg, source_options

__all__ = ["add_parser", "run"]


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("region", help="which outcome holds over two parameters, with exact "
                                      "boundaries and the smallest changes that flip a choice",
                       description="map the outcome over PARAM1 and PARAM2 (the other parameters "
                                   "at their defaults or --param values): regions, exact "
                                   "boundaries where the conditions are polynomial, and the "
                                   "smallest moves from the current point that flip a choice")
    source_options(p, ("text", "json"))
    p.add_argument("first", metavar="PARAM1", help="the parameter drawn across")
    p.add_argument("second", metavar="PARAM2", help="the parameter drawn up")
    p.add_argument("--range", action="append", type=range_arg, default=[],
                   metavar="NAME=LOW:HIGH",
                   help="the range of PARAM1 or PARAM2 (default: the game's own ranges)")
    p.add_argument("--target", nargs=3, metavar=("PLAYER", "AT", "ACTION"),
                   help="the choice whose smallest changes are computed (default: the "
                        "alternatives on the current path); AT is an information set's "
                        "label, or 'the table'")
    p.add_argument("--outcome", choices=("path", "choices"), default="path",
                   help="what makes two outcomes the same: the path of play (default) or the "
                        "choice at every decision")
    p.add_argument("--plot", metavar="FILE.png",
                   help="also draw the map (needs the plot extra: matplotlib)")
    p.set_defaults(run=run)


def run(args, out, catalogues) -> None:
    from solver.io.region_plot import region_command
    game, _ = load_source(args.source, {}, catalogues)
    print(region_command(game, args.first, args.second, args.format, plot_path=args.plot,
                         target=tuple(args.target) if args.target else None,
                         params=dict(args.param) or None, ranges=dict(args.range) or None,
                         outcome=args.outcome), file=out)
