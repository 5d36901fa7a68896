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

    What ``flow_forecast`` returns: the trend of the people observed per day in the country
    over several months and where it is heading in the next days, or, with too few months,
    the within-month comparison the study shows instead.

    Parameters
    ----------
    status : {"ok", "not_enough_months"}
        ``"ok"`` when a model was fitted; otherwise only ``message`` and ``within_month``.
    message : str
        The sentence a study quotes (model chosen and its backtest, or why there is none).
    model : {"ets", "sarimax"}, optional
        The model that forecasts (lower backtest MASE; ETS on a tie).
    series : pandas.DataFrame
        date, observed (people per day; NaN on days no site counted).
    decomposition : pandas.DataFrame
        STL decomposition: date, observed (gaps interpolated), trend, seasonal, remainder.
    forecast : pandas.DataFrame
        ``to_frame()``: date, mean, lower_80, upper_80, lower_95, upper_95.
    backtest : pandas.DataFrame
        model, origin, date, actual, mean and the interval bounds of every backtest day.
    scores : pandas.DataFrame
        Per model (and seasonal_naive): mase, coverage_80, coverage_95, folds.
    within_month : DescriptiveTable, optional
        :func:`evidence.movement.flow_trend` when there are not enough months.
    days_filled : int
        Days no site counted, filled by linear interpolation.

    See Also
    --------
    flow_forecast : builds it.
    evidence.movement.flow_trend : the within-month comparison.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.movement import flow_forecast
    >>> counts = synthesize("flow_counts", "ABW", "2023-12", seed=1, scale=0.05)
    >>> result = flow_forecast(counts)
    >>> result.status, result.model
    ('not_enough_months', None)
    >>> result.to_frame().empty, result.within_month is not None
    (True, True)
    >>> result.to_results("ABW", "2023-12").empty
    True
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
    """Rolling-origin backtest of ETS, SARIMAX and seasonal naive: (forecasts, scores).

    How ``flow_forecast`` chooses its model and reports how far to trust it: ``folds``
    origins, ``horizon`` days apart, the last ending at the series' last day; at each origin
    every model is fitted on the days before it and forecasts the next ``horizon`` days.

    Parameters
    ----------
    series : pandas.Series
        A daily series without gaps (DatetimeIndex, one value per calendar day).
    horizon : int
        Days forecast from each origin (and the step between origins).
    folds : int
        Number of origins.

    Returns
    -------
    forecasts : pandas.DataFrame
        model, origin, date, actual, mean, lower_80, upper_80, lower_95, upper_95.
    scores : pandas.DataFrame
        model (ets, sarimax, seasonal_naive), mase (mean absolute error scaled by the
        in-sample seasonal-naive error, averaged over origins), coverage_80, coverage_95
        (share of actual days inside the interval) and folds.

    Raises
    ------
    OptionError
        When ``horizon`` or ``folds`` is not a positive integer.
    ValueError
        When the series leaves fewer than 16 days of training before the first origin.

    References
    ----------
    Hyndman, R. J. and Koehler, A. B. (2006). Another look at measures of forecast
    accuracy. International Journal of Forecasting 22(4), 679-688 (MASE).

    Examples
    --------
    A series too short for four weekly origins is refused before any model is fitted:

    >>> import pandas as pd
    >>> days = pd.date_range("2024-01-01", periods=28, freq="D")
    >>> series = pd.Series(100.0 + 10 * (days.day_of_week >= 5), index=days)
    >>> backtest(series, horizon=7, folds=4)
    Traceback (most recent call last):
    ...
    ValueError: series too short for the backtest

    One origin (fits ETS and SARIMAX, a few tenths of a second):

    >>> forecasts, scores = backtest(series, horizon=7, folds=1)  # doctest: +SKIP
    >>> scores["model"].tolist()  # doctest: +SKIP
    ['ets', 'sarimax', 'seasonal_naive']
    """
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
    model by a rolling-origin backtest (rule and definitions in the module docstring).

    For a study over several months: is the flow rising or falling, and how many people a
    day to plan for in the next weeks. The series is the country's people observed per day
    (summed over sites, gaps interpolated); STL splits it into trend, weekly season and
    remainder; ETS and SARIMAX are backtested and the better one forecasts. With fewer than
    2 months or 56 days there is no model: the result carries the within-month comparison.

    Parameters
    ----------
    flow_counts : pandas.DataFrame
        Rows of flow_counts (site_id, date, entries, exits, transit), several periods.
    horizon : int
        Days forecast after the last day counted.
    folds, backtest_horizon : int
        Origins of the backtest and days forecast from each (see :func:`backtest`).
    measure : {"total", "entries", "exits", "transit"}
        The count forecast.
    period : str, optional
        The period of the within-month comparison (default: from the data).

    Returns
    -------
    FlowForecast
        ``status="ok"`` with the decomposition, forecast and scores, or
        ``status="not_enough_months"`` with ``within_month``.

    Raises
    ------
    OptionError
        When ``horizon`` is not a positive integer or ``measure`` is unknown.
    ContractError
        When flow_counts lacks a required column.

    See Also
    --------
    evidence.movement.flow_trend : the within-month comparison.

    References
    ----------
    Cleveland, R. B., Cleveland, W. S., McRae, J. E. and Terpenning, I. (1990). STL: a
    seasonal-trend decomposition procedure based on loess. Journal of Official Statistics
    6(1), 3-73 (as R's ``stats::stl``). Hyndman, R. J. and Athanasopoulos, G., Forecasting:
    Principles and Practice, 3rd ed. (ETS as R's ``forecast::ets``, intervals §5.5).

    Examples
    --------
    One month of counts is too short for a model: the within-month comparison is kept.

    >>> from evidence.synth import synthesize
    >>> counts = synthesize("flow_counts", "ABW", "2023-12", seed=1, scale=0.05)
    >>> result = flow_forecast(counts)
    >>> result.status
    'not_enough_months'
    >>> result.message.startswith("Not enough months")
    True
    >>> list(result.within_month.to_frame()["measure"])
    ['entries', 'exits', 'transit', 'total']

    Over several months (fits the models, a few seconds):

    >>> import pandas as pd
    >>> months = [synthesize("flow_counts", "ABW", p, seed=1, scale=0.05)
    ...           for p in ("2023-11", "2023-12")]
    >>> result = flow_forecast(pd.concat(months), horizon=7, folds=1)  # doctest: +SKIP
    >>> result.status, list(result.to_frame().columns)  # doctest: +SKIP
    ('ok', ['date', 'mean', 'lower_80', 'upper_80', 'lower_95', 'upper_95'])
    """
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
