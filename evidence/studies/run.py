"""``evidence run``: build every study of a period, incrementally, and report the outcome.

Order of work: check every option and plan every task (no kernel yet), skip studies whose
fingerprint is unchanged, build the rest (in process, on a pool or on Dask), update the
manifest after each study and the index at the end, and log each outcome to a per-run file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evidence.countries import parse_countries
from evidence.paths import NOTEBOOKS_DIR, REPORTS_DIR, data_root
from evidence.periods import check_period
from evidence.studies.build import STAGING
from evidence.studies.index import write_index
from evidence.studies.kernel import check_kernel
from evidence.studies.manifest import StudyRecord, read_manifest, write_manifest
from evidence.studies.parallel import run_tasks
from evidence.studies.params import parse_formats, parse_studies
from evidence.studies.plan import is_up_to_date, plan_tasks
from evidence.studies.render import choose_engine

log = logging.getLogger("evidence.studies")


@dataclass(frozen=True)
class RunReport:
    """What a run did: one record per study asked for (built, skipped or failed)."""

    period: str
    records: tuple[StudyRecord, ...]
    seconds: float
    reports_dir: Path
    log_file: Path | None = None
    engine: str = ""
    failed_keys: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.failed_keys

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "study": r.key,
                    "status": r.status,
                    "kernel_start_s": r.durations.get("kernel_start"),
                    "execution_s": r.durations.get("execution"),
                    "render_s": r.durations.get("render"),
                    "total_s": r.durations.get("total"),
                    "error": r.error or "",
                }
                for r in sorted(self.records, key=lambda r: r.key)
            ],
            columns=[
                "study",
                "status",
                "kernel_start_s",
                "execution_s",
                "render_s",
                "total_s",
                "error",
            ],
        )

    def summary(self) -> str:
        frame = self.to_frame()
        counts = frame["status"].value_counts()
        lines = [
            f"evidence run {self.period}: {len(frame)} studies in {self.seconds:.1f} s "
            f"({self.engine}) - built {counts.get('built', 0)}, skipped (up to date) "
            f"{counts.get('skipped', 0)}, failed {counts.get('failed', 0)}",
        ]
        shown = frame.drop(columns="error")
        lines.append(shown.to_string(index=False, float_format=lambda v: f"{v:.1f}", na_rep=""))
        if self.failed_keys:
            lines.append("failed studies:")
            lines += [f"  {r.key}: {r.error}" for r in self.records if r.status == "failed"]
        lines.append(f"index: {self.reports_dir / 'index.html'}")
        if self.log_file is not None:
            lines.append(f"log: {self.log_file}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False)


def _skipped(record: StudyRecord) -> StudyRecord:
    from dataclasses import replace

    return replace(record, status="skipped", durations={})


def _remove_empty(folder: Path) -> None:
    """Drop the staging folder once every build has cleaned up after itself."""
    with contextlib.suppress(OSError):
        folder.rmdir()


def _open_log(log_file: Path | None, reports_dir: Path) -> tuple[Path, logging.Handler]:
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    path = log_file or reports_dir / f"run-{stamp}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    return path, handler


def run_period(
    period: str,
    *,
    countries: str | tuple[str, ...] = "all",
    studies: str = "all",
    formats: str = "html,pdf",
    jobs: int = 1,
    scheduler: str | None = None,
    force: bool = False,
    root: str | os.PathLike[str] | None = None,
    reports_dir: str | os.PathLike[str] | None = None,
    notebooks_dir: str | os.PathLike[str] | None = None,
    engine: str = "auto",
    log_file: str | os.PathLike[str] | None = None,
    progress: bool = True,
) -> RunReport:
    """Build the studies of ``period`` into ``reports/<period>/``; see ``evidence run --help``."""
    started = time.perf_counter()
    from evidence import __version__

    period = check_period(period)
    iso3 = countries if isinstance(countries, tuple) else parse_countries(countries)
    target = Path(reports_dir or REPORTS_DIR).resolve() / period
    chosen_engine = choose_engine(engine)
    tasks = plan_tasks(
        period=period,
        countries=iso3,
        studies=parse_studies(studies),
        formats=parse_formats(formats),
        engine=chosen_engine,
        data_root=data_root(root),
        reports_dir=target,
        notebooks_dir=Path(notebooks_dir or NOTEBOOKS_DIR),
        library_version=__version__,
    )
    previous = read_manifest(target)
    pending = [t for t in tasks if force or not is_up_to_date(t, previous.get(t.key))]
    pending_keys = {t.key for t in pending}
    skipped = [_skipped(previous[t.key]) for t in tasks if t.key not in pending_keys]
    if pending:
        check_kernel()
    log_path, handler = _open_log(Path(log_file) if log_file else None, target)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    records = dict(previous)
    run_info = {"started_at": dt.datetime.now(dt.UTC).isoformat(), "engine": chosen_engine}
    try:
        log.info(
            "run %s: %d studies, %d up to date, engine %s, jobs %d, scheduler %s",
            period,
            len(tasks),
            len(skipped),
            chosen_engine,
            jobs,
            scheduler or "-",
        )
        for record in skipped:
            log.info("%s skipped (up to date)", record.key)

        def keep(record: StudyRecord) -> None:
            records[record.key] = record
            write_manifest(target, period, records, run_info)
            level = logging.ERROR if record.status == "failed" else logging.INFO
            log.log(
                level,
                "%s %s %s%s",
                record.key,
                record.status,
                {k: round(v, 2) for k, v in record.durations.items()},
                f" error: {record.error}" if record.error else "",
            )

        built = run_tasks(
            pending, jobs=jobs, scheduler=scheduler, progress=progress, on_record=keep
        )
        write_manifest(target, period, records, run_info)
        write_index(target, period, records)
        _remove_empty(target / STAGING)
        outcome = tuple(skipped + built)
        failed = tuple(sorted(r.key for r in built if r.status == "failed"))
        seconds = time.perf_counter() - started
        log.info(
            "run %s finished in %.1f s: %d failed%s",
            period,
            seconds,
            len(failed),
            f" ({', '.join(failed)})" if failed else "",
        )
    finally:
        log.removeHandler(handler)
        handler.close()
    return RunReport(
        period=period,
        records=outcome,
        seconds=seconds,
        reports_dir=target,
        log_file=log_path,
        engine=chosen_engine,
        failed_keys=failed,
    )
