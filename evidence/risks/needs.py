"""Needs and risks on the route: the share of respondents who chose each answer.

``needs`` (most pressing needs) and ``risks`` (risks met on the route) are multiple-choice
questions of the flow monitoring survey and of the captive-portal forms, the same codelists
in both. Both sources are non-probability samples, so the shares are indicative (the share
of the people who answered, with n, no confidence interval) and carry the contract's caveat.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from evidence.indicators.datasets import sampling_caveat
from evidence.indicators.proportions import Disaggregation, indicative_proportions
from evidence.indicators.publish import publish
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, publication_options
from evidence.indicators.tables import DescriptiveTable
from evidence.indicators.views import shares_by_domain
from evidence.options import check_option

Source = Literal["flow_survey", "portal_forms"]
SOURCES: tuple[Source, ...] = ("flow_survey", "portal_forms")
QUESTIONS: tuple[str, ...] = ("needs", "risks")


def choice_shares(
    responses: pd.DataFrame,
    questions: str | Sequence[str] = QUESTIONS,
    *,
    by: Disaggregation | Sequence[Disaggregation] | None = "sex",
    source: Source = "flow_survey",
    country: str | None = None,
    period: str | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """Share of respondents choosing each answer of multiple-choice ``questions``, overall
    and by ``by`` (default sex), after disclosure control. The view lists answers from the
    most to the least chosen overall."""
    check_option("source", source, SOURCES)
    names = [questions] if isinstance(questions, str) else list(questions)
    table = publish(
        indicative_proportions(responses, names, by=by, country=country, period=period),
        publication_options(min_count),
    )
    return DescriptiveTable(
        table,
        title=f"{' and '.join(n.capitalize() for n in names)}: share of respondents",
        caveat=sampling_caveat(source),
        view=shares_by_domain(table, sort=True),
    )


def needs_and_risks(
    responses: pd.DataFrame,
    *,
    by: Disaggregation | Sequence[Disaggregation] | None = "sex",
    source: Source = "flow_survey",
    country: str | None = None,
    period: str | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """Needs and risks together (``choice_shares`` of both questions)."""
    return choice_shares(
        responses,
        QUESTIONS,
        by=by,
        source=source,
        country=country,
        period=period,
        min_count=min_count,
    )
