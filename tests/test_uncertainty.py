"""Uncertainty over parameters (solver.analysis.uncertainty): draws, exact answers per draw,
the symbolic shortcut, executors, the command's JSON."""
from __future__ import annotations

import io
import json
import math
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import games
from solver import NormalFormGame, TreeBuilder
from solver.analysis.executors import Progress, chunk_slices, map_chunks
from solver.analysis.uncertainty import (Distribution, UncertaintyResult, parse_distribution,
                                         parse_distributions, spearman, uncertainty,
                                         uncertainty_command)
from solver.errors import GameError
from solver.forms.parameters import Parameter

HEADLINE = {"kappa": "uniform:0.3:0.9", "pi": "uniform:0:1", "s": "triangular:0:0.2:0.5"}


@pytest.fixture(scope="module")
def complete_info():
    return games.get("diplomatic-victory-complete-info")


@pytest.fixture(scope="module")
def headline():
    return games.get("diplomatic-victory")


def _same_answers(a, b):
    """Per draw: the same choices, sets reached and equilibrium counts, and the same
    outcome probabilities up to rounding."""
    assert a.records.act.shape == b.records.act.shape
    assert np.array_equal(a.records.act, b.records.act)
    assert np.array_equal(a.records.on_path, b.records.on_path)
    assert np.array_equal(a.records.n_equilibria, b.records.n_equilibria)
    assert np.allclose(a.records.outcome, b.records.outcome, rtol=0, atol=1e-12)


# ------------------------------------------------------------------ distributions
def test_each_kind_is_read_exactly():
    specs = ["a=uniform:0.3:0.9", "b=triangular:0:1/4:1", "c=beta:6:4", "d=normal:0.5:0.1",
             "e=fixed:0.45"]
    parsed = [parse_distribution(t) for t in specs]
    assert len(parsed) == 5
    assert parsed[0] == ("a", Distribution("uniform", (Fraction(3, 10), Fraction(9, 10))))
    assert parsed[1][1].args == (0, Fraction(1, 4), 1)
    assert parsed[2][1].spec == "beta:6:4"
    assert parsed[3][1].kind == "normal"
    assert parsed[4][1].args == (Fraction(9, 20),)
    assert parse_distributions({"x": "uniform:0:1"}) == {"x": Distribution("uniform", (0, 1))}


@pytest.mark.parametrize("spec,words", [
    ("kappa", "NAME=KIND:ARGS"),
    ("=uniform:0:1", "NAME=KIND:ARGS"),
    ("kappa=gamma:1:2", "unknown kind 'gamma'"),
    ("kappa=uniform:0.5", "uniform takes 2 arguments"),
    ("kappa=uniform:a:1", "'a' is not an exact decimal"),
    ("kappa=fixed:0.2:0.3", "fixed takes 1 argument"),
    ("2kappa=uniform:0:1", "not a parameter name"),
])
def test_a_malformed_spec_is_named(spec, words):
    with pytest.raises(GameError) as e:
        parse_distribution(spec)
    assert spec in str(e.value) and words in str(e.value)


@pytest.mark.parametrize("dist,words", [
    ("uniform:0.9:0.3", "needs a < b"),
    ("uniform:0.5:1.5", "outside the range [0, 1]"),
    ("triangular:0:2:1", "a <= mode <= b"),
    ("beta:0:2", "must be positive"),
    ("normal:0.5:0", "sigma must be positive"),
    ("normal:40:0.1", "less than"),
    ("fixed:2", "outside the range"),
])
def test_a_distribution_that_does_not_fit_the_parameter_is_an_error(complete_info, dist, words):
    with pytest.raises(GameError) as e:
        uncertainty(complete_info, {"kappa": dist}, samples=10, seed=0)
    assert f"kappa={dist}" in str(e.value) and words in str(e.value)


def test_unknown_or_doubly_given_parameters_are_errors(complete_info):
    with pytest.raises(GameError, match="no parameter 'nope'"):
        uncertainty(complete_info, {"nope": "uniform:0:1"}, samples=10, seed=0)
    with pytest.raises(GameError, match="two distributions"):
        parse_distributions(["kappa=uniform:0:1", "kappa=fixed:0.5"])
    with pytest.raises(GameError, match="both a distribution and a value"):
        uncertainty(complete_info, {"kappa": "uniform:0:1"}, samples=10, seed=0,
                    params={"kappa": "0.5"})
    with pytest.raises(GameError, match="samples must be a positive integer"):
        uncertainty(complete_info, {"kappa": "uniform:0:1"}, samples=0, seed=0)
    with pytest.raises(GameError, match="beta is scaled to the parameter's range"):
        g = NormalFormGame([[["t", 0], [0, 1]], [[1, 0], [0, 1]]], parameters={"t": "1"})
        uncertainty(g, {"t": "beta:2:2"}, samples=10, seed=0)


