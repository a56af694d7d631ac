"""Waning Western resolve: a war of attrition in which Russia learns (docs/scenarios.md).

Each period Russia accepts the standing offer x or holds out, betting that a
Wavering West quits.  Every period the West stays is evidence that it is
Resolute, so Russia's belief falls by Bayes' rule until the bet stops paying.
The script prints the belief period by period (computed from the tree), Russia's
equilibrium choice and what each option is worth, and the offer that Russia
would accept at once.

Run: python examples/waning_resolve.py
"""
import games
import solver
from solver.analysis.beliefs import beliefs
from solver.analysis.decisive import decisive_comparisons
from solver.analysis.parametric import thresholds
from solver.forms.extensive.behavior import BehaviorProfile

NAME = "waning-resolve"
game = games.get(NAME)
solution = solver.solve(game)
tree, eq = solution.game, solution[0]

# Beliefs at every period, had Russia held out throughout (Bayes' rule on the tree):
hold = [tree.infoset(g).actions.index("Hold out") for g in range(tree.n_infosets)]
belief = beliefs(tree, BehaviorProfile.pure(tree, hold))
worth = {c.at: c for c in decisive_comparisons(solution)}

print("period  P(Wavering West)  Russia's choice  (its value vs the other option's)")
for g in range(tree.n_infosets):
    s = tree.infoset(g)
    wavering = next(b for h, b in belief[g].items() if "Wavering" in tree.label(h))
    choice = max(eq.profile["Russia"][s.index], key=eq.profile["Russia"][s.index].get)
    c = worth.get(s.label)
    if c is None:          # beyond the decisions that matter on the path
        break
    values = f"({float(c.chosen_value):.4f} vs {c.alternative} {float(c.alternative_value):.4f})"
    note = "" if c.on_path else "  off the path: had Russia held out"
    print(f"{s.label:>8}  {str(wavering):>8} = {float(wavering):.3f}  {choice:<15}  {values}{note}")

pays = ", ".join(f"{p} {float(u):.4f}" for p, u in zip(tree.players, eq.payoffs))
print(f"\nEquilibrium payoffs: {pays}")
x_now = solution.extra["parameter_values"]["x"]
first = next(t for t in thresholds(game, "x") if t.at == "period 0")
print(f"Russia accepts at once when the offer x reaches {first.value} = {float(first.value):.4f} "
      f"(it is {x_now} now).")
