"""Integration: socioeconomic integration of migrants against host communities and school
basics (enrolment, migrant students, attendance, dropout at follow-up), design-based, with
the gaps between groups and their linearised standard errors; and the integration-outcome
models (evidence.integration.models): survey-weighted GLMs, marginal effects, Oaxaca-Blinder
decompositions and the effect of regular status; service points for integration by area
against where migrants live (evidence.integration.services)."""

from __future__ import annotations

from evidence.integration.comparison import GroupComparison, compare_groups
from evidence.integration.gap_variance import Contrast, difference_se
from evidence.integration.gaps import group_gaps
from evidence.integration.models import (
    GLMResults,
    MarginsResults,
    OaxacaResults,
    RegularisationResults,
    average_marginal_effects,
    fit_glm,
    oaxaca,
    regularisation_effect,
)
from evidence.integration.schools import (
    CAREGIVER_INDICATORS,
    SCHOOL_INDICATORS,
    STUDENT_INDICATORS,
    caregiver_outcomes,
    school_overview,
    student_outcomes,
)
from evidence.integration.services import (
    migrants_by_area,
    service_points_by_area,
    survey_areas,
    workers_by_area,
)
from evidence.integration.socioeconomic import (
    INTEGRATION_INDICATORS,
    IPL_DIMENSIONS,
    document_status,
    ipl_dimensions,
    migrant_host_comparison,
)

__all__ = [
    "CAREGIVER_INDICATORS",
    "INTEGRATION_INDICATORS",
    "IPL_DIMENSIONS",
    "SCHOOL_INDICATORS",
    "STUDENT_INDICATORS",
    "Contrast",
    "GLMResults",
    "GroupComparison",
    "MarginsResults",
    "OaxacaResults",
    "RegularisationResults",
    "average_marginal_effects",
    "caregiver_outcomes",
    "compare_groups",
    "difference_se",
    "document_status",
    "fit_glm",
    "group_gaps",
    "ipl_dimensions",
    "migrant_host_comparison",
    "migrants_by_area",
    "oaxaca",
    "regularisation_effect",
    "school_overview",
    "service_points_by_area",
    "student_outcomes",
    "survey_areas",
    "workers_by_area",
]
