"""Counts of people, devices or respondents as published results rows.

A count is published like any estimate: one results row per domain (``count_respondents @/@
sex %/% female``), through ``evidence.indicators.publish``, so the minimum-count rule
withholds counts from 1 to min_count − 1 in every table that shows them (a respondent table
for a small country shows "–" there, as its share tables do). Margins are rows of their own
(the total, each by-variable alone), computed from all the data, so a table can show them
without adding withheld cells back up.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.indicators.checks import require_columns
from evidence.indicators.keys import resolve_country, resolve_period
from evidence.indicators.proportions import Disaggregation, as_disaggregations
from evidence.indicators.publish import count_rows, publish
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, publication_options
from evidence.indicators.tables import DescriptiveTable


def count_results(
    frame: pd.DataFrame,
    *,
    indicator: str,
    by: Disaggregation | Sequence[Disaggregation] | None = None,
    country: str | None = None,
    period: str | None = None,
    dataset: str = "data",
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """Rows of ``frame`` counted overall and in every domain of ``by`` (each by-variable
    combination asked for), as published results rows named ``indicator``.

    Every category of a Categorical by-variable gets a row (zero when nobody gave it); rows
    with a missing by-value count in the total only. The input is not modified.
    """
    disaggregations = as_disaggregations(by)
    require_columns(frame, [v for d in disaggregations for v in d], dataset)
    iso3 = resolve_country(frame, country)
    month = resolve_period(frame, period)
    pieces = [
        count_rows(
            pd.DataFrame({"count": [len(frame)]}),
            indicator=indicator,
            country=iso3,
            period=month,
        )
    ]
    for variables in disaggregations:
        counts = frame.groupby(list(variables), observed=False, dropna=True).size()
        table = counts.rename("count").reset_index()
        pieces.append(
            count_rows(table, indicator=indicator, country=iso3, period=month, by=variables)
        )
    rows = publish(pd.concat(pieces, ignore_index=True), publication_options(min_count))
    return DescriptiveTable(
        rows,
        title=indicator.replace("_", " ").capitalize(),
    )
