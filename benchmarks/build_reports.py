"""Benchmark: the full default build of the studies, and a no-change rerun.

17 countries × 3 studies + the regional study in es, pt and en (54 studies), HTML and PDF,
``--jobs 2``, from curated data generated and ingested into a scratch root outside git
(``benchmarks/scratch/``; reused when it is already there for the same period, seed and
scale). Targets on a 2-core machine: full build under 6 minutes, no-change rerun under 10
seconds. Reports medians per study of kernel start, execution and render, and writes
``benchmarks/results/build_reports.json``.

Run: ``python benchmarks/build_reports.py [--scale 1.0] [--jobs 2]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import time
from pathlib import Path

from evidence import __version__
from evidence.countries import ISO3_CODES
from evidence.ingest import ingest_period
from evidence.studies import run_period
from evidence.studies.kernel import find_kernel, install_kernel
from evidence.synth import write_synthetic

HERE = Path(__file__).resolve().parent
SCRATCH = HERE / "scratch" / "build_reports"
RESULTS = HERE / "results" / "build_reports.json"
PERIOD = "2023-12"
TARGETS = {"full_build_s": 360.0, "no_change_rerun_s": 10.0}


def prepare_data(root: Path, seed: int, scale: float) -> dict[str, float]:
    """Generate and ingest the default data once; reuse it when the stamp matches."""
    stamp = root / "stamp.json"
    wanted = {"period": PERIOD, "seed": seed, "scale": scale, "version": __version__}
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return {"synth_s": 0.0, "ingest_s": 0.0}
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    write_synthetic(period=PERIOD, seed=seed, scale=scale, countries=ISO3_CODES, root=root)
    synth = time.perf_counter() - started
    report = ingest_period(PERIOD, countries=ISO3_CODES, root=root)
    if not report.ok:
        raise SystemExit(f"ingest failed:\n{report.summary()}")
    stamp.write_text(json.dumps(wanted))
    return {"synth_s": synth, "ingest_s": time.perf_counter() - started - synth}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def medians(records: list) -> dict[str, dict[str, float]]:  # type: ignore[type-arg]
    out: dict[str, dict[str, float]] = {}
    for study in ("movement", "risks", "integration", "regional"):
        rows = [r.durations for r in records if r.study == study and r.status == "built"]
        out[study] = {
            part: round(statistics.median(row[part] for row in rows), 2) if rows else float("nan")
            for part in ("kernel_start", "execution", "render", "total")
        }
        out[study]["n"] = len(rows)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if find_kernel() is None:
        install_kernel()
    root, reports = SCRATCH / "data", SCRATCH / "reports"
    data = prepare_data(root, args.seed, args.scale)
    shutil.rmtree(reports, ignore_errors=True)
    load_before = os.getloadavg()

    cpu_before = _children_cpu()
    started = time.perf_counter()
    full = run_period(PERIOD, root=root, reports_dir=reports, jobs=args.jobs, progress=True)
    full_s = time.perf_counter() - started
    # CPU of every process the build started (pool workers and, through them, the kernels,
    # pandoc): the wall time on an idle machine is about this divided by the cores used.
    full_cpu = _children_cpu() - cpu_before
    started = time.perf_counter()
    rerun = run_period(PERIOD, root=root, reports_dir=reports, jobs=args.jobs, progress=False)
    rerun_s = time.perf_counter() - started

    built = [r for r in full.records if r.status == "built"]
    result = {
        "benchmark": "build_reports",
        "period": PERIOD,
        "studies": len(full.records),
        "built": len(built),
        "failed": sorted(full.failed_keys),
        "engine": full.engine,
        "jobs": args.jobs,
        "data": {
            "seed": args.seed,
            "scale": args.scale,
            **{k: round(v, 1) for k, v in data.items()},
        },
        "metrics": {
            "full_build_s": round(full_s, 1),
            "full_build_cpu_s": round(full_cpu, 1),
            "full_build_idle_estimate_s": round(full_cpu / min(args.jobs, os.cpu_count() or 1), 1),
            "no_change_rerun_s": round(rerun_s, 2),
            "rerun_skipped": sum(r.status == "skipped" for r in rerun.records),
            "median_per_study_s": medians(built),
        },
        "targets": TARGETS,
        "ratios": {
            "full_build_vs_target": round(full_s / TARGETS["full_build_s"], 2),
            "rerun_vs_target": round(rerun_s / TARGETS["no_change_rerun_s"], 3),
        },
        "peers": {},
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_at_start": [round(v, 2) for v in load_before],
            "load_average_at_end": [round(v, 2) for v in os.getloadavg()],
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(full.summary())
    print(json.dumps(result["metrics"], indent=2))
    print(f"no-change rerun: {rerun_s:.2f} s; written {RESULTS}")


if __name__ == "__main__":
    main()