def test_draws_stay_in_range_and_follow_their_distribution():
    rng = np.random.default_rng(0)
    rng_range = (Fraction(0), Fraction(1))
    beta = Distribution("beta", (Fraction(6), Fraction(4))).draw(rng, 20000,
                                                                (Fraction(1), Fraction(3)))
    normal = Distribution("normal", (Fraction(9, 10), Fraction(1, 5))).draw(rng, 20000, rng_range)
    tri = Distribution("triangular", (Fraction(0), Fraction(1, 5), Fraction(1, 2))).draw(rng, 20000,
                                                                                      rng_range)
    assert len(beta) == len(normal) == len(tri) == 20000
    assert beta.min() >= 1 and beta.max() <= 3 and abs(beta.mean() - (1 + 2 * 0.6)) < 0.01
    assert normal.min() >= 0 and normal.max() <= 1 and normal.mean() < 0.9
    assert abs(tri.mean() - (0 + 0.2 + 0.5) / 3) < 0.005


# ------------------------------------------------------------------ the done-when check
def test_russia_declines_dv_with_probability_p_kappa_below_three_quarters(complete_info):
    res = uncertainty(complete_info, {"kappa": "uniform:0.5:1"}, samples=4000, seed=3)
    assert len(res.choices) == 7 and len(res.outcomes) == 5
    decline = res.choice("Russia", "DV", "Decline")
    assert decline.stderr == pytest.approx(math.sqrt(0.25 / 3999), rel=0.01)
    assert abs(decline.probability - 0.5) < 3 * decline.stderr
    # exact answer per draw: Russia declines exactly when kappa < 3/4 (off the path: the
    # West then offers Enhanced)
    kappa = res.values[:, 0]
    assert np.array_equal(res.records.act[:, 1] == 1, kappa < 0.75)
    assert decline.on_path == 0.0
    enhanced = res.choice("West", "West", "Enhanced")
    assert enhanced.probability == decline.probability


def test_the_json_object_has_the_documented_keys(complete_info):
    out = uncertainty_command(complete_info, ["kappa=uniform:0.5:1"], samples=500, seed=3,
                              fmt="json")
    d = json.loads(out)
    assert list(d)[:5] == ["samples", "seed", "choices", "outcomes", "sensitivity"]
    assert (d["samples"], d["seed"]) == (500, 3)
    assert len(d["choices"]) == 7
    c = next(c for c in d["choices"] if (c["player"], c["at"], c["action"]) ==
             ("Russia", "DV", "Decline"))
    assert list(c) == ["player", "at", "action", "probability", "stderr"]
    assert len(d["on_path"]) == 7
    assert next(c for c in d["on_path"] if (c["at"], c["action"]) == ("DV", "Decline")
                )["probability"] == 0.0
    assert d["distinct_draws"] == 500 and d["distributions"] == {"kappa": "uniform:0.5:1"}
    assert d["sensitivity"][0]["parameter"] == "kappa"
    assert abs(d["sensitivity"][0]["rank_correlation"]) == pytest.approx(math.sqrt(3) / 2,
                                                                          abs=0.03)
    text = uncertainty_command(complete_info, ["kappa=uniform:0.5:1"], samples=200, seed=3)
    assert "Equilibrium choices" in text and "Russia  DV" in text and "Sensitivity" in text
    with pytest.raises(GameError, match="unknown format"):
        uncertainty_command(complete_info, ["kappa=uniform:0.5:1"], samples=10, fmt="xml")
    with pytest.raises(GameError, match="at least one distribution"):
        uncertainty_command(complete_info, [], samples=10)


# ------------------------------------------------------------------ the headline game
def test_the_headline_game_counts_every_set_and_outcome(headline):
    res = uncertainty(headline, HEADLINE, samples=2000, seed=1)
    assert isinstance(res, UncertaintyResult)
    assert len(res.choices) == 3 + 4 * 2 and len(res.outcomes) == 5
    assert res.parameters == ("s", "kappa", "pi")
    # the shares of the actions at each set add up to the draws with a pure choice there
    west = [c.probability for c in res.choices if c.at == "West"]
    assert sum(west) == pytest.approx(1.0)
    assert sum(o.probability for o in res.outcomes) == pytest.approx(1.0)
    decline = res.choice("Russia", "DV | Maximalist", "Decline")
    assert 0 < decline.probability < 1 and decline.on_path <= decline.probability
    # the exact solve at a few draws says the same
    assert res.exact_solves < 50


