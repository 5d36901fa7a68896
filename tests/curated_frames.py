"""Curated-like frames for the content tests, without going through files.

``evidence.load`` returns curated data: ``period`` and ``country`` columns first, codelists as
Categoricals, booleans as nullable booleans, and every multiple-choice question as one
boolean column per choice (``needs/food``). ``curated_like`` gives an in-memory frame (e.g.
from ``evidence.synth.synthesize``, whose lists are space-separated strings) that form, read
from the contract, so the content functions see what a study sees.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd
import yaml

from evidence.paths import CONTRACTS_DIR


@cache
def contract_fields(dataset: str) -> tuple[dict[str, Any], ...]:
    with (CONTRACTS_DIR / f"{dataset}.yaml").open(encoding="utf-8") as handle:
        return tuple(yaml.safe_load(handle)["fields"])


def expand_choices(values: pd.Series, question: str, choices: list[str]) -> pd.DataFrame:
    """Space-separated answers → one nullable boolean column per choice; missing stays missing."""
    text = values.astype("string")
    missing = text.isna() | (text.str.strip() == "")
    ticked = text.fillna("").str.split()
    out = {}
    for choice in choices:
        column = ticked.map(lambda answer, c=choice: c in answer).astype("boolean")
        out[f"{question}/{choice}"] = column.mask(missing)
    return pd.DataFrame(out, index=values.index)


def curated_like(frame: pd.DataFrame, dataset: str, country: str, period: str) -> pd.DataFrame:
    """``frame`` in the curated form of ``dataset`` (see the module docstring)."""
    pieces = [pd.DataFrame({"period": period, "country": country}, index=frame.index)]
    for field in contract_fields(dataset):
        name = field["name"]
        if field.get("type") == "list":
            if name in frame.columns:
                pieces.append(expand_choices(frame[name], name, list(field["choices"])))
            continue
        if name not in frame.columns:
            continue
        column = frame[name]
        kind = field.get("type")
        enum = (field.get("constraints") or {}).get("enum")
        if kind == "boolean":
            column = column.astype("boolean")
        elif kind == "integer":
            column = pd.to_numeric(column).astype("Int64")
        elif kind in ("date", "datetime"):
            column = pd.to_datetime(column)
        elif enum is not None:
            column = pd.Categorical(column, categories=[str(e) for e in enum])
        pieces.append(pd.DataFrame({name: column}, index=frame.index))
    return pd.concat(pieces, axis=1)
