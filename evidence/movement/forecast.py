"""Flows over several months: trend decomposition and a short-term forecast with prediction
intervals, evaluated by rolling-origin backtests against a seasonal-naive baseline.

The series is people observed per day in the country (flow_counts, summed over sites; a day
no site counted is filled by linear interpolation between its neighbours, and counted in
``days_filled``). With fewer than ``MIN_MONTHS`` (2) periods of counts, or fewer than
``MIN_DAYS`` (56: eight weekly cycles) days, there is no model: the outcome is
``status = "not_enough_months"`` with the within-month comparison of
evidence.movement.trend.flow_trend, which is what the study shows then.

- Decomposition: STL (statsmodels, Cleveland et al. 1990) with a weekly period (7), robust
  to outlying days such as surges: trend, seasonal and remainder.
- Models: ETS(A,Ad,A) (additive error, damped additive trend, additive weekly season;
  statsmodels ETSModel) and SARIMAX(1,1,1)(0,1,1)7. Rule: both are backtested and the
  one with the lower MASE forecasts; on a tie ETS, the simpler.
- Backtest: ``folds`` origins, ``horizon`` days apart, ending ``horizon`` days before the
  last day; at each origin the model is fitted on the days before it and forecasts the next
  ``horizon`` days. MASE (Hyndman & Koehler 2006) = mean absolute error / mean absolute
  error of the in-sample seasonal-naive forecast (y_t - y_{t-7}) on the training days, then
  averaged over origins; below 1 beats the seasonal-naive method in-sample, and the
  seasonal-naive forecast's own backtest MASE is reported beside. Coverage: share of the
  actual days inside the 80% and 95% prediction intervals (seasonal naive: normal intervals
  with sd × sqrt(1 + floor((h - 1) / 7)), Hyndman & Athanasopoulos, FPP3 §5.5).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from evidence.indicators.publish import result_row, rows_frame
from evidence.indicators.tables import DescriptiveTable
from evidence.movement.flows import daily_counts
from evidence.movement.trend import flow_trend
from evidence.options import check_option, check_positive_int

ForecastModel = Literal["ets", "sarimax"]
MODELS: tuple[ForecastModel, ...] = ("ets", "sarimax")
Status = Literal["ok", "not_enough_months"]
Measure = Literal["total", "entries", "exits", "transit"]
MIN_MONTHS = 2
MIN_DAYS = 56
WEEK = 7
LEVELS = (0.80, 0.95)


@dataclass(frozen=True)
class FlowForecast:
    """Decomposition, forecast and backtest of daily flows (see the module docstring).

    ``series``: date, observed (people per day). ``decomposition``: date, observed, trend,
    seasonal, remainder. ``forecast`` (``to_frame()``): date, mean, lower_80, upper_80,
    lower_95, upper_95. ``backtest``: model, origin, date, actual, mean, interval bounds.
    ``scores``: per model (and seasonal_naive) mase, coverage_80, coverage_95, folds.
    """

    status: Status
    message: str
    model: ForecastModel | None = None
    series: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    decomposition: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    forecast: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    backtest: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    scores: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    within_month: DescriptiveTable | None = field(default=None, repr=False)
    days_filled: int = 0

    def to_frame(self) -> pd.DataFrame:
        return self.forecast.copy()

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """Results rows: per forecast day (disaggregation ``date``, level ``YYYY-MM-DD``)
        ``flow_forecast``, the forecast mean of people per day with its 95% prediction
        interval as ci_low/ci_high (ci_method ``prediction``: the range a future day's count
        falls in, not a confidence interval of a parameter), and ``flow_forecast_lower_80`` /
        ``flow_forecast_upper_80``, the 80% band's bounds; n is the days the model was fitted
        on. Per backtested model (disaggregation ``model``): ``flow_forecast_mase`` (index)
        and ``flow_forecast_coverage_80`` / ``_95`` (proportion of backtest days inside the
        interval; n the days, numerator those inside). Without months enough there is no
        forecast: no rows (the within-month comparison is published where it is built)."""
        if self.status != "ok":
            return rows_frame([], country, period)
        days = int(self.series["observed"].notna().sum())
        rows: list[dict[str, object]] = []
        frame = self.forecast
        dates = pd.DatetimeIndex(frame["date"]).strftime("%Y-%m-%d")
        values = {c: frame[c].to_numpy(dtype=float) for c in frame.columns if c != "date"}
        for i, level in enumerate(dates):
            mean = float(values["mean"][i])
            row = result_row("flow_forecast", "date", level, mean, days, "mean")
            row["ci_low"], row["ci_high"] = (
                float(values["lower_95"][i]),
                float(values["upper_95"][i]),
            )
            row["ci_method"] = "prediction"
            rows.append(row)
            for bound in ("lower_80", "upper_80"):
                value = float(values[bound][i])
                rows.append(
                    result_row(f"flow_forecast_{bound}", "date", level, value, days, "mean")
                )
        for model in self.scores["model"]:
            rows.extend(self._backtest_rows(str(model)))
        return rows_frame(rows, country, period)

    def _backtest_rows(self, model: str) -> list[dict[str, object]]:
        tested = self.backtest[self.backtest["model"] == model].dropna(subset=["actual"])
        n = len(tested)
        scores = self.scores[self.scores["model"] == model]
        mase = float(scores["mase"].to_numpy(dtype=float)[0])
        rows = [result_row("flow_forecast_mase", "model", model, mase, n, "index")]
        for lv in (80, 95):
            low, high = tested[f"lower_{lv}"], tested[f"upper_{lv}"]
            inside = int(((tested["actual"] >= low) & (tested["actual"] <= high)).sum())
            share = inside / n if n else np.nan
            code = f"flow_forecast_coverage_{lv}"
            rows.append(result_row(code, "model", model, share, n, "proportion", inside))
        return rows

    def summary(self) -> str:
        if self.status != "ok":
            return self.message
        return f"{self.message}\n" + self.scores.to_string(
            index=False, float_format=lambda v: f"{v:.3g}"
        )

    def _repr_html_(self) -> str:
        if self.status != "ok":
            table = (
                self.within_month.table.to_html(index=False, border=0) if self.within_month else ""
            )
            return f"<p>{self.message}</p>{table}"
        return f"<p>{self.message}</p>" + self.scores.to_html(
            index=False, border=0, float_format=lambda v: f"{v:.3g}"
        )


def daily_flow_series(flow_counts: pd.DataFrame, measure: Measure = "total") -> pd.Series:
    """People observed per day in the country, every calendar day from the first to the last
    (days no site counted are missing, NaN)."""
    check_option("measure", measure, ("total", "entries", "exits", "transit"))
    daily = daily_counts(flow_counts).groupby("date")[measure].sum().astype(float)
    full = pd.date_range(daily.index.min(), daily.index.max(), freq="D")
    return daily.reindex(full)


def seasonal_naive(train: pd.Series, horizon: int) -> pd.DataFrame:
    """The seasonal-naive forecast (the same weekday last week) with normal intervals."""
    y = train.to_numpy(dtype=float)
    steps = np.arange(horizon)
    mean = y[len(y) - WEEK + steps % WEEK]
    residuals = y[WEEK:] - y[:-WEEK]
    sd = float(np.sqrt(np.mean(residuals**2)))
    spread = sd * np.sqrt(1 + steps // WEEK)
    return _interval_frame(mean, spread)


def _interval_frame(mean: np.ndarray, spread: np.ndarray) -> pd.DataFrame:
    out = {"mean": mean}
    for level in LEVELS:
        from scipy.stats import norm

        z = norm.ppf(0.5 + level / 2)
        out[f"lower_{round(level * 100)}"] = mean - z * spread
        out[f"upper_{round(level * 100)}"] = mean + z * spread
    return pd.DataFrame(out)


def fit_forecast(model: ForecastModel, train: pd.Series, horizon: int) -> pd.DataFrame:
    """``model`` fitted on ``train`` (a daily series with a DatetimeIndex): mean and the 80%
    and 95% prediction intervals of the next ``horizon`` days."""
    check_option("model", model, MODELS)
    y = pd.Series(train.to_numpy(dtype=float), index=pd.DatetimeIndex(train.index, freq="D"))
    # One BLAS thread: on a busy machine OpenBLAS's thread pool makes these small fits 10 to
    # 20 times slower (SARIMAX on 122 days: 0.8 s with one thread, 15 s with the pool).
    # statsmodels' time-series models take ~0.3 s to import: only when a forecast is made.
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    from statsmodels.tsa.statespace.sarimax import SARIMAX
    from threadpoolctl import threadpool_limits

    with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="blas"):
        warnings.simplefilter("ignore")  # convergence chatter of the optimisers
        if model == "ets":
            fitted = ETSModel(
                y, error="add", trend="add", damped_trend=True, seasonal="add",
                seasonal_periods=WEEK,
            ).fit(disp=False)  # fmt: skip
            prediction = fitted.get_prediction(start=len(y), end=len(y) + horizon - 1)
            frames = {lv: prediction.summary_frame(alpha=1 - lv) for lv in LEVELS}
            lower, upper = "pi_lower", "pi_upper"
        else:
            fitted = SARIMAX(y, order=(1, 1, 1), seasonal_order=(0, 1, 1, WEEK)).fit(disp=False)
            forecast = fitted.get_forecast(horizon)
            frames = {lv: forecast.summary_frame(alpha=1 - lv) for lv in LEVELS}
            lower, upper = "mean_ci_lower", "mean_ci_upper"
    out = {"mean": frames[LEVELS[0]]["mean"].to_numpy()}
    for level, frame in frames.items():
        out[f"lower_{round(level * 100)}"] = frame[lower].to_numpy()
        out[f"upper_{round(level * 100)}"] = frame[upper].to_numpy()
    return pd.DataFrame(out)


def backtest(
    series: pd.Series, *, horizon: int = 7, folds: int = 4
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rolling-origin backtest of ETS, SARIMAX and seasonal naive: (forecasts, scores)."""
    check_positive_int("horizon", horizon)
    check_positive_int("folds", folds)
    n = len(series)
    first_origin = n - horizon * folds
    if first_origin < 2 * WEEK + 2:
        raise ValueError("series too short for the backtest")  # guarded by the caller
    rows = []
    for k in range(folds):
        origin = first_origin + k * horizon
        train, test = series.iloc[:origin], series.iloc[origin : origin + horizon]
        y = train.to_numpy(dtype=float)
        scale = float(np.mean(np.abs(y[WEEK:] - y[:-WEEK])))
        for name in (*MODELS, "seasonal_naive"):
            if name == "seasonal_naive":
                predicted = seasonal_naive(train, len(test))
            else:
                predicted = fit_forecast(name, train, len(test))  # type: ignore[arg-type]
            predicted.insert(0, "actual", test.to_numpy())
            predicted.insert(0, "date", test.index)
            predicted.insert(0, "origin", series.index[origin])
            predicted.insert(0, "model", name)
            predicted["scaled_error"] = np.abs(predicted["actual"] - predicted["mean"]) / scale
            rows.append(predicted)
    forecasts = pd.concat(rows, ignore_index=True)
    inside = {
        lv: (forecasts["actual"] >= forecasts[f"lower_{lv}"])
        & (forecasts["actual"] <= forecasts[f"upper_{lv}"])
        for lv in (80, 95)
    }
    scored = forecasts.assign(in_80=inside[80], in_95=inside[95])
    by_fold = scored.groupby(["model", "origin"])["scaled_error"].mean().rename("mase")
    scores = pd.DataFrame(
        {
            "mase": by_fold.groupby("model").mean(),
            "coverage_80": scored.groupby("model")["in_80"].mean(),
            "coverage_95": scored.groupby("model")["in_95"].mean(),
            "folds": by_fold.groupby("model").size(),
        }
    ).reset_index()
    order = {name: k for k, name in enumerate((*MODELS, "seasonal_naive"))}
    scores = scores.sort_values("model", key=lambda s: s.map(order), ignore_index=True)
    return forecasts.drop(columns="scaled_error"), scores


