"""Textbook game trees of the catalogue: structure, files, and known answers from the solvers.

Known answers come from the sources in each game's docstring and from
/work/shared/reference/textbook_games.md (rows 9-15); the catalogue stores none
of them, so each test computes the answer and compares.
"""
from __future__ import annotations

import io
import itertools
from fractions import Fraction as F

import numpy as np
import pytest

import games
from games.classics import trees
from solver.algorithms.backward_induction import spe
from solver.errors import SolverError
from solver.forms.extensive.behavior import (
    BehaviorProfile,
    behavior_payoffs,
    behavior_regret,
    certify_behavior,
)
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL
from solver.io.efg import read_efg, write_efg

NAMES = ["entry-deterrence", "centipede", "ultimatum", "selten-horse", "beer-quiche",
         "kuhn-poker", "leduc-poker"]
SMALL = NAMES[:-1]


def pure(game, choice: dict) -> BehaviorProfile:
    """Pure profile from {infoset label: action label} (every set must be given)."""
    out = []
    for s in (s for sets in game.infosets for s in sets):
        out.append(s.actions.index(choice[s.label]))
    return BehaviorProfile.pure(game, out)


def by_label(game, spec: dict) -> BehaviorProfile:
    """Behaviour profile from {infoset label: {action: probability}} (missing actions get 0)."""
    probs = [[[F(spec[s.label].get(a, 0)) for a in s.actions] for s in sets]
             for sets in game.infosets]
    return BehaviorProfile.from_game(game, probs)


def gambit_game(game):
    gbt = pytest.importorskip("pygambit")
    return gbt, gbt.read_efg(io.StringIO(write_efg(game)))


def gambit_payoffs(result, G) -> set:
    players = list(G.players)
    return {tuple(F(str(e.payoff(p))) for p in players) for e in result.equilibria}


# ------------------------------------------------------------------------ all of them
def test_all_trees_are_registered():
    assert len(NAMES) == 7
    assert set(NAMES) <= set(games.names())
    for name in NAMES:
        e = games.entry(name)
        assert e.source and e.summary


@pytest.mark.parametrize("name", NAMES)
def test_builds_has_perfect_recall_and_round_trips_through_efg(name):
    g = games.get(name)
    assert g.form == "extensive" and g.exact and not g.parametric
    assert g.perfect_recall() == (True, "")
    assert all(len(set(s.actions)) == len(s.actions) for sets in g.infosets for s in sets)
    text = write_efg(g)
    back = read_efg(text, f"{name}.efg")
    assert back == g
    assert write_efg(back) == text


@pytest.mark.parametrize("name", SMALL)
def test_pygambit_reads_our_file_with_the_same_shape(name):
    g = games.get(name)
    _, G = gambit_game(g)
    assert [p.label for p in G.players] == list(g.players)
    assert [len(p.infosets) for p in G.players] == [len(s) for s in g.infosets]
    assert G.is_perfect_recall


def test_docstrings_cite_a_source_and_state_the_answer():
    for f in (trees.entry_deterrence, trees.centipede, trees.ultimatum, trees.selten_horse,
              trees.beer_quiche, trees.kuhn_poker, trees.leduc_poker):
        doc = f.__doc__
        assert any(ch.isdigit() for ch in doc) and ("equilibri" in doc or "value" in doc)


# --------------------------------------------------------------- entry deterrence
def test_entry_deterrence_spe_is_in_accommodate():
    g = games.get("entry-deterrence")
    sol = spe(g)
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert eq.behavior == (({"Out": 0, "In": 1},), ({"Fight": 0, "Accommodate": 1},))
    assert eq.payoffs == (F(1), F(1))


