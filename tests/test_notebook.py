"""What a notebook shows (solver.io.notebook and the _repr_html_ hooks): tables, not dumps."""
from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

import pytest

import games
import solver
from games.compare import MechanismComparison, ScenarioRow
from solver import NormalFormGame, TreeBuilder, solve
from solver.analysis.check import check
from solver.io import notebook


class Tags(HTMLParser):
    """Counts start tags, checks that every tag is closed, keeps the text."""

    VOID = {"br", "img", "hr", "meta", "input", "path", "use", "rect", "circle", "line",
            "polyline", "polygon", "stop", "ellipse"}

    def __init__(self, page: str):
        super().__init__()
        self.count: dict[str, int] = {}
        self.open: list[str] = []
        self.text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.open and self.open[-1] == tag, (tag, self.open[-3:])
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def parsed(page: str) -> Tags:
    tags = Tags(page)
    assert tags.open == [], tags.open
    return tags


def table_rows(page: str, cls: str) -> list[list[str]]:
    """The cells (as text) of the body rows of the table of class ``cls``."""
    body = page.split(f'<table class="{cls}">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.DOTALL)[1:]
    return [re.findall(r"<td>(.*?)</td>", r, flags=re.DOTALL) for r in rows]


def nasty_game():
    return NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                        players=("R<1>", "C&2"),
                                        strategies=(("<C>", "D"), ("C", "\"D\"")),
                                        title="A & B")


# ---------------------------------------------------------------------- games
def test_a_normal_form_shows_its_table_escaped():
    page = nasty_game()._repr_html_()
    tags = parsed(page)
    assert tags.count["table"] == 1 and tags.count["b"] == 4
    assert "&lt;C&gt;" in page and "<C>" not in page and "A &amp; B" in page
    assert "R&lt;1&gt;" in page and "C&amp;2" in page
    assert notebook.game_html(nasty_game()) == page


def entry_game(action="In"):
    b = TreeBuilder(players=("Entrant", "Incumbent"), title="Entry <game>")
    root = b.decision("Entrant", actions=("Out", action))
    b.terminal(root, "Out", payoffs=(0, 2))
    fight = b.decision("Incumbent", parent=root[action], actions=("Fight", "Accommodate"))
    b.terminal(fight, "Fight", payoffs=(-1, -1))
    b.terminal(fight, "Accommodate", payoffs=(1, 1))
    return b.build()


def test_a_tree_shows_its_drawing_as_svg_with_labels_escaped():
    pytest.importorskip("matplotlib")
    page = entry_game("<In>")._repr_html_()
    assert page.startswith('<div class="gamesolver-efg"><p><b>Entry &lt;game&gt;</b></p><svg')
    tags = parsed(page)
    assert tags.count["svg"] == 1
    words = " ".join(tags.text)
    assert "<In>" in words and "Accommodate" in words      # texts kept as text, escaped
    assert "<In>" not in page


