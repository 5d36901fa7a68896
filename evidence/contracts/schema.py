"""Pandera DataFrameSchemas built from contracts, and pandera failures in report form.

The schema describes the canonical frame (multiple-choice questions as one boolean column per
choice) with contract dtypes. Every check carries the contract rule as its name (`enum`,
`minimum`, `maximum`, `pattern`, ...) so failures map back to the contract one to one.
Checked with pandera 0.35 on pandas 3.1: built-in checks, lazy SchemaErrors and
`report_duplicates="all"` all behave; the only thing we avoid is pandera's own coercion of raw
text (a failed coercion leaves the column as text and every later range check then fails with a
TypeError), which is why raw cells are parsed first by evidence.contracts.parse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from evidence.contracts.model import Contract, Field
from evidence.contracts.parse import DTYPES
from evidence.contracts.report import dataset_failure, failure_rows

if TYPE_CHECKING:  # pandera is imported when a schema is built: `import evidence` stays fast
    import pandera.pandas as pa

_PANDERA_RULES = {
    "not_nullable": "required",
    "field_uniqueness": "unique",
    "multiple_fields_uniqueness": "primary_key",
    "column_in_dataframe": "missing_column",
    "column_in_schema": "unknown_column",
}


def build_schema(contract: Contract, coerce: bool = True) -> pa.DataFrameSchema:
    """The pandera schema of a contract's canonical frame (strict: no unknown columns).

    One column per scalar field with its dtype (evidence.contracts.DTYPES), ``required`` and
    nullability, uniqueness and checks named after the contract rule (``enum``, ``minimum``,
    ``maximum``, ``pattern``, the pattern matching the whole value); one nullable boolean
    column per choice of a multiple-choice field; the primary key as a uniqueness rule over
    its columns.

    Parameters
    ----------
    contract : Contract
    coerce : bool, default True
        Let pandera coerce dtypes. Validation proper (check_frame) parses raw text first and
        passes False.

    Returns
    -------
    pandera.pandas.DataFrameSchema

    See Also
    --------
    check_frame : validation of a raw table, which parses cells before this schema runs.

    Examples
    --------
    >>> from evidence.contracts import load_contract
    >>> schema = build_schema(load_contract("flow_counts"))
    >>> schema.name, schema.strict, schema.unique
    ('flow_counts', True, ['site_id', 'date'])
    >>> [check.name for check in schema.columns["entries"].checks]
    ['minimum']
    """
    import pandera.pandas as pa

    columns: dict[str, pa.Column] = {}
    single_key = contract.primary_key if len(contract.primary_key) == 1 else ()
    for field in contract.fields:
        if field.type == "list":
            for column in field.choice_columns:
                columns[column] = pa.Column(
                    "boolean", nullable=not field.required, required=field.required, coerce=coerce
                )
            continue
        columns[field.name] = pa.Column(
            DTYPES[field.type],
            checks=_checks(field),
            nullable=not field.required,
            # A single-column primary key is reported once, as `primary_key`.
            unique=field.constraints.unique and (field.name,) != single_key,
            required=field.required,
            coerce=coerce,
            title=field.name,
            description=field.description or None,
        )
    return pa.DataFrameSchema(
        columns,
        strict=True,
        unique=list(contract.primary_key) or None,
        report_duplicates="all",
        name=contract.name,
        title=contract.title or None,
    )


def _checks(field: Field) -> list[pa.Check]:
    import pandera.pandas as pa

    c = field.constraints
    checks: list[pa.Check] = []
    if c.enum is not None:
        checks.append(pa.Check.isin(list(c.enum), name="enum", error="enum"))
    if c.minimum is not None:
        checks.append(pa.Check.ge(_bound(field, c.minimum), name="minimum", error="minimum"))
    if c.maximum is not None:
        checks.append(pa.Check.le(_bound(field, c.maximum), name="maximum", error="maximum"))
    if c.pattern is not None:
        pattern = c.pattern
        # Table Schema patterns match the whole value (str_matches would only anchor the start).
        checks.append(pa.Check(lambda s: s.str.fullmatch(pattern), name="pattern", error="pattern"))
    return checks


def _bound(field: Field, value: Any) -> Any:
    if field.type in ("date", "datetime"):
        return pd.Timestamp(value)
    return value


def rule_message(field: Field | None, rule: str, contract: Contract) -> str:
    """What the rule demands, in words a data manager can act on."""
    c = field.constraints if field is not None else None
    if rule == "enum" and c is not None and c.enum is not None:
        return f"not in the codelist; allowed: {', '.join(map(str, c.enum))}"
    if rule == "minimum" and c is not None:
        return f"below the minimum {c.minimum}"
    if rule == "maximum" and c is not None:
        return f"above the maximum {c.maximum}"
    if rule == "pattern" and c is not None:
        return f"does not match the pattern {c.pattern}"
    if rule == "required":
        return "a value is required"
    if rule == "unique":
        return "value repeated in other rows; it must be unique"
    if rule == "primary_key":
        return f"primary key ({', '.join(contract.primary_key)}) repeated in other rows"
    if rule == "missing_column":
        return "required column missing from the file; add it (see the contract)"
    if rule == "unknown_column":
        return f"column not in the contract '{contract.name}'; remove or rename it"
    return rule


def failures_from_pandera(error: pa.errors.SchemaErrors, contract: Contract) -> pd.DataFrame:
    """SchemaErrors.failure_cases as a report table (row = frame index, 1-based)."""
    cases = error.failure_cases
    tables = []
    for (check, column), group in cases.groupby(["check", "column"], dropna=False, sort=False):
        rule = _PANDERA_RULES.get(str(check), str(check))
        if str(check).startswith(("dtype(", "coerce_dtype(")):
            rule = "type"
        if rule in ("missing_column", "unknown_column"):
            for name in group["failure_case"]:
                field = _field_or_none(contract, str(name))
                tables.append(dataset_failure(str(name), rule, rule_message(field, rule, contract)))
            continue
        name = "" if pd.isna(column) else str(column)
        field = _field_or_none(contract, name.split("/")[0])
        rows = group["index"]
        if rows.isna().all():  # a check that crashed rather than failed: keep it visible
            for case in group["failure_case"]:
                tables.append(dataset_failure(name, "check_error", f"{check}: {case}"))
            continue
        message = rule_message(field, rule, contract)
        tables.append(failure_rows(rows, name, group["failure_case"], rule, message))
    return pd.concat(tables, ignore_index=True) if tables else failure_rows()


def _field_or_none(contract: Contract, name: str) -> Field | None:
    return next((f for f in contract.fields if f.name == name), None)
