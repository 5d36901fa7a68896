"""ingest_period end to end on small files: accounting, pseudonymisation, keys, atomic rewrites."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from evidence.curated import load
from evidence.errors import DataNotFoundError, OptionError
from evidence.ingest import FileResult, ingest_period, pseudonym_key
from tests.ingest.rawdata import (
    FIXTURE_CONTRACTS,
    PERIOD,
    sessions_frame,
    sites_frame,
    write_raw,
)

KEY = "test-key-not-secret"  # the autouse fixture's EVIDENCE_PSEUDONYM_KEY


def expected_pseudonym(value: str) -> str:
    """Independent HMAC-SHA256 of the contract's rule (hex, first 32 characters)."""
    return hmac.new(KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:32]


def school_files(root: Path) -> None:
    """Fixture-contract files: sites → caregivers → students, with PII to pseudonymise."""
    sites = pd.DataFrame(
        {"site_id": ["COL-001", "COL-002"], "site_type": ["border", "shelter"],
         "admin1": ["Bogotá", "Cúcuta"], "latitude": ["4.6", "7.9"]}
    )  # fmt: skip
    write_raw(root, "sites", "COL", sites, encoding="latin-1")
    caregivers = pd.DataFrame(
        {"caregiver_id": ["CG-1001", "CG-1002", "CG-1003"],
         "site_id": ["COL-001", "COL-002", "COL-404"],
         "full_name": ["Ana Pérez Gómez", "José Rondón", "María Salas"],
         "income": ["1200", "800.5", "950"]}
    )  # fmt: skip
    write_raw(root, "caregivers", "COL", caregivers)
    students = pd.DataFrame(
        {"student_id": ["ST-1", "ST-2", "ST-3", "ST-4"],
         "caregiver_id": ["CG-1001", "CG-1001", "CG-1002", "CG-1003"],
         "age": [7, 12, 9, 10], "enrolled": [True, False, None, True]}
    )  # fmt: skip
    folder = root / "raw" / "students" / PERIOD
    folder.mkdir(parents=True, exist_ok=True)
    students.to_parquet(folder / "COL.parquet", index=False)


def test_school_chain_accounting_pseudonyms_and_joins(tmp_path: Path) -> None:
    school_files(tmp_path)
    report = ingest_period(PERIOD, ["COL"], root=tmp_path, contracts_dir=FIXTURE_CONTRACTS)
    frame = report.to_frame().set_index("dataset")
    assert report.ok
    assert (frame["rows_in"] == frame["accepted"] + frame["quarantined"]).all()
    assert frame.loc["sites", ["rows_in", "accepted", "quarantined"]].tolist() == [2, 2, 0]
    # CG-1003 points at a site that does not exist: quarantined, and so is its student.
    assert frame.loc["caregivers", ["accepted", "quarantined", "status"]].tolist() == [
        2, 1, "partial"
    ]  # fmt: skip
    assert frame.loc["students", ["accepted", "quarantined"]].tolist() == [3, 1]

    caregivers = load("caregivers", root=tmp_path, contracts_dir=FIXTURE_CONTRACTS)
    students = load("students", root=tmp_path, contracts_dir=FIXTURE_CONTRACTS)
    assert "full_name" not in caregivers.columns  # pii_action: drop
    assert caregivers["caregiver_id"].tolist() == [
        expected_pseudonym("CG-1001"), expected_pseudonym("CG-1002")
    ]  # fmt: skip
    joined = students.merge(caregivers, on=["caregiver_id", "country", "period"], how="left")
    assert joined["site_id"].notna().all()  # every accepted student finds its caregiver
    assert len(joined) == 3

    quarantine = tmp_path / "quarantine" / "students" / PERIOD
    rows = pd.read_csv(quarantine / "COL.csv", dtype=str)
    # Quarantine shows the pseudonyms curated data use, never the identifiers as delivered.
    assert rows[["_row", "student_id"]].values.tolist() == [["4", expected_pseudonym("ST-4")]]
    assert f"foreign_key caregiver_id={expected_pseudonym('CG-1003')}" in rows.loc[0, "_reasons"]


def test_no_raw_identifier_reaches_curated_data(tmp_path: Path) -> None:
    school_files(tmp_path)
    sessions = sessions_frame(n=5)
    write_raw(tmp_path, "wifi_sessions", "COL", sessions)
    write_raw(tmp_path, "sites", "COL", sites_frame())
    ingest_period(PERIOD, ["COL"], root=tmp_path)  # real contracts: sites, wifi_sessions
    school_files(tmp_path / "fixture")
    ingest_period(PERIOD, ["COL"], root=tmp_path / "fixture", contracts_dir=FIXTURE_CONTRACTS)
    secrets = [*sessions["device_id"], "CG-1001", "CG-1002", "ST-1", "Ana Pérez", "Rondón"]
    parts = sorted(tmp_path.rglob("curated/**/*.parquet"))
    assert len(parts) >= 5
    for part in parts:
        data = part.read_bytes()
        values = [str(v) for v in pd.read_parquet(part).to_numpy().ravel()]
        for secret in secrets:
            assert secret.encode() not in data, (part, secret)
            assert not any(secret in value for value in values), (part, secret)
    devices = load("wifi_sessions", root=tmp_path)["device_id"]
    assert devices.tolist() == [expected_pseudonym(d) for d in sessions["device_id"]]


