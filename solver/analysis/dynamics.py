"""Learning and evolutionary dynamics on two-player normal-form games, run by nashpy.

:func:`dynamics` runs one rule on a game and says where it goes:

* ``"fictitious"``: fictitious play (Brown 1951; Fudenberg and Levine 1998, ch. 2):
  each period each player best-responds to the empirical frequencies of the other's
  past play (ties broken at random).  nashpy's ``Game.fictitious_play``.
* ``"stochastic-fictitious"``: stochastic fictitious play (Fudenberg and Kreps 1993;
  Hofbauer and Sandholm 2002): each plays a logit response, with noise ``etha`` and
  random payoff perturbations up to ``epsilon_bar``, to those frequencies.  nashpy's
  ``Game.stochastic_fictitious_play``.
* ``"regret-matching"``: Hart and Mas-Colell's regret matching
  (:mod:`solver.analysis.regret_matching`; written here, since nashpy's
  ``regret_minimization`` is a different procedure that returns no trajectory).
* ``"replicator"``: the replicator dynamics of one population playing a symmetric game
  against itself (Taylor and Jonker 1978), ``dx_i/dt = x_i ((Ax)_i − xᵀAx)`` with A the
  row player's payoffs.  nashpy's ``Game.replicator_dynamics`` (scipy's ``odeint``).
* ``"asymmetric-replicator"``: two populations, one per player (Hofbauer and Sigmund
  1998, ch. 10).  nashpy's ``Game.asymmetric_replicator_dynamics``.

The exact payoffs are converted to floats once (``game.float_payoffs``) and handed to
``nashpy.Game``; the trajectories are nashpy's own numbers.  The result is compared with
the game's equilibria (:mod:`solver.analysis.dynamics_convergence`).

**Randomness** comes only from ``seed``.  nashpy draws its random tie-breaks and
choices from numpy's global generator (``np.random``), so a run seeds it with ``seed``
and restores its previous state afterwards: the same seed gives the same trajectory,
and code around the run sees the global generator as it was.  (Because that generator
is global, do not run two seeded dynamics in threads of one process at the same time.)
Regret matching draws from ``numpy.random.default_rng(seed)``.  Without a seed one is
drawn from fresh entropy and recorded in ``run.parameters["seed"]``.
"""
from __future__ import annotations

import contextlib
from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np

from solver.analysis.dynamics_convergence import DEFAULT_TOLERANCES, WINDOW, judge
from solver.analysis.dynamics_records import DynamicsRun
from solver.analysis.prose import join_words
from solver.analysis.ess import symmetric_payoffs
from solver.errors import GameError, SolverLimitError
from solver.numbers import to_number

__all__ = ["dynamics", "RULES", "parse_start", "DEFAULT_ITERATIONS", "DEFAULT_HORIZON"]

#: The rules :func:`dynamics` runs.
RULES = ("fictitious", "stochastic-fictitious", "regret-matching", "replicator",
         "asymmetric-replicator")
LEARNING = ("fictitious", "stochastic-fictitious", "regret-matching")

#: Default number of iterations (learning rules) or time steps (replicator rules).
DEFAULT_ITERATIONS = {"learning": 10_000, "replicator": 2_000}
#: Default final time of the replicator rules (time in nashpy's units: payoffs per unit
#: time, so doubling the payoffs halves the time needed).
DEFAULT_HORIZON = 100.0


def _shift(M: np.ndarray) -> float:
    """The constant that makes the smallest payoff of ``M`` equal its range (1 if 0)."""
    span = float(np.ptp(M)) or 1.0
    return span - float(M.min())


