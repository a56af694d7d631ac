"""Gambit .efg reader and writer: fixtures, round trips, pygambit cross-checks, errors with lines."""
from __future__ import annotations

import io
import pathlib
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.errors import ParseError
from solver.forms.extensive.builder import TreeBuilder
from solver.forms.extensive.game import ExtensiveFormGame
from solver.io.efg import read_efg, write_efg

DATA = pathlib.Path(__file__).parent / "data" / "efg"
FIXTURES = sorted(p.name for p in DATA.glob("*.efg") if not p.name.startswith("openspiel"))


def load(name, **kw):
    return read_efg((DATA / name).read_text(), name, **kw)


def _catalogue_files():
    try:
        import pygambit
    except ImportError:
        return []
    root = pathlib.Path(pygambit.__file__).parent / "catalog_data"
    return sorted(root.rglob("*.efg"))


CATALOGUE = _catalogue_files()


# ----------------------------------------------------------------------------- reading
def test_entry_deterrence_file_equals_the_built_tree():
    g = load("entry_deterrence.efg")
    b = TreeBuilder(("Entrant", "Incumbent"))
    r = b.decision("Entrant", ("Out", "In"), infoset_label="entry")
    b.terminal(r, "Out", payoffs=(0, 2), outcome_label="Out")
    f = b.decision("Incumbent", ("Fight", "Accommodate"), parent=r["In"], infoset_label="fight?")
    b.terminal(f, "Fight", payoffs=(-1, -1), outcome_label="Fight")
    b.terminal(f, "Accommodate", payoffs=(1, 1), outcome_label="Accommodate")
    assert g == b.build()
    assert g.title == "Entry deterrence" and g.comment.startswith("Textbook row 9")


def test_outcomes_on_inner_nodes_short_repeats_and_exact_decimals():
    g = load("outcomes_on_path.efg")
    assert g.n_nodes == 11
    assert g.chance_probabilities(0) == (F(1, 2), F(1, 2))      # "0.5" is exactly 1/2
    assert g.outcome(0).payoffs == (-1, -1)
    # every payoff includes the entry fee at the root; "t "" 0" is the null outcome
    pays = g.terminal_payoffs()
    assert len(pays) == 6
    assert sorted(pays.values()) == [(-1, -1)] * 4 + [(2, 1)] * 2
    # "p "a2" 1 1 0" joins Ann's information set 1 without repeating its actions
    assert [len(s.nodes) for s in g.infosets[0]] == [2] and g.infosets[0][0].label == "Ann"
    assert g.label(6) == "a2"


def test_information_sets_are_numbered_by_first_appearance_as_pygambit_does():
    text = """EFG 2 R "" { "A" "B" }
    p "" 1 2 "second" { "x" "y" } 0
    p "" 1 1 "first" { "u" "v" } 0
    t "" 0
    t "" 0
    t "" 0
    """
    g = read_efg(text)
    assert [s.label for s in g.infosets[0]] == ["second", "first"]
    assert g.infosets[0][1].nodes == (1,)
    assert write_efg(g).splitlines()[4].startswith('p "" 1 2 "first"')


# ----------------------------------------------------------------------------- writing
def test_write_format_matches_gambit_layout():
    text = write_efg(load("kuhn_poker.efg"))
    lines = text.splitlines()
    assert lines[0] == 'EFG 2 R "Kuhn poker" { "P1" "P2" }'
    assert lines[3] == 'c "" 1 "" { "JQ" 1/6 "JK" 1/6 "QJ" 1/6 "QK" 1/6 "KJ" 1/6 "KQ" 1/6 } 0'
    assert lines[4] == 'p "" 1 1 "P1 J" { "Check" "Bet" } 0'
    assert lines[6] == 't "" 1 "" { -1, 1 }'
    assert len(lines) == 3 + 55


def test_writer_escapes_quotes():
    b = TreeBuilder(('Say "hi"', "B"), title='a "quoted" title')
    r = b.decision(0, ('say "yes"', "no"))
    b.terminal(r, 0, payoffs=(1, 0), outcome_label='"win"')
    b.terminal(r, 1, payoffs=("1/3", "-0.25"))
    g = b.build()
    assert read_efg(write_efg(g)) == g


@pytest.mark.parametrize("name", FIXTURES)
def test_round_trip_of_fixtures(name):
    g = load(name)
    assert read_efg(write_efg(g)) == g


