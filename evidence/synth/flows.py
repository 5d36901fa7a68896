"""Daily flows at every site, with planted surges, and the flow monitoring registry counts.

Every site has a latent daily flow (people passing): a site level (by type, place weight and
a log-normal site effect) × a weekday profile (+15% Friday to Sunday) × bounded gamma
noise. On a few known days at a few known sites the flow surges (``surge_events``): the
multiplier replaces the noise on the surge day and a quarter of the excess carries over to
the next day, so the surge day is its site's busiest day. flow_counts
publishes the flows of the sites that count (``has_fmr``); the flow survey and Wi-Fi
sessions are drawn in proportion to the same flows, so they surge too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.periods import period_bounds
from evidence.synth.geography import PLACES
from evidence.synth.seeding import rng_for
from evidence.synth.sizes import sizes_for

_TYPE_LEVEL = {"border": 3.0, "terminal": 2.0, "service_station": 0.8, "shelter": 0.4}
# Shares of entries, exits and transit among the people observed, by site type.
_DIRECTIONS = {
    "border": (0.55, 0.25, 0.20),
    "terminal": (0.30, 0.20, 0.50),
    "service_station": (0.25, 0.15, 0.60),
    "shelter": (0.60, 0.10, 0.30),
}
N_SURGES = 3
# Months > 1 (``span_flows``): a known trend, +5% a month (compound, in days), on top of the
# weekly seasonality (+15% Friday to Sunday); the last month keeps the country's size.
MONTHLY_GROWTH = 0.05
DAYS_PER_MONTH = 30.4375


def period_days(period: str) -> pd.DatetimeIndex:
    start, end = period_bounds(period)
    return pd.date_range(start, end, freq="D")


def surge_events(
    sites: pd.DataFrame, period: str, seed: int, n_surges: int = N_SURGES
) -> pd.DataFrame:
    """The planted surges: site_id, date, multiplier (3 to 5) — a function of the sites,
    the period and the seed. Surges happen at border crossings and terminals that count
    flows (``has_fmr``), on distinct days (at most ``n_surges``; fewer where a country has
    fewer such sites; 0 plants none).

    What the flow datasets multiply on their surge day (a quarter of the excess carries over
    to the next day), and what the anomaly detection of the movement models must find again;
    ``write_synthetic`` records them in data/synth/<period>/surges.csv.

    Parameters
    ----------
    sites : pandas.DataFrame
        The ``sites`` dataset of one country (``site_id``, ``site_type``, ``has_fmr``).
    period : str
        ``YYYY-MM``; surges fall on distinct days of it, never its last day.
    seed : int
    n_surges : int, default 3
        Surges wanted.

    Returns
    -------
    pandas.DataFrame
        ``site_id``, ``date``, ``multiplier`` (3 to 5, two decimals), in date order.

    Examples
    --------
    >>> from evidence.synth import surge_events, synthesize
    >>> sites = synthesize("sites", "PER", "2023-12", seed=1)
    >>> surges = surge_events(sites, "2023-12", seed=1)
    >>> surges.columns.tolist(), len(surges)
    (['site_id', 'date', 'multiplier'], 3)
    >>> bool(surges["multiplier"].between(3, 5).all()), surges["date"].is_monotonic_increasing
    (True, True)
    >>> len(surge_events(sites, "2023-12", seed=1, n_surges=0))
    0
    """
    country = str(sites["site_id"].iloc[0])[:3]
    rng = rng_for(seed, "surges", country, period)
    busy = sites["site_type"].isin(["border", "terminal"]) & sites["has_fmr"]
    candidates = sites.loc[busy, "site_id"].to_numpy()
    if candidates.size == 0:
        candidates = sites.loc[sites["has_fmr"], "site_id"].to_numpy()
    n = min(n_surges, candidates.size)
    days = period_days(period)
    # Not the last day, so the carry-over lands inside the period.
    chosen_days = np.sort(rng.choice(days.size - 1, n, replace=False))
    return pd.DataFrame(
        {
            "site_id": rng.choice(candidates, n, replace=False),
            "date": days[chosen_days],
            "multiplier": np.round(rng.uniform(3.0, 5.0, n), 2),
        }
    )


def _site_levels(sites: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    country = str(sites["site_id"].iloc[0])[:3]
    place_weight = (
        sites["admin1"]
        .map({place.admin1: place.weight for place in PLACES[country]})
        .to_numpy(dtype=float)
    )
    level = (
        sites["site_type"].map(_TYPE_LEVEL).to_numpy(dtype=float)
        * place_weight**0.5
        * rng.lognormal(0.0, 0.5, len(sites))
    )
    return np.asarray(level * sizes_for(country).daily_flow / level.sum())


def _plant_surges(
    flow: np.ndarray,
    expected: np.ndarray,
    days: pd.DatetimeIndex,
    sites: pd.DataFrame,
    surges: pd.DataFrame,
) -> None:
    site_pos = {site: k for k, site in enumerate(sites["site_id"])}
    for site, date, multiplier in surges.itertuples(index=False):
        k, d = site_pos[site], int(days.searchsorted(date))
        flow[k, d] = expected[k, d] * multiplier
        flow[k, d + 1] = expected[k, d + 1] * (1 + (multiplier - 1) / 4)


def _frame(sites: pd.DataFrame, days: pd.DatetimeIndex, flow: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "site_id": np.repeat(sites["site_id"].to_numpy(), days.size),
            "date": np.tile(days, len(sites)),
            "site_type": np.repeat(sites["site_type"].to_numpy(), days.size),
            "flow": flow.ravel(),
        }
    )


def site_day_flows(
    sites: pd.DataFrame, period: str, seed: int, n_surges: int = N_SURGES
) -> pd.DataFrame:
    """Latent flows of every site and day: site_id, date, site_type, flow (expected people)."""
    country = str(sites["site_id"].iloc[0])[:3]
    rng = rng_for(seed, "flows", country, period)
    days = period_days(period)
    level = _site_levels(sites, rng)
    weekday = np.where(days.day_of_week >= 4, 1.15, 1.0)
    trend = 1 + 0.1 * np.sin(2 * np.pi * (np.arange(days.size) / days.size + rng.random()))
    expected = level[:, None] * (weekday * trend)[None, :]
    # Noise is bounded so that no ordinary day (at most 1.8 × 1.15 × 1.1 = 2.3 × the site
    # level) can outdo a surge (at least 3 × 0.9 = 2.7 × the site level).
    flow = expected * np.clip(rng.gamma(20.0, 1 / 20.0, expected.shape), 0.5, 1.8)
    _plant_surges(flow, expected, days, sites, surge_events(sites, period, seed, n_surges))
    return _frame(sites, days, flow)


def span_flows(
    sites: pd.DataFrame, periods: tuple[str, ...], seed: int, n_surges: int = N_SURGES
) -> pd.DataFrame:
    """Latent flows over consecutive ``periods`` (the multi-month data): the site levels of
    the last period × a known trend (``MONTHLY_GROWTH`` a month, 1 on the last day) × the
    weekly profile × bounded gamma noise, with each period's planted surges."""
    country = str(sites["site_id"].iloc[0])[:3]
    rng = rng_for(seed, "flows", country, *periods)
    days = pd.DatetimeIndex(np.concatenate([period_days(p).to_numpy() for p in periods]))
    level = _site_levels(sites, rng)
    weekday = np.where(days.day_of_week >= 4, 1.15, 1.0)
    trend = flow_trend_factor(days)
    expected = level[:, None] * (weekday * trend)[None, :]
    flow = expected * np.clip(rng.gamma(20.0, 1 / 20.0, expected.shape), 0.5, 1.8)
    for period in periods:
        _plant_surges(flow, expected, days, sites, surge_events(sites, period, seed, n_surges))
    return _frame(sites, days, flow)


