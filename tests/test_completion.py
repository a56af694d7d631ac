"""Completion of equilibria at information sets the mover's own play excludes.

Known answers: the waning-resolve war of attrition (games/scenarios/waning_resolve.py:
at the defaults Russia holds out in periods 0 and 1 and accepts in period 2; beliefs
fall, mu_t = 3/5, 9/17, 27/59, ..., so accepting stays optimal in every later period,
module docstring's closed form), entry deterrence and Kuhn poker (value -1/18, Kuhn
1950).  Invariant: on random trees, after completion, the action at every completed
set is the first optimal one for the belief of the "own moves tremble" convention,
recomputed here independently (by walking paths up from each node) and compared with
a brute force over the mover's continuation plans.
"""
from __future__ import annotations

import itertools
import random
from fractions import Fraction as F

import pytest
from helpers import random_behavior
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import games
from games.scenarios.waning_resolve import HORIZON
from solver.algorithms.subgames import subgame_perfect
from solver.conversions.kuhn import mixed_to_behavior
from solver.conversions.reduced_form import reduced_normal_form
from solver.errors import InvalidGameError
from solver.forms.extensive.behavior import BehaviorProfile, behavior_regret, certify_behavior
from solver.forms.extensive.builder import TreeBuilder
from solver.forms.extensive.completion import (
    complete_profile,
    completion,
    completion_beliefs,
    own_unreached_sets,
)
from solver.solve import solve


def concrete(name):
    g = games.get(name)
    return g.substitute(defaults=True) if g.parametric else g


# ------------------------------------------------------------------ known answers
def test_waning_resolve_spe_accepts_in_every_period_after_acceptance():
    g = concrete("waning-resolve")
    sol = subgame_perfect(g)
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert eq.regret == (0, 0)
    russia = eq.profile["Russia"]
    assert len(russia) == HORIZON
    assert [r["Accept"] for r in russia] == [0, 0] + [1] * (HORIZON - 2)        # accepts in period 2
    assert [r["Hold out"] for r in russia] == [1, 1] + [0] * (HORIZON - 2)
    assert eq.payoffs == (F(63897, 160000), F(67183, 160000))
    # periods 3..7 are excluded by Russia's own acceptance, and were completed
    assert own_unreached_sets(g, eq.profile, "Russia") == tuple(range(3, HORIZON))
    # the beliefs there are Bayes' mu_t (mu_3 = mu_2 (1 - h) / (mu_2 (1 - h) + 1 - mu_2) = 81/209 from mu_2 = 27/59)
    mu3 = completion_beliefs(g, eq.profile, 3)
    wavering = next(h for h in mu3 if "Wavering" in g.label(h))
    assert mu3[wavering] == F(81, 209)


@pytest.mark.parametrize("method", ["enumerate", "pure"])
def test_waning_resolve_through_the_reduced_form(method):
    g = concrete("waning-resolve")
    sol = solve(g, method=method)
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert eq.regret == (0, 0)
    assert [r["Accept"] for r in eq.profile["Russia"]] == [0, 0] + [1] * (HORIZON - 2)


def test_mixed_to_behavior_default_is_uniform_and_optimal_on_request():
    g = concrete("waning-resolve")
    rf = reduced_normal_form(g)
    k = rf.labels[1].index("Hold out/Hold out/Accept" + "/*" * (HORIZON - 3))
    plan = [F(0)] * rf.game.shape[1]
    plan[k] = F(1)
    uniform = mixed_to_behavior(g, rf, [[F(1)], plan])
    optimal = mixed_to_behavior(g, rf, [[F(1)], plan], unreached="optimal")
    assert uniform.probabilities[1][5] == (F(1, 2), F(1, 2))
    assert optimal.probabilities[1][5] == (F(1), F(0))
    assert optimal.probabilities[1][:3] == uniform.probabilities[1][:3]
    with pytest.raises(InvalidGameError, match="unreached"):
        mixed_to_behavior(g, rf, [[F(1)], plan], unreached="random")


