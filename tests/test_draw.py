"""Drawings of game trees: the layout, the equilibrium's marks, TikZ (istgame) and SVG/PNG.

Checks are on content: the players, actions, payoffs, information sets, thick
equilibrium branches and beliefs must be in the TikZ text and in the SVG's text
and ids; the .tex must compile where pdflatex and istgame are installed; the
labels of the matplotlib figures must not overlap.
"""
from __future__ import annotations

import importlib.util
import random
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver import TreeBuilder
from solver.cli import main
from solver.errors import GameError
from solver.io.draw import FORMATS, draw
from solver.io.tree_labels import label_box, overlaps, plan_labels
from solver.io.tree_layout import MAX_NODES, SUBLEVEL_STEP, layout_tree
from solver.io.tree_marks import game_to_draw, tree_marks
from solver.io.tree_tikz import escape_latex

SVG = "{http://www.w3.org/2000/svg}"


def entry_game():
    b = TreeBuilder(players=("Entrant", "Incumbent"), title="Entry")
    root = b.decision("Entrant", actions=("Out", "In"))
    b.terminal(root, "Out", payoffs=(0, 2))
    fight = b.decision("Incumbent", parent=root["In"], actions=("Fight", "Accommodate"))
    b.terminal(fight, "Fight", payoffs=(-1, -1))
    b.terminal(fight, "Accommodate", payoffs=(1, 1))
    return b.build()


def marks_of(name, k=1):
    g = games.get(name)
    game, profile, index, count, method = game_to_draw(g, solver.solve(g), k)
    return game, tree_marks(game, profile, index=index, count=count, method=method)


def random_tree(seed: int, size: int = 40, pool: int = 2):
    """A random two-player tree with chance nodes; some decision nodes share
    information sets (keys drawn from a small pool per player and action count, most
    of them also per depth, so that most sets can be drawn at one height)."""
    rng = random.Random(seed)
    b = TreeBuilder(players=("A", "B"))
    root = b.decision("A", actions=("a", "b"))
    open_ = [(root, ("a", "b"), 0)]
    made = 1
    while open_:
        node, acts, depth = open_.pop(rng.randrange(len(open_)))
        for a in acts:
            if made >= size or rng.random() < 0.3:
                b.terminal(node, a, payoffs=(rng.randint(-5, 5), rng.randint(-5, 5)))
            elif rng.random() < 0.15:
                kid = b.chance({"h": Fraction(1, 3), "t": Fraction(2, 3)}, parent=node[a])
                open_.append((kid, ("h", "t"), depth + 1))
            else:
                who = rng.choice("AB")
                n = rng.choice((2, 3))
                names = ("x", "y", "z")[:n]
                key = None
                if rng.random() < 0.8:
                    key = (who, n, rng.randrange(pool),
                           depth + 1 if rng.random() < 0.8 else rng.randrange(2))
                kid = b.decision(who, parent=node[a], actions=names, infoset=key)
                open_.append((kid, names, depth + 1))
            made += 1
    return b.build()


# ---------------------------------------------------------------------- layout
def test_entry_layout_known_coordinates():
    lay = layout_tree(entry_game())
    assert lay.n_leaves == 3 and lay.lines == ()
    assert lay.x == (0.75, 0.0, 1.5, 1.0, 2.0)
    assert lay.y == (0.0, -1.0, -1.0, -2.0, -2.0)


def test_beer_quiche_sets_get_sublevels_clear_of_other_nodes():
    g = games.get("beer-quiche")
    lay = layout_tree(g)
    assert len(lay.lines) == 2
    beer, quiche = lay.lines
    assert (beer.level, beer.sublevel, quiche.level, quiche.sublevel) == (2, 0, 2, 1)
    assert lay.y[quiche.nodes[0]] == pytest.approx(-2 - SUBLEVEL_STEP)
    # the strong type's node after Quiche lies under the Beer line, not on it
    strong_quiche = quiche.nodes[0]
    assert lay.x[beer.nodes[0]] < lay.x[strong_quiche] < lay.x[beer.nodes[-1]]
    assert lay.y[strong_quiche] < lay.y[beer.nodes[0]]


