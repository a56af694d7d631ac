"""Seed 002's policy recommendations as a game (docs/scenarios.md).

The West picks any subset of {Sanctions, Military, Diplomacy, Energy}; Russia
escalates, holds or negotiates; payoffs come from attribute weights
(solver.forms.attributes) whose effect sizes are parameters of the game.  Iterated
elimination of strictly dominated strategies removes 17 of the 19 strategies in four
rounds; the explanation gives each round's reason, then the equilibrium.  Thresholds
say which numbers -- the shared baseline and the effect sizes alike -- would change
the West's mix or Russia's choice.

Run: python examples/western_policy_mix.py
"""
import games
import solver
from games.scenarios.western_policy_mix import EFFECT_PARAMETERS
from solver.analysis.parametric import thresholds

game = games.get("western-policy-mix")
solution = solver.solve(game, method="dominance")
print(solver.explain(solution))

print("\nThe effect sizes (parameters: default, range, meaning):")
for q in EFFECT_PARAMETERS:
    print(f"  {q.name:>17} = {q.default:<5} [{q.low}, {q.high}]  {q.meaning}")

print("\nWhat would change a choice (one parameter at a time):")
for param in ("c_S", "p", "sanctions_bite", "power_shift"):
    print(f"  {param}: {thresholds(game, param)}")
