"""The permission matrix of the schooling area: esf (collected by test_authorisation.py)."""

from __future__ import annotations

MATRIX: list[tuple] = []
