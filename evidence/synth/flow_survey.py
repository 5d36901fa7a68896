"""Flow monitoring survey interviews (contract: data_contracts/flow_survey.yaml).

Interviews are spread over the interviewing sites and days in proportion to the latent flows,
so surge days have more interviews. Answers follow DTM-like profiles with these planted
dependencies: regular status follows the document held; people without regular status walk
more and report more theft, violence, extortion and detention (tick probabilities × 1.8);
walkers report more food, water and shelter needs (× 1.4); women report gender-based
violence three times as often as men; the destination follows the intention and the corridor
(northbound countries → USA, southbound → Chile, Peru, Argentina). Smuggler use (drawn after
every other answer, so the other columns do not change with it) is 8 % at the base, × 2.5
without regular status, × 1.8 on foot and × 1.5 in a non-family group; among groups with
children, a separated or unaccompanied child is in 4 % of family groups and 20 % of other
groups (asked only where children travel).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.synth.codes import choose, choose_rows, fixed_ids, multi_choice, uuid4_strings
from evidence.synth.geography import NORTHBOUND, SOUTHBOUND
from evidence.synth.seeding import rng_for

NEEDS = (
    "food",
    "water",
    "shelter",
    "health",
    "information",
    "documentation",
    "employment",
    "transport",
    "hygiene",
    "psychosocial",
    "cash",
    "none",
)
RISKS = (
    "theft",
    "violence",
    "extortion",
    "detention",
    "trafficking_indicators",
    "gender_based_violence",
    "discrimination",
    "none",
    "prefer_not_to_say",
)
NEED_P = np.array([0.50, 0.25, 0.30, 0.20, 0.25, 0.25, 0.40, 0.25, 0.15, 0.06, 0.30, 0.0])
RISK_P = np.array([0.10, 0.05, 0.06, 0.03, 0.02, 0.015, 0.12, 0.0, 0.03])
ORIGIN_STATES = {
    "zulia": 12,
    "carabobo": 9,
    "distrito_capital": 9,
    "lara": 8,
    "miranda": 8,
    "aragua": 7,
    "anzoategui": 6,
    "tachira": 6,
    "bolivar": 5,
    "monagas": 4,
    "falcon": 3,
    "merida": 3,
    "barinas": 3,
    "portuguesa": 3,
    "sucre": 3,
    "guarico": 3,
    "trujillo": 2,
    "yaracuy": 2,
    "apure": 2,
    "la_guaira": 2,
    "nueva_esparta": 1,
    "cojedes": 1,
    "amazonas": 0.5,
    "delta_amacuro": 0.5,
    "dont_know": 1,
}
# Country people come from when they reach this one, other than Venezuela.
PREVIOUS = {
    "COL": "ECU",
    "ECU": "COL",
    "PER": "ECU",
    "CHL": "PER",
    "BOL": "PER",
    "ARG": "BOL",
    "BRA": "GUY",
    "PRY": "ARG",
    "URY": "BRA",
    "PAN": "COL",
    "CRI": "PAN",
    "MEX": "CRI",
    "DOM": "other",
    "ABW": "CUW",
    "CUW": "ABW",
    "TTO": "GUY",
    "GUY": "BRA",
}
ISLANDS = ("ABW", "CUW", "TTO", "DOM")


def transit_destinations(country: str) -> dict[str, float]:
    if country in NORTHBOUND:
        table = {"USA": 0.78, "MEX": 0.08, "CAN": 0.04, "ESP": 0.03, "other": 0.07}
    elif country in SOUTHBOUND:
        table = {
            "CHL": 0.35,
            "PER": 0.2,
            "ARG": 0.2,
            "BRA": 0.05,
            "URY": 0.05,
            "ECU": 0.05,
            "ESP": 0.05,
            "other": 0.05,
        }
    else:
        table = {"USA": 0.3, "ESP": 0.2, "COL": 0.1, "other": 0.3, "dont_know": 0.1}
    table.pop(country, None)
    return table


def make_flow_survey(
    sites: pd.DataFrame, flows: pd.DataFrame, n: int, period: str, seed: int
) -> pd.DataFrame:
    """``n`` interviews at the country's interviewing sites (``has_fms``)."""
    country = str(sites["site_id"].iloc[0])[:3]
    rng = rng_for(seed, "flow_survey", country, period)
    interviewing = flows[flows["site_id"].isin(set(sites.loc[sites["has_fms"], "site_id"]))]
    interviewing = interviewing.reset_index(drop=True)
    weight = interviewing["flow"].to_numpy()
    pick = rng.choice(len(interviewing), n, p=weight / weight.sum())
    site_type = interviewing["site_type"].to_numpy()[pick]
    site_number = interviewing["site_id"].str[-3:].astype(int).to_numpy()[pick]
    direction_p = {
        "border": (0.6, 0.2, 0.2),
        "terminal": (0.35, 0.15, 0.5),
        "service_station": (0.3, 0.1, 0.6),
        "shelter": (0.6, 0.05, 0.35),
    }
    direction = choose_rows(
        rng, ["entry", "exit", "transit"], np.array([direction_p[t] for t in site_type])
    )
    sex = choose(rng, {"female": 0.46, "male": 0.54}, n)
    age = np.minimum(100, 18 + np.round(rng.gamma(2.2, 6.5, n))).astype(int)
    nationality = choose(
        rng,
        {
            "VEN": 0.92,
            "COL": 0.04,
            "PER": 0.01,
            "ECU": 0.01,
            "HTI": 0.01,
            "CUB": 0.005,
            "other": 0.005,
        },
        n,
    )
    group = choose(rng, {"alone": 0.35, "family": 0.55, "non_family_group": 0.10}, n)
    family = group == "family"
    with_children = rng.random(n) < np.where(family, 0.65, np.where(group == "alone", 0.0, 0.2))
    n_children = np.where(with_children, 1 + np.minimum(rng.poisson(0.8, n), 14), 0)
    pregnant = choose_rows(
        rng,
        ["yes", "no", "dont_know", "prefer_not_to_say"],
        np.where(family[:, None], [[0.12, 0.86, 0.01, 0.01]], [[0.03, 0.95, 0.01, 0.01]]),
    )
    disability = choose(
        rng, {"yes": 0.07, "no": 0.9, "dont_know": 0.02, "prefer_not_to_say": 0.01}, n
    )
    older = rng.random(n) < np.where(family, 0.08, 0.02)
    origin = pd.Series(choose(rng, ORIGIN_STATES, n)).where(nationality == "VEN")
    previous = np.where(
        direction == "exit",
        choose(rng, {country: 0.8, "VEN": 0.1, "other": 0.1}, n),
        np.where(
            rng.random(n) < np.where(direction == "entry", 0.6, 0.4), "VEN", PREVIOUS[country]
        ),
    )
    intention_p = {
        "entry": (0.55, 0.35, 0.03, 0.07),
        "transit": (0.08, 0.85, 0.02, 0.05),
        "exit": (0.0, 0.45, 0.45, 0.10),
    }
    intention = choose_rows(
        rng,
        ["stay", "transit", "return", "dont_know"],
        np.array([intention_p[d] for d in direction]),
    )
    onward = choose(rng, transit_destinations(country), n)
    destination = np.select(
        [intention == "stay", intention == "return", intention == "transit"],
        [country, "VEN", onward],
        np.where(rng.random(n) < 0.6, "dont_know", onward),
    )
    document = choose(
        rng,
        {
            "passport": 0.28,
            "national_id": 0.36,
            "birth_certificate": 0.07,
            "residence_permit": 0.06,
            "temporary_protection_permit": 0.07,
            "refugee_document": 0.02,
            "none": 0.12,
            "other": 0.02,
        },
        n,
    )
    status_p = np.select(
        [
            np.isin(
                document, ["residence_permit", "temporary_protection_permit", "refugee_document"]
            )[:, None],
            (document == "passport")[:, None],
            (document == "national_id")[:, None],
        ],
        [[[0.95, 0.01, 0.03, 0.01]], [[0.5, 0.3, 0.15, 0.05]], [[0.25, 0.5, 0.2, 0.05]]],
        [[0.05, 0.75, 0.1, 0.1]],
    )
    status = choose_rows(rng, ["regular", "irregular", "in_process", "dont_know"], status_p)
    irregular = status == "irregular"
    islands = country in ISLANDS or country == "GUY"
    transport_p = np.tile(
        [0.55, 0.18, 0.08, 0.05, 0.04, 0.03, 0.03, 0.04]
        if not islands
        else [0.2, 0.05, 0.05, 0.0, 0.0, 0.45, 0.23, 0.02],
        (n, 1),
    )
    transport_p[irregular, 1] *= 2.5
    transport_p /= transport_p.sum(axis=1, keepdims=True)
    transport = choose_rows(
        rng, ["bus", "walking", "car", "truck", "motorcycle", "boat", "plane", "other"], transport_p
    )
    walking = transport == "walking"
    need_p = np.tile(NEED_P, (n, 1))
    need_p[walking, :3] *= 1.4
    need_p[irregular, 5] *= 1.6
    risk_p = np.tile(RISK_P, (n, 1))
    risk_p[irregular, :4] *= 1.8
    risk_p[walking, :4] *= 1.5
    risk_p[sex == "female", 5] *= 3
    days = np.round(rng.lognormal(np.where(intention == "transit", 2.7, 1.6), 0.9)).astype(float)
    days[rng.random(n) < 0.03] = np.nan
    table = pd.DataFrame(
        {
            "survey_id": uuid4_strings(rng, n),
            "site_id": interviewing["site_id"].to_numpy()[pick],
            "interview_date": interviewing["date"].dt.strftime("%Y-%m-%d").to_numpy()[pick],
            "enumerator_id": fixed_ids(
                f"{country}-ENU", site_number * 10 + rng.integers(1, 4, n), 4
            ),
            "direction": direction,
            "sex": sex,
            "age": age,
            "nationality": nationality,
            "education": choose(
                rng,
                {
                    "none": 0.02,
                    "primary": 0.18,
                    "secondary": 0.48,
                    "technical": 0.17,
                    "university": 0.13,
                    "prefer_not_to_say": 0.02,
                },
                n,
            ),
            "group_type": group,
            "travelling_with_children": with_children,
            "n_children": n_children,
            "pregnant_or_lactating": pregnant,
            "disability": disability,
            "older_person_in_group": older,
            "origin_state": origin,
            "previous_country": previous,
            "intended_destination": destination,
            "intention": intention,
            "reason_for_leaving": choose(
                rng,
                {
                    "economic": 0.62,
                    "access_to_services": 0.12,
                    "violence_insecurity": 0.09,
                    "family_reunification": 0.09,
                    "persecution": 0.03,
                    "other": 0.04,
                    "prefer_not_to_say": 0.01,
                },
                n,
            ),
            "days_on_route": pd.array(days, dtype="Int64"),
            "transport": transport,
            "needs": multi_choice(rng, NEEDS, need_p, exclusive=("none",)),
            "risks": multi_choice(rng, RISKS, risk_p, exclusive=("none", "prefer_not_to_say")),
            "document_type": document,
            "regular_status": status,
        }
    )
    return table.assign(**protection_answers(rng, table))


