"""repeated-restraint: incremental grabs deterred by sanctions in the repeated game (the
stage game registered with its repeated-game analysis; docs/scenarios.md)."""
from __future__ import annotations

import itertools
import json
from fractions import Fraction as F

import pytest
import sympy

import games
import solver
from solver.analysis.bottom_line import MAX_LINES, MAX_WIDTH
from solver.cli import main

NAME = "repeated-restraint"


def critical(g, c_T, c_S):
    """The closed form (module docstring; a test oracle): restraint is subgame perfect iff
    delta >= max(g/c_T, c_S/(g + c_S))."""
    return max(g / c_T, c_S / (g + c_S))


def test_registered_as_a_stage_game_with_its_analysis():
    e = games.entry(NAME)
    assert [p.name for p in e.parameters] == ["g", "c_T", "c_S", "delta"]
    assert e.analysis is not None and e.mechanism and e.lever
    coercion = {p.name: p for p in games.entry("sanctions-coercion").parameters}
    assert [p for p in e.parameters if p.name in ("c_T", "c_S")] == \
        [coercion["c_T"], coercion["c_S"]]           # the same costs, the same meaning
    stage = games.get(NAME)
    assert stage.form == "normal" and stage.players == ("West", "Russia")
    sol = solver.solve(stage)
    assert sol.complete and len(sol) == 1
    assert sol[0].strategies == ({"Engage": 1, "Sanction": 0}, {"Restrain": 0, "Grab": 1})


def test_the_default_analysis():
    r = games.entry(NAME).analysis()
    assert len(r.states) == 3 and r.on_path == ("Restraint",) and len(r.conditions) == 6
    assert r.critical == F(3, 4) and r.at == F(7, 10) and r.spe_at is False
    assert [(c.player, c.state) for c in r.binding] == [("West", "Sanctions")]
    assert r.closed_form_text() == "delta >= max(g/c_T, c_S/(g + c_S))"
    g, c_T, c_S = sympy.symbols("g c_T c_S")
    assert {sympy.simplify(b - w) for b in r.lower for w in (g / c_T, c_S / (g + c_S))} >= {0}


@pytest.mark.parametrize("g, c_T, c_S", list(itertools.product(
    [F(1, 100), F(1, 20), F(1, 5)], [F(1, 10), F(3, 10), F(1)], [F(1, 20), F(3, 20), F(1, 2)])))
def test_the_closed_form_on_a_grid(g, c_T, c_S):
    want = critical(g, c_T, c_S)
    r = games.entry(NAME).analysis(g=g, c_T=c_T, c_S=c_S)
    if want < 1:
        assert r.critical == want and r.discounts.intervals[0].low_closed
        assert r.discounts.upper == 1 and len(r.discounts.intervals) == 1
    else:
        assert r.discounts.empty
    assert r.spe_at == (F(7, 10) >= want)


def test_the_comparison_row():
    row = games.compare((NAME,))[NAME]
    assert row.concept == "subgame perfect"
    assert row.russia_on_path[0].startswith("Grab in every period")
    assert row.dv_offered_on_path is None and row.dv_refused_on_path is None
    assert "delta = 7/10 (0.70) < delta* = max(g/c_T, c_S/(g + c_S)) = 3/4 (0.75)" in row.decisive
    flips = sorted((t["parameter"], t["value"], t["from"], t["to"]) for t in row.thresholds)
    assert flips == [("c_S", "7/60", "Restrain", "Grab"), ("delta", "3/4", "Grab", "Restrain"),
                     ("g", "21/100", "Restrain", "Grab"), ("g", "9/140", "Grab", "Restrain")]
    moved = games.compare((NAME,), delta="0.8")[NAME]
    assert moved.russia_on_path[0].startswith("Restrain in every period")
    assert moved.parameters == {"delta": F(4, 5)}


def test_the_explanation():
    text = games.explain(NAME)
    titles = [s.title for s in text.sections]
    assert titles[:2] == ["Bottom line", "The repeated game"]
    assert "Where the numbers come from" in titles and "See also" in titles
    assert any(t.startswith("Stage game: ") for t in titles)
    numbers = "\n".join(text["Where the numbers come from"].lines)
    assert numbers.count("Source: seed 000") == 4
    head = games.explain(NAME, brief=True)["Bottom line"].lines
    assert 2 <= len(head) <= MAX_LINES and all(len(line) <= MAX_WIDTH for line in head)
    assert head[0] == "On the path: West Engage, Russia Grab in every period (the stage " \
                      "equilibrium repeated)."
    assert head[-1].startswith("Concept: subgame perfect")
    assert games.explain(NAME, brief=True, delta="0.9")["Bottom line"].lines[0] == \
        "On the path: West Engage, Russia Restrain in every period."


def test_the_commands(capsys):
    assert main(["repeated", NAME]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Restraint under the threat of sanctions is subgame perfect iff "
                          "delta >= 3/4.\nAt delta = 7/10 it is not")
    assert main(["repeated", NAME, "--param", "delta=0.8", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["equilibrium"]["spe_at"] is True
    assert d["feasible"]["pure_minmax"] == ["-1/20", "-1/4"]          # -g; g - c_T
    assert main(["explain", NAME]) == 0 and "Source: seed 000" in capsys.readouterr().out
    assert main(["list"]) == 0 and NAME in capsys.readouterr().out
