"""Learning and evolutionary dynamics (solver.analysis.dynamics).

The delegation is checked by calling nashpy directly on the same inputs, with the same
seed, and comparing the arrays; the verdicts on classic games against the textbooks:
fictitious play converges in frequencies on matching pennies (Robinson 1951), the
replicator dynamics of hawk-dove go to the mixed equilibrium and those of the
prisoner's dilemma to defection, and those of rock-paper-scissors cycle around the
mixed equilibrium (Hofbauer and Sigmund 1998, ch. 7).
"""
from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import games
import solver
from solver.analysis.dynamics import dynamics, parse_start
from solver.analysis.regret_matching import regret_matching
from solver.cli import main
from solver.errors import GameError

nash = pytest.importorskip("nashpy")

ROOT = Path(__file__).resolve().parent.parent
HALF = (Fraction(1, 2), Fraction(1, 2))


def floats(game):
    return tuple(np.array(m, dtype=float) for m in game.float_payoffs)


def shifted(M):
    span = float(np.ptp(M)) or 1.0
    return M + (span - M.min())


def equilibrium(run):
    c = run.convergence
    assert c.equilibrium is not None, str(run)
    return run.equilibria[c.equilibrium].probabilities


# ---------------------------------------------------------------------- delegation
def test_fictitious_play_is_nashpys_on_the_same_seed():
    game = games.get("iesds-example")          # 2x3: the two players' shapes differ
    run = dynamics(game, "fictitious", iterations=300, seed=7)
    A, B = floats(game)
    np.random.seed(7)
    theirs = list(nash.Game(A, B).fictitious_play(iterations=300))
    assert len(theirs) == 301 and len(run.times) == 300     # the empty prior row is dropped
    for i in (0, 1):
        expected = np.array([pc[i] for pc in theirs], dtype=float)[1:]
        assert run.counts[i].shape == expected.shape
        assert np.array_equal(run.counts[i], expected)
        assert np.array_equal(run.trajectory[i], expected / expected.sum(axis=1, keepdims=True))
    assert run.labels == game.strategies and run.parameters["seed"] == 7


def test_fictitious_play_with_a_prior_is_nashpys():
    game = games.get("matching-pennies")
    run = dynamics(game, "fictitious", iterations=200, seed=3,
                   start=[{"Heads": 2, "Tails": 1}, [0, 5]])
    A, B = floats(game)
    np.random.seed(3)
    theirs = list(nash.Game(A, B).fictitious_play(
        iterations=200, play_counts=[np.array([2.0, 1.0]), np.array([0.0, 5.0])]))
    assert len(run.times) == 201                            # the prior row is kept
    for i in (0, 1):
        assert np.array_equal(run.counts[i], np.array([pc[i] for pc in theirs], dtype=float))
    assert np.allclose(run.trajectory[0][0], [2 / 3, 1 / 3])


def test_stochastic_fictitious_play_is_nashpys_on_the_same_seed():
    game = games.get("battle-of-the-sexes")
    run = dynamics(game, "stochastic-fictitious", iterations=200, seed=11, etha=0.2,
                   epsilon_bar=0.05)
    A, B = floats(game)
    np.random.seed(11)
    theirs = list(nash.Game(A, B).stochastic_fictitious_play(iterations=200, etha=0.2,
                                                             epsilon_bar=0.05))
    assert len(theirs) == 201 and len(run.times) == 200
    for i in (0, 1):
        counts = np.array([pc[i] for pc, _ in theirs], dtype=float)[1:]
        dists = np.array([d[i] for _, d in theirs[1:]], dtype=float)
        assert np.array_equal(run.counts[i], counts)
        assert np.array_equal(run.responses[i], dists)


def test_replicator_is_nashpys_on_the_shifted_payoffs():
    game = games.get("hawk-dove")
    run = dynamics(game, "replicator", iterations=500, horizon=25,
                   start={"Hawk": "0.9", "Dove": "0.1"})
    A, B = floats(game.substitute(defaults=True))
    times = np.linspace(0, 25, 501)
    theirs = nash.Game(shifted(A), shifted(B)).replicator_dynamics(
        y0=np.array([0.9, 0.1]), timepoints=times)
    assert run.trajectory[0].shape == (501, 2)
    assert np.array_equal(run.trajectory[0], theirs)
    assert np.array_equal(run.times, times)
    # the shift leaves the dynamics unchanged: nashpy on the payoffs as they are agrees
    plain = nash.Game(A, B).replicator_dynamics(y0=np.array([0.9, 0.1]), timepoints=times)
    assert np.max(np.abs(plain - theirs)) < 1e-6


