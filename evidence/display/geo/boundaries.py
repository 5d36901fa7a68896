"""The shipped Natural Earth map units of the Americas, read into polygons Matplotlib draws.

A map unit is what Natural Earth draws as one country on a map (French Guiana apart from
France, Aruba and Curaçao apart from the Netherlands). Units are keyed by ISO3
(``iso_a3``; Natural Earth leaves it empty for Antigua and for Barbuda, which are joined
under their ``adm0_a3``, ATG). Each unit's rings are (n, 2) arrays of longitude and latitude
in degrees (WGS 84); exterior rings and holes are kept as given, so a path drawn from them
fills with Matplotlib's non-zero rule as the file's ring orientation intends.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import numpy as np
from matplotlib.path import Path

from evidence.errors import ContractError

DATA_FILE = "ne_50m_americas.geojson"
CITATION = (
    "Natural Earth, 1:50m Cultural Vectors, Admin 0 map units (public domain), naturalearthdata.com"
)


@dataclass(frozen=True)
class MapUnit:
    """One map unit: its key (ISO3), Natural Earth's English name and subregion, its rings."""

    iso3: str
    name: str
    subregion: str
    rings: tuple[np.ndarray, ...]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(lon_min, lat_min, lon_max, lat_max) of all rings."""
        points = np.concatenate(self.rings)
        low, high = points.min(axis=0), points.max(axis=0)
        return float(low[0]), float(low[1]), float(high[0]), float(high[1])

    def path(self) -> Path:
        """One compound path of every ring (holes included), in longitude/latitude."""
        return Path.make_compound_path(*(Path(ring, closed=True) for ring in self.rings))

    def area_deg2(self) -> float:
        """Signed-ring (shoelace) area in square degrees, exteriors minus holes; used by the
        tests to compare copies of the data, not a geodesic area."""
        total = 0.0
        for ring in self.rings:
            x, y = ring[:, 0], ring[:, 1]
            total += 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
        return abs(total)

    def anchor(self) -> tuple[float, float]:
        """The centre of the unit's largest ring's bounding box: where a marker or a label
        for the unit goes."""
        largest = max(self.rings, key=lambda r: np.ptp(r[:, 0]) * np.ptp(r[:, 1]))
        low, high = largest.min(axis=0), largest.max(axis=0)
        return float((low[0] + high[0]) / 2), float((low[1] + high[1]) / 2)


@dataclass(frozen=True)
class Boundaries:
    """Map units by ISO3."""

    units: Mapping[str, MapUnit]

    def __contains__(self, iso3: object) -> bool:
        return iso3 in self.units

    def __getitem__(self, iso3: str) -> MapUnit:
        try:
            return self.units[iso3]
        except KeyError:
            raise ContractError(
                f"no map unit {iso3!r} in {DATA_FILE}; the units of the Americas are "
                f"{', '.join(sorted(self.units))}"
            ) from None

    def bounds(self, codes: Iterable[str]) -> tuple[float, float, float, float]:
        """The bounding box of the units ``codes`` together."""
        boxes = np.array([self[c].bounds for c in codes])
        return (
            float(boxes[:, 0].min()),
            float(boxes[:, 1].min()),
            float(boxes[:, 2].max()),
            float(boxes[:, 3].max()),
        )


def _rings(geometry: Mapping[str, Any]) -> list[np.ndarray]:
    kind = geometry["type"]
    polygons = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
    if kind not in ("Polygon", "MultiPolygon"):
        raise ContractError(f"{DATA_FILE}: geometry {kind!r} is not a polygon")
    return [np.asarray(ring, dtype=float)[:, :2] for polygon in polygons for ring in polygon]


def parse_boundaries(collection: Mapping[str, Any]) -> Boundaries:
    """Map units from a GeoJSON FeatureCollection of Natural Earth map units."""
    rings: dict[str, list[np.ndarray]] = {}
    names: dict[str, tuple[str, str]] = {}
    for feature in collection["features"]:
        properties = feature["properties"]
        key = str(properties.get("iso_a3") or properties["adm0_a3"])
        rings.setdefault(key, []).extend(_rings(feature["geometry"]))
        names.setdefault(key, (str(properties["admin"]), str(properties.get("subregion", ""))))
    units = {
        key: MapUnit(key, names[key][0], names[key][1], tuple(found))
        for key, found in rings.items()
    }
    return Boundaries(MappingProxyType(units))


@lru_cache(maxsize=1)
def load_boundaries() -> Boundaries:
    """The shipped map units (read once per process, from the package's own data)."""
    text = resources.files("evidence.display.geo").joinpath(DATA_FILE).read_text("utf-8")
    return parse_boundaries(json.loads(text))
