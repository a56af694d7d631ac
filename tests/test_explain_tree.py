"""Explanations of game-tree solutions (solver.analysis.explain_tree) and the tree outline.

Known answers: entry deterrence and the centipede game (Gibbons 1992, *Game Theory
for Applied Economists*, sec. 2.1; Osborne and Rubinstein 1994, sec. 6.2), beer-quiche
(Cho and Kreps 1987), Kuhn poker (Kuhn 1950), Selten's horse (Selten 1975).  The
explanation is computed from the solution; these tests check that the numbers it
states are the right ones.
"""
from __future__ import annotations

import dataclasses
import re
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import games
import solver
from solver.analysis.explain import explain
from solver.analysis.explain_tree import explain_tree, value_text
from solver.analysis.threats import NONCREDIBLE_CELL_LIMIT, noncredible_threats
from solver.forms.extensive.bayesian import screening_game
from solver.forms.extensive.builder import TreeBuilder
from solver.io.text import render_tree, render_tree_html, render_tree_latex


def pennies_after_entry():
    """Ann stays out (-1 for her) or enters a matching-pennies subgame she and Bob play
    without seeing each other's coin; the subgame's only equilibrium mixes 1/2-1/2."""
    b = TreeBuilder(players=("Ann", "Bob"), title="Entry into matching pennies")
    root = b.decision("Ann", actions=("Out", "In"))
    b.terminal(root, "Out", payoffs=(-1, 2))
    m = b.decision("Ann", parent=root["In"], actions=("Heads", "Tails"))
    for a in ("Heads", "Tails"):
        n = b.decision("Bob", parent=m[a], actions=("Heads", "Tails"), infoset="guess")
        for c in ("Heads", "Tails"):
            b.terminal(n, c, payoffs=(1, -1) if a == c else (-1, 1))
    return b.build()


def screening():
    """The Proposer offers 0.3 or 0.6 without knowing the Responder's type; a Maximalist
    (prior 1/4) gets 4/5 from rejecting, a Moderate 1/5."""
    def pay(t, o, r):
        o = F(o)
        if r == "Accept":
            return (1 - o, o)
        return (F(1, 5), F(4, 5)) if t == "Maximalist" else (F(1, 2), F(1, 5))
    return screening_game("Proposer", "Responder", {"Maximalist": "1/4", "Moderate": "3/4"},
                          ["0.3", "0.6"], ["Accept", "Reject"], pay, title="Screening")


def lines_of(expl, title):
    return expl[title].lines


# ---------------------------------------------------------------------- numbers
def test_value_text_shows_fraction_and_decimal():
    assert value_text(F(2, 5)) == "2/5 (0.40)"
    assert value_text(F(9, 20)) == "9/20 (0.45)"
    assert value_text(F(-1, 18)) == "-1/18 (-0.05556…)"      # not ending: 4 significant digits
    assert value_text(F(109, 200)) == "109/200 (0.545)"      # ending: in full, never 0.55
    assert value_text(F(1, 1000)) == "1/1000 (0.001)"
    assert value_text(F(3)) == "3"
    assert value_text(-1) == "-1"


# ---------------------------------------------------------------------- entry deterrence
def test_entry_deterrence_path_and_non_credible_fight():
    sol = solver.solve(games.get("entry-deterrence"))
    assert len(sol) == 1
    ex = explain(sol)
    assert [s.title for s in ex.sections] == ["Bottom line", "The game", "Equilibrium 1",
                                              "Non-credible threats", "Summary", "Method"]
    path = lines_of(ex, "Equilibrium 1")
    decisions = [l for l in path if " moves. " in l]
    assert len(decisions) == 2
    assert "Out: 0" in decisions[0] and "In: 1" in decisions[0]
    assert decisions[0].endswith("so Entrant chooses In.")
    assert "Fight: -1" in decisions[1] and "Accommodate: 1" in decisions[1]
    assert "(1 > -1)" in decisions[1]
    assert path[-1] == "Outcome: play ends after In, Accommodate, with payoffs Entrant 1, Incumbent 1."
    threats = lines_of(ex, "Non-credible threats")
    assert "2 pure Nash equilibria" in threats[0]
    discarded = [l for l in threats if "Subgame perfection discards" in l]
    assert len(discarded) == 1
    line = discarded[0]
    assert line.startswith("(Out, Fight) is a Nash equilibrium (payoffs 0, 2)")
    assert "Incumbent threatens Fight after In" in line
    assert "-1 by playing Fight and 1 by playing Accommodate" in line
    assert "not credible" in line and line.endswith("Subgame perfection discards (Out, Fight).")
    assert any(l.startswith("(In, Accommodate) is subgame perfect") for l in threats)


