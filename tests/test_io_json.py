"""gamesolver's JSON game format, and load/save by extension."""
from __future__ import annotations

import json
import math
import os
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from solver import GameError, NormalFormGame, ParseError
from solver.io import files
from solver.io.files import load, save
from solver.io.json_format import game_from_json, game_to_json

F = Fraction

PD = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                  strategies=(("C", "D"), ("C", "D")), title="PD")


def pd_json():
    return game_to_json(PD)


# ---------------------------------------------------------------- writing
def test_game_to_json_layout():
    d = game_to_json(PD)
    assert d == {
        "format": "gamesolver-game", "version": 1, "form": "normal", "title": "PD",
        "players": ["Row", "Column"], "strategies": [["C", "D"], ["C", "D"]],
        "payoffs": [[["3", "0"], ["5", "1"]], [["3", "5"], ["0", "1"]]],
    }
    json.dumps(d)  # plain JSON values only


def test_exact_numbers_are_strings_and_floats_numbers():
    g = NormalFormGame.from_matrices([["1/3", "0.45"]], [[-2, "7/2"]])
    assert game_to_json(g)["payoffs"] == [[["1/3", "9/20"]], [["-2", "7/2"]]]
    h = NormalFormGame.from_matrices([[0.5, 1.0]], [[-2.25, 3.0]])
    assert game_to_json(h)["payoffs"] == [[[0.5, 1.0]], [[-2.25, 3.0]]]


def test_parameters_and_symbolic_payoffs():
    t, s = sympy.symbols("t s")
    g = NormalFormGame.from_matrices([[3, 0], [t, 1 - s / 2]], [[3, t], [0, 1]],
                                     parameters={"t": "5"})
    d = game_to_json(g)
    assert d["parameters"] == {"s": None, "t": "5"}
    assert d["payoffs"][0][1] == ["t", "1 - s/2"]
    back = game_from_json(json.loads(json.dumps(d)))
    assert back == g and back.parameters == {"t": F(5)}
    assert back.substitute(t=4, s="1/2").payoff((1, 1)) == (F(3, 4), F(1))


def test_expression_functions_and_powers_round_trip():
    t = sympy.Symbol("t")
    g = NormalFormGame.from_matrices([[sympy.Max(t, 0), t**2 / 3]], [[sympy.Abs(t - 1), 1]],
                                     parameters={"t": "-1/2"})
    back = game_from_json(json.loads(json.dumps(game_to_json(g))))
    assert back == g
    d = {"form": "normal", "players": ["A", "B"], "parameters": {"t": None},
         "payoffs": [[["t^2 + 1/2"]], [["Min(t, 1)"]]]}
    h = game_from_json(d)
    assert h.payoff((0, 0)) == (t**2 + sympy.Rational(1, 2), sympy.Min(t, 1))


# ---------------------------------------------------------------- round trips
def test_round_trip_pd_and_three_players():
    assert game_from_json(json.loads(json.dumps(pd_json()))) == PD
    rng = np.random.default_rng(3)
    arrays = [rng.integers(-4, 5, size=(2, 3, 2)).astype(object) * F(1, 3) for _ in range(3)]
    g = NormalFormGame(arrays, players=("A", "B", "C"), title="three")
    back = game_from_json(json.loads(json.dumps(game_to_json(g))))
    assert back == g and back.title == "three" and back.shape == (2, 3, 2)


fractions = st.fractions(max_denominator=30).filter(lambda x: abs(x) < 10**6)


@given(st.integers(1, 3), st.data())
def test_round_trip_random_exact_games(n, data):
    shape = tuple(data.draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    size = math.prod(shape)
    arrays = [np.array(data.draw(st.lists(fractions, min_size=size, max_size=size)),
                       dtype=object).reshape(shape) for _ in range(n)]
    g = NormalFormGame(arrays)
    assert game_from_json(json.loads(json.dumps(game_to_json(g)))) == g


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=4, max_size=4))
def test_round_trip_float_games(values):
    g = NormalFormGame.from_matrices([[values[0], values[1]]], [[values[2], values[3] + 0.5]])
    back = game_from_json(json.loads(json.dumps(game_to_json(g))))
    assert not back.exact and back == g


def test_json_ints_are_exact_and_strategies_optional():
    g = game_from_json({"form": "normal", "players": ["A", "B"],
                        "payoffs": [[[1, 2]], [["0.1", "-1/3"]]]})
    assert g.exact and g.strategies == (("1",), ("1", "2"))
    assert g.payoff((0, 1)) == (F(2), F(-1, 3))


