"""Explanations in words, derived from a solution and its game.

Nothing here is written for a particular game (DESIGN principle 6): every
sentence is computed from the payoffs, the equilibria and the steps of the
algorithm.  Every explanation opens with a **Bottom line** of at most six lines
(:mod:`solver.analysis.bottom_line`): what happens on the path, the decisive comparison,
what would flip it, the mechanism when known, and the solution concept.  For a
normal-form game the sections that follow are:

* **Dominated strategies** -- what iterated elimination of strictly dominated
  strategies removes, in order, and the payoff comparisons that justify each
  removal (Gibbons 1992, *Game Theory for Applied Economists*, section 1.1.B;
  written by :mod:`solver.analysis.traces`);
* **Equilibrium k** -- for each equilibrium, what each of a player's strategies
  pays against the others' strategies and why his choice is a best response;
  for a mixed equilibrium, the *indifference condition*: each player's mix
  makes the other indifferent among the strategies he uses, which is what fixes
  the probabilities (Gibbons 1992, section 1.3.A);
* **Summary** -- one line per equilibrium with its payoffs;
* **Method** -- which algorithm ran, whether the list is complete and exact,
  and whether the game is degenerate.

Game trees are explained by :mod:`solver.analysis.explain_tree`; both are
registered in :data:`EXPLAINERS` (keyed by ``game.form``).  A game without players
(a lottery of chance moves, a lone terminal node, a table without players) has one
profile, the empty one, and is explained by :mod:`solver.analysis.no_players`: how
chance alone ends play.
"""
from __future__ import annotations

from typing import Any, Callable

from solver.analysis.bottom_line import bottom_line
from solver.analysis.explain_tree import explain_tree
from solver.analysis.no_players import no_player_sections
from solver.analysis.prose import (
    NORMAL_METHOD_WORDS,
    Comparator,
    Explanation,
    Section,
    certificate_line,
    join_words,
    label_text,
    mix_text,
    number_text,
)
from solver.analysis.risk_dominance_text import risk_dominance_section
from solver.analysis.traces import dominance_section
from solver.errors import GameError
from solver.forms.extensive.game import ExtensiveFormGame
from solver.forms.profiles import strategy_values

__all__ = ["Section", "Explanation", "explain", "EXPLAINERS"]

#: Strategies whose values are all listed; longer lists are summarised.
_MAX_LISTED = 10


def explain(solution, *, brief: bool = False, focus: str | None = None, mechanism: str = "",
            literature: str = "", parameters: tuple[str, ...] = ()) -> Explanation:
    """Explain a solution in words: the bottom line first, then the reasons.

    Parameters
    ----------
    solution : Solution
        The result of :func:`solver.solve` (or of an algorithm).  A game (ours, or a
        nashpy, pygambit or QuantEcon game) is solved first with ``method="auto"``.
    brief : bool
        Only the bottom line (at most six lines).
    focus : str, optional
        The player whose choice the bottom line explains (default: the last to move on
        the path of play).
    mechanism, literature : str, optional
        The mechanism the game models and its source, for the bottom line.
    parameters : tuple of str, optional
        The parameters whose flips the bottom line reports (default: all with a range).

    Returns
    -------
    Explanation
        "Bottom line" (:func:`solver.analysis.bottom_line.bottom_line`), then the
        sections of the game's form.

    Raises
    ------
    GameError
        For a game form that has no explainer (normal-form games and trees have one).
    """
    if not hasattr(solution, "equilibria"):        # a game: solve it first
        from solver.solve import solve
        solution = solve(solution)
    form = getattr(solution.game, "form", None)
    explainer = EXPLAINERS.get(form)
    if explainer is None:
        raise GameError(f"explain supports normal-form games and game trees; this game's "
                        f"form is {form!r}")
    head = bottom_line(solution, focus=focus, mechanism=mechanism, literature=literature,
                       parameters=parameters)
    if brief:
        return Explanation((head,))
    if getattr(solution.game, "n_players", None) == 0 and solution.equilibria:   # no one
        return Explanation((head,) + no_player_sections(solution))
    return Explanation((head,) + explainer(solution).sections)


