"""Invariants of disclosure control over random results tables (hypothesis).

Idempotent; monotone in the minimum count; never un-suppresses; a row is withheld if and only
if a rule says so (the count rules re-derived here, independently of counts.py); a withheld
row shows nothing the estimate could be read from (estimate, se, interval, numerator; a count
row's n) and keeps its domain size; a published row is what came in, except the interval of a
design-based Korn-Graubard proportion, which is the NCHS one; the NCHS interval (n* truncated
at n) is never narrower than R's untruncated one when n* exceeds n, and equal otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.disclosure import (
    DisclosureOptions,
    apply_disclosure,
    complete_domains,
    korn_graubard_interval,
)
from tests.disclosure.rows import count_row, row

maybe_nan = st.one_of(st.just(np.nan), st.floats(0.0, 1.0))
LEAKING = ("estimate", "se", "ci_low", "ci_high", "deff", "n_effective", "numerator")
COUNT_RULES = {"n_missing", "no_observations", "min_count", "min_numerator", "min_complement"}


@st.composite
def estimate_rows(draw: st.DrawFn) -> dict:
    p = draw(st.one_of(st.sampled_from([0.0, 1.0, np.nan]), st.floats(0.0, 1.0)))
    half = draw(st.floats(0.0, 0.4))
    n = draw(st.one_of(st.just(np.nan), st.integers(0, 3000).map(float)))
    numerator = draw(
        st.one_of(st.just(pd.NA), st.integers(0, 3000))
        if n == n
        else st.just(pd.NA)  # a numerator needs a known n
    )
    if numerator is not pd.NA:
        numerator = min(numerator, int(n))
    return row(
        estimate=p,
        se=draw(st.one_of(st.just(np.nan), st.floats(0.0, 0.3))),
        ci_low=max(0.0, p - half) if p == p else np.nan,
        ci_high=min(1.0, p + half) if p == p else np.nan,
        ci_method=draw(st.sampled_from(["korn_graubard", "logit", "none"])),
        n=n,
        df=draw(st.one_of(st.just(np.nan), st.floats(0.0, 60.0))),
        deff=draw(st.one_of(st.just(np.nan), st.floats(0.1, 10.0))),
        n_effective=draw(st.one_of(st.just(np.nan), st.floats(0.0, 3000.0))),
        flags=draw(st.sampled_from(["", "indicative", "imputed"])),
        indicator=draw(st.sampled_from(["prop_needs_food", "mean_income"])),
        unit=draw(st.sampled_from([pd.NA, "proportion", "mean"])),
        numerator=numerator,
    )


count_rows = st.one_of(
    st.integers(0, 40).map(lambda count: count_row(count, n=float(count))),
    # Another base: days counted (estimate = numerator) among the people observed (n).
    st.tuples(st.integers(0, 40), st.integers(0, 40)).map(
        lambda c: count_row(c[0], n=float(c[1]), n_weighted=float(c[1]))
    ),
)
results_rows = st.one_of(estimate_rows(), estimate_rows(), count_rows)
tables = st.lists(results_rows, min_size=1, max_size=12).map(pd.DataFrame)
counts = st.integers(0, 60)
SETTINGS = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def is_proportion(frame: pd.DataFrame) -> pd.Series:
    unit = frame["unit"].astype("string")
    by_code = frame["indicator"].str.startswith("prop_")
    return (unit == "proportion").fillna(False).where(unit.notna(), by_code).astype(bool)


def count_rule_withholds(frame: pd.DataFrame, min_count: int) -> pd.Series:
    """The count rules, written out row by row (the oracle of the tests below)."""

    def small(value: object) -> bool:
        return pd.notna(value) and 0 < float(value) < min_count  # type: ignore[arg-type]

    proportion = is_proportion(frame)
    verdicts = []
    for position, (_, r) in enumerate(frame.iterrows()):
        if pd.notna(r["unit"]) and r["unit"] == "count":
            other_base = pd.notna(r["numerator"]) and r["numerator"] != r["n"]
            verdicts.append(small(r["n"]) or (other_base and small(r["numerator"])))
            continue
        n, numerator = r["n"], r["numerator"]
        withheld = pd.isna(n) or n == 0 or n < min_count
        if pd.notna(numerator):
            withheld |= small(numerator)
            withheld |= bool(proportion.iloc[position]) and small(n - numerator)
        verdicts.append(bool(withheld))
    return pd.Series(verdicts, index=frame.index)


@SETTINGS
@given(tables, counts)
def test_idempotent(frame: pd.DataFrame, min_count: int) -> None:
    options = DisclosureOptions(min_count=min_count)
    once = apply_disclosure(frame, options)
    pd.testing.assert_frame_equal(apply_disclosure(once, options), once)


@SETTINGS
@given(tables, counts, counts)
def test_monotone_in_minimum_count(frame: pd.DataFrame, a: int, b: int) -> None:
    low, high = sorted((a, b))
    at_low = apply_disclosure(frame, DisclosureOptions(min_count=low))["suppressed"]
    at_high = apply_disclosure(frame, DisclosureOptions(min_count=high))["suppressed"]
    assert not (at_low & ~at_high).any()


@SETTINGS
@given(tables, counts, counts)
def test_never_unsuppresses(frame: pd.DataFrame, first: int, second: int) -> None:
    once = apply_disclosure(frame, DisclosureOptions(min_count=first))
    again = apply_disclosure(once, DisclosureOptions(min_count=second, proportion_standard="none"))
    assert not (once["suppressed"] & ~again["suppressed"]).any()
    kept = once["suppressed"]
    assert (again.loc[kept, "suppression_reason"] == once.loc[kept, "suppression_reason"]).all()


@SETTINGS
@given(tables, counts, st.sampled_from(["nchs", "none"]))
def test_withheld_if_and_only_if_a_rule_says_so(
    frame: pd.DataFrame, min_count: int, standard: str
) -> None:
    options = DisclosureOptions(min_count=min_count, proportion_standard=standard)  # type: ignore[arg-type]
    out = apply_disclosure(frame, options)
    reasons = [str(text).split() for text in out["suppression_reason"]]
    assert out["suppressed"].tolist() == [bool(codes) for codes in reasons]
    by_counts = [bool(COUNT_RULES & set(codes)) for codes in reasons]
    assert by_counts == count_rule_withholds(frame, min_count).tolist()
    nchs = np.array([any(c.startswith("nchs_") for c in codes) for codes in reasons])
    design_proportion = is_proportion(frame) & ~frame["flags"].str.contains("indicative")
    assert not (nchs & ~design_proportion.to_numpy(dtype=bool)).any()
    if standard == "none":
        assert not nchs.any()
    flagged = [any(c.startswith("suppressed_") for c in str(t).split()) for t in out["flags"]]
    assert flagged == out["suppressed"].tolist()


@SETTINGS
@given(tables, counts)
def test_withheld_rows_never_leak_and_published_rows_are_untouched(
    frame: pd.DataFrame, min_count: int
) -> None:
    out = apply_disclosure(frame, DisclosureOptions(min_count=min_count))
    hidden = out["suppressed"].to_numpy(dtype=bool)
    for column in LEAKING:
        assert out.loc[hidden, column].isna().all(), column
    count = (frame["unit"] == "count").to_numpy(dtype=bool)
    assert out.loc[hidden & count, ["n", "n_weighted"]].isna().all().all()
    # The domain size of a withheld estimate stays, so that a reader sees why.
    np.testing.assert_array_equal(
        out.loc[~count, "n"].to_numpy(dtype=float), frame.loc[~count, "n"].to_numpy(dtype=float)
    )
    for column in ("estimate", "se", "deff", "n_effective"):
        pd.testing.assert_series_equal(
            out.loc[~hidden, column], frame.loc[~hidden, column].astype(float)
        )
    published_numerator = out.loc[~hidden, "numerator"].astype("Float64")
    expected_numerator = pd.to_numeric(frame.loc[~hidden, "numerator"]).astype("Float64")
    pd.testing.assert_series_equal(published_numerator, expected_numerator)
    # Intervals: untouched unless the row is a published design-based Korn-Graubard proportion.
    kg = (
        ~hidden
        & (frame["ci_method"] == "korn_graubard").to_numpy()
        & is_proportion(frame).to_numpy()
        & ~frame["flags"].str.contains("indicative").to_numpy()
    )
    for column in ("ci_low", "ci_high"):
        pd.testing.assert_series_equal(
            out.loc[~hidden & ~kg, column], frame.loc[~hidden & ~kg, column].astype(float)
        )
    if kg.any():
        rows = frame.loc[kg]
        low, high = korn_graubard_interval(
            *(rows[c].to_numpy(dtype=float) for c in ("estimate", "se", "n", "df"))
        )
        own = np.isnan(rows["se"].to_numpy(dtype=float)) & ~rows["estimate"].isin([0.0, 1.0])
        np.testing.assert_array_equal(
            out.loc[kg, "ci_low"].to_numpy(), np.where(own, rows["ci_low"], low)
        )
        np.testing.assert_array_equal(
            out.loc[kg, "ci_high"].to_numpy(), np.where(own, rows["ci_high"], high)
        )
    review = ["flag_df_lt_8", "flag_estimate_0_or_1", "flag_complement"]
    assert not out.loc[hidden, review].to_numpy().any()


@SETTINGS
@given(
    p=st.floats(0.001, 0.999),
    n=st.integers(2, 5000),
    n_eff_over_n=st.floats(0.05, 50.0),
    df=st.one_of(st.just(np.nan), st.floats(1.0, 200.0)),
    level=st.sampled_from([0.9, 0.95, 0.99]),
)
def test_truncated_interval_is_never_narrower_than_r_when_n_star_exceeds_n(
    p: float, n: int, n_eff_over_n: float, df: float, level: float
) -> None:
    se = np.sqrt(p * (1 - p) / (n * n_eff_over_n))
    args = (np.array([p]), np.array([se]), np.array([float(n)]), np.array([df]))
    nchs = korn_graubard_interval(*args, level=level)
    r = korn_graubard_interval(*args, level=level, truncate_at_n=False)
    widths = (nchs[1][0] - nchs[0][0], r[1][0] - r[0][0])
    from scipy import stats

    tail = (1 - level) / 2
    ratio = 1.0 if np.isnan(df) else (stats.t.ppf(tail, n - 1) / stats.t.ppf(tail, df)) ** 2
    if n * n_eff_over_n * ratio > n:
        assert widths[0] >= widths[1] - 1e-12
        assert nchs[0][0] <= p <= nchs[1][0]
    else:
        assert widths[0] == pytest.approx(widths[1], abs=1e-12)


@SETTINGS
@given(
    present=st.sets(st.sampled_from(["female", "male", "other"]), min_size=1),
    unit=st.sampled_from(["proportion", "count", "mean"]),
    min_count=st.integers(0, 10),
)
def test_completed_domains_are_withheld_not_missing(
    present: set[str], unit: str, min_count: int
) -> None:
    def key(indicator: str, disaggregation: str, level: str) -> str:
        return f"{indicator} @/@ {disaggregation} %/% {level}"

    if unit == "count":
        rows = [count_row(50, disaggregation="sex", level=level) for level in sorted(present)]
    else:
        rows = [row(level=level, unit=unit) for level in sorted(present)]
    for r in rows:
        r["analysis_key"] = key(r["indicator"], "sex", r["level"])
    frame = pd.DataFrame(rows)
    levels = ["female", "male", "other"]
    out = apply_disclosure(
        complete_domains(frame, {"sex": levels}, analysis_key=key),
        DisclosureOptions(min_count=min_count),
    )
    assert sorted(out["level"]) == levels
    added = ~out["level"].isin(present)
    if unit == "count":
        # Nobody counted there: a published zero.
        assert not out.loc[added, "suppressed"].any()
        assert (out.loc[added, "estimate"] == 0).all()
    else:
        assert out.loc[added, "suppressed"].all()
        assert (out.loc[added, "suppression_reason"].str.split().str[0] == "no_observations").all()
    assert out["analysis_key"].is_unique
