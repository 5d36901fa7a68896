"""The study a notebook is building: its checked parameters and helpers in its language.

A notebook's second cell is ``study = ev.report.open_study("movement", country=country, ...)``.
``open_study`` checks the parameters exactly as the runner does (an ``OptionError`` names the
allowed values), and the ``Study`` it returns writes headings, sentences, tables and figures
in the study's language from the message catalogue.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from evidence.countries import Language, get_country
from evidence.disclosure import DisclosureOptions
from evidence.display.figure import StudyFigure, study_figure
from evidence.display.params import StudyParameters, study_parameters
from evidence.display.table import StudyTable, study_table
from evidence.display.text import StudyText, heading, note, paragraph
from evidence.errors import DataNotFoundError
from evidence.i18n import format_number, format_percent, period_label, translate


def _library_version() -> str:
    from evidence.version import __version__

    return __version__


@dataclass(frozen=True)
class Study:
    """One study being built (what the parameters cell asked for, checked)."""

    params: StudyParameters

    @property
    def min_count(self) -> int:
        """The smallest count this study publishes (disclosure control's ``min_count``)."""
        return DisclosureOptions().min_count

    @property
    def language(self) -> Language:
        return self.params.language

    @property
    def country(self) -> str | None:
        return self.params.country

    @property
    def period(self) -> str:
        return self.params.period

    @property
    def place_name(self) -> str:
        """The country's name in the study language, or the region for a regional study."""
        if self.country is None:
            return translate("report.region", self.language)
        return get_country(self.country).name(self.language)

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.language)

    def t(self, key: str, /, **fields: object) -> str:
        """A catalogue message in the study language; whole numbers get its separators."""
        shown = {
            name: format_number(value, self.language)
            if isinstance(value, int) and not isinstance(value, bool)
            else value
            for name, value in fields.items()
        }
        return translate(key, self.language, **shown)

    def heading(self, key: str, /, level: int = 2, **fields: object) -> StudyText:
        return heading(self.t(key, **fields), level)

    def sentence(self, key: str, /, **fields: object) -> StudyText:
        return paragraph(self.t(key, **fields))

    def table(
        self,
        frame: pd.DataFrame,
        caption_key: str,
        /,
        *,
        columns: Mapping[str, str] | None = None,
        percent: tuple[str, ...] = (),
        digits: int = 1,
        note_key: str | None = None,
        **fields: object,
    ) -> StudyTable:
        """A captioned table; ``columns`` maps column names to catalogue keys of their labels.

        ``percent`` names the columns holding shares (0-1), written as percentages.
        """
        labels = {name: self.t(key) for name, key in (columns or {}).items()}
        return study_table(
            frame.rename(columns=labels),
            self.t(caption_key, **fields),
            self.language,
            digits=digits,
            percent=tuple(labels.get(name, name) for name in percent),
            note=self.t(note_key) if note_key else None,
        )

    def number(self, value: float, digits: int = 0) -> str:
        """A number written the study language's way (1.234,5 or 1,234.5)."""
        return format_number(value, self.language, digits)

    def percent(self, share: float, digits: int = 1) -> str:
        """A share (0-1) written as a percentage the study language's way."""
        return format_percent(share, self.language, digits)

    def figure(self, figure: Figure, caption_key: str, /, **fields: object) -> StudyFigure:
        return study_figure(figure, self.t(caption_key, **fields), dpi=self.params.figure_dpi)

    def load(self, dataset: str, country: str | None = None) -> pd.DataFrame:
        """Curated data of this period (this study's country unless another is named)."""
        from evidence.curated import load

        return load(
            dataset, country=country or self.country, period=self.period, root=self.params.data_root
        )

    def load_all(self, dataset: str) -> dict[str, pd.DataFrame]:
        """One dataset for each of the 17 countries that has it this period (regional study)."""
        from evidence.countries import ISO3_CODES

        frames = {}
        for iso3 in ISO3_CODES:
            try:
                frames[iso3] = self.load(dataset, country=iso3)
            except DataNotFoundError:
                continue  # a country without this dataset is left out, not an error
        return frames

    def parameters_block(self) -> StudyText:
        """A heading and a table of the parameters this study was built with."""
        language = self.language
        rows: list[tuple[str, str]] = [
            (
                self.t("report.parameters.study"),
                translate(f"study.{self.params.study}.title", language),
            ),
            (
                self.t("report.parameters.country"),
                f"{self.place_name} ({self.country})" if self.country else self.place_name,
            ),
            (self.t("report.parameters.period"), f"{self.period_label} ({self.period})"),
            (self.t("report.parameters.language"), translate(f"language.{language}", language)),
            (self.t("report.parameters.data_root"), self.params.data_root),
            (self.t("report.parameters.figure_dpi"), str(self.params.figure_dpi)),
            (self.t("report.parameters.library_version"), _library_version()),
        ]
        frame = pd.DataFrame(
            rows, columns=[self.t("report.parameters.name"), self.t("report.parameters.value")]
        )
        table = study_table(frame, "", language)
        return self.heading("report.parameters.heading") + StudyText(table.to_markdown())

    def sources(self, datasets: Iterable[str], *, stock: bool = False) -> StudyText:
        """The Sources section: one line per dataset the study used."""
        items = [self.t(f"report.source.{name}", period=self.period_label) for name in datasets]
        if stock:
            items.append(self.t("report.source.stock"))
        body = "\n".join(f"- {paragraph(item).markdown}" for item in items)
        return self.heading("report.sources.heading") + StudyText(body)

    def methods(self, keys: Iterable[str], **fields: object) -> StudyText:
        """The Methods notes section: one paragraph per catalogue key (e.g. ``indicative``)."""
        block = self.heading("report.methods.heading")
        for key in keys:
            block = block + paragraph(self.t(f"report.methods.{key}", **fields))
        return block

    def caveat(self, key: str, /, **fields: Any) -> StudyText:
        return note(self.t(key, **fields))


def open_study(
    study: str,
    *,
    country: str | None = None,
    period: str,
    language: str | None = None,
    data_root: str | os.PathLike[str] | None = None,
    figure_dpi: int = 110,
) -> Study:
    """Check a notebook's parameters (as the runner does) and return its ``Study``."""
    return Study(
        study_parameters(
            study,
            country=country,
            period=period,
            language=language,
            data_root=data_root,
            figure_dpi=figure_dpi,
        )
    )