def test_completion_chooses_the_optimal_action_not_the_plan_of_a_worse_strategy():
    # a non-equilibrium plan that holds out in period 0 then accepts: the later
    # sets are completed by what is optimal there, whatever the plan was
    g = concrete("waning-resolve")
    rf = reduced_normal_form(g)
    k = rf.labels[1].index("Accept" + "/*" * (HORIZON - 1))
    plan = [F(0)] * rf.game.shape[1]
    plan[k] = F(1)
    prof = mixed_to_behavior(g, rf, [[F(1)], plan], unreached="optimal")
    # period 0 (belief 3/5 > mu* = 0.491): holding out there would be optimal,
    # and so in period 1 (9/17); accepting from period 2 on
    assert [r["Accept"] for r in prof["Russia"]] == [1, 0] + [1] * (HORIZON - 2)
    done = completion(g, prof)
    assert done.completed == tuple(range(1, HORIZON)) and done.settled and done.rounds == 1


def test_entry_deterrence_unchanged():
    # no set is excluded by its mover's own play (each moves once), so nothing changes:
    # the SPE (In, Accommodate) and, through the reduced form, the three extreme Nash
    # equilibria, including the non-credible threat (Out, Fight) (Osborne 2004, 5.1)
    g = concrete("entry-deterrence")
    spe = subgame_perfect(g)
    assert len(spe.equilibria) == 1
    assert spe.equilibria[0].profile.behavior == (({"Out": 0, "In": 1},),
                                                  ({"Fight": 0, "Accommodate": 1},))
    rf = reduced_normal_form(g)
    sol = solve(g, method="enumerate")
    assert len(sol.equilibria) == 3
    inner = solve(rf.game, method="enumerate")
    plain = {mixed_to_behavior(g, rf, e.probabilities).probabilities for e in inner.equilibria}
    assert {e.profile.probabilities for e in sol.equilibria} == plain
    for e in sol.equilibria:
        assert own_unreached_sets(g, e.profile) == ()
        assert complete_profile(g, e.profile) == e.profile


def test_kuhn_poker_unchanged_on_the_path():
    g = concrete("kuhn-poker")
    rf = reduced_normal_form(g)
    sol = solve(g, method="spe")
    assert len(sol.equilibria) >= 1
    for e in sol.equilibria:
        assert e.payoffs == (F(-1, 18), F(1, 18)) and e.regret == (0, 0)
        _check_completed(g, e.profile)
    # a plan that always bets leaves "P1 ... cb" sets unreached: completed, payoffs kept
    always_bet = [F(0)] * 27
    always_bet[rf.labels[0].index("Bet/*/Bet/*/Bet/*")] = F(1)
    mixed = [always_bet, [F(1, 64)] * 64]
    a = mixed_to_behavior(g, rf, mixed)
    b = mixed_to_behavior(g, rf, mixed, unreached="optimal")
    from solver.forms.extensive.behavior import behavior_payoffs
    assert behavior_payoffs(g, a) == behavior_payoffs(g, b)
    assert behavior_regret(g, a) == behavior_regret(g, b)
    assert own_unreached_sets(g, b, 0) == (1, 3, 5)
    for k in (0, 2, 4):
        assert b.probabilities[0][k] == a.probabilities[0][k]
    _check_completed(g, b)


def test_refuses_imperfect_recall_and_foreign_profiles():
    b = TreeBuilder(("P",))
    c = b.chance({"h": F(1, 2), "t": F(1, 2)})
    for side in ("h", "t"):
        n = b.decision("P", ("L", "R"), parent=c[side], infoset=f"first {side}")
        for a in ("L", "R"):
            m = b.decision("P", ("l", "r"), parent=n[a], infoset="forgot")
            b.terminal(m["l"], payoffs=(1,))
            b.terminal(m["r"], payoffs=(0,))
    g = b.build()
    prof = BehaviorProfile.from_game(g, [[(1, 0), (1, 0), (1, 0)]])
    with pytest.raises(InvalidGameError, match="perfect recall"):
        complete_profile(g, prof)
    with pytest.raises(InvalidGameError):
        complete_profile(concrete("entry-deterrence"), prof)


