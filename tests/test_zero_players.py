"""Games without players (issue 13, item 8): every public entry point, with trees of
chance and terminal nodes only, a single terminal root, and a normal form without
players.

Such a game has one strategy profile, the empty one, which is an equilibrium because no
player exists who could deviate; its payoff vector is empty.  pygambit 16.7 reads these
files and its ``enumpure_solve``, ``enumpure_agent_solve`` and ``logit_solve`` return
the one empty profile; its ``lcp_solve``, ``lp_solve`` and ``enummixed_solve`` refuse
("only valid for two-player games").  Where an operation makes no sense (two-player
methods, logit responses, QuantEcon and nashpy, which have no such games) the error
must still be a GameError that says why.
"""
from __future__ import annotations

import io
import json
import re
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import solver
from solver import ExtensiveFormGame, NormalFormGame, TreeBuilder
from solver.analysis.bottom_line import MAX_LINES, MAX_WIDTH
from solver.analysis.no_players import endings
from solver.cli import main
from solver.errors import GameError, ParseError
from solver.forms.extensive.game import CHANCE, TERMINAL
from solver.forms.profiles import EMPTY_PROFILE
from solver.io.efg import read_efg, write_efg
from solver.io.interop import from_pygambit
from solver.io.json_format import game_from_json, game_to_json
from solver.io.nfg import read_nfg, write_nfg
from solver.io.text import render_html, render_latex, render_tree
from solver.solve import METHODS

F = Fraction

#: Two chance moves, three endings with probabilities 2/3, 1/6, 1/6.
LOTTERY = ('EFG 2 R "lottery" { } ""\n\n'
           'c "toss" 1 "" { "H" 1/3 "T" 2/3 } 0\n'
           'c "" 2 "" { "a" 1/2 "b" 1/2 } 0\n'
           't "" 1 "heads-a" { }\n'
           't "" 2 "heads-b" { }\n'
           't "" 3 "tails" { }\n')
#: pygambit's Game.new_tree(): one node, no players (its to_efg text).
ROOT = 'EFG 2 R "Untitled extensive game" { }\n""\n\nt "" 0\n'
#: pygambit's Game.new_table([]).to_nfg(): no players, one outcome, one contingency.
TABLE = 'NFG 1 R "Untitled strategic game" { }\n\n{ }\n""\n\n{\n{ ""  }\n}\n1 \n'

#: Methods that apply to a game without players: one equilibrium, the empty profile.
TREE_METHODS = ("auto", "pure", "enumerate", "dominance", "spe", "pure-agent")
NORMAL_METHODS = ("auto", "pure", "enumerate", "dominance")
#: Methods that need players, and what their refusal says.
REFUSED = {"lemke-howson": "two-player game; this one has 0 players",
           "zero-sum": "two-player game; this one has 0 players",
           "qre": "no players: nobody chooses anything"}


def lottery():
    return read_efg(LOTTERY, "lottery.efg")


def games_without_players():
    return {"lottery": lottery(), "root": read_efg(ROOT), "table": read_nfg(TABLE)}


def assert_empty_equilibrium(solution, method=None):
    assert len(solution) == 1
    eq = solution[0]
    assert eq.payoffs == () and eq.regret == () and eq.players == ()
    assert solution.complete is True and solution.exact is True
    if method not in (None, "auto"):
        assert solution.method == method
    assert str(eq) == EMPTY_PROFILE


# ---------------------------------------------------------------------- reading
def test_files_without_players_are_read():
    g = lottery()
    assert (g.n_players, g.n_nodes, g.n_infosets) == (0, 5, 0)
    assert g.players == () and g.chance_probabilities(0) == (F(1, 3), F(2, 3))
    assert [o.label for o in g.outcomes.values()] == ["heads-a", "heads-b", "tails"]
    assert all(o.payoffs == () for o in g.outcomes.values())
    root = read_efg(ROOT)
    assert (root.n_players, root.n_nodes) == (0, 1) and root.outcome(0) is None
    table = read_nfg(TABLE)
    assert (table.n_players, table.shape, list(table.cells())) == (0, (), [()])
    assert table.payoff(()) == ()


