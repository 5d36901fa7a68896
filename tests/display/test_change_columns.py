"""Change columns of a headline table (``evidence.display.change_columns``): each cell is
the published change row of its key written by kind (a withheld change as "–"), a period
without change rows gets no column, and the input frame is left as it was."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.display.change_columns import (
    CHANGE_KEYS,
    lags_with_change,
    set_change_keys,
    with_change_columns,
)
from evidence.display.format import MISSING, format_value
from evidence.errors import ContractError

EARLIER = {"prev_period": "2023-11", "prev_year": "2022-12"}


def _row(indicator: str, level: str, estimate: float, country: str = "COL") -> dict[str, object]:
    return {
        "indicator": indicator,
        "country": country,
        "level": level,
        "estimate": estimate,
        "unit": "difference" if "_change_" in indicator else "proportion",
    }


def _table() -> pd.DataFrame:
    frame = pd.DataFrame({" ": ["Food", "Shelter", "Work"], "Total": [0.5, 0.25, 0.1]})
    frame.attrs["units"] = {"Total": "proportion"}
    set_change_keys(
        frame,
        "Total",
        [("prop_needs_food", "total", None), ("prop_needs_shelter", "total", None), None],
    )
    return frame


def test_cells_are_the_published_change_rows_and_a_withheld_one_is_the_mark() -> None:
    published = pd.DataFrame(
        [
            _row("prop_needs_food", "total", 0.5),
            _row("prop_needs_food_change_prev_period", "total", 0.031),
            _row("prop_needs_food_change_prev_year", "total", -0.12),
            _row("prop_needs_shelter_change_prev_period", "total", np.nan),  # withheld
            _row("prop_needs_shelter_change_prev_year", "total", 0.0),
            # another country's change of the same key is not this study's
            _row("prop_needs_shelter_change_prev_period", "total", 0.4, country="BRA"),
        ]
    )
    table = _table()
    before = table.copy()
    attrs_before = {k: dict(v) if isinstance(v, dict) else v for k, v in table.attrs.items()}
    out = with_change_columns(table, published, "es", country="COL", earlier=EARLIER)
    pd.testing.assert_frame_equal(table, before)
    assert table.attrs == attrs_before
    assert list(out.columns) == [" ", "Total", "Cambio desde 2023-11", "Cambio desde 2022-12"]
    prev, year = out["Cambio desde 2023-11"].tolist(), out["Cambio desde 2022-12"].tolist()
    assert prev == ["+" + format_value(0.031, "points", "es"), MISSING, ""]
    assert prev[0] == "+3,1"
    assert year == [format_value(-0.12, "points", "es"), "0,0", ""]
    assert out.attrs["units"]["Cambio desde 2023-11"] == "index"
    assert out.attrs[CHANGE_KEYS] == table.attrs[CHANGE_KEYS]


def test_no_earlier_period_means_no_column() -> None:
    published = pd.DataFrame([_row("prop_needs_food", "total", 0.5)])
    out = with_change_columns(_table(), published, "en", country="COL", earlier=EARLIER)
    assert list(out.columns) == [" ", "Total"]
    assert lags_with_change(published) == []


def test_only_the_periods_with_change_rows_get_a_column_at_the_end_when_asked() -> None:
    published = pd.DataFrame([_row("prop_needs_food_change_prev_year", "total", 0.02)])
    out = with_change_columns(
        _table(), published, "pt", country="COL", earlier=EARLIER, at_end=True
    )
    assert list(out.columns) == [" ", "Total", "Mudança desde 2022-12"]
    assert out.iloc[:, -1].tolist() == ["+2,0", MISSING, ""]
    assert lags_with_change(published) == ["prev_year"]


def test_keys_with_a_country_and_kinds_by_row() -> None:
    frame = pd.DataFrame({"País": ["Colombia", "Brasil"], "Por día": [1200.0, 35.0]})
    frame.attrs["units"] = {"Por día": "rate"}
    set_change_keys(
        frame,
        "Por día",
        [("rate_people_per_day", "total", "COL"), ("rate_people_per_day", "total", "BRA")],
    )
    published = pd.DataFrame(
        [_row("rate_people_per_day_change_prev_period", "total", 12.345, country="COL")]
    )
    out = with_change_columns(frame, published, "es", country="LAC", earlier=EARLIER)
    assert out["Cambio desde 2023-11"].tolist() == ["+12,3", MISSING]


def test_a_column_without_keys_is_named() -> None:
    with pytest.raises(ContractError, match="Total"):
        with_change_columns(
            _table(), pd.DataFrame(), "es", country="COL", earlier=EARLIER, column="other"
        )
    with pytest.raises(ContractError, match="rows"):
        set_change_keys(_table(), "Total", [None])