# ---------------------------------------------------------------- bad objects
def broken(**changes):
    d = pd_json()
    for key, value in changes.items():
        if value is ...:
            del d[key]
        else:
            d[key] = value
    return d


@pytest.mark.parametrize("data, message", [
    ([1, 2], "must be a JSON object"),
    (broken(payoff=[]), "unknown key 'payoff'"),
    (broken(form=...), "missing key 'form'"),
    (broken(players=...), "missing key 'players'"),
    (broken(payoffs=...), "missing key 'payoffs'"),
    (broken(form="extensive"), "'form': \"extensive\""),
    (broken(format="other"), "'format'"),
    (broken(version=2), "'version'"),
    (broken(title=3), "'title': expected a string"),
    (broken(players=["Row", ""]), "players[1]: expected a non-empty string"),
    (broken(players=["Row", "Row"]), "players[1]: the label 'Row' appears twice"),
    (broken(players=["Row", "Column", "Third"]), "'payoffs': expected one array per player (3)"),
    (broken(strategies=[["C", "D"], ["C"]]),
     "strategies[1] (player 'Column') has 1 labels, but the payoff arrays give that player 2"),
    (broken(strategies=[["C", "D"]]), "'strategies': expected one array of labels per player"),
    (broken(payoffs=[[["3", "0"], ["5"]], [["3", "5"], ["0", "1"]]]),
     "payoffs[0] (player 'Row')[1]: shape (1,) differs"),
    (broken(payoffs=[[["3", "0"], ["5", "1"]], [["3", "5", "6"], ["0", "1", "2"]]]),
     "payoffs[1] (player 'Column') has shape (2, 3), but payoffs[0] has (2, 2)"),
    (broken(payoffs=[["3", "0"], [["3", "5"], ["0", "1"]]]),
     "payoffs[0] (player 'Row')[0]: expected an array"),
    (broken(payoffs=[[["3", "0"], ["5", True]], [["3", "5"], ["0", "1"]]]),
     "payoffs[0][1][1] (payoff of 'Row' at (D, D)): expected a number or a string, got true"),
    (broken(payoffs=[[["3", "0"], ["5", "1"]], [["3", "5"], ["0", None]]]),
     "payoffs[1][1][1] (payoff of 'Column' at (D, D))"),
    (broken(payoffs=[[["3", "0"], ["5", "1"]], [["3", "5"], ["0", "1 +"]]]),
     "payoffs[1][1][1] (payoff of 'Column' at (D, D)): '1 +' is neither a number"),
    (broken(payoffs=[[["3", "x"], ["5", "1"]], [["3", "5"], ["0", "1"]]]),
     "payoffs[0][0][1] (payoff of 'Row' at (C, D)): 'x' is not allowed in 'x'; parameters are []"),
    (broken(payoffs=[[["3", "t + y"], ["5", "1"]], [["3", "5"], ["0", "1"]]], parameters={"t": 1}),
     "'y' is not allowed in 't + y'; parameters are ['t']"),
    (broken(payoffs=[[["3", "__import__('os').getcwd()"], ["5", "1"]], [["3", "5"], ["0", "1"]]]),
     "'__import__' is not allowed"),
    (broken(payoffs=[[["3", "t.real"], ["5", "1"]], [["3", "5"], ["0", "1"]]], parameters={"t": 1}),
     "unexpected '.'"),
    (broken(payoffs=[[["3", "sqrt(2)"], ["5", "1"]], [["3", "5"], ["0", "1"]]]),
     "'sqrt' is not allowed"),
    (broken(parameters={"_t": 1}), "'_t' is not a valid parameter name"),
    (broken(parameters={"lambda": 1}), "'lambda' is not a valid parameter name"),
    (broken(payoffs=[[["3", "nan"], ["5", "1"]], [["3", "5"], ["0", "1"]]]),
     "payoffs[0][0][1]"),
    (broken(payoffs=[[["3", 0.5], ["5", "t"]], [["3", "5"], ["0", "1"]]], parameters={"t": 1}),
     "cannot mix float payoffs with symbolic"),
    (broken(parameters=["t"]), "'parameters': expected an object"),
    (broken(parameters={"1t": 1}), "'1t' is not a valid parameter name"),
    (broken(parameters={"t": "s+1"}), "parameters['t'] (its default): must be a number"),
    (broken(parameters={"t": [1]}), "parameters['t'] (its default): expected a number or a string"),
])
def test_bad_json_objects(data, message):
    with pytest.raises(ParseError) as err:
        game_from_json(data, file="bad.json")
    assert isinstance(err.value, GameError)
    assert message in str(err.value)
    assert str(err.value).startswith("bad.json: ")


