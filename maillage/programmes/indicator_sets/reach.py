"""Indicators of the catalogue: reach (registered with `indicators.indicator`)."""
