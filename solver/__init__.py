"""gamesolver: model strategic situations as games, solve them exactly, explain the choices.

>>> import solver
>>> g = solver.NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> len(solver.solve(g))
3

The names below are imported when first used (PEP 562), so that ``import solver`` and
the command start at once; ``from solver import X`` works as usual.
"""
from importlib import import_module

from solver.errors import GameError, InvalidGameError, ParseError, SolverError, SolverLimitError
from solver.solve import solve

__all__ = [
    "NormalFormGame", "ExtensiveFormGame", "TreeBuilder", "BehaviorProfile",
    "Equilibrium", "MixedProfile", "Solution",
    "solve", "load", "save", "explain", "thresholds", "sweep", "check", "region", "uncertainty",
    "certify", "regret",
    "GameError", "InvalidGameError", "ParseError", "SolverError", "SolverLimitError",
]
__version__ = "0.1.0"

#: Where each public name lives, imported on first use.
_LAZY = {
    "NormalFormGame": "solver.forms.normal.game", "ExtensiveFormGame": "solver.forms.extensive.game",
    "TreeBuilder": "solver.forms.extensive.builder", "BehaviorProfile": "solver.forms.extensive.behavior",
    "Equilibrium": "solver.forms.profiles", "MixedProfile": "solver.forms.profiles",
    "Solution": "solver.forms.profiles", "certify": "solver.forms.profiles",
    "regret": "solver.forms.profiles", "load": "solver.io.files", "save": "solver.io.files",
    "explain": "solver.analysis.explain", "thresholds": "solver.analysis.parametric",
    "sweep": "solver.analysis.sweep", "check": "solver.analysis.check",
    "region": "solver.io.region_plot",   # the map, with its renderer registered
    "uncertainty": "solver.analysis.uncertainty",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'solver' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
