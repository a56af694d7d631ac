"""Textbook games with cited, known equilibria; also the tests' fixtures."""
from . import normal_form  # noqa: F401  (registers the games)
from . import trees  # noqa: F401  (registers the game trees)
