"""The Wi-Fi indicators of many countries, one task per country, locally or on a Dask cluster.

Each task opens its own DuckDB connection (``memory_limit`` and ``threads`` are per task, so
a worker's memory is bounded by its tasks times the limit) and reads only its country's
partitions (data/curated/wifi_sessions/period=*/country=<ISO3>/), so the workers share
nothing but the file system. Give a ``distributed.Client`` to run on a cluster; without
one the countries run one after the other here. The data root must be readable by every
worker at the same path.

A country's task sees only that country's sessions: a device is "returning" when seen
earlier in that country's data (a device first seen in another country counts as new).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evidence.countries import get_country
from evidence.movement.wifi_indicators import WifiIndicators, wifi_indicators
from evidence.movement.wifi_scan import DEFAULT_MEMORY_LIMIT, curated_sessions


def country_indicators(
    country: str,
    periods: Sequence[str],
    root: str | None,
    memory_limit: str,
    threads: int,
) -> WifiIndicators:
    """One task: the indicators of one country (picklable arguments only)."""
    source = curated_sessions(list(periods), [country], root)
    return wifi_indicators(source, memory_limit=memory_limit, threads=threads)


def wifi_indicators_by_country(
    periods: str | Sequence[str],
    countries: Sequence[str],
    root: str | os.PathLike[str] | None = None,
    *,
    client: Any | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int = 1,
) -> dict[str, WifiIndicators]:
    """``{ISO3: WifiIndicators}`` for ``countries``, one task each (on ``client`` when
    given: a ``distributed.Client``).

    For the regional study: the 17 countries' indicators in parallel, each task reading only
    its country's partitions with its own DuckDB memory limit.

    Parameters
    ----------
    periods : str or sequence of str
        Periods ``YYYY-MM``.
    countries : sequence of str
        Country codes or names.
    root : str or os.PathLike, optional
        The data root, readable by every worker at the same path.
    client : distributed.Client, optional
        Where the tasks run; without one they run here one after the other.
    memory_limit : str
        DuckDB's memory limit per task.
    threads : int
        DuckDB's threads per task.

    Returns
    -------
    dict of str to WifiIndicators
        Keyed by ISO3 code, in the order of ``countries``.

    Raises
    ------
    OptionError
        When a country is not one of the response countries.
    DataNotFoundError
        When a country has no curated sessions for the periods.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from evidence.synth import synthesize
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> folder = root / "curated" / "wifi_sessions" / "period=2023-12" / "country=ABW"
    >>> folder.mkdir(parents=True)
    >>> sessions = synthesize("wifi_sessions", "ABW", "2023-12", seed=1, scale=0.05)
    >>> sessions.to_parquet(folder / "part-0.parquet", index=False)
    >>> by_country = wifi_indicators_by_country("2023-12", ["ABW"], root=root)
    >>> list(by_country)
    ['ABW']
    >>> int(by_country["ABW"].country_period["sessions"].iloc[0]) == len(sessions)
    True
    """
    listed = [periods] if isinstance(periods, str) else list(periods)
    codes = [get_country(c).iso3 for c in countries]
    where = None if root is None else str(Path(root).resolve())
    if client is None:
        return {c: country_indicators(c, listed, where, memory_limit, threads) for c in codes}
    futures = client.map(
        country_indicators,
        codes,
        periods=listed,
        root=where,
        memory_limit=memory_limit,
        threads=threads,
        pure=False,
    )
    return dict(zip(codes, client.gather(futures), strict=True))


__all__ = ["country_indicators", "wifi_indicators_by_country"]
