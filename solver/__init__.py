"""gamesolver: model strategic situations as games, solve them exactly, explain the choices.

>>> import solver
>>> g = solver.NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> len(solver.solve(g))
3
"""
from .analysis.explain import explain
from .analysis.parametric import thresholds
from .analysis.sweep import sweep
from .behavior import BehaviorProfile
from .errors import GameError, InvalidGameError, ParseError, SolverError, SolverLimitError
from .extensive_form import ExtensiveFormGame, TreeBuilder
from .io.files import load, save
from .normal_form import NormalFormGame
from .profiles import Equilibrium, MixedProfile, Solution, certify, regret
from .solve import solve

__all__ = [
    "NormalFormGame", "ExtensiveFormGame", "TreeBuilder", "BehaviorProfile",
    "Equilibrium", "MixedProfile", "Solution",
    "solve", "load", "save", "explain", "thresholds", "sweep", "certify", "regret",
    "GameError", "InvalidGameError", "ParseError", "SolverError", "SolverLimitError",
]
__version__ = "0.1.0"
