"""Consistent beliefs off the path of play (Kreps and Wilson 1982), shown by a witness.

An assessment (profile ``sigma``, beliefs ``mu``) is *consistent* when ``mu`` is the
limit of the beliefs that Bayes' rule gives along some sequence of totally mixed
profiles tending to ``sigma`` (Kreps and Wilson 1982, "Sequential equilibria",
*Econometrica* 50, sec. 3).  A convenient family of such sequences gives each action
that ``sigma`` never takes the probability ``c_a eps^r_a`` (an *order* ``r_a >= 1`` and
a *coefficient* ``c_a > 0``) and shrinks the others in proportion.  A node ``h``
behind the unused actions ``U(h)`` is then reached with probability

    w(h) * prod_{a in U(h)} c_a * eps^{o(h)} * (1 + O(eps)),   o(h) = sum_{a in U(h)} r_a,

where ``w(h)`` is the product of the chance and positive behaviour probabilities on
its path.  At an unreached information set the limit belief is carried by the nodes
of least order, in proportion to ``w(h) prod c_a``.  So a proposed belief is
consistent along such a sequence exactly when

* **orders**: the nodes it puts weight on share one order and the others have a
  larger one -- a linear feasibility problem in the orders, solved exactly
  (:func:`solver.algorithms.exact_lp.solve_lp`; a rational solution scaled by a common
  denominator gives integer orders), and
* **coefficients**: the ratios ``mu(h) / mu(h0) = w(h) C(h) / (w(h0) C(h0))`` can be
  met, ``C(h) = prod_{a in U(h)} c_a``.  In logarithms this is a linear system
  ``E x = log q``; it has a solution exactly when every integer vector ``y`` with
  ``y E = 0`` has ``prod q^y = 1``, which is checked in exact rational arithmetic.

:func:`consistent_witness` applies both tests to beliefs proposed at several sets at
once (the same trembles serve all of them), and returns the orders when they pass.
Passing proves consistency; failing only says that these beliefs were not shown
consistent this way.  :func:`tremble_limit_beliefs` gives the beliefs that uniform
trembles produce (every unused action order 1, coefficient ``1/|actions|``), which
are consistent by construction.
"""
from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any, Mapping

from solver.algorithms.exact_lp import solve_lp
from solver.forms.extensive.game import CHANCE, DECISION

__all__ = ["NodePath", "node_paths", "consistent_witness", "tremble_limit_beliefs",
           "rational_null_space", "support_patterns", "PATTERN_NODE_LIMIT"]

#: Largest information set whose support patterns :func:`support_patterns` lists.
PATTERN_NODE_LIMIT = 10


@dataclass(frozen=True)
class NodePath:
    """What the trembles must do to reach a node.

    ``weight`` is ``w(h)``; ``unused`` counts the unused actions on the path, keyed by
    ``(information-set id, action index)``; ``possible`` is False below a chance move
    of probability 0, which no tremble reaches.
    """

    weight: Fraction
    unused: Counter
    possible: bool


def node_paths(game, move, nodes) -> dict[int, NodePath]:
    """:class:`NodePath` of each node in ``nodes`` (``move``: per node, its action
    probabilities, as :func:`solver.forms.extensive.behavior.move_probabilities`)."""
    parent, pact = game.node_parent.tolist(), game.node_parent_action.tolist()
    kind, gid = game.node_kind.tolist(), game.node_infoset.tolist()
    out = {}
    for h in nodes:
        w, unused, possible, v = Fraction(1), Counter(), True, h
        while parent[v] >= 0:
            p, a = parent[v], pact[v]
            q = Fraction(move[p][a])
            if q:
                w *= q
            elif kind[p] == CHANCE:
                possible = False
            elif kind[p] == DECISION:
                unused[(gid[p], a)] += 1
            v = p
        out[h] = NodePath(w, unused, possible)
    return out


def rational_null_space(rows: list[list[Fraction]], n: int) -> list[list[Fraction]]:
    """A basis of ``{x : rows @ x = 0}`` (``n`` unknowns), by exact row reduction."""
    M = [list(map(Fraction, r)) for r in rows]
    pivots, r = [], 0
    for c in range(n):
        k = next((i for i in range(r, len(M)) if M[i][c]), None)
        if k is None:
            continue
        M[r], M[k] = M[k], M[r]
        piv = M[r][c]
        M[r] = [x / piv for x in M[r]]
        for i in range(len(M)):
            if i != r and M[i][c]:
                f = M[i][c]
                M[i] = [x - f * y for x, y in zip(M[i], M[r])]
        pivots.append(c)
        r += 1
    free = [c for c in range(n) if c not in pivots]
    basis = []
    for f in free:
        x = [Fraction(0)] * n
        x[f] = Fraction(1)
        for i, c in enumerate(pivots):
            x[c] = -M[i][f]
        basis.append(x)
    return basis


def _exponents(path: NodePath, index) -> list[int]:
    """How often each unused action (``index``: action -> position) lies on the path:
    the node's probability is ``w(h) * prod c_a^e_a * eps^(sum r_a e_a)`` for these
    exponents ``e``."""
    e = [0] * len(index)
    for v, m in path.unused.items():
        e[index[v]] += m
    return e


def _ratio_rows(paths, support, variables):
    """The exponents of the ratios ``P(h) / P(h0)``, ``h0 = support[0]``, one row per
    other node ``h`` of ``support``: in the orders, the equations that give the nodes one
    order; in the logarithms of the coefficients, the system ``E x = log q``."""
    index = {v: k for k, v in enumerate(variables)}
    e0 = _exponents(paths[support[0]], index)
    return [[x - y for x, y in zip(_exponents(paths[h], index), e0)] for h in support[1:]]