def test_entry_deterrence_out_fight_is_nash_but_not_subgame_perfect():
    g = games.get("entry-deterrence")
    threat = pure(g, {"Entrant": "Out", "after In": "Fight"})
    eq = certify_behavior(g, threat)
    assert eq.payoffs == (F(0), F(2)) and eq.regret == (0, 0)
    # the threat is not credible: once In, Fight loses 2 against Accommodate
    assert all(e.behavior[1][0]["Accommodate"] == 1 for e in spe(g).equilibria)
    # Out with P(Fight) = 1/2 is the extreme point of the segment; below it the entrant enters
    half = by_label(g, {"Entrant": {"Out": 1}, "after In": {"Fight": "1/2", "Accommodate": "1/2"}})
    assert behavior_regret(g, half) == (0, 0)
    less = by_label(g, {"Entrant": {"Out": 1}, "after In": {"Fight": "2/5", "Accommodate": "3/5"}})
    assert behavior_regret(g, less)[0] == F(1, 5)


def test_entry_deterrence_pygambit_equilibrium_payoffs():
    gbt, G = gambit_game(games.get("entry-deterrence"))
    res = gbt.nash.enummixed_solve(G, rational=True)
    assert len(res.equilibria) == 3            # (In, A), (Out, F), (Out, 1/2 F + 1/2 A)
    assert gambit_payoffs(res, G) == {(F(1), F(1)), (F(0), F(2))}


# ----------------------------------------------------------------------- centipede
def test_centipede_unique_spe_stops_everywhere():
    g = games.get("centipede")
    sol = spe(g)
    assert len(sol.equilibria) == 1
    eq = sol.equilibria[0]
    assert all(d["Stop"] == 1 for per in eq.behavior for d in per)
    assert eq.payoffs == (F(1), F(0))


def test_centipede_every_nash_equilibrium_ends_at_once():
    gbt, G = gambit_game(games.get("centipede"))
    res = gbt.nash.enummixed_solve(G, rational=True)
    assert len(res.equilibria) == 4
    assert gambit_payoffs(res, G) == {(F(1), F(0))}


# ----------------------------------------------------------------------- ultimatum
def test_ultimatum_has_exactly_two_spe():
    g = games.get("ultimatum")
    sol = spe(g)
    assert len(sol.equilibria) == 2
    found = {}
    for eq in sol.equilibria:
        offer = next(a for a, p in eq.behavior[0][0].items() if p == 1)
        accepts = tuple(d["Accept"] for d in eq.behavior[1])
        found[offer] = (eq.payoffs, accepts)
    assert found == {"offer 0": ((F(3), F(0)), (1, 1, 1, 1)),
                     "offer 1": ((F(2), F(1)), (0, 1, 1, 1))}


def test_ultimatum_any_split_is_a_nash_outcome():
    g = games.get("ultimatum")
    for x in range(4):
        # offer x, accept exactly the offers >= x: nobody gains by deviating
        choice = {"Proposer": f"offer {x}"}
        choice.update({f"offered {y}": "Accept" if y >= x else "Reject" for y in range(4)})
        eq = certify_behavior(g, pure(g, choice))
        assert eq.payoffs == (F(3 - x), F(x))
    gbt, G = gambit_game(g)
    pays = gambit_payoffs(gbt.nash.enumpure_solve(G), G)
    assert {(F(3 - x), F(x)) for x in range(4)} <= pays


# ------------------------------------------------------------------- Selten's horse
def test_selten_horse_structure():
    g = games.get("selten-horse")
    assert g.n_players == 3 and [len(s) for s in g.infosets] == [1, 1, 1]
    (p3,) = g.infosets[2]
    assert len(p3.nodes) == 2 and not g.is_perfect_information


def test_selten_horse_has_exactly_two_pure_equilibria():
    g = games.get("selten-horse")
    found = {}
    for choice in itertools.product(range(2), repeat=3):
        prof = BehaviorProfile.pure(g, choice)
        if behavior_regret(g, prof) == (0, 0, 0):
            labels = tuple(s.actions[c] for s, c in zip((s for ss in g.infosets for s in ss), choice))
            found[labels] = behavior_payoffs(g, prof)
    assert found == {("Across", "Across", "Left"): (F(1), F(1), F(1)),
                     ("Down", "Across", "Right"): (F(3), F(2), F(2))}
    gbt, G = gambit_game(g)
    res = gbt.nash.enumpure_solve(G)
    assert len(res.equilibria) == 2
    assert gambit_payoffs(res, G) == set(found.values())


