"""gamesolver: model strategic situations as games, solve them exactly, explain the choices."""
from .errors import GameError, InvalidGameError, ParseError, SolverError, SolverLimitError
from .normal_form import NormalFormGame
from .profiles import Equilibrium, MixedProfile, Solution, certify, regret

__all__ = [
    "NormalFormGame", "Equilibrium", "MixedProfile", "Solution", "certify", "regret",
    "GameError", "InvalidGameError", "ParseError", "SolverError", "SolverLimitError",
]
__version__ = "0.1.0"
