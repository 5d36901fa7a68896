"""Benchmark: how long a fresh Python process takes to ``import evidence``.

Kernels start with ``import evidence as ev``; the target is under 1 s. Each run is a new
interpreter (nothing cached in ``sys.modules``), timed from inside with ``perf_counter`` around
the import, so interpreter start-up is not counted. Peers in the same run: ``import pandas``
(the floor: the library needs it) and the heavy modules ``evidence`` now loads on first use
(scipy.stats, pandera, duckdb, statsmodels, matplotlib). Reports the median of
``--runs`` runs and the biggest imports from ``python -X importtime``; writes
``benchmarks/results/import_time.json``.

Run: ``python benchmarks/import_time.py [--runs 9] [--baseline /path/to/other/checkout]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULT = HERE / "results" / "import_time.json"
TARGET_S = 1.0
PEERS = {
    "evidence": "import evidence",
    "pandas": "import pandas",
    "scipy.stats": "import scipy.stats",
    "pandera": "import pandera.pandas",
    "duckdb": "import duckdb",
    "statsmodels.api": "import statsmodels.api",
    "matplotlib.pyplot": "import matplotlib.pyplot",
}
HEAVY = ("scipy.stats", "scipy.sparse", "pandera", "duckdb", "statsmodels", "sklearn", "matplotlib")
_TIMER = (
    "import time, json, sys\n"
    "t = time.perf_counter()\n"
    "{statement}\n"
    "print(json.dumps([time.perf_counter() - t, [m for m in {heavy!r} if m in sys.modules]]))\n"
)


def time_import(statement: str, source: str | None = None) -> tuple[float, float, list[str]]:
    """Wall seconds one fresh interpreter spends on ``statement``, the CPU seconds of the whole
    process (steadier than wall time on a busy machine), and the heavy modules it loaded.

    ``source``: import ``evidence`` from that checkout instead (e.g. the main branch). The
    process runs in an empty folder so that the current directory shadows nothing."""
    code = _TIMER.format(statement=statement, heavy=HEAVY)
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(Path(source).resolve())
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as empty:
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=empty,
        ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    seconds, loaded = json.loads(out.strip().splitlines()[-1])
    return float(seconds), cpu, list(loaded)


def biggest_imports(top: int = 12) -> list[dict[str, object]]:
    """The slowest modules (cumulative µs) under ``import evidence``, from ``-X importtime``."""
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import evidence"],
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    rows: list[tuple[float, float, str]] = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        rows.append((int(cumulative_us) / 1000, int(self_us) / 1000, name.rstrip()))
    rows.sort(reverse=True)
    return [
        {
            "module": name.strip(),
            "depth": (len(name) - len(name.lstrip())) // 2,
            "cumulative_ms": c,
            "self_ms": s,
        }
        for c, s, name in rows[:top]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--baseline", help="another checkout whose `import evidence` to time in the same run"
    )
    args = parser.parse_args()
    peers = dict(PEERS)
    if args.baseline:
        peers["evidence (baseline)"] = "import evidence"
    load = os.getloadavg()[0]
    # Round robin: every run times each peer once, so a change of machine load hits all alike.
    times: dict[str, list[float]] = {name: [] for name in peers}
    cpus: dict[str, list[float]] = {name: [] for name in peers}
    loaded: dict[str, list[str]] = {}
    for _ in range(args.runs):
        for name, statement in peers.items():
            source = args.baseline if name == "evidence (baseline)" else None
            seconds, cpu, loaded[name] = time_import(statement, source)
            times[name].append(seconds)
            cpus[name].append(cpu)
    metrics: dict[str, dict[str, object]] = {}
    for name, values in times.items():
        metrics[name] = {
            "median_s": statistics.median(values),
            "min_s": min(values),
            "max_s": max(values),
            "median_process_cpu_s": statistics.median(cpus[name]),
            "heavy_modules_loaded": loaded[name],
        }
        print(
            f"{name:20s} median {statistics.median(values):.3f} s  min {min(values):.3f} s  "
            f"process CPU {statistics.median(cpus[name]):.3f} s"
        )
    evidence_s = float(metrics["evidence"]["median_s"])  # type: ignore[arg-type]
    pandas_s = float(metrics["pandas"]["median_s"])  # type: ignore[arg-type]
    result = {
        "benchmark": "import_time",
        "description": "seconds for `import evidence` in a fresh interpreter (median of runs), "
        "with the import of pandas and of the heavy modules evidence loads on first use",
        "target": {"import_evidence_s": TARGET_S},
        "metrics": {
            "import_evidence_median_s": evidence_s,
            "import_evidence_min_s": metrics["evidence"]["min_s"],
            "import_evidence_process_cpu_s": metrics["evidence"]["median_process_cpu_s"],
            "meets_target": evidence_s < TARGET_S,
            "heavy_modules_loaded_by_import_evidence": metrics["evidence"]["heavy_modules_loaded"],
            "biggest_imports": biggest_imports(),
        },
        "peers": metrics,
        "ratios": {
            "evidence_over_pandas": evidence_s / pandas_s,
            **(
                {
                    "evidence_over_baseline": evidence_s
                    / float(metrics["evidence (baseline)"]["median_s"])
                }  # type: ignore[arg-type]
                if args.baseline
                else {}
            ),
        },
        "baseline": args.baseline,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "runs": args.runs,
            "load_average_at_start": load,
            "load_average_at_end": os.getloadavg()[0],
        },
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