def test_selten_horse_puts_player_3s_nodes_at_one_height():
    g = games.get("selten-horse")
    lay = layout_tree(g)
    assert len(lay.lines) == 1
    a, b = lay.lines[0].nodes
    assert g.path(a) != g.path(b) and len(g.path(a)) != len(g.path(b))
    assert lay.y[a] == lay.y[b] == -2.0


def test_large_trees_are_refused_with_the_way_to_draw_them():
    g = games.get("leduc-poker")
    assert g.n_nodes > MAX_NODES
    with pytest.raises(GameError) as err:
        draw(g, format="tex")
    message = str(err.value)
    assert f"max_nodes={MAX_NODES}" in message and f"max_nodes={g.n_nodes}" in message
    assert "--max-nodes" in message


def test_max_nodes_is_a_per_call_limit():
    g = random_tree(3, size=60)
    with pytest.raises(GameError, match="max_nodes=10"):
        layout_tree(g, max_nodes=10)
    assert layout_tree(g, max_nodes=g.n_nodes).n_leaves > 0


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10 ** 6), st.integers(3, 60))
def test_layout_invariants_on_random_trees(seed, size):
    g = random_tree(seed, size)
    lay = layout_tree(g)
    kids = g.child_lists()
    leaves = [h for h in range(g.n_nodes) if not kids[h]]
    assert len(lay.x) == len(lay.y) == g.n_nodes and lay.n_leaves == len(leaves)
    assert [lay.x[h] for h in leaves] == list(range(len(leaves)))      # evenly spaced
    for h in range(g.n_nodes):
        if kids[h]:
            assert lay.x[h] == (lay.x[kids[h][0]] + lay.x[kids[h][-1]]) / 2
            assert all(lay.y[c] < lay.y[h] for c in kids[h])               # children below
    multi = [s for per in g.infosets for s in per if len(s.nodes) > 1]
    assert len(lay.lines) == len(multi)
    if not lay.aligned:       # the sets' nodes lie on both sides of each other: plain depths
        assert all(lay.level[c] == lay.level[h] + 1 for h in range(g.n_nodes) for c in kids[h])
        return
    for ln in lay.lines:
        ys = {lay.y[h] for h in ln.nodes}
        assert len(ys) == 1                                                # one height
        lo, hi = lay.x[ln.nodes[0]], lay.x[ln.nodes[-1]]
        others = [h for h in range(g.n_nodes) if h not in ln.nodes and lay.y[h] in ys]
        assert not [h for h in others if lo < lay.x[h] < hi]               # no node on the line


# ---------------------------------------------------------------------- marks
def test_beer_quiche_beliefs_follow_bayes_and_the_off_path_range():
    _, marks = marks_of("beer-quiche", 1)      # pooling on Quiche, receiver mixes after Beer
    assert marks.count == 4 and marks.method == "spe"
    b = marks.beliefs
    assert len(b) == 4
    assert (b[5].value, b[12].value) == (Fraction(9, 10), Fraction(1, 10))
    assert (b[2].value, b[9].value) == (Fraction(1, 2), Fraction(1, 2))
    _, marks = marks_of("beer-quiche", 2)      # the receiver duels after Beer
    first = marks.beliefs[2]
    assert first.first and (first.low, first.high) == (0, Fraction(1, 2))
    assert marks.beliefs[9].is_range and not marks.beliefs[9].first


def test_selten_horse_range_is_two_thirds_or_more():
    _, marks = marks_of("selten-horse", 1)
    m = marks.beliefs[3]
    assert (m.low, m.high) == (Fraction(2, 3), 1)
    assert [marks.chosen(0, a) for a in range(2)] == [True, False]


