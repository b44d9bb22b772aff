"""Views of the schooling area: imports."""

from __future__ import annotations
