"""The logit QRE path against pygambit's (C++) on normal forms and trees (not a test).

Normal forms: random 3-player 4x4x4, 5-player 2x2x2x2x2 and two-player 8x8 games,
payoffs integers 0..99, ``numpy.random.default_rng(seed)``, the same for every method.

* ``ours-path``: ``solver.qre_path(game)``, the branch followed from the centroid
  until every regret is at most 1e-8 times the payoff range - what pygambit's
  ``logit_solve`` (``gambit-logit``, the same branch in C++, same stopping rule and
  step controls) does.  Their ratio is the cost of the path itself.
* ``ours``: ``solver.solve(game, "qre")`` - the branch followed towards its limit
  and refined to an exact, exactly certified Nash equilibrium
  (:mod:`solver.algorithms.qre_nash`); ``ours-float`` is the same with the limit
  only polished in floating point (``logit_nash(game, exact=False)``), so that
  ``ours`` minus ``ours-float`` is what the exact refinement costs.
* Other anchors: pygambit 16.7's ``gnm_solve`` (global Newton), ``ipa_solve``
  (iterated polymatrix approximation) and ``simpdiv_solve`` (simplicial subdivision),
  and, when QuantEcon is installed (the ``bench`` extra), ``mclennan_tourky`` (an
  epsilon-equilibrium by the McLennan-Tourky imitation game, epsilon 1e-6).

Trees (the agent QRE, in behaviour strategies): a random 31-node two-player tree with
chance and imperfect information (one per seed), and Kuhn poker from the catalogue:
``ours-path`` against ``gambit-logit`` as above, and ``ours-lambda``
(``solver.qre(tree, lam)``) against ``gambit-lambda`` (``logit_solve_lambda``) at
``--tree-lambda``.  ``--leduc`` adds Leduc poker (9457 nodes, 2184 actions):
``ours-lambda`` only unless ``gambit-lambda`` is named in ``--methods`` (pygambit
takes minutes there).

Usage::

    python benchmarks/qre.py                 # 3 seeds per size
    python benchmarks/qre.py --seeds 10      # more games
    python benchmarks/qre.py --quick         # one seed, a few seconds
    python benchmarks/qre.py --methods ours-path,gambit-logit --no-trees
    python benchmarks/qre.py --leduc --no-normal

Each (method, game) job runs in a forked child with a time limit
(``benchmarks/harness.py``); the time is the median of up to ``--repeats`` runs.
Every normal-form answer's regret is recomputed here in floating point (relative to
the payoff range), and the largest probability difference of ours from pygambit's
``logit_solve`` (or ``logit_solve_lambda``) is shown (the same branch should end at
the same point).  Ratios are ``ours / anchor`` of the median times over the games
both solved (above 1: ours is slower); the machine's load average is printed first.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import warnings
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from harness import run_job  # noqa: E402

SHAPES = {"4x4x4": (4, 4, 4), "2^5": (2, 2, 2, 2, 2), "8x8": (8, 8)}


@dataclass(frozen=True)
class Method:
    """What :func:`harness.run_job` needs: build the library's game, solve it, extract
    the profiles (per player, a list of probabilities)."""

    key: str
    build: Callable
    solve: Callable
    extract: Callable
    fresh_build: bool = False
    cleanup: Callable | None = None


@dataclass(frozen=True)
class Game:
    seed: int
    pay: np.ndarray             # shape (n,) + shape, integers

    @property
    def shape(self):
        return self.pay.shape[1:]


def make_game(shape, seed: int) -> Game:
    rng = np.random.default_rng(seed)
    return Game(seed, rng.integers(0, 100, size=(len(shape),) + tuple(shape)))


# ---------------------------------------------------------------------- methods
def _ours_build(g: Game):
    from solver import NormalFormGame
    return NormalFormGame(list(g.pay))


def _ours_solve(game):
    from solver import solve
    return solve(game, "qre")


def _ours_float_solve(game):
    from solver.algorithms.qre_nash import logit_nash
    return logit_nash(game, exact=False)


def _ours_path_solve(game):
    from solver import qre_path
    return qre_path(game)


def _ours_path_extract(path, g):
    probs = [[float(p) for p in pr] for pr in path.last.probabilities]
    return [probs], {"exact": False, "refinement": f"path, {len(path)} points, "
                     f"lambda {path.lambdas[-1]:.3g}"}


def _ours_extract(sol, g):
    eq = sol[0]
    probs = [[p if isinstance(p, Fraction) else float(p) for p in pr] for pr in eq.probabilities]
    return [probs], {"exact": sol.exact, "refinement": sol.extra.get("refinement")}


def _gambit_build(g: Game):
    import pygambit as gbt
    return gbt.Game.from_arrays(*[g.pay[i] for i in range(len(g.shape))])


def _gambit(kind: str):
    def solve(game):
        import pygambit as gbt
        if kind == "logit":
            return gbt.nash.logit_solve(game)
        if kind == "gnm":
            return gbt.nash.gnm_solve(game)
        if kind == "ipa":
            return gbt.nash.ipa_solve(game)
        return gbt.nash.simpdiv_solve(game.mixed_strategy_profile(rational=True))
    return solve


def _gambit_extract(res, g: Game):
    out = []
    for eq in res.equilibria[:1]:
        game = eq.game
        out.append([[float(eq[s]) for s in player.strategies] for player in game.players])
    return out, {"found": len(res.equilibria)}


def _qe_build(g: Game):
    import quantecon.game_theory as gt
    n = len(g.shape)
    players = [gt.Player(np.transpose(g.pay[i].astype(float),
                                      [(i + k) % n for k in range(n)])) for i in range(n)]
    return gt.NormalFormGame(players)


def _qe_solve(game):
    import quantecon.game_theory as gt
    return gt.mclennan_tourky(game, epsilon=1e-6, max_iter=10_000)


def _qe_extract(raw, g: Game):
    return [[[float(p) for p in pr] for pr in raw]], {}


METHODS = {
    "ours": Method("ours", _ours_build, _ours_solve, _ours_extract),
    "ours-float": Method("ours-float", _ours_build, _ours_float_solve, _ours_extract),
    "ours-path": Method("ours-path", _ours_build, _ours_path_solve, _ours_path_extract),
    "gambit-logit": Method("gambit-logit", _gambit_build, _gambit("logit"), _gambit_extract),
    "gambit-gnm": Method("gambit-gnm", _gambit_build, _gambit("gnm"), _gambit_extract),
    "gambit-ipa": Method("gambit-ipa", _gambit_build, _gambit("ipa"), _gambit_extract),
    "gambit-simpdiv": Method("gambit-simpdiv", _gambit_build, _gambit("simpdiv"),
                             _gambit_extract),
    "qe-mclennan-tourky": Method("qe-mclennan-tourky", _qe_build, _qe_solve, _qe_extract),
}
NEEDS = {"gambit": "pygambit", "qe": "quantecon"}


def available(key: str) -> bool:
    module = NEEDS.get(key.split("-")[0])
    if module is None:
        return True
    try:
        __import__(module)
        return True
    except ImportError:
        return False


# ---------------------------------------------------------------------- trees
@dataclass(frozen=True)
class Tree:
    name: str
    game: Any                   # our ExtensiveFormGame
    lam: float


def random_tree(seed: int):
    """A two-player tree of 31 nodes: chance deals one of two types, the informed
    player 1 moves, player 2 answers knowing only the move (two sets of two nodes),
    and after his third answer player 1 moves again; payoffs integers 0..99."""
    from solver import TreeBuilder

    rng = np.random.default_rng(seed)

    def pay():
        return tuple(int(v) for v in rng.integers(0, 100, size=2))

    b = TreeBuilder(players=("1", "2"), title=f"random tree {seed}")
    root = b.chance({"t1": "1/3", "t2": "2/3"})
    for t in ("t1", "t2"):
        first = b.decision("1", ("A", "B"), parent=root[t], infoset=f"1{t}")
        for a in ("A", "B"):
            answer = b.decision("2", ("L", "M", "R"), parent=first[a], infoset=f"2{a}")
            b.terminal(answer, "L", payoffs=pay())
            b.terminal(answer, "M", payoffs=pay())
            again = b.decision("1", ("X", "Y", "Z"), parent=answer["R"], infoset=f"1{t}{a}")
            for c in ("X", "Y", "Z"):
                b.terminal(again, c, payoffs=pay())
    return b.build()


def _tree_flat(probabilities):
    return [float(p) for P in probabilities for pr in P for p in pr]


def _ours_tree_path(tree: Tree):
    from solver import qre_path
    return qre_path(tree.game)


def _ours_tree_lambda(tree: Tree):
    from solver import qre
    return qre(tree.game, tree.lam, max_derivatives=10 ** 9)


def _ours_tree_extract(raw, tree):
    if hasattr(raw, "last"):
        return [_tree_flat(raw.last.probabilities)], {"points": len(raw),
                                                      "lambda": raw.lambdas[-1]}
    return [_tree_flat(raw.probabilities)], {"lambda": raw.lam}


def _gambit_tree_build(tree: Tree):
    return tree.game.to_pygambit()


def _gambit_tree_path(game):
    import pygambit as gbt
    eq = gbt.nash.logit_solve(game).equilibria[0]
    return [eq[a] for a in game.actions]


def _gambit_tree_lambda(lam):
    def solve(game):
        import pygambit as gbt
        return gbt.qre.logit_solve_lambda(game, [lam])[0]
    return solve


def _gambit_tree_extract(profile, tree):
    return [[float(profile[k]) for k in range(len(profile))]], {}


def tree_methods(lam: float) -> dict[str, Method]:
    return {
        "ours-path": Method("ours-path", lambda t: t, _ours_tree_path, _ours_tree_extract),
        "gambit-logit": Method("gambit-logit", _gambit_tree_build, _gambit_tree_path,
                               _gambit_tree_extract),
        "ours-lambda": Method("ours-lambda", lambda t: t, _ours_tree_lambda,
                              _ours_tree_extract),
        "gambit-lambda": Method("gambit-lambda", _gambit_tree_build, _gambit_tree_lambda(lam),
                                _gambit_tree_extract),
    }


#: Which pygambit method each of ours is compared with.
PARTNER = {"ours-path": "gambit-logit", "ours-lambda": "gambit-lambda", "ours": "gambit-logit",
           "ours-float": "gambit-logit"}


# ---------------------------------------------------------------------- checking
def regret(g: Game, probs) -> float:
    """The largest player's regret, relative to the payoff range, in floating point."""
    n = len(g.shape)
    sig = [np.asarray([float(p) for p in pr]) for pr in probs]
    worst = 0.0
    for i in range(n):
        t = g.pay[i].astype(float)
        for j in reversed(range(n)):
            if j != i:
                t = np.tensordot(t, sig[j], axes=([j], [0]))
        worst = max(worst, float(t.max() - t @ sig[i]))
    return worst / float(g.pay.max() - g.pay.min())


