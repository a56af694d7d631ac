"""Payoff tables as text, LaTeX and HTML (solver.io.text)."""
from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from solver import NormalFormGame
from solver.io.text import best_response_marks, render_html, render_latex, render_normal_form


def prisoners_dilemma():
    # Gibbons (1992), section 1.1.A: Mum/Fink, (-1,-1) (-9,0) / (0,-9) (-6,-6)
    return NormalFormGame.from_matrices([[-1, -9], [0, -6]], [[-1, 0], [-9, -6]],
                                        players=("Prisoner 1", "Prisoner 2"),
                                        strategies=(("Mum", "Fink"), ("Mum", "Fink")),
                                        title="Prisoner's dilemma")


def battle_of_the_sexes():
    return NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                        strategies=(("Opera", "Fight"), ("Opera", "Fight")))


def table_rows(text: str) -> dict[str, list[list[str]]]:
    """Row label -> cells -> payoff texts (with their stars) of a 2-player table."""
    rows = {}
    for line in text.splitlines():
        if " | " not in line or "\\" in line:
            continue
        label, *cells = [c.strip() for c in line.split(" | ")]
        rows[label] = [[p.strip() for p in cell.split(",")] for cell in cells]
    return rows


# ---------------------------------------------------------------------- marks
def test_prisoners_dilemma_marks_exactly_the_best_responses():
    text = render_normal_form(prisoners_dilemma())
    rows = table_rows(text)
    assert len(rows) == 2
    assert rows["Mum"] == [["-1", "-1"], ["-9", "0*"]]
    assert rows["Fink"] == [["0*", "-9"], ["-6*", "-6*"]]
    # the only cell with both payoffs starred is the unique equilibrium (Fink, Fink)
    both = [(r, k) for r, cells in rows.items() for k, c in enumerate(cells)
            if all(p.endswith("*") for p in c)]
    assert both == [("Fink", 1)]


def test_battle_of_the_sexes_marks():
    marks = best_response_marks(battle_of_the_sexes())
    assert marks.shape == (2, 2, 2)
    assert marks[0].tolist() == [[True, False], [False, True]]
    assert marks[1].tolist() == [[True, False], [False, True]]
    assert render_normal_form(battle_of_the_sexes()).count("*") == 4 + 1  # + the legend


def test_exact_comparison_distinguishes_close_fractions():
    third = Fraction(1, 3)
    close = Fraction(333333333, 10 ** 9)
    g = NormalFormGame.from_matrices([[third], [close]], [[0], [0]])
    marks = best_response_marks(g)
    assert marks[0, :, 0].tolist() == [True, False]


def test_float_ties_within_tolerance_are_both_marked():
    g = NormalFormGame.from_matrices([[1.0], [1.0 + 1e-13], [0.5]], [[0.0], [0.0], [0.0]])
    assert not g.exact
    assert best_response_marks(g)[0, :, 0].tolist() == [True, True, False]


def brute_force_marks(game):
    t = game.payoff_tensor
    out = np.zeros(t.shape, dtype=bool)
    for i in range(game.n_players):
        for cell in game.cells():
            mine = t[(i,) + cell]
            out[(i,) + cell] = all(mine >= t[(i,) + cell[:i] + (k,) + cell[i + 1:]]
                                   for k in range(game.shape[i]))
    return out


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(0, 10 ** 6))
def test_marks_agree_with_brute_force_and_pure_equilibria(m, n, k, seed):
    rng = np.random.default_rng(seed)
    shape = (m, n, k)
    g = NormalFormGame([rng.integers(-3, 4, size=shape) for _ in range(3)])
    marks = best_response_marks(g)
    assert marks.shape == (3,) + shape
    assert (marks == brute_force_marks(g)).all()
    # every player has a best response against every profile of the others
    for i in range(3):
        assert marks[i].any(axis=i).all()
    from solver.algorithms.pure import pure_equilibria
    all_marked = {tuple(int(x) for x in c) for c in np.argwhere(marks.all(axis=0))}
    pure = {tuple(e.probabilities[j].index(1) for j in range(3)) for e in pure_equilibria(g)}
    assert all_marked == pure


