"""Where the out-of-core Wi-Fi queries read from: curated Parquet partitions, or a small frame.

The DTM-WiFi analytics of evidence.movement.wifi_indicators and evidence.movement.routes run in
DuckDB over ``data/curated/wifi_sessions/period=<YYYY-MM>/country=<ISO3>/*.parquet`` (Hive
partitions: a query over twelve months or seventeen countries reads only the files and columns
it needs). Sessions are never loaded into pandas: only the aggregated results come back.

``connect`` opens an in-memory DuckDB database with a memory limit (default
``DEFAULT_MEMORY_LIMIT`` = 2 GB: DuckDB spills joins, sorts and aggregates to a temporary folder
beyond it, so a year of partitions runs in bounded memory) and a thread count (default
``DEFAULT_THREADS`` = 2, the project's reference machine). ``stage_sessions`` turns a source
into one compact temporary table ``staged`` that every query then reads: the device pseudonym
becomes DuckDB's 64-bit ``hash`` of it (two of 20 million devices collide with probability
about 1e-5, far below any published digit), the date, hour and minutes connected are computed
once, sites, countries and periods become small integer codes (``sites_dict``,
``periods_dict``) and the twelve page categories one bit each of a small integer: about 30
bytes a session, so 20 million sessions stage in about 600 MB.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from evidence.contracts import load_contract
from evidence.countries import get_country
from evidence.errors import DataNotFoundError, OptionError
from evidence.indicators.checks import require_columns
from evidence.options import check_positive_int
from evidence.paths import data_root
from evidence.periods import check_period

if TYPE_CHECKING:  # DuckDB loads on first query: `import evidence` stays fast
    import duckdb

DEFAULT_MEMORY_LIMIT = "2GB"
DEFAULT_THREADS = 2
# Temporary tables the indicators and routes derive from ``staged`` (dropped on restaging).
DERIVED_TABLES: tuple[str, ...] = (
    "hour_cells",
    "device_counts",
    "moves",
    "paths",
    "device_first_day",
)
FRAME_COLUMNS: tuple[str, ...] = (
    "device_id",
    "site_id",
    "start_time",
    "end_time",
    "connection_type",
)


def page_columns() -> tuple[str, ...]:
    """The curated boolean columns of the page categories (``pages_visited/<category>``)."""
    field = next(f for f in load_contract("wifi_sessions").fields if f.name == "pages_visited")
    return tuple(field.choice_columns)


@dataclass(frozen=True)
class CuratedSessions:
    """The curated wifi_sessions of ``periods`` (and ``countries``, default all) under ``root``.

    ``history`` (default True) lets "returning device" look back at every curated period
    before the first one asked for; with False only the periods asked for are read.

    A description of what to read, not the data: the DuckDB queries
    (``wifi_indicators``, ``site_routes``, ``wifi_summaries``) read the Parquet partitions
    ``data/curated/wifi_sessions/period=<YYYY-MM>/country=<ISO3>/`` themselves.

    Parameters
    ----------
    periods : tuple of str
        Periods ``YYYY-MM``, sorted.
    countries : tuple of str, optional
        ISO3 codes (all countries when None).
    root : pathlib.Path, optional
        The data root (default: evidence.paths.data_root()).
    history : bool
        Whether earlier curated periods count for "returning device".

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from evidence.synth import synthesize
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> folder = root / "curated" / "wifi_sessions" / "period=2023-12" / "country=ABW"
    >>> folder.mkdir(parents=True)
    >>> sessions = synthesize("wifi_sessions", "ABW", "2023-12", seed=1, scale=0.05)
    >>> sessions.to_parquet(folder / "part-0.parquet", index=False)
    >>> source = curated_sessions("2023-12", "ABW", root=root)
    >>> source.periods, source.countries, source.history
    (('2023-12',), ('ABW',), True)
    >>> source.folder == root / "curated" / "wifi_sessions"
    True
    """

    periods: tuple[str, ...]
    countries: tuple[str, ...] | None = None
    root: Path | None = None
    history: bool = True

    @property
    def folder(self) -> Path:
        return data_root(self.root) / "curated" / "wifi_sessions"


def curated_sessions(
    periods: str | Sequence[str],
    countries: str | Sequence[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    *,
    history: bool = True,
) -> CuratedSessions:
    """A source over the curated partitions (checked: periods, ISO3 codes, data present).

    How the Wi-Fi analytics read a month or a year of sessions without loading them into
    pandas: pass the result to ``wifi_indicators``, ``site_routes`` or ``wifi_summaries``.

    Parameters
    ----------
    periods : str or sequence of str
        One period ``YYYY-MM`` or several.
    countries : str or sequence of str, optional
        Country codes or names (default all); stored as ISO3 codes.
    root : str or os.PathLike, optional
        The data root (default: evidence.paths.data_root()).
    history : bool
        Whether devices seen in curated periods before the first one count as returning.

    Returns
    -------
    CuratedSessions

    Raises
    ------
    OptionError
        When ``periods`` is empty, a period is not ``YYYY-MM`` or a country is not one of
        the response countries.
    DataNotFoundError
        When nothing is curated for wifi_sessions under ``root``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from evidence.synth import synthesize
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> folder = root / "curated" / "wifi_sessions" / "period=2023-12" / "country=ABW"
    >>> folder.mkdir(parents=True)
    >>> sessions = synthesize("wifi_sessions", "ABW", "2023-12", seed=1, scale=0.05)
    >>> sessions.to_parquet(folder / "part-0.parquet", index=False)
    >>> from evidence.movement import wifi_indicators
    >>> source = curated_sessions(["2023-12"], ["ABW"], root=root)
    >>> wifi_indicators(source).country_period["sessions"].tolist() == [len(sessions)]
    True
    >>> curated_sessions("2023-12", root=tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    evidence.errors.DataNotFoundError: nothing curated for 'wifi_sessions' under ...
    """
    listed = [periods] if isinstance(periods, str) else list(periods)
    if not listed:
        raise OptionError("periods is empty; give at least one period such as '2023-12'")
    for period in listed:
        check_period(period)
    codes = None
    if countries is not None:
        names = [countries] if isinstance(countries, str) else list(countries)
        codes = tuple(get_country(code).iso3 for code in names)
    source = CuratedSessions(
        tuple(sorted(set(listed))), codes, None if root is None else Path(root), history
    )
    if not any(source.folder.glob("period=*/country=*/*.parquet")):
        raise DataNotFoundError(
            f"nothing curated for 'wifi_sessions' under {source.folder}; "
            "run `evidence ingest --period ...`"
        )
    return source


SessionSource = CuratedSessions | pd.DataFrame


def connect(
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int = DEFAULT_THREADS,
    temp_directory: str | os.PathLike[str] | None = None,
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection limited to ``memory_limit`` (e.g. "2GB", "500MB")
    and ``threads``; beyond the limit DuckDB spills to ``temp_directory`` (default:
    ``evidence-duckdb`` in the system's temporary folder, never the working directory)."""
    check_positive_int("threads", threads)
    if not isinstance(memory_limit, str) or not memory_limit.strip():
        raise OptionError(f"memory_limit must be a size like '2GB', got {memory_limit!r}")
    import duckdb

    connection = duckdb.connect()
    try:
        connection.execute(f"SET memory_limit = '{_size(memory_limit)}'")
        connection.execute(f"SET threads = {int(threads)}")
        connection.execute("SET preserve_insertion_order = false")
        spill = Path(tempfile.gettempdir()) / "evidence-duckdb" if temp_directory is None else None
        connection.execute(f"SET temp_directory = '{_literal(str(spill or temp_directory))}'")
        with contextlib.suppress(duckdb.Error):
            connection.execute("SET enable_progress_bar = false")
    except duckdb.Error as error:
        connection.close()
        raise OptionError(f"DuckDB refused memory_limit={memory_limit!r}: {error}") from error
    return connection


def _size(text: str) -> str:
    cleaned = text.strip().replace(" ", "")
    if not cleaned[:1].isdigit() or not cleaned.rstrip("BbKkMmGgTtIi").replace(".", "").isdigit():
        raise OptionError(f"memory_limit must be a size like '2GB' or '500MB', got {text!r}")
    return cleaned


def _literal(text: str) -> str:
    return text.replace("'", "''")


def _pages_mask(pages: Sequence[str]) -> str:
    # Page categories as one bit each of a small integer (2 bytes a session, not 12).
    bits = [f'(CASE WHEN "{c}" THEN {1 << k} ELSE 0 END)' for k, c in enumerate(pages)]
    return f"CAST({' + '.join(bits)} AS USMALLINT)" if bits else "CAST(0 AS USMALLINT)"


def _recorded(pages: Sequence[str]) -> str:
    # A session has pages recorded when any category column holds a value (True or False).
    return "(" + " OR ".join(f'"{c}" IS NOT NULL' for c in pages) + ")" if pages else "false"


def _stage(connection: duckdb.DuckDBPyConnection, rows: str, pages: Sequence[str]) -> None:
    """Stage from ``rows`` (a relation with the curated columns plus country and period)."""
    # Tables derived from an earlier staging on this connection are dropped.
    for table in DERIVED_TABLES:
        connection.execute(f"DROP TABLE IF EXISTS {table}")
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE sites_dict AS SELECT "
        "CAST(row_number() OVER (ORDER BY country, site_id) AS USMALLINT) AS site, site_id, "
        "CAST(dense_rank() OVER (ORDER BY country) AS UTINYINT) AS country_code, country "
        f"FROM (SELECT DISTINCT country, site_id FROM {rows})"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE periods_dict AS SELECT "
        "CAST(row_number() OVER (ORDER BY period) AS USMALLINT) AS period_code, period, "
        "CAST(strptime(period || '-01', '%Y-%m-%d') AS DATE) - DATE '1970-01-01' AS start_day "
        f"FROM (SELECT DISTINCT period FROM {rows})"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE staged AS SELECT d.country_code, p.period_code, d.site, "
        "hash(r.device_id) AS device, r.start_time, "
        "CAST((epoch_us(r.end_time) - epoch_us(r.start_time)) // 1000000 AS INTEGER) "
        "AS seconds, CAST(r.start_time AS DATE) AS day, "
        "CAST(hour(r.start_time) AS UTINYINT) AS hour, "
        f"r.connection_type = 'express' AS express, {_pages_mask(pages)} AS pages, "
        f"{_recorded(pages)} AS recorded "
        f"FROM {rows} r JOIN sites_dict d ON r.country = d.country AND r.site_id = d.site_id "
        "JOIN periods_dict p ON r.period = p.period"
    )
    names = [c.removeprefix("pages_visited/") for c in pages]
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE pages_dict AS SELECT * FROM (VALUES "
        + (", ".join(f"({k}, '{_literal(n)}')" for k, n in enumerate(names)) or "(0, '')")
        + ") t(bit, page)"
        + ("" if names else " WHERE false")
    )


