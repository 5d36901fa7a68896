"""Numbers written by their kind, the same in every study and language."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidence.display.format import KINDS, format_value, result_strings
from evidence.errors import OptionError


@pytest.mark.parametrize(
    ("value", "kind", "language", "written"),
    [
        (0.125, "proportion", "es", "12,5\u00a0%"),
        (0.125, "proportion", "en", "12.5%"),
        (0.125, "ratio", "pt", "12,5%"),
        (-0.1204, "points", "es", "-12,0"),
        (313783.61, "total", "es", "313.784"),  # a weighted count is a whole number
        (1923.46, "rate", "es", "1.923,5"),
        (709.0, "rate", "en", "709.0"),  # one decimal for every rate, whole or not
        (0.6234, "index", "en", "0.62"),
        (1.5, "odds_ratio", "es", "1,50"),
        (-0.003, "index", "es", "0,00"),  # no "-0,00"
        (float("nan"), "count", "es", "–"),
        (None, "proportion", "en", "–"),
    ],
)
def test_each_kind_is_written_one_way(value, kind, language, written) -> None:  # type: ignore[no-untyped-def]
    assert format_value(value, kind, language) == written


def test_unknown_kind_is_a_named_error() -> None:
    with pytest.raises(OptionError, match="kind"):
        format_value(1.0, "percentage", "es")


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.sampled_from(KINDS),
    st.sampled_from(["es", "pt", "en"]),
)
def test_never_a_negative_zero_and_a_row_allows_its_own_numbers(value, kind, language) -> None:  # type: ignore[no-untyped-def]
    text = format_value(value, kind, language)
    digits_shown = text.lstrip("-").strip("0,.%\u00a0")
    assert digits_shown != "" or not text.startswith("-")  # "-0,0" never written
    row = {"estimate": value, "ci_low": math.nan, "n": 10, "unit": "mean"}
    assert text in result_strings(row, language)
