"""Waning Western resolve: a war of attrition in which Russia learns (docs/scenarios.md).

Each period Russia accepts the standing offer x or holds out, betting that a
Wavering West quits.  Every period the West stays is evidence that it is
Resolute, so Russia's belief falls by Bayes' rule until the bet stops paying.
The script prints the belief period by period (computed from the tree), Russia's
equilibrium choice and what each option is worth, the offer that Russia would
accept at once, and how long a Russia almost sure of Western fatigue (mu0 = 0.9)
holds out.

Run: python examples/waning_resolve.py
"""
import games
import solver
from games.scenarios.waning_resolve import HORIZON
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
shown_after = 0
for g in range(tree.n_infosets):
    s = tree.infoset(g)
    wavering = next(b for h, b in belief[g].items() if "Wavering" in tree.label(h))
    choice = max(eq.profile["Russia"][s.index], key=eq.profile["Russia"][s.index].get)
    c = worth.get(s.label)
    if c is None:          # beyond the decisions that matter on the path
        break
    values = f"({float(c.chosen_value):.4f} vs {c.alternative} {float(c.alternative_value):.4f})"
    note = "" if c.on_path else "  off the path: had Russia held out"
    print(f"{s.label:>8}  {wavering!s:>8} = {float(wavering):.3f}  {choice:<15}  {values}{note}")
    shown_after += choice == "Accept"
    if shown_after == 2:   # one period beyond acceptance shows that Russia keeps accepting
        break

pays = ", ".join(f"{p} {float(u):.4f}" for p, u in zip(tree.players, eq.payoffs))
print(f"\nEquilibrium payoffs: {pays}")
x_now = solution.extra["parameter_values"]["x"]
first = next(t for t in thresholds(game, "x", low="0.45", high="0.55") if t.at == "period 0")
print(f"Russia accepts at once when the offer x reaches {first.value} = {float(first.value):.4f} "
      f"(it is {x_now} now).")

strong = solver.solve(games.get(NAME, mu0="0.9")).equilibria[0]
period = next(t for t in range(HORIZON) if strong.action("Russia", f"period {t}") == "Accept")
print(f"With mu0 = 0.9 Russia holds out {period} times and accepts in period {period}; the "
      f"tree has {HORIZON} periods, enough for every value in the parameters' ranges.")
