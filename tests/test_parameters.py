"""A game carries its own parameter descriptions, whichever way it was made."""
from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
import sympy

import games
import solver
from solver.cli import main
from solver.errors import GameError, InvalidGameError, ParseError
from solver.forms.parameters import Parameter, parameter_table

T = Parameter("t", "5", "0", "10", "the temptation to defect", "a textbook")


def _dilemma(parameters):
    t = sympy.Symbol("t")
    return solver.NormalFormGame.from_matrices(
        [[3, 0], [t, 1]], [[3, t], [0, 1]], strategies=(("C", "D"), ("C", "D")),
        title="Dilemma", parameters=parameters)


def test_parameter_table_reads_defaults_and_descriptions():
    table = parameter_table({"a": "0.45", "t": T})
    assert list(table) == ["a", "t"]
    assert table["a"] == Parameter("a", "0.45") and table["a"].value == F(9, 20)
    assert table["a"].range is None
    assert table["t"].range == (F(0), F(10)) and table["t"].meaning == "the temptation to defect"
    assert parameter_table([T]) == {"t": T}
    assert parameter_table(None) == {}


@pytest.mark.parametrize("bad, words", [
    ({"t": Parameter("s", "1")}, "describes parameter 's'"),
    ({"t": "abc"}, "default of parameter 't'"),
    ([("t", "1")], "expected Parameter objects"),
    ({"t": Parameter("t", "1", "0", "one")}, "high end of parameter 't'"),
])
def test_bad_parameter_descriptions_are_game_errors(bad, words):
    with pytest.raises(GameError, match=words):
        parameter_table(bad)


def test_a_users_game_carries_its_ranges_into_thresholds():
    described = _dilemma([T])
    assert described.parameter_specs == {"t": T}
    assert described.parameters == {"t": F(5)}
    res = solver.thresholds(described, "t")            # no range given: the game's own
    assert (res.low, res.high) == (F(0), F(10))
    assert len(res) >= 1 and {r.value for r in res} == {F(3)}
    with pytest.raises(GameError, match="give the range of 't'"):
        solver.thresholds(_dilemma({"t": "5"}), "t")


def test_substitution_keeps_the_descriptions():
    g = _dilemma([T, Parameter("u", "1", "0", "2")])
    assert g.substitute(t="4").parameter_specs == g.parameter_specs


def test_a_json_file_carries_described_parameters(tmp_path):
    g = _dilemma([T])
    path = tmp_path / "dilemma.json"
    solver.save(g, path)
    data = json.loads(path.read_text())
    assert data["parameters"] == {"t": {"default": "5", "low": "0", "high": "10",
                                        "meaning": "the temptation to defect",
                                        "source": "a textbook"}}
    back = solver.load(path)
    assert back == g and back.parameter_specs["t"].range == (F(0), F(10))
    assert main(["thresholds", str(path), "t", "--format", "json"]) == 0


def test_plain_defaults_stay_plain_in_json(tmp_path):
    path = tmp_path / "plain.json"
    solver.save(_dilemma({"t": "5"}), path)
    assert json.loads(path.read_text())["parameters"] == {"t": "5"}


@pytest.mark.parametrize("described, words", [
    ({"default": "5", "low": "0"}, "give both 'low' and 'high'"),
    ({"default": "5", "low": "2", "high": "1"}, "'low' must be below 'high'"),
    ({"low": "0", "high": "1"}, "needs its 'default'"),
    ({"default": "5", "range": [0, 1]}, "unknown key 'range'"),
    ({"default": "5", "meaning": 3}, "expected a string"),
])
def test_bad_described_parameters_in_json_are_parse_errors(tmp_path, described, words):
    data = {"form": "normal", "players": ["A", "B"], "parameters": {"t": described},
            "payoffs": [[["t", "0"], ["0", "1"]], [["1", "0"], ["0", "t"]]]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ParseError, match=words):
        solver.load(path)


def test_every_catalogue_game_carries_its_entrys_parameters():
    names = games.names()
    assert len(names) >= 29
    for name in names:
        entry = games.entry(name)
        specs = games.get(name).parameter_specs
        assert specs == {p.name: p for p in entry.parameters}, name


def test_a_catalogue_value_outside_its_range_is_refused():
    with pytest.raises(GameError, match="outside its range"):
        games.get("diplomatic-victory", kappa="2")
    with pytest.raises(InvalidGameError):
        games.get("diplomatic-victory").substitute(nonsense="1")
