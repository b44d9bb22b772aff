"""Indicators of the catalogue: collective (registered with `indicators.indicator`)."""
