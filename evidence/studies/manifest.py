"""The manifest of a period's studies: what each was built from, how, when and with what result.

``reports/<period>/manifest.json`` holds one record per study (``COL/movement``): parameters,
hashes of its input data and notebook, library version, render engine, durations, output
files and status. It is rewritten atomically after every study, so a killed run leaves a
manifest that matches the files on disk.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Status = Literal["built", "skipped", "failed"]
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class StudyRecord:
    """The provenance and outcome of one study in one run.

    One entry of ``reports/<period>/manifest.json``: what the study was built from
    (parameters, hashes of its inputs, notebook and library), how (render engine, formats),
    when, how long each stage took, which files it published and whether it was built,
    skipped as up to date, or failed. A later run skips the study when its ``fingerprint``
    is unchanged and its files are still there.

    Parameters
    ----------
    key : str
        ``COL/movement`` or ``regional/es/regional``: unique within a period.
    study : str
        Study name.
    country : str or None
        ISO3 code; ``None`` for the regional study.
    period : str
        Reporting period, ``YYYY-MM``.
    status : {"built", "skipped", "failed"}
        Outcome in this run.
    parameters : mapping
        The notebook's parameters (``StudyParameters.to_dict``).
    inputs : mapping of str to str
        Input data file → sha256.
    notebook : str
        Path of the study notebook.
    notebook_hash : str
        sha256 of the notebook.
    library_version : str
        ``evidence`` version.
    library_hash : str
        sha256 over the library's sources and assets.
    engine : str
        Render engine (``quarto`` or ``pandoc+typst``).
    formats : tuple of str
        Output formats.
    fingerprint : str
        sha256 of all of the above that determines the output.
    durations : mapping of str to float, optional
        Seconds per stage (``kernel_start``, ``execution``, ``render``, ``total``).
    outputs : mapping of str to str, optional
        Published files by kind (``ipynb``, ``html``, ``pdf``, ``results``).
    error : str, optional
        Why the study failed.
    finished_at : str, optional
        ISO 8601 UTC time the study finished.

    See Also
    --------
    read_manifest : the records of a period.

    Examples
    --------
    >>> from evidence.studies import StudyRecord
    >>> record = StudyRecord(
    ...     key="COL/movement", study="movement", country="COL", period="2023-12",
    ...     status="built", parameters={"country": "COL", "period": "2023-12"}, inputs={},
    ...     notebook="notebooks/movement.ipynb", notebook_hash="ab12", library_version="0.1",
    ...     library_hash="cd34", engine="pandoc+typst", formats=("html", "pdf"),
    ...     fingerprint="ef56", durations={"total": 12.5})
    >>> data = record.to_dict()
    >>> data["formats"], data["status"]
    (['html', 'pdf'], 'built')
    >>> StudyRecord.from_dict(data) == record
    True
    """

    key: str
    study: str
    country: str | None
    period: str
    status: Status
    parameters: Mapping[str, Any]
    inputs: Mapping[str, str]
    notebook: str
    notebook_hash: str
    library_version: str
    library_hash: str
    engine: str
    formats: tuple[str, ...]
    fingerprint: str
    durations: Mapping[str, float] = field(default_factory=dict)
    outputs: Mapping[str, str] = field(default_factory=dict)
    error: str | None = None
    finished_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["formats"] = list(self.formats)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StudyRecord:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        known["formats"] = tuple(known.get("formats", ()))
        return cls(**known)


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it into place.

    The file gets the mode every other output gets (0666 less the umask: 0644 usually), not
    mkstemp's 0600, so index and manifest are readable wherever the studies are.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with temporary.open("x", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def read_manifest(reports_dir: Path) -> dict[str, StudyRecord]:
    """The records of ``reports/<period>/manifest.json`` by key; empty when there is none.

    What ``evidence run`` compares its plan with to skip studies that are up to date. An
    unreadable manifest also gives an empty dict: it only costs a rebuild.

    Parameters
    ----------
    reports_dir : pathlib.Path
        The period's reports folder (``reports/<period>/``).

    Returns
    -------
    dict of str to StudyRecord
        Records by study key (``COL/movement``).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from evidence.studies import StudyRecord, read_manifest
    >>> from evidence.studies.manifest import write_manifest
    >>> record = StudyRecord(
    ...     key="COL/movement", study="movement", country="COL", period="2023-12",
    ...     status="failed", parameters={}, inputs={}, notebook="movement.ipynb",
    ...     notebook_hash="ab12", library_version="0.1", library_hash="cd34",
    ...     engine="pandoc+typst", formats=("html",), fingerprint="ef56", error="no data")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     reports = Path(folder) / "2023-12"
    ...     before = read_manifest(reports)
    ...     _ = write_manifest(reports, "2023-12", {record.key: record}, run={})
    ...     after = read_manifest(reports)
    >>> before, list(after), after["COL/movement"] == record
    ({}, ['COL/movement'], True)
    """
    path = reports_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {key: StudyRecord.from_dict(value) for key, value in data["studies"].items()}
    except (ValueError, KeyError, TypeError):
        # An unreadable manifest only costs a rebuild; it must not block the run.
        return {}


def write_manifest(
    reports_dir: Path, period: str, records: Mapping[str, StudyRecord], run: Mapping[str, Any]
) -> Path:
    path = reports_dir / MANIFEST_NAME
    document = {
        "period": period,
        "updated_at": now(),
        "last_run": dict(run),
        "studies": {key: records[key].to_dict() for key in sorted(records)},
    }
    write_atomically(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return path
