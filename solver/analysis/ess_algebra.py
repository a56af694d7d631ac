"""The exact algebra behind the test for evolutionary stability (:mod:`solver.analysis.ess`).

Let *x* be a symmetric equilibrium strategy of the game with payoff matrix *A*, *S* its
support and *E* ⊇ *S* its pure best responses.  The alternative best responses are
the mixed strategies y on *E*; for such a y, u(y, x) = u(x, x) gives u(x, y) − u(y, y)
= −(y − x)ᵀA(y − x).  So the second condition of an ESS (each alternative best
response does worse against itself than *x* does against it) says zᵀAz < 0 for every
nonzero z in the cone C = {z : Σz = 0, z_j = 0 off E, z_j >= 0 on E \\ S} of
directions from *x* into the face on *E* (Haigh 1975; van Damme 1991, section 9.2).
With u the free coordinates on *S* (one dropped for Σz = 0) and v >= 0 those on
E \\ S, −zᵀAz = q(u, v) is a quadratic form with matrix G; q > 0 on C \\ {0} exactly
when

* G_uu, the block on the support, is positive definite (v = 0): decided by exact
  Gaussian elimination, all pivots positive (Sylvester's criterion); and
* the Schur complement G_vv − G_vu G_uu⁻¹ G_uv (q minimised over u for each v) is
  strictly copositive on v >= 0: decided by enumerating the faces of the simplex.  The
  minimum of vᵀMv on the simplex, if it is <= 0, is attained at a point v > 0 on some
  face J whose bordered system M_JJ v = λ1, Σv = 1 has that point as its unique
  solution, with λ = vᵀMv <= 0 (a minimiser of least support is unique in its face,
  else a line of minimisers would reach a smaller face).  So the test solves 2^|E \\ S| − 1
  small exact systems (cf. Bomze 1992; Kaplan 2000 for the same face enumeration on
  eigenvectors), within :data:`solver.analysis.ess.MAX_EXTRA_BEST_RESPONSES`.

All arithmetic is in Fractions, so the verdict is exact; a failure comes with the
direction z that proves it, and :func:`mutant_along` turns z into the mutant y.

References
----------
J. Haigh (1975), "Game theory and evolution", *Advances in Applied Probability* 7, 8-11.
I. M. Bomze (1992), "Detecting all evolutionarily stable strategies", *Journal of
Optimization Theory and Applications* 75, 313-329.
E. van Damme (1991), *Stability and Perfection of Nash Equilibria*, 2nd ed., ch. 9.
W. Kaplan (2000), "A test for copositive matrices", *Linear Algebra Appl.* 313, 203-206.
"""
from __future__ import annotations

import itertools
from fractions import Fraction

from solver.linalg import solve_exact

__all__ = ["mixed_payoff", "unstable_direction", "mutant_along", "neutral_face"]


def mixed_payoff(A, x, y) -> Fraction:
    """u(x, y) = xᵀAy: the payoff of x against y."""
    return sum((x[i] * A[i][j] * y[j] for i in range(len(x)) if x[i]
                for j in range(len(y)) if y[j]), Fraction(0))


def _positive_definite(G):
    """None when G (symmetric, Fractions) is positive definite; otherwise a vector w != 0
    with wᵀGw <= 0 (from the first pivot of Gaussian elimination that is not positive)."""
    k = len(G)
    M = [list(row) for row in G]
    L = [[Fraction(int(i == j)) for j in range(k)] for i in range(k)]
    for p in range(k):
        if M[p][p] <= 0:
            # wᵀGw equals that pivot for w solving Lᵀw = e_p on the first p + 1 coordinates
            w = [Fraction(0)] * k
            w[p] = Fraction(1)
            for i in range(p - 1, -1, -1):
                w[i] = -sum((L[j][i] * w[j] for j in range(i + 1, p + 1)), Fraction(0))
            return w
        for i in range(p + 1, k):
            f = M[i][p] / M[p][p]
            L[i][p] = f
            for j in range(p, k):
                M[i][j] -= f * M[p][j]
    return None


def _copositive_witness(M):
    """None when M is strictly copositive (vᵀMv > 0 for every v >= 0, v != 0); otherwise
    a v >= 0 on the simplex with vᵀMv <= 0 (the face enumeration of the module notes)."""
    k = len(M)
    for size in range(1, k + 1):
        for face in itertools.combinations(range(k), size):
            rows = [[M[i][j] for j in face] + [Fraction(-1)] for i in face]
            rows.append([Fraction(1)] * size + [Fraction(0)])
            sol = solve_exact(rows, [Fraction(0)] * size + [Fraction(1)])
            if sol is None:
                continue
            v, lam = sol[:size], sol[size]
            if all(x > 0 for x in v) and lam <= 0:
                out = [Fraction(0)] * k
                for i, x in zip(face, v):
                    out[i] = x
                return out
    return None


def unstable_direction(A, x, support, extra):
    """None when zᵀAz < 0 on the cone of directions (module notes); else such a z != 0
    with zᵀAz >= 0, over all strategies."""
    m = len(A)
    r = support[0]
    basis = []     # z = Σ u_a (e_a - e_r) + Σ v_b (e_b - e_r)
    for a in support[1:] + extra:
        z = [Fraction(0)] * m
        z[a], z[r] = Fraction(1), Fraction(-1)
        basis.append(z)
    G = [[-(mixed_payoff(A, p, q) + mixed_payoff(A, q, p)) / 2 for q in basis] for p in basis]
    s = len(support) - 1
    combine = lambda coeffs: [sum((c * b[i] for c, b in zip(coeffs, basis)), Fraction(0))
                              for i in range(m)]
    if s:
        w = _positive_definite([row[:s] for row in G[:s]])
        if w is not None:
            return combine(w + [Fraction(0)] * len(extra))
    if not extra:
        return None
    Guu = [row[:s] for row in G[:s]]
    Guv = [row[s:] for row in G[:s]]
    Gvv = [row[s:] for row in G[s:]]
    # X = Guu⁻¹ Guv, column by column; the Schur complement Gvv - Guvᵀ X
    X = [solve_exact(Guu, [Guv[i][b] for i in range(s)]) if s else [] for b in range(len(extra))]
    S = [[Gvv[a][b] - sum((Guv[i][a] * X[b][i] for i in range(s)), Fraction(0))
          for b in range(len(extra))] for a in range(len(extra))]
    v = _copositive_witness(S)
    if v is None:
        return None
    u = [-sum((X[b][i] * v[b] for b in range(len(extra))), Fraction(0)) for i in range(s)]
    return combine(u + v)


def mutant_along(x, z):
    """The mixed strategy x + t z with t as large as the simplex allows (an alternative
    best response in the direction z)."""
    t = min(x[i] / -z[i] for i in range(len(z)) if z[i] < 0)
    return tuple(xi + t * zi for xi, zi in zip(x, z))


def neutral_face(A, face) -> bool:
    """True when zᵀAz = 0 for every z with Σz = 0 on ``face``: then u(x, y) = u(y, y)
    for every alternative best response y."""
    r = face[0]
    def entry(a, b):   # (e_a - e_r)ᵀ (A + Aᵀ)/2 (e_b - e_r), doubled
        return (A[a][b] + A[b][a] - A[a][r] - A[r][a] - A[b][r] - A[r][b] + 2 * A[r][r])
    return all(entry(a, b) == 0 for a in face[1:] for b in face[1:])
