"""Sequential equilibrium checks for game trees (Kreps and Wilson 1982).

A *sequential equilibrium* is an assessment (behaviour profile, beliefs) that is

* **sequentially rational**: at every information set, reached or not, the mover's
  continuation is a best reply given his belief there and everyone's play afterwards;
* **consistent**: the beliefs are the limit of Bayes' rule along some sequence of
  totally mixed profiles tending to the profile (Kreps and Wilson 1982,
  "Sequential equilibria", *Econometrica* 50; Fudenberg and Tirole 1991, sec. 8.3).

Consistency is what a (weak) perfect Bayesian equilibrium
(:func:`solver.analysis.beliefs.perfect_bayesian`) leaves out off the path.
:func:`sequential` asks whether *some* consistent beliefs make a given profile
sequentially rational, and says which case decided it:

1. **On the path** Bayes' rule fixes the beliefs (the only consistent ones there);
   a choice that is not optimal given them decides "not sequential".  When every
   information set is reached, this decides.
2. **Off the path**, at each unreached set the mover's gain from every continuation
   plan is linear in the belief, so the beliefs that support his play form a
   polytope, found exactly by LPs.  An empty polytope (no belief at all supports
   the play) decides "not sequential".  A polytope that is the whole simplex (the
   play is optimal at every point-mass belief, hence at every belief) needs nothing:
   if every unreached set is like this, any consistent beliefs will do.
3. **Otherwise** consistency decides.  At each remaining set, the supports a
   consistent belief can have there are listed
   (:func:`solver.analysis.consistency.support_patterns`); when on every such
   support every belief is consistent and none supports the play (an exact LP per
   support), no consistent belief does: "not sequential".  Else beliefs are
   searched: per set, a supporting belief on each possible support, the extreme
   supporting beliefs (LP vertices), their average and the limit of uniform
   trembles; each combination over the sets is tested by
   :func:`solver.analysis.consistency.consistent_witness`.  A consistent
   combination decides "sequential", with the orders of the trembles as the
   witness.  When none passes, the answer is **not decided** (``sequential`` is
   None).

Trees must have perfect recall and exact payoffs.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping

from solver.algorithms.exact_lp import solve_lp
from solver.analysis.beliefs import Violation, beliefs, node_values, sequentially_rational
from solver.analysis.consistency import (
    consistent_witness,
    support_patterns,
    tremble_limit_beliefs,
)
from solver.analysis.prose import join_words, label_text, value_text
from solver.errors import InvalidGameError
from solver.forms.extensive.behavior import BehaviorProfile, check_profile, move_probabilities
from solver.forms.extensive.game import DECISION, TERMINAL

__all__ = ["SequentialCheck", "sequential", "support_polytope", "PLAN_LIMIT", "SEARCH_LIMIT"]

#: Largest number of a mover's continuation plans enumerated at one unreached set.
PLAN_LIMIT = 10_000
#: Largest number of candidate belief systems tested for consistency.
SEARCH_LIMIT = 2_000


@dataclass(frozen=True)
class SequentialCheck:
    """The verdict of :func:`sequential`.

    Attributes
    ----------
    sequential : bool or None
        True, False, or None when not decided.
    case : str
        Which case decided it: ``"all reached"``, ``"any belief"``, ``"witness"``,
        ``"violation on the path"``, ``"no supporting belief"``, ``"no consistent
        supporting belief"``, ``"not decided"``.
    reason : str
        The decision in words.
    beliefs : dict
        Information-set id -> ``{node: probability}``: Bayes' rule on the path and, when
        sequential by a witness, the consistent beliefs found at the constrained sets.
    free_sets : tuple of int
        Unreached sets where every belief supports the play.
    orders : dict
        The witness: ``(player, information set, action) -> order`` of the trembles.
    violations : tuple of Violation
    searched : int
        Candidate belief systems tested for consistency.
    """

    sequential: bool | None
    case: str
    reason: str
    beliefs: Mapping[int, Mapping[int, Any]] = field(default_factory=dict)
    free_sets: tuple[int, ...] = ()
    orders: Mapping[tuple[str, str, str], int] = field(default_factory=dict)
    violations: tuple[Violation, ...] = ()
    searched: int = 0

    @property
    def decided(self) -> bool:
        return self.sequential is not None

    def __str__(self) -> str:
        head = {True: "Sequential", False: "Not sequential", None: "Sequentiality not decided"}
        return f"{head[self.sequential]}: {self.reason}"


# ---------------------------------------------------------------------- gains
def _set_name(game, g) -> str:
    s = game.infoset(g)
    return f"information set {s.label!r}" if s.label else f"information set {g + 1}"


def _gain_rows(game, move, V, g, limit):
    """For each pure continuation plan of the mover from set g: his gain over the play
    at each node of g.  Returns ``{row: action at g}`` for the distinct rows with some
    positive entry; None past ``limit`` plans."""
    s = game.infoset(g)
    i = s.player
    kind, who = game.node_kind.tolist(), game.node_player.tolist()
    gid, kids = game.node_infoset.tolist(), game.child_lists()
    pay = game.path_payoffs
    later = []
    stack = [c for h in s.nodes for c in kids[h]]
    while stack:
        v = stack.pop()
        if kind[v] == DECISION and who[v] == i and gid[v] not in later and gid[v] != g:
            later.append(gid[v])
        stack.extend(kids[v])
    sets = [g] + sorted(later)
    count = 1
    for t in sets:
        count *= len(game.infoset(t).actions)
        if count > limit:
            return None

    def value(h, plan):
        total, todo = Fraction(0), [(h, Fraction(1))]
        while todo:
            v, p = todo.pop()
            if kind[v] == TERMINAL:
                total += p * Fraction(pay[v][i])
            elif kind[v] == DECISION and gid[v] in plan:
                todo.append((kids[v][plan[gid[v]]], p))
            else:
                todo.extend((c, p * Fraction(q)) for q, c in zip(move[v], kids[v]) if q)
        return total

    rows: dict[tuple, int] = {}
    for choice in itertools.product(*(range(len(game.infoset(t).actions)) for t in sets)):
        plan = dict(zip(sets, choice))
        row = tuple(value(h, plan) - Fraction(V[h][i]) for h in s.nodes)
        if any(x > 0 for x in row):
            rows.setdefault(row, choice[0])
    return rows


def support_polytope(rows, k: int):
    """The beliefs on ``k`` nodes that make every gain row ``<= 0``: None when there are
    none, else the distinct extreme points found by maximising and minimising each
    node's probability (exact LPs)."""
    A_ub, b_ub = [list(r) for r in rows], [0] * len(rows)
    found = []
    for h in range(k):
        for sign in (1, -1):
            c = [sign * int(j == h) for j in range(k)]
            r = solve_lp(c, A_ub=A_ub, b_ub=b_ub, A_eq=[[1] * k], b_eq=[1])
            if r.status != "optimal":
                return None
            if r.x not in found:
                found.append(r.x)
    return found


