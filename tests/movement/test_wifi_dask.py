"""The per-country DuckDB indicators on a Dask LocalCluster equal the same run here."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evidence.movement.wifi_dask import wifi_indicators_by_country
from tests.movement.wifi_frames import random_sessions, write_curated


def test_per_country_tasks_on_a_local_cluster(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    write_curated(pd.concat([random_sessions(1), random_sessions(2, period="2024-01")]), tmp_path)
    here = wifi_indicators_by_country(["2023-12", "2024-01"], ["COL", "ECU"], tmp_path)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = wifi_indicators_by_country(
            ["2023-12", "2024-01"], ["COL", "ECU"], tmp_path, client=client, memory_limit="256MB"
        )
    assert set(remote) == {"COL", "ECU"}
    for country in ("COL", "ECU"):
        pd.testing.assert_frame_equal(remote[country].site_day, here[country].site_day)
        assert set(remote[country].site_day["country"]) == {country}
    assert (here["COL"].country_period["period"] == ["2023-12", "2024-01"]).all()