def test_the_ways_to_build_one_agree():
    b = TreeBuilder([], title="lottery")
    r = b.chance([("H", "1/3"), ("T", "2/3")], label="toss")
    c = b.chance({"a": "1/2", "b": "1/2"}, parent=(r, "H"))
    b.terminal(c, "a", payoffs=(), outcome_label="heads-a")
    b.terminal(c, "b", payoffs=(), outcome_label="heads-b")
    b.terminal(r, "T", payoffs=(), outcome_label="tails")
    assert b.build() == lottery()
    bulk = ExtensiveFormGame.from_arrays(
        (), parent=[-1, 0, 0, 1, 1], kind=[CHANCE, CHANCE, TERMINAL, TERMINAL, TERMINAL],
        player=[-1] * 5, payoffs=np.zeros((3, 0), dtype=int),
        chance={0: ["1/3", "2/3"], 1: ["1/2", "1/2"]})
    assert (bulk.n_players, bulk.n_nodes) == (0, 5)
    assert [p for _, p, _ in endings(bulk)] == [F(2, 3), F(1, 6), F(1, 6)]


@pytest.mark.parametrize("text, message", [
    ('EFG 2 R "" { } ""\np "" 1 1 "" { "x" } 0\nt "" 0\n',
     "player 1 does not exist; the game has 0 players"),
    ('EFG 2 R "" { } ""\nt "" 1 "o" { 1 }\n', "outcome 1 has 1 payoffs; the game has 0 players"),
])
def test_what_a_file_without_players_cannot_hold_is_refused_clearly(text, message):
    with pytest.raises(ParseError, match=message) as err:
        read_efg(text, "bad.efg")
    assert err.value.line == 2


@pytest.mark.parametrize("text, message", [
    ('NFG 1 R "" { } { { "a" } }\n', "strategies are given for 1 players, but the header names 0"),
    ('NFG 1 R "" { } { }\n 1', "more payoffs than the 0 expected"),
    ('NFG 1 R "" { } { }\n{ { "" 1 } } 1', "outcome 1 has more than 0 payoffs"),
    ('NFG 1 R "" { } { }\n{ { "" } } 1 1', "more outcome numbers than the 1 contingencies"),
])
def test_what_a_table_without_players_cannot_hold_is_refused_clearly(text, message):
    with pytest.raises(ParseError, match=message):
        read_nfg(text)


def test_an_empty_payoff_body_is_read_too():
    # Gambit 16.7 refuses it ("Expecting outcome or payoff"); it is what the payoff
    # version of the format holds for no players, so it is read
    assert read_nfg('NFG 1 R "x" { } { }\n') == NormalFormGame([], title="x")


def test_json_games_without_players():
    g = game_from_json({"form": "normal", "players": [], "payoffs": []})
    assert g == NormalFormGame([]) and g.n_players == 0
    assert game_from_json(game_to_json(g)) == g
    with pytest.raises(ParseError, match="expected one array per player"):
        game_from_json({"form": "normal", "players": [], "payoffs": [[1]]})


# ---------------------------------------------------------------------- solving
@pytest.mark.parametrize("method", TREE_METHODS)
def test_trees_without_players_have_one_equilibrium_the_empty_profile(method):
    for text in (LOTTERY, ROOT):
        solution = solver.solve(read_efg(text), method)
        assert_empty_equilibrium(solution, method)
        assert solution[0].profile.probabilities == ()


@pytest.mark.parametrize("method", NORMAL_METHODS)
def test_tables_without_players_have_one_equilibrium_the_empty_profile(method):
    solution = solver.solve(read_nfg(TABLE), method)
    assert_empty_equilibrium(solution, method)
    assert solution[0].probabilities == () and solution[0].support == ()


@pytest.mark.parametrize("name", ["lottery", "root", "table"])
def test_methods_that_need_players_say_so(name):
    game = games_without_players()[name]
    refused = dict(REFUSED)
    if game.form == "extensive":
        refused["sequence-form"] = "two-player trees; this game has 0 players"
    else:
        refused.update({m: "applies to extensive-form games" for m in
                        ("spe", "sequence-form", "pure-agent")})
    assert set(refused) | set(TREE_METHODS if game.form == "extensive" else NORMAL_METHODS) \
        == set(METHODS)
    for method, message in refused.items():
        with pytest.raises(GameError, match=message):
            solver.solve(game, method)


