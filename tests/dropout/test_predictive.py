"""DropoutRiskModel is a scikit-learn estimator; cross-validation never splits a school.

``parametrize_with_checks`` runs scikit-learn's estimator checks (small boosters to keep the
run short). Expected failures, each with its reason:

- check_sample_weight_equivalence_on_dense_data: a weight of k is not the same as k copies
  of a row here, by design. Copies of a row can land in different calibration folds while a
  weighted row stays in one, and the booster's ``min_samples_leaf`` counts rows, not weight
  (HistGradientBoostingClassifier alone has the second property).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import parametrize_with_checks

from evidence.dropout import DropoutRiskModel, cross_validate_risk, training_data
from evidence.errors import EstimationError, OptionError

EXPECTED_FAILED = {
    "check_sample_weight_equivalence_on_dense_data": (
        "copies of a row can fall in different calibration folds and min_samples_leaf counts "
        "rows, so a weight of k is not k copies"
    ),
}


@parametrize_with_checks(
    [DropoutRiskModel(max_iter=10, min_samples_leaf=2, random_state=0)],
    expected_failed_checks=lambda _: EXPECTED_FAILED,
)
def test_scikit_learn_estimator_checks(estimator, check) -> None:  # type: ignore[no-untyped-def]
    check(estimator)


def test_init_only_stores_and_get_set_params_round_trip() -> None:
    model = DropoutRiskModel(learning_rate=0.05, calibration="sigmoid", random_state=3)
    params = model.get_params()
    assert params["learning_rate"] == 0.05 and params["calibration"] == "sigmoid"
    assert clone(model).get_params() == params
    model.set_params(calibration="bogus")  # stored as given, checked in fit
    with pytest.raises(OptionError, match="calibration"):
        model.fit(np.zeros((4, 1)), [0, 1, 0, 1])
    with pytest.raises(OptionError, match="calibration_folds"):
        DropoutRiskModel(calibration_folds=1).fit(np.zeros((4, 1)), [0, 1, 0, 1])


@pytest.mark.parametrize("seed", [0, 4])
def test_grouped_cross_validation_never_puts_a_school_in_two_folds(seed: int, linked) -> None:  # type: ignore[no-untyped-def]
    x, y, groups = training_data(linked("PER", seed, 0.3).frame)
    model = DropoutRiskModel(max_iter=20, random_state=seed)
    result = cross_validate_risk(model, x, y, groups, n_splits=5, random_state=seed)
    by_fold = result.schools_by_fold()
    for a in range(5):
        for b in range(a + 1, 5):
            assert not by_fold[a] & by_fold[b]
    # Every student scored once, by a model that never saw the student's school.
    assert (result.fold >= 0).all() and np.isfinite(result.risk).all()
    assert sum(len(s) for s in by_fold.values()) == len(np.unique(groups))
    assert result.to_frame().groupby("school_id")["fold"].nunique().max() == 1


def test_calibration_folds_are_grouped_by_school(linked) -> None:  # type: ignore[no-untyped-def]
    x, y, groups = training_data(linked("PER", 2, 0.3).frame)
    model = DropoutRiskModel(max_iter=20, random_state=0).fit(x, y, groups=groups)
    fold = model.calibration_fold_
    assert set(np.unique(fold)) == set(range(model.calibration_folds))
    # Each calibrator's held-out schools appear in no other fold, so the booster it calibrates
    # never saw them.
    assert pd.Series(fold).groupby(groups).nunique().max() == 1
    assert len(model.model_.calibrated_classifiers_) == model.calibration_folds


def test_weights_reach_the_booster(linked) -> None:  # type: ignore[no-untyped-def]
    x, y, _groups = training_data(linked("PER", 2, 0.3).frame)
    weights = np.where(x["migrant"] == 1, 5.0, 1.0)
    plain = DropoutRiskModel(max_iter=20, calibration="none", random_state=0).fit(x, y)
    weighted = DropoutRiskModel(max_iter=20, calibration="none", random_state=0).fit(
        x, y, sample_weight=weights
    )
    assert not np.allclose(plain.risk(x), weighted.risk(x))


def test_fit_is_reproducible_for_a_seed_and_leaves_inputs_alone(linked) -> None:  # type: ignore[no-untyped-def]
    x, y, groups = training_data(linked("PER", 0, 0.3).frame)
    before = x.copy()
    a = DropoutRiskModel(max_iter=20, random_state=5).fit(x, y, groups=groups).risk(x)
    b = DropoutRiskModel(max_iter=20, random_state=5).fit(x, y, groups=groups).risk(x)
    np.testing.assert_array_equal(a, b)
    pd.testing.assert_frame_equal(x, before)
    assert ((a >= 0) & (a <= 1)).all()


def test_text_columns_are_categories_and_unseen_values_are_missing(linked) -> None:  # type: ignore[no-untyped-def]
    x, y, _groups = training_data(linked("PER", 0, 0.3).frame)
    model = DropoutRiskModel(max_iter=10, calibration="none", random_state=0).fit(x, y)
    assert "xenophobia_experienced" in model.categorical_features_
    assert "attendance_rate" in model.numeric_features_
    unseen = x.head(5).assign(caregiver_education="doctorate")
    assert np.isfinite(model.risk(unseen)).all()


def test_too_few_dropouts_to_fit_is_a_stated_outcome(linked) -> None:  # type: ignore[no-untyped-def]
    # Aruba's default data: about 900 students and fewer than 100 dropouts.
    frame = linked("ABW", 0, 1.0).frame
    with pytest.raises(EstimationError, match="too few dropouts to fit"):
        training_data(frame)


def test_parallel_folds_and_refit_give_the_same_numbers(linked) -> None:  # type: ignore[no-untyped-def]
    x, y, groups = training_data(linked("PER", 3, 0.3).frame)
    model = DropoutRiskModel(max_iter=10, random_state=1)
    serial = cross_validate_risk(model, x, y, groups, n_splits=3, random_state=2)
    parallel = cross_validate_risk(model, x, y, groups, n_splits=3, random_state=2, n_jobs=2,
                                   refit=True)  # fmt: skip
    np.testing.assert_array_equal(serial.risk, parallel.risk)
    assert serial.model is None
    alone = DropoutRiskModel(max_iter=10, random_state=1).fit(x, y, groups=groups)
    np.testing.assert_array_equal(parallel.model.risk(x), alone.risk(x))


def test_a_feature_missing_for_a_whole_school_and_absent_caregivers_still_score(linked) -> None:  # type: ignore[no-untyped-def]
    x, y, groups = training_data(linked("PER", 1, 0.3).frame)
    x = x.copy()
    x.loc[groups == groups[0], "attendance_rate"] = np.nan
    caregiver_columns = [c for c in x.columns if c.startswith("caregiver_")]
    x.loc[x.index[:50], caregiver_columns] = None
    model = DropoutRiskModel(max_iter=10, random_state=0).fit(x, y, groups=groups)
    assert np.isfinite(model.risk(x)).all()