def _orders(paths, targets, variables):
    """Integer orders (dict variable -> int) meeting the support pattern, or None."""
    index = {v: k for k, v in enumerate(variables)}
    n = len(variables)
    A_ub, b_ub, A_eq, b_eq = [], [], [], []
    # unknowns s = r - 1 >= 0, so a node's order is o(h) = k(h) + s . e(h)
    count = {h: sum(paths[h].unused.values()) for mu in targets.values() for h in mu}
    for mu in targets.values():
        support = [h for h, p in mu.items() if p]
        h0 = support[0]
        A_eq += _ratio_rows(paths, support, variables)          # o(h) = o(h0)
        b_eq += [count[h0] - count[h] for h in support[1:]]
        e0 = _exponents(paths[h0], index)
        for h in mu:
            if not mu[h] and paths[h].possible:                 # o(h0) + 1 <= o(h)
                A_ub.append([x - y for x, y in zip(e0, _exponents(paths[h], index))])
                b_ub.append(count[h] - count[h0] - 1)
    if not A_ub and not A_eq:
        return {v: 1 for v in variables}
    res = solve_lp([-1] * n, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq)
    if res.status != "optimal":
        return None
    r = [1 + s for s in res.x]
    scale = lcm(*(x.denominator for x in r)) if r else 1
    return {v: int(x * scale) for v, x in zip(variables, r)}


def support_patterns(game, move, g):
    """The sets of nodes that a consistent belief at the unreached set ``g`` can put
    weight on, judged at ``g`` alone.

    Returns
    -------
    list of (tuple of int, bool), or None
        For each support ``S`` whose orders are feasible (see the module docstring):
        ``S`` and whether *every* belief with exactly that support is consistent (the
        ratio system has full row rank, so the coefficients can meet any ratios).
        None when the set has more than :data:`PATTERN_NODE_LIMIT` nodes.
    """
    nodes = game.infoset(g).nodes
    if len(nodes) > PATTERN_NODE_LIMIT:
        return None
    paths = node_paths(game, move, nodes)
    live = [h for h in nodes if paths[h].possible]
    variables = sorted({v for h in live for v in paths[h].unused})
    out = []
    for size in range(1, len(live) + 1):
        for support in itertools.combinations(live, size):
            target = {g: {h: int(h in support) for h in nodes}}
            if _orders(paths, target, variables) is None:
                continue
            rows = _ratio_rows(paths, list(support), variables)
            cols = [[r[j] for r in rows] for j in range(len(variables))]
            full = not rows or not rational_null_space(cols, len(rows))
            out.append((support, full))
    return out


def _coefficients_exist(paths, targets, variables) -> bool:
    """Do positive coefficients meet every proposed ratio (exact test)?"""
    E, q = [], []
    for mu in targets.values():
        support = [h for h, p in mu.items() if p]
        h0 = support[0]
        E += _ratio_rows(paths, support, variables)
        q += [Fraction(mu[h]) * paths[h0].weight / (Fraction(mu[h0]) * paths[h].weight)
              for h in support[1:]]
    if not E:
        return True
    # y with y E = 0: the null space of E transposed
    cols = [[E[i][j] for i in range(len(E))] for j in range(len(variables))]
    for y in rational_null_space(cols, len(E)):
        scale = lcm(*(x.denominator for x in y))
        total = Fraction(1)
        for x, qk in zip(y, q):
            total *= qk ** int(x * scale)
        if total != 1:
            return False
    return True


def consistent_witness(game, move, targets: Mapping[int, Mapping[int, Any]]):
    """Orders of trembles under which Bayes' rule tends to the proposed beliefs.

    Parameters
    ----------
    targets : mapping
        Information-set id -> ``{node: probability}`` at sets play does not reach.

    Returns
    -------
    dict or None
        ``{(information-set id, action index): order}`` for the unused actions on the
        way to the sets, when the beliefs are consistent along trembles
        ``c_a eps^order`` for some coefficients ``c_a > 0``; None when these tests fail.
    """
    nodes = [h for mu in targets.values() for h in mu]
    paths = node_paths(game, move, nodes)
    for mu in targets.values():
        if any(p and not paths[h].possible for h, p in mu.items()):
            return None
        if not any(mu.values()):
            return None
    variables = sorted({v for h in nodes for v in paths[h].unused})
    orders = _orders(paths, targets, variables)
    if orders is None or not _coefficients_exist(paths, targets, variables):
        return None
    return orders


def tremble_limit_beliefs(game, move, gids) -> dict[int, dict[int, Fraction]]:
    """The limit of Bayes' rule at the sets ``gids`` when every unused action trembles
    with probability ``eps / (number of actions at its set)``.

    Sets whose nodes no tremble reaches (below chance moves of probability 0) are
    left out.
    """
    out = {}
    for g in gids:
        nodes = game.infoset(g).nodes
        paths = node_paths(game, move, nodes)
        live = [h for h in nodes if paths[h].possible]
        if not live:
            continue
        order = {h: sum(paths[h].unused.values()) for h in live}
        low = min(order.values())
        weight = {}
        for h in live:
            if order[h] == low:
                w = paths[h].weight
                for (t, _), m in paths[h].unused.items():
                    w /= len(game.infoset(t).actions) ** m
                weight[h] = w
        total = sum(weight.values())
        out[g] = {h: weight.get(h, Fraction(0)) / total for h in nodes}
    return out
