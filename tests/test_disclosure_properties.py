"""Invariants of disclosure control over random results tables (hypothesis).

Idempotent; monotone in the minimum count; never un-suppresses; a suppressed cell shows no
estimate but keeps its count; a published cell is exactly what came in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.disclosure import DisclosureOptions, apply_disclosure
from tests.disclosure_rows import row

maybe_nan = st.one_of(st.just(np.nan), st.floats(0.0, 1.0))


@st.composite
def results_rows(draw: st.DrawFn) -> dict:
    p = draw(st.one_of(st.sampled_from([0.0, 1.0, np.nan]), st.floats(0.0, 1.0)))
    half = draw(st.floats(0.0, 0.4))
    se = draw(st.one_of(st.just(np.nan), st.floats(0.0, 0.3)))
    n = draw(st.one_of(st.just(np.nan), st.integers(0, 3000).map(float)))
    return row(
        estimate=p,
        se=se,
        ci_low=max(0.0, p - half) if p == p else np.nan,
        ci_high=min(1.0, p + half) if p == p else np.nan,
        ci_method=draw(st.sampled_from(["korn_graubard", "logit", "none"])),
        n=n,
        df=draw(st.one_of(st.just(np.nan), st.floats(0.0, 60.0))),
        deff=draw(st.one_of(st.just(np.nan), st.floats(0.1, 10.0))),
        n_effective=draw(st.one_of(st.just(np.nan), st.floats(0.0, 3000.0))),
        flags=draw(st.sampled_from(["", "indicative", "imputed"])),
        indicator=draw(st.sampled_from(["prop_needs_food", "mean_income"])),
    )


tables = st.lists(results_rows(), min_size=1, max_size=12).map(pd.DataFrame)
counts = st.integers(0, 60)
SETTINGS = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
    assert (again.loc[kept, "suppression_reason"] != "").all()


@SETTINGS
@given(tables, counts)
def test_suppressed_cells_are_empty_and_published_cells_untouched(
    frame: pd.DataFrame, min_count: int
) -> None:
    out = apply_disclosure(frame, DisclosureOptions(min_count=min_count))
    hidden = out["suppressed"].to_numpy(dtype=bool)
    for column in ("estimate", "se", "ci_low", "ci_high", "deff", "n_effective"):
        assert out.loc[hidden, column].isna().all()
        pd.testing.assert_series_equal(
            out.loc[~hidden, column], frame.loc[~hidden, column].astype(float)
        )
    pd.testing.assert_series_equal(out["n"], frame["n"])
    small = (frame["n"] < min_count) | frame["n"].isna()
    assert out.loc[small, "suppressed"].all()
    flag_columns = ["flag_df_lt_8", "flag_estimate_0_or_1", "flag_complement"]
    assert not out.loc[hidden, flag_columns].to_numpy().any()
