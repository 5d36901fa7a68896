"""Read raw files (.csv, .xlsx, .parquet) as chunks of text/typed cells with their row numbers.

Every chunk's index is the 1-based data row number of the file (row 1 = first line after the
header), so failures point at the line a data manager sees in a spreadsheet. CSV is streamed
with pyarrow's serial reader: it tells the row number of each ragged line (too few or too many
fields), which is kept, not skipped, and reported as a failure of that row. Parquet is
streamed by record batches. Memory stays bounded by the chunk size for both.

Workbooks are read cell by cell with openpyxl: date and datetime cells keep their types, a
formula cell gives its saved result (a formula with no saved result, or an error value such as
#DIV/0!, is a failure of its row, never a silently empty cell), and a workbook with more than one
sheet holding data is refused as a whole, so no sheet is left out uncounted.
"""

from __future__ import annotations

import csv
import os
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from evidence.contracts.parse import Decimal
from evidence.contracts.report import concat_failures, failure_rows
from evidence.errors import ContractError, UnreadableFileError
from evidence.ingest.detect import FileFormat, detect_format

CHUNK_ROWS = 500_000
RAW_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx", ".parquet")
_CSV_BLOCK = 1 << 24

# Parquet integers and booleans with nulls stay nullable instead of turning into floats.
_ARROW_TO_PANDAS = {
    pa.int8(): pd.Int64Dtype(),
    pa.int16(): pd.Int64Dtype(),
    pa.int32(): pd.Int64Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


_READ_ERRORS = (
    pa.ArrowException,
    OSError,
    ValueError,
    KeyError,
    EOFError,
    zipfile.BadZipFile,
    InvalidFileException,
)


@dataclass(frozen=True)
class RawChunk:
    frame: pd.DataFrame  # index: 1-based data row numbers
    ragged: pd.DataFrame = field(default_factory=lambda: ragged_frame([], []))
    # Failures the reader itself found in cells (workbook formulas without a result, errors).
    failures: pd.DataFrame = field(default_factory=failure_rows)


@dataclass(frozen=True)
class RawTable:
    """A whole raw file in memory (validate_file and small files)."""

    path: Path
    format: FileFormat
    frame: pd.DataFrame
    ragged: pd.DataFrame

    @property
    def decimal(self) -> Decimal:
        return self.format.decimal


def ragged_frame(rows: list[int], texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"row": pd.array(rows, dtype="int64"), "text": pd.Series(texts, dtype="str")}
    )


def read_raw(path: str | os.PathLike[str]) -> RawTable:
    """The whole file; UnreadableFileError or ContractError (bad header) if it is not a table."""
    file_format, chunks = open_raw(path, chunk_rows=CHUNK_ROWS)
    frames, ragged = [], []
    for chunk in chunks:
        frames.append(chunk.frame)
        ragged.append(chunk.ragged)
    frame = pd.concat(frames) if len(frames) > 1 else frames[0]
    return RawTable(Path(path), file_format, frame, pd.concat(ragged, ignore_index=True))


def open_raw(
    path: str | os.PathLike[str],
    chunk_rows: int = CHUNK_ROWS,
    expected: Collection[str] | None = None,
) -> tuple[FileFormat, Iterator[RawChunk]]:
    """(format, chunks); the first chunk is read here so errors surface before any writing.

    `expected`: the column names a contract knows; a header naming none of them is refused
    without repeating it (it is likely a data row, and may hold personal data).
    """
    path = Path(path)
    file_format = detect_format(path)
    if file_format.kind == "parquet":
        chunks = _parquet_chunks(path, chunk_rows, expected)
    elif file_format.kind == "xlsx":
        chunks = _excel_chunks(path, expected)
    else:
        chunks = _csv_chunks(path, file_format, chunk_rows, expected)
    first = _first(path, chunks)
    return file_format, _chain(first, chunks, path)


