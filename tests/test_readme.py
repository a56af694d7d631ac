"""The README's commands and code are part of the contract: CI runs its test
command verbatim, and its Python code must run."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _blocks(lang):
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_quick_start_is_two_commands_and_ci_runs_the_test_command():
    quick = _blocks("bash")[0].strip().splitlines()
    assert len(quick) == 2
    install_and_run, test_command = quick
    assert install_and_run.startswith("pip install . && gamesolver ")
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci


def test_readme_python_runs(capsys):
    code = _blocks("python")
    assert code
    for block in code:
        exec(compile(block, "README.md", "exec"), {})
    assert "Fraction" in capsys.readouterr().out


def test_readme_command_outputs_are_what_the_command_prints(capsys):
    """Each ```text block that starts with ``$ gamesolver ...`` shows that command's output."""
    import shlex

    from solver.cli import main
    shown = [b for b in _blocks("text") if b.startswith("$ gamesolver ")]
    assert len(shown) >= 1
    for block in shown:
        command, *expected = block.strip().splitlines()
        assert main(shlex.split(command)[2:]) == 0
        assert capsys.readouterr().out.strip().splitlines() == expected


def test_readme_catalogue_table_is_the_registered_text():
    import games
    rows = re.findall(r"^\| `([a-z-]+)` \| (.*) \| (.*) \|$", README, flags=re.M)
    names = games.scenario_names()
    assert len(rows) == len(names)
    for (name, mechanism, lever), expected in zip(rows, names):
        e = games.entry(expected)
        assert (name, mechanism, lever) == (expected, f"{e.mechanism} ({e.literature})", e.lever)
