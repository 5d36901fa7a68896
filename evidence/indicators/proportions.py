"""Indicative proportions: shares of respondents with n, for non-probability data.

DTM flow monitoring surveys and captive-portal forms are convenience samples: the contract
(``sampling.mode: non_probability``) says their results indicate trends and profiles and are
not representative. Their proportions are therefore published in indicative mode: the share
of the people interviewed, its denominator ``n``, no standard error, no confidence interval,
``ci_method = none`` and the ``indicative`` flag (data_contracts/results.yaml). The numbers
come from the survey engine's non-probability design (``evidence.survey``), so indicative and
design-based tables share one estimator and one layout.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.indicators.estimates import TABLE_COLUMNS, to_results
from evidence.indicators.keys import resolve_country, resolve_period
from evidence.indicators.variables import analysis_columns
from evidence.survey import SurveyDesign, estimate_proportion

Disaggregation = str | tuple[str, ...]

__all__ = ["TABLE_COLUMNS", "Disaggregation", "as_disaggregations", "indicative_proportions"]


def as_disaggregations(
    by: Disaggregation | Sequence[Disaggregation] | None,
) -> list[tuple[str, ...]]:
    """``"sex"`` → [("sex",)]; ``["sex", ("sex", "age_group")]`` → two disaggregations."""
    if by is None:
        return []
    if isinstance(by, str):
        return [(by,)]
    if isinstance(by, tuple) and all(isinstance(b, str) for b in by):
        return [by]
    return [(b,) if isinstance(b, str) else tuple(b) for b in by]


def indicative_proportions(
    frame: pd.DataFrame,
    variables: str | Sequence[str],
    *,
    by: Disaggregation | Sequence[Disaggregation] | None = None,
    overall: bool = True,
    country: str | None = None,
    period: str | None = None,
    prefix: str = "prop",
) -> pd.DataFrame:
    """Shares of respondents in each category of ``variables``, overall and by domain.

    Each variable is a multiple-choice question (``needs`` → every ``needs/<choice>``), a
    boolean column or a categorical column. The denominator ``n`` counts respondents in the
    domain who answered; ``numerator`` those who gave the answer. Returns the long results
    table (TABLE_COLUMNS), one row per variable × answer × domain, in indicative mode.
    ``prefix`` starts the indicator codes (``prop_needs_food``; the catalogue names the
    captive-portal shares ``prop_portal_...``). The input frame is not modified.
    """
    names = [variables] if isinstance(variables, str) else list(variables)
    iso3 = resolve_country(frame, country)
    month = resolve_period(frame, period)
    disaggregations = as_disaggregations(by)
    design = SurveyDesign(frame, probability=False)
    estimates = estimate_proportion(
        analysis_columns(frame, names), design, by=disaggregations or None, overall=overall
    )
    return to_results(estimates, statistic=prefix, country=iso3, period=month)