def _diff(a, b) -> float:
    fa = np.array([float(p) for pr in a for p in (pr if isinstance(pr, list) else [pr])])
    fb = np.array([float(p) for pr in b for p in (pr if isinstance(pr, list) else [pr])])
    return float(np.abs(fa - fb).max()) if fa.shape == fb.shape else float("nan")


def _summary(name: str, keys, times, per_game) -> None:
    print(f"-- {name} summary (median over the games each solved; ratio = ours / anchor, "
          "on the games both solved)")
    for key in keys:
        if not times[key]:
            print(f"  {key:20} no answers")
            continue
        line = f"  {key:20} {statistics.median(times[key]) * 1000:9.1f} ms"
        ratios = []
        mine = [k for k in keys if k.startswith("ours") and (k == "ours" or PARTNER.get(k) == key)]
        for ours in mine if not key.startswith("ours") else []:
            both = [(v[ours], v[key]) for v in per_game.values() if ours in v and key in v]
            if both:
                ratios.append(f"{ours} / {key} = "
                              f"{statistics.median(o / a for o, a in both):.2f}")
        print(line + ("   " + "; ".join(ratios) if ratios else ""))


def _section(title, cases, methods, keys, args, describe) -> None:
    print(f"\n== {title}")
    times: dict[str, list[float]] = {k: [] for k in keys}
    per_game: dict[Any, dict[str, float]] = {}
    for label, case in cases:
        rows = {key: run_job(methods[key], case, repeats=args.repeats, budget=args.budget,
                             timeout=args.timeout) for key in keys}
        per_game[label] = {}
        for key, res in rows.items():
            if res.status != "ok" or not res.profiles:
                why = f"{res.status}: {res.message}" if res.status != "ok" else \
                    "no equilibrium returned"
                print(f"  {label} {key:20} {why}")
                continue
            t = res.median
            times[key].append(t)
            per_game[label][key] = t
            extra = describe(case, key, res)
            partner = rows.get(PARTNER.get(key, ""))
            if partner is not None and partner.status == "ok" and partner.profiles:
                extra += f"  max |ours - {PARTNER[key]}| = " \
                         f"{_diff(res.profiles[0], partner.profiles[0]):.1e}"
            print(f"  {label} {key:20} {t * 1000:9.1f} ms{extra}")
    _summary(title.split(":")[0], keys, times, per_game)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="one seed per size")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--budget", type=float, default=5.0)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--methods", default=",".join(METHODS),
                    help="normal forms: " + ", ".join(METHODS))
    ap.add_argument("--tree-methods", default="ours-path,gambit-logit,ours-lambda,gambit-lambda")
    ap.add_argument("--tree-lambda", type=float, default=2.0)
    ap.add_argument("--no-normal", action="store_true")
    ap.add_argument("--no-trees", action="store_true")
    ap.add_argument("--leduc", action="store_true", help="also Leduc poker (ours-lambda)")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    seeds = range(1 if args.quick else args.seeds)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {load[0]:.2f}; "
          f"Python {platform.python_version()}")
    keys = [k for k in args.methods.split(",") if k]
    for key in keys:
        if not available(key):
            print(f"{key}: not available (skipped)")
    keys = [k for k in keys if available(k)]

    def describe_normal(g, key, res):
        extra = f"  regret {regret(g, res.profiles[0]):.1e}"
        if key.startswith("ours"):
            extra += f"  exact={res.info['exact']} ({res.info['refinement']})"
        return extra

    if not args.no_normal:
        for name, shape in SHAPES.items():
            cases = [(f"seed {seed}", make_game(shape, seed)) for seed in seeds]
            _section(f"{name}: random payoffs 0..99, seeds {list(seeds)}", cases, METHODS,
                     keys, args, describe_normal)
    if not args.no_trees:
        from games import get
        methods = tree_methods(args.tree_lambda)
        tkeys = [k for k in args.tree_methods.split(",") if k and available(k)]

        def describe_tree(t, key, res):
            info = res.info
            if "points" in info:
                return f"  {info['points']} points to lambda {info['lambda']:.3g}"
            return f"  at lambda {info.get('lambda', t.lam):.3g}" if info else ""

        cases = [(f"seed {seed}", Tree(f"random tree {seed}", random_tree(seed),
                                       args.tree_lambda)) for seed in seeds]
        _section(f"tree31: random 31-node trees, lambda {args.tree_lambda:g}", cases, methods,
                 tkeys, args, describe_tree)
        _section(f"kuhn-poker: 55 nodes, lambda {args.tree_lambda:g}",
                 [("kuhn", Tree("kuhn-poker", get("kuhn-poker"), args.tree_lambda))],
                 methods, tkeys, args, describe_tree)
        if args.leduc:
            lkeys = [k for k in tkeys if k == "ours-lambda" or
                     (k == "gambit-lambda" and "gambit-lambda" in args.methods.split(","))]
            _section(f"leduc-poker: 9457 nodes, lambda {args.tree_lambda:g}",
                     [("leduc", Tree("leduc-poker", get("leduc-poker"), args.tree_lambda))],
                     methods, lkeys, args, describe_tree)
    return 0


if __name__ == "__main__":
    sys.exit(main())