# ---------------------------------------------------------------------- wording helpers


# ---------------------------------------------------------------------- normal form
def _explain_normal_form(solution) -> Explanation:
    game = solution.game
    sections = [_game_section(game), dominance_section(solution)]
    for k, eq in enumerate(solution.equilibria, 1):
        sections.append(_equilibrium_section(game, eq, k))
    sections.append(risk_dominance_section(solution))
    sections.append(_summary_section(solution))
    sections.append(_method_section(solution))
    return Explanation(tuple(s for s in sections if s is not None))


def _game_section(game) -> Section:
    lines = []
    if game.title:
        lines.append(f"{game.title}.")
    for name, labels in zip(game.players, game.strategies):
        if len(labels) > _MAX_LISTED:
            lines.append(f"{name} chooses one of {len(labels)} strategies "
                         f"({', '.join(map(label_text, labels[:3]))}, ..., {label_text(labels[-1])}).")
        else:
            lines.append(f"{name} chooses {join_words([label_text(l) for l in labels], 'or')}.")
    if game.n_players > 1:
        lines.append("Payoffs are written in the order (" + ", ".join(game.players) + ").")
    return Section("The game", tuple(lines))


def _others_text(game, eq, i) -> str:
    parts = []
    for j in range(game.n_players):
        if j == i:
            continue
        mix = mix_text(game.strategies[j], eq.probabilities[j])
        parts.append(f"{game.players[j]}'s " + (mix if len(eq.support[j]) == 1 else f"mix ({mix})"))
    return join_words(parts)


def _equilibrium_section(game, eq, k: int) -> Section:
    cmp = Comparator(game)
    values = strategy_values(game, eq.probabilities)
    lines = []
    kind = "pure" if eq.is_pure else "mixed"
    profile = "; ".join(f"{p} plays {mix_text(l, pr)}"
                        for p, l, pr in zip(game.players, game.strategies, eq.probabilities))
    lines.append(f"A {kind} equilibrium: {profile}. No player can gain by changing his "
                 "strategy alone:")
    for i, name in enumerate(game.players):
        labels, vals = game.strategies[i], values[i]
        support = eq.support[i]
        pays = _values_text(labels, vals, support)
        against = _others_text(game, eq, i) if game.n_players > 1 else "nothing"
        best = max(vals)
        ties = [label_text(l) for l, v in zip(labels, vals) if cmp.eq(v, best) and l not in support]
        worse = [label_text(l) for l, v in zip(labels, vals) if not cmp.eq(v, best)]
        shown = [label_text(l) for l in support]
        if len(support) == 1:
            verdict = f"{shown[0]} pays the most"
            if ties:
                verdict = (f"{shown[0]} is a best response, tied with {join_words(ties)}: {name} "
                           "would lose nothing by switching but gains nothing either")
            verdict += f", so {name} keeps {shown[0]}."
        else:
            verdict = (f"{join_words(shown)} pay the same, {number_text(best)}, so every mix of them "
                       f"is a best response")
            if worse:
                verdict += f"; {join_words(worse)} pay{'s' if len(worse) == 1 else ''} less"
            if ties:
                verdict += f"; {join_words(ties)} also pay{'s' if len(ties) == 1 else ''} {number_text(best)} but {'is' if len(ties) == 1 else 'are'} not used"
            verdict += "."
        lines.append(f"{name}: against {against}, {pays}. {verdict}")
    for i in range(game.n_players):
        if len(eq.support[i]) > 1:
            lines.append(_indifference(game, eq, i, values[i], cmp))
    return Section(f"Equilibrium {k}", tuple(lines))


