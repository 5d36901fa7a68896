"""Build one study: execute, render, then move the results into place all at once or not at all.

Everything is produced in a staging folder beside the published one (same file system, so
``os.replace`` is atomic). Only when execution and every render succeeded are the files
renamed over the previous ones; a failure leaves the previous good study untouched and keeps
the failed executed notebook and an error record next to it for debugging:
``<study>.failed.ipynb`` and ``<study>.error.json``. A build never raises: every outcome is a
``StudyRecord`` so one study's failure cannot stop the others.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import traceback
import uuid
from pathlib import Path

from evidence.errors import StudyError
from evidence.studies.execute import execute_notebook
from evidence.studies.manifest import Status, StudyRecord, now, write_atomically
from evidence.studies.plan import StudyTask
from evidence.studies.present import results_table
from evidence.studies.render import render_study

STAGING = ".staging"


def failure_files(task: StudyTask) -> tuple[Path, Path]:
    stem = task.out_dir / task.params.study
    return stem.with_suffix(".failed.ipynb"), stem.with_suffix(".error.json")


def study_record(
    task: StudyTask,
    status: Status,
    durations: dict[str, float],
    error: str | None = None,
) -> StudyRecord:
    outputs = {
        kind: os.path.relpath(path, task.reports_dir)
        for kind, path in task.outputs().items()
        if path.exists()
    }
    return StudyRecord(
        key=task.key,
        study=task.params.study,
        country=task.params.country,
        period=task.params.period,
        status=status,
        parameters=task.params.to_dict(),
        inputs=dict(task.inputs),
        notebook=task.notebook.name,
        notebook_hash=task.notebook_hash,
        library_version=task.library_version,
        library_hash=task.library_hash,
        engine=task.engine,
        formats=task.formats,
        fingerprint=task.fingerprint,
        durations={name: round(value, 3) for name, value in durations.items()},
        outputs=outputs,
        error=error,
        finished_at=now(),
    )


def _keep_failure(task: StudyTask, executed: Path, error: str) -> None:
    failed_notebook, error_file = failure_files(task)
    task.out_dir.mkdir(parents=True, exist_ok=True)
    if executed.exists():
        os.replace(executed, failed_notebook)
    record = {
        "study": task.key,
        "period": task.params.period,
        "parameters": task.params.to_dict(),
        "error": error,
        "failed_notebook": failed_notebook.name if failed_notebook.exists() else None,
        "at": now(),
    }
    write_atomically(error_file, json.dumps(record, indent=2, ensure_ascii=False) + "\n")


def _publish(task: StudyTask, produced: dict[str, Path]) -> None:
    """Rename every produced file over the published one, then clear old failure records."""
    task.out_dir.mkdir(parents=True, exist_ok=True)
    targets = task.outputs()
    for kind, path in produced.items():
        os.replace(path, targets[kind])
    for stale in failure_files(task):
        stale.unlink(missing_ok=True)


def write_results(executed: Path, target: Path) -> Path:
    """Write the results table the notebook published as an HXL-tagged CSV; StudyError if
    the notebook showed none (every study publishes the numbers it shows)."""
    import nbformat

    from evidence.disclosure import to_hxl_csv

    table = results_table(nbformat.read(executed, as_version=4))
    if table is None:
        raise StudyError(
            f"{executed.name} publishes no results table: end the notebook with "
            "`study.results_output()`"
        )
    to_hxl_csv(table, target)
    return target


def build_study(task: StudyTask) -> StudyRecord:
    """Execute and render one study; publish it atomically; record the outcome."""
    started = time.perf_counter()
    durations: dict[str, float] = {}
    staging = (
        task.reports_dir
        / STAGING
        / f"{task.params.place.replace('/', '-')}-{task.params.study}-{uuid.uuid4().hex[:8]}"
    )
    executed = staging / f"{task.params.study}.ipynb"
    try:
        staging.mkdir(parents=True)
        execution = execute_notebook(task.notebook, executed, task.params)
        durations["kernel_start"] = execution.kernel_seconds
        durations["execution"] = execution.execution_seconds
        if execution.error is not None:
            _keep_failure(task, executed, execution.error)
            durations["total"] = time.perf_counter() - started
            return study_record(task, "failed", durations, execution.error)
        rendering = time.perf_counter()
        try:
            results = write_results(executed, staging / f"{task.params.study}.results.csv")
            rendered = render_study(executed, task.params, task.formats, task.engine, staging)
        except Exception as error:
            message = f"render failed: {type(error).__name__}: {error}"
            _keep_failure(task, executed, message)
            durations["render"] = time.perf_counter() - rendering
            durations["total"] = time.perf_counter() - started
            return study_record(task, "failed", durations, message)
        durations["render"] = time.perf_counter() - rendering
        produced: dict[str, Path] = {"ipynb": executed, "results": results}
        produced.update({str(fmt): path for fmt, path in rendered.items()})
        _publish(task, produced)
        durations["total"] = time.perf_counter() - started
        return study_record(task, "built", durations)
    except Exception as error:
        # Anything else (disk full, a bug here): still a record, never a crashed run.
        message = "".join(traceback.format_exception_only(type(error), error)).strip()
        durations["total"] = time.perf_counter() - started
        return study_record(task, "failed", durations, f"build failed: {message}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
