"""`gamesolver thresholds` and `gamesolver sweep`."""
import json

import pytest

from solver.cli import main


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_thresholds_json_contract(capsys):
    code, out, err = run(["thresholds", "diplomatic-victory-complete-info", "s", "--format", "json"], capsys)
    assert code == 0 and not err
    data = json.loads(out)
    assert data["parameter"] == "s"
    first = data["thresholds"][0]
    assert first == {"value": "3/10", "player": "Russia", "at": "DV",
                     "from": "Decline", "to": "Accept"}


def test_thresholds_with_other_parameters_and_range(capsys):
    code, out, _ = run(["thresholds", "diplomatic-victory-complete-info", "kappa", "--param", "p=0.7",
                        "--from", "0", "--to", "1"], capsys)
    assert code == 0
    assert "Russia switches from Decline to Accept at Enhanced when kappa rises past 1/2" in out


def test_sweep_table(capsys):
    code, out, _ = run(["sweep", "diplomatic-victory-complete-info", "s", "--from", "0", "--to", "1/2",
                        "--num", "6"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["s", "#", "West"]
    assert any(line.startswith("2/5") and "DV" in line for line in lines)


def test_sweep_plot(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    target = tmp_path / "sweep.png"
    code, out, _ = run(["sweep", "hawk-dove", "V", "--from", "1", "--to", "6", "--num", "6",
                        "--plot", str(target)], capsys)
    assert code == 0 and target.stat().st_size > 0


@pytest.mark.parametrize("argv, message", [
    (["thresholds", "diplomatic-victory-complete-info", "zz"], "has no parameter 'zz'"),
    (["thresholds", "diplomatic-victory-complete-info", "s", "--param", "s=1"], "parameter being moved"),
    (["thresholds", "diplomatic-victory-complete-info", "s", "--from", "abc"], "exact decimal"),
    (["sweep", "diplomatic-victory-complete-info", "s", "--from", "0", "--to", "1", "--num", "1"], "at least 2"),
    (["sweep", "diplomatic-victory-complete-info", "s"], "required"),
    (["thresholds", "no-such-game", "s"], "neither a game file"),
])
def test_bad_arguments_exit_2_with_one_line(argv, message, capsys):
    code, out, err = run(argv, capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err
    assert "Traceback" not in err
