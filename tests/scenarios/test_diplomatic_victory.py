"""diplomatic-victory: the headline game, the DV offer made and refused on the path of play
(Fearon 1995, private information; perfect Bayesian equilibrium)."""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver.analysis.beliefs import beliefs, perfect_bayesian, realization_probabilities
from solver.analysis.parametric import thresholds

NAME = "diplomatic-victory"
RUSSIA_SETS = ("DV | Maximalist", "DV | Limited", "Enhanced | Maximalist", "Enhanced | Limited")


# ---------------------------------------------------------------- closed form (oracle)
def oracle(v):
    """Each type's answer to each offer and the West's best offer, by hand (Fearon 1995):
    a type with war share p_t declines an offer worth y iff p_t - c_R > y."""
    war = {"Maximalist": v["p"], "Limited": v["p_L"]}
    terms = {"DV": (v["x"], v["s"]), "Enhanced": (v["x_enh"], v["s_enh"])}
    answer = {}
    for offer, (x, s) in terms.items():
        for kind, p_t in war.items():
            answer[offer, kind] = "Decline" if p_t - v["c_R"] > x + v["kappa"] * s else "Accept"
    prior = {"Maximalist": v["pi"], "Limited": 1 - v["pi"]}

    def west(offer):
        total = F(0)
        for kind, q in prior.items():
            war_w = 1 - war[kind] - v["c_W"]
            if offer == "No offer" or answer[offer, kind] == "Decline":
                total += q * war_w
            else:
                x, s = terms[offer]
                total += q * (1 - x - v["lam"] * s)
        return total
    values = {o: west(o) for o in ("DV", "Enhanced", "No offer")}
    return answer, values


DEFAULTS = {k: F(v) for k, v in games.get(NAME).parameters.items()}


def test_registered_with_the_labels_of_the_contract():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["p", "c_R", "c_W", "x", "s", "kappa", "x_enh",
                                              "s_enh", "lam", "pi", "p_L"]
    assert e.mechanism and e.literature.startswith("Fearon 1995") and e.lever
    g = games.get(NAME)
    assert g.players == ("West", "Russia")
    assert [s.label for s in g.infosets[0]] == ["West"]
    assert len(g.infosets[0][0].nodes) == 2                   # the West does not see the aims
    assert sorted(s.label for s in g.infosets[1]) == sorted(RUSSIA_SETS)
    assert g.label(g.root) == "Aims" and g.actions(g.root) == ("Maximalist", "Limited")
    assert DEFAULTS["pi"] == F(3, 10) and DEFAULTS["p_L"] == F(1, 2)


def test_the_offer_is_made_and_a_maximalist_declines_it_on_the_path():
    g = games.get(NAME)
    sol = solver.solve(g)
    assert sol.exact and sol.complete
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert eq.action("West", "West") == "DV"
    assert [eq.action("Russia", s) for s in RUSSIA_SETS] == ["Decline", "Accept", "Accept",
                                                             "Accept"]
    assert eq.payoffs == (F(109, 200), F(83, 200))            # 0.545 for the West
    # the refusal is on the path: it happens with probability pi
    concrete = g.substitute(defaults=True)
    reach = realization_probabilities(concrete, eq.profile)
    declined = [h for h in range(concrete.n_nodes)
                if concrete.outcome(h) and concrete.outcome(h).label == "DV declined: war"]
    assert len(declined) == 2
    assert sorted(reach[h] for h in declined) == [0, F(3, 10)]


def test_perfect_bayesian_with_the_refusal_revealing_the_type():
    g = games.get(NAME).substitute(defaults=True)
    eq = solver.solve(g).equilibria[0]
    check = perfect_bayesian(g, eq.profile)
    assert check.is_pbe and check.consistent and check.violations == ()
    west = g.infosets[0][0]
    b = beliefs(g, eq.profile)[west.index]
    assert [b[h] for h in west.nodes] == [F(3, 10), F(7, 10)]   # the prior: nothing seen yet
    text = str(games.explain(NAME))
    assert "Decline reveals the Maximalist type: posterior 1" in text


def test_the_wests_values_are_those_of_the_closed_form():
    answer, values = oracle(DEFAULTS)
    assert values == {"DV": F(109, 200), "Enhanced": F(21, 40), "No offer": F(37, 100)}
    assert answer["DV", "Maximalist"] == "Decline" and answer["DV", "Limited"] == "Accept"


share = st.fractions(min_value=0, max_value=1, max_denominator=40)


@settings(max_examples=40, deadline=None)
@given(st.fixed_dictionaries({k: share for k in ("p", "p_L", "c_R", "c_W", "x", "s", "kappa",
                                                  "x_enh", "s_enh", "lam", "pi")}))
def test_closed_form_at_random_parameters(v):
    answer, values = oracle(v)
    war = {"Maximalist": v["p"], "Limited": v["p_L"]}
    ties = any(war[k] - v["c_R"] == (v[x] + v["kappa"] * v[s])
               for k in war for x, s in (("x", "s"), ("x_enh", "s_enh")))
    best = max(values.values())
    if ties or sum(1 for u in values.values() if u == best) > 1:
        return                                              # ties make several equilibria
    sol = solver.solve(games.get(NAME, **v))
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    for (offer, kind), want in answer.items():
        assert eq.action("Russia", f"{offer} | {kind}") == want
    assert eq.action("West", "West") == max(values, key=values.get)
    assert eq.payoffs[0] == best


@pytest.mark.parametrize("param, value, player, at, change", [
    ("pi", F(5, 14), "West", "West", ("DV", "Enhanced")),
    ("s", F(3, 10), "Russia", "DV | Maximalist", ("Decline", "Accept")),
    ("kappa", F(3, 4), "Russia", "DV | Maximalist", ("Decline", "Accept")),
    ("x", F(7, 20), "Russia", "DV | Maximalist", ("Decline", "Accept")),
])
def test_the_thresholds_of_the_specification(param, value, player, at, change):
    res = thresholds(games.get(NAME), param)
    flips = [(t.value, t.from_, t.to) for t in res if (t.player, t.at) == (player, at)]
    assert len(flips) == 1
    assert flips[0] == (value, *change)