def _values_text(labels, vals, support) -> str:
    """``"U pays 1, D pays 0"``; in long lists only the used strategies and the best other."""
    if len(labels) <= _MAX_LISTED:
        return ", ".join(f"{label_text(l)} pays {number_text(v)}" for l, v in zip(labels, vals))
    used = [f"{label_text(l)} pays {number_text(v)}" for l, v in zip(labels, vals) if l in support]
    rest = [v for l, v in zip(labels, vals) if l not in support]
    return ", ".join(used) + f"; the other {len(rest)} strategies pay at most {number_text(max(rest))}"


def _linear(terms) -> str:
    """Text of ``sum coef * var`` over ``[(coef, var), ...]``, zero terms left out."""
    out = ""
    for c, var in terms:
        if c == 0:
            continue
        text = number_text(abs(c) if out else c)
        text = f"({text})" if "/" in text else text
        sign = (" - " if c < 0 else " + ") if out else ""
        out += f"{sign}{text}*{var}"
    return out or "0"


def _indifference(game, eq, i, vals, cmp) -> str:
    """Why player *i* is willing to mix: the others' mix makes him indifferent."""
    name = game.players[i]
    idx = [game.strategy_index(i, l) for l in eq.support[i]]
    support = [label_text(l) for l in eq.support[i]]
    value = number_text(vals[idx[0]])
    if game.n_players != 2:
        return (f"The others' mixes make {name} indifferent among {join_words(support)}: "
                f"each pays {value} against them, which is what lets {name} mix.")
    o = 1 - i
    other = game.players[o]
    oidx = [game.strategy_index(o, l) for l in eq.support[o]]
    osup = [label_text(l) for l in eq.support[o]]
    pays = game.payoff_tensor[i]

    def u(mine, theirs):
        return pays[(mine, theirs)] if i == 0 else pays[(theirs, mine)]

    if len(osup) == 1:
        return (f"{other} plays {osup[0]} for sure, and against it {name}'s "
                f"{join_words(support)} each pay {value}; so {name} is willing to mix, "
                f"and {name}'s mix is one that keeps {osup[0]} a best response for {other}.")
    if len(support) == 2 and len(osup) == 2:
        var = "p" if o == 0 else "q"
        (a, b), (t1, t2) = idx, oidx
        ea = _linear([(u(a, t1), var), (u(a, t2), f"(1-{var})")])
        eb = _linear([(u(b, t1), var), (u(b, t2), f"(1-{var})")])
        pr = eq.probabilities[o][t1]
        lead = (f"Let {var} be the probability that {other} plays {osup[0]} (and 1-{var} "
                f"that {other} plays {osup[1]}). {other} mixes so that {name} is "
                f"indifferent: {name}'s {support[0]} pays {ea} = {value} and "
                f"{support[1]} pays {eb} = {value}")
        slope = (u(a, t1) - u(a, t2)) - (u(b, t1) - u(b, t2))
        if cmp.eq(slope, 0):
            return (lead + f". These two are equal for every {var}, so {name}'s indifference "
                    f"does not pin {var} down here ({var} = {number_text(pr)} is one of many values "
                    "that work; this happens only in degenerate games).")
        return (lead + f", which holds only at {var} = {number_text(pr)} (solving {ea} = {eb}). "
                f"If {var} were larger, {name} would strictly prefer "
                f"{support[0] if cmp.gt(slope, 0) else support[1]}; if smaller, "
                f"{support[1] if cmp.gt(slope, 0) else support[0]}.")
    names = {t: f"{other[0].lower()}({game.strategies[o][t]})" for t in oidx}
    eqs = []
    for s, lab in zip(idx, support):
        expr = _linear([(u(s, t), names[t]) for t in oidx]) if len(oidx) <= 5 else "its expected payoff"
        eqs.append(f"{lab} pays {expr} = {value}")
    fixed = ("fix" if len(support) == len(osup) else "are satisfied by")
    probs = ", ".join(f"{names[t]} = {number_text(eq.probabilities[o][t])}" for t in oidx)
    return (f"{other} mixes so that {name} is indifferent among {join_words(support)}, "
            f"writing {other[0].lower()}(x) for the probability of {other}'s x: "
            f"{'; '.join(eqs)}. These equalities, with the probabilities summing to 1, "
            f"{fixed} {other}'s mix: {probs}.")


