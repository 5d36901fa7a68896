"""Trend of flows within the period: the second half of the month against the first.

A month of registry counts is too short for a model of trend; the studies report the plain
comparison readers ask for: mean people observed per day counted in days 16 to the end of
the month against days 1 to 15 (for February, 1-14 and 15-28/29), for each direction and the
total, with the relative change. A change within ``tolerance`` (default ±10%) is called
stable, because day-to-day noise in the counts is of that order.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from evidence.errors import EstimationError
from evidence.indicators.keys import resolve_period
from evidence.indicators.tables import DescriptiveTable
from evidence.movement.flows import DIRECTIONS, FLOW_SCOPES, FlowScope, daily_counts
from evidence.options import check_option, check_positive_number
from evidence.periods import period_bounds

Direction = Literal["increase", "decrease", "stable"]
MEASURES: tuple[str, ...] = (*DIRECTIONS, "total")


def half_of_month(dates: pd.Series, period: str) -> pd.Series:
    """``"first"`` for days up to the middle of the month, ``"second"`` after, else missing."""
    start, end = period_bounds(period)
    middle = start + pd.Timedelta(days=end.day // 2 - 1)
    half = np.where(dates <= middle, "first", "second")
    inside = (dates >= start) & (dates <= end)
    return pd.Series(half, index=dates.index, dtype="string").where(inside)


def _period_of(flow_counts: pd.DataFrame, period: str | None) -> str:
    if period is not None or "period" in flow_counts.columns:
        return resolve_period(flow_counts, period)
    first = pd.to_datetime(flow_counts["date"]).min()
    return f"{first.year:04d}-{first.month:02d}"


def flow_trend(
    flow_counts: pd.DataFrame,
    *,
    by: FlowScope = "total",
    period: str | None = None,
    tolerance: float = 0.10,
) -> DescriptiveTable:
    """Mean people observed per day in each half of the month, and the relative change.

    One row per scope (``total`` or each site) and measure (entries, exits, transit,
    total): ``days_first``, ``days_second`` (days counted), ``mean_first``,
    ``mean_second``, ``change`` (mean_second / mean_first - 1, missing when the first half
    has no flow) and ``direction`` (increase, decrease or stable within ``tolerance``).

    Parameters
    ----------
    flow_counts : pandas.DataFrame
        Rows of flow_counts (site_id, date, entries, exits, transit) of one month.
    by : {"total", "site"}
        The country, or each site.
    period : str, optional
        The month ``YYYY-MM`` (default: the ``period`` column, else the first date's).
    tolerance : float
        Relative changes within ± this are called stable.

    Returns
    -------
    DescriptiveTable
        scope, measure, days_first, days_second, mean_first, mean_second, change,
        direction.

    Raises
    ------
    OptionError
        When ``by`` is unknown or ``tolerance`` is not positive.
    EstimationError
        When no day of flow_counts falls inside the period.

    See Also
    --------
    flow_forecast : trend and forecast over several months.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> counts = synthesize("flow_counts", "ABW", "2023-12", seed=1, scale=0.05)
    >>> table = flow_trend(counts).to_frame()
    >>> table[["measure", "days_first", "days_second", "direction"]].values.tolist()[-1]
    ['total', 15, 16, 'stable']
    >>> flow_trend(counts, period="2024-01")
    Traceback (most recent call last):
    ...
    evidence.errors.EstimationError: flow_counts has no day inside the period 2024-01; ...
    """
    check_option("by", by, FLOW_SCOPES)
    check_positive_number("tolerance", tolerance)
    month = _period_of(flow_counts, period)
    daily = daily_counts(flow_counts)
    daily["half"] = half_of_month(daily["date"], month)
    daily = daily.dropna(subset=["half"])
    if daily.empty:
        raise EstimationError(f"flow_counts has no day inside the period {month}; check period=")
    if by == "total":
        daily = daily.groupby(["date", "half"], as_index=False)[list(MEASURES)].sum()
        daily["scope"] = "total"
    else:
        daily["scope"] = daily["site_id"]
    rows = []
    for scope, group in daily.groupby("scope", sort=True):
        halves = {h: group[group["half"] == h] for h in ("first", "second")}
        for measure in MEASURES:
            first = halves["first"][measure].mean() if len(halves["first"]) else np.nan
            second = halves["second"][measure].mean() if len(halves["second"]) else np.nan
            change = second / first - 1 if first > 0 else np.nan
            rows.append(
                {
                    "scope": str(scope),
                    "measure": measure,
                    "days_first": halves["first"]["date"].nunique(),
                    "days_second": halves["second"]["date"].nunique(),
                    "mean_first": first,
                    "mean_second": second,
                    "change": change,
                    "direction": _direction(change, tolerance),
                }
            )
    return DescriptiveTable(
        pd.DataFrame(rows),
        title=f"Change in people observed per day, second against first half of {month}",
        notes=(f"Changes within ±{tolerance:.0%} are called stable.",),
    )


def _direction(change: float, tolerance: float) -> Direction | None:
    if not np.isfinite(change):
        return None
    if change > tolerance:
        return "increase"
    if change < -tolerance:
        return "decrease"
    return "stable"
