"""shares_by_domain: a domain of the codelist nobody is in (published as withheld rows
without a variable) still gets its columns, empty, instead of a KeyError."""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.indicators.views import shares_by_domain


def test_a_domain_without_respondents_gets_empty_columns() -> None:
    table = pd.DataFrame(
        {
            "variable": ["needs", "needs", "needs", "needs", np.nan, np.nan],
            "category": ["food", "water", "food", "water", np.nan, np.nan],
            "disaggregation": ["total", "total", "status", "status", "status", "status"],
            "level": ["total", "total", "regular", "regular", "in_process", "in_process"],
            "estimate": [0.5, 0.3, 0.6, 0.2, np.nan, np.nan],
            "n": [40, 40, 25, 25, 0, 0],
        }
    ).astype({"variable": "string", "category": "string", "level": "string"})
    before = table.copy()
    view = shares_by_domain(table)
    pd.testing.assert_frame_equal(table, before)
    assert "n (in_process)" in view.columns
    assert view["n (in_process)"].isna().all()
    assert view.loc[view["category"] == "food", "n (total)"].tolist() == [40]
