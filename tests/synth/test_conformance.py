"""Raw files follow their contracts, read straight from data_contracts/*.yaml: the columns,
codelists, ranges, patterns, keys; and every deliberate error is exactly where it is recorded.

The checks here are deliberately simple (strings in, set of failing cells out) and
independent of evidence.contracts, so they test the generator, not the validation engine.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from evidence.synth import DATASETS, SynthReport
from evidence.synth.corrupt import CORRUPTIONS

CONTRACTS = Path(__file__).resolve().parents[2] / "data_contracts"
BOOLEAN_WORDS = {"true", "false", "1", "0", "yes", "no", "si", "sí", "sim", "não"}


def contract(dataset: str) -> dict[str, Any]:
    with (CONTRACTS / f"{dataset}.yaml").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def read_raw(path: str) -> pd.DataFrame:
    """A raw file as strings, '' for missing (the BOM, if any, stripped)."""
    if path.endswith(".parquet"):
        frame = pd.read_parquet(path)
        for column in frame.columns:
            if frame[column].dtype.kind == "M":
                frame[column] = frame[column].dt.strftime("%Y-%m-%dT%H:%M:%S")
        return frame.astype(object).where(frame.notna(), "").astype(str)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def failing_cells(frame: pd.DataFrame, dataset: str) -> set[tuple[int, str]]:
    """(1-based row, column) of every cell breaking a field rule of the contract."""
    bad: set[tuple[int, str]] = set()

    def mark(mask: pd.Series, column: str) -> None:
        bad.update((int(i) + 1, column) for i in mask[mask].index)

    for field in contract(dataset)["fields"]:
        name, rules = field["name"], field.get("constraints", {})
        if field["type"] == "list":
            wide = [f"{name}/{choice}" for choice in field["choices"]]
            if wide[0] in frame.columns:
                assert set(frame.columns) >= set(wide)
                cells = frame[wide]
                assert cells.isin(["0", "1", ""]).all().all(), name
                missing = cells.eq("").all(axis=1)
            else:
                tokens = frame[name].str.split()
                choices = set(field["choices"])
                mark(tokens.map(lambda t, allowed=choices: not set(t) <= allowed), name)
                missing = frame[name].eq("")
            if rules.get("required"):
                mark(missing, name)
            continue
        values = frame[name]
        present = values.ne("")
        if rules.get("required"):
            mark(~present, name)
        if "enum" in rules:
            mark(present & ~values.isin(rules["enum"]), name)
        if "pattern" in rules:
            mark(present & ~values.str.fullmatch(rules["pattern"]), name)
        if rules.get("unique"):
            mark(present & values.duplicated(keep=False), name)
        if field["type"] in ("integer", "number"):
            numbers = pd.to_numeric(values.where(present), errors="coerce")
            mark(present & numbers.isna(), name)
            if field["type"] == "integer":
                mark(present & numbers.notna() & (numbers % 1 != 0), name)
            if "minimum" in rules:
                mark(numbers < rules["minimum"], name)
            if "maximum" in rules:
                mark(numbers > rules["maximum"], name)
        if field["type"] == "boolean":
            mark(present & ~values.str.lower().isin(BOOLEAN_WORDS), name)
        if field["type"] in ("date", "datetime"):
            form = "%Y-%m-%d" if field["type"] == "date" else "%Y-%m-%dT%H:%M:%S"
            parsed = pd.to_datetime(values.where(present), format=form, errors="coerce")
            mark(present & parsed.isna(), name)
    return bad


def raw_frames(report: SynthReport, country: str) -> dict[str, pd.DataFrame]:
    files = report.files[report.files["country"] == country]
    return {row.dataset: read_raw(row.path) for row in files.itertuples(index=False)}


def orphans(frames: dict[str, pd.DataFrame], dataset: str) -> set[tuple[int, str]]:
    bad: set[tuple[int, str]] = set()
    for foreign in contract(dataset).get("foreignKeys", []):
        (column,) = foreign["fields"]
        reference = frames[foreign["reference"]["resource"]][foreign["reference"]["fields"][0]]
        values = frames[dataset][column]
        missing = values.ne("") & ~values.isin(reference)
        bad.update((int(i) + 1, column) for i in missing[missing].index)
    return bad


@pytest.mark.parametrize("country", ["COL", "PER"])
def test_files_break_their_contracts_exactly_where_errors_were_injected(
    dirty_run: SynthReport, country: str
) -> None:
    frames = raw_frames(dirty_run, country)
    assert set(frames) == set(DATASETS)
    injected = dirty_run.injected[dirty_run.injected["country"] == country]
    for dataset, frame in frames.items():
        names = [f["name"] for f in contract(dataset)["fields"]]
        flat = [re.sub(r"/.*$", "", column) for column in frame.columns]
        assert list(dict.fromkeys(flat)) == names, dataset
        assert len(frame) > 0, dataset
        found = failing_cells(frame, dataset) | orphans(frames, dataset)
        records = injected[injected["dataset"] == dataset]
        recorded = set(zip(records["row"].astype(int), records["column"], strict=True))
        assert found == recorded, dataset
        for row in records.itertuples(index=False):
            assert frame.at[int(row.row) - 1, row.column] == row.value, row
        if dataset in CORRUPTIONS:
            share = len(records) / len(frame)
            assert 0.015 < share < 0.025, (dataset, share)
        else:
            assert records.empty, dataset
    assert set(injected["kind"]) == {
        kind for options in CORRUPTIONS.values() for _, kind, _ in options
    }


def test_portal_devices_used_the_wifi(dirty_run: SynthReport) -> None:
    frames = raw_frames(dirty_run, "COL")
    forms = frames["portal_forms"]
    valid = forms["device_id"].str.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}")
    assert valid.mean() > 0.97
    assert forms.loc[valid, "device_id"].isin(frames["wifi_sessions"]["device_id"]).all()


def test_kobo_layouts_encodings_and_accents(dirty_run: SynthReport) -> None:
    files = dirty_run.files.set_index(["dataset", "country"])
    col = Path(str(files.loc[("flow_survey", "COL"), "path"]))
    per = Path(str(files.loc[("flow_survey", "PER"), "path"]))
    col_header = col.read_text(encoding="utf-8").splitlines()[0].split(",")
    per_header = per.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert "needs/food" in col_header and "needs" not in col_header
    assert "needs" in per_header and "needs/food" not in per_header
    assert per.read_bytes().startswith(b"\xef\xbb\xbf") and not col.read_bytes().startswith(b"\xef")
    sites = Path(str(files.loc[("sites", "COL"), "path"])).read_text(encoding="utf-8")
    assert "Cúcuta" in sites and "Bogotá" in sites
    per_students = read_raw(str(files.loc[("students", "PER"), "path"]))
    assert set(per_students["migrant"]) <= {"sí", "no"}
    assert files.loc[("flow_survey", "COL"), "choice_layout"] == "choice_columns"
    assert files.loc[("wifi_sessions", "COL"), "file_format"] == "parquet"