def _summary_section(solution) -> Section:
    game = solution.game
    lines = []
    for k, eq in enumerate(solution.equilibria, 1):
        prof = "; ".join(f"{p}: {mix_text(l, pr)}"
                         for p, l, pr in zip(game.players, game.strategies, eq.probabilities))
        pay = ", ".join(f"{p} {number_text(u)}" for p, u in zip(game.players, eq.payoffs))
        lines.append(f"{k}. {prof} -- payoffs {pay} ({'pure' if eq.is_pure else 'mixed'}).")
    if not lines:
        lines.append("The method found no equilibrium.")
        if solution.method == "pure" and solution.complete:
            lines.append("The game has no equilibrium in pure strategies; every finite game has "
                         "one in mixed strategies (Nash 1951): try method 'enumerate'.")
    return Section("Summary", tuple(lines))


_COMPLETE_WORDS = {
    "pure": "The list is complete: these are all the pure-strategy equilibria (mixed ones "
            "were not searched for).",
    "enumerate": "The list is complete: every equilibrium is listed (in a degenerate game, "
                 "every extreme equilibrium).",
    "dominance": "The list is complete: strict elimination never removes an equilibrium, so "
                 "the equilibria of the smaller game are those of the whole game.",
}
_ZERO_SUM_WORDS = ("In a zero-sum game every equilibrium gives the same payoffs (the value), "
                   "and any optimal strategy of one player combined with any optimal strategy "
                   "of the other is an equilibrium.")


def _method_section(solution) -> Section:
    game = solution.game
    m = solution.method
    lines = [f"Method: {m}" + (f", which {NORMAL_METHOD_WORDS[m]}." if m in NORMAL_METHOD_WORDS else ".")]
    if solution.complete:
        lines.append(_COMPLETE_WORDS.get(m, "The list is complete for this method."))
    else:
        lines.append("The list is not necessarily complete: the method finds some equilibria, "
                     "and the game may have others.")
    if m == "zero-sum":
        lines.append(_ZERO_SUM_WORDS)
    lines.append(certificate_line(solution))
    # dominance reports the degeneracy of the game left after elimination
    subject = "The game left after elimination" if m == "dominance" else "The game"
    if solution.degenerate is True:
        line = (f"{subject} is degenerate: against some mixed strategy using k pure "
                "strategies, the other player has more than k best responses. Equilibria can "
                "then form connected sets (segments, polygons)")
        if solution.complete and m in ("enumerate", "dominance"):
            line += ("; the list gives their extreme points, and suitable mixtures of them are "
                     "equilibria too")
        lines.append(line + ".")
    elif solution.degenerate is False:
        lines.append(f"{subject} is non-degenerate: its equilibria are isolated points, finitely "
                     "many, and (for two players) odd in number.")
    else:
        lines.append("The method does not tell whether the game is degenerate.")
    if solution.value is not None:
        lines.append(f"The value of the game to {game.players[0]} is {number_text(solution.value)}: "
                     f"{game.players[0]} can guarantee at least this much and "
                     f"{game.players[1]} can hold {game.players[0]} to at most this much.")
    lines.extend(f"Note: {note}" for note in solution.notes)
    return Section("Method", tuple(lines))


def _explain_extensive_form(solution) -> Explanation:
    if not isinstance(solution.game, ExtensiveFormGame):
        raise GameError("explain supports normal-form games and game trees; this game says it "
                        f"is a tree but is a {type(solution.game).__name__}")
    return explain_tree(solution)


#: Explainers by ``game.form``: normal-form tables and game trees.
EXPLAINERS: dict[str, Callable[[Any], Explanation]] = {"normal": _explain_normal_form,
                                                       "extensive": _explain_extensive_form}
