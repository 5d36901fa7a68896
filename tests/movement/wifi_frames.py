"""Small hand-made Wi-Fi session tables, random ones, and curated partitions written to disk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

PAGES = ("r4v_info", "maps", "messaging")


def sessions(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """Rows (device_id, site_id, start, end, connection_type) as a sessions frame; every
    session visited ``maps``, registered ones also ``r4v_info``."""
    frame = pd.DataFrame(
        rows, columns=["device_id", "site_id", "start_time", "end_time", "connection_type"]
    )
    frame["start_time"] = pd.to_datetime(frame["start_time"])
    frame["end_time"] = pd.to_datetime(frame["end_time"])
    frame["pages_visited/r4v_info"] = frame["connection_type"] == "registered"
    frame["pages_visited/maps"] = True
    return frame


# Read by eye: three devices at two Colombian sites over two days of December 2023.
#   a: S001 day 1 08:00 express, S001 day 1 09:00-09:30 registered, S002 day 2 10:00 express
#   b: S001 day 1 08:10 express, S001 day 2 18:00-19:00 registered
#   c: S002 day 2 10:30 express
HAND_MADE = [
    ("a", "COL-S001", "2023-12-01 08:00", "2023-12-01 08:03", "express"),
    ("a", "COL-S001", "2023-12-01 09:00", "2023-12-01 09:30", "registered"),
    ("a", "COL-S002", "2023-12-02 10:00", "2023-12-02 10:03", "express"),
    ("b", "COL-S001", "2023-12-01 08:10", "2023-12-01 08:13", "express"),
    ("b", "COL-S001", "2023-12-02 18:00", "2023-12-02 19:00", "registered"),
    ("c", "COL-S002", "2023-12-02 10:30", "2023-12-02 10:33", "express"),
]


def random_sessions(seed: int, n: int = 400, period: str = "2023-12") -> pd.DataFrame:
    """``n`` sessions of 30 devices at 5 sites in two countries over a month."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp(f"{period}-01") + pd.to_timedelta(
        rng.integers(0, 28 * 86_400, n), unit="s"
    )
    minutes = np.where(rng.random(n) < 0.6, 3.0, rng.lognormal(3, 1, n).round(1))
    sites = np.array(["COL-S001", "COL-S002", "COL-S003", "ECU-S001", "ECU-S002"])
    frame = pd.DataFrame(
        {
            "device_id": [f"d{k:02d}" for k in rng.integers(0, 30, n)],
            "site_id": sites[rng.integers(0, 5, n)],
            "start_time": start,
            "end_time": start + pd.to_timedelta(minutes * 60, unit="s"),
            "connection_type": np.where(minutes == 3.0, "express", "registered"),
        }
    )
    for page in PAGES:
        frame[f"pages_visited/{page}"] = rng.random(n) < 0.4
    return frame


def write_curated(frame: pd.DataFrame, root: Path) -> None:
    """Write ``frame`` as curated wifi_sessions partitions (period and country from the rows)."""
    period = frame["start_time"].dt.strftime("%Y-%m")
    country = frame["site_id"].str[:3]
    for (p, c), part in frame.groupby([period, country]):
        folder = root / "curated" / "wifi_sessions" / f"period={p}" / f"country={c}"
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pandas(part.reset_index(drop=True), preserve_index=False)
        pq.write_table(table, folder / "part-0.parquet")
