"""The shipped Natural Earth boundaries (evidence.display.geo): the 17 response countries and
Venezuela with valid polygons, its citation beside it and in the package data, the same
geometry as the shared reference file, and the projection's arithmetic."""

from __future__ import annotations

import json
import math
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from evidence.countries import COUNTRIES
from evidence.display.geo import (
    CITATION,
    DATA_FILE,
    MapExtent,
    extent_around,
    load_boundaries,
    nice_length,
)
from evidence.display.geo.boundaries import parse_boundaries
from evidence.errors import ContractError

ROOT = Path(__file__).resolve().parents[2]
MAPPED = [c.iso3 for c in COUNTRIES] + ["VEN"]


def test_the_17_countries_and_venezuela_have_valid_polygons() -> None:
    geo = load_boundaries()
    assert len(MAPPED) == 18
    for code in MAPPED:
        unit = geo[code]
        assert unit.rings, code
        for ring in unit.rings:
            assert ring.shape[1] == 2 and len(ring) >= 4, code
            assert np.isfinite(ring).all(), code
            assert np.allclose(ring[0], ring[-1]), f"{code}: ring not closed"
            assert (ring[:, 0] >= -180).all() and (ring[:, 0] <= 180).all()
            assert (ring[:, 1] >= -90).all() and (ring[:, 1] <= 90).all()
        assert unit.area_deg2() > 0, code
        west, south, east, north = unit.bounds
        assert -120 < west < east < -30 and -60 < south < north < 35, code
    # the small islands the regional map must show are there, and small
    assert geo["ABW"].area_deg2() < 0.05 and geo["TTO"].area_deg2() < 0.5
    assert geo["BRA"].area_deg2() > 600  # about 8.5 million km² at ~ 12,300 km² per deg²


def test_known_places_fall_inside_their_country() -> None:
    """Bogotá in Colombia, Caracas in Venezuela, Port of Spain in Trinidad and Tobago."""
    geo = load_boundaries()
    for code, (lon, lat) in {
        "COL": (-74.08, 4.61),
        "VEN": (-66.90, 10.48),
        "TTO": (-61.51, 10.65),
        "BRA": (-47.88, -15.79),
    }.items():
        assert geo[code].path().contains_point((lon, lat)), code
        assert not geo["PER"].path().contains_point((lon, lat))


def test_unknown_unit_says_which_exist() -> None:
    with pytest.raises(ContractError, match="units of the Americas are"):
        load_boundaries()["ESP"]


def test_citation_beside_the_data_and_shipped_as_package_data() -> None:
    folder = resources.files("evidence.display.geo")
    assert folder.joinpath(DATA_FILE).is_file()
    citation = folder.joinpath("CITATION.md").read_text("utf-8")
    assert "Natural Earth" in CITATION and "1:50m" in CITATION and "public domain" in CITATION
    assert "Natural Earth, 1:50m Cultural Vectors" in citation
    assert "public domain" in citation and "naturalearthdata.com" in citation
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["evidence.display.geo"]
    assert "*.geojson" in patterns and "CITATION.md" in patterns


def test_shipped_copy_matches_the_reference(shared_reference: Path) -> None:
    """Areas (shoelace, square degrees) within 1e-9 relative and bounds within 1e-9 degrees
    of ../shared/reference/ne_50m_map_units_americas.geojson, unit by unit."""
    reference = parse_boundaries(
        json.loads((shared_reference / "ne_50m_map_units_americas.geojson").read_text("utf-8"))
    )
    shipped = load_boundaries()
    assert set(shipped.units) == set(reference.units)
    assert len(shipped.units) >= 50
    for code, unit in reference.units.items():
        mine = shipped[code]
        assert math.isclose(mine.area_deg2(), unit.area_deg2(), rel_tol=1e-9), code
        assert np.allclose(mine.bounds, unit.bounds, atol=1e-9), code
    # the citation file records the same checksum as the reference file
    import hashlib

    digest = hashlib.sha256(
        (shared_reference / "ne_50m_map_units_americas.geojson").read_bytes()
    ).hexdigest()
    assert digest in resources.files("evidence.display.geo").joinpath("CITATION.md").read_text(
        "utf-8"
    )


@pytest.mark.parametrize(
    ("limit", "expected"), [(7.3, 5.0), (10.0, 10.0), (199.0, 100.0), (0.42, 0.2), (2.0, 2.0)]
)
def test_nice_length(limit: float, expected: float) -> None:
    assert nice_length(limit) == pytest.approx(expected)


def test_nice_length_needs_a_positive_limit() -> None:
    with pytest.raises(ValueError, match="positive"):
        nice_length(0.0)


def test_extent_pads_and_keeps_a_minimum_span() -> None:
    small = extent_around([(-70.06, 12.41, -69.87, 12.63)], pad=0.05, min_span=1.0)
    assert small.lon_max - small.lon_min == pytest.approx(1.0)
    assert small.lat_max - small.lat_min == pytest.approx(1.0)
    assert small.lon_min < -70.06 and small.lat_max > 12.63
    wide = extent_around([(-80.0, -5.0, -66.0, 13.0)], pad=0.1)
    assert wide.lon_min == pytest.approx(-81.4) and wide.lat_max == pytest.approx(14.8)


def test_projection_is_true_to_scale_at_the_central_latitude() -> None:
    extent = MapExtent(-80.0, 50.0, -70.0, 70.0)
    assert extent.central_latitude == 60.0
    assert extent.aspect == pytest.approx(2.0)
    assert extent.km_per_degree_lon == pytest.approx(111.32 / 2)
    assert extent.height_over_width() == pytest.approx(20 * 2.0 / 10)