def test_a_parametric_tree_is_drawn_with_the_solved_values():
    g = games.get("diplomatic-victory")
    assert g.parametric
    tex = draw(g, solver.solve(g), format="tex")
    assert "kappa" not in tex and r"\frac{3}{10}" in tex
    plain = draw(g, format="tex")
    assert r"\kappa" in plain and r"\pi" in plain and r"\mathit{lam}" in plain
    eq = solver.solve(g)[0]
    with pytest.raises(GameError, match="substitute"):
        draw(g, eq, format="tex")


def test_bad_solutions_and_choices_are_refused():
    g = games.get("beer-quiche")
    sol = solver.solve(g)
    with pytest.raises(GameError, match="no equilibrium number 9"):
        draw(g, sol, format="tex", equilibrium=9)
    with pytest.raises(GameError, match="another game"):
        draw(entry_game(), sol, format="tex")
    with pytest.raises(GameError, match="marks a Solution"):
        draw(g, "Beer", format="tex")
    with pytest.raises(GameError, match="equilibrium= chooses"):
        draw(g, sol[0], format="tex", equilibrium=2)


# ---------------------------------------------------------------------- TikZ
def test_entry_tikz_has_the_tree_in_istgame():
    g = entry_game()
    tex = draw(g, solver.solve(g), format="tex")
    assert tex.count(r"\documentclass[tikz") == 1 and r"\usepackage{istgame}" in tex
    assert tex.count(r"\istroot") == 2 and tex.count(r"\istb<") == 4
    for label in ("{Entrant}", "{Incumbent}", "{Out}", "{In}", "{Fight}", "{Accommodate}",
                  r"{$(0,\ 2)$}", r"{$(-1,\ -1)$}", r"{$(1,\ 1)$}"):
        assert label in tex, label
    assert tex.count("[equilibrium]") == 2
    assert r"[equilibrium]{In}" in tex and r"[equilibrium]{Accommodate}" in tex
    body = draw(g, format="tex", standalone=False)
    assert r"\documentclass" not in body and body.count(r"\begin{istgame}") == 1
    assert "[equilibrium]" not in body


def test_beer_quiche_tikz_joins_the_information_sets():
    g = games.get("beer-quiche")
    tex = draw(g, solver.solve(g), format="tex", equilibrium=2)
    assert tex.count(r"\xtInfoset(") == 2
    assert r"\xtInfoset(n2)(n9)" in tex and r"\xtInfoset(n5)(n12)" in tex
    assert tex.count("{Receiver}") == 2 and tex.count("{Sender}") == 2
    assert r"Strong $(\frac{9}{10})$" in tex and "[chance node]" in tex
    assert r"$[\frac{9}{10}]$" in tex and r"$[\mu \le \frac{1}{2}]$" in tex
    assert r"$[1-\mu]$" in tex
    assert "equilibrium 2 of 4 (spe)" in tex


def test_labels_are_escaped_for_latex():
    assert escape_latex("a_b & 50% #1 {x} $y ~z^") == \
        r"a\_b \& 50\% \#1 \{x\} \$y \textasciitilde{}z\textasciicircum{}"
    tex = draw(odd_labels_game(), format="tex")
    assert r"{R\&D\_1}" in tex and r"{50\% \$cut}" in tex and r"{Firm \#2}" in tex


def odd_labels_game():
    b = TreeBuilder(players=("Firm #2", "Rival {x}"))
    root = b.decision("Firm #2", actions=("R&D_1", "50% $cut"))
    b.terminal(root, "R&D_1", payoffs=(1, "1/3"))
    r = b.decision("Rival {x}", parent=root["50% $cut"], actions=("~a", "b^"))
    b.terminal(r, "~a", payoffs=(-2, 0))
    b.terminal(r, "b^", payoffs=(0, 1))
    return b.build()


