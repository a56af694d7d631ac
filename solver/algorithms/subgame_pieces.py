"""One piece of the roll-back of :func:`solver.algorithms.subgames.subgame_perfect`.

A *piece* is a subgame with the subgames below it replaced by payoff vectors, so it
has no proper subgame but itself.  It is solved as a game of its own (Osborne and
Rubinstein 1994, sec. 6.2; Fudenberg and Tirole 1991, sec. 3.5), by the method its
shape calls for:

* perfect information: backward induction, every pure subgame-perfect equilibrium;
* two movers: vertex enumeration of the reduced normal form (every extreme
  equilibrium, Avis, Rosenberg, Savani and von Stengel 2010), or, beyond
  ``enumerate_limit`` plans, the sequence form (one equilibrium; Koller, Megiddo and
  von Stengel 1996);
* one mover: his optimal pure plans;
* three or more movers: polynomial support enumeration of the reduced normal form
  (McKelvey and McLennan 1996), or its pure equilibria beyond ``support_limit``.

Each answer comes with its *gap*: why the list of the piece's equilibria is not
complete ("" when it is), which the roll-back reports.
"""
from __future__ import annotations

from solver.errors import SolverLimitError

__all__ = ["solve_piece"]


def solve_piece(piece, movers, options):
    """Equilibria of a piece (no subgame inside but itself) as (method, gap, list of
    behaviour by piece information-set id, number whose completion did not settle)."""
    enum_limit = options.get("enumerate_limit", 12)
    deadline = options["deadline"]
    deadline.check(f"solving the subgame at node {piece.node_name(0)}")
    left = deadline.remaining()
    if piece.is_perfect_information:
        from solver.algorithms.backward_induction import spe
        sol = spe(piece, max_equilibria=options.get("max_equilibria", 100), time_limit=left)
        return "spe", "", [e.profile.flat() for e in sol], 0
    from solver.conversions.kuhn import mixed_to_behavior
    from solver.conversions.reduced_form import count_plans, reduced_normal_form
    from solver.forms.extensive.completion import completion
    counts = count_plans(piece)
    if len(movers) == 2 and max(counts) > enum_limit:
        from solver.algorithms.sequence_form import sequence_form
        done = [completion(piece, e.profile) for e in sequence_form(piece, time_limit=left)]
        return ("sequence-form", "one equilibrium (the sequence form)",
                [d.profile.flat() for d in done],
                sum(not d.settled for d in done))
    plan_limit = options.get("plan_limit", 10_000)
    if _prod(counts) > plan_limit:
        raise SolverLimitError(
            f"subgame at node {piece.node_name(0)}: its reduced normal form has "
            f"{' x '.join(map(str, counts))} plans, more than plan_limit={plan_limit} cells; "
            f"pass plan_limit={_prod(counts)} to build it")
    rf = reduced_normal_form(piece, max_cells=plan_limit)
    if len(movers) == 2:
        from solver.algorithms.modular_enumeration import modular_enumeration
        method, gap, sol = "enumerate", "", modular_enumeration(
            rf.game, time_limit=left, max_equilibria=options.get("max_equilibria", 100))
    elif len(movers) == 1:
        from solver.algorithms.pure import pure_equilibria
        method, gap, sol = "optimize", "", pure_equilibria(
            rf.game, time_limit=left, max_equilibria=options.get("max_equilibria", 100))
    else:
        method, gap, sol = _n_mover_equilibria(rf.game, left, options)
    done = [completion(piece, mixed_to_behavior(piece, rf, e.probabilities)) for e in sol]
    return method, gap, [d.profile.flat() for d in done], sum(not d.settled for d in done)


def _n_mover_equilibria(game, left, options):
    """``(method, gap, equilibria)`` of the reduced normal form of a piece with
    three or more movers (``gap``: why the list is not complete, "" when it is).

    Every equilibrium, by polynomial support enumeration (McKelvey and McLennan 1996),
    when the form has at most ``support_limit`` support profiles (default 400, a
    3x3x3 form has 343); the equilibria with irrational probabilities are left out of
    the roll-back (which adds and multiplies rationals), and the list then says it is
    not complete.  A larger form gets its pure equilibria only, also incomplete.
    """
    from solver.algorithms.polynomial_support import polynomial_support_enumeration
    from solver.algorithms.pure import pure_equilibria
    max_equilibria = options.get("max_equilibria", 100)
    profiles, limit = _prod(2 ** m - 1 for m in game.shape), options.get("support_limit", 400)
    if profiles > limit:
        return "pure", (f"pure equilibria only ({profiles} support profiles, more than "
                        f"support_limit={limit})"), pure_equilibria(
            game, time_limit=left, max_equilibria=max_equilibria)
    sol = polynomial_support_enumeration(game, time_limit=left, max_equilibria=max_equilibria)
    rational = [e for e in sol if not e.is_algebraic]
    gaps = []
    if sol.extra.get("continua"):
        gaps.append("a continuum of equilibria, of which samples are rolled back")
    elif not sol.complete:
        gaps.append("some support profiles were left undecided")
    if len(rational) < len(sol):
        gaps.append(f"{len(sol) - len(rational)} equilibria with irrational probabilities "
                    "left out")
    return "enumerate", "; ".join(gaps), rational


def _prod(xs):
    out = 1
    for x in xs:
        out *= x
    return out
