"""Routes between Wi-Fi sites: transitions read by eye on hand-made tables, and the DuckDB
path against the pandas reference (tests/movement/wifi_reference.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.errors import OptionError
from evidence.indicators.publish import check_results
from evidence.movement.routes import device_routes, site_routes
from tests.movement import wifi_reference
from tests.movement.wifi_frames import HAND_MADE, random_sessions, sessions


def test_hand_made_transition_read_by_eye() -> None:
    result = site_routes(sessions(HAND_MADE))
    # Only a changes site: S001 (last session ends day 1 09:30) -> S002 (day 2 10:00).
    table = result.to_frame()
    assert table[["origin_site", "destination_site", "transitions", "devices"]].values.tolist() == [
        ["COL-S001", "COL-S002", 1, 1]
    ]
    assert table["median_hours"].tolist() == [pytest.approx(24.5)]
    assert (result.devices_moving, result.devices) == (1, 3)
    assert result.origins["share_to_other_country"].tolist() == [0.0]
    assert result.routes[["route", "stays", "devices"]].values.tolist() == [
        ["COL-S001 > COL-S002", 2, 1]
    ]


def test_crossing_into_another_country_and_back() -> None:
    rows = [
        ("d", "COL-S001", "2023-12-01 08:00", "2023-12-01 08:03", "express"),
        ("d", "ECU-S001", "2023-12-03 08:00", "2023-12-03 08:03", "express"),
        ("d", "COL-S001", "2023-12-04 20:00", "2023-12-04 20:03", "express"),
        ("e", "COL-S001", "2023-12-01 09:00", "2023-12-01 09:03", "express"),
        ("e", "COL-S002", "2023-12-01 21:00", "2023-12-01 21:03", "express"),
    ]
    result = site_routes(sessions(rows))
    origins = result.origins.set_index("origin_site")
    # From COL-S001: d to Ecuador, e to COL-S002: half cross; from ECU-S001 d comes back.
    assert origins.loc["COL-S001", "departures"] == 2
    assert origins.loc["COL-S001", "share_to_other_country"] == pytest.approx(0.5)
    assert origins.loc["ECU-S001", "share_to_other_country"] == pytest.approx(1.0)
    pair = result.transitions.set_index(["origin_site", "destination_site"])
    assert pair.loc[("COL-S001", "ECU-S001"), "median_hours"] == pytest.approx(47.95)
    assert pair.loc[("COL-S001", "COL-S002"), "median_hours"] == pytest.approx(11.95)
    routes = device_routes(sessions(rows)).set_index("route")
    assert routes.loc["COL-S001 > ECU-S001 > COL-S001", "stays"] == 3
    assert result.od_matrix().loc["COL-S001", "ECU-S001"] == 1
    with pytest.raises(OptionError):
        result.od_matrix("people")


@pytest.mark.parametrize("seed", [0, 5])
def test_duckdb_equals_pandas_reference(seed: int) -> None:
    frame = random_sessions(seed)
    ours = site_routes(frame).to_frame()
    reference = wifi_reference.transitions(frame)
    keys = ["origin_site", "origin_country", "destination_site", "destination_country"]
    merged = ours.merge(reference, on=keys, validate="1:1")
    assert len(merged) == len(ours) == len(reference) > 10
    assert (merged["transitions_x"] == merged["transitions_y"]).all()
    assert (merged["devices_x"] == merged["devices_y"]).all()
    np.testing.assert_allclose(merged["median_hours_x"], merged["median_hours_y"], rtol=1e-9)


def test_no_moves_gives_empty_tables() -> None:
    one_site = sessions([r for r in HAND_MADE if r[1] == "COL-S001"])
    result = site_routes(one_site)
    assert result.to_frame().empty and result.origins.empty and result.devices_moving == 0
    assert isinstance(result.summary(), str)
    assert len(pd.DataFrame(device_routes(one_site))) == 2


def test_results_rows_of_routes() -> None:
    rows = [
        ("d", "COL-S001", "2023-12-01 08:00", "2023-12-01 08:03", "express"),
        ("d", "ECU-S001", "2023-12-03 08:00", "2023-12-03 08:03", "express"),
        ("e", "COL-S001", "2023-12-01 09:00", "2023-12-01 09:03", "express"),
        ("e", "COL-S002", "2023-12-01 21:00", "2023-12-01 21:03", "express"),
    ]
    published = site_routes(sessions(rows)).to_results("COL", "2023-12")
    check_results(published)
    results = published.set_index("analysis_key")
    assert list(results.reset_index().columns)[-2:] == ["unit", "numerator"]
    share = results.loc["wifi_share_to_other_country @/@ site %/% COL-S001"]
    assert (share["estimate"], share["n"], share["numerator"]) == (0.5, 2, 1)
    pair = results.loc["wifi_site_transitions @/@ route %/% COL-S001 > ECU-S001"]
    assert (pair["estimate"], pair["unit"]) == (1.0, "count")
    assert set(results["country"]) == {"COL"}