@contextlib.contextmanager
def _global_seed(seed: int):
    """Seed numpy's global generator for nashpy, and put its state back afterwards."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def _check_seed(seed) -> int:
    if seed is None:
        return int(np.random.SeedSequence().entropy % 2 ** 32)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or \
            not 0 <= seed < 2 ** 32:
        raise GameError(f"seed: expected an integer from 0 to 2**32 - 1, got {seed!r}")
    return int(seed)


def parse_start(text: str, game, populations: int) -> list:
    """A starting point from the command line's notation: one part per population
    separated by ``;``, each ``label:number`` items separated by ``,``.

    >>> import games
    >>> parse_start("Hawk:9/10,Dove:1/10", games.get("hawk-dove"), 1)
    [{'Hawk': '9/10', 'Dove': '1/10'}]
    """
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if len(parts) not in (1, populations):
        raise GameError(f"--start: expected {populations} part(s) separated by ';', "
                        f"got {len(parts)}")
    out = []
    for part in parts:
        items = {}
        for piece in filter(None, (x.strip() for x in part.split(","))):
            label, sep, value = piece.rpartition(":")
            if not sep or not label.strip():
                raise GameError(f"--start: {piece!r} is not label:number")
            items[label.strip()] = value.strip()
        out.append(items)
    return out


def _vector(given, labels, who: str, *, distribution: bool) -> np.ndarray:
    """One population's start: a mapping label -> number or a sequence of numbers."""
    if isinstance(given, Mapping):
        unknown = [k for k in given if k not in labels]
        if unknown:
            raise GameError(f"start of {who}: no strategy {unknown[0]!r}; the strategies are "
                            f"{list(labels)}")
        given = [given.get(a, 0) for a in labels]
    if isinstance(given, str) or not isinstance(given, (Sequence, np.ndarray)) or \
            len(given) != len(labels):
        raise GameError(f"start of {who}: expected a mapping label -> number or "
                        f"{len(labels)} numbers, got {given!r}")
    values = [to_number(v, f"start of {who}, {a!r}") for a, v in zip(labels, given)]
    if any(not isinstance(v, (Fraction, float)) for v in values):
        raise GameError(f"start of {who}: numbers only, got {given!r}")
    vec = np.array([float(v) for v in values])
    if np.any(vec < 0):
        raise GameError(f"start of {who}: a negative number ({given!r})")
    if distribution and abs(sum(values) - 1) > 1e-9:
        raise GameError(f"start of {who}: the shares sum to {float(sum(values)):g}, not 1")
    return vec


def _starts(start, rule: str, labels, who) -> list | None:
    if start is None:
        return None
    def one_population(item) -> bool:
        return isinstance(item, Mapping) or (
            isinstance(item, (Sequence, np.ndarray)) and not isinstance(item, str) and
            len(item) > 0 and all(isinstance(v, (str, int, float, Fraction, np.number))
                                  for v in item))
    if one_population(start):
        start = [start]
    start = list(start)
    if len(start) == 1 and len(labels) == 2:
        if labels[0] != labels[1]:
            raise GameError("start: give one part per player (their strategies differ)")
        start = start * 2
    if len(start) != len(labels):
        raise GameError(f"start: expected {len(labels)} part(s), one per population, got "
                        f"{len(start)}")
    distribution = rule not in ("fictitious", "stochastic-fictitious")
    return [_vector(s, lab, w, distribution=distribution) for s, lab, w in zip(start, labels, who)]


def _equilibria(game, symmetric: bool):
    """The equilibria to compare with, and a note on what they are."""
    from solver.solve import solve
    try:
        solution = solve(game, "enumerate")
    except SolverLimitError as limit:
        return (), f"No equilibria were compared: enumerating them reached a limit ({limit})."
    eqs = tuple(solution)
    if symmetric:
        eqs = tuple(e for e in eqs if tuple(e.probabilities[0]) == tuple(e.probabilities[1]))
        return eqs, (f"Compared with the symmetric equilibria (x, x) among the extreme "
                     f"equilibria found by enumerate ({len(eqs)} of {len(solution)}).")
    return eqs, f"Compared with the extreme equilibria found by enumerate ({len(eqs)})."


