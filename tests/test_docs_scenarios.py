"""The shipped documentation of the scenario catalogue agrees with the code and the sources.

* docs/scenarios.md has a section (``## `name` ``) for every scenario game, and its
  parameter table lists every parameter with the code's default and range;
* every quotation line ``> seed 00N: "..."`` is verbatim in that seed document (checked
  when the documents are present next to the repository, skipped otherwise);
* neither docs file points outside the repository.

The catalogue is read through the public API only (``games.names()``, ``games.entry``).
"""
from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

import games

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SCENARIOS_MD = DOCS / "scenarios.md"
INTERPRETATION_MD = DOCS / "interpretation.md"
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

PLACEHOLDER = "(no verbatim passage; the code's citation is a paraphrase)"
#: For a parameter whose code cites no passage at all (a counterfactual term).
NO_SOURCE = "(no passage: the documents do not describe it)"
QUOTE = re.compile(r'^> seed (\d{3}): "(.*)"$')
HEADING = re.compile(r"^## `([^`]+)`\s*$")


def scenario_names() -> list[str]:
    return [n for n in games.names()
            if games.entry(n).build.__module__.startswith("games.scenarios")]


def sections(text: str) -> dict[str, str]:
    """The body of every ``## `name` `` section, up to the next ``## `` heading."""
    out: dict[str, str] = {}
    name, body = None, []
    for line in text.splitlines():
        if line.startswith("## "):
            if name is not None:
                out[name] = "\n".join(body)
            m = HEADING.match(line)
            name, body = (m.group(1) if m else None), []
        elif name is not None:
            body.append(line)
    if name is not None:
        out[name] = "\n".join(body)
    return out


def table_rows(body: str) -> dict[str, list[str]]:
    """Rows of the parameter table in a section: parameter name -> its cells."""
    rows = {}
    for line in body.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        rows[cells[0].strip("`")] = cells
    return rows


def same_number(text: str, value) -> bool:
    """Whether a number written in the docs equals the code's value (exactly)."""
    if text == str(value):
        return True
    try:
        return Fraction(text) == Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return False


@pytest.fixture(scope="module")
def doc() -> str:
    return SCENARIOS_MD.read_text(encoding="utf-8")


def test_every_scenario_has_a_section(doc):
    names = scenario_names()
    assert names, "no scenario games found in the catalogue"
    found = sections(doc)
    missing = [n for n in names if n not in found]
    assert not missing, f"docs/scenarios.md has no section for {missing}"
    unknown = [n for n in found if n not in names]
    assert not unknown, f"docs/scenarios.md documents games not in the catalogue: {unknown}"


@pytest.mark.parametrize("name", scenario_names())
def test_parameter_table_matches_code(doc, name):
    body = sections(doc).get(name)
    assert body is not None, f"no section for {name}"
    rows = table_rows(body)
    e = games.entry(name)
    assert set(rows) == {p.name for p in e.parameters}, \
        f"{name}: table lists {sorted(rows)}, the code {sorted(p.name for p in e.parameters)}"
    for p in e.parameters:
        cells = rows[p.name]
        assert len(cells) == 5, f"{name}.{p.name}: expected 5 cells, got {cells}"
        assert same_number(cells[1], p.default), \
            f"{name}.{p.name}: default {cells[1]} != {p.default}"
        m = re.fullmatch(r"\[(.+), (.+)\]", cells[2])
        assert m, f"{name}.{p.name}: range {cells[2]!r} is not of the form [low, high]"
        assert same_number(m.group(1), p.low) and same_number(m.group(2), p.high), \
            f"{name}.{p.name}: range {cells[2]} != [{p.low}, {p.high}]"
        assert cells[3].replace("\\|", "|") == p.meaning, f"{name}.{p.name}: meaning differs"
        assert cells[4], f"{name}.{p.name}: no passage"
        # below the table, each parameter gets its quotations or the paraphrase note
        block = re.search(rf"^`{re.escape(p.name)}`:\n(.*?)(?=^`[^`\n]+`:$|\Z)", body,
                          re.S | re.M)
        assert block, f"{name}.{p.name}: no passages listed below the table"
        lines = [ln for ln in block.group(1).splitlines() if ln.strip()]
        note = NO_SOURCE if not p.source else PLACEHOLDER
        assert lines and all(QUOTE.match(ln) or ln.endswith(note) for ln in lines), \
            f"{name}.{p.name}: passages must be quotation lines or the note {note!r}: {lines}"


def quotations(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in map(QUOTE.match, text.splitlines()) if m]


def test_quotations_are_verbatim(doc):
    quotes = quotations(doc)
    assert len(quotes) >= len(scenario_names()), \
        f"only {len(quotes)} quotation lines for {len(scenario_names())} scenarios"
    # a line that looks like a quotation but breaks the convention would escape the check
    loose = [ln for ln in doc.splitlines() if ln.startswith("> seed") and not QUOTE.match(ln)]
    assert not loose, f"quotation lines not in the form > seed 00N: \"...\": {loose}"
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the source documents ({SEEDS_DIR.name}/) are not available here")
    texts = {}
    for seed in sorted({s for s, _ in quotes}):
        files = sorted(SEEDS_DIR.glob(f"{seed}_*.txt"))
        assert len(files) == 1, f"seed {seed}: expected one file, found {files}"
        texts[seed] = files[0].read_text(encoding="utf-8")
    bad = [(s, q) for s, q in quotes if not q or q not in texts[s]]
    assert not bad, f"quotations not verbatim in their seed: {bad}"


@pytest.mark.parametrize("path", [SCENARIOS_MD, INTERPRETATION_MD], ids=lambda p: p.name)
def test_no_paths_outside_the_repository(path):
    text = path.read_text(encoding="utf-8")
    for needle in ("../shared", "shared/"):
        assert needle not in text, f"{path.name} mentions {needle!r}"
