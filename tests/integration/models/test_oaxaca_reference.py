"""oaxaca against an independent R implementation (reference/oaxaca_reference.R):
``lm.wfit``/``glm.fit`` per group, Yun's normalisation written out, and survey's
``withReplicates(as.svrepdesign(svydesign(ids=~psu, weights=~w), type="JK1"), decompose)``
for the replicate SEs, on reference/glm_data.csv with groups female ("f") and male ("m").
Tolerance: 1e-8 relative on every part, its SE and the detail by variable."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.integration.models import oaxaca
from evidence.survey import SurveyDesign, replicate_design

REFERENCE = Path(__file__).parent / "reference"
RTOL = 1e-8
CASES = {
    "linear_pooled": ("y_cont", "linear", "neumark"),  # R: one fit of both groups
    "linear_b": ("y_cont", "linear", "b"),
    "linear_pooled_group": ("y_cont", "linear", "pooled"),  # R: with the group indicator
    "logistic_pooled": ("y_bin", "logistic", "neumark"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_decomposition_and_jackknife_ses_equal_r(case: str) -> None:
    outcome, model, reference = CASES[case]
    data = pd.read_csv(REFERENCE / "glm_data.csv")
    data["grp"] = np.where(data["female"] == 1, "f", "m")
    design = replicate_design(SurveyDesign(data, weights="w", psu="psu"), "JK1")
    result = oaxaca(data, outcome, "grp", ["x1", "x2"], design=design, groups=("f", "m"),
                    reference=reference, model=model)  # type: ignore[arg-type]  # fmt: skip
    ours = result.to_frame()
    ours.index = [
        part if by == "summary" else f"{part}|{by}|{term}"
        for part, by, term in zip(ours["part"], ours["by"], ours["term"], strict=True)
    ]
    expected = pd.read_csv(REFERENCE / "oaxaca_results.csv")
    expected = expected[expected["case"] == case].set_index("component")
    ours = ours.loc[expected.index]
    np.testing.assert_allclose(ours["estimate"], expected["estimate"], rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(ours["se"], expected["se"], rtol=RTOL, atol=1e-12)


@pytest.mark.parametrize(
    ("case", "outcome", "model", "reference"),
    [("linear_pooled_group", "y_cont", "linear", "pooled"),
     ("logistic_pooled", "y_bin", "logistic", "neumark")],
)  # fmt: skip
def test_delta_method_ses_equal_r_numerical_influence(
    case: str, outcome: str, model: str, reference: str
) -> None:
    """R: influence of each row = d theta / d w_i by central differences, design variance =
    ``SE(svytotal(~influence, svydesign(ids=~psu, strata=~stratum, weights=~w,
    fpc=~fpc1)))`` (reference/oaxaca_linearised.csv). Tolerance 1e-6 relative (the finite
    differences)."""
    data = pd.read_csv(REFERENCE / "glm_data.csv")
    data["grp"] = np.where(data["female"] == 1, "f", "m")
    design = SurveyDesign(data, weights="w", strata="stratum", psu="psu", fpc="fpc1")
    result = oaxaca(data, outcome, "grp", ["x1", "x2"], design=design, groups=("f", "m"),
                    reference=reference, model=model)  # type: ignore[arg-type]  # fmt: skip
    ours = result.to_frame()
    ours.index = [
        part if by == "summary" else f"{part}|{by}|{term}"
        for part, by, term in zip(ours["part"], ours["by"], ours["term"], strict=True)
    ]
    expected = pd.read_csv(REFERENCE / "oaxaca_linearised.csv")
    expected = expected[expected["case"] == case].set_index("component")
    ours = ours.loc[expected.index]
    np.testing.assert_allclose(ours["estimate"], expected["estimate"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours["se"], expected["se"], rtol=1e-6)
    assert result.df == design.df
