"""Truth tables for the count rules: denominator, numerator and its complement, count rows.

Rules (evidence/disclosure/counts.py): n = 0 withholds (no observations); 0 < n < min_count
withholds; 0 < numerator < min_count withholds; for proportions 0 < n - numerator < min_count
withholds (NCHS protects a count and its complement, CDCgov/surveytable ``.lpe_n``); numerators
of 0 and n are published. Count rows publish their count: 1 to min_count - 1 withheld, zeros
published (the rule of evidence.descriptive.small_cells for plain count tables).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from evidence.disclosure import DisclosureOptions, apply_disclosure
from evidence.errors import DisclosureError
from tests.disclosure.rows import count_row, row, table

ONLY_COUNTS = DisclosureOptions(proportion_standard="none")


def proportion(numerator: int, n: int = 100, **overrides: object) -> dict[str, object]:
    p = numerator / n
    se = math.sqrt(p * (1 - p) / n) if 0 < p < 1 else 0.0
    return row(estimate=p, se=se, n=n, numerator=numerator, unit="proportion", **overrides)


# numerator of 100, reason (standard off: the count rules alone)
NUMERATOR_TRUTH_TABLE = [
    (0, ""),  # p = 0: a zero discloses no one; NCHS reviews it (flag_estimate_0_or_1)
    (1, "min_numerator"),
    (4, "min_numerator"),
    (5, ""),
    (50, ""),
    (95, ""),
    (96, "min_complement"),
    (99, "min_complement"),
    (100, ""),  # p = 1: the complement is zero
]


@pytest.mark.parametrize(("numerator", "reason"), NUMERATOR_TRUTH_TABLE)
def test_small_numerator_and_complement_are_withheld(numerator: int, reason: str) -> None:
    result = apply_disclosure(table(proportion(numerator)), ONLY_COUNTS).iloc[0]
    assert result["suppressed"] == bool(reason)
    assert result["suppression_reason"] == reason
    assert ("suppressed_small_numerator" in result["flags"].split()) == bool(reason)
    if reason:
        assert pd.isna(result["numerator"]) and math.isnan(result["estimate"])
        assert result["n"] == 100  # the domain size stays: readers see why
    else:
        assert result["numerator"] == numerator


def test_numerator_rule_joins_the_nchs_reasons() -> None:
    # 2 of 40: small numerator, and NCHS finds the interval relatively too wide.
    result = apply_disclosure(table(proportion(2, n=40))).iloc[0]
    assert result["suppression_reason"].split()[0] == "min_numerator"
    assert result["suppression_reason"].split()[1].startswith("nchs_")


def test_minimum_count_governs_the_numerator_rules() -> None:
    frame = table(proportion(7), proportion(93))
    at_ten = apply_disclosure(frame, DisclosureOptions(min_count=10, proportion_standard="none"))
    assert at_ten["suppression_reason"].tolist() == ["min_numerator", "min_complement"]
    assert not apply_disclosure(frame, ONLY_COUNTS)["suppressed"].any()


def test_complement_rule_is_for_proportions_only() -> None:
    mean_row = row(indicator="mean_income", unit="mean", estimate=300.0, se=10.0,
                   ci_method="wald", n=100, numerator=98)  # fmt: skip
    assert not apply_disclosure(table(mean_row), ONLY_COUNTS)["suppressed"].iloc[0]
    small = apply_disclosure(table({**mean_row, "numerator": 3}), ONLY_COUNTS).iloc[0]
    assert small["suppression_reason"] == "min_numerator"


def test_rows_without_numerator_are_unaffected() -> None:
    frame = table(row(numerator=pd.NA), row(numerator=2, analysis_key="b"))
    result = apply_disclosure(frame, ONLY_COUNTS)
    assert result["suppressed"].tolist() == [False, True]
    assert str(result["numerator"].dtype) == "Int64"
    assert apply_disclosure(table(row()), ONLY_COUNTS)["suppression_reason"].iloc[0] == ""


def test_numerator_rules_apply_to_indicative_rows() -> None:
    indicative = proportion(3, flags="indicative", ci_method="none", ci_low=np.nan,
                            ci_high=np.nan)  # fmt: skip
    result = apply_disclosure(table(indicative)).iloc[0]
    assert result["suppression_reason"] == "min_numerator"
    assert result["flags"] == "indicative suppressed_small_numerator"


@pytest.mark.parametrize(
    ("numerator", "message"),
    [(-1, "0 to n"), (2.5, "whole"), (101, "0 to n"), ("many", "numerator")],
)
def test_bad_numerators_raise(numerator: object, message: str) -> None:
    with pytest.raises(DisclosureError, match=message):
        apply_disclosure(table(row(n=100, numerator=numerator)))


# count, withheld (min_count 5)
COUNT_TRUTH_TABLE = [(0, False), (1, True), (4, True), (5, False), (120, False)]


@pytest.mark.parametrize(("count", "withheld"), COUNT_TRUTH_TABLE)
def test_count_rows_withhold_one_to_four_and_publish_zeros(count: int, withheld: bool) -> None:
    result = apply_disclosure(table(count_row(count))).iloc[0]
    assert result["suppressed"] == withheld
    assert result["suppression_reason"] == ("min_count" if withheld else "")
    if withheld:
        # n and n_weighted are the count itself: they go too.
        for column in ("estimate", "n", "n_weighted", "numerator"):
            assert pd.isna(result[column]), column
        assert result["flags"] == "suppressed_small_cell"
    else:
        assert result["estimate"] == result["n"] == result["numerator"] == count
        assert result["flags"] == ""


def test_count_rows_follow_the_minimum_count() -> None:
    frame = table(count_row(0), count_row(9), count_row(10))
    result = apply_disclosure(frame, DisclosureOptions(min_count=10))
    assert result["suppressed"].tolist() == [False, True, False]
    assert result["estimate"].iloc[[0, 2]].tolist() == [0.0, 10.0]


def test_count_rows_skip_the_proportion_standard_even_with_a_prop_code() -> None:
    # unit wins over the code: a count named prop_* is still a count (no NCHS rules).
    result = apply_disclosure(table(count_row(40, indicator="prop_x"))).iloc[0]
    assert not result["suppressed"]


@pytest.mark.parametrize(
    ("people", "days", "reason"),
    [(3, 40, "min_count"), (40, 3, "min_numerator"), (40, 0, ""), (0, 0, ""), (40, 60, "")],
)
def test_count_row_with_another_base_judges_both(people: int, days: int, reason: str) -> None:
    # Days counted at a site (estimate = numerator = days) among the people observed (n).
    frame = table(count_row(days, n=people, n_weighted=float(people)))
    result = apply_disclosure(frame).iloc[0]
    assert result["suppression_reason"] == reason
    if reason:
        assert result[["estimate", "n", "n_weighted", "numerator"]].isna().all()


def test_unit_decides_which_rows_are_proportions() -> None:
    weak = {"se": 0.2, "n": 40}  # n_eff 6: fails NCHS if judged as a proportion
    frame = table(
        row(indicator="share_x", unit="proportion", **weak),
        row(indicator="prop_x", unit="mean", analysis_key="b", **weak),
        row(indicator="prop_y", unit=pd.NA, analysis_key="c", **weak),
    )
    result = apply_disclosure(frame)
    assert result["suppressed"].tolist() == [True, False, True]


def test_unknown_unit_raises() -> None:
    with pytest.raises(DisclosureError, match="unit \\['percent'\\]"):
        apply_disclosure(table(row(unit="percent")))


def test_domain_with_no_observations_is_withheld_whatever_min_count() -> None:
    empty = row(n=0, estimate=np.nan, se=np.nan, ci_low=np.nan, ci_high=np.nan, ci_method="none")
    for options in (DisclosureOptions(min_count=0), ONLY_COUNTS, DisclosureOptions()):
        result = apply_disclosure(table(empty), options).iloc[0]
        assert result["suppressed"]
        assert result["suppression_reason"].split()[0] == "no_observations"
        assert "suppressed_no_observations" in result["flags"].split()
