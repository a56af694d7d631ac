"""The bottom line of explanations, and what it is read from: the path of play, the
solution concept, the flips of a decisive comparison, numbers a reader can trust."""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver.analysis.bottom_line import MAX_LINES, MAX_WIDTH, bottom_line
from solver.analysis.comparison_flips import choice_at, comparison_flips
from solver.analysis.decisive import decisive_comparisons
from solver.analysis.parametric import thresholds
from solver.analysis.path import path_moves, responses_after, solution_concept
from solver.analysis.prose import decimal_text, value_pair_text
from solver.errors import GameError


@pytest.mark.parametrize("name", games.names())
def test_every_catalogue_bottom_line_fits_in_six_short_lines(name):
    e = games.entry(name)
    sol = solver.solve(games.get(name))
    section = bottom_line(sol, focus="Russia", mechanism=e.mechanism, literature=e.literature,
                          parameters=e.lever_parameters)
    assert 2 <= len(section.lines) <= MAX_LINES
    assert all(len(line) <= MAX_WIDTH for line in section.lines)
    assert section.lines[0].startswith("On the path")
    assert section.lines[-1].startswith("Concept: ")
    assert str(section).count("\n") == len(section.lines) + 1      # title, rule, no wrapping


@pytest.mark.parametrize("name", games.scenario_names())
def test_scenario_bottom_lines_name_their_mechanism_without_cutting_it(name):
    e = games.entry(name)
    line = f"Mechanism: {e.mechanism} ({e.literature})."
    assert len(line) <= MAX_WIDTH
    text = games.explain(name, brief=True)["Bottom line"].lines
    assert line in text


def test_the_headline_bottom_line():
    lines = games.explain("diplomatic-victory", brief=True)["Bottom line"].lines
    assert len(lines) == 6
    assert lines[2] == "Because of it: West DV: 0.545 > Enhanced 0.525."
    # the thresholds of the specification: the maximalist accepts DV once s, kappa or x is
    # large enough; the West offers Enhanced instead once pi passes 5/14
    assert lines[3] == ("Flips: Russia → Accept if x > 0.35, s > 0.30 or kappa > 0.75; "
                        "West → Enhanced if pi > 5/14.")


def test_path_moves_and_responses():
    sol = solver.solve(games.get("diplomatic-victory"))
    moves = path_moves(sol)
    assert len(moves) == 3
    assert [(m.player, m.at, m.action, m.reach) for m in moves] == [
        ("West", "West", "DV", 1), ("Russia", "DV | Maximalist", "Decline", F(3, 10)),
        ("Russia", "DV | Limited", "Accept", F(7, 10))]
    assert len(path_moves(sol, "West")) == 1
    assert responses_after(sol, "Enhanced", "Russia") == ()          # not offered on the path
    answers = responses_after(sol, "DV", "Russia")
    assert [m.at for m in answers] == ["DV | Maximalist", "DV | Limited"]
    with pytest.raises(GameError, match="no player 'Ukraine'"):
        path_moves(sol, "Ukraine")
    table = solver.solve(games.get("matching-pennies"))
    assert [m.action for m in path_moves(table)] == ["1/2 Heads, 1/2 Tails"] * 2
    with pytest.raises(GameError, match="table"):
        responses_after(table, "Heads", "Player 1")


@pytest.mark.parametrize("name, concept", [
    ("prisoners-dilemma", "Nash"), ("entry-deterrence", "subgame perfect"),
    ("diplomatic-victory", "perfect Bayesian"), ("beer-quiche", "perfect Bayesian"),
    ("diplomatic-victory-complete-info", "subgame perfect"),
])
def test_solution_concepts(name, concept):
    assert solution_concept(solver.solve(games.get(name))) == concept


def test_a_tree_solved_through_its_normal_form_is_reported_as_nash():
    sol = solver.solve(games.get("entry-deterrence"), method="pure")
    assert len(sol) == 2 and {solution_concept(sol, equilibrium=k) for k in (0, 1)} == {"Nash"}


def test_comparison_flips_are_the_thresholds_of_that_choice():
    game = games.get("diplomatic-victory")
    sol = solver.solve(game)
    c = next(c for c in decisive_comparisons(sol) if c.at == "DV | Maximalist")
    for param in ("s", "kappa", "x"):
        fast = comparison_flips(game, c, param)
        full = [t for t in thresholds(game, param) if (t.player, t.at) == (c.player, c.at)]
        assert len(fast) == 1 and len(full) == 1
        assert (fast[0].value, fast[0].from_, fast[0].to) == (full[0].value, full[0].from_,
                                                              full[0].to)
    assert comparison_flips(game, c, "pi") == ()                 # pi is not in the comparison
    assert choice_at(sol, "Russia", "DV | Limited") == "Accept"


def test_decimals_end_or_say_they_do_not():
    assert [decimal_text(F(n, d)) for n, d in ((2, 5), (109, 200), (37, 80), (1, 3))] == [
        "0.40", "0.545", "0.4625", "0.3333…"]


fractions = st.fractions(min_value=-10, max_value=10, max_denominator=10**6)


@settings(max_examples=200, deadline=None)
@given(fractions, fractions)
def test_different_numbers_never_read_the_same(a, b):
    left, right = value_pair_text(a, b)
    if a != b:
        assert left != right
        assert left.split("(")[-1] != right.split("(")[-1] or "(" not in left
