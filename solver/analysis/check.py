"""Checking a proposed profile: is it an equilibrium, and if not, which deviation pays?

A student proposes a strategy profile ("each plays Opera with probability 2/3 ...").
:func:`check` says whether it is a Nash equilibrium and why: for each player, the
payoff the profile gives him, his best responses to the others' strategies, his
*regret* (what the best deviation gains, 0 exactly at an equilibrium) and, when it
is positive, the deviation that pays, in words.  A profile that is not a probability
distribution is an error (:class:`~solver.errors.GameError`), not an answer.

Normal forms take one mixed strategy per player; game trees take one behaviour
strategy per player (a distribution over the actions at each of his information
sets), and the deviations checked are all of the player's pure plans (Kuhn 1953), so
the verdict is about Nash equilibrium; subgame perfection is
:func:`solver.algorithms.subgames.is_subgame_perfect`'s business.

Reference: Osborne (2004), *An Introduction to Game Theory*, sec. 2.6 and 4.3 (best
responses and mixed-strategy equilibria).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping, Sequence

from solver.analysis.prose import join_words, label_text, mix_text, value_text
from solver.errors import GameError
from solver.numbers import DEFAULT_TOLERANCE, format_number, json_number, to_number

__all__ = ["PlayerCheck", "ProfileCheck", "check", "parse_profile"]


@dataclass(frozen=True)
class PlayerCheck:
    """One player's side of a check.

    Attributes
    ----------
    player : str
    strategy : str
        The proposed strategy in words (``"2/3 Opera, 1/3 Fight"``).
    payoff : number
        His expected payoff under the profile.
    best_value : number
        The most he could get by changing his own strategy alone.
    regret : number
        ``best_value - payoff`` (0 when his strategy is a best response).
    best_responses : tuple of str
        His pure best responses (normal forms: strategies; trees: plans, written
        ``"set: action"``).
    """

    player: str
    strategy: str
    payoff: Any
    best_value: Any
    regret: Any
    best_responses: tuple[str, ...]

    @property
    def best_responds(self) -> bool:
        return self.regret == 0

    def sentence(self) -> str:
        if self.best_responds:
            return (f"{self.player} plays {self.strategy}, worth {value_text(self.payoff)}: a best "
                    f"response (no deviation pays more; best responses: "
                    f"{join_words(list(self.best_responses), 'or')}).")
        return (f"{self.player} plays {self.strategy}, worth {value_text(self.payoff)}, but "
                f"{join_words(list(self.best_responses), 'or')} would give "
                f"{value_text(self.best_value)}: deviating pays {value_text(self.regret)}.")

    def to_dict(self) -> dict:
        return {"player": self.player, "strategy": self.strategy,
                "payoff": json_number(self.payoff), "best_value": json_number(self.best_value),
                "regret": json_number(self.regret), "best_responses": list(self.best_responses),
                "best_responds": self.best_responds}


@dataclass(frozen=True)
class ProfileCheck:
    """The verdict of :func:`check`: ``is_equilibrium`` and each player's :class:`PlayerCheck`."""

    players: tuple[PlayerCheck, ...]
    exact: bool
    note: str = ""

    @property
    def is_equilibrium(self) -> bool:
        return all(p.best_responds for p in self.players)

    def _repr_html_(self) -> str:
        from solver.io.notebook import check_html  # a display hook (upward)
        return check_html(self)

    def __str__(self) -> str:
        head = ("It is a Nash equilibrium, vacuously: the game has no players, so no one "
                "could deviate." if not self.players else
                "It is a Nash equilibrium: every player's strategy is a best response to the "
                "others'." if self.is_equilibrium else
                "It is not a Nash equilibrium: "
                + join_words([p.player for p in self.players if not p.best_responds])
                + " can gain by deviating.")
        return "\n".join([head] + [p.sentence() for p in self.players]
                         + ([self.note] if self.note else []))

    def to_dict(self) -> dict:
        return {"is_equilibrium": self.is_equilibrium, "exact": self.exact,
                "players": [p.to_dict() for p in self.players], "note": self.note}


