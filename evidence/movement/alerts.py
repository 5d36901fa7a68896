"""``flags(period, ...)``: the red flags of a period from the curated data, for
``evidence flags`` and a scheduled job that alerts on them.

Reads data/curated: flow_counts and portal_forms through ``evidence.load`` (small tables)
and wifi_sessions through DuckDB (evidence.movement.wifi_indicators, never whole into
pandas), runs evidence.movement.red_flags.detect_red_flags and keeps the flags still
running on or after ``since``. A dataset not curated for the period leaves its signals out
(named in ``frame.attrs["missing_signals"]``) rather than failing: an alert job must still
report what it can see.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import pandas as pd

from evidence.countries import get_country
from evidence.curated import load
from evidence.errors import DataNotFoundError
from evidence.movement.red_flags import FlagThresholds, detect_red_flags
from evidence.movement.wifi_indicators import wifi_indicators
from evidence.movement.wifi_scan import DEFAULT_MEMORY_LIMIT, DEFAULT_THREADS, curated_sessions
from evidence.periods import check_period


def _load(
    dataset: str, countries: list[str] | None, period: str, root: str | os.PathLike[str] | None
) -> pd.DataFrame | None:
    try:
        return load(dataset, country=countries, period=period, root=root)
    except DataNotFoundError:
        return None


def flags(
    period: str,
    since: str | pd.Timestamp | None = None,
    countries: Sequence[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    *,
    thresholds: FlagThresholds | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int = DEFAULT_THREADS,
) -> pd.DataFrame:
    """The red flags of ``period`` (columns of evidence.movement.red_flags.FLAG_COLUMNS),
    for ``countries`` (default all), raised on or after ``since`` (a date; default: the
    whole period). Empty when there is nothing to flag.

    What ``evidence flags`` and a scheduled alert job run: the curated flow counts, portal
    forms and Wi-Fi sessions of the period through ``detect_red_flags``. A flag counts as
    raised on or after ``since`` when it is still running then (its ``end``).

    Parameters
    ----------
    period : str
        The period ``YYYY-MM``.
    since : str or pandas.Timestamp, optional
        Keep the flags whose last day is on or after this date.
    countries : sequence of str, optional
        Country codes or names (default all).
    root : str or os.PathLike, optional
        The data root (default: evidence.paths.data_root()).
    thresholds : FlagThresholds, optional
        The rules' thresholds.
    memory_limit, threads
        DuckDB's memory limit and threads for the Wi-Fi indicators.

    Returns
    -------
    pandas.DataFrame
        One row per flag; ``attrs["missing_signals"]`` names the signals without data.

    Raises
    ------
    OptionError
        When ``period`` is not ``YYYY-MM`` or a country is unknown.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from evidence.synth import synthesize
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> flags("2023-12", root=root).empty  # nothing curated: no flag, every signal missing
    True
    >>> folder = root / "curated" / "flow_counts" / "period=2023-12" / "country=ABW"
    >>> folder.mkdir(parents=True)
    >>> counts = synthesize("flow_counts", "ABW", "2023-12", seed=1, scale=0.05)
    >>> counts.to_parquet(folder / "part-0.parquet", index=False)
    >>> raised = flags("2023-12", since="2023-12-10", root=root)
    >>> raised[["signal", "site_id"]].values.tolist()  # the surge of 6 December ended before
    [['flow_surge', 'ABW-S006']]
    >>> "flow_surge" in raised.attrs["missing_signals"]
    False
    """
    check_period(period)
    codes = None if countries is None else [get_country(c).iso3 for c in countries]
    flow_counts = _load("flow_counts", codes, period, root)
    portal_forms = _load("portal_forms", codes, period, root)
    try:
        sessions = curated_sessions(period, codes, root)
        wifi = wifi_indicators(sessions, memory_limit=memory_limit, threads=threads).site_day
    except DataNotFoundError:
        wifi = None
    result = detect_red_flags(
        flow_counts=flow_counts,
        wifi_site_day=wifi,
        portal_forms=portal_forms,
        thresholds=thresholds,
    )
    frame = result.to_frame()
    if since is not None:
        frame = frame[pd.to_datetime(frame["end"]) >= pd.Timestamp(since)].reset_index(drop=True)
    frame.attrs["missing_signals"] = list(result.missing_signals)
    return frame


__all__ = ["flags"]
