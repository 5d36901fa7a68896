"""Average marginal effects: statsmodels' ``Logit.get_margeff(at="overall", dummy=True)`` on
unweighted data (estimates 1e-8; SEs 1e-6 with statsmodels' covariance in the delta method),
and central finite differences of the weighted predictions on weighted data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.special import expit

from evidence.indicators.publish import check_results
from evidence.integration.models import average_marginal_effects, fit_glm
from evidence.integration.models.formula import rebuild
from evidence.integration.models.margins import effects
from evidence.survey import SurveyDesign, replicate_design


def frame(seed: int, n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(
        {
            "x1": rng.normal(size=n),
            "x2": rng.gamma(2, 1, n),
            "female": rng.random(n) < 0.5,
            "region": rng.choice(["north", "south", "west"], n),
            "psu": np.arange(n) // 12,
            "weight": rng.uniform(1, 5, n),
        }
    )
    eta = -0.3 + 0.8 * data.x1 - 0.4 * data.x2 + 0.5 * data.female - 0.1 * data.x1**2
    data["y"] = (rng.random(n) < expit(eta)).astype(float)
    return data


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_unweighted_ame_equals_statsmodels_get_margeff(seed: int) -> None:
    data = frame(seed)
    result = fit_glm("y ~ x1 + x2 + female", data, SurveyDesign(data, weight_values=np.ones(600)))
    ours = average_marginal_effects(result, ["x1", "x2", "female"]).to_frame().set_index("variable")
    exog = sm.add_constant(np.column_stack([data.x1, data.x2, data.female.astype(float)]))
    logit = sm.Logit(data.y, exog).fit(disp=0, tol=1e-12)
    margeff = logit.get_margeff(at="overall", method="dydx", dummy=True)
    np.testing.assert_allclose(ours["ame"], margeff.margeff, rtol=1e-8)
    # The same delta method with statsmodels' (model-based) covariance of the coefficients.
    order = [0, 3, 1, 2]  # ours: Intercept, female[T.True], x1, x2; statsmodels: const, x1, x2, f
    found = effects(result, ["x1", "x2", "female"], None, result.params_)
    jac = np.array([e.gradient for e in found])
    cov = logit.cov_params().to_numpy()[np.ix_(order, order)]
    np.testing.assert_allclose(np.sqrt(np.diag(jac @ cov @ jac.T)), margeff.margeff_se, rtol=1e-6)


@pytest.mark.parametrize("seed", [3, 4])
def test_weighted_ame_and_gradient_equal_finite_differences(seed: int) -> None:
    data = frame(seed)
    design = SurveyDesign(data, weights="weight", psu="psu")
    formula = "y ~ x1 + I(x1**2) + x2 + female + region"
    result = fit_glm(formula, data, design)
    margins = average_marginal_effects(result).to_frame().set_index("term")
    w = data["weight"].to_numpy()

    def mean_prediction(frame: pd.DataFrame, params: np.ndarray) -> float:
        x = rebuild(result.matrix, frame)  # the model matrix at other covariate values
        return float(w @ expit(x @ params) / w.sum())

    delta = 1e-4
    for variable in ("x1", "x2"):
        up = mean_prediction(data.assign(**{variable: data[variable] + delta}), result.params_)
        down = mean_prediction(data.assign(**{variable: data[variable] - delta}), result.params_)
        assert margins.loc[variable, "ame"] == pytest.approx((up - down) / (2 * delta), rel=1e-6)
    south = mean_prediction(data.assign(region="south"), result.params_) - mean_prediction(
        data.assign(region="north"), result.params_
    )
    assert margins.loc["region[south]", "ame"] == pytest.approx(south, rel=1e-10)
    # The gradient in the coefficients, against a central difference in each coefficient.
    found = effects(result, ["x1"], None, result.params_)[0]
    for k in range(len(result.params_)):
        step = np.zeros(len(result.params_))
        step[k] = 1e-6
        ame = [
            w @ effects(result, ["x1"], None, result.params_ + s * step)[0].rows / w.sum()
            for s in (1, -1)
        ]
        assert found.gradient[k] == pytest.approx((ame[0] - ame[1]) / 2e-6, rel=1e-5, abs=1e-9)


def test_at_values_replicates_and_results_rows() -> None:
    data = frame(5)
    design = SurveyDesign(data, weights="weight", psu="psu")
    result = fit_glm("y ~ x1 + x2 + female", data, design)
    at = average_marginal_effects(result, ["x1"], at={"x2": 1.0}).to_frame()
    manual = effects(result, ["x1"], {"x2": 1.0}, result.params_)[0]
    w = data["weight"].to_numpy()
    assert at["ame"].iloc[0] == pytest.approx(w @ manual.rows / w.sum(), rel=1e-12)
    linear = average_marginal_effects(result).to_frame()
    jackknife = replicate_design(design, "JK1")
    jack = average_marginal_effects(fit_glm("y ~ x1 + x2 + female", data, jackknife)).to_frame()
    np.testing.assert_allclose(jack["ame"], linear["ame"], rtol=1e-10)
    assert (jack["se"] / linear["se"]).between(0.9, 1.15).all()
    rows = average_marginal_effects(result).to_results("PER", "2023-12")
    check_results(rows)
    assert (rows["unit"] == "marginal_effect").all() and rows["analysis_key"].is_unique


@pytest.mark.parametrize("kind", ["linearised", "jk1"])
def test_ame_and_design_ses_equal_r(kind: str) -> None:
    """An independent R computation (reference/margins_reference.R): AMEs from glm.fit; SEs by
    R's numerical influence through ``svytotal`` on the stratified design with fpc (1e-6, the
    finite differences) and by ``withReplicates`` on the JK1 design (1e-8)."""
    from pathlib import Path

    reference = Path(__file__).parent / "reference"
    data = pd.read_csv(reference / "glm_data.csv")
    expected = pd.read_csv(reference / "margins_results.csv").set_index("term")
    if kind == "linearised":
        design = SurveyDesign(data, weights="w", strata="stratum", psu="psu", fpc="fpc1")
    else:
        design = replicate_design(SurveyDesign(data, weights="w", psu="psu"), "JK1")
    result = fit_glm("y_bin ~ x1 + x2 + female", data, design)
    ours = average_marginal_effects(result).to_frame().set_index("term").loc[expected.index]
    np.testing.assert_allclose(ours["ame"], expected["estimate"], rtol=1e-9)
    column, tolerance = ("se_linearised", 1e-6) if kind == "linearised" else ("se_jk1", 1e-8)
    np.testing.assert_allclose(ours["se"], expected[column], rtol=tolerance)
