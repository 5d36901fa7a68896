"""DTM-WiFi sessions (contract: data_contracts/wifi_sessions.yaml), generated day by day.

Sessions at a Wi-Fi site on a day are Poisson with a mean proportional to the site's latent
flow that day (evidence.synth.flows), so sessions surge with the flows. Each site has a pool
of devices; a session picks a device with a skewed law (index = pool size × u^1.8), so a few devices
come back many times and most once or twice. A device's MAC address, operating system and
connection habit (40% register, the rest take the three-minute express connection) are
fixed functions of the device (a keyed hash), the same in every day and period. About 6% of
registered sessions submit the captive-portal form (evidence.synth.portal).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.synth.codes import fixed_ids, join_choices, mac_addresses
from evidence.synth.flows import period_days
from evidence.synth.seeding import mix64, rng_for, stream_key

PAGES = (
    "r4v_info",
    "iom_services",
    "migration_authority",
    "health_services",
    "job_portal",
    "legal_aid",
    "money_transfer",
    "maps",
    "messaging",
    "social_media",
    "news",
    "other",
)
_PAGE_P = {
    "express": np.array([0.05, 0.03, 0.03, 0.02, 0.02, 0.01, 0.05, 0.10, 0.60, 0.40, 0.05, 0.05]),
    "registered": np.array(
        [0.20, 0.15, 0.15, 0.08, 0.12, 0.05, 0.20, 0.30, 0.80, 0.60, 0.20, 0.10]
    ),
}
OS_CODES = ("android", "ios", "windows", "macos", "linux", "other")
_OS_CUMULATIVE = np.array([780, 950, 970, 980, 985, 1000])
# Hourly profile of connections (local time): morning and evening peaks, quiet nights.
_HOURS = np.array(
    [1, 0.6, 0.4, 0.3, 0.4, 1, 2.5, 4, 5, 5, 4.5, 4.5, 5, 4.5, 4, 4, 4.5, 5.5, 6, 6, 5, 4, 3, 2]
)
REGISTERED_SHARE = 0.40
FORM_SHARE = 0.06
SESSIONS_PER_DEVICE = 2.2


@dataclass(frozen=True)
class WifiDay:
    """One day of sessions and the sessions among them that submitted a portal form."""

    sessions: pd.DataFrame
    form_sessions: pd.DataFrame


def device_pools(sites: pd.DataFrame, flows: pd.DataFrame, target: int) -> pd.DataFrame:
    """Wi-Fi sites with their session rate and device pool (size and offset)."""
    wifi = sites.loc[sites["has_wifi"], ["site_id"]].reset_index(drop=True)
    site_flow = flows.groupby("site_id")["flow"].sum().reindex(wifi["site_id"]).to_numpy()
    rate = target / site_flow.sum()
    pool = np.maximum(20, np.round(site_flow * rate / SESSIONS_PER_DEVICE)).astype(np.int64)
    return wifi.assign(rate=rate, pool=pool, offset=np.cumsum(pool) - pool)


def wifi_days(
    sites: pd.DataFrame,
    flows: pd.DataFrame,
    target: int,
    period: str,
    seed: int,
    *,
    reference_flows: pd.DataFrame | None = None,
    first_number: int = 1,
) -> Iterator[WifiDay]:
    """The sessions of each day of the period, in order (about ``target`` in all).

    With ``reference_flows`` (multi-month data: the flows of the last month), the session
    rate and device pools come from those, so sessions follow the trend of the flows and the
    same devices come back month after month; session numbers start at ``first_number``.
    """
    country = str(sites["site_id"].iloc[0])[:3]
    pools = device_pools(sites, flows if reference_flows is None else reference_flows, target)
    words = stream_key("devices", country, seed)
    device_key = words[0] << 32 | words[1]
    expected = (
        flows[flows["site_id"].isin(set(pools["site_id"]))]
        .pivot(index="site_id", columns="date", values="flow")
        .reindex(pools["site_id"])
    )
    next_number = first_number
    for day_index, day in enumerate(period_days(period)):
        rng = rng_for(seed, "wifi_sessions", country, period, day_index)
        counts = rng.poisson(expected[day].to_numpy() * pools["rate"].to_numpy())
        site = np.repeat(np.arange(len(pools)), counts)
        n = site.size
        local = np.floor(pools["pool"].to_numpy()[site] * rng.random(n) ** 1.8).astype(np.int64)
        device = mix64(pools["offset"].to_numpy()[site] + local, device_key)
        registered = (device >> np.uint64(40)) % np.uint64(1000) < REGISTERED_SHARE * 1000
        os_code = np.searchsorted(
            _OS_CUMULATIVE, (device >> np.uint64(20)) % np.uint64(1000), "right"
        )
        hour = rng.choice(24, n, p=_HOURS / _HOURS.sum())
        start = day + pd.to_timedelta(hour * 3600 + rng.integers(0, 3600, n), unit="s")
        express_seconds = np.where(rng.random(n) < 0.85, 180, rng.integers(20, 180, n))
        registered_seconds = np.clip(rng.lognormal(np.log(1200), 1.0, n), 30, 43_200).round()
        seconds = np.where(registered, registered_seconds, express_seconds)
        data_mb = np.where(
            registered, seconds / 60 * 0.8 * rng.lognormal(0, 0.6, n), rng.gamma(2.0, 0.75, n)
        ).round(2)
        page_p = np.where(registered[:, None], _PAGE_P["registered"], _PAGE_P["express"])
        order = np.argsort(start.to_numpy(), kind="stable")
        frame = pd.DataFrame(
            {
                "session_id": fixed_ids(f"{country}-W", np.arange(next_number, next_number + n), 9),
                "device_id": mac_addresses(local_mac(device)[order]),
                "site_id": pools["site_id"].to_numpy()[site][order],
                "start_time": start[order],
                "end_time": (start + pd.to_timedelta(seconds, unit="s"))[order],
                "connection_type": np.where(registered, "registered", "express")[order],
                "device_os": np.array(OS_CODES, dtype=object)[np.minimum(os_code, 5)][order],
                "data_mb": data_mb[order],
                "pages_visited": join_choices(
                    rng.random((n, len(PAGES))) < page_p, PAGES
                ).to_numpy()[order],
            }
        )
        next_number += n
        submits = frame["connection_type"].eq("registered").to_numpy() & (
            rng.random(n) < FORM_SHARE
        )
        yield WifiDay(frame, frame.loc[submits, ["device_id", "site_id", "start_time"]])


def local_mac(device: np.ndarray) -> np.ndarray:
    """Unicast addresses; 65% with the locally administered bit set, as phones that randomise
    their MAC address per network do."""
    mac = device & np.uint64(0xFFFFFFFFFFFF)
    first_octet_shift = np.uint64(40)
    mac &= ~(np.uint64(0x01) << first_octet_shift)
    randomised = (device >> np.uint64(52)) % np.uint64(100) < 65
    local_bit = np.uint64(0x02) << first_octet_shift
    return np.where(randomised, mac | local_bit, mac & ~local_bit)
