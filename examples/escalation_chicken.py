"""Escalation as Chicken: two pure equilibria and a mixed one (docs/scenarios.md).

Builds the catalogue game, solves it exactly, explains the equilibria (the mixed
one escalates with probability 1/13, fixed by the other side's indifference),
shows that a costlier disaster lowers that probability, and finds where the
game stops being Chicken.

Run: python examples/escalation_chicken.py
"""
import games
import solver
from solver.analysis.parametric import thresholds

game = games.get("escalation-chicken")
solution = solver.solve(game)
print(solver.explain(solution))

print("\nA costlier disaster, less escalation in the mixed equilibrium:")
for disaster in ("-5", "-10", "-20", "-50"):
    sol = solver.solve(games.get("escalation-chicken", disaster=disaster))
    mixed = [e for e in sol.equilibria if 0 < e.strategies[0]["Escalate"] < 1]
    print(f"  disaster = {disaster:>4}: each side escalates with probability "
          f"{mixed[0].strategies[0]['Escalate']}")

print("\nWhere the game stops being Chicken:")
for param in ("disaster", "prevail"):
    print(thresholds(game, param))
