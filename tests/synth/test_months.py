"""Multi-month embedded data (``months``), the number of planted surges, and planted risk
jumps in portal forms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.errors import OptionError
from evidence.synth import synthesize, synthesize_country, write_synthetic
from evidence.synth.flows import MONTHLY_GROWTH, flow_trend_factor, surge_events
from evidence.synth.generate import consecutive_periods
from evidence.synth.risk_jumps import RISK_JUMP_DAYS, risk_jump_events
from evidence.synth.sites import make_sites


def test_consecutive_periods_end_with_the_period() -> None:
    assert consecutive_periods("2024-02", 3) == ("2023-12", "2024-01", "2024-02")
    assert consecutive_periods("2023-12", 1) == ("2023-12",)
    with pytest.raises(OptionError, match="months"):
        consecutive_periods("2023-12", 0)


def test_trend_factor_is_the_planted_growth() -> None:
    days = pd.date_range("2023-10-01", "2023-12-31")
    factor = flow_trend_factor(days)
    assert factor[-1] == 1.0
    assert factor[-1] / factor[-1 - 61] == pytest.approx((1 + MONTHLY_GROWTH) ** (61 / 30.4375))


@pytest.mark.parametrize("seed", [0, 7])
def test_three_months_of_flows_grow_and_devices_come_back(seed: int) -> None:
    data = synthesize_country(
        "COL", "2023-12", seed, scale=0.05, datasets=("flow_counts", "wifi_sessions"), months=3
    )
    counts = data["flow_counts"]
    months = counts["date"].str[:7]
    assert sorted(months.unique()) == ["2023-10", "2023-11", "2023-12"]
    daily = (counts[["entries", "exits", "transit"]].sum(axis=1)).groupby(months).sum()
    per_day = daily / counts.groupby(months)["date"].nunique()
    growth = per_day["2023-12"] / per_day["2023-10"]
    # Planted: +5% a month compounded over two months (1.10); surges and noise move it a bit.
    assert 1.02 < growth < 1.20
    sessions = data["wifi_sessions"]
    assert sessions["session_id"].is_unique
    month = sessions["start_time"].dt.strftime("%Y-%m")
    october = set(sessions.loc[month == "2023-10", "device_id"])
    december = set(sessions.loc[month == "2023-12", "device_id"])
    assert len(october & december) > 0.2 * len(december)


def test_one_month_is_the_default_data() -> None:
    default = synthesize("flow_counts", "PRY", "2023-12", seed=2, scale=0.05)
    explicit = synthesize("flow_counts", "PRY", "2023-12", seed=2, scale=0.05, months=1)
    pd.testing.assert_frame_equal(default, explicit)


def test_surges_can_be_switched_off() -> None:
    sites = make_sites("COL", "2023-12", 0)
    assert surge_events(sites, "2023-12", 0, 0).empty
    assert len(surge_events(sites, "2023-12", 0)) == 3
    with pytest.raises(OptionError, match="surges"):
        synthesize("flow_counts", "COL", "2023-12", surges=-1)


@pytest.mark.parametrize("seed", [0, 3])
def test_planted_risk_jumps_show_in_the_forms(seed: int) -> None:
    forms = synthesize("portal_forms", "COL", "2023-12", seed=seed, risk_jumps=4)
    plain = synthesize("portal_forms", "COL", "2023-12", seed=seed)
    events = risk_jump_events(make_sites("COL", "2023-12", seed), "2023-12", seed, 4)
    assert len(events) == 4 and set(events["kind"]) == {
        "violence",
        "extortion",
        "trafficking_indicators",
        "unaccompanied_children",
    }
    assert ((events["end"] - events["start"]).dt.days == RISK_JUMP_DAYS - 1).all()
    day = pd.to_datetime(forms["submitted_at"]).dt.normalize()
    for site, start, end, kind in events.itertuples(index=False):
        inside = (forms["site_id"] == site) & (day >= start) & (day <= end)
        if kind == "unaccompanied_children":
            ticked = (forms["age_group"] == "under_18") & (forms["travelling_with"] == "alone")
        else:
            ticked = (" " + forms["risks"] + " ").str.contains(f" {kind} ")
        if inside.sum() >= 10:
            assert ticked[inside].mean() > 3 * ticked[~inside].mean()
    changed = ~((forms == plain) | (forms.isna() & plain.isna())).all(axis=1)
    assert changed.sum() > 0
    assert not changed[~forms["site_id"].isin(events["site_id"])].any()


def test_write_two_months(tmp_path: Path) -> None:
    report = write_synthetic(
        "2024-01", seed=0, scale=0.02, countries=["PRY"], root=tmp_path, months=2, risk_jumps=1
    )
    for period in ("2023-12", "2024-01"):
        assert (tmp_path / "raw" / "wifi_sessions" / period / "PRY.parquet").exists()
        assert (tmp_path / "raw" / "flow_counts" / period / "PRY.csv").exists()
    counts = pd.read_csv(tmp_path / "raw" / "flow_counts" / "2023-12" / "PRY.csv")
    assert counts["date"].str.startswith("2023-12").all()
    assert len(report.surges) == 2 * 3 or report.surges["date"].dt.month.nunique() == 2
    jumps = pd.read_csv(tmp_path / "synth" / "2024-01" / "risk_jumps.csv")
    assert len(jumps) == 2 and list(jumps.columns) == ["country", "site_id", "start", "end", "kind"]
    assert np.isin(report.files["dataset"], ["wifi_sessions"]).sum() == 2
    # The integration survey is a sample of each month, interviews dated in their month
    # (an earlier period's survey ingests, for a study's change over time).
    surveys = {
        period: pd.read_csv(tmp_path / "raw" / "integration_survey" / period / "PRY.csv")
        for period in ("2023-12", "2024-01")
    }
    for period, survey in surveys.items():
        dated = survey["interview_date"].dropna().astype(str)
        assert len(survey) and dated.str.startswith(period).mean() > 0.95
    assert not surveys["2023-12"]["age"].equals(surveys["2024-01"]["age"])


def test_cli_synth_months(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from evidence.cli import app

    arguments = ["synth", "--period", "2024-01", "--months", "2", "--scale", "0.02"]
    arguments += ["--countries", "PRY", "--root", str(tmp_path)]
    outcome = CliRunner().invoke(app, arguments)
    assert outcome.exit_code == 0, outcome.output
    assert (tmp_path / "raw" / "flow_counts" / "2023-12" / "PRY.csv").exists()
    failed = CliRunner().invoke(app, [*arguments[:4], "0", "--root", str(tmp_path)])
    assert failed.exit_code == 2 and "months" in failed.output
