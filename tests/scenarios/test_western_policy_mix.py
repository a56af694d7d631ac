"""western-policy-mix: seed 002's policy table as a 16x3 game with attribute payoffs
whose effect sizes are parameters (effects from the other scenario games; Gibbons 1992,
sec. 1.1.B for iterated elimination of strictly dominated strategies)."""
from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy

import games
import solver
from games.scenarios import western_policy_mix as wpm
from solver.algorithms.dominance import iterated_dominance
from solver.errors import GameError

NAME = "western-policy-mix"
FULL = "Sanctions+Military+Diplomacy+Energy"
DEFAULTS = {"p": F(3, 5), "c_R": F(3, 20), "c_W": F(1, 10), "x": F(3, 10), "s": F(1, 5),
            "kappa": F(1, 2), "lam": F(1, 4), "c_S": F(3, 20), "beta": F(4, 5)}
#: The effect sizes, formerly constants of the module, now parameters (same values).
EFFECT_DEFAULTS = {
    "aid_shift": F(1, 10), "aid_cost": F(1, 25), "p_D": F(1, 4), "deployment": F(1, 5),
    "escalation_gain": F(1, 10), "confrontation_R": F(1, 5), "confrontation_W": F(3, 5),
    "mobilisation": F(1, 25), "energy_weapon": F(1, 20), "dependence": F(1, 20),
    "energy_cost": F(1, 50), "sanctions_bite": F(1, 10), "energy_share": F(2, 3),
    "retaliation": F(1, 20), "power_shift": F(1, 20), "talks_credibility": F(1, 5),
    "safeguards": F(3, 100), "insight": F(1, 50), "talks_cost": F(1, 100)}


# ----------------------------------------------------------------- test oracles
def west_keeps_sanctions(c_S, beta, sanctions_bite=F(1, 10), energy_share=F(2, 3)) -> bool:
    """With energy diversified the blowback is c_S*(1 - energy_share); sanctions pay iff
    beta*sanctions_bite > c_S*(1 - energy_share) (the module docstring's closed form:
    sanctions-coercion's credibility condition)."""
    return beta * sanctions_bite > c_S * (1 - energy_share)


def russia_negotiates(p, c_R, x, s, kappa, sanctions=True, power_shift=F(1, 20),
                      talks_credibility=F(1, 5), aid_shift=F(1, 10),
                      sanctions_bite=F(1, 10)) -> bool:
    """Against the full mix (or the mix without sanctions): the deal, with the post-ceasefire
    shift, talks' assurance and phased sanctions, against holding on with aid and
    sanctions."""
    sigma = sanctions_bite if sanctions else 0
    deal = x - power_shift + (kappa + talks_credibility) * s - sigma / 2
    hold = p - aid_shift - c_R - sigma
    assert deal != hold
    return deal > hold


def only(sol):
    assert len(sol.equilibria) == 1
    e = sol.equilibria[0]
    (w,) = [k for k, v in e.strategies[0].items() if v == 1]
    (r,) = [k for k, v in e.strategies[1].items() if v == 1]
    return w, r


# ----------------------------------------------------------------------- tests
def test_registered_with_parameters():
    e = games.entry(NAME)
    assert len(e.parameters) == len(DEFAULTS) + len(EFFECT_DEFAULTS) == 28
    assert [p.name for p in e.parameters] == list(DEFAULTS) + list(EFFECT_DEFAULTS)
    assert all("seed 00" in p.source for p in e.parameters)
    assert all(p.meaning and p.range is not None for p in e.parameters)
    assert all(p.range[0] <= p.value <= p.range[1] for p in e.parameters)
    assert e.mechanism and e.literature and e.lever
    assert tuple(wpm.EFFECTS) == tuple(EFFECT_DEFAULTS)
    assert wpm.EFFECT_PARAMETERS == tuple(wpm.EFFECTS.values())
    # the shared Parameter objects are reused, not redefined
    from games.scenarios import baseline, sanctions_coercion
    assert e.parameters[0] is baseline.P and e.parameters[7] is sanctions_coercion.C_S
    g = games.get(NAME)
    assert g.players == ("West", "Russia")
    assert g.shape == (16, 3)
    assert g.strategies[0][0] == "None" and g.strategies[0][-1] == FULL
    assert "Sanctions+Military" in g.strategies[0]
    assert len(set(g.strategies[0])) == 16
    assert g.strategies[1] == ("Escalate", "Hold", "Negotiate")
    assert g.parameters == {**DEFAULTS, **EFFECT_DEFAULTS}


