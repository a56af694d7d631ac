"""The catalogue of games: textbook classics and the seed scenarios.

>>> import games
>>> g = games.get("battle-of-the-sexes")
>>> g.players
('Chris', 'Pat')
"""
from .catalogue import entry, get, names
from .compare import compare, scenario_names
from .explain import explain  # noqa: E402  (the function; it shadows the module's name)
from .registry import Entry, Parameter

__all__ = ["get", "names", "entry", "explain", "compare", "scenario_names", "Entry", "Parameter"]