def choose_model(scores: pd.DataFrame) -> ForecastModel:
    """The stated rule: lower backtest MASE; ETS on a tie."""
    mase = scores.set_index("model")["mase"]
    return "sarimax" if mase["sarimax"] < mase["ets"] else "ets"


def flow_forecast(
    flow_counts: pd.DataFrame,
    *,
    horizon: int = 14,
    folds: int = 4,
    backtest_horizon: int = 7,
    measure: Measure = "total",
    period: str | None = None,
) -> FlowForecast:
    """Decompose and forecast the country's daily flows ``horizon`` days ahead, choosing the
    model by a rolling-origin backtest (rule and definitions in the module docstring)."""
    check_positive_int("horizon", horizon)
    series = daily_flow_series(flow_counts, measure)
    months = pd.DatetimeIndex(series.index).to_period("M").nunique()
    if months < MIN_MONTHS or len(series) < max(MIN_DAYS, backtest_horizon * folds + 3 * WEEK):
        return FlowForecast(
            status="not_enough_months",
            message=(
                f"Not enough months for a trend model and forecast: {months} month(s), "
                f"{len(series)} days of counts (at least {MIN_MONTHS} months and {MIN_DAYS} "
                "days are needed); the within-month comparison is shown instead."
            ),
            within_month=flow_trend(flow_counts, period=period),
        )
    missing = int(series.isna().sum())
    filled = series.interpolate(limit_direction="both")
    from statsmodels.tsa.seasonal import STL

    stl = STL(filled, period=WEEK, robust=True).fit()
    decomposition = pd.DataFrame(
        {
            "date": filled.index,
            "observed": filled.to_numpy(),
            "trend": stl.trend.to_numpy(),
            "seasonal": stl.seasonal.to_numpy(),
            "remainder": stl.resid.to_numpy(),
        }
    )
    forecasts, scores = backtest(filled, horizon=backtest_horizon, folds=folds)
    model = choose_model(scores)
    ahead = fit_forecast(model, filled, horizon)
    ahead.insert(0, "date", pd.date_range(filled.index[-1] + pd.Timedelta(days=1), periods=horizon))
    chosen = scores.set_index("model").loc[model]
    naive = scores.set_index("model").loc["seasonal_naive"]
    return FlowForecast(
        status="ok",
        message=(
            f"{months} months, {len(series)} days; model {model.upper()} (lower backtest MASE: "
            f"{chosen['mase']:.2f} against seasonal naive {naive['mase']:.2f}; 80%/95% "
            f"interval coverage {chosen['coverage_80']:.0%}/{chosen['coverage_95']:.0%} over "
            f"{folds} origins × {backtest_horizon} days)"
        ),
        model=model,
        series=pd.DataFrame({"date": series.index, "observed": series.to_numpy()}),
        decomposition=decomposition,
        forecast=ahead,
        backtest=forecasts,
        scores=scores,
        days_filled=missing,
    )


__all__ = [
    "MIN_DAYS",
    "MIN_MONTHS",
    "MODELS",
    "FlowForecast",
    "backtest",
    "choose_model",
    "daily_flow_series",
    "fit_forecast",
    "flow_forecast",
    "seasonal_naive",
]
