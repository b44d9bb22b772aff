"""Indicators of the catalogue: network (registered with `indicators.indicator`)."""
