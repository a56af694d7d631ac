"""solver.check and gamesolver check: is a proposed profile an equilibrium, and why not."""
from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver.analysis.check import check, parse_profile
from solver.cli import main
from solver.errors import GameError


def test_the_mixed_equilibrium_of_battle_of_the_sexes():
    bos = games.get("battle-of-the-sexes")
    verdict = check(bos, parse_profile(bos, "Opera:2/3,Fight:1/3; Opera:1/3,Fight:2/3"))
    assert verdict.is_equilibrium and verdict.exact
    assert len(verdict.players) == 2
    assert [p.regret for p in verdict.players] == [0, 0]
    assert [p.best_responses for p in verdict.players] == [("Opera", "Fight")] * 2


def test_a_profile_that_is_not_an_equilibrium_names_the_deviation():
    pd = games.get("prisoners-dilemma")
    verdict = check(pd, ["Mum", "Mum"])
    assert not verdict.is_equilibrium
    assert [(p.payoff, p.best_value, p.regret) for p in verdict.players] == [(-1, 0, 1)] * 2
    assert verdict.players[0].sentence() == ("Prisoner 1 plays Mum, worth -1, but Fink would "
                                             "give 0: deviating pays 1.")
    assert str(verdict).startswith("It is not a Nash equilibrium: Prisoner 1 and Prisoner 2")


@pytest.mark.parametrize("profile, words", [
    ([{"Opera": "2/3", "Fight": "1/2"}, "Fight"], "sum to 7/6, not 1"),
    ([{"Opera": "-1/2", "Fight": "3/2"}, "Fight"], "negative"),
    ([{"Opera": "1"}, "Ballet"], "no action or strategy 'Ballet'"),
    (["Opera"], "one strategy per player"),
    ([[F(1, 2)], "Opera"], "expected a label"),
])
def test_profiles_that_are_not_distributions_are_errors(profile, words):
    with pytest.raises(GameError, match=words):
        check(games.get("battle-of-the-sexes"), profile)


def test_trees_are_checked_against_every_plan():
    game = games.get("diplomatic-victory").substitute(defaults=True)
    russia = {"DV | Maximalist": "Decline", "DV | Limited": "Accept",
              "Enhanced | Maximalist": "Accept", "Enhanced | Limited": "Accept"}
    assert check(game, [{"West": "DV"}, russia]).is_equilibrium
    wrong = check(game, [{"West": "Enhanced"}, russia])
    assert not wrong.is_equilibrium
    assert wrong.players[0].regret == F(1, 50)                # 0.545 - 0.525
    assert wrong.players[0].best_responses == ("West: DV",)
    # (Out, Fight) is Nash, though not subgame perfect: the note says what was checked
    entry = games.get("entry-deterrence")
    verdict = check(entry, parse_profile(entry, "Entrant=Out; after In=Fight"))
    assert verdict.is_equilibrium and "subgame perfection" in str(verdict)
    with pytest.raises(GameError, match="no choice given at 'DV | Limited'"):
        check(game, [{"West": "DV"}, {"DV | Maximalist": "Decline"}])


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6))
def test_every_equilibrium_found_passes_the_check(seed):
    import numpy as np
    rng = np.random.default_rng(seed)
    g = solver.NormalFormGame.from_matrices(rng.integers(-5, 6, (3, 3)), rng.integers(-5, 6, (3, 3)))
    sol = solver.solve(g, method="enumerate")
    assert len(sol) >= 1
    for eq in sol:
        assert check(g, [list(p) for p in eq.probabilities]).is_equilibrium


def test_the_command(capsys):
    assert main(["check", "battle-of-the-sexes", "--profile",
                 "Opera:2/3,Fight:1/3; Opera:1/3,Fight:2/3", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["is_equilibrium"] is True and len(d["players"]) == 2
    assert main(["check", "battle-of-the-sexes", "--profile", "Opera:2/3,Fight:1/2; Fight"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sum to 7/6" in err
    assert main(["check", "prisoners-dilemma", "--profile", "Mum"]) == 2
    assert "expected 2 parts" in capsys.readouterr().err
