"""Risk dominance in words, for the explanation of a solution.

The numbers are those of :func:`solver.analysis.risk_dominance.risk_dominance`
(Harsanyi and Selten 1988, sec. 5.2); this module says them as a teacher would:
which equilibrium risk-dominates and why (the products of the losses from
deviating), the same verdict as the confidence each equilibrium asks for, what a
player expects who believes the other equally likely to play either strategy, and
how the verdict compares with payoff dominance.
"""
from __future__ import annotations

from solver.analysis.prose import Section, join_words, label_text, number_text
from solver.analysis.risk_dominance import (
    CITATION,
    RiskDominance,
    compare_equilibria,
    game_of,
    profile_text,
    strict_equilibria,
)
from solver.errors import GameError
from solver.numbers import DEFAULT_TOLERANCE

__all__ = ["risk_dominance_lines", "risk_dominance_section"]


def _minus(a, b) -> str:
    right = number_text(b)
    return f"{number_text(a)} - {'(' + right + ')' if right.startswith('-') else right}"


def _switch(rd: RiskDominance, k: int, i: int) -> str:
    """The strategy player ``i`` would switch to from equilibria[k]."""
    return label_text(rd.equilibria[1 - k][i])


def risk_dominance_lines(solution) -> list[str]:
    """Risk dominance in words, for the explanation of a solution.

    Parameters
    ----------
    solution : Solution
        A solution of a two-player normal-form game.

    Returns
    -------
    list of str
        Empty when the comparison does not apply: not a two-player normal form, not
        exactly two strict pure equilibria among the solution's equilibria, or a game
        larger than 2x2 whose two equilibria's strategies are not closed under best
        replies.  Otherwise, in order: which equilibrium risk-dominates (or that
        neither does) and the two products of the deviation losses; each player's
        losses; the same comparison as the confidence each equilibrium needs; what a
        player expects who believes the other equally likely to play either strategy;
        and how the verdict compares with payoff dominance.

    Examples
    --------
    For the security-dilemma Stag Hunt the first line reads "(Arm, Arm)
    risk-dominates (Restrain, Restrain) (Harsanyi and Selten 1988): the product of
    the losses from deviating is 2 x 2 = 4 at (Arm, Arm) > 1 x 1 = 1 at
    (Restrain, Restrain)".
    """
    try:
        game = game_of(solution)
    except GameError:
        return []
    pure = set()
    for e in getattr(solution, "equilibria", ()):
        picked = [[s for s, p in d.items() if p == 1] for d in e.strategies]
        if all(len(x) == 1 for x in picked):
            pure.add((picked[0][0], picked[1][0]))
    slack = 0 if game.exact else DEFAULT_TOLERANCE * game.payoff_range
    strict = [c for c in strict_equilibria(game, slack)
              if (game.strategies[0][c[0]], game.strategies[1][c[1]]) in pure]
    if len(strict) != 2:
        return []
    try:
        rd = compare_equilibria(game, strict, slack)
    except GameError:
        return []
    return _words(rd)


def risk_dominance_section(solution) -> Section | None:
    """:func:`risk_dominance_lines` as a section titled "Risk dominance" (None if empty)."""
    lines = risk_dominance_lines(solution)
    return Section("Risk dominance", tuple(lines)) if lines else None


