"""Routes between Wi-Fi sites: per pseudonymised device the sites in the order it connected
at them, and the site-to-site transitions as an origin-destination table. Computed in DuckDB
over the same ``staged`` sessions as evidence.movement.wifi_indicators.

A device's sessions are ordered by start time (ties by site). Consecutive sessions at the
same site are one stay; a transition is a change of site between two consecutive sessions:
origin = the site of the earlier, destination = the site of the later. ``hours`` of a
transition = start of the first session at the destination - end of the last session at the
origin (negative when the two overlap, as when a phone connects to a neighbouring point
before the first connection ends). Per origin site, ``share_to_other_country`` is the share of
its departures whose destination is in another country: devices are pseudonymised with one
key for every country, so a device seen in two countries' data is the same device; where
only one country is read the share is 0 by construction (``countries_read`` says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from evidence.indicators.publish import result_row, rows_frame
from evidence.movement.wifi_scan import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_THREADS,
    SessionSource,
    connect,
    stage_sessions,
)
from evidence.options import check_positive_int

OD_COLUMNS: tuple[str, ...] = (
    "origin_site",
    "origin_country",
    "destination_site",
    "destination_country",
    "transitions",
    "devices",
    "median_hours",
)
ORIGIN_COLUMNS: tuple[str, ...] = (
    "origin_site",
    "origin_country",
    "departures",
    "devices",
    "to_other_country",
    "share_to_other_country",
)

if TYPE_CHECKING:  # DuckDB loads on first query: `import evidence` stays fast
    import duckdb


@dataclass(frozen=True)
class SiteRoutes:
    """Site-to-site transitions of the sessions read.

    What ``site_routes`` returns: where devices seen at one monitoring point connect next,
    an origin-destination table of movement along the route.

    Parameters
    ----------
    transitions : pandas.DataFrame
        ``to_frame()``: one row per origin and destination site (``OD_COLUMNS``) with
        ``transitions`` (changes of site), ``devices`` (distinct devices making them) and
        ``median_hours`` between them, most frequent first.
    origins : pandas.DataFrame
        Per origin site (``ORIGIN_COLUMNS``): departures, devices, to_other_country and
        share_to_other_country.
    routes : pandas.DataFrame
        The most frequent ordered site sequences: ``route`` (site ids joined with " > "),
        ``stays`` and ``devices`` that followed it.
    devices_moving : int
        Devices seen at more than one site in a row.
    devices : int
        Distinct devices read.
    countries_read : tuple of str
        ISO3 codes of the countries read (one only: no cross-border transition possible).

    See Also
    --------
    site_routes : builds it.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()  # 3 devices, 2 sites, 5 sessions
    >>> routes = site_routes(sessions)
    >>> routes
    SiteRoutes(1 site pairs, 2 devices)
    >>> routes.routes.values.tolist()
    [['ABW-S001 > ABW-S002', 2, 2]]
    >>> int(routes.od_matrix().loc["ABW-S001", "ABW-S002"])
    2
    >>> routes.to_results("ABW", "2023-12")["indicator"].tolist()
    ['wifi_site_transitions', 'wifi_share_to_other_country']
    """

    transitions: pd.DataFrame = field(repr=False)
    origins: pd.DataFrame = field(repr=False)
    routes: pd.DataFrame = field(repr=False)
    devices_moving: int
    devices: int
    countries_read: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        return self.transitions.copy()

    def od_matrix(self, value: str = "transitions") -> pd.DataFrame:
        """Origins as rows, destinations as columns (0 where no transition): a heat map's
        input."""
        if value not in ("transitions", "devices", "median_hours"):
            from evidence.errors import OptionError

            raise OptionError(f"value must be transitions, devices or median_hours, got {value!r}")
        return self.transitions.pivot_table(
            index="origin_site",
            columns="destination_site",
            values=value,
            fill_value=0 if value != "median_hours" else None,
            aggfunc="first",
        )

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """Results rows for the routes leaving ``country``'s sites: transitions per origin and
        destination (count; disaggregation ``route``, level ``<origin> > <destination>``) and
        per origin the share of departures to another country (proportion)."""
        rows: list[dict[str, object]] = []
        mine = self.transitions[self.transitions["origin_country"] == country]
        for origin, destination, count in zip(
            mine["origin_site"], mine["destination_site"], mine["transitions"].to_numpy(int),
            strict=True,
        ):  # fmt: skip
            level = f"{origin} > {destination}"
            n = int(count)
            rows.append(result_row("wifi_site_transitions", "route", level, n, n, "count", n))
        origins = self.origins[self.origins["origin_country"] == country]
        for site, departures, other in zip(
            origins["origin_site"], origins["departures"].to_numpy(int),
            origins["to_other_country"].to_numpy(int), strict=True,
        ):  # fmt: skip
            rows.append(
                result_row("wifi_share_to_other_country", "site", str(site),
                           other / departures, int(departures), "proportion", int(other))
            )  # fmt: skip
        return rows_frame(rows, country, period)

    def summary(self) -> str:
        top = self.transitions.head(10)
        return (
            f"Routes: {self.devices_moving:,} of {self.devices:,} devices connected at more than "
            f"one site; {int(self.transitions['transitions'].sum()):,} transitions between "
            f"{len(self.transitions)} site pairs\n"
            + top.to_string(index=False, float_format=lambda v: f"{v:.3g}")
        )

    def __repr__(self) -> str:
        return f"SiteRoutes({len(self.transitions)} site pairs, {self.devices_moving} devices)"

    def _repr_html_(self) -> str:
        return (
            f"<p><strong>Routes</strong>: {self.devices_moving:,} of {self.devices:,} devices "
            "at more than one site</p>"
            + self.transitions.head(20).to_html(
                index=False, border=0, float_format=lambda v: f"{v:.3g}"
            )
        )


# One sort of the sessions by device and time. Kept: every change of site (a transition),
# with the hours from the end of the session at the origin to the start of the one at the
# destination. The previous session's end (microseconds) and site travel packed in one
# integer: one lag instead of two.
_MOVES = (
    "CREATE OR REPLACE TEMP TABLE moves AS SELECT device, destination, start_time, "
    "CAST(previous & 65535 AS USMALLINT) AS origin, "
    "(CAST(epoch_us(start_time) AS HUGEINT) - (previous >> 16)) / 3.6e9 AS hours FROM ("
    "SELECT device, site AS destination, start_time, lag(((CAST(epoch_us(start_time) AS "
    "HUGEINT) + CAST(seconds AS BIGINT) * 1000000) << 16) | site) OVER w AS previous "
    "FROM staged WINDOW w AS (PARTITION BY device ORDER BY start_time, site)) "
    "WHERE previous & 65535 <> destination"
)


def _devices_query(connection: duckdb.DuckDBPyConnection) -> str:
    # The distinct devices: counted already when the Wi-Fi indicators ran on this staging
    # (evidence.movement.wifi_indicators' device_counts), else counted here.
    ready = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'device_counts' AND temporary"
    ).fetchall()[0][0]
    if ready:
        return "SELECT sum(devices_any) FROM device_counts"
    return "SELECT count(DISTINCT device) FROM staged"


_LABEL_PAIRS = (
    "SELECT o.site_id AS origin_site, o.country AS origin_country, "
    "d.site_id AS destination_site, d.country AS destination_country, t.* "
    "EXCLUDE (origin, destination) FROM ({inner}) t "
    "JOIN sites_dict o ON t.origin = o.site JOIN sites_dict d ON t.destination = d.site"
)


# Each moving device's route, counted once per distinct route: the site of its first stay,
# then each destination in order. A device's moves are packed in one integer each (start in
# microseconds, origin, destination: 51 + 16 + 16 bits) so that sorting its list of them
# orders the moves by start and destination (an ordered aggregate does the same at twice the
# cost). The distinct devices per site pair and per origin follow from this small table of
# routes, not from distinct counts over the moves.
_PATHS = (
    "CREATE OR REPLACE TEMP TABLE paths AS WITH packed AS (SELECT list_sort(list("
    "(CAST(epoch_us(start_time) AS HUGEINT) << 32) | (CAST(origin AS HUGEINT) << 16) "
    "| destination)) AS moves FROM moves GROUP BY device) "
    "SELECT path, count(*) AS devices FROM (SELECT list_prepend(CAST((moves[1] >> 16) & 65535 "
    "AS USMALLINT), list_transform(moves, lambda m: CAST(m & 65535 AS USMALLINT))) AS path "
    "FROM packed) GROUP BY path"
)
# The distinct site pairs of a route, each as origin << 16 | destination.
_ROUTE_PAIRS = (
    "list_distinct(list_transform(range(1, len(path)), "
    "lambda i: (CAST(path[i] AS UINTEGER) << 16) | path[i + 1]))"
)


def _transitions(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    inner = (
        "SELECT * FROM (SELECT origin, destination, count(*) AS transitions, "
        "median(hours) AS median_hours FROM moves GROUP BY ALL) t JOIN (SELECT "
        "CAST(pair >> 16 AS USMALLINT) AS origin, CAST(pair & 65535 AS USMALLINT) AS "
        "destination, CAST(sum(devices) AS BIGINT) AS devices FROM (SELECT "
        f"unnest({_ROUTE_PAIRS}) AS pair, devices FROM paths) GROUP BY pair) d "
        "USING (origin, destination)"
    )
    frame = connection.sql(_LABEL_PAIRS.format(inner=inner)).df()
    frame = frame.sort_values(
        ["transitions", "origin_site", "destination_site"],
        ascending=[False, True, True],
        ignore_index=True,
    )
    return frame.astype({"transitions": "int64", "devices": "int64"})[list(OD_COLUMNS)]


def _origins(transitions: pd.DataFrame, connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    devices = connection.sql(
        "SELECT s.site_id AS origin_site, t.devices FROM (SELECT origin, CAST(sum(devices) "
        "AS BIGINT) AS devices FROM (SELECT unnest(list_distinct(path[1:len(path) - 1])) "
        "AS origin, devices FROM paths) GROUP BY ALL) t JOIN sites_dict s ON t.origin = s.site"
    ).df()
    transitions = transitions.assign(
        other=(transitions["origin_country"] != transitions["destination_country"])
        * transitions["transitions"]
    )
    table = transitions.groupby(["origin_site", "origin_country"], as_index=False).agg(
        departures=("transitions", "sum"), to_other_country=("other", "sum")
    )
    table = table.merge(devices, on="origin_site")
    table["share_to_other_country"] = table["to_other_country"] / table["departures"]
    table = table.astype({"departures": "int64", "devices": "int64", "to_other_country": "int64"})
    return table.sort_values("origin_site", ignore_index=True)[list(ORIGIN_COLUMNS)]


def _routes(connection: duckdb.DuckDBPyConnection, top: int) -> tuple[pd.DataFrame, int]:
    # The ``top`` most frequent routes, and the number of moving devices (all routes).
    frame = connection.sql(
        "SELECT path, devices, sum(devices) OVER () AS moving FROM paths "
        f"ORDER BY devices DESC, path LIMIT {int(top)}"
    ).df()
    moving = int(frame["moving"].iloc[0]) if len(frame) else 0
    names = dict(connection.execute("SELECT site, site_id FROM sites_dict").fetchall())
    table = pd.DataFrame(
        {
            "route": [" > ".join(names[int(c)] for c in path) for path in frame["path"]],
            "stays": [len(path) for path in frame["path"]],
            "devices": frame["devices"].astype("int64"),
        }
    ).astype({"stays": "int64"})
    return table, moving


def device_routes(
    source: SessionSource,
    *,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int = DEFAULT_THREADS,
) -> pd.DataFrame:
    """Per device (its 64-bit hash of the pseudonym: ``device``), the ordered sites of its
    stays (``route``, site ids joined with " > "), the number of stays and of sessions.
    One row per device: for a period of a small country or a test; at regional scale use
    ``site_routes`` (its aggregated ``routes``).

    Parameters
    ----------
    source : CuratedSessions or pandas.DataFrame
        ``curated_sessions(...)`` or a frame of sessions.
    memory_limit, threads
        DuckDB's memory limit and threads.

    Returns
    -------
    pandas.DataFrame
        device, route, stays, sessions; one row per device, by ``device``.

    Raises
    ------
    OptionError
        When ``memory_limit`` or ``threads`` is invalid.
    DataNotFoundError
        When the curated partitions hold no sessions for the periods and countries.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()  # 3 devices, 2 sites, 5 sessions
    >>> routes = device_routes(sessions)
    >>> list(routes.columns), len(routes)
    (['device', 'route', 'stays', 'sessions'], 3)
    >>> sorted(routes["route"])
    ['ABW-S001', 'ABW-S001 > ABW-S002', 'ABW-S001 > ABW-S002']
    """
    with connect(memory_limit, threads) as connection:
        stage_sessions(connection, source)
        query = (
            "WITH ordered AS (SELECT s.device, d.site_id, s.start_time, lag(s.site) OVER "
            "(PARTITION BY s.device ORDER BY s.start_time, s.site) AS previous, s.site "
            "FROM staged s JOIN sites_dict d ON s.site = d.site) "
            "SELECT device, string_agg(site_id, ' > ' ORDER BY start_time, site) "
            "FILTER (WHERE previous IS NULL OR previous <> site) AS route, "
            "count(*) FILTER (WHERE previous IS NULL OR previous <> site) AS stays, "
            "count(*) AS sessions FROM ordered GROUP BY device ORDER BY device"
        )
        return connection.sql(query).df().astype({"stays": "int64", "sessions": "int64"})


def site_routes(
    source: SessionSource,
    *,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int = DEFAULT_THREADS,
    top_routes: int = 50,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> SiteRoutes:
    """The origin-destination table of ``source`` (definitions in the module docstring),
    in DuckDB with at most ``memory_limit`` and ``threads``; ``top_routes`` most frequent
    routes. With ``connection`` already holding ``staged``, sessions are not read again.

    Parameters
    ----------
    source : CuratedSessions or pandas.DataFrame
        ``curated_sessions(...)`` (several countries: cross-border moves are seen) or a
        frame of sessions.
    memory_limit, threads
        DuckDB's memory limit and threads.
    top_routes : int
        How many of the most frequent routes to keep.
    connection : duckdb.DuckDBPyConnection, optional
        A connection holding the ``staged`` table; left open.

    Returns
    -------
    SiteRoutes

    Raises
    ------
    OptionError
        When ``top_routes`` is not a positive integer, or ``memory_limit`` or ``threads``
        is invalid.
    DataNotFoundError
        When the curated partitions hold no sessions for the periods and countries.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()  # 3 devices, 2 sites, 5 sessions
    >>> routes = site_routes(sessions)
    >>> routes.transitions[["origin_site", "destination_site", "transitions"]].values.tolist()
    [['ABW-S001', 'ABW-S002', 2]]
    >>> float(routes.transitions["median_hours"].iloc[0])  # 24.5 h and 7.5 h
    16.0
    >>> routes.devices_moving, routes.devices, routes.countries_read
    (2, 3, ('ABW',))
    """
    check_positive_int("top_routes", top_routes)
    own = connection is None
    con = connect(memory_limit, threads) if connection is None else connection
    try:
        if own:
            stage_sessions(con, source)
        con.execute(_MOVES)
        con.execute(_PATHS)
        transitions = _transitions(con)
        origins = _origins(transitions, con)
        routes, moving = _routes(con, top_routes)
        devices, countries = con.execute(
            f"SELECT ({_devices_query(con)}), (SELECT list(DISTINCT country ORDER BY country) "
            "FROM sites_dict)"
        ).fetchall()[0]
    finally:
        if own:
            con.close()
    return SiteRoutes(
        transitions=transitions,
        origins=origins,
        routes=routes,
        devices_moving=moving,
        devices=int(devices),
        countries_read=tuple(countries),
    )


__all__ = ["OD_COLUMNS", "ORIGIN_COLUMNS", "SiteRoutes", "device_routes", "site_routes"]
