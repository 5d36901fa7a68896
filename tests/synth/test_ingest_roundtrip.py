"""The default data go through ingestion (evidence.ingest, built on evidence.contracts) with
no failure other than the deliberately injected ones: exactly those rows are quarantined."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from evidence.ingest import ingest_period
from evidence.synth import SynthReport


def test_ingest_quarantines_exactly_the_injected_rows(
    dirty_run: SynthReport, tmp_path: Path
) -> None:
    shutil.copytree(dirty_run.root / "raw", tmp_path / "raw")
    report = ingest_period(
        "2023-12", countries=["COL", "PER"], root=tmp_path, key_file=tmp_path / "key"
    )
    results = report.to_frame().set_index(["dataset", "country"])
    assert (results["status"] != "failed").all(), results[results["status"] == "failed"]
    injected = dirty_run.injected.groupby(["dataset", "country"])["row"].agg(set)
    for row in dirty_run.files.itertuples(index=False):
        key = (row.dataset, row.country)
        expected = injected.get(key, set())
        assert results.loc[key, "rows_in"] == row.rows, key
        assert results.loc[key, "quarantined"] == len(expected), key
        quarantine = tmp_path / "quarantine" / row.dataset / "2023-12" / f"{row.country}.csv"
        if expected:
            assert set(pd.read_csv(quarantine)["_row"]) == expected, key
        else:
            assert not quarantine.exists(), key
