"""Data curated before an optional field joined its contract (the smuggling and
separated-children questions of the flow survey) still load: the field reads as missing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from evidence import load
from evidence.ingest import ingest_period
from evidence.synth import write_synthetic

PERIOD = "2023-12"
NEW = ["smuggler_used", "separated_children"]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("optional") / "data"
    write_synthetic(period=PERIOD, seed=1, scale=0.02, countries=("PRY",), root=base, error_rate=0)
    assert ingest_period(PERIOD, countries=("PRY",), root=base).ok
    return base


def curated_file(root: Path) -> Path:
    return next((root / "curated" / "flow_survey").glob("period=*/country=PRY/*.parquet"))


def test_new_fields_are_curated(root: Path) -> None:
    survey = load("flow_survey", country="PRY", period=PERIOD, root=root)
    assert survey["smuggler_used"].notna().any()


def test_older_curated_data_load_with_the_new_fields_missing(root: Path) -> None:
    path = curated_file(root)
    table = pq.read_table(path)
    older = root.parent / "older"
    target = older / "curated" / "flow_survey" / path.parent.parent.name / path.parent.name
    target.mkdir(parents=True)
    pq.write_table(table.drop_columns(NEW), target / path.name)
    survey = load("flow_survey", country="PRY", period=PERIOD, root=older)
    fresh = load("flow_survey", country="PRY", period=PERIOD, root=root)
    assert list(survey.columns) == list(fresh.columns)
    assert survey[NEW].isna().all().all()
    assert isinstance(survey["smuggler_used"].dtype, pd.CategoricalDtype)
    # A required field missing is still an error, not silently empty.
    pq.write_table(table.drop_columns(["sex"]), target / path.name)
    with pytest.raises(Exception, match="sex"):
        load("flow_survey", country="PRY", period=PERIOD, root=older)
