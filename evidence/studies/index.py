"""``reports/<period>/index*.html``: every country and study with links and run status, in the
reader's language.

One page per language (``index.es.html``, ``index.pt.html``, ``index.en.html``) and
``index.html`` in Spanish, the default; each page links the other two (no JavaScript). A
country's studies are in its own language (the page says which); the regional study is built
in every language and the page links each render. Built from the manifest, so it lists every
study ever built for the period, not only those of the last run. A failed study links its
error record and failed notebook, and still links the previous good HTML and PDF where they
exist. Everything shown is escaped (Jinja autoescape). The page says when it was generated
apart from the period the data are about.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from evidence.countries import COUNTRIES, LANGUAGES, Language
from evidence.display.params import COUNTRY_STUDIES, REGIONAL_STUDY, STUDIES
from evidence.i18n import period_label, translate
from evidence.studies.manifest import StudyRecord, now, write_atomically

INDEX_NAME = "index.html"
DEFAULT_LANGUAGE: Language = "es"
_TEMPLATES = Path(__file__).resolve().parent / "assets"
_LINK_ORDER = ("html", "pdf", "results", "ipynb")


def index_name(language: Language) -> str:
    """``index.es.html``, ``index.pt.html``, ``index.en.html``."""
    return f"index.{language}.html"


def regional_key(language: Language) -> str:
    """The manifest key of the regional study in ``language``: ``regional/es/regional``."""
    return f"{REGIONAL_STUDY}/{language}/{REGIONAL_STUDY}"


def _place(record: StudyRecord) -> str:
    if record.country:
        return record.country
    language = record.parameters.get("language", DEFAULT_LANGUAGE)
    return f"{REGIONAL_STUDY}/{language}"


def _cell(record: StudyRecord | None, language: Language) -> dict[str, Any]:
    if record is None:
        return {"status": "missing", "status_text": translate("index.status.missing", language)}
    links = [
        (translate(f"index.link.{kind}", language), record.outputs[kind])
        for kind in _LINK_ORDER
        if kind in record.outputs
    ]
    if record.status == "failed":
        place = _place(record)
        links += [
            (translate("index.link.error", language), f"{place}/{record.study}.error.json"),
            (
                translate("index.link.failed_notebook", language),
                f"{place}/{record.study}.failed.ipynb",
            ),
        ]
    return {
        "status": record.status,
        "status_text": translate(f"index.status.{record.status}", language),
        "links": links,
        "error": record.error,
        "when": record.finished_at,
    }


def index_rows(records: Mapping[str, StudyRecord], language: Language) -> list[dict[str, Any]]:
    """One row per country and one for the region; one list of (language, cell) per study
    (empty: not applicable). A country's studies are in its language; the region's in all."""
    rows: list[dict[str, Any]] = []
    for country in COUNTRIES:
        cells = [
            [("", _cell(records.get(f"{country.iso3}/{study}"), language))]
            if study in COUNTRY_STUDIES
            else []
            for study in STUDIES
        ]
        rows.append(
            {
                "name": country.name(language),
                "iso3": country.iso3,
                "language": translate(f"language.{country.language}", language),
                "cells": cells,
            }
        )
    regional = [
        [
            (
                translate(f"language.{lang}", language),
                _cell(records.get(regional_key(lang)), language),
            )
            for lang in LANGUAGES
        ]
        if study == REGIONAL_STUDY
        else []
        for study in STUDIES
    ]
    everyone = ", ".join(translate(f"language.{lang}", language) for lang in LANGUAGES)
    rows.append(
        {
            "name": translate("report.region", language),
            "iso3": "",
            "language": everyone,
            "cells": regional,
        }
    )
    return rows


def render_index(
    period: str,
    records: Mapping[str, StudyRecord],
    language: Language = DEFAULT_LANGUAGE,
) -> str:
    """The index page in ``language``, with links to the pages in the other languages."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    rows = index_rows(records, language)
    cells = [cell for row in rows for group in row["cells"] for _, cell in group]
    counts = {
        status: sum(1 for cell in cells if cell["status"] == status)
        for status in ("built", "failed", "missing")
    }

    def t(key: str, **fields: object) -> str:
        return translate(key, language, **fields)

    switcher = [
        (translate(f"language.{lang}", lang), index_name(lang), lang == language)
        for lang in LANGUAGES
    ]
    return environment.get_template("index.html.j2").render(
        t=t,
        language=language,
        period=period,
        period_label=period_label(period, language),
        rows=rows,
        studies=[translate(f"study.{study}.title", language) for study in STUDIES],
        counts=counts,
        updated_at=now(),
        switcher=switcher,
    )


def write_index(reports_dir: Path, period: str, records: Mapping[str, StudyRecord]) -> Path:
    """Write the index in every language and ``index.html`` (Spanish); its path."""
    for language in LANGUAGES:
        page = render_index(period, records, language)
        write_atomically(reports_dir / index_name(language), page)
    path = reports_dir / INDEX_NAME
    write_atomically(path, render_index(period, records, DEFAULT_LANGUAGE))
    return path
