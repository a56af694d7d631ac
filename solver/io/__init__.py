"""Readers, writers and renderers of games and solutions."""
