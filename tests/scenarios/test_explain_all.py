"""`gamesolver explain NAME` works for every scenario game, and each explanation cites
the source passages behind its decisive parameters."""
import pytest

import games
from solver.cli import main

SCENARIOS = games.scenario_names()
#: Parameters that encode no passage: counterfactual terms no document reports.
COUNTERFACTUAL = {"x_enh", "s_enh"}


def test_the_catalogue_has_the_scenarios():
    assert len(SCENARIOS) >= 12
    assert {"diplomatic-victory", "diplomatic-victory-complete-info", "aims-screening",
            "western-policy-mix"} <= set(SCENARIOS)


@pytest.mark.parametrize("name", SCENARIOS)
def test_explain_runs_and_cites_seeds(name, capsys):
    assert main(["explain", name]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Where the numbers come from" in out
    assert "Source: seed 00" in out
    uncited = [p.name for p in games.entry(name).parameters if not p.source]
    assert set(uncited) <= COUNTERFACTUAL, "every parameter but the counterfactuals cites a passage"
