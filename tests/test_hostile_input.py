"""The reproducers of the hostile-input report, as regression tests.

Each input once ran for minutes, ran out of memory or escaped as an exception other
than GameError (``RecursionError``, ``ValueError`` from Python's 4300-digit limit,
``OverflowError``, ``TypeError``).  Now each ends at once in a result or a
:class:`solver.errors.GameError` that names the object and the place, and the command
turns it into one line on stderr and exit status 2.  The limits are in
docs/limits.md.
"""
from __future__ import annotations

import io
import json
import sys
import time
import warnings
from contextlib import redirect_stderr, redirect_stdout
from fractions import Fraction

import numpy as np
import pytest

from solver import NormalFormGame, TreeBuilder, certify, regret, solve
from solver.errors import GameError, InvalidGameError, ParseError, SolverLimitError
from solver.io.files import load
from solver.io.limits import MAX_JSON_DEPTH, MAX_STRATEGIES
from solver.numbers import format_number, int_text, short_number


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    return path


def _command(argv):
    """Run the command in this process: (status, stdout, stderr)."""
    from solver.cli import main
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(argv), catalogues=[])
    return status, out.getvalue(), err.getvalue()


def _chain_efg(depth: int) -> str:
    """A chain of ``depth`` unlabelled decision nodes, each with a way out."""
    lines = ['EFG 2 R "chain" { "A" "B" } ""']
    lines += [f'p "" {k % 2 + 1} {k + 1} "" {{ "on" "out" }} 0' for k in range(depth)]
    lines.append('t "" 1 "" { 0, 0 }')
    lines += [f't "" {k + 2} "" {{ {k}, {depth - k} }}' for k in range(depth)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- files
def test_an_nfg_header_of_a_hundred_million_strategies_is_refused_from_its_words(tmp_path):
    path = _write(tmp_path, "big.nfg", 'NFG 1 R "x" { "A" "B" } { 100000000 2 }\n1 2 3 4\n')
    start = time.monotonic()
    with pytest.raises(ParseError, match="MAX_STRATEGIES") as err:
        load(path)
    assert time.monotonic() - start < 10
    assert (err.value.line, err.value.column) == (1, 27)
    assert str(MAX_STRATEGIES) in str(err.value)


def test_a_header_whose_contingencies_cannot_fit_in_the_file(tmp_path):
    path = _write(tmp_path, "big.nfg", 'NFG 1 R "x" { "A" "B" } { 90000 90000 }\n1 2 3\n')
    with pytest.raises(ParseError, match="but only 3 tokens follow"):
        load(path)


def test_dev_zero_named_z_nfg_is_refused_after_the_byte_limit(tmp_path):
    link = tmp_path / "z.nfg"
    try:
        link.symlink_to("/dev/zero")
    except OSError:
        pytest.skip("no /dev/zero or no symlinks here")
    start = time.monotonic()
    with pytest.raises(GameError, match="MAX_FILE_BYTES"):
        load(link)
    assert time.monotonic() - start < 5
    with pytest.raises(GameError, match="larger than 10 bytes"):
        load(link, max_bytes=10)


def test_reading_a_deep_efg_chain_is_linear():
    from solver.io.efg import read_efg
    times = []
    for depth in (1000, 4000):
        start = time.monotonic()
        game = read_efg(_chain_efg(depth))
        times.append(time.monotonic() - start)
        assert game.n_nodes == 2 * depth + 1
    # four times the depth: four times the time when linear, sixteen when quadratic
    assert times[1] < 10 * times[0] + 1.0


@pytest.mark.slow
def test_a_30000_deep_efg_chain_reads_and_solves_in_seconds(tmp_path):
    path = _write(tmp_path, "chain.efg", _chain_efg(30_000))
    start = time.monotonic()
    game = load(path)
    sol = solve(game, "spe")
    assert time.monotonic() - start < 30
    assert len(sol) == 1 and game.n_nodes == 60_001


def test_an_error_deep_in_a_chain_names_the_node_briefly():
    from solver.io.efg import read_efg
    text = _chain_efg(5000).replace('p "" 2 5000 "" { "on" "out" }', 'p "" 9 5000 "" { "on" "out" }')
    with pytest.raises(ParseError, match=r"node \.\.\./on/on.*/on \(4999 actions from the root\): "
                                         "player 9 does not exist") as err:
        read_efg(text)
    assert len(str(err.value)) < 300


def test_3000_deep_json_arrays_are_a_parse_error_not_a_recursion_error(tmp_path):
    path = _write(tmp_path, "deep.json", "[" * 3000 + "]" * 3000)
    with pytest.raises(ParseError, match="MAX_JSON_DEPTH") as err:
        load(path)
    assert (err.value.line, err.value.column) == (1, MAX_JSON_DEPTH + 1)


GAME = {"form": "normal", "players": ["A", "B"],
        "payoffs": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]}