def test_noncredible_threats_structured():
    g = games.get("entry-deterrence")
    checks = noncredible_threats(g)
    assert len(checks) == 2
    bad = [c for c in checks if not c.subgame_perfect]
    assert len(bad) == 1 and bad[0].name == "(Out, Fight)"
    (t,) = bad[0].threats
    assert (t.player, g.path(t.node), t.action, t.value, t.best_action, t.best_value) == \
        ("Incumbent", ("In",), "Fight", -1, "Accommodate", 1)
    with pytest.raises(solver.SolverLimitError, match="cell_limit=3"):
        noncredible_threats(g, cell_limit=3)


def test_nash_solution_flags_the_threat_off_its_path():
    sol = solver.solve(games.get("entry-deterrence"), method="pure")
    assert len(sol) == 2
    ex = explain(sol)
    k = next(k for k, e in enumerate(sol, 1) if e.payoffs == (0, 2))
    off = lines_of(ex, f"Equilibrium {k}: off the path")
    assert off[1] == "If Entrant chose In at the start instead:"
    assert "Incumbent would choose Fight, worth -1, although Accommodate is worth 1" in off[2]
    assert "not credible" in off[2]
    method = lines_of(ex, "Method")
    assert any("need not be subgame perfect" in l for l in method)


# ---------------------------------------------------------------------- centipede
def test_centipede_stops_at_once_and_explains_the_nodes_never_reached():
    sol = solver.solve(games.get("centipede"))
    assert len(sol) == 1
    ex = explain(sol)
    path = lines_of(ex, "Equilibrium 1")
    decisions = [l for l in path if " moves. " in l]
    assert len(decisions) == 1                      # play stops at the first node
    assert decisions[0].startswith("At the start, Player 1 moves.")
    assert "Stop: 1 (the game ends at (1, 0))" in decisions[0]
    assert "Continue: 0 (then Player 2 plays Stop and the game ends at (0, 2))" in decisions[0]
    assert "(1 > 0), so Player 1 chooses Stop." in decisions[0]
    off = lines_of(ex, "Equilibrium 1: off the path")
    choices = [l for l in off if l.startswith("  ")]
    assert len(choices) == 3                        # the three later stages
    assert all("would choose Stop" in l for l in choices)
    assert "Stop: 4 (the game ends at (2, 4)); Continue: 3" in choices[-1]


