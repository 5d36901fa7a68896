"""Flows by day and by site, and the half-month trend, against hand computation."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.errors import ContractError, OptionError
from evidence.movement import flow_trend, flows_by_day, flows_by_site
from tests.movement.flow_frames import counts

ROWS = [
    ("COL-S001", "2023-12-01", 10, 5, 5),
    ("COL-S001", "2023-12-02", 20, 5, 5),
    ("COL-S001", "2023-12-04", 30, 10, 0),
    ("COL-S002", "2023-12-01", 1, 1, 0),
    ("COL-S002", "2023-12-02", 50, 25, 25),
]


def test_flows_by_day_total_and_rolling_mean() -> None:
    table = flows_by_day(counts(ROWS), window=3).to_frame()
    assert table["date"].dt.day.tolist() == [1, 2, 4]
    assert table["total"].tolist() == [22, 130, 40]
    assert table["sites_reporting"].tolist() == [2, 2, 1]
    # Trailing 3 calendar days: day 4 covers days 2-4 (day 3 not counted, not a zero).
    assert table["total_rolling_mean"].tolist() == pytest.approx([22, 76, 85])


def test_flows_by_day_per_site_withholds_small_counts() -> None:
    table = flows_by_day(counts(ROWS), by="site").to_frame()
    small = table[(table["site_id"] == "COL-S002") & (table["date"].dt.day == 1)].iloc[0]
    assert pd.isna(small["total"]) and pd.isna(small["entries"]) and small["suppressed"]
    assert pd.isna(small["total_rolling_mean"])
    assert small["transit"] == 0  # zeros are published
    kept = table[(table["site_id"] == "COL-S001") & (table["date"].dt.day == 4)].iloc[0]
    assert kept["total"] == 40
    assert kept["total_rolling_mean"] == pytest.approx((20 + 30 + 40) / 3)


def test_flows_by_site_with_registry() -> None:
    sites = pd.DataFrame(
        {
            "site_id": ["COL-S001", "COL-S002"],
            "site_name": ["Puente", "Terminal"],
            "site_type": ["border", "terminal"],
            "admin1": ["Norte de Santander", "Nariño"],
        }
    )
    table = flows_by_site(counts(ROWS), sites).to_frame()
    assert table["site_id"].tolist() == ["COL-S002", "COL-S001"]  # busiest first
    first = table.iloc[0]
    assert first["site_name"] == "Terminal" and first["total"] == 102
    assert first["days_counted"] == 2 and first["mean_per_day"] == pytest.approx(51)
    assert table["share_of_total"].sum() == pytest.approx(1)
    assert first["share_of_total"] == pytest.approx(102 / 192)


def test_flow_trend_halves() -> None:
    rows = [("COL-S001", f"2023-12-{d:02d}", 10, 0, 0) for d in range(1, 16)]
    rows += [("COL-S001", f"2023-12-{d:02d}", 15, 0, 0) for d in range(16, 32)]
    rows += [("COL-S002", "2023-12-03", 8, 0, 0), ("COL-S002", "2023-12-20", 8, 0, 0)]
    table = flow_trend(counts(rows), by="site").to_frame()
    site1 = table[(table["scope"] == "COL-S001") & (table["measure"] == "total")].iloc[0]
    assert (site1["days_first"], site1["days_second"]) == (15, 16)
    assert site1["change"] == pytest.approx(0.5) and site1["direction"] == "increase"
    site2 = table[(table["scope"] == "COL-S002") & (table["measure"] == "entries")].iloc[0]
    assert site2["change"] == pytest.approx(0) and site2["direction"] == "stable"
    exits = table[(table["scope"] == "COL-S001") & (table["measure"] == "exits")].iloc[0]
    assert pd.isna(exits["change"]) and pd.isna(exits["direction"])
    total = flow_trend(counts(rows)).to_frame()
    national = total[total["measure"] == "total"].iloc[0]
    assert national["mean_first"] == pytest.approx((15 * 10 + 8) / 15)


def test_february_halves_and_period_from_dates() -> None:
    rows = [("COL-S001", "2024-02-14", 10, 0, 0), ("COL-S001", "2024-02-15", 5, 0, 0)]
    frame = counts(rows).drop(columns=["period"])
    row = flow_trend(frame).to_frame().query("measure == 'total'").iloc[0]
    assert (row["mean_first"], row["mean_second"]) == (10, 5)
    assert row["direction"] == "decrease"


def test_inputs_not_mutated_and_errors() -> None:
    frame = counts(ROWS)
    before = frame.copy()
    flows_by_day(frame, by="site")
    flows_by_site(frame)
    flow_trend(frame, by="site")
    pd.testing.assert_frame_equal(frame, before)
    with pytest.raises(OptionError, match="by"):
        flows_by_day(frame, by="admin1")  # type: ignore[arg-type]
    with pytest.raises(ContractError, match="transit"):
        flows_by_day(frame.drop(columns="transit"))
    with pytest.raises(OptionError, match="window"):
        flows_by_day(frame, window=0)
