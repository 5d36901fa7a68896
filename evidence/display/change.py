"""Headline indicators of a study in one table, ready for their change columns.

One row per headline indicator and its estimate this period; the change since earlier
periods is added as columns by ``evidence.display.change_columns`` (a change of a share in
percentage points, any other in the kind of its indicator). Estimates are written here
(``evidence.display.format``) because the column mixes kinds.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.countries import Language
from evidence.display.change_columns import ChangeKey, set_change_keys
from evidence.display.format import KINDS, format_value
from evidence.display.labels import code_label
from evidence.i18n import translate
from evidence.indicators.keys import TOTAL

_SHARE_UNITS = frozenset({"proportion", "ratio"})


def _kind(unit: object) -> str:
    text = str(unit)
    return text if text in KINDS else "index"


def _row(rows: pd.DataFrame, indicator: str, level: str) -> pd.Series | None:
    hits = rows[(rows["indicator"] == indicator) & (rows["level"].astype(str) == level)]
    return None if hits.empty else hits.iloc[0]


def _label(row: pd.Series, labels: dict[str, str], language: Language) -> str:
    indicator = str(row["indicator"])
    if indicator in labels:
        return translate(labels[indicator], language)
    category, variable = row.get("category"), row.get("variable")
    if isinstance(category, str) and category and isinstance(variable, str):
        return code_label(category, language, question=variable)
    return code_label(indicator, language)


def headline_table(
    rows: pd.DataFrame,
    headline: Sequence[tuple[str, str]],
    language: Language,
    *,
    labels: dict[str, str],
) -> pd.DataFrame:
    """One row per ``(indicator, level)`` of ``headline`` published in ``rows``: its label
    (``labels[indicator]``, a catalogue key, else its answer's label) and its estimate this
    period, with the change keys of the estimate column
    (``evidence.display.change_columns``: a study adds its change columns)."""
    header = translate("change.column.indicator", language)
    estimate = translate("change.column.estimate", language)
    out: dict[str, list[str]] = {header: [], estimate: []}
    keys: list[ChangeKey | None] = []
    kinds: list[str] = []
    for indicator, level in headline:
        current = _row(rows, indicator, level)
        if current is None:
            continue
        kind = _kind(current.get("unit"))
        label = _label(current, labels, language)
        if level != TOTAL:
            label = f"{label} ({code_label(level, language)})"
        out[header].append(label)
        out[estimate].append(format_value(current["estimate"], kind, language))
        keys.append((indicator, level, None))
        kinds.append("points" if kind in _SHARE_UNITS else kind)
    table = pd.DataFrame(out)
    # Cells are already written (one column mixes kinds); a declared kind aligns them.
    table.attrs["units"] = {estimate: "index"}
    table.attrs["row_units"] = kinds
    set_change_keys(table, estimate, keys)
    return table