SMUGGLER_BASE = 0.08
SMUGGLER_FACTORS = {"irregular": 2.5, "walking": 1.8, "non_family_group": 1.5}
SEPARATED_P = {"family": 0.04, "other": 0.20}


def protection_answers(rng: np.random.Generator, table: pd.DataFrame) -> dict[str, np.ndarray]:
    """Smuggler use and separated or unaccompanied children in the group, drawn from
    ``rng`` after every other column (planted relationships: module docstring)."""
    n = len(table)
    p = np.full(n, SMUGGLER_BASE)
    p[(table["regular_status"] == "irregular").to_numpy()] *= SMUGGLER_FACTORS["irregular"]
    p[(table["transport"] == "walking").to_numpy()] *= SMUGGLER_FACTORS["walking"]
    p[(table["group_type"] == "non_family_group").to_numpy()] *= SMUGGLER_FACTORS[
        "non_family_group"
    ]
    draw = rng.random(n)
    refused = rng.random(n) < 0.03
    smuggler = np.where(refused, "prefer_not_to_say", np.where(draw < p, "yes", "no"))
    family = (table["group_type"] == "family").to_numpy()
    children = table["travelling_with_children"].to_numpy(dtype=bool)
    separated_p = np.where(family, SEPARATED_P["family"], SEPARATED_P["other"])
    answer = np.where(rng.random(n) < separated_p, "yes", "no").astype(object)
    unknown = rng.random(n)
    answer[unknown < 0.02] = "dont_know"
    answer[(unknown >= 0.02) & (unknown < 0.03)] = "prefer_not_to_say"
    answer[~children] = None
    return {"smuggler_used": smuggler, "separated_children": answer}
