"""Views of the schooling area: signals."""

from __future__ import annotations
