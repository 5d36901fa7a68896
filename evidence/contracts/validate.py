"""Validate a raw table against its contract: canonicalise, parse, run the pandera schema.

`check_frame` does the work and returns the canonical typed frame with its failures (ingest
uses both); `validate_frame` and `validate_file` return only the ValidationReport. Nothing is
done row by row: multiple-choice layouts, type parsing and every contract rule are vectorised,
and pandera runs lazily so one call reports every failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import pandas as pd

from evidence.contracts.choices import canonicalise_choices, raw_choice_columns
from evidence.contracts.model import Contract, load_contract
from evidence.contracts.parse import DTYPES, Decimal, as_text, expected, parse_column
from evidence.contracts.report import (
    ValidationReport,
    concat_failures,
    dataset_failure,
    failure_rows,
)
from evidence.contracts.schema import build_schema, failures_from_pandera, rule_message
from evidence.errors import OptionError

UnknownColumns = Literal["fail", "drop"]


@dataclass(frozen=True)
class CheckedFrame:
    """A raw table turned canonical and typed, with every failure found on the way.

    What check_frame returns: ingest curates the rows of ``frame`` that did not fail and
    quarantines the others; validate_frame keeps only the failures.

    Attributes
    ----------
    frame : pandas.DataFrame
        Canonical columns (multiple-choice questions as ``<name>/<choice>`` booleans) with the
        contract's dtypes; the index is the 1-based data row number of the raw table.
    failures : pandas.DataFrame
        One row per failure, columns FAILURE_COLUMNS (file, row, column, value, rule,
        message); ``row`` is missing for a failure of the whole table (e.g. an unknown column).
    dropped_columns : tuple of str
        Columns left out under ``unknown_columns="drop"``.
    failed_rows : pandas.Index
        Row numbers with at least one failure.
    dataset_failed : bool
        True when a failure concerns the whole table rather than some rows.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"site_id": ["COL-S001", "COL-S002"], "date": ["2023-12-01"] * 2,
    ...     "entries": ["4", "-1"], "exits": ["2", "0"], "transit": ["0", "0"],
    ...     "women": ["1", "0"], "children": ["0", "0"]})
    >>> checked = check_frame(raw, load_contract("flow_counts"))
    >>> checked.failed_rows.tolist(), checked.dataset_failed, str(checked.frame["entries"].dtype)
    ([2], False, 'Int64')
    """

    frame: pd.DataFrame  # canonical columns, contract dtypes, index = 1-based row number
    failures: pd.DataFrame  # FAILURE_COLUMNS
    dropped_columns: tuple[str, ...] = ()

    @property
    def failed_rows(self) -> pd.Index:
        return pd.Index(self.failures["row"].dropna().unique(), dtype="int64")

    @property
    def dataset_failed(self) -> bool:
        return bool(self.failures["row"].isna().any())


def clean_header(columns: pd.Index) -> list[str]:
    """Column names without a byte-order mark or surrounding blanks."""
    return [str(c).replace("\ufeff", "").strip() for c in columns]


def check_frame(
    raw: pd.DataFrame,
    contract: Contract,
    file: str = "",
    rows: pd.Index | None = None,
    unknown_columns: UnknownColumns = "fail",
    decimal: Decimal = ".",
) -> CheckedFrame:
    """Canonical typed frame and failures of one raw table (the input is not modified).

    The core of validation, shared by ingest and validate_frame: cleans the header (byte-order
    mark, blanks), reports repeated columns and empty rows, brings multiple-choice questions
    of either export layout to canonical form, parses every cell to its contract type, then
    runs the contract's pandera schema lazily, so one call reports every failure. Failures
    that only echo an earlier one (a cell that failed to parse is not also reported as
    missing) are dropped, and failing scalar cells show the value as delivered.

    Parameters
    ----------
    raw : pandas.DataFrame
        The raw table, cells as text or typed.
    contract : Contract
    file : str, optional
        File name written in the ``file`` column of the failures.
    rows : pandas.Index, optional
        The 1-based data row numbers of the frame's rows (default 1..n); chunked readers pass
        theirs so failures point at the file's own lines.
    unknown_columns : {"fail", "drop"}, default "fail"
        Whether a column the contract does not know is a failure of the table or is left out
        (and named in ``dropped_columns``).
    decimal : {".", ","}, default "."
        Decimal separator of number cells given as text.

    Returns
    -------
    CheckedFrame

    Raises
    ------
    OptionError
        ``unknown_columns`` is neither "fail" nor "drop".

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"site_id": ["COL-S001"], "date": ["2023-12-01"],
    ...     "entries": ["4"], "exits": ["2"], "transit": ["0"], "women": ["1"],
    ...     "children": ["0"], "notes": ["x"]})
    >>> checked = check_frame(raw, load_contract("flow_counts"), unknown_columns="drop")
    >>> checked.failures.empty, checked.dropped_columns, "notes" in raw.columns
    (True, ('notes',), True)
    >>> strict = check_frame(raw, load_contract("flow_counts"))
    >>> strict.failures[["column", "rule"]].values.tolist(), strict.dataset_failed
    ([['notes', 'unknown_column']], True)
    """
    if unknown_columns not in get_args(UnknownColumns):
        raise OptionError(f"unknown_columns must be 'fail' or 'drop', got {unknown_columns!r}")
    frame = raw.set_axis(clean_header(raw.columns), axis=1)
    if rows is None:
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    else:
        frame.index = pd.Index(rows, dtype="int64", name="row")
    failures: list[pd.DataFrame] = []
    repeated = frame.columns[frame.columns.duplicated()].unique()
    for column in repeated:
        message = "the header names this column more than once; keep one"
        failures.append(dataset_failure(column, "duplicate_column", message))
    frame = frame.loc[:, ~frame.columns.duplicated()]

    blank = _blank_rows(frame)
    if blank.any():
        failures.append(
            failure_rows(
                blank[blank].index, "", None, "empty_row", "every cell of the row is empty"
            )
        )

    canonical: dict[str, pd.Series | pd.DataFrame] = {}
    consumed: set[str] = set()
    for field in contract.fields:
        if field.type == "list":
            consumed.update(raw_choice_columns(list(frame.columns), field))
            choices, found = canonicalise_choices(frame, field)
            canonical[field.name] = choices
            failures.append(found)
        elif field.name in frame.columns:
            consumed.add(field.name)
            typed, bad = parse_column(frame[field.name], field, decimal)
            canonical[field.name] = typed
            if bad.any():
                message = f"expected {expected(field)}"
                failures.append(
                    failure_rows(
                        bad[bad].index, field.name, frame.loc[bad, field.name], "type", message
                    )
                )
        elif not field.required:
            canonical[field.name] = pd.Series(pd.NA, index=frame.index).astype(DTYPES[field.type])

    extra = [c for c in frame.columns if c not in consumed]
    if unknown_columns == "fail":
        for column in extra:
            message = rule_message(None, "unknown_column", contract)
            failures.append(dataset_failure(column, "unknown_column", message))
    parts = [p.to_frame(n) if isinstance(p, pd.Series) else p for n, p in canonical.items()]
    typed_frame = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=frame.index)

    import pandera.pandas as pa

    try:
        build_schema(contract, coerce=False).validate(typed_frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        failures.append(failures_from_pandera(error, contract))

    scalars = [f.name for f in contract.fields if f.type != "list" and f.name in frame.columns]
    table = _with_raw_values(_drop_echoes(concat_failures(failures), blank), frame[scalars])
    table["file"] = file
    return CheckedFrame(typed_frame, table, tuple(extra) if unknown_columns == "drop" else ())


def _with_raw_values(failures: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Show each failing scalar cell as delivered (the raw text), not as it was parsed.

    Multiple-choice failures keep the offending choice codes themselves, whatever the layout.
    """
    out = failures.copy()
    for column, group in out[out["row"].notna()].groupby("column"):
        if column in frame.columns:
            cells = frame[column].loc[pd.Index(group["row"].astype("int64"))]
            out.loc[group.index, "value"] = as_text(cells).fillna("").to_numpy()
    return out


