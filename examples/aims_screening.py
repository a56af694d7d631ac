"""Limited aims or maximalist? A screening offer, and what its refusal reveals (docs/scenarios.md).

The West does not know Russia's aims.  A modest offer (DV) is accepted only by a
Russia with limited aims, so a refusal is an equilibrium event -- and evidence.
The script shows the beliefs before and after Russia's answer (Bayes' rule on
the solved profile), the risk of war the West accepts, and the prior at which
the West switches to the grand bargain.

Run: python examples/aims_screening.py
"""
import games
import solver
from solver.analysis.beliefs import realization_probabilities
from solver.analysis.parametric import thresholds

NAME = "aims-screening"
solution = solver.solve(games.get(NAME))
explanation = solver.explain(solution)
print(explanation["Equilibrium 1"])
print()
print(explanation["Equilibrium 1: what moves reveal"])


def answers(solution):
    """Probability of each (type, answer) pair on the path of play, from the solved profile."""
    game, eq = solution.game, solution[0]
    reach = realization_probabilities(game, eq.profile)
    out = {}
    for h in game.terminal_payoffs():
        if reach[h]:
            path = game.path(h)               # (type, offer, answer)
            out[(path[0], path[-1])] = out.get((path[0], path[-1]), 0) + reach[h]
    return out


print("\nWhat a rejection reveals, and the risk of war, as the prior pi moves:")
for pi in ("0.3", "0.5", "0.8", "0.9"):
    sol = solver.solve(games.get(NAME, pi=pi))
    seen = answers(sol)
    war = sum(p for (_, answer), p in seen.items() if answer == "Reject")
    maximalist = sum(p for (kind, answer), p in seen.items()
                     if answer == "Reject" and kind == "Maximalist")
    west = sol[0].profile["West"][0]
    posterior = f"{maximalist / war}" if war else "no rejection on the path"
    print(f"  pi = {pi}: West offers {max(west, key=west.get)}; P(war) = {war}; "
          f"P(Maximalist | Reject) = {posterior}")

print("\nWhere the West switches offers:")
print(thresholds(games.get(NAME), "pi"))
