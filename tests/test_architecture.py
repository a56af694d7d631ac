"""The architecture holds: layers import only downward, no cycles, no private names
cross modules, and nothing points outside the repository (docs/architecture.md)."""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("solver", "games")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    """Run import-linter's command on the contracts of ``cwd/setup.cfg``."""
    script = Path(sys.executable).parent / "lint-imports"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "importlinter.cli"]
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(cmd + ["--no-cache"], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_import_contracts_hold():
    pytest.importorskip("importlinter")
    run = _lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    kept = re.search(r"Contracts: (\d+) kept, (\d+) broken", run.stdout)
    assert kept is not None, run.stdout
    assert (int(kept.group(1)), int(kept.group(2))) == (5, 0)


@pytest.mark.parametrize("module,line,named", [
    # the engine imports its catalogue: forbidden, and upward
    ("solver/numbers.py", "import games", "solver.numbers -> games"),
    # the game model imports an algorithm: upward
    ("solver/forms/profiles.py", "import solver.algorithms.pure", "solver.forms.profiles -> "
     "solver.algorithms.pure"),
    # two explanation modules import each other: a cycle
    ("solver/analysis/prose.py", "import solver.analysis.explain_tree",
     ".prose -> .explain_tree"),
])
def test_a_wrong_import_breaks_a_contract_and_is_named(tmp_path, module, line, named):
    pytest.importorskip("importlinter")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "setup.cfg", tmp_path / "setup.cfg")
    with open(tmp_path / module, "a") as f:
        f.write(f"\n{line}  # deliberately wrong\n")
    run = _lint_imports(tmp_path)
    assert run.returncode != 0
    assert "broken" in run.stdout and named in run.stdout, run.stdout


# ------------------------------------------------------------------ private names
def _modules():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _owned(tree: ast.Module) -> set[str]:
    """Private names a module defines: functions, classes, attributes it assigns, slots."""
    owned = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            owned.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            owned.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            owned.add(node.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            owned.add(node.target.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value.isidentifier():
            owned.add(node.value)              # __slots__ entries
    return owned


def _own_object(node: ast.Attribute) -> bool:
    """``self._x`` or ``cls._x``: a class using its own or an inherited member (a subclass
    of sympy's printer implements ``_print_*`` and calls ``self._print``)."""
    return isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")


def test_no_private_name_crosses_modules():
    offences = []
    for path in _modules():
        tree = ast.parse(path.read_text())
        owned = _owned(tree)
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                offences += [f"{where}:{node.lineno} imports {a.name} from {node.module}"
                             for a in node.names if _private(a.name)]
            elif isinstance(node, ast.Attribute) and _private(node.attr) \
                    and node.attr not in owned and not _own_object(node):
                offences.append(f"{where}:{node.lineno} uses .{node.attr}, defined elsewhere")
    assert offences == []


def test_the_private_name_check_can_fail(tmp_path):
    bad = "from solver.forms.extensive.nodes import _hidden\nx = game._chance\ny = self._mine\n"
    tree = ast.parse(bad)
    owned = _owned(tree)
    found = [n for n in ast.walk(tree)
             if (isinstance(n, ast.ImportFrom) and any(_private(a.name) for a in n.names))
             or (isinstance(n, ast.Attribute) and _private(n.attr) and n.attr not in owned
                 and not _own_object(n))]
    assert len(found) == 2


# ------------------------------------------------------------------ paths
SHIPPED = ("README.md", "docs", "solver", "games", "examples", "benchmarks", "setup.cfg",
           "pyproject.toml")


def test_nothing_shipped_names_a_path_outside_the_repository():
    files = []
    for name in SHIPPED:
        p = ROOT / name
        files += [p] if p.is_file() else [f for f in p.rglob("*")
                                          if f.suffix in (".py", ".md", ".cfg", ".toml")]
    assert len(files) > 50
    outside = re.compile(r"\.\./shared|\bshared/(seeds|reference|SCENARIOS|DESIGN)|/work/")
    hits = [f"{f.relative_to(ROOT)}:{k}" for f in files
            for k, line in enumerate(f.read_text().splitlines(), 1) if outside.search(line)]
    assert hits == []


def test_readme_and_docs_link_only_inside_the_repository():
    link = re.compile(r"\]\(([^)#]+)(#[^)]*)?\)")
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    checked = 0
    for page in pages:
        for target, _ in link.findall(page.read_text()):
            if re.match(r"[a-z]+://", target):
                continue
            resolved = (page.parent / target).resolve()
            assert resolved.is_relative_to(ROOT), f"{page.name} links outside: {target}"
            assert resolved.exists(), f"{page.name} links to a missing file: {target}"
            checked += 1
    assert checked >= 5


# ------------------------------------------------------------------ the catalogue
def test_the_engine_finds_the_catalogue_through_its_entry_point():
    import games
    from solver.cli import installed_catalogues
    found = installed_catalogues()
    assert len(found) == 1 and found[0] is games


def test_the_command_without_a_catalogue_still_reads_files_and_says_what_is_missing(capsys):
    from solver.cli import main
    assert main(["solve", str(ROOT / "tests/data/nfg/pd.nfg")], catalogues=[]) in (0, 2)
    capsys.readouterr()
    assert main(["solve", "prisoners-dilemma"], catalogues=[]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no catalogue of games is installed" in err


def test_every_public_name_of_the_package_resolves():
    import solver
    assert len(solver.__all__) >= 20
    for name in solver.__all__:
        assert getattr(solver, name) is not None, name
