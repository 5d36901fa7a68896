"""Excel workbooks (.xlsx) as a table of cells, read with openpyxl.

Date and datetime cells keep their types (they are valid dates); a formula cell gives its saved
result, and a formula with no saved result (a workbook written by a program that does not
compute) or an error value such as #DIV/0! is a failure of its row, never a silently empty cell.
A workbook with more than one sheet holding data is refused as a whole, so no sheet is left out
uncounted; empty sheets and trailing formatted-but-empty rows and columns are ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook

from evidence.contracts.report import concat_failures, failure_rows
from evidence.errors import ContractError, UnreadableFileError


def read_workbook(path: Path) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    """(header, cells as Python objects with 1-based row numbers, cell failures)."""
    # Workbooks are small (hand-made exports): read whole, once for the values (a formula's
    # saved result) and once for the cell types (which cells hold a formula).
    values = load_workbook(path, read_only=True, data_only=True)
    types = load_workbook(path, read_only=True, data_only=False)
    try:
        sheets = [(ws.title, _sheet_rows(ws)) for ws in values.worksheets]
        kinds = {ws.title: _sheet_kinds(ws) for ws in types.worksheets}
    finally:
        values.close()
        types.close()
    filled = [(title, rows) for title, rows in sheets if rows]
    if len(filled) > 1:
        named = ", ".join(f"'{title}' ({max(len(rows) - 1, 0)} rows)" for title, rows in filled)
        raise ContractError(
            f"{path}: the workbook has {len(filled)} sheets holding data ({named}); only one "
            "table per file can be ingested: move the other sheets to their own files"
        )
    if not filled:
        raise UnreadableFileError(f"{path}: every sheet of the workbook is empty")
    title, rows = filled[0]
    header = [_header_name(value, i) for i, value in enumerate(rows[0])]
    width = len(header)
    body = [list(row) + [None] * (width - len(row)) for row in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    return header, frame, _cell_failures(frame, body, kinds.get(title, []), str(path))


def _sheet_rows(ws: Any) -> list[tuple[Any, ...]]:
    """Cell values, trailing empty rows and columns (formatting only) left out."""
    rows = [tuple(row) for row in ws.iter_rows(values_only=True)]
    while rows and all(_empty(v) for v in rows[-1]):
        rows.pop()
    if not rows:
        return []
    width = max(
        (i + 1 for row in rows for i, v in enumerate(row) if not _empty(v)),
        default=0,
    )
    return [row[:width] for row in rows]


def _sheet_kinds(ws: Any) -> list[tuple[str, ...]]:
    """Each cell's openpyxl data type: 'f' formula, 'e' error, 'n', 's', 'd', 'b'."""
    return [tuple(getattr(c, "data_type", "n") for c in row) for row in ws.iter_rows()]


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_name(value: Any, position: int) -> str:
    return f"Unnamed: {position}" if _empty(value) else str(value).replace("\ufeff", "").strip()


def _cell_failures(
    frame: pd.DataFrame, body: list[list[Any]], kinds: list[tuple[str, ...]], file: str
) -> pd.DataFrame:
    """Formula cells without a saved result and error cells (#DIV/0!, #N/A) as failures."""
    tables = []
    for offset, row in enumerate(body):
        row_kinds = kinds[offset + 1] if offset + 1 < len(kinds) else ()
        for position, value in enumerate(row):
            kind = row_kinds[position] if position < len(row_kinds) else "n"
            column = str(frame.columns[position])
            if kind == "f" and value is None:
                message = (
                    "a formula without a saved result (the workbook was not saved by a "
                    "spreadsheet program); replace the formula by its value"
                )
                tables.append(failure_rows([offset + 1], column, [""], "formula", message, file))
            elif kind == "e" or (isinstance(value, str) and value in _EXCEL_ERRORS):
                message = "a spreadsheet error value; correct the cell"
                tables.append(
                    failure_rows([offset + 1], column, [value], "cell_error", message, file)
                )
    return concat_failures(tables)


_EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"}
)
