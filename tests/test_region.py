"""Region maps (solver.analysis.region): which outcome holds over two parameters, with
exact boundaries, the smallest changes that flip a choice, and the picture.

Known answers.  The diplomatic-victory offer (docs/scenarios.md; Fearon 1995): the
maximalist Russia declines DV while ``x + kappa*s < p - c_R``; at the defaults
(x = 3/10, p - c_R = 9/20) that is ``kappa*s < 3/20``.  From kappa = 1/2, s = 1/5 it
accepts if s rises by 1/10 (to 3/10) or kappa by 1/4 (to 3/4); if both rise by the same
share t of their ranges (0..1 and 0..1/2), (1/2 + t)(1/5 + t/2) = 3/20 gives t = 1/10.
The other boundaries follow by hand from the same comparisons: the limited type
declines DV below ``kappa*s = 1/20`` (p_L - c_R = 7/20); the maximalist type declines
the Enhanced offer below ``kappa = 1/6`` (x_enh + 3*kappa/10 = 9/20); the West prefers
Enhanced above ``s = 11/35`` when only the limited type accepts DV
(7/10*(7/10 - s/4) + 3/10*3/10 = 21/40).  Hawk-dove (Maynard Smith 1982): one
equilibrium (Hawk, Hawk) when V > C, three when V < C.
"""
from __future__ import annotations

import json
import sys
from fractions import Fraction as F

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import games
import solver
from solver.analysis.path import path_moves
from solver.analysis.region import RegionMap, region
from solver.errors import GameError
from solver.forms.parameters import Parameter
from solver.io.region_plot import region_command

KAPPA, S, V, C = sympy.symbols("kappa s V C")
TARGET = ("Russia", "DV | Maximalist", "Accept")


@pytest.fixture(scope="module")
def dv():
    return games.get("diplomatic-victory")


@pytest.fixture(scope="module")
def dv_map(dv):
    # the call, floats and all
    return region(dv, {"kappa": (0, 1), "s": (0, 1 / 2)}, target=TARGET)


@pytest.fixture(scope="module")
def hawk_dove_map():
    return region(games.get("hawk-dove"), ["V", "C"], target=("Animal 1", "Hawk"))


def path_signature(solution):
    """The outcome of a solution as the map records it (one equilibrium)."""
    return tuple(sorted({tuple((m.player, m.at, "+".join(m.probabilities))
                               for m in path_moves(solution, equilibrium=k))
                         for k in range(len(solution.equilibria))}))


def boundary_caused_by(rmap, at):
    found = [b for b in rmap.boundaries if any(f" at {at} " in c for c in b.causes)]
    assert len(found) == 1
    return found[0]


# ---------------------------------------------------------------------- the map
def test_diplomatic_victory_regions(dv_map):
    assert isinstance(dv_map, RegionMap)
    assert dv_map.parameters == ("kappa", "s")
    assert dv_map.ranges == ((F(0), F(1)), (F(0), F(1, 2)))
    assert dv_map.current == (F(1, 2), F(1, 5))
    assert dv_map.approach == "exact conditions" and dv_map.notes == ()
    assert len(dv_map.regions) == 4
    assert len(dv_map.boundaries) == 4
    assert [r.label for r in dv_map.regions] == ["A", "B", "C", "D"]
    assert dv_map.current_region == "A"
    here = dv_map.region_of("A")
    assert here.outcome == ((("West", "West", "DV"), ("Russia", "DV | Maximalist", "Decline"),
                             ("Russia", "DV | Limited", "Accept")),)
    accept = dv_map.region_of("B")
    assert accept.outcome == ((("West", "West", "DV"), ("Russia", "DV | Maximalist", "Accept"),
                               ("Russia", "DV | Limited", "Accept")),)
    assert accept.conditions == (sympy.StrictGreaterThan(KAPPA * S, sympy.Rational(3, 20)),)
    assert accept.described_exactly
    assert abs(sum(r.share for r in dv_map.regions) - 1) < 1e-9


def test_diplomatic_victory_boundary_is_exactly_kappa_s_3_20(dv, dv_map):
    b = boundary_caused_by(dv_map, "DV | Maximalist")
    assert b.relation == sympy.Eq(KAPPA * S, sympy.Rational(3, 20))
    assert b.text == "kappa*s = 3/20"
    assert sympy.expand(b.expression - (KAPPA * S - sympy.Rational(3, 20))) == 0
    assert ("A", "B") in b.between
    assert "Accept (x + kappa*s)" in b.causes[0] and "Decline (p - c_R)" in b.causes[0]
    # confirmed by solving on either side
    (p0, p1), = b.confirmed_at
    sides = sorted([p0, p1], key=lambda p: p[0] * p[1])
    assert sides[0][0] * sides[0][1] < F(3, 20) < sides[1][0] * sides[1][1]
    for (k, s), choice in zip(sides, ("Decline", "Accept")):
        sol = solver.solve(dv, params={"kappa": k, "s": s})
        assert ("Russia", "DV | Maximalist", choice) in path_signature(sol)[0]


