"""A plain pandas implementation of the Wi-Fi indicators and transitions, written apart from
the DuckDB path (evidence.movement.wifi_indicators, evidence.movement.routes) from the
definitions in their docstrings: the tests compare the two on small tables, and
benchmarks/wifi.py times this one as the "straightforward pandas" peer.

It reads the whole sessions frame into memory (which is what the DuckDB path avoids) and
knows no history before the frame (no ``seen_before``).
"""

from __future__ import annotations

import pandas as pd

QUANTILES = (0.10, 0.25, 0.50, 0.75, 0.90)


def prepared(sessions: pd.DataFrame) -> pd.DataFrame:
    if "device" in sessions.columns:  # prepared already
        return sessions
    start = pd.to_datetime(sessions["start_time"])
    end = pd.to_datetime(sessions["end_time"])
    out = pd.DataFrame(
        {
            "country": sessions["country"]
            if "country" in sessions
            else sessions["site_id"].str[:3],
            "period": sessions["period"] if "period" in sessions else start.dt.strftime("%Y-%m"),
            "site_id": sessions["site_id"],
            "device": sessions["device_id"],
            "start_time": start,
            "end_time": end,
            "date": start.dt.normalize(),
            "hour": start.dt.hour,
            "minutes": (end - start).dt.total_seconds() / 60,
            "express": sessions["connection_type"] == "express",
        }
    )
    for column in sessions.columns:
        if column.startswith("pages_visited/"):
            out["page_" + column.removeprefix("pages_visited/")] = (
                sessions[column].fillna(False).astype(bool)
            )
    return out


def indicators(sessions: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per ``keys`` (e.g. country, period, site_id, date): the DuckDB path's columns."""
    frame = prepared(sessions)
    grouped = frame.groupby(keys)
    table = grouped.agg(
        sessions=("device", "size"),
        devices=("device", "nunique"),
        express_sessions=("express", "sum"),
    )
    for q in QUANTILES:
        table[f"minutes_p{round(q * 100):02d}"] = grouped["minutes"].quantile(q)
    first_day = frame.groupby("device")["date"].transform("min")
    # Returning over a period: first seen before the period's first day.
    period_start = pd.to_datetime(frame["period"] + "-01")
    earlier = first_day < (frame["date"] if "date" in keys else period_start)
    returning = frame[earlier].groupby(keys)["device"].nunique()
    table["returning_devices"] = returning.reindex(table.index, fill_value=0)
    hours = frame.groupby([*keys, "hour"]).size().rename("n").reset_index()
    hours = hours.sort_values([*keys, "n", "hour"], ascending=[True] * len(keys) + [False, True])
    peak = hours.groupby(keys).head(1).set_index(keys)
    table["peak_hour"] = peak["hour"]
    table["peak_hour_sessions"] = peak["n"]
    table = table.reset_index()
    table["new_devices"] = table["devices"] - table["returning_devices"]
    table["sessions_per_device"] = table["sessions"] / table["devices"]
    table["express_share"] = table["express_sessions"] / table["sessions"]
    return table


def pages(sessions: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    frame = prepared(sessions)
    columns = [c for c in frame.columns if c.startswith("page_")]
    table = frame.groupby(keys)[columns].sum().astype("int64")
    total = frame.groupby(keys).size()
    long = table.rename_axis(columns="page").stack().rename("sessions").reset_index()
    long["page"] = long["page"].str.removeprefix("page_")
    long["share"] = (
        long["sessions"] / total.reindex(pd.MultiIndex.from_frame(long[keys])).to_numpy()
    )
    return long


def transitions(sessions: pd.DataFrame) -> pd.DataFrame:
    """origin_site, destination_site, transitions, devices, median_hours."""
    frame = prepared(sessions).sort_values(["device", "start_time", "site_id"])
    previous = frame.groupby("device")[["site_id", "country", "end_time"]].shift(1)
    moved = previous["site_id"].notna() & (previous["site_id"] != frame["site_id"])
    moves = pd.DataFrame(
        {
            "origin_site": previous.loc[moved, "site_id"],
            "origin_country": previous.loc[moved, "country"],
            "destination_site": frame.loc[moved, "site_id"],
            "destination_country": frame.loc[moved, "country"],
            "device": frame.loc[moved, "device"],
            "hours": (frame.loc[moved, "start_time"] - previous.loc[moved, "end_time"])
            .dt.total_seconds()
            .to_numpy()
            / 3600,
        }
    )
    if moves.empty:
        return pd.DataFrame(
            columns=["origin_site", "destination_site", "transitions", "devices", "median_hours"]
        )
    table = moves.groupby(
        ["origin_site", "origin_country", "destination_site", "destination_country"]
    ).agg(
        transitions=("device", "size"),
        devices=("device", "nunique"),
        median_hours=("hours", "median"),
    )
    return table.reset_index()


def all_indicators(sessions: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Everything benchmarks/wifi.py times: site-day, site-period and country-period
    indicators, pages by site and day, sessions by site and hour, transitions."""
    frame = prepared(sessions)
    return {
        "site_day": indicators(frame, ["country", "period", "site_id", "date"]),
        "site_period": indicators(frame, ["country", "period", "site_id"]),
        "country_period": indicators(frame, ["country", "period"]),
        "pages": pages(frame, ["country", "period", "site_id", "date"]),
        "hours": prepared(frame).groupby(["country", "period", "site_id", "hour"]).size(),
        "transitions": transitions(frame),
    }


__all__ = ["QUANTILES", "all_indicators", "indicators", "pages", "prepared", "transitions"]
