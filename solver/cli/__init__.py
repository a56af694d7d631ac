"""The ``gamesolver`` command.

::

    gamesolver solve SOURCE [--method M] [--param NAME=VALUE ...] [--format text|json]
        [--weak | --very-weak] [--epsilon E] [--normalize-chance]
        [--time-limit SECONDS] [--max-equilibria N] [--one]
    gamesolver explain SOURCE [--brief] [--method M] [--param NAME=VALUE ...] [--format text|json]
        (and the options of solve)
    gamesolver show SOURCE [--param NAME=VALUE ...] [--format text|latex|html|json]
    gamesolver thresholds SOURCE PARAM [--from LOW --to HIGH] [--param NAME=VALUE ...] [--format text|json]
    gamesolver sweep SOURCE PARAM --from LOW --to HIGH [--num N] [--plot FILE.png] [--format text|json]
    gamesolver check SOURCE --profile "A:2/3,B:1/3; B" [--param NAME=VALUE ...] [--format text|json]
    gamesolver region SOURCE PARAM1 PARAM2 [--range NAME=LOW:HIGH ...] [--param NAME=VALUE ...]
        [--target PLAYER AT ACTION] [--outcome path|choices] [--plot FILE.png] [--format text|json]
    gamesolver uncertainty SOURCE --dist NAME=KIND:ARGS ... [--samples N] [--seed S]
        [--workers N | --scheduler ADDRESS] [--format text|json]
    gamesolver dynamics SOURCE [--rule fictitious|stochastic-fictitious|regret-matching|replicator|
        asymmetric-replicator] [--iterations N] [--seed S] [--start "A:1/2,B:1/2"] [--plot FILE.png]
        [--format text|json]
    gamesolver ess SOURCE [--param NAME=VALUE ...] [--format text|json]
    gamesolver draw SOURCE -o FILE.svg|png|pdf|tex [--solution] [--param NAME=VALUE ...]
    gamesolver list
    gamesolver compare [NAME ...] [--param NAME=VALUE ...] [--format text|json|markdown]
    gamesolver repeated SOURCE [--strategy grim|tit-for-tat|punish:K|FILE.json] [--horizon T]
        [--discount D] [--cooperate A,B] [--punish A,B] [--plot FILE.png] [--format text|json]
    gamesolver stackelberg SOURCE [--leader PLAYER] [--mixed] [--param NAME=VALUE ...]
        [--format text|json]
    gamesolver qre SOURCE (--lambda L | --fit COUNTS) [--param NAME=VALUE ...] [--format text|json]
    gamesolver correlated SOURCE [--coarse] [--objective welfare|PLAYER] [--vertices]
        [--param NAME=VALUE ...] [--format text|json]
    gamesolver refine SOURCE [--method M] [--param NAME=VALUE ...] [--format text|json]

Each command lives in its own module of this package (``solver/cli/<module>.py``),
which exposes ``add_parser(sub, common)`` (adding its subparser(s), each with
``set_defaults(run=...)``) and is named in :data:`COMMAND_MODULES`; shared argument
types and the lookup of SOURCE are in :mod:`solver.cli.common`.

``SOURCE`` is a game file (``.nfg``, ``.efg``, ``.json``) or the name of a game
in the catalogue (``gamesolver list``).  Parameter values are exact decimals or
fractions (``--param kappa=0.8``, ``--param s=2/3``).

``solve --format json`` prints exactly ``json.dumps(solution.to_dict())``, the
object described in docs/command.md ("The JSON object").

Exit status: 0 on success; 2 for bad input or arguments (an unknown method, a
missing or malformed file, a bad parameter), with one line on standard error
starting ``gamesolver: error:``; 1 for any other failure, also on one line; 130 when
interrupted (Ctrl-C).
Never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from importlib import import_module
from typing import Any, Sequence

from solver.cli import common
from solver.cli.catalogues import CATALOGUE_GROUP, installed_catalogues
from solver.cli.common import PROG
from solver.errors import GameError

__all__ = ["main", "build_parser", "installed_catalogues", "CATALOGUE_GROUP", "COMMAND_MODULES"]

#: The modules of :mod:`solver.cli` that each add one or more commands, in the order
#: ``gamesolver --help`` lists them.
COMMAND_MODULES = ("solve", "show", "draw", "parametric", "check", "region", "uncertainty",
                   "dynamics", "listing", "compare", "repeated", "stackelberg", "qre",
                   "correlated", "refine")


class UsageError(Exception):
    """A bad command line: reported on one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but errors raise :class:`UsageError` instead of printing usage."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The command's argument parser (errors raise instead of exiting)."""
    parser = _Parser(prog=PROG, description="Model strategic situations as games, solve "
                                            "them exactly, and explain the choices.")
    from solver import __version__
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        import_module(f"solver.cli.{name}").add_parser(sub, common)
    return parser


def _one_line(message: Any) -> str:
    return " ".join(str(message).split()) or "unknown error"


def _run_with_progress(args, out, catalogues, err) -> None:
    """Run a command; on a terminal, long computations draw a progress bar on ``err``."""
    if not (hasattr(err, "isatty") and err.isatty()):
        args.run(args, out, catalogues)
        return
    from solver.progress import TerminalBar, listening
    bar = TerminalBar(err)
    try:
        with listening(bar):
            args.run(args, out, catalogues)
    finally:
        bar.close()


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
        _run_with_progress(args, out, found, err)
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
