"""A corpus of malformed raw files: each is answered by a named error or a quarantine.

Every case is a small file written in tmp_path from the table below, ingested next to a valid
`sites` file, through the Python API and through the command line (`evidence ingest` and
`evidence validate`). Never a traceback: failed files carry their error's class name, the other
files still ingest, quarantined rows carry their rule.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from evidence.cli import app
from evidence.ingest import ingest_period, validate_file
from tests.ingest.rawdata import PERIOD, sessions_frame, sites_frame, write_raw


def csv(frame: pd.DataFrame, sep: str = ",", encoding: str = "utf-8") -> bytes:
    return frame.to_csv(index=False, sep=sep).encode(encoding)


def parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


def sessions_with(**cells: str) -> pd.DataFrame:
    """Valid sessions with the cells given (column=value) changed in data row 2."""
    frame = sessions_frame(n=4)
    for column, value in cells.items():
        frame.loc[1, column] = value
    return frame


def ragged() -> bytes:
    lines = csv(sites_frame(n=3)).decode().splitlines()
    lines[2] += ",surplus"
    lines.insert(3, "COL-S009,only two")
    return ("\n".join(lines) + "\n").encode()


def mixed_layouts() -> pd.DataFrame:
    frame = sessions_frame(n=4)  # row 1 lists "maps r4v_info"
    frame["pages_visited/maps"] = ["0", "", "", ""]
    return frame


@dataclass(frozen=True)
class Case:
    name: str
    dataset: str
    suffix: str
    content: Callable[[], bytes]
    outcome: str  # "UnreadableFileError", "ContractError" or "quarantine"
    expect: str  # a piece of the error message, or the failing rule
    # `evidence validate` reports a file-level contract breach as a rule in its table:
    validate_rule: str = ""

    @property
    def validate_exit(self) -> int:
        # Foreign keys need the other datasets: only `ingest` checks them.
        return 0 if self.expect == "foreign_key" else 1


CASES = [
    Case("binary junk", "wifi_sessions", ".csv",
         lambda: np.random.default_rng(1).integers(1, 256, 4096, dtype=np.uint8).tobytes(),
         "UnreadableFileError", "control characters"),
    Case("random bytes with NULs", "wifi_sessions", ".csv",
         lambda: np.random.default_rng(2).integers(0, 256, 4096, dtype=np.uint8).tobytes(),
         "UnreadableFileError", "NUL"),
    Case("UTF-16 without byte-order mark", "sites", ".csv",
         lambda: csv(sites_frame(), encoding="utf-16-le"), "UnreadableFileError", "NUL"),
    Case("truncated parquet", "wifi_sessions", ".parquet",
         lambda: parquet(sessions_frame(n=50))[:400], "UnreadableFileError", "cannot be read"),
    Case("text named .parquet", "wifi_sessions", ".parquet",
         lambda: csv(sessions_frame()), "UnreadableFileError", "not a Parquet file"),
    Case("empty file", "sites", ".csv", lambda: b"", "UnreadableFileError", "empty"),
    Case("header only", "wifi_sessions", ".csv",
         lambda: csv(sessions_frame(n=0)), "ContractError", "no data rows", "no_rows"),
    Case("HTML page saved as csv", "wifi_sessions", ".csv",
         lambda: b"<!DOCTYPE html><html><body>Session expired</body></html>\n",
         "UnreadableFileError", "HTML"),
    Case("JSON saved as csv", "wifi_sessions", ".csv",
         lambda: b'[{"session_id": "x"}]\n', "UnreadableFileError", "JSON"),
    Case("unknown delimiter (colon)", "wifi_sessions", ".csv",
         lambda: csv(sessions_frame(), sep=":"), "ContractError", "missing_column",
         "missing_column"),
    Case("missing required column", "wifi_sessions", ".csv",
         lambda: csv(sessions_frame().drop(columns=["connection_type"])),
         "ContractError", "missing_column connection_type", "missing_column"),
    Case("extra unknown column", "wifi_sessions", ".csv",
         lambda: csv(sessions_frame().assign(phone="555")), "ContractError", "unknown_column phone",
         "unknown_column"),
    Case("repeated header column", "wifi_sessions", ".csv",
         lambda: b"session_id,session_id\nx,y\n", "ContractError", "more than once"),
    Case("NUL bytes inside a text file", "wifi_sessions", ".csv",
         lambda: csv(sessions_frame()).replace(b"express", b"exp\x00ress"),
         "UnreadableFileError", "NUL"),
    Case("UTF-8 decoded as Latin-1 and saved again", "sites", ".csv",
         lambda: csv(sites_frame()).decode().encode("utf-8").decode("latin-1").encode("utf-8"),
         "UnreadableFileError", "Ã¡"),
    Case("legacy .xls workbook", "sites", ".xlsx",
         lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "UnreadableFileError", ".xls"),
    Case("text named .xlsx", "sites", ".xlsx",
         lambda: csv(sites_frame()), "UnreadableFileError", "not an .xlsx"),
    Case("duplicate primary key", "wifi_sessions", ".csv",
         lambda: csv(sessions_with(session_id="COL-W000001")), "quarantine", "primary_key"),
    Case("unknown enum code", "wifi_sessions", ".csv",
         lambda: csv(sessions_with(connection_type="satellite")), "quarantine", "enum"),
    Case("out-of-range number", "wifi_sessions", ".csv",
         lambda: csv(sessions_with(data_mb="-3")), "quarantine", "minimum"),
    Case("bad date", "wifi_sessions", ".csv",
         lambda: csv(sessions_with(start_time="2023-02-30T10:00:00")), "quarantine", "type"),
    Case("time zone in a local timestamp", "wifi_sessions", ".csv",
         lambda: csv(sessions_with(end_time="2023-12-02T11:00:00-05:00")), "quarantine", "type"),
    Case("bad boolean", "sites", ".csv",
         lambda: csv(sites_frame().assign(has_wifi=["yes", "maybe", "no"])), "quarantine", "type"),
    Case("bad number", "sites", ".csv",
         lambda: csv(sites_frame().assign(latitude=["4.5", "four", "4.7"])), "quarantine", "type"),
    Case("unknown multiple-choice token", "wifi_sessions", ".csv",
         lambda: csv(sessions_with(pages_visited="maps teleport")), "quarantine", "enum"),
    Case("mixed Kobo layouts that disagree", "wifi_sessions", ".csv",
         lambda: csv(mixed_layouts()), "quarantine", "choice_layout"),
    Case("dangling foreign key", "wifi_sessions", ".csv",
         lambda: csv(sessions_with(site_id="COL-S999")), "quarantine", "foreign_key"),
    Case("ragged rows", "sites", ".csv", ragged, "quarantine", "ragged_row"),
    Case("blank line in the middle", "sites", ".csv",
         lambda: csv(sites_frame()).replace(b"\nCOL-S002", b"\n\nCOL-S002"),
         "quarantine", "empty_row"),
    Case("required value missing", "wifi_sessions", ".csv",
         lambda: csv(sessions_with(device_id="")), "quarantine", "required"),
    Case("pattern mismatch (MAC address)", "wifi_sessions", ".csv",
         lambda: csv(sessions_with(device_id="AA-BB-CC-DD-EE-FF")), "quarantine", "pattern"),
    Case("xlsx with an unknown enum code", "wifi_sessions", ".xlsx",
         lambda: xlsx(sessions_with(device_os="symbian")), "quarantine", "enum"),
]  # fmt: skip


def put(root: Path, case: Case) -> Path:
    """Valid sites for COL (unless the case is about sites) and the malformed file."""
    if case.dataset != "sites":
        write_raw(root, "sites", "COL", sites_frame())
    folder = root / "raw" / case.dataset / PERIOD
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"COL{case.suffix}"
    path.write_bytes(case.content())
    return path


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 20
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_python_api_answers_with_named_error_or_quarantine(case: Case, tmp_path: Path) -> None:
    path = put(tmp_path, case)
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    rows = {r.file: r for r in report.files}
    result = rows[str(path)]
    assert result.rows_in == result.accepted + result.quarantined
    others = [r for r in report.files if r.file != str(path)]
    assert all(r.status == "ok" for r in others)  # the other files still ingest
    failures_file = tmp_path / "quarantine" / case.dataset / PERIOD / "COL.failures.csv"
    failures = pd.read_csv(failures_file, dtype=str, keep_default_na=False)
    if case.outcome == "quarantine":
        assert result.status == "partial", result
        assert report.ok
        assert case.expect in set(failures["rule"])
        assert result.accepted > 0
        rows_file = tmp_path / "quarantine" / case.dataset / PERIOD / "COL.csv"
        quarantined = pd.read_csv(rows_file, dtype=str, keep_default_na=False)
        assert len(quarantined) == result.quarantined
        assert quarantined["_reasons"].str.contains(case.expect).all()
    else:
        assert result.status == "failed"
        assert not report.ok
        assert result.error.startswith(f"{case.outcome}: "), result.error
        assert case.expect in result.error
        assert result.accepted == 0
        assert not list((tmp_path / "curated" / case.dataset).rglob("*.parquet"))
        assert len(failures) >= 1  # the reason is kept beside the quarantine too
    # The same file through validate_file: a report, never an exception.
    validation = validate_file(path, case.dataset)
    assert validation.ok is (case.validate_exit == 0)
    if case.outcome == "quarantine" and case.validate_exit:
        assert case.expect in set(validation.failures["rule"])
        assert validation.failures["row"].notna().any()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_command_line_exit_codes_and_messages(case: Case, tmp_path: Path) -> None:
    path = put(tmp_path, case)
    runner = CliRunner()
    ingest = runner.invoke(
        app, ["ingest", "--period", PERIOD, "--countries", "COL", "--root", str(tmp_path)]
    )
    assert ingest.exception is None or isinstance(ingest.exception, SystemExit), ingest.output
    assert str(path) in ingest.output
    if case.outcome == "quarantine":
        assert ingest.exit_code == 0, ingest.output
        assert "partial" in ingest.output
    else:
        assert ingest.exit_code == 1, ingest.output
        assert f"FAILED {path}: {case.outcome}" in ingest.output
    validate = runner.invoke(app, ["validate", str(path), "--dataset", case.dataset])
    assert validate.exception is None or isinstance(validate.exception, SystemExit)
    assert validate.exit_code == case.validate_exit, validate.output
    if case.validate_rule:
        assert case.validate_rule in validate.output
    elif case.outcome != "quarantine":
        assert case.outcome in validate.output
    elif case.validate_exit:
        assert case.expect in validate.output


def test_the_installed_command_fails_one_file_and_ingests_the_rest(tmp_path: Path) -> None:
    """Through a real process: exit 1, the summary on stdout, no traceback anywhere."""
    import os
    import subprocess
    import sys

    write_raw(tmp_path, "sites", "COL", sites_frame())
    write_raw(tmp_path, "wifi_sessions", "COL", sessions_frame())
    write_raw(tmp_path, "sites", "PER", sites_frame("PER"))
    broken = tmp_path / "raw" / "wifi_sessions" / PERIOD / "PER.csv"
    broken.write_bytes(b"<html><body>502 Bad Gateway</body></html>")
    command = [sys.executable, "-m", "evidence.cli", "ingest", "--period", PERIOD]
    done = subprocess.run(
        [*command, "--countries", "COL,PER", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "EVIDENCE_PSEUDONYM_KEY": "k"},
        cwd=Path(__file__).resolve().parents[2],
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert f"FAILED {broken}: UnreadableFileError" in done.stdout
    table = [
        line for line in done.stdout.splitlines() if line.lstrip().startswith(("sites", "wifi"))
    ]
    statuses = [line.split()[-1] for line in table]
    assert sorted(statuses) == ["failed", "ok", "ok", "ok"]
