"""The catalogue of games: textbook classics and the seed scenarios.

>>> import games
>>> g = games.get("battle-of-the-sexes")
>>> g.players
('Chris', 'Pat')

``compare``, ``scenario_names`` and ``explain`` are imported on first use: they bring
in the analysis layer (and sympy), which looking up, listing and solving a concrete
game do not need, so ``gamesolver list`` starts at once.
"""
import sys
import types
from importlib import import_module

from .catalogue import entry, get, names
from .registry import Entry, Parameter

__all__ = ["get", "names", "entry", "explain", "compare", "scenario_names", "Entry", "Parameter"]

#: Functions imported on first use, by the submodule that defines them.
_LAZY = {"explain": "explain", "compare": "compare", "scenario_names": "compare"}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'games' has no attribute {name!r}")
    return getattr(import_module(f".{_LAZY[name]}", __name__), name)


class _Catalogue(types.ModuleType):
    """The package, whose names ``explain`` and ``compare`` stay the functions: importing
    the submodule of the same name (which the import system binds on the package)
    binds the function instead, as ``from .explain import explain`` did."""

    def __setattr__(self, name, value):
        if name in _LAZY and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Catalogue
