"""The planted dropout model of the embedded default data is recovered.

evidence.synth.students plants logit P(dropout) = -2.6 - 6.0 (attendance - 0.9)
+ 0.35 over-age + 0.9 child work + 0.6 xenophobia + 0.5 caregiver irregular
- 0.5 psychosocial support + u_school (sd 0.3). Per 10 points of attendance that is -0.6.
The school effect attenuates marginal coefficients by about 1.5% (1/sqrt(1 + 0.346 * 0.09)),
well inside the tolerances, which are about three clustered standard errors at this size
(Colombia, scale 2: about 24,000 students in 600 schools):

    attendance per 10 points  -0.6   ± 0.12
    over-age (per year)        0.35  ± 0.10
    child work                 0.9   ± 0.20
    xenophobia                 0.6   ± 0.20
    caregiver irregular        0.5   ± 0.30
    psychosocial support      -0.5   ± 0.20

Terms the generator does not use (repetition, bullying, migrant, sex) must be within 0.25
of zero. The predictive model's school-grouped cross-validated ROC AUC must lie in
[0.66, 0.77] (the planted model's own AUC, school effect left out, is about 0.72), and a model
trained on one seed's data must keep its AUC on another seed's data (within 0.03 of that
data's cross-validated AUC, and in the same range).
"""

from __future__ import annotations

import pytest
from sklearn.metrics import roc_auc_score

from evidence.dropout import (
    DropoutRiskModel,
    cross_validate_risk,
    evaluate,
    fit_dropout_logit,
    training_data,
)
from evidence.synth import DROPOUT_COEFFICIENTS

PLANTED = {
    "attendance_per_10_points": (DROPOUT_COEFFICIENTS["attendance_rate_minus_0_9"] / 10, 0.12),
    "overage_years": (DROPOUT_COEFFICIENTS["overage_years"], 0.10),
    "child_work": (DROPOUT_COEFFICIENTS["child_work"], 0.20),
    "xenophobia": (DROPOUT_COEFFICIENTS["xenophobia_experienced"], 0.20),
    "caregiver_irregular": (DROPOUT_COEFFICIENTS["caregiver_irregular"], 0.30),
    "school_psychosocial_support": (DROPOUT_COEFFICIENTS["school_psychosocial_support"], 0.20),
}
NOT_PLANTED = ("repeated_grade", "bullying", "migrant", "female")
AUC_RANGE = (0.66, 0.77)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_the_logit_recovers_the_planted_effects(seed: int, linked) -> None:  # type: ignore[no-untyped-def]
    fit = fit_dropout_logit(linked("COL", seed, 2.0).frame)
    for term, (truth, tolerance) in PLANTED.items():
        assert fit.coef[term] == pytest.approx(truth, abs=tolerance), term
        assert (fit.coef[term] > 0) == (truth > 0), term
    for term in NOT_PLANTED:
        assert abs(fit.coef[term]) < 0.25, term
    assert fit.n_schools > 500


@pytest.mark.parametrize(("train_seed", "test_seed"), [(0, 1), (2, 3)])
def test_predictive_auc_in_range_and_kept_on_another_seed(
    train_seed: int, test_seed: int, linked
) -> None:  # type: ignore[no-untyped-def]
    x, y, groups = training_data(linked("PER", train_seed, 0.7).frame)
    model = DropoutRiskModel(random_state=train_seed)
    cv = cross_validate_risk(model, x, y, groups, n_splits=5, random_state=train_seed)
    cv_auc = evaluate(y, cv.risk, groups=groups, n_boot=0).metric("roc_auc")
    assert AUC_RANGE[0] <= cv_auc <= AUC_RANGE[1]

    x_new, y_new, groups_new = training_data(linked("PER", test_seed, 0.7).frame)
    fitted = DropoutRiskModel(random_state=train_seed).fit(x, y, groups=groups)
    transfer_auc = roc_auc_score(y_new, fitted.risk(x_new))
    new_cv = cross_validate_risk(DropoutRiskModel(random_state=test_seed), x_new, y_new,
                                 groups_new, n_splits=5, random_state=test_seed)  # fmt: skip
    new_cv_auc = roc_auc_score(y_new, new_cv.risk)
    assert AUC_RANGE[0] <= transfer_auc <= AUC_RANGE[1]
    assert transfer_auc >= new_cv_auc - 0.03
    assert abs(transfer_auc - cv_auc) < 0.05
