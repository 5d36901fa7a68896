"""Flows by day: the daily total, its rolling mean and the surge days marked."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from evidence.display.figures.style import OKABE_ITO, label_axes, new_figure, study_style
from evidence.indicators.checks import require_columns


def flows_by_day_figure(
    daily: pd.DataFrame,
    surge_events: pd.DataFrame | None = None,
    *,
    title: str = "People observed per day",
    ylabel: str = "People observed",
    daily_label: str = "Daily total",
    rolling_label: str = "7-day mean",
    surge_label: str = "Surge at a site",
    site_names: Mapping[str, str] | None = None,
) -> Figure:
    """Bars of the daily total, a line of its rolling mean, and each surge event marked at
    its own site's count on its peak day, named (``site_names``: site id → name, else the
    id). ``daily`` is ``flows_by_day(...).to_frame()`` (by="total"), ``surge_events``
    ``detect_surges(...).to_frame()`` (site_id, peak_date, peak_count); the labels come from
    the caller (the study's message catalogue)."""
    require_columns(daily, ["date", "total", "total_rolling_mean"], "flows_by_day")
    data = daily.sort_values("date")
    dates = pd.to_datetime(data["date"])
    with study_style():
        figure = new_figure(2.8)
        axes = figure.add_subplot()
        axes.bar(dates, data["total"].astype(float), width=0.8, color="#BFD7EA", label=daily_label)
        axes.plot(
            dates,
            data["total_rolling_mean"].astype(float),
            color=OKABE_ITO[0],
            lw=1.8,
            label=rolling_label,
        )
        if surge_events is not None and len(surge_events):
            # A surge is one site's: marked at that site's own count on its peak day and
            # named, not on top of the national total it may hardly move.
            events = surge_events.sort_values("peak_date")
            peaks = pd.to_datetime(events["peak_date"])
            heights = events["peak_count"].astype(float)
            axes.scatter(
                peaks, heights, marker="D", s=26, color=OKABE_ITO[3], zorder=3, label=surge_label
            )
            for day, height, site in zip(peaks, heights, events["site_id"], strict=True):
                axes.annotate(
                    (site_names or {}).get(str(site), str(site)),
                    (day, height),
                    xytext=(4, 3),
                    textcoords="offset points",
                    fontsize=6.5,
                    color=OKABE_ITO[3],
                    rotation=30,
                )
        label_axes(axes, ylabel=ylabel, title=title)
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%d"))
        axes.xaxis.set_major_locator(mdates.DayLocator(interval=7))
        axes.set_ylim(bottom=0)
        figure.legend(loc="outside lower center", ncols=3)
    return figure
