"""validate_frame / check_frame: one lazy, vectorised pass; one report table of every failure."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from evidence.contracts import (
    FAILURE_COLUMNS,
    build_schema,
    check_frame,
    load_contract,
    validate_frame,
)
from tests.ingest.rawdata import sessions_frame, sites_frame

SITES = load_contract("sites")
SESSIONS = load_contract("wifi_sessions")


def test_valid_frame_passes_and_is_typed() -> None:
    checked = check_frame(sites_frame(n=3), SITES)
    assert checked.failures.empty
    frame = checked.frame
    assert list(frame.columns) == list(SITES.canonical_columns)
    assert str(frame["latitude"].dtype) == "Float64"
    assert str(frame["has_fms"].dtype) == "boolean"
    assert frame["has_fms"].tolist() == [True, False, True]  # "sí", "no", "1"
    assert frame.index.tolist() == [1, 2, 3]
    assert validate_frame(sites_frame(), SITES).ok


def test_every_failure_is_one_row_with_file_row_column_value_rule_message() -> None:
    raw = sites_frame(n=5)
    raw.loc[1, "site_type"] = "airport"  # data row 2
    raw.loc[2, "latitude"] = "95"  # row 3
    raw.loc[3, "has_fmr"] = "maybe"  # row 4
    raw.loc[4, "site_id"] = raw.loc[0, "site_id"]  # rows 1 and 5 share a key
    raw.loc[2, "site_name"] = ""  # row 3, required
    raw["note"] = "x"  # not in the contract
    report = validate_frame(raw, SITES, file="COL.csv")
    table = report.to_frame()
    assert tuple(table.columns) == FAILURE_COLUMNS
    got = {
        (None if pd.isna(r.row) else r.row, r.column, r.value, r.rule) for r in table.itertuples()
    }
    assert got == {
        (None, "note", "", "unknown_column"),
        (2, "site_type", "airport", "enum"),
        (3, "latitude", "95", "maximum"),
        (3, "site_name", "", "required"),
        (4, "has_fmr", "maybe", "type"),
        (1, "site_id", "COL-S001", "primary_key"),
        (5, "site_id", "COL-S001", "primary_key"),
    }
    assert set(table["file"]) == {"COL.csv"}
    assert not report.ok
    assert report.failed_rows.tolist() == [1, 2, 3, 4, 5]
    assert table.loc[table["rule"] == "enum", "message"].item().startswith("not in the codelist")


def test_missing_required_column_is_a_dataset_failure_with_empty_row() -> None:
    report = validate_frame(sites_frame().drop(columns=["site_type"]), SITES)
    whole = report.dataset_failures
    assert whole[["column", "rule"]].values.tolist() == [["site_type", "missing_column"]]
    assert whole["row"].isna().all()


def test_input_frame_is_not_mutated() -> None:
    raw = sessions_frame(n=6)
    raw.loc[0, "data_mb"] = "-1"
    before = raw.copy(deep=True)
    check_frame(raw, SESSIONS)
    pd.testing.assert_frame_equal(raw, before)


def test_failing_values_are_shown_as_delivered() -> None:
    raw = sessions_frame(n=2)
    raw.loc[0, "start_time"] = "2023-02-30T10:00:00"
    raw.loc[1, "start_time"] = "2023-12-01T10:00:00Z"  # a time zone is not allowed
    table = validate_frame(raw, SESSIONS).to_frame()
    assert table[["row", "column", "value", "rule"]].values.tolist() == [
        [1, "start_time", "2023-02-30T10:00:00", "type"],
        [2, "start_time", "2023-12-01T10:00:00Z", "type"],
    ]


def test_summary_lists_every_failure_and_html_escapes_values() -> None:
    raw = sites_frame(n=2)
    raw.loc[0, "site_type"] = "<script>alert(1)</script>"
    raw.loc[1, "longitude"] = "-200"
    report = validate_frame(raw, SITES, file="COL.csv")
    text = report.summary()
    assert "2 failure(s) in 2 row(s)" in text
    for piece in ("COL.csv", "site_type", "enum", "longitude", "-200", "minimum"):
        assert piece in text
    page = report._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert validate_frame(sites_frame(), SITES).summary().endswith("no failures")


def test_schema_alone_validates_a_canonical_frame_lazily() -> None:
    """The pandera schema is usable on its own (e.g. on frames a model produces)."""
    frame = check_frame(sites_frame(n=3), SITES).frame
    build_schema(SITES).validate(frame)
    broken = frame.copy()
    broken.loc[2, "site_type"] = "airport"
    broken.loc[3, "latitude"] = 99.0
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        build_schema(SITES).validate(broken, lazy=True)
    cases = caught.value.failure_cases
    assert set(zip(cases["check"], cases["index"], strict=True)) == {("enum", 2), ("maximum", 3)}


def test_decimal_comma_is_read_when_the_file_uses_semicolons() -> None:
    raw = sites_frame(n=1).assign(latitude="4,61", longitude="-74,08")
    checked = check_frame(raw, SITES, decimal=",")
    assert checked.failures.empty
    assert checked.frame["latitude"].tolist() == [4.61]
    assert not check_frame(raw, SITES).failures.empty  # with "." the comma is an error


def test_blank_row_is_reported_once_as_empty_row() -> None:
    raw = sites_frame(n=3)
    raw.loc[1, :] = ""
    table = validate_frame(raw, SITES).to_frame()
    assert table[["row", "rule"]].values.tolist() == [[2, "empty_row"]]