# ------------------------------------------------------------------ independent oracle
def _path_weights(g, h, i, profile):
    """(k, q) of node h for mover i, by walking up from h: zero-probability moves of
    chance and of the others, product of their positive probabilities."""
    flat = profile.flat()
    k, q = 0, F(1)
    par, pact = g.node_parent.tolist(), g.node_parent_action.tolist()
    while par[h] >= 0:
        p, a = par[h], pact[h]
        if g.kind(p) == "chance":
            x = g.chance_probabilities(p)[a]
        elif int(g.node_player[p]) == i:
            x = None
        else:
            x = flat[int(g.node_infoset[p])][a]
        if x is not None:
            if x:
                q *= x
            else:
                k += 1
        h = p
    return k, q


def _oracle_belief(g, profile, gid):
    s = g.infoset(gid)
    kq = {h: _path_weights(g, h, s.player, profile) for h in s.nodes}
    kmin = min(k for k, _ in kq.values())
    w = {h: q for h, (k, q) in kq.items() if k == kmin}
    tot = sum(w.values())
    return {h: x / tot for h, x in w.items()}


def _value(g, h, i, profile, plan):
    """Player i's expected payoff from node h when i follows ``plan`` (gid -> action)
    at the sets in it and his profile elsewhere; the others follow the profile."""
    flat = profile.flat()
    if g.kind(h) == "terminal":
        return g.payoffs(h)[i]
    kids = g.children(h)
    if g.kind(h) == "chance":
        probs = g.chance_probabilities(h)
    else:
        gid = int(g.node_infoset[h])
        if int(g.node_player[h]) == i and gid in plan:
            probs = tuple(F(int(a == plan[gid])) for a in range(len(kids)))
        else:
            probs = flat[gid]
    return sum((x * _value(g, c, i, profile, plan) for x, c in zip(probs, kids) if x), F(0))


def _below(g, gid):
    """Global ids of the mover's sets with a node strictly below a node of set gid."""
    s = g.infoset(gid)
    out, stack = set(), [c for h in s.nodes for c in g.children(h)]
    while stack:
        h = stack.pop()
        if g.kind(h) == "decision" and int(g.node_player[h]) == s.player:
            out.add(int(g.node_infoset[h]))
        stack.extend(g.children(h))
    return sorted(out)


def _action_values(g, profile, gid):
    """Per action at set gid: the best expected payoff (brute force over the mover's
    pure continuations) for the oracle's belief there."""
    s = g.infoset(gid)
    mu = _oracle_belief(g, profile, gid)
    later = _below(g, gid)
    sizes = [len(g.infoset(x).actions) for x in later]
    out = []
    for a in range(len(s.actions)):
        best = None
        for combo in itertools.product(*(range(m) for m in sizes)):
            plan = dict(zip(later, combo))
            v = sum(p * _value(g, g.children(h)[a], s.player, profile, plan)
                    for h, p in mu.items())
            best = v if best is None or v > best else best
        out.append(best)
    return out


def _reached(g, profile, gid):
    """True when play reaches set gid with positive probability."""
    flat, total = profile.flat(), F(0)
    for h in g.infoset(gid).nodes:
        p, x = h, F(1)
        while int(g.node_parent[p]) >= 0:
            q, a = int(g.node_parent[p]), int(g.node_parent_action[p])
            x *= (g.chance_probabilities(q) if g.kind(q) == "chance"
                  else flat[int(g.node_infoset[q])])[a]
            p = q
        total += x
    return total > 0


