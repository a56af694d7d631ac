"""What the command's subcommands share: argument types, and finding a game by name.

Each subcommand lives in its own module of :mod:`solver.cli`; this one holds the
argument types (``NAME=VALUE``, exact numbers, ranges), the options every game
command takes (:func:`source_options`), and the lookup of ``SOURCE``: a game file,
or a name in an installed catalogue (:func:`load_source`).
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from solver.errors import GameError

__all__ = ["PROG", "FILE_EXTENSIONS", "param", "read", "exact", "range_arg", "positive_int",
           "source_options",
           "find_catalogue", "load_source", "concrete", "concrete_game", "parametric_game"]

PROG = "gamesolver"
#: Suffixes that make SOURCE a file rather than a catalogue name.
FILE_EXTENSIONS = (".nfg", ".efg", ".json")


# ---------------------------------------------------------------------- argument types
def param(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` with an exact value (``kappa=0.8``, ``s=2/3``)."""
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name or not value:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=VALUE (e.g. kappa=0.8)")
    if not name.isidentifier():
        raise argparse.ArgumentTypeError(f"{name!r} is not a parameter name")
    read(value, f"the value of {name}")
    return name, value


def read(text: str, what: str):
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


def exact(text: str) -> str:
    """An exact number, checked and kept as the text given."""
    read(text, "the value")
    return text


def range_arg(text: str) -> tuple[str, tuple[str, str]]:
    """``NAME=LOW:HIGH`` with exact ends."""
    name, sep, rest = text.partition("=")
    low, colon, high = rest.partition(":")
    name, low, high = name.strip(), low.strip(), high.strip()
    if not sep or not colon or not name.isidentifier() or not low or not high:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=LOW:HIGH (e.g. s=0:1/2)")
    return name, (exact(low), exact(high))


def positive_int(text: str) -> int:
    """A positive whole number of at most 9 digits (a count, an index, a limit)."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) > 9 or int(digits) < 1:
        raise argparse.ArgumentTypeError(
            f"expected a positive whole number of at most 9 digits, got {text[:40]!r}")
    return int(digits)


def source_options(p: argparse.ArgumentParser, formats=("text", "json")) -> None:
    """SOURCE, ``--param NAME=VALUE`` (repeatable) and ``--format``."""
    p.add_argument("source", metavar="SOURCE",
                   help="a game file (.nfg, .efg, .json) or a catalogue name")
    p.add_argument("--param", action="append", type=param, default=[],
                   metavar="NAME=VALUE", help="a parameter value (repeatable)")
    p.add_argument("--format", choices=formats, default="text", help="output format")


# ---------------------------------------------------------------------- games
def find_catalogue(catalogues: list, name: str):
    """The first catalogue that has a game called ``name``, or a GameError."""
    for catalogue in catalogues:
        if name in catalogue.names():
            return catalogue
    if not catalogues:
        raise GameError(f"{name!r} is not a game file, and no catalogue of games is installed "
                        f"(reinstall the package: pip install gamesolver)")
    raise GameError(f"{name!r} is neither a game file nor a game in the catalogue "
                    f"(`{PROG} list` shows the names)")


def load_source(source: str, params: dict[str, str], catalogues: list, *,
                normalize_chance: bool = False):
    """The game named by SOURCE and the catalogue it came from (None for a file);
    ``normalize_chance`` rescales an ``.efg`` file's rounded chance probabilities."""
    path = Path(source)
    looks_like_path = (path.suffix.lower() in FILE_EXTENSIONS or os.sep in source
                       or (os.altsep is not None and os.altsep in source))
    if path.is_dir():
        raise GameError(f"{source}: is a folder, not a game file")
    if path.is_file() or looks_like_path:
        from solver.io.files import load
        return load(path, normalize_chance=normalize_chance), None
    catalogue = find_catalogue(catalogues, source)
    return catalogue.get(source, **params), catalogue


def concrete(game, params: dict[str, str], catalogue):
    """A file's game with the command line's ``--param`` values substituted (a catalogue
    game already has them)."""
    if params and catalogue is None:
        if not hasattr(game, "substitute"):
            raise GameError("this game has no parameters to set")
        game = game.substitute(params)
    return game


def concrete_game(args, catalogues):
    """SOURCE with its ``--param`` values, and every other parameter at its default."""
    params = dict(args.param)
    game, catalogue = load_source(args.source, params, catalogues)
    game = concrete(game, params, catalogue)
    if getattr(game, "parametric", False):
        game = game.substitute(defaults=True)
    return game


def parametric_game(args, catalogues):
    """The game of a thresholds/sweep command, the other parameters' values, and the
    moved parameter's range (from the command line, else from the game's own
    parameter descriptions)."""
    params = dict(args.param)
    if args.parameter in params:
        raise GameError(f"{args.parameter} is the parameter being moved; do not also give "
                        f"--param {args.parameter}=...")
    game, _ = load_source(args.source, {}, catalogues)
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
