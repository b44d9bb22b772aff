"""Concertation platforms, their meetings, decisions and action items, and themed conferences."""
