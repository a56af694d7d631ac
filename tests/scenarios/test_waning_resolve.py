"""waning-resolve: Russia holds out iff delta*mu*h*(V - x) > c + (1 - delta)*x, and the
tree's horizon never binds within the parameters' ranges (war of attrition with learning;
Fudenberg and Tirole 1986)."""
from __future__ import annotations

import math
from fractions import Fraction as F

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import games
import solver
from games.scenarios.waning_resolve import HORIZON
from solver.errors import GameError

NAME = "waning-resolve"
DEFAULTS = dict(x=F(2, 5), c=F(1, 20), delta=F(19, 20), mu0=F(3, 5), h=F(1, 4), V=F(1))


# --------------------------------------------------------------------- oracles
def holds_out(mu, x, c, delta, h, V) -> bool:
    """The closed form: hold out iff delta*mu*h*(V - x) > c + (1 - delta)*x."""
    return delta * mu * h * (V - x) > c + (1 - delta) * x


def tied(mu, x, c, delta, h, V) -> bool:
    return delta * mu * h * (V - x) == c + (1 - delta) * x


def next_belief(mu, h):
    """Bayes' rule after a period in which the West did not quit."""
    return mu * (1 - h) / (mu * (1 - h) + 1 - mu)


def stopping_period(x, c, delta, mu0, h, V):
    """(first period in which Russia accepts, or None if it holds out to the horizon; whether
    the rule is tied at some period up to then)."""
    mu, tie = mu0, False
    for t in range(HORIZON):
        tie = tie or tied(mu, x, c, delta, h, V)
        if not holds_out(mu, x, c, delta, h, V):
            return t, tie
        mu = next_belief(mu, h)
    return None, tie


def plan_value(k, x, c, delta, mu0, h, V):
    """Russia's expected payoff from holding out in periods 0..k-1 and accepting in k."""
    def cost(t):
        return sum(c * delta ** i for i in range(t))
    wavering = sum((1 - h) ** j * h * (delta ** (j + 1) * V - cost(j + 1)) for j in range(k))
    settle = delta ** k * x - cost(k)
    return mu0 * (wavering + (1 - h) ** k * settle) + (1 - mu0) * settle


# --------------------------------------------------------------------- helpers
def path_acceptance(eq):
    """The period in which Russia accepts on the path of play (None: never, in the tree)."""
    labels = eq.profile.infoset_labels[eq.players.index("Russia")]
    for t in range(HORIZON):
        dist = eq["Russia"][labels.index(f"period {t}")]
        if dist["Accept"] == 1:
            return t
        assert dist["Hold out"] == 1, (t, dist)      # on the path Russia does not mix
    return None


def test_registered_with_parameters():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["x", "c", "delta", "mu0", "h", "V"]
    assert all(p.source.startswith("seed 00") for p in e.parameters)
    assert e.mechanism and e.literature and e.lever
    ranges = {p.name: p.range for p in e.parameters}
    assert ranges["mu0"] == (0, F(9, 10)) and ranges["c"] == (F(1, 25), 1)
    assert HORIZON == 28
    g = games.get(NAME)
    assert g.players == ("West", "Russia")
    assert g.parameters == DEFAULTS
    # one information set per period, each pooling the Wavering and the Resolute branch
    assert [s.label for s in g.infosets[1]] == [f"period {t}" for t in range(HORIZON)]
    assert all(len(s.nodes) == 2 for s in g.infosets[1])
    assert g.infosets[0] == ()                        # the West's types act through chance


def test_default_equilibrium_accepts_in_period_2():
    sol = solver.solve(games.get(NAME))
    assert sol.exact and sol.complete
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert path_acceptance(eq) == 2        # periods numbered from 0: the third decision
    assert eq.payoffs[1] == plan_value(2, **DEFAULTS) == F(67183, 160000)
    # the West: (1 - x) discounted, unless it quits (then 1 - V = 0)
    mu0, h, d, x = DEFAULTS["mu0"], DEFAULTS["h"], DEFAULTS["delta"], DEFAULTS["x"]
    assert eq.payoffs[0] == (mu0 * (1 - h) ** 2 + 1 - mu0) * d ** 2 * (1 - x)