def stage_sessions(connection: duckdb.DuckDBPyConnection, source: SessionSource) -> None:
    """Create the temporary tables the queries read: ``staged`` (one compact row per session:
    country_code, period_code, site, device, start_time, seconds, day, hour, express, pages
    as a bit mask, recorded: any page category recorded), ``sites_dict``, ``periods_dict``
    (with each period's first day as days since 1970-01-01: ``start_day``), ``pages_dict``
    (the codes) and ``seen_before`` (devices seen in earlier curated periods:
    one column ``device``)."""
    if isinstance(source, pd.DataFrame):
        _stage_frame(connection, source)
        return
    folder = source.folder
    pattern = _literal(str(folder / "*" / "*" / "*.parquet"))
    scan = (
        f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true, "
        "hive_types = {'period': VARCHAR, 'country': VARCHAR})"
    )
    where = [f"period IN ({', '.join(repr(p) for p in source.periods)})"]
    if source.countries is not None:
        where.append(f"country IN ({', '.join(repr(c) for c in source.countries)})")
    columns = {row[0] for row in connection.sql(f"DESCRIBE SELECT * FROM {scan}").fetchall()}
    pages = [c for c in page_columns() if c in columns]
    wanted = ", ".join(
        f'"{c}"'
        for c in ("country", "period", "site_id", "device_id", "start_time", "end_time",
                  "connection_type", *pages)
    )  # fmt: skip
    _stage(connection, f"(SELECT {wanted} FROM {scan} WHERE {' AND '.join(where)})", pages)
    if connection.execute("SELECT count(*) FROM staged").fetchone() == (0,):
        raise DataNotFoundError(
            f"no curated wifi_sessions for periods {list(source.periods)} and countries "
            f"{list(source.countries) if source.countries else 'all'} under {folder}"
        )
    earlier = [f"period < '{source.periods[0]}'"]
    if source.countries is not None:
        earlier.append(where[1])
    history = source.history and _has_earlier(folder, source.periods[0])
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE seen_before AS "
        + (
            f"SELECT DISTINCT hash(device_id) AS device FROM {scan} WHERE {' AND '.join(earlier)}"
            if history
            else "SELECT CAST(NULL AS UBIGINT) AS device WHERE false"
        )
    )


