"""Embedded default data: synthetic raw files for every dataset and country, with known truth.

``write_synthetic(period, seed, scale, countries, root)`` writes data/raw/<dataset>/<period>/
<ISO3>.csv (wifi_sessions: .parquet) for the 17 countries, byte-identical for a seed;
``synthesize(dataset, country, period, seed, scale)`` and ``synthesize_country(...)`` return
the same data as clean DataFrames without touching the disk. Sizes follow each country's
stock of Venezuelans (UNHCR end-2023) with floors (evidence.synth.sizes).

Raw files vary as real deliveries do (evidence.synth.layout): Kobo one-column-per-choice
layout (``needs/food``) in COL, BRA, ECU, PAN, GUY, CUW, URY and MEX, space-separated
elsewhere; UTF-8 with a byte-order mark in PER and ARG; booleans as true/false, sí/no (PER,
BOL, ECU) or sim/não (BRA). By default 0.2% of the rows of the leaf datasets carry one
deliberate contract violation (evidence.synth.corrupt), recorded in
data/synth/<period>/injected_errors.csv and ``SynthReport.injected``.

Planted relationships (what later models must recover; ``planted_relationships()`` returns
this table as a DataFrame, exact definitions are in each module):

    dataset             relationship                         size of effect
    ------------------  -----------------------------------  -------------------------------
    students            dropout at follow-up (logistic)      log-odds -0.6 per 10 points of
                                                             attendance; +0.35 per year
                                                             over-age (age - grade - 5);
                                                             +0.9 child work; +0.6
                                                             xenophobia "yes"; +0.5 caregiver
                                                             irregular; -0.5 school
                                                             psychosocial support; school
                                                             effect sd 0.3; intercept -2.6
    integration_survey  migrant-host employment gap          migrant log-odds -1.2; +0.8
                        explained by regular status and      regular, +0.4 in process, +0.06
                        years in the country (logistic)      per year (capped at 10); female
                                                             -0.9; P(regular) = logistic(-1 +
                                                             0.35 years), +0.8 in COL
    integration_survey  segment (PSU) effect                 sd 0.35 on the employment logit,
                                                             half that on log income: deff > 1
    flow_counts         surges at known sites and days       x 3 to 5 on the day, a quarter of
                        (surge_events; surges.csv)           the excess the next day; the surge
                                                             day is its site's busiest day
    flow_survey,        follow the flows                     interviews and sessions per site
    wifi_sessions                                            and day proportional to the flow
    wifi_sessions       connection type; repeat devices      40% of devices register, 60%
                                                             express (3 minutes); skewed
                                                             sessions per device, many > 1
    flow_survey,        irregular status -> risks;           tick probabilities x 1.8 (theft,
    portal_forms        walking -> needs; women -> GBV       violence, extortion, detention),
                                                             x 1.4 (food, water, shelter),
                                                             x 3 (gender-based violence)
    flow_survey         smuggler use: irregular status, on      P = 0.08 x 2.5 irregular x 1.8
                        foot, non-family group               on foot x 1.5 non-family group
    portal_forms        smuggler use: irregular situation,   P = 0.06 x 2.5 irregular x 1.5
                        travelling without family            without family; 4% refuse
    integration_survey  place of work (work_admin1) of the   where they live; 25% of those
                        employed                             living elsewhere commute to the
                                                             largest admin1 unit
    portal_forms        opt-in risk_jumps=N: jumps in        4 days at a Wi-Fi site: violence,
                        reported risks (risk_jumps.csv)      extortion or trafficking on 50% of
                                                             forms, or under-18 alone on 30%
    flows (all)         opt-in months=N: consecutive         x 1.05 a month (by day), +15%
                        periods, known trend + weekly cycle  Friday to Sunday
"""

from __future__ import annotations

from evidence.synth.flows import surge_events
from evidence.synth.generate import DATASETS, Dataset, synthesize, synthesize_country
from evidence.synth.integration import EMPLOYMENT_COEFFICIENTS
from evidence.synth.planted import planted_relationships
from evidence.synth.report import SynthReport
from evidence.synth.students import DROPOUT_COEFFICIENTS
from evidence.synth.writer import DEFAULT_ERROR_RATE, write_synthetic

__all__ = [
    "DATASETS",
    "DEFAULT_ERROR_RATE",
    "DROPOUT_COEFFICIENTS",
    "EMPLOYMENT_COEFFICIENTS",
    "Dataset",
    "SynthReport",
    "planted_relationships",
    "surge_events",
    "synthesize",
    "synthesize_country",
    "write_synthetic",
]
