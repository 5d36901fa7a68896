"""Taylor-linearisation estimates against R survey 4.1.1 (R 4.2.2).

Each test names the R call that produced its reference values (also stored beside each value
in reference/r_results.csv). Tolerance: relative 1e-9 (``RTOL`` in conftest).
"""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.survey import (
    SurveyDesign,
    estimate_mean,
    estimate_proportion,
    estimate_ratio,
    estimate_total,
)
from tests.survey.refdata import check_stats, pick


def dstrat(apistrat: pd.DataFrame, fpc: bool = True) -> SurveyDesign:
    # R: svydesign(id=~1, strata=~stype, weights=~pw, data=apistrat, fpc=~fpc)
    return SurveyDesign(apistrat, weights="pw", strata="stype", fpc="fpc" if fpc else None)


@pytest.mark.parametrize(
    ("case", "deff"), [("strat_mean_replace", "replace"), ("strat_mean_wor", "srswor")]
)
def test_stratified_means_with_fpc(apistrat, r_ref, case, deff):
    # R: svymean(~api00+enroll, dstrat, deff='replace') and deff=TRUE
    result = estimate_mean(["api00", "enroll"], dstrat(apistrat), deff=deff).to_frame()
    check_stats(r_ref, case, result, ("estimate", "se", "deff"))


@pytest.mark.parametrize(
    ("case", "deff"), [("strat_total_replace", "replace"), ("strat_total_wor", "srswor")]
)
def test_stratified_totals(apistrat, r_ref, case, deff):
    # R: svytotal(~api00+enroll, dstrat, deff='replace'); svytotal(~enroll, dstrat, deff=TRUE)
    result = estimate_total(["api00", "enroll"], dstrat(apistrat), deff=deff).to_frame()
    check_stats(r_ref, case, result, ("estimate", "se", "deff"))


def test_stratified_with_replacement(apistrat, r_ref):
    # R: svymean(~api00+enroll, svydesign(id=~1, strata=~stype, weights=~pw), deff='replace')
    result = estimate_mean(["api00", "enroll"], dstrat(apistrat, fpc=False)).to_frame()
    check_stats(r_ref, "strat_wr_mean", result, ("estimate", "se", "deff"))


def test_select_one_proportions(apistrat, r_ref):
    # R: svymean(~awards+stype, dstrat, deff='replace') (factors -> one column per category)
    result = estimate_proportion(["awards", "stype"], dstrat(apistrat)).to_frame()
    names = {f"{v}{c}": (v, c) for v in ("awards", "stype") for c in ("No", "Yes", "E", "H", "M")}
    check_stats(r_ref, "strat_prop_awards", result, ("estimate", "se", "deff"), names)


@pytest.mark.parametrize("method", ["logit", "xlogit", "beta", "asin", "mean"])
def test_proportion_intervals(apistrat, r_ref, method):
    # R: svyciprop(~I(awards=='Yes'), dstrat, method=m) and
    #    svyby(~I(awards=='Yes'), ~stype, dstrat, svyciprop, method=m, vartype='ci')
    result = estimate_proportion(
        "awards", dstrat(apistrat), by="stype", ci_method=method
    ).to_frame()
    for case in (f"strat_ciprop_{method}", f"strat_by_ciprop_{method}"):
        check_stats(
            r_ref, case, result, ("estimate", "ci_low", "ci_high"), {"awards": ("awards", "Yes")}
        )
    assert set(result["ci_method"]) == {method}


@pytest.mark.parametrize(
    ("case", "ci"), [("strat_mean_ci_t", "t"), ("strat_mean_ci_normal", "normal")]
)
def test_mean_intervals(apistrat, r_ref, case, ci):
    # R: confint(svymean(~api00, dstrat), df=degf(dstrat)) and confint(svymean(~api00, dstrat))
    result = estimate_mean("api00", dstrat(apistrat), ci_method=ci).to_frame()
    check_stats(r_ref, case, result, ("ci_low", "ci_high"))


def test_ratio_and_domain_ratios(apistrat, r_ref):
    # R: svyratio(~api00, ~api99, dstrat, deff='replace');
    #    svyby(~api00, ~stype, denominator=~api99, dstrat, svyratio)
    result = estimate_ratio("api00", "api99", dstrat(apistrat), by="stype").to_frame()
    check_stats(r_ref, "strat_ratio", result, ("estimate", "se", "deff"))
    check_stats(r_ref, "strat_by_ratio", result, ("estimate", "se"))