def test_beliefs_fall_by_bayes_rule():
    """0.600 -> 0.529 -> 0.458, exactly 3/5 -> 9/17 -> 27/59, computed from the tree."""
    from solver.analysis.beliefs import beliefs
    g = games.get(NAME).substitute(defaults=True)
    eq = solver.solve(g).equilibria[0]
    bel = beliefs(g, eq.profile)
    got = []
    for t in range(3):
        gid = next(k for k in range(g.n_infosets) if g.infoset(k).label == f"period {t}")
        wavering = next(h for h in g.infoset(gid).nodes if "Wavering" in g.label(h))
        got.append(bel[gid][wavering])
    assert got == [F(3, 5), F(9, 17), F(27, 59)]
    assert got[1] == next_belief(got[0], F(1, 4)) and got[2] == next_belief(got[1], F(1, 4))
    mu_star = (F(1, 20) + F(1, 20) * F(2, 5)) / (F(19, 20) * F(1, 4) * F(3, 5))
    assert mu_star == F(28, 57) and got[1] > mu_star > got[2]


# ------------------------------------------------------------------ the horizon
def horizon_bound(c, h) -> int:
    """ceil(ln(9(h - c)/c) / ln(1/(1 - h))): by then the odds of a Wavering West, at most
    9 (1 - h)**t, are below c/(h - c), the odds at c/h <= mu* (module Notes)."""
    if h <= c:
        return 0
    return max(0, math.ceil(math.log(9 * (h - c) / c) / math.log(1 / (1 - h))))


def test_the_bound_on_the_acceptance_period_is_27():
    # the analytic bound over a fine grid of hazards, at the smallest cost c = 0.04
    assert max(horizon_bound(0.04, k / 10000) for k in range(1, 10000)) == 27
    # the exact rule at the worst corner of the ranges (mu0 = 0.9, c = 0.04, delta = 1,
    # x = 0, V = 1): accepted by period 27, so 28 decision periods always suffice
    worst = dict(x=F(0), c=F(1, 25), delta=F(1), mu0=F(9, 10), V=F(1))
    periods = {k: stopping_period(h=F(k, 1000), **worst)[0] for k in range(1, 1001)}
    assert None not in periods.values() and max(periods.values()) == 27 == HORIZON - 1
    assert periods[75] == 27
    assert stopping_period(h=F(3, 40), **worst)[0] <= horizon_bound(0.04, 0.075)


def test_the_worst_case_accepts_inside_the_tree():
    params = dict(x=F(0), c=F(1, 25), delta=F(1), mu0=F(9, 10), h=F(3, 40), V=F(1))
    sol = solver.solve(games.get(NAME, **params))
    assert len(sol.equilibria) == 1
    assert path_acceptance(sol.equilibria[0]) == 27          # the last period but one


def test_a_strong_prior_of_wavering_resolve():
    """The issue's case, mu0 = 0.9: Russia holds out eight times and accepts in period 8,
    a decision inside the tree, not the end of the tree."""
    params = dict(DEFAULTS, mu0=F(9, 10))
    assert stopping_period(**params) == (8, False)
    sol = solver.solve(games.get(NAME, mu0="0.9"))
    assert len(sol.equilibria) == 1
    assert path_acceptance(sol.equilibria[0]) == 8
    assert sol.equilibria[0].payoffs[1] == plan_value(8, **params)


# ------------------------------------------------------------------ the closed form
def twentieths(low, high):
    return st.integers(low, high).map(lambda k: F(k, 20))


@settings(max_examples=25, deadline=None)
@given(st.fixed_dictionaries({
    "x": twentieths(0, 20), "c": st.integers(1, 25).map(lambda k: F(k, 25)),
    "delta": twentieths(0, 20), "mu0": twentieths(0, 18), "h": twentieths(0, 20),
    "V": twentieths(0, 20)}))
