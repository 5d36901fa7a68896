"""Services tables read published rows only: every number shown is a published estimate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.display import services as services_display
from evidence.indicators.publish import publish
from evidence.integration import migrants_by_area, service_points_by_area
from evidence.movement.services_near import services_near_sites
from evidence.synth import synthesize_country

PERIOD = "2023-12"


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return synthesize_country(
        "COL", PERIOD, 0, scale=0.3, datasets=("sites", "services", "integration_survey")
    )


def published_estimates(rows: pd.DataFrame) -> set[float]:
    return {round(float(v), 9) for v in rows["estimate"].dropna()} | {
        round(float(v), 9) for v in rows["n"].dropna()
    }


def test_coverage_table_and_areas_without_services(data: dict[str, pd.DataFrame]) -> None:
    survey = data["integration_survey"]
    migrants = publish(
        migrants_by_area(survey, country="COL", period=PERIOD).to_results("COL", PERIOD)
    )
    services = publish(
        service_points_by_area(data["services"], areas=survey["admin1"]).to_results("COL", PERIOD)
    )
    table = services_display.coverage_for_display(services, migrants, "es")
    shares = table["Hogares migrantes"]
    assert shares.is_monotonic_decreasing  # largest migrant share first
    allowed = published_estimates(pd.concat([migrants, services]))
    for column in table.columns[1:]:
        assert {round(float(v), 9) for v in table[column].dropna()} <= allowed, column
    assert table.attrs["units"]["Hogares migrantes"] == "proportion"
    # The households the shares are of: the published n of the shares.
    from evidence.display.readers import reader_notes

    n = migrants.loc[migrants["indicator"] == "prop_migrants_admin1", "n"].max()
    assert table.attrs["sample_sizes"] == [("Hogares migrantes", float(n))]
    assert reader_notes(table, "es")[0].startswith("n (hogares encuestados): Hogares migrantes")
    without = services_display.areas_without_for_display(services, migrants, "en")
    gbv = without.set_index("Type of service").loc["Gender-based violence response"].iloc[0]
    # Planted: GBV response only in the two largest admin1 units; Antioquia has migrants.
    assert "Antioquia" in gbv and "Bogotá, D.C." not in gbv
    assert services_display.areas_without_key(migrants) == "services.without.none"
    partly = migrants.assign(estimate=migrants["estimate"].where(migrants.index > 0))
    assert services_display.areas_without_key(partly) == "services.without.partial"
    withheld = migrants.assign(estimate=np.nan)
    assert services_display.areas_without_key(withheld) == "services.without.unknown"
    assert services_display.areas_without_for_display(services, withheld, "en").empty
    households = services_display.n_migrant_households(migrants)
    assert households == (survey["group"] == "migrant").sum()


def test_nearest_and_within_tables(data: dict[str, pd.DataFrame]) -> None:
    near = services_near_sites(data["sites"], data["services"], radius_km=25)
    rows = publish(near.to_results("COL", PERIOD))
    table = services_display.nearest_for_display(rows, data["sites"], "pt")
    assert len(table) == len(data["sites"])
    assert set(table.iloc[:, 0]) == set(data["sites"]["site_name"])
    allowed = published_estimates(rows)
    for column in table.columns[1:]:
        assert {round(float(v), 9) for v in table[column].dropna()} <= allowed
    within = services_display.within_for_display(rows, "en", radius_km=near.radius_km)
    assert "Points with one within 25 km" in within.columns
    assert (within["Monitoring points"] == len(data["sites"])).all()
    assert services_display.n_service_points(rows) == near.n_services


def test_map_frame_has_open_points_with_coordinates(data: dict[str, pd.DataFrame]) -> None:
    before = data["services"].copy()
    frame = services_display.services_for_map(data["services"], "es")
    pd.testing.assert_frame_equal(data["services"], before)
    assert len(frame) == (data["services"]["status"] == "open").sum()
    assert np.isfinite(frame[["longitude", "latitude"]].to_numpy()).all()
    assert (frame["lon"] == frame["longitude"]).all() and (frame["lat"] == frame["latitude"]).all()
    # one legend label per service type, from the catalogue (short names)
    pairs = frame[["service_type", "label"]].drop_duplicates()
    assert pairs["label"].is_unique and len(pairs) == frame["service_type"].nunique()
    assert "Servicio: VBG" in set(frame["label"]) or "gbv_response" not in set(
        frame["service_type"]
    )
