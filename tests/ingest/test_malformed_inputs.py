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
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from evidence.cli import app
from evidence.ingest import ingest_period, validate_file
from evidence.synth import synthesize_country
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
         lambda: csv(sessions_frame(), sep=":"), "ContractError", "no column of the header",
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


# --- Every dataset, every format: synthetic deliveries with one fault each --------------------
#
# Each case writes the valid parents of its dataset (synthetic, one country) and one faulty
# entry into the period folder, then checks: a named error or a quarantine with its reason, no
# traceback (API and command line), the other files ingest, and every delivered row is
# accounted for: rows delivered = accepted + quarantined + rows of files reported as not
# ingested.


@cache
def synthetic() -> dict[str, pd.DataFrame]:
    return synthesize_country("COL", PERIOD, seed=1, scale=0.002)


PARENTS = {
    "flow_counts": ("sites",),
    "flow_survey": ("sites",),
    "wifi_sessions": ("sites",),
    "portal_forms": ("sites",),
    "caregivers": ("schools",),
    "students": ("schools", "caregivers"),
}


def frame_of(dataset: str, n: int = 6) -> pd.DataFrame:
    return synthetic()[dataset].head(n).reset_index(drop=True).copy()


def with_cell(dataset: str, column: str, value: object, row: int = 1) -> pd.DataFrame:
    frame = frame_of(dataset).astype(object)
    frame.loc[row, column] = value
    return frame


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.infer_objects()


def workbook(frame: pd.DataFrame, extra_sheet: pd.DataFrame | None = None) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="data")
        if extra_sheet is not None:
            extra_sheet.to_excel(writer, index=False, sheet_name="more")
    return buffer.getvalue()


def edited_workbook(frame: pd.DataFrame, cell: str, value: object) -> bytes:
    """A workbook with one cell replaced by openpyxl (a formula it never computes)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook(frame)))
    book.active[cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def arrow_parquet(frame: pd.DataFrame, **columns: object) -> bytes:
    """Parquet of a frame with some columns replaced by Arrow arrays (typed faults)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    for name, array in columns.items():
        table = table.set_column(table.schema.get_field_index(name), name, array)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Delivery:
    name: str
    dataset: str
    entry: str  # file name in the period folder
    build: Callable[[Path], int]  # writes the entry; returns the rows it delivers
    outcome: str  # "quarantine" or the error class of the file
    expect: str  # the failing rule, or a piece of the error message


def data(content: Callable[[], bytes], rows: int) -> Callable[[Path], int]:
    def build(path: Path) -> int:
        path.write_bytes(content())
        return rows

    return build


def symlink_to(target: str) -> Callable[[Path], int]:
    def build(path: Path) -> int:
        path.symlink_to(target)
        return 0

    return build


def sub_folder(path: Path) -> int:
    path.mkdir()
    (path / "COL.csv").write_bytes(csv(frame_of("sites")))
    return 6


def n_rows(frame: pd.DataFrame) -> int:
    return len(frame)


