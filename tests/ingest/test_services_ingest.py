"""The `services` registry ingests with the guarantees of every dataset.

Rows that break the contract (coordinates outside the region, a service type outside the
codelist, a missing identifier, a choice that is not in the codelist of who may use it) are
quarantined with their rule and the rest are curated; `evidence validate` lists the same
failures; a delivery with columns the contract does not know (a contact person, a telephone)
is refused as a whole, so personal data of staff never reach curated data or quarantine.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import evidence
from evidence.cli import app
from evidence.contracts import load_contract
from evidence.ingest import ingest_period
from evidence.synth import synthesize
from tests.ingest.rawdata import PERIOD, write_raw

# (row, column, bad value, rule) planted in an otherwise valid delivery.
FAULTS = (
    (1, "latitude", "95.5", "maximum"),
    (2, "longitude", "12.0", "maximum"),
    (3, "service_type", "psychologist", "enum"),
    (4, "service_id", "", "required"),
    (5, "eligible", "everyone tourists", "enum"),
    (6, "service_id", "COL-P1", "pattern"),
)


def services_raw(seed: int = 0) -> pd.DataFrame:
    return synthesize("services", "COL", PERIOD, seed).astype(str)


def with_faults(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for row, column, value, _ in FAULTS:
        out.loc[row, column] = value
    return out


@pytest.mark.parametrize("seed", [0, 3])
def test_bad_rows_are_quarantined_with_their_rule_and_the_rest_curated(
    tmp_path: Path, seed: int
) -> None:
    raw = services_raw(seed)
    write_raw(tmp_path, "services", "COL", with_faults(raw))
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    (result,) = report.files
    assert (result.rows_in, result.accepted, result.quarantined) == (
        len(raw),
        len(raw) - len(FAULTS),
        len(FAULTS),
    )
    quarantine = tmp_path / "quarantine" / "services" / PERIOD
    failures = pd.read_csv(quarantine / "COL.failures.csv", dtype=str, keep_default_na=False)
    found = {(int(r), c, rule) for r, c, rule in failures[["row", "column", "rule"]].to_numpy()}
    # Rows are 1-based data rows of the file: frame row k is file row k + 1.
    assert {(row + 1, column, rule) for row, column, _, rule in FAULTS} <= found
    rows = pd.read_csv(quarantine / "COL.csv", dtype=str, keep_default_na=False)
    assert len(rows) == len(FAULTS) and (rows["_reasons"] != "").all()
    curated = evidence.load("services", country="COL", period=PERIOD, root=tmp_path)
    good = raw.drop(index=[row for row, *_ in FAULTS])
    assert sorted(curated["service_id"]) == sorted(good["service_id"])
    # Multiple choice in the canonical layout: one boolean column per choice.
    assert {f"eligible/{c}" for c in ("everyone", "women", "children")} <= set(curated.columns)
    assert curated["latitude"].between(-56, 33).all()
    partitions = list((tmp_path / "curated" / "services").rglob("*.parquet"))
    assert partitions and all("country=COL" in str(p) for p in partitions)


def test_validate_command_lists_every_failure(tmp_path: Path) -> None:
    path = write_raw(tmp_path, "services", "COL", with_faults(services_raw()))
    done = CliRunner().invoke(app, ["validate", str(path), "--dataset", "services"])
    assert done.exit_code == 1, done.output
    for _, column, _, rule in FAULTS:
        assert column in done.output and rule in done.output
    clean = write_raw(tmp_path / "clean", "services", "COL", services_raw())
    ok = CliRunner().invoke(app, ["validate", str(clean), "--dataset", "services"])
    assert ok.exit_code == 0, ok.output


def test_the_contract_has_no_personal_fields() -> None:
    """A service point names places and organisations: no field is personal, and none holds
    a contact person, a telephone or an e-mail address."""
    contract = load_contract("services")
    assert not any(field.pii for field in contract.fields)
    words = ("contact", "phone", "email", "mail", "staff", "person", "focal")
    assert not [f.name for f in contract.fields if any(w in f.name for w in words)]


def test_a_delivery_with_staff_contacts_is_refused_and_leaves_no_trace(tmp_path: Path) -> None:
    canary_name, canary_phone = "Zoraida Canaryeva", "+57 300 5550199"
    raw = services_raw()
    raw["contact_person"] = canary_name
    raw["contact_phone"] = canary_phone
    write_raw(tmp_path, "services", "COL", raw)
    report = ingest_period(PERIOD, ["COL"], root=tmp_path)
    (result,) = report.files
    assert result.status == "failed" and result.accepted == 0
    assert "contact_person" in result.error
    for path in (tmp_path / "curated", tmp_path / "quarantine"):
        for produced in path.rglob("*") if path.exists() else ():
            if produced.is_file():
                data = produced.read_bytes()
                assert canary_name.encode() not in data and canary_phone.encode() not in data