def test_seeds_reproduce_a_run_and_differ_from_each_other(headline):
    a = uncertainty(headline, HEADLINE, samples=500, seed=7)
    b = uncertainty(headline, HEADLINE, samples=500, seed=7)
    c = uncertainty(headline, HEADLINE, samples=500, seed=8)
    assert a.to_dict() == b.to_dict() and str(a) == str(b)
    assert np.array_equal(a.values, b.values) and not np.array_equal(a.values, c.values)
    none = uncertainty(headline, HEADLINE, samples=20)          # a seed is made and recorded
    again = uncertainty(headline, HEADLINE, samples=20, seed=none.seed)
    assert np.array_equal(none.values, again.values)


def test_the_chunks_do_not_change_the_answer(headline):
    one = uncertainty(headline, HEADLINE, samples=1500, seed=2)
    many = uncertainty(headline, HEADLINE, samples=1500, seed=2, chunk_size=97)
    assert one.to_dict() == many.to_dict()
    assert one.records.same_rows(many.records)


def test_a_process_pool_gives_the_serial_answer(headline):
    serial = uncertainty(headline, HEADLINE, samples=2000, seed=5)
    with ProcessPoolExecutor(2) as pool:
        pooled = uncertainty(headline, HEADLINE, samples=2000, seed=5, executor=pool,
                             chunk_size=250)
    assert pooled.to_dict() == serial.to_dict()
    assert pooled.records.same_rows(serial.records)
    assert str(pooled) == str(serial)


def _dask_matches_serial(processes: bool, complete_info):
    distributed = pytest.importorskip("distributed")
    args = (complete_info, {"kappa": "uniform:0.5:1", "x": "uniform:0.2:0.4"})
    serial = uncertainty(*args, samples=3000, seed=3)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=processes,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = uncertainty(*args, samples=3000, seed=3, executor=client.get_executor())
    assert remote.to_dict() == serial.to_dict()
    assert remote.records.same_rows(serial.records)


def test_a_local_dask_cluster_gives_the_serial_answer(complete_info):
    _dask_matches_serial(False, complete_info)


@pytest.mark.slow
def test_a_local_dask_cluster_of_processes_gives_the_serial_answer(complete_info):
    _dask_matches_serial(True, complete_info)


# ------------------------------------------------------------------ the symbolic shortcut
@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), which=st.sampled_from(["headline", "complete", "ties"]))
def test_the_shortcut_agrees_with_an_exact_solve_at_every_draw(seed, which):
    if which == "headline":
        game, dist = games.get("diplomatic-victory"), {
            "kappa": "uniform:0:1", "pi": "beta:2:2", "x": "uniform:0.1:0.5",
            "p_L": "triangular:0.3:0.5:0.7"}
    elif which == "complete":
        game, dist = games.get("diplomatic-victory-complete-info"), {
            "kappa": "uniform:0:1", "c_R": "uniform:0:0.3", "s_enh": "beta:3:3"}
    else:
        game, dist = _ties_and_discounting(), {"d": "uniform:0:1", "b": "uniform:0:1"}
    fast = uncertainty(game, dist, samples=16, seed=seed)
    slow = uncertainty(game, dist, samples=16, seed=seed, shortcut=False)
    _same_answers(fast, slow)
    assert slow.exact_solves == fast.distinct_draws


def _ties_and_discounting():
    """A perfect-information tree with a structural tie (two routes to the same payoff),
    a piecewise payoff, and values that differ only far down a discounted sum."""
    d, bb = sympy.symbols("d b")
    b = TreeBuilder(("A", "B"), parameters=[Parameter("d", "1/2", "0", "1"),
                                            Parameter("b", "1/2", "0", "1")])
    root = b.decision("A", ("Stop", "Go", "Same"), label="A1", infoset_label="A1")
    b.terminal(root, "Stop", payoffs=(bb, 1 - bb))
    b.terminal(root, "Same", payoffs=(bb, 1 - bb))
    node, total = root["Go"], sympy.Integer(0)
    for t in range(1, 8):
        player = "B" if t % 2 else "A"
        n = b.decision(player, ("Quit", "On"), parent=node, label=f"t{t}", infoset_label=f"t{t}")
        total = total + d ** t
        b.terminal(n, "Quit", payoffs=(total - bb, sympy.Piecewise((bb, bb > d), (d, True))))
        node = n["On"]
    b.terminal(node, payoffs=(total, bb * d))
    return b.build()