def _has_earlier(folder: Path, first: str) -> bool:
    return any(p.name.removeprefix("period=") < first for p in folder.glob("period=*"))


def _stage_frame(connection: duckdb.DuckDBPyConnection, sessions: pd.DataFrame) -> None:
    require_columns(sessions, FRAME_COLUMNS, "wifi_sessions")
    pages = [c for c in page_columns() if c in sessions.columns]
    frame = pd.DataFrame(
        {
            "country": sessions["country"].astype(str)
            if "country" in sessions.columns
            else sessions["site_id"].astype(str).str[:3],
            "period": sessions["period"].astype(str)
            if "period" in sessions.columns
            else pd.to_datetime(sessions["start_time"]).dt.strftime("%Y-%m"),
            "site_id": sessions["site_id"].astype(str),
            "device_id": sessions["device_id"].astype(str),
            "start_time": pd.to_datetime(sessions["start_time"]).astype("datetime64[us]"),
            "end_time": pd.to_datetime(sessions["end_time"]).astype("datetime64[us]"),
            "connection_type": sessions["connection_type"].astype(str),
            **{c: sessions[c].astype("boolean") for c in pages},
        }
    )
    connection.register("frame_sessions", frame)
    _stage(connection, "frame_sessions", pages)
    connection.unregister("frame_sessions")
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE seen_before AS "
        "SELECT CAST(NULL AS UBIGINT) AS device WHERE false"
    )