@pytest.mark.parametrize("text, line, column, words", [
    # after parsing: the value at fault is found in the text
    ('{"form": "normal",\n "players": ["A", "B"],\n "payoffs": [[[1, 0], [0, 1]],\n'
     '   [[1, 0], [0]]]}', 4, 13, "rectangular"),
    ('{"form": "normal", "players": ["A", "B"],\n "colour": 3,\n "payoffs": []}', 2, 12,
     "unknown key 'colour'"),
    ('{"form": "normal", "players": ["A", "B"], "payoffs":\n [[[1, "x+"], [0, 1]], '
     '[[1, 0], [0, 1]]]}', 2, 8, r"payoffs\[0\]\[0\]\[1\]"),
    ('{"form": "normal", "players": ["A", "A"], "payoffs": []}', 1, 37, "appears twice"),
    ('{"form": "normal", "players": ["A", "B"], "payoffs": [[[NaN, 0], [0, 1]], '
     '[[1, 0], [0, 1]]]}', 1, 57, "NaN"),
    ('{"form": "normal", "players": ["A", "B"], "payoffs": [[[' + "1" * 5000 + ', 0], '
     '[0, 1]], [[1, 0], [0, 1]]]}', 1, 57, "digits"),
    ('{"form": "normal", "players": ["A", "B"], "payoffs": [[[1e999, 0], [0, 1]], '
     '[[1, 0], [0, 1]]]}', 1, 57, "finite"),
    ('{"form": "normal", "players": ["A", "B"], "payoffs": [[[1, 0], [0, 1]]]}', 1, 54,
     "one array per player"),
    # syntax errors, as before
    ('{"form": "normal",, }', 1, 19, "not valid JSON"),
])
def test_every_json_error_has_a_line_and_a_column(tmp_path, text, line, column, words):
    path = _write(tmp_path, "g.json", text)
    with pytest.raises(ParseError, match=words) as err:
        load(path)
    assert (err.value.line, err.value.column) == (line, column)


@pytest.mark.parametrize("name, text", [
    ("g.nfg", 'NFG 1 R "x" { "A" "B" } { 2 2 }\n' + "1" * 5000 + " 0 0 1 0 0 1 1\n"),
    ("g.nfg", 'NFG 1 R "x" { "A" "B" } { ' + "2" * 5000 + " 2 }\n"),
    ("g.efg", 'EFG 2 R "x" { "A" } ""\np "" 1 1 "" { "a" } 0\nt "" 1 "" { ' + "9" * 5000
     + " }\n"),
    ("g.efg", 'EFG 2 R "x" { "A" } ""\np "" 1 ' + "7" * 5000 + ' "" { "a" } 0\n'),
])
def test_numbers_past_the_4300_digit_limit_are_parse_errors(tmp_path, name, text):
    with pytest.raises(ParseError) as err:
        load(_write(tmp_path, name, text))
    assert err.value.line is not None and len(str(err.value)) < 400


# ---------------------------------------------------------------------- numbers
def test_huge_exact_numbers_print_in_full_and_in_short():
    x = Fraction(10 ** 5000 + 1, 3)
    assert format_number(x).startswith("1000") and format_number(x).endswith("01/3")
    assert len(int_text(-(10 ** 5000))) == 5002
    assert short_number(10 ** 5000) == "about 1.000e5000"
    assert short_number(x) == "about 3.333e4999"
    # a solution holding such numbers prints, as text and as JSON
    g = NormalFormGame.from_matrices([[10 ** 5000, 0], [0, 1]], [[1, 0], [0, 10 ** 5000]])
    sol = solve(g, "pure")
    assert len(sol) == 2
    assert "1" + "0" * 5000 in str(sol)
    json.dumps(sol.to_dict())


