"""The records of :func:`solver.analysis.dynamics.dynamics`: a run of a learning or
evolutionary dynamic, its trajectory and the verdict on where it goes.

A :class:`DynamicsRun` holds the trajectory as tidy numpy arrays (one row per
iteration or time point, one column per strategy, one array per population) with the
strategy labels beside them, the rule and every parameter that ran it (the seed
included, so that any run can be repeated), and a :class:`Convergence` report.
``str(run)`` says in words where the trajectory goes, bottom line first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from solver.analysis.prose import join_words, mix_text
from solver.numbers import json_number

__all__ = ["Convergence", "DynamicsRun", "RULE_NAMES", "state_text"]

#: The rules in words, for sentences.
RULE_NAMES = {
    "fictitious": "Fictitious play",
    "stochastic-fictitious": "Stochastic fictitious play",
    "regret-matching": "Regret matching",
    "replicator": "Replicator dynamics",
    "asymmetric-replicator": "Asymmetric replicator dynamics",
}


def state_text(labels, state, digits: int = 3) -> str:
    """A float mixed strategy in words, rounded: ``"0.5 Hawk, 0.5 Dove"``; shares below
    half a unit of the last digit are left out (``"Fink"`` for ``(1e-9, 1 - 1e-9)``)."""
    cut = 0.5 * 10 ** -digits
    shown = [(lab, round(float(p), digits)) for lab, p in zip(labels, state) if p >= cut]
    if len(shown) == 1:
        return mix_text([shown[0][0]], [1])
    return ", ".join(f"{p:g} {lab}" for lab, p in shown)


@dataclass(frozen=True)
class Convergence:
    """Where a trajectory goes, judged on a finite run.

    Attributes
    ----------
    verdict : str
        ``"converges"`` when every point of the last ``window`` points lies within
        ``match_tol`` of one equilibrium, or within ``tol`` of the final state (distances
        are the largest difference of two probabilities, over every population);
        ``"cycles"`` when it does not, and the trajectory came back near its final state
        after moving away from it (within a tenth of the largest distance it reached from
        it in the second half of the run); otherwise ``"does not settle"``.  These are
        observations of one finite run, not proofs
        (:mod:`solver.analysis.dynamics_convergence`).
    movement : float
        The largest distance from the final state over the window.
    tol : float
        The movement below which the run counts as converged.
    window : int
        The number of final points examined.
    equilibrium : int or None
        For a run that converges to an equilibrium, its index in
        :attr:`DynamicsRun.equilibria`; None otherwise.
    distance : float or None
        The distance from the final state to that equilibrium, or else to the nearest
        equilibrium compared.
    match_tol : float
        How near an equilibrium the final state must be to be called that equilibrium.
    regret : float or None
        The largest regret (gain from the best pure deviation) of any player at the
        final state, relative to the game's payoff range: a converged run that matches
        no listed equilibrium may still be near an equilibrium that is not extreme.
    period : float or None
        For ``"cycles"``: the iterations or time between the final state and the last
        earlier visit near it.
    excursion : float or None
        For a run that did not converge: how far the trajectory went from its final
        state in the second half of the run.
    spread : float or None
        For a run that converges to an equilibrium: the largest distance from it over
        the window.
    """

    verdict: str
    movement: float
    tol: float
    window: int
    equilibrium: int | None
    distance: float | None
    match_tol: float
    regret: float | None = None
    period: float | None = None
    excursion: float | None = None
    spread: float | None = None

    @property
    def converges(self) -> bool:
        return self.verdict == "converges"

    def to_dict(self) -> dict:
        return {"verdict": self.verdict, "movement": self.movement, "tol": self.tol,
                "window": self.window, "equilibrium": self.equilibrium,
                "distance": self.distance, "match_tol": self.match_tol,
                "regret": self.regret, "period": self.period, "excursion": self.excursion,
                "spread": self.spread}


@dataclass(frozen=True)
class DynamicsRun:
    """One run of a learning or evolutionary dynamic on a two-player normal-form game.

    Attributes
    ----------
    game : NormalFormGame
        The game (parameters substituted).
    rule : str
        One of :data:`solver.analysis.dynamics.RULES`.
    populations : tuple of str
        Whose strategies each array of the trajectory holds: the two players, or for
        ``replicator`` one population (``"Population"``) playing the game against itself.
    labels : tuple of tuple of str
        The strategy labels of each population: the columns of its trajectory array.
    times : ndarray, shape (T,)
        Iteration numbers (learning rules) or time points (replicator rules).
    trajectory : tuple of ndarray, shape (T, m_i)
        Per population, the state at each row of ``times``: empirical frequencies of play
        (learning rules) or population shares (replicator rules).
    counts : tuple of ndarray or None
        Learning rules: the play counts behind the frequencies (nashpy's output, the prior
        included), one array per player; None for replicator rules.
    responses : tuple of ndarray or None
        Stochastic fictitious play: the logit response each player drew from at each
        iteration (nashpy's ``distributions``); regret matching: the mixed strategy each
        player drew from; None otherwise.  Row ``k`` is the one that produced row ``k`` of
        the trajectory.
    parameters : mapping
        Everything that ran the rule: ``iterations``, ``seed``, ``start``, and the rule's
        own (``horizon``; ``etha``, ``epsilon_bar``).
    equilibria : tuple of Equilibrium
        The equilibria the final state was compared with: the extreme equilibria of
        ``solve(game, "enumerate")``, for ``replicator`` only the symmetric ones (x, x).
    convergence : Convergence
    notes : tuple of str
        How the run was made and compared (delegation, seeding, what was searched).
    """

    game: Any
    rule: str
    populations: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    times: np.ndarray
    trajectory: tuple[np.ndarray, ...]
    counts: tuple[np.ndarray, ...] | None
    responses: tuple[np.ndarray, ...] | None
    parameters: Mapping[str, Any]
    equilibria: tuple
    convergence: Convergence
    notes: tuple[str, ...] = field(default=())

    @property
    def start(self) -> tuple[np.ndarray, ...]:
        """The first state of each population."""
        return tuple(t[0] for t in self.trajectory)

    @property
    def final(self) -> tuple[np.ndarray, ...]:
        """The last state of each population."""
        return tuple(t[-1] for t in self.trajectory)

    def equilibrium_text(self, k: int) -> str:
        """Equilibrium ``k`` as the populations' states in words: ``"(1/2 Hawk, 1/2 Dove)"``."""
        eq = self.equilibria[k]
        probs = eq.probabilities[:len(self.populations)]
        kind = "pure" if eq.is_pure else "mixed"
        if len(probs) == 1:
            return f"the {kind} equilibrium ({mix_text(self.labels[0], probs[0])})"
        parts = [f"{who}: {mix_text(lab, pr)}" for who, lab, pr in
                 zip(self.populations, self.labels, probs)]
        return f"the {kind} equilibrium ({'; '.join(parts)})"

    def states_text(self, states) -> str:
        if len(states) == 1:
            return f"({state_text(self.labels[0], states[0])})"
        return "(" + "; ".join(f"{who}: {state_text(lab, s)}" for who, lab, s in
                               zip(self.populations, self.labels, states)) + ")"

    def headline(self) -> str:
        """The bottom line in one sentence."""
        c = self.convergence
        name = RULE_NAMES[self.rule]
        what = "in empirical frequencies " if self.counts is not None else ""
        title = self.game.title
        begin = f"{name} from {self.states_text(self.start)}"
        if c.verdict == "converges" and c.equilibrium is not None:
            of = f" of {title}" if title else ""
            return f"{begin} converges {what}to {self.equilibrium_text(c.equilibrium)}{of}."
        where = f" in {title}" if title else ""
        if c.verdict == "converges":
            return (f"{begin} settles{where} {what}at {self.states_text(self.final)}, which is "
                    "none of the equilibria compared.")
        if c.verdict == "cycles":
            return (f"{begin} cycles{where}: it keeps coming back near "
                    f"{self.states_text(self.final)} without settling.")
        return f"{begin} does not settle{where} within {self.steps} {self.unit}."

    @property
    def steps(self) -> int:
        """The number of iterations or time steps run."""
        return int(self.parameters.get("iterations", len(self.times) - 1))

    @property
    def unit(self) -> str:
        """``"iterations"`` (learning rules) or ``"time steps"`` (replicator rules)."""
        return "time steps" if self.counts is None else "iterations"

    def __str__(self) -> str:
        c = self.convergence
        time_unit = "time units" if self.counts is None else "iterations"
        lines = [self.headline()]
        lines.append(f"Final state at {'time' if self.counts is None else 'iteration'} "
                     f"{float(self.times[-1]):g}: {self.states_text(self.final)}.")
        if c.equilibrium is not None:
            lines.append(f"Over the last {c.window} points it stayed within {c.spread:.3g} of "
                         f"that equilibrium (tolerance {c.match_tol:g}, in the largest "
                         f"probability difference) and moved at most {c.movement:.3g}.")
        else:
            lines.append(f"Over the last {c.window} points it moved at most {c.movement:.3g} "
                         f"from there (settling means at most {c.tol:g}, in the largest "
                         "probability difference).")
        if c.verdict == "cycles":
            lines.append(f"In the second half of the run it went as far as {c.excursion:.3g} "
                         f"from its final state, and was back near it {c.period:g} {time_unit} "
                         "before the end.")
        if c.equilibrium is None and c.distance is not None:
            near = self.equilibrium_text(int(np.argmin(self.distances())))
            lines.append(f"The nearest equilibrium compared is {near}, at distance "
                         f"{c.distance:.3g} (a match needs {c.match_tol:g} over the whole "
                         "window).")
        elif not self.equilibria:
            lines.append("No equilibrium was compared.")
        if c.regret is not None and c.equilibrium is None:
            lines.append(f"At the final state the largest regret is {c.regret:.3g} of the "
                         "payoff range.")
        settings = [f"{k} {_setting(v)}" for k, v in self.parameters.items()
                    if k != "start" and v is not None]
        lines.append(f"Rule {self.rule}; {join_words(settings)}.")
        lines.extend(self.notes)
        return "\n".join(lines)

    def distances(self) -> np.ndarray:
        """The distance (largest probability difference) from the final state to each
        equilibrium compared."""
        final = self.final
        out = []
        for eq in self.equilibria:
            probs = eq.probabilities[:len(final)]
            out.append(max(float(np.max(np.abs(np.array([float(x) for x in pr]) - s)))
                           for pr, s in zip(probs, final)))
        return np.array(out)

    def to_dict(self, trajectory: bool = True) -> dict:
        """The JSON form: the rule, parameters, convergence, the equilibria compared and
        (unless ``trajectory=False``) the trajectory, a list of rows per population."""
        out = {
            "rule": self.rule,
            "game": {"title": self.game.title, "players": list(self.game.players),
                     "strategies": [list(s) for s in self.game.strategies]},
            "populations": list(self.populations),
            "labels": [list(lab) for lab in self.labels],
            "parameters": {k: _json_value(v) for k, v in self.parameters.items()},
            "headline": self.headline(),
            "start": [s.tolist() for s in self.start],
            "final": [s.tolist() for s in self.final],
            "convergence": self.convergence.to_dict(),
            "equilibria": [e.to_dict() for e in self.equilibria],
            "notes": list(self.notes),
        }
        if trajectory:
            out["times"] = self.times.tolist()
            out["trajectory"] = [t.tolist() for t in self.trajectory]
        return out


def _setting(v) -> str:
    if isinstance(v, (list, tuple)):
        return join_words([_setting(x) for x in v])
    return f"{v:g}" if isinstance(v, float) else str(v)


def _json_value(v):
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if isinstance(v, np.ndarray):
        return v.tolist()
    if v is None or isinstance(v, (str, bool, int)):
        return v
    return json_number(v)
