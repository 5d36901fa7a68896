"""Benchmark: ``make reports`` at ten times the default data (about 22 million rows), peak
memory of the whole process tree.

The three commands ``make reports`` runs, each as a child process into a scratch root outside
git (``benchmarks/scratch/reports_scale/``): ``evidence synth --scale S``, ``evidence ingest``
and ``evidence run --countries all --studies all --formats html,pdf --jobs J --force``. A
sampler thread adds up the resident memory (RSS) of the command and every process under it
(pool workers, notebook kernels, pandoc, typst) every 0.5 s and keeps the peak per phase.
Target: peak under 6 GB (issue 10). Compare the run phase with the scale-1 build
(benchmarks/results/build_reports.json and the 658 s of ``make reports`` on 2 jobs).

Run: ``python benchmarks/reports_scale.py [--scale 10] [--jobs 2] [--reuse]``; writes
``benchmarks/results/reports_scale.json``. It takes a long time: run it alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
SCRATCH = HERE / "scratch" / "reports_scale"
RESULTS = HERE / "results" / "reports_scale.json"
PERIOD = "2023-12"
TARGET_PEAK_MB = 6144


class TreeSampler:
    """Peak summed RSS (MB) of a process and all its descendants, sampled every ``every`` s."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.root = psutil.Process(pid)
        self.every = every
        self.peak_mb = 0.0
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue
        if total / 2**20 > self.peak_mb:
            self.peak_mb = total / 2**20
            self.peak_processes = len(processes)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.every)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def phase(name: str, command: list[str], log: Path) -> dict[str, object]:
    """Run ``command``, sampling its process tree; its output goes to ``log``."""
    print(f"{name}: {' '.join(command)}", flush=True)
    cpu, load, started = _children_cpu(), os.getloadavg()[0], time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        with TreeSampler(process.pid) as sampler:
            code = process.wait()
    seconds = time.perf_counter() - started
    result = {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(_children_cpu() - cpu, 1),
        "peak_rss_mb": round(sampler.peak_mb, 1),
        "processes_at_peak": sampler.peak_processes,
        "exit_code": code,
        "load_average_at_start": round(load, 2),
        "load_average_at_end": round(os.getloadavg()[0], 2),
    }
    print(f"{name}: {json.dumps(result)}", flush=True)
    return result


def curated_rows(root: Path) -> dict[str, int]:
    """Rows of every curated dataset (from the Parquet footers)."""
    rows: dict[str, int] = {}
    for path in sorted((root / "curated").glob("*/period=*/country=*/*.parquet")):
        dataset = path.parts[len((root / "curated").parts)]
        rows[dataset] = rows.get(dataset, 0) + pq.ParquetFile(path).metadata.num_rows
    return rows


def studies(log: Path) -> dict[str, object]:
    text = log.read_text(errors="replace")
    found = re.search(r"built (\d+), skipped \(up to date\) (\d+), failed (\d+)", text)
    failed = re.findall(r"^  (\S+): (.*)$", text.split("failed studies:")[-1], re.M)
    return {
        "built": int(found.group(1)) if found else None,
        "skipped": int(found.group(2)) if found else None,
        "failed": int(found.group(3)) if found else None,
        "failed_studies": [f"{key}: {error[:300]}" for key, error in failed]
        if "failed studies:" in text
        else [],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--root", type=Path, default=SCRATCH)
    parser.add_argument(
        "--reuse", action="store_true", help="Keep data synthesised and ingested before."
    )
    args = parser.parse_args()
    evidence = str(Path(sys.executable).with_name("evidence"))
    data, reports, logs = args.root / "data", args.root / "reports", args.root / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    started_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    phases: dict[str, dict[str, object]] = {}
    common = ["--period", PERIOD, "--root", str(data)]
    reused = args.reuse and (data / "curated").is_dir()
    if not reused:
        shutil.rmtree(data, ignore_errors=True)
        synth = [evidence, "synth", *common, "--seed", str(args.seed), "--scale", str(args.scale)]
        phases["synth"] = phase("synth", synth, logs / "synth.log")
        write(args, started_at, phases, data, logs, reused)
        phases["ingest"] = phase("ingest", [evidence, "ingest", *common], logs / "ingest.log")
        write(args, started_at, phases, data, logs, reused)
    shutil.rmtree(reports, ignore_errors=True)
    run = [evidence, "run", *common, "--countries", "all", "--studies", "all"]
    run += ["--formats", "html,pdf", "--jobs", str(args.jobs), "--force", "--no-progress"]
    run += ["--reports-dir", str(reports)]
    phases["run"] = phase("run", run, logs / "run.log")
    result = write(args, started_at, phases, data, logs, reused)
    print(json.dumps(result["metrics"], indent=2), json.dumps(result["studies"], indent=2))


def write(
    args: argparse.Namespace,
    started_at: str,
    phases: dict[str, dict[str, object]],
    data: Path,
    logs: Path,
    reused: bool,
) -> dict[str, object]:
    """Write the results JSON as far as the phases have gone (``complete`` says which)."""
    rows = curated_rows(data)
    scale_1 = json.loads((HERE / "results" / "build_reports.json").read_text())
    peak = max(float(p["peak_rss_mb"]) for p in phases.values())  # type: ignore[arg-type]
    run = phases.get("run", {})
    result = {
        "benchmark": "reports_scale",
        "description": "make reports (synth, ingest, evidence run all countries and studies, "
        "html+pdf) at --scale S, peak RSS summed over the whole process tree",
        "complete": "run" in phases,
        "started": started_at,
        "period": PERIOD,
        "data": {
            "scale": args.scale,
            "seed": args.seed,
            "rows": sum(rows.values()),
            "rows_by_dataset": rows,
            "reused": reused,
        },
        "jobs": args.jobs,
        "phases": phases,
        "studies": studies(logs / "run.log") if "run" in phases else {},
        "metrics": {
            "peak_rss_mb": peak,
            "run_seconds": run.get("seconds"),
            "run_cpu_seconds": run.get("cpu_seconds"),
        },
        "peers": {
            "scale_1": {
                "make_reports_seconds_reported": 658,
                "make_reports_note": "52 studies on 2 jobs, as reported in the issue-10 brief",
                "build_reports_json_full_build_s": scale_1["metrics"]["full_build_s"],
                "build_reports_json_full_build_cpu_s": scale_1["metrics"]["full_build_cpu_s"],
            }
        },
        "targets": {"peak_rss_mb_lt": TARGET_PEAK_MB, "met": peak < TARGET_PEAK_MB},
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "note": "wall seconds on a 2-core machine shared with other jobs (see each phase's "
        "load averages); cpu_seconds are the CPU time of every process of the phase",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
