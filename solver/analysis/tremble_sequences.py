"""Sequences of trembles as polynomial weights, verified exactly.

A profile ``sigma`` is (trembling-hand) **perfect** when there are totally mixed
profiles ``sigma^k -> sigma`` such that each agent's ``sigma_i`` is a best reply to
every ``sigma^k`` (Selten 1975, *IJGT* 4; Myerson 1978, *IJGT* 7; van Damme 1991,
*Stability and Perfection of Nash Equilibria*, Theorem 2.2.5).  A **tremble sequence**
here is a curve of such profiles given by *weights* that are polynomials in ``eps``:

    w_j(b)(eps) = c_0 + c_1 eps + c_2 eps^2 + ...,     sigma^eps_j(b) = w_j(b) / sum_b' w_j(b').

The weights need not sum to one.  Payoffs are multilinear, so agent ``k``'s payoff
difference between two actions against the normalised profile is the same multilinear
form of the weights (:meth:`~solver.analysis.trembles.Agents.weighted_value`) divided
by positive totals: every best-reply condition is the sign of a polynomial in
``eps``.  Unnormalised weights make many more sequences polynomial than the straight
line ``(1 - eps) sigma + eps tau`` does (any curve with rational functions as
probabilities is one).

:func:`verify_sequence` is the proof.  It checks exactly, for every small ``eps > 0``:

1. every weight is positive (its lowest nonzero coefficient is), so each
   ``sigma^eps`` is totally mixed;
2. each agent's weights, at their lowest order, are a positive multiple of
   ``sigma_j``, so ``sigma^eps -> sigma``;
3. for every agent, two actions in the support of ``sigma_k`` earn the same against
   ``sigma^eps`` (their difference is the zero polynomial), and an action in the
   support earns at least as much as any other (the lowest nonzero coefficient of the
   difference is positive, or the difference is zero).

Nothing is taken from the search that found the weights.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from solver.analysis.prose import join_words, label_text
from solver.analysis.trembles import Agents, Poly, poly_add, poly_mul, poly_scale, sign_near_zero
from solver.numbers import json_number

__all__ = ["TrembleSequence", "Comparison", "verify_sequence", "straight_lines", "poly_text",
           "leading"]


def leading(p: Poly) -> tuple[int, Fraction] | None:
    """``(order, coefficient)`` of the lowest nonzero term of ``p``; None for zero.

    >>> leading((0, 0, Fraction(3, 2)))
    (2, Fraction(3, 2))
    """
    for r, c in enumerate(p):
        if c:
            return r, Fraction(c)
    return None


def _term(c: Fraction, r: int) -> str:
    power = "" if r == 0 else "eps" if r == 1 else f"eps^{r}"
    if not power:
        return str(c)
    return power if c == 1 else f"{c} {power}"


def poly_text(p: Poly) -> str:
    """A polynomial in eps in words: ``"1 + 2 eps - eps^2"``.

    >>> poly_text((Fraction(1), 2, -1)), poly_text(())
    ('1 + 2 eps - eps^2', '0')
    """
    terms = [(r, Fraction(c)) for r, c in enumerate(p) if c]
    if not terms:
        return "0"
    out = _term(terms[0][1], terms[0][0])
    for r, c in terms[1:]:
        out += (" + " if c > 0 else " - ") + _term(abs(c), r)
    return out


@dataclass(frozen=True)
class Comparison:
    """How one equilibrium action fares against another along a tremble sequence.

    ``difference`` is the payoff of ``action`` minus that of ``other`` (times positive
    totals; see the module docstring), a polynomial in eps: zero when they tie exactly,
    else positive for small eps.
    """

    agent: str
    action: str
    other: str
    difference: Poly

    @property
    def tie(self) -> bool:
        return not self.difference

    def __str__(self) -> str:
        if self.tie:
            return f"{label_text(self.action)} ties with {label_text(self.other)} exactly"
        r, c = leading(self.difference)
        how = "strictly" if r == 0 else f"by {_term(c, r)} at lowest order"
        return f"{label_text(self.action)} beats {label_text(self.other)} {how}"


@dataclass(frozen=True)
class TrembleSequence:
    """A verified sequence of totally mixed profiles tending to an equilibrium.

    Attributes
    ----------
    names : tuple of str
        The agents (players, or a tree's information sets).
    actions : tuple of tuple of str
    weights : tuple of tuple of Poly
        Per agent and action, the weight as a polynomial in eps (coefficients lowest
        degree first); probabilities are the weights divided by their sum.
    comparisons : tuple of Comparison
        For each agent and equilibrium action, the payoff difference to each other
        action along the sequence, as checked by :func:`verify_sequence`.
    how : str
        How the weights were found (the search, not the proof).
    implicit : bool
        False when the weights are the sequence itself, checked exactly by
        :func:`verify_sequence`.  True when the sequence exists by the implicit
        function theorem (:mod:`solver.analysis.tremble_implicit`) and ``weights``
        are its Taylor polynomials up to the order that decides every comparison.
    """

    names: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    weights: tuple[tuple[Poly, ...], ...]
    comparisons: tuple[Comparison, ...]
    how: str = ""
    implicit: bool = False

    def probabilities(self, eps) -> list[list[Fraction]]:
        """The profile ``sigma^eps`` at a number ``eps > 0``, exactly."""
        eps = Fraction(eps)
        out = []
        for row in self.weights:
            vals = [sum((Fraction(c) * eps ** r for r, c in enumerate(w)), Fraction(0))
                    for w in row]
            total = sum(vals)
            out.append([v / total for v in vals])
        return out

    @property
    def trembles(self) -> list[tuple[str, str, Poly]]:
        """``(agent, action, weight)`` for each action whose weight vanishes at eps = 0."""
        return [(n, a, w) for n, A, row in zip(self.names, self.actions, self.weights)
                for a, w in zip(A, row) if w and not w[0]]

    def tremble_text(self) -> str:
        """The trembles in words: ``"Player 1 to Down with weight eps, ..."``, and the
        agents who mix and shift their weights along the sequence."""
        parts = [f"{n} to {label_text(a)} with weight {poly_text(w)}"
                 for n, a, w in self.trembles]
        text = join_words(parts) if parts else "no action trembles"
        shifted = []
        for n, A, row in zip(self.names, self.actions, self.weights):
            used = [(a, w) for a, w in zip(A, row) if w and w[0]]
            if len(used) > 1 and any(
                    poly_mul(w, (used[0][1][0],)) != poly_mul(used[0][1], (w[0],))
                    for _, w in used[1:]):
                shifted.append(f"{n} shifts his mixture to "
                               + ", ".join(f"{label_text(a)} {poly_text(w)}" for a, w in used))
        if shifted:
            text += "; " + "; ".join(shifted)
        return text

    def explanation(self) -> str:
        """Why the sequence proves perfection, in words derived from the comparisons."""
        ties = [c for c in self.comparisons if c.tie]
        slim = [c for c in self.comparisons if not c.tie and leading(c.difference)[0] > 0]
        parts = [(f"Trembles: {self.tremble_text()} (probabilities are the weights divided "
                  "by their sum, and tend to the equilibrium as eps -> 0).")]
        if self.implicit:
            parts.append("The mixed strategies' weights are the exact solution of their "
                         "indifference conditions, given by the implicit function theorem; "
                         "the weights shown are its Taylor polynomials.")
        if ties:
            parts.append("Kept indifferent: " + "; ".join(
                f"{c.agent}: {c}" for c in ties) + ".")
        if slim:
            parts.append("Decided by the trembles: " + "; ".join(
                f"{c.agent}: {c}" for c in slim) + ".")
        return " ".join(parts)

    def __str__(self) -> str:
        rows = []
        for n, A, row in zip(self.names, self.actions, self.weights):
            rows.append(f"{n}: " + ", ".join(f"{label_text(a)} {poly_text(w)}"
                                             for a, w in zip(A, row)))
        return "; ".join(rows)

    def to_dict(self) -> dict:
        return {"weights": [{"agent": n, "weights": {a: [json_number(Fraction(c)) for c in w]
                                                     for a, w in zip(A, row)}}
                            for n, A, row in zip(self.names, self.actions, self.weights)],
                "comparisons": [{"agent": c.agent, "action": c.action, "other": c.other,
                                 "difference": [json_number(Fraction(x))
                                                for x in c.difference]}
                                for c in self.comparisons],
                "explanation": self.explanation(), "how": self.how,
                "implicit": self.implicit}


def _difference(p: Poly, q: Poly) -> Poly:
    return poly_add(p, poly_scale(q, -1))


def verify_sequence(agents: Agents, sigma, weights, how: str = "") -> TrembleSequence | None:
    """The tremble sequence given by ``weights``, if it proves ``sigma`` perfect; else None.

    Parameters
    ----------
    agents : Agents
    sigma : list of list of Fraction
        Each agent's equilibrium distribution.
    weights : sequence of sequence of Poly
        Per agent and action, a polynomial in eps (see the module docstring).
    how : str
        Kept in the result: how the weights were found.

    Returns
    -------
    TrembleSequence or None
        None when any of the three conditions of the module docstring fails.
    """
    weights = tuple(tuple(tuple(Fraction(c) for c in w) for w in row) for row in weights)
    if len(weights) != agents.n or any(len(r) != len(A) for r, A in zip(weights, agents.actions)):
        return None
    scaled = []
    for row, s in zip(weights, sigma):
        if any(sign_near_zero(w) <= 0 for w in row):
            return None                                   # 1. totally mixed
        low = min(leading(w)[0] for w in row)
        head = [w[low] if len(w) > low else Fraction(0) for w in row]
        scale = sum(head)
        if any(h != scale * p for h, p in zip(head, s)):  # 2. tends to sigma
            return None
        # divide by scale * eps^low (positive): the same profiles, weights summing to 1
        # at eps = 0
        scaled.append(tuple(poly_scale(tuple(w[low:]), 1 / scale) for w in row))
    weights = tuple(scaled)
    comparisons = []
    for k in range(agents.n):
        vals = [agents.weighted_value(k, a, weights) for a in range(len(agents.actions[k]))]
        support = [a for a, p in enumerate(sigma[k]) if p]
        for a in support:
            for b in range(len(vals)):
                if b == a:
                    continue
                d = _difference(vals[a], vals[b])
                if (b in support and d) or sign_near_zero(d) < 0:
                    return None                           # 3. best replies
                if b not in support or a < b:
                    comparisons.append(Comparison(agents.names[k], agents.actions[k][a],
                                                  agents.actions[k][b], d))
    return TrembleSequence(agents.names, agents.actions, weights, tuple(comparisons), how)


def straight_lines(agents: Agents, sigma, directions) -> TrembleSequence | None:
    """The first straight sequence ``(1 - eps) sigma + eps tau`` among ``directions``
    that :func:`verify_sequence` accepts."""
    for tau in directions:
        W = [[poly_add((s,) if s else (), (0, t - s)) for s, t in zip(rs, rt)]
             for rs, rt in zip(sigma, tau)]
        seq = verify_sequence(agents, sigma, W, "a straight line (1 - eps) sigma + eps tau")
        if seq is not None:
            return seq
    return None

