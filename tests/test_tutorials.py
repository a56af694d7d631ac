"""The tutorials in docs/tutorials are executable: every code block runs and every output
they show is what the code prints.

The convention (docs/tutorials/README.md, "How the tutorials are checked"):

* ```` ```python ```` blocks run in order, in one namespace per file;
* a ```` ```text ```` block that follows a python block with nothing but blank lines
  between is that block's printed output, exactly (trailing spaces aside);
* a ```` ```console ```` block holds commands (``$ gamesolver ...``), each followed by
  its output; each is run with :func:`solver.cli.main` and must exit with 0.

``python tests/test_tutorials.py --update [FILE ...]`` rewrites the shown outputs from
what the code prints now (then read the diff: the prose must still say what they show).
"""
from __future__ import annotations

import contextlib
import io
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "tutorials"
TUTORIALS = sorted(FOLDER.glob("[0-9][0-9]_*.md"))
#: Other executable pages, checked by the same convention.
PAGES = [ROOT / "docs" / "command.md"]
FENCE = re.compile(r"^```(\w*)[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)


@dataclass
class Block:
    lang: str
    body: str
    start: int          # offsets of the body in the file's text
    end: int
    line: int           # line of the opening fence


def blocks(text: str) -> list[Block]:
    return [Block(m.group(1), m.group(2), m.start(2), m.end(2), text.count("\n", 0, m.start()) + 1)
            for m in FENCE.finditer(text)]


def steps(text: str) -> list[tuple[Block, Block | None]]:
    """Each python or console block with the text block that shows its output (or None)."""
    found = blocks(text)
    out = []
    for k, b in enumerate(found):
        if b.lang == "python":
            nxt = found[k + 1] if k + 1 < len(found) else None
            adjacent = nxt is not None and nxt.lang == "text" and re.fullmatch(
                r"```[ \t]*\n\s*```text[ \t]*\n", text[b.end:nxt.start]) is not None
            out.append((b, nxt if adjacent else None))
        elif b.lang == "console":
            out.append((b, b))
    return out


def commands(body: str) -> list[tuple[str, list[str]]]:
    """The ``$ gamesolver ...`` commands of a console block, each with its output lines."""
    out: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
        else:
            raise AssertionError(f"a console block must start with '$ gamesolver ...', got {line!r}")
    return out


def clean(lines) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def run_command(command: str) -> list[str]:
    from solver.cli import main
    words = shlex.split(command)
    assert words[0] == "gamesolver", f"console blocks run gamesolver only: {command!r}"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = main(words[1:])
    assert status == 0, f"{command!r} exited with {status}"
    return clean(buffer.getvalue().splitlines())


def run_python(block: Block, namespace: dict, name: str) -> list[str]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(block.body, f"{name}, block at line {block.line}", "exec"), namespace)
    return clean(buffer.getvalue().splitlines())


def counts(text: str) -> tuple[int, int]:
    """(code blocks, checked outputs) of a tutorial."""
    pairs = steps(text)
    return len(pairs), sum(1 for _, shown in pairs if shown is not None)


# ---------------------------------------------------------------------- the tests
def test_there_are_nine_tutorials_and_the_index_links_each():
    assert len(TUTORIALS) == 9
    index = (FOLDER / "README.md").read_text()
    for path in TUTORIALS:
        assert f"]({path.name})" in index, path.name


@pytest.mark.parametrize("path", TUTORIALS + PAGES, ids=lambda p: p.stem)
def test_tutorial_runs_and_shows_what_it_prints(path):
    text = path.read_text()
    code, checked = counts(text)
    assert code >= 3 and checked >= 3, f"{path.name}: {code} code blocks, {checked} checked outputs"
    namespace: dict = {"__name__": "tutorial"}
    for block, shown in steps(text):
        if block.lang == "console":
            for command, expected in commands(block.body):
                assert run_command(command) == clean(expected), f"{path.name}: $ {command}"
            continue
        printed = run_python(block, namespace, path.name)
        if shown is not None:
            assert printed == clean(shown.body.splitlines()), \
                f"{path.name}: the output shown at line {shown.line} is not what the block prints"


def test_the_block_convention_is_read_as_documented():
    text = ("```python\nprint(1)\n```\n\n```text\n1\n```\nprose\n```python\nx = 2\n```\n"
            "prose\n```text\nnot an output\n```\n```console\n$ gamesolver list\nout\n```\n")
    pairs = steps(text)
    assert [(b.lang, s is not None) for b, s in pairs] == [("python", True), ("python", False),
                                                           ("console", True)]
    assert counts(text) == (3, 2)
    assert commands(pairs[2][0].body) == [("gamesolver list", ["out"])]


# ---------------------------------------------------------------------- updating
def update(path: Path) -> None:
    """Rewrite the outputs a tutorial shows with what its code prints now."""
    text = path.read_text()
    namespace: dict = {"__name__": "tutorial"}
    edits = []
    for block, shown in steps(text):
        if block.lang == "console":
            body = []
            for command, _ in commands(block.body):
                body += [f"$ {command}"] + run_command(command)
            edits.append((block, "\n".join(body) + "\n"))
            continue
        printed = run_python(block, namespace, path.name)
        if shown is not None:
            edits.append((shown, "\n".join(printed) + "\n"))
    for block, body in sorted(edits, key=lambda e: -e[0].start):
        text = text[:block.start] + body + text[block.end:]
    path.write_text(text)


if __name__ == "__main__":
    if "--update" not in sys.argv:
        sys.exit("usage: python tests/test_tutorials.py --update [FILE ...]")
    chosen = [Path(a) for a in sys.argv[1:] if a != "--update"] or TUTORIALS
    for p in chosen:
        update(p)
        print(f"updated {p}")