def test_domains_match_svyby(apistrat, r_ref):
    # R: svyby(~api00, ~stype, dstrat, svymean, deff='replace');
    #    svyby(~api00, ~stype+sch.wide, dstrat, svymean, deff='replace');
    #    svyby(~enroll, ~sch.wide, dstrat, svytotal)
    design = dstrat(apistrat)
    means = estimate_mean("api00", design, by=["stype", ("stype", "sch.wide")]).to_frame()
    check_stats(r_ref, "strat_by_mean", means, ("estimate", "se", "deff"))
    check_stats(r_ref, "strat_by_mean_cross", means, ("estimate", "se", "deff"))
    totals = estimate_total("enroll", design, by="sch.wide").to_frame()
    check_stats(r_ref, "strat_by_total", totals, ("estimate", "se"))


def test_degrees_of_freedom(apistrat, apiclus1, apiclus2, r_ref):
    # R: degf(dstrat), degf(dclus1), degf(dclus2), degf(subset(design, stype==s))
    strat = estimate_mean("api00", dstrat(apistrat), by="stype").to_frame()
    clus1 = estimate_mean(
        "api00", SurveyDesign(apiclus1, weights="pw", psu="dnum", fpc="fpc"), by="stype"
    ).to_frame()
    assert pick(strat, "api00")["df"] == r_ref.value("strat", "df")
    assert pick(clus1, "api00")["df"] == r_ref.value("clus1", "df")
    for s in ("E", "H", "M"):
        assert pick(strat, "api00", f"stype={s}")["df"] == r_ref.value(
            "strat_degf_domain", "df", domain=f"stype={s}"
        )
        assert pick(clus1, "api00", f"stype={s}")["df"] == r_ref.value(
            "clus1_degf_domain", "df", domain=f"stype={s}"
        )
    clus2 = SurveyDesign(apiclus2, psu="dnum", ssu="snum", fpc=("fpc1", "fpc2"))
    assert clus2.df == r_ref.value("clus2", "df")


def test_one_stage_cluster(apiclus1, r_ref):
    # R: dclus1 <- svydesign(id=~dnum, weights=~pw, data=apiclus1, fpc=~fpc)
    design = SurveyDesign(apiclus1, weights="pw", psu="dnum", fpc="fpc")
    check_stats(
        r_ref,
        "clus1_mean",
        estimate_mean(["api00", "enroll"], design).to_frame(),
        ("estimate", "se", "deff"),
    )
    check_stats(
        r_ref,
        "clus1_total",
        estimate_total("enroll", design).to_frame(),
        ("estimate", "se", "deff"),
    )
    check_stats(
        r_ref,
        "clus1_by_mean",
        estimate_mean("api00", design, by="stype").to_frame(),
        ("estimate", "se", "deff"),
    )


def test_two_stage_with_fpc(apiclus2, r_ref):
    # R: dclus2 <- svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, data=apiclus2) (weights from the fpc)
    design = SurveyDesign(apiclus2, psu="dnum", ssu="snum", fpc=("fpc1", "fpc2"))
    frame = estimate_mean(["api00", "enroll"], design).to_frame()
    check_stats(r_ref, "clus2_mean", frame, ("estimate", "se", "deff"))
    check_stats(
        r_ref, "clus2_total", estimate_total("api00", design).to_frame(), ("estimate", "se", "deff")
    )
    check_stats(
        r_ref,
        "clus2_by_mean",
        estimate_mean("api00", design, by="stype").to_frame(),
        ("estimate", "se", "deff"),
    )
    props = estimate_proportion("stype", design).to_frame()
    check_stats(
        r_ref, "clus2_prop", props, ("estimate", "se"), {f"stype{c}": ("stype", c) for c in "EHM"}
    )


def test_two_stage_ultimate_cluster(apiclus2, r_ref):
    # R: svymean(~api00, svydesign(id=~dnum+snum, weights=~pw, data=apiclus2)): no fpc, so the
    # second stage does not enter the variance.
    design = SurveyDesign(apiclus2, weights="pw", psu="dnum", ssu="snum")
    check_stats(
        r_ref, "clus2_wr_mean", estimate_mean("api00", design).to_frame(), ("estimate", "se")
    )