# ---------------------------------------------------------------------- layout
def test_columns_are_aligned():
    g = NormalFormGame.from_matrices([[1, "-1/3", 100], [0, 0, 2]], [[0, 2, 1], [3, 1, "7/11"]],
                                     strategies=(("Up", "Down"), ("L", "Middle", "R")))
    lines = [l for l in render_normal_form(g).splitlines() if "|" in l]
    assert len(lines) == 3
    bars = [[k for k, ch in enumerate(l) if ch == "|"] for l in lines]
    assert all(b == bars[0] for b in bars)
    assert len(bars[0]) == 3
    assert "-1/3" in lines[1] and "7/11" in lines[2]


def test_three_players_one_table_per_profile_of_the_others():
    rng = np.random.default_rng(3)
    g = NormalFormGame([rng.integers(0, 5, size=(2, 3, 2)) for _ in range(3)],
                       strategies=(("a", "b"), ("x", "y", "z"), ("Left", "Right")))
    text = render_normal_form(g)
    titles = [l for l in text.splitlines() if l.endswith(":")]
    assert titles == ["Player 3 plays Left:", "Player 3 plays Right:"]
    cells = re.findall(r"-?\d+\*?\s*,\s*-?\d+\*?\s*,\s*-?\d+\*?", text)
    assert len(cells) == 2 * 3 * 2
    assert text.count("*") - 1 == int(best_response_marks(g).sum())


def test_parametric_game_shows_expressions_and_marks_only_sure_comparisons():
    g = NormalFormGame.from_matrices([["V/2", "V"], [0, "V - 1"]], [[1, 0], [0, 1]],
                                     parameters={"V": "2"})
    text = render_normal_form(g)
    assert "V/2" in text and "Parameters: V (default 2)" in text
    marks = best_response_marks(g)
    # V/2 vs 0 depends on V; V > V - 1 holds for every V
    assert marks[0].tolist() == [[False, True], [False, False]]
    assert "V - 1" in text and "(V - 1)" not in text  # unstarred: not bracketed


def test_solution_is_listed_under_the_table():
    from solver.forms.profiles import Solution, certify
    g = prisoners_dilemma()
    sol = Solution(g, "pure", True, True, None, (certify(g, [[0, 1], [0, 1]]),))
    text = render_normal_form(g, sol)
    assert text.endswith(str(sol))
    assert str(g) == render_normal_form(g)


def test_one_player_game():
    text = render_normal_form(NormalFormGame([[1, 3, 3]]))
    assert [l.count("*") for l in text.splitlines()[2:5]] == [0, 1, 1]


# ---------------------------------------------------------------------- LaTeX and HTML
def test_latex_tabular_escapes_labels_and_writes_fractions():
    g = NormalFormGame.from_matrices([["1/2", 0], [0, 1]], [[1, 0], [0, "-3/4"]],
                                     players=("R&D", "Firm_2"),
                                     strategies=(("50%", "#1"), ("a", "b")))
    tex = render_latex(g)
    assert tex.startswith(r"\begin{tabular}{l|cc}") and tex.rstrip().endswith(r"\end{tabular}")
    assert r"R\&D" in tex and r"Firm\_2" in tex and r"50\%" in tex and r"\#1" in tex
    assert r"\frac{1}{2}^{*}" in tex and r"-\frac{3}{4}" in tex
    assert tex.count("^{*}") == int(best_response_marks(g).sum())


def test_html_table_escapes_and_bolds_best_responses():
    g = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                     strategies=(("<C>", "D"), ("C", "D")), title="A & B")
    page = render_html(g)
    assert page.count("<table") == 1 and page.count("</table>") == 1
    assert "&lt;C&gt;" in page and "<C>" not in page and "A &amp; B" in page
    assert page.count("<b>") == 4
    assert g._repr_html_() == page
