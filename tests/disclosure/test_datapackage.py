"""Frictionless datapackage.json for results tables: structure per the Data Package spec
(https://specs.frictionlessdata.io/data-package/, tabular profile), every column described
from data_contracts/results.yaml, HXL tags, licence, sources; the CSV reads with its schema."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from evidence.disclosure import results_hashtags, to_hxl_csv
from evidence.disclosure.datapackage import results_datapackage, write_datapackage
from evidence.errors import OptionError, UnreadableFileError
from evidence.paths import CONTRACTS_DIR
from evidence.studies.packages import write_results_packages
from tests.disclosure.rows import count_row, row, table

NAME = re.compile(r"^[-a-z0-9._/]+$")
TYPES = {"string", "number", "integer", "boolean", "date", "datetime"}


def _write(folder: Path, study: str = "movement") -> Path:
    rows = table(row(), row(level="male", n=3), count_row(40))
    rows["unit"] = ["proportion", "proportion", "count"]
    rows["numerator"] = [500, 2, 40]
    return to_hxl_csv(rows, folder / f"{study}.results.csv")


def _cast(value: str, kind: str) -> Any:
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        assert value in {"True", "False", "true", "false"}, value
        return value.lower() == "true"
    return value


def test_descriptor_follows_the_tabular_data_package_profile(tmp_path: Path) -> None:
    path = _write(tmp_path)
    target = write_datapackage(tmp_path, name="evidence-2023-12-col", title="COL")
    assert target == tmp_path / "datapackage.json"
    package = json.loads(target.read_text())
    assert package["profile"] == "tabular-data-package"
    assert NAME.match(package["name"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert {"name", "path", "title"} <= set(package["licenses"][0])
    (resource,) = package["resources"]
    assert NAME.match(resource["name"])
    assert resource["profile"] == "tabular-data-resource"
    assert (tmp_path / resource["path"]).resolve() == path.resolve()
    assert resource["mediatype"] == "text/csv"
    assert resource["dialect"]["commentRows"] == [2]


def test_every_column_is_described_with_contract_type_and_hxl(tmp_path: Path) -> None:
    path = _write(tmp_path)
    resource = results_datapackage([path], tmp_path, name="x", title="x")["resources"][0]
    with path.open(newline="", encoding="utf-8") as handle:
        header, tags, *body = list(csv.reader(handle))
    fields = resource["schema"]["fields"]
    assert [f["name"] for f in fields] == header
    contract = {
        f["name"]: f for f in yaml.safe_load((CONTRACTS_DIR / "results.yaml").read_text())["fields"]
    }
    for field, tag in zip(fields, tags, strict=True):
        assert field["type"] in TYPES
        assert field["description"], field["name"]
        assert field.get("hxl", "") == tag == results_hashtags().get(field["name"], "")
        if field["name"] in contract and contract[field["name"]]["type"] != "list":
            assert field["type"] == contract[field["name"]]["type"]
    # The data rows parse with the declared types (the hashtag row is the comment row).
    for line in body:
        for field, value in zip(fields, line, strict=True):
            _cast(value, field["type"])


def test_runner_writes_one_package_per_folder_with_sources(tmp_path: Path) -> None:
    for place in ("COL", "PER"):
        _write(tmp_path / place)
    records = {
        f"{p}/movement": SimpleNamespace(
            status="built",
            outputs={"results": f"{p}/movement.results.csv"},
            inputs={"flow_counts": "ab", "wifi_sessions": "cd"},
        )
        for p in ("COL", "PER")
    }
    records["ECU/movement"] = SimpleNamespace(status="failed", outputs={}, inputs={})
    written = write_results_packages(tmp_path, "2023-12", records)  # type: ignore[arg-type]
    assert [p.parent.name for p in written] == ["COL", "PER"]
    package = json.loads(written[0].read_text())
    assert package["name"] == "evidence-2023-12-col"
    assert [s["title"].split(",")[0] for s in package["sources"]] == [
        "flow_counts",
        "wifi_sessions",
    ]


def test_bad_name_and_untagged_csv_say_what_to_fix(tmp_path: Path) -> None:
    path = _write(tmp_path)
    with pytest.raises(OptionError, match="lower-case"):
        results_datapackage([path], tmp_path, name="Evidence COL", title="x")
    plain = tmp_path / "plain.results.csv"
    plain.write_text("indicator,estimate\nx,1\n")
    with pytest.raises(UnreadableFileError, match="to_hxl_csv"):
        results_datapackage([plain], tmp_path, name="x", title="x")
