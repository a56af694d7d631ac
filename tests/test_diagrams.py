"""Pictures: best-response diagrams, payoff lines and sweep plots (solver.io.diagrams,
solver.io.sweep_plot, solver.analysis.sweep_branches)."""
from __future__ import annotations

import io
import sys
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver import NormalFormGame, solve
from solver.analysis.sweep import SweepResult
from solver.analysis.sweep_branches import branches, support_key
from solver.cli import main
from solver.errors import GameError
from solver.io.diagrams import best_response_segments, upper_envelope

matplotlib = pytest.importorskip("matplotlib")

FRACTIONS = st.fractions(min_value=-5, max_value=5, max_denominator=6)


def svg_text(ax) -> str:
    """The figure as SVG with its texts kept as text."""
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        ax.figure.savefig(buf, format="svg")
    return buf.getvalue()


def bos():
    return NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                        players=("Chris", "Pat"),
                                        strategies=(("Opera", "Fight"), ("Opera", "Fight")),
                                        title="BoS")


# ---------------------------------------------------------------------- best responses
def test_best_response_diagram_marks_every_equilibrium_with_exact_labels():
    ax = solver.best_response_diagram(bos())
    sol = solve(bos(), "enumerate")
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) == len(sol) == 3
    assert sorted(labels) == ["E1: p = 1, q = 1", "E2: p = 0, q = 0",
                              "E3: p = 2/3, q = 1/3"]
    svg = svg_text(ax)
    assert "E3: p = 2/3, q = 1/3" in svg and "best response" in svg
    assert "p = probability that Chris plays Opera" in ax.get_xlabel()
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert len(dots) == 3
    assert {(float(d.get_xdata()[0]), float(d.get_ydata()[0])) for d in dots} == \
        {(1.0, 1.0), (0.0, 0.0), (2 / 3, 1 / 3)}


def test_a_given_solution_is_marked_instead_of_solving():
    sol = solve(bos(), "pure")
    ax = solver.best_response_diagram(bos(), solution=sol)
    assert len(ax.texts) == len(sol) == 2


def test_parametric_games_are_drawn_at_the_defaults_and_the_title_says_so():
    ax = solver.best_response_diagram(games.get("hawk-dove"))
    assert ax.get_title() == "Hawk-dove: best responses (at C = 4, V = 2)"
    assert "E3: p = 1/2, q = 1/2" in [t.get_text() for t in ax.texts]


def test_wrong_shapes_and_forms_are_refused():
    with pytest.raises(GameError, match="2x2"):
        solver.best_response_diagram(games.get("rock-paper-scissors"))
    with pytest.raises(GameError, match="normal-form"):
        solver.best_response_diagram(games.get("entry-deterrence"))
    with pytest.raises(GameError, match="two-player"):
        solver.best_response_diagram(NormalFormGame([np.zeros((2, 2, 2))] * 3))


def on_segments(segs, other, own) -> bool:
    for a0, b0, a1, b1 in segs:
        if a0 != a1 and b0 != b1:                 # the whole square
            return a0 <= other <= a1 and b0 <= own <= b1
        if a0 == a1 and other == a0 and min(b0, b1) <= own <= max(b0, b1):
            return True
        if b0 == b1 and own == b0 and min(a0, a1) <= other <= max(a0, a1):
            return True
    return False


@settings(max_examples=150, deadline=None)
@given(FRACTIONS, FRACTIONS, st.fractions(min_value=0, max_value=1, max_denominator=12))
def test_segments_hold_exactly_the_best_responses(a, b, t):
    segs = best_response_segments(a, b)
    diff = a + (b - a) * t
    best = [1] if diff > 0 else [0] if diff < 0 else [0, Fraction(1, 2), 1]
    for own in (0, Fraction(1, 2), 1):
        assert on_segments(segs, t, own) == (own in best), (a, b, t, own)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=8, max_size=8))
def test_every_equilibrium_lies_on_both_correspondences(values):
    A = np.array(values[:4]).reshape(2, 2)
    B = np.array(values[4:]).reshape(2, 2)
    g = NormalFormGame.from_matrices(A, B)
    row = best_response_segments(Fraction(int(A[0, 1] - A[1, 1])), Fraction(int(A[0, 0] - A[1, 0])))
    col = best_response_segments(Fraction(int(B[1, 0] - B[1, 1])), Fraction(int(B[0, 0] - B[0, 1])))
    sol = solve(g, "enumerate")
    assert len(sol) >= 1
    for eq in sol:
        p, q = eq.probabilities[0][0], eq.probabilities[1][0]
        assert on_segments(row, q, p) and on_segments(col, p, q)


