"""A study's change since earlier periods: the earlier results, and how it is shown.

``Study.change`` runs the study's own model on the curated data of the month before and of
the same month a year earlier (the same loader, the same publication rules), and publishes
the difference (``evidence.indicators.change``); :func:`regional_change` does the same for
the regional study (every country that has the earlier data; a country without it has no
change). :func:`with_change` adds the published change to a study's own headline table as
columns (``evidence.display.change_columns``), :func:`change_sentence` says which periods
are compared (or that none exists), and :func:`change_block` is the movement study's table
of headline counts with their change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from evidence.countries import REGION_CODE
from evidence.disclosure import DisclosureOptions
from evidence.display.change import headline_table
from evidence.display.change_columns import lags_with_change, with_change_columns
from evidence.display.table import StudyTable
from evidence.display.text import StudyText
from evidence.errors import DataNotFoundError
from evidence.indicators.change import CHANGE_LAGS, ChangeLag, change_rows, earlier_period
from evidence.indicators.publish import publish

if TYPE_CHECKING:
    from evidence.display.study import Study

# The datasets the regional study's earlier results are computed from (flows and the flow
# survey: the indicators whose change the regional tables show).
REGIONAL_CHANGE_DATASETS: tuple[str, ...] = ("flow_counts", "flow_survey")


def earlier_periods(study: Study) -> dict[ChangeLag, str]:
    """Lag → YYYY-MM of the periods a change is measured against."""
    return {lag: earlier_period(study.period, lag) for lag in CHANGE_LAGS}


def _earlier_data(study: Study, dataset: str, period: str) -> pd.DataFrame | None:
    try:
        data = study.load(dataset, period=period)
    except DataNotFoundError:
        return None
    return data if len(data) else None


def earlier_changes(
    study: Study,
    rows: pd.DataFrame,
    dataset: str,
    model: Callable[..., object],
    **options: object,
) -> pd.DataFrame:
    """Unpublished change rows of ``rows`` since every earlier period with data."""
    from evidence.display.study import _results_rows

    parts = []
    disclosure = DisclosureOptions(min_count=study.min_count)
    for lag, period in earlier_periods(study).items():
        data = _earlier_data(study, dataset, period)
        if data is None:
            continue
        country = study.country or ""
        earlier = _results_rows(model(data, **options), country, period)
        if "suppressed" not in earlier.columns:
            earlier = publish(earlier, disclosure)
        parts.append(change_rows(rows, earlier, lag))
    parts = [part for part in parts if len(part)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def regional_change(
    study: Study,
    rows: pd.DataFrame,
    indicators: Sequence[str],
    datasets: Sequence[str] = REGIONAL_CHANGE_DATASETS,
) -> pd.DataFrame:
    """Publish the change of each country's ``indicators`` in ``rows`` (the regional study's
    published ``regional_results``) since each earlier period: ``regional_results`` is run
    on every country's curated ``datasets`` of that period (``Study.load_all``); only the
    countries with earlier data have a change. Returns the published change rows."""
    from evidence.regional import regional_results

    parts = []
    now = rows[rows["indicator"].isin(indicators) & (rows["country"] != REGION_CODE)]
    for lag, period in earlier_periods(study).items():
        frames = {name: study.load_all(name, period=period) for name in datasets}
        present = {iso3 for frame in frames.values() for iso3 in frame}
        if not present:
            continue
        earlier = regional_results(period, **frames, min_count=study.min_count)
        earlier = earlier[earlier["country"].isin(present)]
        parts.append(change_rows(now, earlier, lag))
    parts = [part for part in parts if len(part)]
    if not parts:
        return pd.DataFrame()
    changes = pd.concat(parts, ignore_index=True)
    return study.results(publish(changes, DisclosureOptions(min_count=study.min_count)))


def with_change(
    study: Study,
    frame: pd.DataFrame,
    *,
    column: str | None = None,
    header_key: str = "change.column.{lag}",
    at_end: bool = False,
) -> pd.DataFrame:
    """``frame`` (a display table with change keys) with the study's published change of
    ``column`` since each earlier period that has it, as columns
    (``evidence.display.change_columns.with_change_columns``)."""
    return with_change_columns(
        frame,
        study.published.to_frame(),
        study.language,
        country=study.country or REGION_CODE,
        earlier=earlier_periods(study),
        column=column,
        header_key=header_key,
        at_end=at_end,
    )


def change_sentence(study: Study) -> StudyText:
    """Which earlier periods the change columns compare with, or that no earlier period's
    data exist (from the change rows the study has published)."""
    periods = earlier_periods(study)
    fields = {"previous": periods["prev_period"], "year_earlier": periods["prev_year"]}
    lags = lags_with_change(study.published.to_frame())
    if not lags:
        return study.sentence("change.none", **fields)
    which = "both" if len(lags) == len(CHANGE_LAGS) else lags[0]
    return study.sentence(f"change_cols.compared.{which}", **fields)


def change_block(
    study: Study, headline: Sequence[tuple[str, str]], labels: dict[str, str]
) -> StudyTable:
    """The headline ``(indicator, level)`` rows the study has published, with their change
    columns when an earlier period's data exist."""
    table = headline_table(study.published.to_frame(), headline, study.language, labels=labels)
    shown = with_change(study, table)
    if len(shown.columns) == len(table.columns):  # no earlier period: the headline alone
        return study.table(shown, "change_cols.headline.table")
    # Which periods are compared, and how, is said by change_sentence (after the table).
    return study.table(shown, "change.table")
