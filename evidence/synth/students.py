"""School survey, third level: students aged 6+ and their dropout at follow-up.

Each interviewed caregiver has one to three children among the interviewed students (the
same school); student weights = school weight × students of the group (migrant or national)
in the school / students interviewed in the group.

Planted dropout model (a logistic regression; ``DROPOUT_COEFFICIENTS``)::

    logit P(dropout_followup) = -2.6
        - 6.0 * (attendance_rate - 0.9)          # -0.6 per 10 points of attendance
        + 0.35 * overage_years                   # max(0, age - grade - 5)
        + 0.9 * child_work
        + 0.6 * (xenophobia_experienced == "yes")
        + 0.5 * (caregiver migration_status == "irregular")
        - 0.5 * school psychosocial_support
        + u_school,  u_school ~ N(0, 0.3^2)

Covariates are themselves related (migrants are more often over-age, child work lowers
attendance), as in real data; the coefficients above are conditional effects. About 4% of
students are lost to follow-up (dropout_followup empty), completely at random.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.countries import get_country
from evidence.synth.codes import choose_rows, fixed_ids, logistic
from evidence.synth.names import full_names
from evidence.synth.seeding import rng_for

DROPOUT_COEFFICIENTS: dict[str, float] = {
    "intercept": -2.6,
    "attendance_rate_minus_0_9": -6.0,
    "overage_years": 0.35,
    "child_work": 0.9,
    "xenophobia_experienced": 0.6,
    "caregiver_irregular": 0.5,
    "school_psychosocial_support": -0.5,
}
SCHOOL_EFFECT_SD = 0.3
LOST_TO_FOLLOW_UP = 0.04
_LAST_GRADE_12 = ("ARG", "BOL", "BRA", "CHL", "PRY", "URY")


def make_students(
    schools: pd.DataFrame, caregivers: pd.DataFrame, country: str, period: str, seed: int
) -> pd.DataFrame:
    """Interviewed students (contract: data_contracts/students.yaml)."""
    rng = rng_for(seed, "students", country, period)
    per_caregiver = 1 + rng.binomial(2, 0.5, len(caregivers))
    carer = np.repeat(np.arange(len(caregivers)), per_caregiver)
    n = carer.size
    migrant = caregivers["migrant"].to_numpy()[carer]
    school_id = caregivers["school_id"].to_numpy()[carer]
    school = schools.set_index("school_id").loc[school_id]
    irregular = caregivers["migration_status"].to_numpy()[carer] == "irregular"
    last_grade = 12 if country in _LAST_GRADE_12 else 11
    grade = rng.integers(1, last_grade + 1, n)
    overage = rng.poisson(np.where(migrant, 0.8, 0.3))
    age = np.minimum(21, grade + 5 + overage)
    overage = age - grade - 5
    low_income = caregivers["monthly_income"].to_numpy()[carer] < np.nanmedian(
        caregivers["monthly_income"].to_numpy()
    )
    child_work = rng.random(n) < logistic(
        -4.2 + 0.25 * (age - 6) + 0.6 * low_income + 0.4 * migrant
    )
    xenophobia = choose_rows(
        rng,
        ["yes", "no", "prefer_not_to_say"],
        np.where(migrant[:, None], [[0.3, 0.65, 0.05]], [[0.03, 0.95, 0.02]]),
    )
    xenophobic = xenophobia == "yes"
    bullying = choose_rows(
        rng,
        ["yes", "no", "prefer_not_to_say"],
        np.where(xenophobic[:, None], [[0.45, 0.5, 0.05]], [[0.18, 0.79, 0.03]]),
    )
    attendance_mean = (
        0.93 - 0.06 * child_work - 0.03 * migrant - 0.03 * irregular - 0.02 * xenophobic
    )
    attendance = np.round(rng.beta(25 * attendance_mean, 25 * (1 - attendance_mean)), 3)
    psychosocial = school["psychosocial_support"].to_numpy()
    school_codes, school_index = np.unique(school_id, return_inverse=True)
    school_effect = rng.normal(0, SCHOOL_EFFECT_SD, school_codes.size)[school_index]
    b = DROPOUT_COEFFICIENTS
    eta = (
        b["intercept"]
        + b["attendance_rate_minus_0_9"] * (attendance - 0.9)
        + b["overage_years"] * overage
        + b["child_work"] * child_work
        + b["xenophobia_experienced"] * xenophobic
        + b["caregiver_irregular"] * irregular
        + b["school_psychosocial_support"] * psychosocial
        + school_effect
    )
    dropout = pd.array(rng.random(n) < logistic(eta), dtype="boolean")
    dropout[rng.random(n) < LOST_TO_FOLLOW_UP] = pd.NA
    # Weights: students aged 6+ of the group in the school / interviewed in the group.
    pop = np.where(
        migrant,
        school["migrant_enrolment"].to_numpy(),
        (school["enrolment"] - school["migrant_enrolment"]).to_numpy(),
    )
    group_key = pd.Series(school_id) + np.where(migrant, "|m", "|n")
    interviewed = group_key.map(group_key.value_counts()).to_numpy()
    sex = np.where(rng.random(n) < 0.5, "female", "male")
    return pd.DataFrame(
        {
            "student_id": fixed_ids(
                f"{country}-A", np.sort(rng.choice(9_999_999, n, replace=False) + 1), 7
            ),
            "student_name": full_names(rng, sex, migrant, get_country(country).language),
            "school_id": school_id,
            "caregiver_id": caregivers["caregiver_id"].to_numpy()[carer],
            "sex": sex,
            "age": age,
            "grade": grade,
            "migrant": migrant,
            "attendance_rate": attendance,
            "repeated_grade": rng.random(n) < logistic(-2.0 + 0.9 * overage),
            "child_work": child_work,
            "xenophobia_experienced": xenophobia,
            "bullying": bullying,
            "dropout_followup": dropout,
            "stratum": school["stratum"].to_numpy(),
            "psu": school_id,
            "fpc": school["fpc"].to_numpy(),
            "weight": np.round(school["weight"].to_numpy() * np.maximum(1.0, pop / interviewed), 6),
        }
    )