def test_the_json_contract_keeps_its_shape():
    with_players = solver.solve(solver.NormalFormGame([[1, 2]]), "pure").to_dict()
    table = solver.solve(read_nfg(TABLE), "pure").to_dict()
    assert set(table) == set(with_players)
    assert set(table["game"]) == set(with_players["game"])
    assert table["equilibria"] == [{"strategies": [], "payoffs": [], "regret": []}]
    assert table["game"]["players"] == [] and table["game"]["strategies"] == []
    tree = solver.solve(lottery()).to_dict()
    assert tree["game"] == {"title": "lottery", "form": "extensive", "players": [],
                            "infosets": []}
    assert tree["equilibria"] == [{"behavior": [], "payoffs": [], "regret": []}]
    assert tree["complete"] is True and tree["searched"] == "all"
    json.dumps(tree)


def test_pygambit_finds_the_same_one_equilibrium():
    gbt = pytest.importorskip("pygambit")
    for text in (LOTTERY, ROOT):
        theirs = gbt.read_efg(io.StringIO(text))
        assert len(theirs.players) == 0
        found = gbt.nash.enumpure_solve(theirs).equilibria
        assert len(found) == 1 and len(list(found[0])) == 0
        assert len(solver.solve(read_efg(text), "pure")) == len(found)
    table = gbt.read_nfg(io.StringIO(TABLE))
    assert len(gbt.nash.enumpure_solve(table).equilibria) == 1 == \
        len(solver.solve(read_nfg(TABLE)))


# ---------------------------------------------------------------------- explaining
def test_the_bottom_line_says_chance_alone_decides():
    head = solver.explain(solver.solve(lottery()), brief=True).sections[0]
    assert len(head.lines) <= MAX_LINES and all(len(x) <= MAX_WIDTH for x in head.lines)
    assert head.lines[0] == "No one chooses: the outcome is decided by chance alone."
    # the distribution is computed from the tree: 2/3 for T, 1/3 * 1/2 for H then a or b
    assert head.lines[1] == "Play ends at tails (2/3), heads-a (1/6) or heads-b (1/6)."
    assert head.lines[-1].startswith("Concept: the empty profile is an equilibrium")


def test_the_explanation_lists_every_ending_and_nothing_about_players():
    text = str(solver.explain(lottery()))
    assert "tails (after T): probability 2/3" in text
    assert "heads-a (after H, a): probability 1/6" in text
    assert "The tree has 5 nodes: 2 chance nodes and 3 terminal nodes." in text
    for vacuous in ("On the path: .", "Players: ;", "payoffs )", "( plans)"):
        assert vacuous not in text
    root = str(solver.explain(read_efg(ROOT)))
    assert "nothing is left to chance: play ends at once" in root
    table = solver.explain(read_nfg(TABLE), brief=True).sections[0].lines
    assert table[0].startswith("No one chooses: the game has no players")


def test_many_endings_are_summarised_in_the_bottom_line():
    b = TreeBuilder([])
    r = b.chance([(f"c{k}", F(1, 5)) for k in range(5)])
    for k in range(5):
        b.terminal(r, k, payoffs=None, label=f"end{k}")
    head = solver.explain(solver.solve(b.build()), brief=True).sections[0].lines
    assert head[1] == "Play ends at end0 (1/5), end1 (1/5), end2 (1/5) or 2 other endings."


