"""`gamesolver explain NAME` works for every scenario of SCENARIOS.md, and each
explanation cites the seed passages behind its decisive parameters."""
import pytest

import games
from solver.cli import main

SCENARIOS = ("diplomatic-victory", "aims-screening", "ceasefire-commitment",
             "leverage-bargaining", "ratification-red-lines", "waning-resolve",
             "sanctions-coercion", "flank-deterrence", "escalation-chicken",
             "security-dilemma", "western-policy-mix")


def test_the_catalogue_has_the_eleven_scenarios():
    assert set(SCENARIOS) <= set(games.names())


@pytest.mark.parametrize("name", SCENARIOS)
def test_explain_runs_and_cites_seeds(name, capsys):
    assert main(["explain", name]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Where the numbers come from" in out
    assert "Source: seed 00" in out
    sources = {p.source for p in games.entry(name).parameters}
    assert all(s for s in sources), "every parameter cites its seed passage"
