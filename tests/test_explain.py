"""Explanations derived from solutions (solver.analysis.explain)."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from solver import NormalFormGame
from solver.algorithms.dominance import dominance_solve
from solver.algorithms.enumeration import enumerate_equilibria
from solver.algorithms.pure import pure_equilibria
from solver.analysis.explain import Explanation, Section, explain
from solver.errors import GameError
from solver.forms.profiles import Solution


def battle_of_the_sexes():
    # Gibbons (1992), section 1.3.A: mixed equilibrium row (2/3, 1/3), column (1/3, 2/3)
    return NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                        players=("Chris", "Pat"),
                                        strategies=(("Opera", "Fight"), ("Opera", "Fight")))


def gibbons_iesds():
    # Gibbons (1992), figure 1.1.1: R (by M), then Down, then Left; (Up, Middle) remains
    return NormalFormGame.from_matrices([[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]],
                                        strategies=(("Up", "Down"), ("Left", "Middle", "Right")))


def section_titles(ex: Explanation) -> list[str]:
    return [s.title for s in ex.sections]


# ---------------------------------------------------------------------- structure
def test_structure_and_json_form():
    ex = explain(enumerate_equilibria(battle_of_the_sexes()))
    assert isinstance(ex, Explanation)
    assert section_titles(ex) == ["Bottom line", "The game", "Dominated strategies", "Equilibrium 1",
                                  "Equilibrium 2", "Equilibrium 3", "Risk dominance", "Summary",
                                  "Method"]
    assert all(isinstance(s, Section) and isinstance(s.lines, tuple) for s in ex.sections)
    d = ex.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert [s["title"] for s in d["sections"]] == section_titles(ex)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ex.sections = ()
    text = str(ex)
    for title in section_titles(ex):
        assert f"{title}\n{'-' * len(title)}" in text
    assert len(ex["Summary"].lines) == 3


def test_battle_of_the_sexes_states_the_indifference_conditions():
    sol = enumerate_equilibria(battle_of_the_sexes())
    mixed = [k for k, e in enumerate(sol.equilibria, 1) if not e.is_pure]
    assert len(mixed) == 1
    lines = explain(sol)[f"Equilibrium {mixed[0]}"].lines
    text = " ".join(lines)
    assert "indifferent" in text
    # Pat's q = P(Opera) makes Chris indifferent: 2q = 1(1-q) at q = 1/3, both pay 2/3
    assert "Chris's Opera pays 2*q = 2/3 and Fight pays 1*(1-q) = 2/3" in text
    assert "q = 1/3" in text
    # Chris's p makes Pat indifferent: p = 2(1-p) at p = 2/3
    assert "Pat's Opera pays 1*p = 2/3 and Fight pays 2*(1-p) = 2/3" in text
    assert "p = 2/3" in text


def test_gibbons_iesds_mentions_each_elimination_in_order():
    ex = explain(enumerate_equilibria(gibbons_iesds()))
    lines = ex["Dominated strategies"].lines
    rounds = [l for l in lines if l.startswith("Round")]
    assert len(rounds) == 3
    assert rounds[0].startswith("Round 1: Column's Right is strictly dominated by Middle")
    assert "2 > 1 against Up, 1 > 0 against Down" in rounds[0]
    assert rounds[1].startswith("Round 2: Row's Down is strictly dominated by Up")
    assert "against Left" in rounds[1] and "against Middle" in rounds[1]
    assert "against Right" not in rounds[1]      # Right is gone by round 2
    assert rounds[2].startswith("Round 3: Column's Left is strictly dominated by Middle")
    assert "2 > 0 against Up" in rounds[2] and "against Down" not in rounds[2]
    assert any("(Up, Middle)" in l and "dominance solvable" in l for l in lines)


def test_dominance_solution_uses_its_own_trace():
    sol = dominance_solve(gibbons_iesds())
    assert len(sol.trace) == 3
    ex = explain(sol)
    rounds = [l for l in ex["Dominated strategies"].lines if l.startswith("Round")]
    assert [r.split(" is ")[0] for r in rounds] == [
        "Round 1: Column's Right", "Round 2: Row's Down", "Round 3: Column's Left"]
    # a made-up trace is what gets explained: the trace, not a recomputation, is the source
    fake = dataclasses.replace(sol, trace=sol.trace[:1])
    rounds = [l for l in explain(fake)["Dominated strategies"].lines if l.startswith("Round")]
    assert len(rounds) == 1


def test_domination_by_a_mix_is_explained_with_the_mix():
    # B is beaten by (1/2 T + 1/2 M), not by T or M alone (Osborne & Rubinstein, lemma 60.1)
    g = NormalFormGame.from_matrices([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]],
                                     strategies=(("T", "M", "B"), ("L", "R")))
    lines = explain(pure_equilibria(g))["Dominated strategies"].lines
    rounds = [l for l in lines if l.startswith("Round")]
    assert len(rounds) == 1
    assert "Row's B is strictly dominated by the mix 1/2 T + 1/2 M" in rounds[0]
    assert "3/2 > 1 against L" in rounds[0] and "3/2 > 1 against R" in rounds[0]


def test_prisoners_dilemma_each_player_drops_mum():
    g = NormalFormGame.from_matrices([[-1, -9], [0, -6]], [[-1, 0], [-9, -6]],
                                     strategies=(("Mum", "Fink"), ("Mum", "Fink")))
    rounds = [l for l in explain(enumerate_equilibria(g))["Dominated strategies"].lines
              if l.startswith("Round")]
    assert len(rounds) == 2
    assert rounds[0].startswith("Round 1: Row's Mum is strictly dominated by Fink")
    assert rounds[1].startswith("Round 1: Column's Mum is strictly dominated by Fink")


def test_larger_support_states_equal_values():
    rps = NormalFormGame.from_matrices([[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
                                       [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
                                       strategies=(("R", "P", "S"),) * 2)
    sol = enumerate_equilibria(rps)
    assert len(sol) == 1
    text = " ".join(explain(sol)["Equilibrium 1"].lines)
    assert "indifferent among R, P and S" in text
    assert "R pays -1*c(P) + 1*c(S) = 0" in text
    assert "c(R) = 1/3, c(P) = 1/3, c(S) = 1/3" in text


def test_unsupported_strategies_are_said_to_pay_less():
    # BoS with a third, bad row: the mixed equilibrium leaves it unused and worse
    g = NormalFormGame.from_matrices([[2, 0], [0, 1], [0, 0]], [[1, 0], [0, 2], [5, -5]],
                                     strategies=(("Opera", "Fight", "Stay"), ("Opera", "Fight")))
    sol = enumerate_equilibria(g)
    mixed = [k for k, e in enumerate(sol.equilibria, 1) if not e.is_pure]
    assert len(mixed) == 1
    text = " ".join(explain(sol)[f"Equilibrium {mixed[0]}"].lines)
    assert "Stay pays 0" in text and "Stay pays less" in text
    assert "q = 1/3" in text


def test_weak_equilibrium_and_degeneracy_are_explained():
    # entry deterrence in normal form (textbook_games #9): a segment of equilibria
    g = NormalFormGame.from_matrices([[0, 0], [-1, 1]], [[2, 2], [-1, 1]],
                                     players=("Entrant", "Incumbent"),
                                     strategies=(("Out", "In"), ("Fight", "Accommodate")))
    sol = enumerate_equilibria(g)
    assert sol.degenerate is True
    ex = explain(sol)
    assert any("tied with" in l for s in ex.sections for l in s.lines)
    method = " ".join(ex["Method"].lines)
    assert "degenerate" in method and "extreme points" in method


def test_no_pure_equilibrium():
    pennies = NormalFormGame.from_matrices([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    ex = explain(pure_equilibria(pennies))
    assert not any(t.startswith("Equilibrium") for t in section_titles(ex))
    assert "no equilibrium in pure strategies" in " ".join(ex["Summary"].lines)


def test_float_and_three_player_games():
    g = NormalFormGame.from_matrices([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]])
    ex = explain(enumerate_equilibria(g))
    assert "Floating point" in " ".join(ex["Method"].lines)
    assert len([t for t in section_titles(ex) if t.startswith("Equilibrium")]) == 3
    # majority game: each voter wants to vote with the others
    pay = np.zeros((3, 2, 2, 2), dtype=int)
    for cell in np.ndindex(2, 2, 2):
        for i in range(3):
            pay[(i,) + cell] = sum(cell[j] == cell[i] for j in range(3))
    g3 = NormalFormGame(list(pay), strategies=(("A", "B"),) * 3)
    ex3 = explain(pure_equilibria(g3))
    assert len(ex3["Summary"].lines) == 2
    assert "against nothing" not in str(ex3)
    assert "Player 2's A and Player 3's A" in str(ex3)


def test_other_forms_are_refused():
    class Tree:
        form = "extensive"
    sol = Solution(game=Tree(), method="spe", exact=True, complete=True, degenerate=None,
                   equilibria=())
    with pytest.raises(GameError, match="explain supports normal-form games"):
        explain(sol)


@given(st.integers(2, 3), st.integers(2, 3), st.integers(0, 10 ** 6))
def test_every_equilibrium_gets_a_section_with_its_labels(m, n, seed):
    rng = np.random.default_rng(seed)
    labels = (tuple(f"r{k}" for k in range(m)), tuple(f"c{k}" for k in range(n)))
    g = NormalFormGame.from_matrices(rng.integers(0, 6, (m, n)), rng.integers(0, 6, (m, n)),
                                     strategies=labels)
    sol = enumerate_equilibria(g)
    ex = explain(sol)
    eq_titles = [t for t in section_titles(ex) if t.startswith("Equilibrium")]
    assert len(eq_titles) == len(sol)
    assert len(ex["Summary"].lines) == len(sol)
    for k, e in enumerate(sol.equilibria, 1):
        text = " ".join(ex[f"Equilibrium {k}"].lines)
        for i, name in enumerate(g.players):
            for lab in e.support[i]:
                assert lab in text
        pay = ", ".join(f"{p} {str(u)}" for p, u in zip(g.players, e.payoffs))
        assert pay in ex["Summary"].lines[k - 1]


def test_zero_sum_value_is_explained():
    from solver.algorithms.zero_sum import solve_zero_sum
    pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    sol = solve_zero_sum(pennies)
    assert len(sol) == 1 and sol.value == 0
    ex = explain(sol)
    method = " ".join(ex["Method"].lines)
    assert "The value of the game to Row is 0" in method
    assert "any optimal strategy of one player" in method
    text = " ".join(ex["Equilibrium 1"].lines)
    assert "q = 1/2" in text and "p = 1/2" in text