def test_without_matplotlib_a_tree_shows_its_outline(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    page = entry_game("<In>")._repr_html_()
    assert page.startswith('<pre class="gamesolver-efg">') and "<svg" not in page
    assert "`-- &lt;In&gt;: Incumbent" in page


def test_a_tree_too_large_to_draw_shows_its_outline():
    page = games.get("leduc-poker")._repr_html_()
    assert page.startswith('<pre class="gamesolver-efg">')
    assert "more nodes not shown" in page


def test_draw_on_the_game_classes_delegates():
    matplotlib = pytest.importorskip("matplotlib")
    ax = nasty_game().draw()
    assert [t.get_text() for t in ax.texts] == ["E1: p = 0, q = 0"]
    fig = entry_game().draw(solve(entry_game()))
    assert isinstance(fig, matplotlib.figure.Figure)


# ---------------------------------------------------------------------- solutions
def test_a_solution_is_a_table_of_equilibria_with_regrets_and_what_was_searched():
    g = games.get("battle-of-the-sexes")
    sol = solve(g)
    page = sol._repr_html_()
    parsed(page)
    rows = table_rows(page, "gamesolver-equilibria")
    assert len(rows) == len(sol) == 3
    assert rows[2] == ["3", "2/3 Opera, 1/3 Fight", "1/3 Opera, 2/3 Fight", "2/3", "2/3",
                       "0, 0"]
    assert "searched: all" in page and "Complete: every equilibrium" in page
    assert "regret (the most a player gains by deviating alone) is exactly 0" in page
    assert page.count("<li>") == len(sol.notes)


def test_a_pure_search_says_mixed_equilibria_were_not_searched():
    page = solve(nasty_game(), "pure")._repr_html_()
    assert "mixed ones were not searched" in page and "Complete" not in page
    rows = table_rows(page, "gamesolver-equilibria")
    assert len(rows) == 1 and rows[0][1:3] == ["D", "&quot;D&quot;"]


def test_an_incomplete_search_says_so():
    page = solve(games.get("battle-of-the-sexes"), "lemke-howson")._repr_html_()
    assert "searched: some" in page and "Other equilibria may exist" in page


def test_a_tree_solution_and_one_equilibrium():
    sol = solve(entry_game())
    page = sol._repr_html_()
    rows = table_rows(page, "gamesolver-equilibria")
    assert rows == [["1", "In", "Accommodate", "1", "1", "0, 0"]]
    one = sol[0]._repr_html_()
    assert table_rows(one, "gamesolver-equilibrium") == [
        ["Entrant", "In", "1", "0"], ["Incumbent", "Accommodate", "1", "0"]]
    mixed = solve(games.get("battle-of-the-sexes"))[2]._repr_html_()
    assert len(table_rows(mixed, "gamesolver-equilibrium")) == 2


# ---------------------------------------------------------------------- explanations
def test_an_explanation_shows_the_bottom_line_first_and_folds_the_rest():
    expl = solver.explain(solve(games.get("battle-of-the-sexes")))
    page = expl._repr_html_()
    tags = parsed(page)
    assert page.split("<h4>", 1)[1].startswith("Bottom line</h4>")
    assert tags.count["details"] == len(expl.sections) - 1
    assert page.index("Bottom line") < page.index("<details>")
    first = expl.sections[0].lines[0]
    assert f"<p>{notebook.html.escape(first)}</p>" in page
    assert "&gt;" in page and " > " not in page                 # "2 > 0" escaped


# ---------------------------------------------------------------------- parametric
def test_thresholds_are_a_table():
    res = solver.thresholds(games.get("hawk-dove"), "C", low=0, high=10)
    page = res._repr_html_()
    rows = table_rows(page, "gamesolver-threshold-table")
    assert len(rows) == len(res) == 2
    assert rows[0] == ["2", "Animal 1", "strategy choice", "Hawk", "Hawk / Dove / Hawk+Dove"]
    assert "over [0, 10]" in page
    none = solver.thresholds(games.get("hawk-dove"), "C", low=3, high=4)._repr_html_()
    assert "No equilibrium choice changes" in none and "<table" not in none


def test_a_sweep_is_a_table_with_one_row_per_equilibrium():
    res = solver.sweep(games.get("hawk-dove"), "V", (1, 6, 6))
    rows = table_rows(res._repr_html_(), "gamesolver-sweep-table")
    assert len(rows) == sum(len(eqs) for _, eqs in res.rows)
    assert [r[0] for r in rows if r[0]] == ["1", "2", "3", "4", "5", "6"]
    assert rows[2][2:4] == ["1/4 Hawk, 3/4 Dove", "1/4 Hawk, 3/4 Dove"]


# ---------------------------------------------------------------------- other results
def test_a_check_shows_the_verdict_and_each_players_regret():
    page = check(games.get("battle-of-the-sexes"), ["Opera", "Fight"])._repr_html_()
    assert "It is not a Nash equilibrium" in page
    rows = table_rows(page, "gamesolver-check-table")
    assert len(rows) == 2 and rows[0][:5] == ["Chris", "Opera", "0", "1", "1"]


def test_the_scenario_comparison_is_a_table():
    row = ScenarioRow(name="a<b", mechanism="m & n", source="S", concept="Nash",
                      russia_on_path=("Decline at DV",), dv_offered_on_path=True,
                      dv_refused_on_path=None, decisive="x > y", thresholds=(), lever="L")
    page = MechanismComparison((row, row), {"kappa": 1}, {"g": ("s",)})._repr_html_()
    parsed(page)
    rows = table_rows(page, "gamesolver-compare-table")
    assert len(rows) == 2
    assert rows[0][:6] == ["<code>a&lt;b</code>", "Nash", "Decline at DV", "yes",
                           "no DV offer in this game", "x &gt; y"]
    assert "Parameters: kappa=1" in page and "Not applied in g: s" in page


def test_uncertainty_and_region_results_show_their_text():
    u = solver.uncertainty(games.get("hawk-dove"), {"V": "uniform:1:3"}, samples=20, seed=1)
    page = u._repr_html_()
    assert page.startswith('<pre class="gamesolver-text">') and "20 draws" in page
    region = solver.region(games.get("diplomatic-victory-complete-info"),
                           {"kappa": (0, 1), "s": (0, 1)}, grid=5, resolution=20)
    page = region._repr_html_()
    assert notebook.html.escape(str(region)) in page
    if "matplotlib" in sys.modules:
        assert "<svg" in page


def test_the_code_of_docs_notebooks_runs():
    pytest.importorskip("matplotlib")
    from pathlib import Path
    page = (Path(__file__).resolve().parents[1] / "docs" / "notebooks.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", page, flags=re.DOTALL)
    assert len(blocks) == 2
    namespace: dict = {}                     # one notebook: the blocks share names
    for block in blocks:
        exec(compile(block, "docs/notebooks.md", "exec"), namespace)
    assert len(namespace["sol"]) == 3 and namespace["res"].parameter == "V"


def test_a_decisive_comparison_shows_its_sentence():
    from solver.analysis.comparisons import Comparison
    c = Comparison("Russia", "DV", "Decline", "Accept", 1, 0, 1, 0)
    assert c._repr_html_() == f'<pre class="gamesolver-text">{notebook.html.escape(str(c))}</pre>'
    assert "Decline worth 1 vs Accept worth 0" in c._repr_html_()
