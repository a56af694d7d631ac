"""gamesolver: model strategic situations as games, solve them exactly, explain the choices.

>>> import solver
>>> g = solver.NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> len(solver.solve(g))
3
"""
from solver.analysis.explain import explain
from solver.analysis.parametric import thresholds
from solver.analysis.sweep import sweep
from solver.errors import GameError, InvalidGameError, ParseError, SolverError, SolverLimitError
from solver.forms.extensive.behavior import BehaviorProfile
from solver.forms.extensive.builder import TreeBuilder
from solver.forms.extensive.game import ExtensiveFormGame
from solver.forms.normal.game import NormalFormGame
from solver.forms.profiles import Equilibrium, MixedProfile, Solution, certify, regret
from solver.io.files import load, save
from solver.solve import solve

__all__ = [
    "NormalFormGame", "ExtensiveFormGame", "TreeBuilder", "BehaviorProfile",
    "Equilibrium", "MixedProfile", "Solution",
    "solve", "load", "save", "explain", "thresholds", "sweep", "certify", "regret",
    "GameError", "InvalidGameError", "ParseError", "SolverError", "SolverLimitError",
]
__version__ = "0.1.0"
