"""DTM-WiFi indicators by site type (border crossing, shelter, ...), computed in DuckDB over
the same staged sessions as evidence.movement.wifi_indicators.

Per country, period and site type: sessions; devices (distinct pseudonymised devices that
connected at any site of the type: a device seen at two sites of a type counts once);
returning devices (first seen before the period's first day, the period definition of
wifi_indicators) and new devices; express sessions; the median minutes connected
(quantile_cont, R type 7). Sites missing from the registry get the type ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from evidence.disclosure.columns import Unit
from evidence.indicators.publish import complete_data_row, rows_frame
from evidence.movement.wifi_scan import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_THREADS,
    SessionSource,
    connect,
    labelled,
    stage_sessions,
)

TYPE_COLUMNS: tuple[str, ...] = (
    "country",
    "period",
    "site_type",
    "sessions",
    "devices",
    "returning_devices",
    "new_devices",
    "express_sessions",
    "minutes_median",
)

if TYPE_CHECKING:  # DuckDB loads on first query: `import evidence` stays fast
    import duckdb


@dataclass(frozen=True)
class WifiSiteTypes:
    """One row per country, period and site type (``TYPE_COLUMNS``)."""

    table: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self) -> str:
        return "Wi-Fi by site type\n" + self.table.to_string(index=False)

    def _repr_html_(self) -> str:
        return "<p><strong>Wi-Fi by site type</strong></p>" + self.table.to_html(
            index=False, border=0, float_format=lambda v: f"{v:.3g}"
        )

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """Results rows (disaggregation ``site_type``): counts of sessions and devices, the
        shares of devices new and returning, the express share, median minutes."""
        cells = self.table[(self.table["country"] == country) & (self.table["period"] == period)]
        rows: list[dict[str, object]] = []
        for cell in cells.to_dict("records"):
            level = str(cell["site_type"])
            sessions, devices = int(cell["sessions"]), int(cell["devices"])
            returning, new = int(cell["returning_devices"]), int(cell["new_devices"])
            express = int(cell["express_sessions"])
            measures: list[tuple[str, float, int, Unit, int | None]] = [
                ("count_wifi_sessions_type", sessions, sessions, "count", sessions),
                ("count_wifi_devices_type", devices, devices, "count", devices),
                ("share_wifi_devices_new", new / devices, devices, "proportion", new),
                ("share_wifi_devices_returning", returning / devices, devices, "proportion",
                 returning),
                ("share_wifi_sessions_express", express / sessions, sessions, "proportion",
                 express),
                ("rate_wifi_minutes_median", float(cell["minutes_median"]), sessions, "rate", None),
            ]  # fmt: skip
            rows += [
                complete_data_row(indicator, "site_type", level, estimate, n, unit, numerator)
                for indicator, estimate, n, unit, numerator in measures
            ]
        return rows_frame(rows, country, period)


def _first_days(connection: duckdb.DuckDBPyConnection) -> None:
    # A device's first day in the data read (days since 1970-01-01); before any when seen in
    # an earlier curated period. Returning in a period: first seen before the period's first
    # day, as in evidence.movement.wifi_indicators.
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE device_first_day AS SELECT s.device, "
        "CASE WHEN b.device IS NULL THEN s.first_day ELSE -2147483648 END AS first_day FROM "
        "(SELECT device, min(day) - DATE '1970-01-01' AS first_day FROM staged GROUP BY device) s "
        "LEFT JOIN seen_before b ON s.device = b.device"
    )


def wifi_by_site_type(
    source: SessionSource,
    sites: pd.DataFrame,
    *,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int = DEFAULT_THREADS,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> WifiSiteTypes:
    """Wi-Fi indicators of ``source`` by the ``site_type`` of the site registry ``sites``
    (columns site_id, site_type); definitions in the module docstring."""
    own = connection is None
    con = connect(memory_limit, threads) if connection is None else connection
    types = pd.DataFrame(
        {"site_id": sites["site_id"].astype(str), "site_type": sites["site_type"].astype(str)}
    ).drop_duplicates("site_id")
    try:
        if own:
            stage_sessions(con, source)
        _first_days(con)
        con.register("site_types_frame", types)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE site_types AS SELECT d.site, "
            "coalesce(t.site_type, 'unknown') AS site_type FROM sites_dict d "
            "LEFT JOIN site_types_frame t ON d.site_id = t.site_id"
        )
        con.unregister("site_types_frame")
        sessions = con.sql(
            "SELECT s.country_code, s.period_code, t.site_type, count(*) AS sessions, "
            "count(*) FILTER (WHERE s.express) AS express_sessions, "
            "quantile_cont(s.seconds / 60.0, 0.5) AS minutes_median "
            "FROM staged s JOIN site_types t ON s.site = t.site GROUP BY ALL"
        ).df()
        devices = con.sql(
            "SELECT c.country_code, c.period_code, c.site_type, count(*) AS devices, "
            "count(*) FILTER (WHERE f.first_day < p.start_day) AS returning_devices FROM "
            "(SELECT DISTINCT s.country_code, s.period_code, t.site_type, s.device FROM staged s "
            "JOIN site_types t ON s.site = t.site) c JOIN device_first_day f "
            "ON c.device = f.device JOIN periods_dict p ON c.period_code = p.period_code "
            "GROUP BY ALL"
        ).df()
        keys = ["country_code", "period_code", "site_type"]
        table = labelled(con, sessions.merge(devices, on=keys))
    finally:
        if own:
            con.close()
    table["new_devices"] = table["devices"] - table["returning_devices"]
    table = table.astype(
        {
            c: "int64"
            for c in ("sessions", "devices", "returning_devices", "new_devices", "express_sessions")
        }
    )
    table = table[list(TYPE_COLUMNS)].sort_values(
        ["country", "period", "sessions", "site_type"],
        ascending=[True, True, False, True],
        ignore_index=True,
    )
    return WifiSiteTypes(table=table)


__all__ = ["TYPE_COLUMNS", "WifiSiteTypes", "wifi_by_site_type"]
