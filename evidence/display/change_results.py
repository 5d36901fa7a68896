"""A study's change since earlier periods: the earlier results, and the block it shows.

``Study.change`` runs the study's own model on the curated data of the month before and of
the same month a year earlier (the same loader, the same publication rules), and publishes
the difference (``evidence.indicators.change``). :func:`change_block` shows the headline
indicators with their change, or says that no earlier period's data exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from evidence.disclosure import DisclosureOptions
from evidence.display.change import change_table
from evidence.display.table import StudyTable
from evidence.display.text import StudyText
from evidence.errors import DataNotFoundError
from evidence.indicators.change import (
    CHANGE_LAGS,
    change_indicator,
    change_rows,
    earlier_period,
)
from evidence.indicators.publish import publish

if TYPE_CHECKING:
    from evidence.display.study import Study


def earlier_periods(study: Study) -> dict[str, str]:
    """Lag → YYYY-MM of the periods a change is measured against."""
    return {lag: earlier_period(study.period, lag) for lag in CHANGE_LAGS}


def _earlier_data(study: Study, dataset: str, period: str) -> pd.DataFrame | None:
    from evidence.curated import load

    try:
        data = load(dataset, country=study.country, period=period, root=study.params.data_root)
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
        parts.append(change_rows(rows, earlier, lag))  # type: ignore[arg-type]
    parts = [part for part in parts if len(part)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def change_block(
    study: Study, headline: Sequence[tuple[str, str]], labels: dict[str, str]
) -> StudyText | StudyTable:
    """The headline ``(indicator, level)`` rows the study has published with their
    published change rows, or the sentence that no earlier period's data exist."""
    periods = earlier_periods(study)
    rows = study.published.to_frame()
    codes = {change_indicator(code, lag) for code, _ in headline for lag in CHANGE_LAGS}
    changes = rows[rows["indicator"].isin(codes)] if len(rows) else rows
    if changes.empty:
        return study.sentence(
            "change.none", previous=periods["prev_period"], year_earlier=periods["prev_year"]
        )
    table = change_table(rows, changes, headline, study.language, labels=labels, earlier=periods)
    return study.table(table, "change.table", note_key="change.note")