def _check_completed(g, profile, *, every_set=False):
    """Every own-unreached set plays the first optimal action; with every_set, also every
    set reached with positive probability plays only optimal actions (Bayes' rule)."""
    unreached = set(own_unreached_sets(g, profile))
    gids = range(g.n_infosets) if every_set else sorted(unreached)
    flat = profile.flat()
    checked = 0
    for gid in gids:
        if gid not in unreached and not _reached(g, profile, gid):
            continue               # own play reaches it, the others' does not: not completed
        vals = _action_values(g, profile, gid)
        best = max(vals)
        pr = flat[gid]
        if gid in unreached:
            first = vals.index(best)
            assert pr == tuple(F(int(a == first)) for a in range(len(pr))), (gid, vals, pr)
        else:                      # on the path: every action played is optimal
            assert all(v == best for v, x in zip(vals, pr) if x), (gid, vals, pr)
        checked += 1
    return checked


# ------------------------------------------------------------------ random trees
def hidden_type_tree(seed: int, players=("P1",), depth=3):
    """A random perfect-recall tree: chance draws a hidden type; then, by public
    history, single moves, public chance moves (type-dependent probabilities) and
    simultaneous moves (two players).  A player's information set is the public
    history he has seen, so it pools the types (and a simultaneous partner's move)."""
    shape = random.Random(seed)
    plan: dict = {}

    def step(hist):
        if hist not in plan:
            r = shape.random()
            if len(hist) >= depth or (hist and r < 0.15):
                plan[hist] = ("end",)
            elif r < 0.35:
                plan[hist] = ("chance",)
            elif r < 0.75 or len(players) == 1:
                plan[hist] = ("move", shape.randrange(len(players)))
            else:
                plan[hist] = ("sim", *shape.sample(range(len(players)), 2))
        return plan[hist]

    pay = random.Random(seed + 1)
    b = TreeBuilder(players)
    types = b.chance({"t0": F(1, 3), "t1": F(2, 3)}, label="type")

    def grow(parent, hist, t):
        kind = step(hist)
        if kind[0] == "end":
            b.terminal(parent, payoffs=tuple(pay.randint(0, 6) for _ in players))
        elif kind[0] == "chance":
            p = F(pay.choice([1, 2, 3]), 4)
            c = b.chance({"x": p, "y": 1 - p}, parent=parent)
            for o in ("x", "y"):
                grow(c[o], hist + (o,), t)
        elif kind[0] == "move":
            n = b.decision(kind[1], ("a", "b"), parent=parent, infoset=repr(hist))
            for o in ("a", "b"):
                grow(n[o], hist + (o,), t)
        else:
            n = b.decision(kind[1], ("a", "b"), parent=parent, infoset=repr(hist))
            for o in ("a", "b"):
                m = b.decision(kind[2], ("c", "d"), parent=n[o], infoset=repr(hist) + " sim")
                for o2 in ("c", "d"):
                    grow(m[o2], hist + (o, o2), t)

    for t in ("t0", "t1"):
        grow(types[t], (), t)
    return b.build()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_one_player_spe_is_sequentially_rational_at_every_set(seed):
    g = hidden_type_tree(seed)
    assert g.perfect_recall()[0]
    sol = subgame_perfect(g)
    assert len(sol.equilibria) >= 1
    for e in sol.equilibria:
        assert e.regret == (0,)
        # chance moves have positive probability: every set is reached or own-excluded
        assert _check_completed(g, e.profile, every_set=True) == g.n_infosets


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_two_player_equilibria_are_completed_at_own_unreached_sets(seed):
    g = hidden_type_tree(seed, players=("P1", "P2"), depth=2)
    assert g.perfect_recall()[0]
    for sol in (subgame_perfect(g), solve(g, method="enumerate")):
        assert len(sol.equilibria) >= 1
        for e in sol.equilibria:
            assert e.regret == (0, 0)
            if completion(g, e.profile).settled:
                _check_completed(g, e.profile, every_set=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 10**6))
