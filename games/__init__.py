"""The catalogue of games: textbook classics and the seed scenarios.

>>> import games
>>> g = games.get("battle-of-the-sexes")
>>> g.players
('Wife', 'Husband')
"""
from .registry import Entry, Parameter, entry, get, names
from .explain import explain  # noqa: E402  (the function; it shadows the module's name)

__all__ = ["get", "names", "entry", "explain", "Entry", "Parameter"]
