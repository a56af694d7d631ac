"""Suite ``trees``: two-player trees by the sequence form (issue 12, goals 2 and 3).

* Goal 3 -- **Leduc poker's value, certified, against OpenSpiel's sequence-form LP**:
  ours is :func:`solver.algorithms.sequence_form.sequence_form` on
  ``games.get("leduc-poker")`` (9,457 nodes): HiGHS's float optimum, the plans made
  exact, the equilibrium certified exactly (regret 0) and completed, the value a
  fraction; OpenSpiel is ``sequence_form_lp.solve_zero_sum_game`` on
  ``pyspiel.load_game("leduc_poker")`` (floats, no certificate).  Goal: ours <= 0.5x.
* Goal 2 -- **raked Leduc** (``leduc-poker-raked``: the house takes a tenth of what
  player 2 wins; general-sum, the same tree) solved exactly by the sequence-form
  method (a guess of the supports, :mod:`solver.algorithms.sequence_support`, then
  Lemke's path if that fails) and certified, against the zero-sum Leduc LP (ours,
  above) in the same run.  Goal: <= 10x.  The raked game gets at most
  ``tree_limit`` seconds (``solve``'s ``time_limit``); if that runs out the ratio is
  reported as at least the limit over the LP's time.

Both games are built once, outside the timings; every call builds the sequence form
afresh.  Ours and OpenSpiel alternate, after one warm-up each.  ``--quick`` uses Kuhn
poker and a raked Kuhn poker (the same rake, built here by :func:`raked`).
"""
from __future__ import annotations

import statistics
import time
from fractions import Fraction

__all__ = ["run", "raked"]

OPENSPIEL_NAMES = {"leduc-poker": "leduc_poker", "kuhn-poker": "kuhn_poker"}


def raked(game, rake=Fraction(1, 10)):
    """The tree ``game`` with the house taking ``rake`` of what player 2 wins (built
    node by node with the public :class:`solver.TreeBuilder`)."""
    from solver import TreeBuilder
    from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL
    b = TreeBuilder(players=game.players, title=f"{game.title}, raked")
    kind = game.node_kind.tolist()
    gid = game.node_infoset.tolist()
    kids = game.child_lists()
    stack = [(0, None)]
    while stack:
        h, par = stack.pop()
        if kind[h] == TERMINAL:
            u1, u2 = game.payoffs(h)
            b.terminal(par, payoffs=(u1, u2 * (1 - rake) if u2 > 0 else u2))
            continue
        if kind[h] == DECISION:
            s = game.infoset(gid[h])
            node = b.decision(game.players[s.player], s.actions, parent=par, infoset=gid[h],
                              infoset_label=s.label)
        else:
            assert kind[h] == CHANCE
            node = b.chance(list(zip(game.actions(h), game.chance_probabilities(h))), parent=par)
        for a in reversed(range(len(kids[h]))):
            stack.append((kids[h][a], node[a]))
    return b.build()


def _ours(game, **options):
    from solver.algorithms.sequence_form import sequence_form
    t = time.perf_counter()
    sol = sequence_form(game, **options)
    return time.perf_counter() - t, sol


def _openspiel(name):
    try:
        import pyspiel
        from open_spiel.python.algorithms import sequence_form_lp
    except ImportError as err:
        return None, f"not available ({err}; pip install open_spiel cvxpy ecos)"
    game = pyspiel.load_game(OPENSPIEL_NAMES[name])

    def run():
        t = time.perf_counter()
        value = sequence_form_lp.solve_zero_sum_game(game)[0]
        return time.perf_counter() - t, value
    return run, ""


def _certified(sol) -> bool:
    eq = sol.equilibria[0]
    return bool(sol.exact) and tuple(eq.regret) == (0, 0)


def run(cfg: dict, log) -> tuple[list[str], list[dict]]:
    """Run the suite; returns the printed lines and the goal records."""
    import games
    from solver.errors import SolverLimitError
    quick = cfg["quick"]
    name = "kuhn-poker" if quick else "leduc-poker"
    repeats = 3 if quick else cfg["tree_repeats"]
    t = time.perf_counter()
    zero_sum = games.get(name)
    general = raked(zero_sum) if quick else games.get("leduc-poker-raked")
    built = time.perf_counter() - t
    log(f"  trees: {name} ({zero_sum.n_nodes} nodes) and its raked variant, built in {built:.2f} s")
    anchor, why = _openspiel(name)
    _ours(zero_sum)                                 # warm-up: imports, caches
    if anchor:
        anchor()
    mine, theirs, sol, their_value = [], [], None, None
    for _ in range(repeats):
        dt, sol = _ours(zero_sum)
        mine.append(dt)
        if anchor:
            dt, their_value = anchor()
            theirs.append(dt)
    lp = statistics.median(mine)
    lines = ["", f"== suite trees: two-player trees by the sequence form ({zero_sum.n_nodes} "
             f"nodes; median of {repeats} runs, ours and OpenSpiel alternating)"]
    ok_lp = _certified(sol)
    lines.append(f"  ours, zero-sum {name} (LP, exact value and certificate): {lp * 1e3:8.1f} ms"
                 f"  value {sol.value} = {float(sol.value):.10f}, "
                 f"{'certified (regret 0)' if ok_lp else 'NOT CERTIFIED'}")
    goals = []
    g3 = {"suite": "trees", "target": f"{name} LP <= 0.5x OpenSpiel", "limit": 0.5}
    if anchor:
        o = statistics.median(theirs)
        lines.append(f"  OpenSpiel sequence_form_lp.solve_zero_sum_game:              "
                     f"{o * 1e3:8.1f} ms  value {their_value:.10f} (float, no certificate)")
        r = lp / o
        g3.update(ratio=r, verdict="PASS" if r <= 0.5 and ok_lp else "FAIL",
                  why=f"ours/OpenSpiel = {r:.2f} (ours {lp * 1e3:.0f} ms with exact value and "
                      f"certificate, OpenSpiel {o * 1e3:.0f} ms)")
    else:
        lines.append(f"  OpenSpiel: {why}")
        g3.update(verdict="not evaluated", why=why)
    goals.append(g3)

    limit = cfg["tree_limit"]
    log(f"  trees: {general.title} by the sequence form (at most {limit:g} s) ...")
    g2 = {"suite": "trees", "target": f"raked {name} <= 10x the zero-sum LP", "limit": 10.0}
    try:
        dt, gsol = _ours(general, time_limit=limit)
    except SolverLimitError as err:
        lines.append(f"  ours, raked {name} (general-sum): did not finish in {limit:g} s "
                     f"({err})")
        g2.update(verdict="FAIL", ratio=limit / lp,
                  why=f"raked/LP >= {limit / lp:.0f} (stopped at the {limit:g} s limit)")
    else:
        ok = _certified(gsol)
        how = "; ".join(n for n in gsol.notes if "pivots" in n or "path" in n
                        or "supports" in n) or f"{gsol.extra.get('pivots')} pivots"
        lines.append(f"  ours, raked {name} (general-sum, exact): {dt * 1e3:8.1f} ms"
                     f"  payoffs {tuple(str(u) for u in gsol.equilibria[0].payoffs)}, "
                     f"{'certified (regret 0)' if ok else 'NOT CERTIFIED'}; {how}")
        r = dt / lp
        g2.update(ratio=r, verdict="PASS" if r <= 10 and ok else "FAIL",
                  why=f"raked/LP = {r:.1f} ({dt:.2f} s against {lp * 1e3:.0f} ms)")
    goals.append(g2)
    return lines, goals
