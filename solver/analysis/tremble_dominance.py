"""An equilibrium action that loses against every profile near the equilibrium.

In a perfect equilibrium each action an agent uses is a best reply to totally mixed
profiles arbitrarily close to the equilibrium (Selten 1975, *IJGT* 4; van Damme 1991,
*Stability and Perfection of Nash Equilibria*, Theorem 2.2.5).  So if an action ``a``
of agent ``k`` earns strictly less than some alternative against **every** totally
mixed profile close enough to ``sigma``, the equilibrium is not perfect.  Weak
dominance (:func:`solver.analysis.perfection.weakly_dominated`) is the global version
of this; the local one also catches, for three or more agents, actions that lose
only near the equilibrium.

**The test.**  (Only the agents who can change ``k``'s payoff differences take part:
:meth:`~solver.analysis.trembles.Agents.relevant`.)  Scale each other agent ``j``'s strategy so that the first action he
uses keeps its equilibrium weight; his other actions then carry weights ``sigma_j(c) +
v_jc``, where ``v_jc`` is a small positive *tremble* ``e`` when ``c`` is unused and a
small number of either sign ``d`` when ``c`` is used.  Agent ``k``'s payoff difference
``D`` between ``a`` and an alternative (a pure action, or a mixture ``tau`` of actions
tied with ``a``) is multilinear, with sign unchanged by the scaling
(:meth:`~solver.analysis.trembles.Agents.weighted_value`), so it is a polynomial in
the ``v`` with one monomial per set of deviating agents.  Its coefficients are exact
payoff differences at pure deviations.  Suppose

* the constant term is 0 (``a`` and the alternative tie at ``sigma``), and
* the monomials with negative coefficients made of trembles alone form a nonempty set
  ``N``, and every other monomial with a nonzero coefficient is a proper multiple of
  one in ``N`` (or, for a mixture, is made of trembles and has coefficient ``<= 0``).

Then ``D < 0`` on a neighbourhood: with all ``|v| < eta <= 1``, a multiple ``n R``
of ``n`` in ``N`` is at most ``|c| n eta`` in size, so ``D <= sum_n n (c_n + eta
sum |c|) < 0`` once ``eta`` is small.  The mixture's coefficients are linear in
``tau``, so it is found by an exact LP for each choice of ``N`` among the single
trembles.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from math import prod

from solver.analysis.prose import label_text, mix_text
from solver.analysis.tremble_ties import feasible_point, term_text
from solver.analysis.trembles import Agents

__all__ = ["NearLoss", "losing_near", "MONOMIAL_LIMIT", "SUBSET_LIMIT"]

#: Largest number of monomials (products of the other agents' action counts) expanded.
MONOMIAL_LIMIT = 4096

#: Largest number of single trembles whose subsets are tried for a mixed alternative.
SUBSET_LIMIT = 6


@dataclass(frozen=True)
class NearLoss:
    """Agent ``agent``'s action ``action`` loses to ``alternative`` near the equilibrium.

    ``terms`` are the monomials of the payoff difference: ``(coefficient, ((agent,
    action), ...))``, where each factor is that agent's weight shift on that action
    (a tremble when the action is unused).
    """

    agent: str
    action: str
    alternative: dict
    terms: tuple[tuple[Fraction, tuple[tuple[str, str], ...]], ...]

    def __str__(self) -> str:
        shown = [term_text(c, mono) for c, mono in self.terms[:6]]
        more = " + ..." if len(self.terms) > 6 else ""
        alt = mix_text(list(self.alternative), list(self.alternative.values()))
        return (f"{self.agent}'s {label_text(self.action)} earns less than {alt} against "
                "every totally mixed profile close enough to the equilibrium: in the others' "
                "small weights (an agent's shift towards an action, in brackets) the "
                f"difference is {' + '.join(shown).replace('+ -', '- ')}{more}, whose "
                "negative lowest terms "
                "outweigh every other term")


def _monomials(agents: Agents, sigma, k: int):
    """``{monomial: [k's payoff from each action]}`` for the multilinear expansion."""
    others = agents.relevant(k)
    base = [[(p,) if p else () for p in row] for row in sigma]
    ref = {j: next(b for b, p in enumerate(sigma[j]) if p) for j in others}
    choices = [[None] + [c for c in range(len(agents.actions[j])) if c != ref[j]]
               for j in others]
    out = {}
    for pick in itertools.product(*choices):
        dists = list(base)
        mono = []
        for j, c in zip(others, pick):
            if c is not None:
                dists[j] = [(Fraction(1),) if x == c else () for x in range(len(sigma[j]))]
                mono.append((j, c))
        vals = [agents.weighted_value(k, a, dists) for a in range(len(sigma[k]))]
        out[frozenset(mono)] = [v[0] if v else Fraction(0) for v in vals]
    return out


def _pure(mono, sigma) -> bool:
    return all(not sigma[j][c] for j, c in mono)


def _single(monos, sigma, a: int, b: int) -> bool:
    coef = {m: v[a] - v[b] for m, v in monos.items() if v[a] != v[b]}
    if frozenset() in coef:
        return False
    neg = [m for m, c in coef.items() if c < 0 and _pure(m, sigma)]
    return bool(neg) and all(m in neg or any(n < m for n in neg) for m in coef)


def _mixed(monos, sigma, a: int, tied: list[int]):
    """A mixture of ``tied`` actions beating ``a`` near sigma (an exact LP per set N)."""
    linear = sorted({m for m in monos if len(m) == 1 and _pure(m, sigma)
                     and any(monos[m][a] != monos[m][b] for b in tied)}, key=sorted)
    if not linear or len(linear) > SUBSET_LIMIT:
        return None
    width = len(tied) + 1                                  # tau, then z
    for size in range(len(linear), 0, -1):
        for N in itertools.combinations(linear, size):
            A_ub, b_ub, A_eq, b_eq = [], [], [[1] * len(tied) + [0]], [1]
            for m, v in monos.items():
                row = [v[b] - v[a] for b in tied]         # coefficient of D_tau, negated
                if not any(row):
                    continue
                if m in N:
                    A_ub.append([-x for x in row] + [1])  # coef + z <= 0
                    b_ub.append(0)
                elif any(n < m for n in N):
                    continue
                elif _pure(m, sigma) and m:
                    A_ub.append([-x for x in row] + [0])  # coef <= 0
                    b_ub.append(0)
                else:
                    A_eq.append(row + [0])
                    b_eq.append(0)
            A_ub.append([0] * len(tied) + [1])
            b_ub.append(1)
            x = feasible_point([0] * len(tied) + [1], A_ub, b_ub, A_eq, b_eq)
            if x is not None and x[-1] > 0:
                return list(x[:width - 1])
    return None


def losing_near(agents: Agents, sigma, k: int, *, limit: int = MONOMIAL_LIMIT
                ) -> NearLoss | None | str:
    """An action of agent ``k`` in ``sigma`` that loses near ``sigma`` (see the module
    docstring), with the polynomial that shows it.

    Returns
    -------
    NearLoss, None or str
        The proof; None when none was found; ``"limit"`` when the expansion would have
        more than ``limit`` monomials (not tested).
    """
    sizes = [len(agents.actions[j]) for j in agents.relevant(k)]
    if prod(sizes) > limit:
        return "limit"
    monos = _monomials(agents, sigma, k)
    names, acts = agents.names, agents.actions
    for a in [a for a, p in enumerate(sigma[k]) if p]:
        tied = [b for b in range(len(sigma[k])) if b != a
                and monos[frozenset()][b] == monos[frozenset()][a]]
        found = next(({b: Fraction(1)} for b in tied if _single(monos, sigma, a, b)), None)
        if found is None and len(tied) > 1:
            tau = _mixed(monos, sigma, a, tied)
            if tau is not None:
                found = {b: t for b, t in zip(tied, tau) if t}
        if found is None:
            continue
        terms = []
        for m, v in sorted(monos.items(), key=lambda mv: (len(mv[0]), sorted(mv[0]))):
            c = sum(t * (v[a] - v[b]) for b, t in found.items())
            if c:
                terms.append((c, tuple((names[j], acts[j][x]) for j, x in sorted(m))))
        return NearLoss(names[k], acts[k][a], {acts[k][b]: t for b, t in found.items()},
                        tuple(terms))
    return None
