"""Red flags: planted surges and planted risk jumps are found with their reasons; drops; the
flags() edge on curated data; thresholds checked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.errors import OptionError
from evidence.indicators.publish import check_results
from evidence.movement.alerts import flags
from evidence.movement.red_flags import SIGNALS, FlagThresholds, detect_red_flags
from evidence.movement.surges import robust_site_days
from evidence.movement.wifi_indicators import wifi_indicators
from evidence.synth import synthesize_country, write_synthetic
from evidence.synth.flows import surge_events
from evidence.synth.risk_jumps import risk_jump_events
from tests.movement.flow_frames import counts

KIND_SIGNAL = {
    "violence": "risk_violence",
    "extortion": "risk_extortion",
    "trafficking_indicators": "risk_trafficking",
    "unaccompanied_children": "unaccompanied_children",
}


def planted_month(seed: int, country: str = "PER") -> tuple[dict[str, pd.DataFrame], ...]:
    data = synthesize_country(
        country, "2023-12", seed, 0.5,
        datasets=("sites", "flow_counts", "wifi_sessions", "portal_forms"), risk_jumps=4,
    )  # fmt: skip
    return (data,)


@pytest.mark.parametrize("seed", [3, 11])
def test_planted_surges_and_risk_jumps_are_found(seed: int) -> None:
    (data,) = planted_month(seed)
    sites = data["sites"]
    wifi = wifi_indicators(data["wifi_sessions"]).site_day
    result = detect_red_flags(
        flow_counts=data["flow_counts"], wifi_site_day=wifi, portal_forms=data["portal_forms"]
    )
    found = result.to_frame()
    assert found["reason"].str.len().gt(20).all()
    for site, date, _ in surge_events(sites, "2023-12", seed).itertuples(index=False):
        hit = found[(found["signal"] == "flow_surge") & (found["site_id"] == site)]
        assert ((hit["start"] <= date) & (hit["end"] >= date)).any(), (site, date)
        if sites.set_index("site_id").loc[site, "has_wifi"]:
            wifi_hit = found[
                (found["signal"] == "wifi_sessions_surge") & (found["site_id"] == site)
            ]
            assert (wifi_hit["peak_date"] == date).any()
    for site, start, end, kind in risk_jump_events(sites, "2023-12", seed, 4).itertuples(
        index=False
    ):
        hit = found[(found["signal"] == KIND_SIGNAL[kind]) & (found["site_id"] == site)]
        assert ((hit["start"] <= end) & (hit["end"] >= start)).any(), (site, kind)
    rows = result.to_results("PER", "2023-12")
    check_results(rows)  # the results contract of the one publication path
    assert len(rows) == len(SIGNALS) and rows["unit"].eq("count").all()
    assert rows["estimate"].sum() == len(found)


def test_a_month_with_nothing_planted_raises_few_flags() -> None:
    data = synthesize_country(
        "PER", "2023-12", 5, 0.5, datasets=("flow_counts", "wifi_sessions", "portal_forms"),
        surges=0,
    )  # fmt: skip
    wifi = wifi_indicators(data["wifi_sessions"]).site_day
    found = detect_red_flags(
        flow_counts=data["flow_counts"], wifi_site_day=wifi, portal_forms=data["portal_forms"]
    ).to_frame()
    sites = data["flow_counts"]["site_id"].nunique()
    assert len(found) <= max(2, sites // 5)


def test_a_drop_is_flagged_by_eye() -> None:
    rows = [("COL-S001", f"2023-12-{d:02d}", 100 + (d % 3), 0, 0) for d in range(1, 29)]
    rows[20] = ("COL-S001", "2023-12-21", 12, 0, 0)  # a day at an eighth of the usual
    found = detect_red_flags(flow_counts=counts(rows)).to_frame()
    assert found["signal"].tolist() == ["flow_drop"]
    assert found["peak_date"].tolist() == [pd.Timestamp("2023-12-21")]
    assert "12 on 2023-12-21" in found["reason"].iloc[0]


def test_trailing_window_follows_a_drifting_series() -> None:
    # A count that falls to an eighth over the month: the period median flags the first days, the
    # trailing week does not; a jump on day 20 is flagged by both.
    values = np.round(800 * 0.125 ** (np.arange(28) / 27)).astype(int)
    values[19] *= 4
    daily = pd.DataFrame(
        {"site_id": "COL-S001", "date": pd.date_range("2023-12-01", periods=28), "count": values}
    )
    period, _ = robust_site_days(daily, k=2, min_ratio=1.3)
    trailing, _ = robust_site_days(daily, k=2, min_ratio=1.3, window=7)
    assert period["flagged"].iloc[:3].any()
    assert trailing["flagged"].sum() == 1 and trailing["flagged"].iloc[19]


def test_thresholds_are_checked() -> None:
    with pytest.raises(OptionError, match="risk_alpha"):
        FlagThresholds(risk_alpha=0)
    with pytest.raises(OptionError, match="risk_window"):
        FlagThresholds(risk_window=0)


def test_flags_from_curated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evidence.ingest import ingest_period

    monkeypatch.setenv("EVIDENCE_PSEUDONYM_KEY", "test-key")
    write_synthetic("2023-12", seed=0, scale=0.1, countries=["PRY"], root=tmp_path, risk_jumps=2)
    ingest_period("2023-12", countries=["PRY"], root=tmp_path)
    found = flags("2023-12", root=tmp_path)
    planted = pd.read_csv(tmp_path / "synth" / "2023-12" / "surges.csv", parse_dates=["date"])
    assert found.attrs["missing_signals"] == []
    surges = found[found["signal"] == "flow_surge"]
    assert set(planted["site_id"]) <= set(surges["site_id"])
    later = flags("2023-12", since="2023-12-31", countries=["PRY"], root=tmp_path)
    assert (pd.to_datetime(later["end"]) >= "2023-12-31").all()
    assert len(later) <= len(found)
