"""Attribute payoffs and weight sensitivity (solver.forms.attributes).

Known answers: the diplomatic-victory game of shared/SCENARIOS.md section 1
(payoffs Accept: (1 - x - lam*s, x + kappa*s), war: (1 - p - c_W, p - c_R);
credibility threshold kappa* = 0.75, ir_models.md G1).
"""
from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
import sympy

from solver import solve
from solver.algorithms.backward_induction import spe
from solver.analysis.sensitivity import sensitivity
from solver.errors import GameError, InvalidGameError
from solver.forms.attributes import AttributeModel
from solver.forms.extensive.builder import TreeBuilder

DEFAULTS = {"p": "0.60", "c_R": "0.15", "c_W": "0.10", "x": "0.30", "s": "0.20",
            "kappa": "0.5", "lam": "0.25", "x_enh": "0.40", "s_enh": "0.30"}
p, c_R, c_W, x, s, kappa, lam, x_enh, s_enh = sympy.symbols("p c_R c_W x s kappa lam x_enh s_enh")


def dv_model() -> AttributeModel:
    return AttributeModel(
        ("territory", "relief", "fighting"),
        {"West": {"territory": -1, "relief": "-lam", "fighting": "-c_W"},
         "Russia": {"territory": 1, "relief": kappa, "fighting": -c_R}},
        intercepts={"West": 1})


def dv_tree(model: AttributeModel):
    b = TreeBuilder(("West", "Russia"), title="diplomatic victory (attributes)", parameters=DEFAULTS)
    war = model.payoffs({"territory": p, "fighting": 1}, b.players)
    root = b.decision("West", ("DV", "Enhanced", "No offer"))
    for offer, (xx, ss) in (("DV", (x, s)), ("Enhanced", (x_enh, s_enh))):
        node = b.decision("Russia", ("Accept", "Decline"), parent=root[offer], label=offer)
        b.terminal(node, "Accept", payoffs=model.payoffs({"territory": xx, "relief": ss}, b.players))
        b.terminal(node, "Decline", payoffs=war)
    b.terminal(root, "No offer", payoffs=war)
    return b.build()


def test_attribute_payoffs_equal_the_hand_written_ones():
    m = dv_model()
    assert m.players == ("West", "Russia")
    assert m.symbols == {"lam", "c_W", "kappa", "c_R"}
    accept = m.payoffs({"territory": x, "relief": s})
    war = m.payoffs({"territory": p, "relief": 0, "fighting": 1})
    assert len(accept) == 2 and len(war) == 2
    for got, want in zip(accept + war, (1 - x - lam * s, x + kappa * s, 1 - p - c_W, p - c_R)):
        assert sympy.simplify(got - want) == 0
    # exact numbers at the defaults: DV is worth 2/5 < 9/20 to Russia
    assert m.payoffs({"territory": "0.30", "relief": "0.20"}, ["Russia"]) == (kappa / 5 + F(3, 10),)
    concrete = AttributeModel(m.attributes, {"Russia": {"territory": 1, "relief": "0.5"}})
    assert concrete.payoffs({"territory": "0.30", "relief": "0.20"}) == (F(2, 5),)
    assert type(concrete.payoffs({"territory": "0.3"})[0]) is F
    assert m.payoff("Russia", {"territory": p, "fighting": 1}) == p - c_R


def test_tree_from_attributes_solves_like_the_scenario():
    g = dv_tree(dv_model())
    sol = spe(g.substitute(defaults=True))
    assert len(sol) == 1
    steps = {g.label(st.node) or "root": st for st in sol.trace}
    assert steps["DV"].chosen == ("Decline",)          # 0.45 > 0.40
    assert steps["Enhanced"].chosen == ("Accept",)
    assert steps["root"].chosen == ("Enhanced",)
    assert sol[0].payoffs == (F(21, 40), F(11, 20))    # (0.525, 0.55)


def test_sensitivity_finds_the_credibility_threshold():
    g = dv_tree(dv_model())
    res = sensitivity(g, ["kappa"], ranges={"kappa": (0, 1)})
    assert len(res) == 4
    first = res[0]
    assert (first.parameter, first.threshold.value, first.threshold.player, first.threshold.at,
            first.threshold.from_, first.threshold.to) == ("kappa", F(3, 4), "Russia", "DV",
                                                           "Decline", "Accept")
    assert first.current == F(1, 2) and first.distance == F(1, 2)
    assert str(first) == ("kappa (now 1/2): Russia switches from Decline to Accept at DV when "
                          "kappa rises past 3/4")
    # kappa = 1/6 is where Russia would start declining the Enhanced offer: farther away
    low = [e for e in res if e.threshold.value == F(1, 6) and e.threshold.player == "Russia"]
    assert len(low) == 1 and low[0].distance == F(2, 3)
    assert "falls below 1/6" in str(low[0])
    assert "Russia switches from Accept to Decline at Enhanced" in str(low[0])
    d = json.loads(json.dumps(res.to_dict()))
    assert d["sensitivity"][0] == {"parameter": "kappa", "current": "1/2", "distance": "1/2",
                                   "value": "3/4", "player": "Russia", "at": "DV",
                                   "from": "Decline", "to": "Accept"}


