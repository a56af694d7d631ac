"""nashpy, pygambit and QuantEcon games in and out (solver.io.interop, solver.conversions.foreign):
round trips, exact numbers, refusals that say how, and the same equilibria as pygambit."""
from __future__ import annotations

import io
import pathlib
import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver import GameError, NormalFormGame
from solver.conversions.foreign import InexactConversionWarning, adopt, foreign_kind
from solver.io.efg import read_efg, write_efg
from solver.io.interop import (
    from_nashpy,
    from_pygambit,
    from_quantecon,
    to_nashpy,
    to_pygambit,
    to_quantecon,
)
from solver.io.text import render_normal_form, render_tree

nashpy = pytest.importorskip("nashpy")


def concrete(name):
    g = games.get(name)
    return g.substitute(defaults=True) if g.parametric else g


NAMES = games.names()
NORMAL = [n for n in NAMES if games.get(n).form == "normal"]
TWO_PLAYER_NORMAL = [n for n in NORMAL if games.get(n).n_players == 2]
TREES = [n for n in NAMES if games.get(n).form == "extensive" and n != "leduc-poker"]


def test_the_catalogue_gives_enough_games_to_cross():
    assert len(TWO_PLAYER_NORMAL) >= 10 and len(NORMAL) > len(TWO_PLAYER_NORMAL)
    assert len(TREES) >= 12 and {"entry-deterrence", "beer-quiche"} <= set(TREES)


# ---------------------------------------------------------------------- recognising
def test_our_games_are_adopted_unchanged_and_other_objects_are_refused():
    g = concrete("prisoners-dilemma")
    assert adopt(g) is g and foreign_kind(g) is None
    with pytest.raises(GameError, match=r"expected a game .* got builtins\.list"):
        solver.solve([[1, 0], [0, 1]])
    assert foreign_kind(nashpy.Game(np.eye(2))) == "nashpy"


# ---------------------------------------------------------------------- nashpy
@pytest.mark.parametrize("name", TWO_PLAYER_NORMAL)
def test_nashpy_round_trip_is_equal(name):
    g = concrete(name)
    dtype = None if all(x.denominator == 1 for x in g.payoff_tensor.flat) else object
    n = to_nashpy(g, dtype=dtype)
    assert len(n.payoff_matrices) == 2
    back = from_nashpy(n, players=g.players, strategies=g.strategies)
    assert back == g and back.exact


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_nashpy_round_trip_of_random_rational_games(m, n, data):
    cells = st.fractions(min_value=-5, max_value=5, max_denominator=7)
    A, B = ([[data.draw(cells) for _ in range(n)] for _ in range(m)] for _ in range(2))
    g = NormalFormGame.from_matrices(A, B)
    assert from_nashpy(to_nashpy(g, dtype=object), players=g.players,
                       strategies=g.strategies) == g
    if all(x.denominator == 1 for x in g.payoff_tensor.flat):
        assert to_nashpy(g).payoff_matrices[0].dtype == np.int64


def test_nashpy_exports_non_integers_as_floats_for_its_algorithms():
    g = NormalFormGame.from_matrices([["1/2", 0], [0, 1]], [[1, 0], [0, "1/2"]])
    A, B = to_nashpy(g).payoff_matrices
    assert A.dtype == np.float64 and A[0, 0] == 0.5 and B[1, 1] == 0.5
    assert len(list(to_nashpy(g).support_enumeration())) == 3


def test_a_nashpy_game_is_solved_as_ours_and_zero_sum_from_one_matrix():
    pennies = nashpy.Game(np.array([[1, -1], [-1, 1]]))
    sol = solver.solve(pennies)
    assert sol.method == "zero-sum" and len(sol) == 1
    assert sol[0].probabilities == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    assert adopt(pennies).payoffs[1].tolist() == [[-1, 1], [1, -1]]     # B = -A


def test_nashpy_integral_floats_are_exact_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = from_nashpy(nashpy.Game(np.array([[3.0, 0.0], [5.0, 1.0]]), np.array([[3.0, 5.0], [0.0, 1.0]])))
    assert g.exact and g.payoff(("R2", "C1")) == (5, 0)


