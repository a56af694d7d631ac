"""Decisive parameters (solver.analysis.decisive) and the catalogue explanation that cites
their seed passages (games.explain, ``gamesolver explain NAME``).

Known answers: the diplomatic-victory ultimatum (SCENARIOS.md section 1; Fearon 1995):
Russia compares an offer's value ``x + kappa*s`` with its war value ``p - c_R``
(0.40 against 0.45 for the DV offer at the defaults); Chicken's mixed equilibrium
(Gibbons 1992, sec. 1.3.A): each side escalates with probability
``(T - R)/((T - R) + (S - P)) = 1/13`` at (4, 3, 2, -10).
"""
from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy

import games
import solver
from solver.analysis.decisive import Comparison, decisive_comparisons, decisive_parameters, evaluate
from solver.cli import main
from solver.errors import GameError, SolverLimitError

SCENARIOS = ("aims-screening", "ceasefire-commitment", "diplomatic-victory",
             "diplomatic-victory-complete-info",
             "escalation-chicken", "flank-deterrence", "leverage-bargaining",
             "ratification-red-lines", "sanctions-coercion", "security-dilemma",
             "waning-resolve", "western-policy-mix")


def by_name(decisive):
    return {d.name: d for d in decisive}


# ---------------------------------------------------------------------- solve keeps what is needed
def test_solve_records_the_parametric_game_and_values():
    game = games.get("diplomatic-victory-complete-info")
    sol = solver.solve(game, params={"kappa": "0.8"})
    assert sol.extra["parametric_game"] is game
    values = sol.extra["parameter_values"]
    assert len(values) == 9
    assert values["kappa"] == F(4, 5) and values["x"] == F(3, 10) and values["p"] == F(3, 5)


def test_solve_of_a_concrete_game_records_nothing():
    sol = solver.solve(games.get("prisoners-dilemma"))
    assert "parametric_game" not in sol.extra and "parameter_values" not in sol.extra
    assert decisive_parameters(sol) == ()
    # a concrete game's comparisons are between numbers: no parameter decides them
    comparisons = decisive_comparisons(sol)
    assert len(comparisons) >= 1
    assert all(not c.symbols for c in comparisons)


# ---------------------------------------------------------------------- trees
def test_diplomatic_victory_comparisons():
    sol = solver.solve(games.get("diplomatic-victory-complete-info"))
    cs = decisive_comparisons(sol)
    assert len(cs) == 4
    # on the path: the West's offer (against both equally valued alternatives), Russia's answer
    assert [(c.player, c.at, c.chosen, c.alternative, c.on_path) for c in cs] == [
        ("West", "West", "Enhanced", "DV", True), ("West", "West", "Enhanced", "No offer", True),
        ("Russia", "Enhanced", "Accept", "Decline", True),
        ("Russia", "DV", "Decline", "Accept", False)]
    enhanced = cs[2]
    assert (enhanced.chosen_value, enhanced.alternative_value) == (F(11, 20), F(9, 20))
    assert enhanced.relation == ">" and enhanced.kind == "best response"
    # the DV offer would be declined: 9/20 against 2/5, the headline comparison
    dv = cs[3]
    assert dv.text() == "Decline worth p - c_R = 9/20 vs Accept worth x + kappa*s = 2/5"
    assert dv.symbols == {"p", "c_R", "x", "kappa", "s"}
    assert dv.context == "if West chose DV at West"
    assert str(dv).startswith("Russia at DV (if West chose DV at West): ")


def test_diplomatic_victory_decisive_parameters():
    sol = solver.solve(games.get("diplomatic-victory-complete-info"))
    decisive = decisive_parameters(sol)
    assert len(decisive) == 9
    d = by_name(decisive)
    assert {"x", "kappa", "s", "p", "c_R"} <= set(d)
    assert d["kappa"].value == F(1, 2) and d["x"].value == F(3, 10) and d["c_R"].value == F(3, 20)
    texts = [c.text() for c in d["kappa"].comparisons]
    assert texts == ["Accept worth x_enh + kappa*s_enh = 11/20 vs Decline worth p - c_R = 9/20",
                     "Decline worth p - c_R = 9/20 vs Accept worth x + kappa*s = 2/5"]
    # x and s matter only through what the DV offer would lead to
    assert [c.on_path for c in d["x"].comparisons] == [False]
    # on the path only (depth 0), they are not decisive
    assert {"x", "s"}.isdisjoint(by_name(decisive_parameters(sol, depth=0)))
    assert decisive[0].to_dict()["comparisons"][0]["relation"] == ">"