def test_diplomatic_victory_other_boundaries_by_hand(dv_map):
    relations = {b.relation for b in dv_map.boundaries}
    assert relations == {sympy.Eq(KAPPA * S, sympy.Rational(3, 20)),
                         sympy.Eq(KAPPA * S, sympy.Rational(1, 20)),
                         sympy.Eq(KAPPA, sympy.Rational(1, 6)),
                         sympy.Eq(S, sympy.Rational(11, 35))}
    assert boundary_caused_by(dv_map, "DV | Limited").relation == \
        sympy.Eq(KAPPA * S, sympy.Rational(1, 20))


@settings(max_examples=12, deadline=None)
@given(k=st.fractions(0, 1, max_denominator=60), s=st.fractions(0, F(1, 2), max_denominator=60))
def test_the_map_agrees_with_solving_at_random_points(dv, dv_map, k, s):
    label = dv_map.classify((k, s))
    assume(label is not None)            # on a boundary: a tie
    sol = solver.solve(dv, params={"kappa": k, "s": s})
    assert path_signature(sol) == dv_map.region_of(label).outcome


def test_classify_on_a_boundary_and_by_name(dv_map):
    assert dv_map.classify({"kappa": F(1, 2), "s": F(3, 10)}) is None      # kappa*s = 3/20
    assert dv_map.classify({"kappa": F(1, 2), "s": F(1, 5)}) == "A"
    assert dv_map.classify(("0.9", "0.4")) == "B"


def test_the_check_grid_was_solved(dv, dv_map):
    xs, ys, labels = dv_map.grid
    assert len(xs) == len(ys) == 10 and len(labels) == 10 and all(len(r) == 10 for r in labels)
    sol = solver.solve(dv, params={"kappa": xs[7], "s": ys[1]})
    assert dv_map.region_of(labels[1][7]).outcome == path_signature(sol)


# ---------------------------------------------------------------------- smallest changes
def test_smallest_changes_to_accept_dv(dv, dv_map):
    assert len(dv_map.smallest_changes) == 1
    change = dv_map.smallest_changes[0]
    assert (change.player, change.at, change.action) == TARGET
    assert not change.holds_now
    assert [m.kind for m in change.moves] == ["alone", "alone", "together", "nearest"]
    s_alone, kappa_alone, together, nearest = change.moves
    assert s_alone.changes == (0, F(1, 10)) and s_alone.to == (F(1, 2), F(3, 10))
    assert kappa_alone.changes == (F(1, 4), 0) and kappa_alone.to == (F(3, 4), F(1, 5))
    assert together.share == F(1, 10) and together.to == (F(3, 5), F(1, 4))
    assert all(m.confirmed and m.exact for m in change.moves)
    # the nearest point is on the boundary and nearer than the other moves
    kn, sn = (float(x) for x in nearest.to)
    assert abs(kn * sn - 0.15) < 1e-12
    assert nearest.distance < together.distance < min(s_alone.distance, kappa_alone.distance)
    # confirmed independently: just below and just above each move's end
    for (k, s), accepts in (((F(1, 2), F(3, 10) - F(1, 100)), False),
                            ((F(1, 2), F(3, 10) + F(1, 100)), True),
                            ((F(3, 4) - F(1, 100), F(1, 5)), False),
                            ((F(3, 4) + F(1, 100), F(1, 5)), True)):
        sol = solver.solve(dv, params={"kappa": k, "s": s})
        choice = ("Russia", "DV | Maximalist", "Accept" if accepts else "Decline")
        assert choice in path_signature(sol)[0]


def test_the_text_states_regions_boundaries_and_changes(dv_map):
    text = str(dv_map)
    assert text.count("\n  A (the current point, kappa = 1/2, s = 1/5") == 1
    assert "4 regions:" in text and "4 boundaries:" in text
    assert "kappa*s = 3/20 separates A from B" in text
    assert ("Russia chooses Accept at DV | Maximalist if s rises by 1/10 (to 3/10), or kappa "
            "by 1/4 (to 3/4), or both rise by 1/10 of their ranges (kappa to 3/5, s to 1/4); "
            "the nearest such point is kappa ≈ 0.5917, s ≈ 0.2535") in text


