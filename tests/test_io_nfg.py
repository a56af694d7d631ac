"""Gambit tokenizer and .nfg reader/writer.

Known answers come from the Gambit documentation ("The strategic game (.nfg)
file format", payoff and outcome versions) and from files written by
pygambit 16.7 (``Game.from_arrays(...).to_nfg()``), stored in tests/data/.
"""
from __future__ import annotations

import io
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from solver import GameError, NormalFormGame, ParseError
from solver.io.files import load, save
from solver.io.gambit_tokens import Token, TokenStream, number, tokenize
from solver.io.nfg import quote, read_nfg, write_nfg

DATA = Path(__file__).parent / "data"
F = Fraction


def matrix(a):
    return [[x for x in row] for row in a]


def contingency_order(shape):
    """Index tuples with player 1 varying fastest (the .nfg order)."""
    return [np.unravel_index(k, shape, order="F") for k in range(math.prod(shape))]


# ---------------------------------------------------------------- tokenizer
def test_tokens_kinds_positions_and_escapes():
    toks = tokenize('NFG 1 R "a \\"b\\" \\\\" {\n  1/3, -2.5e-1 }')
    assert [t.kind for t in toks] == ["symbol", "number", "symbol", "string", "lbrace",
                                      "number", "comma", "number", "rbrace"]
    assert toks[3].text == 'a "b" \\'
    assert (toks[5].line, toks[5].column) == (2, 3)
    assert toks[-1] == Token("rbrace", "}", 2, 16)
    assert number(toks[5]) == F(1, 3) and number(toks[7]) == F(-1, 4)


def test_a_lone_backslash_is_literal_and_strings_may_span_lines():
    toks = tokenize('"C:\\dir" "two\nlines" x')
    assert toks[0].text == "C:\\dir"
    assert toks[1].text == "two\nlines"
    assert (toks[2].line, toks[2].column) == (2, 8)


def test_numbers_are_exact():
    assert number(tokenize("0.1")[0]) == F(1, 10)
    assert number(tokenize("1e-5")[0]) == F(1, 100000)
    assert number(tokenize("-.5")[0]) == F(-1, 2)
    assert number(tokenize("12/8")[0]) == F(3, 2)


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "x", "1x", "0x10", "1/2/3", "1_000",
                                  "\u0663"])
def test_words_are_not_numbers(text):
    (tok,) = tokenize(text)
    assert tok.kind == "symbol"
    with pytest.raises(ParseError, match="expected a number"):
        number(tok)


def test_division_by_zero_is_a_parse_error():
    with pytest.raises(ParseError, match="divides by zero") as err:
        number(tokenize("\n 1/0")[0])
    assert (err.value.line, err.value.column) == (2, 2)


def test_unterminated_string_reported_at_its_start():
    with pytest.raises(ParseError, match="not closed") as err:
        tokenize('NFG 1 R\n  "title { "P1" }'.replace('"P1" }', "P1 }"))
    assert (err.value.line, err.value.column) == (2, 3)


def test_stream_errors_name_expected_and_found():
    ts = TokenStream.from_text('NFG "x"\n\n{', file="g.nfg")
    ts.expect_symbol("NFG")
    with pytest.raises(ParseError) as err:
        ts.expect("number", "the version")
    assert "expected the version" in str(err.value) and '"x"' in str(err.value)
    assert err.value.file == "g.nfg" and err.value.line == 1 and err.value.column == 5
    ts.next()
    ts.expect("lbrace")
    with pytest.raises(ParseError, match="unexpected end of file: expected a number") as err:
        ts.expect_number()
    assert err.value.line == 3
    assert ts.at_end() and ts.peek() is None


def test_expect_int_refuses_fractions_and_small_values():
    ts = TokenStream.from_text("2.5 0 3")
    with pytest.raises(ParseError, match="integer"):
        ts.expect_int("an integer")
    ts.next()
    with pytest.raises(ParseError, match="at least 1"):
        ts.expect_int("a count", minimum=1)
    ts.next()
    assert ts.expect_int() == 3


# ---------------------------------------------------------------- reading
def test_formats_example_payoff_body():
    # gambit_formats.md §3.3: { 3 2 } with payoffs 1 1 0 2 0 2 1 1 0 3 2 0.
    g = load(DATA / "nfg_formats_example.nfg")
    assert g.shape == (3, 2)
    A, B = g.payoffs
    assert matrix(A) == [[1, 1], [0, 0], [0, 2]]
    assert matrix(B) == [[1, 1], [2, 3], [2, 0]]
    assert g.players == ("Player 1", "Player 2")
    assert g.strategies == (("1", "2", "3"), ("1", "2"))
    assert g.title == "Example from the Gambit documentation"
    assert g.exact