BIG = 2**63
DELIVERIES = [
    Delivery("age 1e20 (beyond 64 bits)", "flow_survey", "COL.csv",
             data(lambda: csv(with_cell("flow_survey", "age", "1e20")), 6), "quarantine", "type"),
    Delivery("age 2^63 as digits", "integration_survey", "COL.csv",
             data(lambda: csv(with_cell("integration_survey", "age", str(BIG))), 6),
             "quarantine", "type"),
    Delivery("age -(2^63+1) as digits", "caregivers", "COL.csv",
             data(lambda: csv(with_cell("caregivers", "age", str(-BIG - 1))), 6),
             "quarantine", "type"),
    Delivery("unsigned 64-bit 2^63 in Parquet", "flow_counts", "COL.parquet",
             data(lambda: arrow_parquet(
                 frame_of("flow_counts"),
                 entries=__import__("pyarrow").array([BIG] + [1] * 5, "uint64")), 6),
             "quarantine", "type"),
    Delivery("inf weight in Parquet", "students", "COL.parquet",
             data(lambda: parquet(typed(with_cell("students", "weight", float("inf")))), 6),
             "quarantine", "type"),
    Delivery("-inf income in Parquet", "integration_survey", "COL.parquet",
             data(lambda: parquet(
                 with_cell("integration_survey", "monthly_income", float("-inf")).infer_objects()),
                 6), "quarantine", "type"),
    Delivery("inf weight in CSV", "caregivers", "COL.csv",
             data(lambda: csv(with_cell("caregivers", "weight", "inf")), 6), "quarantine", "type"),
    Delivery("NaN weight in Parquet (required)", "students", "COL.parquet",
             data(lambda: parquet(typed(with_cell("students", "weight", float("nan")))), 6),
             "quarantine", "required"),
    Delivery("interview in 2031", "flow_survey", "COL.csv",
             data(lambda: csv(with_cell("flow_survey", "interview_date", "2031-01-01")), 6),
             "quarantine", "outside_period"),
    Delivery("interview in 1900", "integration_survey", "COL.csv",
             data(lambda: csv(with_cell("integration_survey", "interview_date", "1900-01-01")), 6),
             "quarantine", "outside_period"),
    Delivery("count dated the next month", "flow_counts", "COL.csv",
             data(lambda: csv(with_cell("flow_counts", "date", "2024-01-01")), 6),
             "quarantine", "outside_period"),
    Delivery("form submitted the month before", "portal_forms", "COL.csv",
             data(lambda: csv(with_cell("portal_forms", "submitted_at", "2023-11-30T23:59:00")),
                  6), "quarantine", "outside_period"),
    Delivery("session ending two days after the period", "wifi_sessions", "COL.parquet",
             data(lambda: parquet(with_cell(
                 "wifi_sessions", "end_time", pd.Timestamp("2024-01-02 10:00")).infer_objects()),
                 6), "quarantine", "outside_period"),
    Delivery("Excel date cell outside the period", "flow_counts", "COL.xlsx",
             data(lambda: workbook(with_cell("flow_counts", "date", pd.Timestamp("2031-01-01"))),
                  6), "quarantine", "outside_period"),
    Delivery("Parquet timestamp with a time zone", "portal_forms", "COL.parquet",
             data(lambda: parquet(frame_of("portal_forms").assign(
                 submitted_at=lambda f: f["submitted_at"].dt.tz_localize("America/Bogota"))), 6),
             "quarantine", "type"),
    Delivery("Excel date cell with a time in a date field", "flow_survey", "COL.xlsx",
             data(lambda: workbook(
                 with_cell("flow_survey", "interview_date", pd.Timestamp("2023-12-02 10:30"))), 6),
             "quarantine", "type"),
    Delivery("truncated xlsx", "schools", "COL.xlsx",
             data(lambda: workbook(frame_of("schools"))[:700], 0), "UnreadableFileError",
             "cannot be read"),
    Delivery("xlsx with a second sheet of data", "schools", "COL.xlsx",
             data(lambda: workbook(frame_of("schools"), frame_of("schools")), 0),
             "ContractError", "2 sheets holding data"),
    Delivery("xlsx formula without a saved result", "caregivers", "COL.xlsx",
             data(lambda: edited_workbook(frame_of("caregivers"), "E3", "=1+1"), 6),
             "quarantine", "formula"),
    Delivery("xlsx error value #DIV/0!", "students", "COL.xlsx",
             data(lambda: edited_workbook(frame_of("students"), "B2", "=1/0"), 6),
             "quarantine", "formula"),
    Delivery("xlsx header only", "sites", "COL.xlsx",
             data(lambda: workbook(frame_of("sites").head(0)), 0), "ContractError", "no data rows"),
    Delivery("xlsx with every sheet empty", "sites", "COL.xlsx",
             data(lambda: workbook(pd.DataFrame()), 0), "UnreadableFileError", "empty"),
    Delivery("Parquet without rows", "flow_counts", "COL.parquet",
             data(lambda: parquet(frame_of("flow_counts").head(0)), 0),
             "ContractError", "no data rows"),
    Delivery("Parquet list column for a multiple choice", "wifi_sessions", "COL.parquet",
             data(lambda: arrow_parquet(
                 sessions_frame(n=6),
                 pages_visited=__import__("pyarrow").array([["maps"]] * 6)), 6),
             "UnreadableFileError", "cannot be read"),
    Delivery("legacy .xls beside the csv", "sites", "COL.xls",
             data(lambda: b"\xd0\xcf\x11\xe0" + bytes(600), 0), "UnreadableFileError",
             "unsupported file type"),
    Delivery("notes in a .txt file", "flow_survey", "COL.txt",
             data(lambda: b"delivered late\n", 0), "UnreadableFileError", "unsupported file type"),
    Delivery("gzip-compressed CSV", "flow_counts", "COL.csv.gz",
             data(lambda: __import__("gzip").compress(csv(frame_of("flow_counts"))), 6),
             "UnreadableFileError", "unsupported file type"),
    Delivery("Excel lock file", "schools", "~$COL.xlsx",
             data(lambda: b"lock", 0), "ContractError", "must be named"),
    Delivery("symbolic link to a system file", "sites", "COL.csv",
             symlink_to("/etc/passwd"), "UnreadableFileError", "leads outside data/raw"),
    Delivery("a folder inside the period folder", "sites", "old", sub_folder,
             "UnreadableFileError", "a folder inside a period folder"),
    Delivery("header line missing", "integration_survey", "COL.csv",
             data(lambda: b"\n".join(csv(frame_of("integration_survey")).splitlines()[1:]) + b"\n",
                  5), "ContractError", "no column of the header"),
    Delivery("a raw column named like the quarantine's own", "sites", "COL.csv",
             data(lambda: csv(frame_of("sites").assign(_row="x", _reasons="y")), 6),
             "ContractError", "unknown_column"),
    Delivery("duplicate caregiver identifier (personal)", "caregivers", "COL.csv",
             data(lambda: csv(with_cell("caregivers", "caregiver_id",
                                        frame_of("caregivers").loc[0, "caregiver_id"])), 6),
             "quarantine", "primary_key"),
    Delivery("student whose caregiver does not exist (personal key)", "students", "COL.csv",
             data(lambda: csv(with_cell("students", "caregiver_id", "COL-C999999")), 6),
             "quarantine", "foreign_key"),
    Delivery("bad MAC address in a portal form", "portal_forms", "COL.parquet",
             data(lambda: parquet(with_cell("portal_forms", "device_id", "not-a-mac")
                                  .infer_objects()), 6), "quarantine", "pattern"),
    Delivery("negative count", "flow_counts", "COL.xlsx",
             data(lambda: workbook(with_cell("flow_counts", "entries", -5)), 6),
             "quarantine", "minimum"),
    Delivery("service point off the map (latitude 95)", "services", "COL.xlsx",
             data(lambda: workbook(with_cell("services", "latitude", 95.0)), 6),
             "quarantine", "maximum"),
    Delivery("service type outside the codelist", "services", "COL.parquet",
             data(lambda: parquet(with_cell("services", "service_type", "psychologist")
                                  .infer_objects()), 6), "quarantine", "enum"),
    Delivery("service point without an identifier", "services", "COL.csv",
             data(lambda: csv(with_cell("services", "service_id", None)), 6),
             "quarantine", "required"),
    Delivery("school rating 9 of 5", "schools", "COL.csv",
             data(lambda: csv(with_cell("schools", "rating_resources", 9, row=0)), 5),
             "quarantine", "maximum"),
]  # fmt: skip


