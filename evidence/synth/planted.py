"""The relationships planted in the synthetic data, as a table later model tests can cite."""

from __future__ import annotations

import pandas as pd

from evidence.synth.flow_survey import SEPARATED_P, SMUGGLER_BASE, SMUGGLER_FACTORS
from evidence.synth.integration import COMMUTE_SHARE, EMPLOYMENT_COEFFICIENTS
from evidence.synth.portal import PORTAL_SMUGGLER_BASE, PORTAL_SMUGGLER_FACTORS
from evidence.synth.services import BORDER_TYPES, CONCENTRATED_TYPES
from evidence.synth.students import DROPOUT_COEFFICIENTS, SCHOOL_EFFECT_SD

PLANTED: tuple[tuple[str, str, str], ...] = (
    (
        "services",
        "service points where migrants live: every type in the largest admin1 unit; "
        "border places have the basics; "
        + " and ".join(CONCENTRATED_TYPES)
        + " only in the two largest admin1 units",
        "border places: "
        + ", ".join(BORDER_TYPES)
        + "; other admin1 units where migrants live have no "
        + " or ".join(CONCENTRATED_TYPES)
        + " service point",
    ),
    (
        "students",
        "dropout_followup is logistic in attendance, over-age, child work, xenophobia, "
        "caregiver irregular status and school psychosocial support",
        ", ".join(f"{k} {v:+g}" for k, v in DROPOUT_COEFFICIENTS.items())
        + f", school effect sd {SCHOOL_EFFECT_SD:g}",
    ),
    (
        "caregivers",
        "barriers to schooling: migrant households meet more, irregular status above all documents",
        "documents ticked by 1% of national, 12% of migrant, 35% of irregular migrant "
        "households; no place 5/15/20%, cost 10/18/25%, discrimination 1/10/14%",
    ),
    (
        "integration_survey",
        "employed is logistic; the migrant gap shrinks with regular status and years in the "
        "country; P(regular) = logistic(-1 + 0.35 years) (+0.8 in COL)",
        ", ".join(f"{k} {v:+g}" for k, v in EMPLOYMENT_COEFFICIENTS.items())
        + ", education none -0.5 primary -0.2 technical +0.3 university +0.5",
    ),
    (
        "integration_survey",
        "census segment (PSU) effect on employment and income",
        "sd 0.35 on the employment logit, 0.175 on log income: design effects above 1",
    ),
    (
        "integration_survey",
        "place of work (work_admin1, the employed): where they live, or the largest admin1 "
        "unit for those commuting to it",
        f"{COMMUTE_SHARE:.0%} of the employed living outside the largest admin1 unit work in "
        "it; everyone else works in the admin1 unit where they live",
    ),
    (
        "flow_counts",
        "surges at known sites and days (surge_events; data/synth/<period>/surges.csv)",
        "flow x 3 to 5 on the day, a quarter of the excess the next day; busiest day of its site",
    ),
    (
        "flow_survey, wifi_sessions",
        "interviews and sessions per site and day follow the flows",
        "proportional to the latent flow of the site and day, surges included",
    ),
    (
        "wifi_sessions",
        "connection type and repeat devices",
        "40% of devices register, 60% take the express connection; skewed sessions per device",
    ),
    (
        "flow_survey, portal_forms",
        "irregular status raises risks; walking raises needs; women report more GBV",
        "tick probabilities x 1.8 (theft, violence, extortion, detention), x 1.4 (food, "
        "water, shelter), x 3 (gender-based violence)",
    ),
    (
        "flow_survey",
        "smuggler use is more common without regular status, on foot and in non-family "
        "groups; separated or unaccompanied children are more common in non-family groups",
        f"P(smuggler) = {SMUGGLER_BASE:g}"
        + "".join(f" x {v:g} ({k})" for k, v in SMUGGLER_FACTORS.items())
        + f"; separated child in {SEPARATED_P['family']:.0%} of family groups with children, "
        f"{SEPARATED_P['other']:.0%} of other groups with children",
    ),
    (
        "portal_forms",
        "smuggler use is more common in an irregular situation and among people travelling "
        "without family (alone, with friends, in an organised group)",
        f"P(smuggler) = {PORTAL_SMUGGLER_BASE:g}"
        + "".join(f" x {v:g} ({k})" for k, v in PORTAL_SMUGGLER_FACTORS.items())
        + "; prefer not to say on 4% of forms",
    ),
    (
        "portal_forms",
        "opt-in (risk_jumps=N): jumps in reported risks at known Wi-Fi sites and days "
        "(risk_jump_events; data/synth/<period>/risk_jumps.csv)",
        "4 days at a border or terminal Wi-Fi site: violence, extortion or trafficking "
        "indicators on 50% of forms, or under-18 travelling alone on 30%",
    ),
    (
        "flow_counts, flow_survey, wifi_sessions, portal_forms",
        "opt-in (months=N): N consecutive periods with a known trend and weekly seasonality",
        "flows x 1.05 a month (compounded by day, 1 on the last day), +15% Friday to Sunday; "
        "sites of the last period; the same devices come back",
    ),
)


def planted_relationships() -> pd.DataFrame:
    """One row per planted relationship: dataset, relationship, effect.

    What the models must recover from the embedded default data (the table in
    ``evidence.synth``'s module docstring).

    Returns
    -------
    pandas.DataFrame
        Columns ``dataset``, ``relationship``, ``effect``.

    Examples
    --------
    >>> from evidence.synth import planted_relationships
    >>> planted_relationships().columns.tolist()
    ['dataset', 'relationship', 'effect']
    """
    return pd.DataFrame(PLANTED, columns=["dataset", "relationship", "effect"])
