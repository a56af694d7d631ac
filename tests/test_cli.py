"""The gamesolver command (solver.cli)."""
from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

import games
from solver import NormalFormGame
from solver.cli import main
from solver.errors import SolverError
from solver.io.files import save

REPO = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def bos_game():
    return NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                        strategies=(("Opera", "Fight"), ("Opera", "Fight")),
                                        title="BoS")


# ---------------------------------------------------------------------- success
def test_list_prints_the_catalogue(capsys):
    code, out, err = run(capsys, "list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(games.names())
    assert any(line.startswith("battle-of-the-sexes ") and "mixed" in line for line in lines)


def test_solve_json_follows_the_contract(capsys):
    code, out, err = run(capsys, "solve", "battle-of-the-sexes", "--method", "enumerate",
                         "--format", "json")
    assert code == 0 and err == ""
    assert out.count("\n") == 1
    data = json.loads(out)
    assert {"game", "method", "exact", "complete", "equilibria"} <= set(data)
    assert data["game"]["form"] == "normal"
    assert data["game"]["players"] == list(games.get("battle-of-the-sexes").players)
    assert data["method"] == "enumerate" and data["exact"] is True and data["complete"] is True
    assert len(data["equilibria"]) == 3
    for eq in data["equilibria"]:
        for probs in eq["strategies"]:
            assert all(isinstance(p, str) for p in probs)
            assert sum(Fraction(p) for p in probs) == 1
        assert all(isinstance(u, str) for u in eq["payoffs"])
    # Gibbons 1.3.A: the mixed equilibrium (2/3, 1/3), (1/3, 2/3)
    assert [["2/3", "1/3"], ["1/3", "2/3"]] in [eq["strategies"] for eq in data["equilibria"]]
    from solver.solve import solve
    expected = solve(games.get("battle-of-the-sexes"), "enumerate").to_dict()
    assert out == json.dumps(expected) + "\n"


def test_solve_text_has_summary_and_notes(capsys):
    code, out, err = run(capsys, "solve", "battle-of-the-sexes")
    assert code == 0 and err == ""
    assert out.startswith("3 equilibria")
    assert "note: auto chose" in out


def test_explain_text_and_json(capsys):
    code, out, err = run(capsys, "explain", "battle-of-the-sexes", "--method", "enumerate")
    assert code == 0 and err == ""
    assert "indifferent" in out and "1/3" in out and "2/3" in out
    code, out, err = run(capsys, "explain", "iesds-example", "--format", "json")
    assert code == 0
    sections = json.loads(out)["sections"]
    dom = next(s for s in sections if s["title"] == "Dominated strategies")
    assert len([l for l in dom["lines"] if l.startswith("Round")]) == 3


def test_show_formats(capsys):
    code, out, err = run(capsys, "show", "prisoners-dilemma")
    assert code == 0 and err == ""
    fink = [l for l in out.splitlines() if l.startswith("Fink")]
    assert len(fink) == 1 and fink[0].count("*") == 3     # (Fink, Mum) row; (Fink, Fink) both
    code, out, _ = run(capsys, "show", "prisoners-dilemma", "--format", "latex")
    assert code == 0 and out.startswith(r"\begin{game}{2}{2}")    # sgame
    code, out, _ = run(capsys, "show", "prisoners-dilemma", "--format", "html")
    assert code == 0 and out.startswith("<table")
    code, out, _ = run(capsys, "show", "prisoners-dilemma", "--format", "json")
    assert code == 0 and isinstance(json.loads(out), dict)


def test_files_and_parameters(capsys, tmp_path):
    path = tmp_path / "bos.nfg"
    save(bos_game(), path)
    code, out, err = run(capsys, "solve", str(path), "--format", "json")
    assert code == 0, err
    assert len(json.loads(out)["equilibria"]) == 3
    # a parametric game from a .json file, solved at given values
    hd = NormalFormGame.symmetric([["(V - C)/2", "V"], [0, "V/2"]], strategies=("Hawk", "Dove"),
                                  parameters={"V": "2", "C": "4"})
    jpath = tmp_path / "hawk_dove.json"
    save(hd, jpath)
    code, out, err = run(capsys, "solve", str(jpath), "--param", "V=2", "--param", "C=6",
                         "--method", "enumerate", "--format", "json")
    assert code == 0, err
    mixed = [e for e in json.loads(out)["equilibria"] if "1/3" in e["strategies"][0]]
    assert len(mixed) == 1   # P(Hawk) = V/C = 1/3
    code, out, err = run(capsys, "show", str(jpath))
    assert code == 0 and "V" in out and "C" in out
    # catalogue parameters go through games.get
    code, out, err = run(capsys, "solve", "hawk-dove", "--param", "V=3", "--param", "C=4",
                         "--method", "enumerate", "--format", "json")
    assert code == 0, err
    assert any(e["strategies"][0] == ["3/4", "1/4"] for e in json.loads(out)["equilibria"])


def test_python_dash_m_solver():
    proc = subprocess.run([sys.executable, "-m", "solver", "solve", "prisoners-dilemma",
                           "--format", "json"], capture_output=True, text=True, cwd=REPO,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len(data["equilibria"]) == 1
    assert data["equilibria"][0]["strategies"] == [["0", "1"], ["0", "1"]]
    bad = subprocess.run([sys.executable, "-m", "solver", "solve", "no-such-game"],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("gamesolver: error: ") and bad.stderr.count("\n") == 1


# ---------------------------------------------------------------------- failures
def bad_nfg(tmp_path):
    p = tmp_path / "broken.nfg"
    p.write_text('NFG 1 R "broken" { "A" "B" } { 2 2 }\n1 2 3\n')
    return str(p)


@pytest.mark.parametrize("argv", [
    ["solve", "{tmp}/missing.nfg"],
    ["solve", "{bad}"],
    ["explain", "{bad}"],
    ["show", "{bad}"],
    ["solve", "no-such-game"],
    ["solve", "battle-of-the-sexes", "--method", "simplex"],
    ["solve", "battle-of-the-sexes", "--param", "V"],
    ["solve", "hawk-dove", "--param", "V=abc"],
    ["solve", "hawk-dove", "--param", "W=1"],
    ["solve", "battle-of-the-sexes", "--format", "xml"],
    ["solve"],
    [],
    ["frobnicate"],
    ["explain", "battle-of-the-sexes", "--method", "spe"],
])
def test_bad_input_exits_2_with_one_line(capsys, tmp_path, argv):
    argv = [a.format(tmp=tmp_path, bad=bad_nfg(tmp_path)) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("gamesolver: error: ")
    assert err.count("\n") == 1 and err.endswith("\n")
    assert "Traceback" not in err


def test_solver_failure_exits_1(capsys, monkeypatch):
    import importlib
    solve_module = importlib.import_module("solver.solve")

    def broken(*args, **kwargs):
        raise SolverError("certificate failed: 'Row' gains 1 by deviating\nsecond line")
    monkeypatch.setattr(solve_module, "solve", broken)
    code, out, err = run(capsys, "solve", "battle-of-the-sexes")
    assert code == 1 and out == ""
    assert err.startswith("gamesolver: error: ") and err.count("\n") == 1
    assert "certificate failed" in err


def test_help_exits_0(capsys):
    code, out, err = run(capsys, "--help")
    assert code == 0 and "solve" in out and err == ""


# ---------------------------------------------------------------------- game trees (.efg)
EFG = REPO / "tests" / "data" / "efg" / "entry_deterrence.efg"


def test_show_efg_prints_the_tree(capsys):
    code, out, err = run(capsys, "show", str(EFG))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Entry deterrence"
    edges = [l for l in lines if "-- " in l]
    assert len(edges) == 4
    assert "|-- Out: (0, 2)" in lines and "`-- In: Incumbent [fight?]" in lines
    assert "    `-- Accommodate: (1, 1)" in lines
    code, out, _ = run(capsys, "show", "beer-quiche", "--format", "html")
    assert code == 0 and out.startswith('<pre class="gamesolver-efg">')
    code, out, _ = run(capsys, "show", "beer-quiche", "--format", "latex")
    assert code == 0 and out.startswith("\\begin{verbatim}")


def test_solve_efg_json_follows_the_contract(capsys):
    code, out, err = run(capsys, "solve", str(EFG), "--format", "json")
    assert code == 0 and err == "" and out.count("\n") == 1
    data = json.loads(out)
    assert data["game"]["form"] == "extensive"
    assert data["game"]["infosets"] == [[{"label": "entry", "actions": ["Out", "In"]}],
                                        [{"label": "fight?", "actions": ["Fight", "Accommodate"]}]]
    assert data["method"] == "spe" and data["exact"] is True and data["complete"] is True
    assert len(data["equilibria"]) == 1
    # Gibbons 1992, 2.1: the subgame-perfect equilibrium is (In, Accommodate)
    assert data["equilibria"][0]["behavior"] == [[["0", "1"]], [["0", "1"]]]
    assert data["equilibria"][0]["payoffs"] == ["1", "1"]
    from solver import load
    from solver.solve import solve
    assert out == json.dumps(solve(load(EFG)).to_dict()) + "\n"
    code, out, err = run(capsys, "solve", str(EFG), "--method", "pure", "--format", "json")
    assert code == 0, err
    assert len(json.loads(out)["equilibria"]) == 2       # (Out, Fight) is Nash too


def test_explain_tree_from_catalogue_and_file(capsys):
    code, out, err = run(capsys, "explain", "entry-deterrence")
    assert code == 0 and err == ""
    assert "so Entrant chooses In" in out
    assert "Subgame perfection discards (Out, Fight)." in " ".join(out.split())
    code, out, err = run(capsys, "explain", str(EFG), "--format", "json")
    assert code == 0, err
    titles = [s["title"] for s in json.loads(out)["sections"]]
    assert titles == ["Bottom line", "The game", "Equilibrium 1", "Non-credible threats",
                      "Summary", "Method"]


def test_explain_brief_prints_the_bottom_line_only(capsys):
    code, out, err = run(capsys, "explain", "diplomatic-victory", "--brief")
    assert code == 0 and err == ""
    lines = out.strip().splitlines()
    assert 4 <= len(lines) <= 6 and all(len(line) <= 100 for line in lines)
    assert lines[0] == ("On the path: West DV; Russia Decline at DV | Maximalist (0.30), "
                        "Accept at DV | Limited (0.70).")
    assert lines[1] == ("Why: Russia Decline at DV | Maximalist: p - c_R = 0.45 > Accept "
                        "x + kappa*s = 0.40.")
    assert "x > 0.35" in lines[3] and "s > 0.30" in lines[3] and "kappa > 0.75" in lines[3]
    assert "Fearon 1995" in lines[4]
    assert lines[5].startswith("Concept: perfect Bayesian equilibrium; Decline reveals Maximalist")
    code, out, err = run(capsys, "explain", str(EFG), "--brief", "--format", "json")
    assert code == 0, err
    assert [s["title"] for s in json.loads(out)["sections"]] == ["Bottom line"]


def bad_efg(tmp_path):
    p = tmp_path / "broken.efg"
    p.write_text('EFG 2 R "broken" { "A" "B" }\np "" 1 1 "" { "L" "R" } 0\nt "" 1 "o" { 1 2 \n')
    return str(p)


@pytest.mark.parametrize("command", ["show", "solve", "explain"])
def test_bad_efg_exits_2_with_one_line(capsys, tmp_path, command):
    code, out, err = run(capsys, command, bad_efg(tmp_path))
    assert code == 2 and out == ""
    assert err.startswith("gamesolver: error: ") and err.count("\n") == 1
    assert "broken.efg" in err and "line 3" in err


def test_show_tree_as_json_is_refused(capsys):
    code, out, err = run(capsys, "show", "centipede", "--format", "json")
    assert code == 2 and out == "" and err.count("\n") == 1


def test_version(capsys):
    assert main(["--version"]) == 0
    import solver
    assert capsys.readouterr().out.strip() == f"gamesolver {solver.__version__}"


@pytest.mark.parametrize("delay", [0.3, 0.8])
def test_ctrl_c_ends_with_status_130_and_one_line(delay):
    """Interrupted while importing or while working: exit 130, one line, no traceback."""
    import signal
    import time
    proc = subprocess.Popen([sys.executable, "-m", "solver", "compare"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:                     # finished before the signal: nothing to see
        pytest.skip("the command finished before it was interrupted")
    if proc.returncode == -signal.SIGINT:        # a loaded machine: Python itself was starting
        pytest.skip("the signal came before the interpreter installed its handler")
    assert proc.returncode == 130
    assert err == "gamesolver: interrupted\n"