def test_non_normal_game_cannot_be_written():
    with pytest.raises(GameError, match="normal-form"):
        game_to_json(object())


# ---------------------------------------------------------------- load / save
def test_save_and_load_json(tmp_path):
    path = tmp_path / "pd.json"
    save(PD, path)
    text = path.read_text()
    assert '"players": ["Row", "Column"]' in text and '["3", "0"]' in text
    assert load(path) == PD
    assert load(path).title == "PD"


def test_extension_is_case_insensitive(tmp_path):
    path = tmp_path / "PD.NFG"
    save(PD, path)
    assert load(path) == PD


def test_invalid_json_text_reports_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "form": "normal",\n  "players": [1,,]\n}')
    with pytest.raises(ParseError, match="not valid JSON") as err:
        load(path)
    assert err.value.line == 3 and err.value.file == str(path)


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.nfg"
    with pytest.raises(GameError, match="no such file") as err:
        load(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("name", ["game.txt", "game", "game.nfg.bak"])
def test_unknown_extension(tmp_path, name):
    path = tmp_path / name
    path.write_text("NFG 1 R")
    with pytest.raises(GameError, match="not a known game format") as err:
        load(path)
    assert str(path) in str(err.value) and ".nfg" in str(err.value)
    with pytest.raises(GameError, match="not a known game format"):
        save(PD, path)
    assert path.read_text() == "NFG 1 R"


def test_folder_and_binary_file_are_unreadable(tmp_path):
    folder = tmp_path / "folder.nfg"
    folder.mkdir()
    with pytest.raises(GameError, match="folder") as err:
        load(folder)
    assert str(folder) in str(err.value)
    binary = tmp_path / "binary.nfg"
    binary.write_bytes(b"\x00\x01\x02NFG")
    with pytest.raises(GameError, match="binary"):
        load(binary)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.nfg"
    save(PD, path)
    path.chmod(0)
    with pytest.raises(GameError, match="cannot be read"):
        load(path)


def test_latin1_file_loads(tmp_path):
    path = tmp_path / "old.nfg"
    path.write_bytes('NFG 1 R "Caf\xe9" { "A" "B" } { 1 1 } 1 2'.encode("latin-1"))
    assert load(path).title == "Caf\xe9"


def test_failed_save_keeps_the_old_file(tmp_path):
    path = tmp_path / "game.nfg"
    save(PD, path)
    before = path.read_bytes()
    parametric = NormalFormGame.from_matrices([[sympy.Symbol("t")]], [[1]])
    with pytest.raises(GameError, match="parametric") as err:
        save(parametric, path)
    assert str(path) in str(err.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.nfg"]  # no temporary left


def test_write_error_midway_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "game.json"
    save(PD, path)
    before = path.read_bytes()

    def failing_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", failing_fsync)
    with pytest.raises(GameError, match="cannot be written .No space left") as err:
        save(NormalFormGame.from_matrices([[1]], [[2]]), path)
    assert str(path) in str(err.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.json"]


def test_save_into_missing_folder(tmp_path):
    path = tmp_path / "no" / "such" / "game.nfg"
    with pytest.raises(GameError, match="does not exist"):
        save(PD, path)


def test_save_keeps_permissions(tmp_path):
    path = tmp_path / "game.nfg"
    path.write_text("old")
    path.chmod(0o640)
    save(PD, path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert load(path) == PD


def test_efg_hook(tmp_path, monkeypatch):
    """.efg goes to solver.io.efg's read_efg/write_efg, imported on first use."""
    import sys
    import types

    module = types.ModuleType("solver.io.efg")
    seen = {}

    def read_efg(text, file=None):
        seen["read"] = (text, file)
        return "tree"

    def write_efg(game):
        seen["write"] = game
        return "EFG 2 R"

    module.read_efg, module.write_efg = read_efg, write_efg
    monkeypatch.setitem(sys.modules, "solver.io.efg", module)
    path = tmp_path / "t.efg"
    save("a tree", path)
    assert seen["write"] == "a tree" and path.read_text() == "EFG 2 R"
    assert load(path) == "tree" and seen["read"] == ("EFG 2 R", str(path))
