"""Profile figures: the sex × age pyramid of the people interviewed and the hour-of-day
profile of Wi-Fi sessions."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from evidence.display.figures.style import (
    OKABE_ITO,
    colour_of,
    label_axes,
    new_figure,
    readable,
    study_style,
)
from evidence.indicators.checks import require_columns


def pyramid_figure(
    profile: pd.DataFrame,
    *,
    title: str = "",
    xlabel: str = "Share of respondents",
    names: Mapping[str, str] | None = None,
) -> Figure:
    """Population pyramid from ``sex_age_profile(...).to_frame()``: women to the left, men
    to the right, one bar per age group (withheld cells drawn as zero)."""
    require_columns(profile, ["sex", "age_group", "share"], "sex_age_profile")
    groups = list(dict.fromkeys(profile["age_group"].astype(str)))
    positions = np.arange(len(groups))
    with study_style():
        figure = new_figure(2.6, 5.0)
        axes = figure.add_subplot()
        for sex, sign in (("female", -1), ("male", 1)):
            part = profile[profile["sex"].astype(str) == sex].set_index(
                profile.loc[profile["sex"].astype(str) == sex, "age_group"].astype(str)
            )
            values = part["share"].reindex(groups).astype(float).fillna(0).to_numpy()
            axes.barh(positions, sign * values, color=colour_of(sex), label=readable(sex, names))
        axes.set_yticks(positions, [readable(g, names) for g in groups])
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):.0%}"))
        axes.axvline(0, color="#4D4D4D", lw=0.8)
        axes.grid(axis="y", visible=False)
        label_axes(axes, xlabel=xlabel, title=title)
        figure.legend(loc="outside lower center", ncols=2)
    return figure


def hour_profile_figure(
    hours: pd.DataFrame,
    *,
    title: str = "",
    xlabel: str = "Hour of the day",
    ylabel: str = "Share of sessions",
    names: Mapping[str, str] | None = None,
) -> Figure:
    """Sessions by hour (``hour_profile(...).to_frame()``): express and registered stacked,
    as shares of the day's sessions."""
    require_columns(hours, ["hour", "express", "registered", "sessions"], "hour_profile")
    total = float(hours["sessions"].astype(float).sum())
    express = hours["express"].astype(float).fillna(0) / total if total else hours["express"]
    registered = hours["registered"].astype(float).fillna(0) / total if total else express
    with study_style():
        figure = new_figure(2.4)
        axes = figure.add_subplot()
        axes.bar(hours["hour"], express, color=OKABE_ITO[5], label=readable("express", names))
        axes.bar(
            hours["hour"],
            registered,
            bottom=express,
            color=OKABE_ITO[0],
            label=readable("registered", names),
        )
        axes.set_xticks(range(0, 24, 3))
        axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        axes.set_ylim(bottom=0)
        label_axes(axes, xlabel=xlabel, ylabel=ylabel, title=title)
        figure.legend(loc="outside lower center", ncols=2)
    return figure
