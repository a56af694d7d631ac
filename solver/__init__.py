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
    "certify", "regret", "best_response_diagram", "payoff_lines", "render_sgame", "draw",
    "dynamics", "ess", "sequential", "perfection", "refine", "signalling",
    "RepeatedGame", "Automaton", "solve_repeated", "critical_discount", "finite_repetition",
    "folk_theorem", "stackelberg", "planning_optimum",
    "qre", "qre_path", "fit_qre", "correlated_equilibrium", "correlated_extreme_points",
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
    "dynamics": "solver.analysis.dynamics", "ess": "solver.analysis.ess",
    "sequential": "solver.analysis.sequential", "perfection": "solver.analysis.perfection",
    "refine": "solver.analysis.refine", "signalling": "solver.analysis.signalling",
    "best_response_diagram": "solver.io.diagrams", "payoff_lines": "solver.io.diagrams",
    "render_sgame": "solver.io.sgame", "draw": "solver.io.draw",
    "RepeatedGame": "solver.forms.repeated", "Automaton": "solver.analysis.repeated_strategies",
    "solve_repeated": "solver.analysis.repeated",
    "critical_discount": "solver.analysis.repeated_thresholds",
    "finite_repetition": "solver.analysis.repeated_finite",
    "folk_theorem": "solver.analysis.repeated_folk", "stackelberg": "solver.algorithms.stackelberg",
    "planning_optimum": "solver.analysis.planning",
    "qre": "solver.algorithms.qre", "qre_path": "solver.algorithms.qre",
    "fit_qre": "solver.algorithms.qre_fit",
    "correlated_equilibrium": "solver.algorithms.correlated",
    "correlated_extreme_points": "solver.algorithms.correlated_vertices",
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
