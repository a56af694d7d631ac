"""``gamesolver repeated``: a stage game repeated, under a strategy profile.

::

    gamesolver repeated SOURCE [--strategy grim|tit-for-tat|punish:K|FILE.json]
        [--horizon T] [--discount D] [--cooperate C,C] [--punish D,D]
        [--param NAME=VALUE ...] [--plot folk.png] [--format text|json]

Infinite horizon (the default): the discount factors at which the profile is subgame
perfect, exactly, and the verdict at ``--discount`` when given.  ``--horizon T``: the
``T``-period game by backward induction.  Both print the minmax values and the feasible,
individually rational payoffs; ``--plot`` draws them (two players, matplotlib).

A catalogue scenario registered with its own repeated-game analysis
(``repeated-restraint``) is analysed with its own profile unless ``--strategy`` is
given.  A stage game that carries a parameter ``delta`` which its payoffs do not use
takes it as the discount factor.
"""
from __future__ import annotations

import json
from pathlib import Path

from solver.cli.common import concrete, exact, load_source, source_options
from solver.errors import GameError

__all__ = ["add_parser", "run"]


def add_parser(sub, common=None) -> None:
    p = sub.add_parser("repeated", help="a stage game repeated: when is a strategy profile "
                                        "subgame perfect?",
                       description="the discount factors at which a profile (grim trigger, "
                                   "tit-for-tat, k-period punishment or an automaton in a JSON "
                                   "file) is a subgame-perfect equilibrium of the repeated game, "
                                   "exactly; with --horizon, backward induction over T periods; "
                                   "and the folk-theorem picture")
    source_options(p, ("text", "json"))
    p.add_argument("--strategy", default=None, metavar="STRATEGY",
                   help="grim, tit-for-tat, punish:K, or an automaton file (.json); default "
                        "grim, or a catalogue scenario's own profile")
    p.add_argument("--horizon", type=int, default=None, metavar="T",
                   help="play T periods (default: for ever)")
    p.add_argument("--discount", type=exact, default=None, metavar="D",
                   help="the discount factor (exact, e.g. 0.9); an infinite horizon reports "
                        "the verdict there")
    p.add_argument("--cooperate", default=None, metavar="A,B",
                   help="the built-ins' cooperative profile (default: the largest payoff sum)")
    p.add_argument("--punish", default=None, metavar="A,B",
                   help="the built-ins' punishment profile (default: the worst pure stage "
                        "equilibrium)")
    p.add_argument("--plot", default=None, metavar="FILE",
                   help="draw the feasible and individually rational payoffs (PNG, PDF, SVG)")
    p.set_defaults(run=run)


def _automaton(text: str):
    from solver.analysis.repeated_strategies import Automaton
    path = Path(text)
    if path.suffix.lower() != ".json":
        return text
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise GameError(f"{text}: cannot read the automaton file ({e.strerror})") from None
    except json.JSONDecodeError as e:
        raise GameError(f"{text}, line {e.lineno}: not JSON ({e.msg})") from None
    if not isinstance(data, dict):
        raise GameError(f"{text}: an automaton file holds one JSON object")
    return Automaton.from_dict(data)


def run(args, out, catalogues) -> None:
    from solver.analysis.repeated import RepeatedAnalysis, solve_repeated
    from solver.analysis.repeated_folk import folk_theorem
    from solver.forms.repeated import RepeatedGame
    params = dict(args.param)
    game, catalogue = load_source(args.source, params, catalogues)
    game = concrete(game, params, catalogue)
    if getattr(game, "form", None) != "normal":
        raise GameError(f"{args.source}: a repeated game needs a normal-form stage game")
    if args.horizon is not None and args.horizon < 1:
        raise GameError(f"--horizon must be a whole number >= 1, got {args.horizon}")
    discount = args.discount
    if discount is None and "delta" not in game.symbols and "delta" in game.parameters:
        discount = params.get("delta", game.parameters["delta"])
    stage = game.substitute(defaults=True) if game.parametric else game
    hook = None
    if args.strategy is None and catalogue is not None and hasattr(catalogue, "entry"):
        hook = getattr(catalogue.entry(args.source), "analysis", None)
    if hook is not None and args.horizon is None:
        values = dict(params)
        if discount is not None:
            values["delta"] = discount
        eq = hook(**values)
        analysis = RepeatedAnalysis(f"{stage.title or args.source}, repeated for ever",
                                    eq.strategy, eq, None, folk_theorem(stage))
    else:
        strategy = _automaton(args.strategy) if args.strategy else "grim"
        if args.horizon is None:
            repeated = RepeatedGame(stage, discount=discount)
        else:
            repeated = RepeatedGame(stage, horizon=args.horizon, discount=discount)
        analysis = solve_repeated(repeated, strategy, cooperate=args.cooperate,
                                  punish=args.punish)
    if args.plot:
        _plot(analysis, args.plot)
    if args.format == "json":
        print(json.dumps(analysis.to_dict()), file=out)
    else:
        print(str(analysis), file=out)
        if args.plot:
            print(f"\nPicture written to {args.plot}.", file=out)


def _plot(analysis, path) -> None:
    from solver.io.folk_plot import plot_folk
    if analysis.feasible is None:
        raise GameError("the folk-theorem picture needs exact payoffs")
    point, label = None, ""
    eq = analysis.equilibrium
    if eq is not None and len(eq.path[1]) == 1 and not eq.path[0]:
        if all(getattr(v, "is_number", True) for v in eq.payoffs):
            point, label = [float(v) for v in eq.payoffs], f"{eq.strategy} (on the path)"
    plot_folk(analysis.feasible, path, point=point, point_label=label)
