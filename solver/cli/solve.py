"""``gamesolver solve`` and ``gamesolver explain``: the equilibria, and why."""
from __future__ import annotations

import argparse
import json

from solver.cli.common import load_source, positive_int, source_options
from solver.errors import GameError

__all__ = ["add_parser", "run", "solver_options"]


def add_parser(sub, common=None) -> None:
    from solver.solve import METHODS
    for name, help_text in (("solve", "compute the equilibria of a game"),
                            ("explain", "solve a game and explain the equilibria in words")):
        p = sub.add_parser(name, help=help_text, description=help_text)
        source_options(p, ("text", "json"))
        p.add_argument("--method", default="auto", metavar="M",
                       help="one of " + ", ".join(METHODS) + " (default auto)")
        if name == "explain":
            p.add_argument("--brief", action="store_true",
                           help="print only the bottom line (at most six lines)")
        p.add_argument("--weak", action="store_true",
                       help="with --method dominance: also delete weakly dominated strategies "
                            "(the order of deletion can then change the result)")
        p.add_argument("--very-weak", action="store_true",
                       help="with --method dominance: delete very weakly dominated strategies "
                            "(never better than another strategy, perhaps equal to it)")
        p.add_argument("--epsilon", metavar="E",
                       help="a tolerance (exact, e.g. 1/100): with --method pure or auto, list "
                            "the pure epsilon-equilibria; with --method dominance, payoff "
                            "differences up to E count as ties")
        p.add_argument("--normalize-chance", action="store_true",
                       help="rescale an .efg file's chance probabilities that sum to nearly 1 "
                            "(rounded decimals written by other tools)")
        p.add_argument("--time-limit", type=seconds, metavar="SECONDS",
                       help="stop an exponential method after this many seconds (with an "
                            "error saying so); default: no limit")
        p.add_argument("--max-equilibria", type=positive_int, metavar="N",
                       help="stop when a method finds more than N equilibria (default: the "
                            "method's own, 10000 for most, 1000 for spe)")
        p.add_argument("--one", action="store_true",
                       help="with --method spe (or auto) on a tree of perfect information: one "
                            "subgame-perfect equilibrium and the value, from one backward "
                            "pass, however many ties")
        p.set_defaults(run=run)


def seconds(text: str) -> float:
    """``--time-limit``: a positive number of seconds (read within the number bounds)."""
    from solver.cli.common import read
    value = read(text, "--time-limit")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"--time-limit must be positive, got {text!r}")
    return float(min(value, 10 ** 12))       # beyond 30,000 years: no limit, and no overflow


def solver_options(args) -> dict:
    """The algorithm options given on the command line, for :func:`solver.solve`."""
    options = {}
    if args.weak:
        if args.method != "dominance":
            raise GameError("--weak applies to --method dominance")
        options["weak"] = True
    if getattr(args, "very_weak", False):
        if args.method != "dominance":
            raise GameError("--very-weak applies to --method dominance")
        options["very_weak"] = True
    if getattr(args, "epsilon", None) is not None:
        if args.method not in ("auto", "pure", "dominance"):
            raise GameError("--epsilon applies to --method pure, auto or dominance")
        options["epsilon"] = args.epsilon
    if getattr(args, "time_limit", None) is not None:
        options["time_limit"] = args.time_limit
    if getattr(args, "max_equilibria", None) is not None:
        options["max_equilibria"] = args.max_equilibria
    if getattr(args, "one", False):
        if args.method not in ("auto", "spe"):
            raise GameError("--one applies to --method spe (or auto) on a game tree")
        options["one"] = True
    return options


def run(args, out, catalogues) -> None:
    from solver.solve import solve
    params = dict(args.param)
    game, catalogue = load_source(args.source, params, catalogues,
                                  normalize_chance=args.normalize_chance)
    options = solver_options(args)
    if args.command == "explain" and catalogue is not None:
        # a catalogue game: the explanation also cites the source passage of each decisive parameter
        given = {"options": options} if options else {}
        explanation = catalogue.explain(args.source, method=args.method, brief=args.brief,
                                        **given, **params)
    else:
        solution = solve(game, args.method, params=(params or None) if catalogue is None else None,
                         **options)
        if args.command == "solve":
            if args.format == "json":
                print(json.dumps(solution.to_dict()), file=out)
                return
            print(str(solution), file=out)
            for note in solution.notes:
                print(f"note: {note}", file=out)
            return
        from solver.analysis.explain import explain
        explanation = explain(solution, brief=args.brief)
    if args.format == "json":
        print(json.dumps(explanation.to_dict()), file=out)
    elif args.brief:
        print("\n".join(explanation.sections[0].lines), file=out)
    else:
        print(str(explanation), file=out)
