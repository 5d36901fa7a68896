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
  returning = seen before the period's first day (in an earlier period), new = first seen
  in this period.
- minutes_p10 ... minutes_p90: quantiles of the minutes connected (end - start), linear
  interpolation between order statistics (R type 7, pandas' default, DuckDB quantile_cont).
- peak_hour: the hour of the day (0-23, local time at the site) with the most sessions,
  the earliest such hour on a tie; peak_hour_sessions its sessions.
- pages: sessions that visited each page category, and their share of the cell's sessions.

Every query reads the compact ``staged`` table of evidence.movement.wifi_scan, in three passes
whatever the grain: sessions, express sessions and pages per site, day and hour
(``hour_cells``, from which every grain's sums and peak hours follow); one sort of the
sessions by device and packed site-day key, which marks each device's first session in every
site-day, site-period and country-period cell and its first day and period (``device_counts``:
distinct and returning devices as plain sums, no distinct hash tables, no join); and the exact
quantiles of the three grains in one GROUPING SETS aggregate. The frames that come back are
aggregates (a row per site and day at most).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from evidence.errors import OptionError
from evidence.indicators.publish import complete_data_row, rows_frame
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

    What ``wifi_indicators`` returns: how much the DTM-WiFi network is used at each site and
    day, by how many devices, new or returning, for how long and at what hour.

    Parameters
    ----------
    site_day : pandas.DataFrame
        ``to_frame()``: country, period, site_id, date, then sessions, devices, new_devices,
        returning_devices, sessions_per_device, express_sessions, express_share, the minutes
        quantiles (minutes_p10 ... minutes_p90), peak_hour, peak_hour_sessions.
    site_period, country_period : pandas.DataFrame
        The same columns per site and period, and per country and period (no date).
    hours : pandas.DataFrame
        country, period, site_id, hour, sessions.
    pages : pandas.DataFrame
        country, period, site_id, date, page, sessions, share (of the cell's sessions).
    memory_limit : str
        DuckDB's memory limit used.
    threads : int
        DuckDB's threads used.

    See Also
    --------
    wifi_indicators : builds it.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()  # 3 devices, 2 sites, 5 sessions
    >>> indicators = wifi_indicators(sessions)
    >>> indicators
    WifiIndicators(4 site-days, 1 cells)
    >>> indicators.country_period[["sessions", "devices", "express_sessions"]].values.tolist()
    [[5, 3, 2]]
    >>> indicators.to_results("ABW", "2023-12")["indicator"].head(2).tolist()
    ['wifi_sessions', 'wifi_devices']
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
    rows = [
        complete_data_row(code, d, lv, value, value, "count", value)
        for code, value in counts.items()
    ]
    rows.append(
        complete_data_row(
            "wifi_sessions_per_device", d, lv, sessions / devices, sessions, "ratio", None
        )
    )
    express, returning = counts["wifi_express_sessions"], counts["wifi_returning_devices"]
    shares = [
        ("wifi_express_share", express, sessions),
        ("wifi_returning_device_share", returning, devices),
    ]
    site = "total" if d == "total" else lv
    for page, visited in pages.loc[pages["site_id"] == site, ["page", "sessions"]].itertuples(
        index=False
    ):
        shares.append((f"wifi_pages_{page}_share", int(visited), sessions))
    for code, part, base in shares:
        rows.append(complete_data_row(code, d, lv, part / base, base, "proportion", part))
    return rows


def _keys(keys: Sequence[str]) -> str:
    return ", ".join(keys)


# A site-day cell packed in one 64-bit key, so that one sort of (device, key) finds each
# device's first session in every cell: country code (8 bits) | period code (16) | site (16) |
# day number since 1970-01-01 (24 bits: to the year 45900).
_CELL_KEY = (
    "(CAST(country_code AS UBIGINT) << 56) | (CAST(period_code AS UBIGINT) << 40) | "
    "(CAST(site AS UBIGINT) << 24) | CAST(day - DATE '1970-01-01' AS UBIGINT)"
)
_DAY = "(k & 16777215)"
_PERIOD = "((k >> 40) & 65535)"


def _hour_cells(connection: duckdb.DuckDBPyConnection) -> None:
    # One pass over the sessions: counts per site, day and hour, from which sessions,
    # express sessions, pages and peak hours of every grain are sums.
    pages = staged_pages(connection)
    page_sql = "".join(
        f', sum(CAST((pages >> {bit}) & 1 AS INTEGER)) AS "page_{name}"' for bit, name in pages
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE hour_cells AS "
        f"SELECT {_keys(SITE_DAY)}, hour, count(*) AS n, "
        f"count(*) FILTER (WHERE express) AS express{page_sql} FROM staged GROUP BY ALL"
    )


def _device_counts(connection: duckdb.DuckDBPyConnection) -> None:
    """``device_counts``: per site-day cell, the devices whose first session of the cell,
    of the site in the period and of the country in the period falls in it, and which of
    them are returning (``devices_any``: devices whose first cell it is, summing to the
    distinct devices read). One sort of the sessions by device and packed cell key: a session
    opens a cell for its device when the previous key differs in the cell's bits. Returning:
    the device's first day (one aggregate over the device) is before the cell's day, or
    before the first day of the cell's period; or it was seen in an earlier curated period."""
    history = connection.execute("SELECT count(*) FROM seen_before").fetchall()[0][0] > 0
    seen = "EXISTS (SELECT 1 FROM seen_before b WHERE b.device = s.device)" if history else "false"
    starts = connection.execute(
        "SELECT list(start_day ORDER BY period_code) FROM periods_dict"
    ).fetchall()[0][0]
    # Period codes run 1, 2, ... in period order: a list literal maps a code to its first day.
    period_start = f"[{', '.join(str(int(d)) for d in starts)}][CAST({_PERIOD} AS BIGINT)]"
    # x: the bits in which a session's cell key differs from the previous session's of the
    # device (all ones for its first session); a cell opens where its bits of x are not zero.
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE device_counts AS "
        "WITH keyed AS (SELECT s.device, "
        + _CELL_KEY.replace("country_code", "s.country_code")
        + f" AS k, {seen} AS seen FROM staged s), "
        "marked AS (SELECT k, seen, coalesce(xor(k, lag(k) OVER w), 18446744073709551615) AS x, "
        f"min({_DAY}) OVER whole AS first_day FROM keyed WINDOW w AS (PARTITION BY device "
        "ORDER BY k), whole AS (PARTITION BY device ORDER BY k ROWS BETWEEN UNBOUNDED "
        "PRECEDING AND UNBOUNDED FOLLOWING)), "
        f"flagged AS (SELECT k, x, seen OR first_day < {_DAY} AS back_day, "
        f"seen OR first_day < {period_start} AS back_period FROM marked) "
        "SELECT CAST(k >> 56 AS UTINYINT) AS country_code, "
        f"CAST({_PERIOD} AS USMALLINT) AS period_code, "
        "CAST((k >> 24) & 65535 AS USMALLINT) AS site, "
        f"CAST(DATE '1970-01-01' + CAST({_DAY} AS INTEGER) AS DATE) AS day, "
        "count(*) FILTER (WHERE x = 18446744073709551615) AS devices_any, "
        "count(*) FILTER (WHERE x <> 0) AS devices_day, "
        "count(*) FILTER (WHERE x <> 0 AND back_day) AS returning_day, "
        "count(*) FILTER (WHERE x >> 24 <> 0) AS devices_site, "
        "count(*) FILTER (WHERE x >> 24 <> 0 AND back_period) AS returning_site, "
        "count(*) FILTER (WHERE x >> 40 <> 0) AS devices_country, "
        "count(*) FILTER (WHERE x >> 40 <> 0 AND back_period) AS returning_country "
        "FROM flagged GROUP BY k"
    )


def _quantiles(
    connection: duckdb.DuckDBPyConnection, quantiles: Sequence[float]
) -> dict[tuple[str, ...], pd.DataFrame]:
    """Exact type-7 quantiles of the minutes connected at the three grains in one pass
    (GROUPING SETS); interpolated on whole seconds, then divided by 60."""
    names = quantile_columns(quantiles)
    listed = ", ".join(f"{q!r}" for q in quantiles)
    picks = ", ".join(f"q[{i + 1}] / 60.0 AS {name}" for i, name in enumerate(names))
    frame = connection.sql(
        f"SELECT * EXCLUDE (q), {picks} FROM (SELECT {_keys(SITE_DAY)}, "
        "CAST(grouping(site, day) AS INTEGER) AS grain, "
        f"quantile_cont(seconds, [{listed}]) AS q FROM staged GROUP BY GROUPING SETS "
        f"(({_keys(SITE_DAY)}), ({_keys(SITE_PERIOD)}), ({_keys(COUNTRY_PERIOD)})))"
    ).df()
    out: dict[tuple[str, ...], pd.DataFrame] = {}
    for keys, grain in ((SITE_DAY, 0), (SITE_PERIOD, 1), (COUNTRY_PERIOD, 3)):
        part = frame[frame["grain"] == grain]
        out[keys] = part[[*keys, *names]].reset_index(drop=True)
    return out


_DEVICE_COLUMNS = {
    SITE_DAY: ("devices_day", "returning_day"),
    SITE_PERIOD: ("devices_site", "returning_site"),
    COUNTRY_PERIOD: ("devices_country", "returning_country"),
}


def _sessions(connection: duckdb.DuckDBPyConnection, keys: Sequence[str]) -> pd.DataFrame:
    pages = [f'sum("page_{name}") AS "page_{name}"' for _, name in staged_pages(connection)]
    devices, returning = _DEVICE_COLUMNS[tuple(keys)]
    cells = (
        f"SELECT {_keys(keys)}, sum(n) AS sessions, sum(express) AS express_sessions"
        + "".join(f", {p}" for p in pages)
        + " FROM hour_cells GROUP BY ALL"
    )
    counts = (
        f"SELECT {_keys(keys)}, sum({devices}) AS devices, sum({returning}) AS "
        "returning_devices FROM device_counts GROUP BY ALL"
    )
    return connection.sql(f"SELECT * FROM ({cells}) c JOIN ({counts}) d USING ({_keys(keys)})").df()


def _peaks(connection: duckdb.DuckDBPyConnection, keys: Sequence[str]) -> pd.DataFrame:
    query = (
        f"SELECT {_keys(keys)}, arg_max(hour, n * 24 + 23 - hour) AS peak_hour, "
        f"max(n) AS peak_hour_sessions FROM (SELECT {_keys(keys)}, hour, sum(n) AS n "
        "FROM hour_cells GROUP BY ALL) GROUP BY ALL"
    )
    return connection.sql(query).df()


def _table(
    connection: duckdb.DuckDBPyConnection, keys: Sequence[str], quantiles: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = [c for c in quantiles.columns if c.startswith("minutes_")]
    table = (
        _sessions(connection, keys)
        .merge(quantiles, on=list(keys))
        .merge(_peaks(connection, keys), on=list(keys))
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
        *names,
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
    evidence.movement.routes), the sessions are not read again. Sessions never enter pandas:
    a year of a country's partitions runs in bounded memory and only aggregates come back.

    Parameters
    ----------
    source : CuratedSessions or pandas.DataFrame
        ``curated_sessions(periods, countries)`` or a frame of sessions (device_id,
        site_id, start_time, end_time, connection_type; optional ``pages_visited/<page>``).
    memory_limit : str
        DuckDB's memory limit, e.g. "2GB" (it spills to a temporary folder beyond it).
    threads : int
        DuckDB's threads.
    quantiles : sequence of float
        Quantiles of the minutes connected (R type 7), each in [0, 1].
    connection : duckdb.DuckDBPyConnection, optional
        A connection holding the ``staged`` table; left open.

    Returns
    -------
    WifiIndicators

    Raises
    ------
    OptionError
        When a quantile lies outside [0, 1], or ``memory_limit`` or ``threads`` is invalid.
    DataNotFoundError
        When the curated partitions hold no sessions for the periods and countries.
    ContractError
        When a sessions frame lacks a required column.

    See Also
    --------
    curated_sessions : the out-of-core source.
    site_routes : routes between sites over the same staged sessions.
    wifi_indicators_by_country : one task per country, on Dask.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()  # 3 devices, 2 sites, 5 sessions
    >>> indicators = wifi_indicators(sessions, quantiles=(0.5,))
    >>> site_day = indicators.to_frame()
    >>> site_day[["site_id", "sessions", "devices", "minutes_p50"]].values.tolist()[0]
    ['ABW-S001', 2, 2, 30.0]
    >>> int(indicators.country_period["devices"].iloc[0])  # distinct over the period
    3
    """
    for q in quantiles:
        if not 0 <= q <= 1:
            raise OptionError(f"quantiles must lie in [0, 1], got {q!r}")
    own = connection is None
    con = connect(memory_limit, threads) if connection is None else connection
    try:
        if own:
            stage_sessions(con, source)
        _hour_cells(con)
        _device_counts(con)
        minutes = _quantiles(con, quantiles)
        site_day, pages = _table(con, SITE_DAY, minutes[SITE_DAY])
        site_period, _ = _table(con, SITE_PERIOD, minutes[SITE_PERIOD])
        country_period, _ = _table(con, COUNTRY_PERIOD, minutes[COUNTRY_PERIOD])
        hours = labelled(
            con,
            con.sql(
                "SELECT country_code, period_code, site, CAST(hour AS INTEGER) AS hour, "
                "sum(n)::BIGINT AS sessions FROM hour_cells GROUP BY ALL"
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
