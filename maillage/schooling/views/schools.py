"""Views of the schooling area: schools."""

from __future__ import annotations
