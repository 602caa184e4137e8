"""Probity."""