# ---------------------------------------------------------------------- payoff lines
def two_by_four():
    return NormalFormGame.from_matrices([[2, 3, 1, 5], [4, 1, 6, 0]],
                                        [[3, 1, 2, 0], [0, 2, 1, 4]], players=("Row", "Col"),
                                        strategies=(("T", "B"), ("a", "b", "c", "d")))


def test_payoff_lines_draw_each_strategy_the_envelope_and_the_equilibrium():
    g = two_by_four()
    ax = solver.payoff_lines(g)
    sol = solve(g, "enumerate")
    assert len(sol) == 1
    strategy_lines = [l for l in ax.get_lines() if l.get_label() in ("a", "b", "c", "d")]
    assert len(strategy_lines) == 4
    d = next(l for l in strategy_lines if l.get_label() == "d")
    assert list(d.get_xdata()) == [0.0, 1.0] and list(d.get_ydata()) == [4.0, 0.0]
    envelope = next(l for l in ax.get_lines() if l.get_label().startswith("best response"))
    assert list(envelope.get_xdata()) == [0.0, 4 / 7, 1.0]
    assert [t.get_text() for t in ax.texts] == ["E1: p = 4/7"]
    assert "E1: p = 4/7" in svg_text(ax)
    assert ax.get_ylabel() == "Col's expected payoff"


def test_an_n_by_two_game_is_drawn_for_the_row_player_against_q():
    g = two_by_four()
    h = NormalFormGame.from_matrices(np.array(g.payoffs[1]).T, np.array(g.payoffs[0]).T,
                                     players=("Col", "Row"),
                                     strategies=(("a", "b", "c", "d"), ("T", "B")))
    ax = solver.payoff_lines(h)
    assert ax.get_xlabel().startswith("q = probability that Row plays T")
    assert [t.get_text() for t in ax.texts] == ["E1: q = 4/7"]
    with pytest.raises(GameError, match="exactly two strategies"):
        solver.payoff_lines(h, player="Row")
    with pytest.raises(GameError):
        solver.payoff_lines(h, player="Nobody")
    with pytest.raises(GameError, match="exactly two strategies"):
        solver.payoff_lines(games.get("rock-paper-scissors"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(FRACTIONS, FRACTIONS), min_size=1, max_size=5),
       st.fractions(min_value=0, max_value=1, max_denominator=20))
def test_the_upper_envelope_is_the_maximum_of_the_lines(lines, t):
    env = upper_envelope(lines)
    assert env[0][0] == 0 and env[-1][0] == 1
    k = max(i for i, (s, _) in enumerate(env) if s <= t)
    k = min(k, len(env) - 2)
    (t0, y0), (t1, y1) = env[k], env[k + 1]
    on_envelope = y0 + (y1 - y0) * (t - t0) / (t1 - t0)
    assert on_envelope == max(a + (b - a) * t for a, b in lines)


def test_without_matplotlib_the_error_names_the_plot_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(GameError, match=r"gamesolver\[plot\]"):
        solver.best_response_diagram(bos())


def test_pictures_are_saved_to_files(tmp_path):
    solver.best_response_diagram(bos(), tmp_path / "br.png")
    assert (tmp_path / "br.png").read_bytes()[:4] == b"\x89PNG"
    solver.payoff_lines(two_by_four(), path=tmp_path / "lines.svg")
    assert "<svg" in (tmp_path / "lines.svg").read_text()


