"""Commitment: Stackelberg equilibria of two-player normal-form games.

One player, the *leader*, commits to a strategy before the other, the *follower*,
chooses; the follower sees the commitment and best-responds.  Two kinds of commitment:

* **pure**: the leader commits to one of its actions.  For each action the follower's
  best responses are computed; among them the one best for the leader is taken (the
  *strong* Stackelberg equilibrium: ties broken in the leader's favour), and the leader
  commits to the action whose answer pays it most.
* **mixed**: the leader commits to a probability distribution ``x``.  By Conitzer and
  Sandholm (2006), "Computing the optimal strategy to commit to", *EC '06*, the optimal
  commitment is found by one linear program per follower action ``j``:

      maximise   sum_i x_i A[i, j]
      subject to sum_i x_i (B[i, j] - B[i, k]) >= 0   for every follower action k,
                 sum_i x_i = 1,  x >= 0,

  i.e. the best commitment that makes ``j`` a best response; the leader takes the best
  ``j`` whose LP is feasible.  At the optimum the follower is usually indifferent and
  answers with ``j``: again the strong Stackelberg equilibrium (von Stengel and Zamir
  2010, "Leadership games with convex strategy sets", *Games Econ. Behav.* 69).

Each LP is solved exactly (:mod:`solver.algorithms.exact_lp`, certified by duality), and
the answer is checked: ``j`` is a best response to ``x`` exactly.  The leader's value of
mixed commitment is at least its payoff in every Nash equilibrium (von Stengel and Zamir
2010), and at least its value of pure commitment.

>>> from solver import NormalFormGame
>>> g = NormalFormGame.from_matrices([[2, 4], [1, 3]], [[1, 0], [0, 1]],
...                                  strategies=(("Up", "Down"), ("Left", "Right")))
>>> c = stackelberg(g)
>>> c.strategy, c.response, c.leader_value
({'Up': Fraction(1, 2), 'Down': Fraction(1, 2)}, 'Right', Fraction(7, 2))
>>> stackelberg(g, mixed=False).leader_value
Fraction(3, 1)
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver.algorithms.exact_lp import solve_lp
from solver.errors import InvalidGameError, SolverError
from solver.numbers import format_number

__all__ = ["Commitment", "CommitmentOption", "stackelberg", "pure_commitment",
           "mixed_commitment"]


@dataclass(frozen=True)
class CommitmentOption:
    """One candidate: for pure commitment a leader action and the follower's answer; for
    mixed commitment a follower action ``response`` and the best commitment inducing it
    (``feasible`` False when no commitment makes it a best response)."""

    response: str
    feasible: bool
    leader_value: Fraction | None
    strategy: dict | None
    follower_value: Fraction | None = None
    ties: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"response": self.response, "feasible": self.feasible,
                "leader_value": None if self.leader_value is None
                else format_number(self.leader_value),
                "follower_value": None if self.follower_value is None
                else format_number(self.follower_value),
                "strategy": None if self.strategy is None
                else {k: format_number(v) for k, v in self.strategy.items()},
                "ties": list(self.ties)}


@dataclass(frozen=True)
class Commitment:
    """A strong Stackelberg equilibrium: the leader's commitment and the follower's answer.

    Attributes
    ----------
    leader, follower : str
    kind : str
        ``"pure"`` or ``"mixed"``.
    strategy : dict
        The leader's commitment, ``{action: probability}``.
    response : str
        The follower's best response (the one best for the leader among its best responses).
    leader_value, follower_value : Fraction
    options : tuple of CommitmentOption
        Every candidate considered (per leader action, or per follower action for mixed).
    ties : tuple of str
        The follower's other best responses to the commitment (broken in the leader's
        favour).
    """

    leader: str
    follower: str
    kind: str
    strategy: dict
    response: str
    leader_value: Fraction
    follower_value: Fraction
    options: tuple[CommitmentOption, ...]
    ties: tuple[str, ...] = ()

    def commitment_text(self) -> str:
        played = [(a, p) for a, p in self.strategy.items() if p > 0]
        if len(played) == 1:
            return played[0][0]
        return ", ".join(f"{format_number(p)} {a}" for a, p in played)

    def __str__(self) -> str:
        lines = [f"{self.leader} commits to {self.commitment_text()}; {self.follower} answers "
                 f"{self.response}; {self.leader} gets {format_number(self.leader_value)}, "
                 f"{self.follower} {format_number(self.follower_value)} ({self.kind} "
                 "commitment, strong Stackelberg equilibrium)."]
        if self.ties:
            lines.append(f"{self.follower} is indifferent between {self.response} and "
                         f"{', '.join(self.ties)}; the tie is broken in {self.leader}'s "
                         "favour (strong Stackelberg).")
        if self.kind == "pure":
            lines.append(f"Each action of {self.leader}, with {self.follower}'s answer:")
            for o in self.options:
                (a,) = [k for k, v in o.strategy.items() if v == 1]
                tie = f" (also best: {', '.join(o.ties)})" if o.ties else ""
                lines.append(f"  {a}: {self.follower} answers {o.response}{tie}; {self.leader} "
                             f"gets {format_number(o.leader_value)}.")
        else:
            lines.append(f"One linear program per action of {self.follower} (Conitzer and "
                         "Sandholm 2006), solved exactly:")
            for o in self.options:
                if not o.feasible:
                    lines.append(f"  {o.response}: no commitment makes it a best response.")
                    continue
                mix = ", ".join(f"{format_number(p)} {a}" for a, p in o.strategy.items() if p)
                lines.append(f"  {o.response}: best commitment {mix}, worth "
                             f"{format_number(o.leader_value)} to {self.leader}.")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"leader": self.leader, "follower": self.follower, "kind": self.kind,
                "strategy": {k: format_number(v) for k, v in self.strategy.items()},
                "response": self.response, "leader_value": format_number(self.leader_value),
                "follower_value": format_number(self.follower_value), "ties": list(self.ties),
                "options": [o.to_dict() for o in self.options]}


def _matrices(game, leader: Any):
    """Leader's and follower's payoff matrices (rows: leader actions) as Fractions."""
    if getattr(game, "form", None) != "normal" or game.n_players != 2:
        raise InvalidGameError("Stackelberg commitment needs a two-player normal-form game")
    game.require_concrete()
    li = game.player_index(leader)
    fi = 1 - li
    A, B = game.payoffs
    m, n = game.shape

    def cell(i, j):
        return (i, j) if li == 0 else (j, i)
    shape = (m, n) if li == 0 else (n, m)
    L = [[Fraction(game.payoffs[li][cell(i, j)]) for j in range(shape[1])] for i in range(shape[0])]
    F = [[Fraction(game.payoffs[fi][cell(i, j)]) for j in range(shape[1])] for i in range(shape[0])]
    return game.players[li], game.players[fi], game.strategies[li], game.strategies[fi], L, F


def _best(values, labels, tiebreak):
    top = max(values)
    best = [k for k, v in enumerate(values) if v == top]
    chosen = max(best, key=lambda k: (tiebreak[k], -k))
    return chosen, tuple(labels[k] for k in best if k != chosen)


def pure_commitment(game, leader: Any = 0) -> Commitment:
    """The leader's best commitment to a pure action (strong Stackelberg)."""
    lname, fname, lacts, facts, L, F = _matrices(game, leader)
    options = []
    for i, a in enumerate(lacts):
        j, ties = _best(F[i], facts, L[i])
        options.append(CommitmentOption(facts[j], True, L[i][j],
                                        {b: Fraction(int(b == a)) for b in lacts}, F[i][j], ties))
    k = max(range(len(options)), key=lambda q: (options[q].leader_value, -q))
    o = options[k]
    return Commitment(lname, fname, "pure", o.strategy, o.response, o.leader_value,
                      o.follower_value, tuple(options), o.ties)


