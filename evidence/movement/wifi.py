"""DTM-WiFi analytics: sessions and devices by day and site, and how devices use the network.

A session is one connection; a device is one pseudonymised device_id (its MAC address,
HMAC-ed at ingestion), so counting distinct device_ids counts devices, never people by name.
Express connections last three minutes without a form; registered ones are unlimited after
the captive-portal form. Device counts are of devices seen in the cell (a day, a site), so
the devices of two days do not add up to the devices of both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.indicators.checks import require_columns
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, mask_small_counts
from evidence.indicators.tables import DescriptiveTable
from evidence.movement.flows import FLOW_SCOPES, FlowScope
from evidence.options import check_option

SESSION_COLUMNS: tuple[str, ...] = (
    "device_id",
    "site_id",
    "start_time",
    "end_time",
    "connection_type",
)
# Devices by how many sessions they opened in the period.
VISIT_BANDS: tuple[tuple[str, int, float], ...] = (
    ("1", 1, 1),
    ("2", 2, 2),
    ("3_5", 3, 5),
    ("6_plus", 6, np.inf),
)


def session_frame(sessions: pd.DataFrame) -> pd.DataFrame:
    """The columns the analytics need, typed: device_id, site_id, start, date, hour,
    minutes (duration) and express (bool)."""
    require_columns(sessions, SESSION_COLUMNS, "wifi_sessions")
    start = pd.to_datetime(sessions["start_time"])
    end = pd.to_datetime(sessions["end_time"])
    return pd.DataFrame(
        {
            "device_id": sessions["device_id"].astype("string"),
            "site_id": sessions["site_id"].astype("string"),
            "date": start.dt.normalize(),
            "hour": start.dt.hour,
            "minutes": (end - start).dt.total_seconds() / 60,
            "express": sessions["connection_type"].astype("string") == "express",
        },
        index=sessions.index,
    )


def wifi_by_day(
    sessions: pd.DataFrame, *, by: FlowScope = "total", min_count: int = DEFAULT_MIN_COUNT
) -> DescriptiveTable:
    """Sessions, distinct devices, sessions per device and the express share of sessions,
    per day for the country (``by="total"``) or per site and day (``by="site"``).

    Parameters
    ----------
    sessions : pandas.DataFrame
        Wi-Fi sessions (device_id, site_id, start_time, end_time, connection_type).
    by : {"total", "site"}
        The country per day, or each site per day.
    min_count : int
        Counts under this are withheld (the small-count rule).

    Returns
    -------
    DescriptiveTable
        date (and site_id), sessions, devices, express_sessions, sessions_per_device,
        express_share, suppressed.

    Raises
    ------
    OptionError
        When ``by`` is unknown.
    ContractError
        When ``sessions`` lacks a required column.

    See Also
    --------
    wifi_indicators : the same counts and more, in DuckDB over curated partitions.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()  # 3 devices, 2 sites, 5 sessions
    >>> table = wifi_by_day(sessions, min_count=0).to_frame()
    >>> table[["sessions", "devices", "express_sessions"]].values.tolist()
    [[3, 2, 2], [1, 1, 0], [1, 1, 0]]
    >>> bool(wifi_by_day(sessions).to_frame()["suppressed"].all())  # counts under 5
    True
    """
    check_option("by", by, FLOW_SCOPES)
    frame = session_frame(sessions)
    keys = ["date"] if by == "total" else ["site_id", "date"]
    table = frame.groupby(keys, as_index=False).agg(
        sessions=("device_id", "size"),
        devices=("device_id", "nunique"),
        express_sessions=("express", "sum"),
    )
    table["sessions_per_device"] = table["sessions"] / table["devices"]
    table["express_share"] = table["express_sessions"] / table["sessions"]
    table = mask_small_counts(
        table,
        ["sessions", "devices", "express_sessions"],
        min_count,
        ["sessions_per_device", "express_share"],
    )
    scope = "the country" if by == "total" else "each site"
    return DescriptiveTable(table, title=f"Wi-Fi sessions and devices per day at {scope}")


def wifi_overview(sessions: pd.DataFrame) -> DescriptiveTable:
    """Headline figures of the period, one row per measure (measure, value):
    sessions, devices, sites, sessions per device (mean, median), share of devices that
    came back (more than one session) and that connected on more than one day, express
    share of sessions, median minutes of an express and of a registered session.

    Parameters
    ----------
    sessions : pandas.DataFrame
        Wi-Fi sessions (device_id, site_id, start_time, end_time, connection_type).

    Returns
    -------
    DescriptiveTable
        measure, value (floats; no small-count withholding: totals of the period).

    Raises
    ------
    ContractError
        When ``sessions`` lacks a required column.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()  # 3 devices, 2 sites, 5 sessions
    >>> values = wifi_overview(sessions).to_frame().set_index("measure")["value"]
    >>> values[["sessions", "devices", "sites", "share_devices_several_days"]].round(3).tolist()
    [5.0, 3.0, 2.0, 0.333]
    """
    frame = session_frame(sessions)
    per_device = frame.groupby("device_id").agg(
        sessions=("site_id", "size"), days=("date", "nunique")
    )
    n_devices = len(per_device)
    express = frame["express"]
    values = {
        "sessions": float(len(frame)),
        "devices": float(n_devices),
        "sites": float(frame["site_id"].nunique()),
        "sessions_per_device_mean": float(per_device["sessions"].mean()) if n_devices else np.nan,
        "sessions_per_device_median": float(per_device["sessions"].median())
        if n_devices
        else np.nan,
        "share_devices_returning": float((per_device["sessions"] > 1).mean())
        if n_devices
        else np.nan,
        "share_devices_several_days": float((per_device["days"] > 1).mean())
        if n_devices
        else np.nan,
        "express_share_sessions": float(express.mean()) if len(frame) else np.nan,
        "median_minutes_express": float(frame.loc[express, "minutes"].median()),
        "median_minutes_registered": float(frame.loc[~express, "minutes"].median()),
    }
    table = pd.DataFrame({"measure": list(values), "value": list(values.values())})
    return DescriptiveTable(table, title="Wi-Fi analytics: the period at a glance")


def devices_by_visits(
    sessions: pd.DataFrame, *, min_count: int = DEFAULT_MIN_COUNT
) -> DescriptiveTable:
    """Devices by how many sessions they opened in the period (1, 2, 3-5, 6 or more),
    with their share of all devices.

    Parameters
    ----------
    sessions : pandas.DataFrame
        Wi-Fi sessions (device_id, site_id, start_time, end_time, connection_type).
    min_count : int
        Bands with fewer devices are withheld.

    Returns
    -------
    DescriptiveTable
        sessions_band (1, 2, 3_5, 6_plus), devices, share, suppressed.

    Raises
    ------
    ContractError
        When ``sessions`` lacks a required column.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()  # 3 devices, 2 sites, 5 sessions
    >>> table = devices_by_visits(sessions, min_count=0).to_frame()
    >>> table[["sessions_band", "devices"]].values.tolist()
    [['1', 1], ['2', 2], ['3_5', 0], ['6_plus', 0]]
    """
    frame = session_frame(sessions)
    per_device = frame.groupby("device_id").size()
    rows = []
    for band, low, high in VISIT_BANDS:
        devices = int(((per_device >= low) & (per_device <= high)).sum())
        rows.append({"sessions_band": band, "devices": devices})
    table = pd.DataFrame(rows)
    total = table["devices"].sum()
    table["share"] = table["devices"] / total if total else np.nan
    table = mask_small_counts(table, ["devices"], min_count, ["share"])
    return DescriptiveTable(table, title="Devices by number of sessions in the period")
