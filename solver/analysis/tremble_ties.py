"""Refutations of perfection that use the mixing agents' indifference (the ties).

Along any sequence of trembles that proves an equilibrium perfect, an agent who mixes
must stay *exactly* indifferent between the actions he uses (each is a best reply to
every profile of the sequence).  These **ties** bind the others' strategies to one
another.  Write each agent's strategy with the first action he uses at its equilibrium
weight, his other used actions at ``sigma_j(c) + d_jc`` (*shifts*, of either sign) and
his unused ones at small positive *trembles* ``e_jc`` (the scaling changes no sign:
:meth:`~solver.analysis.trembles.Agents.weighted_value`).  Every tie and comparison is
then a multilinear polynomial in the shifts and trembles, zero at the equilibrium.
Two exact arguments prove **not perfect** (Selten 1975, *IJGT* 4, for the
definition; the implicit function theorem applied to best-reply conditions, as in van
Damme 1991, *Stability and Perfection of Nash Equilibria*, sec. 2.6):

1. **The shifts follow from the trembles** (:mod:`solver.analysis.tremble_implicit`):
   the implicit function theorem, when the ties fix the shifts.
2. **A combination of comparisons and ties.**  Weights ``lambda >= 0`` on the
   comparisons and ``mu`` on the ties give a sum ``F`` that is ``>= 0`` along any
   sequence.  Take a set ``N`` of trembles.  When, by an exact LP, ``F``'s
   first-order coefficient is ``<= -1`` for each tremble in ``N`` and 0 for every
   other variable, and every monomial of ``F`` with no tremble from ``N`` vanishes,
   then each remaining monomial of degree two or more is a tremble ``e`` in ``N``
   times something small, so ``F <= -(1 - C eta) sum_N e < 0`` near the
   equilibrium.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from solver.algorithms.exact_lp import solve_lp
from solver.analysis.prose import label_text
from solver.analysis.trembles import Linearisation

__all__ = ["TiedLoss", "CombinedLoss", "combined_loss", "chart", "monomials_in", "solve_square",
           "feasible_point",
           "coordinate_name", "term_text", "SHIFT_MONOMIAL_LIMIT"]

#: Largest number of shift-only monomials written out per tie or comparison.
SHIFT_MONOMIAL_LIMIT = 4096


def term_text(c, mono) -> str:
    """One monomial in words: ``-3 [Player 1 Across] [Player 3 Left]``."""
    name = " ".join(f"[{a} {label_text(x)}]" for a, x in mono)
    return name if c == 1 else f"-{name}" if c == -1 else f"{c} {name}"


@dataclass(frozen=True)
class TiedLoss:
    """Agent ``agent``'s ``action`` loses to ``other`` once the ties are kept (or, when
    ``action`` and ``other`` are both used, the two cannot tie).

    ``terms``: the difference as ``(coefficient, ((agent, action), ...))`` monomials in
    the trembles -- the first-order terms, or the lowest nonzero power of the single
    tremble (its factor repeated).  ``ties``: the agents whose indifference fixes the
    shifts.
    """

    agent: str
    action: str
    other: str
    terms: tuple[tuple[Fraction, tuple[tuple[str, str], ...]], ...]
    ties: tuple[str, ...]
    tie_fails: bool = False

    def __str__(self) -> str:
        poly = (" + ".join(term_text(c, m) for c, m in self.terms)
                + " + higher-order terms").replace("+ -", "- ")
        kept = ", ".join(self.ties)
        if self.tie_fails:
            return (f"{self.agent} must stay indifferent between {label_text(self.action)} "
                    f"and {label_text(self.other)} along any sequence of trembles, but near "
                    f"the equilibrium their difference is {poly}, never zero for small "
                    "trembles")
        return (f"{self.agent}'s {label_text(self.action)} earns less than "
                f"{label_text(self.other)} near the equilibrium once {kept} stay indifferent "
                "between the actions they use (as along any sequence of trembles they must): "
                "their shifts are then fixed by the trembles (implicit function theorem), "
                f"and the difference is {poly}, negative for small trembles")


@dataclass(frozen=True)
class CombinedLoss:
    """A nonnegative combination of comparisons plus a combination of ties that is
    negative near the equilibrium.  ``comparisons``: ``(agent, action, other,
    weight)``; ``ties``: the same for the ties; ``terms``: the first-order terms."""

    comparisons: tuple[tuple[str, str, str, Fraction], ...]
    ties: tuple[tuple[str, str, str, Fraction], ...]
    terms: tuple[tuple[Fraction, tuple[tuple[str, str], ...]], ...]

    def __str__(self) -> str:
        def part(rows):
            return " + ".join(f"{w} x ({a}: {label_text(x)} minus {label_text(y)})"
                              for a, x, y, w in rows).replace("+ -", "- ")
        poly = " + ".join(term_text(c, m) for c, m in self.terms).replace("+ -", "- ")
        if self.comparisons:
            head = (f"along any sequence of trembles {part(self.comparisons)} is >= 0 (each "
                    "equilibrium action is a best reply)")
            if self.ties:
                head += f", and {part(self.ties)} is 0 (the mixing agents stay indifferent)"
        else:
            head = (f"along any sequence of trembles {part(self.ties)} must be 0 (the mixing "
                    "agents stay indifferent)")
        return (f"{head}; but the first-order terms of the sum are {poly} (the shifts of "
                "the mixed strategies cancel), and every other term is one of these trembles "
                "times something small, so the sum is negative near the equilibrium")


def feasible_point(obj, A_ub, b_ub, A_eq, b_eq):
    """An optimal point of ``max obj.x, A_ub x <= b_ub, A_eq x = b_eq, x >= 0``, or None.

    HiGHS (``scipy.optimize.linprog``) solves it; its point, read back as fractions, is
    returned only if it satisfies every constraint exactly.  When it does not, the
    exact simplex (:func:`solver.algorithms.exact_lp.solve_lp`) decides.  When HiGHS
    calls the LP infeasible, None: the callers only need points they can check (a
    refutation or a search), so a missed point costs a proof, never a wrong one."""
    import numpy as np
    from scipy.optimize import linprog
    res = linprog(-np.array(obj, dtype=float),
                  A_ub=np.array(A_ub, dtype=float) if A_ub else None,
                  b_ub=np.array(b_ub, dtype=float) if A_ub else None,
                  A_eq=np.array(A_eq, dtype=float) if A_eq else None,
                  b_eq=np.array(b_eq, dtype=float) if A_eq else None,
                  bounds=(0, None), method="highs")
    if res.status == 2:
        return None
    if res.status == 0:
        x = [max(Fraction(0), Fraction(v).limit_denominator(10 ** 6)) for v in res.x]
        if (all(sum(a * v for a, v in zip(row, x)) <= b for row, b in zip(A_ub, b_ub))
                and all(sum(a * v for a, v in zip(row, x)) == b for row, b in zip(A_eq, b_eq))):
            return x
    r = solve_lp(obj, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq)
    return list(r.x) if r.status == "optimal" else None


def solve_square(M, rhs):
    """x with M x = rhs for a square M, exactly; None when M is singular."""
    n = len(M)
    A = [list(r) + [b] for r, b in zip(M, rhs)]
    for col in range(n):
        piv = next((r for r in range(col, n) if A[r][col]), None)
        if piv is None:
            return None
        A[col], A[piv] = A[piv], A[col]
        for r in range(n):
            if r != col and A[r][col]:
                f = A[r][col] / A[col][col]
                A[r] = [x - f * y for x, y in zip(A[r], A[col])]
    return [A[r][n] / A[r][r] for r in range(n)]


def chart(lin: Linearisation):
    """The shifts (used actions other than each agent's first) and the trembles (unused
    actions), as coordinate indices."""
    refs = [S[0] for S in lin.support]
    shifts = [i for i, (j, b) in enumerate(lin.coords) if lin.sigma[j][b] and b != refs[j]]
    return shifts, list(lin.trembles)


def monomials_in(lin: Linearisation, item, variables, degree_from=1):
    """The item's monomials made of ``variables`` (coordinate indices) alone, of
    ``degree_from`` or more: their coefficients, or None past
    :data:`SHIFT_MONOMIAL_LIMIT`.  Agents who cannot change the item
    (:meth:`~solver.analysis.trembles.Agents.relevant`) only multiply it by their
    total weight, so their monomials repeat others' coefficients and are left out."""
    k = item[0]
    relevant = set(lin.agents.relevant(k))
    by_agent: dict[int, list] = {}
    for s in variables:
        j, c = lin.coords[s]
        if j in relevant:
            by_agent.setdefault(j, []).append((j, c))
    choices = [[None] + v for v in by_agent.values()]
    count = 1
    for ch in choices:
        count *= len(ch)
    if count > SHIFT_MONOMIAL_LIMIT:
        return None
    out = {}
    for pick in itertools.product(*choices):
        mono = frozenset(x for x in pick if x is not None)
        if len(mono) >= degree_from:
            out[mono] = lin.monomial(item, mono)
    return out


