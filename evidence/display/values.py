"""Reading published results rows: one number by indicator and level, or a wide layout.

The display layer never computes a number: it looks numbers up in the rows a study has
published (``Study.results``), so every number a reader sees is a row of the study's
results table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evidence.errors import ContractError
from evidence.indicators.keys import TOTAL


def row(results: pd.DataFrame, indicator: str, level: str = TOTAL) -> pd.Series:
    """The published row of ``indicator`` at ``level`` (ContractError if there is none)."""
    hits = results[(results["indicator"] == indicator) & (results["level"].astype(str) == level)]
    if hits.empty:
        raise ContractError(
            f"no published result {indicator!r} at level {level!r}; publish it with "
            "study.results(...) first"
        )
    return hits.iloc[0]


def value(
    results: pd.DataFrame, indicator: str, level: str = TOTAL, column: str = "estimate"
) -> float:
    """One published number (NaN when withheld)."""
    number = row(results, indicator, level)[column]
    return float(number) if pd.notna(number) else float(np.nan)


def wide(results: pd.DataFrame, indicators: Sequence[str], *, by: str) -> pd.DataFrame:
    """One row per level of the disaggregation ``by`` (named as its column), one column per
    indicator's estimate; levels in the order they were published."""
    rows = results[
        results["indicator"].isin(indicators) & (results["disaggregation"].astype(str) == by)
    ]
    table = rows.pivot_table(
        index="level", columns="indicator", values="estimate", aggfunc="first", dropna=False
    )
    levels = list(dict.fromkeys(rows["level"].astype(str)))
    table = table.reindex(index=levels, columns=list(indicators))
    table.columns.name = None
    return table.rename_axis(by).reset_index()


def crosstab(
    results: pd.DataFrame,
    indicator: str,
    rows: str,
    columns: str,
    *,
    row_labels: dict[str, str],
    column_labels: dict[str, str],
    total_label: str,
    index_name: str,
) -> pd.DataFrame:
    """A two-way count table with margins, every cell a published row of ``indicator``
    (``rows x columns`` cells, ``rows`` and ``columns`` margins, the total): withheld cells
    stay empty, and margins are the published margins, never sums of shown cells."""
    published = results[results["indicator"] == indicator]

    def cells(disaggregation: str) -> dict[str, float]:
        part = published[published["disaggregation"].astype(str) == disaggregation]
        return dict(zip(part["level"].astype(str), part["estimate"], strict=True))

    inner = cells(f"{rows} x {columns}")
    by_row, by_column, total = cells(rows), cells(columns), cells(TOTAL)
    row_codes = list(by_row) or sorted({k.split(" x ")[0] for k in inner})
    column_codes = list(by_column) or sorted({k.split(" x ")[1] for k in inner})
    table = pd.DataFrame(
        {
            column_labels.get(c, c): [inner.get(f"{r} x {c}", np.nan) for r in row_codes]
            for c in column_codes
        },
        index=[row_labels.get(r, r) for r in row_codes],
    )
    table[total_label] = [by_row.get(r, np.nan) for r in row_codes]
    margin = [by_column.get(c, np.nan) for c in column_codes] + [total.get(TOTAL, np.nan)]
    table.loc[total_label] = margin
    table.index.name = index_name
    table.attrs["units"] = dict.fromkeys(table.columns, "count")
    return table
