"""Textbook games with cited, known equilibria; also the tests' fixtures."""
from . import (
    normal_form,  # noqa: F401  (registers the games)
    trees,  # noqa: F401  (registers the game trees)
)
