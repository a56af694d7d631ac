"""``gamesolver thresholds`` and ``gamesolver sweep``: one parameter moved."""
from __future__ import annotations

from solver.cli.common import exact, parametric_game, source_options
from solver.errors import GameError

__all__ = ["add_parser", "run_thresholds", "run_sweep"]


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("thresholds", help="where an equilibrium choice flips as one parameter moves",
                       description="the values of PARAM at which an equilibrium choice flips, "
                                   "the other parameters at their defaults or --param values")
    source_options(p, ("text", "json"))
    p.add_argument("parameter", metavar="PARAM", help="the parameter to move")
    p.add_argument("--from", dest="low", type=exact, metavar="LOW",
                   help="lower end of the range (default: the parameter's range)")
    p.add_argument("--to", dest="high", type=exact, metavar="HIGH",
                   help="upper end of the range (default: the parameter's range)")
    p.set_defaults(run=run_thresholds)
    p = sub.add_parser("sweep", help="tabulate the equilibria over a range of one parameter",
                       description="solve the game at evenly spaced values of PARAM")
    source_options(p, ("text", "json"))
    p.add_argument("parameter", metavar="PARAM", help="the parameter to move")
    p.add_argument("--from", dest="low", type=exact, metavar="LOW", required=True)
    p.add_argument("--to", dest="high", type=exact, metavar="HIGH", required=True)
    p.add_argument("--num", type=int, default=11, help="number of values (default 11)")
    p.add_argument("--plot", metavar="FILE.png", help="also draw the equilibrium payoffs "
                                                      "(needs the plot extra: matplotlib)")
    p.set_defaults(run=run_sweep)


def run_thresholds(args, out, catalogues) -> None:
    from solver.analysis.parametric import thresholds_command
    game, params, low, high = parametric_game(args, catalogues)
    print(thresholds_command(game, args.parameter, args.format, low=low, high=high,
                             params=params or None), file=out)


def run_sweep(args, out, catalogues) -> None:
    from solver.analysis.sweep import sweep_command
    game, params, _, _ = parametric_game(args, catalogues)
    if args.num < 2:
        raise GameError(f"--num must be at least 2, got {args.num}")
    print(sweep_command(game, args.parameter, args.low, args.high, args.num, args.format,
                        plot_path=args.plot, params=params or None), file=out)