def test_nashpy_non_integral_floats_make_a_float_game_and_say_which():
    game = nashpy.Game(np.array([[0.1, 1.0], [2.0, 3.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]))
    with pytest.warns(InexactConversionWarning) as record:
        g = adopt(game)
    assert len(record) == 1
    message = str(record[0].message)
    assert "1 of 8 payoffs" in message and "player 1 at (1, 1) is 0.1" in message
    assert "exact=True" in message
    assert not g.exact
    exact = from_nashpy(game, exact=True)
    assert exact.exact and exact.payoffs[0][0, 0] == F(1, 10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = from_nashpy(game, exact=False)
    assert not quiet.exact and quiet.payoffs[0][0, 0] == 0.1
    with pytest.warns(InexactConversionWarning):
        sol = solver.solve(game)
    assert not sol.exact and len(sol) >= 1


def test_nashpy_refusals_say_how():
    with pytest.raises(GameError, match="two players; this game has 3.*to_pygambit"):
        to_nashpy(concrete("majority-game"))
    with pytest.raises(GameError, match="reduced_normal_form"):
        to_nashpy(concrete("entry-deterrence"))
    with pytest.raises(GameError, match="free parameters.*substitute"):
        to_nashpy(games.get("hawk-dove"))
    with pytest.raises(GameError, match="finite"):
        from_nashpy(nashpy.Game(np.array([[np.nan, 1.0], [2.0, 3.0]])))


def test_the_method_delegates_to_interop():
    g = concrete("battle-of-the-sexes")
    assert g.to_nashpy().payoff_matrices[0].tolist() == [[2, 0], [0, 1]]
    assert from_pygambit(g.to_pygambit()) == g
    tree = concrete("entry-deterrence")
    assert from_pygambit(tree.to_pygambit()) == tree


# ---------------------------------------------------------------------- pygambit
@pytest.mark.parametrize("name", NORMAL)
def test_pygambit_table_round_trip_is_equal(name):
    pytest.importorskip("pygambit")
    g = concrete(name)
    pg = to_pygambit(g)
    assert not pg.is_tree and [p.label for p in pg.players] == list(g.players)
    back = from_pygambit(pg)
    assert back == g and back.title == g.title


def _shared_outcome_labels(game) -> set:
    """Labels that outcomes with different payoffs share (pygambit 16.7 suffixes them)."""
    seen = {}
    for o in game.outcomes.values():
        seen.setdefault(o.label, set()).add(o.payoffs)
    return {label for label, pays in seen.items() if label and len(pays) > 1}


def _nodes(game, strip=frozenset()):
    out = []
    for n in game.nodes:
        o = n.outcome
        label = None if o is None else o.label
        if label is not None and label.rpartition("_")[0] in strip:
            label = label.rpartition("_")[0]
        out.append((n.kind, n.label, n.player, n.actions, n.probabilities,
                    None if n.infoset is None else (n.infoset.index, n.infoset.label),
                    label, None if o is None else o.payoffs))
    return out


@pytest.mark.parametrize("name", TREES)
def test_pygambit_tree_round_trip_is_equal(name):
    pytest.importorskip("pygambit")
    g = concrete(name)
    pg = to_pygambit(g)
    assert pg.is_tree and len(list(pg.nodes)) == g.n_nodes
    back = from_pygambit(pg)
    shared = _shared_outcome_labels(g)
    assert (back == g) == (not shared)
    assert _nodes(back, shared) == _nodes(g)


def random_tree(seed: int):
    """A random tree: chance, shared information sets, outcomes inside the tree, labels."""
    import random
    rng = random.Random(seed)
    b = solver.TreeBuilder(("A", "B"), title=f"random {seed}")
    root = b.decision("A", ("a", "b"), label="start")
    slots, made, ends = [(root, "a"), (root, "b")], 1, 0
    while slots:
        parent = slots.pop(rng.randrange(len(slots)))
        inner = tuple(F(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(2)) \
            if rng.random() < 0.2 else None
        if made < 10 and (rng.random() < 0.6 or not slots):
            made += 1
            if rng.random() < 0.2:
                node = b.chance({"x": "0.25", "y": "3/4"}, parent=parent, outcome=inner)
                acts = ("x", "y")
            else:
                who = rng.randrange(2)
                key = f"set {who}.{rng.randrange(2)}" if rng.random() < 0.5 else None
                node = b.decision(who, ("l", "r"), parent=parent, infoset=key,
                                  label=rng.choice(["", f"n{made}"]), outcome=inner)
                acts = ("l", "r")
            slots.extend((node, a) for a in acts)
        else:
            ends += 1
            b.terminal(parent, payoffs=(rng.randint(-3, 3), F(rng.randint(-3, 3), 2)),
                       outcome_label=rng.choice(["", f"end {ends}"]))
    return b.build()


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10**9))
def test_random_trees_round_trip_through_pygambit(seed):
    pytest.importorskip("pygambit")
    g = random_tree(seed)
    assert not _shared_outcome_labels(g)
    assert from_pygambit(to_pygambit(g)) == g


def test_pygambit_suffixes_shared_outcome_labels_and_unlabelled_ones_come_back_unlabelled():
    pytest.importorskip("pygambit")
    g = concrete("diplomatic-victory")
    assert _shared_outcome_labels(g) == {"DV declined: war", "Enhanced declined: war",
                                         "no offer: war"}
    labels = {o.label for o in from_pygambit(to_pygambit(g)).outcomes.values()}
    assert {"DV declined: war_1", "DV declined: war_2", "DV accepted"} <= labels
    tree = concrete("entry-deterrence")
    assert {o.label for o in tree.outcomes.values()} == {""}
    assert {o.label for o in to_pygambit(tree).outcomes} == {"_1", "_2", "_3"}
    assert {o.label for o in from_pygambit(to_pygambit(tree)).outcomes.values()} == {""}


def _catalogue_efg():
    try:
        import pygambit
    except ImportError:
        return []
    return sorted((pathlib.Path(pygambit.__file__).parent / "catalog_data").rglob("*.efg"))


CATALOGUE = _catalogue_efg()


def _repeats_a_chance_label(game) -> bool:
    return any(len(set(game.actions(h))) < len(game.actions(h)) for h in game.chance_table)


def test_pygambit_catalogue_trees_read_through_the_api_equal_our_reader():
    gbt = pytest.importorskip("pygambit")
    compared = 0
    for path in CATALOGUE:
        ours = read_efg(path.read_text(), str(path))
        if _repeats_a_chance_label(ours):     # pygambit 16.7 suffixes them: "1/2_1", "1/2_2"
            continue
        assert from_pygambit(gbt.read_efg(str(path))) == ours, path.name
        compared += 1
    assert compared >= 25


def test_pygambit_games_made_there_keep_labels_and_exact_numbers():
    gbt = pytest.importorskip("pygambit")
    g = gbt.Game.new_tree(players=["Sender", "Receiver"], title="made in pygambit")
    g.append_move(g.root, g.players.chance, ["good", "bad"])
    g.set_chance_probs(g.root.infoset, [gbt.Rational(1, 3), gbt.Rational(2, 3)])
    good, bad = g.root.children
    g.append_move([good, bad], "Sender", ["Send", "Keep"])
    g.root.infoset.label = "nature"
    good.infoset.label = "sender"
    pay = [g.add_outcome(payoffs=[gbt.Decimal("0.45"), k], label=f"o{k}") for k in range(4)]
    for k, node in enumerate([*good.children, *bad.children]):
        g.set_outcome(node, pay[k])
    ours = from_pygambit(g)
    assert ours.exact and ours.title == "made in pygambit"
    assert ours.chance_probabilities(0) == (F(1, 3), F(2, 3))
    assert len(ours.infosets[0]) == 1 and ours.infosets[0][0].label == "sender"
    assert ours.infosets[0][0].nodes == (1, 4)
    assert [o.label for o in ours.outcomes.values()] == ["o0", "o1", "o2", "o3"]
    assert {u[0] for u in ours.terminal_payoffs().values()} == {F(9, 20)}


def test_pygambit_refusals_say_how():
    gbt = pytest.importorskip("pygambit")
    assert len(solver.solve(gbt.Game.new_tree())) == 1     # no players: the empty profile
    with pytest.raises(GameError, match="free parameters"):
        to_pygambit(games.get("diplomatic-victory"))
    t = gbt.Game.new_tree(players=["A"], title="twins")
    t.append_move(t.root, "A", ["x", "y"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)    # pygambit 16.7 still allows it
        list(t.root.infoset.actions)[1].label = "x"
    with pytest.raises(GameError, match=r"pygambit game 'twins': node root: .*distinct labels"):
        from_pygambit(t)


def _gambit_profiles(result, pg):
    return {tuple(tuple(F(eq[s]) for s in p.strategies) for p in pg.players)
            for eq in result.equilibria}


@pytest.mark.parametrize("seed", range(6))
def test_equilibria_of_a_pygambit_table_are_pygambits(seed):
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(2, 5, size=2))
    pg = gbt.Game.from_arrays(rng.integers(0, 4, size=(m, n)), rng.integers(0, 4, size=(m, n)))
    expected = _gambit_profiles(gbt.nash.enummixed_solve(pg, rational=True), pg)
    sol = solver.solve(pg, method="enumerate")
    assert len(sol) == len(expected)
    assert {eq.probabilities for eq in sol} == expected


def test_pure_equilibria_of_a_three_player_pygambit_table_are_pygambits():
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(7)
    pg = gbt.Game.from_arrays(*(rng.integers(0, 3, size=(2, 3, 2)) for _ in range(3)))
    expected = _gambit_profiles(gbt.nash.enumpure_solve(pg), pg)
    sol = solver.solve(pg, method="pure")
    assert len(sol) == len(expected) >= 1
    assert {eq.probabilities for eq in sol} == expected


@pytest.mark.parametrize("name,count", [("entry-deterrence", 3), ("beer-quiche", 4)])
def test_equilibria_of_a_pygambit_tree_have_pygambits_payoffs(name, count):
    gbt = pytest.importorskip("pygambit")
    pg = gbt.read_efg(io.StringIO(write_efg(concrete(name))))
    theirs = gbt.nash.enummixed_solve(pg, rational=True)
    assert len(theirs.equilibria) == count
    expected = {tuple(F(eq.payoff(p)) for p in pg.players) for eq in theirs.equilibria}
    sol = solver.solve(pg, method="enumerate")
    assert len(sol) >= 1
    assert {tuple(eq.payoffs) for eq in sol} == expected


# ---------------------------------------------------------------------- QuantEcon
def _quantecon():
    return pytest.importorskip("quantecon.game_theory")


@pytest.mark.parametrize("name", NORMAL)
def test_quantecon_round_trip_is_equal(name):
    _quantecon()
    g = concrete(name)
    dtype = None if all(x.denominator == 1 for x in g.payoff_tensor.flat) else object
    q = to_quantecon(g, dtype=dtype)
    assert q.N == g.n_players and tuple(q.nums_actions) == g.shape
    assert from_quantecon(q, players=g.players, strategies=g.strategies) == g


def test_quantecon_payoff_arrays_put_the_own_action_first():
    qe = _quantecon()
    rng = np.random.default_rng(3)
    g = NormalFormGame([rng.integers(-5, 5, size=(2, 3, 4)) for _ in range(3)])
    q = to_quantecon(g)
    assert [p.payoff_array.shape for p in q.players] == [(2, 3, 4), (3, 4, 2), (4, 2, 3)]
    # player 2 (index 1) at his action b, then player 3's c, then player 1's a
    assert q.players[1].payoff_array[2, 3, 1] == g.payoffs[1][1, 2, 3]
    assert from_quantecon(q) == g
    pure = {tuple(int(np.argmax(p)) for p in eq.probabilities) for eq in solver.solve(g, method="pure")}
    assert pure == set(qe.pure_nash_brute(q))


def test_a_quantecon_game_is_solved_and_rendered_as_ours():
    qe = _quantecon()
    q = qe.NormalFormGame(np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]]))
    sol = solver.solve(q)
    assert len(sol) == 1 and sol[0].payoffs == (1, 1)
    assert "5*, 0" in render_normal_form(q)