def test_selten_horse_backward_induction_refuses_imperfect_information():
    from solver.errors import InvalidGameError
    with pytest.raises(InvalidGameError, match="perfect information"):
        spe(games.get("selten-horse"))


# ---------------------------------------------------------------------- beer-quiche
def test_beer_quiche_structure():
    g = games.get("beer-quiche")
    assert g.kind(0) == "chance" and g.chance_probabilities(0) == (F(9, 10), F(1, 10))
    assert [s.label for s in g.infosets[0]] == ["Strong", "Weak"]
    assert [(s.label, len(s.nodes)) for s in g.infosets[1]] == [("after Beer", 2),
                                                                ("after Quiche", 2)]


def test_beer_quiche_pooling_equilibria_and_no_separating_one():
    g = games.get("beer-quiche")
    beer = by_label(g, {"Strong": {"Beer": 1}, "Weak": {"Beer": 1},
                        "after Beer": {"Don't": 1}, "after Quiche": {"Duel": "1/2", "Don't": "1/2"}})
    assert certify_behavior(g, beer).payoffs == (F(29, 10), F(9, 10))
    quiche = by_label(g, {"Strong": {"Quiche": 1}, "Weak": {"Quiche": 1},
                          "after Beer": {"Duel": 1}, "after Quiche": {"Don't": 1}})
    assert certify_behavior(g, quiche).payoffs == (F(21, 10), F(9, 10))
    # below P(Duel after Quiche) = 1/2 the Weak type deviates to Quiche
    weak = by_label(g, {"Strong": {"Beer": 1}, "Weak": {"Beer": 1},
                        "after Beer": {"Don't": 1}, "after Quiche": {"Duel": "2/5", "Don't": "3/5"}})
    with pytest.raises(SolverError):
        certify_behavior(g, weak)
    # separating profiles: the receiver's best reply makes some type deviate
    for strong, weak_meal in (("Beer", "Quiche"), ("Quiche", "Beer")):
        s = g.infosets[0]
        for reply in itertools.product(range(2), repeat=2):
            prof = BehaviorProfile.pure(g, [s[0].actions.index(strong),
                                            s[1].actions.index(weak_meal), *reply])
            assert max(behavior_regret(g, prof)) > 0


def test_beer_quiche_pygambit_finds_only_the_pooling_payoffs():
    gbt, G = gambit_game(games.get("beer-quiche"))
    res = gbt.nash.enummixed_solve(G, rational=True)
    assert len(res.equilibria) == 4
    assert gambit_payoffs(res, G) == {(F(29, 10), F(9, 10)), (F(21, 10), F(9, 10))}


# ----------------------------------------------------------------------- Kuhn poker
def test_kuhn_poker_structure_follows_gambit():
    g = games.get("kuhn-poker")
    assert g.n_nodes == 55
    assert g.actions(0) == ("JQ", "JK", "QJ", "QK", "KJ", "KQ")
    assert g.chance_probabilities(0) == (F(1, 6),) * 6
    assert [s.label for s in g.infosets[0]] == ["P1 J", "P1 J cb", "P1 Q", "P1 Q cb",
                                                 "P1 K", "P1 K cb"]
    assert [s.label for s in g.infosets[1]] == ["P2 Q c", "P2 Q b", "P2 K c", "P2 K b",
                                                 "P2 J c", "P2 J b"]
    assert all(len(s.nodes) == 2 for sets in g.infosets for s in sets)
    pays = g.terminal_payoffs()
    assert len(pays) == 30 and all(u[0] == -u[1] for u in pays.values())
    assert sorted({u[0] for u in pays.values()}) == [-2, -1, 1, 2]
    # the first lines are those of Gambit's example (gambit_formats.md, section 3.2)
    lines = write_efg(g).splitlines()
    assert lines[3].startswith('c "" 1 "" { "JQ" 1/6 "JK" 1/6')
    assert lines[4] == 'p "" 1 1 "P1 J" { "Check" "Bet" } 0'
    assert lines[5] == 'p "" 2 1 "P2 Q c" { "Check" "Bet" } 0'
    assert lines[7] == 'p "" 1 2 "P1 J cb" { "Fold" "Call" } 0'