def test_a_parametric_lottery_is_explained_at_the_values_given():
    import sympy
    p = sympy.Symbol("p")
    b = TreeBuilder([], title="biased coin", parameters={"p": "1/3"})
    r = b.chance([("H", p), ("T", 1 - p)])
    b.terminal(r, "H", payoffs=None, label="heads")
    b.terminal(r, "T", payoffs=None, label="tails")
    game = b.build()
    assert game.parametric and game.n_players == 0
    head = solver.explain(solver.solve(game, params={"p": "1/4"}), brief=True).sections[0]
    assert head.lines[1] == "Play ends at tails (3/4) or heads (1/4)."
    head = solver.explain(solver.solve(game), brief=True).sections[0]     # the default 1/3
    assert head.lines[1] == "Play ends at tails (2/3) or heads (1/3)."


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=6), st.integers(0, 10 ** 6))
def test_the_endings_are_a_probability_distribution(branching, seed):
    # a random tree of chance nodes: each chance node's children, some terminal
    rng = np.random.default_rng(seed)
    parent, kind, chance = [-1], [CHANCE], {}
    frontier = [0]
    for width in branching:
        if not frontier:
            break
        h = frontier.pop(0)
        kids = list(range(len(parent), len(parent) + width + 1))
        weights = [int(w) + 1 for w in rng.integers(0, 5, size=len(kids))]
        chance[h] = [F(w, sum(weights)) for w in weights]
        for k in kids:
            parent.append(h)
            kind.append(CHANCE if rng.random() < 0.4 else TERMINAL)
            if kind[-1] == CHANCE:
                frontier.append(k)
    for h in frontier:                                   # unexpanded: make them terminal
        kind[h] = TERMINAL
    terminals = kind.count(TERMINAL)
    g = ExtensiveFormGame.from_arrays((), parent=parent, kind=kind, player=[-1] * len(kind),
                                      payoffs=np.zeros((terminals, 0), dtype=int), chance=chance)
    ends = endings(g)
    assert sum(len(nodes) for _, _, nodes in ends) == terminals
    assert sum(p for _, p, _ in ends) == 1
    assert [p for _, p, _ in ends] == sorted((p for _, p, _ in ends), reverse=True)
    assert_empty_equilibrium(solver.solve(g))


# ---------------------------------------------------------------------- writing and showing
def test_trees_are_written_as_gambit_writes_them(tmp_path):
    for text in (LOTTERY, ROOT):
        g = read_efg(text)
        assert read_efg(write_efg(g)) == g
        assert write_efg(g).splitlines()[0].endswith("{ }")
        solver.save(g, tmp_path / "g.efg")
        assert solver.load(tmp_path / "g.efg") == g
    assert write_efg(read_efg(ROOT)) == ROOT
    gbt = pytest.importorskip("pygambit")
    for text in (LOTTERY, ROOT):
        assert write_efg(read_efg(text)) == gbt.read_efg(io.StringIO(text)).to_efg()


def test_tables_are_written_so_that_gambit_reads_them(tmp_path):
    g = read_nfg(TABLE)
    for outcomes in (False, True):
        text = write_nfg(g, outcomes=outcomes)
        assert "{\n{ \"\"" in text               # the outcome body, whichever was asked
        assert read_nfg(text) == g
    for ext in (".nfg", ".json"):
        solver.save(g, tmp_path / f"t{ext}")
        assert solver.load(tmp_path / f"t{ext}") == g
    gbt = pytest.importorskip("pygambit")
    theirs = gbt.read_nfg(io.StringIO(write_nfg(g)))
    assert len(theirs.players) == 0 and len(gbt.nash.enumpure_solve(theirs).equilibria) == 1


def test_a_table_is_never_written_as_a_tree():
    with pytest.raises(GameError, match="write_efg writes game trees"):
        write_efg(read_nfg(TABLE))


def test_showing_says_there_is_no_one_to_show():
    table = read_nfg(TABLE)
    for text in (str(table), render_latex(table), render_html(table),
                 solver.render_sgame(table), solver.render_sgame(table, standalone=True)):
        assert "No players: the game has one profile, the empty one" in text
    assert "no players" in repr(table)
    assert "Players: none (no one chooses" in render_tree(lottery(), solver.solve(lottery()))
    assert "the empty profile" in str(solver.solve(table))


