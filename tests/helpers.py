"""Helpers shared by several test files (import as ``from helpers import ...``)."""
from __future__ import annotations

import random
from fractions import Fraction
from typing import Callable

from solver.forms.extensive.behavior import BehaviorProfile


def random_behavior(game, weights: Callable[[int], list[int]]) -> BehaviorProfile:
    """A behaviour profile whose probabilities at each information set are the
    normalised ``weights(number of actions)`` (exact; the weights must not all be 0)."""
    probs = []
    for sets in game.infosets:
        per = []
        for s in sets:
            w = weights(len(s.actions))
            per.append(tuple(Fraction(x, sum(w)) for x in w))
        probs.append(per)
    return BehaviorProfile.from_game(game, probs)


def seeded_weights(seed: int) -> Callable[[int], list[int]]:
    """Weights 0..3 from ``random.Random(seed)``, the first action's at least 1."""
    rng = random.Random(seed)

    def weights(n: int) -> list[int]:
        w = [rng.randint(0, 3) for _ in range(n)]
        w[0] += 1
        return w
    return weights