def dynamics(game, rule: str = "fictitious", *, iterations: int | None = None,
             seed: int | None = None, start=None, horizon: float | None = None,
             etha: float = 0.1, epsilon_bar: float = 0.01,
             params: Mapping[str, Any] | None = None, tol: float | None = None,
             match_tol: float | None = None, window: float = WINDOW) -> DynamicsRun:
    """Run a learning or evolutionary dynamic on a two-player game and say where it goes.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game; ``replicator`` needs a symmetric one (A == Bᵀ).  A parametric
        game is taken at ``params`` or its defaults.
    rule : str
        One of :data:`RULES` (see the module's notes).
    iterations : int, optional
        Periods of play (learning rules; default 10,000) or time steps between 0 and
        ``horizon`` (replicator rules; default 2,000).
    seed : int, optional
        The seed of every random draw (0 to 2**32 - 1); drawn and recorded if not given.
        Replicator rules are deterministic and ignore it.
    start : optional
        Replicator rules and regret matching: the starting mixed strategy (population
        shares) of each population, uniform by default.  Fictitious play rules: each
        player's initial play counts, a prior history the other best-responds to (none
        by default; nashpy's ``play_counts``).
        Give a mapping label -> number, a sequence of numbers, or one of those per
        population; one part serves both players when they have the same labels.
    horizon : float, optional
        Replicator rules: the final time (default 100).
    etha, epsilon_bar : float
        Stochastic fictitious play: the logit noise and the largest payoff perturbation
        (nashpy's defaults).
    params : mapping, optional
        Parameter values for a parametric game.
    tol, match_tol, window
        How convergence is judged (:mod:`solver.analysis.dynamics_convergence`); the
        defaults are :data:`~solver.analysis.dynamics_convergence.DEFAULT_TOLERANCES`.

    Returns
    -------
    DynamicsRun

    Raises
    ------
    GameError
        For an unknown rule, a game that is not a two-player normal form (or not
        symmetric, for ``replicator``), or bad parameters.

    Examples
    --------
    >>> import games
    >>> run = dynamics(games.get("hawk-dove"), "replicator", start={"Hawk": "0.9", "Dove": "0.1"})
    >>> print(run.headline())
    Replicator dynamics from (0.9 Hawk, 0.1 Dove) converges to the mixed equilibrium (1/2 Hawk, 1/2 Dove) of Hawk-dove.
    """
    if rule not in RULES:
        raise GameError(f"unknown rule {rule!r}; choose one of {', '.join(RULES)}")
    if getattr(game, "form", None) != "normal" or game.n_players != 2:
        raise GameError("dynamics need a two-player normal-form game")
    if getattr(game, "parametric", False):
        game = game.substitute(params or {}, defaults=True)
    elif params:
        game = game.substitute(params)
    symmetric = rule == "replicator"
    if symmetric:
        symmetric_payoffs(game, "the replicator rule (one population)")
    kind = "learning" if rule in LEARNING else "replicator"
    iterations = DEFAULT_ITERATIONS[kind] if iterations is None else iterations
    if isinstance(iterations, bool) or not isinstance(iterations, (int, np.integer)) or \
            iterations < 1:
        raise GameError(f"iterations: expected a positive integer, got {iterations!r}")
    iterations = int(iterations)
    d_tol, d_match = DEFAULT_TOLERANCES[kind]
    tol = d_tol if tol is None else float(tol)
    match_tol = d_match if match_tol is None else float(match_tol)
    if not 0 < window <= 1:
        raise GameError(f"window: expected a share of the run in (0, 1], got {window!r}")
    A, B = (np.array(m, dtype=float) for m in game.float_payoffs)
    populations = ("Population",) if symmetric else tuple(game.players)
    labels = (game.strategies[0],) if symmetric else tuple(game.strategies)
    starts = _starts(start, rule, labels, populations)
    parameters: dict[str, Any] = {"iterations": iterations}
    if kind == "replicator":
        times, trajectory, note = _replicator(A, B, symmetric, iterations, horizon, starts,
                                              parameters)
        counts = responses = None
    else:
        times, counts, responses, note = _learning(A, B, rule, iterations, seed, starts, etha,
                                                   epsilon_bar, parameters)
        trajectory = tuple(c / c.sum(axis=1, keepdims=True) for c in counts)
    if starts is not None:
        parameters["start"] = [s.tolist() for s in starts]
    equilibria, compared = _equilibria(game, symmetric)
    states = [[np.array([float(p) for p in pr]) for pr in e.probabilities[:len(populations)]]
              for e in equilibria]

    def regret_of(final):
        x, y = (final[0], final[0]) if symmetric else final
        r = max(float(np.max(A @ y) - x @ A @ y), float(np.max(x @ B) - x @ B @ y))
        return max(r, 0.0) / game.payoff_range
    convergence = judge(times, trajectory, states, regret_of, tol=tol, match_tol=match_tol,
                        window=window)
    for tr in trajectory:
        tr.setflags(write=False)
    return DynamicsRun(game, rule, populations, labels, times, trajectory, counts, responses,
                       parameters, equilibria, convergence, (note, compared))