@pytest.mark.parametrize("path", CATALOGUE, ids=lambda p: p.stem)
def test_round_trip_of_pygambit_catalogue(path):
    g = read_efg(path.read_text(), str(path))
    assert read_efg(write_efg(g)) == g


def random_tree(seed: int) -> ExtensiveFormGame:
    """A random tree with chance, shared information sets, inner outcomes and odd labels."""
    import random
    rng = random.Random(seed)
    b = TreeBuilder(("A", "B", 'C "the third"'), title=f"random {seed}")
    root = b.decision("A", ("a", "b"), label="start")
    slots, made = [(root, "a"), (root, "b")], 1
    while slots:
        parent = slots.pop(rng.randrange(len(slots)))
        outcome = tuple(F(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(3)) \
            if rng.random() < 0.2 else None
        if made < 12 and (rng.random() < 0.6 or not slots):
            made += 1
            if rng.random() < 0.2:
                node = b.chance({"x": "0.25", "y": "3/4"}, parent=parent, outcome=outcome)
                acts = ("x", "y")
            else:
                i = rng.randrange(3)
                key = f"set {i}.{rng.randrange(2)}" if rng.random() < 0.5 else None
                node = b.decision(i, ("l", "r"), parent=parent, infoset=key,
                                  label=rng.choice(["", f"n{made}", f'say "{made}"']),
                                  outcome=outcome,
                                  outcome_label=rng.choice(["", "o"]))
                acts = ("l", "r")
            slots.extend((node, a) for a in acts)
        else:
            b.terminal(parent, payoffs=tuple(rng.randint(-3, 3) for _ in range(3)),
                       outcome_label=rng.choice(["", "end", "1/2"]))
    return b.build()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**9))
def test_round_trip_of_random_trees(seed):
    g = random_tree(seed)
    text = write_efg(g)
    assert read_efg(text) == g
    assert write_efg(read_efg(text)) == text


# ----------------------------------------------------------------------------- pygambit
def _frac(x):
    return F(str(x))


def _canon_gambit(game):
    """(kind, label, player, infoset index, actions, probabilities, outcome) per node, pre-order."""
    players = list(game.players)
    out = []
    stack = [game.root]
    while stack:
        node = stack.pop()
        o = node.outcome
        pay = tuple(_frac(o[p]) for p in players) if o else None     # 16.7: a proxy, falsy if none
        if node.is_terminal:
            out.append(("t", node.label, None, None, (), (), pay))
        elif node.player.is_chance:
            acts = tuple(a.label for a in node.infoset.actions)
            probs = tuple(_frac(a.prob) for a in node.infoset.actions)
            out.append(("c", node.label, None, None, acts, probs, pay))
        else:
            i = players.index(node.player)
            k = list(node.player.infosets).index(node.infoset)
            acts = tuple(a.label for a in node.infoset.actions)
            out.append(("p", node.label, i, k, acts, (), pay))
        stack.extend(reversed(list(node.children)))
    return [p.label for p in players], out


def _canon_ours(g):
    out = []
    for n in g.nodes:
        pay = None if n.outcome is None else tuple(n.outcome.payoffs)
        if n.kind == "terminal":
            out.append(("t", n.label, None, None, (), (), pay))
        elif n.kind == "chance":
            acts = n.actions
            if len(set(acts)) < len(acts):      # pygambit 16.7 suffixes repeated labels
                acts = tuple(f"{a}_{k + 1}" for k, a in enumerate(acts))
            out.append(("c", n.label, None, None, acts, tuple(n.probabilities), pay))
        else:
            out.append(("p", n.label, n.player, n.infoset.index, n.actions, (), pay))
    return list(g.players), out


@pytest.mark.parametrize("path", CATALOGUE, ids=lambda p: p.stem)
def test_pygambit_catalogue_loads_with_the_same_tree(path):
    gbt = pytest.importorskip("pygambit")
    ours = read_efg(path.read_text(), str(path))
    theirs = gbt.read_efg(str(path))
    assert _canon_ours(ours) == _canon_gambit(theirs)
    assert ours.perfect_recall()[0] == theirs.is_perfect_recall


def test_catalogue_is_found():
    pytest.importorskip("pygambit")
    assert len(CATALOGUE) >= 30          # pygambit 16.7 ships 32 .efg files


