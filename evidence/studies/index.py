"""``reports/<period>/index.html``: every country and study with links and run status.

Built from the manifest, so it lists every study ever built for the period, not only those of
the last run. A failed study links its error record and failed notebook, and still links the
previous good HTML and PDF where they exist. Everything shown is escaped (Jinja autoescape).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from evidence.countries import COUNTRIES
from evidence.display.params import COUNTRY_STUDIES, REGIONAL_STUDY, STUDIES
from evidence.studies.manifest import StudyRecord, now, write_atomically

INDEX_NAME = "index.html"
_TEMPLATES = Path(__file__).resolve().parent / "assets"
_LINK_ORDER = ("html", "pdf", "results", "ipynb")


def _cell(record: StudyRecord | None) -> dict[str, Any]:
    if record is None:
        return {"status": "missing"}
    links = [(kind, record.outputs[kind]) for kind in _LINK_ORDER if kind in record.outputs]
    if record.status == "failed":
        place = record.country or REGIONAL_STUDY
        links += [
            ("error", f"{place}/{record.study}.error.json"),
            ("failed notebook", f"{place}/{record.study}.failed.ipynb"),
        ]
    return {
        "status": record.status,
        "links": links,
        "error": record.error,
        "when": record.finished_at,
    }


def index_rows(records: Mapping[str, StudyRecord]) -> list[dict[str, Any]]:
    """One row per country and one for the region; one cell per study (None: not applicable)."""
    rows: list[dict[str, Any]] = []
    for country in COUNTRIES:
        cells: list[dict[str, Any] | None] = [
            _cell(records.get(f"{country.iso3}/{study}")) if study in COUNTRY_STUDIES else None
            for study in STUDIES
        ]
        rows.append({"name": country.name_en, "iso3": country.iso3, "cells": cells})
    regional = [
        _cell(records.get(f"{REGIONAL_STUDY}/{REGIONAL_STUDY}"))
        if study == REGIONAL_STUDY
        else None
        for study in STUDIES
    ]
    rows.append({"name": "Latin America and the Caribbean", "iso3": "", "cells": regional})
    return rows


def render_index(period: str, records: Mapping[str, StudyRecord]) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    rows = index_rows(records)
    cells = [cell for row in rows for cell in row["cells"] if cell is not None]
    counts = {
        status: sum(1 for cell in cells if cell["status"] == status)
        for status in ("built", "failed", "missing")
    }
    return environment.get_template("index.html.j2").render(
        period=period, rows=rows, studies=STUDIES, counts=counts, updated_at=now()
    )


def write_index(reports_dir: Path, period: str, records: Mapping[str, StudyRecord]) -> Path:
    path = reports_dir / INDEX_NAME
    write_atomically(path, render_index(period, records))
    return path
