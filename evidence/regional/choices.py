"""Needs and risks country by country: each response country's shares of a multiple-choice
question of the flow monitoring survey, as published results rows (its ISO3 code in the
``country`` column), from the same estimator as the country studies
(``evidence.risks.choice_shares``), so the regional study and a country's risks study
never disagree. Indicative shares (non-probability samples), with n."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from evidence.indicators.small_counts import DEFAULT_MIN_COUNT
from evidence.options import check_option
from evidence.risks.needs import QUESTIONS, choice_shares


def choice_rows(
    period: str,
    flow_survey: Mapping[str, pd.DataFrame],
    question: str,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
) -> pd.DataFrame:
    """The published shares of every answer of ``question`` ("needs" or "risks") in each
    country with a survey (``{ISO3: frame}``, as ``Study.load_all`` gives them), overall
    (no disaggregation); countries without a survey are left out."""
    check_option("question", question, QUESTIONS)
    pieces = [
        choice_shares(
            frame, question, by=None, country=iso3, period=period, min_count=min_count
        ).to_frame()
        for iso3, frame in flow_survey.items()
        if len(frame)
    ]
    if not pieces:
        return pd.DataFrame()
    return pd.concat(pieces, ignore_index=True)