def test_a_game_without_the_shortcut_is_solved_draw_by_draw_and_once_per_distinct_draw():
    g = NormalFormGame([[["t", 0], [0, 1]], [[1, 0], [0, "t"]]], parameters={"t": "1"},
                       strategies=(("A", "B"), ("A", "B")))
    res = uncertainty(g, {"t": "uniform:0.5:2"}, samples=30, seed=1)
    assert res.exact_solves == 30 and res.multiple_equilibria == 30
    assert len(res.choices) == 4 and len(res.outcomes) == 1            # cells played
    row = [res.choice("Row", "the table", s).probability for s in ("A", "B")]
    assert sorted(row) == [0.0, 1.0]                                   # the first listed
    same = uncertainty(g, {"t": "fixed:1.5"}, samples=200, seed=1)
    assert same.exact_solves == 1 and same.distinct_draws == 1


def test_mixed_equilibria_are_reported_separately():
    g = NormalFormGame([[["t", -1], [-1, 1]], [[-1, 1], [1, -1]]], parameters={"t": "1"},
                       strategies=(("H", "T"), ("H", "T")))
    res = uncertainty(g, {"t": "uniform:0.5:2"}, samples=20, seed=4)
    assert len(res.mixed) == 2
    assert [m.probability for m in res.mixed] == [1.0, 1.0]
    assert all(c.probability == 0 for c in res.choices)
    assert sum(o.probability for o in res.outcomes) == pytest.approx(1.0)


# ------------------------------------------------------------------ sensitivity, helpers
def test_spearman_matches_scipy():
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(3)
    x = rng.random(300)
    y = (x + rng.normal(0, 0.3, 300) > 0.5).astype(float)
    assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y)[0], abs=1e-12)
    assert math.isnan(spearman([1, 2, 3], [1, 1, 1]))


def test_map_chunks_keeps_the_order_of_the_tasks():
    def slow_square(k):
        time.sleep(0.02 * (5 - k))
        return k * k
    with ThreadPoolExecutor(4) as pool:
        assert map_chunks(slow_square, list(range(5)), pool) == [0, 1, 4, 9, 16]
    assert map_chunks(slow_square, [2, 3]) == [4, 9]
    assert chunk_slices(0, 5) == [slice(0, 0)]


def test_the_progress_line_is_written_only_when_asked_or_on_a_terminal():
    quiet, loud = io.StringIO(), io.StringIO()
    p = Progress(100, "draws", stream=quiet)          # not a terminal: silent
    p.update(50)
    p.close()
    q = Progress(100, "draws", stream=loud, enabled=True, interval=0)
    q.update(50)
    q.update(100)
    q.close()
    assert quiet.getvalue() == ""
    assert "draws: 50/100 (50%)" in loud.getvalue() and "100/100" in loud.getvalue()


def test_a_run_shows_progress_on_standard_error_only_when_asked(complete_info, capsys):
    uncertainty(complete_info, {"kappa": "uniform:0.5:1"}, samples=300, seed=1, progress=True,
                chunk_size=100)
    assert "uncertainty: draws solved: 300/300 (100%)" in capsys.readouterr().err
    uncertainty(complete_info, {"kappa": "uniform:0.5:1"}, samples=300, seed=1)
    assert capsys.readouterr().err == ""


def test_the_command(capsys):
    from solver.cli import main
    assert main(["uncertainty", "diplomatic-victory-complete-info", "--dist",
                 "kappa=uniform:0.5:1", "--samples", "2000", "--seed", "3", "--format",
                 "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    c = next(c for c in d["choices"] if (c["player"], c["at"], c["action"]) ==
             ("Russia", "DV", "Decline"))
    assert abs(c["probability"] - 0.5) < 3 * c["stderr"]
    assert main(["uncertainty", "diplomatic-victory", "--dist", "kappa=gamma:1"]) == 2
    assert "kappa=gamma:1" in capsys.readouterr().err


def test_sweep_on_a_process_pool_gives_the_serial_table():
    from concurrent.futures import ProcessPoolExecutor

    import games
    from solver.analysis.sweep import sweep
    game = games.get("diplomatic-victory-complete-info")
    serial = sweep(game, "s", start="0", stop="1/2", num=6)
    with ProcessPoolExecutor(2) as pool:
        pooled = sweep(game, "s", start="0", stop="1/2", num=6, executor=pool)
    assert len(serial.rows) == 6
    assert pooled.to_dict() == serial.to_dict()
