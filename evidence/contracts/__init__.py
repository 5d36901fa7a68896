"""Data contracts: YAML → frozen dataclasses → pandera schemas → lazy, vectorised validation.

>>> from evidence.ingest import validate_file
>>> report = validate_file("data/raw/flow_survey/2023-12/COL.csv", "flow_survey")
>>> report.ok, report.to_frame()  # one row per failure: file, row, column, value, rule, message
"""

from __future__ import annotations

from evidence.contracts.choices import canonicalise_choices
from evidence.contracts.model import (
    Constraints,
    Contract,
    Field,
    ForeignKey,
    Sampling,
    contract_from_mapping,
    list_contracts,
    load_contract,
)
from evidence.contracts.parse import DTYPES
from evidence.contracts.report import FAILURE_COLUMNS, ValidationReport
from evidence.contracts.schema import build_schema
from evidence.contracts.validate import CheckedFrame, check_frame, validate_frame

__all__ = [
    "DTYPES",
    "FAILURE_COLUMNS",
    "CheckedFrame",
    "Constraints",
    "Contract",
    "Field",
    "ForeignKey",
    "Sampling",
    "ValidationReport",
    "build_schema",
    "canonicalise_choices",
    "check_frame",
    "contract_from_mapping",
    "list_contracts",
    "load_contract",
    "validate_frame",
]
