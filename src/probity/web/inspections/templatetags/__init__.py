"""Template tags of Probity's pages."""