def _first(path: Path, chunks: Iterator[RawChunk]) -> RawChunk:
    try:
        return next(chunks)
    except _READ_ERRORS as error:
        raise UnreadableFileError(f"{path}: cannot be read as a table: {_reason(error)}") from None


def _chain(first: RawChunk, rest: Iterator[RawChunk], path: Path) -> Iterator[RawChunk]:
    yield first
    while True:
        try:
            chunk = next(rest)
        except StopIteration:
            return
        except _READ_ERRORS as error:
            # A file that breaks half-way (truncated) is refused as a whole.
            raise UnreadableFileError(
                f"{path}: unreadable after some rows: {_reason(error)}"
            ) from None
        yield chunk


def _reason(error: Exception) -> str:
    """The reader's complaint without any cell content it may quote (first clause, capped)."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    for marker in (": got ", " got '", "Row #", ": '", ': "'):
        if marker in text:
            text = text[: text.index(marker)]
    return f"{type(error).__name__}: {text[:160]}"


def _parquet_chunks(
    path: Path, chunk_rows: int, expected: Collection[str] | None
) -> Iterator[RawChunk]:
    parquet = pq.ParquetFile(path)
    _check_header(list(parquet.schema_arrow.names), path, expected)
    start = 1
    empty = True
    for batch in parquet.iter_batches(batch_size=chunk_rows):
        frame = batch.to_pandas(types_mapper=_ARROW_TO_PANDAS.get)
        frame.index = pd.RangeIndex(start, start + len(frame), name="row")
        start += len(frame)
        empty = False
        yield RawChunk(frame)
    if empty:
        schema = parquet.schema_arrow
        yield RawChunk(schema.empty_table().to_pandas(types_mapper=_ARROW_TO_PANDAS.get))


def _excel_chunks(path: Path, expected: Collection[str] | None) -> Iterator[RawChunk]:
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
    _check_header([h for h in header if not h.startswith("Unnamed: ")], path, expected)
    body = [list(row) + [None] * (width - len(row)) for row in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    yield RawChunk(frame, failures=_cell_failures(frame, body, kinds.get(title, []), str(path)))


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


def _csv_header(path: Path, file_format: FileFormat, expected: Collection[str] | None) -> list[str]:
    with path.open(encoding=file_format.encoding, newline="") as handle:
        try:
            header = next(csv.reader(handle, delimiter=file_format.delimiter or ","))
        except (StopIteration, csv.Error) as error:
            raise UnreadableFileError(f"{path}: no header line ({error})") from None
    names = [name.replace("\ufeff", "").strip() for name in header]
    _check_header(names, path, expected)
    return names


def _check_header(names: list[str], path: Path, expected: Collection[str] | None = None) -> None:
    if not names or all(not n for n in names):
        raise UnreadableFileError(f"{path}: the header line is empty")
    if expected is not None:
        known = set(expected)
        given = {str(n).replace("\ufeff", "").strip().split("/")[0] for n in names}
        if not given & known:
            raise ContractError(
                f"{path}: no column of the header is a field of the contract (the names are "
                "not repeated here: the first line may be data); a file without its header "
                "line, or a file of another dataset?"
            )
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ContractError(
            f"{path}: column(s) {repeated} appear more than once in the header; keep one of each"
        )


def _csv_chunks(
    path: Path, file_format: FileFormat, chunk_rows: int, expected: Collection[str] | None
) -> Iterator[RawChunk]:
    names = _csv_header(path, file_format, expected)
    bad_rows: list[int] = []
    bad_texts: list[str] = []

    def keep_ragged(row: pacsv.InvalidRow) -> str:
        # pyarrow counts the header as row 1; `number` is known because threads are off.
        bad_rows.append((row.number or 0) - 1)
        bad_texts.append(row.text)
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            use_threads=False,
            # Blocks of about a chunk, so memory follows chunk_rows (~100 bytes per row).
            block_size=max(1 << 14, min(_CSV_BLOCK, chunk_rows * 100)),
            encoding="utf-8" if file_format.encoding == "utf-8-sig" else file_format.encoding,
            column_names=names,
            skip_rows=1,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=file_format.delimiter or ",",
            newlines_in_values=True,
            ignore_empty_lines=False,
            invalid_row_handler=keep_ragged,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
        ),
    )
    valid_seen = 0
    reported = 0
    pending: list[pa.RecordBatch] = []
    pending_rows = 0

    def flush() -> RawChunk:
        nonlocal valid_seen, reported
        table = pa.Table.from_batches(pending, schema=reader.schema)
        frame = table.to_pandas()
        frame.index = pd.Index(
            _record_numbers(valid_seen, len(frame), np.array(sorted(bad_rows))), name="row"
        )
        valid_seen += len(frame)
        # Ragged lines reported so far that fall before the end of this chunk go with it.
        last = int(frame.index[-1]) if len(frame) else valid_seen + len(bad_rows)
        take = [i for i in range(reported, len(bad_rows)) if bad_rows[i] <= last]
        ragged = ragged_frame([bad_rows[i] for i in take], [bad_texts[i] for i in take])
        reported += len(take)
        return RawChunk(frame, ragged)

    # One chunk is held back so ragged lines reported at the very end join the last chunk.
    previous: RawChunk | None = None
    for batch in reader:
        pending.append(batch)
        pending_rows += batch.num_rows
        if pending_rows >= chunk_rows:
            if previous is not None:
                yield previous
            previous = flush()
            pending, pending_rows = [], 0
    if pending or previous is None:
        if previous is not None:
            yield previous
        previous = flush()
    rest = ragged_frame(bad_rows[reported:], bad_texts[reported:])
    yield RawChunk(previous.frame, pd.concat([previous.ragged, rest], ignore_index=True))


def _record_numbers(start: int, count: int, bad: np.ndarray) -> np.ndarray:
    """Data row numbers of valid rows start..start+count-1 (0-based) given sorted ragged rows.

    A valid row's number is its ordinal + 1 plus the ragged rows before it; ragged row j has
    bad[j] - j - 1 valid rows before it, so counting those thresholds places every valid row.
    """
    ordinals = np.arange(start, start + count, dtype=np.int64)
    if bad.size == 0:
        return ordinals + 1
    before = bad - np.arange(bad.size) - 1
    return ordinals + 1 + np.searchsorted(before, ordinals, side="right")


def raw_files(folder: Path) -> list[Path]:
    """Raw files of one dataset and period that can be ingested, sorted (see raw_listing)."""
    return raw_listing(folder, folder)[0]


def raw_listing(folder: Path, raw_root: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(files to ingest, [(entry, why it is not ingested)]) of one dataset and period folder.

    Nothing under the folder is passed over in silence: a file in another format (.xls, .txt,
    .csv.gz), a sub-folder, a special file and a symbolic link that leads out of `raw_root`
    (data/raw) are each returned with the reason, for the ingest report. Links that stay inside
    data/raw are followed.
    """
    if not folder.is_dir():
        return [], []
    root = raw_root.resolve()
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for entry in sorted(folder.iterdir()):
        if not entry.resolve().is_relative_to(root):
            # The entry or a folder above it is a link out of data/raw (to a system file...).
            refused.append(
                (entry, "a symbolic link that leads outside data/raw; copy the file in instead")
            )
            continue
        if entry.is_dir():
            refused.append((entry, "a folder inside a period folder; raw files go directly in it"))
        elif not entry.is_file():
            refused.append((entry, "not a regular file (a device, pipe or broken link)"))
        elif entry.suffix.lower() not in RAW_SUFFIXES or "." in entry.stem:
            refused.append(
                (entry, "unsupported file type; deliver <ISO3>.csv, <ISO3>.xlsx or <ISO3>.parquet")
            )
        else:
            files.append(entry)
    return files, refused
