"""Ratification red lines and audience costs: when no deal can be made (docs/scenarios.md).

Russia's leader accepts only packages worth at least min(g, p - c_R + A) to him
(his public goal g, his war value plus the audience cost A of settling for less);
the Western ratifiers ratify only packages within their red line y_bar.  When
the two win-sets do not overlap, every package is refused or vetoed.  The script
solves the game, shows each package's fate, and finds the audience cost A that
kills any deal and the red line y_bar that restores one.

Run: python examples/ratification_red_lines.py
"""
import games
import solver
from solver.analysis.beliefs import realization_probabilities
from solver.analysis.parametric import thresholds

NAME = "ratification-red-lines"
game = games.get(NAME)


def ratified(game, eq) -> bool:
    """Whether play reaches a ratified agreement."""
    reach = realization_probabilities(game, eq.profile)
    return any(reach[h] and game.path(h)[-1] == "Ratify" for h in game.terminal_payoffs())


def fates(params):
    """For each package on the West's menu: Russia's answer and the ratifiers' vote."""
    sol = solver.solve(games.get(NAME, **params))
    g, eq = sol.game, sol[0]
    choice = {s.label: max(b, key=b.get) for i, name in enumerate(g.players)
              for s, b in zip(g.infosets[i], eq.profile[name])}
    menu = g.actions(g.root)
    line = ", ".join(f"{pkg}: {choice[pkg]}" + (f" then {choice[pkg + ' agreed']}"
                                               if choice[pkg] == "Accept" else "")
                     for pkg in menu)
    pays = ", ".join(map(str, eq.payoffs))
    deal = "a deal" if ratified(g, eq) else "no deal"
    return f"West offers {choice[g.label(g.root)]}; {line}; {deal}, payoffs ({pays})"


solution = solver.solve(game)
deals = sum(ratified(solution.game, eq) for eq in solution)
print(f"{len(solution)} subgame-perfect equilibria at the defaults (ties on the win-set "
      f"boundaries); {deals} of them end in a ratified deal:")
for eq in solution:
    print(" ", eq)

print("\nThe audience cost that kills any deal, and the red line that restores one:")
print(thresholds(game, "A"))
print(thresholds(game, "y_bar"))

a_star = next(t.value for t in thresholds(game, "A") if t.player == "Russia")
for params in ({}, {"A": str(a_star / 2)}, {"y_bar": "0.65"}):
    label = ", ".join(f"{k} = {v}" for k, v in params.items()) or "defaults"
    print(f"\n{label}:\n  {fates(params)}")
