"""``gamesolver uncertainty``: equilibria when parameters are uncertain (Monte Carlo)."""
from __future__ import annotations

from solver.cli.common import load_source, source_options
from solver.errors import GameError

__all__ = ["add_parser", "run"]


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("uncertainty", help="how likely each equilibrium choice and outcome "
                                           "is when parameters are uncertain (Monte Carlo)",
                       description="draw parameter values from distributions, solve the game "
                                   "exactly at every draw, and report the probability of each "
                                   "choice and outcome with its standard error, and the "
                                   "parameters they are most sensitive to")
    source_options(p, ("text", "json"))
    p.add_argument("--dist", action="append", required=True, metavar="NAME=KIND:ARGS",
                   help="a parameter's distribution (repeatable): uniform:a:b, "
                        "triangular:a:mode:b, beta:a:b (scaled to the parameter's range), "
                        "normal:mu:sigma (truncated to the range) or fixed:v")
    p.add_argument("--samples", type=int, default=10000, help="number of draws (default 10000)")
    p.add_argument("--seed", type=int, help="seed of the draws (default: a fresh one, shown "
                                            "in the output)")
    p.add_argument("--workers", type=int, default=0, metavar="N",
                   help="solve on a pool of N processes (default: in this process)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="solve on a Dask cluster, e.g. tcp://host:8786 (needs the distributed "
                        "extra: pip install 'gamesolver[distributed]')")
    p.set_defaults(run=run)


def run(args, out, catalogues) -> None:
    from solver.analysis.uncertainty import uncertainty_command
    params = dict(args.param)
    game, _ = load_source(args.source, {}, catalogues)
    if args.samples < 1:
        raise GameError(f"--samples must be at least 1, got {args.samples}")
    if args.workers < 0:
        raise GameError(f"--workers must be at least 1, got {args.workers}")
    if args.workers and args.scheduler:
        raise GameError("give --workers or --scheduler, not both")

    def solve_all(executor=None) -> str:
        return uncertainty_command(game, args.dist, args.samples, args.seed, args.format,
                                   params=params or None, executor=executor)

    if args.scheduler:
        try:
            import distributed
        except ImportError:
            raise GameError("--scheduler needs Dask: pip install 'gamesolver[distributed]'") \
                from None
        with distributed.Client(args.scheduler) as client:
            text = solve_all(client.get_executor())
    elif args.workers:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(args.workers) as pool:
            text = solve_all(pool)
    else:
        text = solve_all()
    print(text, file=out)
