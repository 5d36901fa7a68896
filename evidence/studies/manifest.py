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
    """The provenance and outcome of one study in one run."""

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
    """The records of ``reports/<period>/manifest.json`` by key; empty when there is none."""
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
