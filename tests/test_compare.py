"""gamesolver compare: the scenario mechanisms side by side, every row computed."""
from __future__ import annotations

import json

import pytest

import games
from solver.cli import main
from solver.errors import GameError

KEYS = ["name", "mechanism", "source", "concept", "russia_on_path", "dv_offered_on_path",
        "dv_refused_on_path", "decisive", "thresholds", "lever", "parameters"]


@pytest.fixture(scope="module")
def table():
    return games.compare()


def test_one_row_per_scenario_with_the_keys_of_the_contract(table):
    names = games.scenario_names()
    assert len(names) >= 11 and "diplomatic-victory" in names and "prisoners-dilemma" not in names
    d = table.to_dict()
    assert len(d["scenarios"]) == len(names)
    assert [r["name"] for r in d["scenarios"]] == list(names)
    for row in d["scenarios"]:
        assert list(row) == KEYS
        assert row["concept"] in ("Nash", "subgame perfect", "perfect Bayesian")
        assert row["mechanism"] and row["source"] and row["lever"]
        assert row["dv_offered_on_path"] in (True, False, None)


def test_the_headline_row_has_the_offer_and_the_refusal_on_the_path(table):
    row = table["diplomatic-victory"]
    assert (row.concept, row.dv_offered_on_path, row.dv_refused_on_path) == \
        ("perfect Bayesian", True, True)
    assert row.russia_on_path[0].startswith("Decline at DV | Maximalist")
    assert "p - c_R = 9/20 (0.45) > Accept x + kappa*s = 2/5 (0.40)" in row.decisive
    flips = {t["parameter"]: (t["value"], t["from"], t["to"]) for t in row.thresholds}
    assert flips["s"] == ("3/10", "Decline", "Accept")
    assert flips["kappa"] == ("3/4", "Decline", "Accept")
    assert flips["x"] == ("7/20", "Decline", "Accept")


def test_with_full_information_dv_is_not_offered(table):
    row = table["diplomatic-victory-complete-info"]
    assert (row.concept, row.dv_offered_on_path, row.dv_refused_on_path) == \
        ("subgame perfect", False, False)
    assert row.russia_on_path == ("Accept at Enhanced",)


def test_rows_are_computed_a_parameter_changes_them():
    row = games.compare(("diplomatic-victory", "diplomatic-victory-complete-info"),
                        kappa="0.8")
    assert row["diplomatic-victory"].dv_refused_on_path is False      # 0.46 > 0.45: accepted
    assert row["diplomatic-victory-complete-info"].dv_offered_on_path is True
    assert row["diplomatic-victory"].parameters == {"kappa": pytest.approx(0.8)}


def test_a_baseline_name_that_means_something_else_is_not_applied():
    res = games.compare(("diplomatic-victory", "flank-deterrence"), s="0.3")
    assert res["diplomatic-victory"].parameters and not res["flank-deterrence"].parameters
    assert res.not_applied == {"flank-deterrence": ("s",)}
    assert "Not applied in flank-deterrence: s" in str(res)


def test_unknown_parameters_and_games_are_errors():
    with pytest.raises(GameError, match="no scenario has a parameter 'zeta'"):
        games.compare(zeta="1")
    with pytest.raises(GameError, match="no game named"):
        games.compare(("no-such-game",))


def test_the_command_in_three_formats(capsys):
    assert main(["compare", "diplomatic-victory", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert len(d["scenarios"]) == 1 and d["scenarios"][0]["dv_refused_on_path"] is True
    assert main(["compare", "diplomatic-victory", "aims-screening", "--format", "markdown"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4 and lines[1].startswith("| ---")
    assert main(["compare", "diplomatic-victory", "--param", "kappa=0.8"]) == 0
    assert "refused there: no" in capsys.readouterr().out
    assert main(["compare", "--param", "zeta=1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "zeta" in err


def test_a_name_with_different_meanings_must_be_compared_game_by_game():
    with pytest.raises(GameError, match="'y_dv' means different things"):
        games.compare(("aims-screening", "leverage-bargaining"), y_dv="0.5")
    one = games.compare(("aims-screening",), y_dv="0.5")
    assert one["aims-screening"].parameters == {"y_dv": pytest.approx(0.5)}