def test_asymmetric_replicator_is_nashpys_on_the_shifted_payoffs():
    game = games.get("battle-of-the-sexes")
    start = [{"Opera": "0.3", "Fight": "0.7"}, {"Opera": "0.6", "Fight": "0.4"}]
    run = dynamics(game, "asymmetric-replicator", iterations=400, horizon=20, start=start)
    A, B = floats(game)
    xs, ys = nash.Game(shifted(A), shifted(B)).asymmetric_replicator_dynamics(
        x0=np.array([0.3, 0.7]), y0=np.array([0.6, 0.4]), timepoints=np.linspace(0, 20, 401))
    assert np.array_equal(run.trajectory[0], xs) and np.array_equal(run.trajectory[1], ys)


def test_the_simplex_stays_put_where_nashpys_plain_run_leaves_it():
    """The prisoner's dilemma's payoffs are negative: d(Σx)/dt = xᵀAx (1 − Σx) pushes a
    numerical solution off the simplex, which the shift prevents."""
    game = games.get("prisoners-dilemma")
    run = dynamics(game, "replicator")
    assert np.max(np.abs(run.trajectory[0].sum(axis=1) - 1)) < 1e-6
    A, _ = floats(game)
    plain = nash.Game(A, A.T).replicator_dynamics(y0=np.array([0.5, 0.5]),
                                                  timepoints=run.times)
    assert abs(plain[-1].sum() - 1) > 0.5


# ---------------------------------------------------------------------- seeds
def test_the_seed_decides_the_run_and_the_global_generator_is_restored():
    game = games.get("rock-paper-scissors")
    np.random.seed(5)
    expected = np.random.random(3)
    np.random.seed(5)
    a = dynamics(game, "stochastic-fictitious", iterations=150, seed=2)
    assert np.array_equal(np.random.random(3), expected)
    b = dynamics(game, "stochastic-fictitious", iterations=150, seed=2)
    assert all(np.array_equal(x, y) for x, y in zip(a.counts, b.counts))
    c = dynamics(game, "regret-matching", iterations=150, seed=2)
    d = dynamics(game, "regret-matching", iterations=150, seed=2)
    assert all(np.array_equal(x, y) for x, y in zip(c.counts, d.counts))


def test_without_a_seed_one_is_drawn_and_recorded_so_the_run_repeats():
    game = games.get("matching-pennies")
    a = dynamics(game, "fictitious", iterations=100)
    seed = a.parameters["seed"]
    assert isinstance(seed, int) and 0 <= seed < 2 ** 32
    b = dynamics(game, "fictitious", iterations=100, seed=seed)
    assert all(np.array_equal(x, y) for x, y in zip(a.counts, b.counts))


# ---------------------------------------------------------------------- verdicts
def test_fictitious_play_on_matching_pennies_converges_in_frequencies_to_one_half():
    run = dynamics(games.get("matching-pennies"), "fictitious", seed=0)
    assert run.convergence.verdict == "converges"
    assert equilibrium(run) == (HALF, HALF)
    assert str(run).startswith("Fictitious play from (")
    assert "converges in empirical frequencies to the mixed equilibrium (Player 1: 1/2 Heads, " \
           "1/2 Tails; Player 2: 1/2 Heads, 1/2 Tails) of Matching pennies." in run.headline()


def test_hawk_dove_replicator_converges_to_the_mixed_equilibrium():
    run = dynamics(games.get("hawk-dove"), "replicator", start=[0.9, 0.1])
    assert run.populations == ("Population",) and run.convergence.converges
    assert equilibrium(run)[0] == HALF
    assert run.headline() == ("Replicator dynamics from (0.9 Hawk, 0.1 Dove) converges to the "
                              "mixed equilibrium (1/2 Hawk, 1/2 Dove) of Hawk-dove.")
    other = dynamics(games.get("hawk-dove"), "replicator", params={"V": 2, "C": 3},
                     start=[0.1, 0.9])
    assert equilibrium(other)[0] == (Fraction(2, 3), Fraction(1, 3))


def test_prisoners_dilemma_replicator_goes_to_defection():
    run = dynamics(games.get("prisoners-dilemma"), "replicator")
    assert equilibrium(run)[0] == (0, 1)
    assert "converges to the pure equilibrium (Fink)" in run.headline()


def test_stag_hunt_replicator_basins_split_at_the_mixed_equilibrium():
    stag = dynamics(games.get("stag-hunt"), "replicator", start=[0.8, 0.2])
    hare = dynamics(games.get("stag-hunt"), "replicator", start=[0.7, 0.3])
    assert equilibrium(stag)[0] == (1, 0) and equilibrium(hare)[0] == (0, 1)