# ---------------------------------------------------------------------- beliefs
def test_beer_quiche_beliefs_by_bayes_rule():
    sol = solver.solve(games.get("beer-quiche"))
    assert len(sol) == 4
    ex = explain(sol)
    # four equilibria, two outcomes (pooling on Quiche, pooling on Beer): one of each explained
    assert lines_of(ex, "Equilibria")[0].startswith("4 equilibria with 2 different payoff vectors")
    explained = [s.title for s in ex.sections if re.fullmatch(r"Equilibrium \d", s.title)]
    assert explained == ["Equilibrium 1", "Equilibrium 3"]
    for k in (1, 3):
        path = lines_of(ex, f"Equilibrium {k}")
        assert path[1] == ("At the start, chance moves: Strong with probability 9/10 (0.90) "
                           "and Weak with probability 1/10 (0.10).")
        belief = [l for l in path if "by Bayes' rule" in l]
        assert len(belief) == 1      # pooling: one message is sent, one set is reached
        assert "Strong with probability 9/10 (0.90) and Weak with probability 1/10 (0.10)" \
            in belief[0]
        receiver = next(l for l in path if l.startswith("At information set"))
        assert "Duel: 9/10 x 0 + 1/10 x 1 = 1/10 (0.10)" in receiver
        assert "so Receiver chooses Don't" in receiver
        reveal = lines_of(ex, f"Equilibrium {k}: what moves reveal")
        assert len(reveal) == 1      # only the Sender knows the type
        assert "reveals nothing" in reveal[0] and "never chosen here" in reveal[0]
    # off the path the belief is not fixed by Bayes' rule; the supporting ones are given
    # (equilibrium 2, explained alone: it shares equilibrium 1's outcome)
    alone = explain(dataclasses.replace(sol, equilibria=(sol.equilibria[1],)))
    off = " ".join(lines_of(alone, "Equilibrium 1: off the path"))
    assert "Bayes' rule does not fix the belief" in off
    assert "between 0 and 1/2 (0.50) on Strong" in off


def test_off_path_beliefs_are_the_completions_beliefs():
    """waning-resolve (games/scenarios/waning_resolve.py): Russia accepts in period 2, so
    her own play excludes the sets of periods 3-7.  The explanation must use the belief
    the completion uses there (solver.forms.extensive.completion.completion_beliefs), not one of its own:
    in period 3 it is Wavering 81/209 and Resolute 128/209 (Bayes' rule given chance and
    the West's Stay), where a uniform or one-node belief would be arbitrary."""
    from solver.forms.extensive.completion import completion_beliefs, own_unreached_sets
    game = games.get("waning-resolve").substitute(defaults=True)
    sol = solver.solve(game)
    assert len(sol) == 1
    eq = sol.equilibria[0]
    excluded = own_unreached_sets(game, eq.profile, "Russia")
    period3 = next(g for g in excluded if game.infoset(g).label == "period 3")
    belief = completion_beliefs(game, eq.profile, period3)
    wavering, resolute = game.infoset(period3).nodes
    assert (belief[wavering], belief[resolute]) == (F(81, 209), F(128, 209))
    off = " ".join(lines_of(explain(sol), "Equilibrium 1: off the path"))
    text = off[off.index("At information set 'period 3'"):off.index("At information set 'period 4'")]
    assert "81/209 (0.3876…)" in text and "128/209 (0.6124…)" in text
    assert "the belief behind the completed choice" in text
    assert "Accept: 81/209 x 8013/40000 + 128/209 x 8013/40000" in text
    assert "so Russia would choose Accept" in text
    assert "uniform belief" not in off


def test_screening_what_a_rejection_reveals():
    sol = solver.solve(screening())
    assert len(sol) == 1
    ex = explain(sol)
    path = lines_of(ex, "Equilibrium 1")
    proposer = next(l for l in path if l.startswith("At information set 'Proposer'"))
    # 1/4 x 1/5 + 3/4 x 7/10 = 23/40 against 1/4 x 1/5 + 3/4 x 2/5 = 7/20
    assert '"0.3": 1/4 x 1/5 + 3/4 x 7/10 = 23/40 (0.575)' in proposer
    assert '"0.6": 1/4 x 1/5 + 3/4 x 2/5 = 7/20 (0.35)' in proposer
    reveal = lines_of(ex, "Equilibrium 1: what moves reveal")
    assert len(reveal) == 1
    assert 'after "0.3"' in reveal[0]
    assert "Maximalist 1/4 (0.25), Moderate 3/4 (0.75)" in reveal[0]
    assert "Reject reveals the Maximalist type: posterior 1" in reveal[0]
    assert "Accept reveals the Moderate type: posterior 1" in reveal[0]
    threats = lines_of(ex, "Non-credible threats")
    assert "4 pure Nash equilibria" in threats[0]
    assert len([l for l in threats if "Subgame perfection discards" in l]) == 3


