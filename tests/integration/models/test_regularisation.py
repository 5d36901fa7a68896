"""regularisation_effect: the propensity model equals statsmodels' weighted logistic GLM
(1e-8), IPW and AIPW equal their formulas evaluated on statsmodels' fits (1e-8), trimming
and balance are stated, bad input gives named errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from evidence.errors import ContractError, EstimationError, OptionError, SampleSizeError
from evidence.indicators.publish import check_results
from evidence.integration.models import regularisation_effect
from evidence.survey import SurveyDesign, replicate_design


def frame(seed: int, n: int = 800) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    years = rng.gamma(3.0, 1.5, n)
    female = rng.random(n) < 0.5
    treated = rng.random(n) < 1 / (1 + np.exp(-(-1 + 0.35 * years)))
    eta = 0.2 - 0.9 * female + 0.8 * treated + 0.05 * years
    return pd.DataFrame(
        {
            "years": years,
            "female": female.astype(float),
            "treated": treated,
            "employed": rng.random(n) < 1 / (1 + np.exp(-eta)),
            "income": 5 + 0.5 * treated + 0.1 * years + rng.normal(0, 1, n),
            "stratum": np.repeat(["s1", "s2", "s3", "s4"], n // 4),
            "psu": np.arange(n) // 20,
            "weight": rng.uniform(1, 5, n),
        }
    )


def design(data: pd.DataFrame) -> SurveyDesign:
    return SurveyDesign(data, weights="weight", strata="stratum", psu="psu")


def statsmodels_fit(y: np.ndarray, X: np.ndarray, w: np.ndarray, binary: bool) -> np.ndarray:
    family = sm.families.Binomial() if binary else sm.families.Gaussian()
    fit = sm.GLM(y, X, family=family, var_weights=w).fit(tol=1e-13)
    return np.asarray(fit.predict(X))


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("estimand", ["ATT", "ATE"])
@pytest.mark.parametrize("outcome", ["employed", "income"])
def test_ipw_and_aipw_equal_their_formulas_on_statsmodels_fits(
    seed: int, estimand: str, outcome: str
) -> None:
    data = frame(seed)
    result = regularisation_effect(data, outcome, "treated", ["years", "female"], design(data),
                                   estimand, trim=0.0)  # type: ignore[arg-type]  # fmt: skip
    X = np.column_stack([np.ones(len(data)), data["years"], data["female"]])
    t = data["treated"].to_numpy()
    y = data[outcome].to_numpy(dtype=float)
    w = data["weight"].to_numpy()
    e = statsmodels_fit(t.astype(float), X, w, True)
    a = np.where(t, w / e, w / (1 - e)) if estimand == "ATE" else np.where(t, w, w * e / (1 - e))
    mean_t, mean_c = a[t] @ y[t] / a[t].sum(), a[~t] @ y[~t] / a[~t].sum()
    ipw = result.effects.set_index("method")["estimate"]
    assert ipw["ipw"] == pytest.approx(mean_t - mean_c, rel=1e-8)
    binary = outcome == "employed"
    m1 = sm.GLM(y[t], X[t], family=sm.families.Binomial() if binary else sm.families.Gaussian(),
                var_weights=w[t]).fit(tol=1e-13).predict(X)  # fmt: skip
    m0 = sm.GLM(y[~t], X[~t], family=sm.families.Binomial() if binary else sm.families.Gaussian(),
                var_weights=w[~t]).fit(tol=1e-13).predict(X)  # fmt: skip
    correction_c = a[~t] @ (y[~t] - m0[~t]) / a[~t].sum()
    if estimand == "ATE":
        correction_t = a[t] @ (y[t] - m1[t]) / a[t].sum()
        aipw = w @ (m1 - m0) / w.sum() + correction_t - correction_c
    else:
        aipw = w[t] @ (y[t] - m0[t]) / w[t].sum() - correction_c
    assert ipw["aipw"] == pytest.approx(aipw, rel=1e-8)
    assert (result.effects["se"] > 0).all() and result.variance_method.startswith("replicate")


def test_trimming_balance_overlap_and_rows() -> None:
    data = frame(2)
    before = data.copy()
    result = regularisation_effect(data, "employed", "treated", ["years", "female"], design(data))
    assert "[0.1, 0.9]" in result.notes[0] and str(result.n_trimmed) in result.notes[0]
    assert result.n_treated + result.n_control + result.n_trimmed == len(data)
    assert list(result.overlap["group"]) == ["treated", "control"]
    scores = result.propensities
    assert len(scores) == result.n_treated + result.n_control
    assert scores["propensity"].between(0.1, 0.9).all()
    years = result.balance.set_index("covariate").loc["years"]
    assert abs(years["smd_after"]) < abs(years["smd_before"])
    rows = result.to_results("COL", "2023-12")
    check_results(rows)
    effects = rows[rows["disaggregation"] == "method"]
    assert list(effects["level"]) == ["ipw", "aipw"] and (effects["unit"] == "difference").all()
    assert (effects["n"] == result.n_treated + result.n_control).all()
    samples = rows[rows["disaggregation"] == "group"].set_index("level")
    assert samples["indicator"].unique().tolist() == [f"{effects['indicator'].iloc[0]}_sample"]
    assert samples.loc["treated", "estimate"] == samples.loc["treated", "n"] == result.n_treated
    assert samples.loc["control", "estimate"] == samples.loc["control", "n"] == result.n_control
    assert (samples["unit"] == "count").all()
    boot = replicate_design(design(data), "bootstrap", replicates=30, seed=1)
    other = regularisation_effect(data, "employed", "treated", ["years", "female"], boot)
    np.testing.assert_allclose(other.effects["estimate"], result.effects["estimate"], rtol=1e-10)
    assert "<table" in result._repr_html_()
    pd.testing.assert_frame_equal(data, before)


def test_bad_input() -> None:
    data = frame(3)
    with pytest.raises(EstimationError, match="0/1"):
        regularisation_effect(data, "employed", "years", ["female"], design(data))
    with pytest.raises(ContractError, match="trim"):
        regularisation_effect(data, "employed", "treated", ["years"], design(data), trim=0.6)
    with pytest.raises(OptionError, match="estimand"):
        regularisation_effect(data, "employed", "treated", ["years"], design(data), "ATC")  # type: ignore[arg-type]
    with pytest.raises(SampleSizeError, match="too small"):
        regularisation_effect(data, "employed", "treated", ["years"], design(data),
                              domain=np.arange(len(data)) < 40)  # fmt: skip
    with pytest.raises(ContractError, match="not in the data"):
        regularisation_effect(data, "employed", "treated", ["nope"], design(data))


@pytest.mark.parametrize("estimand", ["ATT", "ATE"])
def test_ipw_aipw_and_replicate_ses_equal_r(estimand: str) -> None:
    """An independent R implementation (reference/ipw_reference.R): glm.fit propensity and
    outcome models, trimming [0.1, 0.9], survey's ``withReplicates`` on
    ``as.svrepdesign(svydesign(ids=~psu, strata=~stratum, weights=~w), type="JKn")``.
    The SurveyDesign is turned into the same JKn replicates here. Tolerance 1e-8."""
    from pathlib import Path

    reference = Path(__file__).parent / "reference"
    data = pd.read_csv(reference / "glm_data.csv")
    expected = pd.read_csv(reference / "ipw_results.csv")
    expected = expected[expected["estimand"] == estimand].set_index("method")
    design_ = SurveyDesign(data, weights="w", strata="stratum", psu="psu")
    result = regularisation_effect(data, "y_bin", "female", ["x1", "x2"], design_, estimand)  # type: ignore[arg-type]
    ours = result.effects.set_index("method").loc[expected.index]
    np.testing.assert_allclose(ours["estimate"], expected["estimate"], rtol=1e-8)
    np.testing.assert_allclose(ours["se"], expected["se"], rtol=1e-8)
    assert result.n_trimmed == expected["trimmed"].iloc[0]
