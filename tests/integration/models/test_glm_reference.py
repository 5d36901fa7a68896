"""fit_glm against R survey's svyglm (reference/glm_reference.R, R 4.2.2, survey 4.1.1).

Each case is ``svyglm(formula, design, family, control = glm.control(epsilon = 1e-14))`` on
reference/glm_data.csv (made by reference/make_glm_data.py) with ``summary()`` and
``confint()``: one-stage, stratified with fpc, two-stage with fpc at both stages, rows missing
a covariate, domains (``subset(design, dom == 1)``), JK1, JKn and bootstrap replicate designs,
and the four lonely-PSU policies. Tolerance: 1e-6 relative on coefficients, SEs, p-values and
interval ends; residual df equal.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.integration.models import fit_glm
from evidence.survey import ReplicateDesign, SurveyDesign, replicate_design

REFERENCE = Path(__file__).parent / "reference"
RTOL = 1e-6
FORMULAS = {
    "bin": "y_bin ~ x1 + x2 + female",
    "frac": "y_frac ~ x1 + x2 + female",
    "cont": "y_cont ~ x1 + x2",
    "cont3": "y_cont ~ x1 + x2 + female",
    "count": "y_count ~ x1 + female",
    "count2": "y_count ~ x1 + x2",
    "missing": "y_bin ~ x1 + x3 + x2",
    "count_missing": "y_count ~ x1 + x3",
}
CASES = {
    "one_stage_binomial": ("one_stage", "bin", "binomial", None),
    "one_stage_quasibinomial": ("one_stage", "frac", "quasibinomial", None),
    "one_stage_gaussian": ("one_stage", "cont", "gaussian", None),
    "one_stage_poisson": ("one_stage", "count", "poisson", None),
    "stratified_binomial": ("stratified", "bin", "binomial", None),
    "stratified_gaussian": ("stratified", "cont3", "gaussian", None),
    "two_stage_binomial": ("two_stage", "bin", "binomial", None),
    "two_stage_poisson": ("two_stage", "count2", "poisson", None),
    "stratified_missing_binomial": ("stratified", "missing", "binomial", None),
    "stratified_domain_binomial": ("stratified", "bin", "binomial", "dom"),
    "two_stage_domain_gaussian": ("two_stage", "cont", "gaussian", "dom"),
    "jk1_binomial": ("jk1", "bin", "binomial", None),
    "jk1_gaussian": ("jk1", "cont", "gaussian", None),
    "jkn_binomial": ("jkn", "bin", "binomial", None),
    "jkn_domain_binomial": ("jkn", "bin", "binomial", "dom"),
    "bootstrap_binomial": ("bootstrap", "bin", "binomial", None),
    "bootstrap_poisson_missing": ("bootstrap", "count_missing", "poisson", None),
    "lonely_adjust_binomial": ("lonely_adjust", "bin", "binomial", None),
    "lonely_remove_binomial": ("lonely_remove", "bin", "binomial", None),
    "lonely_certainty_binomial": ("lonely_certainty", "bin", "binomial", None),
    "lonely_average_binomial": ("lonely_average", "bin", "binomial", None),
}


def data() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "glm_data.csv")


def make_design(kind: str, frame: pd.DataFrame) -> SurveyDesign | ReplicateDesign:
    if kind == "one_stage":
        return SurveyDesign(frame, weights="w", psu="psu")
    if kind == "stratified":
        return SurveyDesign(frame, weights="w", strata="stratum", psu="psu", fpc="fpc1")
    if kind == "two_stage":
        return SurveyDesign(
            frame, weights="w", strata="stratum", psu="psu", ssu="ssu", fpc=("fpc1", "fpc2")
        )
    if kind.startswith("lonely_"):
        policy = kind.removeprefix("lonely_")
        return SurveyDesign(
            frame, weights="w", strata="stratum_lonely", psu="psu", lonely_psu=policy
        )  # type: ignore[arg-type]
    if kind == "jk1":
        return replicate_design(SurveyDesign(frame, weights="w", psu="psu"), "JK1")
    if kind == "jkn":
        return replicate_design(SurveyDesign(frame, weights="w", strata="stratum", psu="psu"))
    reps = [c for c in frame.columns if re.fullmatch(r"rep\d+", c)]
    return ReplicateDesign.from_weights(
        frame, "w", reps, scale=float(frame["boot_scale"].iloc[0]), type="bootstrap"
    )


def r_name(term: str) -> str:
    """patsy's ``x2[T.b]`` is R's ``x2b``; ``Intercept`` is ``(Intercept)``."""
    return re.sub(r"\[T\.([^\]]+)\]", r"\1", term).replace("Intercept", "(Intercept)")


@pytest.mark.parametrize("case", sorted(CASES))
def test_fit_glm_equals_r_svyglm(case: str) -> None:
    kind, formula, family, domain = CASES[case]
    frame = data()
    expected = pd.read_csv(REFERENCE / "glm_results.csv")
    expected = expected[expected["case"] == case].set_index("term")
    result = fit_glm(
        FORMULAS[formula],
        frame,
        make_design(kind, frame),
        family,  # type: ignore[arg-type]
        domain=None if domain is None else frame[domain] == 1,
    )
    table = result.to_frame().assign(term=lambda t: t["term"].map(r_name)).set_index("term")
    assert sorted(table.index) == sorted(expected.index)
    table = table.loc[expected.index]
    for ours, theirs in [
        ("coef", "coef"), ("se", "se"), ("p", "p"), ("ci_low", "ci_low"), ("ci_high", "ci_high")
    ]:  # fmt: skip
        np.testing.assert_allclose(table[ours], expected[theirs], rtol=RTOL, err_msg=ours)
    assert result.df_resid == expected["df_resid"].iloc[0]
    assert result.n == expected["n"].iloc[0]


@pytest.mark.parametrize("case", ["poststratified_binomial", "poststratified_domain_gaussian"])
def test_fit_glm_on_a_calibrated_design_equals_r(case: str) -> None:
    """``svyglm(f, postStratify(stratified, ~x2, pop))`` and a domain of it
    (reference/glm_results_calibrated.csv): scores residualised against the post-strata."""
    from evidence.survey import poststratify

    frame = data()
    expected = pd.read_csv(REFERENCE / "glm_results_calibrated.csv")
    expected = expected[expected["case"] == case].set_index("term")
    design = poststratify(make_design("stratified", frame), "x2", {"a": 6000, "b": 3500, "c": 2500})
    if case == "poststratified_binomial":
        result = fit_glm(FORMULAS["bin"], frame, design)
    else:
        result = fit_glm("y_cont ~ x1 + female", frame, design, "gaussian",
                         domain=frame["dom"] == 1)  # fmt: skip
    table = result.to_frame().assign(term=lambda t: t["term"].map(r_name)).set_index("term")
    table = table.loc[expected.index]
    for column in ("coef", "se", "p", "ci_low", "ci_high"):
        np.testing.assert_allclose(table[column], expected[column], rtol=RTOL, err_msg=column)
    assert result.df_resid == expected["df_resid"].iloc[0]
