"""Equilibrium algorithms, one per module, each a pure function of a game."""