def test_to_dict_is_json_with_exact_numbers(dv_map):
    d = json.loads(json.dumps(dv_map.to_dict()))
    assert d["parameters"] == ["kappa", "s"]
    assert d["ranges"] == {"kappa": ["0", "1"], "s": ["0", "1/2"]}
    assert d["current"] == {"kappa": "1/2", "s": "1/5"}
    assert len(d["regions"]) == 4 and len(d["boundaries"]) == 4
    assert "kappa*s = 3/20" in [b["relation"] for b in d["boundaries"]]
    moves = d["smallest_changes"][0]["moves"]
    assert moves[0]["changes"] == {"kappa": "0", "s": "1/10"}
    assert moves[1]["to"] == {"kappa": "3/4", "s": "1/5"}
    assert set(moves[3]["to"]["kappa"]) == {"exact", "approx"}
    assert len(d["grid"]["regions"]) == 10


def test_default_targets_are_the_alternatives_on_the_path(dv):
    m = region(dv, {"kappa": (0, 1), "s": (0, "1/2")}, grid=4, resolution=60)
    targets = [(c.player, c.at, c.action) for c in m.smallest_changes]
    assert len(targets) == 3
    assert targets == [("West", "West", "Enhanced"), ("Russia", "DV | Maximalist", "Accept"),
                       ("Russia", "DV | Limited", "Decline")]
    west = m.smallest_changes[0]
    # s falls to 1/10: the limited type declines DV (kappa*s < 1/20), so the West offers Enhanced
    assert west.moves[0].changes == (0, F(-1, 10))


def test_outcome_choices_counts_off_path_decisions_too(dv):
    m = region(dv, {"kappa": (0, 1), "s": (0, "1/2")}, outcome="choices", grid=6,
               target=TARGET)
    assert len(m.regions) == 6
    assert len(m.boundaries) == 4
    here = m.region_of(m.current_region)
    assert ("Russia", "Enhanced | Maximalist", "Accept") in here.outcome[0]
    assert sympy.Eq(KAPPA, sympy.Rational(1, 6)) in here.boundaries


# ---------------------------------------------------------------------- the picture
def test_plot_labels_the_boundary_and_writes_a_png(dv_map, tmp_path):
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure
    fig = Figure(figsize=(8, 7))
    ax = fig.add_subplot()
    assert dv_map.plot(ax=ax) is ax
    texts = [t.get_text() for t in ax.texts]
    assert "kappa*s = 3/20" in texts
    assert {"kappa = 1/6", "kappa*s = 1/20", "s = 11/35"} <= set(texts)
    assert any(t.startswith("current point\nkappa = 1/2, s = 1/5") for t in texts)
    assert {t.split("\n")[0] for t in texts} >= {"A", "B", "C", "D"}
    path = tmp_path / "region.png"
    fig.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
    own = tmp_path / "own.png"
    dv_map.plot(own)
    assert own.stat().st_size > 10_000


