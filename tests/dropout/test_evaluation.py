"""Evaluation of risk scores: equal to scikit-learn, the tie rule, calibration, bootstrap.

Independent implementations: scikit-learn 1.9 (roc_auc_score, average_precision_score,
brier_score_loss, calibration_curve) and statsmodels GLM (calibration intercept and slope).
Tolerance 1e-12 for the metrics, 1e-8 for the calibration fits.
"""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from evidence.dropout import evaluate
from evidence.dropout.results import MODEL_RESULT_COLUMNS
from evidence.errors import OptionError


def _data(seed: int, n: int = 3000, digits: int = 2) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    score = np.round(rng.beta(1.5, 8, n), digits)  # rounding makes many ties
    y = (rng.random(n) < score).astype(int)
    school = rng.integers(0, 120, n)
    group = np.where(rng.random(n) < 0.3, "migrant", "national")
    sex = np.where(rng.random(n) < 0.5, "female", "male")
    weight = rng.uniform(0.5, 4.0, n)
    return y, score, school, group, sex, weight


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_metrics_equal_scikit_learn_unweighted_and_weighted(seed: int) -> None:
    y, score, school, group, _, weight = _data(seed)
    for w in (None, weight):
        result = evaluate(y, score, groups=school, sample_weight=w, by={"group": group}, n_boot=0)
        for level in ("migrant", "national", "total"):
            rows = slice(None) if level == "total" else group == level
            d = "total" if level == "total" else "group"
            ww = None if w is None else w[rows]
            expected = {
                "roc_auc": roc_auc_score(y[rows], score[rows], sample_weight=ww),
                "average_precision": average_precision_score(
                    y[rows], score[rows], sample_weight=ww
                ),
                "brier": brier_score_loss(y[rows], score[rows], sample_weight=ww),
            }
            for name, value in expected.items():
                assert result.metric(name, d, level) == pytest.approx(value, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 1), st.integers(0, 6), st.floats(0.1, 5.0)),
        min_size=2,
        max_size=40,
    )
)
def test_metrics_equal_scikit_learn_for_any_small_sample(
    rows: list[tuple[int, int, float]],
) -> None:
    y = np.array([r[0] for r in rows])
    score = np.array([r[1] for r in rows]) / 6  # seven score values: heavy ties
    weight = np.array([r[2] for r in rows])
    result = evaluate(y, score, sample_weight=weight, n_boot=0)
    assert result.metric("brier") == pytest.approx(
        brier_score_loss(y, score, sample_weight=weight), abs=1e-12
    )
    if 0 < y.sum() < len(y):
        assert result.metric("roc_auc") == pytest.approx(
            roc_auc_score(y, score, sample_weight=weight), abs=1e-12
        )
        assert result.metric("average_precision") == pytest.approx(
            average_precision_score(y, score, sample_weight=weight), abs=1e-12
        )
    else:
        assert np.isnan(result.metric("roc_auc"))


# Ten students; three tied at 0.8 straddle the top-20% cut (2 students).
TIES_SCORE = np.array([0.9, 0.8, 0.8, 0.8, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05])
TIES_Y = np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 0])


def test_tie_rule_include_takes_every_student_tied_at_the_cut() -> None:
    result = evaluate(TIES_Y, TIES_SCORE, k=(0.1, 0.2), ties="include", n_boot=0)
    # top 10%: the 0.9 student alone (a dropout).
    assert result.metric("precision_top_10") == 1.0
    assert result.metric("recall_top_10") == 0.25
    # top 20%: 0.9 and all three 0.8s (4 students, 3 dropouts): the list holds 40%.
    assert result.metric("precision_top_20") == 0.75
    assert result.metric("recall_top_20") == 0.75
    assert result.metric("flagged_share_top_20") == 0.4
    numerator = result.metrics.set_index("metric").loc["precision_top_20", "numerator"]
    assert numerator == 3


