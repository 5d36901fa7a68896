"""Truth tables for disclosure control: each rule, on each side of its boundary.

Rules: minimum unweighted count (DOMAIN.md, default 5) and the NCHS Data Presentation
Standards for Proportions (Parker et al. 2017, Vital Health Stat 2(175)), with the boundaries
of NCHS's own implementation (CDCgov/surveytable ``.lpe_percents``): n_eff < 30 suppresses,
width <= 0.05 presents, width >= 0.30 suppresses, relative width > 1.30 suppresses,
complement relative width > 1.30 flags, df < 8 flags, estimates of 0 or 1 flag.

The interval judged is the NCHS Korn-Graubard interval recomputed from estimate, se, n and df
(tests/disclosure/test_publication_interval.py). Cases that pin a width by hand give the row no
se (``pinned``): the row's own korn_graubard interval is then the one judged and published, and
its effective sample size comes from ``n_effective``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from evidence.disclosure import DisclosureOptions, apply_disclosure
from evidence.errors import DisclosureError, OptionError
from tests.disclosure.rows import row, table


def verdict(**overrides: object) -> pd.Series:
    return apply_disclosure(table(row(**overrides))).iloc[0]


def pinned(n_effective: float, **overrides: object) -> dict[str, object]:
    """Overrides of a row judged by its own interval: no se, n_eff from ``n_effective``."""
    return {"se": np.nan, "n_effective": n_effective, **overrides}


# (case, overrides, suppressed, reason)
NCHS_TRUTH_TABLE = [
    ("all rules pass", {}, False, ""),
    ("n_eff just under 30", {"n_eff": 29.99}, True, "nchs_effective_n_lt_30"),
    ("n_eff exactly 30", pinned(30, ci_low=0.49, ci_high=0.51), False, ""),
    ("n_eff above n is truncated at n", {"n": 29, "n_eff": 500}, True, "nchs_effective_n_lt_30"),
    ("width exactly 0.05, huge relative width", pinned(400, estimate=0.01, ci_low=0.0,
     ci_high=0.05), False, ""),
    ("width just over 0.05, relative 5.0", pinned(400, estimate=0.01, ci_low=0.0,
     ci_high=0.0500001), True, "nchs_relative_ci_width_gt_130"),
    ("width exactly 0.30", pinned(400, ci_low=0.35, ci_high=0.65), True, "nchs_ci_width_ge_30"),
    ("width 0.2999", pinned(400, ci_low=0.35, ci_high=0.6499), False, ""),
    ("relative width exactly 1.30", pinned(400, estimate=0.1, ci_low=0.02, ci_high=0.15),
     False, ""),
    ("relative width 1.31", pinned(400, estimate=0.1, ci_low=0.02, ci_high=0.151),
     True, "nchs_relative_ci_width_gt_130"),
    ("estimate missing", {"estimate": np.nan}, True, "nchs_not_assessable"),
    ("no interval at all", {"ci_low": np.nan, "ci_high": np.nan, "se": np.nan,
     "n_effective": np.nan, "deff": np.nan}, True, "nchs_not_assessable"),
    # 5 of 100 with a design effect far below 1 (n_eff 2000 before truncation): R's untruncated
    # interval is 0.03 wide and would pass; the NCHS interval at n = 100 fails relative width.
    ("truncation at n decides", {"estimate": 0.05, "n": 100, "n_eff": 2000, "df": 60.0},
     True, "nchs_relative_ci_width_gt_130"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "suppressed", "reason"),
    [case[1:] for case in NCHS_TRUTH_TABLE],
    ids=[case[0] for case in NCHS_TRUTH_TABLE],
)
def test_nchs_truth_table(overrides: dict, suppressed: bool, reason: str) -> None:
    result = verdict(**overrides)
    assert result["suppressed"] == suppressed
    assert result["suppression_reason"] == reason
    if suppressed:
        assert all(math.isnan(result[c]) for c in ("estimate", "se", "ci_low", "ci_high"))
        assert result["n"] == row(**overrides)["n"]
        assert any(code.startswith("suppressed_") for code in result["flags"].split())
    else:
        assert result["estimate"] == row(**overrides)["estimate"]


@pytest.mark.parametrize(
    ("n", "reason"), [(0, "no_observations"), (1, "min_count"), (4, "min_count"), (5, ""), (6, "")]
)
def test_minimum_count_default_five(n: int, reason: str) -> None:
    # The proportion standard is off so that the count rule is seen alone. n = 0 has a reason
    # of its own (a domain with no observations: nothing to publish, whatever min_count is).
    only_count = DisclosureOptions(proportion_standard="none")
    result = apply_disclosure(table(row(n=n)), only_count).iloc[0]
    assert result["suppressed"] == bool(reason)
    assert result["suppression_reason"] == reason
    # With the standard on, n_eff <= n < 30 suppresses as well, for both reasons.
    both = apply_disclosure(table(row(n=n))).iloc[0]
    assert both["suppressed"]
    assert (reason in both["suppression_reason"].split()) == bool(reason)


def test_minimum_count_is_configurable() -> None:
    # The standard is off: at n_eff = 40 the NCHS interval is 0.30 wide and would fail too.
    frame = table(row(n=40, n_eff=40), row(n=60, n_eff=60))
    result = apply_disclosure(frame, DisclosureOptions(min_count=50, proportion_standard="none"))
    assert result["suppressed"].tolist() == [True, False]
    assert result["suppression_reason"].iloc[0] == "min_count"


def test_missing_count_is_suppressed() -> None:
    result = verdict(n=np.nan)
    assert result["suppressed"] and "n_missing" in result["suppression_reason"]


@pytest.mark.parametrize(
    ("df", "flagged"), [(7.0, True), (7.999, True), (8.0, False), (np.nan, False)]
)
def test_degrees_of_freedom_under_eight_flag_without_suppressing(df: float, flagged: bool) -> None:
    result = verdict(df=df)
    assert not result["suppressed"]
    assert result["flag_df_lt_8"] == flagged
    assert ("unreliable_low_df" in result["flags"].split()) == flagged
    assert result["estimate"] == 0.5


@pytest.mark.parametrize(
    ("estimate", "n", "suppressed", "flagged"),
    [(0.0, 30, False, True), (1.0, 30, False, True), (0.0, 29, True, False), (1, 10, True, False)],
)
def test_estimates_of_zero_or_one_go_to_statistical_review(
    estimate: float, n: int, suppressed: bool, flagged: bool
) -> None:
    # p = 0 or 1: n_eff is the sample size; the width steps do not apply (NCHS).
    result = verdict(estimate=estimate, se=0.0, n=n, ci_low=0.0, ci_high=0.2, n_effective=np.nan)
    assert result["suppressed"] == suppressed
    assert result["flag_estimate_0_or_1"] == flagged
    assert ("unreliable_estimate_0_or_1" in result["flags"].split()) == flagged


@pytest.mark.parametrize(
    ("estimate", "flagged"),
    # width 0.2: the complement 1 - p has relative width 0.2 / (1 - p); 1.30 at p = 0.84615.
    [(0.84, False), (0.846, False), (0.847, True), (0.85, True), (0.5, False)],
)
def test_complement_rule_flags(estimate: float, flagged: bool) -> None:
    result = verdict(
        **pinned(100, estimate=estimate, ci_low=estimate - 0.1, ci_high=estimate + 0.1)
    )
    assert not result["suppressed"]
    assert result["flag_complement"] == flagged
    assert ("unreliable_complement" in result["flags"].split()) == flagged


def test_complement_not_checked_below_005_width() -> None:
    result = verdict(**pinned(500, estimate=0.99, ci_low=0.96, ci_high=0.999))
    assert not result["suppressed"] and not result["flag_complement"]


def test_indicative_rows_get_only_the_minimum_count() -> None:
    frame = table(
        row(flags="indicative", n=4, se=np.nan, ci_low=np.nan, ci_high=np.nan, ci_method="none"),
        row(flags="indicative", n=5, estimate=0.01, se=np.nan, ci_low=np.nan, ci_high=np.nan,
            ci_method="none", df=2.0, n_effective=np.nan, deff=np.nan),
    )  # fmt: skip
    result = apply_disclosure(frame)
    assert result["suppressed"].tolist() == [True, False]
    assert result["suppression_reason"].tolist() == ["min_count", ""]
    assert result["estimate"].iloc[1] == 0.01
    assert not result["flag_df_lt_8"].iloc[1]  # no design, no df rule
    assert result["flags"].tolist() == ["indicative suppressed_small_cell", "indicative"]


def test_non_proportions_get_minimum_count_and_df_flag_only() -> None:
    mean_row = row(
        indicator="mean_income", analysis_key="mean_income @/@ total %/% total",
        estimate=350.0, se=300.0, ci_low=-250.0, ci_high=950.0, ci_method="wald", n=12, df=5.0,
    )  # fmt: skip
    result = apply_disclosure(table(mean_row)).iloc[0]
    assert not result["suppressed"] and result["estimate"] == 350.0
    assert result["flag_df_lt_8"]


def test_fallbacks_for_effective_sample_size() -> None:
    # No se: the table's n_effective, then n / max(deff, 1).
    assert verdict(se=np.nan, n_effective=29.0)["suppressed"]
    assert not verdict(se=np.nan, n_effective=31.0)["suppressed"]
    assert verdict(se=np.nan, n_effective=np.nan, n=100, deff=4.0)["suppressed"]  # 25
    assert not verdict(se=np.nan, n_effective=np.nan, n=100, deff=0.5)["suppressed"]  # 100


def test_interval_rebuilt_when_not_korn_graubard() -> None:
    # A logit interval of width 0.08 would pass; the Korn-Graubard one from se is wider.
    wide = verdict(ci_method="logit", ci_low=0.46, ci_high=0.54, se=0.09, n=100, df=10.0)
    assert wide["suppressed"] and wide["suppression_reason"] == "nchs_ci_width_ge_30"
    narrow = verdict(ci_method="logit", se=0.01, n=5000, df=100.0)
    assert not narrow["suppressed"]


def test_standard_none_keeps_only_minimum_count() -> None:
    result = apply_disclosure(
        table(row(n_eff=10)), DisclosureOptions(proportion_standard="none")
    ).iloc[0]
    assert not result["suppressed"]


def test_missing_columns_raise_disclosure_error() -> None:
    frame = table(row()).drop(columns=["se", "analysis_key"])
    with pytest.raises(DisclosureError, match=r"\['se', 'analysis_key'\].*results.yaml"):
        apply_disclosure(frame)


def test_bad_options_raise_option_error() -> None:
    with pytest.raises(OptionError, match="min_count"):
        DisclosureOptions(min_count=-1)
    with pytest.raises(OptionError, match="proportion_standard"):
        DisclosureOptions(proportion_standard="cdc")  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="small_ci_width"):
        DisclosureOptions(small_ci_width=0.5)
    with pytest.raises(OptionError, match="options must be"):
        apply_disclosure(table(row()), {"min_count": 3})  # type: ignore[arg-type]


def test_input_is_not_mutated() -> None:
    frame = table(row(n=3), row(n_eff=10), row())
    before = frame.copy(deep=True)
    apply_disclosure(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_accepts_results_objects() -> None:
    class Result:
        def to_frame(self) -> pd.DataFrame:
            return table(row(n=2))

    assert apply_disclosure(Result())["suppressed"].iloc[0]
