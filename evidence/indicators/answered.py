"""Which catalogue indicators a dataset can answer: questions added to a questionnaire later
(smuggler use, separated children) are optional in the contracts, so older data lack them.

A model that shows a fixed set of indicators keeps those whose question the data hold (a
column with at least one answer, or ``question/<choice>`` columns with one), so a study on
older data shows what it can and leaves the rest out rather than failing.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.indicators.catalogue import Catalogue
from evidence.indicators.parse import load_catalogue


def source_columns(catalogue: Catalogue, column: str, dataset: str) -> tuple[str, ...]:
    """The data columns behind ``column`` of ``dataset``: itself, or what a derived variable
    of that dataset reads."""
    for derived in catalogue.derived:
        if derived.name == column and derived.dataset == dataset:
            if derived.cut is not None:
                return (derived.cut.column,)
            if derived.composite is not None:
                return tuple(e.column for e in derived.composite.components)
    return (column,)


def answered(data: pd.DataFrame, question: str) -> bool:
    """``data`` hold answers to ``question`` (a column, or ``question/<choice>`` columns)."""
    if question in data.columns:
        return bool(data[question].notna().any())
    return any(c.startswith(f"{question}/") and data[c].notna().any() for c in data.columns)


def answered_indicators(
    ids: Sequence[str], data: pd.DataFrame, catalogue: Catalogue | None = None
) -> tuple[str, ...]:
    """``ids`` (in their order) whose every column the data answer."""
    catalogue = catalogue or load_catalogue()
    kept = []
    for indicator_id in ids:
        indicator = catalogue.indicator(indicator_id)
        needed = [source_columns(catalogue, c, indicator.dataset) for c in indicator.columns]
        questions = {c.split("/", 1)[0] for group in needed for c in group}
        if all(answered(data, q) for q in questions):
            kept.append(indicator_id)
    return tuple(kept)
