"""The sample sizes a table of models or comparisons shows, from the published rows' ``n``.

Every table says how many observations its numbers rest on. For a table of shares that is
the people who answered (``evidence.display.readers``); for a model it is the observations
the model used, and, where the table compares groups, those of each group. The numbers are
the ``n`` of the rows the table shows (a model's rows all carry the observations it used),
never counted here. Display helpers record them on the frame they return
(``with_sample_sizes``) and ``Study.table`` writes them as a line under the table in the
study language; a table of countries shows them as a column (``n_column``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evidence.display.readers import SAMPLE_SIZES, SAMPLE_SIZES_NOTE

# What the n under a table counts, as the message key of its note (table_n.yaml).
NOTES: tuple[str, ...] = (
    "readers.sample_sizes",  # people who answered
    "table_n.model",  # observations the model used
    "table_n.groups",  # observations of each group, by indicator
    "table_n.students",  # students the dropout models used
    "table_n.sessions",  # Wi-Fi sessions with pages recorded
    "table_n.schools",  # educational institutions
    "table_n.households",  # households of the integration survey
)


def published_n(
    rows: pd.DataFrame,
    indicator: str,
    level: str | None = None,
    disaggregation: str | None = None,
) -> float:
    """The published ``n`` of ``indicator`` (at ``level`` of ``disaggregation``, when
    given): the largest n of its rows, NaN when none was published.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"indicator": ["or_employed", "or_employed", "prop_x"],
    ...                      "disaggregation": ["term", "term", "group"],
    ...                      "level": ["female", "migrant", "host"], "n": [812, 812, 40]})
    >>> published_n(rows, "or_employed"), published_n(rows, "prop_x", "host")
    (812.0, 40.0)
    >>> published_n(rows, "or_income")
    nan
    """
    hit = rows["indicator"] == indicator
    if level is not None:
        hit &= rows["level"].astype(str) == level
    if disaggregation is not None:
        hit &= rows["disaggregation"].astype(str) == disaggregation
    values = pd.to_numeric(rows.loc[hit, "n"], errors="coerce").dropna()
    return float(values.max()) if len(values) else float(np.nan)


def n_range(values: Sequence[float] | pd.Series) -> tuple[float, float] | float:
    """The published sizes of a column of indicators: one number when they agree, else
    (smallest, largest); NaN when none is known."""
    known = [float(v) for v in values if pd.notna(v)]
    if not known:
        return float(np.nan)
    low, high = min(known), max(known)
    return low if low == high else (low, high)


def with_sample_sizes(
    frame: pd.DataFrame,
    sizes: Sequence[tuple[str, float | tuple[float, float]]],
    note: str = "table_n.model",
) -> pd.DataFrame:
    """``frame`` with the sizes ``[(label, n or (low, high)), ...]`` recorded for the line
    ``Study.table`` writes under it (``note``: what n counts, one of ``NOTES``); unknown
    sizes (NaN) are left out. Returns the same frame (its ``attrs`` set).

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.display.readers import reader_notes
    >>> table = with_sample_sizes(pd.DataFrame({"a": [1]}), [("", 5988.0)])
    >>> reader_notes(table, "es")
    ['n (observaciones usadas por el modelo): 5.988.']
    >>> table = with_sample_sizes(table, [("Migrantes", (1364.0, 2993.0))], "table_n.groups")
    >>> reader_notes(table, "en")
    ['n (observations of each group, by indicator): Migrantes 1,364–2,993.']
    """
    from evidence.options import check_option

    check_option("note", note, NOTES)
    kept = [(label, n) for label, n in sizes if isinstance(n, tuple) or n == n]
    frame.attrs[SAMPLE_SIZES] = kept
    frame.attrs[SAMPLE_SIZES_NOTE] = note
    return frame


def n_column(rows: pd.DataFrame, indicator: str, countries: Sequence[str]) -> list[float]:
    """The published ``n`` of ``indicator`` for each country of ``countries`` (a table of
    countries shows its sizes as a column; NaN where a country published no such row)."""
    return [
        published_n(rows[rows["country"].astype(str) == country], indicator)
        for country in countries
    ]
