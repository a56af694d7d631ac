"""``gamesolver refine``: each equilibrium's refinements with reasons; errors on one line."""
from __future__ import annotations

import json

from solver import NormalFormGame
from solver.cli import COMMAND_MODULES, main
from solver.io.files import save


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_refine_is_registered_and_in_the_usage():
    import solver.cli
    assert "refine" in COMMAND_MODULES
    assert "gamesolver refine SOURCE" in solver.cli.__doc__


def test_refine_text_selten_horse(capsys):
    code, out, err = run(capsys, "refine", "selten-horse", "--method", "enumerate")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Selten's horse: 8 equilibria (method enumerate)"
    heads = [line for line in lines if line[:1].isdigit()]
    assert len(heads) == 8
    # the three with Across, Across and Left at least 3/4 are perfect; no verdict is open
    perfect = [h for h in heads if h.endswith("sequential, perfect")]
    assert len(perfect) == 3 and all("Player 1: Across" in h for h in perfect)
    assert "not decided" not in out
    assert out.count("perfect: yes -- (agent form)") == 3
    assert "Left ties with Right exactly" in out


def test_refine_json(capsys):
    code, out, err = run(capsys, "refine", "selten-horse", "--method", "enumerate",
                         "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["method"] == "enumerate" and len(data["equilibria"]) == 8
    first = data["equilibria"][0]
    assert set(first) == {"index", "equilibrium", "labels", "refinements"}
    concepts = [r["concept"] for r in first["refinements"]]
    assert concepts == ["subgame perfect", "perfect Bayesian", "sequential", "perfect"]
    perfect = first["refinements"][-1]
    assert perfect["holds"] is True and perfect["detail"]["sequence"]["weights"]


def test_refine_signalling_game_has_intuitive(capsys):
    code, out, err = run(capsys, "refine", "beer-quiche")
    assert code == 0 and err == ""
    assert "intuitive: yes" in out and "intuitive: no" in out


def test_refine_normal_form_file(capsys, tmp_path):
    g = NormalFormGame.from_matrices([[1, 0], [0, 0]], [[1, 0], [0, 0]],
                                     strategies=(("T", "B"), ("L", "R")), title="weak")
    path = tmp_path / "weak.nfg"
    save(g, path)
    code, out, err = run(capsys, "refine", str(path))
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "weak: 2 equilibria (method enumerate)"
    assert "perfect: yes" in out and "perfect: no" in out and "weakly dominated" in out


def test_refine_errors_are_one_line_exit_2(capsys):
    for argv in (("refine", "no-such-game"),
                 ("refine", "selten-horse", "--method", "bogus"),
                 ("refine", "selten-horse", "--format", "latex"),
                 ("refine",)):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and err.startswith("gamesolver: error:")


def test_refine_params(capsys):
    code, out, err = run(capsys, "refine", "hawk-dove", "--param", "V=3", "--param", "C=4")
    assert code == 0 and out.startswith("Hawk-dove: 3 equilibria")
    assert "3/4 Hawk, 1/4 Dove" in out and out.count("perfect: yes") == 3
    code, out, err = run(capsys, "refine", "hawk-dove", "--param", "W=1")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
