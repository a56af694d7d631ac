"""Why Putin declined the "diplomatic victory" -- the refusal as it happened, and its contrasts.

1. The headline game (``diplomatic-victory``): the West, unsure whether Russia's aims are
   limited or maximalist, offers DV; a maximalist Russia declines it on the path of play,
   and the refusal reveals its aims (Fearon 1995: the risk-return trade-off).
2. What would have changed it: the values at which the maximalist would accept, and at
   which the West would rather offer more -- each computed from the game.
3. The contrast (``diplomatic-victory-complete-info``): with Russia's aims known, the DV
   offer would not have been made at all.
4. The same refusal through every mechanism of the catalogue (``games.compare``), each
   row computed from that game's solution.

Run: python examples/why_putin_declined.py
"""
import games
import solver
from solver.analysis.parametric import thresholds

HEADLINE, CONTRAST = "diplomatic-victory", "diplomatic-victory-complete-info"

print(games.explain(HEADLINE, brief=True))
print()
print(games.explain(HEADLINE))

print("\nWhat would have changed the answer (the other parameters at their defaults):")
game = games.get(HEADLINE)
for param in ("s", "kappa", "x", "pi"):
    for t in thresholds(game, param):
        if (t.player, t.at) in (("Russia", "DV | Maximalist"), ("West", "West")):
            print(f"  {param}: {t} when {param} rises past {t.value} ({float(t.value):.3f})")

print(f"\nThe contrast, {CONTRAST}: with Russia's aims known")
contrast = solver.solve(games.get(CONTRAST))
print(f"  the West chooses {contrast[0].action('West', 'West')}, "
      f"and Russia answers it with {contrast[0].action('Russia', 'Enhanced')};")
print(f"  had DV been offered, Russia would {contrast[0].action('Russia', 'DV')} it, "
      "so it is never offered.")

print("\nThe same refusal through every mechanism of the catalogue:")
for row in games.compare():
    offered = {None: "no DV offer", True: "DV offered", False: "DV not offered"}
    refused = " and refused" if row.dv_refused_on_path else ""
    print(f"- {row.name} ({row.concept}): {row.mechanism} [{row.source}]")
    print(f"    {offered[row.dv_offered_on_path]}{refused}; {row.decisive}")
    print(f"    lever: {row.lever}")
