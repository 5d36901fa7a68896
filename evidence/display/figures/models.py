"""Figures of the integration models: effects with intervals, a gap decomposition, the
covariate balance of a propensity weighting and the overlap of the propensities.

Each builder takes a frame (``evidence.display.models`` builds them from published rows)
and returns a Figure; labels are arguments, so a study passes its catalogue's texts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator, PercentFormatter

from evidence.display.figures.style import OKABE_ITO, colour_of, label_axes, new_figure, study_style
from evidence.errors import ContractError
from evidence.indicators.checks import require_columns

BALANCE_THRESHOLD = 0.1
GREY = "#8C8C8C"


def effect_dot_figure(
    effects: pd.DataFrame,
    *,
    reference: float = 1.0,
    log_scale: bool = True,
    xlabel: str = "",
    title: str = "",
) -> Figure:
    """One row per term: the estimate as a dot and its 95% interval as a line, with a dashed
    reference line (1 for odds ratios on a log axis; 0 for marginal effects).
    ``effects`` has ``label``, ``estimate``, ``ci_low``, ``ci_high``; rows without an
    estimate (withheld) are left out."""
    require_columns(effects, ["label", "estimate", "ci_low", "ci_high"], "effects")
    rows = effects[effects["estimate"].notna()].iloc[::-1].reset_index(drop=True)
    positions = np.arange(len(rows))
    with study_style():
        figure = new_figure(0.9 + 0.3 * max(len(rows), 2))
        axes = figure.add_subplot()
        axes.axvline(reference, color=GREY, lw=1, ls="--", zorder=1)
        axes.hlines(positions, rows["ci_low"], rows["ci_high"], color=OKABE_ITO[0], lw=1.5)
        axes.scatter(rows["estimate"], positions, s=28, color=OKABE_ITO[0], zorder=3)
        axes.set_yticks(positions, [str(label) for label in rows["label"]])
        axes.grid(axis="y", visible=False)
        if log_scale:
            axes.set_xscale("log")
            axes.xaxis.set_minor_locator(NullLocator())
            ticks = [t for t in (0.1, 0.2, 0.5, 1, 2, 5, 10) if _within(t, rows)]
            axes.set_xticks(ticks)
            axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        label_axes(axes, xlabel=xlabel, title=title)
    return figure


def _within(tick: float, rows: pd.DataFrame) -> bool:
    values = rows[["estimate", "ci_low", "ci_high"]].to_numpy(dtype=float)
    values = values[np.isfinite(values) & (values > 0)]
    low, high = (min(values.min(), 1.0), max(values.max(), 1.0)) if values.size else (0.5, 2.0)
    return low / 1.5 <= tick <= high * 1.5


# A model result's own column names -> the figures' (a tutorial passes the result itself).
_BALANCE_COLUMNS = {"covariate": "label", "smd_before": "before", "smd_after": "after"}


def _detail_frame(detail: object) -> pd.DataFrame:
    """``label``, ``explained``, ``unexplained`` from an Oaxaca-Blinder result, its
    ``detailed()`` frame (terms as the index) or a frame that has them already."""
    detailed = getattr(detail, "detailed", None)
    frame = detailed() if callable(detailed) else detail
    if not isinstance(frame, pd.DataFrame):
        raise ContractError(f"detail must be a frame or an Oaxaca result, not {type(detail)}")
    if "label" not in frame.columns and frame.index.name == "term":
        return frame.reset_index(names="label")
    return frame


def _balance_frame(balance: object) -> pd.DataFrame:
    """``label``, ``before``, ``after`` from a regularisation effect, its ``balance`` frame
    (``covariate``, ``smd_before``, ``smd_after``) or a frame that has them already."""
    frame = getattr(balance, "balance", balance)
    if not isinstance(frame, pd.DataFrame):
        raise ContractError(f"balance must be a frame or a RegularisationEffect: {type(balance)}")
    return frame if "label" in frame.columns else frame.rename(columns=_BALANCE_COLUMNS)


def decomposition_bar_figure(
    detail: object,
    *,
    explained_label: str,
    unexplained_label: str,
    xlabel: str = "",
    title: str = "",
    points: bool = True,
) -> Figure:
    """Each covariate's contribution to the explained and the unexplained part of a gap, as
    paired horizontal bars around zero (first row on top). ``detail`` has ``label``,
    ``explained`` and ``unexplained`` (``evidence.display.models.detail_frame``), or is the
    Oaxaca-Blinder result itself or its ``detailed()`` frame; with ``points`` the axis writes
    differences of shares in percentage points."""
    detail = _detail_frame(detail)
    require_columns(detail, ["label", "explained", "unexplained"], "detail")
    rows = detail.iloc[::-1].reset_index(drop=True)
    positions = np.arange(len(rows))
    height = 0.38
    with study_style():
        figure = new_figure(1.1 + 0.34 * max(len(rows), 2))
        axes = figure.add_subplot()
        axes.axvline(0, color="#4D4D4D", lw=0.8)
        axes.barh(positions + height / 2, rows["explained"].astype(float).fillna(0), height,
                  color=OKABE_ITO[0], label=explained_label)  # fmt: skip
        axes.barh(positions - height / 2, rows["unexplained"].astype(float).fillna(0), height,
                  color=OKABE_ITO[1], label=unexplained_label)  # fmt: skip
        axes.set_yticks(positions, [str(label) for label in rows["label"]])
        axes.grid(axis="y", visible=False)
        if points:
            axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{100 * v:g}"))
        label_axes(axes, xlabel=xlabel, title=title)
        figure.legend(loc="outside lower center", ncols=2)
    return figure


def balance_figure(
    balance: object,
    *,
    before_label: str,
    after_label: str,
    xlabel: str = "",
    threshold: float = BALANCE_THRESHOLD,
    title: str = "",
) -> Figure:
    """Standardised mean differences of each covariate before (hollow) and after (filled)
    the weighting, with the ±``threshold`` band of balance shaded. ``balance`` has
    ``label``, ``before``, ``after`` (``evidence.display.models.balance_frame``), or is the
    ``RegularisationEffect`` itself or its ``balance`` frame."""
    balance = _balance_frame(balance)
    require_columns(balance, ["label", "before", "after"], "balance")
    rows = balance.iloc[::-1].reset_index(drop=True)
    positions = np.arange(len(rows))
    with study_style():
        figure = new_figure(1.1 + 0.3 * max(len(rows), 2))
        axes = figure.add_subplot()
        axes.axvspan(-threshold, threshold, color="#E8E8E8", zorder=0)
        for edge in (-threshold, threshold):
            axes.axvline(edge, color=GREY, lw=0.8, ls="--", zorder=1)
        axes.axvline(0, color="#4D4D4D", lw=0.8, zorder=1)
        axes.hlines(positions, rows["before"], rows["after"], color="#B0B0B0", lw=1, zorder=2)
        axes.scatter(rows["before"], positions, s=30, facecolors="white",
                     edgecolors=OKABE_ITO[3], zorder=3, label=before_label)  # fmt: skip
        axes.scatter(rows["after"], positions, s=30, color=OKABE_ITO[0], zorder=4,
                     label=after_label)  # fmt: skip
        axes.set_yticks(positions, [str(label) for label in rows["label"]])
        axes.grid(axis="y", visible=False)
        values = rows[["before", "after"]].to_numpy(dtype=float)
        reach = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else threshold
        reach = max(reach, threshold) * 1.15
        axes.set_xlim(-reach, reach)
        label_axes(axes, xlabel=xlabel, title=title)
        figure.legend(loc="outside lower center", ncols=2)
    return figure


def overlap_figure(
    propensities: pd.DataFrame,
    *,
    treated_label: str,
    control_label: str,
    xlabel: str = "",
    ylabel: str = "",
    bins: int = 20,
    title: str = "",
) -> Figure:
    """Weighted distribution of the propensity score among the treated and the controls
    (each group's histogram sums to 1), on the 0-1 axis: where they overlap, the weighting
    compares like with like. ``propensities`` has ``treated``, ``propensity``, ``weight``
    (``RegularisationResults.propensities``)."""
    require_columns(propensities, ["treated", "propensity", "weight"], "propensities")
    edges = [float(e) for e in np.linspace(0.0, 1.0, bins + 1)]
    with study_style():
        figure = new_figure(2.4)
        axes = figure.add_subplot()
        for flag, label, colour in ((True, treated_label, colour_of("true")),
                                    (False, control_label, colour_of("false"))):  # fmt: skip
            group = propensities[propensities["treated"].astype(bool) == flag]
            weights = group["weight"].to_numpy(dtype=float)
            total = weights.sum()
            if total <= 0:
                continue
            axes.hist(group["propensity"].to_numpy(dtype=float), bins=edges,
                      weights=weights / total, histtype="stepfilled", alpha=0.45,
                      color=colour, edgecolor=colour, label=label)  # fmt: skip
        axes.set_xlim(0, 1)
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        label_axes(axes, xlabel=xlabel, ylabel=ylabel, title=title)
        figure.legend(loc="outside lower center", ncols=2)
    return figure
