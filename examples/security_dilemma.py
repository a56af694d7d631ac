"""The security dilemma as a Stag Hunt (docs/scenarios.md).

Solves the game, explains why each side restrains only if it believes the
other restrains with probability at least 2/3 (the mixed equilibrium), shows how
the edge of arming first moves that belief and flips the risk-dominant
equilibrium at 1/2, and finds where mutual restraint stops being an equilibrium.

Run: python examples/security_dilemma.py
"""
from fractions import Fraction

import games
import solver
from solver.analysis.parametric import thresholds

game = games.get("security-dilemma")
print(solver.explain(solver.solve(game)))

print("\nThe belief in the other's restraint needed to restrain, by the edge of arming first:")
for advantage in ("1", "2", "3", "7/2"):
    sol = solver.solve(games.get("security-dilemma", advantage=advantage))
    (mixed,) = [e for e in sol.equilibria if 0 < e.strategies[0]["Restrain"] < 1]
    q = mixed.strategies[0]["Restrain"]
    half = Fraction(1, 2)
    dominant = "(Arm, Arm)" if q > half else "(Restrain, Restrain)" if q < half else "neither"
    print(f"  advantage = {advantage:>3}: restrain iff belief >= {q}; risk-dominant: {dominant}")

print("\nWhere mutual restraint stops being an equilibrium:")
print(thresholds(game, "advantage"))
