"""HDX round trip: HXL-tagged CSVs (a second header row of hashtags) matched to contracts.

Three files: DTM's own HDX layout (a real extract kept in shared/reference, skipped when
absent), flow counts written by this test the way HDX serves them (publisher's column names,
HXL row), and a results table exported by ``to_hxl_csv`` and relabelled.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from evidence.contracts import contract_from_mapping
from evidence.csv_safety import write_csv
from evidence.disclosure import to_hxl_csv
from evidence.errors import UnreadableFileError
from evidence.ingest.hdx import match_hxl_columns, parse_hashtag, read_hdx_csv
from evidence.synth import synthesize
from tests.disclosure.rows import row, table

ROOT = Path(__file__).resolve().parents[2]
DTM_SAMPLE = ROOT / ".." / "shared" / "reference" / "dtm_hdx_sample_hxl.csv"

# A contract for DTM's IDP figures by admin1 (DTM's HDX tags; names are ours).
DTM_CONTRACT = contract_from_mapping(
    {
        "name": "dtm_idps",
        "fields": [
            {"name": "country", "type": "string", "pii": False, "hxl": "#country+code",
             "constraints": {"required": True, "pattern": "^[A-Z]{3}$"}},
            {"name": "admin1", "type": "string", "pii": False, "hxl": "#adm1+name"},
            {"name": "reported", "type": "datetime", "pii": False, "hxl": "#date+reported",
             "constraints": {"required": True}},
            {"name": "idps", "type": "integer", "pii": False, "hxl": "#affected+idps",
             "constraints": {"required": True, "minimum": 0}},
        ],
    },
    "dtm_idps (test)",
)  # fmt: skip


def test_parse_hashtag_ignores_case_spaces_and_attribute_order() -> None:
    assert parse_hashtag("#Adm1 +Code +origin") == parse_hashtag("#adm1+origin+code")
    assert parse_hashtag("#adm1+code") != parse_hashtag("#adm1+code+origin")
    assert parse_hashtag("#1adm") is None
    assert parse_hashtag("") is None


@pytest.mark.skipif(not DTM_SAMPLE.exists(), reason="shared/reference DTM sample absent")
def test_dtm_hdx_file_matches_by_hashtag_and_names_the_rest() -> None:
    table = read_hdx_csv(DTM_SAMPLE, DTM_CONTRACT)
    matched = table.matches.set_index("column")
    # Exact tags win over the same hashtag with more attributes (+origin, +m, +year).
    assert matched.loc["admin0Pcode", "field"] == "country"
    assert matched.loc["admin1Name", "field"] == "admin1"
    assert matched.loc["reportingDate", "field"] == "reported"
    assert matched.loc["numPresentIdpInd", "field"] == "idps"
    assert set(matched.loc[matched["field"] != "", "matched_by"]) == {"hashtag"}
    assert "idpOriginAdmin1Name" in table.unmatched_columns
    assert "numberMales" in table.unmatched_columns
    assert len(table.unmatched_columns) == 21 - 4
    assert table.missing_fields == ()
    assert table.frame.columns.tolist() == ["country", "admin1", "reported", "idps"]
    assert len(table.frame) == 150
    report = table.validate()
    assert report.ok, report.to_frame().head()
    assert "numberMales" in table.summary()


def _hdx_flow_counts(path: Path, seed: int) -> pd.DataFrame:
    """Flow counts laid out like a DTM HDX file: the publisher's names, an HXL row, a note."""
    counts = synthesize("flow_counts", "COL", "2023-12", seed=seed, scale=0.05)
    names = {"site_id": "Punto", "date": "Fecha", "entries": "Entradas", "exits": "Salidas",
             "transit": "Tránsito", "women": "Mujeres", "children": "NNA"}  # fmt: skip
    tags = {"Punto": "#loc+code", "Fecha": "#date", "Entradas": "#population+entries",
            "Salidas": "#Population +Exits", "Tránsito": "#population+transit",
            "Mujeres": "#population+adults+f", "NNA": "#population+children",
            "Observación": "#meta+notes"}  # fmt: skip
    frame = counts[list(names)].rename(columns=names)
    frame["Observación"] = ""
    out = pd.concat([pd.DataFrame([tags]), frame.astype(str)], ignore_index=True)
    write_csv(out, path, index=False)
    return counts


@pytest.mark.parametrize("seed", [0, 7])
def test_flow_counts_in_hdx_layout_round_trip(tmp_path: Path, seed: int) -> None:
    counts = _hdx_flow_counts(tmp_path / "COL.csv", seed)
    table = read_hdx_csv(tmp_path / "COL.csv", "flow_counts")
    assert table.unmatched_columns == ("Observación",)
    assert table.missing_fields == ()
    assert set(table.matches["matched_by"]) == {"hashtag", ""}
    report = table.validate()
    assert report.ok, report.to_frame().head()
    assert table.frame["entries"].astype(int).tolist() == (counts["entries"].astype(int).tolist())


def test_results_table_exported_for_hdx_reads_back_by_hashtag(tmp_path: Path) -> None:
    results = table(row(), row(level="male", analysis_key="prop_needs_food @/@ sex %/% male"))
    path = to_hxl_csv(results, tmp_path / "COL.results.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        header, tags, *body = list(csv.reader(handle))
    relabelled = tmp_path / "relabelled.csv"
    with relabelled.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"Col {i}" for i in range(len(header))])  # HDX users rename freely
        writer.writerows([tags, *body])
    back = read_hdx_csv(relabelled, "results")
    by_tag = back.matches[back.matches["field"] != ""]
    fields = {f.name for f in back.contract.fields}
    assert by_tag["field"].tolist() == [c for c in header if c in fields]
    assert set(by_tag["matched_by"]) == {"hashtag"}
    extra = [c for c in header if c not in fields]
    assert len(back.unmatched_columns) == len(extra)  # disclosure's own columns
    assert back.frame["estimate"].astype(float).tolist() == pytest.approx(
        pd.to_numeric(pd.Series([b[header.index("estimate")] for b in body])).tolist()
    )


def test_name_match_with_another_tag_and_ambiguous_tags_are_reported() -> None:
    m = match_hxl_columns(
        ["site_id", "a", "b", "c"],
        ["#adm1+code", "#date", "#date", "not-a-tag"],
        "flow_counts",
    ).set_index("column")
    assert m.loc["site_id", "status"] == "tag_differs"
    assert "#loc+code" in m.loc["site_id", "message"]
    assert m.loc["a", "status"] == m.loc["b", "status"] == "ambiguous"
    assert "rename" in m.loc["a", "message"]
    assert m.loc["c", "status"] == "invalid_tag"


def test_a_file_without_the_hashtag_row_names_the_fix(tmp_path: Path) -> None:
    (tmp_path / "plain.csv").write_text("site_id,date\nCOL-S001,2023-12-01\n")
    with pytest.raises(UnreadableFileError, match=r"hashtag row.*validate_file"):
        read_hdx_csv(tmp_path / "plain.csv", "flow_counts")


def test_reading_does_not_mutate_the_frame() -> None:
    from evidence.ingest.hdx import hdx_table

    raw = pd.DataFrame({"pcode": ["#loc+code", "COL-S001"], "day": ["#date", "2023-12-01"]})
    before = raw.copy()
    hdx_table(raw, "flow_counts")
    pd.testing.assert_frame_equal(raw, before)
