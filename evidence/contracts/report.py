"""The validation report: one table of every failure (file, row, column, value, rule, message).

`row` is the 1-based data row (row 1 is the first line after the header); dataset-level
failures (a missing column, an unreadable file) have an empty row.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

FAILURE_COLUMNS: tuple[str, ...] = ("file", "row", "column", "value", "rule", "message")
_MAX_VALUE = 80  # characters of a failing value shown in summaries (the table keeps it whole)


def failure_rows(
    rows: Iterable[Any] | None = None,
    column: str | None = None,
    values: Iterable[Any] | None = None,
    rule: str = "",
    message: str = "",
    file: str = "",
) -> pd.DataFrame:
    """A failure table: one row per failing cell (rows=None gives an empty table)."""
    if rows is None:
        return pd.DataFrame(
            {
                "file": pd.Series(dtype="str"),
                "row": pd.Series(dtype="Int64"),
                "column": pd.Series(dtype="str"),
                "value": pd.Series(dtype="str"),
                "rule": pd.Series(dtype="str"),
                "message": pd.Series(dtype="str"),
            }
        )
    row_values = pd.array(list(rows), dtype="Int64")
    value_list = [""] * len(row_values) if values is None else [_as_value(v) for v in list(values)]
    return pd.DataFrame(
        {
            "file": pd.Series([file] * len(row_values), dtype="str"),
            "row": row_values,
            "column": pd.Series([column or ""] * len(row_values), dtype="str"),
            "value": pd.Series(value_list, dtype="str"),
            "rule": pd.Series([rule] * len(row_values), dtype="str"),
            "message": pd.Series([message] * len(row_values), dtype="str"),
        }
    )


def dataset_failure(column: str, rule: str, message: str, file: str = "") -> pd.DataFrame:
    """One dataset-level failure (empty row)."""
    table = failure_rows([None], column, [""], rule, message, file)
    return table


def _as_value(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def concat_failures(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    found = [t for t in tables if len(t)]
    if not found:
        return failure_rows()
    out = pd.concat(found, ignore_index=True)
    return out.sort_values(["row", "column", "rule"], na_position="first", kind="stable")[
        list(FAILURE_COLUMNS)
    ].reset_index(drop=True)


@dataclass(frozen=True)
class ValidationReport:
    """Every failure of one table against its contract.

    ``ok`` is True when there is none; ``to_frame()`` lists them, one row per failure with
    ``file``, ``row`` (1-based data row), ``column``, ``value``, ``rule`` and ``message``
    (what to fix).

    Examples
    --------
    >>> from evidence.contracts import validate_frame
    >>> from evidence.synth import synthesize
    >>> raw = synthesize("flow_counts", "PER", "2023-12", seed=0, scale=0.05).astype(str)
    >>> raw.loc[0, "entries"] = "-3"
    >>> report = validate_frame(raw, "flow_counts")
    >>> report.ok, report.to_frame().loc[0, ["column", "rule", "message"]].tolist()
    (False, ['entries', 'minimum', 'below the minimum 0'])
    """

    dataset: str
    file: str
    rows: int
    failures: pd.DataFrame

    @property
    def ok(self) -> bool:
        return len(self.failures) == 0

    @property
    def failed_rows(self) -> pd.Index:
        """1-based numbers of the data rows with at least one failure."""
        return pd.Index(self.failures["row"].dropna().unique(), dtype="int64").sort_values()

    @property
    def dataset_failures(self) -> pd.DataFrame:
        """Failures that concern the whole table (missing column, unreadable file)."""
        return self.failures[self.failures["row"].isna()]

    def to_frame(self) -> pd.DataFrame:
        return self.failures.copy()

    def __repr__(self) -> str:
        # The summary, not every row: a notebook prints this when HTML is off.
        return self.summary()

    def summary(self) -> str:
        head = f"{self.file or self.dataset}: {self.rows} rows checked against '{self.dataset}'"
        if self.ok:
            return f"{head}: no failures"
        table = self.failures.assign(
            row=self.failures["row"].astype("str").fillna(""),
            value=self.failures["value"].map(_shorten),
        )
        lines = [
            f"{head}: {len(self.failures)} failure(s) in {len(self.failed_rows)} row(s)",
            table[list(FAILURE_COLUMNS)].to_string(index=False, max_colwidth=100),
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        title = html.escape(self.summary().splitlines()[0])
        if self.ok:
            return f"<p>{title}</p>"
        # to_html escapes cell contents, so a value such as "<script>" is shown, not run.
        body = self.failures.to_html(index=False, escape=True, na_rep="")
        return f"<p>{title}</p>\n{body}"


def _shorten(value: str) -> str:
    value = value.replace("\n", "\\n").replace("\r", "\\r").replace("\x00", "\\0")
    return value if len(value) <= _MAX_VALUE else value[: _MAX_VALUE - 1] + "…"
