"""Planted jumps in reported risks in captive-portal forms (opt-in: ``risk_jumps=N``).

A risk jump is a run of ``RISK_JUMP_DAYS`` days at one Wi-Fi site during which far more forms
report one risk: ``violence``, ``extortion`` or ``trafficking_indicators`` ticked on
``RISK_JUMP_SHARE`` (50%) of the forms (against 5%, 6% and 2% ordinarily, × 1.8 for people in
an irregular situation), or unaccompanied children (``age_group`` under_18 and
``travelling_with`` alone) on ``CHILD_JUMP_SHARE`` (30%) of the forms (about 1.4%
ordinarily). Jumps happen at border crossings and bus terminals with Wi-Fi (else any Wi-Fi
site), on days drawn from their own random stream, and the answers changed are drawn from
another: the default data (``risk_jumps=0``) are byte-for-byte what they were before jumps
existed. ``risk_jump_events`` says where and when (written to data/synth/<period>/
risk_jumps.csv).
"""

from __future__ import annotations

import pandas as pd

from evidence.synth.flows import period_days
from evidence.synth.seeding import rng_for

RISK_JUMP_KINDS: tuple[str, ...] = (
    "violence",
    "extortion",
    "trafficking_indicators",
    "unaccompanied_children",
)
RISK_JUMP_DAYS = 4
RISK_JUMP_SHARE = 0.5
CHILD_JUMP_SHARE = 0.3
EVENT_COLUMNS: tuple[str, ...] = ("site_id", "start", "end", "kind")


def risk_jump_events(sites: pd.DataFrame, period: str, seed: int, n: int) -> pd.DataFrame:
    """The planted risk jumps: site_id, start, end (dates), kind — at most ``n``, at
    distinct sites, kinds in turn from a random first kind."""
    if n <= 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in EVENT_COLUMNS})
    country = str(sites["site_id"].iloc[0])[:3]
    rng = rng_for(seed, "risk_jumps", country, period)
    wifi = sites["has_wifi"].astype(bool)
    busy = wifi & sites["site_type"].isin(["border", "terminal"])
    candidates = sites.loc[busy if busy.any() else wifi, "site_id"].to_numpy()
    n = min(n, candidates.size)
    days = period_days(period)
    start = days[rng.integers(0, days.size - RISK_JUMP_DAYS + 1, n)]
    first = int(rng.integers(0, len(RISK_JUMP_KINDS)))
    return pd.DataFrame(
        {
            "site_id": rng.choice(candidates, n, replace=False),
            "start": start,
            "end": start + pd.Timedelta(days=RISK_JUMP_DAYS - 1),
            "kind": [RISK_JUMP_KINDS[(first + k) % len(RISK_JUMP_KINDS)] for k in range(n)],
        }
    )


def _with_risk(risks: pd.Series, risk: str) -> pd.Series:
    kept = (
        risks.fillna("")
        .str.split(" ")
        .map(lambda codes: [c for c in codes if c and c not in ("none", "prefer_not_to_say", risk)])
    )
    return kept.map(lambda codes: " ".join([*codes, risk]))


def plant_risk_jumps(
    forms: pd.DataFrame, events: pd.DataFrame, period: str, seed: int
) -> pd.DataFrame:
    """``forms`` (canonical portal_forms) with the answers of the jump days changed."""
    if events.empty or forms.empty:
        return forms
    country = str(forms["site_id"].iloc[0])[:3]
    rng = rng_for(seed, "risk_jump_answers", country, period)
    out = forms.copy()
    day = pd.to_datetime(out["submitted_at"]).dt.normalize()
    for site, start, end, kind in events.itertuples(index=False):
        inside = (out["site_id"] == site) & (day >= start) & (day <= end)
        if kind == "unaccompanied_children":
            chosen = inside & (rng.random(len(out)) < CHILD_JUMP_SHARE)
            out.loc[chosen, "age_group"] = "under_18"
            out.loc[chosen, "travelling_with"] = "alone"
        else:
            chosen = inside & (rng.random(len(out)) < RISK_JUMP_SHARE)
            out.loc[chosen, "risks"] = _with_risk(out.loc[chosen, "risks"], kind)
    return out


__all__ = [
    "CHILD_JUMP_SHARE",
    "RISK_JUMP_DAYS",
    "RISK_JUMP_KINDS",
    "RISK_JUMP_SHARE",
    "plant_risk_jumps",
    "risk_jump_events",
]