def test_hand_written_labels_and_outcomes():
    g = load(DATA / "nfg_labels_outcome_hand.nfg")
    assert g.shape == (2, 3)
    assert g.title == 'Hand-written: "labels" and outcomes'
    assert g.strategies == (("Top", "Bottom"), ("Left", "Right", "Far"))
    A, B = g.payoffs
    # outcomes 1 = (2,-1), 2 = (1/2,1/2), 3 = (-5/4, 30); cells 1 2 0 2 3 1
    assert matrix(A) == [[2, 0, F(-5, 4)], [F(1, 2), F(1, 2), 2]]
    assert matrix(B) == [[-1, 0, 30], [F(1, 2), F(1, 2), -1]]


def test_counts_with_outcomes_three_players():
    g = load(DATA / "nfg_counts_outcome_3player.nfg")
    assert g.shape == (2, 2, 2) and g.players == ("A", "B", "C")
    outcomes = {1: (1, 0, 0), 2: (0, 1, 0), 3: (0, 0, 1), 4: (F(1, 3),) * 3}
    order = [1, 2, 3, 4, 4, 3, 2, 1]
    for k, idx in enumerate(contingency_order(g.shape)):
        assert g.payoff(tuple(int(i) for i in idx)) == outcomes[order[k]]


def test_labels_with_payoff_body_three_players():
    g = load(DATA / "nfg_labels_payoff_3player.nfg")
    assert g.shape == (2, 2, 2)
    assert g.strategies == (("a1", "a2"), ("b1", "b2"), ("c1", "c2"))
    for k, idx in enumerate(contingency_order(g.shape)):
        assert g.payoff(tuple(int(i) for i in idx)) == (3 * k + 1, 3 * k + 2, 3 * k + 3)


def test_files_written_by_pygambit():
    g = load(DATA / "nfg_pygambit_bimatrix.nfg")
    assert g.players == ("Alice", "Bob")
    assert g.strategies == (("Up", "Down"), ("Left", "Middle", "Right"))
    assert matrix(g.payoffs[0]) == [[F(1, 3), 2, F(-5, 2)], [0, F(7, 4), 1]]
    assert matrix(g.payoffs[1]) == [[F(1, 2), -1, 3], [F(9, 20), 0, F(2, 3)]]

    h = load(DATA / "nfg_pygambit_3player.nfg")
    assert h.shape == (2, 3, 2)
    for a, b, c in h.cells():
        assert h.payoff((a, b, c)) == (a + 2 * b - c, F(10 * a + b, 1 + c), a * b * c - 1)

    z = load(DATA / "nfg_pygambit_null_outcome.nfg")
    assert matrix(z.payoffs[0]) == [[F(9, 20), F(1, 8), 3], [0, 0, 0]]
    assert matrix(z.payoffs[1]) == [[F(-3, 2), F(7, 3), F(-2, 7)], [0, 0, 0]]


def test_blank_and_repeated_labels_are_made_distinct():
    g = read_nfg('NFG 1 R "" { "" "B" } { { "x" "y" "x" } { "" "1" } }\n'
                 + " ".join(["0"] * 12))
    assert g.players == ("Player 1", "B")
    assert g.strategies == (("x_1", "y", "x_2"), ("1_1", "1_2"))


def test_commas_and_exact_false():
    g = read_nfg('NFG 1 R "" { "a" "b" } { 1 2 } 0.1, 2, 3, 1/4', exact=False)
    assert not g.exact
    assert g.payoff((0, 0)) == (0.1, 2.0) and g.payoff((0, 1)) == (3.0, 0.25)


# ---------------------------------------------------------------- writing
PD = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                  strategies=(("C", "D"), ("C", "D")), title="PD")


def test_written_payoff_form_text():
    assert write_nfg(PD) == (
        'NFG 1 R "PD" { "Row" "Column" }\n\n'
        '{ { "C" "D" }\n{ "C" "D" }\n}\n""\n\n'
        "3 3\n5 0\n0 5\n1 1\n")


def test_written_outcome_form_text():
    text = write_nfg(PD, outcomes=True, comment="a comment")
    assert text.endswith('"a comment"\n\n{\n{ "" 3, 3 }\n{ "" 5, 0 }\n{ "" 0, 5 }\n'
                         '{ "" 1, 1 }\n}\n1 2 3 4\n')


def test_fractions_written_exactly():
    g = NormalFormGame.from_matrices([["1/3", "-0.45"]], [["2/7", 0]])
    assert "1/3 2/7\n-9/20 0\n" in write_nfg(g)
    assert read_nfg(write_nfg(g)) == g


@pytest.mark.parametrize("outcomes", [False, True])
def test_round_trip_fixtures(outcomes):
    for path in sorted(DATA.glob("nfg_*.nfg")):
        g = load(path)
        back = read_nfg(write_nfg(g, outcomes=outcomes))
        assert back == g and back.title == g.title, path.name


