"""LaTeX sgame tables (solver.io.sgame): marks, labels, numbers, several players, compiling."""
from __future__ import annotations

import re
import shutil
import subprocess
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
from solver import NormalFormGame, solve
from solver.cli import main
from solver.errors import GameError
from solver.forms.normal.table import best_response_marks
from solver.io.sgame import LATEX_SPECIALS, latex_number, latex_text, render_sgame

SPECIALS = set(LATEX_SPECIALS)


def pd():
    return NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                        players=("Row", "Column"),
                                        strategies=(("Cooperate", "Defect"),
                                                    ("Cooperate", "Defect")),
                                        title="Prisoner's dilemma")


def cells(tex: str) -> list[str]:
    """The payoff cells ($...$) of sgame output, in reading order."""
    return re.findall(r"\$([^$]*)\$", tex)


# ---------------------------------------------------------------------- two players
def test_two_by_two_has_one_table_with_players_labels_and_underlined_best_responses():
    tex = render_sgame(pd())
    assert tex.count(r"\begin{game}") == 1 and tex.count(r"\end{game}") == 1
    assert tex.startswith(r"\begin{game}{2}{2}[{Row}][{Column}]")
    lines = tex.splitlines()
    assert lines[1] == r"  & Cooperate & Defect \\"
    assert lines[2].startswith("Cooperate & ") and lines[3].startswith("Defect & ")
    assert not lines[3].endswith(r"\\")          # sgame: no \\ after the last row
    got = cells(tex)
    assert len(got) == 4
    assert got == ["3, 3", r"0, \underline{5}", r"\underline{5}, 0",
                   r"\underline{1}, \underline{1}"]
    assert tex.count(r"\underline") == int(best_response_marks(pd()).sum()) == 4


def test_stars_instead_of_underlines_and_no_marks():
    starred = render_sgame(pd(), mark="star")
    assert starred.count("^{*}") == 4 and r"\underline" not in starred
    assert cells(starred)[3] == "1^{*}, 1^{*}"
    plain = render_sgame(pd(), mark=None)
    assert "^{*}" not in plain and r"\underline" not in plain
    with pytest.raises(GameError, match="mark"):
        render_sgame(pd(), mark="bold")


def test_exact_numbers_as_fractions_and_floats_readable():
    g = NormalFormGame.from_matrices([["1/2", 0], [0, 1]], [[1, 0], [0, "-3/4"]])
    tex = render_sgame(g)
    assert r"\underline{\frac{1}{2}}" in tex and r"-\frac{3}{4}" in tex
    slash = render_sgame(g, fractions="slash")
    assert r"\underline{1/2}" in slash and "-3/4" in slash and r"\frac" not in slash
    assert latex_number(Fraction(7, 1)) == "7"
    assert latex_number(1.5e-7) == r"1.5\times 10^{-7}"
    with pytest.raises(GameError, match="fractions"):
        render_sgame(g, fractions="decimal")


def test_parametric_payoffs_in_sympy_latex_marked_only_when_decided():
    g = games.get("hawk-dove")
    tex = render_sgame(g)
    assert r"\frac{V}{2}" in tex and r"\frac{C}{2}" in tex
    assert tex.count(r"\underline") == int(best_response_marks(g).sum())
    doc = render_sgame(g, standalone=True)
    assert "depends on the parameters are not marked" in doc


def test_labels_are_escaped():
    g = NormalFormGame.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]],
                                     players=("R&D", "Firm_2]"),
                                     strategies=(("50%", "#1"), ("a~", "b\\c")),
                                     title="A & B {x}")
    tex = render_sgame(g, standalone=True)
    assert r"[{R\&D}]" in tex and r"[{Firm\_2{]}}]" in tex
    assert r"50\%" in tex and r"\#1" in tex and r"a\textasciitilde{}" in tex
    assert r"b\textbackslash{}c" in tex and r"\textbf{A \& B \{x\}}" in tex


