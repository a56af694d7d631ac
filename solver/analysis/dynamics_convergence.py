"""Where a trajectory goes: converges (and to which equilibrium), cycles, or does not settle.

The verdict is read off one finite run, with stated tolerances; it is an observation,
not a theorem about the dynamic.  All distances are the largest difference between
two probabilities, over every strategy of every population (the sup norm on the
product of simplices).

* **Converges to an equilibrium**: every point of the final ``window`` lies within
  ``match_tol`` of that equilibrium.
* **Converges** (settles) elsewhere: every point of the window lies within ``tol`` of
  the final state, which is near no listed equilibrium; its regret is reported (an
  equilibrium inside a continuum is not among the extreme equilibria listed, and the
  replicator dynamics have rest points that are not equilibria).
* **Cycles**: neither, and in the second half of the run the trajectory moved away
  from its final state (more than half its largest distance from it, the excursion,
  which must exceed ``match_tol``) and earlier had been back within a tenth of the
  excursion of it: it keeps returning.  The period reported is the time between that
  visit and the end.
* **Does not settle**: none of these.  A longer run may settle.
"""
from __future__ import annotations

import numpy as np

from solver.analysis.dynamics_records import Convergence

__all__ = ["judge", "DEFAULT_TOLERANCES", "WINDOW"]

#: The share of the run (at least two points) whose movement decides convergence.
WINDOW = 0.1

#: ``(tol, match_tol)`` by kind of rule.  Empirical frequencies move by at most 1/t a
#: step and approach a mixed equilibrium slowly (fictitious play on matching pennies
#: is within about 0.01 of (1/2, 1/2) after 10,000 iterations), so learning rules are
#: judged coarsely; replicator trajectories are solutions of an ODE, judged finely.
DEFAULT_TOLERANCES = {"learning": (2e-2, 5e-2), "replicator": (1e-3, 1e-2)}


def _stack(trajectory) -> np.ndarray:
    return np.hstack([np.asarray(t, dtype=float) for t in trajectory])


def judge(times, trajectory, equilibria_states, regret_of, *, tol: float, match_tol: float,
          window: float = WINDOW) -> Convergence:
    """Judge a trajectory.

    Parameters
    ----------
    times : ndarray, shape (T,)
    trajectory : sequence of ndarray, shape (T, m_i)
        One array per population.
    equilibria_states : sequence of sequence of ndarray
        For each equilibrium compared, the state of each population in it.
    regret_of : callable
        ``regret_of(final_states) -> float``: the largest regret at the final state,
        relative to the payoff range.
    tol, match_tol : float
        Convergence and matching tolerances (see the module's docstring).
    window : float
        The share of the run examined for convergence.

    Returns
    -------
    Convergence
    """
    x = _stack(trajectory)
    n = x.shape[0]
    w = min(n, max(2, int(round(window * n))))
    final = x[-1]
    dist = np.max(np.abs(x - final), axis=1)
    movement = float(dist[-w:].max())
    distance = best = None
    if equilibria_states:
        eq = np.array([np.hstack([np.asarray(s, dtype=float) for s in states])
                       for states in equilibria_states])
        # the largest distance from each equilibrium over the window, and at the end
        spread = np.array([np.max(np.abs(x[-w:] - e)) for e in eq])
        best = int(np.argmin(spread))
        distance = float(np.max(np.abs(final - eq[best])))
        if spread[best] <= match_tol:
            return Convergence("converges", movement, tol, w, best, distance, match_tol,
                               regret=float(regret_of([np.asarray(t[-1]) for t in trajectory])),
                               spread=float(spread[best]))
        distance = float(np.min(np.max(np.abs(eq - final), axis=1)))
    if movement <= tol:
        return Convergence("converges", movement, tol, w, None, distance, match_tol,
                           regret=float(regret_of([np.asarray(t[-1]) for t in trajectory])))
    period, excursion = _return_time(times, dist)
    verdict = "cycles" if period is not None and excursion > match_tol else "does not settle"
    return Convergence(verdict, movement, tol, w, None, distance, match_tol,
                       period=period if verdict == "cycles" else None, excursion=excursion)


def _return_time(times, dist) -> tuple[float | None, float | None]:
    """The time since the trajectory last came back near its final state after leaving it
    (searched in the second half of the run), and the excursion; (None, excursion) when it
    did not come back."""
    n = len(dist)
    half = dist[n // 2:]
    excursion = float(half.max())
    if excursion == 0.0:
        return None, excursion
    away = np.nonzero(half > excursion / 2)[0]
    if len(away) == 0:
        return None, excursion
    last_away = away[-1]
    # the latest visit near the final state that an excursion separates from the end
    near = np.nonzero(half[:last_away] <= excursion / 10)[0]
    if len(near) == 0:
        return None, excursion
    k = int(near[-1]) + n // 2
    return float(times[-1] - times[k]), excursion