def test_completion_keeps_payoffs_and_regrets_of_any_profile(data, seed):
    g = hidden_type_tree(seed, players=("P1", "P2"), depth=2)
    prof = random_behavior(g, lambda n: data.draw(
        st.lists(st.integers(0, 2), min_size=n, max_size=n).filter(any)))
    done = complete_profile(g, prof)
    from solver.forms.extensive.behavior import behavior_payoffs
    assert behavior_payoffs(g, done) == behavior_payoffs(g, prof)
    assert behavior_regret(g, done) == behavior_regret(g, prof)
    changed = {k for k, (x, y) in enumerate(zip(prof.flat(), done.flat())) if x != y}
    assert changed <= set(own_unreached_sets(g, prof))
    assert own_unreached_sets(g, done) == own_unreached_sets(g, prof)
    assert complete_profile(g, done) == done or not completion(g, prof).settled


# ------------------------------------------------------------------ the belief convention
def two_trembles(u_prob):
    """P2 ends the game (x) or lets P1 move at a set A pooling "after y" and "after w,
    then chance u".  P1 stops or goes on to set B (same pooling): l or r."""
    b = TreeBuilder(("P1", "P2"))
    root = b.decision("P2", ("x", "y", "w"), infoset="P2")
    b.terminal(root["x"], payoffs=(0, 10))
    c = b.chance({"u": u_prob, "v": 1 - u_prob}, parent=root["w"])
    b.terminal(c["v"], payoffs=(0, 0))
    for parent, (l, r) in ((root["y"], (0, 3)), (c["u"], (5, 0))):
        a = b.decision("P1", ("Stop", "Go"), parent=parent, infoset="A")
        b.terminal(a["Stop"], payoffs=(1, 0))
        n = b.decision("P1", ("l", "r"), parent=a["Go"], infoset="B")
        b.terminal(n["l"], payoffs=(l, 0))
        b.terminal(n["r"], payoffs=(r, 0))
    return b.build()


@pytest.mark.parametrize("u_prob, belief", [(F(1, 2), (F(2, 3), F(1, 3))), (F(0), (1, 0))])
def test_unreached_by_the_others_too_uses_the_fewest_trembles(u_prob, belief):
    # B is excluded by P1's own Stop, and by P2's x.  Each node of B follows one
    # zero-probability move of P2; after w the chance move u (probability 1/2) weighs
    # the second node: belief (2/3, 1/3), so r (2) beats l (5/3), although a uniform
    # belief would pick l (5/2 against 3/2).  With u of probability 0 the second node
    # needs two "trembles" and the belief is the point mass on the first: r again.
    g = two_trembles(u_prob)
    prof = BehaviorProfile.from_game(g, [[(1, 0), (F(1, 2), F(1, 2))], [(1, 0, 0)]])
    assert certify_behavior(g, prof).regret == (0, 0)
    p1_sets = [s for s in g.infosets[0]]
    b_id = next(k for k, s in enumerate(p1_sets) if s.label == "B")
    a_id = next(k for k, s in enumerate(p1_sets) if s.label == "A")
    assert own_unreached_sets(g, prof) == (b_id,)
    mu = completion_beliefs(g, prof, b_id)
    nodes = g.infoset(b_id).nodes
    assert tuple(mu.get(h, 0) for h in nodes) == belief
    done = complete_profile(g, prof)
    assert done.probabilities[0][b_id] == (0, 1)
    assert done.probabilities[0][a_id] == (1, 0)          # A is reached by P1's own play: kept
    assert certify_behavior(g, done).regret == (0, 0)
    _check_completed(g, done)


def _float_tree(c, d):
    b = TreeBuilder(("P",))
    r = b.decision("P", ("a", "b"))
    n = b.decision("P", ("c", "d"), parent=r["a"])
    b.terminal(r["b"], payoffs=(1.5,))
    b.terminal(n["c"], payoffs=(c,))
    b.terminal(n["d"], payoffs=(d,))
    return b.build()


