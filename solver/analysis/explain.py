"""Explanations in words, derived from a solution and its game.

Nothing here is written for a particular game (DESIGN principle 6): every
sentence is computed from the payoffs, the equilibria and the steps of the
algorithm.  For a normal-form game an explanation has these sections:

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
registered in :data:`EXPLAINERS` (keyed by ``game.form``).
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import GameError
from ..numbers import format_number
from ..profiles import DEFAULT_TOLERANCE, strategy_values

__all__ = ["Section", "Explanation", "explain", "EXPLAINERS"]

_WIDTH = 88
#: Strategies whose values are all listed; longer lists are summarised.
_MAX_LISTED = 10


@dataclass(frozen=True)
class Section:
    """One part of an explanation: a title and lines of prose."""

    title: str
    lines: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"title": self.title, "lines": list(self.lines)}

    def __str__(self) -> str:
        body = [textwrap.fill(line, _WIDTH, subsequent_indent="  ") for line in self.lines]
        return "\n".join([self.title, "-" * len(self.title)] + body)


@dataclass(frozen=True)
class Explanation:
    """The reasons behind a solution, as titled sections of prose.

    ``str(explanation)`` is readable text; :meth:`to_dict` is its JSON form.
    """

    sections: tuple[Section, ...]

    def __str__(self) -> str:
        return "\n\n".join(str(s) for s in self.sections)

    def to_dict(self) -> dict:
        return {"sections": [s.to_dict() for s in self.sections]}

    def __getitem__(self, title: str) -> Section:
        for s in self.sections:
            if s.title == title:
                return s
        raise KeyError(title)


def explain(solution) -> Explanation:
    """Explain a solution in words: dominance, best responses, indifference, method.

    Parameters
    ----------
    solution : Solution
        The result of :func:`solver.solve` (or of an algorithm).

    Returns
    -------
    Explanation

    Raises
    ------
    GameError
        For a game form that has no explainer (normal-form games and trees have one).
    """
    form = getattr(solution.game, "form", None)
    explainer = EXPLAINERS.get(form)
    if explainer is None:
        raise GameError(f"explain supports normal-form games and game trees; this game's "
                        f"form is {form!r}")
    return explainer(solution)


# ---------------------------------------------------------------------- wording helpers
def _n(x: Any) -> str:
    return format_number(x)


def _join(words: list[str], last: str = "and") -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def _mix(labels, probs) -> str:
    """``"M"`` for a pure strategy, ``"1/3 Opera, 2/3 Fight"`` for a mix."""
    played = [(_L(l), p) for l, p in zip(labels, probs) if p > 0]
    if len(played) == 1:
        return played[0][0]
    return ", ".join(f"{_n(p)} {l}" for l, p in played)


def _L(label: str) -> str:
    """A strategy label for prose: quoted when it could be read as a number ("2")."""
    return f'"{label}"' if label[:1].isdigit() or label[:1] in "+-." else label


class _Cmp:
    """Comparisons exact in exact games, relative to the payoff range otherwise."""

    def __init__(self, game):
        self.slack = 0 if game.exact else DEFAULT_TOLERANCE * game.payoff_range

    def eq(self, a, b) -> bool:
        return abs(a - b) <= self.slack

    def gt(self, a, b) -> bool:
        return a - b > self.slack


# ---------------------------------------------------------------------- normal form
def _explain_normal_form(solution) -> Explanation:
    game = solution.game
    from .traces import dominance_section
    sections = [_game_section(game), dominance_section(solution)]
    for k, eq in enumerate(solution.equilibria, 1):
        sections.append(_equilibrium_section(game, eq, k))
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
                         f"({', '.join(map(_L, labels[:3]))}, ..., {_L(labels[-1])}).")
        else:
            lines.append(f"{name} chooses {_join([_L(l) for l in labels], 'or')}.")
    if game.n_players > 1:
        lines.append("Payoffs are written in the order (" + ", ".join(game.players) + ").")
    return Section("The game", tuple(lines))


def _others_text(game, eq, i) -> str:
    parts = []
    for j in range(game.n_players):
        if j == i:
            continue
        mix = _mix(game.strategies[j], eq.probabilities[j])
        parts.append(f"{game.players[j]}'s " + (mix if len(eq.support[j]) == 1 else f"mix ({mix})"))
    return _join(parts)


def _equilibrium_section(game, eq, k: int) -> Section:
    cmp = _Cmp(game)
    values = strategy_values(game, eq.probabilities)
    lines = []
    kind = "pure" if eq.is_pure else "mixed"
    profile = "; ".join(f"{p} plays {_mix(l, pr)}"
                        for p, l, pr in zip(game.players, game.strategies, eq.probabilities))
    lines.append(f"A {kind} equilibrium: {profile}. No player can gain by changing his "
                 "strategy alone:")
    for i, name in enumerate(game.players):
        labels, vals = game.strategies[i], values[i]
        support = eq.support[i]
        pays = _values_text(labels, vals, support)
        against = _others_text(game, eq, i) if game.n_players > 1 else "nothing"
        best = max(vals)
        ties = [_L(l) for l, v in zip(labels, vals) if cmp.eq(v, best) and l not in support]
        worse = [_L(l) for l, v in zip(labels, vals) if not cmp.eq(v, best)]
        shown = [_L(l) for l in support]
        if len(support) == 1:
            verdict = f"{shown[0]} pays the most"
            if ties:
                verdict = (f"{shown[0]} is a best response, tied with {_join(ties)}: {name} "
                           "would lose nothing by switching but gains nothing either")
            verdict += f", so {name} keeps {shown[0]}."
        else:
            verdict = (f"{_join(shown)} pay the same, {_n(best)}, so every mix of them "
                       f"is a best response")
            if worse:
                verdict += f"; {_join(worse)} pay{'s' if len(worse) == 1 else ''} less"
            if ties:
                verdict += f"; {_join(ties)} also pay{'s' if len(ties) == 1 else ''} {_n(best)} but {'is' if len(ties) == 1 else 'are'} not used"
            verdict += "."
        lines.append(f"{name}: against {against}, {pays}. {verdict}")
    for i in range(game.n_players):
        if len(eq.support[i]) > 1:
            lines.append(_indifference(game, eq, i, values[i], cmp))
    return Section(f"Equilibrium {k}", tuple(lines))


def _values_text(labels, vals, support) -> str:
    """``"U pays 1, D pays 0"``; in long lists only the used strategies and the best other."""
    if len(labels) <= _MAX_LISTED:
        return ", ".join(f"{_L(l)} pays {_n(v)}" for l, v in zip(labels, vals))
    used = [f"{_L(l)} pays {_n(v)}" for l, v in zip(labels, vals) if l in support]
    rest = [v for l, v in zip(labels, vals) if l not in support]
    return ", ".join(used) + f"; the other {len(rest)} strategies pay at most {_n(max(rest))}"


def _linear(terms) -> str:
    """Text of ``sum coef * var`` over ``[(coef, var), ...]``, zero terms left out."""
    out = ""
    for c, var in terms:
        if c == 0:
            continue
        text = _n(abs(c) if out else c)
        text = f"({text})" if "/" in text else text
        sign = (" - " if c < 0 else " + ") if out else ""
        out += f"{sign}{text}*{var}"
    return out or "0"


def _indifference(game, eq, i, vals, cmp) -> str:
    """Why player *i* is willing to mix: the others' mix makes him indifferent."""
    name = game.players[i]
    idx = [game.strategy_index(i, l) for l in eq.support[i]]
    support = [_L(l) for l in eq.support[i]]
    value = _n(vals[idx[0]])
    if game.n_players != 2:
        return (f"The others' mixes make {name} indifferent among {_join(support)}: "
                f"each pays {value} against them, which is what lets {name} mix.")
    o = 1 - i
    other = game.players[o]
    oidx = [game.strategy_index(o, l) for l in eq.support[o]]
    osup = [_L(l) for l in eq.support[o]]
    pays = game.payoff_tensor[i]

    def u(mine, theirs):
        return pays[(mine, theirs)] if i == 0 else pays[(theirs, mine)]

    if len(osup) == 1:
        return (f"{other} plays {osup[0]} for sure, and against it {name}'s "
                f"{_join(support)} each pay {value}; so {name} is willing to mix, "
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
                    f"does not pin {var} down here ({var} = {_n(pr)} is one of many values "
                    "that work; this happens only in degenerate games).")
        return (lead + f", which holds only at {var} = {_n(pr)} (solving {ea} = {eb}). "
                f"If {var} were larger, {name} would strictly prefer "
                f"{support[0] if cmp.gt(slope, 0) else support[1]}; if smaller, "
                f"{support[1] if cmp.gt(slope, 0) else support[0]}.")
    names = {t: f"{other[0].lower()}({game.strategies[o][t]})" for t in oidx}
    eqs = []
    for s, lab in zip(idx, support):
        expr = _linear([(u(s, t), names[t]) for t in oidx]) if len(oidx) <= 5 else "its expected payoff"
        eqs.append(f"{lab} pays {expr} = {value}")
    fixed = ("fix" if len(support) == len(osup) else "are satisfied by")
    probs = ", ".join(f"{names[t]} = {_n(eq.probabilities[o][t])}" for t in oidx)
    return (f"{other} mixes so that {name} is indifferent among {_join(support)}, "
            f"writing {other[0].lower()}(x) for the probability of {other}'s x: "
            f"{'; '.join(eqs)}. These equalities, with the probabilities summing to 1, "
            f"{fixed} {other}'s mix: {probs}.")