def kuhn_equilibrium(g, alpha: F):
    """Kuhn's (1950) equilibrium family: player 1 bets J w.p. alpha <= 1/3, calls with Q
    w.p. alpha + 1/3, bets K w.p. 3 alpha; player 2's strategy is unique."""
    return by_label(g, {
        "P1 J": {"Bet": alpha, "Check": 1 - alpha}, "P1 J cb": {"Fold": 1},
        "P1 Q": {"Check": 1}, "P1 Q cb": {"Call": alpha + F(1, 3), "Fold": F(2, 3) - alpha},
        "P1 K": {"Bet": 3 * alpha, "Check": 1 - 3 * alpha}, "P1 K cb": {"Call": 1},
        "P2 Q c": {"Check": 1}, "P2 Q b": {"Call": F(1, 3), "Fold": F(2, 3)},
        "P2 K c": {"Bet": 1}, "P2 K b": {"Call": 1},
        "P2 J c": {"Bet": F(1, 3), "Check": F(2, 3)}, "P2 J b": {"Fold": 1}})


@pytest.mark.parametrize("alpha", [F(0), F(1, 7), F(1, 3)])
def test_kuhn_poker_known_equilibria_have_value_minus_one_eighteenth(alpha):
    g = games.get("kuhn-poker")
    eq = certify_behavior(g, kuhn_equilibrium(g, alpha))
    assert eq.payoffs == (F(-1, 18), F(1, 18)) and eq.regret == (0, 0)


def test_kuhn_poker_outside_the_family_player_1_is_exploitable():
    g = games.get("kuhn-poker")
    assert behavior_regret(g, kuhn_equilibrium(g, F(1, 2)))[1] > 0


def test_kuhn_poker_pygambit_value():
    gbt, G = gambit_game(games.get("kuhn-poker"))
    res = gbt.nash.lp_solve(G, rational=True)
    assert len(res.equilibria) == 1
    assert gambit_payoffs(res, G) == {(F(-1, 18), F(1, 18))}


# ---------------------------------------------------------------------- Leduc poker
def test_leduc_poker_counts():
    g = games.get("leduc-poker")
    kinds = np.bincount(g.node_kind, minlength=3)
    assert g.n_nodes == 9457
    assert [len(s) for s in g.infosets] == [468, 468]
    # 1 + 6 deal nodes, 30 x 5 public-card nodes; 30 x (4 folds + 5 x 4 x 9 ends)
    assert kinds[CHANCE] == 7 + 150
    assert kinds[TERMINAL] == 30 * (4 + 5 * 4 * 9)
    assert kinds[DECISION] == 30 * (6 + 5 * 4 * 6)
    assert g.chance_probabilities(0) == (F(1, 6),) * 6
    assert g.chance_probabilities(1) == (F(1, 5),) * 5
    pays = g.terminal_payoffs()
    assert all(u[0] == -u[1] for u in pays.values())
    assert sorted({abs(u[0]) for u in pays.values()}) == [0, 1, 3, 5, 7, 9, 11, 13]
    # each information set: one private card, the public card, the betting; 2 or 3 actions
    assert {len(s.actions) for sets in g.infosets for s in sets} == {2, 3}


def test_leduc_poker_matches_openspiel_node_for_node():
    pyspiel = pytest.importorskip("pyspiel")
    g = games.get("leduc-poker")
    og = pyspiel.load_game("leduc_poker")
    kids = g.child_lists()
    kind = g.node_kind.tolist()
    gid = g.node_infoset.tolist()
    infostate: dict[str, int] = {}
    visited = 0
    stack = [(0, og.new_initial_state())]
    while stack:
        h, s = stack.pop()
        visited += 1
        if s.is_terminal():
            assert kind[h] == TERMINAL and g.payoffs(h) == tuple(F(x) for x in s.returns())
            continue
        if s.is_chance_node():
            outs = s.chance_outcomes()
            assert kind[h] == CHANCE and len(outs) == len(kids[h])
            assert [float(p) for p in g.chance_probabilities(h)] == pytest.approx([q for _, q in outs])
            acts = [a for a, _ in outs]
        else:
            assert kind[h] == DECISION and g.node_player[h] == s.current_player()
            acts = s.legal_actions()
            assert len(acts) == len(kids[h])
            assert infostate.setdefault(s.information_state_string(), gid[h]) == gid[h]
        stack.extend(zip(kids[h], (s.child(a) for a in acts)))
    assert visited == g.n_nodes == 9457
    # the same partition into information sets: a bijection between their strings and ours
    assert len(infostate) == len(set(infostate.values())) == g.n_infosets == 936