# ---------------------------------------------------------------------- mixing
def test_mixed_subgame_is_explained_by_indifference():
    sol = solver.solve(pennies_after_entry())
    assert len(sol) == 1
    ex = explain(sol)
    path = lines_of(ex, "Equilibrium 1")
    decisions = [l for l in path if " moves. " in l]
    assert len(decisions) == 3
    assert "Out: -1" in decisions[0] and "In: 0" in decisions[0]
    for line, who in zip(decisions[1:], ("Ann", "Bob")):
        assert f"Heads and Tails are each worth 0 to {who}" in line
        assert "indifferent" in line and "1/2 Heads, 1/2 Tails" in line
    assert "Heads: 1/2 x -1 + 1/2 x 1 = 0" in decisions[2]
    assert "Outcome: play can end in 4 ways" in path[-1]


def test_selten_horse_names_what_subgame_perfection_cannot_discard():
    ex = explain(solver.solve(games.get("selten-horse")))
    threats = " ".join(lines_of(ex, "Non-credible threats"))
    assert "Player 2's Across after Across is not optimal there (1 against 4 for Down)" in threats
    assert "no proper subgame" in threats


# ---------------------------------------------------------------------- larger trees
def test_kuhn_poker_runs_and_mentions_chance():
    sol = solver.solve(games.get("kuhn-poker"))
    ex = explain(sol)
    text = str(ex)
    assert "chance moves: JQ with probability 1/6 (0.1667…)" in text
    path = lines_of(ex, "Equilibrium 1")
    assert sum("by Bayes' rule" in l for l in path) >= 6
    assert "expected payoffs Player 1 -1/18 (-0.05556…), Player 2 1/18 (0.05556…)" in path[-1]
    assert "27 x 64 plans" in lines_of(ex, "Non-credible threats")[0]
    assert [s["title"] for s in ex.to_dict()["sections"][:2]] == ["Bottom line", "The game"]


def test_large_reduced_form_skips_the_threat_search():
    b = TreeBuilder(players=("Proposer", "Responder"))
    root = b.decision("Proposer", actions=[f"offer {k}" for k in range(14)])
    for k in range(14):
        r = b.decision("Responder", parent=root[f"offer {k}"], actions=("Yes", "No"))
        b.terminal(r, "Yes", payoffs=(13 - k, k))
        b.terminal(r, "No", payoffs=(0, 0))
    g = b.build()
    ex = explain(solver.solve(g))
    threats = lines_of(ex, "Non-credible threats")
    assert len(threats) == 1 and threats[0].startswith("Not examined")
    assert str(NONCREDIBLE_CELL_LIMIT) in threats[0]


def test_many_discarded_equilibria_are_summarised():
    ex = explain(solver.solve(games.get("ultimatum")))
    threats = lines_of(ex, "Non-credible threats")
    assert "17 pure Nash equilibria" in threats[0]
    assert len([l for l in threats if "Subgame perfection discards" in l]) == 8
    assert "... and 7 more Nash equilibria that subgame perfection discards." in threats


def test_float_tree():
    b = TreeBuilder(players=("A", "B"))
    root = b.decision("A", actions=("L", "R"))
    b.terminal(root, "L", payoffs=(0.5, 1.0))
    n = b.decision("B", parent=root["R"], actions=("l", "r"))
    b.terminal(n, "l", payoffs=(1.25, 0.0))
    b.terminal(n, "r", payoffs=(0.0, 2.0))
    ex = explain(solver.solve(b.build()))
    assert "so A chooses L" in str(ex)
    assert any(l.startswith("Floating point") for l in lines_of(ex, "Method"))


# ---------------------------------------------------------------------- invariants
@st.composite
def perfect_information_trees(draw):
    b = TreeBuilder(players=("P1", "P2"))
    counter = [0]

    def grow(parent, depth, player):
        counter[0] += 1
        if depth == 0 or (parent is not None and draw(st.booleans())):
            b.terminal(parent, payoffs=(draw(st.integers(-3, 3)), draw(st.integers(-3, 3))))
            return
        node = b.decision(player, actions=("a", "b"), parent=parent)
        for act in ("a", "b"):
            grow(node[act], depth - 1, "P2" if player == "P1" else "P1")

    grow(None, draw(st.integers(1, 3)), "P1")
    return b.build()