labels = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1,
                 max_size=6).filter(lambda s: s.strip())
fractions = st.fractions(max_denominator=50).filter(lambda x: abs(x) < 1000)


@st.composite
def exact_games(draw):
    n = draw(st.integers(1, 3))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    size = math.prod(shape)
    payoffs = [np.array(draw(st.lists(fractions, min_size=size, max_size=size)),
                        dtype=object).reshape(shape) for _ in range(n)]
    players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(labels, min_size=m, max_size=m, unique=True)) for m in shape]
    title = draw(st.text(max_size=8))
    return NormalFormGame(payoffs, players=players, strategies=strategies, title=title)


@given(exact_games(), st.booleans())
def test_round_trip_random_exact_games(g, outcomes):
    back = read_nfg(write_nfg(g, outcomes=outcomes))
    assert back == g
    assert back.title == g.title


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64),
                min_size=4, max_size=4))
def test_float_games_round_trip_with_exact_false(values):
    g = NormalFormGame.from_matrices([[values[0] + 0.5, values[1]]], [[values[2], values[3]]])
    assert not g.exact
    assert read_nfg(write_nfg(g), exact=False) == g


def test_float_text_has_no_exponent():
    g = NormalFormGame.from_matrices([[1e20, 1e-5]], [[0.1, -2.5]])
    text = write_nfg(g)
    assert "100000000000000000000 0.1\n0.00001 -2.5\n" in text
    assert read_nfg(text)  # exact reading: 0.1 is 1/10
    assert read_nfg(text).payoff((0, 1)) == (F(1, 100000), F(-5, 2))


def test_parametric_game_cannot_be_written():
    g = NormalFormGame.from_matrices([[sympy.Symbol("t"), 0]], [[1, 2]])
    with pytest.raises(GameError, match="parametric"):
        write_nfg(g)


def test_quote_round_trips_backslashes():
    for label in ['a\\b', 'a\\', 'a\\"b', 'q"', 'x\\\\y']:
        (tok,) = tokenize(quote(label))
        assert tok.text == label


def test_save_and_load_nfg(tmp_path):
    path = tmp_path / "pd.nfg"
    save(PD, path)
    assert load(path) == PD
    assert load(str(path)).title == "PD"


# ---------------------------------------------------------------- bad files
GOOD_HEAD = 'NFG 1 R "t" { "A" "B" }\n{ 2 2 }\n'


@pytest.mark.parametrize("text, line, column, message", [
    ("", 1, None, "empty"),
    ("\n\n   \n", 1, None, "empty"),
    ('EFG 2 R "t" { "A" }', 1, 1, "read_efg"),
    ('NFX 1 R "t"', 1, 1, "'NFG'"),
    ('NFG 2 R "t" { "A" }', 1, 5, "version 2"),
    ('NFG\n1 X "t" { "A" }', 2, 3, "'R'"),
    ('NFG 1 R\n{ "A" }', 2, 1, "title"),
    ('NFG 1 R "t" { "A" } { 1 }\n  "comment never closed\n1', 2, 3, "not closed"),
    ('NFG 1 R "t\n{ "A" } { 1 } 1', 2, 5, "not closed"),
    ('NFG 1 R "t" { "A" "B" } { 2 }\n1 2 3 4', 1, 25, "counts are given for 1 players"),
    ('NFG 1 R "t" { "A" } { 0 }\n', 1, 23, "at least 1"),
    (GOOD_HEAD, 2, None, "unexpected end of file"),
    (GOOD_HEAD + "1 1 0 2\n0 2 1", 4, None, "after 7 payoffs; expected 8"),
    ('NFG 1 R "t" { "A" "B" } { 100000 100000 }\n1 2\n3', 2, 1,
     "make 10000000000 contingencies, but only 3 tokens follow"),
    (GOOD_HEAD + "1 1 0 2\n0 2 1 1 0", 4, 9, "more payoffs than the 8"),
    (GOOD_HEAD + "1 1 0 2\n0 2 x 1", 4, 5, "expected the payoff of 'A' at (2, 2)"),
    (GOOD_HEAD + "1 1 0 2\n0 nan 1 1", 4, 3, "found 'nan'"),
    (GOOD_HEAD + "nan", 3, 1, "found 'nan'"),
    (GOOD_HEAD + '"comment" "second comment" 1 2', 3, 11, 'found the text "second comment"'),
    (GOOD_HEAD + "1 1 0 2\n0 2 1/0 1", 4, 5, "divides by zero"),
    (GOOD_HEAD + "{ { \"\" 1 2 }\n { \"\" 3 } }\n1 1 1 1", 4, 9, "outcome 2 has 1 payoffs; expected 2"),
    (GOOD_HEAD + "{ { \"\" 1 2 3 } }\n1 1 1 1", 3, 12, "more than 2 payoffs"),
    (GOOD_HEAD + "{ { \"\" 1 inf } }\n1 1 1 1", 3, 10, "found 'inf'"),
    (GOOD_HEAD + "{ { 1 2 } }\n1 1 1 1", 3, 5, "label of outcome 1"),
    (GOOD_HEAD + "{ { \"\" 1 2 } }\n1 0\n1 2", 5, 3, "outcome 2 is not defined"),
    (GOOD_HEAD + "{ { \"\" 1 2 } }\n1 0\n1", 5, None, "after 3 outcome numbers; expected 4"),
    (GOOD_HEAD + "{ { \"\" 1 2 } }\n1 0\n1 1 1", 5, 5, "more outcome numbers"),
    (GOOD_HEAD + "{ { \"\" 1 2 } }\n1 0\n1 x", 5, 3, "outcome number of contingency 4"),
    (GOOD_HEAD + "{ { \"\" 1 2 } }\n1 0\n1 1.5", 5, 3, "outcome number"),
    (GOOD_HEAD + '1 1 0 2 0 2 1 1\n"trailing"', 4, 1, "end of the file"),
])
def test_bad_files_raise_parse_error_with_line(text, line, column, message):
    with pytest.raises(ParseError) as err:
        read_nfg(text, file="bad.nfg")
    assert isinstance(err.value, GameError)
    assert message in str(err.value)
    assert err.value.line == line
    assert err.value.column == column
    assert err.value.file == "bad.nfg" and str(err.value).startswith("bad.nfg, line")


