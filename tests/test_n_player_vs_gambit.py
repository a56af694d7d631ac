"""Polynomial support enumeration against pygambit 16.7 on random three-player games.

For 2x2x2 and 3x2x2 games with random integer payoffs, every profile pygambit's
``enumpoly``, ``gnm`` and ``logit`` return must be among the equilibria of
:func:`solver.algorithms.polynomial_support.polynomial_support_enumeration`:

* a profile whose regret is at most ``PRECISE`` times the player's payoff range (an
  equilibrium to float precision) must be within ``MATCH`` (1e-6) of one of ours;
* a profile with a larger regret is not an equilibrium but an approximation of one
  (``enumpoly`` accepts a regret up to 1e-4 of the range and then may report a
  probability of 0.001 as 0; ``logit`` stops at 1e-8): it must be within ``NEAR``
  (1e-2) of one of ours.

Conversely, the equilibria of ours that ``enumpoly`` misses are counted; each is
checked independently (exact regret 0 for rational ones; for irrational ones the
regret evaluated at 60 digits).  pygambit runs in a subprocess with a timeout
(``TIMEOUT`` seconds per call): it can hang, and a case it does not finish is skipped,
saying which solver did not finish.  Run the many-seed cases with ``-m slow -s`` to
see the counts.
"""
from __future__ import annotations

import json
import select
import subprocess
import sys
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pytest
import sympy

import solver
from solver.algorithms.polynomial_support import polynomial_support_enumeration
from solver.forms.profiles import regret

pytest.importorskip("pygambit")

#: Seconds a pygambit solver may take on one game before the case is skipped.
TIMEOUT = 20
#: Largest regret, relative to the player's payoff range, of a float profile taken as
#: an equilibrium to float precision.
PRECISE = 1e-9
#: Largest distance (in any probability) between a precise profile and ours.
MATCH = 1e-6
#: Largest distance between an approximate profile and ours.
NEAR = 1e-2

_WORKER = r"""
import json, sys
import numpy as np
import pygambit as gbt
for line in sys.stdin:
    data = json.loads(line)
    g = gbt.Game.from_arrays(*[np.array(a, dtype=object) for a in data["payoffs"]])
    if data["solver"] == "enumpoly":
        result = gbt.nash.enumpoly_solve(g, use_strategic=True)
    elif data["solver"] == "gnm":
        result = gbt.nash.gnm_solve(g)
    else:
        result = gbt.nash.logit_solve(g, use_strategic=True)
    print(json.dumps([[[float(prof[s]) for s in p.strategies] for p in g.players]
                      for prof in result.equilibria]), flush=True)
"""