# ---------------------------------------------------------------------- explain and show
def test_explain_and_the_renderers_take_other_libraries_games():
    pytest.importorskip("pygambit")
    pd = nashpy.Game(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]))
    text = str(solver.explain(pd))
    assert text.startswith("Bottom line") and "R2" in text
    tree = to_pygambit(concrete("entry-deterrence"))
    assert "Incumbent Accommodate" in str(solver.explain(tree, brief=True))
    ours = concrete("entry-deterrence")
    assert render_tree(tree) == render_tree(ours)
    assert render_tree(tree, solver.solve(tree)) == render_tree(ours, solver.solve(ours))


def test_docs_interop_examples_run(capsys):
    import re
    text = (pathlib.Path(__file__).resolve().parent.parent / "docs" / "interop.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1
    exec(compile(blocks[0], "docs/interop.md", "exec"), {})
    out = capsys.readouterr().out
    assert "1 equilibrium" in out and "5*, 0" in out and "Bottom line" in out


def test_a_float_game_goes_to_pygambit_as_decimals_and_comes_back_exact():
    pytest.importorskip("pygambit")
    g = NormalFormGame.from_matrices(np.array([[0.5, 1.25], [2.0, 3.0]]), np.array([[1.0, 0.0], [0.0, 0.1]]))
    assert not g.exact
    back = from_pygambit(to_pygambit(g))
    assert back.exact and back.payoffs[0][0, 1] == F(5, 4) and back.payoffs[1][1, 1] == F(1, 10)
