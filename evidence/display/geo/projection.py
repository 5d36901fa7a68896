"""The maps' projection: plate carrée (longitude and latitude as x and y) drawn with the
axes' aspect set to 1 / cos(φ0), φ0 the latitude at the centre of the map's extent.

At φ0 a kilometre east–west and a kilometre north–south are then the same length on the
page (an equirectangular projection with standard parallel φ0); the error grows away from
φ0, which for a country map is small, and for the regional map (Mexico to Chile) is
acceptable for a choropleth whose colours, not areas, carry the data. A scale bar is
true at φ0 only, and says so by being drawn near it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

KM_PER_DEGREE = 111.32  # one degree of latitude, or of longitude at the equator (WGS 84)


@dataclass(frozen=True)
class MapExtent:
    """A map's box in degrees: west, south, east, north."""

    lon_min: float
    lat_min: float
    lon_max: float
    lat_max: float

    @property
    def central_latitude(self) -> float:
        return (self.lat_min + self.lat_max) / 2

    @property
    def aspect(self) -> float:
        """The axes aspect (y units per x unit on the page) that makes φ0 true to scale."""
        return 1.0 / math.cos(math.radians(self.central_latitude))

    @property
    def km_per_degree_lon(self) -> float:
        return KM_PER_DEGREE * math.cos(math.radians(self.central_latitude))

    @property
    def width_km(self) -> float:
        return (self.lon_max - self.lon_min) * self.km_per_degree_lon

    def height_over_width(self) -> float:
        """The page ratio of the box drawn with ``aspect``."""
        return (self.lat_max - self.lat_min) * self.aspect / (self.lon_max - self.lon_min)


def extent_around(
    boxes: Iterable[tuple[float, float, float, float]],
    *,
    pad: float = 0.08,
    min_span: float = 1.0,
) -> MapExtent:
    """The box holding every (lon_min, lat_min, lon_max, lat_max) in ``boxes``, widened by
    ``pad`` of its span on each side and to at least ``min_span`` degrees each way (so a
    small island keeps some sea and coast around it)."""
    found = list(boxes)
    west = min(b[0] for b in found)
    south = min(b[1] for b in found)
    east = max(b[2] for b in found)
    north = max(b[3] for b in found)
    spans = []
    for low, high in ((west, east), (south, north)):
        span = max(high - low, 1e-9)
        margin = pad * span + max(0.0, min_span - span * (1 + 2 * pad)) / 2
        spans.append((low - margin, high + margin))
    (west, east), (south, north) = spans
    return MapExtent(west, max(south, -89.0), east, min(north, 89.0))


def nice_length(limit: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above ``limit`` (> 0): a round scale-bar length or
    legend reference value."""
    if not limit > 0:
        raise ValueError(f"nice_length needs a positive limit, not {limit!r}")
    power = 10 ** math.floor(math.log10(limit))
    for step in (5, 2, 1):
        if step * power <= limit * (1 + 1e-12):
            return float(step * power)
    return float(power)