def test_a_credible_dv_offer_is_made_and_accepted():
    # kappa = 0.8: the DV offer is worth 0.3 + 0.8*0.2 = 0.46 > 0.45 (SCENARIOS.md: kappa* = 3/4)
    sol = solver.solve(games.get("diplomatic-victory-complete-info"), params={"kappa": "0.8"})
    cs = [c for c in decisive_comparisons(sol) if c.at == "DV"]
    assert len(cs) == 1
    assert cs[0].on_path and cs[0].chosen == "Accept"
    assert (cs[0].chosen_value, cs[0].alternative_value) == (F(23, 50), F(9, 20))
    assert by_name(decisive_parameters(sol))["kappa"].value == F(4, 5)


@pytest.mark.parametrize("x, kappa, s", [("0.3", "0.5", "0.2"), ("0.35", "0.5", "0.2"),
                                         ("0.2", "1", "0.3"), ("0.4", "0.25", "0.1"),
                                         ("0.1", "0.9", "0.9")])
def test_russias_dv_comparison_matches_the_closed_form(x, kappa, s):
    # oracle (SCENARIOS.md section 1): Russia accepts DV iff x + kappa*s > p - c_R (ties: accept
    # or decline are both optimal)
    sol = solver.solve(games.get("diplomatic-victory-complete-info"), params={"x": x, "kappa": kappa, "s": s})
    c = next(c for c in decisive_comparisons(sol) if c.at == "DV")
    offer, war = F(x) + F(kappa) * F(s), F(3, 5) - F(3, 20)
    values = {c.chosen: c.chosen_value, c.alternative: c.alternative_value}
    assert values == {"Accept": offer, "Decline": war}
    if offer != war:
        assert c.chosen == ("Accept" if offer > war else "Decline")


def test_beliefs_enter_symbolically():
    # aims-screening: the West does not know Russia's type; the prior pi weights the DV offer
    sol = solver.solve(games.get("aims-screening"))
    west = decisive_comparisons(sol)[0]
    assert (west.player, west.chosen, west.alternative) == ("West", "DV", "GrandBargain")
    pi, y_dv, u_W = sympy.symbols("pi y_dv u_W")
    assert sympy.simplify(west.chosen_expression - ((1 - pi) * (1 - y_dv) + pi * u_W)) == 0
    assert (west.chosen_value, west.alternative_value) == (F(9, 20), F(7, 20))
    assert by_name(decisive_parameters(sol))["pi"].value == F(1, 2)


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_scenario_comparison_is_consistent(name):
    sol = solver.solve(games.get(name))
    cs = decisive_comparisons(sol)
    assert len(cs) >= 1
    values = {sympy.Symbol(k): sympy.Rational(v.numerator, v.denominator)
              for k, v in sol.extra["parameter_values"].items()}
    for c in cs:
        assert evaluate(c.chosen_expression, values) == c.chosen_value
        assert evaluate(c.alternative_expression, values) == c.alternative_value
        if c.on_path:      # an equilibrium choice on the path is optimal
            assert c.relation in (">", "=")
        if c.kind == "indifference":
            assert c.relation == "="
    decisive = decisive_parameters(sol)
    assert {d.name for d in decisive} == set().union(*(c.symbols for c in cs))
    for d in decisive:
        assert d.value == sol.extra["parameter_values"][d.name]
        assert all(d.name in c.symbols for c in d.comparisons)


# ---------------------------------------------------------------------- normal form
def test_chicken_pure_equilibrium():
    sol = solver.solve(games.get("escalation-chicken"))
    assert len(sol) == 3
    k = next(k for k, e in enumerate(sol) if e.support == (("Escalate",), ("Hold",)))
    cs = decisive_comparisons(sol, equilibrium=k)     # West Escalate, Russia Hold
    assert len(cs) == 2
    assert cs[0].text() == "Escalate worth prevail = 4 vs Hold worth compromise = 3"
    assert cs[1].text() == "Hold worth back_down = 2 vs Escalate worth disaster_R = -10"
    assert cs[0].context == "against Russia's Hold"
    assert [d.name for d in decisive_parameters(sol, equilibrium=k)] == ["prevail", "compromise", "back_down",
                                                          "disaster_R"]


def test_chicken_mixed_equilibrium_indifference():
    sol = solver.solve(games.get("escalation-chicken"))
    k = next(i for i, eq in enumerate(sol) if not eq.is_pure)
    cs = decisive_comparisons(sol, equilibrium=k)
    assert len(cs) == 2
    T, R, S, P_W, P_R = sympy.symbols("prevail compromise back_down disaster_W disaster_R")
    for c, P in zip(cs, (P_W, P_R)):          # each side's own cost of the disaster
        assert c.kind == "indifference" and c.relation == "="
        assert c.chosen_value == c.alternative_value == F(38, 13)
        # Hold pays 12/13 R + 1/13 S, Escalate 12/13 T + 1/13 P (the opponent escalates w.p. 1/13)
        assert sympy.expand(c.chosen_expression - (R * F(12, 13) + S * F(1, 13))) == 0
        assert sympy.expand(c.alternative_expression - (T * F(12, 13) + P * F(1, 13))) == 0
    assert {d.name for d in decisive_parameters(sol, equilibrium=k)} == {
        "prevail", "compromise", "back_down", "disaster_W", "disaster_R"}


