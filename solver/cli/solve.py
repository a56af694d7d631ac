"""``gamesolver solve`` and ``gamesolver explain``: the equilibria, and why."""
from __future__ import annotations

import json

from solver.cli.common import load_source, source_options

__all__ = ["add_parser", "run"]


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
        p.set_defaults(run=run)


def run(args, out, catalogues) -> None:
    from solver.solve import solve
    params = dict(args.param)
    game, catalogue = load_source(args.source, params, catalogues)
    if args.command == "explain" and catalogue is not None:
        # a catalogue game: the explanation also cites the source passage of each decisive parameter
        explanation = catalogue.explain(args.source, method=args.method, brief=args.brief,
                                        **params)
    else:
        solution = solve(game, args.method, params=(params or None) if catalogue is None else None)
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