def _blank_rows(frame: pd.DataFrame) -> pd.Series:
    """Rows where every cell is missing or blank text."""
    if frame.shape[1] == 0:
        return pd.Series(False, index=frame.index)
    blank = np.ones(len(frame), dtype=bool)
    for column in frame.columns:
        series = frame[column]
        empty = series.isna().to_numpy(copy=True)
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            empty |= (series.astype("str").str.strip() == "").to_numpy(dtype=bool, na_value=False)
        blank &= empty
        if not blank.any():
            break
    return pd.Series(blank, index=frame.index)


def _drop_echoes(failures: pd.DataFrame, blank: pd.Series) -> pd.DataFrame:
    """Drop failures that only repeat an earlier one.

    A cell that failed to parse is missing afterwards, so `required` would report it again;
    an empty row would report every required column again.
    """
    if failures.empty:
        return failures
    parse_failed = failures.loc[failures["rule"] == "type", ["row", "column"]]
    keys = pd.MultiIndex.from_frame(failures[["row", "column"]])
    echo = (failures["rule"] == "required") & keys.isin(pd.MultiIndex.from_frame(parse_failed))
    blank_rows = blank[blank].index
    echo |= (failures["rule"] != "empty_row") & failures["row"].isin(blank_rows).fillna(False)
    return failures[~echo.to_numpy()].reset_index(drop=True)


def validate_frame(
    df: pd.DataFrame,
    contract: Contract | str,
    file: str = "",
    unknown_columns: UnknownColumns = "fail",
) -> ValidationReport:
    """Validate a raw frame (row 1 = its first row) against a contract or contract name.

    Lazy and vectorised, as pandera's ``lazy=True``: one call reports every failure (types,
    required, codelists, ranges, patterns, uniqueness, primary key, unknown columns).

    Parameters
    ----------
    df : pandas.DataFrame
        The raw table, cells as text or typed. Not modified.
    contract : Contract or str
        The contract, or its name in data_contracts/.
    file : str, optional
        Name of the file the rows came from, for the report.
    unknown_columns : {"fail", "drop"}, default "fail"
        Whether a column the contract does not know is a failure.

    Returns
    -------
    ValidationReport

    Raises
    ------
    ContractError
        Unknown or malformed contract.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"site_id": ["COL-S001"], "date": ["2023-12-01"], "entries": ["4"],
    ...     "exits": ["2"], "transit": ["x"], "women": ["1"], "children": ["0"]})
    >>> validate_frame(raw, "flow_counts").to_frame()[["column", "rule"]].values.tolist()
    [['transit', 'type']]
    """
    resolved = load_contract(contract) if isinstance(contract, str) else contract
    checked = check_frame(df, resolved, file=file, unknown_columns=unknown_columns)
    return ValidationReport(resolved.name, file, len(df), _with_no_rows(checked.failures, df, file))


def ragged_failures(ragged: pd.DataFrame, file: str = "") -> pd.DataFrame:
    """Lines with too few or too many fields, as `ragged_row` failures of their rows."""
    message = "the line has a different number of fields than the header"
    return failure_rows(ragged["row"], "", ragged["text"], "ragged_row", message, file)


def _with_no_rows(failures: pd.DataFrame, frame: pd.DataFrame, file: str) -> pd.DataFrame:
    if len(frame):
        return failures
    empty = dataset_failure("", "no_rows", "the table has a header but no data rows", file)
    return concat_failures([empty, failures])