def _summary_section(solution) -> Section:
    game = solution.game
    lines = []
    for k, eq in enumerate(solution.equilibria, 1):
        prof = "; ".join(f"{p}: {_mix(l, pr)}"
                         for p, l, pr in zip(game.players, game.strategies, eq.probabilities))
        pay = ", ".join(f"{p} {_n(u)}" for p, u in zip(game.players, eq.payoffs))
        lines.append(f"{k}. {prof} -- payoffs {pay} ({'pure' if eq.is_pure else 'mixed'}).")
    if not lines:
        lines.append("The method found no equilibrium.")
        if solution.method == "pure" and solution.complete:
            lines.append("The game has no equilibrium in pure strategies; every finite game has "
                         "one in mixed strategies (Nash 1951): try method 'enumerate'.")
    return Section("Summary", tuple(lines))


_METHOD_WORDS = {
    "pure": "checks every cell of the table for mutual best responses",
    "enumerate": "enumerates the candidate supports (or vertices) and solves the "
                 "indifference equations exactly on each",
    "lemke-howson": "follows the Lemke-Howson path of complementary pivots to one equilibrium",
    "zero-sum": "solves the minimax linear program of the zero-sum game",
    "dominance": "removes dominated strategies, then solves the smaller game that is left",
}

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


def _certificate_line(solution) -> str:
    """How the equilibria were certified: exactly, or within a float tolerance."""
    if solution.exact:
        return ("Exact: every number is an exact fraction, and each equilibrium was "
                "certified: no player gains anything by deviating (regret exactly 0).")
    worst = max((max(e.regret) for e in solution.equilibria), default=0.0)
    return ("Floating point: numbers are rounded; each equilibrium was certified up to "
            f"a tolerance relative to the payoff range (largest regret {_n(worst)}).")