@example(dict(DEFAULTS, mu0=F(9, 10)))
@example(dict(DEFAULTS, x=F(37, 77)))                      # indifferent in period 0
def test_closed_form_at_random_parameters(params):
    sol = solver.solve(games.get(NAME, **params))
    want, tie = stopping_period(**params)
    assert want is not None, params                      # the horizon never binds
    if tie:
        assert len(sol.equilibria) >= 2, params          # indifferent: several optimal plans
        return
    assert len(sol.equilibria) == 1, params
    assert path_acceptance(sol.equilibria[0]) == want, params
    assert sol.equilibria[0].payoffs[1] == plan_value(want, **params)


def test_offer_accepted_at_once():
    """Any x >= (delta*mu0*h*V - c)/(delta*mu0*h + 1 - delta) = 37/77 (0.4805) ends it at once."""
    x_star = (F(19, 20) * F(3, 5) * F(1, 4) - F(1, 20)) / (F(19, 20) * F(3, 5) * F(1, 4) + F(1, 20))
    assert x_star == F(37, 77)
    assert path_acceptance(solver.solve(games.get(NAME, x="0.49")).equilibria[0]) == 0
    assert path_acceptance(solver.solve(games.get(NAME, x="0.48")).equilibria[0]) == 1
    # a credible multi-year pledge: mu0 = 0.45 < mu* = 28/57
    assert path_acceptance(solver.solve(games.get(NAME, mu0="0.45")).equilibria[0]) == 0


@pytest.mark.parametrize("param,value,before,after,low,high", [
    ("x", F(37, 77), "Hold out", "Accept", "0.45", "0.55"),
    ("mu0", F(28, 57), "Accept", "Hold out", "0.4", "0.55"),
])
def test_thresholds_at_the_first_decision(param, value, before, after, low, high):
    """Within a window around the first decision's cut, the only flip is at period 0."""
    res = solver.thresholds(games.get(NAME), param, low=low, high=high, grid=9)
    first = [t for t in res.thresholds if t.at == "period 0"]
    assert len(first) == 1, res.to_dict()
    assert (first[0].value, first[0].player, first[0].from_, first[0].to) == \
        (value, "Russia", before, after)


@pytest.mark.slow
@pytest.mark.parametrize("param,value", [("x", F(37, 77)), ("mu0", F(28, 57)), ("h", F(35, 171))])
def test_thresholds_over_the_whole_range(param, value):
    """Over the parameter's whole range: one flip per period; period 0's is the closed form's."""
    res = solver.thresholds(games.get(NAME), param)
    first = [t for t in res.thresholds if t.at == "period 0"]
    assert len(first) == 1 and first[0].value == value, res.to_dict()


def test_explanation_names_beliefs_and_comparison():
    text = " ".join(str(games.explain(NAME)).split())      # the lines unwrapped
    assert "9/17" in text and "27/59" in text          # the beliefs, by Bayes' rule
    assert "67183/160000" in text and "2/5" in text    # period 0: holding out beats 0.40
    assert "527/2000" in text                          # period 2: accepting is worth 0.2635


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'T'"):
        games.get(NAME, T="5")
    with pytest.raises(GameError, match="mu0.*outside its range"):
        games.get(NAME, mu0="0.95")                      # the horizon would not suffice
    with pytest.raises(GameError, match="c.*outside its range"):
        games.get(NAME, c="0.01")
    with pytest.raises(GameError, match="delta.*outside its range"):
        games.get(NAME, delta="-0.5")


@pytest.mark.slow
def test_pygambit_agrees_on_the_payoffs(tmp_path):
    """pygambit's lcp on the 28-period tree (a minute or two) finds Russia's payoffs too."""
    gbt = pytest.importorskip("pygambit")
    from solver.io.efg import write_efg
    g = games.get(NAME).substitute(defaults=True)
    path = tmp_path / "waning.efg"
    path.write_text(write_efg(g))
    res = gbt.nash.lcp_solve(gbt.read_efg(str(path)), rational=True)
    assert len(res.equilibria) >= 1
    eq = res.equilibria[0]
    assert [F(str(eq.payoff(p))) for p in eq.game.players] == \
        list(solver.solve(g).equilibria[0].payoffs)
