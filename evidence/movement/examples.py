"""Five hand-made Wi-Fi sessions that a reader can check by eye, for the movement examples.

``example_sessions()`` is what the docstring examples of the Wi-Fi functions start from, so
each shows its own call and not the same lines that make the data. For real data use
``evidence.load("wifi_sessions", ...)`` or ``curated_sessions`` (out of core).
"""

from __future__ import annotations

import pandas as pd


def example_sessions() -> pd.DataFrame:
    """Three devices at two sites of Aruba over three days of December 2023.

    d1 connects at ABW-S001 on 1 December 08:00, then at ABW-S002 on 2 December 09:00;
    d2 at ABW-S001 on 1 December 10:00, then at ABW-S002 the same day at 18:00; d3 once, at
    ABW-S001 on 3 December 07:00. Every session lasts 30 minutes; two are express.

    Returns
    -------
    pandas.DataFrame
        device_id, site_id, start_time, end_time, connection_type; five rows.

    Examples
    --------
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()
    >>> sessions["device_id"].nunique(), sessions["site_id"].nunique(), len(sessions)
    (3, 2, 5)
    """
    start = pd.to_datetime(
        [
            "2023-12-01 08:00",
            "2023-12-02 09:00",
            "2023-12-01 10:00",
            "2023-12-01 18:00",
            "2023-12-03 07:00",
        ]
    )
    return pd.DataFrame(
        {
            "device_id": ["d1", "d1", "d2", "d2", "d3"],
            "site_id": ["ABW-S001", "ABW-S002", "ABW-S001", "ABW-S002", "ABW-S001"],
            "start_time": start,
            "end_time": start + pd.Timedelta(minutes=30),
            "connection_type": ["express", "registered", "registered", "express", "registered"],
        }
    )


__all__ = ["example_sessions"]
