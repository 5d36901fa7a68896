"""Ingest guarantees of the new questions: the place of work (and of living) must be an
admin1 unit of the file's country, the portal's smuggling answer one of its codes; a bad
value quarantines its row with the file, row, column, rule and a reason, the rest is curated."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import evidence
from evidence.admin1 import admin1_names
from evidence.contracts import contract_from_mapping
from evidence.errors import ContractError
from evidence.ingest import ingest_period
from evidence.ingest.validate_file import validate_file
from evidence.synth import synthesize
from tests.ingest.rawdata import PERIOD, write_raw

# (frame row, column, bad value, rule)
SURVEY_FAULTS = (
    (2, "work_admin1", "Caracas", "admin1"),  # a unit of another country
    (4, "admin1", "Antioqia", "admin1"),  # misspelt
    (6, "work_admin1", "Port of Spain", "admin1"),  # right spelling, wrong country
)
FORM_FAULTS = ((1, "smuggler_used", "maybe", "enum"), (3, "smuggler_used", "si", "enum"))


def failures_of(root: Path, dataset: str, country: str) -> pd.DataFrame:
    path = root / "quarantine" / dataset / PERIOD / f"{country}.failures.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("seed", [0, 5])
def test_admin1_outside_the_country_is_quarantined_with_its_reason(
    tmp_path: Path, seed: int
) -> None:
    raw = synthesize("integration_survey", "COL", PERIOD, seed=seed, scale=0.1)
    employed = raw.index[raw["employed"].astype(bool)]
    faults = tuple((int(employed[row]), c, v, rule) for row, c, v, rule in SURVEY_FAULTS)
    bad = raw.astype(object).copy()
    for row, column, value, _ in faults:
        bad.loc[row, column] = value
    write_raw(tmp_path, "integration_survey", "COL", bad)
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    (result,) = report.files
    assert (result.accepted, result.quarantined) == (len(raw) - len(faults), len(faults))
    failures = failures_of(tmp_path, "integration_survey", "COL")
    found = {
        (int(r), c, v, rule)
        for r, c, v, rule in failures[["row", "column", "value", "rule"]].to_numpy()
    }
    # Rows are 1-based data rows of the file: frame row k is file row k + 1.
    assert {(row + 1, column, value, rule) for row, column, value, rule in faults} <= found
    admin1 = failures[failures["rule"] == "admin1"]
    assert len(admin1) == len(faults)
    assert admin1["message"].str.contains("admin1 units of COL").all()
    assert (admin1["file"].str.endswith("COL.csv")).all()
    curated = evidence.load("integration_survey", country="COL", period=PERIOD, root=tmp_path)
    assert len(curated) == len(raw) - len(faults)
    assert curated["work_admin1"].notna().any()
    assert set(curated["work_admin1"].dropna()) <= set(admin1_names("COL"))


def test_portal_smuggling_answer_outside_its_codes_is_quarantined(tmp_path: Path) -> None:
    sites = synthesize("sites", "COL", PERIOD, seed=1)
    forms = synthesize("portal_forms", "COL", PERIOD, seed=1, scale=0.05)
    bad = forms.astype(object).copy()
    for row, column, value, _ in FORM_FAULTS:
        bad.loc[row, column] = value
    write_raw(tmp_path, "sites", "COL", sites)
    write_raw(tmp_path, "portal_forms", "COL", bad)
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    result = next(f for f in report.files if f.dataset == "portal_forms")
    assert (result.accepted, result.quarantined) == (len(forms) - 2, 2)
    failures = failures_of(tmp_path, "portal_forms", "COL")
    found = {(int(r), c, rule) for r, c, rule in failures[["row", "column", "rule"]].to_numpy()}
    assert {(row + 1, column, rule) for row, column, _, rule in FORM_FAULTS} <= found
    curated = evidence.load("portal_forms", country="COL", period=PERIOD, root=tmp_path)
    assert set(curated["smuggler_used"].dropna().astype(str)) <= {"yes", "no", "prefer_not_to_say"}


def test_a_codelist_the_contracts_do_not_know_is_refused() -> None:
    document = {
        "name": "toy", "title": "t", "description": "d", "unit": "u", "raw_format": "csv",
        "fields": [{"name": "place", "type": "string", "pii": False,
                    "constraints": {"codelist": "admin2"}}],
    }  # fmt: skip
    with pytest.raises(ContractError, match="codelist"):
        contract_from_mapping(document)
    document["fields"][0]["constraints"]["codelist"] = "admin1"  # type: ignore[index]
    assert contract_from_mapping(document).field("place").constraints.codelist == "admin1"


def test_validate_checks_the_country_the_file_is_named_after(tmp_path: Path) -> None:
    raw = synthesize("integration_survey", "TTO", PERIOD, seed=1, scale=0.05).astype(object)
    employed = int(raw.index[raw["employed"].astype(bool)][0])
    raw.loc[employed, "work_admin1"] = "Bogotá, D.C."
    path = write_raw(tmp_path, "integration_survey", "TTO", raw)
    failures = validate_file(path, "integration_survey").to_frame()
    admin1 = failures[failures["rule"] == "admin1"]
    assert admin1[["row", "column", "value"]].values.tolist() == [
        [employed + 1, "work_admin1", "Bogotá, D.C."]
    ]
    renamed = path.with_name("delivery.csv")
    path.rename(renamed)  # no country in the name: the country's codelists are not checked
    assert "admin1" not in set(validate_file(renamed, "integration_survey").to_frame()["rule"])
