"""Oaxaca-Blinder decomposition: statsmodels' OaxacaBlinder on unweighted data (1e-8),
identities of the parts, Yun's normalisation, the gap's SE against the survey engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.oaxaca import OaxacaBlinder

from evidence.errors import ContractError, EstimationError, SampleSizeError
from evidence.indicators.publish import check_results
from evidence.integration.models import oaxaca
from evidence.survey import SurveyDesign, estimate_mean, replicate_design

TOL = 1e-8


def frame(seed: int, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = rng.random(n) < 0.5
    x1 = rng.normal(1 + 0.5 * g, 1, n)
    x2 = rng.gamma(2, 1 + 0.3 * g, n)
    edu = rng.choice(["none", "primary", "secondary", "university"], n, p=[0.2, 0.3, 0.3, 0.2])
    edu_effect = pd.Series(edu).map({"none": 0, "primary": 0.4, "secondary": 0.7,
                                     "university": 1.3}).to_numpy()  # fmt: skip
    y = 1 + 0.8 * g + (0.5 + 0.2 * g) * x1 - 0.3 * x2 + edu_effect + rng.normal(0, 1, n)
    stratum = np.where(g, "s_high", "s_low")
    return pd.DataFrame(
        {
            "y": y,
            "group": np.where(g, "high", "low"),
            "x1": x1,
            "x2": x2,
            "education": edu,
            "employed": rng.random(n) < 1 / (1 + np.exp(-(y - 2))),
            "stratum": stratum,
            "psu": [f"{s}-{i % 25}" for i, s in enumerate(stratum)],
            "weight": rng.uniform(1, 4, n),
        }
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    ("reference", "sm_type"),
    [("pooled", "pooled"), ("neumark", "nuemark"), ("cotton", "cotton"),
     ("reimers", "reimers")],
)  # fmt: skip
def test_unweighted_twofold_equals_statsmodels(seed: int, reference: str, sm_type: str) -> None:
    """statsmodels.stats.oaxaca.OaxacaBlinder(y, [x1, x2, group], bifurcate, hasconst=False)."""
    data = frame(seed)
    exog = pd.DataFrame({"x1": data["x1"], "x2": data["x2"],
                         "g": (data["group"] == "low").astype(float)})  # fmt: skip
    sm = OaxacaBlinder(data["y"].to_numpy(), exog, "g", hasconst=False)
    assert sm.gap > 0  # group 'high' (g=0) is the first group: gap = high - low, no swap
    unexplained, explained, gap = sm.two_fold(two_fold_type=sm_type).params
    ours = oaxaca(data, "y", "group", ["x1", "x2"], reference=reference,  # type: ignore[arg-type]
                  groups=("high", "low")).twofold()  # fmt: skip
    assert ours.loc["gap", "estimate"] == pytest.approx(gap, abs=TOL)
    assert ours.loc["explained", "estimate"] == pytest.approx(explained, abs=TOL)
    assert ours.loc["unexplained", "estimate"] == pytest.approx(unexplained, abs=TOL)


@pytest.mark.parametrize("seed", [0, 3])
def test_unweighted_threefold_equals_statsmodels(seed: int) -> None:
    data = frame(seed)
    exog = pd.DataFrame({"x1": data["x1"], "x2": data["x2"],
                         "g": (data["group"] == "low").astype(float)})  # fmt: skip
    endowments, coefficients, interaction, gap = (
        OaxacaBlinder(data["y"].to_numpy(), exog, "g", hasconst=False).three_fold().params
    )
    ours = oaxaca(data, "y", "group", ["x1", "x2"], groups=("high", "low")).threefold()
    expected = {"gap": gap, "endowments": endowments, "coefficients": coefficients,
                "interaction": interaction}  # fmt: skip
    for part, value in expected.items():
        assert ours.loc[part, "estimate"] == pytest.approx(value, abs=TOL)


@pytest.mark.parametrize("model", ["linear", "logistic"])
@pytest.mark.parametrize("reference", ["a", "b", "pooled", "neumark", "cotton", "reimers"])
def test_parts_add_up_to_the_gap_and_the_detail_to_the_parts(reference: str, model: str) -> None:
    data = frame(4)
    design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu")
    outcome = "employed" if model == "logistic" else "y"
    result = oaxaca(data, outcome, "group", ["x1", "x2", "education"], design=design,
                    reference=reference, model=model)  # type: ignore[arg-type]  # fmt: skip
    two, three = result.twofold()["estimate"], result.threefold()["estimate"]
    w = data["weight"]
    y = data[outcome].astype(float)
    high, low = data["group"] == "high", data["group"] == "low"
    gap = (w * y)[high].sum() / w[high].sum() - (w * y)[low].sum() / w[low].sum()
    assert two["gap"] == pytest.approx(gap, abs=1e-10)
    assert two["explained"] + two["unexplained"] == pytest.approx(gap, abs=1e-10)
    assert three[["endowments", "coefficients", "interaction"]].sum() == pytest.approx(
        gap, abs=1e-10
    )
    assert two["share_explained"] == pytest.approx(two["explained"] / gap, rel=1e-12)
    for by in ("term", "variable"):
        detail = result.detailed(by)
        assert detail["explained"].sum() == pytest.approx(two["explained"], abs=1e-10)
        assert detail["unexplained"].sum() == pytest.approx(two["unexplained"], abs=1e-10)
        detail3 = result.detailed(by, fold="threefold")
        for part in ("endowments", "coefficients", "interaction"):
            assert detail3[part].sum() == pytest.approx(three[part], abs=1e-10)
    assert result.to_frame()["se"].gt(0).sum() > 0 and np.isfinite(result.to_frame()["se"]).all()


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), base=st.sampled_from(["none", "primary", "secondary",
                                                           "university"]))  # fmt: skip
def test_normalised_detail_does_not_depend_on_the_omitted_level(seed: int, base: str) -> None:
    data = frame(seed)
    design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu")
    args = (data, "y", "group", ["x1", "education"])
    first = oaxaca(*args, design=design, reference="b", omitted={"education": "none"})
    other = oaxaca(*args, design=design, reference="b", omitted={"education": base})
    logistic = [
        oaxaca(data, "employed", "group", ["x1", "education"], design=design, model="logistic",
               omitted={"education": level}).to_frame().set_index(["part", "by", "term"])
        for level in ("none", base)
    ]  # fmt: skip
    np.testing.assert_allclose(
        logistic[1].loc[logistic[0].index, "estimate"], logistic[0]["estimate"], atol=1e-9
    )
    a = first.to_frame().set_index(["part", "by", "term"])
    b = other.to_frame().set_index(["part", "by", "term"]).loc[a.index]
    np.testing.assert_allclose(b["estimate"], a["estimate"], atol=1e-9)
    np.testing.assert_allclose(b["se"], a["se"], rtol=1e-6, atol=1e-12)
    if base != "none":  # without normalisation the detailed unexplained part moves
        raw = [oaxaca(*args, reference="b", normalize=False, omitted={"education": lv})
               .detailed() for lv in ("none", base)]  # fmt: skip
        moved = raw[0]["unexplained"] - raw[1]["unexplained"].loc[raw[0].index]
        assert abs(moved.loc["education"]) > 1e-6


@pytest.mark.parametrize("seed", [0, 7])
def test_gap_se_equals_the_survey_engine(seed: int) -> None:
    """The gap is a difference of domain means of independent strata: SE^2 = se_a^2 + se_b^2
    from evidence.survey.estimate_mean (itself equal to R's svymean by domain)."""
    data = frame(seed)
    design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu")
    result = oaxaca(data, "y", "group", ["x1", "x2"], design=design).twofold()
    means = estimate_mean(["y"], design, by="group").to_frame().dropna(subset=["group"])
    means = means.set_index("group")
    expected = np.hypot(means.loc["high", "se"], means.loc["low", "se"])
    assert result.loc["gap", "se"] == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(("outcome", "model"), [("y", "linear"), ("employed", "logistic")])
def test_linearised_and_jackknife_ses_agree(outcome: str, model: str) -> None:
    data = frame(11, n=1200)
    design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu")
    args = (data, outcome, "group", ["x1", "x2", "education"])
    linear = oaxaca(*args, design=design, model=model).to_frame()  # type: ignore[arg-type]
    jack = oaxaca(*args, design=replicate_design(design, "JKn"), model=model).to_frame()  # type: ignore[arg-type]
    np.testing.assert_allclose(jack["estimate"], linear["estimate"], rtol=1e-12, atol=1e-12)
    big = linear["se"] > 1e-6
    ratio = jack.loc[big, "se"] / linear.loc[big, "se"]
    assert ratio.between(0.85, 1.2).all(), ratio.describe()


def test_bad_input_gives_named_errors_and_stated_drops() -> None:
    data = frame(5)
    before = data.copy()
    constant = data.assign(x3=np.where(data["group"] == "high", 1.0, data["x1"]))
    with pytest.raises(EstimationError, match=r"'high'.*constant or collinear"):
        oaxaca(constant, "y", "group", ["x1", "x3"])
    with pytest.raises(SampleSizeError, match="too small"):
        oaxaca(data.iloc[:40], "y", "group", ["x1", "x2"])
    with pytest.raises(SampleSizeError, match="covariate cell"):
        oaxaca(data.assign(education=np.where(np.arange(400) < 3, "rare", data["education"])),
               "y", "group", ["education"])  # fmt: skip
    with pytest.raises(ContractError, match="not in the data"):
        oaxaca(data, "y", "group", ["x9"])
    holes = data.assign(x2=np.where(np.arange(400) % 10 == 0, np.nan, data["x2"]))
    result = oaxaca(holes, "y", "group", ["x1", "x2"])
    assert result.n_dropped == 40 and "40 rows dropped" in result.notes[0]
    assert "x2: 40" in result.summary()
    pd.testing.assert_frame_equal(data, before)


def test_to_results_rows_follow_the_contract() -> None:
    data = frame(6)
    design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu")
    rows = oaxaca(data, "y", "group", ["x1", "education"], design=design).to_results(
        "COL", "2023-12"
    )
    check_results(rows)
    assert list(rows.columns[:3]) == ["indicator", "country", "period"]
    assert rows["indicator"].str.match(r"^[a-z][a-z0-9_]*$").all()
    assert rows["analysis_key"].is_unique
    assert set(rows["unit"]) == {"difference", "ratio", "count"}


def test_to_results_carries_the_observations_of_each_group() -> None:
    """Every row's n is the observations used (both groups); the ``_sample`` rows give each
    group's, which add up to it and are their own numerator."""
    data = frame(6)
    design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu")
    result = oaxaca(data, "y", "group", ["x1", "education"], design=design)
    rows = result.to_results("COL", "2023-12")
    samples = rows[rows["indicator"] == "oaxaca_y_sample"].set_index("level")
    counts = data["group"].value_counts()
    assert list(samples.index) == [str(g) for g in result.groups]
    for group in result.groups:
        assert samples.loc[str(group), "estimate"] == counts[group]
        assert samples.loc[str(group), "n"] == counts[group]
        assert samples.loc[str(group), "numerator"] == counts[group]
    assert (samples["unit"] == "count").all() and (samples["disaggregation"] == "group").all()
    others = rows[rows["indicator"] != "oaxaca_y_sample"]
    assert (others["n"] == len(data)).all() and samples["n"].sum() == len(data)


@pytest.mark.parametrize("reference", ["a", "b", "pooled", "neumark", "cotton", "reimers"])
def test_replicate_totals_path_equals_refitting_rows(reference: str) -> None:
    """The linear replicate estimates from unit totals equal refitting every replicate."""
    from evidence.integration.models.covariates import covariate_matrix, expansion
    from evidence.integration.models.decomposition import Layout, decompose
    from evidence.integration.models.oaxaca_blinder import replicate_estimates
    from evidence.integration.models.oaxaca_fit import decomposition_inputs

    data = frame(8).assign(zero_in_low=lambda d: np.where(d["group"] == "low", 0.0, d["x2"]))
    design = replicate_design(
        SurveyDesign(data, weights="weight", strata="stratum", psu="psu"), "bootstrap",
        replicates=5, seed=2,
    )  # fmt: skip
    matrix = covariate_matrix(data, ["x1", "zero_in_low", "education"])
    expand = expansion(matrix, True)
    layout = Layout(len(matrix.names), False)
    y = data["y"].to_numpy()
    in_a = (data["group"] == "high").to_numpy()
    rows = np.arange(len(data))
    w = design.weights
    fast = replicate_estimates(matrix.X, y, in_a, w, design, rows, reference, "linear",  # type: ignore[arg-type]
                               matrix.names, (), ("high", "low"), layout, expand)  # fmt: skip
    for r in range(5):
        theta, _, _ = decomposition_inputs(
            matrix.X, y, in_a, w * design.factors[design.unit, r], reference, False,  # type: ignore[arg-type]
            matrix.names,
        )  # fmt: skip
        np.testing.assert_allclose(fast[r], decompose(theta, layout, expand).real, rtol=1e-9,
                                   atol=1e-11)  # fmt: skip


def test_gap_se_on_a_calibrated_design_equals_the_gap_engine() -> None:
    """Post-stratified on education across both groups: the gap's SE equals
    evidence.integration.difference_se (R's svycontrast, tested against R there)."""
    from evidence.integration.gap_variance import Contrast, difference_se
    from evidence.survey import poststratify

    data = frame(9)
    design = poststratify(
        SurveyDesign(data, weights="weight", strata="stratum", psu="psu"),
        "education",
        {"none": 200.0, "primary": 300.0, "secondary": 300.0, "university": 200.0},
    )
    result = oaxaca(data, "y", "group", ["x1", "x2"], design=design).twofold()
    high = (data["group"] == "high").to_numpy()
    contrast = Contrast(("high", "low"), data["y"].to_numpy(), None, high, ~high)
    expected = difference_se(design, [contrast])[("high", "low")]
    assert result.loc["gap", "se"] == pytest.approx(expected, rel=1e-9)