def test_explicit_parametric_game_and_errors():
    game = games.get("hawk-dove")
    concrete = solver.solve(game.substitute({}, defaults=True))
    assert "parametric_game" not in concrete.extra
    assert {d.name for d in decisive_parameters(concrete, game)} == {"V", "C"}
    with pytest.raises(GameError, match="not the solved game|strategies or tree"):
        decisive_parameters(concrete, games.get("diplomatic-victory-complete-info"))
    with pytest.raises(GameError, match="equilibrium 7"):
        decisive_parameters(concrete, game, equilibrium=7)
    with pytest.raises(SolverLimitError, match="max_size"):
        decisive_parameters(concrete, game, max_size=2)


def test_comparison_without_expression_prints_the_value_once():
    c = Comparison("A", "the table", "U", "D", sympy.Integer(1), sympy.Symbol("a"), F(1), F(1, 2))
    assert c.text() == "U worth 1 vs D worth a = 1/2"
    assert c.symbols == {"a"}
    long = Comparison("A", "the table", "U", "D", sympy.Symbol("b") + sympy.Symbol("a") ** 2,
                      sympy.Symbol("a"), F(1), F(1, 2))
    assert long.text(max_length=4) == "U worth (an expression in a, b) = 1 vs D worth a = 1/2"
    assert long.text(max_length=8) == "U worth b + a**2 = 1 vs D worth a = 1/2"


# ---------------------------------------------------------------------- games.explain and the CLI
def _flat(text: str) -> str:
    return " ".join(text.split())


def test_games_explain_cites_the_seed_passages():
    explanation = games.explain("diplomatic-victory-complete-info")
    section = explanation["Where the numbers come from"]
    text = _flat(str(section))
    for name in ("x", "kappa", "s", "p", "c_R"):
        spec = next(p for p in games.entry("diplomatic-victory-complete-info").parameters if p.name == name)
        assert _flat(spec.source) in text
        assert _flat(spec.meaning) in text
    assert ("Decides [3] Russia's choice at DV (off the path: if West chose DV at West): "
            "Decline worth p - c_R = 9/20 (0.45) vs Accept worth x + kappa*s = 2/5 (0.40)") in text
    assert "kappa = 1/2 (0.50) (default)" in text
    # the solver's explanation comes first, unchanged
    assert explanation.sections[0].title == "Bottom line"
    assert [s.title for s in explanation.sections][-2:] == ["Where the numbers come from", "See also"]


def test_games_explain_passes_parameters_and_method():
    text = _flat(str(games.explain("diplomatic-victory-complete-info", kappa="0.8", method="spe")))
    assert "kappa = 4/5 (0.80) (set)" in text
    assert "Accept worth x + kappa*s = 23/50 (0.46) vs Decline worth p - c_R = 9/20 (0.45)" in text
    with pytest.raises(GameError, match="outside its range"):
        games.explain("diplomatic-victory-complete-info", kappa="2")
    with pytest.raises(GameError, match="no parameter"):
        games.explain("diplomatic-victory-complete-info", nonsense="1")


def test_games_explain_normal_form_and_no_parameters():
    text = _flat(str(games.explain("escalation-chicken")))
    # the first equilibrium in standard order: West Hold (its first strategy), Russia Escalate
    assert "Decides [1] West's choice of strategy (against Russia's Escalate): Hold worth " \
           "back_down = 2 vs Escalate worth disaster_W = -10" in text
    text = _flat(str(games.explain("prisoners-dilemma")))
    assert "prisoners-dilemma has no parameters" in text


def test_cli_explain_cites_kappas_seed_passage(capsys):
    code = main(["explain", "diplomatic-victory-complete-info"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    kappa = next(p for p in games.entry("diplomatic-victory-complete-info").parameters if p.name == "kappa")
    assert _flat(kappa.source) in _flat(out)
    assert "Where the numbers come from" in out


def test_cli_explain_keeps_param_method_and_json(capsys):
    code = main(["explain", "diplomatic-victory-complete-info", "--param", "kappa=0.8", "--method", "spe",
                 "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    import json
    titles = [s["title"] for s in json.loads(out)["sections"]]
    assert "Where the numbers come from" in titles
    assert "kappa = 4/5 (0.80) (set)" in _flat(out)
    code = main(["explain", "diplomatic-victory-complete-info", "--param", "kappa=2"])
    out, err = capsys.readouterr()
    assert code == 2 and "outside its range" in err
