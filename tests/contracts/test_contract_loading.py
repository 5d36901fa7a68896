"""Contracts load into frozen dataclasses, build pandera schemas, and malformed ones are refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
import yaml

from evidence.contracts import (
    build_schema,
    contract_from_mapping,
    list_contracts,
    load_contract,
)
from evidence.errors import ContractError

REAL = list_contracts()


def test_the_eleven_datasets_and_results_have_contracts() -> None:
    expected = {
        "flow_survey", "flow_counts", "wifi_sessions", "portal_forms", "sites", "services",
        "schools", "caregivers", "students", "integration_survey", "countries", "results",
    }  # fmt: skip
    assert expected <= set(REAL)


@pytest.mark.parametrize("name", REAL)
def test_every_real_contract_builds_a_schema(name: str) -> None:
    contract = load_contract(name)
    schema = build_schema(contract)
    assert isinstance(schema, pa.DataFrameSchema)
    assert list(schema.columns) == list(contract.canonical_columns)
    for field in contract.fields:
        if field.type == "list":
            dtypes = {schema.columns[c].dtype.type for c in field.choice_columns}
            assert dtypes == {pd.BooleanDtype()}
        else:
            assert schema.columns[field.name].nullable is not field.required
    if contract.primary_key:
        assert schema.unique == list(contract.primary_key)


def test_contracts_are_frozen() -> None:
    contract = load_contract("sites")
    with pytest.raises(dataclasses.FrozenInstanceError):
        contract.name = "other"  # type: ignore[misc]


def test_list_field_expands_to_one_column_per_choice() -> None:
    contract = load_contract("wifi_sessions")
    pages = contract.field("pages_visited")
    assert pages.type == "list"
    assert pages.choice_columns[0] == f"pages_visited/{pages.choices[0]}"
    assert len([c for c in contract.canonical_columns if c.startswith("pages_visited/")]) == len(
        pages.choices
    )


def _valid() -> dict:
    return {
        "name": "toy",
        "primaryKey": ["id"],
        "fields": [
            {"name": "id", "type": "string", "pii": False, "constraints": {"required": True}},
            {"name": "age", "type": "integer", "pii": False, "constraints": {"minimum": 0}},
        ],
    }


def _broken(change: str) -> dict:
    doc = _valid()
    fields = doc["fields"]
    if change == "no fields":
        doc["fields"] = []
    elif change == "unknown type":
        fields[1]["type"] = "int"
    elif change == "pii missing":
        del fields[1]["pii"]
    elif change == "pii_action on a non-pii field":
        fields[1]["pii_action"] = "drop"
    elif change == "unknown constraint":
        fields[1]["constraints"]["max"] = 3
    elif change == "text bound on a number":
        fields[1]["constraints"]["minimum"] = "zero"
    elif change == "primary key names no field":
        doc["primaryKey"] = ["nope"]
    elif change == "repeated field":
        fields.append(dict(fields[0]))
    elif change == "list without choices":
        fields.append({"name": "needs", "type": "list", "pii": False})
    elif change == "bad regex":
        fields[0]["constraints"]["pattern"] = "([a-z"
    elif change == "foreign key arity":
        doc["foreignKeys"] = [{"fields": ["id"], "reference": {"resource": "x", "fields": []}}]
    elif change == "enum not a list":
        fields[0]["constraints"]["enum"] = "a b"
    elif change == "sampling names no field":
        doc["sampling"] = {"mode": "probability", "weight": "w"}
    elif change == "field not a mapping":
        fields.append("age")
    return doc


@pytest.mark.parametrize(
    "change",
    [
        "no fields", "unknown type", "pii missing", "pii_action on a non-pii field",
        "unknown constraint", "text bound on a number", "primary key names no field",
        "repeated field", "list without choices", "bad regex", "foreign key arity",
        "enum not a list", "sampling names no field", "field not a mapping",
    ],
)  # fmt: skip
def test_malformed_contract_raises_contract_error_naming_the_place(change: str) -> None:
    contract_from_mapping(_valid(), source="toy.yaml")  # the unbroken one is fine
    with pytest.raises(ContractError, match=r"toy\.yaml"):
        contract_from_mapping(_broken(change), source="toy.yaml")


def test_yaml_syntax_error_and_missing_contract(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("name: bad\nfields: [\n")
    with pytest.raises(ContractError, match="not valid YAML"):
        load_contract("bad", tmp_path)
    with pytest.raises(ContractError, match="known contracts: bad"):
        load_contract("missing", tmp_path)
    (tmp_path / "stem.yaml").write_text(yaml.safe_dump(_valid()))
    with pytest.raises(ContractError, match="must equal the file stem"):
        load_contract("stem", tmp_path)
