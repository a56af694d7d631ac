"""Escalation as Chicken: two pure equilibria, a mixed one, and who yields (docs/scenarios.md).

Builds the catalogue game, solves it exactly and explains the equilibria (the mixed
one escalates with probability 1/13, fixed by the other side's indifference).  Then
gives the two sides different costs of disaster: a Russia that fears the disaster
less (disaster_R = -5) makes the West the side that yields in the risk-dominant
equilibrium (Harsanyi and Selten 1988), although in the mixed equilibrium it is the
West that escalates more often (1/8 against 1/13), since each side's mix only keeps
the other indifferent.  Finally finds where the game stops being Chicken.

Run: python examples/escalation_chicken.py
"""
import games
import solver
from solver.analysis.parametric import thresholds
from solver.analysis.risk_dominance_flips import risk_dominance_flips
from solver.analysis.risk_dominance_text import risk_dominance_lines

game = games.get("escalation-chicken")
solution = solver.solve(game)
print(solver.explain(solution))

print("\nA costlier disaster for both, less escalation in the mixed equilibrium:")
for disaster in ("-5", "-10", "-20", "-50"):
    sol = solver.solve(games.get("escalation-chicken", disaster_W=disaster, disaster_R=disaster))
    mixed = [e for e in sol.equilibria if 0 < e.strategies[0]["Escalate"] < 1]
    print(f"  disaster = {disaster:>4}: each side escalates with probability "
          f"{mixed[0].strategies[0]['Escalate']}")

print("\nA Russia that fears the disaster less (disaster_R = -5, disaster_W = -10):")
sol = solver.solve(games.get("escalation-chicken", disaster_R="-5"))
(mixed,) = [e for e in sol.equilibria if 0 < e.strategies[0]["Escalate"] < 1]
q_w, q_r = mixed.strategies[0]["Escalate"], mixed.strategies[1]["Escalate"]
print(f"  mixed equilibrium: the West escalates with probability {q_w}, Russia with {q_r}")
print(f"  the West backs down with probability {(1 - q_w) * q_r}, Russia with {q_w * (1 - q_r)}")
for line in risk_dominance_lines(sol):
    print(f"  {line}")

print("\nWho yields in the risk-dominant equilibrium, as Russia's disaster cost changes:")
for flip in risk_dominance_flips(game, "disaster_R"):
    print(f"  {flip}")

print("\nWhere the game stops being Chicken:")
for param in ("disaster_W", "prevail"):
    print(thresholds(game, param))
