"""``gamesolver stackelberg``: the value of commitment in a two-player normal form.

::

    gamesolver stackelberg SOURCE [--leader PLAYER] [--mixed] [--param NAME=VALUE ...]
        [--format text|json]

The leader commits first (to a pure action, or with ``--mixed`` to a mixed strategy);
the follower best-responds, breaking ties in the leader's favour (strong Stackelberg
equilibrium).  The output compares the leader's value with its payoffs in the game's
Nash equilibria, computed by :func:`solver.solve`.
"""
from __future__ import annotations

import json

from solver.cli.common import concrete_game, source_options

__all__ = ["add_parser", "run"]


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("stackelberg", help="the value of commitment: a leader commits, the "
                                           "follower best-responds",
                       description="strong Stackelberg equilibrium of a two-player normal "
                                   "form: pure commitment, or with --mixed the optimal mixed "
                                   "commitment (Conitzer and Sandholm 2006, exact LPs), "
                                   "compared with the leader's Nash payoffs")
    source_options(p, ("text", "json"))
    p.add_argument("--leader", default=None, metavar="PLAYER",
                   help="the leader's name or number (1 or 2; default the row player)")
    p.add_argument("--mixed", action="store_true",
                   help="commit to a mixed strategy (default: a pure action)")
    p.set_defaults(run=run)


def run(args, out, catalogues) -> None:
    import solver
    from solver.algorithms.stackelberg import stackelberg
    from solver.errors import GameError
    from solver.numbers import format_number
    game = concrete_game(args, catalogues)
    leader = 0
    if args.leader is not None:
        text = args.leader.strip()
        if text.isdigit():
            leader = int(text) - 1
            if leader not in (0, 1):
                raise GameError(f"--leader {text}: the game has players 1 and 2")
        else:
            leader = text
    result = stackelberg(game, leader, mixed=args.mixed)
    nash = solver.solve(game)
    li = game.players.index(result.leader)
    values = sorted({eq.payoffs[li] for eq in nash.equilibria})
    best = max(values) if values else None
    if args.format == "json":
        d = result.to_dict()
        d["nash_leader_payoffs"] = [format_number(v) for v in values]
        d["nash_complete"] = nash.complete
        print(json.dumps(d), file=out)
        return
    print(str(result), file=out)
    if best is not None:
        listed = ", ".join(format_number(v) for v in values)
        scope = "all" if nash.complete else "the"
        gain = result.leader_value - best
        verdict = (f"commitment is worth {format_number(gain)} more to {result.leader} than its "
                   "best Nash payoff" if gain > 0 else
                   f"commitment gains {result.leader} nothing over its best Nash payoff")
        print(f"In {scope} Nash equilibria found ({nash.method}), {result.leader} gets "
              f"{listed}: {verdict}.", file=out)
