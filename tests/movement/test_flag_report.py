"""Red flags as results rows (evidence.movement.flag_report): counts per signal agree with
the flags raised, per-flag rows carry the numbers of each reason, the forms of a risk
flag's window are recounted by hand, signals without data publish nothing."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.indicators.publish import check_results
from evidence.movement.flag_report import FLAG_LEVEL, FORM_SIGNALS, flag_report
from evidence.movement.red_flags import SIGNALS
from evidence.movement.wifi_indicators import wifi_indicators
from evidence.regional.flags import flags_by_country
from evidence.synth import synthesize_country


def month(seed: int, country: str = "PER") -> dict[str, pd.DataFrame]:
    return synthesize_country(
        country, "2023-12", seed, 0.5,
        datasets=("sites", "flow_counts", "wifi_sessions", "portal_forms"), risk_jumps=4,
    )  # fmt: skip


@pytest.mark.parametrize("seed", [3, 11])
def test_rows_agree_with_the_flags_and_the_forms(seed: int) -> None:
    data = month(seed)
    forms_before = data["portal_forms"].copy()
    wifi = wifi_indicators(data["wifi_sessions"]).site_day
    report = flag_report(
        flow_counts=data["flow_counts"], wifi_site_day=wifi, portal_forms=data["portal_forms"]
    )
    pd.testing.assert_frame_equal(data["portal_forms"], forms_before)
    rows = report.to_results("PER", "2023-12")
    check_results(rows)
    flags = report.to_frame()
    totals = rows[rows["indicator"] == "total_red_flags"].set_index("level")["estimate"]
    assert list(totals.index) == list(SIGNALS)
    for signal in SIGNALS:
        assert totals[signal] == (flags["signal"] == signal).sum()
    assert (flags["signal"].isin(FORM_SIGNALS)).any(), "risk jumps planted, none flagged"
    per_flag = rows[rows["disaggregation"] == FLAG_LEVEL]
    assert per_flag["level"].nunique() == len(flags)
    forms = data["portal_forms"].assign(
        day=pd.to_datetime(data["portal_forms"]["submitted_at"]).dt.normalize()
    )
    for flag in flags.itertuples():
        level = (
            f"{flag.signal} x {flag.site_id} x {flag.start:%Y-%m-%d} x {flag.end:%Y-%m-%d} "
            f"x {flag.peak_date:%Y-%m-%d}"
        )
        mine = per_flag[per_flag["level"] == level].set_index("indicator")
        assert mine.loc["index_flag_ratio", "estimate"] == pytest.approx(flag.ratio)
        if flag.signal in FORM_SIGNALS:
            peak = pd.Timestamp(flag.peak_date)
            window = forms[(forms["site_id"] == flag.site_id) & (forms["day"] <= peak)
                           & (forms["day"] > peak - pd.Timedelta(days=3))]  # fmt: skip
            assert mine.loc["share_flag_forms", "n"] == len(window)
            # the reason quotes "x of n portal forms": the same x and n
            assert f"{mine.loc['share_flag_forms', 'numerator']:.0f} of {len(window)} " in (
                flag.reason
            )
        else:
            assert mine.loc["count_flag_peak", "estimate"] == flag.value
            assert mine.loc["rate_flag_usual", "estimate"] == flag.baseline


def test_signals_without_data_publish_no_row() -> None:
    data = month(5)
    rows = flag_report(flow_counts=data["flow_counts"]).to_results("PER", "2023-12")
    totals = rows[rows["indicator"] == "total_red_flags"]
    assert set(totals["level"]) == {"flow_surge", "flow_drop"}
    assert (totals["n"] > 0).all()


def test_flags_by_country_one_block_per_country_in_response_order() -> None:
    per = month(3, "PER")
    col = month(4, "COL")
    rows = flags_by_country(
        "2023-12",
        flow_counts={"PER": per["flow_counts"], "COL": col["flow_counts"]},
        portal_forms={"COL": col["portal_forms"]},
    )
    check_results(rows)
    assert list(dict.fromkeys(rows["country"])) == ["COL", "PER"]
    assert set(rows["indicator"]) == {"total_red_flags"}
    assert len(rows[rows["country"] == "COL"]) == 6  # flows (2) + forms (4)
    assert len(rows[rows["country"] == "PER"]) == 2
    assert flags_by_country("2023-12", flow_counts={}).empty