def _latex_ready() -> bool:
    if shutil.which("pdflatex") is None or shutil.which("kpsewhich") is None:
        return False
    found = subprocess.run(["kpsewhich", "istgame.sty"], capture_output=True, text=True,
                           check=False)
    return bool(found.stdout.strip())


@pytest.mark.skipif(not _latex_ready(), reason="needs pdflatex and the istgame package")
def test_the_tex_compiles(tmp_path):
    g = games.get("beer-quiche")
    draw(g, solver.solve(g), tmp_path / "bq.tex")
    pictures = [draw(entry_game(), format="tex", standalone=False),
                draw(games.get("selten-horse"), solver.solve(games.get("selten-horse")),
                     format="tex", standalone=False),
                draw(games.get("diplomatic-victory"), format="tex", standalone=False),
                draw(odd_labels_game(), format="tex", standalone=False)]
    (tmp_path / "all.tex").write_text(
        "\\documentclass{article}\n\\usepackage{istgame}\n\\begin{document}\n" +
        "\n\\bigskip\n".join(pictures) + "\\end{document}\n")
    for name in ("bq.tex", "all.tex"):
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", name],
                             cwd=tmp_path, capture_output=True, text=True, timeout=120,
                             check=False)
        assert run.returncode == 0, run.stdout[-2000:]
        assert (tmp_path / name.replace(".tex", ".pdf")).stat().st_size > 1000


# ---------------------------------------------------------------------- SVG and PNG
needs_matplotlib = pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None,
                                      reason="needs matplotlib (the plot extra)")


def svg_parts(path):
    root = ET.parse(path).getroot()
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}
    return texts, groups


def stroke(group) -> str:
    return next(group.iter(f"{SVG}path")).get("style")


@needs_matplotlib
def test_entry_svg_has_labels_payoffs_and_thick_choices(tmp_path):
    g = entry_game()
    assert draw(g, solver.solve(g), tmp_path / "e.svg") == tmp_path / "e.svg"
    texts, groups = svg_parts(tmp_path / "e.svg")
    for label in ("Entrant", "Incumbent", "Out", "In", "Fight", "Accommodate",
                  "(0, 2)", "(\u22121, \u22121)", "(1, 1)"):
        assert label in texts, label
    bold = sorted(k for k in groups if k.startswith("equilibrium-edge-"))
    assert bold == ["equilibrium-edge-2", "equilibrium-edge-4"]      # In, Accommodate
    assert "edge-1" in groups and "edge-3" in groups
    assert "stroke-width: 2.8" in stroke(groups["equilibrium-edge-2"])
    assert "stroke-width: 2.8" not in stroke(groups["edge-1"])         # thin (the default, 1)


@needs_matplotlib
def test_beer_quiche_svg_has_dashed_sets_probabilities_and_beliefs(tmp_path):
    g = games.get("beer-quiche")
    draw(g, solver.solve(g), tmp_path / "b.svg")
    texts, groups = svg_parts(tmp_path / "b.svg")
    sets = [k for k in groups if k.startswith("infoset-line-")]
    assert len(sets) == 2 and all("stroke-dasharray" in stroke(groups[k]) for k in sets)
    assert texts.count("Receiver") == 2 and texts.count("Sender") == 2
    for label in ("Chance", "Strong (9/10)", "Weak (1/10)", "Duel (1/2)", "Don't (1/2)",
                  "[9/10]", "[1/10]", "(3, 0)"):
        assert label in texts, label
    assert sum(k.startswith("equilibrium-edge-") for k in groups) == 8


