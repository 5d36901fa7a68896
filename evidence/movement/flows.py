"""Flows by day and by site from the flow monitoring registry (flow_counts).

Counts are people observed during the counting hours (entries, exits, transit), not unique
people. A day without a row at a site is a day not counted, never a zero: totals by day say
how many sites reported, and means are per day counted.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from evidence.disclosure.columns import Unit
from evidence.indicators.checks import require_columns
from evidence.indicators.publish import measure_rows
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, mask_small_counts
from evidence.indicators.tables import DescriptiveTable
from evidence.options import check_option, check_positive_int

FlowScope = Literal["total", "site"]
FLOW_SCOPES: tuple[FlowScope, ...] = ("total", "site")
DIRECTIONS: tuple[str, ...] = ("entries", "exits", "transit")
COUNT_COLUMNS: tuple[str, ...] = ("site_id", "date", *DIRECTIONS)
SITE_COLUMNS: tuple[str, ...] = ("site_name", "site_type", "admin1")
# Published indicators of flows_by_site: column → (indicator code, unit).
SITE_MEASURES: dict[str, tuple[str, Unit]] = {
    "days_counted": ("total_days_counted", "total"),
    "total": ("count_people_observed", "count"),
    "mean_per_day": ("rate_people_per_day", "rate"),
    "share_of_total": ("share_people_observed", "proportion"),
}


def daily_counts(flow_counts: pd.DataFrame) -> pd.DataFrame:
    """site_id, date, entries, exits, transit and total as plain integers, one row per
    site and day (duplicate rows of a site-day are added up).

    The one reading of flow_counts every flow analysis starts from (flows, trend, surges,
    forecast, red flags): dates as timestamps, missing counts as 0 within a row counted.

    Parameters
    ----------
    flow_counts : pandas.DataFrame
        Rows of flow_counts (site_id, date, entries, exits, transit), curated or canonical.

    Returns
    -------
    pandas.DataFrame
        site_id, date, entries, exits, transit, total; sorted by site and date.

    Raises
    ------
    ContractError
        When a required column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"site_id": ["ABW-S001", "ABW-S001"],
    ...                      "date": ["2023-12-01", "2023-12-01"],
    ...                      "entries": [3, 2], "exits": [1, None], "transit": [0, 4]})
    >>> daily_counts(rows)[["site_id", "entries", "exits", "transit", "total"]].values.tolist()
    [['ABW-S001', 5, 1, 4, 10]]
    """
    require_columns(flow_counts, COUNT_COLUMNS, "flow_counts")
    frame = pd.DataFrame(
        {
            "site_id": flow_counts["site_id"].astype("string"),
            "date": pd.to_datetime(flow_counts["date"]).dt.normalize(),
            **{d: pd.to_numeric(flow_counts[d]).fillna(0).astype("int64") for d in DIRECTIONS},
        }
    )
    frame = frame.groupby(["site_id", "date"], as_index=False, sort=True)[list(DIRECTIONS)].sum()
    frame["total"] = frame[list(DIRECTIONS)].sum(axis=1)
    return frame


def _rolling_mean(series: pd.Series, dates: pd.Series, window: int) -> pd.Series:
    """Trailing mean over the last ``window`` calendar days (days not counted are skipped,
    not read as zeros); the first days of the period average the days there are."""
    indexed = pd.Series(series.to_numpy(dtype=float), index=pd.DatetimeIndex(dates))
    rolled = indexed.rolling(f"{window}D", min_periods=1).mean()
    return pd.Series(rolled.to_numpy(), index=series.index)


def flows_by_day(
    flow_counts: pd.DataFrame,
    *,
    by: FlowScope = "total",
    window: int = 7,
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """People observed per day (entries, exits, transit, total) and the trailing
    ``window``-day mean of the total, for the country (``by="total"``, with the number of
    sites reporting) or per site (``by="site"``). Counts of 1 to ``min_count - 1`` at a
    single site and day are withheld (see evidence.indicators.small_counts); the rolling
    mean is computed before withholding.

    Parameters
    ----------
    flow_counts : pandas.DataFrame
        Rows of flow_counts (site_id, date, entries, exits, transit).
    by : {"total", "site"}
        The country per day, or each site per day.
    window : int
        Days of the trailing mean (calendar days; days not counted are skipped).
    min_count : int
        Counts under this are withheld (the small-count rule).

    Returns
    -------
    DescriptiveTable
        date (and site_id, or sites_reporting), entries, exits, transit, total,
        total_rolling_mean, suppressed.

    Raises
    ------
    OptionError
        When ``by`` is unknown or ``window`` is not a positive integer.
    ContractError
        When flow_counts lacks a required column.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> counts = synthesize("flow_counts", "ABW", "2023-12", seed=1, scale=0.05)
    >>> table = flows_by_day(counts).to_frame()
    >>> len(table), list(table.columns[:3])
    (31, ['date', 'sites_reporting', 'entries'])
    >>> by_site = flows_by_day(counts, by="site", window=3).to_frame()
    >>> sorted(by_site["site_id"].unique())
    ['ABW-S001', 'ABW-S006']
    """
    check_option("by", by, FLOW_SCOPES)
    check_positive_int("window", window)
    daily = daily_counts(flow_counts)
    if by == "total":
        table = daily.groupby("date", as_index=False)[[*DIRECTIONS, "total"]].sum()
        table.insert(1, "sites_reporting", daily.groupby("date")["site_id"].nunique().to_numpy())
        table["total_rolling_mean"] = _rolling_mean(table["total"], table["date"], window)
    else:
        parts = []
        for _, site in daily.groupby("site_id", sort=True):
            site = site.reset_index(drop=True)
            site["total_rolling_mean"] = _rolling_mean(site["total"], site["date"], window)
            parts.append(site)
        table = (
            pd.concat(parts, ignore_index=True) if parts else daily.assign(total_rolling_mean=[])
        )
    table = mask_small_counts(table, [*DIRECTIONS, "total"], min_count, ["total_rolling_mean"])
    scope = "the country" if by == "total" else "each site"
    return DescriptiveTable(
        table,
        title=f"People observed per day at {scope}",
        notes=(f"total_rolling_mean: trailing {window}-day mean of the total.",),
    )


def flows_by_site(
    flow_counts: pd.DataFrame,
    sites: pd.DataFrame | None = None,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """People observed over the period at each site: days counted, entries, exits, transit,
    total, mean per day counted and share of the country's total, busiest site first.
    With ``sites`` (the site registry) the site's name, type and admin1 are added.

    Parameters
    ----------
    flow_counts : pandas.DataFrame
        Rows of flow_counts (site_id, date, entries, exits, transit).
    sites : pandas.DataFrame, optional
        The site registry (site_id, site_name, site_type, admin1).
    min_count : int
        A site with a total under this has its numbers withheld.

    Returns
    -------
    DescriptiveTable
        site_id, days_counted, entries, exits, transit, total, mean_per_day,
        share_of_total, suppressed; its results rows are the published indicators.

    Raises
    ------
    ContractError
        When flow_counts or sites lacks a required column.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> counts = synthesize("flow_counts", "ABW", "2023-12", seed=1, scale=0.05)
    >>> sites = synthesize("sites", "ABW", "2023-12", seed=1, scale=0.05)
    >>> table = flows_by_site(counts, sites).to_frame()
    >>> list(table.columns[:5])
    ['site_id', 'site_name', 'site_type', 'admin1', 'days_counted']
    >>> bool(table["total"].is_monotonic_decreasing), float(table["share_of_total"].sum())
    (True, 1.0)
    """
    daily = daily_counts(flow_counts)
    table = daily.groupby("site_id", as_index=False).agg(
        days_counted=("date", "nunique"),
        **{d: (d, "sum") for d in (*DIRECTIONS, "total")},
    )
    table["mean_per_day"] = table["total"] / table["days_counted"]
    grand = table["total"].sum()
    table["share_of_total"] = table["total"] / grand if grand > 0 else float("nan")
    if sites is not None:
        require_columns(sites, ["site_id", *SITE_COLUMNS], "sites")
        registry = sites[["site_id", *SITE_COLUMNS]].astype({"site_id": "string"})
        table = table.merge(registry, on="site_id", how="left")
        table = table[["site_id", *SITE_COLUMNS, *[c for c in table if c not in registry]]]
    table = table.sort_values(["total", "site_id"], ascending=[False, True], ignore_index=True)
    full = table.copy()

    def results_rows(country: str, period: str) -> pd.DataFrame:
        # Every number of a site rests on the people observed there: a site under the
        # minimum count has all its numbers withheld.
        return measure_rows(
            full,
            country=country,
            period=period,
            by=("site_id",),
            n="total",
            measures=SITE_MEASURES,
            numerators={"share_of_total": "total"},
        )

    return DescriptiveTable(
        mask_small_counts(
            table, [*DIRECTIONS, "total"], min_count, ["mean_per_day", "share_of_total"]
        ),
        title="People observed by site over the period",
        rows=results_rows,
    )