def test_show_plot_draws_the_picture_that_suits_the_game(tmp_path, capsys):
    target = tmp_path / "bos.png"
    assert main(["show", "battle-of-the-sexes", "--plot", str(target)]) == 0
    out = capsys.readouterr().out
    assert target.stat().st_size > 0 and out.rstrip().endswith(
        f"best-response diagram written to {target}")
    assert main(["show", "rock-paper-scissors", "--plot", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2x2" in err and "render_sgame" in err
    assert main(["show", "entry-deterrence", "--plot", str(tmp_path / "y.png")]) == 2


# ---------------------------------------------------------------------- sweeps
@pytest.fixture(scope="module")
def hawk_dove_sweep():
    return solver.sweep(games.get("hawk-dove"), "V", (1, 6, 11))


def test_branches_follow_supports_not_the_solvers_order(hawk_dove_sweep):
    found = branches(hawk_dove_sweep)
    assert [b.label for b in found] == ["Hawk | Dove", "Dove | Hawk", "Hawk+Dove | Hawk+Dove",
                                        "Hawk | Hawk"]
    assert [(str(b.values[0]), str(b.values[-1])) for b in found] == [
        ("1", "4"), ("1", "4"), ("1", "7/2"), ("4", "6")]
    total = sum(len(eqs) for _, eqs in hawk_dove_sweep.rows)
    assert sum(len(b.points) for b in found) == total
    values = [v for v, _ in hawk_dove_sweep.rows]
    for b in found:
        assert {support_key(e) for e in b.equilibria} == {b.key}
        start = values.index(b.values[0])
        assert list(b.values) == values[start:start + len(b.values)]   # adjacent values


@settings(max_examples=20, deadline=None)
@given(st.randoms(use_true_random=False))
def test_branches_do_not_depend_on_the_order_of_equilibria(hawk_dove_sweep, rnd):
    rows = tuple((v, tuple(rnd.sample(list(eqs), len(eqs)))) for v, eqs in hawk_dove_sweep.rows)
    shuffled = SweepResult(hawk_dove_sweep.parameter, hawk_dove_sweep.players, rows)
    as_sets = {(b.key, b.values) for b in branches(shuffled)}
    assert as_sets == {(b.key, b.values) for b in branches(hawk_dove_sweep)}


def test_the_sweep_plot_has_one_line_per_branch_and_player_and_marks_thresholds(
        hawk_dove_sweep):
    marks = solver.thresholds(games.get("hawk-dove"), "V", low=1, high=6)
    assert [str(t.value) for t in marks] == ["4", "4"]
    ax = hawk_dove_sweep.plot(thresholds=marks)
    found = branches(hawk_dove_sweep)
    drawn = [l for l in ax.get_lines() if len(l.get_xdata()) and l.get_color() != "grey"]
    assert len(drawn) == len(found) * 2
    values = [float(v) for v, _ in hawk_dove_sweep.rows]
    for line in drawn:                       # each a run of adjacent sweep values
        xs = list(line.get_xdata())
        start = values.index(xs[0])
        assert xs == values[start:start + len(xs)]
    dashed = [l for l in ax.get_lines() if l.get_color() == "grey"]
    assert len(dashed) == 1 and list(dashed[0].get_xdata()) == [4.0, 4.0]
    assert "V = 4" in [t.get_text() for t in ax.texts]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:4] == [b.label for b in found]


def test_the_probability_plot_draws_only_what_mixes(hawk_dove_sweep):
    ax = hawk_dove_sweep.plot(what="probabilities")
    assert sorted(l.get_label() for l in ax.get_lines()) == [
        "Animal 1: Hawk (Hawk+Dove | Hawk+Dove)", "Animal 2: Hawk (Hawk+Dove | Hawk+Dove)"]
    with pytest.raises(GameError, match="what"):
        hawk_dove_sweep.plot(what="regrets")


def test_sweep_command_marks_thresholds_of_a_tree(tmp_path):
    from solver.analysis.sweep import sweep_command
    out = tmp_path / "dv.svg"
    text = sweep_command(games.get("diplomatic-victory"), "s", 0, "1/2", 6, "text",
                         plot_path=str(out))
    assert text.endswith(f"plot written to {out}") and "<svg" in out.read_text()
    ax = solver.sweep(games.get("diplomatic-victory"), "s", (0, "1/2", 6)).plot(
        thresholds=solver.thresholds(games.get("diplomatic-victory"), "s", low=0, high="1/2"))
    assert {t.get_text() for t in ax.texts} == {"s = 1/10", "s = 3/10"}


def test_a_player_indifferent_everywhere_has_the_whole_square():
    g = NormalFormGame.from_matrices([[1, 1], [1, 1]], [[2, 0], [0, 1]])
    assert best_response_segments(Fraction(0), Fraction(0)) == [(0, 0, 1, 1)]
    ax = solver.best_response_diagram(g)
    assert len(ax.collections) == 1           # the shaded square of the row player
    assert len(ax.texts) == len(solve(g, "enumerate"))
