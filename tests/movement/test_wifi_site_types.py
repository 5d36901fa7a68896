"""Wi-Fi by site type in DuckDB (evidence.movement.wifi_site_types), checked on the hand-made
sessions read by eye (tests/movement/wifi_frames.py) and on random ones against pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.indicators.publish import check_results
from evidence.movement.wifi_scan import curated_sessions
from evidence.movement.wifi_site_types import wifi_by_site_type
from tests.movement.wifi_frames import HAND_MADE, random_sessions, sessions, write_curated


def registry(types: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"site_id": list(types), "site_type": list(types.values())})


def test_hand_made_by_eye() -> None:
    # S001 and S003 are borders: device a at both counts once; S002 a shelter.
    rows = [*HAND_MADE, ("a", "COL-S003", "2023-12-03 07:00", "2023-12-03 07:03", "express")]
    frame = sessions(rows)
    before = frame.copy()
    types = registry({"COL-S001": "border", "COL-S002": "shelter", "COL-S003": "border"})
    table = wifi_by_site_type(frame, types).to_frame().set_index("site_type")
    pd.testing.assert_frame_equal(frame, before)
    border, shelter = table.loc["border"], table.loc["shelter"]
    # border: a 3, a 30, b 3, b 60, a 3 minutes -> median 3; devices a, b
    assert (border["sessions"], border["devices"], border["express_sessions"]) == (5, 2, 3)
    assert border["minutes_median"] == pytest.approx(3.0)
    # shelter: a 3, c 3 -> devices a, c
    assert (shelter["sessions"], shelter["devices"], shelter["express_sessions"]) == (2, 2, 2)
    assert (table["new_devices"] == table["devices"]).all()  # nothing read before
    rows_out = wifi_by_site_type(frame, types).to_results("COL", "2023-12")
    check_results(rows_out)
    share = rows_out.set_index(["indicator", "level"])["estimate"]
    assert share[("share_wifi_sessions_express", "border")] == pytest.approx(3 / 5)
    assert share[("share_wifi_devices_new", "shelter")] == 1.0


def test_sites_missing_from_the_registry_are_unknown() -> None:
    table = wifi_by_site_type(sessions(HAND_MADE), registry({"COL-S001": "border"})).to_frame()
    assert set(table["site_type"]) == {"border", "unknown"}


@pytest.mark.parametrize("seed", [1, 7])
def test_random_sessions_against_pandas(seed: int, tmp_path) -> None:  # type: ignore[no-untyped-def]
    frame = random_sessions(seed)
    earlier = random_sessions(seed + 100, n=60, period="2023-11")
    write_curated(pd.concat([earlier, frame], ignore_index=True), tmp_path)
    types = registry({"COL-S001": "border", "COL-S002": "border", "COL-S003": "shelter",
                      "ECU-S001": "border", "ECU-S002": "terminal"})  # fmt: skip
    got = wifi_by_site_type(curated_sessions(["2023-12"], None, tmp_path), types).to_frame()
    frame = frame.assign(
        country=frame["site_id"].str[:3],
        site_type=frame["site_id"].map(types.set_index("site_id")["site_type"]),
        minutes=(frame["end_time"] - frame["start_time"]).dt.total_seconds() / 60,
    )
    seen = set(earlier["device_id"])
    for (country, kind), cell in frame.groupby(["country", "site_type"]):
        row = got[(got["country"] == country) & (got["site_type"] == kind)].iloc[0]
        devices = set(cell["device_id"])
        assert row["sessions"] == len(cell)
        assert row["devices"] == len(devices)
        assert row["returning_devices"] == len(devices & seen)
        assert row["express_sessions"] == (cell["connection_type"] == "express").sum()
        assert row["minutes_median"] == pytest.approx(np.median(cell["minutes"]), abs=1e-6)