@pytest.mark.parametrize("c, d, choice", [(0.1, 0.2, (0.0, 1.0)),        # d better by 0.1
                                          (0.2 + 1e-13, 0.2, (1.0, 0.0)),  # c first (and larger)
                                          (0.2, 0.2 + 1e-13, (1.0, 0.0))])  # tie within tolerance
def test_float_game_and_float_profile(c, d, choice):
    g = _float_tree(c, d)
    assert not g.exact
    done = completion(g, BehaviorProfile.from_game(g, [[(0.0, 1.0), (0.5, 0.5)]]))
    assert done.completed == (1,)
    assert done.profile.probabilities[0][1] == choice
    # a float profile of an exact game gets float choices
    w = concrete("waning-resolve")
    prof = BehaviorProfile.from_game(w, [[], [(0.0, 1.0), (0.0, 1.0), (1.0, 0.0)] + [(0.5, 0.5)] * (HORIZON - 3)])
    out = complete_profile(w, prof)
    assert out.probabilities[1][3:] == ((1.0, 0.0),) * (HORIZON - 3)
    assert all(isinstance(x, float) for x in out.probabilities[1][HORIZON - 1])


def off_path_pennies():
    """P2 stops (1 to P2) or goes on; then P1 takes his outside option (1 to P1) or
    plays matching pennies with P2, who does not see P1's coin.  Both coin sets are
    excluded by their movers' own first moves when P2 stops and P1 opts out."""
    b = TreeBuilder(("P1", "P2"))
    root = b.decision("P2", ("Stop", "Go"), infoset="P2 first")
    b.terminal(root["Stop"], payoffs=(0, 1))
    first = b.decision("P1", ("Out", "In"), parent=root["Go"], infoset="P1 first")
    b.terminal(first["Out"], payoffs=(1, 0))
    coin = b.decision("P1", ("H", "T"), parent=first["In"], infoset="P1 coin")
    for a in ("H", "T"):
        guess = b.decision("P2", ("h", "t"), parent=coin[a], infoset="P2 coin")
        for c in ("h", "t"):
            b.terminal(guess[c], payoffs=(2, 0) if a.lower() == c else (0, 2))
    return b.build()


def test_off_path_matching_pennies_has_no_pure_completion_and_says_so():
    g = off_path_pennies()
    prof = BehaviorProfile.from_game(g, [[(1, 0), (1, 0)], [(1, 0), (1, 0)]])
    assert certify_behavior(g, prof).regret == (0, 0)
    done = completion(g, prof, max_rounds=7)
    assert done.completed == (1, 3)                 # P1 coin, P2 coin
    assert not done.settled and done.rounds == 7
    assert certify_behavior(g, done.profile).regret == (0, 0)
    sol = solve(g, method="enumerate")
    assert len(sol.equilibria) >= 1
    assert all(e.regret == (0, 0) for e in sol.equilibria)
    assert any("kept changing" in n for n in sol.notes)
    spe = subgame_perfect(g)     # the coin game is a subgame: solved there, all settled
    assert not any("kept changing" in n for n in spe.notes)
    assert all(e.profile["P1"][1] == {"H": F(1, 2), "T": F(1, 2)} for e in spe.equilibria)


def test_sequence_form_completes_too():
    g = concrete("waning-resolve")
    sol = solve(g, method="sequence-form")
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert eq.regret == (0, 0)
    assert [r["Accept"] for r in eq.profile["Russia"]] == [0, 0] + [1] * (HORIZON - 2)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_sequence_form_equilibria_are_completed_on_random_trees(seed):
    g = hidden_type_tree(seed, players=("P1", "P2"), depth=2)
    sol = solve(g, method="sequence-form")
    assert len(sol.equilibria) == 1
    e = sol.equilibria[0]
    assert all(x == 0 for x in e.regret)
    if sol.exact and completion(g, e.profile).settled:
        _check_completed(g, e.profile, every_set=True)
