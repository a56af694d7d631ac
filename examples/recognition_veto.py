"""Ukraine's veto over the recognised line: what makes a recognition stick (recognition-veto).

The US offers Russia the "diplomatic victory" (recognised territory plus phased
sanctions relief), but the line it recognises is Ukraine's to accept or reject.
Ukraine rejects it when conceding costs it more (``sigma``) than fighting on, and
fighting on is worth more the more US aid continues (``aid``).  Russia foresees the
veto, so a recognition Ukraine would reject is worth even less to Russia than its
face value.  The script prints the bottom line, finds the values of ``sigma`` and
``aid`` at which the recognition starts to stick, and then solves the game in each
regime; every number and every verdict below is computed from the game.

Run: python examples/recognition_veto.py
"""
from fractions import Fraction

import games
import solver
from solver.analysis.decisive import decisive_comparisons
from solver.analysis.parametric import thresholds

NAME = "recognition-veto"
game = games.get(NAME)


def num(v) -> str:
    """An exact value with its decimal: ``7/20 (0.35)``."""
    return f"{Fraction(v)} ({float(v):.3g})"


def payoffs(eq) -> str:
    return ", ".join(f"{player} {float(v):.3g}" for player, v in zip(game.players, eq.payoffs))


def worth(solution, player: str, at: str) -> dict:
    """What each option is worth to ``player`` at decision ``at`` (from the solution)."""
    c = next(c for c in decisive_comparisons(solution) if (c.player, c.at) == (player, at))
    return {c.chosen: c.chosen_value, c.alternative: c.alternative_value}


def regime(title: str, **params) -> None:
    """Solve at ``params`` (the others at their defaults) and say what happens, and why."""
    sol = solver.solve(games.get(NAME, **params))
    line, dv = worth(sol, "Ukraine", "Line"), worth(sol, "Russia", "DV")
    ukraine = {e.action("Ukraine", "Line") for e in sol.equilibria}
    russia = {e.action("Russia", "DV") for e in sol.equilibria}
    us = sorted({e.action("US", "US") for e in sol.equilibria})
    setting = ", ".join(f"{k} = {v}" for k, v in params.items()) or "the defaults"
    n = len(sol.equilibria)
    print(f"\n{title}\n  ({setting}; {n} subgame-perfect equilibri{'um' if n == 1 else 'a'})")
    verb = "accept" if ukraine == {"Accept"} else "reject"
    print(f"  Ukraine would {verb} the line: accepting is worth {num(line['Accept'])} to it, "
          f"fighting on {num(line['Reject'])}.")
    answer = "accepts" if russia == {"Accept"} else "declines"
    print(f"  So Russia's acceptance is worth {num(dv['Accept'])} against war "
          f"{num(dv['Decline'])}: Russia {answer} DV.")
    if russia != {"Accept"}:
        end = "war"
    else:
        end = "the line holds" if ukraine == {"Accept"} else "Ukraine fights on"
    if len(us) > 1:
        print(f"  The US is indifferent between {' and '.join(us)} (a refused offer changes "
              f"nothing); {end}: {payoffs(sol[0])}.")
    else:
        print(f"  The US chooses {us[0]}; {end}: {payoffs(sol[0])}.")


print(games.explain(NAME, brief=True))

print("\nWhere the recognition starts to stick (the other parameters at their defaults):")
flips = {}
for param in ("sigma", "aid"):
    result = thresholds(game, param)
    print(result)
    flips[param] = next(t.value for t in result if (t.player, t.at) == ("Ukraine", "Line"))

# points inside each regime, computed from the thresholds
aid_low = flips["aid"] / 2
kappa_flips = thresholds(game, "kappa", params={"aid": aid_low})
kappa_star = next(t.value for t in kappa_flips if (t.player, t.at) == ("Russia", "DV"))
kappa_high = (kappa_star + 1) / 2
print(f"\nThe credibility of relief, kappa, with aid = {aid_low} (below {flips['aid']}):")
print(kappa_flips)
print(f"and with aid at its default, {game.parameters['aid']}:")
print(thresholds(game, "kappa"))

regime("1. The baseline")
regime("2. Less aid would continue (aid below its threshold)", aid=aid_low)
regime("2b. A smaller cost of conceding (sigma below its threshold)",
       sigma=flips["sigma"] - Fraction(1, 20))
regime("3. Less aid, and relief credible enough (kappa above its threshold)", aid=aid_low,
       kappa=kappa_high)
regime("4. Relief credible enough, aid at its default", kappa=kappa_high)
