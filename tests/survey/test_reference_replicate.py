"""Replicate-weight variances against R survey 4.1.1 (R 4.2.2); tolerance relative 1e-9.

JK1 and JKn replicates are deterministic, so they are built here and compared with R's
``as.svrepdesign``. Bootstrap draws differ between R's and numpy's generators, so the
bootstrap test reuses the replicate factors R drew (reference/boot_repweights.csv, from
``set.seed(20240601); as.svrepdesign(dclus1, type='bootstrap', replicates=50)``) and checks
that the same replicates give the same variances; our own draws are checked for their form.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.errors import DesignError
from evidence.survey import (
    ReplicateDesign,
    SurveyDesign,
    estimate_mean,
    estimate_ratio,
    estimate_total,
    replicate_design,
)
from tests.survey.refdata import REFERENCE, check_stats, pick


def dclus1(apiclus1: pd.DataFrame) -> SurveyDesign:
    # R: svydesign(id=~dnum, weights=~pw, data=apiclus1, fpc=~fpc)
    return SurveyDesign(apiclus1, weights="pw", psu="dnum", fpc="fpc")


def test_jk1(apiclus1, r_ref):
    # R: jk1 <- as.svrepdesign(dclus1, type='JK1'); svymean(~api00+enroll, jk1);
    #    svytotal(~enroll, jk1); svyby(~api00, ~stype, jk1, svymean); svyratio(~api00, ~api99, jk1)
    jk1 = replicate_design(dclus1(apiclus1), "JK1")
    assert jk1.df == r_ref.value("clus1_jk1", "df")
    check_stats(
        r_ref,
        "clus1_jk1_mean",
        estimate_mean(["api00", "enroll"], jk1).to_frame(),
        ("estimate", "se"),
    )
    check_stats(
        r_ref, "clus1_jk1_total", estimate_total("enroll", jk1).to_frame(), ("estimate", "se")
    )
    check_stats(
        r_ref,
        "clus1_jk1_by_mean",
        estimate_mean("api00", jk1, by="stype").to_frame(),
        ("estimate", "se"),
    )
    check_stats(
        r_ref,
        "clus1_jk1_ratio",
        estimate_ratio("api00", "api99", jk1).to_frame(),
        ("estimate", "se"),
    )


def test_jk1_mse(apiclus1, r_ref):
    # R: svymean(~api00+enroll, as.svrepdesign(dclus1, type='JK1', mse=TRUE))
    jk1 = replicate_design(dclus1(apiclus1), "JK1", mse=True)
    check_stats(
        r_ref,
        "clus1_jk1_mse_mean",
        estimate_mean(["api00", "enroll"], jk1).to_frame(),
        ("estimate", "se"),
    )


def test_jkn(apistrat, r_ref):
    # R: svymean(~api00+enroll, as.svrepdesign(dstrat, type='JKn'));
    #    svyby(~api00, ~sch.wide, as.svrepdesign(dstrat, type='JKn'), svymean); same without fpc
    fpc = replicate_design(SurveyDesign(apistrat, weights="pw", strata="stype", fpc="fpc"), "JKn")
    check_stats(
        r_ref,
        "strat_jkn_mean",
        estimate_mean(["api00", "enroll"], fpc).to_frame(),
        ("estimate", "se"),
    )
    by = estimate_mean("api00", fpc, by="sch.wide").to_frame()
    check_stats(r_ref, "strat_jkn_by_mean", by, ("estimate", "se"))
    wr = replicate_design(SurveyDesign(apistrat, weights="pw", strata="stype"), "JKn")
    check_stats(
        r_ref,
        "strat_wr_jkn_mean",
        estimate_mean(["api00", "enroll"], wr).to_frame(),
        ("estimate", "se"),
    )


def r_bootstrap(apiclus1: pd.DataFrame, r_ref, mse: bool = False) -> ReplicateDesign:
    factors = pd.read_csv(REFERENCE / "boot_repweights.csv")
    assert (factors["dnum"].to_numpy() == apiclus1["dnum"].to_numpy()).all()
    reps = [c for c in factors.columns if c.startswith("rep")]
    frame = apiclus1.copy()
    for c in reps:
        frame[c] = factors[c].to_numpy() * frame["pw"].to_numpy()
    scale = r_ref.value("clus1_boot", "scale")
    return ReplicateDesign.from_weights(frame, "pw", reps, scale=scale, mse=mse, type="bootstrap")


def test_bootstrap_with_r_replicates(apiclus1, r_ref):
    # R: set.seed(20240601); boot <- as.svrepdesign(dclus1, type='bootstrap', replicates=50);
    #    svymean(~api00+enroll, boot); svytotal(~enroll, boot); svymean(~api00, boot with mse=TRUE)
    boot = r_bootstrap(apiclus1, r_ref)
    check_stats(
        r_ref,
        "clus1_boot_mean",
        estimate_mean(["api00", "enroll"], boot).to_frame(),
        ("estimate", "se"),
    )
    check_stats(
        r_ref, "clus1_boot_total", estimate_total("enroll", boot).to_frame(), ("estimate", "se")
    )
    mse = r_bootstrap(apiclus1, r_ref, mse=True)
    check_stats(
        r_ref, "clus1_boot_mse_mean", estimate_mean("api00", mse).to_frame(), ("estimate", "se")
    )


@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_bootstrap_draws_have_r_form(apistrat, seed):
    design = SurveyDesign(apistrat, weights="pw", strata="stype")
    boot = replicate_design(design, "bootstrap", replicates=20, seed=seed)
    s = design.structure
    # Each replicate draws n_h PSUs in every stratum: factors are counts summing to n_h.
    for h in range(s.n_strata):
        members = s.psu_stratum == h
        assert np.allclose(boot.factors[members].sum(axis=0), s.psu_count[h])
    assert np.all(boot.factors == np.round(boot.factors))
    nbar = 1 / np.mean(1 / s.psu_count)
    assert boot.scale == pytest.approx(nbar / ((nbar - 1) * 19))
    again = replicate_design(design, "bootstrap", replicates=20, seed=seed)
    assert np.array_equal(boot.factors, again.factors)
    se = pick(estimate_mean("api00", boot).to_frame(), "api00")["se"]
    assert np.isfinite(se) and se > 0


def test_jk1_refuses_strata(apistrat):
    with pytest.raises(DesignError, match="JKn"):
        replicate_design(SurveyDesign(apistrat, weights="pw", strata="stype"), "JK1")


@pytest.mark.parametrize("policy", ["certainty", "remove", "adjust", "average"])
def test_jkn_lonely_psu_policies(synthetic, r_ref, policy):
    # R: options(survey.lonely.psu=policy);
    #    svymean(~`needs/food`+`needs/health`, as.svrepdesign(d1, type='JKn'))
    design = SurveyDesign(synthetic, weights="w", strata="stratum", psu="psu", lonely_psu=policy)
    jkn = replicate_design(design, "JKn")
    result = estimate_mean(["needs/food", "needs/health"], jkn).to_frame()
    check_stats(r_ref, f"synth_{policy}_jkn_mc", result, ("estimate", "se"))


def test_replicate_design_effect(apiclus1, r_ref):
    # R: svymean(~api00, as.svrepdesign(dclus1, type='JK1'), deff='replace')
    jk1 = replicate_design(dclus1(apiclus1), "JK1")
    check_stats(
        r_ref, "clus1_jk1_deff", estimate_mean("api00", jk1).to_frame(), ("estimate", "se", "deff")
    )
