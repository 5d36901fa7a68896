"""Haversine distance and the services near monitoring points.

Reference distances are worked by hand on the sphere of radius R = 6371.0088 km: one degree
of arc on the equator is R·π/180 = 111.19508 km, a quarter meridian R·π/2 = 10007.557 km,
half the equator R·π = 20015.115 km; other pairs are checked against the spherical law of
cosines, another formula for the same great-circle angle. Tolerance 1e-3 km.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.disclosure import DisclosureOptions
from evidence.errors import OptionError
from evidence.indicators.publish import publish
from evidence.movement.distance import EARTH_RADIUS_KM, haversine_km
from evidence.movement.services_near import services_near_sites
from evidence.synth import synthesize_country


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((0.0, 0.0), (0.0, 0.0), 0.0),
        ((0.0, 0.0), (0.0, 1.0), 111.19508),
        ((0.0, 0.0), (1.0, 0.0), 111.19508),
        ((0.0, 0.0), (90.0, 0.0), 10007.557),
        ((0.0, 0.0), (0.0, 180.0), 20015.115),
        ((0.0, -179.5), (0.0, 179.5), 111.19508),  # across the antimeridian
    ],
)
def test_hand_checked_distances(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert float(haversine_km(*a, *b)) == pytest.approx(km, abs=1e-3)


def law_of_cosines_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(
        math.radians(lon2 - lon1)
    )
    return EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, c)))


def test_bogota_to_cucuta_agrees_with_the_law_of_cosines() -> None:
    bogota, cucuta = (4.711, -74.0721), (7.8939, -72.5078)
    km = float(haversine_km(*bogota, *cucuta))
    assert km == pytest.approx(law_of_cosines_km(*bogota, *cucuta), abs=1e-3)
    assert 390 < km < 400  # the straight-line distance between the two cities


lat = st.floats(-60, 35)
lon = st.floats(-120, -30)


@settings(max_examples=200, deadline=None)
@given(lat, lon, lat, lon, lat, lon)
def test_metric_properties(
    a1: float, o1: float, a2: float, o2: float, a3: float, o3: float
) -> None:
    ab, ba = float(haversine_km(a1, o1, a2, o2)), float(haversine_km(a2, o2, a1, o1))
    assert ab == pytest.approx(ba, abs=1e-9) and ab >= 0
    ac, cb = float(haversine_km(a1, o1, a3, o3)), float(haversine_km(a3, o3, a2, o2))
    assert ab <= ac + cb + 1e-6
    if abs(a1 - a2) > 1e-3 or abs(o1 - o2) > 1e-3:
        assert ab == pytest.approx(law_of_cosines_km(a1, o1, a2, o2), rel=1e-6, abs=1e-3)


def test_arrays_broadcast() -> None:
    out = haversine_km(np.zeros((2, 1)), np.zeros((2, 1)), np.zeros((1, 3)), np.arange(3.0))
    assert out.shape == (2, 3)
    assert out[0, 1] == pytest.approx(111.19508, abs=1e-3)


def small_registries() -> tuple[pd.DataFrame, pd.DataFrame]:
    sites = pd.DataFrame(
        {
            "site_id": ["XXX-S001", "XXX-S002"],
            "site_name": ["A", "B"],
            "latitude": [0.0, 0.0],
            "longitude": [0.0, 1.0],
        }
    )
    services = pd.DataFrame(
        {
            "service_id": ["XXX-P001", "XXX-P002", "XXX-P003", "XXX-P004"],
            "service_name": ["near A", "near B", "closed at A", "health far"],
            "service_type": ["legal_orientation", "legal_orientation", "shelter", "health"],
            "latitude": [0.05, 0.0, 0.0, 0.5],
            "longitude": [0.0, 0.9, 0.0, 0.5],
            "status": ["open", "open", "closed", "open"],
        }
    )
    return sites, services


def test_nearest_of_each_type_within_the_radius() -> None:
    sites, services = small_registries()
    before = (sites.copy(), services.copy())
    near = services_near_sites(sites, services, radius_km=15)
    pd.testing.assert_frame_equal(sites, before[0])
    pd.testing.assert_frame_equal(services, before[1])
    frame = near.to_frame().set_index(["site_id", "service_type"])
    legal_a = frame.loc[("XXX-S001", "legal_orientation")]
    assert legal_a["service_id"] == "XXX-P001"
    assert legal_a["distance_km"] == pytest.approx(0.05 * 111.19508, abs=1e-3)
    assert frame.loc[("XXX-S002", "legal_orientation"), "service_id"] == "XXX-P002"
    # The only shelter is closed: no nearest shelter, not a distance of zero.
    assert np.isnan(frame.loc[("XXX-S001", "shelter"), "distance_km"])
    within = near.within().set_index("service_type")["sites_within"]
    assert within["legal_orientation"] == 2 and within["health"] == 0 and within["shelter"] == 0
    assert near.n_services == 3 and near.n_sites == 2


def test_rows_are_published_with_the_distance_and_the_counts() -> None:
    sites, services = small_registries()
    # Three open points, two sites: under the default minimum count every row is withheld.
    raw = services_near_sites(sites, services, radius_km=15).to_results("COL", "2023-12")
    assert publish(raw)["estimate"].isna().all()
    rows = publish(raw, DisclosureOptions(min_count=2))
    by_key = rows.set_index("analysis_key")
    near = by_key.loc[by_key.index.str.contains("XXX-S001 x legal_orientation")]
    assert near["estimate"].iloc[0] == pytest.approx(5.6, abs=1e-9)  # 5.56 km, one decimal
    assert (rows["ci_method"] == "none").all() and rows["se"].isna().all()
    counts = rows[rows["indicator"] == "total_sites_service_within_radius"]
    assert counts.set_index("level").loc["legal_orientation", "estimate"] == 2


def test_radius_must_be_positive() -> None:
    sites, services = small_registries()
    with pytest.raises(OptionError):
        services_near_sites(sites, services, radius_km=0)


@pytest.mark.parametrize("seed", [0, 7])
def test_synthetic_border_points_have_the_basic_services_close(seed: int) -> None:
    data = synthesize_country("COL", "2023-12", seed, datasets=("sites", "services"))
    near = services_near_sites(data["sites"], data["services"]).to_frame()
    border = set(data["sites"].loc[data["sites"]["site_type"] == "border", "site_id"])
    legal = near[(near["service_type"] == "health") & near["site_id"].isin(border)]
    # Planted: every border place has health, legal orientation, documentation and shelter
    # (the one open health point of a border place may have closed: most are near).
    assert legal["within_radius"].mean() > 0.5
