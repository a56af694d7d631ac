"""Ratification red lines and audience costs: when no deal can be made (docs/scenarios.md).

Russia's leader accepts only packages worth at least r* = min(max(g, w_R), w_R + A)
to him (his public goal g, but not less than his war value w_R = p - c_R, nor more
than w_R plus the audience cost A of settling for less); the Western ratifiers
ratify only packages within their red line y_bar.  The West tables DV (worth
x + kappa*s), a package tailored to be worth exactly r*, or nothing.  When the two
win-sets do not overlap, every offer is refused or vetoed.  The script solves the
game, shows what becomes of each offer, and finds the audience cost A that kills
any deal and the red line y_bar that restores one.

Run: python examples/ratification_red_lines.py
"""
import games
import solver
from solver.analysis.parametric import thresholds

NAME = "ratification-red-lines"
game = games.get(NAME)


def deal(eq):
    """The package agreed and ratified on the path of play, or None (war)."""
    pkg = eq.action("West", "West")
    if pkg == "DV" and eq.action("Russia", "DV") == "Accept" \
            and eq.action("Ratifiers", "DV agreed") == "Ratify":
        return pkg
    if pkg == "Tailored" and eq.action("Ratifiers", "Tailored") == "Ratify":
        return pkg
    return None


def fates(**params):
    """What becomes of each offer, in the first equilibrium, and the outcome."""
    sol = solver.solve(games.get(NAME, **params))
    eq = sol.equilibria[0]
    dv = eq.action("Russia", "DV")
    if dv == "Accept":
        dv += " then " + eq.action("Ratifiers", "DV agreed")
    tailored = eq.action("Ratifiers", "Tailored")
    outcomes = sorted({deal(e) or "war" for e in sol.equilibria})
    pays = ", ".join(str(u) for u in eq.payoffs)
    count = f"{len(sol.equilibria)} equilibri{'um' if len(sol.equilibria) == 1 else 'a'}"
    return (f"{count}; DV: Russia {dv}; Tailored: ratifiers "
            f"{tailored}; outcome {' or '.join(outcomes)} (payoffs {pays} in the first)")


solution = solver.solve(game)
deals = sum(deal(eq) is not None for eq in solution)
print(f"{len(solution)} subgame-perfect equilibria at the defaults (the West is indifferent "
      f"among offers that all fail); {deals} of them end in a ratified deal:")
for eq in solution:
    print(" ", eq)

print("\nThe audience cost that kills any deal, and the red line that restores one:")
print(thresholds(game, "A"))
print(thresholds(game, "y_bar"))

a_star = next(t.value for t in thresholds(game, "A") if t.at == "Tailored")
for label, params in (("defaults", {}),
                      (f"A = {a_star / 2} (below A* = {a_star})", {"A": str(a_star / 2)}),
                      ("y_bar = 0.65", {"y_bar": "0.65"}),
                      ("y_bar = 0.5, A = 0 (r* = w_R = 0.45)", {"y_bar": "0.5", "A": "0"}),
                      ("A = 0.5, y_bar = 0.9 (r* = 0.80 > p + c_W: the West prefers war)",
                       {"A": "0.5", "y_bar": "0.9"})):
    print(f"\n{label}:\n  {fates(**params)}")
