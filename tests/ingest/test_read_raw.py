"""Raw files are read robustly: encodings, delimiters, Excel and Parquet, row numbers kept."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from evidence.contracts import check_frame, load_contract
from evidence.ingest import read_raw, validate_file
from evidence.ingest.read import open_raw
from tests.ingest.rawdata import sites_frame

PLACES = ["Bogotá", "São Paulo", "Cúcuta"]


def places_frame() -> pd.DataFrame:
    frame = sites_frame(n=3)
    frame["admin1"] = PLACES
    frame["site_name"] = ["Terminal de Cúcuta", "Abrigo São João", "Peñón"]
    return frame


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),  # Excel's "CSV UTF-8" adds a byte-order mark
        ("latin-1", "cp1252"),  # Latin-1 bytes of these letters are the same in cp1252
        ("cp1252", "cp1252"),
        ("utf-16", "utf-16"),  # Excel's "Unicode text" (with its byte-order mark)
    ],
)
@pytest.mark.parametrize("sep", [",", ";"])
def test_accents_survive_every_encoding(
    encoding: str, expected: str, sep: str, tmp_path: Path
) -> None:
    path = tmp_path / "COL.csv"
    path.write_bytes(places_frame().to_csv(index=False, sep=sep).encode(encoding))
    table = read_raw(path)
    assert table.format.encoding == expected
    assert table.format.delimiter == sep
    assert list(table.frame.columns) == list(places_frame().columns)  # no BOM in the header
    assert table.frame["admin1"].tolist() == PLACES
    assert table.frame["site_name"].tolist()[2] == "Peñón"
    assert validate_file(path, "sites").ok


def test_cp1252_punctuation_is_read_as_cp1252(tmp_path: Path) -> None:
    frame = places_frame()
    frame.loc[0, "site_name"] = "Terminal “La Parada” – Cúcuta"
    path = tmp_path / "COL.csv"
    path.write_bytes(frame.to_csv(index=False).encode("cp1252"))
    assert read_raw(path).frame.loc[1, "site_name"] == "Terminal “La Parada” – Cúcuta"


def test_semicolon_files_read_decimal_commas(tmp_path: Path) -> None:
    frame = places_frame().assign(latitude=["4,61", "-23,55", "7,89"])
    path = tmp_path / "COL.csv"
    path.write_bytes(frame.to_csv(index=False, sep=";").encode("cp1252"))
    table = read_raw(path)
    checked = check_frame(table.frame, load_contract("sites"), decimal=table.decimal)
    assert checked.failures.empty
    assert checked.frame["latitude"].tolist() == [4.61, -23.55, 7.89]


def test_excel_and_parquet_read_with_row_numbers(tmp_path: Path) -> None:
    frame = places_frame()
    frame.to_excel(tmp_path / "COL.xlsx", index=False)
    frame.to_parquet(tmp_path / "COL.parquet", index=False)
    for name in ("COL.xlsx", "COL.parquet"):
        table = read_raw(tmp_path / name)
        assert table.frame.index.tolist() == [1, 2, 3]
        assert table.frame["admin1"].tolist() == PLACES
        assert validate_file(tmp_path / name, "sites").ok


def test_ragged_lines_keep_their_row_numbers_across_chunks(tmp_path: Path) -> None:
    padding = "x" * 60  # long enough lines for several read blocks
    lines = ["a,b"] + [f"{i},{padding}" for i in range(1, 2001)]
    for row in (5, 999, 1000, 2000):  # data row numbers; line index = row
        lines[row] = f"{row}"  # too few fields
    lines[1500] = "1500,x,extra"  # too many
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines) + "\n")
    whole = read_raw(path)
    assert whole.ragged["row"].tolist() == [5, 999, 1000, 1500, 2000]
    _, chunks = open_raw(path, chunk_rows=300)
    parts = list(chunks)
    assert len(parts) > 3
    rows = pd.concat([p.frame for p in parts])
    ragged = pd.concat([p.ragged for p in parts])
    assert rows.index.tolist() == whole.frame.index.tolist()
    assert (rows["a"].astype(int) == rows.index).all()  # each row carries its own number
    assert sorted(ragged["row"].tolist()) == [5, 999, 1000, 1500, 2000]
    assert len(rows) + len(ragged) == 2000


def test_quoted_newlines_count_as_one_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('a,b\n"two\nlines",1\nx,y,z\nlast,2\n')
    table = read_raw(path)
    assert table.frame.index.tolist() == [1, 3]
    assert table.ragged["row"].tolist() == [2]
    assert table.frame.loc[1, "a"] == "two\nlines"


def test_byte_order_mark_alone_is_not_mistaken_for_data(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(codecs.BOM_UTF8 + "site_id,admin1\nCOL-S001,Bogotá\n".encode())
    table = read_raw(path)
    assert list(table.frame.columns) == ["site_id", "admin1"]


def test_validate_file_streams_chunks_with_the_same_report(tmp_path: Path) -> None:
    from tests.ingest.rawdata import sessions_frame

    sessions = sessions_frame(n=60)
    sessions.loc[4, "session_id"] = sessions.loc[50, "session_id"]  # rows 5 and 51
    sessions.loc[30, "data_mb"] = "-2"
    sessions["extra"] = "x"
    path = tmp_path / "COL.csv"
    sessions.to_csv(path, index=False)
    whole = validate_file(path, "wifi_sessions")
    chunked = validate_file(path, "wifi_sessions", chunk_rows=7)
    pd.testing.assert_frame_equal(
        whole.failures[["row", "column", "rule"]], chunked.failures[["row", "column", "rule"]]
    )
    assert whole.rows == chunked.rows == 60
    got = [
        (None if pd.isna(r) else int(r), rule) for r, rule in whole.failures[["row", "rule"]].values
    ]
    assert got == [
        (None, "unknown_column"), (5, "primary_key"), (31, "minimum"), (51, "primary_key"),
    ]  # fmt: skip