# ---------------------------------------------------------------------- the command
def run(capsys, *argv):
    code = main(list(argv), catalogues=[])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_solves_explains_and_shows_them(tmp_path, capsys):
    path = tmp_path / "lottery.efg"
    path.write_text(LOTTERY)
    code, out, err = run(capsys, "solve", str(path))
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == ["1 equilibrium (spe, exact, all)",
                                    "  1. " + EMPTY_PROFILE]
    code, out, err = run(capsys, "solve", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["equilibria"] == [
        {"behavior": [], "payoffs": [], "regret": []}]
    code, out, err = run(capsys, "explain", str(path), "--brief")
    assert code == 0 and out.startswith("No one chooses: the outcome is decided by chance alone.")
    code, out, err = run(capsys, "show", str(path))
    assert code == 0 and "Players: none" in out
    table = tmp_path / "table.nfg"
    table.write_text(TABLE)
    code, out, err = run(capsys, "solve", str(table), "--format", "json")
    assert code == 0 and json.loads(out)["equilibria"] == [
        {"strategies": [], "payoffs": [], "regret": []}]
    code, out, err = run(capsys, "show", str(table), "--format", "latex")
    assert code == 0 and "No players" in out


def test_the_command_refuses_what_needs_players_in_one_line(tmp_path, capsys):
    path = tmp_path / "lottery.efg"
    path.write_text(LOTTERY)
    for method, message in REFUSED.items():
        code, out, err = run(capsys, "solve", str(path), "--method", method)
        assert code == 2 and out == "" and err.count("\n") == 1 and message in err
        assert "Traceback" not in err


# ---------------------------------------------------------------------- other libraries
def test_pygambit_games_without_players_convert_both_ways():
    gbt = pytest.importorskip("pygambit")
    tree = from_pygambit(gbt.Game.new_tree(title="root"))
    assert tree.n_players == 0 and tree.n_nodes == 1
    table = from_pygambit(gbt.Game.new_table([], title="t"))
    assert table == NormalFormGame([], title="t")
    for ours in (lottery(), read_efg(ROOT), read_nfg(TABLE)):
        theirs = ours.to_pygambit()
        assert len(theirs.players) == 0
        assert from_pygambit(theirs) == ours
        assert_empty_equilibrium(solver.solve(theirs))


def test_libraries_without_such_games_refuse_to_take_one():
    table = read_nfg(TABLE)
    with pytest.raises(GameError, match="QuantEcon NormalFormGame needs at least one player"):
        table.to_quantecon()
    with pytest.raises(GameError, match=r"this game has 0 \(export it with to_pygambit\(\)\)"):
        table.to_nashpy()


# ---------------------------------------------------------------------- the other entry points
def test_checks_and_refinements_accept_the_empty_profile():
    table = read_nfg(TABLE)
    assert solver.regret(table, []) == ()
    assert solver.certify(table, []).payoffs == ()
    for g in (lottery(), read_efg(ROOT), table):
        assert "It is a Nash equilibrium, vacuously: the game has no players" in str(solver.check(g, []))
        solution = solver.solve(g)
        assert solver.perfection(g, solution[0]).perfect is True
        assert len(solver.refine(solution).solution) == 1
        if g.form == "extensive":
            assert solver.sequential(g, solution[0]).sequential is True
    ce = solver.correlated_equilibrium(table)
    assert ce.to_dict()["distribution"] == [{"profile": [], "probability": "1"}]
    assert len(solver.correlated_extreme_points(table).vertices) == 1


@pytest.mark.parametrize("name", ["lottery", "root", "table"])
def test_operations_that_make_no_sense_raise_game_errors(name, tmp_path):
    game = games_without_players()[name]
    calls = {
        "dynamics": lambda: solver.dynamics(game),
        "ess": lambda: solver.ess(game),
        "stackelberg": lambda: solver.stackelberg(game),
        "planning_optimum": lambda: solver.planning_optimum(game),
        "signalling": lambda: solver.signalling(solver.solve(game)),
        "qre": lambda: solver.qre(game, 1),
        "qre_path": lambda: solver.qre_path(game),
        "fit_qre": lambda: solver.fit_qre(game, [1]),
        "best_response_diagram": lambda: solver.best_response_diagram(game, tmp_path / "b.png"),
        "payoff_lines": lambda: solver.payoff_lines(game, path=tmp_path / "l.png"),
    }
    if game.form == "normal":
        calls["draw"] = lambda: solver.draw(game, path=tmp_path / "d.svg")
    # each says what the operation needs: players, choices, another form
    reason = r"player|nobody chooses|not a signalling game|normal-form|game trees"
    for what, call in calls.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                call()
            except GameError as err:
                assert re.search(reason, str(err)), (what, str(err))
                continue
        pytest.fail(f"{what} on a game without players raised no GameError")
    if game.form == "extensive":
        assert solver.draw(game, path=tmp_path / "d.svg").exists()
