"""Indicators of the catalogue: schooling (registered with `indicators.indicator`)."""
