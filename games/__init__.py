"""The catalogue of games: textbook classics and the seed scenarios.

>>> import games
>>> g = games.get("battle-of-the-sexes")
>>> g.players
('Wife', 'Husband')
"""
from .registry import Entry, Parameter, entry, get, names

__all__ = ["get", "names", "entry", "Entry", "Parameter"]
