"""Socioeconomic integration of migrant households against the host community.

Employment, informality, income, banking, health cover, children's school enrolment,
discrimination, documents and the IPL-12 dimensions and index (Harder et al. 2018), all as
declared in the indicator catalogue and estimated on the integration survey's stratified
two-stage design (evidence.integration.comparison).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.countries import Language
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT
from evidence.integration.comparison import GroupComparison, compare_groups
from evidence.survey.options import DEFAULT_LONELY_PSU, LonelyPSU

DATASET = "integration_survey"
INTEGRATION_INDICATORS: tuple[str, ...] = (
    "prop_employed",
    "prop_informal",
    "mean_monthly_income",
    "median_monthly_income",
    "prop_has_bank_account",
    "prop_health_insurance",
    "ratio_children_enrolled",
    "prop_discrimination_experienced",
    "prop_document_status_regular",
    "prop_document_status_irregular",
    "prop_document_status_in_process",
    "mean_ipl_psychological",
    "mean_ipl_economic",
    "mean_ipl_political",
    "mean_ipl_social",
    "mean_ipl_linguistic",
    "mean_ipl_navigational",
    "mean_ipl_index",
)
IPL_DIMENSIONS: tuple[str, ...] = (
    "psychological",
    "economic",
    "political",
    "social",
    "linguistic",
    "navigational",
)
DOCUMENT_STATUSES: tuple[str, ...] = ("regular", "irregular", "in_process")


def migrant_host_comparison(
    integration: pd.DataFrame,
    *,
    indicators: Sequence[str] = INTEGRATION_INDICATORS,
    country: str | None = None,
    period: str | None = None,
    language: Language = "en",
    min_count: int = DEFAULT_MIN_COUNT,
    lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU,
) -> GroupComparison:
    """Integration indicators of migrant and host households, and the migrant - host gaps.

    Employment, informality, income, banking, health cover, enrolment, discrimination,
    documents and the IPL-12 scores, estimated on the integration survey's stratified
    two-stage design, overall and by sex (:func:`compare_groups` with ``group``, migrant
    against host).

    Parameters
    ----------
    integration : pandas.DataFrame
        Rows of the ``integration_survey`` dataset.
    indicators : sequence of str, default ``INTEGRATION_INDICATORS``
    country, period, language, min_count, lonely_psu
        As in :func:`compare_groups` (country and period default to the data's columns).

    Returns
    -------
    GroupComparison

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.integration import migrant_host_comparison
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.2)
    >>> result = migrant_host_comparison(data, indicators=["prop_employed", "mean_ipl_index"],
    ...                                  country="COL", period="2023-12")
    >>> result.focus, result.reference, sorted(result.overall()["indicator"])
    ('migrant', 'host', ['mean_ipl_index', 'prop_employed'])
    """
    return compare_groups(
        integration,
        DATASET,
        indicators,
        group_variable="group",
        focus="migrant",
        reference="host",
        title="Migrants and host community: integration indicators",
        country=country,
        period=period,
        language=language,
        min_count=min_count,
        lonely_psu=lonely_psu,
    )


def ipl_dimensions(comparison: GroupComparison) -> pd.DataFrame:
    """IPL-12 dimension scores (0-1) of both groups, tidy: dimension, group, estimate,
    ci_low, ci_high (whole groups), for a dot plot.

    The IPL-12 measures integration in six dimensions (Harder et al. 2018, PNAS 115(45)).
    Dimensions the comparison did not estimate are left out.

    Parameters
    ----------
    comparison : GroupComparison
        From :func:`migrant_host_comparison` (with the ``mean_ipl_*`` indicators).

    Returns
    -------
    pandas.DataFrame
        Two rows (reference, then focus group) per dimension and for ``index``.

    References
    ----------
    Harder, N. et al. (2018). Multidimensional measure of immigrant integration. PNAS
    115(45), 11483-11488.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.integration import ipl_dimensions, migrant_host_comparison
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.2)
    >>> comparison = migrant_host_comparison(
    ...     data, indicators=["mean_ipl_economic", "mean_ipl_index"], country="COL",
    ...     period="2023-12")
    >>> scores = ipl_dimensions(comparison)
    >>> scores["dimension"].tolist(), scores["group"].tolist()
    (['economic', 'economic', 'index', 'index'], ['host', 'migrant', 'host', 'migrant'])
    >>> bool(scores["estimate"].between(0, 1).all())
    True
    """
    gaps = comparison.overall()
    rows = []
    for dimension in (*IPL_DIMENSIONS, "index"):
        hit = gaps[gaps["indicator"] == f"mean_ipl_{dimension}"]
        if hit.empty:
            continue
        row = hit.iloc[0]
        for side, group in (("reference", comparison.reference), ("focus", comparison.focus)):
            rows.append(
                {
                    "dimension": dimension,
                    "group": group,
                    "estimate": row[side],
                    "ci_low": row[f"{side}_ci_low"],
                    "ci_high": row[f"{side}_ci_high"],
                }
            )
    return pd.DataFrame(rows, columns=["dimension", "group", "estimate", "ci_low", "ci_high"])


def document_status(comparison: GroupComparison) -> pd.DataFrame:
    """Migratory status of migrant respondents (regular, irregular, in process), overall and
    by sex: status, level, estimate, ci_low, ci_high, n (from the published results).

    Parameters
    ----------
    comparison : GroupComparison
        From :func:`migrant_host_comparison` with the ``prop_document_status_*`` indicators.

    Returns
    -------
    pandas.DataFrame
        One row per status and level (``total`` or a sex); withheld estimates stay missing.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.integration import document_status, migrant_host_comparison
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.2)
    >>> comparison = migrant_host_comparison(data, indicators=[
    ...     "prop_document_status_regular", "prop_document_status_irregular"],
    ...     country="COL", period="2023-12")
    >>> status = document_status(comparison)
    >>> status.columns.tolist()
    ['status', 'level', 'estimate', 'ci_low', 'ci_high', 'n']
    >>> sorted(set(status["status"])), "total" in set(status["level"])
    (['irregular', 'regular'], True)
    """
    results = comparison.results
    wanted = [f"prop_document_status_{s}" for s in DOCUMENT_STATUSES]
    rows = results[
        results["indicator"].isin(wanted) & results["disaggregation"].isin(["total", "sex"])
    ]
    out = pd.DataFrame(
        {
            "status": rows["indicator"].str.removeprefix("prop_document_status_"),
            "level": rows["level"],
            "estimate": rows["estimate"],
            "ci_low": rows["ci_low"],
            "ci_high": rows["ci_high"],
            "n": rows["n"],
        }
    )
    return out.reset_index(drop=True)
