"""The shape of curated data, as a contract declares it: which columns, with which dtypes.

A fact about the contract (personal fields marked ``drop`` are gone, those hashed are text,
multiple-choice fields are one boolean column per choice), so ingestion, which writes curated
data, and ``evidence.load``, which reads it, take it from here.
"""

from __future__ import annotations

from typing import Any

from evidence.contracts.model import Contract
from evidence.contracts.parse import DTYPES


def curated_dtypes(contract: Contract) -> dict[str, Any]:
    """Column → dtype of curated data (after pseudonymisation), in canonical order."""
    out: dict[str, Any] = {}
    for field in contract.fields:
        if field.pii and field.pii_action == "drop":
            continue
        if field.type == "list":
            out.update(dict.fromkeys(field.choice_columns, "boolean"))
        else:
            out[field.name] = "str" if field.pii else DTYPES[field.type]
    return out
