"""The integration study's models (evidence.integration.models.study): model columns, the
fits on the embedded default data, the "too small" outcome and the published rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.errors import SampleSizeError
from evidence.indicators.publish import check_results, publish
from evidence.integration.models import MIN_ROWS_PER_GROUP
from evidence.integration.models.study import (
    BalanceResults,
    NotEstimated,
    attempt,
    integration_models,
    study_frame,
)
from evidence.regional import decomposition_rows
from evidence.synth import synthesize


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return synthesize("integration_survey", "COL", "2023-12", seed=5, scale=0.3)


@pytest.fixture(scope="module")
def tiny() -> pd.DataFrame:
    return synthesize("integration_survey", "BRA", "2023-12", seed=3, scale=0.02)


def test_study_frame_builds_the_model_columns_without_touching_the_survey(
    survey: pd.DataFrame,
) -> None:
    before = survey.copy()
    frame = study_frame(survey)
    pd.testing.assert_frame_equal(survey, before)
    hosts = survey["group"] == "host"
    assert (frame.loc[hosts, "years10"] == 0).all()
    assert frame["years10"].max() <= 10
    assert frame["regular"].dtype == bool
    assert (frame["regular"] == (survey["document_status"] == "regular")).all()
    np.testing.assert_allclose(frame["age_c"], survey["age"].astype(float) - 35)
    np.testing.assert_allclose(frame["age_c2"], frame["age_c"] ** 2)


def test_models_on_the_default_data_publish_every_part(survey: pd.DataFrame) -> None:
    models = integration_models(survey)
    rows = models.to_results("COL", "2023-12")
    check_results(rows)
    published = publish(rows)
    indicators = set(published["indicator"])
    assert {
        "or_employed", "ame_employed", "oaxaca_employed", "oaxaca_employed_share_explained",
        "oaxaca_employed_explained", "oaxaca_monthly_income", "effect_regular_on_employed_att",
        "smd_regular_before", "smd_regular_after",
    } <= indicators  # fmt: skip
    # Gaps are migrants minus hosts (the planted employment gap is negative) and the parts add.
    parts = published[published["indicator"] == "oaxaca_employed"].set_index("level")["estimate"]
    assert parts["gap"] < 0
    assert parts["explained"] + parts["unexplained"] == pytest.approx(parts["gap"])
    # Regular status raises employment (planted +0.8 on the log-odds scale).
    ratios = published[published["indicator"] == "or_employed"].set_index("level")["estimate"]
    assert ratios["regular_true"] > 1
    after = published[published["indicator"] == "smd_regular_after"]["estimate"]
    assert (after.abs() < 0.1).all()


def test_balance_rows_are_the_balance_table(survey: pd.DataFrame) -> None:
    models = integration_models(survey)
    assert isinstance(models.balance, BalanceResults)
    rows = models.balance.to_results("COL", "2023-12")
    table = models.balance.to_frame()
    before = rows[rows["indicator"] == "smd_regular_before"]["estimate"].to_numpy()
    np.testing.assert_allclose(before, table["smd_before"].to_numpy())
    assert set(rows["ci_method"]) == {"none"} and rows["se"].isna().all()


def test_a_sample_too_small_is_not_estimated_and_publishes_nothing(tiny: pd.DataFrame) -> None:
    models = integration_models(tiny)
    outcomes = [models.employment_gap, models.income_gap, models.regularisation]
    assert all(isinstance(m, NotEstimated) and m.too_small for m in outcomes)
    assert str(MIN_ROWS_PER_GROUP) in models.income_gap.reason  # type: ignore[union-attr]
    rows = models.to_results("BRA", "2023-12")
    assert set(rows["indicator"]) <= {"or_employed", "ame_employed"}
    publish(rows)  # empty or not, the rows pass the one publication path
    assert "sample too small" in repr(models.regularisation)


def test_attempt_turns_estimation_errors_into_outcomes_and_lets_others_through() -> None:
    def too_small() -> None:
        raise SampleSizeError("group 'host' has 3 rows (minimum 30)")

    outcome = attempt("x", too_small)
    assert isinstance(outcome, NotEstimated) and outcome.too_small
    assert outcome.to_results("COL", "2023-12").empty

    def broken() -> None:
        raise KeyError("not an estimation problem")

    with pytest.raises(KeyError):
        attempt("x", broken)


def test_regional_rows_hold_one_decomposition_per_country_with_enough_data(
    survey: pd.DataFrame, tiny: pd.DataFrame
) -> None:
    rows = decomposition_rows("2023-12", {"COL": survey, "BRA": tiny, "PER": survey.iloc[:0]})
    assert set(rows["country"]) == {"COL"}
    assert set(rows["indicator"]) == {"oaxaca_employed", "oaxaca_employed_share_explained"}
    assert decomposition_rows("2023-12", {}).empty
