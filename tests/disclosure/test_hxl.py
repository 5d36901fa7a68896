"""HXL CSV export for HDX: header + hashtag row, round trip, suppressed cells empty."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.disclosure import (
    CONTRACT_COLUMNS,
    RESULTS_COLUMNS,
    apply_disclosure,
    read_hxl_csv,
    results_hashtags,
    to_hxl_csv,
)
from evidence.errors import UnreadableFileError
from tests.disclosure.rows import count_row, row, table


def results_table() -> pd.DataFrame:
    return table(
        row(),
        row(level="male", n=3, analysis_key="prop_needs_food @/@ sex %/% male"),
        row(level="other", df=6.0, analysis_key="prop_needs_food @/@ sex %/% other"),
        row(indicator="mean_income", disaggregation="total", level="total", estimate=412.5,
            se=20.25, ci_low=372.8, ci_high=452.2, ci_method="wald",
            analysis_key="mean_income @/@ total %/% total"),
    )  # fmt: skip


def test_header_then_hashtags_for_every_contract_column(tmp_path: Path) -> None:
    path = to_hxl_csv(results_table(), tmp_path / "hdx" / "COL.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        header, tags, *body = list(csv.reader(handle))
    assert header[: len(RESULTS_COLUMNS)] == list(RESULTS_COLUMNS)
    hashtags = results_hashtags()
    for name, tag in zip(header, tags, strict=True):
        assert tag == hashtags.get(name, "")
    for column in RESULTS_COLUMNS:
        assert tags[header.index(column)].startswith("#"), column
    assert tags[header.index("estimate")] == "#indicator+value"  # from results.yaml
    assert len(body) == 4


def test_round_trip_and_suppressed_cells_are_empty(tmp_path: Path) -> None:
    frame = results_table()
    published = apply_disclosure(frame)
    path = to_hxl_csv(frame, tmp_path / "results.csv")
    back = read_hxl_csv(path)
    assert list(back.columns) == list(published.columns)
    for column in ("estimate", "se", "ci_low", "ci_high", "n", "n_weighted", "df"):
        np.testing.assert_array_equal(back[column].to_numpy(), published[column].to_numpy())
    for column in ("suppressed", "flag_df_lt_8", "flag_estimate_0_or_1", "flag_complement"):
        assert back[column].tolist() == published[column].tolist()
    assert back["flags"].tolist() == published["flags"].tolist()
    assert back["analysis_key"].tolist() == published["analysis_key"].tolist()

    with path.open(newline="", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))[1:]
    small = records[1]
    assert small["suppressed"] == "True" and small["n"] == "3"
    assert "suppressed_small_cell" in small["flags"].split()
    assert all(small[c] == "" for c in ("estimate", "se", "ci_low", "ci_high", "deff"))


def test_export_always_applies_disclosure(tmp_path: Path) -> None:
    back = read_hxl_csv(to_hxl_csv(table(row(n=2)), tmp_path / "raw.csv"))
    assert back["suppressed"].iloc[0] and np.isnan(back["estimate"].iloc[0])


def test_reading_a_csv_without_hashtags_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    table(row()).to_csv(path, index=False)
    with pytest.raises(UnreadableFileError, match="row 1: expected the HXL hashtag row"):
        read_hxl_csv(path)


def test_results_columns_constant_is_the_contracts_field_list() -> None:
    # The library keeps the column list as a constant (no YAML read in model code); this ties
    # it to data_contracts/results.yaml so the two cannot drift apart.
    from evidence.contracts import load_contract

    contract = load_contract("results")
    assert tuple(field.name for field in contract.fields) == CONTRACT_COLUMNS
    assert CONTRACT_COLUMNS[: len(RESULTS_COLUMNS)] == RESULTS_COLUMNS


def test_unit_and_numerator_round_trip_and_counts_are_whole_numbers(tmp_path: Path) -> None:
    frame = table(
        row(unit="proportion", numerator=500),
        row(unit="proportion", numerator=2, level="male",
            analysis_key="prop_needs_food @/@ sex %/% male"),
        count_row(3), count_row(12, level="south", analysis_key="respondents @/@ site %/% south"),
    )  # fmt: skip
    path = to_hxl_csv(frame, tmp_path / "counts.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        header, tags, *body = list(csv.reader(handle))
    assert tags[header.index("unit")] == "#meta+unit"
    assert tags[header.index("numerator")] == "#indicator+num+numerator"
    records = [dict(zip(header, line, strict=True)) for line in body]
    # Withheld cells are empty; counts are written as whole numbers, not 12.0.
    assert [r["numerator"] for r in records] == ["500", "", "", "12"]
    assert [r["n"] for r in records] == ["1000", "1000", "", "12"]
    back = read_hxl_csv(path)
    assert back["unit"].tolist() == ["proportion", "proportion", "count", "count"]
    assert back["numerator"].iloc[0] == 500 and np.isnan(back["numerator"].iloc[1])
