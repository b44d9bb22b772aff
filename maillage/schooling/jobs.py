"""Background jobs of the schooling area (registered at start by apps.py)."""
