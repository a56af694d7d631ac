"""The security dilemma as a Stag Hunt (docs/scenarios.md).

Solves the game, explains why each side restrains only if it believes the
other restrains with probability at least 2/3 (the mixed equilibrium), computes
which equilibrium is risk-dominant (Harsanyi and Selten 1988: the product of the
deviation losses, 2 x 2 = 4 at (Arm, Arm) against 1 x 1 = 1), shows how the edge
of arming first moves the belief and flips the risk-dominant equilibrium at
advantage = 2, and finds where mutual restraint stops being an equilibrium.

Run: python examples/security_dilemma.py
"""
import games
import solver
from solver.analysis.parametric import thresholds
from solver.analysis.risk_dominance import profile_text, risk_dominance
from solver.analysis.risk_dominance_flips import risk_dominance_flips
from solver.analysis.risk_dominance_text import risk_dominance_section

game = games.get("security-dilemma")
solution = solver.solve(game)
print(solver.explain(solution))
print()
print(risk_dominance_section(solution))

print("\nThe belief in the other's restraint needed to restrain, by the edge of arming first:")
for advantage in ("1", "2", "3", "7/2"):
    sol = solver.solve(games.get("security-dilemma", advantage=advantage))
    (mixed,) = [e for e in sol.equilibria if 0 < e.strategies[0]["Restrain"] < 1]
    q = mixed.strategies[0]["Restrain"]
    rd = risk_dominance(sol)
    products = " vs ".join(f"{profile_text(e)} {p}" for e, p in zip(rd.equilibria, rd.products))
    dominant = "neither (a tie)" if rd.tie else profile_text(rd.dominant)
    print(f"  advantage = {advantage:>3}: restrain iff belief >= {q}; products {products}; "
          f"risk-dominant: {dominant}")

print("\nWhere the risk-dominant equilibrium changes (the products are equal there):")
for flip in risk_dominance_flips(game, "advantage"):
    print(f"  {flip}")

print("\nWhere mutual restraint stops being an equilibrium:")
print(thresholds(game, "advantage"))
