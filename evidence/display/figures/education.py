"""Figures of the education section: dropout by group, reliability, factors side by side.

Each builder takes the frames of ``evidence.display.education`` (built from published rows)
and returns a Matplotlib figure; labels are arguments so the study passes its catalogue's.
Shares are drawn on axes that start at 0.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, PercentFormatter

from evidence.display.figures.style import colour_of, label_axes, new_figure, readable, study_style
from evidence.indicators.checks import require_columns


def dropout_rate_figure(rates: pd.DataFrame, *, xlabel: str = "") -> Figure:
    """One row per domain (``dropout_rates``: label, group, estimate, ci_low, ci_high): the
    dropout rate as a dot with its 95% interval, coloured by group; first domain on top.
    Withheld rates are left out."""
    require_columns(rates, ["label", "group", "estimate", "ci_low", "ci_high"], "rates")
    rows = rates[rates["estimate"].notna()].iloc[::-1].reset_index(drop=True)
    positions = np.arange(len(rows))
    with study_style():
        figure = new_figure(0.7 + 0.3 * max(len(rows), 2))
        axes = figure.add_subplot()
        for k, r in enumerate(rows.to_dict("records")):
            colour = colour_of(str(r["group"]))
            low, high = max(float(r["ci_low"]), 0.0), float(r["ci_high"])
            if np.isfinite(low) and np.isfinite(high):
                axes.hlines(k, low, high, color=colour, lw=1.2)
            axes.scatter([r["estimate"]], [k], s=30, color=colour, zorder=3)
        axes.set_yticks(positions, [str(label) for label in rows["label"]])
        axes.set_xlim(left=0)
        axes.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        axes.grid(axis="y", visible=False)
        label_axes(axes, xlabel=xlabel)
    return figure


def reliability_figure(
    curves: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    xlabel: str = "Predicted risk",
    ylabel: str = "Observed dropout",
) -> Figure:
    """Observed dropout share against mean predicted risk per risk bin (``reliability``:
    level, bin, mean_predicted, observed), one line per level, with the diagonal of perfect
    calibration; both axes are shares from 0. Withheld bins break the line."""
    require_columns(curves, ["level", "bin", "mean_predicted", "observed"], "curves")
    top = np.nanmax(curves[["mean_predicted", "observed"]].to_numpy(dtype=float), initial=0.0)
    top = min(1.0, max(0.1, float(top) * 1.08))
    with study_style():
        figure = new_figure(3.4, width_in=4.6)
        axes = figure.add_subplot()
        axes.plot([0, top], [0, top], color="#9E9E9E", lw=1, ls="--", zorder=1)
        for k, (level, part) in enumerate(curves.groupby("level", sort=False)):
            part = part.sort_values("bin")
            axes.plot(
                part["mean_predicted"],
                part["observed"],
                marker="o",
                ms=3.5,
                lw=1.3,
                color=colour_of(str(level), k),
                label=readable(level, names),
            )
        axes.set_xlim(0, top)
        axes.set_ylim(0, top)
        axes.set_aspect("equal")
        for axis in (axes.xaxis, axes.yaxis):
            axis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        axes.set_xlabel(xlabel)
        axes.set_ylabel(ylabel)
        axes.legend(loc="upper left")
    return figure


def factors_figure(
    factors: pd.DataFrame,
    *,
    importance_label: str = "AUC lost (×100)",
    odds_label: str = "Odds ratio (95% CI)",
) -> Figure:
    """Two panels sharing the factors (``factors``: label, importance, odds_ratio,
    or_ci_low, or_ci_high): left, the predictive model's permutation importance (bars);
    right, the interpretable model's odds ratios with their 95% intervals on a log scale,
    with a line at 1 (no association). A factor missing from a model has no mark there.
    Importance is labelled ×100 (AUC points), as the study's table writes it."""
    require_columns(
        factors, ["label", "importance", "odds_ratio", "or_ci_low", "or_ci_high"], "factors"
    )
    rows = factors.iloc[::-1].reset_index(drop=True)
    positions = np.arange(len(rows))
    with study_style():
        figure = new_figure(0.9 + 0.28 * max(len(rows), 3))
        left, right = figure.subplots(1, 2, sharey=True, width_ratios=(1, 1.2))
        importance = rows["importance"].astype(float)
        left.barh(positions, importance.fillna(0).clip(lower=0), color=colour_of("total"))
        left.set_yticks(positions, [str(label) for label in rows["label"]])
        left.set_xlim(left=0)
        left.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{100 * v:g}"))
        left.set_xlabel(importance_label)
        left.grid(axis="y", visible=False)
        odds = rows["odds_ratio"].astype(float)
        shown = odds.notna() & (odds > 0)
        low = rows["or_ci_low"].astype(float)
        high = rows["or_ci_high"].astype(float)
        right.hlines(positions[shown], low[shown], high[shown], color=colour_of("migrant"), lw=1.2)
        right.scatter(odds[shown], positions[shown], s=26, color=colour_of("migrant"), zorder=3)
        right.axvline(1.0, color="#9E9E9E", lw=1, ls="--")
        right.set_xscale("log")
        values = np.concatenate([low[shown], high[shown], [1.0]])
        span = (float(np.nanmin(values)) / 1.15, float(np.nanmax(values)) * 1.15)
        right.set_xlim(*span)
        ticks = [t for t in (0.1, 0.25, 0.5, 1, 2, 4, 8, 16) if span[0] <= t <= span[1]]
        right.xaxis.set_major_locator(FixedLocator(ticks))
        right.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        right.xaxis.set_minor_formatter(NullFormatter())
        right.set_xlabel(odds_label)
        right.grid(axis="y", visible=False)
        right.tick_params(axis="y", left=False)
    return figure
