"""When and for what the DTM-WiFi network is used: hour-of-day profile and pages visited.

``pages_visited`` is a multiple-choice field (canonical columns ``pages_visited/<category>``);
a session with nothing recorded is missing in every column and left out of the shares, whose
denominator is the sessions with pages recorded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.indicators.publish import measure_rows
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, mask_small_counts
from evidence.indicators.tables import DescriptiveTable
from evidence.indicators.variables import indicator_block
from evidence.movement.wifi import session_frame
from evidence.options import check_positive_int

PAGES = "pages_visited"
HOURS = tuple(range(24))


def hour_profile(sessions: pd.DataFrame, *, min_count: int = DEFAULT_MIN_COUNT) -> DescriptiveTable:
    """Sessions started in each hour of the day (local time at the site), express and
    registered, with each hour's share of the day's sessions; all 24 hours are listed.

    When people on the move use the network, for planning staff and opening hours.

    Parameters
    ----------
    sessions : pandas.DataFrame
        Wi-Fi sessions (device_id, site_id, start_time, end_time, connection_type).
    min_count : int
        Counts under this are withheld (the small-count rule).

    Returns
    -------
    DescriptiveTable
        hour, sessions, express, registered, share, suppressed; 24 rows.

    Raises
    ------
    ContractError
        When ``sessions`` lacks a required column.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()  # 3 devices, 2 sites, 5 sessions
    >>> table = hour_profile(sessions, min_count=0).to_frame()
    >>> len(table), int(table["sessions"].sum())
    (24, 5)
    >>> table.loc[table["hour"] == 8, ["express", "registered"]].values.tolist()
    [[1, 0]]
    """
    frame = session_frame(sessions)
    counts = (
        frame.assign(kind=np.where(frame["express"], "express", "registered"))
        .groupby(["hour", "kind"])
        .size()
        .unstack("kind")
        .reindex(index=list(HOURS), columns=["express", "registered"], fill_value=0)
        .fillna(0)
        .astype("int64")
    )
    return hour_table(counts["express"].to_numpy(), counts["registered"].to_numpy(), min_count)


def hour_table(
    express: np.ndarray, registered: np.ndarray, min_count: int = DEFAULT_MIN_COUNT
) -> DescriptiveTable:
    """The hour-of-day table from the express and registered sessions of hours 0 to 23 (also
    the DuckDB path's builder, evidence.movement.wifi_summaries)."""
    table = pd.DataFrame(
        {
            "hour": list(HOURS),
            "sessions": (express + registered).astype("int64"),
            "express": express.astype("int64"),
            "registered": registered.astype("int64"),
        }
    )
    total = table["sessions"].sum()
    table["share"] = table["sessions"] / total if total else np.nan
    table = mask_small_counts(table, ["sessions", "express", "registered"], min_count, ["share"])
    return DescriptiveTable(table, title="Wi-Fi sessions by hour of the day")


def top_pages(
    sessions: pd.DataFrame, *, top: int | None = None, min_count: int = DEFAULT_MIN_COUNT
) -> DescriptiveTable:
    """Categories of websites visited: sessions and distinct devices that visited each, and
    the share of sessions with pages recorded, most visited first (``top`` keeps the first).

    Parameters
    ----------
    sessions : pandas.DataFrame
        Wi-Fi sessions with device_id and the canonical columns ``pages_visited/<category>``
        (True, False, or missing when nothing was recorded).
    top : int, optional
        Keep the ``top`` categories (all by default).
    min_count : int
        Categories with fewer sessions or devices are withheld.

    Returns
    -------
    DescriptiveTable
        page, sessions, devices, share_of_sessions, sessions_recorded, suppressed.

    Raises
    ------
    OptionError
        When ``top`` is not a positive integer.
    ContractError
        When ``sessions`` has no pages_visited column.

    Examples
    --------
    >>> import pandas as pd
    >>> sessions = pd.DataFrame({
    ...     "device_id": ["d1", "d1", "d2", "d3"],
    ...     "pages_visited/news": [True, False, True, None],
    ...     "pages_visited/maps": [True, True, False, None],
    ... })
    >>> table = top_pages(sessions, min_count=0).to_frame()
    >>> table[["page", "sessions", "devices", "share_of_sessions"]].values.tolist()
    [['maps', 2, 1, 0.6666666666666666], ['news', 2, 2, 0.6666666666666666]]
    >>> top_pages(sessions, top=1, min_count=0).to_frame()["page"].tolist()
    ['maps']
    """
    if top is not None:
        check_positive_int("top", top)
    block = indicator_block(sessions, PAGES)
    recorded = ~np.isnan(block.values).all(axis=1)
    ticked = np.nan_to_num(block.values, nan=0.0) > 0
    devices = sessions["device_id"].astype("string").to_numpy()
    rows = []
    for position, category in enumerate(block.categories):
        hit = ticked[:, position]
        rows.append(
            {
                "page": category,
                "sessions": int(hit.sum()),
                "devices": int(pd.unique(devices[hit]).size),
            }
        )
    return pages_table(pd.DataFrame(rows), int(recorded.sum()), top=top, min_count=min_count)


def pages_table(
    counts: pd.DataFrame,
    n_recorded: int,
    *,
    top: int | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """The pages table from ``counts`` (page, sessions, devices per page category) and the
    sessions with pages recorded (also the DuckDB path's builder)."""
    table = counts[["page", "sessions", "devices"]].astype(
        {"sessions": "int64", "devices": "int64"}
    )
    table["share_of_sessions"] = table["sessions"] / n_recorded if n_recorded else np.nan
    table["sessions_recorded"] = n_recorded
    table = table.sort_values(["sessions", "page"], ascending=[False, True], ignore_index=True)
    if top is not None:
        table = table.head(top)
    full = table.copy()

    def results_rows(country: str, period: str) -> pd.DataFrame:
        sessions = measure_rows(
            full,
            country=country,
            period=period,
            by=("page",),
            measures={"sessions": ("count_sessions_page", "count")},
        )
        shares = measure_rows(
            full,
            country=country,
            period=period,
            by=("page",),
            n="sessions_recorded",
            measures={"share_of_sessions": ("share_sessions_page", "proportion")},
            numerators={"share_of_sessions": "sessions"},
        )
        recorded = measure_rows(
            full.head(1),
            country=country,
            period=period,
            measures={"sessions_recorded": ("count_sessions_with_pages", "count")},
        )
        return pd.concat([sessions, shares, recorded], ignore_index=True)

    table = mask_small_counts(table, ["sessions", "devices"], min_count, ["share_of_sessions"])
    return DescriptiveTable(
        table,
        title="Websites visited during Wi-Fi sessions (by category)",
        notes=(f"Shares of the {n_recorded} sessions with pages recorded.",),
        rows=results_rows,
    )
