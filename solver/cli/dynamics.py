"""``gamesolver dynamics`` (learning and evolutionary dynamics) and ``gamesolver ess``
(evolutionarily stable strategies)."""
from __future__ import annotations

import argparse
import json

from solver.cli.common import concrete_game, positive_int, source_options

__all__ = ["add_parser", "run", "run_ess"]

_RULES = ("fictitious", "stochastic-fictitious", "regret-matching", "replicator",
          "asymmetric-replicator")


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer seed, got {text!r}") from None
    if not 0 <= value < 2 ** 32:
        raise argparse.ArgumentTypeError(f"a seed is from 0 to 4294967295, got {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("dynamics", help="run a learning or evolutionary dynamic and say where "
                                        "it goes",
                       description="run fictitious play, stochastic fictitious play, regret "
                                   "matching or replicator dynamics (nashpy) on a two-player "
                                   "game, and compare where it goes with the equilibria")
    source_options(p, ("text", "json"))
    p.add_argument("--rule", choices=_RULES, default="fictitious", help="the dynamic")
    p.add_argument("--iterations", type=positive_int, default=None, metavar="N",
                   help="periods of play (default 10000) or replicator time steps "
                        "(default 2000)")
    p.add_argument("--seed", type=_seed, default=None, metavar="S",
                   help="seed of the random draws (drawn and reported if not given)")
    p.add_argument("--start", default=None, metavar="START",
                   help="starting shares or play counts, 'A:1/2,B:1/2'; one part per "
                        "population separated by ';'")
    p.add_argument("--horizon", type=_positive_float, default=None, metavar="T",
                   help="replicator rules: the final time (default 100)")
    p.add_argument("--etha", type=_positive_float, default=0.1,
                   help="stochastic fictitious play: logit noise (default 0.1)")
    p.add_argument("--epsilon-bar", type=float, default=0.01, dest="epsilon_bar",
                   help="stochastic fictitious play: largest payoff perturbation "
                        "(default 0.01)")
    p.add_argument("--plot", default=None, metavar="FILE.png",
                   help="draw the trajectory (needs matplotlib)")
    p.set_defaults(run=run)

    e = sub.add_parser("ess", help="evolutionarily stable strategies of a symmetric game",
                       description="the evolutionarily stable strategies of a symmetric "
                                   "two-player game, decided exactly, with the reasons")
    source_options(e, ("text", "json"))
    e.set_defaults(run=run_ess)


def run(args, out, catalogues) -> None:
    from solver.analysis.dynamics import dynamics, parse_start
    game = concrete_game(args, catalogues)
    start = None
    if args.start is not None:
        populations = 1 if args.rule == "replicator" else 2
        start = parse_start(args.start, game, populations)
    result = dynamics(game, args.rule, iterations=args.iterations, seed=args.seed, start=start,
                      horizon=args.horizon, etha=args.etha, epsilon_bar=args.epsilon_bar)
    if args.plot:
        from solver.io.dynamics_plot import plot_dynamics
        plot_dynamics(result, args.plot)
    if args.format == "json":
        print(json.dumps(result.to_dict()), file=out)
    else:
        print(str(result), file=out)
        if args.plot:
            print(f"Picture written to {args.plot}.", file=out)


def run_ess(args, out, catalogues) -> None:
    from solver.analysis.ess import ess
    result = ess(concrete_game(args, catalogues))
    print(json.dumps(result.to_dict()) if args.format == "json" else str(result), file=out)