def test_bad_file_through_load_names_the_path(tmp_path):
    path = tmp_path / "broken.nfg"
    path.write_text(GOOD_HEAD + "1 1 0 2\n0 2 x 1")
    with pytest.raises(ParseError) as err:
        load(path)
    assert err.value.file == str(path) and err.value.line == 4
    assert str(path) in str(err.value)


# ---------------------------------------------------------------- pygambit cross-checks
def _gambit_cells(h):
    """{index tuple: payoffs} of a pygambit table game (null outcome = zeros)."""
    players = list(h.players)
    out = {}
    for c in h.contingencies:
        o = h[c]
        out[tuple(c)] = tuple(F(0) if o is None else F(str(o[p])) for p in players)
    return out


def _assert_same_as_gambit(g, h):
    assert [p.label for p in h.players] == list(g.players)
    assert [[s.label for s in p.strategies] for p in h.players] == [list(s) for s in g.strategies]
    cells = _gambit_cells(h)
    assert len(cells) == math.prod(g.shape)
    for idx in g.cells():
        assert cells[idx] == g.payoff(idx), idx


def test_our_reading_agrees_with_pygambit_on_fixtures():
    gbt = pytest.importorskip("pygambit")
    paths = sorted(DATA.glob("nfg_*.nfg"))
    assert len(paths) >= 7
    for path in paths:
        _assert_same_as_gambit(load(path), gbt.read_nfg(str(path)))


def test_pygambit_catalog_files_agree():
    gbt = pytest.importorskip("pygambit")
    root = Path(gbt.__file__).parent / "catalog_data"
    paths = sorted(root.rglob("*.nfg"))
    if not paths:
        pytest.skip("this pygambit ships no catalog .nfg files")
    for path in paths:
        _assert_same_as_gambit(load(path), gbt.read_nfg(str(path)))


def test_pygambit_from_arrays_to_nfg_loads_to_same_payoffs():
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(7)
    for shape in [(2, 3), (3, 2, 2), (1, 4)]:
        arrays = [rng.integers(-5, 6, size=shape).astype(object)
                  + F(1, int(rng.integers(1, 5))) for _ in shape]
        h = gbt.Game.from_arrays(*arrays, title="random")
        g = read_nfg(h.to_nfg())
        assert g.shape == shape
        for i in range(len(shape)):
            assert matrix(g.payoffs[i].reshape(shape[0], -1)) == \
                matrix(np.asarray(arrays[i], dtype=object).reshape(shape[0], -1))


@pytest.mark.parametrize("outcomes", [False, True])
def test_our_files_load_in_pygambit(outcomes):
    gbt = pytest.importorskip("pygambit")
    games = [PD,
             NormalFormGame.from_matrices([["1/3", "-0.45", 2]], [["2/7", 0, "-5/3"]],
                                          players=("Ann", 'Bo "B"'), title='q"uote'),
             load(DATA / "nfg_pygambit_3player.nfg"),
             NormalFormGame.from_matrices([[0.1, 1e20]], [[-2.5, 1e-5]])]
    for g in games:
        h = gbt.read_nfg(io.StringIO(write_nfg(g, outcomes=outcomes)))
        assert h.title == g.title
        if g.exact:
            _assert_same_as_gambit(g, h)
        else:
            exact = read_nfg(write_nfg(g))
            _assert_same_as_gambit(exact, h)
