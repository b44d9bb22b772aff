"""Every indicator of the catalogue, registered by importing the modules of the axes."""

from maillage.programmes.indicator_sets import (  # noqa: F401  (they register themselves)
    collective,
    community,
    individual,
    network,
    reach,
    schooling,
)
from maillage.programmes.indicators import CATALOGUE

__all__ = ["CATALOGUE"]
