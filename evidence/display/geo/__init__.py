"""Country boundaries for the studies' maps: Natural Earth 1:50m map units of the Americas,
shipped with the package (public domain; see CITATION.md beside the data), and the simple
projection the maps use.

Boundaries are national only: the project has no first-level (admin1) boundaries and draws
none.
"""

from __future__ import annotations

from evidence.display.geo.boundaries import (
    CITATION,
    DATA_FILE,
    Boundaries,
    MapUnit,
    load_boundaries,
)
from evidence.display.geo.projection import MapExtent, extent_around, nice_length

__all__ = [
    "CITATION",
    "DATA_FILE",
    "Boundaries",
    "MapExtent",
    "MapUnit",
    "extent_around",
    "load_boundaries",
    "nice_length",
]
