"""The one file writer of evidence.dropout: early-warning lists to restricted storage.

``write_early_warning_lists(lists, country=..., period=...)`` writes one CSV per school to
``evidence.paths.early_warning_dir(period, country)/<school>.csv``
(data/restricted/early_warning/<period>/<ISO3>/). It refuses (DisclosureError, nothing
written) a destination inside the reports folder (``evidence.paths.REPORTS_DIR``), where
studies are published, and ids that are not pseudonymous. Each file is written to a
temporary name and renamed, so a reader never sees half a list.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from evidence import paths
from evidence.countries import get_country
from evidence.csv_safety import write_csv
from evidence.dropout.early_warning import EarlyWarningList, check_pseudonymous
from evidence.errors import DisclosureError
from evidence.periods import check_period

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def write_early_warning_lists(
    lists: EarlyWarningList,
    *,
    country: str,
    period: str,
    root: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write each school's list; return the files written.

    To ``root/restricted/early_warning/<period>/<ISO3>/<school>.csv`` (formula-safe CSV,
    written to a temporary name and renamed).

    Parameters
    ----------
    lists : EarlyWarningList
    country : str
        ISO3 code, any case.
    period : str
        ``YYYY-MM``.
    root : path, optional
        Data folder (default the project's data/ or ``$EVIDENCE_DATA``).

    Returns
    -------
    list of pathlib.Path
        One file per school, in school order.

    Raises
    ------
    DisclosureError
        The destination is inside the reports folder, an id is not pseudonymous, or a
        school id cannot name a file.
    OptionError
        Unknown country or a bad period.

    Examples
    --------
    >>> import tempfile
    >>> from evidence.dropout import (early_warning_lists, fit_dropout_logit,
    ...                               write_early_warning_lists)
    >>> from evidence.dropout import example_students
    >>> linked = example_students()  # 400 students in 20 schools, a planted risk
    >>> logit = fit_dropout_logit(linked, features=("attendance_per_10_points", "child_work"))
    >>> lists = early_warning_lists(linked, linked["risk"], threshold=0.5, logit=logit)
    >>> files = write_early_warning_lists(lists, country="COL", period="2023-12",
    ...                                   root=tempfile.mkdtemp())
    >>> len(files) == len(lists.schools), files[0].parent.parts[-4:]
    (True, ('restricted', 'early_warning', '2023-12', 'COL'))
    """
    iso3 = get_country(country).iso3
    check_period(period)
    folder = paths.early_warning_dir(period, iso3, root)
    if _inside(folder, paths.REPORTS_DIR):
        raise DisclosureError(
            f"early-warning lists are restricted data and cannot be written under the reports "
            f"folder ({paths.REPORTS_DIR}); point EVIDENCE_DATA (or root) elsewhere"
        )
    frame = lists.to_frame()
    check_pseudonymous(frame["student_id"])
    unsafe = sorted({str(s) for s in frame["school_id"] if not _SAFE_NAME.match(str(s))})
    if unsafe:
        raise DisclosureError(f"school ids {unsafe[:5]} cannot name a file; use the school code")
    folder.mkdir(parents=True, exist_ok=True)  # only once every check has passed
    written = []
    for school_id, rows in frame.groupby("school_id", sort=True):
        target = folder / f"{school_id}.csv"
        temporary = target.with_suffix(".csv.tmp")
        write_csv(rows, temporary, index=False)  # formula-safe, as every CSV we write
        temporary.replace(target)
        written.append(target)
    return written
