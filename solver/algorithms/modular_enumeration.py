"""All extreme Nash equilibria of a two-player game, by a fast exact vertex enumeration.

The same method, answer and result as :func:`solver.algorithms.enumeration.
enumerate_equilibria` -- the vertices of both best-response polytopes, paired when
completely labelled (von Stengel 2007, section 3.5; Avis, Rosenberg, Savani and
von Stengel 2010) -- with a faster vertex search,
:func:`solver.algorithms.vertex_search.lexico_vertices`: many bases at a time,
exact tableaux kept modulo several primes, floating point only to propose pivots
that the exact residues then accept or replace.  Both searches visit exactly the
same lexico-feasible bases, so the vertex and basis counts, the degeneracy flag
and the equilibria are identical.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from solver.algorithms.enumeration import (
    checked_options,
    enumerate_equilibria,
    label_complete_pairs,
)
from solver.algorithms.integer_pivoting import exact_integer_payoffs
from solver.algorithms.limits import (
    DEFAULT_MAX_EQUILIBRIA,
    Deadline,
    check_count,
)
from solver.errors import SolverLimitError
from solver.forms.profiles import Solution, certify

__all__ = [
    "CLASSIC_CELLS",
    "MAX_BITS",
    "MAX_TABLEAU_BYTES",
    "complete_pairs",
    "modular_enumeration",
]

#: Games with fewer cells (m * n) than this go to
#: :func:`~solver.algorithms.enumeration.enumerate_equilibria`, whose single tableau of
#: Python integers is quicker than setting up batches (below about 7 x 7).
CLASSIC_CELLS = 48

#: Beyond this many bits in Hadamard's bound on the tableaux' minors (payoffs of
#: hundreds of digits), the floats that carry their signs could overflow: such games
#: go to :func:`~solver.algorithms.enumeration.enumerate_equilibria`.
MAX_BITS = 960
#: Games whose tableau in residues takes more bytes than this (beyond about 20 x 20
#: with payoffs of four digits) go there too: their polytopes have more bases than any
#: search finishes, the batched search would hold few of their large tableaux, and the
#: one-tableau search reaches the limits in the least memory.
MAX_TABLEAU_BYTES = 40_000


def modular_enumeration(game, *, max_vertices: int = 200_000,
                        max_equilibria: int = DEFAULT_MAX_EQUILIBRIA,
                        time_limit: float | None = None) -> Solution:
    """All extreme Nash equilibria of a two-player game, exactly.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.  Float payoffs are converted exactly to rationals, the
        game is solved exactly for them, and the profiles are reported as floats
        and certified with the float tolerance (a note says so).
    max_vertices : int, optional
        Largest number of bases (of both polytopes together) the search may visit
        before it gives up with :class:`SolverLimitError` (default 200 000).
    max_equilibria : int, default 10000
        Largest number of equilibria to return.
    time_limit : float, optional
        Seconds, checked at every batch of bases and while the vertices are paired.

    Returns
    -------
    Solution
        Method ``"enumerate"``, ``complete=True``: every extreme equilibrium, each
        certified, sorted by the probabilities; ``degenerate`` and ``extra``
        (``"vertices"``, ``"bases"``) exactly as
        :func:`~solver.algorithms.enumeration.enumerate_equilibria` gives them.

    Raises
    ------
    InvalidGameError
        If the game does not have exactly two players.
    SolverLimitError
        If more than ``max_vertices`` bases are visited, more than
        ``max_equilibria`` equilibria are found, or ``time_limit`` runs out.

    Notes
    -----
    With the payoffs scaled to integers and shifted to a smallest entry of 1, the
    best-response polytopes are :math:`P = \\{x \\ge 0 : B^\\top x \\le 1\\}` and
    :math:`Q = \\{y \\ge 0 : A y \\le 1\\}`; a pair of vertices other than the
    origins in which every pure strategy is a label -- unplayed, or a best response
    -- is an extreme equilibrium after normalisation (von Stengel 2007, Theorem
    3.4).  The vertices of both polytopes are found by
    :func:`~solver.algorithms.vertex_search.search_polytopes` (in one search when the
    game is square) and paired by their label sets (:func:`complete_pairs`); the
    coordinates of the vertices in an equilibrium are solved exactly (python-flint)
    and each profile is certified.

    References
    ----------
    B. von Stengel, "Equilibrium computation for two-player games in strategic
    and extensive form", ch. 3 of *Algorithmic Game Theory*, Cambridge University
    Press, 2007.

    D. Avis, G. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
    equilibria for two-player games", *Economic Theory* 42 (2010) 9-37.

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> bos = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> sol = modular_enumeration(bos)
    >>> len(sol), sol[1].probabilities
    (3, ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3))))
    """
    options = {"max_vertices": max_vertices, "max_equilibria": max_equilibria,
               "time_limit": time_limit}
    if game.n_players == 2 and game.shape[0] * game.shape[1] < CLASSIC_CELLS:
        return enumerate_equilibria(game, **options)     # it makes the same checks
    # the vertex search and python-flint are imported only now: small games, the
    # command's usual case, never pay for them
    from solver.algorithms.vertex_search import (
        Polytope,
        VertexLimitReached,
        hadamard_bits,
        search_polytopes,
        tableau_bytes,
    )

    max_equilibria, deadline = checked_options(game, max_vertices, max_equilibria, time_limit)
    m, n = game.shape
    notes: list[str] = []
    A1, B1 = exact_integer_payoffs(game)
    if not game.exact:
        notes.append("float payoffs were converted exactly to rationals and the game solved "
                     "exactly; probabilities are reported as floats")
    A = [[int(v) for v in row] for row in A1]
    bt = [[int(B1[i][j]) for i in range(m)] for j in range(n)]
    # P: x in R^m, constraints B^T x <= 1 (labels m..m+n-1), x_i >= 0 (labels 0..m-1);
    # Q: y in R^n, constraints A y <= 1 (labels 0..m-1), y_j >= 0 (labels m..m+n-1)
    P = Polytope(bt, range(m), range(m, m + n), "the row player's polytope P")
    Q = Polytope(A, range(m, m + n), range(m), "the column player's polytope Q")
    if max(hadamard_bits(bt), hadamard_bits(A)) > MAX_BITS \
            or max(tableau_bytes(bt), tableau_bytes(A)) > MAX_TABLEAU_BYTES:
        # huge minors or huge tableaux: the one-tableau search
        return enumerate_equilibria(game, **options)
    try:
        if m == n:      # the same shape: one search for both
            (p_masks, p_keys, p_bases, p_degenerate), (q_masks, q_keys, q_bases, q_degenerate) \
                = search_polytopes([P, Q], max_vertices, deadline)
        else:
            p_masks, p_keys, p_bases, p_degenerate = search_polytopes(
                [P], max_vertices, deadline)[0]
            q_masks, q_keys, q_bases, q_degenerate = search_polytopes(
                [Q], max_vertices - p_bases, deadline)[0]
    except VertexLimitReached as hit:
        raise SolverLimitError(
            f"enumerate: {m}x{n} game: the vertex search visited more than max_vertices="
            f"{max_vertices} bases (limit reached in {hit.args[0]}); pass a larger max_vertices "
            "to enumerate_equilibria or to solve(game, 'enumerate', max_vertices=...), or use "
            "method 'lemke-howson' for one equilibrium") from None
    # the origins were recorded first
    p_masks, p_keys, q_masks, q_keys = p_masks[1:], p_keys[1:], q_masks[1:], q_keys[1:]
    pairs = complete_pairs(p_masks, q_masks, m, n, deadline)
    check_count(len(pairs), max_equilibria, "enumerate", "extreme equilibria")
    cache_p: dict[int, list[Fraction]] = {}
    cache_q: dict[int, list[Fraction]] = {}
    profiles = []
    for a, b in pairs:
        deadline.tick("computing the equilibria")
        if a not in cache_p:
            cache_p[a] = _normalised(bt, int(p_keys[a]), m)
        if b not in cache_q:
            cache_q[b] = _normalised(A, int(q_keys[b]), n)
        profiles.append((cache_p[a], cache_q[b]))
    # the order of the exact tuples; floats first, so that fractions are compared on ties only
    profiles.sort(key=lambda pr: tuple((float(v), v) for row in pr for v in row))
    equilibria = []
    for pr in profiles:
        deadline.tick("certifying the equilibria")
        equilibria.append(certify(game, pr))
    return Solution(
        game=game, method="enumerate", exact=game.exact, complete=True,
        degenerate=p_degenerate or q_degenerate, equilibria=tuple(equilibria),
        notes=tuple(notes),
        extra={"vertices": (len(p_masks), len(q_masks)), "bases": (p_bases, q_bases)})


def _normalised(M, key: int, d: int) -> tuple[Fraction, ...]:
    """The vertex of ``{z >= 0, M z <= 1}`` with basis ``key`` (a bitmask of basic
    variables: ``z_v`` is bit *v*, the slack of row *i* bit ``d + i``), scaled to
    sum 1: its basic coordinates solve the rows whose slacks are nonbasic (exactly,
    with python-flint's rational solver)."""
    import flint

    basic = [v for v in range(d) if key >> v & 1]
    tight = [i for i in range(len(M)) if not key >> (d + i) & 1]
    k = len(tight)
    try:
        sol = flint.fmpz_mat(k, k, [M[i][j] for i in tight for j in basic]).solve(
            flint.fmpz_mat(k, 1, [1] * k)).entries()
    except ZeroDivisionError:
        raise AssertionError("enumerate: a vertex's basis matrix is singular") from None
    total = sum(sol, flint.fmpq(0))
    z = [Fraction(0)] * d
    for j, v in zip(basic, sol):
        q = v / total
        z[j] = Fraction(int(q.p), int(q.q))
    return tuple(z)


def complete_pairs(p_masks, q_masks, m: int, n: int,
                   deadline: Deadline | None = None) -> list[tuple[int, int]]:
    """Index pairs ``(a, b)`` with ``p_masks[a] | q_masks[b]`` holding all *m + n* labels.

    Parameters
    ----------
    p_masks, q_masks : sequences of int (or int64 arrays)
        Label bitmasks of the vertices of *P* (dimension *m*) and of *Q*
        (dimension *n*), origins excluded.
    m, n : int
    deadline : Deadline, optional

    Returns
    -------
    list of (int, int), sorted

    Notes
    -----
    When neither vertex has more labels than its dimension, the pair is
    completely labelled exactly when the label sets are complements: a sorted
    search finds those at once.  Any other completely labelled pair has a
    degenerate vertex on one side; those few are checked against the whole other
    side with vectorised bit operations.

    >>> complete_pairs([0b0110, 0b1001], [0b1001, 0b0110, 0b1011], 2, 2)
    [(0, 0), (0, 2), (1, 1)]
    """
    if m + n > 62:
        return label_complete_pairs([int(v) for v in p_masks], [int(v) for v in q_masks], m, n,
                                    deadline)
    P = np.asarray(p_masks, dtype=np.int64)
    Q = np.asarray(q_masks, dtype=np.int64)
    full = (1 << (m + n)) - 1
    pairs = set()
    if len(P) and len(Q):
        order = np.argsort(Q, kind="stable")
        sq = Q[order]
        want = full ^ P
        at = np.minimum(np.searchsorted(sq, want), len(sq) - 1)
        hit = sq[at] == want
        pairs.update(zip(np.nonzero(hit)[0].tolist(), order[at[hit]].tolist()))
    p_deg = np.nonzero(np.bitwise_count(P) > m)[0]
    q_deg = np.nonzero(np.bitwise_count(Q) > n)[0]
    for rows, other, p_side in ((p_deg, Q, True), (q_deg, P, False)):
        if not len(rows) or not len(other):
            continue
        mine = P[rows] if p_side else Q[rows]
        block = max(1, 2_000_000 // len(other))
        for start in range(0, len(rows), block):
            if deadline is not None:
                deadline.check("matching degenerate vertices")
            hit = (mine[start:start + block, None] | other[None, :]) == full
            for a, b in zip(*np.nonzero(hit)):
                r = int(rows[start + a])
                pairs.add((r, int(b)) if p_side else (int(b), r))
    return sorted(pairs)