def coordinate_name(lin, i):
    """``(agent, action)`` of a coordinate."""
    j, b = lin.coords[i]
    return (lin.agents.names[j], lin.agents.actions[j][b])


def combined_loss(lin: Linearisation) -> CombinedLoss | None:
    """Argument 2 of the module docstring (an exact LP), or None.

    The trembles whose first-order coefficient must be negative are all of them, or
    else those with a first-order term in some comparison or tie, in some tie, or in
    some comparison (the others then get coefficient 0, and every monomial of the sum
    without one of the negative ones must vanish)."""
    shifts, trem = chart(lin)
    zero = lin.differences(lin.base)
    comps = [c for c in lin.comps if not zero[c]]
    ties = list(lin.ties)
    if not (comps or ties) or not trem:
        return None
    candidates = [trem]
    for group in (comps + ties, ties, comps):
        N = [e for e in trem if any(lin.rows[i][e] for i in group)]
        if N and N not in candidates:
            candidates.append(N)
    for N in candidates:
        got = _combination(lin, comps, ties, shifts, trem, N)
        if got is not None:
            return got
    return None


def _combination(lin, comps, ties, shifts, trem, N):
    nc, nt = len(comps), len(ties)
    width = nc + 2 * nt                          # lambda, then mu = mu+ - mu-

    def row(values):
        return list(values[:nc]) + list(values[nc:]) + [-v for v in values[nc:]]

    items = comps + ties
    A_ub, b_ub, A_eq, b_eq = [], [], [], []
    for v in shifts + [e for e in trem if e not in N]:
        A_eq.append(row([lin.rows[i][v] for i in items]))
        b_eq.append(0)
    for e in N:
        A_ub.append(row([lin.rows[i][e] for i in items]))
        b_ub.append(-1)
    others = shifts + [e for e in trem if e not in N]
    mons = [monomials_in(lin, item, others, 2) for item in items]
    if any(m is None for m in mons):
        return None
    for mono in set().union(*mons):
        vals = [m.get(mono, Fraction(0)) for m in mons]
        if any(vals):
            A_eq.append(row(vals))
            b_eq.append(0)
    x = feasible_point([0] * width, A_ub, b_ub, A_eq, b_eq)
    if x is None:
        return None
    lam = x[:nc]
    mu = [x[nc + i] - x[nc + nt + i] for i in range(nt)]
    names, acts = lin.agents.names, lin.agents.actions

    def rows_of(its, weights):
        return tuple((names[k], acts[k][a], acts[k][b], w)
                     for (k, a, b), w in zip(its, weights) if w)

    terms = tuple((sum(w * lin.rows[c][e] for c, w in zip(comps, lam))
                   + sum(w * lin.rows[t][e] for t, w in zip(ties, mu)), (coordinate_name(lin, e),))
                  for e in N)
    return CombinedLoss(rows_of(comps, lam), rows_of(ties, mu), terms)
