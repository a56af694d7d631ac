"""Strategy profiles, their certificates, equilibria and solutions.

Every equilibrium gamesolver returns went through :func:`certify`: the regret of
each player (what he could gain by the best deviation to a pure strategy) is
computed from the game, exactly in exact games, where it must be exactly 0; in
float games it must be at most ``tol`` times the spread of that player's own
payoffs (:func:`float_slacks`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np

from solver.errors import InvalidGameError, SolverError
from solver.numbers import (
    DEFAULT_TOLERANCE,
    format_number,
    is_sympy,
    json_number,
    lcm_of_denominators,
    to_number,
)

__all__ = [
    "MixedProfile",
    "Equilibrium",
    "Solution",
    "DEFAULT_TOLERANCE",
    "strategy_values",
    "regret",
    "certify",
    "float_slacks",
    "check_tolerance",
    "is_algebraic_number",
    "standard_order",
    "EMPTY_PROFILE",
]

#: How a profile of a game without players is written: it has no strategy and pays no one.
EMPTY_PROFILE = "the empty profile (no players: no strategies, no payoffs)"



@dataclass(frozen=True)
class MixedProfile:
    """One mixed strategy per player.

    Attributes
    ----------
    players : tuple of str
    labels : tuple of tuple of str
        Strategy labels, per player.
    probabilities : tuple of tuple
        ``probabilities[i][k]`` is the probability that player *i* plays his
        *k*-th strategy (Fractions in exact games, floats otherwise).
    """

    players: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    probabilities: tuple[tuple[Any, ...], ...]

    @property
    def strategies(self) -> tuple[dict[str, Any], ...]:
        """Per player, ``{label: probability}`` in the game's strategy order."""
        return tuple(dict(zip(lab, pr)) for lab, pr in zip(self.labels, self.probabilities))

    @property
    def support(self) -> tuple[tuple[str, ...], ...]:
        """Per player, the labels played with positive probability."""
        return tuple(tuple(l for l, p in zip(lab, pr) if p > 0)
                     for lab, pr in zip(self.labels, self.probabilities))

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.support)

    def __getitem__(self, player: int | str) -> dict[str, Any]:
        i = player if isinstance(player, int) else self.players.index(player)
        return self.strategies[i]


@dataclass(frozen=True)
class Equilibrium:
    """A certified equilibrium.

    Attributes
    ----------
    profile : MixedProfile
        The strategies.
    payoffs : tuple
        Expected payoff of each player.
    regret : tuple
        The certificate: each player's gain from his best pure deviation
        (exactly 0 in exact games).
    exact : bool
    """

    profile: MixedProfile
    payoffs: tuple[Any, ...]
    regret: tuple[Any, ...]
    exact: bool

    @property
    def players(self) -> tuple[str, ...]:
        return self.profile.players

    @property
    def strategies(self) -> tuple[dict[str, Any], ...]:
        """Per player, ``{label: probability}``."""
        return self.profile.strategies

    @property
    def probabilities(self) -> tuple[tuple[Any, ...], ...]:
        return self.profile.probabilities

    @property
    def support(self) -> tuple[tuple[str, ...], ...]:
        return self.profile.support

    @property
    def is_pure(self) -> bool:
        return self.profile.is_pure

    def __getitem__(self, player: int | str) -> dict[str, Any]:
        return self.profile[player]

    def to_dict(self) -> dict:
        """The JSON form: probabilities per player in strategy order, payoffs, regret.

        An irrational algebraic number (from
        :func:`solver.algorithms.polynomial_support.polynomial_support_enumeration`) is
        exact, so it is a string, sympy's text (``"1/2 - sqrt(3)/6"``,
        ``"CRootOf(x**3 - x - 1, 0)"``); an equilibrium holding one also gets
        ``"decimal"``: its probabilities and payoffs as JSON numbers.
        """
        out = {
            "strategies": [[json_number(p) for p in pr] for pr in self.profile.probabilities],
            "payoffs": [json_number(u) for u in self.payoffs],
            "regret": [json_number(r) for r in self.regret],
        }
        if self.is_algebraic:
            out["decimal"] = {
                "strategies": [[float(p) for p in pr] for pr in self.profile.probabilities],
                "payoffs": [float(u) for u in self.payoffs],
            }
        return out

    @property
    def is_algebraic(self) -> bool:
        """True when some probability or payoff is an exact irrational number."""
        return any(is_algebraic_number(x) for pr in self.profile.probabilities for x in pr) or \
            any(is_algebraic_number(u) for u in self.payoffs)

    def _repr_html_(self) -> str:
        from solver.io.notebook import equilibrium_html  # a display hook (upward)
        return equilibrium_html(self)

    def __str__(self) -> str:
        if not self.players:
            return EMPTY_PROFILE
        parts = []
        for name, lab, pr in zip(self.players, self.profile.labels, self.profile.probabilities):
            played = [(l, p) for l, p in zip(lab, pr) if p > 0]
            if len(played) == 1:
                parts.append(f"{name}: {played[0][0]}")
            else:
                parts.append(f"{name}: " + ", ".join(f"{_shown(p)} {l}" for l, p in played))
        pay = ", ".join(_shown(u) for u in self.payoffs)
        return "; ".join(parts) + f"  (payoffs {pay})"


