"""The study's dropout analysis: linkage counts, the feasibility gate, rows without ids."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.dropout.analysis import (
    REGIONAL_ROWS,
    AnalysisSettings,
    analyse_dropout,
    dropout_country_rows,
)
from evidence.dropout.integrity import HANDLING
from evidence.indicators.publish import publish
from evidence.synth import synthesize_country

PERIOD = "2023-12"
FAST = AnalysisSettings(n_splits=3, n_boot=5, n_repeats=1, n_bins=5, explain=True)


def school_data(country: str, scale: float) -> dict[str, pd.DataFrame]:
    return synthesize_country(
        country, PERIOD, seed=1, scale=scale, datasets=("schools", "caregivers", "students")
    )


def test_too_few_dropouts_gives_counts_only() -> None:
    data = school_data("ABW", 0.3)
    before = data["students"].copy()
    analysis = analyse_dropout(data["schools"], data["caregivers"], data["students"], FAST)
    pd.testing.assert_frame_equal(data["students"], before)
    assert not analysis.feasibility.ok and not analysis.fitted
    rows = publish(analysis.to_results("ABW", PERIOD))
    assert set(rows["indicator"]) == {
        "dropout_linkage_students", "dropout_linkage_linked", "dropout_integrity",
        "dropout_model_students", "dropout_model_dropouts",
    }  # fmt: skip
    checks = rows[rows["indicator"] == "dropout_integrity"]
    assert list(checks["level"]) == list(HANDLING)
    assert analysis.n_students_in == len(data["students"])


@pytest.mark.parametrize("seed", [0])
def test_fitted_rows_hold_no_identifier_and_the_regional_subset(seed: int) -> None:
    data = school_data("COL", 0.1)
    analysis = analyse_dropout(
        data["schools"], data["caregivers"], data["students"],
        AnalysisSettings(n_splits=3, n_boot=5, n_repeats=1, n_bins=5, random_state=seed),
    )  # fmt: skip
    assert analysis.fitted and analysis.explanation is not None
    rows = publish(analysis.to_results("COL", PERIOD))
    ids = set(data["students"]["student_id"].astype(str))
    ids |= set(data["schools"]["school_id"].astype(str))
    ids |= set(data["caregivers"]["caregiver_id"].astype(str))
    text = [str(v) for v in rows.to_numpy().ravel()]
    assert not any(any(i in cell for i in ids) for cell in text)
    assert "student_id" not in analysis.to_frame().columns
    # Reliability: predicted and observed per bin for every domain, bins numbered 01..05.
    observed = rows[rows["indicator"] == "dropout_reliability_observed"]
    assert set(observed["disaggregation"]) == {"total x bin", "group x bin", "sex x bin"}
    assert (observed["level"] == "total x 01").any() and (observed["level"] == "total x 05").any()
    regional = dropout_country_rows(
        "COL", PERIOD, data["schools"], data["caregivers"], data["students"]
    )
    assert len(regional) == len(REGIONAL_ROWS)
    auc = regional[regional["indicator"] == "dropout_model_roc_auc"]["estimate"].iloc[0]
    study_auc = rows[(rows["indicator"] == "dropout_model_roc_auc") & (rows["level"] == "total")][
        "estimate"
    ].iloc[0]
    assert auc == pytest.approx(study_auc)  # same folds and seed: the two studies agree
    assert 0.55 < auc < 0.85
