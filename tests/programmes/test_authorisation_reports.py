"""The permission matrix of the programmes area: reports (collected by test_authorisation.py)."""

from __future__ import annotations

MATRIX: list[tuple] = []
