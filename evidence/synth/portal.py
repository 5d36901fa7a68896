"""Captive-portal forms (contract: data_contracts/portal_forms.yaml).

One form per registered Wi-Fi session that submitted one (evidence.synth.wifi), so every
form's device and site appear in wifi_sessions and the form is submitted within two minutes
of the session's start. Answers: the intention follows the situation (in transit → transit
85%, arrived to stay → stay 85%, returning → return 80%); people in an irregular situation
report more theft, violence, extortion and detention (× 1.8) and more documentation needs.
Smuggler use (the flow survey's question): P = PORTAL_SMUGGLER_BASE × 2.5 in an irregular
situation × 1.5 travelling without family (alone, friends, organised group), drawn after
every other column so the other answers do not change with it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.countries import get_country
from evidence.synth.codes import choose, choose_rows, fixed_ids, multi_choice
from evidence.synth.flow_survey import NEED_P, NEEDS, RISK_P, RISKS, transit_destinations
from evidence.synth.geography import DIALLING_CODES
from evidence.synth.names import full_names
from evidence.synth.seeding import rng_for

SITUATIONS = ("in_transit", "arrived_to_stay", "pendular", "returning", "host_community", "other")
PORTAL_SMUGGLER_BASE = 0.06
PORTAL_SMUGGLER_FACTORS = {"irregular": 2.5, "without_family": 1.5}
_WITHOUT_FAMILY = ("alone", "friends", "organised_group")
_INTENTION_P = {
    "in_transit": (0.05, 0.85, 0.03, 0.07),
    "arrived_to_stay": (0.85, 0.05, 0.02, 0.08),
    "pendular": (0.3, 0.1, 0.5, 0.1),
    "returning": (0.05, 0.1, 0.8, 0.05),
    "host_community": (0.9, 0.02, 0.0, 0.08),
    "other": (0.4, 0.2, 0.1, 0.3),
}


def make_portal_forms(
    form_sessions: pd.DataFrame, sites: pd.DataFrame, period: str, seed: int
) -> pd.DataFrame:
    """The forms submitted by ``form_sessions`` (device_id, site_id, start_time)."""
    country = str(sites["site_id"].iloc[0])[:3]
    rng = rng_for(seed, "portal_forms", country, period)
    sessions = form_sessions.sort_values("start_time", kind="stable").reset_index(drop=True)
    n = len(sessions)
    site_type = sessions["site_id"].map(sites.set_index("site_id")["site_type"]).to_numpy()
    transit_site = np.isin(site_type, ["terminal", "service_station"])
    situation = choose_rows(
        rng,
        SITUATIONS,
        np.where(
            transit_site[:, None],
            [[0.6, 0.2, 0.05, 0.08, 0.03, 0.04]],
            [[0.3, 0.4, 0.1, 0.08, 0.06, 0.06]],
        ),
    )
    intention = choose_rows(
        rng,
        ["stay", "transit", "return", "dont_know"],
        np.array([_INTENTION_P[s] for s in situation]),
    )
    destination = np.select(
        [intention == "stay", intention == "return"],
        [country, "VEN"],
        choose(rng, transit_destinations(country), n),
    ).astype(object)
    destination[rng.random(n) < 0.1] = None  # optional question
    regularisation = choose_rows(
        rng,
        ["regular", "in_process", "wants_information", "irregular", "prefer_not_to_say"],
        np.where(
            (situation == "host_community")[:, None],
            [[0.95, 0.0, 0.0, 0.0, 0.05]],
            [[0.35, 0.2, 0.2, 0.2, 0.05]],
        ),
    )
    irregular = regularisation == "irregular"
    need_p = np.tile(NEED_P, (n, 1))
    need_p[irregular | (regularisation == "wants_information"), 5] *= 1.6
    risk_p = np.tile(RISK_P, (n, 1))
    risk_p[irregular, :4] *= 1.8
    sex = choose(rng, {"female": 0.47, "male": 0.50, "other": 0.01, "prefer_not_to_say": 0.02}, n)
    language = get_country(country).language
    form_language = np.where(rng.random(n) < (1.0 if language == "es" else 0.7), "es", language)
    named = rng.random(n) < 0.45
    names = full_names(
        rng, np.where(sex == "male", "male", "female"), situation != "host_community", language
    )
    phone = pd.Series(fixed_ids("+" + DIALLING_CODES[country] + " ", rng.integers(0, 10**9, n), 9))
    seconds = rng.integers(20, 120, n)
    forms = pd.DataFrame(
        {
            "form_id": fixed_ids(f"{country}-F", np.arange(1, n + 1), 7),
            "device_id": sessions["device_id"].to_numpy(),
            "site_id": sessions["site_id"].to_numpy(),
            "submitted_at": (
                sessions["start_time"] + pd.to_timedelta(seconds, unit="s")
            ).to_numpy(),
            "form_language": form_language,
            "respondent_name": pd.Series(names).where(named),
            "phone": phone.where(rng.random(n) < 0.35),
            "situation": situation,
            "sex": sex,
            "age_group": choose(
                rng,
                {
                    "under_18": 0.04,
                    "18_24": 0.24,
                    "25_34": 0.34,
                    "35_49": 0.25,
                    "50_59": 0.08,
                    "60_plus": 0.05,
                },
                n,
            ),
            "travelling_with": choose(
                rng,
                {
                    "alone": 0.35,
                    "family": 0.45,
                    "friends": 0.12,
                    "organised_group": 0.03,
                    "prefer_not_to_say": 0.05,
                },
                n,
            ),
            "intention": intention,
            "destination_country": destination,
            "needs": multi_choice(rng, NEEDS, need_p, exclusive=("none",)),
            "risks": multi_choice(rng, RISKS, risk_p, exclusive=("none", "prefer_not_to_say")),
            "regularisation": regularisation,
        }
    )
    return forms.assign(smuggler_used=portal_smuggler_answers(rng, forms))


def portal_smuggler_answers(rng: np.random.Generator, forms: pd.DataFrame) -> np.ndarray:
    """``smuggler_used`` of the forms (yes / no / prefer_not_to_say), drawn from ``rng``
    after every other column (planted relationship: module docstring)."""
    n = len(forms)
    p = np.full(n, PORTAL_SMUGGLER_BASE)
    p[(forms["regularisation"] == "irregular").to_numpy()] *= PORTAL_SMUGGLER_FACTORS["irregular"]
    without_family = forms["travelling_with"].isin(_WITHOUT_FAMILY).to_numpy()
    p[without_family] *= PORTAL_SMUGGLER_FACTORS["without_family"]
    draw = rng.random(n)
    refused = rng.random(n) < 0.04
    return np.where(refused, "prefer_not_to_say", np.where(draw < p, "yes", "no"))