def _supports(rows, mu) -> bool:
    return all(sum(d * p for d, p in zip(r, mu)) <= 0 for r in rows)


# ---------------------------------------------------------------------- the check
def _profile(game, profile) -> BehaviorProfile:
    prof = getattr(profile, "profile", profile)
    if not isinstance(prof, BehaviorProfile):
        prof = BehaviorProfile.from_game(game, profile)
    check_profile(game, prof)
    return prof


def sequential(game, profile, *, plan_limit: int = PLAN_LIMIT,
               search_limit: int = SEARCH_LIMIT) -> SequentialCheck:
    """Is a behaviour profile part of some sequential equilibrium (Kreps and Wilson 1982)?

    Parameters
    ----------
    game : ExtensiveFormGame
        Exact, concrete, with perfect recall.
    profile : TreeEquilibrium, BehaviorProfile or nested probabilities
    plan_limit : int
        Largest number of a mover's continuation plans at one unreached set; past it
        the answer is "not decided".
    search_limit : int
        Largest number of candidate belief systems tested for consistency.

    Returns
    -------
    SequentialCheck
        With ``case`` saying which of the module's cases decided it.

    Raises
    ------
    InvalidGameError
        For a normal form, a float or parametric tree, or a tree without perfect recall.

    Examples
    --------
    Selten's horse: (Across, Across, Left) is sequential with Player 3 believing at
    least 2/3 that Player 2 went down; in (Down, Across, Right) Player 2 would go Down
    against Right.
    """
    if getattr(game, "form", None) != "extensive":
        raise InvalidGameError("sequential equilibrium is defined for game trees; "
                               "for a normal form use solver.analysis.perfection")
    game.require_concrete()
    if not game.exact:
        raise InvalidGameError("sequential equilibrium is checked in exact arithmetic; "
                               "this tree has float payoffs (give them as fractions)")
    ok, why = game.perfect_recall()
    if not ok:
        raise InvalidGameError(f"sequential equilibrium needs perfect recall: {why}")
    prof = _profile(game, profile)
    bayes = beliefs(game, prof)
    on_path = {g: b for g, b in bayes.items() if b is not None}
    rational, violations = sequentially_rational(game, prof, on_path)
    if not rational:
        v = violations[0]
        return SequentialCheck(False, "violation on the path", (
            f"at {_set_name(game, v.infoset)}, which play reaches, Bayes' rule fixes the "
            f"belief and {v.player} gains {value_text(v.gain)} by {label_text(v.action)}."),
            on_path, violations=tuple(violations))
    move = move_probabilities(game, prof)
    V = node_values(game, move)
    off = [g for g, b in bayes.items() if b is None]
    if not off:
        return SequentialCheck(True, "all reached", (
            "every information set is reached with positive probability, so Bayes' rule "
            "fixes every belief (these are the only consistent ones) and every choice is "
            "optimal given them (Kreps and Wilson 1982)."), on_path)
    constrained, free, too_big = {}, [], []
    for g in off:
        rows = _gain_rows(game, move, V, g, plan_limit)
        if rows is None:
            too_big.append(g)
        elif not rows:
            free.append(g)
        else:
            vertices = support_polytope(rows, len(game.infoset(g).nodes))
            if vertices is None:
                s = game.infoset(g)
                gain = ""
                if len(s.nodes) == 1:
                    row = max(rows, key=lambda r: r[0])
                    gain = (f"; {label_text(s.actions[rows[row]])} would gain him "
                            f"{value_text(row[0])}")
                return SequentialCheck(False, "no supporting belief", (
                    f"at {_set_name(game, g)}, which play never reaches, no belief at all "
                    f"makes {game.players[s.player]}'s choice optimal (an exact LP over "
                    f"beliefs){gain}; so no assessment is sequentially rational there."),
                    on_path, tuple(free))
            constrained[g] = (rows, vertices)
    if too_big:
        return SequentialCheck(None, "not decided", (
            f"not decided: at {join_words([_set_name(game, g) for g in too_big])} the mover "
            f"has more than {plan_limit} continuation plans (raise plan_limit)."), on_path,
            tuple(free))
    free_words = (f"at {join_words([_set_name(game, g) for g in free])}, which play never "
                  "reaches, the choice is optimal whatever the belief (checked at every "
                  "point-mass belief, exactly)") if free else ""
    if not constrained:
        return SequentialCheck(True, "any belief", (
            "Bayes' rule fixes the beliefs on the path and the choices there are optimal; "
            f"{free_words}, so any consistent beliefs will do (Kreps and Wilson 1982)."),
            on_path, tuple(free))
    return _search(game, prof, move, on_path, constrained, free, free_words, search_limit)


