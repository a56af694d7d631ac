"""The Harsanyi builder: signalling, screening and Bayesian normal-form games."""
from __future__ import annotations

from fractions import Fraction as F

import pytest

from solver.algorithms.subgames import proper_subgames, subgame_perfect
from solver.errors import InvalidGameError
from solver.forms.extensive.bayesian import (
    BayesianBuilder,
    bayesian_normal_form,
    harsanyi,
    screening_game,
    signaling_game,
)


def beer_quiche_payoffs(t, meal, response):
    """Cho and Kreps (1987): +1 for the preferred breakfast, +2 without a duel; the
    receiver gets 1 for dueling the Weak type or not dueling the Strong one."""
    bonus = 1 if (t, meal) in (("Strong", "Beer"), ("Weak", "Quiche")) else 0
    duel = response == "Duel"
    return bonus + (0 if duel else 2), int(duel == (t == "Weak"))


def beer_quiche():
    return signaling_game("Sender", "Receiver", {"Strong": "9/10", "Weak": "1/10"},
                          ("Beer", "Quiche"), ("Duel", "Don't"), beer_quiche_payoffs,
                          title="Beer-quiche")


def _structure(g):
    """Everything but node labels."""
    return (g.players, g.node_kind.tolist(), g.node_player.tolist(), g.node_infoset.tolist(),
            g.node_parent.tolist(), g.node_parent_action.tolist(),
            [g.actions(h) for h in range(g.n_nodes)],
            [(s.label, s.actions, s.nodes) for sets in g.infosets for s in sets],
            {h: g.chance_probabilities(h) for h in range(g.n_nodes) if g.kind(h) == "chance"},
            g.terminal_payoffs())


def test_signaling_game_shape():
    g = beer_quiche()
    assert g.n_nodes == 15 and g.n_infosets == 4
    assert [s.label for sets in g.infosets for s in sets] == \
        ["Strong", "Weak", "after Beer", "after Quiche"]
    assert g.chance_probabilities(0) == (F(9, 10), F(1, 10))
    assert [len(s.nodes) for s in g.infosets[1]] == [2, 2]    # the receiver does not see the type
    assert g.perfect_recall()[0]


def test_beer_quiche_equals_the_catalogue_tree():
    games = pytest.importorskip("games")
    try:
        classic = games.get("beer-quiche")
    except Exception:
        pytest.skip("beer-quiche not in the catalogue yet")
    assert _structure(beer_quiche()) == _structure(classic)


def test_beer_quiche_pooling_equilibria():
    """Textbook row 13: pooling on Beer (29/10, 9/10) and on Quiche (21/10, 9/10), no
    separating equilibrium; vertex enumeration gives two extreme points of each family
    (duel off the path with probability 1/2 or 1)."""
    g = beer_quiche()
    sol = subgame_perfect(g)
    assert sol.complete and len(sol) == 4
    assert sorted(e.payoffs for e in sol) == [(F(21, 10), F(9, 10))] * 2 + [(F(29, 10), F(9, 10))] * 2
    for e in sol:
        strong, weak = e.behavior[0]
        assert strong == weak                           # pooling: no separation
        off = "after Quiche" if strong["Beer"] == 1 else "after Beer"
        k = ["after Beer", "after Quiche"].index(off)
        assert e.behavior[1][k]["Duel"] in (F(1, 2), 1)


def test_beer_quiche_by_reduced_normal_form():
    conversions = pytest.importorskip("solver.conversions.reduced_form")
    from solver.algorithms.enumeration import enumerate_equilibria
    rf = conversions.reduced_normal_form(beer_quiche())
    assert rf.game.shape == (4, 4)
    sol = enumerate_equilibria(rf.game)
    assert {e.payoffs for e in sol} == {(F(29, 10), F(9, 10)), (F(21, 10), F(9, 10))}


def screening(p_tough):
    """Crisis bargaining: the responder is tough (reservation 0.60) with probability
    p_tough, soft (0.30) otherwise; offers 0.40 and 0.65; war gives the proposer 0.30."""
    reservation = {"tough": F("0.60"), "soft": F("0.30")}

    def payoffs(t, offer, response):
        x = F(offer)
        return (1 - x, x) if response == "accept" else (F("0.30"), reservation[t])

    return screening_game("Proposer", "Responder", {"tough": p_tough, "soft": 1 - F(p_tough)},
                          ("0.40", "0.65"), ("accept", "reject"), payoffs)


