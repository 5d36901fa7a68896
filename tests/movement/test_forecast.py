"""Flow trend and forecast: the one-month outcome, the seasonal-naive baseline by hand, and
backtests that beat seasonal naive on planted seasonal data (evidence.synth months and a
series built here)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.disclosure.columns import CONTRACT_COLUMNS
from evidence.indicators.publish import check_results, publish
from evidence.movement.forecast import backtest, flow_forecast, seasonal_naive
from evidence.synth import synthesize


def test_one_month_says_not_enough_months() -> None:
    counts = synthesize("flow_counts", "PRY", "2023-12", seed=0)
    result = flow_forecast(counts)
    assert result.status == "not_enough_months"
    assert "Not enough months" in result.summary()
    assert result.within_month is not None  # the within-month comparison of today
    assert result.forecast.empty and result.model is None


def test_seasonal_naive_by_hand() -> None:
    days = pd.date_range("2024-01-01", periods=14, freq="D")
    train = pd.Series(np.r_[np.arange(7.0), np.arange(7.0) + 1], index=days)
    out = seasonal_naive(train, 9)
    # Next Monday = last Monday (1), ..., then the week repeats: 1..7 then 1, 2.
    assert out["mean"].tolist() == [1, 2, 3, 4, 5, 6, 7, 1, 2]
    # Residuals y_t - y_{t-7} are all 1: sd 1; the second week's interval is sqrt(2) wider.
    width = out["upper_95"] - out["lower_95"]
    assert width.iloc[7] / width.iloc[0] == pytest.approx(np.sqrt(2))
    assert width.iloc[0] == pytest.approx(2 * 1.959964, rel=1e-5)


@pytest.mark.parametrize("seed", [1, 2])
def test_forecast_beats_seasonal_naive_on_planted_synth_data(seed: int) -> None:
    counts = synthesize("flow_counts", "COL", "2023-12", seed=seed, months=4)
    before = counts.copy()
    result = flow_forecast(counts, horizon=14)
    pd.testing.assert_frame_equal(counts, before)
    assert result.status == "ok"
    scores = result.scores.set_index("model")
    assert scores.loc[result.model, "mase"] < scores.loc["seasonal_naive", "mase"]
    assert scores.loc[result.model, "mase"] == scores.loc[["ets", "sarimax"], "mase"].min()
    assert len(result.forecast) == 14
    assert (result.forecast["lower_95"] <= result.forecast["lower_80"]).all()
    assert (result.forecast["upper_80"] <= result.forecast["upper_95"]).all()
    assert result.forecast["date"].iloc[0] == pd.Timestamp("2024-01-01")
    # STL: observed = trend + seasonal + remainder; the weekly profile is Fri-Sun high.
    d = result.decomposition
    np.testing.assert_allclose(d["trend"] + d["seasonal"] + d["remainder"], d["observed"])
    weekend = d["date"].dt.day_of_week >= 4
    assert d.loc[weekend, "seasonal"].mean() > d.loc[~weekend, "seasonal"].mean()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backtest_on_a_series_built_here(seed: int) -> None:
    """Trend +0.3%/day, weekly profile ±10%, 3% noise: a model that learns the season and
    trend forecasts a week better than last week's values, whose error carries two noises."""
    rng = np.random.default_rng(seed)
    n = 120
    t = np.arange(n)
    weekly = np.array([0.95, 0.9, 0.92, 0.98, 1.08, 1.1, 1.07])[t % 7]
    y = 1000 * (1.003**t) * weekly * (1 + rng.normal(0, 0.03, n))
    series = pd.Series(y, index=pd.date_range("2023-09-01", periods=n, freq="D"))
    forecasts, scores = backtest(series, horizon=7, folds=4)
    assert set(forecasts["model"]) == {"ets", "sarimax", "seasonal_naive"}
    assert (forecasts.groupby("model").size() == 28).all()
    mase = scores.set_index("model")["mase"]
    assert min(mase["ets"], mase["sarimax"]) < mase["seasonal_naive"]
    coverage = scores.set_index("model")["coverage_95"]
    assert coverage[["ets", "sarimax"]].max() >= 0.75


def test_forecast_results_rows() -> None:
    """Forecast days with their 95% prediction interval (ci_method prediction) and 80% band,
    backtest MASE and interval coverage per model, checked against the result's own frames;
    the rows pass the contract and the one publication path."""
    counts = synthesize("flow_counts", "COL", "2023-12", seed=1, months=3)
    result = flow_forecast(counts, horizon=7)
    rows = result.to_results("COL", "2023-12")
    check_results(rows)
    assert list(rows.columns) == list(CONTRACT_COLUMNS)
    points = rows[rows["indicator"] == "flow_forecast"].reset_index(drop=True)
    assert len(points) == 7 and set(points["ci_method"]) == {"prediction"}
    assert points["level"].tolist() == result.forecast["date"].dt.strftime("%Y-%m-%d").tolist()
    np.testing.assert_allclose(points["estimate"], result.forecast["mean"])
    np.testing.assert_allclose(points["ci_low"], result.forecast["lower_95"])
    np.testing.assert_allclose(points["ci_high"], result.forecast["upper_95"])
    assert (points["n"] == result.series["observed"].notna().sum()).all()
    band = rows[rows["indicator"] == "flow_forecast_lower_80"]["estimate"].to_numpy()
    assert (band >= points["ci_low"].to_numpy()).all()
    scores = result.scores.set_index("model")
    mase = rows[rows["indicator"] == "flow_forecast_mase"].set_index("level")["estimate"]
    np.testing.assert_allclose(mase[scores.index], scores["mase"])
    for lv in (80, 95):
        cover = rows[rows["indicator"] == f"flow_forecast_coverage_{lv}"].set_index("level")
        np.testing.assert_allclose(cover.loc[scores.index, "estimate"], scores[f"coverage_{lv}"])
        assert (cover["numerator"] == (cover["estimate"] * cover["n"]).round()).all()
        assert (cover["n"] == 28).all()  # 4 origins x 7 days
    published = publish(rows)
    coverage = published["indicator"].str.startswith("flow_forecast_coverage")
    assert not published.loc[~coverage, "suppressed"].any()
    # Coverage over 28 backtest days is a proportion judged by the NCHS standard (effective
    # n under 30 or an interval not assessable): it may be withheld, for that reason only.
    reasons = published.loc[coverage & published["suppressed"], "suppression_reason"]
    codes = {c for r in reasons for c in r.split()}
    assert codes <= {"nchs_effective_n_lt_30", "nchs_not_assessable", "min_complement"}


def test_no_forecast_rows_without_months_enough() -> None:
    result = flow_forecast(synthesize("flow_counts", "PRY", "2023-12", seed=0))
    rows = result.to_results("PRY", "2023-12")
    assert rows.empty and list(rows.columns) == list(CONTRACT_COLUMNS)