def test_key_file_is_created_once_private_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVIDENCE_PSEUDONYM_KEY")
    key_file = tmp_path / ".secrets" / "pseudonym.key"
    first = pseudonym_key(key_file)
    assert len(first) == 64
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert pseudonym_key(key_file) == first
    monkeypatch.setenv("EVIDENCE_PSEUDONYM_KEY_FILE", str(key_file))
    assert pseudonym_key() == first
    # Same key, same pseudonyms: an ingest through the key file joins with earlier ones.
    write_raw(tmp_path / "data", "sites", "COL", sites_frame())
    write_raw(tmp_path / "data", "wifi_sessions", "COL", sessions_frame(n=2))
    ingest_period(PERIOD, ["COL"], root=tmp_path / "data", key_file=key_file)
    device = load("wifi_sessions", root=tmp_path / "data")["device_id"].iloc[0]
    expected = hmac.new(first, b"aa:bb:cc:00:00:00", hashlib.sha256).hexdigest()[:32]
    assert device == expected


def test_reingest_replaces_curated_and_quarantine(tmp_path: Path) -> None:
    write_raw(tmp_path, "sites", "COL", sites_frame())
    bad = sessions_frame(n=6)
    bad.loc[0, "connection_type"] = "satellite"
    write_raw(tmp_path, "wifi_sessions", "COL", bad)
    first = ingest_period(PERIOD, ["COL"], root=tmp_path)
    assert first.to_frame().set_index("dataset").loc["wifi_sessions", "quarantined"] == 1
    quarantine = tmp_path / "quarantine" / "wifi_sessions" / PERIOD / "COL.csv"
    assert quarantine.exists()
    write_raw(tmp_path, "wifi_sessions", "COL", sessions_frame(n=3))
    second = ingest_period(PERIOD, ["COL"], root=tmp_path)
    assert second.to_frame().set_index("dataset").loc["wifi_sessions", "status"] == "ok"
    assert len(load("wifi_sessions", root=tmp_path)) == 3
    assert not quarantine.exists()  # nothing rejected any more: the old file is gone
    partition = tmp_path / "curated" / "wifi_sessions" / f"period={PERIOD}" / "country=COL"
    assert sorted(p.name for p in partition.iterdir()) == ["part-0.parquet"]  # no temp files
    # A file that now fails as a whole takes its stale curated data with it.
    write_raw(tmp_path, "wifi_sessions", "COL", sessions_frame(n=3).drop(columns="site_id"))
    third = ingest_period(PERIOD, ["COL"], root=tmp_path)
    row = third.to_frame().set_index("dataset").loc["wifi_sessions"]
    assert row["status"] == "failed"
    assert "previous curated data" in row["error"]
    with pytest.raises(DataNotFoundError, match="curated"):
        load("wifi_sessions", root=tmp_path)


@pytest.mark.parametrize("chunk_rows", [7, 50, 10_000])
def test_chunked_ingest_matches_whole_file_ingest(tmp_path: Path, chunk_rows: int) -> None:
    sessions = sessions_frame(n=120)
    sessions.loc[10, "session_id"] = sessions.loc[100, "session_id"]  # duplicate across chunks
    sessions.loc[20, "data_mb"] = "-1"
    write_raw(tmp_path, "sites", "COL", sites_frame())
    write_raw(tmp_path, "wifi_sessions", "COL", sessions)
    report = ingest_period(PERIOD, ["COL"], root=tmp_path, chunk_rows=chunk_rows)
    row = report.to_frame().set_index("dataset").loc["wifi_sessions"]
    assert row[["rows_in", "accepted", "quarantined"]].tolist() == [120, 117, 3]
    failures = pd.read_csv(
        tmp_path / "quarantine" / "wifi_sessions" / PERIOD / "COL.failures.csv", dtype=str
    )
    assert sorted(failures["row"].astype(int).unique()) == [11, 21, 101]
    assert set(failures["rule"]) == {"primary_key", "minimum"}
    curated = load("wifi_sessions", root=tmp_path)
    assert curated["session_id"].is_unique and len(curated) == 117


def test_parent_keys_come_from_curated_data_when_not_in_the_run(tmp_path: Path) -> None:
    sites = write_raw(tmp_path, "sites", "COL", sites_frame())
    write_raw(tmp_path, "wifi_sessions", "COL", sessions_frame(n=4))
    assert ingest_period(PERIOD, ["COL"], root=tmp_path).ok
    sites.unlink()  # only the sessions are delivered again
    again = ingest_period(PERIOD, ["COL"], root=tmp_path)
    assert [(r.dataset, r.status) for r in again.files] == [("wifi_sessions", "ok")]


