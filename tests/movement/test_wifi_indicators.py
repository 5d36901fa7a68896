"""Wi-Fi indicators in DuckDB: definitions checked by eye on a hand-made table, the DuckDB
path against the plain pandas reference (tests/movement/wifi_reference.py), history across
curated partitions, and the results rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.errors import DataNotFoundError, OptionError
from evidence.indicators.publish import check_results
from evidence.movement.wifi_indicators import wifi_indicators
from evidence.movement.wifi_scan import connect, curated_sessions
from tests.movement import wifi_reference
from tests.movement.wifi_frames import HAND_MADE, random_sessions, sessions, write_curated


def site_day(table: pd.DataFrame, site: str, day: str) -> pd.Series:
    rows = table[(table["site_id"] == site) & (table["date"] == pd.Timestamp(day))]
    assert len(rows) == 1
    return rows.iloc[0]


def test_hand_made_site_days_read_by_eye() -> None:
    result = wifi_indicators(sessions(HAND_MADE))
    first = site_day(result.site_day, "COL-S001", "2023-12-01")
    # a (twice) and b: 3 sessions, 2 devices both new, 2 express of 3.
    assert (first["sessions"], first["devices"], first["new_devices"]) == (3, 2, 2)
    assert first["returning_devices"] == 0
    assert first["express_share"] == pytest.approx(2 / 3)
    assert first["sessions_per_device"] == pytest.approx(1.5)
    # Minutes 3, 3, 30: type-7 quantiles 3, 3, 3, 16.5, 24.6; busiest hour 8 (two sessions).
    assert first[["minutes_p10", "minutes_p25", "minutes_p50"]].tolist() == [3, 3, 3]
    assert first["minutes_p75"] == pytest.approx(16.5)
    assert first["minutes_p90"] == pytest.approx(24.6)
    assert (first["peak_hour"], first["peak_hour_sessions"]) == (8, 2)
    # b comes back on day 2: returning.
    back = site_day(result.site_day, "COL-S001", "2023-12-02")
    assert (back["devices"], back["returning_devices"], back["new_devices"]) == (1, 1, 0)
    # At S002 on day 2: a (seen at S001 the day before) returns, c is new.
    other = site_day(result.site_day, "COL-S002", "2023-12-02")
    assert (other["devices"], other["returning_devices"], other["new_devices"]) == (2, 1, 1)
    # Over the period every device is new (nothing read before December).
    total = result.country_period.iloc[0]
    assert (total["sessions"], total["devices"], total["new_devices"]) == (6, 3, 3)


def test_hand_made_pages_and_hours() -> None:
    result = wifi_indicators(sessions(HAND_MADE))
    pages = result.pages[
        (result.pages["site_id"] == "COL-S001") & (result.pages["date"] == "2023-12-01")
    ].set_index("page")
    assert pages.loc["maps", "sessions"] == 3
    assert pages.loc["r4v_info", "sessions"] == 1
    assert pages.loc["r4v_info", "share"] == pytest.approx(1 / 3)
    hours = result.hours.set_index(["site_id", "hour"])["sessions"]
    assert hours[("COL-S001", 8)] == 2
    assert hours.sum() == 6


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_duckdb_equals_pandas_reference(seed: int) -> None:
    frame = random_sessions(seed)
    before = frame.copy()
    result = wifi_indicators(frame)
    pd.testing.assert_frame_equal(frame, before)  # the input is not touched
    tables = {
        ("country", "period", "site_id", "date"): result.site_day,
        ("country", "period", "site_id"): result.site_period,
        ("country", "period"): result.country_period,
    }
    for keys, ours in tables.items():
        reference = wifi_reference.indicators(frame, list(keys))
        merged = ours.merge(reference, on=list(keys), suffixes=("", "_ref"), validate="1:1")
        assert len(merged) == len(ours) == len(reference)
        for column in reference.columns.difference(list(keys)):
            np.testing.assert_allclose(
                merged[column].astype(float), merged[f"{column}_ref"].astype(float), rtol=1e-12
            )
    reference_pages = wifi_reference.pages(frame, ["country", "period", "site_id", "date"])
    merged = result.pages.merge(
        reference_pages, on=["country", "period", "site_id", "date", "page"], validate="1:1"
    )
    assert len(merged) == len(reference_pages) == len(result.pages)
    assert (merged["sessions_x"] == merged["sessions_y"]).all()


def test_returning_devices_look_back_at_earlier_partitions(tmp_path: Path) -> None:
    rows = [
        ("a", "COL-S001", "2023-11-20 08:00", "2023-11-20 08:03", "express"),
        ("a", "COL-S001", "2023-12-01 08:00", "2023-12-01 08:03", "express"),
        ("b", "COL-S001", "2023-12-01 09:00", "2023-12-01 09:03", "express"),
    ]
    write_curated(sessions(rows), tmp_path)
    december = wifi_indicators(curated_sessions("2023-12", root=tmp_path))
    day = site_day(december.site_day, "COL-S001", "2023-12-01")
    assert (day["devices"], day["returning_devices"]) == (2, 1)  # a was seen in November
    assert december.country_period["returning_devices"].tolist() == [1]
    alone = wifi_indicators(curated_sessions("2023-12", root=tmp_path, history=False))
    assert alone.country_period["returning_devices"].tolist() == [0]
    both = wifi_indicators(curated_sessions(["2023-11", "2023-12"], root=tmp_path))
    assert both.country_period.set_index("period")["returning_devices"].to_dict() == {
        "2023-11": 0,
        "2023-12": 1,
    }


def test_curated_path_equals_frame_path(tmp_path: Path) -> None:
    frame = pd.concat([random_sessions(3), random_sessions(4, period="2024-01")])
    write_curated(frame, tmp_path)
    from_disk = wifi_indicators(
        curated_sessions(["2023-12", "2024-01"], root=tmp_path), memory_limit="200MB", threads=1
    )
    in_memory = wifi_indicators(frame)
    pd.testing.assert_frame_equal(from_disk.site_day, in_memory.site_day)
    pd.testing.assert_frame_equal(from_disk.country_period, in_memory.country_period)
    only_ecu = wifi_indicators(curated_sessions("2024-01", "ECU", root=tmp_path))
    assert set(only_ecu.site_day["country"]) == {"ECU"}


def test_results_rows_follow_the_contract() -> None:
    rows = wifi_indicators(sessions(HAND_MADE)).to_results("COL", "2023-12")
    check_results(rows)  # the results contract of the one publication path
    assert list(rows.columns)[-2:] == ["unit", "numerator"]
    assert rows["analysis_key"].is_unique
    total = rows[rows["disaggregation"] == "total"].set_index("indicator")
    assert total.loc["wifi_devices", "estimate"] == 3
    assert total.loc["wifi_devices", "numerator"] == 3
    assert total.loc["wifi_express_share", "unit"] == "proportion"
    assert total.loc["wifi_express_share", "numerator"] == 4
    assert total.loc["wifi_express_share", "n"] == 6
    # Shares of every Wi-Fi log have no sampling error: indicative, as by site type.
    shares = rows[rows["unit"] == "proportion"]
    assert (shares["flags"] == "indicative").all()
    assert (rows.loc[rows["unit"] != "proportion", "flags"] == "").all()
    site = rows[(rows["level"] == "COL-S002") & (rows["indicator"] == "wifi_sessions")]
    assert site["estimate"].tolist() == [2.0]
    assert rows["indicator"].str.fullmatch(r"[a-z][a-z0-9_]*").all()


def test_options_and_missing_data(tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="memory_limit"):
        connect("lots")
    with pytest.raises(OptionError, match="threads"):
        connect("1GB", threads=0)
    with pytest.raises(DataNotFoundError, match="evidence ingest"):
        curated_sessions("2023-12", root=tmp_path)
    write_curated(sessions(HAND_MADE), tmp_path)
    with pytest.raises(DataNotFoundError, match="no curated wifi_sessions"):
        wifi_indicators(curated_sessions("2023-12", "PER", root=tmp_path))
