"""Integration and school indicators on synthetic data: plumbing checked against direct
calls of the survey engine and hand-weighted sums, planted effects recovered."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.integration import (
    document_status,
    ipl_dimensions,
    migrant_host_comparison,
    school_overview,
    student_outcomes,
)
from evidence.survey import SurveyDesign, estimate_proportion
from tests.curated_frames import curated_like

PERIOD = "2023-12"


@pytest.fixture(scope="module")
def peru() -> dict[str, pd.DataFrame]:
    from evidence.synth import synthesize_country

    data = synthesize_country(
        "PER", PERIOD, 3, scale=0.5, datasets=("integration_survey", "schools", "students")
    )
    return {name: curated_like(frame, name, "PER", PERIOD) for name, frame in data.items()}


def design(frame: pd.DataFrame) -> SurveyDesign:
    return SurveyDesign(
        frame, weights="weight", strata="stratum", psu="psu", fpc="fpc", lonely_psu="adjust"
    )


def test_migrant_host_comparison(peru: dict[str, pd.DataFrame]) -> None:
    frame = peru["integration_survey"]
    before = frame.copy()
    result = migrant_host_comparison(frame, language="es")
    pd.testing.assert_frame_equal(frame, before)
    gaps = result.overall().set_index("indicator")
    # The same numbers as the survey engine called directly on the contract's design.
    direct = estimate_proportion("employed", design(frame), by="group").to_frame()
    direct = direct.set_index("domain")
    employed = gaps.loc["prop_employed"]
    assert employed["focus"] == pytest.approx(direct.loc["group=migrant", "estimate"], rel=1e-12)
    assert employed["reference"] == pytest.approx(direct.loc["group=host", "estimate"], rel=1e-12)
    # Migrant and host households are in different strata: the linearised se of the gap
    # equals √(se_m² + se_h²) (covariance 0).
    independent = np.hypot(direct.loc["group=migrant", "se"], direct.loc["group=host", "se"])
    assert employed["gap_se"] == pytest.approx(independent, rel=1e-9)
    # Planted (evidence.synth): migrant log-odds of employment -1.2 before regular status.
    assert employed["gap_ci_high"] < 0
    assert employed["label"] == "Personas ocupadas"
    assert set(result.gaps["level"]) == {"total", "female", "male"}
    ipl = ipl_dimensions(result)
    assert set(ipl["dimension"]) >= {"economic", "index"}
    assert ((ipl["estimate"] >= 0) & (ipl["estimate"] <= 1)).all()
    status = document_status(result)
    total = status[status["level"] == "total"]
    assert total["estimate"].sum() == pytest.approx(1, abs=1e-9)  # regular + irregular + in process
    assert "migrant" in result.summary() and "<table" in result._repr_html_()


def test_school_overview_against_hand_weighted_sums(peru: dict[str, pd.DataFrame]) -> None:
    schools = peru["schools"]
    table = school_overview(schools).to_frame().set_index(["indicator", "level"])
    w = schools["weight"].astype(float)
    assert table.loc[("total_school_enrolment", "total"), "estimate"] == pytest.approx(
        float((w * schools["enrolment"]).sum()), rel=1e-12
    )
    share = (w * schools["migrant_enrolment"]).sum() / (w * schools["enrolment"]).sum()
    assert table.loc[("ratio_school_migrant_enrolment", "total"), "estimate"] == pytest.approx(
        float(share), rel=1e-12
    )
    rural = schools["zone"] == "rural"
    support = (w * schools["psychosocial_support"].astype(float))[rural].sum() / w[rural].sum()
    row = table.loc[("prop_school_psychosocial_support", "rural")]
    assert row["suppressed"] or row["estimate"] == pytest.approx(float(support), rel=1e-12)


def test_student_outcomes_keep_the_covariance_of_shared_schools(
    peru: dict[str, pd.DataFrame],
) -> None:
    students = peru["students"]
    result = student_outcomes(students)
    gaps = result.overall().set_index("indicator")
    dropout = gaps.loc["prop_student_dropout_followup"]
    # Only traced students are in the denominator.
    assert dropout["n_reference"] + dropout["n_focus"] == students["dropout_followup"].notna().sum()
    direct = estimate_proportion("dropout_followup", design(students), by="migrant").to_frame()
    direct = direct.set_index("domain")
    assert dropout["focus"] == pytest.approx(direct.loc["migrant=True", "estimate"], rel=1e-12)
    # Same schools (PSUs) hold both groups: the gap's se is not the independent formula.
    independent = np.hypot(direct.loc["migrant=True", "se"], direct.loc["migrant=False", "se"])
    assert dropout["gap_se"] > 0 and dropout["gap_se"] != pytest.approx(independent, rel=1e-3)
    # Planted: xenophobia and caregivers' irregular status raise migrant students' dropout.
    assert dropout["gap_ci_low"] > 0
    assert "national" in result.summary()
