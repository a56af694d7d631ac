"""Evolutionarily stable strategies of symmetric two-player games, decided exactly.

A strategy *x* of a symmetric game with payoff matrix *A* (the row player's; the
column player's is *A*ᵀ) is **evolutionarily stable** (Maynard Smith and Price 1973)
when a population playing *x* resists every small invasion:

1. (*x*, *x*) is a Nash equilibrium: u(y, x) <= u(x, x) for every y; and
2. every alternative best response y != x (u(y, x) = u(x, x)) does worse against
   itself than *x* does against it: u(x, y) > u(y, y).

**The exact test.**  Let *S* be the support of *x* and *E* ⊇ *S* its pure best
responses.  The alternative best responses are the mixed strategies on *E*, and
condition 2 says that the quadratic form −zᵀAz is positive on the cone C of
directions z from *x* into the face on *E* (Haigh 1975; van Damme 1991, section 9.2).
That is decided exactly, by Gaussian elimination (positive definiteness on the
support) and by enumerating the faces of a simplex (strict copositivity of a Schur
complement; Bomze 1992), in :mod:`solver.analysis.ess_algebra`: 2^|E \\ S| − 1 small
exact systems, within :data:`MAX_EXTRA_BEST_RESPONSES`.

**What is searched.**  Only the symmetric equilibria (x, x) among the extreme
equilibria of :func:`solver.solve` with ``"enumerate"``.  That finds every ESS: an ESS
*x* is an extreme point of any convex set of equilibria containing (x, x).  (If x =
(x1 + x2)/2 with (x1, x), (x2, x) equilibria, d = x1 − x is a direction of C; *x* best
responding to x1 against x2 gives dᵀA(x + d) >= 0, to x2 against x1 gives
−dᵀA(x − d) >= 0; adding, dᵀAd >= 0, contradicting stability.)  Symmetric equilibria
inside a continuum are therefore never ESSs, and are not listed.

References
----------
J. Maynard Smith and G. R. Price (1973), "The logic of animal conflict", *Nature* 246.
J. Haigh (1975), "Game theory and evolution", *Advances in Applied Probability* 7, 8-11.
I. M. Bomze (1992), "Detecting all evolutionarily stable strategies", *Journal of
Optimization Theory and Applications* 75, 313-329.
E. van Damme (1991), *Stability and Perfection of Nash Equilibria*, 2nd ed., ch. 9.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

from solver.analysis.ess_algebra import (
    mixed_payoff,
    mutant_along,
    neutral_face,
    unstable_direction,
)
from solver.analysis.prose import join_words, label_text, mix_text, value_text
from solver.errors import GameError, SolverLimitError
from solver.numbers import json_number

__all__ = ["ESSResult", "Candidate", "ess", "symmetric_payoffs", "MAX_EXTRA_BEST_RESPONSES"]

#: Largest number of pure best responses outside a candidate's support (each subset of
#: them is a face the copositivity test examines: 2**k - 1 exact solves).
MAX_EXTRA_BEST_RESPONSES = 16


def symmetric_payoffs(game, purpose: str = "this analysis"):
    """The row player's payoff matrix of a symmetric two-player game (a list of rows).

    Raises
    ------
    GameError
        Unless the game has two players with the same number of strategies and the
        column player's payoffs are the transpose of the row player's (A == Bᵀ).
    """
    if getattr(game, "form", None) != "normal" or game.n_players != 2:
        raise GameError(f"{purpose} needs a symmetric two-player normal-form game")
    m, n = game.shape
    if m != n:
        raise GameError(f"{purpose} needs a symmetric game: both players must have the same "
                        f"number of strategies ({game.players[0]!r} has {m}, "
                        f"{game.players[1]!r} has {n})")
    A, B = game.payoffs
    tol = 0 if game.exact else 1e-12 * game.payoff_range
    for i in range(m):
        for j in range(m):
            if abs(A[i, j] - B[j, i]) > tol:
                raise GameError(
                    f"{purpose} needs a symmetric game (A == Bᵀ): {game.players[0]!r} gets "
                    f"{A[i, j]} at {game.cell_name((i, j))} but {game.players[1]!r} gets "
                    f"{B[j, i]} at {game.cell_name((j, i))}")
    return [[A[i, j] for j in range(m)] for i in range(m)]


@dataclass(frozen=True)
class Candidate:
    """One symmetric equilibrium (x, x) and the verdict on it.

    Attributes
    ----------
    strategy : tuple of Fraction
        x, in the game's strategy order.
    is_ess : bool
    payoff : Fraction
        u(x, x).
    best_responses : tuple of str
        The pure best responses to x (its support and the others, E).
    reason : str
        Why it is or is not an ESS, in words.
    invader : tuple of Fraction or None
        For a failure: an alternative best response y with u(x, y) <= u(y, y).
    invader_payoffs : pair or None
        (u(x, y), u(y, y)) for that invader.
    """

    labels: tuple[str, ...]
    strategy: tuple[Fraction, ...]
    is_ess: bool
    payoff: Fraction
    best_responses: tuple[str, ...]
    reason: str
    invader: tuple[Fraction, ...] | None = None
    invader_payoffs: tuple[Fraction, Fraction] | None = None

    @property
    def text(self) -> str:
        return mix_text(self.labels, self.strategy)

    def to_dict(self) -> dict:
        return {"strategy": [json_number(p) for p in self.strategy], "is_ess": self.is_ess,
                "payoff": json_number(self.payoff), "best_responses": list(self.best_responses),
                "reason": self.reason,
                "invader": None if self.invader is None else [json_number(p) for p in self.invader],
                "invader_payoffs": None if self.invader_payoffs is None
                else [json_number(u) for u in self.invader_payoffs]}


@dataclass(frozen=True)
class ESSResult:
    """The evolutionarily stable strategies of a symmetric game (:func:`ess`).

    Attributes
    ----------
    game : NormalFormGame
    candidates : tuple of Candidate
        Every symmetric extreme equilibrium, each with its verdict.
    searched : str
        What was searched, in words.
    """

    game: Any
    candidates: tuple[Candidate, ...]
    searched: str

    @property
    def strategies(self) -> tuple[tuple[Fraction, ...], ...]:
        """The ESSs, as probability vectors."""
        return tuple(c.strategy for c in self.candidates if c.is_ess)

    def __len__(self) -> int:
        return len(self.strategies)

    def __iter__(self):
        return iter(c for c in self.candidates if c.is_ess)

    def headline(self) -> str:
        title = f" of {self.game.title}" if self.game.title else ""
        found = [c.text for c in self]
        if not found:
            return f"No evolutionarily stable strategy{title}."
        word = "strategy" if len(found) == 1 else "strategies"
        return f"Evolutionarily stable {word}{title}: {join_words(found)}."

    def __str__(self) -> str:
        lines = [self.headline()]
        for c in self.candidates:
            lines.append(f"- x = {c.text}: {c.reason}")
        lines.append(f"Searched: {self.searched}.")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"game": {"title": self.game.title, "players": list(self.game.players),
                         "strategies": [list(s) for s in self.game.strategies]},
                "ess": [[json_number(p) for p in s] for s in self.strategies],
                "candidates": [c.to_dict() for c in self.candidates],
                "searched": self.searched, "headline": self.headline()}


# ---------------------------------------------------------------------- the verdicts
def _judge(A, labels, x) -> Candidate:
    m = len(A)
    payoff = mixed_payoff(A, x, x)
    values = [sum((A[i][j] * x[j] for j in range(m)), Fraction(0)) for i in range(m)]
    best = max(values)
    support = [i for i in range(m) if x[i] > 0]
    extra = [i for i in range(m) if x[i] == 0 and values[i] == best]
    E = tuple(label_text(labels[i]) for i in range(m) if values[i] == best)
    if len(extra) > MAX_EXTRA_BEST_RESPONSES:
        raise SolverLimitError(
            f"the symmetric equilibrium {mix_text(labels, x)} has {len(extra)} pure best "
            f"responses outside its support; the copositivity test examines 2**{len(extra)} "
            f"faces, beyond MAX_EXTRA_BEST_RESPONSES = {MAX_EXTRA_BEST_RESPONSES} (raise "
            "solver.analysis.ess.MAX_EXTRA_BEST_RESPONSES to go on)")
    if len(support) == 1 and not extra:
        return Candidate(labels, x, True, payoff, E,
                         "a strict equilibrium: every other strategy does strictly worse "
                         f"against it (it earns {value_text(payoff)} against itself), so no "
                         "mutant can invade.")
    # the simplest witness first: a pure alternative best response that does as well
    # against itself as x does against it
    for j in support + extra:
        y = tuple(Fraction(int(i == j)) for i in range(m))
        if y != x and mixed_payoff(A, x, y) <= mixed_payoff(A, y, y):
            return _failure(A, labels, x, payoff, E, y, neutral_face(A, support + extra))
    z = unstable_direction(A, x, support, extra)
    if z is not None:
        return _failure(A, labels, x, payoff, E, mutant_along(x, z))
    alternatives = join_words(list(E), "and")
    pure = []
    for j in (support + extra)[:3]:
        y = tuple(Fraction(int(i == j)) for i in range(m))
        pure.append(f"u(x, {label_text(labels[j])}) = {value_text(mixed_payoff(A, x, y))} > "
                    f"u({label_text(labels[j])}, {label_text(labels[j])}) = "
                    f"{value_text(mixed_payoff(A, y, y))}")
    return Candidate(labels, x, True, payoff, E,
                     f"its alternative best responses are the mixtures of {alternatives}, "
                     "and against each of them x does strictly better than the mutant does "
                     "against itself: u(x, y) > u(y, y), because (y − x)ᵀA(y − x) < 0 on "
                     "every direction into that face (checked exactly); for instance "
                     f"{'; '.join(pure)}.")


def _failure(A, labels, x, payoff, E, y, neutral: bool = False) -> Candidate:
    uxy, uyy = mixed_payoff(A, x, y), mixed_payoff(A, y, y)
    name = mix_text(labels, y)
    if len(name.split(", ")) > 1:
        name = f"({name})"
    if uxy == uyy:
        verdict = (f"u(x, y) = u(y, y) = {value_text(uxy)}: the mutant is neutral and can "
                   "drift in")
    else:
        verdict = (f"u(x, y) = {value_text(uxy)} < u(y, y) = {value_text(uyy)}: the mutant "
                   "spreads")
    reason = (f"not an ESS. The mutant y = {name} is an alternative best response (it earns "
              f"{value_text(payoff)} against x, as x does), and x does no better against y than "
              f"y does against itself: {verdict}.")
    if neutral:
        reason += (f" In fact every mixture y of {join_words(list(E))} earns as much against "
                   "itself as x earns against it: (y − x)ᵀA(y − x) = 0 on that whole face, so "
                   "x is neutral against every invader.")
    return Candidate(labels, x, False, payoff, E, reason, y, (uxy, uyy))


def ess(game, *, params: Mapping[str, Any] | None = None, max_vertices: int | None = None
        ) -> ESSResult:
    """The evolutionarily stable strategies of a symmetric two-player game, decided exactly.

    Parameters
    ----------
    game : NormalFormGame
        A symmetric two-player game (A == Bᵀ) with exact payoffs; a parametric one is
        taken at ``params`` or its defaults.
    params : mapping, optional
        Parameter values.
    max_vertices : int, optional
        Passed to the enumeration of equilibria.

    Returns
    -------
    ESSResult
        Every symmetric extreme equilibrium with its verdict; ``result.strategies`` are
        the ESSs.

    Raises
    ------
    GameError
        For a game that is not symmetric, or has float payoffs.
    SolverLimitError
        When the enumeration of equilibria, or a copositivity test, reaches its limit.

    Examples
    --------
    >>> import games
    >>> print(ess(games.get("hawk-dove")).headline())
    Evolutionarily stable strategy of Hawk-dove: 1/2 Hawk, 1/2 Dove.
    >>> [list(map(str, s)) for s in ess(games.get("hawk-dove"), params={"V": 3, "C": 5}).strategies]
    [['3/5', '2/5']]
    """
    from solver.solve import solve
    if getattr(game, "parametric", False):
        game = game.substitute(params or {}, defaults=True)
    elif params:
        game = game.substitute(params)
    A = symmetric_payoffs(game, "evolutionary stability")
    if not game.exact:
        raise GameError("evolutionary stability is decided exactly: give the payoffs as "
                        "integers, fractions or decimal strings, not floats")
    options = {} if max_vertices is None else {"max_vertices": max_vertices}
    solution = solve(game, "enumerate", **options)
    labels = game.strategies[0]
    seen, candidates = set(), []
    for eq in solution:
        x, y = eq.probabilities
        if tuple(x) == tuple(y) and tuple(x) not in seen:
            seen.add(tuple(x))
            candidates.append(_judge(A, labels, tuple(x)))
    searched = (f"the symmetric equilibria (x, x) among the extreme equilibria found by "
                f"enumerate ({len(candidates)} of {len(solution)}); every ESS is among them, "
                "since an ESS is never inside a continuum of equilibria")
    return ESSResult(game, tuple(candidates), searched)