# ---------------------------------------------------------------------- input
def _distribution(where: str, labels: Sequence[str], given: Any, exact: bool) -> list:
    """A probability vector over ``labels`` from a label, a mapping or a sequence."""
    if isinstance(given, str):
        if given not in labels:
            raise GameError(f"{where}: no action or strategy {given!r}; the choices are "
                            f"{list(labels)}")
        return [Fraction(int(a == given)) for a in labels]
    if isinstance(given, Mapping):
        unknown = [k for k in given if k not in labels]
        if unknown:
            raise GameError(f"{where}: no action or strategy {unknown[0]!r}; the choices are "
                            f"{list(labels)}")
        given = [given.get(a, 0) for a in labels]
    if not isinstance(given, Sequence) or len(given) != len(labels):
        raise GameError(f"{where}: expected a label, a mapping label -> probability or "
                        f"{len(labels)} probabilities, got {given!r}")
    probs = [to_number(p, f"{where}, probability of {a!r}") for a, p in zip(labels, given)]
    if any(not isinstance(p, (Fraction, float)) for p in probs):
        raise GameError(f"{where}: probabilities must be numbers, got {given!r}")
    if any(p < 0 for p in probs):
        raise GameError(f"{where}: a probability is negative ({', '.join(map(format_number, probs))})")
    total = sum(probs)
    exact_sum = all(isinstance(p, Fraction) for p in probs)
    if (total != 1) if exact_sum else abs(total - 1) > DEFAULT_TOLERANCE:
        raise GameError(f"{where}: the probabilities sum to {format_number(total)}, not 1: "
                        "this is not a mixed strategy")
    return probs


def parse_profile(game, text: str) -> list:
    """A profile from the command line's notation.

    Normal forms: one part per player, separated by ``;``; a part is a strategy label
    (``"Opera"``) or ``label:probability`` items separated by ``,``
    (``"Opera:2/3,Fight:1/3"``).  Trees: a part is ``set=choice`` items separated by
    ``,`` where ``set`` is an information set's label and ``choice`` an action or
    ``action:probability`` items joined by ``+`` (``"DV | Maximalist=Decline"``).
    Returns the structure :func:`check` takes.

    >>> import games
    >>> parse_profile(games.get("battle-of-the-sexes"), "Opera:2/3,Fight:1/3; Fight")
    [{'Opera': '2/3', 'Fight': '1/3'}, 'Fight']
    """
    parts = [p.strip() for p in text.split(";")]
    if len(parts) != game.n_players:
        raise GameError(f"--profile: expected {game.n_players} parts separated by ';' (one per "
                        f"player: {', '.join(game.players)}), got {len(parts)}")

    def mix(item: str, where: str):
        if ":" not in item:
            return item.strip()
        out = {}
        for piece in item.split("+" if game.form == "extensive" else ","):
            label, sep, p = piece.rpartition(":")
            if not sep or not label.strip():
                raise GameError(f"--profile: {where}: {piece!r} is not label:probability")
            out[label.strip()] = p.strip()
        return out

    if game.form != "extensive":
        return [mix(part, game.players[i]) for i, part in enumerate(parts)]
    profile = []
    for i, part in enumerate(parts):
        sets = {}
        for item in filter(None, (x.strip() for x in part.split(","))):
            label, sep, choice = item.partition("=")
            if not sep:
                raise GameError(f"--profile: {game.players[i]}: {item!r} is not set=choice")
            sets[label.strip()] = mix(choice, f"{game.players[i]} at {label.strip()}")
        profile.append(sets)
    return profile


_TREE_NOTE = ("This checks Nash equilibrium: deviations to every plan of each player. Whether "
              "the choices off the path are credible is subgame perfection (solver.solve with "
              "method 'spe').")


