"""Values that must be one of the file's country's codes are quarantined when they are not.

A contract field declared ``codelist: admin1`` (integration_survey.admin1, where a household
lives, and work_admin1, where the respondent works) takes the first-level units of the
country the file belongs to (data/raw/<dataset>/<period>/<ISO3>.csv; ``evidence.admin1``).
The contract cannot list them as an ``enum`` (one list per country), so ingest checks them
here, per file, beside the period check: a misspelt or foreign unit is quarantined with the
rule ``admin1`` and the reason, and never reaches a study's map of services.
"""

from __future__ import annotations

import pandas as pd

from evidence.admin1 import admin1_names
from evidence.contracts import Contract
from evidence.contracts.report import concat_failures, failure_rows

RULE = "admin1"


def country_code_failures(frame: pd.DataFrame, contract: Contract, country: str) -> pd.DataFrame:
    """`admin1` failures of the rows whose ``codelist: admin1`` fields hold a unit that is not
    one of ``country``'s (missing values are the required rule's business).

    Examples
    --------
    >>> from evidence.contracts import load_contract
    >>> frame = pd.DataFrame({"admin1": ["Antioquia", "Antioqia"], "work_admin1": [None, "Meta"]})
    >>> failures = country_code_failures(frame, load_contract("integration_survey"), "COL")
    >>> failures[["row", "column", "value", "rule"]].values.tolist()
    [[1, 'admin1', 'Antioqia', 'admin1']]
    """
    tables = []
    for field in contract.fields:
        if field.constraints.codelist != "admin1" or field.name not in frame:
            continue
        names = admin1_names(country)
        values = frame[field.name]
        outside = values.notna() & ~values.astype(str).isin(names)
        if not outside.any():
            continue
        message = (
            f"not one of the {len(names)} admin1 units of {country} (evidence.admin1); "
            "correct the spelling or the unit"
        )
        shown = values[outside].astype(str)
        tables.append(failure_rows(outside[outside].index, field.name, shown, RULE, message))
    return concat_failures(tables)
