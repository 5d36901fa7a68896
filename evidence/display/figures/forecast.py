"""Flows over months: people observed per day, the STL trend and the forecast with its 80%
and 95% prediction bands (frames of evidence.movement.flow_forecast)."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from evidence.display.figures.style import OKABE_ITO, new_figure, study_style
from evidence.indicators.checks import require_columns


def forecast_figure(
    decomposition: pd.DataFrame,
    forecast: pd.DataFrame,
    *,
    ylabel: str = "People observed",
    observed_label: str = "Observed",
    trend_label: str = "Trend",
    forecast_label: str = "Forecast",
    band_80_label: str = "80% interval",
    band_95_label: str = "95% interval",
) -> Figure:
    """The observed daily series and its trend (``decomposition``: date, observed, trend),
    then the forecast mean and its bands (``forecast``: date, mean, lower_80, upper_80,
    lower_95, upper_95). The y axis starts at 0; labels come from the caller."""
    require_columns(decomposition, ["date", "observed", "trend"], "decomposition")
    require_columns(
        forecast, ["date", "mean", "lower_80", "upper_80", "lower_95", "upper_95"], "forecast"
    )
    past = decomposition.sort_values("date")
    ahead = forecast.sort_values("date")
    days, future = pd.to_datetime(past["date"]), pd.to_datetime(ahead["date"])
    with study_style():
        figure = new_figure(2.8)
        axes = figure.add_subplot()
        axes.fill_between(future, ahead["lower_95"].astype(float), ahead["upper_95"].astype(float),
                          color=OKABE_ITO[1], alpha=0.18, lw=0, label=band_95_label)  # fmt: skip
        axes.fill_between(future, ahead["lower_80"].astype(float), ahead["upper_80"].astype(float),
                          color=OKABE_ITO[1], alpha=0.35, lw=0, label=band_80_label)  # fmt: skip
        axes.plot(days, past["observed"].astype(float), color="#9BB8CF", lw=1.0,
                  label=observed_label)  # fmt: skip
        axes.plot(days, past["trend"].astype(float), color=OKABE_ITO[0], lw=1.8,
                  label=trend_label)  # fmt: skip
        axes.plot(future, ahead["mean"].astype(float), color=OKABE_ITO[1], lw=1.8, ls="--",
                  label=forecast_label)  # fmt: skip
        axes.set_ylabel(ylabel)
        axes.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(axes.xaxis.get_major_locator()))
        axes.set_ylim(bottom=0)
        figure.legend(loc="outside lower center", ncols=5)
    return figure


__all__ = ["forecast_figure"]
