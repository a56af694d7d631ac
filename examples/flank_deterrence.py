"""Deterrence on NATO's eastern flank: how likely must NATO be to resist? (docs/scenarios.md)

Russia probes or keeps the status quo (worth s), not knowing whether NATO is Hard
(it resists a probe, with probability p_D) or Soft (it concedes).  A probe is a
lottery that pays only against a Soft NATO.  The script solves the game at a few
values of p_D, shows Russia's value of probing against the status quo, and finds
the threshold p_D* -- and how it moves with Russia's valuation of the status quo.

Run: python examples/flank_deterrence.py
"""
import games
import solver
from solver.analysis.decisive import decisive_comparisons
from solver.analysis.parametric import thresholds

NAME = "flank-deterrence"
game = games.get(NAME)

print("p_D   Russia's choice  (probe vs status quo, to Russia)")
for p_D in ("0.1", "0.25", "0.3", "0.4", "0.6"):
    sol = solver.solve(game, params={"p_D": p_D})
    c = next(c for c in decisive_comparisons(sol) if c.player == "Russia")
    values = {c.chosen: c.chosen_value, c.alternative: c.alternative_value}
    print(f"{p_D:<5} {c.chosen:<15}  ({float(values['Probe']):+.3f} vs "
          f"{float(values['Status quo']):+.3f})")

print("\nThe deterrence threshold, at the defaults:")
print(thresholds(game, "p_D"))
print("\nA more satisfied Russia (higher s) is deterred by a less likely Hard NATO:")
for s in ("0", "0.2", "0.4"):
    for t in thresholds(game, "p_D", params={"s": s}):
        print(f"  s = {s}: p_D* = {t.value} ({float(t.value):.3f})")
