"""The regional overview made readable: the columns a reader needs, headed in the study
language, and which of them are shares."""

from __future__ import annotations

import pandas as pd

from evidence.countries import Language
from evidence.indicators.tables import DescriptiveTable

# Columns of the study's table, in order, with their catalogue header keys.
DISPLAY_COLUMNS: dict[str, str] = {
    "name": "content.column.country",
    "stock_2023": "content.column.stock",
    "share_of_regional_stock": "content.column.share_of_stock",
    "people_per_day": "content.column.per_day",
    "surge_events": "content.column.surge_events",
    "interviews": "content.column.interviews",
    "share_irregular": "content.column.share_irregular",
    "share_any_risk": "content.column.share_any_risk",
    "employment_gap": "content.column.employment_gap",
}
SHARE_COLUMNS: tuple[str, ...] = (
    "share_of_regional_stock",
    "share_irregular",
    "share_any_risk",
    "employment_gap",
)


def overview_for_display(overview: DescriptiveTable, language: Language) -> pd.DataFrame:
    """The overview's columns a reader needs, headed in ``language`` (those present)."""
    from evidence.i18n import translate

    table = overview.to_frame()
    shown = [c for c in DISPLAY_COLUMNS if c in table.columns]
    return table[shown].rename(columns={c: translate(DISPLAY_COLUMNS[c], language) for c in shown})


def display_share_columns(display: pd.DataFrame, language: Language) -> tuple[str, ...]:
    """Headers of the share columns of ``overview_for_display`` (written as percentages)."""
    from evidence.i18n import translate

    headers = {translate(DISPLAY_COLUMNS[c], language) for c in SHARE_COLUMNS}
    return tuple(c for c in display.columns if c in headers)
