"""Views of the schooling area: esf."""

from __future__ import annotations
