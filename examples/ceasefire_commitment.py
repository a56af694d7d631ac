"""The ceasefire as a commitment problem (Powell 2006).

A ceasefire lets power shift against Russia; once it has shifted, the West does
better by reneging on generous terms.  Foreseeing that, Russia fights now,
although an honoured ceasefire would be better for both.  The script compares the
subgame-perfect outcome with the path the West would choose if it could commit,
and finds the bonded guarantee b* that restores peace.

Run: python examples/ceasefire_commitment.py
"""
from fractions import Fraction

import games
import solver
from solver.analysis.parametric import thresholds

NAME = "ceasefire-commitment"
game = games.get(NAME)
solution = solver.solve(game)
print("Subgame-perfect equilibrium:", solution[0])
print(solver.explain(solution)["Equilibrium 1: off the path"])

concrete = solution.game
committed = next(h for h in range(concrete.n_nodes)
                 if concrete.path(h) == ("Ceasefire", "Honour", "Accept"))
spe, kept = solution[0].payoffs, concrete.payoffs(committed)
print("\nIf the West could commit to honour the ceasefire:")
for player, a, b in zip(concrete.players, spe, kept):
    print(f"  {player}: {float(a):.3f} in equilibrium, {float(b):.3f} on the committed path")
if all(b > a for a, b in zip(spe, kept)):
    print("Both would gain, but the promise is not credible once power has shifted.")

print("\nWhat restores the ceasefire (thresholds):")
for param in ("b", "p_after"):
    print(thresholds(game, param))

b_star = next(t.value for t in thresholds(game, "b") if t.player == "Russia")
above = b_star + Fraction(1, 100)             # a guarantee just above b*
sol = solver.solve(games.get(NAME, b=above))
print(f"\nWith a bonded guarantee b = {float(above):.4f} (b* = {b_star}): {sol[0]}")
