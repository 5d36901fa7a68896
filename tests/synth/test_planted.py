"""The planted relationships are recoverable from the synthetic data (see evidence.synth)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from evidence.synth import (
    DROPOUT_COEFFICIENTS,
    EMPLOYMENT_COEFFICIENTS,
    planted_relationships,
    surge_events,
    synthesize,
    synthesize_country,
)

SEEDS = [0, 7]


@pytest.mark.parametrize("seed", SEEDS)
def test_dropout_drivers_are_recovered(seed: int) -> None:
    data = synthesize_country("COL", "2023-12", seed=seed, scale=0.5,
                              datasets=("schools", "caregivers", "students"))  # fmt: skip
    students = (
        data["students"]
        .merge(data["caregivers"][["caregiver_id", "migration_status"]], on="caregiver_id")
        .merge(data["schools"][["school_id", "psychosocial_support"]], on="school_id")
    )
    frame = students.dropna(subset=["dropout_followup"]).assign(
        dropout=lambda d: d["dropout_followup"].astype(int),
        attendance=lambda d: d["attendance_rate"] - 0.9,
        overage=lambda d: d["age"] - d["grade"] - 5,
        work=lambda d: d["child_work"].astype(int),
        xenophobia=lambda d: (d["xenophobia_experienced"] == "yes").astype(int),
        irregular=lambda d: (d["migration_status"] == "irregular").astype(int),
        psychosocial=lambda d: d["psychosocial_support"].astype(int),
    )
    fit = smf.logit(
        "dropout ~ attendance + overage + work + xenophobia + irregular + psychosocial", frame
    ).fit(disp=0)
    truth = {
        "attendance": DROPOUT_COEFFICIENTS["attendance_rate_minus_0_9"],
        "overage": DROPOUT_COEFFICIENTS["overage_years"],
        "work": DROPOUT_COEFFICIENTS["child_work"],
        "xenophobia": DROPOUT_COEFFICIENTS["xenophobia_experienced"],
        "irregular": DROPOUT_COEFFICIENTS["caregiver_irregular"],
        "psychosocial": DROPOUT_COEFFICIENTS["school_psychosocial_support"],
    }
    for name, value in truth.items():
        assert np.sign(fit.params[name]) == np.sign(value), name
        # The school effect (sd 0.3) is left out of this fit: allow 4 SEs.
        assert abs(fit.params[name] - value) < 4 * fit.bse[name], name


@pytest.mark.parametrize("seed", SEEDS)
def test_employment_gap_follows_documents_and_years(seed: int) -> None:
    data = synthesize("integration_survey", "PER", "2023-12", seed=seed, scale=1.5)
    frame = data.assign(
        employed_int=data["employed"].astype(int),
        female=(data["sex"] == "female").astype(int),
        age_c=data["age"] - 35,
        migrant=(data["group"] == "migrant").astype(int),
        regular=(data["document_status"] == "regular").astype(int),
        in_process=(data["document_status"] == "in_process").astype(int),
        years10=data["years_in_country"].fillna(0).clip(upper=10),
    )
    fit = smf.logit(
        "employed_int ~ female + age_c + I(age_c**2) + C(education, Treatment('secondary'))"
        " + migrant + migrant:regular + migrant:in_process + migrant:years10",
        frame,
    ).fit(disp=0)
    b = EMPLOYMENT_COEFFICIENTS
    for term, value in {"migrant": b["migrant"], "migrant:regular": b["migrant_x_regular"],
                        "migrant:in_process": b["migrant_x_in_process"],
                        "migrant:years10": b["migrant_x_years_capped_10"],
                        "female": b["female"]}.items():  # fmt: skip
        assert abs(fit.params[term] - value) < 4 * fit.bse[term], term
    # The raw gap is negative and larger for irregular migrants than for regular ones.
    rate = frame.groupby(["group", "document_status"])["employed_int"].mean()
    assert rate[("migrant", "irregular")] < rate[("migrant", "regular")]
    assert (
        frame.loc[frame["migrant"] == 1, "employed_int"].mean() < rate[("host", "not_applicable")]
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_surges_are_the_busiest_days_of_their_sites(seed: int) -> None:
    data = synthesize_country("ECU", "2023-12", seed=seed, scale=0.2,
                              datasets=("sites", "flow_counts", "wifi_sessions"))  # fmt: skip
    surges = surge_events(data["sites"], "2023-12", seed)
    assert len(surges) == 3 and surges["date"].is_unique
    counts = data["flow_counts"].assign(total=lambda d: d["entries"] + d["exits"] + d["transit"])
    sessions = data["wifi_sessions"].assign(date=lambda d: d["start_time"].dt.strftime("%Y-%m-%d"))
    for site, date, _ in surges.itertuples(index=False):
        day = date.strftime("%Y-%m-%d")
        at_site = counts[counts["site_id"] == site].set_index("date")["total"]
        assert at_site.idxmax() == day
        daily = sessions[sessions["site_id"] == site].groupby("date").size()
        if len(daily):  # the site has Wi-Fi: sessions surge too (Poisson counts, so by ratio)
            assert daily[day] > 2 * daily.median()


def test_wifi_sessions_look_like_dtm_wifi() -> None:
    sessions = synthesize("wifi_sessions", "PER", "2023-12", scale=0.1)
    share = sessions["connection_type"].value_counts(normalize=True)
    assert 0.5 < share["express"] < 0.7
    seconds = (sessions["end_time"] - sessions["start_time"]).dt.total_seconds()
    assert seconds[sessions["connection_type"] == "express"].max() == 180
    assert seconds.min() > 0
    per_device = sessions["device_id"].value_counts()
    assert (per_device > 1).mean() > 0.2 and per_device.max() > 10
    assert sessions["start_time"].is_monotonic_increasing


def test_irregular_status_raises_risks_on_the_route() -> None:
    survey = synthesize("flow_survey", "COL", "2023-12", scale=1.0)
    theft = survey["risks"].str.split().map(lambda choices: "theft" in choices)
    by_status = theft.groupby(survey["regular_status"]).mean()
    assert by_status["irregular"] > 1.3 * by_status["regular"]


def test_planted_table_lists_every_relationship() -> None:
    table = planted_relationships()
    assert list(table.columns) == ["dataset", "relationship", "effect"]
    assert {"students", "integration_survey", "flow_counts"} <= set(table["dataset"])
    assert "child_work +0.9" in table.loc[table["dataset"] == "students", "effect"].iloc[0]
    assert isinstance(table, pd.DataFrame)