def _method_section(solution) -> Section:
    game = solution.game
    m = solution.method
    lines = [f"Method: {m}" + (f", which {_METHOD_WORDS[m]}." if m in _METHOD_WORDS else ".")]
    if solution.complete:
        lines.append(_COMPLETE_WORDS.get(m, "The list is complete for this method."))
    else:
        lines.append("The list is not necessarily complete: the method finds some equilibria, "
                     "and the game may have others.")
    if m == "zero-sum":
        lines.append(_ZERO_SUM_WORDS)
    lines.append(_certificate_line(solution))
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
        lines.append(f"The value of the game to {game.players[0]} is {_n(solution.value)}: "
                     f"{game.players[0]} can guarantee at least this much and "
                     f"{game.players[1]} can hold {game.players[0]} to at most this much.")
    lines.extend(f"Note: {note}" for note in solution.notes)
    return Section("Method", tuple(lines))


def _explain_extensive_form(solution) -> Explanation:
    from ..extensive_form import ExtensiveFormGame
    from .explain_tree import explain_tree
    if not isinstance(solution.game, ExtensiveFormGame):
        raise GameError("explain supports normal-form games and game trees; this game says it "
                        f"is a tree but is a {type(solution.game).__name__}")
    return explain_tree(solution)


#: Explainers by ``game.form``: normal-form tables and game trees.
EXPLAINERS: dict[str, Callable[[Any], Explanation]] = {"normal": _explain_normal_form,
                                                       "extensive": _explain_extensive_form}
