"""Domains with no observations, as rows: a withheld cell, not a missing one.

The survey engine leaves out a domain nobody in the sample belongs to (no women aged 60+ at a
border point this month); a table built from its output then has no row for it, and a reader
cannot tell "withheld" from "not asked". ``complete_domains`` adds a row with ``n = 0`` for
every expected level that a results table lacks, so disclosure control withholds it
(``no_observations``) and the display shows it as withheld. On a count row (``unit`` count) the
added row is a published zero: nobody was counted there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from evidence.disclosure.columns import (
    COUNT,
    INDICATIVE,
    check_results_columns,
    split_codes,
)
from evidence.errors import OptionError

_GROUP = ["indicator", "country", "period"]


def _check_levels(levels_by_disaggregation: Mapping[str, Sequence[str]]) -> None:
    if not isinstance(levels_by_disaggregation, Mapping):
        raise OptionError(
            "levels_by_disaggregation must map a disaggregation (e.g. 'sex') to its expected "
            f"levels (e.g. ['female', 'male']), got {type(levels_by_disaggregation).__name__}"
        )
    for name, levels in levels_by_disaggregation.items():
        if isinstance(levels, str) or not all(isinstance(level, str) for level in levels):
            raise OptionError(
                f"levels of {name!r} must be a list of level names (text), got {levels!r}"
            )


def _empty_row(
    columns: Sequence[str],
    first: pd.Series,
    disaggregation: str,
    level: str,
    analysis_key: Callable[[str, str, str], str],
) -> dict[str, object]:
    out: dict[str, object] = dict.fromkeys(columns, np.nan)
    counted = "unit" in columns and first.get("unit") == COUNT
    has_numerator = "numerator" in columns and (counted or pd.notna(first.get("numerator")))
    indicative = INDICATIVE in split_codes(first.get("flags"))
    out.update(
        {
            "indicator": first["indicator"],
            "country": first["country"],
            "period": first["period"],
            "disaggregation": disaggregation,
            "level": level,
            "estimate": 0.0 if counted else np.nan,
            "ci_method": "none",
            "n": 0,
            "n_weighted": 0.0,
            "flags": INDICATIVE if indicative else "",
            "analysis_key": analysis_key(str(first["indicator"]), disaggregation, level),
        }
    )
    if "unit" in columns:
        out["unit"] = first.get("unit")
    if has_numerator:
        out["numerator"] = 0
    return out


def complete_domains(
    table: pd.DataFrame,
    levels_by_disaggregation: Mapping[str, Sequence[str]],
    *,
    analysis_key: Callable[[str, str, str], str],
) -> pd.DataFrame:
    """A copy of ``table`` with a row for every expected level it lacks.

    ``levels_by_disaggregation`` maps a disaggregation as the table writes it (``sex``,
    ``sex x age_group``) to its expected levels, written the same way (``female``,
    ``female x 60_plus``). For every indicator, country and period that has at least one row
    in a disaggregation, each expected level without a row gets one: ``n = 0``,
    ``n_weighted = 0``, ``ci_method = none``, no estimate (0 on a count row), ``numerator = 0``
    where the indicator has numerators, the indicator's ``unit`` and its ``indicative`` flag;
    every other column is left missing. ``analysis_key(indicator, disaggregation, level)``
    builds the key (pass ``evidence.indicators.keys.join_key``). Within each disaggregation,
    rows are ordered as the expected levels (levels not listed keep their order, after them).
    Apply disclosure control afterwards: it withholds the added rows (``no_observations``).

    Parameters
    ----------
    table : pandas.DataFrame
        A results table with every results-contract column. Not modified.
    levels_by_disaggregation : mapping of str to sequence of str
        Expected levels of each disaggregation; a disaggregation not named is left as it is.
        The total (``disaggregation`` ``total``) needs no entry.
    analysis_key : callable (indicator, disaggregation, level) -> str
        Builds the ``analysis_key`` of an added row.

    Returns
    -------
    pandas.DataFrame
        The table's rows in their order, with the added rows after the last row of their
        block, on a fresh 0..n-1 index (a plain copy of the table when nothing was added).

    Raises
    ------
    DisclosureError
        When a results-contract column is missing.
    OptionError
        When ``levels_by_disaggregation`` is not a mapping of names to lists of text levels.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.disclosure import RESULTS_COLUMNS, complete_domains
    >>> from evidence.indicators.keys import join_key
    >>> row = dict.fromkeys(RESULTS_COLUMNS, None)
    >>> row.update(indicator="prop_employed", country="COL", period="2023-12",
    ...            disaggregation="sex", level="female", estimate=0.4, n=120,
    ...            n_weighted=5000.0, ci_method="logit", flags="",
    ...            analysis_key=join_key("prop_employed", "sex", "female"))
    >>> table = pd.DataFrame([row])
    >>> full = complete_domains(table, {"sex": ["female", "male"]}, analysis_key=join_key)
    >>> full["level"].tolist(), full["n"].tolist(), full["ci_method"].tolist()
    (['female', 'male'], [120, 0], ['logit', 'none'])
    >>> bool(pd.isna(full["estimate"].iloc[1])), len(table)
    (True, 1)
    """
    check_results_columns(table)
    _check_levels(levels_by_disaggregation)
    columns = list(table.columns)
    added: list[dict[str, object]] = []
    # Sort keys: an existing row keeps its position; an added row follows the last row of its
    # block, in the order of the expected levels.
    place: list[tuple[int, int]] = []
    positions = pd.RangeIndex(len(table))
    for key, block in table.groupby([*_GROUP, "disaggregation"], sort=False, dropna=False):
        disaggregation = str(key[-1])
        present = set(block["level"].astype(str))
        last = int(positions[table.index.get_indexer(block.index)].max())
        for rank, level in enumerate(levels_by_disaggregation.get(disaggregation, ())):
            if level not in present:
                added.append(
                    _empty_row(columns, block.iloc[0], disaggregation, level, analysis_key)
                )
                place.append((last, rank + 1))
    if not added:
        return table.copy()
    new = pd.DataFrame(added, columns=columns)
    for column in columns:
        new[column] = _like(new[column], table[column])
    out = pd.concat([table, new], ignore_index=True)
    keys = [(position, 0) for position in range(len(table))] + place
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return out.iloc[order].reset_index(drop=True)


def _like(values: pd.Series, model: pd.Series) -> pd.Series:
    """``values`` in the dtype of ``model`` where it holds them (0 in an int column, text)."""
    if values.isna().any() and pd.api.types.is_integer_dtype(model.dtype):
        return values  # a missing value in a numpy int column: concat makes the column float
    try:
        return values.astype(model.dtype)
    except (TypeError, ValueError):
        return values
