"""One interval: what the survey engine estimates, what disclosure publishes and judges.

The survey engine's ``beta`` interval is R's ``svyciprop(method = "beta")`` (tested in
tests/survey); disclosure control replaces it on every published ``korn_graubard`` row with the
NCHS interval (n* truncated at n), and the NCHS width rules judge that same interval. Reference
values: tests/disclosure/reference/korn_graubard.csv (see test_korn_graubard.py for the R
calls); tolerance 1e-9 absolute.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.disclosure import DisclosureOptions, apply_disclosure, korn_graubard_interval
from evidence.survey import SurveyDesign, estimate_proportion
from tests.disclosure.rows import row, table

REFERENCE = Path(__file__).parent / "reference"
SURVEY_DATA = Path(__file__).parents[1] / "survey" / "reference"
R_CASES = pd.read_csv(REFERENCE / "korn_graubard.csv").set_index("case")
TOLERANCE = 1e-9


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path)


def _clus1() -> SurveyDesign:
    # R: svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
    return SurveyDesign(_read(SURVEY_DATA / "apiclus1.csv"), weights="pw", psu="dnum", fpc="fpc")


def _strat() -> SurveyDesign:
    # R: svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
    return SurveyDesign(
        _read(SURVEY_DATA / "apistrat.csv"), weights="pw", strata="stype", fpc="fpc"
    )


def _synthetic() -> SurveyDesign:
    # R: svydesign(id = ~psu, strata = ~stratum, weights = ~weight, data = synthetic, nest = TRUE)
    data = _read(REFERENCE / "korn_graubard_data.csv")
    return SurveyDesign(data, weights="weight", strata="stratum", psu="psu")


# case -> (design, variable, level of the variable or None for 0/1, by, domain)
CASES: dict[str, tuple[Callable[[], SurveyDesign], str, str | None, str | None, str]] = {
    "clus1_sch_wide": (_clus1, "sch.wide", "Yes", None, "all"),
    "clus1_awards": (_clus1, "awards", "Yes", None, "all"),
    "clus1_high_awards": (_clus1, "awards", "Yes", "stype", "stype=H"),
    "clus1_middle_comp_imp": (_clus1, "comp.imp", "Yes", "stype", "stype=M"),
    "strat_sch_wide": (_strat, "sch.wide", "Yes", None, "all"),
    "strat_yr_rnd": (_strat, "yr.rnd", "Yes", None, "all"),
    "synthetic_common": (_synthetic, "common", None, None, "all"),
    "synthetic_rare": (_synthetic, "rare", None, None, "all"),
    "synthetic_small_common": (_synthetic, "common", None, "group", "group=small"),
    "synthetic_large_rare": (_synthetic, "rare", None, "group", "group=large"),
    "synthetic_missing_observed": (_synthetic, "with_missing", None, None, "all"),
}


def engine_row(case: str) -> pd.Series:
    design, variable, level, by, domain = CASES[case]
    frame = estimate_proportion(variable, design(), by=by, ci_method="beta").to_frame()
    hit = frame[(frame["domain"] == domain) & (frame["variable"] == variable)]
    if level is not None:
        hit = hit[hit["level"] == level]
    assert len(hit) == 1, f"{len(hit)} engine rows for {case}"
    return hit.iloc[0]


def results_row(engine: pd.Series) -> dict[str, object]:
    """The engine row as a results-contract row (what evidence.indicators writes)."""
    return row(
        estimate=engine["estimate"], se=engine["se"], ci_low=engine["ci_low"],
        ci_high=engine["ci_high"], ci_method="korn_graubard", n=int(engine["n"]),
        n_weighted=engine["n_weighted"], deff=engine["deff"], df=engine["df"],
        n_effective=engine["n_effective"], unit="proportion",
    )  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_engine_is_r_and_disclosure_publishes_nchs(case: str) -> None:
    reference = R_CASES.loc[case]
    engine = engine_row(case)
    # The engine: R's svyciprop(method = "beta"), same n and df as R's (sub)design.
    assert (engine["n"], engine["df"]) == (reference["n"], reference["df"])
    assert engine["ci_low"] == pytest.approx(reference["r_low"], abs=TOLERANCE)
    assert engine["ci_high"] == pytest.approx(reference["r_high"], abs=TOLERANCE)
    # Published: the NCHS interval, whatever the standard's verdict would be.
    published = apply_disclosure(
        table(results_row(engine)), DisclosureOptions(min_count=0, proportion_standard="none")
    ).iloc[0]
    assert published["ci_low"] == pytest.approx(reference["nchs_low"], abs=TOLERANCE)
    assert published["ci_high"] == pytest.approx(reference["nchs_high"], abs=TOLERANCE)
    assert published["estimate"] == engine["estimate"]


def test_missing_values_n_and_df_count_observed_rows_unlike_r_na_rm() -> None:
    # By design (see evidence/disclosure/korn_graubard.py): the engine's n and df are those of
    # the rows where the variable is observed, R's svyciprop(..., na.rm = TRUE) counts every row
    # and PSU. Same estimate and se; the interval differs through n and df only.
    engine = engine_row("synthetic_missing_observed")
    r_na_rm = R_CASES.loc["synthetic_missing_r_narm"]
    observed = R_CASES.loc["synthetic_missing_observed"]
    assert engine["estimate"] == pytest.approx(r_na_rm["p"], abs=TOLERANCE)
    assert engine["se"] == pytest.approx(r_na_rm["se"], rel=1e-9)
    assert (engine["n"], engine["df"]) == (observed["n"], observed["df"]) == (237, 15)
    assert (r_na_rm["n"], r_na_rm["df"]) == (288, 18)
    assert abs(engine["ci_low"] - r_na_rm["r_low"]) > 1e-4


def test_the_width_rule_judges_the_published_interval() -> None:
    # synthetic_common: R's interval is 0.033 wide (<= 0.05, presented whatever its relative
    # width); the NCHS interval at n = 288 is 0.118 wide. The verdict must follow the latter:
    # with a relative-width limit between the two relative widths, the row is withheld.
    reference = R_CASES.loc["synthetic_common"]
    engine = engine_row("synthetic_common")
    nchs_width = reference["nchs_high"] - reference["nchs_low"]
    r_width = reference["r_high"] - reference["r_low"]
    assert r_width <= 0.05 < nchs_width
    limit = (nchs_width / engine["estimate"] + 0.05 / engine["estimate"]) / 2
    options = DisclosureOptions(max_relative_ci_width=limit)
    verdict = apply_disclosure(table(results_row(engine)), options).iloc[0]
    assert verdict["suppressed"]
    assert verdict["suppression_reason"] == "nchs_relative_ci_width_gt_130"


@pytest.mark.parametrize("method", ["korn_graubard", "logit"])
def test_only_korn_graubard_rows_get_the_nchs_interval(method: str) -> None:
    frame = table(row(ci_method=method, ci_low=0.47, ci_high=0.53))
    published = apply_disclosure(frame).iloc[0]
    assert not published["suppressed"]
    low, high = korn_graubard_interval(
        np.array([0.5]), np.array([0.025]), np.array([1000.0]), np.array([30.0])
    )
    expected = (low[0], high[0]) if method == "korn_graubard" else (0.47, 0.53)
    assert (published["ci_low"], published["ci_high"]) == pytest.approx(expected, abs=1e-12)


def test_indicative_and_non_proportion_rows_keep_their_interval() -> None:
    frame = table(
        row(flags="indicative", ci_low=0.4, ci_high=0.6),
        row(indicator="mean_income", unit="mean", estimate=0.5, ci_low=0.4, ci_high=0.6,
            analysis_key="mean_income @/@ sex %/% female"),
    )  # fmt: skip
    published = apply_disclosure(frame)
    assert published["ci_low"].tolist() == [0.4, 0.4]
    assert published["ci_high"].tolist() == [0.6, 0.6]
