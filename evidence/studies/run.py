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
from evidence.studies.kernel import check_kernel, share_cores_between_kernels
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
    """Build the studies of ``period`` into ``reports/<period>/``; see ``evidence run --help``.

    Plans every country × study (and the regional study in each language) with all options
    checked before any kernel starts, skips studies whose fingerprint (parameters, input
    data, notebook, library, engine, formats) matches a successful build whose files are
    still there, builds the rest, rewrites the manifest after each study, and writes the
    index, the results packages and a log. The period's folder is locked for the run.

    Parameters
    ----------
    period : str
        Reporting period, ``YYYY-MM``.
    countries : str or tuple of str, default "all"
        Comma-separated ISO3 codes or ``"all"``; a tuple is taken as already checked codes.
    studies : str, default "all"
        Comma-separated study names or ``"all"`` (:func:`parse_studies`).
    formats : str, default "html,pdf"
        Comma-separated output formats or ``"all"`` (:func:`parse_formats`).
    jobs : int, default 1
        Studies built at once.
    scheduler : str, optional
        Address of a Dask scheduler to build on instead of local processes.
    force : bool, default False
        Rebuild even the studies that are up to date.
    root : str or path-like, optional
        Data root (default ``evidence.paths.data_root()``).
    reports_dir : str or path-like, optional
        Folder holding one folder per period (default ``reports/`` at the project root).
    notebooks_dir : str or path-like, optional
        Folder of the study notebooks, ``<study>.ipynb`` (default ``notebooks/``).
    engine : {"auto", "quarto", "pandoc+typst"}, default "auto"
        Render engine; ``auto`` takes Quarto when its CLI is on PATH.
    log_file : str or path-like, optional
        The run's log (default ``reports/<period>/run-<time>.log``).
    progress : bool, default True
        Show a progress bar while building.

    Returns
    -------
    RunReport
        One record per study asked for; ``ok`` is False when any failed.

    Raises
    ------
    OptionError
        An unknown period, country, study, format, engine, or ``jobs`` below 1.
    StudyError
        A study notebook is missing, the ``quarto`` engine is asked for without its CLI, or
        the ``evidence`` kernel is not installed, or another run holds the period's lock.
        A study that fails to build does not raise: it is recorded as failed.

    Examples
    --------
    A run with no country to build (nothing to execute) still writes the manifest, the
    index and the log of the period:

    >>> import tempfile
    >>> from pathlib import Path
    >>> from evidence.studies import run_period
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     notebooks = Path(folder, "notebooks")
    ...     notebooks.mkdir()
    ...     _ = (notebooks / "movement.ipynb").write_text("{}")
    ...     report = run_period("2023-12", countries=(), studies="movement", formats="html",
    ...                         root=folder, reports_dir=Path(folder, "reports"),
    ...                         notebooks_dir=notebooks, engine="pandoc+typst", progress=False)
    ...     written = sorted(path.name for path in report.reports_dir.glob("*.*"))
    >>> report.ok, report.records, report.reports_dir.name
    (True, (), '2023-12')
    >>> [name for name in written if name.startswith(("index", "manifest"))]
    ['index.en.html', 'index.es.html', 'index.html', 'index.pt.html', 'manifest.json']
    >>> run_period("2023-12", studies="movment")
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: unknown study movment; allowed: movement, risks, ...regional
    """
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
        share_cores_between_kernels(jobs)
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
