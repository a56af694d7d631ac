"""Sanctions, relief and relative gains: the largest demand coercion can buy (docs/scenarios.md).

The West demands a concession D; Russia acquiesces or stands firm; the West
sanctions or backs down; from deadlock a standing relief offer (a share phi of
the sanctions lifted, counted at its credibility kappa) asks for the same D.
The script finds D* (the largest demand Russia accepts) and the smaller demand
that the relief package buys, shows the outcome on each side of them, and asks
how credible relief must be to buy a demand between the two.

Run: python examples/sanctions_coercion.py
"""
import games
import solver
from solver.analysis.beliefs import realization_probabilities
from solver.analysis.parametric import thresholds

NAME = "sanctions-coercion"
game = games.get(NAME)


def outcome(**params) -> str:
    """The path of play and the payoffs, from the solved game."""
    sol = solver.solve(games.get(NAME, **params))
    g, eq = sol.game, sol[0]
    reach = realization_probabilities(g, eq.profile)
    end = next(h for h in g.terminal_payoffs() if reach[h] == 1)
    pays = ", ".join(f"{p} {float(u):+.3f}" for p, u in zip(g.players, eq.payoffs))
    return f"{' -> '.join(g.path(end))}  ({pays})"


print("Default (D = 0.25):", outcome())
print("\nWhere Russia's answers flip as the demand D rises:")
found = thresholds(game, "D")
print(found)
cut = {t.at: t.value for t in found if t.player == "Russia"}
d_star, d_relief = cut["Demand"], cut["Relief offer"]
print(f"D* = {d_star}: the threat of sanctions buys any demand up to D*; once sanctions are in "
      f"place, relief buys only up to {d_relief}.")
for D in (d_relief / 2, (d_relief + d_star) / 2, d_star * 2):
    print(f"  D = {float(D):.3f}: {outcome(D=D)}")

middle = (d_relief + d_star) / 2
print(f"\nHad it come to deadlock, how credible must relief be to buy D = {middle} there?")
print(thresholds(game, "kappa", params={"D": middle}))
