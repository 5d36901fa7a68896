"""fit_glm beyond the R reference: statsmodels' weighted GLM for the point estimates, bad
input (named errors or stated notes, never a silent NaN), invariances, the results object."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.errors import (
    ContractError,
    DesignError,
    EstimationError,
    OptionError,
    SampleSizeError,
)
from evidence.indicators.publish import publish
from evidence.integration.models import fit_glm
from evidence.survey import SurveyDesign


def frame(seed: int, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(
        {
            "x": rng.normal(size=n),
            "z": rng.gamma(2.0, 1.0, n),
            "region": rng.choice(["a", "b", "c"], n),
            "stratum": np.repeat(["s1", "s2"], n // 2),
            "psu": np.arange(n) // 10,
            "weight": rng.uniform(1, 6, n),
        }
    )
    eta = -0.2 + 0.6 * data["x"] - 0.3 * data["z"]
    data["y"] = rng.random(n) < 1 / (1 + np.exp(-eta))
    data["count"] = rng.poisson(np.exp(0.3 + 0.2 * data["x"]))
    return data


def design(data: pd.DataFrame) -> SurveyDesign:
    return SurveyDesign(data, weights="weight", strata="stratum", psu="psu")


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize(("family", "outcome"), [("binomial", "y"), ("poisson", "count"),
                                                 ("gaussian", "z")])  # fmt: skip
def test_point_estimates_equal_statsmodels_weighted_glm(
    seed: int, family: str, outcome: str
) -> None:
    """statsmodels GLM(y, X, family, var_weights=w): the same weighted score equations."""
    data = frame(seed)
    rhs = "x" if outcome == "z" else "x + z"
    result = fit_glm(f"{outcome} ~ {rhs} + region", data, design(data), family)  # type: ignore[arg-type]
    families = {"binomial": sm.families.Binomial(), "poisson": sm.families.Poisson(),
                "gaussian": sm.families.Gaussian()}  # fmt: skip
    reference = sm.GLM.from_formula(f"{outcome} ~ {rhs} + region",
                                    data.assign(y=data["y"].astype(float)),
                                    family=families[family], var_weights=data["weight"]).fit(
        tol=1e-13
    )  # fmt: skip
    np.testing.assert_allclose(result.params[reference.params.index], reference.params, rtol=1e-8)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.floats(0.01, 100))
def test_scaling_the_weights_changes_nothing(seed: int, scale: float) -> None:
    data = frame(seed)
    first = fit_glm("y ~ x + z", data, design(data))
    scaled = data.assign(weight=data["weight"] * scale)
    second = fit_glm("y ~ x + z", scaled, design(scaled))
    np.testing.assert_allclose(second.params_, first.params_, rtol=1e-9)
    np.testing.assert_allclose(second.bse, first.bse, rtol=1e-7)


def test_domain_fit_keeps_the_design_and_differs_from_subsetting_the_frame() -> None:
    data = frame(2)
    domain = data["region"] != "c"
    result = fit_glm("y ~ x + z", data, design(data), domain=domain)
    subset = data[domain].reset_index(drop=True)
    naive = fit_glm("y ~ x + z", subset, design(subset))
    np.testing.assert_allclose(result.params_, naive.params_, rtol=1e-10)  # same rows
    assert result.n == int(domain.sum()) and result.n_domain == int(domain.sum())
    # Same PSUs here (every PSU holds domain rows), so the SEs agree too; df are the design's.
    assert result.df_design == design(data).df


def test_missing_values_are_dropped_counted_and_stated() -> None:
    data = frame(3)
    data.loc[::8, "z"] = np.nan
    data["y"] = data["y"].astype("boolean")
    data.loc[1::16, "y"] = pd.NA
    before = data.copy()
    result = fit_glm("y ~ x + z", data, design(data))
    assert result.n_dropped == 50 + 25
    assert result.dropped["z"] == 50 and result.dropped["y"] == 25
    assert "75 of 400 rows dropped" in result.notes[0] and "Note:" in result.summary()
    assert np.isfinite(result.bse).all()
    pd.testing.assert_frame_equal(data, before)


def test_bad_input_gives_named_errors() -> None:
    data = frame(4)
    with pytest.raises(EstimationError, match="separation"):
        fit_glm("y ~ x + w", data.assign(w=data["y"].astype(float) * 10 - 5), design(data))
    with pytest.raises(EstimationError, match="'c' are constant or collinear"):
        fit_glm("y ~ x + c", data.assign(c=1.0), design(data))
    with pytest.raises(ContractError, match="'nothere', which is not a column"):
        fit_glm("y ~ x + np.log(nothere)", data, design(data))
    with pytest.raises(ContractError, match="not one column"):
        fit_glm("missing ~ x", data, design(data))
    with pytest.raises(SampleSizeError, match="too small"):
        fit_glm("y ~ x", data, design(data), domain=np.arange(400) < 20)
    with pytest.raises(EstimationError, match="between 0 and 1"):
        fit_glm("z ~ x", data, design(data), "binomial")
    with pytest.raises(OptionError, match="family"):
        fit_glm("y ~ x", data, design(data), "probit")  # type: ignore[arg-type]
    with pytest.raises(DesignError, match="only one primary sampling unit"):
        SurveyDesign(data.assign(one="p1"), weights="weight", psu="one")
    big = data.assign(psu=np.arange(400) // 50)  # 4 PSUs of 50 rows in each stratum
    with pytest.raises(EstimationError, match="single PSU"):
        fit_glm("y ~ x", big, design(big), domain=big["psu"].isin([0, 4]))
    with pytest.raises(DesignError, match="same rows"):
        fit_glm("y ~ x", data.iloc[:200], design(data))


def test_results_object() -> None:
    data = frame(5)
    result = fit_glm("y ~ x + z + region", data, design(data))
    ci = result.conf_int()
    assert (ci["lower"] < result.params).all() and (result.params < ci["upper"]).all()
    odds = result.odds_ratios()
    np.testing.assert_allclose(odds["odds_ratio"], np.exp(result.params), rtol=1e-12)
    assert "<table" in result._repr_html_() and "residual df" in result.summary()
    rows = result.to_results("PER", "2023-12")
    assert list(rows.columns[-3:]) == ["unit", "numerator", "df"]
    published = publish(rows)  # the one results path: contract checks, disclosure last
    assert not published["suppressed"].any()
    assert (rows["unit"] == "odds_ratio").all() and "intercept" not in set(rows["level"])
    assert (
        rows["indicator"].str.match(r"^[a-z][a-z0-9_]*$").all() and rows["analysis_key"].is_unique
    )
    linear = fit_glm("z ~ x", data, design(data), "gaussian")
    with pytest.raises(EstimationError, match="logistic"):
        linear.odds_ratios()
    assert (linear.to_results("PER", "2023-12")["unit"] == "coefficient").all()
    with pytest.raises(AttributeError):
        result.n = 3  # type: ignore[misc]
