"""Read raw files (.csv, .xlsx, .parquet) as chunks of text/typed cells with their row numbers.

Every chunk's index is the 1-based data row number of the file (row 1 = first line after the
header), so failures point at the line a data manager sees in a spreadsheet. CSV is streamed
with pyarrow's serial reader: it tells the row number of each ragged line (too few or too many
fields), which is kept, not skipped, and reported as a failure of that row. Parquet is
streamed by record batches. Memory stays bounded by the chunk size for both.
Workbooks are read by evidence.ingest.workbook (date cells, formulas, extra sheets).
"""

from __future__ import annotations

import csv
import os
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from openpyxl.utils.exceptions import InvalidFileException

from evidence.contracts.parse import Decimal
from evidence.contracts.report import failure_rows
from evidence.errors import ContractError, UnreadableFileError
from evidence.ingest.detect import FileFormat, detect_format
from evidence.ingest.workbook import read_workbook

CHUNK_ROWS = 500_000
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
    """A whole raw file in memory (validate_file and small files).

    What read_raw returns: the cells as delivered (CSV cells as text), indexed by 1-based data
    row number, with the ragged lines kept apart so they can be reported as failures of their
    rows.

    Attributes
    ----------
    path : pathlib.Path
    format : FileFormat
        Kind, encoding and delimiter found by detect_format.
    frame : pandas.DataFrame
        The rows that have as many fields as the header; index: data row number (row 1 = the
        first line after the header).
    ragged : pandas.DataFrame
        Columns ``row`` and ``text``: lines with too few or too many fields.
    decimal : {".", ","}
        Decimal separator of number cells (from the format).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "COL.csv"
    >>> _ = path.write_text("site_id;entries\\nCOL-S001;4,5\\nCOL-S002\\n")
    >>> table = read_raw(path)
    >>> table.format.kind, table.decimal, table.frame.index.tolist(), table.ragged["row"].tolist()
    ('csv', ',', [1], [2])
    """

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
    """The whole file; UnreadableFileError or ContractError (bad header) if it is not a table.

    For validate_file and small files; ingest streams large files with open_raw instead.
    CSV cells are kept as text, workbook and Parquet cells as typed (Parquet integers and
    booleans with gaps stay nullable).

    Parameters
    ----------
    path : path
        A .csv, .xlsx or .parquet file (the kind is detected from the content).

    Returns
    -------
    RawTable

    Raises
    ------
    UnreadableFileError
        Empty, not a table, no header, or unreadable (the message gives the reader's reason
        without quoting cells).
    ContractError
        The header names a column more than once.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "COL.csv"
    >>> _ = path.write_text("site_id,entries\\nCOL-S001,4\\nCOL-S002,\\n")
    >>> table = read_raw(path)
    >>> table.frame["entries"].tolist(), table.ragged.empty
    (['4', ''], True)
    >>> _ = path.write_text("")
    >>> try:
    ...     read_raw(path)
    ... except UnreadableFileError:
    ...     print("refused")
    refused
    """
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

    How ingest reads a raw file with bounded memory: CSV streamed by pyarrow's serial reader
    (ragged lines kept with their row numbers), Parquet by record batches, a workbook in one
    chunk. Every chunk's frame is indexed by the file's 1-based data row numbers, so failures
    point at the line a data manager sees. A file that breaks after the first chunk raises
    UnreadableFileError while iterating.

    Parameters
    ----------
    path : path
        A .csv, .xlsx or .parquet file.
    chunk_rows : int, optional
        Rows per chunk: Parquet batches hold at most this many; CSV chunks gather whole read
        blocks until they hold at least this many, so a small file comes as one chunk.
    expected : collection of str, optional
        The column names a contract knows; a header naming none of them is refused without
        repeating it (it is likely a data row, and may hold personal data).

    Returns
    -------
    format : FileFormat
    chunks : iterator of RawChunk
        Each with ``frame`` (cells, index = data row number), ``ragged`` (row, text) and
        ``failures`` (cells the reader itself refused, e.g. workbook formulas without a value).

    Raises
    ------
    UnreadableFileError
        Empty, not a table, no header, or unreadable.
    ContractError
        The header repeats a column, or names no ``expected`` column.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "COL.csv"
    >>> lines = [f"COL-S{i:03},{i}\\n" for i in range(5)]
    >>> _ = path.write_text("site_id,entries\\n" + "".join(lines))
    >>> file_format, chunks = open_raw(path, chunk_rows=2, expected={"site_id", "entries"})
    >>> [chunk.frame.index.tolist() for chunk in chunks]
    [[1, 2, 3, 4, 5]]
    >>> try:
    ...     open_raw(path, expected={"date"})
    ... except ContractError:
    ...     print("no column of the contract: a file of another dataset?")
    no column of the contract: a file of another dataset?
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
    header, frame, failures = read_workbook(path)
    _check_header([h for h in header if not h.startswith("Unnamed: ")], path, expected)
    yield RawChunk(frame, failures=failures)


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
