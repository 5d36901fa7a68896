"""Atomic writers for curated Parquet partitions and quarantine files.

Both write to a temporary file beside the target and rename it into place only when the whole
input has been processed, so a crash or an interrupted run never leaves half a partition behind,
and re-ingesting a period replaces what was there.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from evidence.contracts import Contract
from evidence.csv_safety import write_csv
from evidence.ingest.protect import protect_failures, protect_rows

PART_NAME = "part-0.parquet"


def arrow_schema(dtypes: dict[str, str]) -> pa.Schema:
    """Arrow schema of curated data from pandas dtypes (so every chunk writes the same types)."""
    types = {
        "str": pa.large_string(),
        "Int64": pa.int64(),
        "Float64": pa.float64(),
        "boolean": pa.bool_(),
        "datetime64[us]": pa.timestamp("us"),
    }
    return pa.schema([(name, types[dtype]) for name, dtype in dtypes.items()])


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")


_TEMPORARY = re.compile(r"\..+\.(\d+)\.[0-9a-f]{8}\.tmp")


def clear_stale_temporaries(folder: Path) -> int:
    """Remove temporary files an ingest killed mid-write left in `folder`; how many.

    A temporary file names the process that writes it: files of a process still running (a
    concurrent ingest) are left alone.
    """
    removed = 0
    if not folder.is_dir():
        return 0
    for path in folder.iterdir():
        match = _TEMPORARY.fullmatch(path.name)
        if match and path.is_file() and not _running(int(match.group(1))):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    except OverflowError:
        return False
    return True


class CuratedSink:
    """Streams accepted chunks into one Parquet file; `commit` renames it into the partition."""

    def __init__(self, folder: Path, schema: pa.Schema) -> None:
        self.folder = folder
        self.target = folder / PART_NAME
        self.schema = schema
        folder.mkdir(parents=True, exist_ok=True)
        self._temp = _temporary(self.target)
        self._writer: pq.ParquetWriter | None = pq.ParquetWriter(self._temp, schema)
        self.rows = 0

    def write(self, frame: pd.DataFrame) -> None:
        if self._writer is None:
            raise RuntimeError("CuratedSink is closed")
        if len(frame):
            table = pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False)
            self._writer.write_table(table)
            self.rows += len(frame)

    def drop_positions(self, positions: np.ndarray) -> None:
        """Remove rows (0-based positions in write order) from the file before commit."""
        if self._writer is None:
            raise RuntimeError("CuratedSink is closed")
        self._writer.close()
        table = pq.read_table(self._temp, schema=self.schema)
        keep = np.ones(table.num_rows, dtype=bool)
        keep[positions] = False
        table = table.filter(pa.array(keep))
        replacement = _temporary(self.target)
        pq.write_table(table, replacement)
        os.replace(replacement, self._temp)
        self.rows = table.num_rows
        self._writer = None

    def read_columns(self, columns: list[str]) -> pd.DataFrame:
        """Columns of what was written so far (after drop_positions)."""
        if self._writer is not None:
            raise RuntimeError("read_columns needs the file closed (after drop_positions)")
        return pq.read_table(self._temp, columns=columns).to_pandas()

    def commit(self) -> Path:
        """Rename into place, replacing the partition's previous contents."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        os.replace(self._temp, self.target)
        for stale in self.folder.glob("*.parquet"):
            if stale != self.target:
                stale.unlink()
        return self.target

    def discard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._temp.unlink(missing_ok=True)
        if self.folder.is_dir() and not any(self.folder.iterdir()):
            self.folder.rmdir()


def remove_partition(folder: Path) -> bool:
    """Delete a curated partition (its data no longer match the raw file); True if any."""
    removed = False
    if folder.is_dir():
        for part in folder.glob("*.parquet"):
            part.unlink()
            removed = True
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


class QuarantineSink:
    """Rejected rows (text) plus `_row` and `_reasons`, and the failure table.

    `<ISO3>.csv` has one line per rejected row; `<ISO3>.failures.csv` one line per failure
    (file, row, column, value, rule, message). Both UTF-8, renamed into place on commit.
    Personal values are pseudonymised or masked first (evidence.ingest.protect) and formula
    cells neutralised (evidence.csv_safety): quarantine lives outside data/raw.
    """

    def __init__(self, folder: Path, stem: str, contract: Contract, key: bytes) -> None:
        self.folder = folder
        self.contract = contract
        self.key = key
        self.rows_target = folder / f"{stem}.csv"
        self.failures_target = folder / f"{stem}.failures.csv"
        folder.mkdir(parents=True, exist_ok=True)
        self._rows_temp = _temporary(self.rows_target)
        self._failures_temp = _temporary(self.failures_target)
        self._columns: list[str] | None = None
        self.rows = 0
        self.failures = 0

    def write(self, raw_rows: pd.DataFrame, failures: pd.DataFrame) -> None:
        """Raw rows (index = row number; `_line` holds a ragged line's text) and failures."""
        failures = protect_failures(failures, self.contract, self.key)
        if len(failures):
            write_csv(
                failures, self._failures_temp, mode="a", header=self.failures == 0, index=False
            )
            self.failures += len(failures)
        if not len(raw_rows):
            return
        text = raw_rows.astype("str").where(raw_rows.notna(), "")
        text = protect_rows(text, self.contract, self.key)
        reasons = _reasons(failures, raw_rows.index)
        text.insert(0, "_reasons", reasons.to_numpy())
        text.insert(0, "_row", raw_rows.index.to_numpy())
        if "_line" not in text.columns:
            text.insert(2, "_line", "")
        if self._columns is None:
            self._columns = list(text.columns)
        write_csv(
            text.reindex(columns=self._columns),
            self._rows_temp,
            mode="a",
            header=self.rows == 0,
            index=False,
        )
        self.rows += len(text)

    def commit(self) -> None:
        for temp, target in (
            (self._rows_temp, self.rows_target),
            (self._failures_temp, self.failures_target),
        ):
            if temp.exists():
                os.replace(temp, target)
            else:
                target.unlink(missing_ok=True)


def _reasons(failures: pd.DataFrame, rows: pd.Index) -> pd.Series:
    """Per row: 'rule column=value; ...', so one line of the quarantine file says why."""
    whole = failures[failures["row"].isna()]
    prefix = "; ".join(f"{r.rule} {r.column}".strip() for r in whole.itertuples())
    cells = failures[failures["row"].notna()]
    text = cells["rule"] + " " + cells["column"] + "=" + cells["value"].str.slice(0, 60)
    joined = text.groupby(cells["row"].astype("int64")).agg("; ".join)
    out = joined.reindex(rows).fillna("")
    if prefix:
        out = (prefix + "; " + out).str.rstrip("; ")
    return out