@settings(max_examples=25, deadline=None)
@given(perfect_information_trees())
def test_each_stated_choice_is_the_equilibrium_choice(game):
    from solver.analysis.beliefs import realization_probabilities
    sol = solver.solve(game)
    ex = explain_tree(sol)
    # one equilibrium explained per payoff vector
    explained = [int(s.title.split()[1]) for s in ex.sections
                 if re.fullmatch(r"Equilibrium \d+", s.title)]
    assert len(explained) == min(len({eq.payoffs for eq in sol.equilibria}), 10)
    for k in explained:
        eq = sol.equilibria[k - 1]
        reach = realization_probabilities(game, eq.profile)
        flat = eq.profile.flat()
        nodes = [h for h in range(game.n_nodes) if game.kind(h) == "decision" and reach[h]]
        expected = [game.actions(h)[flat[int(game.node_infoset[h])].index(1)] for h in nodes]
        chosen = [l for l in lines_of(ex, f"Equilibrium {k}") if " moves. " in l]
        stated = [a1 or a2 for a1, a2 in re.findall(
            r"so \w+ chooses (\w+)\.|in this equilibrium \w+ chooses (\w+) ", " ".join(chosen))]
        assert stated == expected
        section = f"Equilibrium {k}: off the path"
        off = lines_of(ex, section) if section in [s.title for s in ex.sections] else ()
        assert not any("not optimal" in l for l in chosen + list(off))   # subgame perfect
    # the pure SPE's plans are Nash equilibria of the reduced form that survive
    assert any("is subgame perfect" in l for l in lines_of(ex, "Non-credible threats"))


# ---------------------------------------------------------------------- the outline
def test_render_tree_marks_the_equilibrium():
    g = games.get("entry-deterrence")
    plain = render_tree(g).splitlines()
    assert plain[0] == "Entry deterrence"
    assert len([l for l in plain if "-- " in l]) == 4       # four edges
    marked = render_tree(g, solver.solve(g))
    assert "`-- In *: Incumbent" in marked
    assert "`-- Accommodate *: (1, 1)  <= play ends here" in marked
    assert marked.count("<= play ends here") == 1
    assert "Fight *" not in marked


def test_render_tree_information_sets_and_mixing():
    g = games.get("beer-quiche")
    text = render_tree(g, solver.solve(g), equilibrium=0)
    assert "Strong (9/10): Sender" in text
    assert text.count("Duel [1/2]") == 2
    assert "(information set 1: node 2 of 2)" in text
    listed = text.split("Information sets with several nodes")[1].splitlines()[1:]
    assert len(listed) == 2 and listed[0].strip() == "1. Receiver [after Beer]: Strong/Beer; Weak/Beer"
    with pytest.raises(solver.GameError, match="no equilibrium number 7"):
        render_tree(g, solver.solve(g), equilibrium=7)


def test_render_tree_cuts_long_trees_and_wraps():
    g = games.get("kuhn-poker")
    text = render_tree(g, max_nodes=5)
    assert "... 50 more nodes not shown" in text
    assert render_tree_latex(g, max_nodes=5).startswith("\\begin{verbatim}\nKuhn poker")
    html = render_tree_html(games.get("entry-deterrence"))
    assert html.startswith('<pre class="gamesolver-efg">') and "&#x27;" not in html


def test_method_says_how_each_subgame_was_solved():
    ex = explain(solver.solve(pennies_after_entry()))
    method = lines_of(ex, "Method")
    steps = [l for l in method if " was solved by " in l]
    assert len(steps) == 2
    assert steps[0].startswith("The subgame that starts after In was solved by enumerating")
    assert steps[1].startswith("The game as a whole was solved by")
    assert "Every equilibrium listed is subgame perfect." in method