def test_a_float_beside_a_huge_exact_payoff_is_an_invalid_game():
    with pytest.raises(InvalidGameError, match=r"at \(R1, C1\).*float range"):
        NormalFormGame.from_matrices([[10 ** 400, 0.5]], [[0, 0]])


def test_float_payoffs_spanning_more_than_the_largest_float_are_refused():
    g = NormalFormGame.from_matrices([[1e308, -1e308], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(GameError, match="span more than the largest float"):
        solve(g)


def test_dominance_with_exact_payoffs_beyond_1e308():
    big = 10 ** 310
    g = NormalFormGame.from_matrices([[big, 0], [0, big], [big // 3, big // 3]],
                                     [[1, 0], [0, 1], [0, 0]])
    sol = solve(g, "dominance")
    assert sol.trace and sol.trace[0].strategy == "R3"        # dominated by a mix of R1, R2
    assert all(r == 0 for e in sol for r in e.regret)


def test_no_numpy_warning_on_extreme_floats():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for big in (1e300, 1e-320):
            g = NormalFormGame.from_matrices(np.array([[big, 0.0], [0.0, big]]),
                                             np.array([[0.0, big], [big, 0.0]]))
            for method in ("auto", "pure", "enumerate", "lemke-howson", "dominance"):
                solve(g, method)


# ---------------------------------------------------------------------- the API
G2 = NormalFormGame.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]])

MISUSE = [
    (lambda: NormalFormGame.from_matrices([[1, 2], [3]], [[1, 2], [3, 4]]), "ragged"),
    (lambda: NormalFormGame.from_matrices([[float("nan"), 0]], [[0, 0]]), "finite"),
    (lambda: NormalFormGame.from_matrices([[float("inf"), 0]], [[0, 0]]), "finite"),
    (lambda: NormalFormGame.from_matrices([[]], [[]]), "no strategies"),
    (lambda: NormalFormGame.from_matrices([[1]], [[1]], players=5), "players"),
    (lambda: NormalFormGame.from_matrices([[1]], [[1]], strategies=3), "strategies"),
    (lambda: NormalFormGame.from_matrices([[1]], [[1]], strategies=[1, 2]), "strategies"),
    (lambda: NormalFormGame.from_matrices([[1]], [[1]], parameters=5), "parameters"),
    (lambda: NormalFormGame(None), "payoffs"),
    (lambda: NormalFormGame.from_tensor([[[1, 2], [3]]]), "tensor"),
    (lambda: G2.payoff(5), "profile"),
    (lambda: G2.payoff((7, 0)), "no strategy 7"),
    (lambda: G2.restrict(5), "restrict"),
    (lambda: G2.substitute(5), "mapping"),
    (lambda: certify(G2, None), "profile"),
    (lambda: certify(G2, [[1, 0], [1]]), "1 probabilities"),
    (lambda: certify(G2, [["a", "b"], [1, 0]]), "expected a number"),
    (lambda: certify(G2, [[float("nan"), 1], [1, 0]]), "finite"),
    (lambda: certify(G2, [[1, 0], [1, 0]], tol="x"), "tol"),
    (lambda: certify(G2, [[1, 0], [1, 0]], tol=10 ** 400), "tol"),
    (lambda: certify("game", [[1, 0], [1, 0]]), "NormalFormGame"),
    (lambda: regret(G2, [[[1], 0], [1, 0]]), "expected a number"),
    (lambda: solve(G2, "pure", foo=1), "no option 'foo'"),
    (lambda: solve(G2, "enumerate", max_vertices="x"), "max_vertices"),
    (lambda: solve(G2, "pure", max_equilibria=0), "max_equilibria"),
    (lambda: solve(G2, "enumerate", time_limit=-1), "time_limit"),
    (lambda: solve(G2, "enumerate", time_limit=float("nan")), "time_limit"),
    (lambda: TreeBuilder(None), "players"),
    (lambda: TreeBuilder(["A"]).decision("A", None), "actions"),
    (lambda: TreeBuilder(["A"]).decision("A", 5), "actions"),
    (lambda: TreeBuilder(["A"]).decision("A", ("a",), infoset=[1]), "hashable"),
    (lambda: TreeBuilder(["A"]).chance(5), "chance"),
    (lambda: TreeBuilder(["A"]).chance([("a", 1, 2)]), "pairs"),
    (lambda: load(None), "file name"),
    (lambda: load(5), "file name"),
]


@pytest.mark.parametrize("call, words", MISUSE, ids=[w for _, w in MISUSE])
def test_api_misuse_is_a_game_error_saying_what_was_expected(call, words):
    with pytest.raises(GameError, match=words):
        call()


# ---------------------------------------------------------------------- the command
@pytest.mark.parametrize("name, text, words", [
    ("h.nfg", 'NFG 1 R "x" { "A" "B" } { 100000000 2 }\n', "MAX_STRATEGIES"),
    ("d.json", "[" * 3000 + "]" * 3000, "MAX_JSON_DEPTH"),
    ("b.nfg", 'NFG 1 R "x" { "A" "B" } { 2 2 }\n' + "1" * 5000 + " 0 0 1 0 0 1 1\n",
     "1000 are read"),
    ("o.json", json.dumps({**GAME, "payoffs": [[[1e308, -1e308], [0, 1]], [[1, 0], [0, 1]]]}),
     "largest float"),
])
def test_the_command_reports_each_on_one_line_with_status_2(tmp_path, name, text, words):
    path = _write(tmp_path, name, text)
    status, out, err = _command(["solve", str(path)])
    assert status == 2
    assert err.count("\n") == 1 and words in err and "Traceback" not in err


def test_the_command_bounds_sweep_counts(tmp_path):
    path = _write(tmp_path, "p.json", json.dumps({
        "form": "normal", "players": ["A", "B"], "parameters": {"x": "1"},
        "payoffs": [[["x", "0"], ["0", "1"]], [["1", "0"], ["0", "1"]]]}))
    status, _, err = _command(["sweep", str(path), "x", "--from", "0", "--to", "1",
                               "--num", "100000000"])
    assert status == 2 and "MAX_SWEEP_VALUES" in err and err.count("\n") == 1


def test_parameter_commands_bound_their_counts():
    from solver.analysis.region import MAX_GRID, region
    from solver.analysis.sweep import MAX_SWEEP_VALUES, sweep
    from solver.analysis.uncertainty import MAX_SAMPLES, uncertainty
    g = NormalFormGame.from_matrices([["x", 0], [0, 1]], [[1, 0], [0, 1]], parameters={"x": "1"})
    with pytest.raises(GameError, match="MAX_SWEEP_VALUES"):
        sweep(g, "x", start=0, stop=1, num=MAX_SWEEP_VALUES + 1)
    with pytest.raises(GameError, match="MAX_SAMPLES"):
        uncertainty(g, {"x": "uniform:0:1"}, samples=MAX_SAMPLES + 1)
    with pytest.raises(GameError, match="MAX_GRID"):
        region(g, ["x", "x"], grid=MAX_GRID + 1)


def test_spe_reports_a_count_python_would_not_print():
    """2**15000 tied equilibria (4516 digits) once crashed the message with ValueError."""
    k = 15_000
    parent = [-1] + [0] * k + [1 + j // 2 for j in range(2 * k)]
    kind = [1] + [1] * k + [0] * (2 * k)               # DECISION = 1, TERMINAL = 0
    from solver.forms.extensive.game import DECISION, TERMINAL, ExtensiveFormGame
    kind = [DECISION] * (1 + k) + [TERMINAL] * (2 * k)
    player = [0] + [1] * k + [0] * (2 * k)
    payoffs = np.zeros((1 + 3 * k, 2), dtype=np.int64)
    game = ExtensiveFormGame.from_arrays(("A", "B"), np.array(parent), np.array(kind),
                                         np.array(player), payoffs)
    with pytest.raises(SolverLimitError, match=r"about 4\.226e4519 .*one=True") as err:
        solve(game, "spe")
    assert len(str(err.value)) < 400
    one = solve(game, "spe", one=True)
    assert len(one) == 1 and one.value == 0 and not one.complete
    assert "ties at 15001 decision node(s)" in " ".join(one.notes)
