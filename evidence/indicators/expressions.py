"""The small declarative language of the indicator catalogue: variables and universes.

A variable is one of (no code is ever evaluated):

- ``column``                 a boolean or numeric column, or a multiple-choice choice column
                             in canonical form (``needs/food``);
- ``column == code``         a select-one category (``intention == stay``);
- ``column != code``         any answer but one (``document_type != none``);
- ``column in [a, b]``       one of several categories.

Comparisons give a nullable boolean: missing where the column is missing, and missing where
the answer is one of ``unknown`` codes (``dont_know``, ``prefer_not_to_say``) when the
caller says those mean "not known" rather than "no".

A universe is a list of conditions that must all hold, each a mapping
``{column: name, in: [...]}`` / ``not_in`` / ``equals`` / ``min`` / ``max`` (min and max
inclusive, and may be combined). A row with a missing value in a universe column is outside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from evidence.errors import ContractError

Operator = Literal["value", "==", "!=", "in"]
_COLUMN = r"[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z0-9_]+)?"
_EXPRESSION = re.compile(
    rf"^\s*(?P<column>{_COLUMN})\s*(?:(?P<op>==|!=|in)\s*(?P<value>\S.*?))?\s*$"
)
UNIVERSE_KEYS = frozenset({"column", "in", "not_in", "equals", "min", "max"})


@dataclass(frozen=True)
class Expression:
    """A parsed catalogue variable: a column, optionally compared with codes."""

    column: str
    operator: Operator = "value"
    codes: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.operator == "value":
            return self.column
        if self.operator == "in":
            return f"{self.column} in [{', '.join(self.codes)}]"
        return f"{self.column} {self.operator} {self.codes[0]}"


def parse_expression(text: object, where: str) -> Expression:
    """Parse a catalogue variable; ContractError naming ``where`` if it is not one."""
    match = _EXPRESSION.match(text) if isinstance(text, str) else None
    if match is None:
        raise ContractError(
            f"{where}: {text!r} is not a variable; write `column`, `column == code`, "
            "`column != code` or `column in [a, b]`"
        )
    column, op, value = match.group("column"), match.group("op"), match.group("value")
    if op is None:
        return Expression(column)
    if op == "in":
        inner = value.strip()
        if not (inner.startswith("[") and inner.endswith("]")):
            raise ContractError(f"{where}: {text!r}: `in` takes a list such as [a, b]")
        codes = tuple(code.strip().strip("'\"") for code in inner[1:-1].split(",") if code.strip())
        if not codes:
            raise ContractError(f"{where}: {text!r}: `in` needs at least one code")
        return Expression(column, "in", codes)
    return Expression(column, op, (value.strip().strip("'\""),))  # type: ignore[arg-type]


def _as_text(series: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("boolean").astype("string").str.lower()
    return series.astype("string")


def evaluate(expression: Expression, frame: pd.DataFrame, unknown: Iterable[str] = ()) -> pd.Series:
    """Values of ``expression`` on ``frame``: the column itself, or a nullable boolean."""
    series = frame[expression.column]
    if expression.operator == "value":
        return series
    text = _as_text(series)
    matched = text.isin(expression.codes)
    result = matched if expression.operator != "!=" else ~matched
    result = result.astype("boolean")
    missing = text.isna() | text.isin(tuple(unknown))
    return result.mask(missing.fillna(True).to_numpy(dtype=bool), pd.NA)


@dataclass(frozen=True)
class Condition:
    """One universe condition (see the module docstring)."""

    column: str
    values_in: tuple[str, ...] | None = None
    values_not_in: tuple[str, ...] | None = None
    equals: Any = None
    minimum: float | None = None
    maximum: float | None = None

    def holds(self, frame: pd.DataFrame) -> np.ndarray:
        series = frame[self.column]
        keep = np.array(series.notna().to_numpy(dtype=bool), copy=True)
        text = _as_text(series)
        if self.values_in is not None:
            keep &= text.isin(self.values_in).fillna(False).to_numpy(dtype=bool)
        if self.values_not_in is not None:
            keep &= ~text.isin(self.values_not_in).fillna(True).to_numpy(dtype=bool)
        if self.equals is not None:
            wanted = str(self.equals).lower() if isinstance(self.equals, bool) else str(self.equals)
            keep &= (text == wanted).fillna(False).to_numpy(dtype=bool)
        numeric = None
        if self.minimum is not None or self.maximum is not None:
            numeric = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        if self.minimum is not None and numeric is not None:
            keep &= numeric >= self.minimum
        if self.maximum is not None and numeric is not None:
            keep &= numeric <= self.maximum
        return keep


def _codes(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ContractError(f"{where}: `{key}` takes a non-empty list of codes")
    return tuple(str(v).lower() if isinstance(v, bool) else str(v) for v in value)


def parse_universe(raw: object, where: str) -> tuple[Condition, ...]:
    """Parse a universe (a list of condition mappings; empty or missing = everyone)."""
    if raw is None:
        return ()
    if isinstance(raw, Mapping):
        raw = [raw]
    if not isinstance(raw, list):
        raise ContractError(f"{where}: universe must be a list of conditions")
    conditions = []
    for position, item in enumerate(raw, start=1):
        here = f"{where}, condition {position}"
        if not isinstance(item, Mapping) or "column" not in item:
            raise ContractError(f"{here}: a condition is a mapping with `column`")
        unknown_keys = set(item) - UNIVERSE_KEYS
        if unknown_keys or len(item) < 2:
            raise ContractError(
                f"{here}: use `column` with in / not_in / equals / min / max, got {sorted(item)}"
            )
        conditions.append(
            Condition(
                column=str(item["column"]),
                values_in=_codes(item["in"], here, "in") if "in" in item else None,
                values_not_in=_codes(item["not_in"], here, "not_in") if "not_in" in item else None,
                equals=item.get("equals"),
                minimum=float(item["min"]) if "min" in item else None,
                maximum=float(item["max"]) if "max" in item else None,
            )
        )
    return tuple(conditions)


def in_universe(conditions: Iterable[Condition], frame: pd.DataFrame) -> np.ndarray:
    """Rows for which every condition holds."""
    keep = np.ones(len(frame), dtype=bool)
    for condition in conditions:
        keep &= condition.holds(frame)
    return keep
