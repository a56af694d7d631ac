"""Every quotation of a source document is real: verbatim in the document it names.

The scenario games quote the two source documents ("seed 000", "seed 002") in their
parameters' and entries' ``source`` strings, and ``explain`` prints them.  A quotation
may leave words out with " ... "; each part must then appear verbatim, in order.  The
project ships the passages it quotes in ``docs/scenarios.md``; where the documents
themselves are present (a developer's checkout), the quotations are checked against
them too.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import games

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
QUOTE = re.compile(r"seed (000|002)\b|\"([^\"]+)\"")


def quotations(text: str) -> list[tuple[str, str]]:
    """``(seed, passage)`` for every double-quoted passage, attributed to the seed named
    last before it."""
    out, seed = [], None
    for m in QUOTE.finditer(text):
        if m.group(1):
            seed = m.group(1)
        elif seed is not None:
            out.append((seed, m.group(2)))
    return out


def occurs(passage: str, document: str) -> bool:
    """Each part of ``passage`` (split at " ... ") occurs verbatim in ``document``, in order."""
    at = 0
    for part in passage.split(" ... "):
        at = document.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def _scenario_entries():
    names = [n for n in games.names()
             if games.entry(n).build.__module__.startswith("games.scenarios")]
    return [games.entry(n) for n in names]


def _source_quotations():
    found = []
    for e in _scenario_entries():
        for where, text in [(e.name, e.source)] + [(f"{e.name}: {p.name}", p.source)
                                                     for p in e.parameters]:
            found += [(where, seed, passage) for seed, passage in quotations(text)]
    return found


def _shipped() -> dict[str, str]:
    """The quotation lines of docs/scenarios.md, joined per seed."""
    lines = (ROOT / "docs" / "scenarios.md").read_text().splitlines()
    shipped = {"000": [], "002": []}
    for line in lines:
        m = re.match(r'> seed (000|002): "(.*)"$', line)
        if m:
            shipped[m.group(1)].append(m.group(2))
    return {k: "\n".join(v) for k, v in shipped.items()}


def test_quotations_are_found():
    assert quotations('seed 002: "a" and "b"; seed 000: "c ... d"') == [
        ("002", "a"), ("002", "b"), ("000", "c ... d")]
    assert occurs("one ... three", "one two three") and not occurs("three ... one", "one two three")
    found = _source_quotations()
    assert len(_scenario_entries()) >= 12
    assert len(found) >= 30


def test_every_quotation_is_shipped_in_the_docs():
    shipped = _shipped()
    missing = [(where, passage) for where, seed, passage in _source_quotations()
               if not occurs(passage, shipped[seed])]
    assert missing == []


def test_every_quotation_is_verbatim_in_its_document():
    if not SEEDS.is_dir():
        pytest.skip("the source documents are not beside this checkout")
    docs = {seed: next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
            for seed in ("000", "002")}
    wrong = [(where, seed, passage) for where, seed, passage in _source_quotations()
             if not occurs(passage, docs[seed])]
    assert wrong == []
    shipped = _shipped()
    for seed, text in shipped.items():
        for line in text.splitlines():
            assert occurs(line, docs[seed]), (seed, line)


def test_the_headline_explanation_quotes_only_real_passages():
    sections = games.explain("diplomatic-victory").to_dict()["sections"]
    printed = quotations("\n".join(line for s in sections for line in s["lines"]))
    assert len(printed) >= 8
    known = {(seed, passage) for _, seed, passage in _source_quotations()}
    assert set(printed) <= known