def labelled(connection: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its code columns (country_code, period_code, site) replaced by the
    country, period and site_id they stand for, in that order at the front."""
    out = frame
    if "site" in out.columns:
        sites = connection.sql("SELECT site, site_id FROM sites_dict").df()
        out = out.merge(sites, on="site", how="left").drop(columns="site")
    if "country_code" in out.columns:
        countries = connection.sql("SELECT DISTINCT country_code, country FROM sites_dict").df()
        out = out.merge(countries, on="country_code", how="left").drop(columns="country_code")
    if "period_code" in out.columns:
        periods = connection.sql("SELECT period_code, period FROM periods_dict").df()
        out = out.merge(periods, on="period_code", how="left").drop(columns="period_code")
    front = [c for c in ("country", "period", "site_id") if c in out.columns]
    return out[[*front, *[c for c in out.columns if c not in front]]]


def staged_pages(connection: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """The page categories of ``staged``: (bit, category) pairs."""
    rows = connection.execute("SELECT bit, page FROM pages_dict ORDER BY bit").fetchall()
    return [(int(bit), str(page)) for bit, page in rows]


__all__ = [
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_THREADS",
    "CuratedSessions",
    "SessionSource",
    "connect",
    "curated_sessions",
    "labelled",
    "stage_sessions",
]
