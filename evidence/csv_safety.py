"""CSV formula injection: every CSV the library writes passes through `neutralise_formulas`.

A spreadsheet opening a CSV runs a cell that starts with `=`, `+`, `-` or `@` (and, in some
programs, after a tab or carriage return) as a formula: `=HYPERLINK(...)` or `=cmd|...` in a
delivered name would run on a data manager's machine when the quarantine file, a failures table
or an HXL export is opened. The OWASP rule is applied to every text cell: such a cell gets a
single quote in front (`'=1+2`), which spreadsheets show as text and never evaluate.

Two refinements keep data exact:
- plain numbers written as text (`-3`, `+4.5`, `-1e-3`) are left alone: no spreadsheet reads
  them as anything but a number, and negative values are common in the data;
- a text cell that already starts with a quote gets one more, so `restore_formulas` (used
  when the library reads its own CSV back) recovers every value exactly.

Numeric, boolean and date columns are never changed. Raw files under data/raw are input and
are never rewritten.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def needs_quote(value: str) -> bool:
    """True when a text cell would be read as a formula (or starts with the quote itself)."""
    if not value:
        return False
    if value.startswith(QUOTE):
        return True
    return value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value)


def neutralise_cell(value: Any) -> Any:
    if isinstance(value, str) and needs_quote(value):
        return QUOTE + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells cannot run as spreadsheet formulas."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out[column] = series.map(neutralise_cell, na_action="ignore")
    # Column names are cells of the header row.
    out.columns = [neutralise_cell(str(c)) if isinstance(c, str) else c for c in out.columns]
    return out


def restore_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(QUOTE) and needs_quote(value[1:]):
        return value[1:]
    return value


def restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo `neutralise_formulas` on a frame read back as text (exact round trip)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].map(restore_cell, na_action="ignore")
    out.columns = [restore_cell(c) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str], **options: Any) -> Path:
    """`frame.to_csv(path, **options)` with formulas neutralised: the one CSV writer.

    Lines end in CRLF (RFC 4180): with a bare "\n" terminator Python's csv module leaves a
    field holding a lone carriage return unquoted, and the file no longer reads back.
    """
    target = Path(path)
    options.setdefault("lineterminator", "\r\n")
    options.setdefault("encoding", "utf-8")
    neutralise_formulas(frame).to_csv(target, **options)
    return target