def test_folders_and_names_that_do_not_fit_are_reported(tmp_path: Path) -> None:
    write_raw(tmp_path, "sites", "COL", sites_frame())
    write_raw(tmp_path, "sites", "colombia", sites_frame())
    (tmp_path / "raw" / "sites" / PERIOD / "COL.parquet").write_bytes(b"PAR1")
    write_raw(tmp_path, "mystery", "COL", sites_frame())
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    errors = {Path(r.file).name: r.error for r in report.files if r.status == "failed"}
    assert "no contract" in errors["COL.csv"]  # the mystery folder
    assert "<ISO3>" in errors["colombia.csv"]
    assert "another raw file for COL" in errors["COL.parquet"]
    assert not report.ok
    assert "FAILED" in report.summary()


def test_countries_filter_and_period_check(tmp_path: Path) -> None:
    write_raw(tmp_path, "sites", "COL", sites_frame("COL"))
    write_raw(tmp_path, "sites", "PER", sites_frame("PER"))
    report = ingest_period(PERIOD, ["PER"], root=tmp_path)
    assert [r.country for r in report.files] == ["PER"]
    assert load("sites", root=tmp_path)["country"].unique().tolist() == ["PER"]
    with pytest.raises(Exception, match="YYYY-MM"):
        ingest_period("2023-13", root=tmp_path)


def test_report_invariant_and_rendering() -> None:
    with pytest.raises(AssertionError, match="rows_in"):
        FileResult("sites", "COL", "COL.csv", 5, 3, 1, "partial")
    from evidence.ingest import IngestReport

    report = IngestReport(
        PERIOD,
        "data",
        (
            FileResult("sites", "COL", "COL.csv", 5, 4, 1, "partial"),
            FileResult("sites", "PER", "<b>PER.csv", 0, 0, 0, "failed", "UnreadableFileError: x"),
        ),
    )
    assert list(report.to_frame().columns) == [
        "dataset", "country", "file", "rows_in", "accepted", "quarantined", "status", "error"
    ]  # fmt: skip
    assert "5 rows in, 4 accepted, 1 quarantined, 1 file(s) failed" in report.summary()
    assert "&lt;b&gt;PER.csv" in report._repr_html_()
    assert report.by_dataset()[["rows_in", "failed_files"]].values.tolist() == [[5, 1]]


@pytest.mark.parametrize("key", [b"short", b"k" * 64, b"long" * 40])
def test_fast_hmac_equals_the_standard_library(key: bytes) -> None:
    from evidence.ingest.pseudonym import hmac_hex

    messages = [b"", b"aa:bb:cc:dd:ee:ff", "São Paulo".encode()]
    expected = [hmac.new(key, m, hashlib.sha256).hexdigest()[:32] for m in messages]
    assert hmac_hex(key, messages) == expected


def test_parallel_countries_give_the_same_result(tmp_path: Path) -> None:
    reports = {}
    for jobs in (1, 2):
        root = tmp_path / f"jobs{jobs}"
        for country in ("COL", "PER", "ECU"):
            write_raw(root, "sites", country, sites_frame(country))
            sessions = sessions_frame(country, n=30)
            sessions.loc[3, "site_id"] = f"{country}-S777"  # dangling: quarantined
            write_raw(root, "wifi_sessions", country, sessions)
        reports[jobs] = ingest_period(PERIOD, ["PER", "COL", "ECU"], root=root, jobs=jobs)
    one, two = (r.to_frame().drop(columns="file") for r in (reports[1], reports[2]))
    pd.testing.assert_frame_equal(one, two)
    assert one["country"].tolist() == ["PER", "COL", "ECU"] * 2  # dataset, then given order
    pd.testing.assert_frame_equal(
        load("wifi_sessions", root=tmp_path / "jobs1"),
        load("wifi_sessions", root=tmp_path / "jobs2"),
    )
    with pytest.raises(OptionError, match="jobs must be a positive integer"):
        ingest_period(PERIOD, root=tmp_path, jobs=0)
    with pytest.raises(OptionError, match="unknown_columns must be"):
        ingest_period(PERIOD, root=tmp_path, unknown_columns="keep")  # type: ignore[arg-type]


def test_unknown_columns_fail_by_default_and_drop_is_recorded(tmp_path: Path) -> None:
    write_raw(tmp_path, "sites", "COL", sites_frame())
    write_raw(tmp_path, "wifi_sessions", "COL", sessions_frame(n=3).assign(_uuid="x", phone="1"))
    strict = ingest_period(PERIOD, ["COL"], root=tmp_path)
    assert "unknown_column" in strict.failed[0].error
    report = ingest_period(PERIOD, ["COL"], root=tmp_path, unknown_columns="drop")
    result = report.to_frame().set_index("dataset").loc["wifi_sessions"]
    assert result["status"] == "ok" and result["accepted"] == 3
    assert result["error"] == "note: dropped unknown column(s) _uuid, phone"
    assert "NOTE" in report.summary()
    assert "phone" not in load("wifi_sessions", root=tmp_path).columns
    failures = pd.read_csv(tmp_path / "quarantine" / "wifi_sessions" / PERIOD / "COL.failures.csv")
    assert failures["rule"].tolist() == ["dropped_column", "dropped_column"]
