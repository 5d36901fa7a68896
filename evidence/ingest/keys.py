"""Keys across rows and datasets: foreign keys and uniqueness over a whole chunked file.

Foreign keys are checked within one country and period, in curated (pseudonymised) form: the
parent's accepted keys are kept after its file is curated, and a child's key columns are
pseudonymised the same way before the comparison, so the same code works whether the parent
was ingested in this run or is read back from curated data.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from evidence.contracts import Contract
from evidence.contracts.report import concat_failures, failure_rows
from evidence.ingest.pseudonym import pseudonymise


def key_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Key columns as text, so an integer code and its text form compare equal."""
    return frame.astype("str").where(frame.notna())


def foreign_key_failures(
    frame: pd.DataFrame,
    contract: Contract,
    parents: Mapping[str, pd.DataFrame | None],
    key: bytes,
    where: str,
) -> pd.DataFrame:
    """`foreign_key` failures of rows whose key has no parent row (missing keys are not checked).

    `parents[resource]` holds the parent's accepted keys in curated form, or None when the
    parent has no data for this country and period.
    """
    tables = []
    for fk in contract.foreign_keys:
        child = pseudonymise(frame[list(fk.fields)], contract, key)
        given = child.notna().all(axis=1)
        parent = parents.get(fk.resource)
        if parent is None or not set(fk.reference_fields) <= set(parent.columns):
            known = pd.Series(False, index=frame.index)
            why = f"no '{fk.resource}' data for {where}"
        else:
            wanted = pd.MultiIndex.from_frame(key_text(child))
            have = pd.MultiIndex.from_frame(key_text(parent[list(fk.reference_fields)]))
            known = pd.Series(wanted.isin(have), index=frame.index)
            why = f"no row of '{fk.resource}' for {where} has this key"
        dangling = given & ~known
        if dangling.any():
            column = ", ".join(fk.fields)
            values = _joined(frame.loc[dangling, list(fk.fields)])
            message = f"{why} ({', '.join(fk.reference_fields)}); fix the code or add the row"
            tables.append(
                failure_rows(dangling[dangling].index, column, values, "foreign_key", message)
            )
    return concat_failures(tables)


def _joined(frame: pd.DataFrame) -> pd.Series:
    text = frame.astype("str")
    out = text.iloc[:, 0]
    for column in text.columns[1:]:
        out = out + ", " + text[column]
    return out


def unique_sets(contract: Contract) -> list[tuple[str, ...]]:
    """Column sets that must be unique over the whole file: the primary key, unique fields."""
    sets = [contract.primary_key] if contract.primary_key else []
    for field in contract.fields:
        if field.constraints.unique and (field.name,) not in sets:
            sets.append((field.name,))
    return sets


class UniquenessTracker:
    """Finds duplicates that span chunks (pandera sees one chunk at a time).

    Keeps one 64-bit hash and the row number per accepted row and key set; a 64-bit collision
    among n rows has probability about n²/2⁶⁵ (3e-6 for ten million rows).
    """

    def __init__(self, contract: Contract) -> None:
        self._sets = unique_sets(contract)
        self._hashes: dict[tuple[str, ...], list[np.ndarray]] = {s: [] for s in self._sets}
        self._rows: dict[tuple[str, ...], list[np.ndarray]] = {s: [] for s in self._sets}

    def add(self, frame: pd.DataFrame) -> None:
        for columns in self._sets:
            if not set(columns) <= set(frame.columns):
                continue  # a missing key column is reported as a file-level failure
            keys = frame[list(columns)]
            given = keys.notna().all(axis=1).to_numpy()
            hashes = pd.util.hash_pandas_object(key_text(keys[given]), index=False).to_numpy()
            self._hashes[columns].append(hashes)
            self._rows[columns].append(frame.index.to_numpy()[given])

    def duplicates(self, contract: Contract) -> pd.DataFrame:
        """Failures (`primary_key` or `unique`) of every accepted row whose key repeats."""
        tables = []
        for columns in self._sets:
            if not self._hashes[columns]:
                continue
            hashes = np.concatenate(self._hashes[columns])
            rows = np.concatenate(self._rows[columns])
            values, counts = np.unique(hashes, return_counts=True)
            repeated = np.isin(hashes, values[counts > 1])
            if repeated.any():
                rule = "primary_key" if columns == contract.primary_key else "unique"
                message = f"({', '.join(columns)}) repeated in other rows of the file"
                tables.append(failure_rows(rows[repeated], ", ".join(columns), None, rule, message))
        return concat_failures(tables)
