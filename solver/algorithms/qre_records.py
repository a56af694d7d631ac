"""What the logit QRE functions return: a point of the branch (:class:`LogitQRE`) and
the branch itself (:class:`QREPath`), frozen records with their words and JSON form.

They are computed by :mod:`solver.algorithms.qre`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["LogitQRE", "QREPath", "plain_floats"]


@dataclass(frozen=True)
class LogitQRE:
    """A logit quantal response equilibrium (a point of the principal branch).

    Attributes
    ----------
    game : NormalFormGame or ExtensiveFormGame
    lam : float
        The precision lambda, on the game's payoff scale.
    profile : MixedProfile or BehaviorProfile
        The float probabilities (behaviour strategies for a tree: the agent QRE).
    payoffs : tuple of float
        Each player's expected payoff.
    regret : tuple of float
        Each player's regret: how far the profile is from a Nash equilibrium
        (0 exactly at a Nash equilibrium).
    residual : float
        The largest error in the logit equations (log-probabilities), a measure of
        the point's accuracy.
    """

    game: Any
    lam: float
    profile: Any
    payoffs: tuple[float, ...]
    regret: tuple[float, ...]
    residual: float

    @property
    def probabilities(self):
        return self.profile.probabilities

    def to_dict(self) -> dict:
        """JSON form: lambda, probabilities (per player; for a tree per information
        set), payoffs, regret and residual, as JSON numbers."""
        return {"lambda": self.lam,
                "strategies" if self.game.form == "normal" else "behavior":
                    plain_floats(self.probabilities),
                "payoffs": [float(u) for u in self.payoffs],
                "regret": [float(r) for r in self.regret], "residual": self.residual}

    def __str__(self) -> str:
        g = self.game
        if g.form == "normal":
            parts = [f"{name}: " + ", ".join(f"{p:.6g} {lab}" for lab, p in zip(labs, pr))
                     for name, labs, pr in zip(g.players, g.strategies, self.probabilities)]
        else:
            parts = []
            for name, sets, acts, pr in zip(g.players, self.profile.infoset_labels,
                                            self.profile.actions, self.probabilities):
                for k, (lab, A, P) in enumerate(zip(sets, acts, pr)):
                    parts.append(f"{name} at {lab or k + 1}: "
                                 + ", ".join(f"{p:.6g} {a}" for a, p in zip(A, P)))
        pay = ", ".join(f"{u:.6g}" for u in self.payoffs)
        return (f"logit QRE at lambda {self.lam:.6g}: " + "; ".join(parts)
                + f"  (payoffs {pay}; largest regret {max(self.regret):.3g})")


def plain_floats(nested):
    """Nested tuples of numbers as nested lists of floats (for JSON)."""
    if isinstance(nested, (tuple, list)):
        return [plain_floats(x) for x in nested]
    return float(nested)


@dataclass(frozen=True)
class QREPath:
    """The principal branch of logit QREs from the centroid, as computed points.

    Attributes
    ----------
    game : NormalFormGame or ExtensiveFormGame
    lambdas : tuple of float
        The precision at each point (increasing, except around a turning point of
        the branch).
    profiles : tuple of MixedProfile or BehaviorProfile
        The equilibrium at each point.
    """

    game: Any
    lambdas: tuple[float, ...]
    profiles: tuple[Any, ...]

    def __len__(self) -> int:
        return len(self.lambdas)

    def __getitem__(self, k: int):
        return self.lambdas[k], self.profiles[k]

    def __iter__(self):
        return iter(zip(self.lambdas, self.profiles))

    def to_dict(self) -> dict:
        return {"lambdas": list(self.lambdas),
                "profiles": [plain_floats(p.probabilities) for p in self.profiles]}

    @property
    def last(self):
        """The profile at the largest lambda reached."""
        return self.profiles[-1]

    def __str__(self) -> str:
        return (f"logit QRE branch: {len(self)} points, lambda from {self.lambdas[0]:.6g} "
                f"to {self.lambdas[-1]:.6g}")
