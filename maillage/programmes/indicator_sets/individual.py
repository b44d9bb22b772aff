"""Indicators of the catalogue: individual (registered with `indicators.indicator`)."""
