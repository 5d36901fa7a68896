"""`evidence flags`: the table or JSON of a period's red flags and the exit-code contract
(0 none, 1 flags printed, 2 could not run), on real ingested embedded data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evidence.cli import app
from evidence.ingest import ingest_period
from evidence.synth import write_synthetic

PERIOD = "2023-12"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("flags")
    write_synthetic(period=PERIOD, seed=0, scale=0.3, countries=("ABW",), root=base, error_rate=0)
    assert ingest_period(PERIOD, countries=("ABW",), root=base).ok
    return base


def test_flags_exit_1_with_reasons_and_json(root: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(
        app, ["flags", "--period", PERIOD, "--countries", "ABW", "--root", str(root)]
    )
    assert table.exit_code == 1, table.output  # the embedded data plant surges
    assert "flow_surge" in table.output and "median" in table.output
    as_json = runner.invoke(
        app, ["flags", "--period", PERIOD, "--countries", "ABW", "--root", str(root), "--json"]
    )
    assert as_json.exit_code == 1
    records = json.loads(as_json.stdout)
    assert records and all(r["country"] == "ABW" and r["reason"] for r in records)


def test_flags_exit_0_when_none_and_2_when_it_cannot_run(root: Path) -> None:
    runner = CliRunner()
    late = runner.invoke(
        app,
        [
            "flags",
            "--period",
            PERIOD,
            "--countries",
            "ABW",
            "--root",
            str(root),
            "--since",
            "2024-01-01",
        ],
    )
    assert late.exit_code == 0, late.output
    assert "no red flags" in late.output
    bad = runner.invoke(app, ["flags", "--period", "2023-13", "--root", str(root)])
    assert bad.exit_code == 2
