"""DTM-WiFi indicators computed in DuckDB, out of core: per site and day, per site and period,
per country and period.

Definitions (a reader can check them on a hand-made table, see tests/movement):

- sessions: connections; express_sessions: those of the three-minute express type;
  express_share = express_sessions / sessions.
- devices: distinct pseudonymised devices that connected in the cell (devices of two days or
  sites do not add up). sessions_per_device = sessions / devices.
- returning_devices of a site and day: devices of the cell first seen (at any site of the data
  read) on an earlier day, earlier in the period or in an earlier curated period;
  new_devices = devices - returning_devices. For a site or country over a period:
  returning = seen in an earlier period, new = first seen in this period.
- minutes_p10 ... minutes_p90: quantiles of the minutes connected (end - start), linear
  interpolation between order statistics (R type 7, pandas' default, DuckDB quantile_cont).
- peak_hour: the hour of the day (0-23, local time at the site) with the most sessions,
  the earliest such hour on a tie; peak_hour_sessions its sessions.
- pages: sessions that visited each page category, and their share of the cell's sessions.

Every query reads the compact ``staged`` table of evidence.movement.wifi_scan; the frames
that come back are aggregates (a row per site and day at most).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from evidence.disclosure.columns import Unit
from evidence.errors import OptionError
from evidence.indicators.publish import result_row, rows_frame
from evidence.movement.wifi_scan import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_THREADS,
    SessionSource,
    connect,
    labelled,
    stage_sessions,
    staged_pages,
)

if TYPE_CHECKING:  # DuckDB loads on first query: `import evidence` stays fast
    import duckdb

QUANTILES: tuple[float, ...] = (0.10, 0.25, 0.50, 0.75, 0.90)
SITE_DAY = ("country_code", "period_code", "site", "day")
SITE_PERIOD = ("country_code", "period_code", "site")
COUNTRY_PERIOD = ("country_code", "period_code")
_LABELS = {"country_code": "country", "period_code": "period", "site": "site_id", "day": "date"}


def quantile_columns(quantiles: Sequence[float] = QUANTILES) -> list[str]:
    return [f"minutes_p{round(q * 100):02d}" for q in quantiles]


@dataclass(frozen=True)
class WifiIndicators:
    """The Wi-Fi indicators of the sessions read (definitions in the module docstring).

    ``site_day`` (``to_frame()``), ``site_period`` and ``country_period``: sessions, devices,
    new_devices, returning_devices, sessions_per_device, express_sessions, express_share,
    minutes quantiles, peak_hour, peak_hour_sessions. ``hours``: sessions per site, period
    and hour of the day. ``pages``: sessions and share per site, day and page category.
    """

    site_day: pd.DataFrame = field(repr=False)
    site_period: pd.DataFrame = field(repr=False)
    country_period: pd.DataFrame = field(repr=False)
    hours: pd.DataFrame = field(repr=False)
    pages: pd.DataFrame = field(repr=False)
    memory_limit: str = DEFAULT_MEMORY_LIMIT
    threads: int = DEFAULT_THREADS

    def to_frame(self) -> pd.DataFrame:
        return self.site_day.copy()

    def summary(self) -> str:
        table = self.country_period[
            ["country", "period", "sessions", "devices", "new_devices", "express_share"]
        ]
        return (
            f"Wi-Fi indicators: {len(self.site_day):,} site-days, "
            f"{self.site_period['site_id'].nunique()} sites\n"
            + table.to_string(index=False, float_format=lambda v: f"{v:.3g}")
        )

    def __repr__(self) -> str:
        return f"WifiIndicators({len(self.site_day)} site-days, {len(self.country_period)} cells)"

    def _repr_html_(self) -> str:
        return (
            f"<p><strong>Wi-Fi indicators</strong>: {len(self.site_day):,} site-days</p>"
            + self.country_period.to_html(index=False, border=0, float_format=lambda v: f"{v:.3g}")
        )

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """Long results rows (results contract + unit, numerator) for one country and
        period: the country total and each site (disaggregation ``site``)."""
        total = self.country_period[
            (self.country_period["country"] == country) & (self.country_period["period"] == period)
        ].assign(disaggregation="total", level="total")
        sites = self.site_period[
            (self.site_period["country"] == country) & (self.site_period["period"] == period)
        ]
        sites = sites.assign(disaggregation="site", level=sites["site_id"])
        page_rows = _page_totals(self.pages, country, period)
        rows = [_cell_rows(r, page_rows) for _, r in pd.concat([total, sites]).iterrows()]
        flat = [row for cell in rows for row in cell]
        return rows_frame(flat, country, period)


def _page_totals(pages: pd.DataFrame, country: str, period: str) -> pd.DataFrame:
    cell = pages[(pages["country"] == country) & (pages["period"] == period)]
    by_site = cell.groupby(["site_id", "page"], as_index=False)["sessions"].sum()
    total = by_site.groupby("page", as_index=False)["sessions"].sum().assign(site_id="total")
    return pd.concat([by_site, total], ignore_index=True)


def _row(
    indicator: str,
    disaggregation: str,
    level: str,
    estimate: float,
    n: int,
    unit: Unit,
    numerator: int | None,
) -> dict[str, object]:
    return result_row(indicator, disaggregation, level, estimate, n, unit, numerator)


def _cell_rows(cell: pd.Series, pages: pd.DataFrame) -> list[dict[str, object]]:
    d, lv = str(cell["disaggregation"]), str(cell["level"])
    sessions, devices = int(cell["sessions"]), int(cell["devices"])
    counts = {
        "wifi_sessions": sessions,
        "wifi_devices": devices,
        "wifi_new_devices": int(cell["new_devices"]),
        "wifi_returning_devices": int(cell["returning_devices"]),
        "wifi_express_sessions": int(cell["express_sessions"]),
    }
    rows = [_row(code, d, lv, value, value, "count", value) for code, value in counts.items()]
    rows.append(
        _row("wifi_sessions_per_device", d, lv, sessions / devices, sessions, "ratio", None)
    )
    express = counts["wifi_express_sessions"]
    rows.append(_row("wifi_express_share", d, lv, express / sessions, sessions, "proportion",
                     express))  # fmt: skip
    returning = counts["wifi_returning_devices"]
    rows.append(_row("wifi_returning_device_share", d, lv, returning / devices, devices,
                     "proportion", returning))  # fmt: skip
    site = "total" if d == "total" else lv
    for page, visited in pages.loc[pages["site_id"] == site, ["page", "sessions"]].itertuples(
        index=False
    ):
        rows.append(_row(f"wifi_pages_{page}_share", d, lv, visited / sessions, sessions,
                         "proportion", int(visited)))  # fmt: skip
    return rows


def _keys(keys: Sequence[str]) -> str:
    return ", ".join(keys)


def _prepare(connection: duckdb.DuckDBPyConnection) -> None:
    # A device's first day and period in the data read; devices seen in an earlier curated
    # period count as seen before anything here.
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE device_first AS "
        "SELECT s.device, CASE WHEN b.device IS NULL THEN s.first_day ELSE DATE '0001-01-01' END "
        "AS first_day, CASE WHEN b.device IS NULL THEN s.first_period ELSE 0 END "
        "AS first_period FROM (SELECT device, min(day) AS first_day, "
        "min(period_code) AS first_period "
        "FROM staged GROUP BY device) s LEFT JOIN seen_before b ON s.device = b.device"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE device_cells AS SELECT c.*, f.first_day < c.day "
        "AS returning_day, f.first_period < c.period_code AS returning_period FROM "
        f"(SELECT DISTINCT {_keys(SITE_DAY)}, device FROM staged) c "
        "JOIN device_first f ON c.device = f.device"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE hour_counts AS "
        f"SELECT {_keys(SITE_DAY)}, hour, count(*) AS n FROM staged GROUP BY ALL"
    )


def _sessions(
    connection: duckdb.DuckDBPyConnection, keys: Sequence[str], quantiles: Sequence[float]
) -> pd.DataFrame:
    pages = staged_pages(connection)
    page_sql = "".join(
        f', sum(CAST((pages >> {bit}) & 1 AS INTEGER)) AS "page_{name}"' for bit, name in pages
    )
    names = quantile_columns(quantiles)
    listed = ", ".join(f"{q!r}" for q in quantiles)
    picks = ", ".join(f"q[{i + 1}] AS {name}" for i, name in enumerate(names))
    query = (
        f"SELECT * EXCLUDE (q), {picks} FROM (SELECT {_keys(keys)}, count(*) AS sessions, "
        "count(*) FILTER (WHERE express) AS express_sessions, "
        f"quantile_cont(seconds / 60.0, [{listed}]) AS q{page_sql} FROM staged GROUP BY ALL)"
    )
    return connection.sql(query).df()


def _devices(connection: duckdb.DuckDBPyConnection, keys: Sequence[str]) -> pd.DataFrame:
    # From the distinct site-day-device cells (device_cells), not the sessions: the returning
    # flags are already there, and each coarser grain dedups a smaller table.
    flag = "returning_day" if "day" in keys else "returning_period"
    query = (
        f"SELECT {_keys(keys)}, count(*) AS devices, "
        f"count(*) FILTER (WHERE {flag}) AS returning_devices FROM "
        f"(SELECT DISTINCT {_keys(keys)}, device, {flag} FROM device_cells) GROUP BY ALL"
        if "day" not in keys
        else f"SELECT {_keys(keys)}, count(*) AS devices, count(*) FILTER (WHERE {flag}) "
        "AS returning_devices FROM device_cells GROUP BY ALL"
    )
    return connection.sql(query).df()


def _peaks(connection: duckdb.DuckDBPyConnection, keys: Sequence[str]) -> pd.DataFrame:
    query = (
        f"SELECT {_keys(keys)}, arg_max(hour, n * 24 + 23 - hour) AS peak_hour, "
        f"max(n) AS peak_hour_sessions FROM (SELECT {_keys(keys)}, hour, sum(n) AS n "
        "FROM hour_counts GROUP BY ALL) GROUP BY ALL"
    )
    return connection.sql(query).df()


def _table(
    connection: duckdb.DuckDBPyConnection, keys: Sequence[str], quantiles: Sequence[float]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    sessions = _sessions(connection, keys, quantiles)
    table = sessions.merge(_devices(connection, keys), on=list(keys)).merge(
        _peaks(connection, keys), on=list(keys)
    )
    table = labelled(connection, table).rename(columns={"day": "date"})
    keys = [_LABELS[k] for k in keys]
    table["new_devices"] = table["devices"] - table["returning_devices"]
    table["sessions_per_device"] = table["sessions"] / table["devices"]
    table["express_share"] = table["express_sessions"] / table["sessions"]
    page_columns = [c for c in table.columns if c.startswith("page_")]
    ordered = [
        *keys,
        "sessions",
        "devices",
        "new_devices",
        "returning_devices",
        "sessions_per_device",
        "express_sessions",
        "express_share",
        *quantile_columns(quantiles),
        "peak_hour",
        "peak_hour_sessions",
    ]
    table = table.sort_values(list(keys), ignore_index=True)
    pages = table[[*keys, "sessions", *page_columns]]
    table = table[ordered].astype(
        {
            c: "int64"
            for c in (
                "sessions",
                "devices",
                "new_devices",
                "returning_devices",
                "express_sessions",
                "peak_hour",
                "peak_hour_sessions",
            )
        }
    )
    if "date" in keys:
        table["date"] = pd.to_datetime(table["date"])
    return table, pages


def _long_pages(wide: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    columns = [c for c in wide.columns if c.startswith("page_")]
    long = wide.melt(
        id_vars=[*keys, "sessions"], value_vars=columns, var_name="page", value_name="visited"
    )
    long["page"] = long["page"].str.removeprefix("page_")
    long = long.rename(columns={"sessions": "cell_sessions", "visited": "sessions"})
    long["sessions"] = long["sessions"].astype("int64")
    long["share"] = long["sessions"] / long["cell_sessions"]
    if "date" in long.columns:
        long["date"] = pd.to_datetime(long["date"])
    return long.drop(columns="cell_sessions").sort_values([*keys, "page"], ignore_index=True)


def wifi_indicators(
    source: SessionSource,
    *,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int = DEFAULT_THREADS,
    quantiles: Sequence[float] = QUANTILES,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> WifiIndicators:
    """Every Wi-Fi indicator of ``source`` (``curated_sessions(...)`` or, for small tables, a
    sessions frame), computed in DuckDB with at most ``memory_limit`` and ``threads``.

    With ``connection`` (a DuckDB connection already holding ``staged``, e.g. from
    evidence.movement.routes), the sessions are not read again.
    """
    for q in quantiles:
        if not 0 <= q <= 1:
            raise OptionError(f"quantiles must lie in [0, 1], got {q!r}")
    own = connection is None
    con = connect(memory_limit, threads) if connection is None else connection
    try:
        if own:
            stage_sessions(con, source)
        _prepare(con)
        site_day, pages = _table(con, SITE_DAY, quantiles)
        site_period, _ = _table(con, SITE_PERIOD, quantiles)
        country_period, _ = _table(con, COUNTRY_PERIOD, quantiles)
        hours = labelled(
            con,
            con.sql(
                "SELECT country_code, period_code, site, CAST(hour AS INTEGER) AS hour, "
                "sum(n)::BIGINT AS sessions FROM hour_counts GROUP BY ALL"
            ).df(),
        ).sort_values(["country", "period", "site_id", "hour"], ignore_index=True)
    finally:
        if own:
            con.close()
    return WifiIndicators(
        site_day=site_day,
        site_period=site_period,
        country_period=country_period,
        hours=hours,
        pages=_long_pages(pages, ["country", "period", "site_id", "date"]),
        memory_limit=memory_limit,
        threads=threads,
    )


__all__ = ["QUANTILES", "WifiIndicators", "quantile_columns", "wifi_indicators"]
