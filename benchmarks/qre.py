"""One equilibrium of games of three or more players by path following (not a test).

Ours: ``solver.solve(game, "qre")`` - the logit QRE branch followed to its limit and
refined to an exact, exactly certified Nash equilibrium
(:mod:`solver.algorithms.qre_nash`); also ``ours-float``, the same path with the
limit only polished in floating point (``logit_nash(game, exact=False)``), which
shows what the exact refinement costs.  Against pygambit 16.7's ``logit_solve`` (the
same branch, in C++), ``gnm_solve`` (global Newton), ``ipa_solve`` (iterated
polymatrix approximation) and ``simpdiv_solve`` (simplicial subdivision), and, when
QuantEcon is installed (the ``bench`` extra), ``mclennan_tourky`` (an
epsilon-equilibrium by the McLennan-Tourky imitation game, epsilon 1e-6).

Games: random 3-player 4x4x4 and 5-player 2x2x2x2x2 games, payoffs integers 0..99,
``numpy.random.default_rng(seed)``, the same for every method.

Usage::

    python benchmarks/qre.py                 # 3 seeds per size
    python benchmarks/qre.py --seeds 10      # more games
    python benchmarks/qre.py --quick         # one seed, a few seconds

Each (method, game) job runs in a forked child with a time limit
(``benchmarks/harness.py``); the time is the median of up to ``--repeats`` runs.
Every answer's regret is recomputed here in floating point (relative to the payoff
range), and the largest probability difference from pygambit's ``logit_solve`` is
shown for ours (the same branch should end at the same equilibrium).  Ratios are
``ours / anchor`` of the median times over the games each solved (above 1: ours is
slower).
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

SHAPES = {"4x4x4": (4, 4, 4), "2^5": (2, 2, 2, 2, 2)}


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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="one seed per size")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--budget", type=float, default=5.0)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--methods", default=",".join(METHODS))
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    seeds = range(1 if args.quick else args.seeds)
    keys = [k for k in args.methods.split(",") if k]
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {load[0]:.2f}; "
          f"Python {platform.python_version()}")
    for key in keys:
        if not available(key):
            print(f"{key}: not available (skipped)")
    keys = [k for k in keys if available(k)]
    for name, shape in SHAPES.items():
        print(f"\n== {name}: random payoffs 0..99, seeds {list(seeds)}")
        times: dict[str, list[float]] = {k: [] for k in keys}
        per_game: dict[int, dict[str, float]] = {}
        for seed in seeds:
            g = make_game(shape, seed)
            rows = {}
            reference = None
            for key in keys:
                res = run_job(METHODS[key], g, repeats=args.repeats, budget=args.budget,
                              timeout=args.timeout)
                rows[key] = res
                if key == "gambit-logit" and res.profiles:
                    reference = res.profiles[0]
            per_game[seed] = {}
            for key, res in rows.items():
                if res.status != "ok" or not res.profiles:
                    why = f"{res.status}: {res.message}" if res.status != "ok" else \
                        "no equilibrium returned"
                    print(f"  seed {seed} {key:20} {why}")
                    continue
                t = res.median
                times[key].append(t)
                per_game[seed][key] = t
                r = regret(g, res.profiles[0])
                extra = ""
                if key.startswith("ours"):
                    extra = f"  exact={res.info['exact']} ({res.info['refinement']})"
                    if reference is not None:
                        diff = max(abs(float(p) - q) for pr, qr in zip(res.profiles[0], reference)
                                   for p, q in zip(pr, qr))
                        extra += f"  max |ours - gambit-logit| = {diff:.1e}"
                print(f"  seed {seed} {key:20} {t * 1000:9.1f} ms  regret {r:.1e}{extra}")
        print(f"-- {name} summary (median over the games each solved; ratio = ours / anchor, "
              "on the games both solved)")
        for key in keys:
            if not times[key]:
                print(f"  {key:20} no answers")
                continue
            line = f"  {key:20} {statistics.median(times[key]) * 1000:9.1f} ms"
            if key != "ours" and times.get("ours"):
                both = [(v["ours"], v[key]) for v in per_game.values() if "ours" in v and key in v]
                if both:
                    ratio = statistics.median(o / a for o, a in both)
                    line += f"   ours / {key} = {ratio:.2f}"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
