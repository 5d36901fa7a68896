"""Minimum-count rule for count tables."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.errors import OptionError
from evidence.indicators.small_counts import mask_small_counts


def test_small_counts_withheld_zeros_and_large_kept() -> None:
    frame = pd.DataFrame(
        {"site": ["a", "b", "c", "d"], "count": [0, 1, 4, 5], "share": [0, 0.1, 0.4, 0.5]}
    )
    before = frame.copy()
    out = mask_small_counts(frame, ["count"], 5, derived=["share"])
    assert out["count"].tolist()[0] == 0 and out["count"].tolist()[3] == 5
    assert out["count"].isna().tolist() == [False, True, True, False]
    assert out["share"].isna().tolist() == [False, True, True, False]
    assert out["suppressed"].tolist() == [False, True, True, False]
    pd.testing.assert_frame_equal(frame, before)


def test_min_count_zero_keeps_everything_and_bad_values_fail() -> None:
    frame = pd.DataFrame({"count": [1, 2]})
    assert not mask_small_counts(frame, ["count"], 0)["suppressed"].any()
    with pytest.raises(OptionError):
        mask_small_counts(frame, ["count"], -1)
