"""Headline indicators beside their change since earlier periods, for a study table.

The change rows are published results (``evidence.indicators.change``:
``<indicator>_change_prev_period`` and ``_change_prev_year``); this module only lays them out:
one row per headline indicator, its estimate this period, and one column per earlier period
whose data exist. A change of a share is written in percentage points, any other change in
the kind of its indicator. Cells are written here (``evidence.display.format``) because one
row mixes kinds (a share and its change in points).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.countries import Language
from evidence.display.format import KINDS, MISSING, format_value
from evidence.display.labels import code_label
from evidence.i18n import translate
from evidence.indicators.change import CHANGE_LAGS, change_indicator
from evidence.indicators.keys import TOTAL

_SHARE_UNITS = frozenset({"proportion", "ratio"})


def _kind(unit: object) -> str:
    text = str(unit)
    return text if text in KINDS else "index"


def _row(rows: pd.DataFrame, indicator: str, level: str) -> pd.Series | None:
    hits = rows[(rows["indicator"] == indicator) & (rows["level"].astype(str) == level)]
    return None if hits.empty else hits.iloc[0]


def _signed(change: pd.Series | None, kind: str, language: Language) -> str:
    """A change written with its sign (+ for a rise), "–" when withheld or not estimated."""
    if change is None:
        return MISSING
    text = format_value(change["estimate"], kind, language)
    rise = pd.notna(change["estimate"]) and float(change["estimate"]) > 0 and text != MISSING
    return f"+{text}" if rise and any(digit in text for digit in "123456789") else text


def _label(row: pd.Series, labels: dict[str, str], language: Language) -> str:
    indicator = str(row["indicator"])
    if indicator in labels:
        return translate(labels[indicator], language)
    category, variable = row.get("category"), row.get("variable")
    if isinstance(category, str) and category and isinstance(variable, str):
        return code_label(category, language, question=variable)
    return code_label(indicator, language)


def change_table(
    rows: pd.DataFrame,
    changes: pd.DataFrame,
    headline: Sequence[tuple[str, str]],
    language: Language,
    *,
    labels: dict[str, str],
    earlier: dict[str, str],
) -> pd.DataFrame:
    """One row per ``(indicator, level)`` of ``headline`` published in ``rows``: its label
    (``labels[indicator]``, a catalogue key, else its answer's label), its estimate, and its
    change since each earlier period in ``earlier`` (lag → YYYY-MM) that has change rows."""
    lags = [lag for lag in CHANGE_LAGS if lag in earlier]
    shown = [
        lag
        for lag in lags
        if len(changes) and changes["indicator"].astype(str).str.endswith(f"_change_{lag}").any()
    ]
    header = translate("change.column.indicator", language)
    out: dict[str, list[str]] = {header: [], translate("change.column.estimate", language): []}
    columns = {
        lag: translate(
            f"change.column.{lag}",
            language,
            previous=earlier.get("prev_period", ""),
            year_earlier=earlier.get("prev_year", ""),
        )
        for lag in shown
    }
    for column in columns.values():
        out[column] = []
    for indicator, level in headline:
        current = _row(rows, indicator, level)
        if current is None:
            continue
        kind = _kind(current.get("unit"))
        label = _label(current, labels, language)
        if level != TOTAL:
            label = f"{label} ({code_label(level, language)})"
        out[header].append(label)
        out[translate("change.column.estimate", language)].append(
            format_value(current["estimate"], kind, language)
        )
        change_kind = "points" if kind in _SHARE_UNITS else kind
        for lag, column in columns.items():
            change = (
                _row(changes, change_indicator(indicator, lag), level) if len(changes) else None
            )
            out[column].append(_signed(change, change_kind, language))
    table = pd.DataFrame(out)
    # Cells are already written; declaring a kind aligns them as numbers (text passes as is).
    table.attrs["units"] = {column: "index" for column in list(out)[1:]}
    return table
