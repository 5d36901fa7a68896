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
from dataclasses import dataclass
from pathlib import Path

from evidence.countries import parse_countries
from evidence.display.params import check_jobs, parse_formats, parse_studies
from evidence.paths import NOTEBOOKS_DIR, REPORTS_DIR, data_root
from evidence.periods import check_period
from evidence.studies.build import STAGING
from evidence.studies.index import write_index
from evidence.studies.kernel import check_kernel
from evidence.studies.lock import clear_stale_staging, period_lock
from evidence.studies.manifest import StudyRecord, read_manifest, write_manifest
from evidence.studies.outcome import RunReport
from evidence.studies.packages import write_results_packages
from evidence.studies.parallel import run_tasks
from evidence.studies.plan import StudyTask, is_up_to_date, plan_tasks
from evidence.studies.render import choose_engine

log = logging.getLogger("evidence.studies")


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
    from evidence.version import __version__

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
    options = _RunOptions(
        period, chosen_engine, force, check_jobs(jobs), scheduler, log_file, progress, started
    )
    with period_lock(target):
        return _build(tasks, target, options)


@dataclass(frozen=True)
class _RunOptions:
    period: str
    engine: str
    force: bool
    jobs: int
    scheduler: str | None
    log_file: str | os.PathLike[str] | None
    progress: bool
    started: float


def _build(tasks: list[StudyTask], target: Path, options: _RunOptions) -> RunReport:
    """Skip what is up to date, build the rest, keep manifest, index and log current."""
    period, chosen_engine, force = options.period, options.engine, options.force
    jobs, scheduler, log_file = options.jobs, options.scheduler, options.log_file
    progress, started = options.progress, options.started
    cleared = clear_stale_staging(target / STAGING)
    previous = read_manifest(target)
    pending = [t for t in tasks if force or not is_up_to_date(t, previous.get(t.key))]
    # The regional study reads every country and runs longest: start it first so it does not
    # run alone at the end while the other workers idle.
    pending.sort(key=lambda task: task.params.country is not None)
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
        if cleared:
            log.warning("removed %d staging folder(s) left by a killed run", cleared)
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
        write_results_packages(target, period, records)
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
