"""One run at a time per period: a lock file, and the leftovers of a killed run cleared.

Two overlapping runs of the same period (a cron run that outlasts its interval, a manual run
during a scheduled one) would interleave their manifest updates. The second one stops at once
with a ``StudyError`` naming the lock (exit code 2). Holding the lock also means any staging
folder left in ``reports/<period>/.staging/`` comes from a run that was killed, so it goes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from evidence.errors import StudyError

LOCK_NAME = ".run.lock"


@contextlib.contextmanager
def period_lock(reports_dir: Path) -> Iterator[Path]:
    """Hold ``reports/<period>/.run.lock`` for the duration of a run (POSIX advisory lock)."""
    import fcntl

    path = reports_dir / LOCK_NAME
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
    except OSError as error:
        # The run did not start (exit 2), with the folder named, not a traceback.
        raise StudyError(
            f"cannot write to the reports folder {reports_dir} ({error.strerror}); make it "
            "writable for this user or choose another with --reports-dir"
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StudyError(
                f"another `evidence run` is building {reports_dir.name} ({path} is locked); "
                "wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield path
    finally:
        handle.close()  # closing releases the lock


def clear_stale_staging(staging: Path) -> int:
    """Remove what a killed run left in the staging folder; the number of folders removed."""
    if not staging.is_dir():
        return 0
    leftovers = [entry for entry in staging.iterdir()]
    for entry in leftovers:
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    return len(leftovers)
