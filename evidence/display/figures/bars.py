"""Bar charts of shares: each answer of a question, overall or by a disaggregation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from evidence.display.figures.style import colour_of, label_axes, new_figure, readable, study_style
from evidence.indicators.checks import require_columns


def share_bar_figure(
    results: pd.DataFrame,
    variable: str,
    *,
    levels: Sequence[str] = ("total",),
    title: str = "",
    xlabel: str = "Share of respondents",
    names: Mapping[str, str] | None = None,
    top: int | None = None,
) -> Figure:
    """Horizontal bars of the share choosing each answer of ``variable`` (a results table
    from evidence.descriptive/risks), most chosen first, one bar colour per domain level
    (``levels``, e.g. ("female", "male")). Withheld shares are left out of the bars.
    ``names`` gives readable labels of answers and levels (message catalogue)."""
    require_columns(results, ["variable", "category", "level", "estimate"], "results")
    rows = results[(results["variable"] == variable) & results["level"].isin(levels)]
    wide = rows.pivot_table(
        index="category", columns="level", values="estimate", aggfunc="first", dropna=False
    ).reindex(columns=list(levels))
    order = wide.mean(axis=1).sort_values(ascending=True)
    if top is not None:
        order = order.tail(top)
    wide = wide.reindex(order.index)
    positions = np.arange(len(wide))
    height = 0.8 / max(len(levels), 1)
    with study_style():
        figure = new_figure(0.9 + 0.22 * len(wide) * max(1.0, len(levels) / 1.5))
        axes = figure.add_subplot()
        for k, level in enumerate(levels):
            # The first level on top of each group, as the legend reads.
            offset = ((len(levels) - 1) / 2 - k) * height
            axes.barh(
                positions + offset,
                wide[level].astype(float).fillna(0),
                height=height,
                color=colour_of(level, k),
                label=readable(level, names),
            )
        axes.set_yticks(positions, [readable(c, names) for c in wide.index])
        axes.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        axes.set_xlim(left=0)  # shares are read against 0
        axes.grid(axis="y", visible=False)
        label_axes(axes, xlabel=xlabel, title=title)
        if len(levels) > 1:
            figure.legend(loc="outside lower center", ncols=len(levels))
    return figure


def count_bar_figure(labels: Sequence[str], counts: Sequence[float], xlabel: str) -> Figure:
    """Horizontal bars of counts, largest on top (labels read left to right in every
    language); a withheld count (NaN) draws no bar."""
    values = np.asarray(counts, dtype=float)
    with study_style():
        figure = new_figure(0.28 * max(len(values), 4) + 0.8)
        axes = figure.add_subplot()
        axes.barh(list(labels)[::-1], np.nan_to_num(values[::-1]), color=colour_of("total"))
        axes.set_xlabel(xlabel)
        axes.set_xlim(left=0)
    return figure
