"""Student features for the dropout models, derived from the linked three-level frame.

``derive_features`` adds model-ready columns to a frame that ``link_levels`` joined (student
columns as delivered, caregiver columns prefixed ``caregiver_``, school columns prefixed
``school_``). Yes/no answers become floats 0/1 with NaN where the answer (or the whole
linked level) is missing, so a missing caregiver stays visible instead of reading as "no".

Codings (stated once, used by both models):

- ``dropout``: 1.0 dropped out at follow-up, 0.0 still attending, NaN lost to follow-up;
- ``attendance_per_10_points``: attendance rate × 10, so a coefficient is per 10 points;
- ``overage_years``: max(0, age − grade − 5) (the contract: the normal age of grade g is g+5);
- ``xenophobia`` and ``bullying``: 1 for "yes"; "no" and "prefer_not_to_say" are 0 (only a
  reported experience counts); the predictive model sees the three answers as categories
  (``xenophobia_experienced``, ``bullying_answer``);
- ``caregiver_irregular``: the caregiver's migration status is irregular;
- ``caregiver_intends_to_leave``: any intention other than staying (don't know included);
- ``school_migrant_share`` and ``school_occupancy``: migrant enrolment and enrolment over
  enrolment and capacity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LABEL = "dropout"

# The interpretable model's default covariates: the factors the region's early-warning
# systems use, with migrant status and sex so their adjusted gaps can be read.
INTERPRETABLE_FEATURES: tuple[str, ...] = (
    "attendance_per_10_points",
    "overage_years",
    "repeated_grade",
    "child_work",
    "xenophobia",
    "bullying",
    "migrant",
    "female",
    "caregiver_irregular",
    "school_psychosocial_support",
)
# Features in INTERPRETABLE_FEATURES that are 0/1 (their marginal effect is a discrete change).
BINARY_FEATURES: frozenset[str] = frozenset(
    {
        "repeated_grade",
        "child_work",
        "xenophobia",
        "bullying",
        "migrant",
        "female",
        "caregiver_irregular",
        "caregiver_works",
        "caregiver_intends_to_leave",
        "caregiver_receives_assistance",
        "school_psychosocial_support",
        "school_remedial_classes",
        "school_rural",
        "school_private",
    }
)
# The predictive model's features from all three levels: numbers (missing allowed) ...
NUMERIC_FEATURES: tuple[str, ...] = (
    "attendance_rate",
    "overage_years",
    "age",
    "grade",
    "repeated_grade",
    "child_work",
    "migrant",
    "female",
    "caregiver_irregular",
    "caregiver_works",
    "caregiver_log_income",
    "caregiver_household_size",
    "caregiver_years_in_country",
    "caregiver_intends_to_leave",
    "caregiver_receives_assistance",
    "school_enrolment",
    "school_migrant_share",
    "school_occupancy",
    "school_psychosocial_support",
    "school_remedial_classes",
    "school_rural",
    "school_private",
    "school_rating_inclusion_climate",
    "school_rating_enrolment_process",
    "school_rating_teacher_training",
    "school_rating_family_engagement",
    "school_rating_resources",
    "school_rating_xenophobia_response",
)
# ... and categories (text; missing is its own category).
CATEGORICAL_FEATURES: tuple[str, ...] = (
    "xenophobia_experienced",
    "bullying_answer",
    "caregiver_migration_status",
    "caregiver_intends_to_move",
    "caregiver_education",
)
PREDICTIVE_FEATURES: tuple[str, ...] = (*NUMERIC_FEATURES, *CATEGORICAL_FEATURES)

# Readable names of features, for risk-factor lists and side-by-side tables.
FEATURE_LABELS: dict[str, str] = {
    "attendance_per_10_points": "low attendance",
    "attendance_rate": "low attendance",
    "overage_years": "over-age for grade",
    "repeated_grade": "repeated a grade",
    "child_work": "child work",
    "xenophobia": "xenophobia experienced",
    "xenophobia_experienced": "xenophobia experienced",
    "bullying": "bullying",
    "migrant": "migrant student",
    "female": "female",
    "caregiver_irregular": "caregiver in irregular status",
    "caregiver_migration_status": "caregiver in irregular status",
    "school_psychosocial_support": "no psychosocial support at school",
}


def _yes(values: pd.Series) -> pd.Series:
    """1.0 for a boolean true, 0.0 for false, NaN for missing."""
    as_bool = values.astype("boolean")
    return as_bool.astype("Float64").astype(float)


def _answer_yes(values: pd.Series) -> pd.Series:
    """1.0 for "yes", 0.0 for any other answer, NaN for missing."""
    text = values.astype("string")
    return (text == "yes").astype("Float64").astype(float)


def derive_features(linked: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``linked`` with the model features added (the input is not changed)."""
    out = linked.copy()
    label = linked["dropout_followup"]
    out[LABEL] = pd.to_numeric(label.astype("Float64"), errors="coerce").astype(float)
    attendance = pd.to_numeric(linked["attendance_rate"], errors="coerce").astype(float)
    out["attendance_rate"] = attendance
    out["attendance_per_10_points"] = attendance * 10.0
    age = pd.to_numeric(linked["age"], errors="coerce").astype(float)
    grade = pd.to_numeric(linked["grade"], errors="coerce").astype(float)
    out["age"], out["grade"] = age, grade
    out["overage_years"] = np.maximum(0.0, age - grade - 5.0)
    for column in ("repeated_grade", "child_work", "migrant"):
        out[column] = _yes(linked[column])
    out["female"] = (linked["sex"].astype("string") == "female").astype("Float64").astype(float)
    out["xenophobia"] = _answer_yes(linked["xenophobia_experienced"])
    out["bullying"] = _answer_yes(linked["bullying"])
    out["bullying_answer"] = linked["bullying"]
    status = linked["caregiver_migration_status"].astype("string")
    out["caregiver_irregular"] = (status == "irregular").astype("Float64").astype(float)
    intends = linked["caregiver_intends_to_move"].astype("string")
    out["caregiver_intends_to_leave"] = (intends != "stay").astype("Float64").astype(float)
    for column in ("caregiver_works", "caregiver_receives_assistance"):
        out[column] = _yes(linked[column])
    income = pd.to_numeric(linked["caregiver_monthly_income"], errors="coerce").astype(float)
    out["caregiver_log_income"] = np.log1p(income)
    for column in ("caregiver_household_size", "caregiver_years_in_country", "school_enrolment"):
        out[column] = pd.to_numeric(linked[column], errors="coerce").astype(float)
    enrolment = out["school_enrolment"]
    migrants = pd.to_numeric(linked["school_migrant_enrolment"], errors="coerce").astype(float)
    capacity = pd.to_numeric(linked["school_capacity"], errors="coerce").astype(float)
    out["school_migrant_share"] = migrants / enrolment.where(enrolment > 0)
    out["school_occupancy"] = enrolment / capacity.where(capacity > 0)
    for column in ("school_psychosocial_support", "school_remedial_classes"):
        out[column] = _yes(linked[column])
    zone = linked["school_zone"].astype("string")
    sector = linked["school_sector"].astype("string")
    out["school_rural"] = (zone == "rural").astype("Float64").astype(float)
    out["school_private"] = (sector == "private").astype("Float64").astype(float)
    for column in [c for c in linked.columns if c.startswith("school_rating_")]:
        out[column] = pd.to_numeric(linked[column], errors="coerce").astype(float)
    for column in CATEGORICAL_FEATURES:
        values = out[column]
        out[column] = values.astype("string").astype(object).where(values.notna(), None)
    return out
