"""Ingest guards: nothing to ingest is an error, killed runs leave nothing behind, Excel and
Parquet dates are valid input, links inside data/raw are followed."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from evidence import load
from evidence.cli import app
from evidence.ingest import ingest_period
from evidence.paths import curated_dir, quarantine_dir
from tests.ingest.rawdata import PERIOD, sessions_frame, sites_frame, write_raw


def ingest_cli(root: Path, countries: str = "COL") -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["ingest", "--period", PERIOD, "--countries", countries, "--root", str(root)]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_an_empty_raw_root_exits_non_zero(tmp_path: Path) -> None:
    code, output = ingest_cli(tmp_path)
    assert code == 1
    assert "no raw files" in output and "no raw file found to ingest" in output
    (tmp_path / "raw" / "sites" / "2023-11").mkdir(parents=True)
    write_raw(tmp_path, "sites", "PER", sites_frame("PER"))  # another country, same period
    code, _ = ingest_cli(tmp_path)  # nothing for COL
    assert code == 1
    assert ingest_cli(tmp_path, "PER")[0] == 0


def test_temporary_files_of_a_killed_ingest_are_cleared(tmp_path: Path) -> None:
    write_raw(tmp_path, "sites", "COL", sites_frame())
    partition = curated_dir("sites", PERIOD, "COL", tmp_path)
    quarantine = quarantine_dir("sites", PERIOD, tmp_path)
    partition.mkdir(parents=True)
    quarantine.mkdir(parents=True)
    dead = 2**22 + 12345  # above pid_max's default: no such process
    stale = [
        partition / f".part-0.parquet.{dead}.0a1b2c3d.tmp",
        quarantine / f".COL.csv.{dead}.0a1b2c3d.tmp",
        quarantine / f".PER.failures.csv.{dead}.0a1b2c3d.tmp",
    ]
    alive = partition / f".part-0.parquet.{os.getppid()}.0a1b2c3d.tmp"  # a running process
    for path in [*stale, alive]:
        path.write_bytes(b"half written")
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    assert report.ok
    assert not any(path.exists() for path in stale)
    assert alive.exists()


def test_excel_date_and_datetime_cells_are_valid_input(tmp_path: Path) -> None:
    write_raw(tmp_path, "sites", "COL", sites_frame())
    sessions = sessions_frame(n=4)
    typed = sessions.assign(
        start_time=pd.to_datetime(sessions["start_time"]),
        end_time=pd.to_datetime(sessions["end_time"]),
        data_mb=sessions["data_mb"].astype(float),
    )
    folder = tmp_path / "raw" / "wifi_sessions" / PERIOD
    folder.mkdir(parents=True)
    buffer = io.BytesIO()
    typed.to_excel(buffer, index=False)
    (folder / "COL.xlsx").write_bytes(buffer.getvalue())
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    assert [r.status for r in report.files] == ["ok", "ok"], report.summary()
    curated = load("wifi_sessions", root=tmp_path)
    assert curated["start_time"].tolist() == typed["start_time"].tolist()


def test_parquet_date_columns_are_valid_input(tmp_path: Path) -> None:
    from evidence.synth import synthesize_country

    frames = synthesize_country(
        "COL", PERIOD, seed=2, scale=0.002, datasets=("sites", "flow_counts")
    )
    write_raw(tmp_path, "sites", "COL", frames["sites"])
    counts = frames["flow_counts"]
    table = pa.Table.from_pandas(counts, preserve_index=False)
    dates = pa.array([pd.Timestamp(d).date() for d in counts["date"]], pa.date32())
    table = table.set_column(table.schema.get_field_index("date"), "date", dates)
    folder = tmp_path / "raw" / "flow_counts" / PERIOD
    folder.mkdir(parents=True)
    pq.write_table(table, folder / "COL.parquet")
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    assert report.ok and all(r.status == "ok" for r in report.files), report.summary()
    curated = load("flow_counts", root=tmp_path)
    assert curated["date"].min() == pd.Timestamp(dt.date(2023, 12, 1))


def test_a_link_inside_data_raw_is_followed(tmp_path: Path) -> None:
    original = write_raw(tmp_path, "sites", "PER", sites_frame("COL"))
    link = tmp_path / "raw" / "sites" / PERIOD / "COL.csv"
    os.rename(original, tmp_path / "raw" / "delivered-sites.csv")
    link.symlink_to(tmp_path / "raw" / "delivered-sites.csv")
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    assert [r.status for r in report.files] == ["ok"], report.summary()


def test_excel_date_cells_in_a_date_field_are_valid_input(tmp_path: Path) -> None:
    from evidence.synth import synthesize_country

    frames = synthesize_country(
        "COL", PERIOD, seed=2, scale=0.002, datasets=("sites", "flow_counts")
    )
    write_raw(tmp_path, "sites", "COL", frames["sites"])
    counts = frames["flow_counts"].assign(date=lambda f: pd.to_datetime(f["date"]))
    folder = tmp_path / "raw" / "flow_counts" / PERIOD
    folder.mkdir(parents=True)
    buffer = io.BytesIO()
    counts.to_excel(buffer, index=False)
    (folder / "COL.xlsx").write_bytes(buffer.getvalue())
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    assert [r.status for r in report.files] == ["ok", "ok"], report.summary()
    assert load("flow_counts", root=tmp_path)["date"].nunique() == 31