# ---------------------------------------------------------------------- the check
def check(game, profile: Sequence) -> ProfileCheck:
    """Is ``profile`` a Nash equilibrium of ``game``, and if not, which deviation pays?

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        A concrete game (substitute parameter values first).
    profile : sequence, one item per player
        Normal form: a strategy label, a mapping ``{label: probability}`` or a vector
        of probabilities.  Tree: a mapping ``{information set label: choice}`` where a
        choice is an action label, a mapping or a vector; a player's every information
        set must be given.  Probabilities are exact strings, ints or Fractions (floats
        are compared with the default relative tolerance).

    Returns
    -------
    ProfileCheck

    Raises
    ------
    GameError
        For a profile that is not one probability distribution per player (or per
        information set), or names unknown strategies, actions or sets.

    Examples
    --------
    >>> import games
    >>> bos = games.get("battle-of-the-sexes")
    >>> check(bos, [{"Opera": "2/3", "Fight": "1/3"}, {"Opera": "1/3", "Fight": "2/3"}]).is_equilibrium
    True
    >>> print(check(bos, ["Opera", "Fight"]).players[0].sentence())
    Chris plays Opera, worth 0, but Fight would give 1: deviating pays 1.
    """
    game.require_concrete()
    if not isinstance(profile, Sequence) or isinstance(profile, str) or \
            len(profile) != game.n_players:
        raise GameError(f"a profile needs one strategy per player ({game.n_players}: "
                        f"{', '.join(game.players)})")
    if game.form == "extensive":
        return _check_tree(game, profile)
    return _check_table(game, profile)


def _check_table(game, profile) -> ProfileCheck:
    from solver.forms.profiles import float_slacks, strategy_values
    probs = [_distribution(f"strategy of {game.players[i]!r}", game.strategies[i], given,
                           game.exact) for i, given in enumerate(profile)]
    values = strategy_values(game, probs)
    exact = game.exact and all(isinstance(p, Fraction) for pr in probs for p in pr)
    out = []
    for i, (pr, vals) in enumerate(zip(probs, values)):
        # float games: within the tolerance times this player's own payoff range
        slack = 0 if exact else float_slacks(game)[i]
        payoff = sum((p * v for p, v in zip(pr, vals)), 0 * vals[0])
        best = max(vals)
        regret = best - payoff
        if not exact and regret <= slack:
            regret = 0.0
        best_labels = tuple(label_text(a) for a, v in zip(game.strategies[i], vals)
                            if (v == best if exact else best - v <= slack))
        out.append(PlayerCheck(game.players[i], mix_text(game.strategies[i], pr), payoff, best,
                               regret, best_labels))
    return ProfileCheck(tuple(out), exact)


def _check_tree(game, profile) -> ProfileCheck:
    from solver.forms.extensive.behavior import BehaviorProfile, behavior_payoffs, best_response
    from solver.forms.profiles import float_slacks
    per_player = []
    for i, given in enumerate(profile):
        sets = game.infosets[i]
        if not isinstance(given, Mapping):
            raise GameError(f"the behaviour of {game.players[i]!r} must map each of his "
                            f"information sets to a choice, got {given!r}")
        labels = [s.label for s in sets]
        unknown = [k for k in given if k not in labels]
        missing = [k for k in labels if k not in given]
        if unknown or missing:
            what = (f"no information set {unknown[0]!r}" if unknown else
                    f"no choice given at {missing[0]!r}")
            raise GameError(f"{game.players[i]}: {what}; the sets are {labels}")
        per_player.append(tuple(_distribution(f"{game.players[i]} at {s.label!r}", s.actions,
                                              given[s.label], game.exact) for s in sets))
    prof = BehaviorProfile.from_game(game, per_player)
    payoffs = behavior_payoffs(game, prof)
    out = []
    for i, sets in enumerate(game.infosets):
        best, choice = best_response(game, prof, i)
        regret = best - payoffs[i]
        if not game.exact and regret <= float_slacks(game)[i]:
            regret = 0.0
        plan = ", ".join(f"{s.label}: {s.actions[c]}" for s, c in zip(sets, choice)) or "(none)"
        strategy = ", ".join(f"{s.label}: {mix_text(s.actions, pr)}"
                             for s, pr in zip(sets, per_player[i])) or "(no move)"
        out.append(PlayerCheck(game.players[i], strategy, payoffs[i], best, regret, (plan,)))
    return ProfileCheck(tuple(out), game.exact, _TREE_NOTE)