def unescape(text: str) -> tuple[str, list[str]]:
    """Read escaped text back: the original, and any special character left bare."""
    escapes = sorted(LATEX_SPECIALS.items(), key=lambda kv: -len(kv[1]))
    pattern = "|".join(re.escape(e) for _, e in escapes) + "|."
    back = {e: ch for ch, e in escapes}
    out, bare = [], []
    for token in re.findall(pattern, text, flags=re.DOTALL):
        if token in back:
            out.append(back[token])
        else:
            if token in SPECIALS:
                bare.append(token)
            out.append(token)
    return "".join(out), bare


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(SPECIALS) + list("ab 1{}")), max_size=20))
def test_escaping_leaves_no_special_character_bare_and_reads_back(text):
    escaped = latex_text(text)
    back, bare = unescape(escaped)
    assert bare == [] and back == text


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=8, max_size=8))
def test_cells_with_every_payoff_marked_are_the_pure_equilibria(values):
    a = np.array(values[:4]).reshape(2, 2)
    b = np.array(values[4:]).reshape(2, 2)
    g = NormalFormGame.from_matrices(a, b)
    full = [c for c in cells(render_sgame(g)) if c.count(r"\underline") == 2]
    assert len(full) == len(solve(g, "pure"))


# ---------------------------------------------------------------------- more players
def three_players():
    rng = np.random.default_rng(3)
    tensor = rng.integers(0, 5, size=(3, 2, 3, 2))
    return NormalFormGame(list(tensor), players=("Ann", "Bob", "Cy"),
                          strategies=(("U", "D"), ("L", "M", "R"), ("A", "B")))


def test_three_players_one_table_per_strategy_of_the_third():
    g = three_players()
    tex = render_sgame(g)
    assert tex.count(r"\begin{game}{2}{3}[{Ann}][{Bob}]") == 2
    assert "[{Cy: A}]" in tex and "[{Cy: B}]" in tex
    assert tex.count(r"\hspace{2em}") == 1
    got = cells(tex)
    assert len(got) == 12 and all(c.count(",") == 2 for c in got)
    assert tex.count(r"\underline") == int(best_response_marks(g).sum())
    # the first table holds the third player's first strategy
    first = tex.split(r"\end{game}")[0]
    assert cells(first)[0].replace(r"\underline{", "").replace("}", "") == ", ".join(
        str(g.payoff_tensor[(i, 0, 0, 0)]) for i in range(3))


def test_more_players_are_limited_by_max_tables():
    tensor = np.zeros((4, 2, 2, 3, 3), dtype=int)
    g = NormalFormGame(list(tensor))
    assert render_sgame(g).count(r"\begin{game}") == 9
    with pytest.raises(GameError, match="max_tables=4"):
        render_sgame(g, max_tables=4)


def test_a_tree_is_refused():
    with pytest.raises(GameError, match="render_tree_latex"):
        render_sgame(games.get("entry-deterrence"))


# ---------------------------------------------------------------------- the command
def test_show_latex_is_sgame_and_standalone_is_a_document(capsys):
    assert main(["show", "prisoners-dilemma", "--format", "latex"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(r"\begin{game}{2}{2}") and out.count(r"\underline") == 4
    assert main(["show", "prisoners-dilemma", "--format", "latex", "--standalone"]) == 0
    doc = capsys.readouterr().out
    assert doc.startswith(r"\documentclass{article}") and r"\usepackage{sgame}" in doc
    assert doc.rstrip().endswith(r"\end{document}")


# ---------------------------------------------------------------------- compiling
def have_sgame() -> bool:
    if not shutil.which("pdflatex") or not shutil.which("kpsewhich"):
        return False
    found = subprocess.run(["kpsewhich", "sgame.sty"], capture_output=True, text=True)
    return found.returncode == 0 and found.stdout.strip() != ""


@pytest.mark.skipif(not have_sgame(), reason="pdflatex with the sgame package is not installed")
@pytest.mark.parametrize("make", [pd, three_players, lambda: games.get("hawk-dove"),
                                  lambda: NormalFormGame.from_matrices(
                                      [["1/3", 0]], [["-2/7", 1]], players=("R&D", "#2_x"),
                                      strategies=(("50% [a]",), ("~b", "c^d\\e")),
                                      title="$ & { }")])
def test_the_standalone_document_compiles(tmp_path, make):
    (tmp_path / "game.tex").write_text(render_sgame(make(), standalone=True))
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "game.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "game.pdf").stat().st_size > 1000