def _words(rd: RiskDominance) -> list[str]:
    P1, P2 = rd.players
    E = [profile_text(e) for e in rd.equilibria]
    prod = [f"{number_text(rd.losses[k][0])} x {number_text(rd.losses[k][1])} = "
            f"{number_text(rd.products[k])}" for k in range(2)]
    where = " in the game restricted to these strategies" if rd.restricted else ""
    lines = []
    if rd.dominant is None:
        lines.append(f"Neither {E[0]} nor {E[1]} risk-dominates the other ({CITATION}){where}: "
                     f"the products of the players' losses from deviating are equal, "
                     f"{prod[0]} at {E[0]} and {prod[1]} at {E[1]}.")
    else:
        k = rd.equilibria.index(rd.dominant)
        lines.append(f"{E[k]} risk-dominates {E[1 - k]} ({CITATION}){where}: the product of "
                     f"the losses from deviating is {prod[k]} at {E[k]} > {prod[1 - k]} "
                     f"at {E[1 - k]}.")
    order = [0, 1] if rd.dominant in (None, rd.equilibria[0]) else [1, 0]
    parts = []
    for k in order:
        own = rd.payoffs[k]
        # the payoff after the deviation is the equilibrium payoff less the loss
        dev = (own[0] - rd.losses[k][0], own[1] - rd.losses[k][1])
        parts.append(f"at {E[k]} {P1} would lose {_minus(own[0], dev[0])} = "
                     f"{number_text(rd.losses[k][0])} by switching to {_switch(rd, k, 0)}, "
                     f"and {P2} {_minus(own[1], dev[1])} = {number_text(rd.losses[k][1])} by "
                     f"switching to {_switch(rd, k, 1)}")
    lines.append("The losses: " + "; ".join(parts) + ".")
    k = order[0]
    th = rd.thresholds
    if rd.dominant is not None:
        s1, s2 = (label_text(x) for x in rd.equilibria[k])
        lines.append(
            f"Equivalently, {E[k]} asks for less confidence: {s1} is a best reply for {P1} as "
            f"soon as the chance that {P2} plays {s2} is at least {number_text(th[k][0])}, and "
            f"{s2} for {P2} as soon as the chance that {P1} plays {s1} is at least "
            f"{number_text(th[k][1])}; the two thresholds sum to {number_text(sum(th[k]))} < 1, "
            f"against {number_text(th[1 - k][0])} + {number_text(th[1 - k][1])} = "
            f"{number_text(sum(th[1 - k]))} for {E[1 - k]}.")
    # 50-50 beliefs
    choice = []
    for i in range(2):
        h0, h1 = rd.half[i]
        if h0 == h1:
            choice.append(None)
        else:
            choice.append(0 if h0 > h1 else 1)
    views = [f"{rd.players[i]} expects {number_text(max(rd.half[i]))} from "
             f"{label_text(rd.equilibria[choice[i]][i])} against "
             f"{number_text(min(rd.half[i]))} from {label_text(rd.equilibria[1 - choice[i]][i])}"
             if choice[i] is not None else
             f"{rd.players[i]} is indifferent ({number_text(rd.half[i][0])} either way)"
             for i in range(2)]
    if rd.dominant is not None and choice[0] == choice[1] == rd.equilibria.index(rd.dominant):
        lines.append("A player who believes the other is equally likely to play either "
                     "strategy does better with the risk-dominant one: " + join_words(views)
                     + ".")
    else:
        lines.append("A player who believes the other is equally likely to play either "
                     "strategy: " + join_words(views) + ".")
    # payoff dominance
    if rd.payoff_dominant is None:
        lines.append("Neither equilibrium is better for both players, so payoff dominance "
                     "does not choose between them"
                     + (" either: which one is played is left to something outside the payoffs "
                        "(commitment, precedent, a focal point)." if rd.dominant is None else "."))
    else:
        j = rd.equilibria.index(rd.payoff_dominant)
        gains = join_words([f"{number_text(rd.payoffs[j][i])} against "
                            f"{number_text(rd.payoffs[1 - j][i])} for {rd.players[i]}"
                            for i in range(2)])
        head = f"{E[j]} payoff-dominates {E[1 - j]}: both players get more there ({gains})"
        if rd.dominant is None:
            lines.append(head + "; risk dominance does not choose, so payoff dominance "
                         "selects it.")
        elif rd.dominant == rd.payoff_dominant:
            lines.append(head + "; it is also the risk-dominant one, so both criteria select it.")
        else:
            lines.append(head + "; the two criteria disagree: the equilibrium better for both "
                         "is the riskier one, and mistrust favours "
                         f"{profile_text(rd.dominant)}.")
    return lines
