"""Post-stratification and raking against R survey 4.1.1 (R 4.2.2); tolerance relative 1e-9.

The totals are those of R's own examples (?postStratify, ?rake):
pop.types <- data.frame(stype=c("E","H","M"), Freq=c(4421,755,1018));
pop.schwide <- data.frame(sch.wide=c("No","Yes"), Freq=c(1072,5122)).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.errors import DesignError
from evidence.survey import SurveyDesign, estimate_mean, estimate_total, poststratify, rake
from tests.survey.refdata import REFERENCE, check_stats

POP_TYPES = {"E": 4421.0, "H": 755.0, "M": 1018.0}
POP_SCHWIDE = pd.DataFrame({"sch.wide": ["No", "Yes"], "total": [1072.0, 5122.0]})


def dclus1(apiclus1: pd.DataFrame) -> SurveyDesign:
    # R: svydesign(id=~dnum, weights=~pw, data=apiclus1, fpc=~fpc)
    return SurveyDesign(apiclus1, weights="pw", psu="dnum", fpc="fpc")


def test_poststratify(apiclus1, r_ref):
    # R: dps <- postStratify(dclus1, ~stype, pop.types); svymean(~api00+enroll, dps);
    #    svytotal(~enroll, dps); svyby(~api00, ~sch.wide, dps, svymean)
    dps = poststratify(dclus1(apiclus1), "stype", POP_TYPES)
    check_stats(
        r_ref,
        "clus1_ps_mean",
        estimate_mean(["api00", "enroll"], dps).to_frame(),
        ("estimate", "se"),
    )
    check_stats(
        r_ref, "clus1_ps_total", estimate_total("enroll", dps).to_frame(), ("estimate", "se")
    )
    check_stats(
        r_ref,
        "clus1_ps_by_mean",
        estimate_mean("api00", dps, by="sch.wide").to_frame(),
        ("estimate", "se"),
    )
    totals = estimate_total("api00", dps, by="stype").to_frame()
    weights = pd.Series(dps.weight_array()).groupby(apiclus1["stype"].to_numpy()).sum()
    assert weights.to_dict() == pytest.approx(POP_TYPES)
    assert len(totals) == 4


def test_rake(apiclus1, r_ref):
    # R: drake <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide));
    #    svymean(~api00+enroll, drake); svytotal(~enroll, drake);
    #    svyby(~api00, ~stype, drake, svymean)
    drake = rake(dclus1(apiclus1), {"stype": POP_TYPES, "sch.wide": POP_SCHWIDE})
    r_weights = pd.read_csv(REFERENCE / "rake_weights.csv")["weight"].to_numpy()
    assert np.allclose(drake.weight_array(), r_weights, rtol=1e-12, atol=0)
    check_stats(
        r_ref,
        "clus1_rake_mean",
        estimate_mean(["api00", "enroll"], drake).to_frame(),
        ("estimate", "se"),
    )
    check_stats(
        r_ref, "clus1_rake_total", estimate_total("enroll", drake).to_frame(), ("estimate", "se")
    )
    check_stats(
        r_ref,
        "clus1_rake_by_mean",
        estimate_mean("api00", drake, by="stype").to_frame(),
        ("estimate", "se"),
    )


def test_poststratify_errors_name_the_stratum(apiclus1):
    with pytest.raises(DesignError, match=r"'M'.*no population total"):
        poststratify(dclus1(apiclus1), "stype", {"E": 4421.0, "H": 755.0})
    with pytest.raises(DesignError, match=r"'X'.*no sample"):
        poststratify(dclus1(apiclus1), "stype", {**POP_TYPES, "X": 10.0})


def test_poststratify_and_rake_replicate_designs(apiclus1, r_ref):
    # R: jk1 <- as.svrepdesign(dclus1, type='JK1');
    #    svymean(~api00+enroll, postStratify(jk1, ~stype, pop.types));
    #    svyby(~api00, ~sch.wide, postStratify(jk1, ~stype, pop.types), svymean);
    #    svymean(~api00+enroll, rake(jk1, list(~stype,~sch.wide), list(pop.types,pop.schwide)))
    from evidence.survey import replicate_design

    jk1 = replicate_design(dclus1(apiclus1), "JK1")
    ps = poststratify(jk1, "stype", POP_TYPES)
    check_stats(
        r_ref,
        "clus1_jk1_ps_mean",
        estimate_mean(["api00", "enroll"], ps).to_frame(),
        ("estimate", "se"),
    )
    check_stats(
        r_ref,
        "clus1_jk1_ps_by_mean",
        estimate_mean("api00", ps, by="sch.wide").to_frame(),
        ("estimate", "se"),
    )
    raked = rake(jk1, {"stype": POP_TYPES, "sch.wide": POP_SCHWIDE})
    check_stats(
        r_ref,
        "clus1_jk1_rake_mean",
        estimate_mean(["api00", "enroll"], raked).to_frame(),
        ("estimate", "se"),
    )
