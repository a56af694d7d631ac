"""The options a teacher expects of the command (issue 10, item 7): --weak,
--normalize-chance, equilibria in a stable order, default labels that are not numbers."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import games
import solver
from solver.cli import main
from solver.forms.profiles import standard_order

CHANCE_EFG = """EFG 2 R "rounded chance" { "Alice" }
c "" 1 "" { "H" 0.3333333333 "T" 0.6666666666 } 0
t "" 1 "heads" { 1 }
p "" 1 1 "" { "a" "b" } 0
t "" 2 "" { 2 }
t "" 3 "" { 0 }
"""


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_weak_dominance_from_the_command(capsys):
    code, out, err = run(capsys, "solve", "prisoners-dilemma", "--method", "dominance", "--weak")
    assert (code, err) == (0, "")
    assert "1 equilibrium (dominance" in out and "Fink; Prisoner 2: Fink" in out
    code, _, err = run(capsys, "solve", "prisoners-dilemma", "--weak")
    assert code == 2 and err == "gamesolver: error: --weak applies to --method dominance\n"


def test_weak_dominance_can_lose_equilibria_and_says_so(capsys, tmp_path):
    # (R1, C1) and (R2, C2) are both equilibria; R2 is weakly dominated by R1
    g = solver.NormalFormGame.from_matrices([[1, 1], [1, 0]], [[1, 1], [0, 1]])
    path = tmp_path / "weak.nfg"
    solver.save(g, path)
    code, out, _ = run(capsys, "solve", str(path), "--method", "dominance", "--weak")
    assert code == 0
    assert "some)" in out.splitlines()[0]          # weak elimination: not all equilibria
    code, out, _ = run(capsys, "solve", str(path), "--method", "dominance")
    assert code == 0 and "all)" in out.splitlines()[0]


def test_explain_a_catalogue_game_with_weak_dominance(capsys):
    code, out, _ = run(capsys, "explain", "prisoners-dilemma", "--method", "dominance", "--weak")
    assert code == 0 and out.startswith("Bottom line")


def test_normalize_chance_reads_rounded_probabilities(capsys, tmp_path):
    path = tmp_path / "rounded.efg"
    path.write_text(CHANCE_EFG)
    code, _, err = run(capsys, "solve", str(path))
    assert code == 2 and "--normalize-chance" in err and err.count("\n") == 1
    code, out, err = run(capsys, "solve", str(path), "--normalize-chance")
    assert (code, err) == (0, "")
    sol = solver.solve(solver.load(path, normalize_chance=True))
    assert len(sol) == 1
    heads = F("0.3333333333") / F("0.9999999999")
    assert sol[0].payoffs == (heads * 1 + (1 - heads) * 2,)
    assert "Alice" in out


def test_bos_lists_pure_equilibria_first_in_strategy_order():
    sol = solver.solve(games.get("battle-of-the-sexes"))
    assert len(sol) == 3
    assert [e.support for e in sol] == [(("Opera",), ("Opera",)), (("Fight",), ("Fight",)),
                                        (("Opera", "Fight"), ("Opera", "Fight"))]


def test_default_labels_do_not_read_as_numbers():
    g = solver.NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert g.strategies == (("R1", "R2"), ("C1", "C2"))
    text = str(solver.solve(g))
    assert "2/3 R1, 1/3 R2" in text
    three = solver.NormalFormGame(np.zeros((3, 2, 2, 2), int))
    assert three.strategies == (("A1", "A2"), ("B1", "B2"), ("C1", "C2"))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=9, max_size=9),
       st.lists(st.integers(-3, 3), min_size=9, max_size=9))
def test_the_order_does_not_depend_on_the_method_or_on_the_input_order(a, b):
    g = solver.NormalFormGame.from_matrices(np.reshape(a, (3, 3)), np.reshape(b, (3, 3)))
    sol = solver.solve(g, "enumerate")
    assert standard_order(tuple(reversed(sol.equilibria))) == sol.equilibria
    pure = [e for e in sol if e.is_pure]
    assert [e.is_pure for e in sol] == [True] * len(pure) + [False] * (len(sol) - len(pure))
    by_pure = solver.solve(g, "pure")
    assert [e.support for e in by_pure] == [e.support for e in pure]


def test_standard_order_sorts_pure_profiles_row_by_row():
    g = solver.NormalFormGame.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    sol = solver.solve(g, "pure")
    assert [e.probabilities for e in sol] == [((F(1), F(0)), (F(1), F(0))),
                                              ((F(0), F(1)), (F(0), F(1)))]
    with pytest.raises(TypeError):
        standard_order(None)


@pytest.mark.parametrize("argv", [
    ["solve", "prisoners-dilemma", "--max-equilibria", "0"],
    ["solve", "prisoners-dilemma", "--max-equilibria", "9999999999"],
    ["draw", "entry-deterrence", "-o", "t.svg", "--max-nodes", "many"],
    ["dynamics", "hawk-dove", "--iterations", "-3"],
])
def test_counts_on_the_command_line_are_positive_whole_numbers(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "expected a positive whole number of at most 9 digits" in err