def test_payoffs_come_from_the_attribute_model():
    g = games.get(NAME)
    i, j = g.strategies[0].index("None"), g.strategies[1].index("Negotiate")
    p, c_R, x, s, kappa, lam = sympy.symbols("p c_R x s kappa lam")
    # no policy: the offer of seed 002 (x + kappa*s) against the war value p - c_R
    assert sympy.simplify(g.payoff_tensor[1][i, j] - (x + kappa * s)) == 0
    assert sympy.simplify(g.payoff_tensor[1][i, 1] - (p - c_R)) == 0
    # the West: 1 - x - lam*s, less its energy dependence
    dependence = sympy.Symbol("dependence")
    assert sympy.simplify(g.payoff_tensor[0][i, j] - (1 - x - lam * s - dependence)) == 0
    model = wpm.attribute_model()
    assert model.players == ("West", "Russia")
    k = g.strategies[0].index(FULL)
    pay = model.payoffs(wpm.cell_outcome(wpm.POLICIES, "Hold"))
    assert all(sympy.simplify(a - b) == 0 for a, b in zip(pay, (g.payoff_tensor[0][k, 1],
                                                               g.payoff_tensor[1][k, 1])))


def test_default_equilibrium():
    sol = solver.solve(games.get(NAME))
    assert sol.exact and sol.complete
    assert only(sol) == (FULL, "Negotiate")
    assert sol.equilibria[0].payoffs == (F(27, 40), F(17, 50))


def test_dominance_trace():
    game = games.get(NAME).substitute({}, defaults=True)
    res = iterated_dominance(game)
    steps = res.steps
    assert len(steps) == 17
    assert res.remaining == ((FULL,), ("Negotiate",))
    by_round = {}
    for st in steps:
        by_round.setdefault(st.round, []).append(st)
        assert not st.weak and st.margin > 0
        assert len(st.dominated_by) == 1            # every step is a pure dominance
    assert sorted(by_round) == [1, 2, 3, 4]
    # round 1: every mix lacking Energy or Diplomacy goes, for a mix that has both
    r1 = by_round[1]
    assert len(r1) == 12 and {st.player for st in r1} == {"West"}
    for st in r1:
        assert not {"Energy", "Diplomacy"} <= set(st.strategy.split("+"))
        (by,) = st.dominated_by
        assert {"Energy", "Diplomacy"} <= set(by.split("+"))
    # round 2: without the energy weapon, Escalate is dominated by Hold
    (r2,) = by_round[2]
    assert (r2.player, r2.strategy, r2.dominated_by) == ("Russia", "Escalate", {"Hold": 1})
    # round 3: against Hold and Negotiate, Sanctions and Military both pay
    r3 = by_round[3]
    assert sorted(st.strategy for st in r3) == ["Diplomacy+Energy", "Military+Diplomacy+Energy",
                                                "Sanctions+Diplomacy+Energy"]
    assert all(st.dominated_by == {FULL: 1} for st in r3)
    # round 4: against the full mix, Hold (1/4) is dominated by Negotiate (17/50)
    (r4,) = by_round[4]
    assert (r4.player, r4.strategy, r4.dominated_by) == ("Russia", "Hold", {"Negotiate": 1})
    assert r4.margin == F(17, 50) - F(1, 4)


def test_dominance_solve_agrees_with_enumeration():
    game = games.get(NAME)
    dom = solver.solve(game, method="dominance")
    assert dom.complete and len(dom.trace) == 17
    assert only(dom) == only(solver.solve(game, method="enumerate"))


