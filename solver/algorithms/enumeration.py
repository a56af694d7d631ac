"""All extreme Nash equilibria of a two-player game, by vertex enumeration.

The method is the one of Gambit's ``enummixed`` and of ``lrsnash``: enumerate the
vertices of the two *best-response polytopes*, then keep the pairs of vertices that
are *completely labelled* (von Stengel 2007, section 3.5; Avis, Rosenberg, Savani
and von Stengel 2010).  Everything is done in exact integer arithmetic, and the
vertex search uses the lexicographic minimum-ratio rule, so no vertex of a
degenerate polytope is missed.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from solver.algorithms.limits import (
    DEFAULT_MAX_EQUILIBRIA,
    Deadline,
    check_count,
    check_max_equilibria,
)
from solver.errors import GameError, InvalidGameError, SolverLimitError
from solver.forms.profiles import Solution, certify
from solver.linalg import solve_exact
from solver.progress import advance

__all__ = ["enumerate_equilibria", "label_complete_pairs", "checked_options"]


def enumerate_equilibria(game, *, max_vertices: int = 200_000,
                         max_equilibria: int = DEFAULT_MAX_EQUILIBRIA,
                         time_limit: float | None = None) -> Solution:
    """All extreme Nash equilibria of a two-player game, exactly.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game with *m* strategies for the row player and *n* for the
        column player.  Exact payoffs are used as they are.  Float payoffs are
        converted *exactly* (each binary float is a rational number), the game is
        solved exactly for those rationals, and the profiles are reported as
        floats and certified with the float tolerance (a note says so).
    max_vertices : int, optional
        Largest number of bases (of both polytopes together) the search may
        visit before it gives up with :class:`SolverLimitError` (default 200 000).
        The search holds one tableau, so memory grows with the number of vertices
        (two bitmasks each: its labels and its first basis), not with tableaux.
    max_equilibria : int, default 10000
        Largest number of equilibria to return.
    time_limit : float, optional
        Seconds, checked at every pivot and while the vertex pairs are matched.

    Returns
    -------
    Solution
        Method ``"enumerate"``, ``complete=True``: every extreme equilibrium, each
        certified, sorted by the probabilities.  ``degenerate`` says whether the
        game is degenerate.  ``extra["vertices"]`` gives the number of vertices of
        *P* and of *Q* other than the origin, ``extra["bases"]`` the number of
        lexico-feasible bases visited in each (the origin's included); both
        refer to the payoffs shifted as described below.

    Raises
    ------
    InvalidGameError
        If the game does not have exactly two players.
    SolverLimitError
        If more than ``max_vertices`` bases are visited, more than
        ``max_equilibria`` equilibria are found, or ``time_limit`` runs out.

    Notes
    -----
    Let the row player's payoffs be the *m x n* matrix *A* and the column
    player's *B*, each scaled to integers and shifted by a constant so that its
    smallest entry is 1 (this changes no best response).  The best-response polytopes are

    .. math::

        P = \\{x \\in \\mathbb{R}^m : x \\ge 0,\\ B^\\top x \\le 1\\}, \\qquad
        Q = \\{y \\in \\mathbb{R}^n : A y \\le 1,\\ y \\ge 0\\}.

    Label the *m + n* pure strategies.  A point *x* of *P* has label *i* (a row)
    when :math:`x_i = 0` and label *j* (a column) when :math:`(B^\\top x)_j = 1`,
    i.e. when *j* is a best response to *x*; in *Q*, *y* has label *i* when
    :math:`(Ay)_i = 1` and label *j* when :math:`y_j = 0`.  A pair
    :math:`(x, y) \\ne (0, 0)` in which every label appears, at *x* or at *y*,
    is a Nash equilibrium after normalising *x* and *y* to probability vectors
    (von Stengel 2007, Theorem 3.4): every strategy played is a best response.
    In a *degenerate* game the equilibria form convex components whose extreme
    points are pairs of vertices; those *extreme equilibria* are what this
    function returns, as Gambit's ``enummixed`` and ``lrsnash`` do (Avis et al.
    2010, section 2).  A game whose equilibria form a segment gives both ends.

    The vertices are found by a search over *bases* of the systems
    :math:`B^\\top x + s = 1` and :math:`A y + r = 1`.  At a degenerate vertex
    (more tight constraints than the dimension) many bases describe one vertex,
    and a plain simplex pivot may stall.  The *lexicographic* minimum-ratio rule
    (Dantzig, Orden and Wolfe 1955) pivots as if the right-hand side were
    :math:`1 + (\\varepsilon, \\varepsilon^2, \\dots)` for an infinitesimal
    :math:`\\varepsilon`: that perturbed polytope is simple, its bases are the
    *lexico-feasible* ones, and its graph is connected, so a search over its
    edges from the origin reaches every one of its vertices and hence, as
    :math:`\\varepsilon \\to 0`, every vertex of the original polytope.  A
    neighbour's basis is known from the ratio test alone, so the search pivots
    only into bases it has not seen.  Pivots are fraction-free (Bareiss 1968):
    the tableau is kept as integers times the basis determinant, and every
    division is exact.

    Each vertex is stored once, keyed by its full label set (every tight
    constraint, basic variables at zero included): a vertex is the only point
    of the polytope at which all of its tight constraints hold with equality, so
    two bases give the same vertex exactly when they give the same label set.
    The game is degenerate exactly when some vertex has more labels than the
    dimension of its polytope (von Stengel 2007, Theorem 3.6 and section 3.6).

    References
    ----------
    B. von Stengel, "Equilibrium computation for two-player games in strategic
    and extensive form", ch. 3 of *Algorithmic Game Theory* (Nisan, Roughgarden,
    Tardos, Vazirani, eds.), Cambridge University Press, 2007.

    D. Avis, G. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
    equilibria for two-player games", *Economic Theory* 42 (2010) 9-37.

    E. H. Bareiss, "Sylvester's identity and multistep integer-preserving
    Gaussian elimination", *Mathematics of Computation* 22 (1968) 565-578.

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> bos = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> sol = enumerate_equilibria(bos)
    >>> len(sol)
    3
    >>> sol[1].probabilities
    ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3)))
    """
    max_equilibria, deadline = checked_options(game, max_vertices, max_equilibria, time_limit)
    m, n = game.shape
    notes: list[str] = []
    A, B = _positive_integer_matrices(game)
    if not game.exact:
        notes.append("float payoffs were converted exactly to rationals and the game solved "
                      "exactly; probabilities are reported as floats")
    # P: x in R^m, constraints B^T x <= 1 (labels m..m+n-1), x_i >= 0 (labels 0..m-1)
    bt = [[B[i][j] for i in range(m)] for j in range(n)]
    try:
        p_vertices, p_bases, p_degenerate = _vertices(
            bt, list(range(m)), list(range(m, m + n)), max_vertices, "the row player's polytope P",
            deadline)
        # Q: y in R^n, constraints A y <= 1 (labels 0..m-1), y_j >= 0 (labels m..m+n-1)
        q_vertices, q_bases, q_degenerate = _vertices(
            A, list(range(m, m + n)), list(range(m)), max_vertices - p_bases,
            "the column player's polytope Q", deadline)
    except _LimitReached as hit:
        raise SolverLimitError(
            f"enumerate: {m}x{n} game: the vertex search visited more than max_vertices="
            f"{max_vertices} bases (limit reached in {hit.args[0]}); pass a larger max_vertices "
            "to enumerate_equilibria or to solve(game, 'enumerate', max_vertices=...), or use "
            "method 'lemke-howson' for one equilibrium") from None
    origin_p, origin_q = next(iter(p_vertices)), next(iter(q_vertices))   # recorded first
    p_list = [(mask, key) for mask, key in p_vertices.items() if mask != origin_p]
    q_list = [(mask, key) for mask, key in q_vertices.items() if mask != origin_q]
    pairs = label_complete_pairs([mk for mk, _ in p_list], [mk for mk, _ in q_list], m, n, deadline)
    check_count(len(pairs), max_equilibria, "enumerate", "extreme equilibria")
    profiles = []
    for a, b in pairs:
        deadline.tick("computing the equilibria")
        x, y = _coordinates(bt, p_list[a][1], m), _coordinates(A, q_list[b][1], n)
        sx, sy = sum(x), sum(y)
        profiles.append((tuple(Fraction(v, sx) for v in x), tuple(Fraction(v, sy) for v in y)))
    profiles.sort()
    equilibria = []
    for k, pr in enumerate(profiles, 1):
        deadline.tick("certifying the equilibria")
        equilibria.append(certify(game, pr))
        advance(k, len(profiles), "equilibria certified")
    equilibria = tuple(equilibria)
    return Solution(
        game=game, method="enumerate", exact=game.exact, complete=True,
        degenerate=p_degenerate or q_degenerate, equilibria=equilibria, notes=tuple(notes),
        extra={"vertices": (len(p_list), len(q_list)), "bases": (p_bases, q_bases)})


class _LimitReached(Exception):
    """Internal: the vertex search of one polytope ran past its share of the limit."""


def _positive_integer_matrices(game) -> tuple[list[list[int]], list[list[int]]]:
    """Both payoff matrices as lists of Python ints, each shifted to have minimum 1.

    Exact games use ``game.integer_payoffs``; float payoffs are converted with
    ``Fraction(float)``, which is exact, then scaled by the LCM of denominators.
    """
    if game.exact:
        arrays, _ = game.integer_payoffs
        mats = [[[int(v) for v in row] for row in arr] for arr in arrays]
    else:
        mats = []
        for arr in game.float_payoffs:
            fr = [[Fraction(float(v)) for v in row] for row in arr]
            den = 1
            for row in fr:
                for v in row:
                    den = den * v.denominator // math.gcd(den, v.denominator)
            mats.append([[int(v * den) for v in row] for row in fr])
    out = []
    for mat in mats:
        low = min(min(row) for row in mat)
        out.append([[v - low + 1 for v in row] for row in mat])
    return out[0], out[1]


def _vertices(M: Sequence[Sequence[int]], var_labels: Sequence[int],
              slack_labels: Sequence[int], limit: int, name: str, deadline: Deadline):
    """Vertices of ``{z >= 0, M z <= 1}`` for a positive integer *k x d* matrix *M*.

    Returns ``(vertices, bases, degenerate)``: ``vertices`` maps each vertex's
    label bitmask to the first basis (a bitmask of basic variables) found for it,
    the origin first; ``bases`` counts the lexico-feasible bases visited, and
    ``degenerate`` says whether some vertex has more than *d* labels.  Coordinates
    are not kept (they are long integers); :func:`_coordinates` recomputes those of
    the few vertices that end up in an equilibrium.

    The tableau ``D * Binv * [M | I | 1]`` is stored by columns and only for the
    nonbasic variables (a basic column is ``D`` times a unit vector); variable
    ``v < d`` is ``z_v``, variable ``d + i`` is the slack of row *i*.

    The search is depth-first over one tableau: a step pivots into an unseen
    neighbouring basis and records how to come back; when a basis has no unseen
    neighbour left, the pivot that led to it is undone (a fraction-free pivot on
    the same row and column is its exact inverse).  So memory holds one tableau
    and, per level of the search, only a row, a column and a position, never a
    tableau per level; each edge of the search tree costs two pivots.
    """
    k, d = len(M), len(M[0])
    bit = [1 << lab for lab in list(var_labels) + list(slack_labels)]
    state = _Tableau([[M[i][j] for i in range(k)] for j in range(d)], [1] * k,
                     list(range(d, d + k)), list(range(d)), 1)
    key = sum(1 << v for v in state.basis)
    seen = {key}
    vertices: dict[int, list[int]] = {}
    degenerate = _record(state, key, bit, d, k, vertices)
    # one frame per level: [next column to try, (row, column) of the pivot that led here]
    frames: list[list] = [[0, None]]
    while frames:
        frame = frames[-1]
        moved = False
        slack_cols = None
        while frame[0] < d:
            c = frame[0]
            frame[0] += 1
            r, slack_cols = _ratio_test(state, c, d, k, slack_cols)
            if r < 0:       # an unbounded edge; impossible when M > 0
                continue
            new_key = key ^ (1 << state.nonbasic[c]) ^ (1 << state.basis[r])
            if new_key in seen:
                continue
            seen.add(new_key)
            if len(seen) > limit:
                raise _LimitReached(name)
            deadline.tick(f"enumerating the vertices of {name}")
            if not len(seen) & 255:
                advance(len(seen), limit, f"bases of {name} searched (the most allowed)")
            state.pivot(r, c)
            key = new_key
            if _record(state, key, bit, d, k, vertices):
                degenerate = True
            frames.append([0, (r, c)])
            moved = True
            break
        if not moved:
            frames.pop()
            if frame[1] is not None:
                r, c = frame[1]
                key ^= (1 << state.nonbasic[c]) ^ (1 << state.basis[r])
                state.pivot(r, c)           # back to the parent basis, exactly
    return vertices, len(seen), degenerate


class _Tableau:
    """The fraction-free tableau of one basis: nonbasic columns, right-hand side,
    basis (row -> variable), nonbasic (column position -> variable), determinant D."""

    __slots__ = ("cols", "rhs", "basis", "nonbasic", "D")

    def __init__(self, cols, rhs, basis, nonbasic, D):
        self.cols, self.rhs, self.basis, self.nonbasic, self.D = cols, rhs, basis, nonbasic, D

    def pivot(self, r: int, c: int) -> None:
        """Exchange basic variable ``basis[r]`` and nonbasic ``nonbasic[c]`` in place
        (Bareiss: every division is exact).  Pivoting again on ``(r, c)`` undoes it."""
        D, col = self.D, self.cols[c]
        ra = col[r]
        cols = self.cols
        for j in range(len(cols)):
            if j == c:
                continue
            cj = cols[j]
            t = cj[r]
            if t:
                nc = [(x * ra - y * t) // D for x, y in zip(cj, col)]
                nc[r] = t
            elif D == 1:
                nc = [x * ra for x in cj]
            else:
                nc = [x * ra // D for x in cj]
            cols[j] = nc
        nc = [-x for x in col]
        nc[r] = D
        cols[c] = nc
        t = self.rhs[r]
        if t:
            new_rhs = [(x * ra - y * t) // D for x, y in zip(self.rhs, col)]
            new_rhs[r] = t
        else:
            new_rhs = [x * ra // D for x in self.rhs]
        self.rhs = new_rhs
        self.basis[r], self.nonbasic[c] = self.nonbasic[c], self.basis[r]
        self.D = ra


def _record(state: _Tableau, key: int, bit, d: int, k: int, vertices: dict) -> bool:
    """Store the current basis (``key``) under its vertex's label mask (if new); True
    when the vertex has more than *d* labels (the polytope is degenerate)."""
    mask = 0
    for v in state.nonbasic:
        mask |= bit[v]
    rhs, basis = state.rhs, state.basis
    for i in range(k):
        if not rhs[i]:
            mask |= bit[basis[i]]
    if mask in vertices:
        return False
    vertices[mask] = key
    return mask.bit_count() > d


def _coordinates(M: Sequence[Sequence[int]], key: int, d: int) -> list[Fraction]:
    """The vertex of ``{z >= 0, M z <= 1}`` with basis ``key``: its basic coordinates
    solve the rows whose slacks are nonbasic (tight) exactly; the others are 0."""
    k = len(M)
    basic = [v for v in range(d) if key >> v & 1]
    tight = [i for i in range(k) if not key >> (d + i) & 1]
    z = [Fraction(0)] * d
    if basic:
        sol = solve_exact([[M[i][j] for j in basic] for i in tight], [1] * len(tight))
        for j, v in zip(basic, sol):
            z[j] = v
    return z


def _ratio_test(state: _Tableau, c: int, d: int, k: int, slack_cols):
    """The leaving row for entering column ``c`` by the lexicographic minimum-ratio
    rule (-1 if the column has no positive entry), and the slack columns if they were
    built for a tie (reused for the other columns of the same basis)."""
    col, rhs = state.cols[c], state.rhs
    r = -1
    for i in range(k):
        a = col[i]
        if a > 0:
            if r < 0:
                r, rb, ra = i, rhs[i], a
                continue
            lhs, rr = rhs[i] * ra, rb * a
            if lhs > rr:
                continue
            if lhs == rr:
                # tie: compare the rows of [rhs | Binv] divided by the pivot entries
                if slack_cols is None:
                    slack_cols = _slack_columns(state.D, state.basis, state.nonbasic,
                                                state.cols, d, k)
                if not _lex_less(slack_cols, i, a, r, ra):
                    continue
            r, rb, ra = i, rhs[i], a
    return r, slack_cols


def _slack_columns(D, basis, nonbasic, cols, d, k):
    """The columns of ``D * Binv`` (the tableau's slack columns), slack by slack."""
    out = [None] * k
    for pos, v in enumerate(nonbasic):
        if v >= d:
            out[v - d] = cols[pos]
    for i, v in enumerate(basis):
        if v >= d:
            unit = [0] * k
            unit[i] = D
            out[v - d] = unit
    return out


def _lex_less(slack_cols, i, ai, r, ar) -> bool:
    """Whether row *i* of ``Binv`` over ``ai`` is lexicographically below row *r* over ``ar``."""
    for column in slack_cols:
        u, w = column[i] * ar, column[r] * ai
        if u != w:
            return u < w
    return False


def checked_options(game, max_vertices, max_equilibria, time_limit) -> tuple[int, Deadline]:
    """The checks every two-player enumeration makes before it starts: two players, a
    concrete game, a positive ``max_vertices``; returns the checked ``max_equilibria`` and
    the :class:`~solver.algorithms.limits.Deadline` of ``time_limit``.

    Raises
    ------
    InvalidGameError
        For a game of other than two players, or one with free parameters.
    GameError
        For a ``max_vertices`` or ``max_equilibria`` that is not a positive integer.
    """
    if game.n_players != 2:
        raise InvalidGameError(
            f"enumerate needs a two-player game; this one has {game.n_players} players "
            "(use method 'pure' for the pure equilibria of larger games)")
    game.require_concrete()
    if isinstance(max_vertices, bool) or not isinstance(max_vertices, int) or max_vertices < 1:
        raise GameError(f"enumerate: max_vertices must be a positive integer, got {max_vertices!r}")
    max_equilibria = check_max_equilibria(max_equilibria, "enumerate")
    deadline = Deadline(time_limit, "enumerate")
    return max_equilibria, deadline


def label_complete_pairs(p_masks: list[int], q_masks: list[int], m: int, n: int,
                         deadline: Deadline | None) -> list[tuple[int, int]]:
    """Index pairs ``(a, b)`` with ``p_masks[a] | q_masks[b]`` holding all *m + n* labels.

    If neither vertex has more labels than its dimension (*m* in *P*, *n* in *Q*),
    the pair is completely labelled exactly when the label sets are complements,
    which a dictionary finds at once.  Any other completely labelled pair has a
    degenerate vertex on one side; those few are checked against the whole other
    side with vectorised bit operations.
    """
    full = (1 << (m + n)) - 1
    q_index = {mk: b for b, mk in enumerate(q_masks)}
    pairs = set()
    for a, mk in enumerate(p_masks):
        b = q_index.get(full ^ mk)
        if b is not None:
            pairs.add((a, b))
    p_deg = [a for a, mk in enumerate(p_masks) if mk.bit_count() > m]
    q_deg = [b for b, mk in enumerate(q_masks) if mk.bit_count() > n]
    if p_deg:
        pairs.update(_covering_pairs(p_masks, p_deg, q_masks, range(len(q_masks)), m + n,
                                     deadline))
    if q_deg:
        pairs.update(_covering_pairs(p_masks, range(len(p_masks)), q_masks, q_deg, m + n,
                                     deadline))
    return sorted(pairs)


def _covering_pairs(p_masks, p_rows, q_masks, q_rows, labels: int, deadline: Deadline | None):
    """Pairs from ``p_rows x q_rows`` whose masks cover all labels (numpy, 62 bits a word)."""
    p_rows, q_rows = list(p_rows), list(q_rows)
    if not p_rows or not q_rows:
        return []
    width = 62
    words = (labels + width - 1) // width
    low = (1 << width) - 1

    def split(masks):
        arr = np.empty((len(masks), words), dtype=np.uint64)
        for a, mk in enumerate(masks):
            for w in range(words):
                arr[a, w] = (mk >> (width * w)) & low
        return arr

    P = split([p_masks[a] for a in p_rows])
    Q = split([q_masks[b] for b in q_rows])
    full = split([(1 << labels) - 1])[0]
    pairs = []
    block = max(1, 1_000_000 // (len(q_rows) * words))
    for start in range(0, len(p_rows), block):
        if deadline is not None:
            deadline.check("matching degenerate vertices")
        hit = np.all((P[start:start + block, None, :] | Q[None, :, :]) == full, axis=2)
        for a, b in zip(*np.nonzero(hit)):
            pairs.append((p_rows[start + int(a)], q_rows[int(b)]))
    return pairs
