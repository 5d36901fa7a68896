"""Benchmark: every daily per-site Wi-Fi indicator plus the site-to-site transitions over
20 million sessions, out of core in DuckDB, against a straightforward pandas implementation.

Data: curated-layout Parquet (data/curated/wifi_sessions/period=2023-12/country=<ISO3>/) written
directly by this script into benchmarks/scratch/wifi/ (deleted afterwards unless --keep).
Not through ``evidence synth --scale 10`` + ``evidence ingest``: that path takes about
15 s per million sessions on one core here (synth 6 s + ingest 9 s for COL's 0.88 million
at scale 1, i.e. about 5 minutes on both cores for 20 million), and the embedded data's
devices never change site (each Wi-Fi site has its own pool of devices), so there would be
no transitions to time. The generator below keeps the synth's sizes by country
(evidence.synth.sizes), hourly profile, express share and skewed sessions per device, and
lets devices move: 70% of a device's sessions at its home site, 25% at the next site of its
country, 5% at a site of the next country.

DuckDB (``wifi_indicators`` + ``site_routes`` on one staged table, memory_limit and threads as
given, default 3GB and 2) runs in a child process that reports its own peak RSS. The pandas
peer (tests/movement/wifi_reference.py: read the Parquet whole, then groupby) runs in
another child on a subset of countries (about --pandas-rows sessions) and its time is
extrapolated linearly to all rows (labelled so); DuckDB is also timed on the same subset.

Run: ``python benchmarks/wifi.py [--rows 20000000] [--pandas-rows 2000000] [--repeat 3]``
(the DuckDB metrics are those of the median of ``--repeat`` runs; every run's time is kept).
Writes benchmarks/results/wifi.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evidence.countries import ISO3_CODES  # noqa: E402
from evidence.synth.sizes import sizes_for  # noqa: E402

RESULT = Path(__file__).parent / "results" / "wifi.json"
SCRATCH = Path(__file__).parent / "scratch" / "wifi"
PERIOD = "2023-12"
HOURS = np.array(
    [1, 0.6, 0.4, 0.3, 0.4, 1, 2.5, 4, 5, 5, 4.5, 4.5, 5, 4.5, 4, 4, 4.5, 5.5, 6, 6, 5, 4, 3, 2]
)
PAGES = (
    "r4v_info", "iom_services", "migration_authority", "health_services", "job_portal",
    "legal_aid", "money_transfer", "maps", "messaging", "social_media", "news", "other",
)  # fmt: skip
PAGE_P = np.array([0.12, 0.08, 0.08, 0.05, 0.06, 0.03, 0.1, 0.18, 0.7, 0.5, 0.1, 0.07])


def plan(rows: int) -> pd.DataFrame:
    """Sessions, sites and device pool of each country, summing to ``rows`` sessions."""
    table = pd.DataFrame(
        {
            "country": list(ISO3_CODES),
            "weight": [sizes_for(c).wifi_sessions for c in ISO3_CODES],
            "sites": [max(2, sizes_for(c).sites // 2) for c in ISO3_CODES],
        }
    )
    table["sessions"] = np.floor(rows * table["weight"] / table["weight"].sum()).astype(int)
    table.loc[0, "sessions"] += rows - table["sessions"].sum()
    table["devices"] = np.maximum(50, table["sessions"] // 2.2).astype(int)
    table["device_offset"] = np.cumsum(table["devices"]) - table["devices"]
    return table


def device_names(numbers: np.ndarray) -> pa.Array:
    """32-hex-character pseudonyms (as ingestion writes them) of device numbers."""
    unique, inverse = np.unique(numbers, return_inverse=True)
    text = pa.array([f"{(int(u) * 0x9E3779B97F4A7C15) % (1 << 128):032x}" for u in unique])
    return pa.DictionaryArray.from_arrays(pa.array(inverse.astype(np.int32)), text).cast(
        pa.large_string()
    )


def write_country(row: pd.Series, plan_table: pd.DataFrame, root: Path, seed: int) -> None:
    rng = np.random.default_rng([seed, int(row.name)])
    n, n_sites = int(row["sessions"]), int(row["sites"])
    local = np.floor(row["devices"] * rng.random(n) ** 1.8).astype(np.int64)
    device = row["device_offset"] + local
    home = local % n_sites
    where = rng.random(n)
    site_number = np.where(where < 0.70, home, (home + 1) % n_sites)
    country = np.full(n, row["country"], dtype=object)
    abroad = where >= 0.95
    following = plan_table.iloc[(int(row.name) + 1) % len(plan_table)]
    country[abroad] = following["country"]
    site_number[abroad] = home[abroad] % int(following["sites"])
    site = pd.Series(country).str.cat(pd.Series(site_number + 1).astype(str).str.zfill(3), "-S")
    start = (
        pd.Timestamp(f"{PERIOD}-01").value // 1000
        + rng.integers(0, 31, n) * 86_400_000_000
        + rng.choice(24, n, p=HOURS / HOURS.sum()) * 3_600_000_000
        + rng.integers(0, 3_600_000_000, n)
    )
    registered = (device * 2654435761 % 1000) < 400
    seconds = np.where(
        registered, np.clip(rng.lognormal(np.log(1200), 1.0, n), 30, 43_200).round(), 180
    ).astype(np.int64)
    pages = rng.random((n, len(PAGES))) < PAGE_P * np.where(registered, 1.3, 0.7)[:, None]
    # Sessions at a site abroad belong to that country's partition.
    for code in pd.unique(country):
        keep = country == code
        columns = {
            "session_id": pa.array(
                [f"{row['country']}-B{k:09d}" for k in np.flatnonzero(keep)], pa.large_string()
            ),
            "device_id": device_names(device[keep]),
            "site_id": pa.array(site[keep].to_numpy(), pa.large_string()),
            "start_time": pa.array(start[keep], pa.timestamp("us")),
            "end_time": pa.array(start[keep] + seconds[keep] * 1_000_000, pa.timestamp("us")),
            "connection_type": pa.array(
                np.where(registered[keep], "registered", "express"), pa.large_string()
            ),
            "data_mb": pa.array(np.round(seconds[keep] / 90, 2)),
            **{f"pages_visited/{p}": pa.array(pages[keep, j]) for j, p in enumerate(PAGES)},
        }
        folder = root / "curated" / "wifi_sessions" / f"period={PERIOD}" / f"country={code}"
        folder.mkdir(parents=True, exist_ok=True)
        name = "part-0.parquet" if code == row["country"] else f"part-from-{row['country']}.parquet"
        pq.write_table(pa.table(columns), folder / name, row_group_size=1_000_000)


def generate(rows: int, root: Path, seed: int) -> pd.DataFrame:
    table = plan(rows)
    for _, row in table.iterrows():
        write_country(row, table, root, seed)
    return table


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_duckdb(root: Path, countries: list[str] | None, memory_limit: str, threads: int) -> dict:
    load = os.getloadavg()[0]
    cpu = _cpu()
    from evidence.movement.routes import site_routes
    from evidence.movement.wifi_indicators import wifi_indicators
    from evidence.movement.wifi_scan import connect, curated_sessions, stage_sessions

    started = time.perf_counter()
    source = curated_sessions(PERIOD, countries, root)
    with connect(memory_limit, threads, temp_directory=root / "duckdb_tmp") as connection:
        stage_sessions(connection, source)
        staged, cpu_staged = time.perf_counter(), _cpu()
        indicators = wifi_indicators(source, connection=connection)
        computed, cpu_computed = time.perf_counter(), _cpu()
        routes = site_routes(source, connection=connection)
        rows = connection.execute("SELECT count(*) FROM staged").fetchall()[0]
    done, cpu_done = time.perf_counter(), _cpu()
    return {
        "rows": int(rows[0]),
        "seconds": done - started,
        "seconds_stage": staged - started,
        "seconds_indicators": computed - staged,
        "seconds_transitions": done - computed,
        "site_days": len(indicators.site_day),
        "site_pairs": len(routes.transitions),
        "transitions": int(routes.transitions["transitions"].sum()),
        "cpu_seconds": cpu_done - cpu,
        "cpu_seconds_stage": cpu_staged - cpu,
        "cpu_seconds_indicators": cpu_computed - cpu_staged,
        "cpu_seconds_transitions": cpu_done - cpu_computed,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average_at_start": load,
        "load_average_at_end": os.getloadavg()[0],
    }


def run_pandas(root: Path, countries: list[str]) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.movement.wifi_reference import all_indicators

    load = os.getloadavg()[0]
    started = time.perf_counter()
    cpu = _cpu()
    frames = []
    for code in countries:
        folder = root / "curated" / "wifi_sessions" / f"period={PERIOD}" / f"country={code}"
        for path in sorted(folder.glob("*.parquet")):
            frames.append(pd.read_parquet(path).assign(country=code, period=PERIOD))
    sessions = pd.concat(frames, ignore_index=True)
    read = time.perf_counter()
    tables = all_indicators(sessions)
    done = time.perf_counter()
    return {
        "rows": len(sessions),
        "seconds": done - started,
        "seconds_read": read - started,
        "site_days": len(tables["site_day"]),
        "site_pairs": len(tables["transitions"]),
        "cpu_seconds": _cpu() - cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average_at_start": load,
        "load_average_at_end": os.getloadavg()[0],
    }


def child(kind: str, root: Path, countries: list[str] | None, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--root", str(root)]
    command += ["--memory-limit", args.memory_limit, "--threads", str(args.threads)]
    if countries:
        command += ["--countries", ",".join(countries)]
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def subset(table: pd.DataFrame, rows: int) -> list[str]:
    """Smallest countries first until about ``rows`` sessions (the pandas peer's share)."""
    chosen, total = [], 0
    for _, row in table.sort_values("sessions").iterrows():
        if total >= rows:
            break
        chosen.append(str(row["country"]))
        total += int(row["sessions"])
    return chosen


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "duckdb": metadata.version("duckdb"),
        "pandas": metadata.version("pandas"),
        "load_average_at_start": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--pandas-rows", type=int, default=2_000_000)
    parser.add_argument("--memory-limit", default="3GB")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="Full DuckDB runs (the machine is a shared VM: runs minutes apart differ by up "
        "to 25 %%); the metrics are those of the median run, every run is listed.",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the scratch data.")
    parser.add_argument(
        "--reuse", action="store_true", help="Reuse scratch data kept by an earlier --keep run."
    )
    parser.add_argument("--child", choices=["duckdb", "pandas"])
    parser.add_argument("--root", type=Path, default=SCRATCH)
    parser.add_argument("--countries")
    args = parser.parse_args()
    countries = args.countries.split(",") if args.countries else None
    if args.child == "duckdb":
        print(json.dumps(run_duckdb(args.root, countries, args.memory_limit, args.threads)))
        return
    if args.child == "pandas":
        print(json.dumps(run_pandas(args.root, countries or [])))
        return
    meta = machine()
    started = time.perf_counter()
    if args.reuse and (args.root / "curated").is_dir():
        table = plan(args.rows)
    else:
        shutil.rmtree(args.root, ignore_errors=True)
        table = generate(args.rows, args.root, args.seed)
    generated = time.perf_counter() - started
    try:
        runs = [child("duckdb", args.root, None, args) for _ in range(max(1, args.repeat))]
        full = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
        small = subset(table, args.pandas_rows)
        duck_subset = child("duckdb", args.root, small, args)
        peer = child("pandas", args.root, small, args)
    finally:
        if not args.keep:
            shutil.rmtree(args.root, ignore_errors=True)
    extrapolated = peer["seconds"] * full["rows"] / peer["rows"]
    result = {
        "benchmark": "wifi",
        "description": "daily per-site Wi-Fi indicators (sessions, devices, new/returning, "
        "sessions per device, express share, connection-time quantiles, peak hour, pages by "
        "category) plus site-per-period, country-per-period, hours and site-to-site "
        "transitions, from curated Parquet",
        "data": {
            "rows": full["rows"],
            "countries": len(table),
            "generated_by": "benchmarks/wifi.py (curated layout written directly; see docstring)",
            "seconds_to_generate": generated,
            "reused_scratch_data": bool(args.reuse and generated < 1),
        },
        "metrics": {
            "duckdb_seconds": full["seconds"],
            "duckdb_runs": len(runs),
            "duckdb_seconds_every_run": [run["seconds"] for run in runs],
            "duckdb_seconds_min": min(run["seconds"] for run in runs),
            "duckdb_seconds_max": max(run["seconds"] for run in runs),
            "duckdb_seconds_stage": full["seconds_stage"],
            "duckdb_seconds_indicators": full["seconds_indicators"],
            "duckdb_seconds_transitions": full["seconds_transitions"],
            "duckdb_cpu_seconds": full["cpu_seconds"],
            "duckdb_cpu_seconds_stage": full["cpu_seconds_stage"],
            "duckdb_cpu_seconds_indicators": full["cpu_seconds_indicators"],
            "duckdb_cpu_seconds_transitions": full["cpu_seconds_transitions"],
            "duckdb_cpu_seconds_per_core": full["cpu_seconds"] / args.threads,
            "duckdb_load_average_at_start": full["load_average_at_start"],
            "duckdb_load_average_at_end": full["load_average_at_end"],
            "duckdb_peak_rss_mb": full["peak_rss_mb"],
            "memory_limit": args.memory_limit,
            "threads": args.threads,
            "site_days": full["site_days"],
            "site_pairs": full["site_pairs"],
            "transitions": full["transitions"],
        },
        "peers": {
            "pandas": {
                "what": "tests/movement/wifi_reference.py: read the Parquet whole, groupby",
                "rows_timed": peer["rows"],
                "countries_timed": small,
                "seconds_on_subset": peer["seconds"],
                "cpu_seconds_on_subset": peer["cpu_seconds"],
                "seconds_read_on_subset": peer["seconds_read"],
                "peak_rss_mb_on_subset": peer["peak_rss_mb"],
                "load_average_at_start": peer["load_average_at_start"],
                "load_average_at_end": peer["load_average_at_end"],
                "seconds_extrapolated_to_all_rows": extrapolated,
                "extrapolated": "linearly in rows, from the subset",
            },
            "duckdb_on_pandas_subset": duck_subset,
        },
        "ratios": {
            "pandas_extrapolated_over_duckdb": extrapolated / full["seconds"],
            "pandas_over_duckdb_same_subset": peer["seconds"] / duck_subset["seconds"],
            "pandas_over_duckdb_cpu_same_subset": peer["cpu_seconds"] / duck_subset["cpu_seconds"],
            "pandas_extrapolated_cpu_over_duckdb_cpu": peer["cpu_seconds"]
            * full["rows"]
            / peer["rows"]
            / full["cpu_seconds"],
        },
        "targets": {
            "duckdb_seconds_lt": 15,
            "duckdb_peak_rss_mb_lt": 4096,
            "speedup_ge": 3,
            "met": bool(
                full["seconds"] < 15
                and full["peak_rss_mb"] < 4096
                and extrapolated / full["seconds"] >= 3
            ),
        },
        "machine": meta | {"load_average_at_end": os.getloadavg()[0]},
        "note": "wall-clock seconds on a 2-core machine shared with other jobs (see the load "
        "averages: above 2 the wall time is inflated by other processes); cpu_seconds are the "
        "process's own CPU time (getrusage user + system, all threads); on an idle 2-core "
        "machine the wall time is at least duckdb_cpu_seconds_per_core",
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result["metrics"], indent=2))
    print(json.dumps(result["ratios"], indent=2))


if __name__ == "__main__":
    main()
