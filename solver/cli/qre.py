"""``gamesolver qre``: the logit quantal response equilibrium at a precision, or the
precision that best fits observed choices."""
from __future__ import annotations

import json

from solver.cli.common import concrete_game, source_options
from solver.errors import GameError

__all__ = ["add_parser", "run", "parse_counts"]


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("qre", help="logit quantal response equilibrium at a lambda, or the "
                                   "lambda fitted to observed choices",
                       description="the logit QRE on the principal branch at precision "
                                   "--lambda, or the maximum-likelihood lambda for observed "
                                   "choice counts (--fit); trees get the agent QRE")
    source_options(p, ("text", "json"))
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--lambda", dest="lam", metavar="L",
                      help="the precision lambda >= 0 (on the game's payoff scale)")
    what.add_argument("--fit", metavar="COUNTS",
                      help="choice counts: players separated by ';', a tree player's "
                           "information sets by '/', counts by ',' in strategy order or as "
                           "LABEL:COUNT (e.g. '30,70; C:40,D:60')")
    p.set_defaults(run=run)


def parse_counts(game, text: str) -> list:
    """The ``--fit`` text as counts in the shape :func:`solver.fit_qre` takes."""
    parts = [part.strip() for part in text.split(";")]
    if len(parts) != game.n_players:
        raise GameError(f"--fit: {len(parts)} part(s) separated by ';' for "
                        f"{game.n_players} players")
    out = []
    for i, part in enumerate(parts):
        if game.form == "normal":
            out.append(_entries(part, f"--fit, {game.players[i]!r}"))
        else:
            sets = [s.strip() for s in part.split("/")]
            out.append([_entries(s, f"--fit, {game.players[i]!r}, information set {k + 1}")
                        for k, s in enumerate(sets)])
    return out


def _entries(text: str, where: str):
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise GameError(f"{where}: no counts")
    labelled = [":" in t for t in items]
    if any(labelled) and not all(labelled):
        raise GameError(f"{where}: give every count as LABEL:COUNT or none")
    from solver.numbers import read_number

    def number(t):
        x = read_number(t, where)
        if x is None:
            raise GameError(f"{where}: {t!r} is not a number")
        return x
    if all(labelled):
        return {lab.strip(): number(v.strip()) for lab, v in (t.split(":", 1) for t in items)}
    return [number(t) for t in items]


def run(args, out, catalogues) -> None:
    from solver.algorithms.qre import qre
    from solver.algorithms.qre_fit import fit_qre
    game = concrete_game(args, catalogues)
    if args.lam is not None:
        from solver.numbers import read_number
        lam = read_number(args.lam, "--lambda")
        if lam is None:
            raise GameError(f"--lambda must be a number, got {args.lam!r}")
        result = qre(game, lam)
    else:
        result = fit_qre(game, parse_counts(game, args.fit))
    print(json.dumps(result.to_dict()) if args.format == "json" else str(result), file=out)