@pytest.mark.parametrize("source", FIXTURES + CATALOGUE,
                         ids=lambda p: getattr(p, "stem", p))
def test_our_files_load_in_pygambit_with_the_same_tree(source):
    gbt = pytest.importorskip("pygambit")
    g = load(source) if isinstance(source, str) else read_efg(source.read_text())
    theirs = gbt.read_efg(io.StringIO(write_efg(g)))
    assert _canon_gambit(theirs) == _canon_ours(g)


# ----------------------------------------------------------------------------- errors
def test_openspiel_decimal_chance_probabilities_name_node_and_sum():
    with pytest.raises(ParseError) as err:
        load("openspiel_decimals.efg")
    e = err.value
    assert e.line == 4 and e.file == "openspiel_decimals.efg"
    assert "node 'Deal'" in str(e) and "9999999999999999/10000000000000000" in str(e)
    assert "normalize_chance=True" in str(e)
    g = load("openspiel_decimals.efg", normalize_chance=True)
    assert g.chance_probabilities(0) == (F(1, 3),) * 3
    assert g.terminal_payoffs()[1] == (1, -1)


HEAD = 'EFG 2 R "t" { "A" "B" }\n""\n'
MALFORMED = [
    ('NFG 1 R "t" { "A" }', 1, "EFG"),
    ('EFG 3 R "t" { "A" }', 1, "version 2"),
    (HEAD + 'p "" 3 1 "" { "x" } 0\nt "" 0', 3, "player 3 does not exist"),
    (HEAD + 'p "" 1 1 0\nt "" 0', 3, "used before it is defined"),
    (HEAD + 'p "" 1 1 "" { "x" "y" } 0\np "" 1 1 "" { "y" "x" } 0\nt "" 0\nt "" 0\nt "" 0', 4,
     "repeated with other data"),
    (HEAD + 'p "" 1 1 "" { "x" "y" } 0\np "" 2 1 "" { "u" } 0\n\nt "" 0\nt "" 7', 7,
     "outcome 7 is not defined"),
    (HEAD + 'p "" 1 1 "" { "x" } 0\nt "" 1 "o" { 1, 2 }\nt "" 1\n', 5, "already complete"),
    (HEAD + 'p "" 1 1 "" { "x" } 0\nt "" 0 "o" { 1, 2 }', 4, "null outcome"),
    (HEAD + 'p "" 1 1 "" { "x" } 0\nt "" 1 "o" { 1, 2, 3 }', 4, "3 payoffs"),
    (HEAD + 'p "" 1 1 "" { "x" "y" } 0\nt "" 0', 4, "ends before action 'y'"),
    (HEAD + 'c "n" 1 "" { "H" 1/2 "T" -1/2 "X" 1 } 0\nt "" 0\nt "" 0\nt "" 0', 3, "negative"),
    (HEAD + 'p "" 1 1 "" { "x" } 0\n c "" 1 "" { "H" 0.3 "T" 0.3 } 0\nt "" 0\nt "" 0', 4,
     "node x: chance probabilities sum to 3/5"),
    (HEAD + 'p "" 1 1 "" { "x" } 0\nt "unclosed 0', 4, "not closed"),
    (HEAD + 'p "" 1 1 "" { "x" } 0\nq "" 0', 4, "a node"),
    (HEAD + 'p "" 1 1 "" { "x" } 0\nt "" 1 "o" { 1 "two" }', 4, "'}'"),
    (HEAD, 2, "no nodes"),
]


@pytest.mark.parametrize("text,line,fragment", MALFORMED, ids=lambda x: None)
def test_malformed_files_raise_parse_error_at_the_right_line(text, line, fragment):
    with pytest.raises(ParseError) as err:
        read_efg(text, "bad.efg")
    assert err.value.line == line, str(err.value)
    assert fragment in str(err.value)
    assert str(err.value).startswith("bad.efg, line ")


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10**9))
def test_random_trees_load_in_pygambit_with_the_same_tree(seed):
    gbt = pytest.importorskip("pygambit")
    g = random_tree(seed)
    theirs = gbt.read_efg(io.StringIO(write_efg(g)))
    assert _canon_gambit(theirs) == _canon_ours(g)
    assert theirs.is_perfect_recall == g.perfect_recall()[0]