def is_algebraic_number(x: Any) -> bool:
    """True for an exact irrational real number held by sympy (``sqrt(3)/6``,
    ``CRootOf(x**3 - x - 1, 0)``): a number without free symbols that is not rational."""
    if not is_sympy(x):
        return False
    import sympy
    return isinstance(x, sympy.Expr) and not x.free_symbols and not x.is_Rational \
        and not x.is_Float


def _shown(x: Any) -> str:
    """format_number, with the decimal value after an irrational exact number."""
    if is_algebraic_number(x):
        return f"{x} (~{float(x):.6g})"
    return format_number(x)


@dataclass(frozen=True)
class Solution:
    """The result of :func:`solver.solve`: a sequence of certified equilibria.

    Attributes
    ----------
    game : NormalFormGame or ExtensiveFormGame
        The game that was solved (after parameter substitution).
    method : str
        The algorithm that ran (``"enumerate"``, ``"pure"``, ...).
    exact : bool
        Whether the computation and the certificates are exact.
    complete : bool
        Whether the equilibria are *all* equilibria of the method's kind (all
        extreme equilibria for ``enumerate``, all pure ones for ``pure``), or
        just some (``lemke-howson`` finds one).
    degenerate : bool or None
        Whether the game is degenerate (some mixed strategy with support of size
        *k* has more than *k* pure best responses); None when the method does not
        tell.
    equilibria : tuple of Equilibrium
    notes : tuple of str
        What the dispatcher chose and why, and other remarks for the reader.
    trace : tuple
        Method-specific steps, e.g. the dominance eliminations.
    value : optional
        The value of a zero-sum game to the first player, when computed.
    """

    game: Any
    method: str
    exact: bool
    complete: bool
    degenerate: bool | None
    equilibria: tuple[Equilibrium, ...]
    notes: tuple[str, ...] = ()
    trace: tuple = ()
    value: Any = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, k: int) -> Equilibrium:
        return self.equilibria[k]

    def __iter__(self):
        return iter(self.equilibria)

    def to_dict(self) -> dict:
        """The JSON object of the command's contract (docs/command.md) (exact numbers as strings)."""
        g = self.game
        game = {"title": g.title, "form": g.form, "players": list(g.players)}
        if g.form == "normal":
            game["strategies"] = [list(s) for s in g.strategies]
        elif g.form == "extensive":
            game["infosets"] = [[{"label": s.label, "actions": list(s.actions)} for s in sets]
                                for sets in g.infosets]
        out = {
            "game": game,
            "method": self.method,
            "exact": self.exact,
            "complete": self.complete,
            "searched": self.searched,
            "degenerate": self.degenerate,
            "equilibria": [e.to_dict() for e in self.equilibria],
        }
        if self.value is not None:
            out["value"] = json_number(self.value)
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    @property
    def searched(self) -> str:
        """What the method searched, in words: ``"all"``, ``"some"`` or ``"all pure
        equilibria; mixed ones were not searched"`` (a pure-only search)."""
        if self.method in ("pure", "pure-agent"):
            kind = "pure agent-form equilibria" if self.method == "pure-agent" else \
                "pure equilibria"
            if self.extra.get("epsilon") is not None:     # pure epsilon-equilibria
                kind = f"pure epsilon-equilibria (epsilon = {format_number(self.extra['epsilon'])})"
            return (f"all {kind}" if self.complete else f"{kind} only") + \
                "; mixed ones were not searched"
        return "all" if self.complete else "some"

    def _repr_html_(self) -> str:
        from solver.io.notebook import solution_html  # a display hook (upward)
        return solution_html(self)

    def __str__(self) -> str:
        lines = [f"{len(self)} equilibri{'um' if len(self) == 1 else 'a'} "
                 f"({self.method}, {'exact' if self.exact else 'floating point'}, "
                 f"{self.searched})"]
        for k, e in enumerate(self.equilibria, 1):
            lines.append(f"  {k}. {e}")
        return "\n".join(lines)


