"""Dot plots comparing two groups (migrants and hosts) indicator by indicator, with intervals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from evidence.display.figures.style import colour_of, label_axes, new_figure, readable, study_style
from evidence.indicators.checks import require_columns


def group_dot_figure(
    gaps: pd.DataFrame,
    *,
    indicators: Sequence[str] | None = None,
    group_names: tuple[str, str] = ("host", "migrant"),
    title: str = "",
    xlabel: str = "",
    names: Mapping[str, str] | None = None,
    percent: bool = True,
    unit_range: bool = False,
) -> Figure:
    """One row per indicator: the reference and focus groups' estimates as dots with their
    95% intervals, joined by a line (the gap). ``gaps`` is a GroupComparison's
    ``overall()`` (one row per indicator); ``indicators`` picks rows on one scale (e.g. the
    proportions); ``group_names`` (reference, focus) name and colour the two groups. Shares
    (``percent``) are drawn from 0; 0–1 scores (``unit_range``) on the whole 0–1 axis."""
    require_columns(gaps, ["indicator", "label", "reference", "focus"], "gaps")
    rows = gaps if indicators is None else gaps[gaps["indicator"].isin(indicators)]
    # Indicators withheld for both groups have nothing to draw.
    rows = rows[rows["reference"].notna() | rows["focus"].notna()]
    rows = rows.iloc[::-1].reset_index(drop=True)  # first indicator at the top
    positions = np.arange(len(rows))
    with study_style():
        figure = new_figure(0.9 + 0.32 * len(rows))
        axes = figure.add_subplot()
        axes.hlines(positions, rows["reference"], rows["focus"], color="#B0B0B0", lw=1.5)
        for side, group, nudge in (
            ("reference", group_names[0], -0.12),
            ("focus", group_names[1], 0.12),
        ):
            low = rows.get(f"{side}_ci_low")
            high = rows.get(f"{side}_ci_high")
            if low is not None and high is not None:
                if percent:
                    # A Wald interval of a bounded share can pass 0 or 100%: drawn within.
                    low, high = low.clip(0, 1), high.clip(0, 1)
                axes.hlines(positions + nudge, low, high, color=colour_of(group), lw=1, alpha=0.8)
            axes.scatter(
                rows[side],
                positions + nudge,
                s=30,
                color=colour_of(group),
                zorder=3,
                label=readable(group, names),
            )
        axes.set_yticks(positions, [str(label) for label in rows["label"]])
        axes.grid(axis="y", visible=False)
        if percent:
            axes.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            axes.set_xlim(left=0)
        if unit_range:
            axes.set_xlim(0, 1)
        label_axes(axes, xlabel=xlabel, title=title)
        figure.legend(loc="outside lower center", ncols=2)
    return figure


def ipl_dot_figure(
    dimensions: pd.DataFrame,
    *,
    title: str = "",
    xlabel: str = "Score (0-1)",
    names: Mapping[str, str] | None = None,
) -> Figure:
    """IPL-12 dimension scores of both groups (``ipl_dimensions(...)``) as a dot plot."""
    require_columns(dimensions, ["dimension", "group", "estimate", "ci_low", "ci_high"], "ipl")
    groups = list(dict.fromkeys(dimensions["group"]))
    wide = dimensions.pivot_table(
        index="dimension", columns="group", values=["estimate", "ci_low", "ci_high"], sort=False
    )
    rows = pd.DataFrame(
        {
            "indicator": wide.index,
            "label": [readable(d, names) for d in wide.index],
            "reference": wide[("estimate", groups[0])].to_numpy(),
            "reference_ci_low": wide[("ci_low", groups[0])].to_numpy(),
            "reference_ci_high": wide[("ci_high", groups[0])].to_numpy(),
            "focus": wide[("estimate", groups[-1])].to_numpy(),
            "focus_ci_low": wide[("ci_low", groups[-1])].to_numpy(),
            "focus_ci_high": wide[("ci_high", groups[-1])].to_numpy(),
        }
    )
    return group_dot_figure(
        rows,
        group_names=(groups[0], groups[-1]),
        title=title,
        xlabel=xlabel,
        names=names,
        percent=False,
        unit_range=True,
    )
