"""The ``gamesolver`` command.

::

    gamesolver solve SOURCE [--method M] [--param NAME=VALUE ...] [--format text|json]
    gamesolver explain SOURCE [--brief] [--method M] [--param NAME=VALUE ...] [--format text|json]
    gamesolver show SOURCE [--param NAME=VALUE ...] [--format text|latex|html|json]
    gamesolver thresholds SOURCE PARAM [--from LOW --to HIGH] [--param NAME=VALUE ...] [--format text|json]
    gamesolver sweep SOURCE PARAM --from LOW --to HIGH [--num N] [--plot FILE.png] [--format text|json]
    gamesolver check SOURCE --profile "A:2/3,B:1/3; B" [--param NAME=VALUE ...] [--format text|json]
    gamesolver region SOURCE PARAM1 PARAM2 [--range NAME=LOW:HIGH ...] [--param NAME=VALUE ...]
        [--target PLAYER AT ACTION] [--outcome path|choices] [--plot FILE.png] [--format text|json]
    gamesolver uncertainty SOURCE --dist NAME=KIND:ARGS ... [--samples N] [--seed S]
        [--workers N | --scheduler ADDRESS] [--format text|json]
    gamesolver list
    gamesolver compare [NAME ...] [--param NAME=VALUE ...] [--format text|json|markdown]

``SOURCE`` is a game file (``.nfg``, ``.efg``, ``.json``) or the name of a game
in the catalogue (``gamesolver list``).  Parameter values are exact decimals or
fractions (``--param kappa=0.8``, ``--param s=2/3``).

``solve --format json`` prints exactly ``json.dumps(solution.to_dict())``, the
object described in DESIGN.md ("Command and JSON contract").

Exit status: 0 on success; 2 for bad input or arguments (an unknown method, a
missing or malformed file, a bad parameter), with one line on standard error
starting ``gamesolver: error:``; 1 for any other failure, also on one line; 130 when
interrupted (Ctrl-C).
Never a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from solver.errors import GameError

__all__ = ["main", "build_parser", "installed_catalogues", "CATALOGUE_GROUP"]

PROG = "gamesolver"
_FILE_EXTENSIONS = (".nfg", ".efg", ".json")


class UsageError(Exception):
    """A bad command line: reported on one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but errors raise :class:`UsageError` instead of printing usage."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message)


# ---------------------------------------------------------------------- arguments
def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name or not value:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=VALUE (e.g. kappa=0.8)")
    if not name.isidentifier():
        raise argparse.ArgumentTypeError(f"{name!r} is not a parameter name")
    _read(value, f"the value of {name}")
    return name, value


def _read(text: str, what: str):
    """An exact decimal or fraction, read within the number reader's bounds."""
    from solver.numbers import read_number
    try:
        x = read_number(text, what)
    except GameError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    if x is None:
        raise argparse.ArgumentTypeError(
            f"{what} must be an exact decimal or fraction (e.g. 0.45 or 2/3), got {text!r}")
    return x


def _exact(text: str) -> str:
    _read(text, "the value")
    return text


def _range_arg(text: str) -> tuple[str, tuple[str, str]]:
    name, sep, rest = text.partition("=")
    low, colon, high = rest.partition(":")
    name, low, high = name.strip(), low.strip(), high.strip()
    if not sep or not colon or not name.isidentifier() or not low or not high:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=LOW:HIGH (e.g. s=0:1/2)")
    return name, (_exact(low), _exact(high))


