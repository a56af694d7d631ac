"""Every tree in pygambit's catalogue: solved, every equilibrium certified on the tree;
trees without perfect recall get the clean error that says why."""
import pathlib
from fractions import Fraction

import pytest

import solver
from solver.forms.extensive.behavior import behavior_regret
from solver.io.efg import read_efg

pygambit = pytest.importorskip("pygambit")
ROOT = pathlib.Path(pygambit.__file__).parent / "catalog_data"
TREES = sorted(ROOT.rglob("*.efg"))


def test_the_catalogue_is_there():
    assert len(TREES) >= 30


@pytest.mark.parametrize("path", TREES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_tree_is_solved_and_certified(path):
    game = read_efg(path.read_text(), str(path))
    recall, reason = game.perfect_recall()
    if not recall:
        with pytest.raises(solver.InvalidGameError, match="perfect recall"):
            solver.solve(game)
        assert reason
        return
    sol = solver.solve(game)
    assert len(sol) >= 1
    for eq in sol:
        # recomputed here, independently of the certificate the solver attached
        regret = behavior_regret(game, eq.profile)
        assert all(r == 0 for r in regret) and all(isinstance(r, Fraction) for r in regret)
    if game.n_players == 2:
        nash = solver.solve(game, method="enumerate")
        assert len(nash) >= 1
        assert all(r == 0 for eq in nash for r in behavior_regret(game, eq.profile))
