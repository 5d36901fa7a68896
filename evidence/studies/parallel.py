"""Run study builds in this process, on a local process pool, or on a Dask cluster.

Each build starts its own kernel, so the pool only needs enough workers to keep the cores
busy (``--jobs``). ``--scheduler ADDRESS`` sends the same tasks to an existing Dask
distributed cluster. Records come back as builds finish, in completion order; a progress bar
shows studies done out of total. A worker that dies turns its study into a failed record.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any

from evidence.display.params import check_jobs
from evidence.studies.build import build_study, study_record
from evidence.studies.manifest import StudyRecord
from evidence.studies.plan import StudyTask


def _lost(task: StudyTask, error: BaseException) -> StudyRecord:
    return study_record(task, "failed", {}, f"worker lost: {type(error).__name__}: {error}")


def _in_process(tasks: Sequence[StudyTask]) -> Iterator[StudyRecord]:
    for task in tasks:
        yield build_study(task)


def _on_pool(tasks: Sequence[StudyTask], jobs: int) -> Iterator[StudyRecord]:
    # spawn, not fork: the parent may hold threads (progress bar, Dask) that fork would copy
    # in a locked state.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures: dict[Future[StudyRecord], StudyTask] = {
            pool.submit(build_study, task): task for task in tasks
        }
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as error:
                yield _lost(futures[future], error)


def _on_dask(tasks: Sequence[StudyTask], address: str) -> Iterator[StudyRecord]:
    from distributed import Client
    from distributed import as_completed as dask_completed

    with Client(address, set_as_default=False) as client:
        futures = {
            client.submit(
                build_study, task, key=f"study-{task.key}-{task.fingerprint[:12]}", pure=False
            ): task
            for task in tasks
        }
        for future in dask_completed(list(futures), loop=client.loop):
            try:
                yield future.result()
            except Exception as error:
                yield _lost(futures[future], error)


def run_tasks(
    tasks: Sequence[StudyTask],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool = True,
    on_record: Callable[[StudyRecord], Any] | None = None,
) -> list[StudyRecord]:
    """Build every task; call ``on_record`` as each finishes; return all records."""
    check_jobs(jobs)
    from tqdm import tqdm

    if scheduler:
        stream = _on_dask(tasks, scheduler)
    elif jobs > 1 and len(tasks) > 1:
        stream = _on_pool(tasks, min(jobs, len(tasks)))
    else:
        stream = _in_process(tasks)
    records = []
    with tqdm(total=len(tasks), desc="studies", unit="study", disable=not progress) as bar:
        for record in stream:
            records.append(record)
            if on_record is not None:
                on_record(record)
            bar.set_postfix_str(f"{record.key} {record.status}", refresh=False)
            bar.update(1)
    return records
