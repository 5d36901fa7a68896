"""Fixtures of the survey tests: R's reference values and the data R computed them from.

The values were made by ``reference/make_reference.R`` with R and the survey package
versions in ``reference/r_session.json`` (R 4.2.2, survey 4.1.1).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.survey.refdata import REFERENCE, RReference


@pytest.fixture(scope="session")
def r_ref() -> RReference:
    return RReference(
        pd.read_csv(REFERENCE / "r_results.csv", dtype={"level": str, "value": float})
    )


@pytest.fixture(scope="session")
def r_versions() -> dict[str, str]:
    return dict(json.loads((REFERENCE / "r_session.json").read_text()))


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, keep_default_na=True)


@pytest.fixture()
def apistrat() -> pd.DataFrame:
    return _read("apistrat.csv")


@pytest.fixture()
def apiclus1() -> pd.DataFrame:
    return _read("apiclus1.csv")


@pytest.fixture()
def apiclus2() -> pd.DataFrame:
    return _read("apiclus2.csv")


@pytest.fixture()
def synthetic() -> pd.DataFrame:
    return _read("synthetic.csv")
