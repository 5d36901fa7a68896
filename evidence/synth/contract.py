"""The generator's view of data_contracts/: the column order and list fields of a dataset.

The generator builds values itself; it reads the contracts only so that every file it writes
has exactly the contract's columns in the contract's order (a contract that gains a field
the generator does not fill makes generation fail loudly, not silently drift).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from evidence.errors import ContractError
from evidence.paths import CONTRACTS_DIR
from evidence.yaml_text import parse_yaml


@cache
def contract(dataset: str) -> dict[str, Any]:
    path = CONTRACTS_DIR / f"{dataset}.yaml"
    with path.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = parse_yaml(handle.read())
    return loaded


def field_names(dataset: str) -> list[str]:
    return [field["name"] for field in contract(dataset)["fields"]]


def list_fields(dataset: str) -> dict[str, list[str]]:
    """Multiple-choice fields and their choices."""
    return {f["name"]: f["choices"] for f in contract(dataset)["fields"] if f["type"] == "list"}


def boolean_fields(dataset: str) -> list[str]:
    return [f["name"] for f in contract(dataset)["fields"] if f["type"] == "boolean"]


def in_contract_order(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """The frame's columns in contract order; a ContractError if they differ from it."""
    names = field_names(dataset)
    missing = [n for n in names if n not in frame.columns]
    extra = [c for c in frame.columns if c not in names]
    if missing or extra:
        raise ContractError(
            f"synthetic {dataset} does not match data_contracts/{dataset}.yaml: "
            f"missing {missing}, not in the contract {extra}; update evidence/synth"
        )
    return frame[names]