def _replicator(A, B, symmetric: bool, iterations: int, horizon, starts, parameters):
    """nashpy's replicator dynamics: the time points, the trajectory and a note."""
    import nashpy
    horizon = DEFAULT_HORIZON if horizon is None else horizon
    if isinstance(horizon, bool) or not isinstance(horizon, (int, float)) or \
            not 0 < horizon < float("inf"):
        raise GameError(f"horizon: expected a positive time, got {horizon!r}")
    horizon = float(horizon)
    times = np.linspace(0.0, horizon, iterations + 1)
    # the replicator dynamics on the simplex do not change when a constant is added to a
    # population's payoffs, but the simplex repels the numerical solution when the mean
    # payoff is negative (d(Σx)/dt = xᵀAx (1 − Σx)): shift every payoff up
    shifts = (_shift(A), _shift(B))
    parameters.update(horizon=horizon, seed=None, payoff_shift=list(shifts))
    g = nashpy.Game(A + shifts[0], B + shifts[1])
    x0 = starts[0] if starts else np.full(A.shape[0], 1.0 / A.shape[0])
    if symmetric:
        trajectory = (np.asarray(g.replicator_dynamics(y0=x0, timepoints=times)),)
        method = "replicator_dynamics"
    else:
        y0 = starts[1] if starts else np.full(A.shape[1], 1.0 / A.shape[1])
        xs, ys = g.asymmetric_replicator_dynamics(x0=x0, y0=y0, timepoints=times)
        trajectory = (np.asarray(xs), np.asarray(ys))
        method = "asymmetric_replicator_dynamics"
    shown = join_words([f"{c:g}" for c in dict.fromkeys(shifts)])
    note = (f"Ran nashpy {nashpy.__version__}'s Game.{method} (scipy's odeint) on the payoffs "
            f"as floats plus {shown} (a constant that leaves the dynamics unchanged and keeps "
            f"the numerical solution on the simplex), at {iterations + 1} time points from 0 to "
            f"{horizon:g}; deterministic, no seed.")
    return times, trajectory, note


def _learning(A, B, rule: str, iterations: int, seed, starts, etha, epsilon_bar, parameters):
    """A learning rule's run: iteration numbers, play counts, responses and a note.  Rows
    with no play yet (the empty prior) are left out."""
    import nashpy
    seed = _check_seed(seed)
    parameters["seed"] = seed
    responses = None
    if rule == "regret-matching":
        from solver.analysis.regret_matching import regret_matching
        counts, responses = regret_matching(A, B, iterations, np.random.default_rng(seed),
                                             start=tuple(starts) if starts else None)
        times = np.arange(1, iterations + 1, dtype=float)
        return times, counts, responses, (
            "Regret matching (Hart and Mas-Colell 2000) written in gamesolver, drawing from "
            f"numpy.random.default_rng({seed}).")
    stochastic = rule == "stochastic-fictitious"
    if stochastic:
        if not isinstance(etha, (int, float)) or not isinstance(epsilon_bar, (int, float)) or \
                not 0 < etha < float("inf") or not 0 <= epsilon_bar < float("inf"):
            raise GameError("stochastic fictitious play needs etha > 0 and epsilon_bar >= 0, "
                            f"got {etha!r} and {epsilon_bar!r}")
        parameters.update(etha=float(etha), epsilon_bar=float(epsilon_bar))
    g = nashpy.Game(A, B)
    prior = [s.copy() for s in starts] if starts else None
    out, dists = [], []
    with _global_seed(seed), np.errstate(over="ignore", invalid="ignore"):
        try:
            if stochastic:
                for pc, dist in g.stochastic_fictitious_play(
                        iterations=iterations, etha=etha, epsilon_bar=epsilon_bar,
                        play_counts=prior):
                    out.append([np.array(c, dtype=float) for c in pc])
                    dists.append(dist)
            else:
                out = [[np.array(c, dtype=float) for c in pc]
                       for pc in g.fictitious_play(iterations=iterations, play_counts=prior)]
        except ValueError as err:
            raise GameError(f"{rule}: nashpy could not run: {' '.join(str(err).split())} "
                            "(raise etha)") from None
    counts = tuple(np.array([o[i] for o in out]) for i in (0, 1))
    if stochastic:
        responses = tuple(np.array([np.full(A.shape[i], np.nan) if d[i] is None
                                    else np.asarray(d[i], dtype=float) for d in dists])
                          for i in (0, 1))
    keep = (counts[0].sum(axis=1) > 0) & (counts[1].sum(axis=1) > 0)
    times = np.arange(len(out), dtype=float)[keep]
    counts = tuple(c[keep] for c in counts)
    if responses is not None:
        responses = tuple(r[keep] for r in responses)
    method = "stochastic_fictitious_play" if stochastic else "fictitious_play"
    return times, counts, responses, (
        f"Ran nashpy {nashpy.__version__}'s Game.{method} on the payoffs as floats; its random "
        f"draws came from numpy's global generator seeded with {seed} for this run, its "
        "previous state restored afterwards.")