def test_plot_without_matplotlib_says_how_to_install(dv_map, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.colors", None)
    with pytest.raises(GameError, match=r"pip install 'gamesolver\[plot\]'"):
        dv_map.plot()


# ---------------------------------------------------------------------- a table
def test_hawk_dove_normal_form(hawk_dove_map):
    m = hawk_dove_map
    assert len(m.regions) == 2 and len(m.boundaries) == 1
    assert m.boundaries[0].relation == sympy.Eq(V, C)
    a, b = m.regions
    assert len(a.outcome) == 3 and a.conditions == (sympy.StrictLessThan(V, C),)
    assert b.outcome == ((("Animal 1", "the table", "Hawk"), ("Animal 2", "the table", "Hawk")),)
    hawk = next(c for c in m.smallest_changes if c.player == "Animal 1")
    assert (hawk.at, hawk.action) == ("the table", "Hawk")
    assert [mv.changes for mv in hawk.moves[:2]] == [(F(2), 0), (0, F(-2))]
    assert "Animal 1 plays Hawk in every equilibrium if V rises by 2 (to 4), or C falls by 2 " \
           "(to 2)" in str(m)


def test_a_map_without_a_boundary_says_so():
    m = region(games.get("hawk-dove"), {"V": (0, 1), "C": (2, 3)}, params={"V": "1/2", "C": "5/2"},
               target=("Animal 1", "Hawk"))
    assert len(m.regions) == 1 and len(m.boundaries) == 0
    assert "No boundary: the outcome is the same over the whole map." in str(m)
    assert "No point of the map makes Animal 1 play Hawk in every equilibrium." in str(m)


def test_region_command_text_json_and_plot(tmp_path):
    game = games.get("hawk-dove")
    d = json.loads(region_command(game, "V", "C", "json", ranges={"C": (0, 50)}))
    assert d["ranges"]["C"] == ["0", "50"] and d["boundaries"][0]["relation"] == "V = C"
    out = region_command(game, "V", "C", "text", plot_path=str(tmp_path / "hd.png"),
                         target=("Animal 1", "the table", "Hawk"), params={"V": 3})
    assert "V = C separates A from B" in out and "V rises by 1 (to 4)" in out
    assert out.endswith(f"plot written to {tmp_path / 'hd.png'}")
    assert (tmp_path / "hd.png").stat().st_size > 5_000


# ---------------------------------------------------------------------- max, and not polynomial
def top_or_bottom(top):
    """Row takes Top (worth ``top``) or Bottom (worth 1/2); Column matches him."""
    half = sympy.Rational(1, 2)
    return solver.NormalFormGame.from_matrices(
        [[top, top], [half, half]], [[1, 0], [0, 1]],
        strategies=(("Top", "Bottom"), ("Left", "Right")), title="Top or bottom",
        parameters=[Parameter("a", "1/4", "0", "1"), Parameter("b", "1/4", "0", "1")])


def test_max_is_split_into_its_branches_and_stays_exact():
    a, b = sympy.symbols("a b")
    m = region(top_or_bottom(sympy.Max(a, b)), ["a", "b"])
    assert m.approach == "exact conditions" and m.notes == ()
    assert len(m.regions) == 2 and len(m.boundaries) == 2
    assert {bd.relation for bd in m.boundaries} == {sympy.Eq(a, sympy.Rational(1, 2)),
                                                    sympy.Eq(b, sympy.Rational(1, 2))}
    # where the branches switch (a = b) the outcome does not change: no boundary there
    assert m.region_of("A").conditions == (sympy.StrictLessThan(a, sympy.Rational(1, 2)),
                                           sympy.StrictLessThan(b, sympy.Rational(1, 2)))
    assert m.region_of("A").described_exactly


def test_a_condition_that_is_not_polynomial_falls_back_to_the_grid():
    a, b = sympy.symbols("a b")
    m = region(top_or_bottom(sympy.floor(a + b)), ["a", "b"])     # Top once a + b >= 1
    assert m.approach == "grid"
    assert len(m.notes) == 1 and "not polynomial" in m.notes[0] and "floor(" in m.notes[0]
    assert len(m.regions) == 2 and len(m.boundaries) == 0
    assert m.classify((F(1, 4), F(1, 4))) is None        # no exact conditions to read
    change, = m.smallest_changes
    assert (change.player, change.action) == ("Row", "Top")
    alone = [mv for mv in change.moves if mv.kind == "alone"]
    assert len(alone) == 2 and not any(mv.exact for mv in alone) and all(
        mv.confirmed for mv in alone)
    assert alone[0].to == (F(3, 4), F(1, 4))             # located by bisection: about 3/4
    assert "a rises by about 1/2 (to about 3/4)" in str(m)
    assert "(The nearest point is not computed on a grid map.)" in str(m)


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize("levers,match", [
    (["kappa", "nope"], "no free parameter 'nope'"),
    (["kappa", "kappa"], "must differ"),
    (["kappa", "s", "x"], "exactly two parameters"),
    ("kappa", "give two parameters"),
    ({"kappa": (1, 0), "s": None}, "range of 'kappa' is empty"),
    ({"kappa": (0, 1, 2), "s": None}, "must be a pair"),
    ({"kappa": ("0", "big"), "s": None}, "high end of 'kappa'"),
])
def test_bad_levers(dv, levers, match):
    with pytest.raises(GameError, match=match):
        region(dv, levers)


def test_a_parameter_without_a_range_must_be_given_one():
    g = solver.NormalFormGame.from_matrices([["a", 0], [0, "b"]], [[1, 0], [0, 1]],
                                            parameters={"a": "1", "b": "1"})
    with pytest.raises(GameError, match="give the range of 'a'"):
        region(g, ["a", "b"])


@pytest.mark.parametrize("kwargs,match", [
    ({"target": ("Nobody", "DV | Maximalist", "Accept")}, "no player 'Nobody'"),
    ({"target": ("Russia", "Nowhere", "Accept")}, "no information set labelled 'Nowhere'"),
    ({"target": ("Russia", "DV | Maximalist", "Maybe")}, "no action 'Maybe'"),
    ({"outcome": "payoffs"}, "outcome must be"),
    ({"params": {"nope": 1}}, "unknown parameter 'nope'"),
    ({"grid": 1}, "grid must be"),
])
def test_bad_options(dv, kwargs, match):
    with pytest.raises(GameError, match=match):
        region(dv, ["kappa", "s"], **kwargs)


def test_region_command_errors():
    game = games.get("hawk-dove")
    with pytest.raises(GameError, match="unknown format"):
        region_command(game, "V", "C", "yaml")
    with pytest.raises(GameError, match="not one of the two parameters"):
        region_command(game, "V", "C", "text", ranges={"x": (0, 1)})
