"""School basics from the three-level school survey: institutions, caregivers and students.

Institutions (``schools``): enrolment, migrant enrolment and its share, enrolment against
capacity, programmes (psychosocial support, remedial classes) and the coordinators' ratings,
by zone and sector. Students aged 6+ (``students``): attendance, repetition, child work,
xenophobia, bullying and dropout at the follow-up visit, migrant against national students,
overall and by sex. Caregivers (``caregivers``): migration status, work and income,
assistance, intention to move and barriers to schooling, migrant against national
households. Every indicator is declared in the catalogue and estimated on the
contract's design (schools: stratified sample of institutions; students: schools as PSUs).
Migrant and national students sit in the same schools, so their gap's standard error keeps
the covariance (evidence.integration.gap_variance).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.countries import Language
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT
from evidence.indicators.tables import DescriptiveTable
from evidence.integration.comparison import (
    GroupComparison,
    compare_groups,
    estimate_indicators,
    labels_of,
)
from evidence.survey.options import DEFAULT_LONELY_PSU, LonelyPSU

SCHOOL_INDICATORS: tuple[str, ...] = (
    "total_school_enrolment",
    "total_school_migrant_enrolment",
    "ratio_school_migrant_enrolment",
    "ratio_school_enrolment_capacity",
    "prop_school_psychosocial_support",
    "prop_school_remedial_classes",
    "mean_school_rating_inclusion_climate",
    "mean_school_rating_enrolment_process",
    "mean_school_rating_xenophobia_response",
)
STUDENT_INDICATORS: tuple[str, ...] = (
    "mean_student_attendance_rate",
    "prop_student_repeated_grade",
    "prop_student_child_work",
    "prop_student_xenophobia",
    "prop_student_bullying",
    "prop_student_dropout_followup",
)

CAREGIVER_INDICATORS: tuple[str, ...] = (
    "prop_caregiver_regular_status",
    "prop_caregiver_works",
    "prop_caregiver_informal_work",
    "mean_caregiver_monthly_income",
    "mean_caregiver_household_size",
    "prop_caregiver_assistance",
    "prop_caregiver_intends_stay",
    "prop_caregiver_intends_move_abroad",
    "prop_caregiver_no_barrier",
    "prop_caregiver_barrier_no_place",
    "prop_caregiver_barrier_documents",
    "prop_caregiver_barrier_cost",
    "prop_caregiver_barrier_distance",
    "prop_caregiver_barrier_discrimination",
    "prop_caregiver_barrier_language",
    "prop_caregiver_barrier_child_works",
    "prop_caregiver_barrier_health_disability",
)


def school_overview(
    schools: pd.DataFrame,
    *,
    indicators: Sequence[str] = SCHOOL_INDICATORS,
    country: str | None = None,
    period: str | None = None,
    language: Language = "en",
    min_count: int = DEFAULT_MIN_COUNT,
    lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU,
) -> DescriptiveTable:
    """Institution-level indicators, overall and by zone and sector: the long results table,
    with a view of one row per indicator and one column per domain.

    Enrolment, migrant enrolment and its share, enrolment against capacity, programmes and
    the coordinators' ratings, on the stratified sample of institutions the ``schools``
    contract declares.

    Parameters
    ----------
    schools : pandas.DataFrame
        Rows of the ``schools`` dataset.
    indicators : sequence of str, default ``SCHOOL_INDICATORS``
    country, period, language, min_count, lonely_psu
        As in :func:`compare_groups` (country and period default to the data's columns).

    Returns
    -------
    DescriptiveTable
        The long results table, and ``view``: indicator, label and one column per level
        (levels whose estimates are all withheld have no column).

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.integration import school_overview
    >>> schools = synthesize("schools", "COL", "2023-12", seed=1, scale=0.3)
    >>> table = school_overview(schools, indicators=["prop_school_psychosocial_support"],
    ...                         country="COL", period="2023-12", min_count=0)
    >>> table.view.columns[:3].tolist()
    ['indicator', 'label', 'total']
    """
    results = estimate_indicators(
        schools,
        "schools",
        indicators,
        country=country,
        period=period,
        min_count=min_count,
        lonely_psu=lonely_psu,
    )
    table = results.to_frame()
    labels = labels_of(results, language)
    view = table.pivot_table(
        index="indicator", columns="level", values="estimate", aggfunc="first", sort=False
    )
    view = view.reindex([i for i in indicators if i in view.index]).reset_index()
    view.columns.name = None
    view.insert(1, "label", view["indicator"].map(labels))
    return DescriptiveTable(
        table,
        title="Schools: enrolment, migrant students, programmes and ratings",
        notes=tuple(f"Not estimated: {i} ({why})." for i, why in results.skipped),
        view=view,
    )


def student_outcomes(
    students: pd.DataFrame,
    *,
    indicators: Sequence[str] = STUDENT_INDICATORS,
    country: str | None = None,
    period: str | None = None,
    language: Language = "en",
    min_count: int = DEFAULT_MIN_COUNT,
    lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU,
) -> GroupComparison:
    """Attendance, repetition, child work, xenophobia, bullying and dropout at follow-up of
    migrant and national students, overall and by sex, with the migrant - national gaps.

    Students are sampled in schools (the PSUs) and migrant and national students share them,
    so the gaps' standard errors keep their covariance (:func:`difference_se`).

    Parameters
    ----------
    students : pandas.DataFrame
        Rows of the ``students`` dataset.
    indicators : sequence of str, default ``STUDENT_INDICATORS``
    country, period, language, min_count, lonely_psu
        As in :func:`compare_groups` (country and period default to the data's columns).

    Returns
    -------
    GroupComparison
        Migrant (focus, ``true``) against national (reference, ``false``) students.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.integration import student_outcomes
    >>> students = synthesize("students", "ABW", "2023-12", seed=1, scale=0.3)
    >>> result = student_outcomes(students, indicators=["prop_student_dropout_followup"],
    ...                           country="ABW", period="2023-12")
    >>> result.focus, result.reference, result.overall()["indicator"].tolist()
    ('true', 'false', ['prop_student_dropout_followup'])
    """
    return compare_groups(
        students,
        "students",
        indicators,
        group_variable="migrant",
        focus="true",
        reference="false",
        title="Migrant and national students: school outcomes",
        names=("national", "migrant"),
        country=country,
        period=period,
        language=language,
        min_count=min_count,
        lonely_psu=lonely_psu,
    )


def caregiver_outcomes(
    caregivers: pd.DataFrame,
    *,
    indicators: Sequence[str] = CAREGIVER_INDICATORS,
    country: str | None = None,
    period: str | None = None,
    language: Language = "en",
    min_count: int = DEFAULT_MIN_COUNT,
    lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU,
) -> GroupComparison:
    """The caregiver level: status, work and income, assistance, intention to move and
    barriers to schooling of migrant and national households, overall and by sex, with the
    migrant - national gaps (schools are the PSUs of both groups).

    Parameters
    ----------
    caregivers : pandas.DataFrame
        Curated ``caregivers`` rows (contract data_contracts/caregivers.yaml).
    indicators : sequence of str
        Catalogue indicators to estimate (default ``CAREGIVER_INDICATORS``).
    country, period, language, min_count, lonely_psu
        As in :func:`compare_groups` (country and period default to the data's columns).

    Returns
    -------
    GroupComparison
        Both groups' estimates and the gaps; ``to_results`` gives the published rows.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> caregivers = synthesize("caregivers", "ABW", "2023-12", scale=0.3)
    >>> result = caregiver_outcomes(caregivers, country="ABW", period="2023-12")
    >>> "prop_caregiver_barrier_documents" in set(result.to_frame()["indicator"])
    True
    """
    return compare_groups(
        caregivers,
        "caregivers",
        indicators,
        group_variable="migrant",
        focus="true",
        reference="false",
        title="Migrant and national caregivers: situation, work, intentions, barriers",
        names=("national", "migrant"),
        country=country,
        period=period,
        language=language,
        min_count=min_count,
        lonely_psu=lonely_psu,
    )