def test_tie_rule_fractional_counts_the_tied_block_pro_rata() -> None:
    result = evaluate(TIES_Y, TIES_SCORE, k=(0.2,), ties="fractional", n_boot=0)
    # 0.9 (a dropout) plus one third of the 0.8 block (2 dropouts of 3): 1 + 2/3 of 2 flagged.
    assert result.metric("precision_top_20") == pytest.approx((1 + 2 / 3) / 2)
    assert result.metric("recall_top_20") == pytest.approx((1 + 2 / 3) / 4)
    assert result.metric("flagged_share_top_20") == pytest.approx(0.2)


def test_without_ties_the_list_holds_ceil_k_n_students() -> None:
    score = np.linspace(0.95, 0.05, 15)
    y = np.array([1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    result = evaluate(y, score, k=(0.1, 0.2), n_boot=0)
    # 1.5 -> 2 students; 3.0 -> 3 students.
    assert result.metric("flagged_share_top_10") == pytest.approx(2 / 15)
    assert result.metric("precision_top_10") == 1.0
    assert result.metric("flagged_share_top_20") == pytest.approx(3 / 15)
    assert result.metric("precision_top_20") == pytest.approx(2 / 3)
    fractional = evaluate(y, score, k=(0.1,), ties="fractional", n_boot=0)
    assert fractional.metric("precision_top_10") == 1.0  # 1.5 students, both dropouts


@pytest.mark.parametrize("seed", [0, 3])
def test_calibration_intercept_and_slope_equal_statsmodels(seed: int) -> None:
    y, score, _, _, _, weight = _data(seed)
    result = evaluate(y, score, sample_weight=weight, n_boot=0)
    logit = np.log(np.clip(score, 1e-6, 1 - 1e-6) / (1 - np.clip(score, 1e-6, 1 - 1e-6)))
    family = sm.families.Binomial()
    slope = sm.GLM(y, sm.add_constant(logit), family=family, freq_weights=weight).fit().params
    intercept = sm.GLM(y, np.ones(len(y)), family=family, offset=logit,
                       freq_weights=weight).fit().params  # fmt: skip
    assert result.metric("calibration_slope") == pytest.approx(slope[1], abs=1e-8)
    assert result.metric("calibration_intercept") == pytest.approx(intercept[0], abs=1e-8)


@pytest.mark.parametrize("strategy", ["quantile", "uniform"])
def test_reliability_curve_equals_scikit_learn(strategy: str) -> None:
    y, score, *_ = _data(4, digits=6)
    result = evaluate(y, score, n_boot=0, n_bins=8, bins=strategy)  # type: ignore[arg-type]
    observed, predicted = calibration_curve(y, score, n_bins=8, strategy=strategy)
    curve = result.reliability[result.reliability["disaggregation"] == "total"]
    np.testing.assert_allclose(curve["observed"], observed, atol=1e-12)
    np.testing.assert_allclose(curve["mean_predicted"], predicted, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 7])
def test_gaps_are_differences_and_the_bootstrap_is_seeded(seed: int) -> None:
    y, score, school, group, sex, _ = _data(seed)
    by = {"group": group, "sex": sex}
    result = evaluate(y, score, groups=school, by=by, reference={"group": "national"},
                      n_boot=50, random_state=seed)  # fmt: skip
    gap = result.gaps.set_index(["disaggregation", "metric"])
    auc_gap = gap.loc[("group", "roc_auc")]
    assert auc_gap["level"] == "migrant_minus_national"
    assert auc_gap["estimate"] == pytest.approx(
        result.metric("roc_auc", "group", "migrant") - result.metric("roc_auc", "group", "national")
    )
    assert gap.loc[("sex", "roc_auc"), "level"] == "male_minus_female"
    assert auc_gap["ci_low"] < auc_gap["estimate"] < auc_gap["ci_high"]
    again = evaluate(y, score, groups=school, by=by, reference={"group": "national"},
                     n_boot=50, random_state=seed)  # fmt: skip
    assert again.to_frame().equals(result.to_frame())
    other = evaluate(y, score, groups=school, by=by, n_boot=50, random_state=seed + 1)
    assert not np.allclose(other.metrics["ci_low"], result.metrics["ci_low"], equal_nan=True)


def test_bootstrap_by_school_is_wider_than_by_student_when_schools_differ() -> None:
    rng = np.random.default_rng(11)
    school = np.repeat(np.arange(60), 50)
    school_risk = rng.normal(0, 1.0, 60)[school]
    score = 1 / (1 + np.exp(-(-2 + school_risk + rng.normal(0, 0.5, school.size))))
    y = (rng.random(school.size) < score).astype(int)
    by_school = evaluate(y, score, groups=school, n_boot=200, random_state=1)
    by_student = evaluate(y, score, n_boot=200, random_state=1)
    se = lambda r: r.metrics.set_index("metric").loc["brier", "se"]  # noqa: E731
    assert se(by_school) > 1.5 * se(by_student)


def test_to_results_follows_the_contract() -> None:
    y, score, school, group, sex, _ = _data(5)
    result = evaluate(y, score, groups=school, by={"group": group, "sex": sex}, n_boot=20)
    table = result.to_results("ECU", "2023-12")
    assert tuple(table.columns) == MODEL_RESULT_COLUMNS
    assert table["analysis_key"].is_unique
    assert table["indicator"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert set(table["ci_method"]) == {"bootstrap"}
    precision = table[table["indicator"] == "dropout_model_precision_top_10"]
    assert (precision["unit"] == "proportion").all() and precision["numerator"].notna().all()
    assert set(table.loc[table["indicator"].str.endswith("_gap"), "unit"]) == {"difference"}


@pytest.mark.parametrize("labels", [[0, 1, 2], [0.5, 1, 0], ["yes", "no", "no"]])
def test_labels_that_are_not_0_1_are_refused(labels: list[object]) -> None:
    with pytest.raises(OptionError, match="not 0/1"):
        evaluate(labels, [0.1, 0.2, 0.3], n_boot=0)


def test_bad_scores_and_options_are_refused() -> None:
    with pytest.raises(OptionError, match="probabilities"):
        evaluate([0, 1], [0.2, 1.2], n_boot=0)
    with pytest.raises(OptionError, match="ties"):
        evaluate([0, 1], [0.2, 0.3], ties="random", n_boot=0)  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="k="):
        evaluate([0, 1], [0.2, 0.3], k=(0.1, 1.5), n_boot=0)


def test_the_text_repr_is_the_summary() -> None:
    y, score, school, group, _, _ = _data(0)
    result = evaluate(y, score, groups=school, by={"group": group}, n_boot=0)
    assert repr(result) == result.summary()
    assert "Evaluation(metrics=" not in repr(result)


@pytest.mark.parametrize("touching", [False, True])
def test_calibration_slope_on_separated_scores_is_nan_and_said(touching: bool) -> None:
    """Every dropout scored above (or, touching, tied with) every other student: the slope's
    likelihood has no maximum, so the slope is NaN and the evaluation names the domain; the
    intercept and the other metrics stay estimated."""
    y = np.r_[np.zeros(50), np.ones(50)]
    score = np.r_[np.linspace(0.1, 0.4, 50), np.linspace(0.6, 0.9, 50)]
    if touching:
        score[49] = score[50] = 0.5
    sex = np.tile(["female", "male"], 50)
    result = evaluate(y, score, by={"sex": sex}, n_boot=20)
    assert np.isnan(result.metric("calibration_slope"))
    assert np.isnan(result.metric("calibration_slope", "sex", "female"))
    assert np.isfinite(result.metric("calibration_intercept"))
    assert result.metric("roc_auc") == pytest.approx(1.0, abs=1e-3)
    assert result.separated == (("total", "total"), ("sex", "female"), ("sex", "male"))
    assert "Calibration slope not estimable" in result.summary()
    rows = result.to_results("COL", "2023-12")
    slope = rows[
        (rows["indicator"] == "dropout_model_calibration_slope") & (rows["level"] == "total")
    ]
    assert np.isnan(slope["estimate"]).all() and len(slope) == 1


def test_scores_that_overlap_are_not_separated() -> None:
    y = np.r_[np.zeros(50), np.ones(50)]
    score = np.r_[np.linspace(0.1, 0.55, 50), np.linspace(0.5, 0.9, 50)]
    result = evaluate(y, score, n_boot=0)
    assert result.separated == ()
    assert np.isfinite(result.metric("calibration_slope"))
