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
    given: a ``distributed.Client``)."""
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