def mixed_commitment(game, leader: Any = 0) -> Commitment:
    """The leader's optimal commitment to a mixed strategy, by Conitzer and Sandholm's
    multiple-LP method, exactly (strong Stackelberg)."""
    lname, fname, lacts, facts, L, F = _matrices(game, leader)
    m, n = len(lacts), len(facts)
    options = []
    for j in range(n):
        c = [L[i][j] for i in range(m)]
        A_ub = [[F[i][k] - F[i][j] for i in range(m)] for k in range(n) if k != j]
        res = solve_lp(c, A_ub=A_ub, b_ub=[0] * len(A_ub), A_eq=[[1] * m], b_eq=[1])
        if res.status == "infeasible":
            options.append(CommitmentOption(facts[j], False, None, None))
            continue
        if res.status != "optimal":        # pragma: no cover - x lies in the simplex
            raise SolverError(f"commitment LP for {facts[j]} is {res.status}")
        x = dict(zip(lacts, res.x))
        fval = sum((res.x[i] * F[i][j] for i in range(m)), Fraction(0))
        options.append(CommitmentOption(facts[j], True, res.value, x, fval))
    feasible = [q for q, o in enumerate(options) if o.feasible]
    k = max(feasible, key=lambda q: (options[q].leader_value, -q))
    o = options[k]
    x = [o.strategy[a] for a in lacts]
    # certificate: the answer is a best response to x, exactly
    fvals = [sum((x[i] * F[i][q] for i in range(m)), Fraction(0)) for q in range(n)]
    if fvals[k] != max(fvals) or sum(x) != 1 or min(x) < 0:
        raise SolverError("mixed commitment: the follower's answer is not a best response")
    lvals = [sum((x[i] * L[i][q] for i in range(m)), Fraction(0)) for q in range(n)]
    ties = tuple(facts[q] for q in range(n) if q != k and fvals[q] == fvals[k])
    if lvals[k] != o.leader_value:     # pragma: no cover
        raise SolverError("mixed commitment: the leader's value does not match the LP's")
    return Commitment(lname, fname, "mixed", o.strategy, o.response, o.leader_value,
                      o.follower_value, tuple(options), ties)


def stackelberg(game, leader: Any = 0, *, mixed: bool = True) -> Commitment:
    """The leader's optimal commitment in a two-player normal-form game.

    Parameters
    ----------
    game : NormalFormGame
        A concrete two-player game (floats are read as the exact binary fractions they
        are).
    leader : int or str
        The leader (index or name; default the row player).
    mixed : bool
        Commit to a mixed strategy (default) or to a pure action.

    Returns
    -------
    Commitment
        The strong Stackelberg equilibrium: the follower breaks ties in the leader's
        favour.

    Raises
    ------
    InvalidGameError
        For a game that is not a two-player normal form or has free parameters.
    """
    return mixed_commitment(game, leader) if mixed else pure_commitment(game, leader)
