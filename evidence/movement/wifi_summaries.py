"""The movement study's DTM-WiFi paragraph, hour-of-day profile and pages table, computed in
DuckDB over the curated partitions instead of a sessions frame in pandas.

``wifi_summaries(source)`` gives the same objects as evidence.movement.headlines.wifi_headline,
evidence.movement.wifi_usage.hour_profile and top_pages (same definitions, same results rows:
tests/movement/test_wifi_summaries.py compares them on small tables), but reads only the
columns it needs from Parquet and brings back a few dozen numbers: a country's sessions at
ten times the default size (about 9 million for Colombia) never enter Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from evidence.indicators.small_counts import DEFAULT_MIN_COUNT
from evidence.indicators.tables import DescriptiveTable
from evidence.movement.headlines import WifiHeadline
from evidence.movement.wifi_scan import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_THREADS,
    SessionSource,
    connect,
    stage_sessions,
    staged_pages,
)
from evidence.movement.wifi_usage import HOURS, hour_table, pages_table
from evidence.options import check_positive_int

if TYPE_CHECKING:  # duckdb loads on first use, not with `import evidence`
    import duckdb


@dataclass(frozen=True)
class WifiSummaries:
    """The Wi-Fi headline, hour profile and pages table of the sessions read.

    Parameters
    ----------
    headline : WifiHeadline
        Sessions, devices, sites, share of devices that came back and share of express
        sessions (the same object as :func:`evidence.movement.wifi_headline`).
    hours : DescriptiveTable
        Sessions by hour of the day, express and registered (as ``hour_profile``).
    pages : DescriptiveTable
        Pages visited by category over the sessions with page data (as ``top_pages``).
    recorded : int
        Sessions with pages recorded: the pages table's denominator.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.movement import wifi_summaries
    >>> sessions = synthesize("wifi_sessions", "ABW", "2023-12", seed=1, scale=0.05)
    >>> summaries = wifi_summaries(sessions)
    >>> summaries.headline.sessions == len(sessions)
    True
    >>> summaries.summary().startswith("Wi-Fi: ")
    True
    """

    headline: WifiHeadline
    hours: DescriptiveTable
    pages: DescriptiveTable
    recorded: int

    def to_frame(self) -> pd.DataFrame:
        return self.hours.to_frame()

    def summary(self) -> str:
        h = self.headline
        return (
            f"Wi-Fi: {h.sessions:,} sessions, {h.devices:,} devices at {h.sites} sites; "
            f"{h.share_returning:.1%} of devices came back, {h.share_express:.1%} express"
        )

    def _repr_html_(self) -> str:
        return f"<p>{self.summary()}</p>" + self.pages.to_frame().to_html(index=False, border=0)


def _headline(connection: duckdb.DuckDBPyConnection) -> WifiHeadline:
    row = connection.execute(
        "SELECT sum(n), count(*), count(*) FILTER (WHERE n > 1), sum(express), "
        "(SELECT count(DISTINCT site) FROM staged) FROM (SELECT device, count(*) AS n, "
        "count(*) FILTER (WHERE express) AS express FROM staged GROUP BY device)"
    ).fetchall()[0]
    sessions, devices, returning, express, sites = (int(v or 0) for v in row)
    return WifiHeadline(
        sessions=sessions,
        devices=devices,
        sites=sites,
        share_returning=returning / devices if devices else np.nan,
        share_express=express / sessions if sessions else np.nan,
    )


def _hours(connection: duckdb.DuckDBPyConnection, min_count: int) -> DescriptiveTable:
    counts = connection.sql(
        "SELECT hour, count(*) FILTER (WHERE express) AS express, "
        "count(*) FILTER (WHERE NOT express) AS registered FROM staged GROUP BY hour"
    ).df()
    counts = counts.set_index("hour").reindex(list(HOURS), fill_value=0)
    return hour_table(
        counts["express"].to_numpy(dtype="int64"),
        counts["registered"].to_numpy(dtype="int64"),
        min_count,
    )


def _recorded(connection: duckdb.DuckDBPyConnection) -> int:
    row = connection.execute("SELECT count(*) FILTER (WHERE recorded) FROM staged").fetchall()
    return int(row[0][0])


def _pages(
    connection: duckdb.DuckDBPyConnection, top: int | None, min_count: int
) -> DescriptiveTable:
    pages = staged_pages(connection)
    if pages:
        counts = connection.sql(
            "SELECT p.page, count(*) AS sessions, count(DISTINCT s.device) AS devices "
            "FROM staged s JOIN pages_dict p ON (s.pages >> p.bit) & 1 = 1 GROUP BY p.page"
        ).df()
    else:
        counts = pd.DataFrame({"page": [], "sessions": [], "devices": []})
    counts = (
        pd.DataFrame({"page": [name for _, name in pages]})
        .merge(counts, on="page", how="left")
        .fillna({"sessions": 0, "devices": 0})
    )
    return pages_table(counts, _recorded(connection), top=top, min_count=min_count)


def wifi_summaries(
    source: SessionSource,
    *,
    top: int | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int = DEFAULT_THREADS,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> WifiSummaries:
    """The Wi-Fi headline, hour profile and pages table of ``source``, computed in DuckDB.

    Same definitions and results rows as ``wifi_headline``, ``hour_profile`` and
    ``top_pages`` on a pandas frame, but only the aggregates come back to Python.

    Parameters
    ----------
    source : CuratedSessions or pandas.DataFrame
        ``curated_sessions(period, country)`` (Parquet partitions, read by DuckDB) or a frame
        of sessions laid out as ``data_contracts/wifi_sessions.yaml``.
    top : int, optional
        Keep the ``top`` page categories (all by default).
    min_count : int
        Cells under this many sessions are withheld (the small-count rule).
    memory_limit, threads
        DuckDB's memory limit (spills beyond it) and threads.
    connection : duckdb.DuckDBPyConnection, optional
        A connection that already holds the ``staged`` table (``stage_sessions``); nothing
        is read again and the connection is left open.

    Returns
    -------
    WifiSummaries

    Raises
    ------
    OptionError
        When ``top`` is not a positive integer.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> sessions = synthesize("wifi_sessions", "ABW", "2023-12", seed=1, scale=0.05)
    >>> summaries = wifi_summaries(sessions)
    >>> summaries.recorded <= summaries.headline.sessions
    True
    >>> list(summaries.hours.to_frame().columns[:4])
    ['hour', 'sessions', 'express', 'registered']
    """
    if top is not None:
        check_positive_int("top", top)
    own = connection is None
    con = connect(memory_limit, threads) if connection is None else connection
    try:
        if own:
            stage_sessions(con, source)
        return WifiSummaries(
            headline=_headline(con),
            hours=_hours(con, min_count),
            pages=_pages(con, top, min_count),
            recorded=_recorded(con),
        )
    finally:
        if own:
            con.close()


__all__ = ["WifiSummaries", "wifi_summaries"]
