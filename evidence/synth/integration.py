"""Socioeconomic integration survey of migrant and host households.

Design: strata are admin1 group × population group (migrant, host), half the sample each;
in each stratum census segments (PSUs) are drawn, ``fpc`` of them in the stratum, and 12
households per segment. Weight = (segments in stratum / segments drawn) × (households in the
segment / 12). A segment effect u ~ N(0, 0.35²) shifts employment (logit) and log income,
so design effects exceed 1.

Planted employment model (``EMPLOYMENT_COEFFICIENTS``; a logistic regression)::

    logit P(employed) = 0.8 - 0.9 female + 0.06 (age - 35) - 0.003 (age - 35)^2
        + education (none -0.5, primary -0.2, secondary 0, technical 0.3, university 0.5)
        + migrant * (-1.2 + 0.8 regular + 0.4 in_process + 0.06 min(years_in_country, 10))
        + u_segment

so the migrant-host gap shrinks with regular status and years in the country: a migrant
with regular status and ten years has an effect of +0.2, an irregular newcomer -1.2. Regular
status itself rises with years: P(regular) = logistic(-1 + 0.35 years) (+0.8 in Colombia,
temporary protection permits), 20% of the rest in process. Informality, income, banking,
health cover, enrolment of children and the IPL-12 items follow status and years the same
way (see the code); linguistic items are low for migrants only where the report language is
not Spanish.

Place of work (``work_admin1``, employed respondents only, drawn after every other column):
most work in the admin1 unit where they live; ``COMMUTE_SHARE`` of those living elsewhere
work in the country's largest admin1 unit (the largest weight of the synthetic geography,
the capital region in most countries).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.countries import get_country
from evidence.synth.codes import choose, choose_rows, fixed_ids, logistic, pick_from_lists
from evidence.synth.flows import period_days
from evidence.synth.geography import PLACES
from evidence.synth.names import full_names
from evidence.synth.schools import INCOME_MEDIAN, school_strata
from evidence.synth.seeding import rng_for

EMPLOYMENT_COEFFICIENTS: dict[str, float] = {
    "intercept": 0.8,
    "female": -0.9,
    "age_minus_35": 0.06,
    "age_minus_35_squared": -0.003,
    "migrant": -1.2,
    "migrant_x_regular": 0.8,
    "migrant_x_in_process": 0.4,
    "migrant_x_years_capped_10": 0.06,
}
EDUCATION_EFFECT = {
    "none": -0.5,
    "primary": -0.2,
    "secondary": 0.0,
    "technical": 0.3,
    "university": 0.5,
}
SEGMENT_EFFECT_SD = 0.35
COMMUTE_SHARE = 0.25
HOUSEHOLDS_PER_SEGMENT = 12
IPL_DIMENSIONS = ("psychological", "economic", "political", "social", "linguistic", "navigational")


def make_integration_survey(country: str, n: int, period: str, seed: int) -> pd.DataFrame:
    """About ``n`` households (contract: data_contracts/integration_survey.yaml)."""
    rng = rng_for(seed, "integration_survey", country, period)
    areas = school_strata(country, max(8, n // HOUSEHOLDS_PER_SEGMENT)).query("zone == 'urban'")
    share = areas["weight"].to_numpy() / areas["weight"].sum()
    segments = np.maximum(2, np.round(share * n / 2 / HOUSEHOLDS_PER_SEGMENT)).astype(int)
    segments = np.concatenate([segments, segments])  # migrant strata, then host strata
    is_migrant_stratum = np.repeat([True, False], len(areas))
    # Host communities are many times larger than the migrant population of an area.
    spread = rng.uniform(8, 30, segments.size) * np.where(is_migrant_stratum, 1, 8)
    in_stratum = np.maximum(segments + 1, np.round(segments * spread))
    stratum = np.repeat(np.arange(segments.size), segments)
    segment_households = rng.integers(80, 250, stratum.size)
    segment_effect = rng.normal(0, SEGMENT_EFFECT_SD, stratum.size)
    seg = np.repeat(np.arange(stratum.size), HOUSEHOLDS_PER_SEGMENT)
    h = stratum[seg]
    size = seg.size
    migrant = is_migrant_stratum[h]
    u = segment_effect[seg]
    female = rng.random(size) < 0.52
    age = np.minimum(100, 18 + np.round(rng.gamma(np.where(migrant, 3.0, 4.0), 5.5))).astype(int)
    education = choose(
        rng,
        {"none": 0.03, "primary": 0.2, "secondary": 0.42, "technical": 0.18, "university": 0.17},
        size,
    )
    years = np.where(migrant, np.round(np.clip(rng.gamma(3.0, 1.5, size), 0.1, 20), 1), np.nan)
    boost = 0.8 if country == "COL" else 0.0
    p_regular = logistic(-1.0 + boost + 0.35 * np.nan_to_num(years))
    regular = migrant & (rng.random(size) < p_regular)
    in_process = migrant & ~regular & (rng.random(size) < 0.2)
    status = np.select(
        [~migrant, regular, in_process], ["not_applicable", "regular", "in_process"], "irregular"
    )
    b = EMPLOYMENT_COEFFICIENTS
    edu = pd.Series(education).map(EDUCATION_EFFECT).to_numpy(dtype=float)
    migrant_effect = (
        b["migrant"]
        + b["migrant_x_regular"] * regular
        + b["migrant_x_in_process"] * in_process
        + b["migrant_x_years_capped_10"] * np.minimum(np.nan_to_num(years), 10)
    )
    eta = (
        b["intercept"]
        + b["female"] * female
        + b["age_minus_35"] * (age - 35)
        + b["age_minus_35_squared"] * (age - 35) ** 2
        + edu
        + migrant * migrant_effect
        + u
    )
    employed = rng.random(size) < logistic(eta)
    informal = rng.random(size) < logistic(
        -0.3 + migrant * (1.0 - 0.8 * regular) - 0.8 * (edu > 0.2)
    )
    log_income = (
        np.log(INCOME_MEDIAN[country] * 0.8)
        + 0.6 * edu
        - 0.25 * informal
        - 0.2 * female
        - migrant * (0.35 - 0.15 * regular)
        + 0.5 * u
        + rng.normal(0, 0.55, size)
    )
    income = np.where(employed, np.round(np.exp(log_income), 2), 0.0)
    income[rng.random(size) < 0.05] = np.nan
    formal_job = employed & ~informal
    children = np.minimum(15, rng.poisson(0.9, size))
    enrol_p = np.where(migrant, np.where(regular, 0.92, np.where(in_process, 0.85, 0.72)), 0.95)
    discrimination = choose_rows(
        rng,
        ["yes", "no", "prefer_not_to_say"],
        np.where(migrant[:, None], [[0.35, 0.6, 0.05]], [[0.05, 0.93, 0.02]]),
    )
    frame = pd.DataFrame(
        {
            "household_id": fixed_ids(
                f"{country}-H", np.sort(rng.choice(999_999, size, replace=False) + 1), 6
            ),
            "respondent_name": full_names(
                rng, np.where(female, "female", "male"), migrant, get_country(country).language
            ),
            "interview_date": period_days(period)
            .strftime("%Y-%m-%d")
            .to_numpy()[rng.integers(0, period_days(period).size, size)],
            "group": np.where(migrant, "migrant", "host"),
            "admin1": pick_from_lists(rng, list(areas["admin1s"]) * 2, h),
            "sex": np.where(female, "female", "male"),
            "age": age,
            "education": education,
            "household_size": np.minimum(20, 1 + children + rng.poisson(1.8, size)),
            "employed": employed,
            "informal": pd.Series(informal).astype("boolean").where(employed),
            "monthly_income": income,
            "has_bank_account": rng.random(size)
            < logistic(0.5 + 0.5 * employed - migrant * (1.5 - 1.2 * regular)),
            "health_insurance": rng.random(size)
            < logistic(1.0 + 0.4 * formal_job - migrant * (1.4 - 1.0 * regular)),
            "children_school_age": children,
            "children_enrolled": rng.binomial(children, enrol_p),
            "document_status": status,
            "years_in_country": years,
            "discrimination_experienced": discrimination,
        }
    )
    for dimension, (first, second) in ipl_items(
        rng, migrant, years, regular, income, country
    ).items():
        frame[f"ipl_{dimension}_1"] = first
        frame[f"ipl_{dimension}_2"] = second
    frame["work_admin1"] = work_places(rng, frame, country)
    labels = np.where(is_migrant_stratum, "migrant", "host")
    groups = np.tile(areas["group"].to_numpy(), 2)
    return frame.assign(
        stratum=(pd.Series(groups) + " / " + labels).to_numpy()[h],
        psu=fixed_ids(f"{country}-P", seg + 1, 4),
        fpc=in_stratum.astype(int)[h],
        weight=np.round(
            in_stratum[h] / segments[h] * segment_households[seg] / HOUSEHOLDS_PER_SEGMENT, 6
        ),
    )


def ipl_items(
    rng: np.random.Generator,
    migrant: np.ndarray,
    years: np.ndarray,
    regular: np.ndarray,
    income: np.ndarray,
    country: str,
) -> dict[str, tuple[pd.Series, pd.Series]]:
    """Two 1–5 items per IPL-12 dimension from a latent level per dimension."""
    size = migrant.size
    settled = -0.8 + 0.08 * np.minimum(np.nan_to_num(years), 10) + 0.4 * regular
    items = {}
    for dimension in IPL_DIMENSIONS:
        level = 0.5 + migrant * settled + rng.normal(0, 0.6, size)
        if dimension == "linguistic":
            foreign = get_country(country).language != "es"
            level = (
                1.5
                + migrant * (-2.0 * foreign + 0.1 * np.nan_to_num(years) * foreign)
                + rng.normal(0, 0.3, size)
            )
        if dimension == "economic":
            level = level + 0.3 * (np.nan_to_num(income) > INCOME_MEDIAN[country] * 0.8)
        pair = []
        for _ in range(2):
            item = np.clip(np.round(3 + level + rng.normal(0, 0.7, size)), 1, 5)
            item[rng.random(size) < 0.02] = np.nan
            pair.append(pd.Series(pd.array(item, dtype="Int64")))
        items[dimension] = (pair[0], pair[1])
    return items


def largest_admin1(country: str) -> str:
    """The admin1 unit with the largest weight in the synthetic geography."""
    weight: dict[str, float] = {}
    for place in PLACES[country]:
        weight[place.admin1] = weight.get(place.admin1, 0.0) + place.weight
    return max(weight, key=lambda name: weight[name])


def work_places(rng: np.random.Generator, frame: pd.DataFrame, country: str) -> np.ndarray:
    """Admin1 unit of the place of work of the employed (empty for the others): where they
    live, or the largest admin1 unit for ``COMMUTE_SHARE`` of those living elsewhere."""
    home = frame["admin1"].to_numpy(dtype=object)
    commute = rng.random(len(frame)) < COMMUTE_SHARE
    work = np.where(commute, largest_admin1(country), home).astype(object)
    work[~frame["employed"].to_numpy(dtype=bool)] = None
    return work
