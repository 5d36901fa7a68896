"""Design validation (named errors that say what to fix), the indicative mode and the
results object's API."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.errors import DesignError, EstimationError, OptionError
from evidence.survey import (
    SurveyDesign,
    SurveyEstimates,
    choice_columns,
    estimate_mean,
    estimate_proportion,
    estimate_quantile,
)
from evidence.survey.results import COLUMNS
from tests.survey.refdata import pick


def test_missing_and_bad_weights_name_the_column_and_row(apistrat):
    with pytest.raises(DesignError, match=r"'nope' is not in the data"):
        SurveyDesign(apistrat, weights="nope")
    bad = apistrat.assign(pw=apistrat["pw"].where(apistrat.index != 3, -1.0))
    with pytest.raises(DesignError, match=r"row 3 has weight -1.0 in column 'pw'"):
        SurveyDesign(bad, weights="pw", strata="stype")
    missing = apistrat.assign(pw=apistrat["pw"].where(apistrat.index != 5))
    with pytest.raises(DesignError, match=r"'pw'.*row 5"):
        SurveyDesign(missing, weights="pw", strata="stype")
    with pytest.raises(DesignError, match=r"no weights="):
        SurveyDesign(apistrat, strata="stype")


def test_structure_errors(apistrat, apiclus1):
    crossing = apiclus1.assign(stratum=np.where(np.arange(len(apiclus1)) % 2, "a", "b"))
    with pytest.raises(DesignError, match=r"more than one stratum.*nest=True"):
        SurveyDesign(crossing, weights="pw", strata="stratum", psu="dnum")
    SurveyDesign(crossing, weights="pw", strata="stratum", psu="dnum", nest=True)
    with pytest.raises(DesignError, match=r"only one primary sampling unit"):
        SurveyDesign(apiclus1.assign(one=1), weights="pw", psu="one")
    with pytest.raises(DesignError, match=r"more than 100% sampling"):
        SurveyDesign(apistrat.assign(fpc=10), weights="pw", strata="stype", fpc="fpc")
    with pytest.raises(DesignError, match=r"varies within"):
        SurveyDesign(
            apistrat.assign(fpc=apistrat["fpc"] + np.arange(200)),
            weights="pw",
            strata="stype",
            fpc="fpc",
        )
    with pytest.raises(DesignError, match=r"takes no fpc"):
        SurveyDesign(apistrat, weights="pw", strata="stype", fpc="fpc", with_replacement=True)
    with pytest.raises(OptionError, match=r"lonely_psu='skip'.*'fail'"):
        SurveyDesign(apistrat, weights="pw", lonely_psu="skip")  # type: ignore[arg-type]


def test_fpc_as_fractions_equals_counts(apistrat):
    counts = SurveyDesign(apistrat, weights="pw", strata="stype", fpc="fpc")
    n_h = apistrat.groupby("stype")["stype"].transform("size")
    fractions = SurveyDesign(
        apistrat.assign(f=n_h / apistrat["fpc"]), weights="pw", strata="stype", fpc="f"
    )
    a = estimate_mean("api00", counts).to_frame()
    b = estimate_mean("api00", fractions).to_frame()
    np.testing.assert_allclose(a["se"], b["se"], rtol=1e-12)


def test_indicative_mode_gives_estimates_and_counts_only(apistrat):
    design = SurveyDesign(apistrat, weights="pw", probability=False)
    result = estimate_proportion("awards", design, by="stype")
    table = result.to_frame()
    assert table["se"].isna().all() and table["ci_low"].isna().all() and table["deff"].isna().all()
    assert table["estimate"].notna().all() and (table["n"] > 0).all()
    assert all("indicative" in f for f in table["flags"])
    assert result.caveat and "non-probability" in result.caveat
    unweighted = estimate_mean("api00", SurveyDesign(apistrat, probability=False)).to_frame()
    assert pick(unweighted, "api00")["estimate"] == pytest.approx(apistrat["api00"].mean())
    assert estimate_quantile("api00", design).to_frame()["se"].isna().all()


def test_results_object(apistrat):
    design = SurveyDesign(apistrat, weights="pw", strata="stype", fpc="fpc")
    result = estimate_proportion(
        ["awards", "stype"], design, by=["sch.wide", ("sch.wide", "yr.rnd")]
    )
    assert isinstance(result, SurveyEstimates)
    frame = result.to_frame()
    assert [c for c in frame.columns if c in COLUMNS] == list(COLUMNS)
    assert {"sch.wide", "yr.rnd"} <= set(frame.columns)
    frame.loc[0, "estimate"] = -1
    assert result.to_frame().loc[0, "estimate"] != -1  # to_frame returns a copy
    assert result.coef.index.names == ["variable", "level", "domain"]
    assert np.allclose(result.se.to_numpy(), result.to_frame()["se"].to_numpy(), equal_nan=True)
    assert list(result.confint().columns) == ["ci_low", "ci_high"]
    assert "proportion" in result.summary() and "<table" in result._repr_html_()
    row = pick(result.to_frame(), "awards", "sch.wide=Yes & yr.rnd=No", "Yes")
    assert row["disaggregation"] == "sch.wide × yr.rnd"
    assert row["n_effective"] == pytest.approx(row["n"] / row["deff"])
    assert row["cv"] == pytest.approx(row["se"] / row["estimate"])
    with pytest.raises(dataclasses_frozen_error()):
        result.statistic = "x"  # type: ignore[misc]


def dataclasses_frozen_error() -> type[Exception]:
    import dataclasses

    return dataclasses.FrozenInstanceError


def test_multiple_choice_columns(synthetic):
    design = SurveyDesign(synthetic, weights="w", strata="stratum", psu="psu", lonely_psu="adjust")
    needs = choice_columns(synthetic, "needs")
    table = estimate_proportion(needs, design).to_frame()
    assert list(table["variable"]) == ["needs"] * 3
    assert list(table["level"]) == ["food", "shelter", "health"]
    as_bool = synthetic.assign(**{c: synthetic[c].astype(bool) for c in needs})
    booleans = estimate_proportion(
        needs, SurveyDesign(as_bool, weights="w", strata="stratum", psu="psu", lonely_psu="adjust")
    )
    np.testing.assert_allclose(booleans.to_frame()["se"], table["se"], rtol=1e-12)


def test_estimator_errors(apistrat):
    design = SurveyDesign(apistrat, weights="pw", strata="stype")
    with pytest.raises(EstimationError, match=r"not numeric.*estimate_proportion"):
        estimate_mean("stype", design)
    with pytest.raises(EstimationError, match=r"'api00' is numeric but not 0/1"):
        estimate_proportion("api00", design)
    with pytest.raises(OptionError, match=r"ci_method='exact'"):
        estimate_proportion("awards", design, ci_method="exact")  # type: ignore[arg-type]
    with pytest.raises(EstimationError, match=r"by-variable"):
        estimate_mean("api00", design, by="nope")
    with pytest.raises(EstimationError, match=r"SurveyDesign"):
        estimate_mean("api00", apistrat)  # type: ignore[arg-type]


def test_missing_by_values_leave_rows_out_of_that_disaggregation(apistrat):
    frame = apistrat.assign(group=pd.Series(np.where(np.arange(200) < 20, None, "g"), dtype=object))
    design = SurveyDesign(frame, weights="pw", strata="stype")
    table = estimate_mean("api00", design, by="group").to_frame()
    assert list(table["domain"]) == ["all", "group=g"]
    assert pick(table, "api00", "group=g")["n"] == 180
