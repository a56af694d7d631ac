"""gamesolver: model strategic situations as games, solve them exactly, explain the choices.

>>> import solver
>>> g = solver.NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> len(solver.solve(g))
3
"""
from .behavior import BehaviorProfile
from .errors import GameError, InvalidGameError, ParseError, SolverError, SolverLimitError
from .extensive_form import ExtensiveFormGame, TreeBuilder
from .normal_form import NormalFormGame
from .profiles import Equilibrium, MixedProfile, Solution, certify, regret
from .solve import solve

__all__ = [
    "NormalFormGame", "ExtensiveFormGame", "TreeBuilder", "BehaviorProfile",
    "Equilibrium", "MixedProfile", "Solution",
    "solve", "load", "save", "explain", "certify", "regret",
    "GameError", "InvalidGameError", "ParseError", "SolverError", "SolverLimitError",
]
__version__ = "0.1.0"


def load(path):
    """Read a game from a file (``.nfg``, ``.efg`` or the package's ``.json``)."""
    from .io.files import load as _load
    return _load(path)


def save(game, path) -> None:
    """Write a game to a file, the format chosen by the extension."""
    from .io.files import save as _save
    _save(game, path)


def explain(solution):
    """Explain a solution in words: see :func:`solver.analysis.explain.explain`."""
    from .analysis.explain import explain as _explain
    return _explain(solution)