def standard_order(equilibria: Sequence[Equilibrium]) -> tuple[Equilibrium, ...]:
    """Equilibria in the order a reader expects: pure ones first, in strategy order
    (the first player's strategy first, as in a payoff table read row by row), then
    mixed ones by the size of their supports, the supports in strategy order, and the
    larger probability on the earlier strategy first.

    The order depends only on the profiles, not on the algorithm that found them, so
    the same game lists its equilibria in the same order whatever the method.
    """
    def key(e: Equilibrium):
        rows = e.probabilities
        supports = tuple(tuple(j for j, p in enumerate(row) if p != 0) for row in rows)
        size = sum(len(s) for s in supports)
        pure = size == len(rows)
        return (not pure, size, supports,
                tuple(-float(p) for row in rows for p in row))
    return tuple(sorted(equilibria, key=key))


# ---------------------------------------------------------------------- certificates
_FLOAT_TYPES = (float, np.float64)


def _as_probabilities(game, probabilities: Sequence[Sequence[Any]]):
    if getattr(game, "form", None) != "normal":
        raise InvalidGameError(f"expected a NormalFormGame, got {type(game).__name__} (trees "
                               "have behaviour profiles: solver.forms.extensive.behavior)")
    if isinstance(probabilities, (str, bytes, dict)) or not hasattr(probabilities, "__len__"):
        raise InvalidGameError(f"a profile is a sequence of one probability vector per player; "
                               f"got {type(probabilities).__name__}")
    if len(probabilities) != game.n_players:
        raise InvalidGameError(f"a profile needs one mixed strategy per player ({game.n_players})")
    out = []
    for i, (pr, m) in enumerate(zip(probabilities, game.shape)):
        if isinstance(pr, (str, bytes, dict)) or not hasattr(pr, "__iter__"):
            raise InvalidGameError(f"the mixed strategy of {game.players[i]!r} must be a "
                                   f"sequence of {m} probabilities; got {type(pr).__name__}")
        pr = list(pr)
        if len(pr) != m:
            raise InvalidGameError(
                f"mixed strategy of {game.players[i]!r} has {len(pr)} probabilities; "
                f"the player has {m} strategies"
            )
        # the common cases inline, with what to_number returns for them (a Fraction
        # as it is, a finite float as a Python float); the rest go through it
        conv = []
        for k, p in enumerate(pr):
            if isinstance(p, Fraction):
                conv.append(p)
            elif type(p) in _FLOAT_TYPES and math.isfinite(p):
                conv.append(float(p))
            elif is_algebraic_number(p) and p.is_real is not False:
                # an exact irrational probability: checked here in floating point
                conv.append(float(p))
            else:
                where = f"probability of {game.players[i]!r} on {game.strategies[i][k]!r}"
                x = to_number(p, where)
                if not isinstance(x, (Fraction, float)):
                    raise InvalidGameError(f"{where}: expected a number, got {p!r}")
                conv.append(x)
        out.append(conv)
    return out