def test_rock_paper_scissors_replicator_cycles():
    run = dynamics(games.get("rock-paper-scissors"), "replicator", start=[0.5, 0.25, 0.25])
    c = run.convergence
    assert c.verdict == "cycles" and c.equilibrium is None
    assert c.period is not None and 0 < c.period < 50 and c.excursion > 0.1
    # x1 x2 x3 is a constant of motion (Hofbauer and Sigmund 1998, 7.7): a closed orbit
    product = run.trajectory[0].prod(axis=1)
    assert np.max(np.abs(product - 0.5 * 0.25 * 0.25)) < 1e-5
    assert "cycles in Rock-paper-scissors" in run.headline()
    # the centre is a rest point
    centre = dynamics(games.get("rock-paper-scissors"), "replicator")
    assert centre.convergence.converges
    assert equilibrium(centre)[0] == (Fraction(1, 3),) * 3


def test_asymmetric_replicator_cycles_on_matching_pennies():
    run = dynamics(games.get("matching-pennies"), "asymmetric-replicator",
                   start=[[0.6, 0.4], [0.6, 0.4]])
    assert run.convergence.verdict == "cycles"
    assert len(run.trajectory) == 2 and run.populations == ("Player 1", "Player 2")


def test_a_short_run_that_is_still_moving_does_not_settle():
    run = dynamics(games.get("hawk-dove"), "replicator", start=[0.99, 0.01], iterations=100,
                   horizon=2)
    assert run.convergence.verdict == "does not settle"
    assert "does not settle in Hawk-dove within 100 time steps" in run.headline()


def test_regret_matching_is_the_procedure_it_claims():
    """Re-derive each period's mixed strategy from the recorded plays: proportional to the
    positive parts of the cumulative regrets, the start when none is positive."""
    game = games.get("iesds-example")
    A, B = floats(game)
    (rows, cols), (sr, sc) = regret_matching(A, B, 400, np.random.default_rng(4))
    assert rows.shape == (400, 2) and cols.shape == (400, 3)
    assert np.array_equal(rows.sum(axis=1), np.arange(1, 401))
    plays_r = np.argmax(np.diff(np.vstack([np.zeros(2), rows]), axis=0), axis=1)
    plays_c = np.argmax(np.diff(np.vstack([np.zeros(3), cols]), axis=0), axis=1)
    regret_r, regret_c = np.zeros(2), np.zeros(3)
    for t in range(400):
        for regret, recorded in ((regret_r, sr[t]), (regret_c, sc[t])):
            positive = np.maximum(regret, 0)
            want = positive / positive.sum() if positive.sum() > 0 else \
                np.full(len(regret), 1 / len(regret))
            assert np.allclose(recorded, want)
            assert recorded[plays_r[t] if len(regret) == 2 else plays_c[t]] > 0
        r, c = plays_r[t], plays_c[t]
        regret_r += A[:, c] - A[r, c]
        regret_c += B[r, :] - B[r, c]


def test_regret_matching_frequencies_approach_the_minimax_strategies_of_a_zero_sum_game():
    run = dynamics(games.get("rock-paper-scissors"), "regret-matching", seed=1)
    assert run.convergence.converges
    assert equilibrium(run) == ((Fraction(1, 3),) * 3,) * 2


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, message", [
    (dict(rule="best-response"), "unknown rule"),
    (dict(rule="replicator"), "needs a symmetric game"),
    (dict(seed=-1), "seed"),
    (dict(seed=2 ** 32), "seed"),
    (dict(iterations=0), "iterations"),
    (dict(start={"Heads": 1, "Edge": 0}), "no strategy 'Edge'"),
    (dict(rule="asymmetric-replicator", start=[0.7, 0.7]), "sum to 1.4"),
    (dict(rule="asymmetric-replicator", start=[[1, 0], [1, 0], [1, 0]]), "got 3"),
    (dict(start=[-1, 2]), "negative"),
    (dict(rule="stochastic-fictitious", etha=0), "etha"),
    (dict(rule="asymmetric-replicator", horizon=-1.0), "horizon"),
])
def test_bad_input_is_a_game_error_naming_it(kwargs, message):
    rule = kwargs.pop("rule", "fictitious")
    with pytest.raises(GameError, match=message):
        dynamics(games.get("matching-pennies"), rule, iterations=kwargs.pop("iterations", 10),
                 **kwargs)


def test_games_that_are_not_two_player_normal_forms_are_refused():
    with pytest.raises(GameError, match="two-player normal-form"):
        dynamics(games.get("sanctions-coalition"), "fictitious")
    with pytest.raises(GameError, match="two-player normal-form"):
        dynamics(games.get("centipede"), "fictitious")