def _interior_point(rows, nodes, support):
    """A supporting belief whose support is exactly ``support``, or None (an exact LP:
    maximise the smallest probability on the support)."""
    k = len(nodes)
    inside = [j for j, h in enumerate(nodes) if h in support]
    A_ub = [list(r) + [0] for r in rows] + [[-int(j == i) for j in range(k)] + [1]
                                             for i in inside] + [[0] * k + [1]]
    b_ub = [0] * len(rows) + [0] * len(inside) + [1]
    A_eq = [[1] * k + [0]] + [[int(j == i) for j in range(k)] + [0]
                              for i in range(k) if i not in inside]
    r = solve_lp([0] * k + [1], A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1] + [0] * (len(A_eq) - 1))
    return r.x[:k] if r.status == "optimal" and r.value > 0 else None


def _names(game, nodes) -> str:
    return join_words([game.node_name(h) for h in nodes])


def _search(game, prof, move, on_path, constrained, free, free_words, limit):
    gids = sorted(constrained)
    limit_beliefs = tremble_limit_beliefs(game, move, gids)
    options = []
    for g in gids:
        rows, vertices = constrained[g]
        nodes = game.infoset(g).nodes
        cands = []
        if g in limit_beliefs:
            mu = [limit_beliefs[g][h] for h in nodes]
            if _supports(rows, mu):
                cands.append(tuple(mu))
        patterns = support_patterns(game, move, g)
        inner = [(S, full, _interior_point(rows, nodes, S)) for S, full in patterns or ()]
        if patterns is not None and all(full and x is None for S, full, x in inner):
            s = game.infoset(g)
            where = "; ".join(_names(game, S) for S, _ in patterns)
            return SequentialCheck(False, "no consistent supporting belief", (
                f"at {_set_name(game, g)}, which play never reaches, {game.players[s.player]}'s "
                "choice is optimal only for beliefs that are not consistent: along any "
                "totally mixed trembles tending to the profile, Bayes' rule puts the weight "
                f"there on {'one of: ' if len(patterns) > 1 else ''}{where}, and no such "
                "belief makes the choice optimal (exact LPs; Kreps and Wilson 1982)."),
                on_path, tuple(free))
        cands.extend(x for _, _, x in inner if x is not None and x not in cands)
        cands.extend(v for v in vertices if v not in cands)
        centre = tuple(sum(v[j] for v in vertices) / len(vertices) for j in range(len(nodes)))
        if centre not in cands:
            cands.append(centre)
        options.append([{h: p for h, p in zip(nodes, mu)} for mu in cands])
    tried = 0
    for combo in itertools.product(*options):
        if tried >= limit:
            break
        tried += 1
        targets = dict(zip(gids, combo))
        orders = consistent_witness(game, move, targets)
        if orders is not None:
            named = {(game.players[game.infoset(t).player], game.infoset(t).label,
                      game.infoset(t).actions[a]): r for (t, a), r in orders.items()}
            shown = [f"at {_set_name(game, g)} (" + ", ".join(
                f"{game.node_name(h)} {value_text(p)}" for h, p in targets[g].items()) + ")"
                for g in gids]
            trembles = ", ".join(f"{label_text(a)} at {s!r} order {r}"
                                 for (_, s, a), r in sorted(named.items()))
            reason = ("Bayes' rule fixes the beliefs on the path and the choices there are "
                      "optimal; " + (free_words + "; " if free_words else "") +
                      f"the beliefs {join_words(shown)} make the remaining choices optimal and "
                      "are consistent: they are the limit of Bayes' rule when each unused "
                      f"action trembles with probability c eps^order ({trembles}; the "
                      "coefficients c exist, an exact test) (Kreps and Wilson 1982).")
            return SequentialCheck(True, "witness", reason, {**on_path, **targets},
                                   tuple(free), named, searched=tried)
    more = f" (stopped at search_limit={limit})" if tried >= limit else ""
    return SequentialCheck(None, "not decided", (
        f"not decided: at {join_words([_set_name(game, g) for g in gids])} the choice is "
        f"optimal only for some beliefs, and none of the {tried} candidate belief systems "
        "tried (for each set: a supporting belief on each support a consistent belief can "
        "have, the extreme supporting beliefs, their average and the limit of uniform "
        f"trembles){more} was shown consistent. Some other consistent belief may still "
        "support the play."), on_path, tuple(free), searched=tried)
