"""Every content function on data that went the real way: synthetic raw files → ingest →
evidence.load (typed, pseudonymised, Kobo layouts canonicalised), as a study sees them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import evidence as ev
from evidence.display.figures import flows_by_day_figure, group_dot_figure, share_bar_figure
from evidence.ingest import ingest_period
from evidence.integration import migrant_host_comparison, school_overview, student_outcomes
from evidence.movement import (
    days_on_route,
    detect_surges,
    flow_trend,
    flows_by_day,
    flows_by_site,
    hour_profile,
    route_profile,
    sex_age_profile,
    top_pages,
    wifi_by_day,
    wifi_overview,
)
from evidence.regional import regional_results
from evidence.risks import needs_and_risks, vulnerability_profile
from evidence.synth import surge_events, synthesize, write_synthetic
from tests.curated_frames import curated_like

PERIOD = "2023-11"
COUNTRY = "ECU"  # Kobo one-column-per-choice layout and sí/no booleans in its raw files
SEED = 4


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("data")
    write_synthetic(PERIOD, SEED, scale=0.15, countries=[COUNTRY], root=base, error_rate=0.0)
    report = ingest_period(PERIOD, [COUNTRY], root=base, key_file=base / "pseudonym.key")
    assert report.ok, report
    return base


def load(dataset: str, root: Path) -> pd.DataFrame:
    return ev.load(dataset, country=COUNTRY, period=PERIOD, root=root)


def test_movement_on_loaded_data(root: Path) -> None:
    counts = load("flow_counts", root)
    sites = load("sites", root)
    daily = flows_by_day(counts).to_frame()
    assert daily["total"].sum() == counts[["entries", "exits", "transit"]].sum().sum()
    by_site = flows_by_site(counts, sites).to_frame()
    assert by_site["site_name"].notna().all()
    assert set(flow_trend(counts).to_frame()["measure"]) == {"entries", "exits", "transit", "total"}
    surges = detect_surges(counts)
    planted = surge_events(synthesize("sites", COUNTRY, PERIOD, SEED), PERIOD, SEED)
    found = {
        (e.site_id, day)
        for e in surges.events.itertuples()
        for day in pd.date_range(e.start, e.end)
    }
    hits = sum(
        (s, pd.Timestamp(d)) in found
        for s, d in zip(planted["site_id"], planted["date"], strict=True)
    )
    assert hits >= len(planted) - 1
    flows_by_day_figure(daily, surges.to_frame())

    sessions = load("wifi_sessions", root)
    assert wifi_by_day(sessions).to_frame()["sessions"].sum() == len(sessions)
    overview = wifi_overview(sessions).to_frame().set_index("measure")["value"]
    assert overview["devices"] == sessions["device_id"].nunique()
    assert hour_profile(sessions).to_frame()["sessions"].sum() == len(sessions)
    assert len(top_pages(sessions).to_frame()) == 12

    survey = load("flow_survey", root)
    full = sex_age_profile(survey, min_count=0).to_frame()["count"]
    assert full.sum() == len(survey)
    withheld = sex_age_profile(survey).to_frame()["count"].isna()
    assert (withheld == ((full > 0) & (full < 5))).all()
    profile = route_profile(survey).to_frame()
    assert (profile["country"] == COUNTRY).all() and (profile["period"] == PERIOD).all()
    assert days_on_route(survey).to_frame().loc[0, "n"] == survey["days_on_route"].notna().sum()


def test_loaded_data_give_the_same_numbers_as_in_memory_frames(root: Path) -> None:
    """The tests' curated_like helper stands for evidence.load: same shares either way."""
    loaded = load("flow_survey", root)
    memory = curated_like(
        synthesize("flow_survey", COUNTRY, PERIOD, SEED, scale=0.15), "flow_survey", COUNTRY, PERIOD
    )
    a = needs_and_risks(loaded).to_frame().set_index("analysis_key")["estimate"]
    b = needs_and_risks(memory).to_frame().set_index("analysis_key")["estimate"]
    pd.testing.assert_series_equal(a.sort_index(), b.sort_index())


def test_risks_integration_and_regional_on_loaded_data(root: Path) -> None:
    survey = load("flow_survey", root)
    needs = needs_and_risks(survey)
    share_bar_figure(needs.to_frame(), "needs", levels=("female", "male"))
    vulnerability = vulnerability_profile(survey).to_frame()
    assert "prop_vulnerability_woman_alone" in set(vulnerability["indicator"])
    forms = load("portal_forms", root)
    assert needs_and_risks(forms, source="portal_forms", by=None).to_frame()["n"].max() <= len(
        forms
    )

    comparison = migrant_host_comparison(load("integration_survey", root))
    assert {"prop_employed", "mean_ipl_index"} <= set(comparison.gaps["indicator"])
    group_dot_figure(comparison.overall(), indicators=["prop_employed", "prop_has_bank_account"])
    schools = school_overview(load("schools", root)).to_frame()
    assert "ratio_school_migrant_enrolment" in set(schools["indicator"])
    students = student_outcomes(load("students", root)).to_frame()
    assert "prop_student_dropout_followup" in set(students["indicator"])

    regional = regional_results(
        PERIOD,
        flow_counts={COUNTRY: ev.load("flow_counts", COUNTRY, PERIOD, root=root)},
        flow_survey={COUNTRY: survey},
    )
    interviews = regional[
        (regional["country"] == COUNTRY) & (regional["indicator"] == "count_respondents")
    ]
    assert interviews["estimate"].tolist() == [len(survey)]