def test_parse_start():
    g = games.get("battle-of-the-sexes")
    assert parse_start("Opera:1/3, Fight:2/3 ; Opera:1", g, 2) == [
        {"Opera": "1/3", "Fight": "2/3"}, {"Opera": "1"}]
    with pytest.raises(GameError, match="label:number"):
        parse_start("Opera=1", g, 2)
    # one part serves both players only when they have the same strategies
    with pytest.raises(GameError, match="one part per player"):
        dynamics(games.get("iesds-example"), "fictitious", iterations=10, start={"Up": 1})


# ---------------------------------------------------------------------- records
def test_the_json_form_holds_the_trajectory_and_the_verdict():
    run = dynamics(games.get("hawk-dove"), "replicator", iterations=50, horizon=50,
                   start=[0.9, 0.1])
    d = json.loads(json.dumps(run.to_dict()))
    assert d["rule"] == "replicator" and d["convergence"]["verdict"] == "converges"
    assert len(d["times"]) == 51 and len(d["trajectory"]) == 1 and len(d["trajectory"][0]) == 51
    assert d["equilibria"][d["convergence"]["equilibrium"]]["strategies"][0] == ["1/2", "1/2"]
    assert "trajectory" not in run.to_dict(trajectory=False)
    assert run.trajectory[0].flags.writeable is False


# ---------------------------------------------------------------------- pictures
def test_pictures_choose_the_simplex_the_square_or_time(tmp_path):
    pytest.importorskip("matplotlib")
    from solver.io.dynamics_plot import picture_kind, plot_dynamics
    rps = dynamics(games.get("rock-paper-scissors"), "replicator", start=[0.5, 0.25, 0.25])
    mp = dynamics(games.get("matching-pennies"), "fictitious", iterations=200, seed=0)
    hd = dynamics(games.get("hawk-dove"), "replicator", iterations=100, horizon=20)
    assert [picture_kind(r) for r in (rps, mp, hd)] == ["simplex", "square", "time"]
    for name, run in (("rps", rps), ("mp", mp), ("hd", hd)):
        path = tmp_path / f"{name}.png"
        ax = plot_dynamics(run, path)
        assert path.stat().st_size > 1000
        labels = ax.get_legend_handles_labels()[1]
        assert "equilibrium" in labels
    texts = [t.get_text() for t in plot_dynamics(rps).texts]
    assert sorted(texts) == ["Paper", "Rock", "Scissors"]


# ---------------------------------------------------------------------- command
def run_cli(argv, capsys):
    code = main(argv, catalogues=[games])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_command_text_json_and_plot(capsys, tmp_path):
    code, out, _ = run_cli(["dynamics", "hawk-dove", "--rule", "replicator", "--start",
                            "Hawk:9/10,Dove:1/10"], capsys)
    assert code == 0
    assert out.startswith("Replicator dynamics from (0.9 Hawk, 0.1 Dove) converges to the "
                          "mixed equilibrium (1/2 Hawk, 1/2 Dove) of Hawk-dove.")
    code, out, _ = run_cli(["dynamics", "matching-pennies", "--iterations", "300", "--seed", "4",
                            "--format", "json"], capsys)
    d = json.loads(out)
    assert code == 0 and d["parameters"]["seed"] == 4 and len(d["times"]) == 300
    picture = tmp_path / "traj.png"
    code, out, _ = run_cli(["dynamics", "rock-paper-scissors", "--rule", "replicator",
                            "--start", "Rock:1/2,Paper:1/4,Scissors:1/4", "--plot",
                            str(picture)], capsys)
    assert code == 0 and picture.exists() and "cycles" in out.splitlines()[0]


@pytest.mark.parametrize("argv, message", [
    (["dynamics", "matching-pennies", "--rule", "replicator"], "symmetric"),
    (["dynamics", "matching-pennies", "--seed", "x"], "seed"),
    (["dynamics", "matching-pennies", "--start", "Heads=1"], "label:number"),
    (["dynamics", "matching-pennies", "--rule", "bogus"], "invalid choice"),
    (["dynamics", "hawk-dove", "--rule", "replicator", "--plot", "/nonexistent/dir/x.png"],
     "cannot write"),
])
def test_command_errors_are_one_line_with_status_2(argv, message, capsys):
    if "--plot" in argv:
        pytest.importorskip("matplotlib")
    code, out, err = run_cli(argv, capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


# ---------------------------------------------------------------------- docs
def test_the_docs_examples_run(capsys):
    text = (ROOT / "docs" / "dynamics.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 2
    for block in blocks:
        exec(compile(block, "docs/dynamics.md", "exec"), {})
    out = capsys.readouterr().out
    assert "converges" in out and "Evolutionarily stable" in out