class GambitWorker:
    """pygambit in a child process, one JSON line per game; killed and restarted when a
    solver does not answer in time."""

    def __init__(self):
        self.proc = None

    def solve(self, payoffs: list, solver_name: str, timeout: float = TIMEOUT):
        """The profiles (lists of lists of floats), or None if it did not finish."""
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                         text=True)
        self.proc.stdin.write(json.dumps({"payoffs": payoffs, "solver": solver_name}) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.close()
            return None
        return json.loads(line)

    def close(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


@pytest.fixture(scope="module")
def gambit():
    worker = GambitWorker()
    yield worker
    worker.close()


def random_payoffs(seed: int, shape: tuple, bound: int = 1000) -> list:
    """Integer payoffs in [-bound, bound], one table per player."""
    rng = np.random.default_rng(seed)
    return [rng.integers(-bound, bound + 1, shape).tolist() for _ in shape]


def relative_regret(game, probs) -> float:
    """The largest regret of a float profile (read exactly, renormalised), relative to
    the player's payoff range."""
    exact = [[Fraction(x) for x in pr] for pr in probs]
    exact = [[x / sum(pr) for x in pr] for pr in exact]
    return max(float(r) / span for r, span in zip(regret(game, exact), game.player_ranges))


def distance(a, b) -> float:
    return max(abs(float(x) - float(y)) for p, q in zip(a, b) for x, y in zip(p, q))


def independent_regret(game, eq, digits: int = 60) -> float:
    """The equilibrium's largest regret relative to the payoff range, recomputed from
    the game's payoffs with each probability evaluated at ``digits`` digits."""
    probs = [[sympy.N(sympy.sympify(p), digits) for p in pr] for pr in eq.probabilities]
    worst = 0.0
    tables = [np.array(t.tolist(), dtype=object) for t in game.payoffs]
    for i, span in enumerate(game.player_ranges):
        values = []
        for s in range(game.shape[i]):
            total = 0
            for cell in np.ndindex(*game.shape):
                if cell[i] != s:
                    continue
                w = 1
                for j, t in enumerate(cell):
                    if j != i:
                        w *= probs[j][t]
                total += sympy.Rational(str(tables[i][cell])) * w
            values.append(total)
        expected = sum(p * v for p, v in zip(probs[i], values))
        worst = max(worst, float((max(values) - expected) / span))
    return worst


@dataclass
class Comparison:
    """How pygambit's profiles and ours correspond on one game."""
    matched: dict = field(default_factory=dict)       # solver -> profiles within MATCH
    approximate: dict = field(default_factory=dict)   # solver -> profiles within NEAR
    unmatched: dict = field(default_factory=dict)     # solver -> [(profile, regret)]
    missed_by_enumpoly: list = field(default_factory=list)  # ours, not found by enumpoly
    timeouts: list = field(default_factory=list)
    profiles: dict = field(default_factory=dict)      # solver -> its profiles


def support_of(prof, tol: float = MATCH) -> tuple:
    return tuple(tuple(k for k, x in enumerate(pr) if x > tol) for pr in prof)


def compare(gambit, payoffs, ours, solvers=("enumpoly", "gnm", "logit")) -> Comparison:
    """pygambit's profiles against ours.  When ours is incomplete (a continuum), a
    profile on the support of a reported continuum counts as approximate."""
    game = ours.game
    continua = {tuple(c["support"]) for c in ours.extra["continua"]}
    found = [[[float(p) for p in pr] for pr in eq.probabilities] for eq in ours]
    out = Comparison()
    for name in solvers:
        theirs = gambit.solve(payoffs, name)
        if theirs is None:
            out.timeouts.append(name)
            continue
        out.profiles[name] = theirs
        out.matched[name] = out.approximate[name] = 0
        out.unmatched[name] = []
        for prof in theirs:
            nearest = min((distance(prof, f) for f in found), default=1.0)
            r = relative_regret(game, prof)
            if nearest <= MATCH:
                out.matched[name] += 1
            elif (r > PRECISE and nearest <= NEAR) or support_of(prof) in continua:
                out.approximate[name] += 1
            else:
                out.unmatched[name].append((prof, r))
        if name == "enumpoly":
            out.missed_by_enumpoly = [eq for eq, f in zip(ours, found)
                                      if all(distance(prof, f) > MATCH for prof in theirs)]
    return out


def check_against_gambit(gambit, seed, shape):
    payoffs = random_payoffs(seed, shape)
    game = solver.NormalFormGame([np.array(t, dtype=object) for t in payoffs])
    ours = polynomial_support_enumeration(game)
    assert len(ours) >= 1                                 # Nash: there is one
    assert all(r == 0 for eq in ours for r in eq.regret)
    result = compare(gambit, payoffs, ours)
    for name, lost in result.unmatched.items():
        assert not lost, f"{name} found equilibria that are not ours: {lost}"
    for eq in result.missed_by_enumpoly:
        assert eq.exact and independent_regret(game, eq) <= 1e-40
    if result.timeouts:
        pytest.skip(f"pygambit's {', '.join(result.timeouts)} did not finish within "
                    f"{TIMEOUT} s (the other solvers' profiles were all ours)")
    return ours, result


DEFAULT_CASES = [((2, 2, 2), s) for s in range(32)] + [((3, 2, 2), s) for s in range(16)]


@pytest.mark.parametrize("shape, seed", DEFAULT_CASES)
def test_every_profile_pygambit_finds_is_ours(gambit, shape, seed):
    check_against_gambit(gambit, seed, shape)


def test_an_equilibrium_enumpoly_misses_is_found_and_exact(gambit):
    """Seed 17: a 2x2x2 game with an irrational totally mixed equilibrium, found by gnm;
    pygambit 16.7's enumpoly returns the two others only."""
    import pygambit
    ours, result = check_against_gambit(gambit, 17, (2, 2, 2))
    assert len(ours) == 3 and ours.complete
    mixed = [eq for eq in ours if all(len(s) == 2 for s in eq.support)]
    assert len(mixed) == 1 and mixed[0].is_algebraic
    assert result.matched["gnm"] == 3              # gnm finds all three
    if pygambit.__version__.startswith("16.7"):
        assert result.missed_by_enumpoly == mixed


def test_nau_2004_unique_irrational_equilibrium():
    """Nau, Gomez Canovas and Hansen (2004), section 4 (pygambit's catalogue): a 2x2x2
    game whose only equilibrium is irrational; Player 1's first strategy has
    probability (53 - sqrt(601))/46."""
    gbt = pytest.importorskip("pygambit")
    sol = solver.solve(gbt.catalog.load("journals/ijgt/nau2004/sec4"), "enumerate")
    assert len(sol) == 1 and sol.complete and sol.exact
    (eq,) = sol
    assert eq.is_algebraic and all(r == 0 for r in eq.regret)
    assert sympy.simplify(eq.probabilities[0][0] - (53 - sympy.sqrt(601)) / 46) == 0
    assert independent_regret(sol.game, eq) <= 1e-40


def test_nau_2004_continuum_of_totally_mixed_equilibria_is_not_called_all(gambit):
    """Nau et al. (2004), section 5: a continuum of completely mixed equilibria.  The
    solution is marked incomplete, names the full support as a one-dimensional set
    and lists certified samples of it; pygambit 16.7's enumpoly lists the three pure
    equilibria only."""
    gbt = pytest.importorskip("pygambit")
    sol = solver.solve(gbt.catalog.load("journals/ijgt/nau2004/sec5"), "enumerate")
    payoffs = [[int(x) for x in np.array(t.tolist(), dtype=object).flat] for t in sol.game.payoffs]
    payoffs = [np.array(t).reshape(sol.game.shape).tolist() for t in payoffs]
    theirs = gambit.solve(payoffs, "enumpoly")
    if theirs is not None and gbt.__version__.startswith("16.7"):
        assert len(theirs) == 3 and all(max(pr) == 1 for prof in theirs for pr in prof)
    assert not sol.complete and sol.to_dict()["complete"] is False
    full = [c for c in sol.extra["continua"] if c["support"] == ((0, 1), (0, 1), (0, 1))]
    assert len(full) == 1 and full[0]["dimension"] == 1 and len(full[0]["samples"]) == 3
    for k in full[0]["samples"]:
        assert all(p > 0 for pr in sol[k].probabilities for p in pr)
        assert sol[k].regret == (0, 0, 0)
    assert any("Player 1: Top, Bottom; Player 2: Left, Right; Player 3: 1, 2" in n
               and "continuum" in n for n in sol.notes)


SLOW_CASES = [((2, 2, 2), 1000, range(32, 300)), ((3, 2, 2), 1000, range(16, 200)),
              ((2, 2, 2), 2, range(100)), ((3, 2, 2), 2, range(60))]


@pytest.mark.slow
@pytest.mark.parametrize("shape, bound, seeds", SLOW_CASES,
                         ids=["2x2x2", "3x2x2", "2x2x2-degenerate", "3x2x2-degenerate"])
def test_many_random_games(gambit, shape, bound, seeds):
    """Counts over many seeds (printed; run with -s): games, degenerate ones, those with
    a continuum (incomplete), games in which enumpoly misses an equilibrium of ours
    (among those without a continuum), approximate profiles, timeouts.  Payoffs in
    [-2, 2] make most games degenerate."""
    counts = dict.fromkeys(("games", "degenerate", "incomplete", "timeouts", "approximate",
                            "nondegenerate_compared", "enumpoly_misses", "missed_totally_mixed",
                            "missed_equilibria", "missed_found_by_gnm"), 0)
    for seed in seeds:
        payoffs = random_payoffs(seed, shape, bound)
        game = solver.NormalFormGame([np.array(t, dtype=object) for t in payoffs])
        ours = polynomial_support_enumeration(game)
        result = compare(gambit, payoffs, ours)
        counts["games"] += 1
        counts["degenerate"] += bool(ours.degenerate)
        counts["incomplete"] += not ours.complete
        counts["timeouts"] += len(result.timeouts)
        counts["approximate"] += sum(result.approximate.values())
        for name, lost in result.unmatched.items():
            assert not lost, f"seed {seed}: {name} found equilibria that are not ours: {lost}"
        for eq in result.missed_by_enumpoly:
            assert independent_regret(game, eq) <= 1e-40
        if ours.degenerate or "enumpoly" in result.timeouts:
            continue
        # a non-degenerate game: finitely many equilibria, all listed
        assert ours.complete
        counts["nondegenerate_compared"] += 1
        missed = result.missed_by_enumpoly
        counts["enumpoly_misses"] += bool(missed)
        counts["missed_totally_mixed"] += any(
            all(len(s) == m for s, m in zip(eq.support, shape)) for eq in missed)
        counts["missed_equilibria"] += len(missed)
        counts["missed_found_by_gnm"] += sum(
            any(distance(prof, eq.probabilities) <= MATCH for prof in result.profiles.get("gnm", []))
            for eq in missed)
    print(f"\n{'x'.join(map(str, shape))}, payoffs in [-{bound}, {bound}]: {counts}")
