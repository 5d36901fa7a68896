"""The interpretable dropout logit against R, and its stated handling of bad input.

Reference: tests/dropout/reference/make_reference.R (R 4.2.2, sandwich 3.0.2) on
model_data.csv (make_data.py): ``glm(dropout ~ ..., family = binomial)`` with
``sandwich::vcovCL(fit, cluster = ~school_id, type = "HC1")``, AMEs by the delta method.
Tolerances: coefficients 1e-8 absolute, clustered SEs and AME SEs 1e-6 relative, AMEs 1e-8.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.dropout import INTERPRETABLE_FEATURES, MIN_DROPOUTS, fit_dropout_logit
from evidence.dropout.results import MODEL_RESULT_COLUMNS
from evidence.errors import EstimationError

REFERENCE = Path(__file__).parent / "reference"


@pytest.fixture(scope="module")
def model_data() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "model_data.csv")


def test_coefficients_clustered_ses_and_ames_equal_r(model_data: pd.DataFrame) -> None:
    r = pd.read_csv(REFERENCE / "r_logit.csv").set_index("term")
    fit = fit_dropout_logit(model_data)
    ours = fit.to_frame().set_index("term")
    assert list(ours.index) == list(r.index)
    np.testing.assert_allclose(ours["coef"], r["coef"], rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours["se"], r["se"], rtol=1e-6)
    np.testing.assert_allclose(ours["ame"].iloc[1:], r["ame"].iloc[1:], rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours["ame_se"].iloc[1:], r["ame_se"].iloc[1:], rtol=1e-6)
    assert fit.n == 3606 and fit.n_schools == 96  # one school of a single student included
    np.testing.assert_allclose(ours["odds_ratio"], np.exp(r["coef"]), rtol=1e-8)


def test_input_is_not_changed(model_data: pd.DataFrame) -> None:
    before = model_data.copy()
    fit_dropout_logit(model_data)
    pd.testing.assert_frame_equal(model_data, before)


def test_to_results_follows_the_contract(model_data: pd.DataFrame) -> None:
    table = fit_dropout_logit(model_data).to_results("PER", "2023-12")
    assert tuple(table.columns) == MODEL_RESULT_COLUMNS
    assert table["analysis_key"].is_unique
    assert set(table["unit"]) == {"odds_ratio", "marginal_effect"}
    assert len(table) == 2 * len(INTERPRETABLE_FEATURES)
    assert table["indicator"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert (table["ci_low"] < table["estimate"]).all() and (
        table["estimate"] < table["ci_high"]
    ).all()
    child = table[(table["indicator"] == "dropout_odds_ratio") & (table["level"] == "child_work")]
    assert child["analysis_key"].item() == "dropout_odds_ratio @/@ factor %/% child_work"


def test_students_with_a_missing_covariate_are_left_out_and_counted(
    model_data: pd.DataFrame,
) -> None:
    data = model_data.copy()
    data.loc[:9, "caregiver_irregular"] = np.nan
    data.loc[10:14, "dropout"] = np.nan
    fit = fit_dropout_logit(data)
    assert fit.n == len(data) - 15
    assert fit.n_excluded == {
        "students without label or school": 5,
        "students with a covariate missing": 10,
    }


def test_a_feature_missing_for_a_whole_school_drops_that_school_from_the_logit(
    model_data: pd.DataFrame,
) -> None:
    data = model_data.copy()
    school = data["school_id"].value_counts().index[0]
    data.loc[data["school_id"] == school, "attendance_per_10_points"] = np.nan
    fit = fit_dropout_logit(data)
    assert fit.n_schools == 95
    assert (
        fit.n_excluded["students with a covariate missing"]
        == (model_data["school_id"] == school).sum()
    )


def test_a_level_with_no_dropouts_is_left_out_with_its_reason(model_data: pd.DataFrame) -> None:
    data = model_data.copy()
    data.loc[data["child_work"] == 1, "dropout"] = 1.0  # every working child drops out
    fit = fit_dropout_logit(data)
    assert "child_work" not in fit.features
    assert fit.excluded_features["child_work"].startswith("separation")
    constant = model_data.assign(female=1.0)
    assert "constant" in fit_dropout_logit(constant).excluded_features["female"]


@pytest.mark.parametrize("dropouts", [0, MIN_DROPOUTS - 1])
def test_too_few_dropouts_is_a_stated_outcome(model_data: pd.DataFrame, dropouts: int) -> None:
    data = model_data.copy()
    data["dropout"] = 0.0
    data.loc[: dropouts - 1, "dropout"] = 1.0
    with pytest.raises(EstimationError, match="too few dropouts to fit"):
        fit_dropout_logit(data)


def test_all_dropouts_is_too_few_who_stayed(model_data: pd.DataFrame) -> None:
    with pytest.raises(EstimationError, match="too few dropouts to fit"):
        fit_dropout_logit(model_data.assign(dropout=1.0))


def test_collinear_covariates_are_named(model_data: pd.DataFrame) -> None:
    data = model_data.assign(copy_of_overage=model_data["overage_years"] * 2)
    with pytest.raises(EstimationError, match="collinear"):
        fit_dropout_logit(data, features=(*INTERPRETABLE_FEATURES, "copy_of_overage"))


def test_the_text_repr_is_the_summary(model_data: pd.DataFrame) -> None:
    """Printed without HTML, the fit reads as its summary, not a dump of arrays."""
    fit = fit_dropout_logit(model_data)
    assert repr(fit) == fit.summary()
    assert "DropoutLogit(coef=" not in repr(fit)
