"""One frictionless ``datapackage.json`` per country folder, describing its results tables.

Written by the runner after the studies of a period are built, beside the
``<study>.results.csv`` files it describes (evidence.disclosure.datapackage builds it). The
sources are the input datasets the manifest recorded for the studies of that folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from evidence.disclosure.datapackage import write_datapackage
from evidence.studies.manifest import StudyRecord


def write_results_packages(
    reports_dir: Path, period: str, records: Mapping[str, StudyRecord]
) -> list[Path]:
    """Write ``<reports_dir>/<place>/datapackage.json`` for every folder with results CSVs."""
    by_folder: dict[Path, list[StudyRecord]] = {}
    for record in records.values():
        results = record.outputs.get("results")
        if record.status != "failed" and results:
            by_folder.setdefault((reports_dir / results).parent, []).append(record)
    created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    written = []
    for folder, folder_records in sorted(by_folder.items()):
        datasets = sorted({d for r in folder_records for d in r.inputs})
        sources = [
            {"title": f"{d}, period {period} (curated; SHA-256 in manifest.json)"} for d in datasets
        ]
        place = folder.name.lower()
        target = write_datapackage(
            folder,
            name=f"evidence-{period}-{place}",
            title=f"Results tables, {folder.name}, {period}",
            sources=sources,
            created=created,
        )
        if target is not None:
            written.append(target)
    return written