def deliver(root: Path, case: Delivery) -> tuple[Path, int]:
    """The parents (valid, synthetic) and the faulty entry; (entry, rows it delivers)."""
    for parent in PARENTS.get(case.dataset, ()):
        parquet_path = root / "raw" / parent / PERIOD / "COL.csv"
        parquet_path.parent.mkdir(parents=True, exist_ok=True)
        parquet_path.write_bytes(csv(synthetic()[parent]))
    folder = root / "raw" / case.dataset / PERIOD
    folder.mkdir(parents=True, exist_ok=True)
    entry = folder / case.entry
    return entry, case.build(entry)


def delivered_rows(root: Path, case: Delivery) -> int:
    return sum(len(synthetic()[p]) for p in PARENTS.get(case.dataset, ()))


def test_the_whole_corpus_is_large_enough() -> None:
    assert len(CASES) + len(DELIVERIES) >= 60
    assert len({c.name for c in DELIVERIES}) == len(DELIVERIES)
    assert {c.dataset for c in CASES} | {c.dataset for c in DELIVERIES} >= set(PARENTS) | {
        "sites", "schools", "integration_survey"
    }  # fmt: skip


@pytest.mark.parametrize("case", DELIVERIES, ids=lambda c: c.name)
def test_every_delivery_is_accounted_for(case: Delivery, tmp_path: Path) -> None:
    entry, rows = deliver(tmp_path, case)
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    results = {r.file: r for r in report.files}
    result = results[str(entry)]
    # Rows delivered = accepted + quarantined + rows of files reported as not ingested.
    not_ingested = rows if result.status == "failed" and result.rows_in == 0 else 0
    total = sum(r.accepted + r.quarantined for r in report.files)
    assert delivered_rows(tmp_path, case) + rows == total + not_ingested
    others = [r for r in report.files if r.file != str(entry)]
    assert all(r.status == "ok" for r in others), report.summary()
    if case.outcome == "quarantine":
        assert result.status == "partial", result
        assert result.quarantined > 0
        quarantine = tmp_path / "quarantine" / case.dataset / PERIOD
        failures = pd.read_csv(quarantine / "COL.failures.csv", dtype=str, keep_default_na=False)
        assert case.expect in set(failures["rule"]), failures
        rows_file = pd.read_csv(quarantine / "COL.csv", dtype=str, keep_default_na=False)
        assert len(rows_file) == result.quarantined
        assert (rows_file["_reasons"] != "").all()
    else:
        assert result.status == "failed", result
        assert result.error.startswith(f"{case.outcome}: "), result.error
        assert case.expect in result.error, result.error
        assert not report.ok


@pytest.mark.parametrize("case", DELIVERIES, ids=lambda c: c.name)
def test_every_delivery_on_the_command_line(case: Delivery, tmp_path: Path) -> None:
    entry, _ = deliver(tmp_path, case)
    result = CliRunner().invoke(
        app, ["ingest", "--period", PERIOD, "--countries", "COL", "--root", str(tmp_path)]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert str(entry) in result.output
    if case.outcome == "quarantine":
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1, result.output
        assert f"FAILED {entry}: {case.outcome}" in result.output


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in DELIVERIES
        if c.entry.endswith((".csv", ".xlsx", ".parquet")) and "link" not in c.name
    ],
    ids=lambda c: c.name,
)
def test_validate_answers_every_delivery_with_a_report(case: Delivery, tmp_path: Path) -> None:
    entry, _ = deliver(tmp_path, case)
    report = validate_file(entry, case.dataset)  # never an exception
    if case.outcome == "quarantine" and case.expect not in ("foreign_key", "outside_period"):
        assert case.expect in set(report.failures["rule"]), report.summary()
    elif case.outcome != "quarantine":
        assert not report.ok
