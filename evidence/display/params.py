"""Study names, output formats and the parameters of one study, checked before any kernel starts.

A study is run for one country and period (movement, risks, integration) or for a period only
(regional). Everything a notebook receives is validated here, so a typo fails at once with an
``OptionError`` naming the allowed values instead of a traceback from inside a kernel.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from evidence.countries import LANGUAGES, Language, get_country
from evidence.errors import OptionError
from evidence.i18n import resolve_language
from evidence.paths import data_root as default_data_root
from evidence.periods import check_period

StudyName = Literal["movement", "risks", "integration", "regional"]
STUDIES: tuple[StudyName, ...] = ("movement", "risks", "integration", "regional")
COUNTRY_STUDIES: tuple[StudyName, ...] = ("movement", "risks", "integration")
Format = Literal["html", "pdf"]
FORMATS: tuple[Format, ...] = ("html", "pdf")
REGIONAL_STUDY = "regional"


def check_study(name: str) -> StudyName:
    if name not in STUDIES:
        raise OptionError(f"unknown study {name!r}; allowed: {', '.join(STUDIES)}")
    return name


def _parse_list(spec: str | None, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    if spec is None or spec.strip().lower() == "all":
        return allowed
    wanted = [item.strip().lower() for item in spec.split(",") if item.strip()]
    if not wanted:
        # Never "all": a cron job whose variable came out empty must not build everything.
        raise OptionError(f"no {what} given (got {spec!r}); allowed: {', '.join(allowed)} or all")
    unknown = [item for item in wanted if item not in allowed]
    if unknown:
        raise OptionError(f"unknown {what} {', '.join(unknown)}; allowed: {', '.join(allowed)}")
    # Keep the canonical order whatever order was asked for, without duplicates.
    return tuple(item for item in allowed if item in wanted)


def parse_studies(spec: str | None) -> tuple[StudyName, ...]:
    """'movement,regional' or 'all' → study names in canonical order."""
    return _parse_list(spec, STUDIES, "study")  # type: ignore[return-value]


def parse_formats(spec: str | None) -> tuple[Format, ...]:
    """'html,pdf' or 'all' → formats; an empty selection is an error."""
    formats = _parse_list(spec, FORMATS, "format")
    return formats  # type: ignore[return-value]


def check_jobs(jobs: int) -> int:
    """The number of studies built at once: a whole number of at least 1."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise OptionError(f"jobs must be a whole number of at least 1, got {jobs!r}")
    return jobs


@dataclass(frozen=True)
class StudyParameters:
    """What one study notebook receives: the papermill parameters, all checked."""

    study: StudyName
    country: str | None
    period: str
    language: Language
    data_root: str
    figure_dpi: int = 110

    @property
    def place(self) -> str:
        """The report folder: the ISO3 code, or ``regional/<language>`` (the regional study is
        built once per language; a country study keeps its country's language)."""
        return self.country or f"{REGIONAL_STUDY}/{self.language}"

    @property
    def key(self) -> str:
        """``COL/movement`` or ``regional/es/regional``: unique within a period."""
        return f"{self.place}/{self.study}"

    def notebook_parameters(self) -> dict[str, Any]:
        """The values papermill injects (a regional notebook has no ``country``)."""
        values: dict[str, Any] = {
            "period": self.period,
            "language": self.language,
            "data_root": self.data_root,
            "figure_dpi": self.figure_dpi,
        }
        if self.country is not None:
            values = {"country": self.country, **values}
        return values

    def to_dict(self) -> dict[str, Any]:
        return {"study": self.study, "country": self.country, **self.notebook_parameters()}


def study_parameters(
    study: str,
    *,
    country: str | None = None,
    period: str,
    language: str | None = None,
    data_root: str | os.PathLike[str] | None = None,
    figure_dpi: int = 110,
) -> StudyParameters:
    """Check every parameter of a study and fill the defaults (language from the country)."""
    name = check_study(study)
    if name == REGIONAL_STUDY:
        if country not in (None, "", REGIONAL_STUDY):
            raise OptionError(
                f"the regional study covers every country; got country={country!r}, leave it empty"
            )
        iso3 = None
    else:
        if not country:
            raise OptionError(f"study {name!r} needs a country (one of the 17 ISO3 codes)")
        iso3 = get_country(country).iso3
    if language not in (None, "") and language not in LANGUAGES:
        raise OptionError(f"unknown language {language!r}; allowed: {', '.join(LANGUAGES)}")
    if (
        isinstance(figure_dpi, bool)
        or not isinstance(figure_dpi, int)
        or not 50 <= figure_dpi <= 600
    ):
        raise OptionError(f"figure_dpi must be a whole number from 50 to 600, got {figure_dpi!r}")
    root = Path(default_data_root(data_root)).resolve()
    return StudyParameters(
        study=name,
        country=iso3,
        period=check_period(period),
        language=resolve_language(language, iso3),
        data_root=str(root),
        figure_dpi=figure_dpi,
    )