def build_parser() -> argparse.ArgumentParser:
    """The command's argument parser (errors raise instead of exiting)."""
    parser = _Parser(prog=PROG, description="Model strategic situations as games, solve "
                                            "them exactly, and explain the choices.")
    from solver import __version__
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def source_options(p, formats):
        p.add_argument("source", metavar="SOURCE",
                       help="a game file (.nfg, .efg, .json) or a catalogue name")
        p.add_argument("--param", action="append", type=_param, default=[],
                       metavar="NAME=VALUE", help="a parameter value (repeatable)")
        p.add_argument("--format", choices=formats, default="text", help="output format")

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
    p = sub.add_parser("show", help="print a game's payoff table (best responses starred) "
                                    "or its tree (an indented outline)",
                       description="print a game's payoff table (best responses starred) "
                                   "or its tree (an indented outline)")
    source_options(p, ("text", "latex", "html", "json"))
    p = sub.add_parser("thresholds", help="where an equilibrium choice flips as one parameter moves",
                       description="the values of PARAM at which an equilibrium choice flips, "
                                   "the other parameters at their defaults or --param values")
    source_options(p, ("text", "json"))
    p.add_argument("parameter", metavar="PARAM", help="the parameter to move")
    p.add_argument("--from", dest="low", type=_exact, metavar="LOW",
                   help="lower end of the range (default: the parameter's range)")
    p.add_argument("--to", dest="high", type=_exact, metavar="HIGH",
                   help="upper end of the range (default: the parameter's range)")
    p = sub.add_parser("sweep", help="tabulate the equilibria over a range of one parameter",
                       description="solve the game at evenly spaced values of PARAM")
    source_options(p, ("text", "json"))
    p.add_argument("parameter", metavar="PARAM", help="the parameter to move")
    p.add_argument("--from", dest="low", type=_exact, metavar="LOW", required=True)
    p.add_argument("--to", dest="high", type=_exact, metavar="HIGH", required=True)
    p.add_argument("--num", type=int, default=11, help="number of values (default 11)")
    p.add_argument("--plot", metavar="FILE.png", help="also draw the equilibrium payoffs "
                                                      "(needs the plot extra: matplotlib)")
    p = sub.add_parser("check", help="is a proposed profile an equilibrium, and which "
                                     "deviation pays?",
                       description="check a proposed strategy profile: each player's payoff, "
                                   "best responses and regret, in words")
    source_options(p, ("text", "json"))
    p.add_argument("--profile", required=True, metavar="PROFILE",
                   help="one part per player, separated by ';': a strategy, or "
                        "'A:2/3,B:1/3'; for trees 'set=action,...'")
    p = sub.add_parser("region", help="which outcome holds over two parameters, with exact "
                                      "boundaries and the smallest changes that flip a choice",
                       description="map the outcome over PARAM1 and PARAM2 (the other parameters "
                                   "at their defaults or --param values): regions, exact "
                                   "boundaries where the conditions are polynomial, and the "
                                   "smallest moves from the current point that flip a choice")
    source_options(p, ("text", "json"))
    p.add_argument("first", metavar="PARAM1", help="the parameter drawn across")
    p.add_argument("second", metavar="PARAM2", help="the parameter drawn up")
    p.add_argument("--range", action="append", type=_range_arg, default=[],
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
    sub.add_parser("list", help="list the games in the catalogue",
                   description="list the games in the catalogue")
    p = sub.add_parser("compare", help="the scenario mechanisms side by side, each row "
                                       "computed from its game's solution",
                       description="one row per scenario game of the catalogue: solution "
                                   "concept, Russia's moves on the path, whether DV is offered "
                                   "and refused there, the decisive comparison, the values "
                                   "that flip it, and the registered mechanism and lever")
    p.add_argument("names", nargs="*", metavar="NAME", help="scenarios to compare (default all)")
    p.add_argument("--param", action="append", type=_param, default=[], metavar="NAME=VALUE",
                   help="a parameter value, applied to every scenario that has it (repeatable)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="output format")
    return parser


# ---------------------------------------------------------------------- catalogues
#: The entry-point group under which catalogues of games register themselves.
CATALOGUE_GROUP = "gamesolver.catalogues"


def installed_catalogues() -> list:
    """The catalogues of games installed beside the engine, by entry-point name.

    The engine does not know its catalogue: a package offers one by declaring an
    entry point in the group :data:`CATALOGUE_GROUP` whose object has ``names()``,
    ``get(name, **params)``, ``entry(name).summary`` and ``explain(name, method=...,
    **params)``.  This distribution's own catalogue, :mod:`games`, is declared so in
    ``setup.cfg``.
    """
    from importlib.metadata import entry_points
    return [ep.load() for ep in sorted(entry_points(group=CATALOGUE_GROUP), key=lambda e: e.name)]


def _catalogue(catalogues: list, name: str):
    """The first catalogue that has a game called ``name``, or a GameError."""
    for catalogue in catalogues:
        if name in catalogue.names():
            return catalogue
    if not catalogues:
        raise GameError(f"{name!r} is not a game file, and no catalogue of games is installed "
                        f"(reinstall the package: pip install gamesolver)")
    raise GameError(f"{name!r} is neither a game file nor a game in the catalogue "
                    f"(`{PROG} list` shows the names)")


def _load_source(source: str, params: dict[str, str], catalogues: list):
    """The game named by SOURCE and the catalogue it came from (None for a file)."""
    path = Path(source)
    looks_like_path = (path.suffix.lower() in _FILE_EXTENSIONS or os.sep in source
                       or (os.altsep is not None and os.altsep in source))
    if path.is_dir():
        raise GameError(f"{source}: is a folder, not a game file")
    if path.is_file() or looks_like_path:
        from solver.io.files import load
        return load(path), None
    catalogue = _catalogue(catalogues, source)
    return catalogue.get(source, **params), catalogue


def _concrete(game, params: dict[str, str], catalogue):
    if params and catalogue is None:
        if not hasattr(game, "substitute"):
            raise GameError("this game has no parameters to set")
        game = game.substitute(params)
    return game


# ---------------------------------------------------------------------- commands
def _solve(args, out, catalogues) -> None:
    from solver.solve import solve
    params = dict(args.param)
    game, catalogue = _load_source(args.source, params, catalogues)
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


def _show(args, out, catalogues) -> None:
    params = dict(args.param)
    game, catalogue = _load_source(args.source, params, catalogues)
    game = _concrete(game, params, catalogue)
    from solver.io import text
    form = getattr(game, "form", None)
    if form == "extensive":
        if args.format == "json":
            raise GameError("show --format json supports normal-form games; for a tree use "
                            "text, latex or html")
        render = {"text": text.render_tree, "latex": text.render_tree_latex,
                  "html": text.render_tree_html}[args.format]
        print(render(game), file=out)
        return
    if form != "normal":
        raise GameError(f"show supports normal-form games and game trees, not {form!r}")
    if args.format == "text":
        print(text.render_normal_form(game), file=out)
    elif args.format == "latex":
        print(text.render_latex(game), file=out)
    elif args.format == "html":
        print(text.render_html(game), file=out)
    else:
        from solver.io.json_format import game_to_json
        print(json.dumps(game_to_json(game)), file=out)


def _list(args, out, catalogues) -> None:
    rows = [(name, catalogue.entry(name).summary)
            for catalogue in catalogues for name in catalogue.names()]
    if not rows:
        raise GameError("no catalogue of games is installed (reinstall the package: "
                        "pip install gamesolver)")
    width = max(len(name) for name, _ in rows)
    for name, summary in rows:
        print(f"{name:<{width}}  {summary}", file=out)


def _parametric_game(args, catalogues):
    """The game of a thresholds/sweep command, the other parameters' values, and the
    moved parameter's range (from the command line, else from the game's own
    parameter descriptions)."""
    params = dict(args.param)
    if args.parameter in params:
        raise GameError(f"{args.parameter} is the parameter being moved; do not also give "
                        f"--param {args.parameter}=...")
    game, _ = _load_source(args.source, {}, catalogues)
    known = sorted(set(game.symbols) | set(game.parameters))
    if args.parameter not in game.symbols:
        raise GameError(f"{args.source} has no parameter {args.parameter!r}; "
                        f"its parameters are {known if known else 'none'}")
    low, high = args.low, args.high
    spec = game.parameter_specs.get(args.parameter)
    if spec is not None:
        low = spec.low if low is None else low
        high = spec.high if high is None else high
    if low is None or high is None:
        raise GameError(f"give the range of {args.parameter!r} with --from LOW --to HIGH")
    return game, params, low, high


def _thresholds(args, out, catalogues) -> None:
    from solver.analysis.parametric import thresholds_command
    game, params, low, high = _parametric_game(args, catalogues)
    print(thresholds_command(game, args.parameter, args.format, low=low, high=high,
                             params=params or None), file=out)


def _sweep(args, out, catalogues) -> None:
    from solver.analysis.sweep import sweep_command
    game, params, _, _ = _parametric_game(args, catalogues)
    if args.num < 2:
        raise GameError(f"--num must be at least 2, got {args.num}")
    print(sweep_command(game, args.parameter, args.low, args.high, args.num, args.format,
                        plot_path=args.plot, params=params or None), file=out)


def _check(args, out, catalogues) -> None:
    from solver.analysis.check import check, parse_profile
    params = dict(args.param)
    game, catalogue = _load_source(args.source, params, catalogues)
    game = _concrete(game, params, catalogue)
    if game.parametric:
        game = game.substitute(defaults=True)
    verdict = check(game, parse_profile(game, args.profile))
    print(json.dumps(verdict.to_dict()) if args.format == "json" else str(verdict), file=out)


def _region(args, out, catalogues) -> None:
    from solver.io.region_plot import region_command
    game, _ = _load_source(args.source, {}, catalogues)
    print(region_command(game, args.first, args.second, args.format, plot_path=args.plot,
                         target=tuple(args.target) if args.target else None,
                         params=dict(args.param) or None, ranges=dict(args.range) or None,
                         outcome=args.outcome), file=out)


def _uncertainty(args, out, catalogues) -> None:
    from solver.analysis.uncertainty import uncertainty_command
    params = dict(args.param)
    game, _ = _load_source(args.source, {}, catalogues)
    if args.samples < 1:
        raise GameError(f"--samples must be at least 1, got {args.samples}")
    if args.workers < 0:
        raise GameError(f"--workers must be at least 1, got {args.workers}")
    if args.workers and args.scheduler:
        raise GameError("give --workers or --scheduler, not both")

    def run(executor=None) -> str:
        return uncertainty_command(game, args.dist, args.samples, args.seed, args.format,
                                   params=params or None, executor=executor)

    if args.scheduler:
        try:
            import distributed
        except ImportError:
            raise GameError("--scheduler needs Dask: pip install 'gamesolver[distributed]'") \
                from None
        with distributed.Client(args.scheduler) as client:
            text = run(client.get_executor())
    elif args.workers:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(args.workers) as pool:
            text = run(pool)
    else:
        text = run()
    print(text, file=out)


def _compare(args, out, catalogues) -> None:
    able = [c for c in catalogues if hasattr(c, "compare")]
    if not able:
        raise GameError("no installed catalogue compares scenarios (reinstall the package: "
                        "pip install gamesolver)")
    table = able[0].compare(tuple(args.names) or None, **dict(args.param))
    if args.format == "json":
        print(json.dumps(table.to_dict()), file=out)
    elif args.format == "markdown":
        print(table.to_markdown(), file=out)
    else:
        print(str(table), file=out)


_COMMANDS = {"solve": _solve, "explain": _solve, "show": _show, "list": _list,
             "thresholds": _thresholds, "sweep": _sweep, "compare": _compare, "check": _check,
             "region": _region, "uncertainty": _uncertainty}


def _one_line(message: Any) -> str:
    return " ".join(str(message).split()) or "unknown error"


def main(argv: Sequence[str] | None = None, *, catalogues: Sequence | None = None) -> int:
    """Run the command with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    ``catalogues`` are the catalogues of games that names are looked up in (default:
    :func:`installed_catalogues`).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    try:
        args = build_parser().parse_args(argv)
        found = installed_catalogues() if catalogues is None else list(catalogues)
        _COMMANDS[args.command](args, out, found)
    except SystemExit as stop:  # --help
        code = stop.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except (UsageError, GameError) as e:
        print(f"{PROG}: error: {_one_line(e)}", file=err)
        return 2
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:          # Ctrl-C: the shell's convention, 128 + SIGINT
        print(f"{PROG}: interrupted", file=err)
        return 130
    except Exception as e:  # SolverError and anything unexpected: one line, status 1
        print(f"{PROG}: error: {type(e).__name__}: {_one_line(e)}", file=err)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
