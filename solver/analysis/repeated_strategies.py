"""Strategy profiles of repeated games as finite automata.

A strategy profile of a repeated game with perfect monitoring can be written as one
*joint automaton* (Mailath and Samuelson 2006, *Repeated Games and Reputations*, §2.3;
Kalai and Stanford 1988): a finite set of states, an initial state, the action profile
played in each state, and a transition function that maps the current state and the
action profile observed in the period to the next state.  Every history of play leads
to one state, so the automaton describes play after *every* history, on the path of
play and off it, which is what subgame perfection needs.

:class:`Automaton` is that object, with labels: ``play`` gives each state's action
profile, ``transitions`` each state's rules.  A rule's key is an action profile, in
which ``"*"`` stands for any action of that player, or ``"*"`` alone for any profile
not matched by an earlier rule; the first matching rule wins.  The built-ins:

* :meth:`Automaton.grim_trigger` -- play ``cooperate`` until anyone deviates, then
  ``punish`` for ever (Friedman 1971);
* :meth:`Automaton.tit_for_tat` -- two players; each plays its cooperative action iff
  the other did so last period (Axelrod 1984);
* :meth:`Automaton.punishment` -- ``k``-period punishment: a deviation from the
  prescribed profile, in any state, starts ``k`` periods of ``punish``, after which play
  returns to ``cooperate`` (a deviation during the punishment starts it anew).

>>> from solver import NormalFormGame
>>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                   strategies=(("C", "D"), ("C", "D")))
>>> grim = Automaton.grim_trigger(pd)
>>> grim.states, grim.play["Punish"]
(('Cooperate', 'Punish'), ('D', 'D'))
>>> grim.next_state("Cooperate", ("C", "D"))
'Punish'
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from solver.errors import GameError, SolverLimitError

__all__ = ["Automaton", "BoundAutomaton", "ANY", "MAX_PROFILES", "STRATEGY_NAMES",
           "parse_profile", "default_profiles"]

#: The wildcard in a transition rule: any action of a player, or (alone) any profile.
ANY = "*"
#: Largest number of stage action profiles an automaton is checked against.
MAX_PROFILES = 100_000
#: The names :meth:`Automaton.named` understands (``punish:K`` takes a number).
STRATEGY_NAMES = ("grim", "tit-for-tat", "punish:K")


def parse_profile(text: Any, n: int, where: str) -> tuple[str, ...]:
    """An action profile given as a sequence of labels or as ``"C,D"`` text."""
    if isinstance(text, str):
        parts = tuple(p.strip() for p in text.split(","))
    else:
        try:
            parts = tuple(text)
        except TypeError:
            raise GameError(f"{where}: expected {n} action labels, got {text!r}") from None
    if len(parts) != n or not all(isinstance(p, str) and p for p in parts):
        raise GameError(f"{where}: expected {n} action labels (one per player), got {text!r}")
    return parts


@dataclass(frozen=True, eq=False)
class Automaton:
    """A strategy profile of a repeated game, as a joint finite automaton.

    Parameters
    ----------
    states : sequence of str
        The state names, distinct.
    initial : str
        The state of the first period.
    play : mapping
        ``{state: (action of player 1, action of player 2, ...)}`` for every state.
    transitions : mapping
        ``{state: {rule: next state}}``.  A rule is an action profile (a tuple of labels,
        ``"*"`` for any action of that player) or ``"*"`` alone (any other profile).
        Rules are tried in the order given, ``"*"`` alone last.  Every state needs rules
        that cover every profile (a ``"*"`` rule does).
    name : str
        A name for the profile, used in the results.

    Raises
    ------
    GameError
        For an unknown initial state, a state without play or rules, a rule leading to
        an unknown state, or a profile of the wrong length (naming the state and rule).
        :meth:`bind` checks the labels against a stage game.

    Examples
    --------
    Grim trigger written out by hand:

    >>> a = Automaton(("Cooperate", "Punish"), "Cooperate",
    ...               {"Cooperate": ("C", "C"), "Punish": ("D", "D")},
    ...               {"Cooperate": {("C", "C"): "Cooperate", "*": "Punish"},
    ...                "Punish": {"*": "Punish"}}, name="my grim trigger")
    >>> a.next_state("Cooperate", ("D", "C"))
    'Punish'
    """

    states: tuple[str, ...]
    initial: str
    play: Mapping[str, tuple[str, ...]]
    transitions: Mapping[str, Mapping[Any, str]]
    name: str = "automaton"

    def __post_init__(self):
        states = tuple(self.states) if not isinstance(self.states, str) else (self.states,)
        where = f"automaton {self.name!r}"
        if not states:
            raise GameError(f"{where}: it needs at least one state")
        for s in states:
            if not isinstance(s, str) or not s:
                raise GameError(f"{where}: state names must be non-empty strings, got {s!r}")
        if len(set(states)) != len(states):
            raise GameError(f"{where}: a state name appears twice in {states}")
        if self.initial not in states:
            raise GameError(f"{where}: the initial state {self.initial!r} is not one of its "
                            f"states {list(states)}")
        play = dict(self.play)
        missing = [s for s in states if s not in play]
        if missing:
            raise GameError(f"{where}: no action profile for state {missing[0]!r}")
        extra = sorted(set(play) - set(states))
        if extra:
            raise GameError(f"{where}: play names an unknown state {extra[0]!r}")
        first = self.play[self.initial]
        n = len(first.split(",")) if isinstance(first, str) else len(tuple(first))
        frozen_play = {}
        for s in states:
            prof = parse_profile(play[s], n, f"{where}, state {s!r}")
            if ANY in prof:
                raise GameError(f"{where}, state {s!r}: a state plays actions, not {ANY!r}")
            frozen_play[s] = prof
        rules = dict(self.transitions)
        frozen_rules = {}
        for s in states:
            if s not in rules:
                raise GameError(f"{where}: no transitions from state {s!r}")
            table = []
            default = None
            for key, target in dict(rules[s]).items():
                if target not in states:
                    raise GameError(f"{where}, state {s!r}: the rule {key!r} leads to "
                                    f"unknown state {target!r}")
                if key == ANY:
                    default = target
                    continue
                table.append((parse_profile(key, n, f"{where}, state {s!r}, rule {key!r}"),
                              target))
            frozen_rules[s] = (tuple(table), default)
        extra = sorted(set(rules) - set(states))
        if extra:
            raise GameError(f"{where}: transitions name an unknown state {extra[0]!r}")
        object.__setattr__(self, "states", states)
        object.__setattr__(self, "play", MappingProxyType(frozen_play))
        object.__setattr__(self, "transitions", MappingProxyType(
            {s: MappingProxyType({**{k: t for k, t in table}, **({ANY: d} if d else {})})
             for s, (table, d) in frozen_rules.items()}))
        object.__setattr__(self, "rules", MappingProxyType(frozen_rules))

    @property
    def n_players(self) -> int:
        return len(self.play[self.initial])

    def next_state(self, state: str, profile: Sequence[str]) -> str:
        """The state after ``profile`` is played in ``state`` (the first matching rule)."""
        table, default = self.rules[state]
        profile = tuple(profile)
        for key, target in table:
            if all(k == ANY or k == a for k, a in zip(key, profile)):
                return target
        if default is None:
            raise GameError(f"automaton {self.name!r}, state {state!r}: no rule matches the "
                            f"profile {profile} (add a '*' rule)")
        return default

    def bind(self, stage) -> "BoundAutomaton":
        """Check the labels against a stage game and index every transition.

        Raises
        ------
        GameError
            For a player count or an action label that the stage game does not have
            (naming the state and the player), or a state whose rules leave a profile
            unmatched.
        SolverLimitError
            When the stage game has more than :data:`MAX_PROFILES` action profiles.
        """
        return BoundAutomaton(self, stage)

    def to_dict(self) -> dict:
        """The JSON form, read back by :meth:`from_dict`."""
        def key(k):
            return k if k == ANY else ",".join(k)
        return {"name": self.name, "states": list(self.states), "initial": self.initial,
                "play": {s: list(p) for s, p in self.play.items()},
                "transitions": {s: {key(k): t for k, t in r.items()}
                                for s, r in self.transitions.items()}}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Automaton":
        """An automaton from its JSON form (rules as ``"C,D"`` text or lists)."""
        def key(k):
            if k == ANY:
                return ANY
            return tuple(x.strip() for x in k.split(",")) if isinstance(k, str) else tuple(k)
        try:
            return cls(tuple(d["states"]), d["initial"], dict(d["play"]),
                       {s: {key(k): t for k, t in dict(r).items()}
                        for s, r in dict(d["transitions"]).items()},
                       name=str(d.get("name", "automaton")))
        except (KeyError, TypeError, AttributeError) as e:
            raise GameError(f"automaton: expected keys states, initial, play and transitions "
                            f"({type(e).__name__}: {e})") from None

    # ------------------------------------------------------------------ built-ins
    @classmethod
    def grim_trigger(cls, stage, cooperate=None, punish=None) -> "Automaton":
        """Grim trigger: ``cooperate`` until any deviation, then ``punish`` for ever.

        Defaults: ``cooperate`` is the pure profile with the largest payoff sum (the first
        in table order on a tie) and ``punish`` the pure stage equilibrium with the
        smallest payoff sum (Nash reversion), found by :func:`default_profiles`.
        """
        c, p = default_profiles(stage, cooperate, punish)
        return cls(("Cooperate", "Punish"), "Cooperate", {"Cooperate": c, "Punish": p},
                   {"Cooperate": {c: "Cooperate", ANY: "Punish"}, "Punish": {ANY: "Punish"}},
                   name="grim trigger")

    @classmethod
    def tit_for_tat(cls, stage, cooperate=None, punish=None) -> "Automaton":
        """Tit-for-tat (two players): each plays its ``cooperate`` action iff the other
        played its own last period, else its ``punish`` action; both cooperate first."""
        if stage.n_players != 2:
            raise GameError(f"tit-for-tat is defined for two players; this stage game has "
                            f"{stage.n_players}")
        (c1, c2), (d1, d2) = default_profiles(stage, cooperate, punish)
        if c1 == d1 or c2 == d2:
            raise GameError("tit-for-tat needs a punishing action different from the "
                            f"cooperative one for each player; got cooperate ({c1}, {c2}), "
                            f"punish ({d1}, {d2})")
        states = {(a, b): f"{a},{b}" for a in (c1, d1) for b in (c2, d2)}
        rules = {(c1, c2): states[(c1, c2)], (c1, ANY): states[(d1, c2)],
                 (ANY, c2): states[(c1, d2)], ANY: states[(d1, d2)]}
        return cls(tuple(states.values()), states[(c1, c2)],
                   {name: prof for prof, name in states.items()},
                   {name: rules for name in states.values()}, name="tit-for-tat")

    @classmethod
    def punishment(cls, stage, k: int, cooperate=None, punish=None) -> "Automaton":
        """``k``-period punishment: a deviation from the prescribed profile, in any state,
        starts ``k`` periods of ``punish``; then play returns to ``cooperate``."""
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise GameError(f"k-period punishment needs a whole number k >= 1, got {k!r}")
        c, p = default_profiles(stage, cooperate, punish)
        names = ["Cooperate"] + [f"Punish {j}" for j in range(1, k + 1)]
        play = {"Cooperate": c, **{s: p for s in names[1:]}}
        rules = {"Cooperate": {c: "Cooperate", ANY: "Punish 1"}}
        for j, s in enumerate(names[1:], start=1):
            rules[s] = {p: names[j + 1] if j < k else "Cooperate", ANY: "Punish 1"}
        return cls(tuple(names), "Cooperate", play, rules, name=f"{k}-period punishment")

    @classmethod
    def named(cls, stage, name: str, cooperate=None, punish=None) -> "Automaton":
        """A built-in by name: ``"grim"``, ``"tit-for-tat"`` or ``"punish:K"``."""
        text = str(name).strip().lower()
        if text in ("grim", "grim-trigger", "grim trigger"):
            return cls.grim_trigger(stage, cooperate, punish)
        if text in ("tit-for-tat", "tft"):
            return cls.tit_for_tat(stage, cooperate, punish)
        if text.startswith("punish:"):
            k = text.split(":", 1)[1]
            if not k.isdigit() or int(k) < 1:
                raise GameError(f"strategy {name!r}: punish:K needs a whole number K >= 1")
            return cls.punishment(stage, int(k), cooperate, punish)
        raise GameError(f"unknown strategy {name!r}; the built-ins are "
                        f"{', '.join(STRATEGY_NAMES)}")


def default_profiles(stage, cooperate=None, punish=None) -> tuple[tuple[str, ...], ...]:
    """The cooperative and punishment profiles of a built-in, as labels.

    Given ones are checked; ``cooperate`` defaults to the pure profile with the largest
    payoff sum (the first in table order on a tie), ``punish`` to the pure stage Nash
    equilibrium with the smallest payoff sum.  Defaults need a concrete stage game.
    """
    n = stage.n_players
    c = parse_profile(cooperate, n, "cooperate") if cooperate is not None else None
    p = parse_profile(punish, n, "punish") if punish is not None else None
    for prof, what in ((c, "cooperate"), (p, "punish")):
        if prof is not None:
            for i, a in enumerate(prof):
                if a not in stage.strategies[i]:
                    raise GameError(f"{what}: {a!r} is not an action of {stage.players[i]!r} "
                                    f"(actions: {', '.join(stage.strategies[i])})")
    if c is not None and p is not None:
        return c, p
    if stage.parametric:
        raise GameError("the stage game has free parameters: give values, or name both "
                        "profiles (cooperate=..., punish=...)")
    if c is None:
        best = max(stage.cells(), key=lambda idx: (sum(stage.payoff(idx)), [-k for k in idx]))
        c = tuple(stage.strategies[i][k] for i, k in enumerate(best))
    if p is None:
        import solver
        pure = solver.solve(stage, method="pure")
        cells = [tuple(max(range(len(s)), key=lambda k: s[k]) for s in eq.probabilities)
                 for eq in pure.equilibria]
        if not cells:
            raise GameError("the stage game has no pure Nash equilibrium to revert to; name "
                            "the punishment profile (punish=...)")
        worst = min(cells, key=lambda idx: (sum(stage.payoff(idx)), list(idx)))
        p = tuple(stage.strategies[i][k] for i, k in enumerate(worst))
    return c, p


class BoundAutomaton:
    """An automaton checked against a stage game, with every transition indexed.

    ``play[s]`` is state ``s``'s action profile as indices; ``next(s, profile)`` the
    next state index after a profile of indices.
    """

    def __init__(self, automaton: Automaton, stage):
        self.automaton = automaton
        self.stage = stage
        where = f"automaton {automaton.name!r}"
        if automaton.n_players != stage.n_players:
            raise GameError(f"{where}: its profiles have {automaton.n_players} actions, the "
                            f"stage game has {stage.n_players} players")
        total = math.prod(stage.shape)
        if total > MAX_PROFILES:
            raise SolverLimitError(f"{where}: the stage game has {total} action profiles, "
                                   f"more than the limit MAX_PROFILES = {MAX_PROFILES} "
                                   "(raise solver.analysis.repeated_strategies.MAX_PROFILES)")
        self.states = automaton.states
        self.index = {s: k for k, s in enumerate(self.states)}
        labels = stage.strategies

        def check(prof, what):
            for i, a in enumerate(prof):
                if a != ANY and a not in labels[i]:
                    raise GameError(f"{where}, {what}: {a!r} is not an action of "
                                    f"{stage.players[i]!r} (actions: {', '.join(labels[i])})")
        for s in self.states:
            check(automaton.play[s], f"state {s!r}")
            for key, _ in automaton.rules[s][0]:
                check(key, f"state {s!r}, rule {key}")
        self.play = tuple(tuple(labels[i].index(a) for i, a in enumerate(automaton.play[s]))
                          for s in self.states)
        self.profiles = tuple(itertools.product(*(range(m) for m in stage.shape)))
        self._next = {}
        for s in self.states:
            for prof in self.profiles:
                named = tuple(labels[i][k] for i, k in enumerate(prof))
                self._next[(self.index[s], prof)] = self.index[automaton.next_state(s, named)]

    def next(self, state: int, profile: tuple[int, ...]) -> int:
        return self._next[(state, profile)]

    def label(self, profile: tuple[int, ...]) -> str:
        """``"(C, D)"``."""
        return self.stage.cell_name(profile)

    def reachable(self) -> tuple[int, ...]:
        """States reached from the initial state by *some* sequence of action profiles
        (on the path of play or after deviations), in breadth-first order."""
        start = self.index[self.automaton.initial]
        seen, order, frontier = {start}, [start], [start]
        while frontier:
            nxt = []
            for s in frontier:
                for prof in self.profiles:
                    t = self._next[(s, prof)]
                    if t not in seen:
                        seen.add(t)
                        order.append(t)
                        nxt.append(t)
            frontier = nxt
        return tuple(order)

    def path(self, state: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The states visited from ``state`` when the automaton's own profiles are played:
        a prefix and then a cycle repeated for ever."""
        seen: dict[int, int] = {}
        order: list[int] = []
        s = state
        while s not in seen:
            seen[s] = len(order)
            order.append(s)
            s = self._next[(s, self.play[s])]
        start = seen[s]
        return tuple(order[:start]), tuple(order[start:])
