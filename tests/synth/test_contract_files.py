"""Every data contract in data_contracts/ is well formed (format: data_contracts/README.md).

This checks the YAML files themselves: required keys, field metadata, keys that name real
fields and resources, codelists. Validation of data against the contracts is the job of
evidence.contracts and its tests.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

CONTRACTS = Path(__file__).resolve().parents[2] / "data_contracts"
DATASETS = (
    "flow_survey",
    "flow_counts",
    "wifi_sessions",
    "portal_forms",
    "sites",
    "services",
    "schools",
    "caregivers",
    "students",
    "integration_survey",
    "countries",
)
TOP_KEYS = {
    "name",
    "title",
    "description",
    "unit",
    "raw_format",
    "sampling",
    "primaryKey",
    "foreignKeys",
    "fields",
}
TYPES = {"string", "integer", "number", "boolean", "date", "datetime", "list"}
CONSTRAINTS = {"required", "unique", "enum", "minimum", "maximum", "pattern", "codelist"}
# HXL hashtag syntax: #tag then +attributes, lower-case letters, digits and underscores.
HXL = re.compile(r"^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$")
# Codes are snake_case (a leading digit is allowed for ranges such as 18_24); country codes
# are ISO 3166-1 alpha-3 in upper case, the HXL #country+code convention.
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
ISO3 = re.compile(r"^[A-Z]{3}$")


def load(name: str) -> dict[str, Any]:
    with (CONTRACTS / f"{name}.yaml").open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    assert isinstance(loaded, dict), name
    return loaded


def field_names(contract: dict[str, Any]) -> list[str]:
    return [field["name"] for field in contract["fields"]]


def test_one_contract_per_dataset_plus_results() -> None:
    stems = {path.stem for path in CONTRACTS.glob("*.yaml")}
    # indicators.yaml is the indicator catalogue (tests/indicators check it), not a contract.
    assert stems == {*DATASETS, "results", "indicators"}


@pytest.mark.parametrize("name", [*DATASETS, "results"])
def test_contract_top_level(name: str) -> None:
    contract = load(name)
    assert set(contract) <= TOP_KEYS, set(contract) - TOP_KEYS
    assert contract["name"] == name
    for key in ("title", "description", "unit"):
        assert isinstance(contract[key], str) and contract[key].strip(), key
    if name != "results":
        assert contract["raw_format"] in ("csv", "parquet")
    names = field_names(contract)
    assert len(names) == len(set(names)), "duplicate field names"
    assert contract["primaryKey"] and set(contract["primaryKey"]) <= set(names)


@pytest.mark.parametrize("name", [*DATASETS, "results"])
def test_every_field_is_described(name: str) -> None:
    for field in load(name)["fields"]:
        where = f"{name}.{field.get('name')}"
        assert re.match(r"^[a-z][a-z0-9_]*$", field["name"]), where
        assert field["type"] in TYPES, where
        assert isinstance(field["description"], str) and field["description"].strip(), where
        assert HXL.match(field["hxl"]), where
        assert isinstance(field["pii"], bool), where
        if "pii_action" in field:
            assert field["pii"] and field["pii_action"] in ("hmac", "drop"), where
        constraints = field.get("constraints", {})
        assert set(constraints) <= CONSTRAINTS, where
        if "minimum" in constraints and "maximum" in constraints:
            assert constraints["minimum"] <= constraints["maximum"], where
        if field["type"] == "list":
            assert field["delimiter"] == " ", where
            assert_codelist(field["choices"], where)
        if "enum" in constraints:
            assert_codelist(constraints["enum"], where)
        if "codelist" in constraints:  # the file's country's list (evidence.admin1)
            assert constraints["codelist"] == "admin1" and "enum" not in constraints, where


def assert_codelist(codes: list[Any], where: str) -> None:
    assert isinstance(codes, list) and codes, f"{where}: empty codelist"
    # YAML turns bare yes/no into booleans and 18_24 into an integer: codes must be strings.
    assert all(isinstance(code, str) for code in codes), f"{where}: {codes}"
    assert all(SNAKE.match(code) or ISO3.match(code) for code in codes), f"{where}: {codes}"
    assert len(codes) == len(set(codes)), f"{where}: duplicate codes"


@pytest.mark.parametrize("name", DATASETS)
def test_keys_name_real_fields_and_resources(name: str) -> None:
    contract = load(name)
    fields = {field["name"]: field for field in contract["fields"]}
    for key in contract["primaryKey"]:
        assert fields[key]["constraints"]["required"] is True, key
    for foreign in contract.get("foreignKeys", []):
        assert set(foreign["fields"]) <= set(fields), foreign
        reference = foreign["reference"]
        assert reference["resource"] in DATASETS, reference
        target = load(reference["resource"])
        assert reference["fields"] == target["primaryKey"], reference
        assert len(foreign["fields"]) == len(reference["fields"])


def test_foreign_keys_link_the_datasets() -> None:
    def references(name: str) -> set[str]:
        return {fk["reference"]["resource"] for fk in load(name).get("foreignKeys", [])}

    assert references("students") == {"schools", "caregivers"}
    assert references("caregivers") == {"schools"}
    for name in ("wifi_sessions", "portal_forms", "flow_counts", "flow_survey"):
        assert references(name) == {"sites"}, name


@pytest.mark.parametrize("name", DATASETS)
def test_sampling_declares_design_or_caveat(name: str) -> None:
    sampling = load(name).get("sampling")
    if sampling is None:
        return
    names = set(field_names(load(name)))
    if sampling["mode"] == "probability":
        assert sampling["weight"] in names
        for role in ("strata", "psu", "fpc"):
            if role in sampling:
                assert sampling[role] in names, role
    else:
        assert sampling["mode"] == "non_probability"
        assert "representative" in sampling["caveat"]


def test_surveys_declare_their_sampling() -> None:
    for name in ("flow_survey", "portal_forms"):
        assert load(name)["sampling"]["mode"] == "non_probability"
    for name in ("schools", "caregivers", "students", "integration_survey"):
        sampling = load(name)["sampling"]
        assert sampling["mode"] == "probability"
        assert {"weight", "strata", "psu", "fpc"} <= set(sampling)


def test_personal_identifiers_are_marked() -> None:
    marked = {
        (name, field["name"]): field.get("pii_action", "hmac")
        for name in DATASETS
        for field in load(name)["fields"]
        if field["pii"]
    }
    assert marked[("wifi_sessions", "device_id")] == "hmac"
    assert marked[("students", "caregiver_id")] == "hmac"
    assert marked[("caregivers", "caregiver_id")] == "hmac"
    assert marked[("portal_forms", "phone")] == "drop"
    for name, column in (("students", "student_name"), ("caregivers", "caregiver_name")):
        assert marked[(name, column)] == "drop"


def test_results_contract_columns() -> None:
    results = load("results")
    assert field_names(results) == [
        "indicator",
        "country",
        "period",
        "disaggregation",
        "level",
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "ci_method",
        "n",
        "n_weighted",
        "deff",
        "flags",
        "analysis_key",
        "unit",
        "numerator",
    ]
    tags = {field["name"]: field["hxl"] for field in results["fields"]}
    assert tags["indicator"] == "#indicator+code"
    assert tags["country"] == "#country+code"
    assert tags["period"] == "#date+period"
    assert tags["estimate"] == "#indicator+value"
