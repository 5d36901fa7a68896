"""Indicator codes of indicative proportions: a boolean variable keeps its plain code
(``prop_<variable>``) wherever it stands in the list of variables (it became
``prop_<variable>_nan`` after a categorical variable)."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.indicators.proportions import indicative_proportions


@pytest.mark.parametrize("order", [["colour", "flag"], ["flag", "colour"], ["flag"]])
def test_boolean_code_does_not_depend_on_its_place(order: list[str]) -> None:
    frame = pd.DataFrame({"colour": ["a", "b", "a", "b"], "flag": [True, False, True, True]})
    rows = indicative_proportions(frame, order, country="COL", period="2023-12")
    codes = set(rows["indicator"])
    assert "prop_flag" in codes and not any(c.endswith("_nan") for c in codes)
    assert rows.loc[rows["indicator"] == "prop_flag", "estimate"].iloc[0] == pytest.approx(0.75)