# Each solve substitutes 28 parameters (about 0.3 s), so the grids keep a few points on
# each side of the thresholds by default and the rest under the "slow" mark.
GRID_C_S = [F(1, 20), F(3, 20), F(1, 5), F(23, 100), F(1, 4), F(3, 10), F(3, 5)]
GRID_BETA = [F(4, 5), pytest.param(F(3, 10), marks=pytest.mark.slow),
             pytest.param(F(1, 2), marks=pytest.mark.slow), pytest.param(F(1), marks=pytest.mark.slow)]


@pytest.mark.parametrize("beta", GRID_BETA)
def test_sanctions_rule_on_grid(beta):
    for c_S in GRID_C_S:
        if beta * F(1, 10) == c_S / 3:                 # the West is indifferent: skip the tie
            continue
        w, r = only(solver.solve(games.get(NAME, c_S=c_S, beta=beta)))
        keep = west_keeps_sanctions(c_S, beta)
        assert w == (FULL if keep else "Military+Diplomacy+Energy"), (c_S, beta)
        assert r == ("Negotiate" if russia_negotiates(F(3, 5), F(3, 20), F(3, 10), F(1, 5), F(1, 2),
                                                      sanctions=keep) else "Hold")


GRID_P = [F(3, 10), F(1, 2), F(3, 5), F(17, 25), F(7, 10), F(4, 5), F(1)]
GRID_KAPPA = [F(1, 2), F(3, 50), pytest.param(F(0), marks=pytest.mark.slow),
              pytest.param(F(1, 25), marks=pytest.mark.slow),
              pytest.param(F(1), marks=pytest.mark.slow)]


@pytest.mark.parametrize("kappa", GRID_KAPPA)
def test_russia_rule_on_grid(kappa):
    for p in GRID_P:
        w, r = only(solver.solve(games.get(NAME, p=p, kappa=kappa)))
        assert w == FULL                                # the mix pays against Hold and Negotiate
        want = "Negotiate" if russia_negotiates(p, F(3, 20), F(3, 10), F(1, 5), kappa) else "Hold"
        assert r == want, (p, kappa)


@pytest.mark.parametrize("param,value,player,before,after", [
    ("c_S", F(6, 25), "West", FULL, "Military+Diplomacy+Energy"),
    ("beta", F(1, 2), "West", "Military+Diplomacy+Energy", FULL),
    ("p", F(69, 100), "Russia", "Negotiate", "Hold"),
    ("kappa", F(1, 20), "Russia", "Hold", "Negotiate"),
])
def test_thresholds(param, value, player, before, after):
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), param)
    assert len(res.thresholds) == 1
    t = res.thresholds[0]
    assert (t.value, t.player, t.from_, t.to) == (value, player, before, after)


def test_explanation_gives_the_dominance_trace():
    text = str(solver.explain(solver.solve(games.get(NAME), method="dominance")))
    text = " ".join(text.split())                       # undo the line wrapping
    assert "Round 1" in text and "Round 4" in text
    assert "Escalate is strictly dominated by Hold" in text
    assert "Hold is strictly dominated by Negotiate" in text
    assert "17/50 > 1/4" in text                        # the decisive comparison of round 4
    assert FULL in text and "dominance solvable" in text


# ------------------------------------------------ the effect sizes as parameters
GRID_BITE = [F(1, 20), F(3, 50), F(1, 10), F(1, 5)]
GRID_SHARE = [F(2, 3), pytest.param(F(0), marks=pytest.mark.slow),
              pytest.param(F(1, 2), marks=pytest.mark.slow), pytest.param(F(1), marks=pytest.mark.slow)]


@pytest.mark.parametrize("energy_share", GRID_SHARE)
def test_sanctions_rule_with_effect_sizes_on_grid(energy_share):
    beta, c_S = F(4, 5), F(3, 20)
    for bite in GRID_BITE:
        if beta * bite == c_S * (1 - energy_share):
            continue
        w, r = only(solver.solve(games.get(NAME, sanctions_bite=bite,
                                           energy_share=energy_share)))
        keep = west_keeps_sanctions(c_S, beta, bite, energy_share)
        assert w == (FULL if keep else "Military+Diplomacy+Energy"), (bite, energy_share)
        want = russia_negotiates(F(3, 5), F(3, 20), F(3, 10), F(1, 5), F(1, 2), sanctions=keep,
                                 sanctions_bite=bite)
        assert r == ("Negotiate" if want else "Hold")


