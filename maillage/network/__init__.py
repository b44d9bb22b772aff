"""Placements of workers in partner structures, agreements between organisations, trainings
of workers."""
