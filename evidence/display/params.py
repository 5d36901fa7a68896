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
    """'movement,regional' or 'all' → study names in canonical order.

    How the ``--studies`` option of ``evidence run`` is read: names are comma-separated,
    case-insensitive and returned once each in the order of ``STUDIES``.

    Parameters
    ----------
    spec : str or None
        Comma-separated study names, ``"all"``, or ``None`` (all).

    Returns
    -------
    tuple of str
        Study names among ``STUDIES`` (movement, risks, integration, regional).

    Raises
    ------
    OptionError
        An unknown study name, or an empty selection (``""``: never read as "all", so a
        cron job whose variable came out empty does not build everything).

    Examples
    --------
    >>> from evidence.studies import parse_studies
    >>> parse_studies("regional, Movement,movement")
    ('movement', 'regional')
    >>> parse_studies("all") == parse_studies(None)
    True
    >>> parse_studies("movment")
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: unknown study movment; allowed: movement, risks, ...regional
    """
    return _parse_list(spec, STUDIES, "study")  # type: ignore[return-value]


def parse_formats(spec: str | None) -> tuple[Format, ...]:
    """'html,pdf' or 'all' → formats; an empty selection is an error.

    How the ``--formats`` option of ``evidence run`` is read: comma-separated,
    case-insensitive, returned once each in the order of ``FORMATS``.

    Parameters
    ----------
    spec : str or None
        Comma-separated formats, ``"all"``, or ``None`` (all).

    Returns
    -------
    tuple of str
        Formats among ``FORMATS`` (html, pdf).

    Raises
    ------
    OptionError
        An unknown format, or an empty selection.

    Examples
    --------
    >>> from evidence.studies import parse_formats
    >>> parse_formats("PDF,html"), parse_formats("all")
    (('html', 'pdf'), ('html', 'pdf'))
    >>> parse_formats("")
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: no format given (got ''); allowed: html, pdf or all
    """
    formats = _parse_list(spec, FORMATS, "format")
    return formats  # type: ignore[return-value]


def check_jobs(jobs: int) -> int:
    """The number of studies built at once: a whole number of at least 1."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise OptionError(f"jobs must be a whole number of at least 1, got {jobs!r}")
    return jobs


@dataclass(frozen=True)
class StudyParameters:
    """What one study notebook receives: the papermill parameters, all checked.

    Made by :func:`study_parameters` (the runner, when it plans a run) and by
    ``evidence.display.open_study`` (the notebook), so both check the same way. ``key``
    names the study within a period in the manifest; ``place`` is its folder under
    ``reports/<period>/``.

    Parameters
    ----------
    study : {"movement", "risks", "integration", "regional"}
        The study.
    country : str or None
        ISO3 code of its country; ``None`` for the regional study.
    period : str
        Reporting period, ``YYYY-MM``.
    language : {"es", "pt", "en"}
        Language the study is written in.
    data_root : str
        Absolute path of the data root the study reads.
    figure_dpi : int, default 110
        Resolution of its figures.

    See Also
    --------
    study_parameters : check and fill the parameters.

    Examples
    --------
    >>> from evidence.studies import StudyParameters
    >>> params = StudyParameters(study="movement", country="BRA", period="2023-12",
    ...                          language="pt", data_root="/srv/evidence/data")
    >>> params.key, params.place
    ('BRA/movement', 'BRA')
    >>> params.notebook_parameters()
    {'country': 'BRA', 'period': '2023-12', 'language': 'pt',
     'data_root': '/srv/evidence/data', 'figure_dpi': 110}
    >>> regional = StudyParameters(study="regional", country=None, period="2023-12",
    ...                            language="en", data_root="/srv/evidence/data")
    >>> regional.key, "country" in regional.notebook_parameters()
    ('regional/en/regional', False)
    """

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
    """Check every parameter of a study and fill the defaults (language from the country).

    Everything a study notebook receives is checked here before any kernel starts, so a
    typo fails at once with the allowed values rather than inside a notebook.

    Parameters
    ----------
    study : str
        ``"movement"``, ``"risks"``, ``"integration"`` or ``"regional"``.
    country : str, optional
        ISO3 code (any case) for a country study; empty for the regional study.
    period : str
        Reporting period, ``YYYY-MM``.
    language : str, optional
        ``"es"``, ``"pt"`` or ``"en"``; default: the country's report language (Spanish for
        the regional study).
    data_root : str or path-like, optional
        Data root; default ``$EVIDENCE_DATA``, else ``data/`` at the project root
        (``evidence.paths.data_root``). Stored as an absolute path; not read here.
    figure_dpi : int, default 110
        Resolution of the figures, a whole number from 50 to 600.

    Returns
    -------
    StudyParameters
        The checked parameters.

    Raises
    ------
    OptionError
        Unknown study, country, language or period; a country study without a country or
        the regional study with one; ``figure_dpi`` out of range.

    Examples
    --------
    >>> from evidence.studies import study_parameters
    >>> params = study_parameters("movement", country="bra", period="2023-12")
    >>> params.country, params.language, params.figure_dpi
    ('BRA', 'pt', 110)
    >>> study_parameters("regional", period="2023-12").language
    'es'
    >>> study_parameters("movement", period="2023-12")
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: study 'movement' needs a country (one of the 17 ISO3 codes)
    >>> study_parameters("risks", country="COL", period="2023-12", figure_dpi=20)
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: figure_dpi must be a whole number from 50 to 600, got 20
    """
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
