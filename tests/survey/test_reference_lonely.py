"""Lonely PSUs, missing values and two stages with fpc, against R survey 4.1.1 (R 4.2.2).

The frame (reference/synthetic.csv) is made by make_reference.R with set.seed(20240601):
six strata, stratum h4 with a single PSU, PSU h2p1 with a single SSU, missing incomes and
statuses, a select-one and a multiple-choice question. Each policy is R's
``options(survey.lonely.psu=policy)``; the exact R calls are in r_results.csv. Tolerance:
relative 1e-9.
"""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.errors import DesignError
from evidence.survey import SurveyDesign, estimate_mean, estimate_proportion, estimate_total
from tests.survey.refdata import check_stats, pick

POLICIES = ["certainty", "remove", "adjust", "average"]
STATS = ("estimate", "se", "deff")


def one_stage(frame: pd.DataFrame, policy: str) -> SurveyDesign:
    # R: svydesign(id=~psu, strata=~stratum, weights=~w, data=synth)
    return SurveyDesign(frame, weights="w", strata="stratum", psu="psu", lonely_psu=policy)  # type: ignore[arg-type]


def two_stage(frame: pd.DataFrame, policy: str) -> SurveyDesign:
    # R: svydesign(id=~psu+ssu, strata=~stratum, weights=~w, fpc=~fpc1+fpc2, data=synth)
    return SurveyDesign(
        frame,
        weights="w",
        strata="stratum",
        psu="psu",
        ssu="ssu",
        fpc=("fpc1", "fpc2"),
        lonely_psu=policy,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("policy", POLICIES)
def test_one_stage_policies(synthetic, r_ref, policy):
    design = one_stage(synthetic, policy)
    tag = f"synth_{policy}_"
    # R: svymean(~income, d1, na.rm=TRUE, deff='replace')
    check_stats(r_ref, tag + "one_mean", estimate_mean("income", design).to_frame(), STATS)
    # R: svymean(~`needs/food`+`needs/shelter`+`needs/health`, d1)
    needs = ["needs/food", "needs/shelter", "needs/health"]
    check_stats(r_ref, tag + "one_mc", estimate_mean(needs, design).to_frame(), ("estimate", "se"))
    # R: svytotal(~`needs/food`, d1)
    check_stats(
        r_ref,
        tag + "one_total",
        estimate_total("needs/food", design).to_frame(),
        ("estimate", "se"),
    )
    # R: svyby(~`needs/food`, ~sex+age_group, d1, svymean)
    by = estimate_mean("needs/food", design, by=[("sex", "age_group")]).to_frame()
    check_stats(r_ref, tag + "one_by_mc", by, ("estimate", "se"))
    # R: svymean(~factor(status), d1, na.rm=TRUE)
    status = estimate_proportion("status", design).to_frame()
    names = {f"status{c}": ("status", c) for c in ("regular", "irregular", "in_process")}
    check_stats(r_ref, tag + "one_status", status, ("estimate", "se"), names)


@pytest.mark.parametrize("policy", POLICIES)
def test_two_stage_policies(synthetic, r_ref, policy):
    design = two_stage(synthetic, policy)
    tag = f"synth_{policy}_"
    # R: svymean(~income, d2, na.rm=TRUE)  (NaN under 'average': a lonely SSU, as R)
    check_stats(
        r_ref, tag + "two_mean", estimate_mean("income", design).to_frame(), ("estimate", "se")
    )
    # R: svymean(~`needs/food`+`needs/shelter`, d2)
    mc = estimate_mean(["needs/food", "needs/shelter"], design).to_frame()
    check_stats(r_ref, tag + "two_mc", mc, ("estimate", "se"))
    # R: svyby(~`needs/health`, ~age_group, d2, svymean);
    #    svyby(~income, ~sex, d2, svymean, na.rm=TRUE)
    check_stats(
        r_ref,
        tag + "two_by_mc",
        estimate_mean("needs/health", design, by="age_group").to_frame(),
        ("estimate", "se"),
    )
    check_stats(
        r_ref,
        tag + "two_by_income",
        estimate_mean("income", design, by="sex").to_frame(),
        ("estimate", "se"),
    )


def test_average_without_anything_to_average_is_flagged(synthetic):
    result = estimate_mean("income", two_stage(synthetic, "average")).to_frame()
    assert "variance_undefined" in pick(result, "income")["flags"]


def test_fail_policy_names_the_stratum(synthetic, r_ref):
    # R: options(survey.lonely.psu='fail'); svymean(~income, d1, na.rm=TRUE)
    #    -> "Stratum (h4) has only one PSU at stage 1"
    r_message = r_ref.rows("synth_fail")["variable"].iloc[0]
    assert "h4" in r_message
    with pytest.raises(DesignError, match=r"'h4'.*only one PSU"):
        one_stage(synthetic, "fail")


def test_fail_policy_names_a_lonely_ssu(synthetic):
    frame = synthetic[synthetic["stratum"] != "h4"]
    with pytest.raises(DesignError, match=r"h2p1.*only one SSU"):
        two_stage(frame, "fail")
