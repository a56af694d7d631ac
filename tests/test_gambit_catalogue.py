"""Every tree in pygambit's catalogue is solved, every equilibrium certified on the tree
(or, without perfect recall, on its strategic form), and cross-checked with pygambit:
the strategic forms are identical, the extreme equilibria of each two-player form are
the ones ``enummixed`` lists, every equilibrium ``enumpoly`` finds for three or more
players is among ours, and the pure agent-form equilibria are ``enumpure_agent``'s."""
import functools
import pathlib
from fractions import Fraction

import numpy as np
import pytest

import solver
from solver.algorithms.imperfect_recall import ImperfectRecallSolution
from solver.conversions.reduced_form import reduced_normal_form
from solver.forms.extensive.behavior import behavior_regret
from solver.forms.profiles import regret
from solver.io.efg import read_efg

pygambit = pytest.importorskip("pygambit")
ROOT = pathlib.Path(pygambit.__file__).parent / "catalog_data"
TREES = sorted(ROOT.rglob("*.efg"))
IDS = [str(p.relative_to(ROOT)) for p in TREES]
#: The five trees of the catalogue without perfect recall (pygambit 16.7).
IMPERFECT = {"books/shohamleytonbrown2008/fig5_12.efg", "books/vonstengel2022/fig10.7.efg",
             "journals/geb/gilboa1997/fig1.efg", "journals/geb/gilboa1997/fig2.efg",
             "journals/geb/wichardt2008.efg"}


def _ours(path):
    return read_efg(path.read_text(), str(path))


def _theirs(path):
    return pygambit.read_efg(str(path))


@functools.lru_cache(maxsize=None)
def _form_equilibria(path):
    """Our equilibria of a tree's strategic form (enumerate), computed once per file."""
    return solver.solve(reduced_normal_form(_ours(path)).game, "enumerate")


def _profiles(game, result):
    """pygambit's mixed profiles as tuples of Fractions."""
    return {tuple(tuple(Fraction(str(v)) for _, v in eq[p]) for p in game.players)
            for eq in result.equilibria}


def test_the_catalogue_is_there():
    assert len(TREES) == 32
    assert IMPERFECT <= set(IDS)


@pytest.mark.parametrize("path", TREES, ids=IDS)
def test_catalogue_tree_is_solved_and_certified(path):
    game = _ours(path)
    recall, reason = game.perfect_recall()
    assert recall == (str(path.relative_to(ROOT)) not in IMPERFECT)
    sol = solver.solve(game)
    assert len(sol) >= 1
    if not recall:
        # mixed equilibria of the strategic form, said to be so, each with its behaviour verdict
        assert isinstance(sol, ImperfectRecallSolution) and reason
        assert sol.game.form == "normal" and sol.extra["tree"] is game
        assert "lacks perfect recall" in sol.notes[1] and "not behaviour strategies" in sol.notes[1]
        assert sol.complete
        for eq in sol:
            assert all(r == 0 for r in regret(sol.game, eq.probabilities))
        assert len(sol.extra["imperfect_recall"].counterparts) == len(sol)
        return
    for eq in sol:
        # recomputed here, independently of the certificate the solver attached
        r = behavior_regret(game, eq.profile)
        assert all(x == 0 for x in r) and all(isinstance(x, Fraction) for x in r)
    if game.n_players == 2:
        nash = solver.solve(game, method="enumerate")
        assert len(nash) >= 1
        assert all(r == 0 for eq in nash for r in behavior_regret(game, eq.profile))


@pytest.mark.parametrize("path", TREES, ids=IDS)
def test_strategic_form_is_pygambits(path):
    ours = reduced_normal_form(_ours(path)).game
    theirs = _theirs(path).to_arrays()
    assert len(theirs) == ours.n_players
    for mine, other in zip(ours.payoff_tensor, theirs):
        exact = np.vectorize(lambda x: Fraction(str(x)), otypes=[object])
        other = exact(np.array(other, dtype=object))
        assert mine.shape == other.shape
        assert (mine == other).all()


@pytest.mark.parametrize("path", [p for p in TREES if _ours(p).n_players == 2],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_two_player_equilibria_are_enummixeds(path):
    """Our extreme equilibria of the strategic form are exactly pygambit's (enummixed
    lists every extreme equilibrium); lcp's are among them."""
    nf = pygambit.Game.from_arrays(*_theirs(path).to_arrays())
    theirs = _profiles(nf, pygambit.nash.enummixed_solve(nf, rational=True))
    ours = {tuple(tuple(p) for p in eq.probabilities) for eq in _form_equilibria(path)}
    assert len(ours) == len(theirs)
    assert ours == theirs
    assert _profiles(nf, pygambit.nash.lcp_solve(nf, rational=True)) <= ours


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=[pytest.mark.slow] if _ours(p).n_players > 3 else [])
    for p in TREES if _ours(p).n_players > 2], ids=lambda p: str(p.relative_to(ROOT)))
def test_n_player_equilibria_include_enumpolys(path):
    """Every equilibrium pygambit's enumpoly finds on the strategic form is one of ours."""
    nf = pygambit.Game.from_arrays(*_theirs(path).to_arrays())
    ours = [np.concatenate([[float(p) for p in pr] for pr in eq.probabilities])
            for eq in _form_equilibria(path)]
    for eq in pygambit.nash.enumpoly_solve(nf).equilibria:
        x = np.concatenate([[float(v) for _, v in eq[p]] for p in nf.players])
        assert min(np.abs(x - y).max() for y in ours) < 1e-9


def test_selten_fig3_has_the_mixed_equilibrium_enumpoly_misses():
    """Selten's (1975) three-player tree: pygambit 16.7's enumpoly lists three pure
    equilibria of its strategic form; there is also a totally mixed one."""
    path = ROOT / "journals/ijgt/selten1975/fig3.efg"
    mixed = [eq for eq in _form_equilibria(path) if not eq.is_pure
             and all(len(s) > 1 for s in eq.support)]
    assert len(mixed) == 1
    assert mixed[0].payoffs == (Fraction(9, 4), Fraction(72, 49), Fraction(75, 49))


@pytest.mark.parametrize("path", TREES, ids=IDS)
def test_pure_agent_equilibria_are_enumpure_agents(path):
    game, theirs_game = _ours(path), _theirs(path)
    theirs = {tuple(tuple(Fraction(str(eq[a])) for a in s.actions) for s in theirs_game.infosets)
              for eq in pygambit.nash.enumpure_agent_solve(theirs_game).equilibria}
    sol = solver.solve(game, "pure-agent")
    ours = {tuple(e.profile.flat()) for e in sol}
    assert len(ours) == len(sol) == len(theirs)
    assert ours == theirs
