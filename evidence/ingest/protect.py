"""Quarantine without personal data: what a rejected row or failure may show, and how.

Quarantine files (`data/quarantine/**`: rejected rows, `*.failures.csv`, `_reasons`) sit
outside the raw folder, so they follow the same rule as curated data: no personal value in
clear. Whitelist, column by column, by the contract:

- a non-personal contract field (`pii: false`, or a choice column of one) is shown as delivered;
- a `pii_action: hmac` field shows the pseudonym curated data use (same key, same text
  normalisation), so a data manager finds the row by its number and its pseudonym;
- a `pii_action: drop` field, and any column the contract does not know (it may hold anything),
  is masked (`MASK`) when it holds a value;
- a whole ragged line (`_line`) is withheld when the contract declares personal fields, since
  its fields cannot be told apart; the row number points at it in the raw file.

The raw file itself stays in data/raw, the one place personal data may live.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from evidence.contracts import Contract, ValidationReport
from evidence.contracts.validate import clean_header
from evidence.ingest.pseudonym import pseudonymise_values

MASK = "[withheld: personal or unknown column]"
LINE_WITHHELD = "[withheld: the line may hold personal data; see this row of the raw file]"
_KEEP, _HASH, _MASK = "keep", "hash", "mask"


def column_treatment(column: str, contract: Contract) -> str:
    """keep, hash or mask: how a raw column (or a failure's column list) may be shown."""
    names = [name.strip() for name in str(column).split(",")]
    treatments = {_treatment(name, contract) for name in names}
    if treatments == {_KEEP}:
        return _KEEP
    if treatments == {_HASH} and len(names) == 1:
        return _HASH
    return _MASK


def _treatment(name: str, contract: Contract) -> str:
    field = next((f for f in contract.fields if f.name == name), None)
    if field is None:
        # A multiple-choice column in the one-column-per-choice layout (`needs/food`).
        base = name.split("/")[0]
        field = next((f for f in contract.fields if f.name == base and f.type == "list"), None)
    if field is None:
        return _MASK
    if not field.pii:
        return _KEEP
    return _MASK if field.pii_action == "drop" else _HASH


def has_personal_fields(contract: Contract) -> bool:
    return any(field.pii for field in contract.fields)


def protect_rows(raw_rows: pd.DataFrame, contract: Contract, key: bytes) -> pd.DataFrame:
    """Raw rows (text) with personal columns pseudonymised or masked (input untouched)."""
    out = raw_rows.copy()
    for raw_name, name in zip(raw_rows.columns, clean_header(raw_rows.columns), strict=True):
        if raw_name == "_line":
            if has_personal_fields(contract):
                given = out[raw_name].notna() & (out[raw_name].astype("str") != "")
                out[raw_name] = out[raw_name].astype(object).mask(given, LINE_WITHHELD)
            continue
        treatment = column_treatment(name, contract)
        if treatment == _HASH:
            out[raw_name] = pseudonymise_values(out[raw_name], key).astype(object)
        elif treatment == _MASK:
            out[raw_name] = _masked(out[raw_name])
    return out


def protect_failures(failures: pd.DataFrame, contract: Contract, key: bytes) -> pd.DataFrame:
    """A failure table whose `value` never shows a personal value (input untouched)."""
    out = failures.copy()
    if out.empty:
        return out
    values = out["value"].astype("str")
    given = out["value"].notna() & (values != "")
    for column in out.loc[given, "column"].unique():
        rows = given & (out["column"] == column)
        if column == "":
            # Whole-row values (a ragged line's text): withheld where rows may hold personal data.
            if has_personal_fields(contract):
                out.loc[rows, "value"] = LINE_WITHHELD
            continue
        treatment = column_treatment(column, contract)
        if treatment == _HASH:
            out.loc[rows, "value"] = pseudonymise_values(values[rows], key).to_numpy()
        elif treatment == _MASK:
            out.loc[rows, "value"] = MASK
    return out


def _masked(series: pd.Series) -> pd.Series:
    text = series.astype("str")
    given = series.notna() & (text.str.strip() != "")
    return series.astype(object).mask(given, MASK)


def protect_report(report: ValidationReport, contract: Contract, key: bytes) -> ValidationReport:
    """A validation report whose failing values show no personal value (for `evidence validate`,
    whose output may end up in a scheduler's log)."""
    return replace(report, failures=protect_failures(report.failures, contract, key))