def strategy_values(game, probabilities: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Expected payoff of every pure strategy of every player against the others' mix.

    Parameters
    ----------
    game : NormalFormGame
    probabilities : sequence of sequences
        One probability vector per player.

    Returns
    -------
    list of list
        ``values[i][k]`` is player *i*'s expected payoff from his *k*-th strategy
        when the others play ``probabilities``; exact Fractions when the game and
        the probabilities are exact.

    Notes
    -----
    In exact games the payoff tensor is used in its integer form and each
    probability vector is written over a common denominator, so the contraction
    is done in Python integers, and only over the strategies each opponent
    plays with positive probability; this keeps a 200x200 check to about a
    millisecond.
    """
    probs = _as_probabilities(game, probabilities)
    exact = game.exact and all(isinstance(p, Fraction) for pr in probs for p in pr)
    n = game.n_players
    values = []
    if exact:
        arrays, scales = game.integer_payoffs
        dens, ints, supports = [], [], []
        for pr in probs:
            d = lcm_of_denominators(pr)
            dens.append(d)
            support = [k for k, p in enumerate(pr) if p]
            supports.append(support if len(support) < len(pr) else None)
            ints.append(np.array([pr[k].numerator * (d // pr[k].denominator) for k in support],
                                 dtype=object))
        for i in range(n):
            t = arrays[i]
            denom = scales[i]
            # contract the last axes first so the remaining axis indices stay valid;
            # only the strategies in the support contribute (fewer Python-int products)
            for j in reversed(range(n)):
                if j == i:
                    continue
                if supports[j] is not None:
                    t = np.take(t, supports[j], axis=j)
                t = np.tensordot(t, ints[j], axes=([j], [0]))
                denom *= dens[j]
            values.append([Fraction(int(v), denom) for v in np.asarray(t).reshape(-1)])
    else:
        f = game.float_payoffs
        fp = [np.array([float(p) for p in pr]) for pr in probs]
        for i in range(n):
            t = f[i]
            for j in reversed(range(n)):
                if j != i:
                    t = np.tensordot(t, fp[j], axes=([j], [0]))
            values.append([float(v) for v in np.asarray(t).reshape(-1)])
    return values


def regret(game, probabilities: Sequence[Sequence[Any]]) -> tuple[Any, ...]:
    """Each player's regret: his best pure payoff minus his expected payoff.

    A profile is a Nash equilibrium exactly when every regret is 0.  Exact irrational
    probabilities (sympy numbers such as ``sqrt(3)/6``, see
    :func:`is_algebraic_number`) are used as floats, so the regret is then a float.
    """
    probs = _as_probabilities(game, probabilities)
    values = strategy_values(game, probs)
    out = []
    for pr, vals in zip(probs, values):
        expected = sum((p * v for p, v in zip(pr, vals) if p), start=0 * vals[0])
        out.append(max(vals) - expected)
    return tuple(out)


def check_tolerance(tol: Any) -> float:
    """A float game's relative tolerance: :data:`DEFAULT_TOLERANCE` for None, else a
    finite number in [0, 1), or an :class:`InvalidGameError` saying so."""
    if tol is None:
        return DEFAULT_TOLERANCE
    if isinstance(tol, bool) or not isinstance(tol, (int, float, np.integer, np.floating)) \
            or not 0 <= tol < 1:
        raise InvalidGameError(f"tol must be a relative tolerance, a number from 0 to below 1 "
                               f"(default {DEFAULT_TOLERANCE}); got {tol!r}")
    return float(tol)


#: Rounding allowance of float games, relative to the size of a player's payoffs
#: (about 45 units in the last place): ``0.1 + 0.2`` and ``0.3`` tie.
FLOAT_NOISE = 1e-14


def float_slacks(game, tol: float | None = None) -> tuple[float, ...]:
    """Per player, the largest regret that counts as 0 in a float game.

    ``tol * game.player_ranges[i] + FLOAT_NOISE * game.player_magnitudes[i]``: the
    relative tolerance times the spread of player *i*'s own payoffs, so that a player
    whose payoffs are 10^9 times smaller than another's keeps his strict preferences,
    plus the rounding error of numbers of his payoffs' size (:data:`FLOAT_NOISE`), so
    that payoffs equal but for rounding tie.

    Raises
    ------
    InvalidGameError
        When a player's payoffs span more than the largest float.
    """
    tol = check_tolerance(tol)
    return tuple(tol * r + FLOAT_NOISE * m
                 for r, m in zip(game.player_ranges, game.player_magnitudes))


def _centred_values(game, probs):
    """:func:`strategy_values` in floating point on each player's payoffs minus his
    smallest one (rounding is then relative to his own span, not to an offset such as
    10^12), with those smallest payoffs."""
    got = game.memo.get("centred_float_payoffs")
    if got is None:
        f = game.float_payoffs
        lows = tuple(float(f[i].min()) for i in range(game.n_players))
        centred = np.stack([f[i] - lows[i] for i in range(game.n_players)])
        got = game.memo["centred_float_payoffs"] = (centred, lows)
    centred, lows = got
    fp = [np.array([float(p) for p in pr]) for pr in probs]
    values = []
    for i in range(game.n_players):
        t = centred[i]
        for j in reversed(range(game.n_players)):
            if j != i:
                t = np.tensordot(t, fp[j], axes=([j], [0]))
        values.append([float(v) for v in np.asarray(t).reshape(-1)])
    return values, lows


def certify(game, probabilities: Sequence[Sequence[Any]], *, tol: float | None = None) -> Equilibrium:
    """Check that a profile is a Nash equilibrium and return it as an :class:`Equilibrium`.

    Parameters
    ----------
    game : NormalFormGame
    probabilities : sequence of sequences
        One probability vector per player, in the game's strategy order.
    tol : float, optional
        Relative tolerance for float games (default :data:`DEFAULT_TOLERANCE`):
        player *i*'s regret up to ``tol * game.player_ranges[i]`` (the spread of his
        own payoffs, :func:`float_slacks`) counts as 0.  Ignored in exact games, where
        every regret must be exactly 0.

    Raises
    ------
    SolverError
        When the profile is not a probability distribution for some player or
        some player's regret is positive.  Algorithms call this before returning
        a profile, so an error here is a bug in an algorithm, not in the input.
    """
    probs = _as_probabilities(game, probabilities)
    exact = game.exact and all(isinstance(p, Fraction) for pr in probs for p in pr)
    tol = check_tolerance(tol)
    slacks = (0,) * game.n_players if exact else float_slacks(game, tol)
    for i, pr in enumerate(probs):
        total = sum(p for p in pr if p)
        if any(p < (0 if exact else -tol) for p in pr) or abs(total - 1) > (0 if exact else tol):
            raise SolverError(
                f"certificate failed: the strategy of {game.players[i]!r} is not a probability "
                f"distribution ({[format_number(p) for p in pr]})"
            )
    if not exact:
        # clip round-off and renormalise so the returned profile is a distribution
        clean = []
        for pr in probs:
            v = np.clip(np.array(pr, dtype=float), 0.0, None)
            clean.append(list(v / v.sum()))
        probs = clean
        values, lows = _centred_values(game, probs)
    else:
        values, lows = strategy_values(game, probs), (0,) * game.n_players
    payoffs, regrets = [], []
    for i, (pr, vals) in enumerate(zip(probs, values)):
        expected = sum((p * v for p, v in zip(pr, vals) if p), start=0 * vals[0])
        r = max(vals) - expected
        expected = expected + lows[i]
        if not r <= slacks[i]:
            raise SolverError(
                f"certificate failed: {game.players[i]!r} gains {format_number(r)} by deviating "
                f"to {game.strategies[i][int(np.argmax(vals))]!r}"
            )
        payoffs.append(expected)
        regrets.append(r if exact else max(float(r), 0.0))
    profile = MixedProfile(game.players, game.strategies,
                           tuple(tuple(pr) for pr in probs))
    return Equilibrium(profile, tuple(payoffs), tuple(regrets), exact)
