"""The study a notebook is building: its checked parameters and helpers in its language.

A notebook's second cell is ``study = open_study("movement", country=country, ...)``
(``from evidence.display import open_study``).
``open_study`` checks the parameters exactly as the runner does (an ``OptionError`` names the
allowed values), and the ``Study`` it returns writes headings, sentences, tables and figures
in the study's language from the message catalogue.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from evidence.countries import REGION_CODE, Language, get_country
from evidence.disclosure import DisclosureOptions
from evidence.display.figure import StudyFigure, study_figure
from evidence.display.format import format_value
from evidence.display.params import StudyParameters, study_parameters
from evidence.display.published import PublishedResults, ResultsOutput
from evidence.display.table import StudyTable, study_table
from evidence.display.text import StudyText, heading, note, paragraph
from evidence.errors import ContractError, DataNotFoundError
from evidence.i18n import format_number, period_label, translate
from evidence.indicators.estimates import survey_results
from evidence.indicators.publish import publish
from evidence.indicators.tables import DescriptiveTable
from evidence.paths import display_path
from evidence.survey import SurveyEstimates


def _library_version() -> str:
    from evidence.version import __version__

    return __version__


@dataclass(frozen=True)
class Study:
    """One study being built (what the parameters cell asked for, checked), and the results
    it has published so far.

    The object a study notebook writes through: headings, sentences, captions and caveats
    come from the message catalogue in the study's language (``t``, ``heading``,
    ``sentence``, ``caveat``), numbers are written its way (``number``, ``percent``), tables
    and figures are captioned (``table``, ``figure``), curated data are read from the
    study's data root and period (``load``, ``load_all``, ``load_history``), and every number
    shown is published through ``results`` (disclosure control last), which the study
    collects for its results table (``results_output``) and key messages.

    Parameters
    ----------
    params : StudyParameters
        The checked parameters (``evidence.studies.study_parameters``).
    published : PublishedResults, optional
        Results published so far (empty for a new study).
    display_id : str, optional
        Id of the key messages' display, filled in at the end of a run (random by default).

    See Also
    --------
    open_study : check the parameters and open the study.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from evidence.display import Study
    >>> from evidence.studies import study_parameters
    >>> with tempfile.TemporaryDirectory() as root:
    ...     study = Study(study_parameters("movement", country="COL", period="2023-12",
    ...                                    data_root=root))
    ...     study.load("flow_survey")
    Traceback (most recent call last):
    ...
    evidence.errors.DataNotFoundError: nothing curated for 'flow_survey' under ...
    >>> study.language, study.place_name, study.period_label
    ('es', 'Colombia', 'diciembre de 2023')
    >>> study.heading("report.sources.heading").markdown
    '## Fuentes'
    >>> study.sentence("report.source.flow_survey", period=study.period_label).markdown
    'Encuesta de Monitoreo de Flujos (DTM, OIM), diciembre de 2023.'
    >>> study.number(1234567), study.percent(0.5) == "50,0\u00a0%"
    ('1.234.567', True)
    >>> table = study.table(pd.DataFrame({"site": ["A", "B"], "people": [1200, 35]}),
    ...                     "report.sources.heading")
    >>> table.caption, table.rows
    ('Fuentes', (('A', '1.200'), ('B', '35')))
    """

    params: StudyParameters
    published: PublishedResults = field(default_factory=PublishedResults, repr=False)
    display_id: str = field(default_factory=lambda: f"key-messages-{uuid.uuid4().hex}", repr=False)

    def results(self, source: object) -> pd.DataFrame:
        """Publish ``source`` in this study and return its published rows.

        ``source`` is a model result with ``to_results(country, period)``, direct survey
        estimates (``SurveyEstimates``), a result holding published rows (``ResultsTable``,
        ``DescriptiveTable``), or a frame of results rows;
        rows not yet published go through ``evidence.indicators.publish`` (disclosure
        last). Every number a study shows comes from rows returned here.
        """
        rows = _results_rows(source, self.country or REGION_CODE, self.period)
        if "suppressed" not in rows.columns:
            rows = publish(rows, DisclosureOptions(min_count=self.min_count))
        self.published.add(rows)
        return rows

    def key_messages(self) -> object:
        """The key messages at the top of the study (``evidence.display.key_messages_view``):
        in a kernel a placeholder shown now and filled by ``results_output()``; elsewhere an
        object that writes them from what has been published when it is shown."""
        from evidence.display.key_messages_view import show_key_messages

        return show_key_messages(self, final=False)

    def change(
        self, rows: pd.DataFrame, dataset: str, model: Callable[..., object], **options: object
    ) -> pd.DataFrame:
        """Publish the change of ``rows`` since each earlier period whose curated ``dataset``
        exists (``evidence.indicators.change``): ``model(data, **options)`` is run on the
        earlier data and published the same way, then matched to ``rows`` by analysis key.
        Returns the published change rows (none when there is no earlier period)."""
        from evidence.display.change_results import earlier_changes

        changes = earlier_changes(self, rows, dataset, model, **options)
        if changes.empty:
            return changes
        return self.results(publish(changes, DisclosureOptions(min_count=self.min_count)))

    def load_history(self, dataset: str) -> pd.DataFrame:
        """Curated data of every period up to this one (a trend uses all of them)."""
        from evidence.curated import load

        frame = load(dataset, country=self.country, root=self.params.data_root)
        return frame[frame["period"].astype(str) <= self.period].reset_index(drop=True)

    def results_output(self) -> ResultsOutput:
        """The last output of a study: its results table, for the runner to publish (and
        the key messages at the top, now that every result is published)."""
        from evidence.display.key_messages_view import show_key_messages

        show_key_messages(self, final=True)
        return ResultsOutput(
            table=self.published.to_frame(),
            file_name=f"{self.params.study}.results.csv",
            link_text=self.t("report.results.link"),
        )

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
        units: Mapping[str, str] | None = None,
        percent: tuple[str, ...] = (),
        note_key: str | None = None,
        **fields: object,
    ) -> StudyTable:
        """A captioned table; ``columns`` maps column names to catalogue keys of their labels.

        ``units`` gives the kind of number of each column (``evidence.display.format``);
        ``percent`` is short for the share columns (kind ``proportion``). Display helpers
        attach their columns' kinds to the frame (``frame.attrs["units"]``).
        """
        from evidence.display.readers import reader_notes

        labels = {name: self.t(key) for name, key in (columns or {}).items()}
        notes = [self.t(note_key)] if note_key else []
        notes += reader_notes(frame, self.language)
        kinds = {**frame.attrs.get("units", {}), **dict.fromkeys(percent, "proportion")}
        kinds.update(units or {})
        return study_table(
            frame.rename(columns=labels),
            self.t(caption_key, **fields),
            self.language,
            units={labels.get(name, name): kind for name, kind in kinds.items()},
            row_units=frame.attrs.get("row_units"),
            note=" ".join(notes) or None,
        )

    def number(self, value: float, kind: str = "count") -> str:
        """A number written by its kind (``evidence.display.format``: count, rate, mean,
        index, ...) the study language's way (1.234,5 or 1,234.5); "–" when withheld."""
        return format_value(value, kind, self.language)

    def percent(self, share: float) -> str:
        """A share (0-1) written as a percentage the study language's way; "–" if withheld."""
        return format_value(share, "proportion", self.language)

    def figure(self, figure: Figure, caption_key: str, /, **fields: object) -> StudyFigure:
        return study_figure(figure, self.t(caption_key, **fields), dpi=self.params.figure_dpi)

    def load(
        self, dataset: str, country: str | None = None, period: str | None = None
    ) -> pd.DataFrame:
        """Curated data of this period (this study's country unless another is named; an
        earlier ``period`` for a change over time)."""
        from evidence.curated import load

        return load(
            dataset,
            country=country or self.country,
            period=period or self.period,
            root=self.params.data_root,
        )

    def load_optional(self, dataset: str) -> pd.DataFrame | None:
        """Curated data of this period, or None where the period has none (older curated data
        without a dataset added since, e.g. ``services``): the study then says the data are
        not available (e.g. ``services.not_available``) instead of failing."""
        try:
            return self.load(dataset)
        except DataNotFoundError:
            return None

    def load_all(self, dataset: str, period: str | None = None) -> dict[str, pd.DataFrame]:
        """One dataset for each of the 17 countries that has it this period (or ``period``)
        (regional study)."""
        from evidence.countries import ISO3_CODES

        frames = {}
        for iso3 in ISO3_CODES:
            try:
                frames[iso3] = self.load(dataset, country=iso3, period=period)
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
            # The data root as the reader may see it (never the server's absolute path).
            (
                self.t("report.parameters.data_root"),
                display_path(self.params.data_root, self.params.data_root),
            ),
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
    """Check a notebook's parameters (as the runner does) and return its ``Study``.

    The call in a study notebook's second cell: the values of the parameters cell (injected
    by ``evidence run``, or as written when the notebook is run by hand) are checked exactly
    as the runner checks them, so a wrong value fails here naming the allowed values.

    Parameters
    ----------
    study : str
        ``"movement"``, ``"risks"``, ``"integration"`` or ``"regional"``.
    country : str, optional
        ISO3 code for a country study; empty for the regional study.
    period : str
        Reporting period, ``YYYY-MM``.
    language : str, optional
        ``"es"``, ``"pt"`` or ``"en"``; default: the country's report language (Spanish for
        the regional study).
    data_root : str or path-like, optional
        Data root; default ``$EVIDENCE_DATA``, else ``data/`` at the project root. Not read
        until the study loads data.
    figure_dpi : int, default 110
        Resolution of the figures, 50 to 600.

    Returns
    -------
    Study
        The study, with nothing published yet.

    Raises
    ------
    OptionError
        Unknown study, country, language or period; a country study without a country or
        the regional study with one; ``figure_dpi`` out of range.

    See Also
    --------
    evidence.studies.study_parameters : the same checks, without the study.

    Examples
    --------
    >>> import tempfile
    >>> from evidence.display import open_study
    >>> with tempfile.TemporaryDirectory() as root:
    ...     study = open_study("regional", period="2023-12", language="en", data_root=root)
    >>> study.country, study.place_name, study.params.key
    (None, 'Latin America and the Caribbean', 'regional/en/regional')
    >>> open_study("movment", country="COL", period="2023-12")
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: unknown study 'movment'; allowed: movement, risks, ...
    """
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


def _results_rows(source: object, country: str, period: str) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        return source
    if isinstance(source, DescriptiveTable):
        return source.to_results(country, period)
    if isinstance(source, SurveyEstimates):  # direct estimates: the survey layer has no codes
        return survey_results(source, country, period)
    to_results = getattr(source, "to_results", None)
    if callable(to_results):
        rows = to_results(country, period)
        if isinstance(rows, pd.DataFrame):
            return rows
    to_frame = getattr(source, "to_frame", None)
    if callable(to_frame):  # a ResultsTable: already published
        rows = to_frame()
        if isinstance(rows, pd.DataFrame) and "analysis_key" in rows.columns:
            return rows
    raise ContractError(
        f"cannot publish a {type(source).__name__}: give results rows, a result with "
        "to_results(country, period), or a ResultsTable"
    )