def _text_overlaps(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    renderer = FigureCanvasAgg(fig).get_renderer()
    texts = [t for t in fig.axes[0].texts if t.get_text()]
    boxes = []
    for t in texts:
        e = t.get_window_extent(renderer)
        boxes.append((e.x0 + 0.5, e.y0 + 0.5, e.x1 - 0.5, e.y1 - 0.5))
    return [(texts[i].get_text(), texts[j].get_text()) for i, j in overlaps(boxes)]


@needs_matplotlib
@pytest.mark.parametrize("name, solved", [("entry-deterrence", True), ("beer-quiche", True),
                                          ("selten-horse", True), ("diplomatic-victory", False),
                                          ("kuhn-poker", True)])
def test_no_two_labels_of_a_figure_overlap(name, solved):
    g = games.get(name)
    fig = draw(g, solver.solve(g) if solved else None)
    assert fig.axes[0].texts
    assert _text_overlaps(fig) == []


@needs_matplotlib
def test_png_and_pdf_are_written(tmp_path):
    g = games.get("beer-quiche")
    png = draw(g, solver.solve(g), tmp_path / "b.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = draw(g, None, tmp_path / "b.out", format="pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_formats_and_forms_are_checked(tmp_path):
    assert FORMATS == ("svg", "png", "pdf", "tex")
    g = entry_game()
    with pytest.raises(GameError, match="formats are svg, png, pdf, tex"):
        draw(g, None, tmp_path / "t.jpg")
    with pytest.raises(GameError, match="suffix"):
        draw(g, None, tmp_path / "t")
    with pytest.raises(GameError, match="show SOURCE --format latex"):
        draw(games.get("prisoners-dilemma"), format="tex")


def test_missing_matplotlib_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(GameError, match=r"pip install 'gamesolver\[plot\]'"):
        draw(entry_game())
    assert "istroot" in draw(entry_game(), format="tex")        # TikZ needs no matplotlib


def test_labels_are_planned_once_each():
    g = games.get("kuhn-poker")
    game, marks = marks_of("kuhn-poker")
    lay = layout_tree(game)
    labels = plan_labels(game, lay, marks, units=(0.9, 1.0))
    roles = [lb.role for lb in labels]
    kinds = game.node_kind.tolist()
    assert roles.count("payoff") == kinds.count(0)
    assert roles.count("action") == g.n_nodes - 1
    assert roles.count("infoset") == len(lay.lines) == 12
    assert roles.count("owner") == 1                      # the chance node; the rest are sets
    assert roles.count("belief") == len(marks.beliefs)
    box = label_box(labels[0], (1.0, 1.0))
    assert box[0] < box[2] and box[1] < box[3]


# ---------------------------------------------------------------------- the command
@needs_matplotlib
def test_command_draws_svg_tex_and_png(tmp_path, capsys):
    for name, extra in (("t.svg", []), ("t.tex", []), ("b.png", ["--solution"])):
        source = "beer-quiche" if name == "b.png" else "entry-deterrence"
        assert main(["draw", source, "-o", str(tmp_path / name)] + extra) == 0
        assert capsys.readouterr().out.strip() == f"wrote {tmp_path / name}"
    assert "<svg" in (tmp_path / "t.svg").read_text()
    assert r"\istroot" in (tmp_path / "t.tex").read_text()
    assert (tmp_path / "b.png").read_bytes()[:4] == b"\x89PNG"
    assert main(["draw", "beer-quiche", "--solution", "--equilibrium", "3", "--body",
                 "-o", str(tmp_path / "b3.tex")]) == 0
    body = (tmp_path / "b3.tex").read_text()
    assert r"\documentclass" not in body and "equilibrium 3 of 4" in body


@pytest.mark.parametrize("argv, words", [
    (["draw", "prisoners-dilemma", "-o", "p.svg"], "show SOURCE --format latex"),
    (["draw", "leduc-poker", "-o", "l.svg"], "--max-nodes"),
    (["draw", "beer-quiche", "--method", "spe", "-o", "b.svg"], "--solution"),
    (["draw", "beer-quiche", "-o", "b.gif"], "formats are"),
    (["draw", "beer-quiche", "--max-nodes", "0", "-o", "b.svg"], "positive"),
])
def test_command_errors_are_one_line(tmp_path, capsys, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err
    assert not list(tmp_path.iterdir())