def test_sensitivity_over_all_weights_is_sorted_by_relative_distance():
    g = dv_tree(dv_model())
    res = sensitivity(g)          # every parameter, default ranges current +/- max(|v|, 1)
    dists = [float(e.distance) for e in res]
    assert dists == sorted(dists)
    names = {e.parameter for e in res}
    assert {"kappa", "c_R", "s", "x", "p"} <= names
    kappa = [e for e in res if e.parameter == "kappa" and e.threshold.at == "DV"]
    assert [e.threshold.value for e in kappa] == [F(3, 4)]
    c_r = [e for e in res if e.parameter == "c_R" and e.threshold.at == "DV"]
    assert [e.threshold.value for e in c_r] == [F(1, 5)]   # p - c_R = x + kappa*s


def test_sensitivity_with_a_builder_and_a_normal_form():
    """A prisoner's dilemma from attributes: a fine f on defection flips the dominant
    strategy at f = 2 (the temptation 5 - f and the punishment 2 - f fall below 3 and 0)."""
    def build(w):
        m = AttributeModel(("row gain", "row defects", "col gain", "col defects"),
                           {"Row": {"row gain": 1, "row defects": -w["f"]},
                            "Col": {"col gain": 1, "col defects": -w["f"]}})
        cells = {("C", "C"): {"row gain": 3, "col gain": 3},
                 ("C", "D"): {"row gain": 0, "col gain": 5, "col defects": 1},
                 ("D", "C"): {"row gain": 5, "row defects": 1, "col gain": 0},
                 ("D", "D"): {"row gain": 2, "row defects": 1, "col gain": 2, "col defects": 1}}
        return m.normal_form(("Row", "Col"), (("C", "D"), ("C", "D")), cells)
    res = sensitivity(build, weights={"f": 0}, ranges={"f": (0, 10)})
    assert [(e.threshold.value, e.threshold.player, e.threshold.from_, e.threshold.to)
            for e in res] == [(F(2), "Row", "D", "C"), (F(2), "Col", "D", "C")]
    assert res[0].distance == 2          # absolute distance when the current value is 0
    with pytest.raises(GameError, match="weights="):
        sensitivity(build)


def test_normal_form_from_outcomes():
    m = AttributeModel(("security", "cost"),
                       {"NATO": {"security": 2, "cost": -1}, "Russia": {"security": 1, "cost": "-1/2"}},
                       intercepts={"Russia": "1/4"})
    outcomes = {("Restrain", "Restrain"): {"security": 2},
                ("Restrain", "Arm"): {"security": 0},
                ("Arm", "Restrain"): {"security": 2, "cost": 1},
                ("Arm", "Arm"): {"security": 1, "cost": 1}}
    g = m.normal_form(("NATO", "Russia"), (("Restrain", "Arm"), ("Restrain", "Arm")), outcomes,
                      title="security (attributes)")
    assert g.shape == (2, 2) and g.players == ("NATO", "Russia")
    assert g.payoff(("Restrain", "Restrain")) == (F(4), F(9, 4))
    assert g.payoff(("Arm", "Arm")) == (F(1), F(3, 4))
    assert len(solve(g)) >= 1
    # cells may be given by indices; the player order may differ from the model's
    g2 = m.normal_form(("Russia", "NATO"), (("Restrain", "Arm"), ("Restrain", "Arm")),
                       {(i, j): outcomes[("Restrain", "Arm")[j], ("Restrain", "Arm")[i]]
                        for i in range(2) for j in range(2)})
    assert g2.payoff((0, 1)) == tuple(reversed(g.payoff((1, 0))))


def test_validation_names_the_culprit():
    attrs = ("territory", "relief")
    with pytest.raises(InvalidGameError, match="'Russia'.*'land'"):
        AttributeModel(attrs, {"Russia": {"land": 1}})
    with pytest.raises(InvalidGameError, match="'China'"):
        AttributeModel(attrs, {"Russia": {"territory": 1}}, intercepts={"China": 1})
    with pytest.raises(InvalidGameError, match="twice"):
        AttributeModel(("a", "a"), {"Russia": {"a": 1}})
    m = AttributeModel(attrs, {"Russia": {"territory": 1}, "West": {}})
    assert m.weights["West"] == {"territory": 0, "relief": 0}    # missing weights are 0
    assert m.payoffs({"relief": 5}) == (F(0), F(0))
    with pytest.raises(InvalidGameError, match="'sanctions'"):
        m.payoffs({"sanctions": 1})
    with pytest.raises(InvalidGameError, match="'China'"):
        m.payoffs({"territory": 1}, ["China"])
    with pytest.raises(InvalidGameError, match=r"no outcome for cell \(b, a\)"):
        m.normal_form(("Russia", "West"), (("a", "b"), ("a", "b")),
                      {("a", "a"): {}, ("a", "b"): {}, ("b", "b"): {}})
    with pytest.raises(InvalidGameError, match="'West' has no strategy 'c'"):
        m.normal_form(("Russia", "West"), (("a", "b"), ("a", "b")), {("a", "c"): {}})
    with pytest.raises(InvalidGameError, match="weight of 'Russia' on 'territory'"):
        AttributeModel(attrs, {"Russia": {"territory": "1 +"}})
    assert hash(m) == hash(AttributeModel(attrs, {"Russia": {"territory": 1}, "West": {}}))
