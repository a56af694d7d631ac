"""Explanations, parametric analysis and traces derived from solutions."""
