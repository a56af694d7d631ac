"""Algorithm traces in words: iterated elimination of dominated strategies.

Each removal is justified by the payoff comparisons that make the strategy
dominated, against every remaining profile of the others' strategies (listed up
to a limit).  In Gibbons' figure 1.1.1 (the catalogue's ``iesds-example``) the
first round reads "Player 2's Right is strictly dominated by Middle (Middle pays
more against every remaining row: 2 > 1 against Up, 1 > 0 against Down)".  A strictly
dominated strategy is never a best response, so it is in no equilibrium, and
removing it can make further strategies dominated (Gibbons 1992, *Game Theory for
Applied Economists*, section 1.1.B); weak elimination, when the method used it, is
flagged as possibly removing equilibria (Osborne and Rubinstein 1994, sec. 4.3).

Used by :func:`solver.analysis.explain.explain` for normal-form games.
"""
from __future__ import annotations

import itertools

from solver.analysis.prose import Comparator, Section, join_words, label_text, number_text

__all__ = ["dominance_section"]

#: Opponent profiles listed in one dominance comparison before "... and k more".
_MAX_COMPARISONS = 6


def _dominance_steps(solution):
    steps = tuple(s for s in solution.trace if hasattr(s, "dominated_by"))
    if steps or solution.method == "dominance":
        return steps, True
    game = solution.game
    if sum(game.shape) > 60:
        return None, False
    from solver.algorithms.dominance import iterated_dominance
    return iterated_dominance(game, weak=False, mixed=True).steps, False


def dominance_section(solution) -> Section | None:
    """The "Dominated strategies" section of a normal-form explanation.

    The steps come from the solution's trace when the method eliminated dominated
    strategies itself; otherwise strict elimination (by pure strategies and by
    mixes) is run here for games of at most 60 strategies in all.  None for a
    one-player game.
    """
    game = solution.game
    if game.n_players < 2:
        return None
    steps, from_trace = _dominance_steps(solution)
    if steps is None:
        return Section("Dominated strategies", (
            "Not examined: the game is too large to explain eliminations step by step.",))
    cmp = Comparator(game)
    if not steps:
        line = ("No strategy is strictly dominated (not even by a mix of other strategies), "
                "so dominance alone rules nothing out")
        if game.n_players == 2:
            line += (": each strategy is a best response to something the other player "
                     "might do")
        return Section("Dominated strategies", (line + ".",))
    lines = ["A strictly dominated strategy pays less than some other strategy whatever the "
             "others do, so a rational player never uses it. Removing it may make further "
             "strategies dominated; in order:"]
    if any(getattr(s, "weak", False) for s in steps):
        lines.append("Weakly dominated strategies (never better, sometimes worse) are removed "
                     "too. Unlike strict elimination, this can remove equilibria, and what "
                     "survives can depend on the order of removal.")
    remaining = [list(labels) for labels in game.strategies]
    for rnd, group in itertools.groupby(steps, key=lambda s: s.round):
        group = list(group)
        for step in group:
            lines.append(f"Round {rnd}: " + _elimination_sentence(game, step, remaining, cmp))
        for step in group:
            remaining[game.players.index(step.player)].remove(step.strategy)
    left = "; ".join(f"{p} keeps {join_words([label_text(l) for l in r])}"
                     for p, r in zip(game.players, remaining))
    lines.append(f"What survives: {left}.")
    if all(len(r) == 1 for r in remaining):
        profile = "(" + ", ".join(label_text(r[0]) for r in remaining) + ")"
        if any(getattr(s, "weak", False) for s in steps):
            lines.append(f"Only {profile} survives. It is a Nash equilibrium, but weak "
                         "elimination may have removed other equilibria.")
        else:
            lines.append(f"Only {profile} survives: the game is dominance solvable, and "
                         f"{profile} is its only Nash equilibrium.")
    elif not from_trace:
        lines.append("Every equilibrium uses only surviving strategies (strict elimination "
                     "never removes an equilibrium).")
    return Section("Dominated strategies", tuple(lines))


def _elimination_sentence(game, step, remaining, cmp) -> str:
    i = game.players.index(step.player)
    s = game.strategy_index(i, step.strategy)
    mix = {game.strategy_index(i, lab): p for lab, p in step.dominated_by.items()}
    if len(mix) == 1:
        by = by_long = label_text(next(iter(step.dominated_by)))
    else:
        by = "the mix"
        by_long = "the mix " + " + ".join(f"{number_text(p)} {label_text(lab)}" for lab, p in step.dominated_by.items())
    others = [j for j in range(game.n_players) if j != i]
    idx_lists = [[game.strategy_index(j, lab) for lab in remaining[j]] for j in others]
    comparisons, pays = [], game.payoff_tensor[i]
    for prof in itertools.product(*idx_lists):
        cell = list(prof)
        cell.insert(i, s)
        mine = pays[tuple(cell)]
        theirs = 0
        for k, p in mix.items():
            cell[i] = k
            theirs = theirs + p * pays[tuple(cell)]
        rel = ">" if cmp.gt(theirs, mine) else "="
        against = (label_text(game.strategies[others[0]][prof[0]]) if len(others) == 1 else
                   "(" + ", ".join(label_text(game.strategies[j][k]) for j, k in zip(others, prof)) + ")")
        comparisons.append(f"{number_text(theirs)} {rel} {number_text(mine)} against {against}")
    if len(comparisons) > _MAX_COMPARISONS:
        extra = len(comparisons) - _MAX_COMPARISONS + 1
        comparisons = comparisons[:_MAX_COMPARISONS - 1] + [f"and {extra} more"]
    if game.n_players == 2:
        what = "row" if i == 1 else "column"
    else:
        what = "profile of the others' strategies"
    if step.weak:
        claim = (f"{by} never pays less and sometimes pays more against the remaining "
                 f"{what}s")
        kind = "weakly"
    else:
        claim = f"{by} pays more against every remaining {what}"
        kind = "strictly"
    return (f"{step.player}'s {label_text(step.strategy)} is {kind} dominated by {by_long} ({claim}: "
            f"{', '.join(comparisons)}).")
