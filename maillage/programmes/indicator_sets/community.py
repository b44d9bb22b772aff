"""Indicators of the catalogue: community (registered with `indicators.indicator`)."""
