"""Small hand-built flow_counts frames and a simulated month with planted surges."""

from __future__ import annotations

import numpy as np
import pandas as pd


def counts(rows: list[tuple[str, str, int, int, int]]) -> pd.DataFrame:
    """flow_counts rows (site_id, date, entries, exits, transit) as evidence.load types them."""
    frame = pd.DataFrame(rows, columns=["site_id", "date", "entries", "exits", "transit"])
    frame["date"] = pd.to_datetime(frame["date"])
    for column in ("entries", "exits", "transit"):
        frame[column] = frame[column].astype("Int64")
    frame.insert(0, "period", "2023-12")
    frame.insert(1, "country", "COL")
    return frame


def simulated_month(
    seed: int, n_sites: int = 20, period: str = "2023-12"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A month of counts at ``n_sites`` sites and the surges planted in it.

    Written here, apart from evidence.synth, so the detector is tested against a second
    generator: site levels log-normal (30 to 3,000 people a day), a weekend lift, gamma
    day-to-day noise (cv 0.22), Poisson counts; three surges multiply the flow by 3 to 5 on
    one day at three distinct sites (half the excess carries to the next day).
    """
    rng = np.random.default_rng(seed)
    days = pd.date_range(f"{period}-01", periods=pd.Period(period).days_in_month, freq="D")
    level = np.exp(rng.uniform(np.log(30), np.log(3000), n_sites))
    weekend = np.where(days.day_of_week >= 4, 1.15, 1.0)
    flow = level[:, None] * weekend[None, :] * rng.gamma(20.0, 1 / 20, (n_sites, days.size))
    sites = rng.choice(n_sites, 3, replace=False)
    when = rng.choice(days.size - 1, 3, replace=False)
    multiplier = rng.uniform(3, 5, 3)
    for s, d, m in zip(sites, when, multiplier, strict=True):
        flow[s, d] *= m
        flow[s, d + 1] *= 1 + (m - 1) / 2
    total = rng.poisson(flow)
    entries = rng.binomial(total, 0.5)
    exits = rng.binomial(total - entries, 0.5)
    site_ids = [f"COL-S{k + 1:03d}" for k in range(n_sites)]
    frame = pd.DataFrame(
        {
            "site_id": np.repeat(site_ids, days.size),
            "date": np.tile(days, n_sites),
            "entries": entries.ravel(),
            "exits": exits.ravel(),
            "transit": (total - entries - exits).ravel(),
        }
    )
    planted = pd.DataFrame({"site_id": [site_ids[s] for s in sites], "date": days[when]})
    return frame, planted
