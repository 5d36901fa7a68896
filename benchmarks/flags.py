"""Benchmark: precision and recall of the red-flag detector on planted events, and its false
alarms per site-month on data with nothing planted, over many seeds of the embedded data.

For each seed and each of the 17 countries, evidence.synth generates a month (2023-12) of
flow_counts, wifi_sessions and portal_forms twice, in memory: "planted" with the default 3
flow surges (x 3 to 5) and ``--risk-jumps`` (default 2) jumps in reported risks
(evidence.synth.risk_jumps), and "none" with no surge and no jump. The detector
(evidence.movement.red_flags, default thresholds) runs on each; a flag is true when it
overlaps a planted event of its kind at its site: for surges the surge day or the next
(carry-over) day; for risk jumps the jump days or the ``risk_window - 1`` days after (the
trailing window). Wi-Fi signals are scored against the surges at sites with Wi-Fi.

Run: ``python benchmarks/flags.py [--seeds 30] [--scale 1] [--jobs 2]``.
Writes benchmarks/results/flags.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evidence.countries import ISO3_CODES
from evidence.movement.red_flags import SIGNALS, FlagThresholds, detect_red_flags
from evidence.movement.wifi_indicators import wifi_indicators
from evidence.synth import synthesize_country
from evidence.synth.flows import surge_events
from evidence.synth.risk_jumps import risk_jump_events

RESULT = Path(__file__).parent / "results" / "flags.json"
PERIOD = "2023-12"
KIND_SIGNAL = {
    "violence": "risk_violence",
    "extortion": "risk_extortion",
    "trafficking_indicators": "risk_trafficking",
    "unaccompanied_children": "unaccompanied_children",
}
DATASETS = ("sites", "flow_counts", "wifi_sessions", "portal_forms")


def planted_events(sites: pd.DataFrame, seed: int, risk_jumps: int, window: int) -> pd.DataFrame:
    """signal, site_id, start, end of every planted event a flag may match."""
    rows = []
    wifi = set(sites.loc[sites["has_wifi"].astype(bool), "site_id"])
    for site, date, _ in surge_events(sites, PERIOD, seed).itertuples(index=False):
        end = date + pd.Timedelta(days=1)
        rows.append(("flow_surge", site, date, end))
        if site in wifi:
            rows.append(("wifi_sessions_surge", site, date, end))
            rows.append(("wifi_new_devices_surge", site, date, end))
    for site, start, end, kind in risk_jump_events(sites, PERIOD, seed, risk_jumps).itertuples(
        index=False
    ):
        rows.append((KIND_SIGNAL[kind], site, start, end + pd.Timedelta(days=window - 1)))
    return pd.DataFrame(rows, columns=["signal", "site_id", "start", "end"])


def overlaps(flag: pd.Series, events: pd.DataFrame) -> pd.Series:
    same = (events["signal"] == flag["signal"]) & (events["site_id"] == flag["site_id"])
    return same & (events["start"] <= flag["end"]) & (events["end"] >= flag["start"])


def assessed_sites(data: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Sites each signal could flag (site-months in a one-month run)."""
    flow_sites = data["flow_counts"]["site_id"].nunique()
    wifi_sites = data["wifi_sessions"]["site_id"].nunique()
    form_sites = data["portal_forms"]["site_id"].nunique()
    out = {"flow_surge": flow_sites, "flow_drop": flow_sites}
    out |= {"wifi_sessions_surge": wifi_sites, "wifi_new_devices_surge": wifi_sites}
    out |= {signal: form_sites for signal in KIND_SIGNAL.values()}
    return out


def detect(data: dict[str, pd.DataFrame], thresholds: FlagThresholds) -> pd.DataFrame:
    wifi = wifi_indicators(data["wifi_sessions"], threads=1).site_day
    return detect_red_flags(
        flow_counts=data["flow_counts"],
        wifi_site_day=wifi,
        portal_forms=data["portal_forms"],
        thresholds=thresholds,
    ).to_frame()


