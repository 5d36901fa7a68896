"""School survey, first two levels: sampled schools and their caregivers.

Schools are a stratified sample without replacement: strata are zone (urban/rural) × admin1
group (the country's largest admin1 units, the rest merged), at least two schools per
stratum; ``fpc`` is the number of schools in the stratum and ``weight`` = fpc / sampled.
Within a school, caregivers of migrant and national students are sampled separately (about
half each, where the school has migrants), so caregiver weights = school weight × caregivers
in the group / caregivers interviewed in the group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.countries import get_country
from evidence.synth.codes import (
    choose,
    choose_rows,
    fixed_ids,
    logistic,
    multi_choice,
    pick_from_lists,
)
from evidence.synth.geography import PLACES
from evidence.synth.names import full_names
from evidence.synth.seeding import rng_for
from evidence.synth.sizes import sizes_for, stock_share

CHILDREN_PER_CAREGIVER = 1.6
# Median monthly household income of national households, US dollars (orders of magnitude).
INCOME_MEDIAN = {
    "ARG": 550,
    "ABW": 1900,
    "BOL": 420,
    "BRA": 520,
    "CHL": 900,
    "COL": 420,
    "CRI": 900,
    "CUW": 1700,
    "DOM": 550,
    "ECU": 500,
    "GUY": 600,
    "MEX": 650,
    "PAN": 850,
    "PRY": 480,
    "PER": 500,
    "TTO": 1100,
    "URY": 950,
}


def school_strata(country: str, n_schools: int) -> pd.DataFrame:
    """Strata (admin1 group × zone) with their share of sampled schools."""
    weights: dict[str, float] = {}
    for place in PLACES[country]:
        weights[place.admin1] = weights.get(place.admin1, 0.0) + place.weight
    ranked = sorted(weights, key=lambda name: -weights[name])
    k = max(1, min(len(ranked), n_schools // 4))
    groups = {
        name: (name if i < k - 1 or k == len(ranked) else "Other") for i, name in enumerate(ranked)
    }
    frame = pd.DataFrame(
        {
            "admin1": ranked,
            "group": [groups[a] for a in ranked],
            "weight": [weights[a] for a in ranked],
        }
    )
    strata = frame.groupby("group", sort=False)["weight"].sum().reset_index()
    return pd.concat(
        [
            strata.assign(zone="urban", share=strata["weight"] * 0.7),
            strata.assign(zone="rural", share=strata["weight"] * 0.3),
        ],
        ignore_index=True,
    ).assign(
        share=lambda s: s["share"] / s["share"].sum(),
        admin1s=lambda s: s["group"].map(frame.groupby("group")["admin1"].agg(list)),
    )


def make_schools(country: str, period: str, seed: int, scale: float) -> pd.DataFrame:
    """Sampled schools (contract: data_contracts/schools.yaml)."""
    rng = rng_for(seed, "schools", country, period)
    strata = school_strata(country, sizes_for(country, scale).schools)
    n_h = np.maximum(
        2, np.round(strata["share"].to_numpy() * sizes_for(country, scale).schools)
    ).astype(int)
    big_n = np.maximum(n_h + 1, np.round(n_h * rng.uniform(5, 12, len(strata)))).astype(int)
    stratum = np.repeat(np.arange(len(strata)), n_h)
    n = stratum.size
    zone = strata["zone"].to_numpy()[stratum]
    admin1 = pick_from_lists(rng, list(strata["admin1s"]), stratum)
    urban = zone == "urban"
    enrolment = np.maximum(20, np.round(rng.lognormal(np.where(urban, 6.4, 5.0), 0.5))).astype(int)
    border = {p.admin1 for p in PLACES[country] if p.border}
    migrant_mean = (
        min(0.25, 0.02 + 0.2 * stock_share(country) ** 0.6)
        * np.where(np.isin(admin1, list(border)), 1.5, 1.0)
        * np.where(urban, 1.0, 0.5)
    )
    migrant_share = rng.beta(2.0, 2.0 / migrant_mean - 2.0)
    quality = rng.normal(0, 1, n)
    ratings = np.clip(np.round(3 + 0.8 * quality[:, None] + rng.normal(0, 0.8, (n, 6))), 1, 5)
    ratings[rng.random((n, 6)) < 0.03] = np.nan
    codes = np.sort(rng.choice(9999, n, replace=False) + 1)
    frame = pd.DataFrame(
        {
            "school_id": fixed_ids(f"{country}-E", codes, 4),
            "admin1": admin1,
            "zone": zone,
            "sector": np.where(rng.random(n) < np.where(urban, 0.8, 0.95), "public", "private"),
            "enrolment": enrolment,
            "migrant_enrolment": rng.binomial(enrolment, migrant_share),
            "capacity": np.round(enrolment * rng.uniform(0.85, 1.3, n)).astype(int),
            "psychosocial_support": rng.random(n) < logistic(-0.6 + 0.5 * quality + 0.4 * urban),
            "remedial_classes": rng.random(n) < 0.45,
        }
    )
    for k, item in enumerate(
        [
            "inclusion_climate",
            "enrolment_process",
            "teacher_training",
            "family_engagement",
            "resources",
            "xenophobia_response",
        ]
    ):
        frame[f"rating_{item}"] = pd.Series(ratings[:, k]).astype("Int64")
    label = strata["group"] + " / " + strata["zone"]
    return frame.assign(
        stratum=label.to_numpy()[stratum],
        fpc=big_n[stratum],
        weight=np.round(big_n[stratum] / n_h[stratum], 6),
    )


def make_caregivers(schools: pd.DataFrame, country: str, period: str, seed: int) -> pd.DataFrame:
    """Interviewed caregivers of the sampled schools (contract: caregivers.yaml)."""
    rng = rng_for(seed, "caregivers", country, period)
    pop_migrant = np.ceil(schools["migrant_enrolment"].to_numpy() / CHILDREN_PER_CAREGIVER)
    pop_national = np.ceil(
        (schools["enrolment"] - schools["migrant_enrolment"]).to_numpy() / CHILDREN_PER_CAREGIVER
    )
    m = np.maximum(3, rng.poisson(20, len(schools)))
    n_migrant = np.minimum(pop_migrant, np.round(m / 2)).astype(int)
    n_national = np.minimum(pop_national, m - n_migrant).astype(int)
    school = np.concatenate(
        [
            np.repeat(np.arange(len(schools)), n_migrant),
            np.repeat(np.arange(len(schools)), n_national),
        ]
    )
    migrant = np.arange(school.size) < n_migrant.sum()
    order = np.lexsort((~migrant, school))
    school, migrant = school[order], migrant[order]
    n = school.size
    group_weight = np.where(
        migrant,
        pop_migrant[school] / np.maximum(1, n_migrant[school]),
        pop_national[school] / np.maximum(1, n_national[school]),
    )
    relationship = choose(
        rng,
        {"mother": 0.7, "father": 0.18, "grandparent": 0.07, "other_relative": 0.04, "other": 0.01},
        n,
    )
    sex = np.where(
        relationship == "mother",
        "female",
        np.where(relationship == "father", "male", np.where(rng.random(n) < 0.8, "female", "male")),
    )
    age = np.where(
        relationship == "grandparent",
        50 + rng.poisson(10, n),
        np.minimum(80, 22 + np.round(rng.gamma(4, 3.5, n))),
    ).astype(int)
    regular_p = 0.7 if country == "COL" else 0.55
    status = np.where(
        migrant,
        choose(rng, {"regular": regular_p, "irregular": 0.8 - regular_p, "in_process": 0.2}, n),
        "not_applicable",
    )
    years = np.where(migrant, np.round(np.clip(rng.gamma(3.0, 1.5, n), 0.1, 20), 1), np.nan)
    works = rng.random(n) < logistic(0.6 - 0.5 * (status == "irregular") - 0.4 * (sex == "female"))
    informal = rng.random(n) < np.select([status == "irregular", migrant], [0.9, 0.7], 0.45)
    income = INCOME_MEDIAN[country] * rng.lognormal(0, 0.6, n) * np.where(migrant, 0.75, 1.0)
    income *= np.where(status == "irregular", 0.8, 1.0) * np.where(works, 1.0, 0.5)
    income_given = rng.random(n) < 0.95
    move_p = np.where(
        (status == "irregular")[:, None],
        [[0.55, 0.1, 0.2, 0.08, 0.07]],
        [[0.72, 0.08, 0.08, 0.05, 0.07]],
    )
    move_p[~migrant] = [0.85, 0.08, 0.02, 0.0, 0.05]
    psu = schools["school_id"].to_numpy()[school]
    frame = pd.DataFrame(
        {
            "caregiver_id": fixed_ids(
                f"{country}-C", np.sort(rng.choice(999_999, n, replace=False) + 1), 6
            ),
            "caregiver_name": full_names(rng, sex, migrant, get_country(country).language),
            "school_id": psu,
            "relationship": relationship,
            "sex": sex,
            "age": age,
            "migrant": migrant,
            "nationality": np.where(
                migrant, choose(rng, {"VEN": 0.95, "COL": 0.03, "other": 0.02}, n), country
            ),
            "migration_status": status,
            "years_in_country": years,
            "education": choose(
                rng,
                {
                    "none": 0.03,
                    "primary": 0.25,
                    "secondary": 0.45,
                    "technical": 0.15,
                    "university": 0.12,
                },
                n,
            ),
            "household_size": np.minimum(20, 2 + rng.poisson(2.5, n)),
            "monthly_income": np.where(income_given, np.round(income, 2), np.nan),
            "works": works,
            "informal_work": pd.Series(informal).astype("boolean").where(works),
            "receives_assistance": rng.random(n) < np.where(migrant, 0.3, 0.12),
            "intends_to_move": choose_rows(
                rng,
                [
                    "stay",
                    "move_within_country",
                    "move_other_country",
                    "return_venezuela",
                    "dont_know",
                ],
                move_p,
            ),
            "stratum": schools["stratum"].to_numpy()[school],
            "psu": psu,
            "fpc": schools["fpc"].to_numpy()[school],
            "weight": np.round(schools["weight"].to_numpy()[school] * group_weight, 6),
        }
    )
    # Own stream: the columns above keep the values of earlier versions.
    barrier_rng = rng_for(seed, "caregiver_barriers", country, period)
    frame["school_barriers"] = school_barriers(barrier_rng, migrant, status == "irregular")
    return frame


BARRIER_CHOICES = (
    "no_place", "documents", "cost", "distance", "discrimination", "language", "child_works",
    "health_disability", "none",
)  # fmt: skip
# Chance of each barrier for national, migrant and irregular migrant households ("none" last:
# ticked when no other is).
_BARRIER_P = np.array(
    [
        [0.05, 0.01, 0.10, 0.06, 0.01, 0.00, 0.03, 0.02, 0.0],
        [0.15, 0.12, 0.18, 0.08, 0.10, 0.03, 0.06, 0.02, 0.0],
        [0.20, 0.35, 0.25, 0.10, 0.14, 0.03, 0.10, 0.02, 0.0],
    ]
)


def school_barriers(
    rng: np.random.Generator, migrant: np.ndarray, irregular: np.ndarray
) -> pd.Series:
    """Barriers to schooling (multiple choice): migrant households meet more, irregular
    status above all the documents barrier (planted, evidence.synth.planted); 3 % missing."""
    row = np.where(irregular, 2, np.where(migrant, 1, 0))
    answers = multi_choice(rng, BARRIER_CHOICES, _BARRIER_P[row], exclusive=("none",))
    return answers.where(rng.random(len(row)) >= 0.03, None)