def test_screening_game_shape():
    g = screening(F(1, 2))
    assert [len(s.nodes) for s in g.infosets[0]] == [2]     # the proposer does not see the type
    assert [len(s.nodes) for s in g.infosets[1]] == [1, 1, 1, 1]
    assert len(proper_subgames(g)) == 5                      # the root and the four responses


@pytest.mark.parametrize("p, offer, proposer", [
    (F(4, 5), "0.40", F(3, 5) - F(3, 10) * F(4, 5)),     # below 5/6: screen (soft accepts 0.40)
    (F(1, 2), "0.40", F(3, 5) - F(3, 10) * F(1, 2)),
    (F(6, 7), "0.65", F(7, 20)),                         # above 5/6: buy off both types
    (F(9, 10), "0.65", F(7, 20)),
])
def test_screening_offer_flips_at_five_sixths(p, offer, proposer):
    """Screening pays iff (1-p)(1-0.40) + p*0.30 > 1-0.65, i.e. p < (0.65-0.40)/(1-0.40-0.30) = 5/6."""
    sol = subgame_perfect(screening(p))
    assert len(sol) == 1
    e = sol[0]
    assert e.behavior[0][0][offer] == 1
    assert e.payoffs[0] == proposer


def test_screening_indifferent_at_the_threshold():
    sol = subgame_perfect(screening(F(5, 6)))
    assert len(sol) == 2
    assert {e.payoffs[0] for e in sol} == {F(7, 20)}
    assert sorted(next(a for a, p in e.behavior[0][0].items() if p == 1) for e in sol) == \
        ["0.40", "0.65"]


def test_bayesian_normal_form():
    """A with types H/L (1/2 each) plays x or y, B plays l or r without seeing A's move
    or type; x pays A 2 if H, -1 if L; B gets 1 for l."""
    g = bayesian_normal_form(
        ("A", "B"), {"A": {"H": "1/2", "L": "1/2"}}, {"A": ("x", "y"), "B": ("l", "r")},
        lambda t, a: ((2 if t["A"] == "H" else -1) * (a["A"] == "x"), int(a["B"] == "l")))
    assert [s.label for s in g.infosets[0]] == ["H", "L"]
    assert [len(s.nodes) for s in g.infosets[1]] == [4]
    sol = subgame_perfect(g)
    assert len(sol) == 1
    assert sol[0].payoffs == (1, 1)
    assert [d["x"] for d in sol[0].behavior[0]] == [1, 0]


def test_joint_prior_and_general_builder():
    """Two players with correlated types; each sees only his own type."""
    prior = {("hi", "hi"): "2/5", ("lo", "lo"): "2/5", ("hi", "lo"): "1/10", ("lo", "hi"): "1/10"}

    def stage(t, b, parent):
        a = b.decision("A", ("in", "out"), parent=parent)
        b.terminal(a, "out", payoffs=(0, 0))
        r = b.decision("B", ("fight", "yield"), parent=a["in"], observes=("in",))
        good = t["A"] == "hi"
        b.terminal(r, "fight", payoffs=(1 if good else -1, -1 if good else 1))
        b.terminal(r, "yield", payoffs=(2, 0))

    g = harsanyi(("A", "B"), prior=prior, stage=stage)
    assert g.chance_probabilities(0) == (F(2, 5), F(2, 5), F(1, 10), F(1, 10))
    assert g.actions(0) == ("hi/hi", "lo/lo", "hi/lo", "lo/hi")
    assert [len(s.nodes) for s in g.infosets[0]] == [2, 2]    # A: hi, lo
    assert [len(s.nodes) for s in g.infosets[1]] == [2, 2]    # B: by own type, after in
    assert subgame_perfect(g).equilibria                       # solvable, certified


def test_builder_errors():
    with pytest.raises(InvalidGameError, match="no player 'C'"):
        BayesianBuilder(("A", "B"), {"C": {"x": 1}})
    with pytest.raises(InvalidGameError, match="sum to 9/10"):
        signaling_game("S", "R", {"a": "1/2", "b": "2/5"}, ("m",), ("r",), lambda *x: (0, 0))
    with pytest.raises(InvalidGameError, match="one type per player"):
        BayesianBuilder(("A", "B"), prior={("x",): 1})
    with pytest.raises(InvalidGameError, match="expected 2 numbers"):
        signaling_game("S", "R", {"a": "1/2", "b": "1/2"}, ("m",), ("r",), lambda *x: (0,))