def flow_trend_factor(days: pd.DatetimeIndex) -> np.ndarray:
    """The planted trend of the multi-month data: (1 + MONTHLY_GROWTH) ** (months before the
    last day), so a forecast test knows the truth."""
    months = (days - days.max()).days.to_numpy() / DAYS_PER_MONTH
    return np.asarray((1 + MONTHLY_GROWTH) ** months)


def make_flow_counts(
    sites: pd.DataFrame, flows: pd.DataFrame, period: str, seed: int
) -> pd.DataFrame:
    """Counts at the sites that count flows (contract: data_contracts/flow_counts.yaml)."""
    country = str(sites["site_id"].iloc[0])[:3]
    rng = rng_for(seed, "flow_counts", country, period)
    counting = set(sites.loc[sites["has_fmr"], "site_id"])
    rows = flows[flows["site_id"].isin(counting)].reset_index(drop=True)
    total = rng.poisson(rows["flow"].to_numpy())
    shares = np.array([_DIRECTIONS[t] for t in rows["site_type"]])
    # A multinomial split per row, vectorised as two binomials.
    entries = rng.binomial(total, shares[:, 0])
    exits = rng.binomial(total - entries, shares[:, 1] / (shares[:, 1] + shares[:, 2]))
    women = rng.binomial(total, 0.27)
    children = rng.binomial(total - women, 0.30)
    return pd.DataFrame(
        {
            "site_id": rows["site_id"],
            "date": rows["date"].dt.strftime("%Y-%m-%d"),
            "entries": entries,
            "exits": exits,
            "transit": total - entries - exits,
            "women": women,
            "children": children,
        }
    )