def _sequence_form_value(g) -> float:
    """Value for player 1 of a two-player zero-sum tree by the sequence-form LP
    (Koller, Megiddo and von Stengel 1996), in floats with scipy: a test oracle."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    seq_ids = [{} for _ in range(2)]
    par, pact, kind = g.node_parent.tolist(), g.node_parent_action.tolist(), g.node_kind.tolist()
    who, gid = g.node_player.tolist(), g.node_infoset.tolist()
    last = [[0, 0] for _ in range(g.n_nodes)]           # each player's last sequence id above h
    reach = [1.0] * g.n_nodes
    for i in range(2):
        seq_ids[i][None] = 0
    entries = {}
    parent_seq = [{}, {}]
    for h in range(g.n_nodes):
        if h:
            p = par[h]
            last[h] = list(last[p])
            reach[h] = reach[p]
            if kind[p] == DECISION:
                i = who[p]
                last[h][i] = seq_ids[i].setdefault((gid[p], pact[h]), len(seq_ids[i]))
            elif kind[p] == CHANCE:
                reach[h] *= float(g.chance_probabilities(p)[pact[h]])
        if kind[h] == DECISION:
            parent_seq[who[h]].setdefault(gid[h], last[h][who[h]])
        if kind[h] == TERMINAL:
            key = tuple(last[h])
            entries[key] = entries.get(key, 0.0) + reach[h] * float(g.payoffs(h)[0])
    n1, n2 = len(seq_ids[0]), len(seq_ids[1])
    sets1, sets2 = sorted(parent_seq[0]), sorted(parent_seq[1])

    def constraints(i, sets):
        rows, cols, vals = [0], [0], [1.0]
        for r, gg in enumerate(sets, start=1):
            rows.append(r); cols.append(parent_seq[i][gg]); vals.append(-1.0)
        for (g2, a), k in ((key, k) for key, k in seq_ids[i].items() if key is not None):
            rows.append(1 + sets.index(g2)); cols.append(k); vals.append(1.0)
        return coo_matrix((vals, (rows, cols)), shape=(1 + len(sets), len(seq_ids[i]))).tocsr()

    E, Fm = constraints(0, sets1), constraints(1, sets2)
    A = coo_matrix(([v for v in entries.values()], ([k[0] for k in entries], [k[1] for k in entries])),
                   shape=(n1, n2)).tocsr()
    from scipy.sparse import hstack
    m2 = Fm.shape[0]
    # variables (x, q): maximise q_0 subject to F^T q - A^T x <= 0, E x = e, x >= 0
    c = np.zeros(n1 + m2)
    c[n1] = -1.0
    A_ub = hstack([-A.T, Fm.T]).tocsr()
    A_eq = hstack([E, coo_matrix((E.shape[0], m2))]).tocsr()
    b_eq = np.zeros(E.shape[0])
    b_eq[0] = 1.0
    bounds = [(0, None)] * n1 + [(None, None)] * m2
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(n2), A_eq=A_eq, b_eq=b_eq, bounds=bounds,
                  method="highs")
    assert res.status == 0, res.message
    return -res.fun


def test_sequence_form_oracle_on_kuhn_poker():
    assert _sequence_form_value(games.get("kuhn-poker")) == pytest.approx(-1 / 18, abs=1e-9)


def test_leduc_poker_value_is_openspiels():
    # -0.0856064 is OpenSpiel's sequence-form LP value (textbook_games.md, row 15)
    assert _sequence_form_value(games.get("leduc-poker")) == pytest.approx(-0.0856064, abs=5e-7)
