"""Vectorised parsing of raw cells into the types a contract declares.

Raw tables arrive as text (CSV), as Excel cells of mixed Python types, or already typed
(Parquet). Each column is turned into its contract dtype in one vectorised pass; a non-empty
cell that does not parse becomes missing and is reported as a `type` failure, so pandera then
sees correctly typed columns and never has to compare strings with numbers.

The same rules hold whatever the format: infinities and NaN given as values are not numbers
(a Parquet float column holding inf fails like the text `inf` in a CSV); whole numbers must
fit in 64 bits (|n| < 2^63), else the cell fails instead of overflowing; Excel date and
datetime cells, and Parquet date columns, are dates (a date field takes a datetime cell only
at midnight).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import numpy as np
import pandas as pd

from evidence.contracts.model import Field

Decimal = Literal[".", ","]

# dtype of each contract type in validated and curated frames (pandas extension dtypes, so
# missing values stay missing instead of turning integers into floats).
DTYPES: dict[str, Any] = {
    "string": "str",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "datetime64[us]",
    "datetime": "datetime64[us]",
}

TRUE_WORDS = frozenset({"true", "1", "1.0", "yes", "si", "sí", "sim", "t", "y"})
FALSE_WORDS = frozenset({"false", "0", "0.0", "no", "não", "nao", "f", "n"})
_DATE = r"\d{4}-\d{2}-\d{2}"
_DATETIME = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?"
_EXPECTED = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true/false, 1/0, yes/no, si/no or sim/não",
    "date": "an ISO date YYYY-MM-DD",
    "datetime": "an ISO timestamp YYYY-MM-DDTHH:MM[:SS] without time zone",
}


def as_text(series: pd.Series) -> pd.Series:
    """Cells as stripped text, empty cells missing; Excel floats 3.0 become '3'."""
    if series.dtype == object:
        series = series.map(_cell_text, na_action="ignore")
    text = series.astype("str").str.strip()
    return text.mask(text == "")


def _cell_text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def parse_column(
    series: pd.Series, field: Field, decimal: Decimal = "."
) -> tuple[pd.Series, pd.Series]:
    """(typed series, mask of cells that were given but do not parse) for one field."""
    kind = field.type
    if kind == "integer" and pd.api.types.is_integer_dtype(series.dtype):
        if series.dtype.kind == "u" or str(series.dtype).startswith("UInt"):
            # Unsigned 64-bit values from Parquet may not fit a signed integer.
            fits = series.isna() | (series.astype("Float64") < _INT_LIMIT)
            typed = series.where(fits).astype("Float64").astype("Int64")
            return typed, ~fits.astype(bool)
        return series.astype("Int64"), pd.Series(False, index=series.index)
    numeric = pd.api.types.is_numeric_dtype(series.dtype)
    if kind == "number" and numeric and not pd.api.types.is_bool_dtype(series.dtype):
        values = series.astype("Float64")
        finite = values.isna() | _is_finite(values)
        return values.where(finite), ~finite.astype(bool)
    if kind in ("date", "datetime") and series.dtype == object:
        return _parse_time_cells(series, kind, field.format)
    if kind == "boolean" and pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("boolean"), pd.Series(False, index=series.index)
    if kind in ("date", "datetime") and pd.api.types.is_datetime64_dtype(series.dtype):
        stamps: pd.Series = series.astype(DTYPES[kind])
        stamps = stamps.dt.normalize() if kind == "date" else stamps
        return stamps, pd.Series(False, index=series.index)
    text = as_text(series)
    given = text.notna()
    if kind == "string":
        typed = text
    elif kind in ("integer", "number"):
        typed = _parse_number(text, kind, decimal)
    elif kind == "boolean":
        typed = _parse_boolean(text)
    elif kind in ("date", "datetime"):
        typed = _parse_time(text, kind, field.format)
    else:  # list fields are canonicalised elsewhere (evidence.contracts.choices)
        raise ValueError(f"parse_column does not handle type {kind!r}")
    return typed, given & typed.isna()


def expected(field: Field) -> str:
    """What a cell of this field must look like, for failure messages."""
    if field.format and field.type in ("date", "datetime"):
        return f"a date in the format {field.format}"
    return _EXPECTED[field.type]


def _parse_number(text: pd.Series, kind: str, decimal: Decimal) -> pd.Series:
    if decimal == ",":
        # Spanish/Portuguese spreadsheet exports (";"-separated) write 1.234,5: in cells with a
        # decimal comma the dots group thousands. Cells without a comma are left as they are.
        has_comma = text.str.contains(",", regex=False, na=False)
        converted = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        text = text.mask(has_comma, converted)
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    numbers = numbers.where(np.isfinite(numbers))
    if kind == "number":
        return numbers.astype("Float64")
    whole = numbers.where((numbers == np.floor(numbers)) & (numbers.abs() < _INT_LIMIT))
    # Precision: texts of whole numbers beyond 2^53 are read exactly, not through a float.
    exact = text.where(text.str.fullmatch(r"[+-]?\d{16,19}", na=False))
    typed = whole.astype("Int64")
    if exact.notna().any():
        big = exact.dropna().map(int)
        fits = big.abs() < 2**63
        typed.loc[fits[fits].index] = big[fits].to_numpy()
        typed = typed.mask(typed.index.isin(fits[~fits].index))
    return typed


_INT_LIMIT = float(2**63)


def _is_finite(values: pd.Series) -> pd.Series:
    return pd.Series(
        np.isfinite(values.to_numpy(dtype="float64", na_value=np.nan)), index=values.index
    )


def _parse_time_cells(series: pd.Series, kind: str, fmt: str | None) -> tuple[pd.Series, pd.Series]:
    """Object cells that may be datetime/date objects (Excel, Parquet date32) or text."""
    is_time = series.map(lambda v: isinstance(v, dt.date), na_action="ignore").fillna(False)
    is_time = is_time.astype(bool)
    text = as_text(series.where(~is_time))
    typed = _parse_time(text, kind, fmt) if text.notna().any() else _empty_time(series, kind)
    bad = text.notna() & typed.isna()
    if is_time.any():
        cells = pd.to_datetime(series[is_time].map(_as_datetime), errors="coerce")
        cells = cells.astype(DTYPES[kind])
        if kind == "date":
            midnight = cells == cells.dt.normalize()
            bad |= (is_time & ~midnight.reindex(series.index, fill_value=True)).astype(bool)
            cells = cells.where(midnight)
        typed = typed.astype(DTYPES[kind])
        typed.loc[cells.index] = cells
        bad |= (is_time & typed.isna()).astype(bool)
    return typed, bad


def _as_datetime(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else pd.NaT
    return dt.datetime(value.year, value.month, value.day)


def _empty_time(series: pd.Series, kind: str) -> pd.Series:
    return pd.Series(pd.NaT, index=series.index).astype(DTYPES[kind])


def _parse_boolean(text: pd.Series) -> pd.Series:
    lowered = text.str.lower()
    out = pd.Series(pd.NA, index=text.index, dtype="boolean")
    out[lowered.isin(TRUE_WORDS)] = True
    out[lowered.isin(FALSE_WORDS)] = False
    return out


def _parse_time(text: pd.Series, kind: str, fmt: str | None) -> pd.Series:
    if fmt:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
    else:
        # The shape check keeps out time zones and free text that to_datetime would guess at.
        shaped = text.where(text.str.fullmatch(_DATE if kind == "date" else _DATETIME))
        parsed = pd.to_datetime(shaped, format="ISO8601", errors="coerce")
    parsed = parsed.astype(DTYPES[kind])
    return parsed.dt.normalize() if kind == "date" else parsed