def one_seed(arguments: tuple[int, float, int]) -> dict[str, list[dict[str, object]]]:
    seed, scale, risk_jumps = arguments
    thresholds = FlagThresholds()
    scored, planted_rows, null_rows = [], [], []
    for country in ISO3_CODES:
        data = synthesize_country(
            country, PERIOD, seed, scale, datasets=DATASETS, risk_jumps=risk_jumps
        )
        events = planted_events(data["sites"], seed, risk_jumps, thresholds.risk_window)
        found = detect(data, thresholds)
        hit = [bool(overlaps(flag, events).any()) for _, flag in found.iterrows()]
        for (_, flag), true in zip(found.iterrows(), hit, strict=True):
            scored.append(
                {"seed": seed, "country": country, "signal": flag["signal"], "true": true}
            )
        for _, event in events.iterrows():
            same = (found["signal"] == event["signal"]) & (found["site_id"] == event["site_id"])
            match = same & (found["start"] <= event["end"]) & (found["end"] >= event["start"])
            planted_rows.append(
                {"seed": seed, "country": country, "signal": event["signal"],
                 "found": bool(match.any())}
            )  # fmt: skip
        quiet = synthesize_country(
            country, PERIOD, seed, scale, datasets=DATASETS, surges=0, risk_jumps=0
        )
        alarms = detect(quiet, thresholds)
        sites = assessed_sites(quiet)
        for signal in SIGNALS:
            null_rows.append(
                {"seed": seed, "country": country, "signal": signal, "site_months": sites[signal],
                 "flags": int((alarms["signal"] == signal).sum())}
            )  # fmt: skip
    return {"scored": scored, "planted": planted_rows, "null": null_rows}


def summarise(parts: list[dict[str, list[dict[str, object]]]]) -> dict[str, dict[str, object]]:
    scored = pd.DataFrame([r for p in parts for r in p["scored"]])
    planted = pd.DataFrame([r for p in parts for r in p["planted"]])
    null = pd.DataFrame([r for p in parts for r in p["null"]])
    out: dict[str, dict[str, object]] = {}
    for signal in SIGNALS:
        mine = scored[scored["signal"] == signal] if len(scored) else scored
        events = planted[planted["signal"] == signal] if len(planted) else planted
        quiet = null[null["signal"] == signal]
        flags_raised = len(mine)
        true_flags = int(mine["true"].sum()) if flags_raised else 0
        out[signal] = {
            "planted_events": len(events),
            "planted_found": int(events["found"].sum()) if len(events) else 0,
            "recall": float(events["found"].mean()) if len(events) else None,
            "flags_on_planted_data": flags_raised,
            "true_flags": true_flags,
            "precision": true_flags / flags_raised if flags_raised else None,
            "site_months_without_plants": int(quiet["site_months"].sum()),
            "flags_without_plants": int(quiet["flags"].sum()),
            "false_alarms_per_site_month": float(quiet["flags"].sum() / quiet["site_months"].sum())
            if quiet["site_months"].sum()
            else None,
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--risk-jumps", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    started = time.perf_counter()
    tasks = [(seed, args.scale, args.risk_jumps) for seed in range(args.seeds)]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        parts = list(pool.map(one_seed, tasks))
    seconds = time.perf_counter() - started
    result = {
        "benchmark": "flags",
        "description": "red-flag detector: precision and recall on planted events, false "
        "alarms per site-month on data with nothing planted (embedded synthetic data)",
        "data": {
            "period": PERIOD,
            "seeds": args.seeds,
            "countries": len(ISO3_CODES),
            "country_months": args.seeds * len(ISO3_CODES),
            "scale": args.scale,
            "planted": f"3 flow surges (x3 to x5) and {args.risk_jumps} risk jumps per "
            "country-month; 'none' runs: surges=0, risk_jumps=0",
        },
        "thresholds": asdict(FlagThresholds()),
        "metrics": summarise(parts),
        "seconds": seconds,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "jobs": args.jobs,
            "load_average_at_start": load,
        },
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result["metrics"], indent=2))


if __name__ == "__main__":
    main()
