"""The embedded default data end to end: synth → ingest → evidence.load, for two countries.

COL delivers multiple-choice questions as one 0/1 column per choice and booleans as
true/false; PER as space-separated answers, `sí/no`, UTF-8 with a byte-order mark. Both come
out in the same canonical, typed, pseudonymised form.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import evidence
from evidence.contracts import list_contracts, load_contract
from evidence.contracts.curated import curated_dtypes
from evidence.errors import DataNotFoundError
from evidence.ingest import IngestReport, ingest_period
from evidence.synth import SynthReport, write_synthetic

PERIOD = "2023-12"
COUNTRIES = ("COL", "PER")
DATASETS = [n for n in list_contracts() if n != "results"]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthReport, IngestReport]:
    root = tmp_path_factory.mktemp("roundtrip")
    synth = write_synthetic(PERIOD, seed=3, scale=0.03, countries=COUNTRIES, root=root)
    report = ingest_period(PERIOD, COUNTRIES, root=root, key_file=root / "key")
    return root, synth, report


def test_every_file_ingests_and_counts_add_up(run: tuple[Path, SynthReport, IngestReport]) -> None:
    root, synth, report = run
    assert report.ok, report.summary()
    results = report.to_frame().set_index(["dataset", "country"])
    assert (results["rows_in"] == results["accepted"] + results["quarantined"]).all()
    written = synth.files.set_index(["dataset", "country"])["rows"]
    assert results["rows_in"].sort_index().equals(written.sort_index().rename("rows_in"))
    assert set(results.index.get_level_values("dataset")) == set(DATASETS)
    injected = synth.injected.groupby(["dataset", "country"]).size()
    assert results["quarantined"].sum() == injected.sum()
    for dataset in DATASETS:
        loaded = evidence.load(dataset, period=PERIOD, root=root)
        accepted = results.xs(dataset, level="dataset")["accepted"]
        assert loaded.groupby("country").size().to_dict() == accepted[accepted > 0].to_dict()


@pytest.mark.parametrize("dataset", DATASETS)
def test_loaded_frames_have_contract_types(
    run: tuple[Path, SynthReport, IngestReport], dataset: str
) -> None:
    root, _, _ = run
    contract = load_contract(dataset)
    frame = evidence.load(dataset, country=list(COUNTRIES), root=root)
    assert list(frame.columns) == ["period", "country", *curated_dtypes(contract)]
    for field in contract.fields:
        if field.pii and field.pii_action == "drop":
            assert field.name not in frame.columns
            continue
        if field.type == "list":
            assert (frame[list(field.choice_columns)].dtypes == "boolean").all()
            continue
        dtype = frame[field.name].dtype
        if field.pii:
            assert str(dtype) == "str"
            assert frame[field.name].dropna().str.fullmatch("[0-9a-f]{32}").all()
        elif field.constraints.enum is not None:
            assert isinstance(dtype, pd.CategoricalDtype)
            assert list(dtype.categories) == list(field.constraints.enum)
        elif field.type in ("date", "datetime"):
            assert pd.api.types.is_datetime64_dtype(dtype)
        else:
            expected = {"string": "str", "integer": "Int64", "number": "Float64"}
            assert str(dtype) == expected.get(field.type, "boolean")


def test_quarantine_files_hold_every_rejected_row_with_reasons(
    run: tuple[Path, SynthReport, IngestReport],
) -> None:
    root, synth, report = run
    for row in report.files:
        quarantine = root / "quarantine" / row.dataset / PERIOD / f"{row.country}.csv"
        if row.quarantined == 0:
            assert not quarantine.exists()
            continue
        rows = pd.read_csv(quarantine, dtype=str, keep_default_na=False)
        assert len(rows) == row.quarantined
        assert (rows["_reasons"] != "").all()
        injected = synth.injected
        mine = injected[(injected["dataset"] == row.dataset) & (injected["country"] == row.country)]
        assert set(rows["_row"].astype(int)) == set(mine["row"])


def test_both_kobo_layouts_load_the_same_canonical_columns(
    run: tuple[Path, SynthReport, IngestReport],
) -> None:
    root, _, _ = run
    raw = root / "raw" / "flow_survey" / PERIOD
    col_header = pd.read_csv(raw / "COL.csv", nrows=0).columns
    per_header = pd.read_csv(raw / "PER.csv", nrows=0, encoding="utf-8-sig").columns
    assert "needs/food" in col_header and "needs" not in col_header
    assert "needs" in per_header and "needs/food" not in per_header
    survey = evidence.load("flow_survey", root=root)
    needs = [c for c in survey.columns if c.startswith("needs/")]
    assert needs == list(load_contract("flow_survey").field("needs").choice_columns)
    for country in COUNTRIES:
        ticked = survey.loc[survey["country"] == country, needs]
        assert ticked.sum().sum() > 0  # answers came through in both layouts


def test_no_raw_identifier_or_name_reaches_curated_data(
    run: tuple[Path, SynthReport, IngestReport],
) -> None:
    root, _, _ = run
    secrets: set[str] = set()
    for dataset in DATASETS:
        contract = load_contract(dataset)
        pii = [f.name for f in contract.fields if f.pii]
        for path in sorted((root / "raw" / dataset / PERIOD).iterdir()):
            if path.suffix == ".parquet":
                raw = pd.read_parquet(path, columns=pii)
            else:
                raw = pd.read_csv(path, dtype=str, encoding="utf-8-sig", usecols=pii)
            for column in pii:
                secrets |= {v for v in raw[column].dropna() if len(v) >= 6}
    assert any(":" in s for s in secrets)  # MAC addresses are among them
    assert len(secrets) > 1000
    sample = sorted(secrets)[:: max(1, len(secrets) // 300)]
    for part in sorted((root / "curated").rglob("*.parquet")):
        values = {str(v) for v in pd.read_parquet(part).to_numpy().ravel()}
        assert not values & secrets, part
        data = part.read_bytes()
        assert not [s for s in sample if s.encode() in data], part


def test_students_join_caregivers_and_schools_after_hashing(
    run: tuple[Path, SynthReport, IngestReport],
) -> None:
    root, _, _ = run
    students = evidence.load("students", root=root)
    caregivers = evidence.load("caregivers", root=root, columns=["caregiver_id"])
    schools = evidence.load("schools", root=root, columns=["school_id"])
    keys = ["period", "country"]
    with_caregiver = students.merge(
        caregivers, on=[*keys, "caregiver_id"], how="left", indicator=True
    )
    assert (with_caregiver["_merge"] == "both").all()
    with_school = students.merge(schools, on=[*keys, "school_id"], how="left", indicator=True)
    assert (with_school["_merge"] == "both").all()
    assert students["caregiver_id"].nunique() > 10


def test_load_filters_columns_and_missing_data(run: tuple[Path, SynthReport, IngestReport]) -> None:
    root, _, report = run
    frame = evidence.load("wifi_sessions", country="per", root=root, columns=["data_mb"])
    assert list(frame.columns) == ["period", "country", "data_mb"]
    assert set(frame["country"]) == {"PER"}
    accepted = report.to_frame().set_index(["dataset", "country"])["accepted"]
    assert len(frame) == accepted[("wifi_sessions", "PER")]
    assert np.isfinite(frame["data_mb"].to_numpy(dtype=float)).all()
    with pytest.raises(DataNotFoundError, match=r"country=\['BRA'\].*curated partitions there"):
        evidence.load("wifi_sessions", country="BRA", root=root)
    with pytest.raises(DataNotFoundError, match="nothing curated for 'sites'"):
        evidence.load("sites", root=root / "elsewhere")