@pytest.mark.parametrize("talks", [F(1, 5), pytest.param(F(0), marks=pytest.mark.slow),
                                   pytest.param(F(2, 5), marks=pytest.mark.slow)])
def test_russia_rule_with_effect_sizes_on_grid(talks):
    """Against the full mix, Russia negotiates iff x - power_shift + (kappa + talks)*s
    - bite/2 > p - aid_shift - c_R - bite (where the West keeps the full mix)."""
    checked = 0
    for power_shift in [F(1, 20), F(3, 20)]:
        for aid in [F(0), F(1, 10), F(1, 5)]:
            deal = F(3, 10) - power_shift + (F(1, 2) + talks) * F(1, 5) - F(1, 20)
            hold = F(3, 5) - aid - F(3, 20) - F(1, 10)
            if deal == hold:
                continue
            sol = solver.solve(games.get(NAME, power_shift=power_shift, talks_credibility=talks,
                                         aid_shift=aid))
            e = sol.equilibria[0]
            if len(sol.equilibria) != 1 or e.strategies[0].get(FULL) != 1:
                continue                            # the West's mix itself changes
            assert only(sol)[1] == ("Negotiate" if deal > hold else "Hold"), \
                (power_shift, talks, aid)
            checked += 1
    assert checked >= 2


@pytest.mark.parametrize("param,value,player,before,after", [
    ("sanctions_bite", F(1, 16), "West", "Military+Diplomacy+Energy", FULL),
    ("energy_share", F(7, 15), "West", "Military+Diplomacy+Energy", FULL),
    pytest.param("talks_cost", F(3, 100), "West", FULL, "Sanctions+Military+Energy",
                 marks=pytest.mark.slow),
    pytest.param("aid_cost", F(1, 20), "West", FULL, "Sanctions+Diplomacy+Energy",
                 marks=pytest.mark.slow),
])
def test_effect_size_thresholds(param, value, player, before, after):
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), param)
    assert len(res.thresholds) == 1
    t = res.thresholds[0]
    assert (t.value, t.player, t.from_, t.to) == (value, player, before, after)


def test_power_shift_thresholds():
    """A small shift makes military aid useless to the West in a deal (1/25); a large one
    makes the deal too costly for Russia (7/50 = x + (kappa + talks)*s - 0.05 - 0.25)."""
    parametric = pytest.importorskip("solver.analysis.parametric")
    res = parametric.thresholds(games.get(NAME), "power_shift")
    assert len(res.thresholds) == 2
    a, b = res.thresholds
    assert (a.value, a.player, a.from_, a.to) == (F(1, 25), "West", "Sanctions+Diplomacy+Energy",
                                                  FULL)
    assert (b.value, b.player, b.from_, b.to) == (F(7, 50), "Russia", "Negotiate", "Hold")


def test_deployment_changes_the_confrontation_probability():
    """p_D + deployment*(1 - p_D)*M: 0.25 without deployment, 0.40 with it."""
    v = {name: sympy.Symbol(name) for name in ("p_D", "deployment")}
    out = wpm.cell_outcome(("Military",), "Escalate")
    at = {v["p_D"]: sympy.Rational(1, 4), v["deployment"]: sympy.Rational(1, 5)}
    assert out["confrontation"].subs(at) == sympy.Rational(2, 5)
    assert wpm.cell_outcome((), "Escalate")["confrontation"].subs(at) == sympy.Rational(1, 4)


def test_bad_overrides():
    with pytest.raises(GameError, match="no parameter 'sanctions'"):
        games.get(NAME, sanctions="0.1")
    with pytest.raises(GameError, match="c_S.*outside its range"):
        games.get(NAME, c_S="2")
    with pytest.raises(GameError, match="beta.*outside its range"):
        games.get(NAME, beta="-0.1")
    with pytest.raises(GameError, match="no parameter 'sigma'"):
        games.get(NAME, sigma="0.1")
    with pytest.raises(GameError, match="deployment.*outside its range"):
        games.get(NAME, deployment="1.5")
    with pytest.raises(GameError, match="energy_share.*outside its range"):
        games.get(NAME, energy_share="-1/3")
