"""Ingest one raw file: read in chunks, validate, check keys, pseudonymise, write.

Accepted rows stream into the curated partition (renamed into place at the end), rejected rows
into the quarantine file with their reasons. A file that cannot be read, or breaks its contract
as a whole, is quarantined whole and recorded with its named error; its stale curated data
are removed so that `evidence.load` never serves data the raw file no longer supports.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from evidence.contracts import CheckedFrame, Contract, check_frame
from evidence.contracts.curated import curated_dtypes
from evidence.contracts.parse import Decimal
from evidence.contracts.report import concat_failures, dataset_failure
from evidence.contracts.validate import UnknownColumns, ragged_failures
from evidence.errors import ContractError, IngestError, UnreadableFileError
from evidence.ingest.country_codes import country_code_failures
from evidence.ingest.keys import UniquenessTracker, foreign_key_failures
from evidence.ingest.period_dates import period_failures
from evidence.ingest.pseudonym import pseudonymise
from evidence.ingest.read import CHUNK_ROWS, RawChunk, open_raw
from evidence.ingest.report import FileResult, FileStatus
from evidence.ingest.write import (
    CuratedSink,
    QuarantineSink,
    arrow_schema,
    clear_stale_temporaries,
    remove_partition,
)
from evidence.paths import curated_dir, quarantine_dir


def check_chunk(
    chunk: RawChunk,
    contract: Contract,
    name: str,
    unknown_columns: UnknownColumns,
    decimal: Decimal,
    country: str | None = None,
) -> tuple[CheckedFrame, list[pd.DataFrame]]:
    """A chunk of a raw file checked against its contract, and every failure found in it:
    the contract's, ragged rows, cells the reader itself found wrong (workbook formulas,
    error values) and, when the file's ``country`` is known, values outside that country's
    codelists (``codelist: admin1``). The one check that both ingest and ``validate_file``
    run."""
    checked = check_frame(
        chunk.frame,
        contract,
        file=name,
        rows=chunk.frame.index,
        unknown_columns=unknown_columns,
        decimal=decimal,
    )
    found = [checked.failures, ragged_failures(chunk.ragged, name), chunk.failures]
    if country is not None:
        found.append(country_code_failures(checked.frame, contract, country).assign(file=name))
    return checked, found


def ingest_file(
    path: Path,
    contract: Contract,
    country: str,
    period: str,
    base: Path,
    key: bytes,
    parents: Mapping[str, pd.DataFrame | None],
    unknown_columns: UnknownColumns = "fail",
    chunk_rows: int = CHUNK_ROWS,
    key_columns: tuple[str, ...] = (),
) -> tuple[FileResult, pd.DataFrame | None]:
    """Ingest one raw file: validate, check keys, pseudonymise, write curated and quarantine.

    The file is read in chunks (memory bounded by ``chunk_rows``). Each chunk is checked
    against the contract (check_frame), the period (dates outside it) and foreign keys; rows
    that pass are pseudonymised and streamed into the curated partition
    data/curated/<dataset>/period=<period>/country=<country>/, the others go to
    data/quarantine/<dataset>/<period>/ with their reasons. Keys repeated across chunks are
    moved to quarantine at the end. A file that cannot be read or breaks its contract as a
    whole (unknown column, no data rows) is quarantined whole and its stale curated partition
    removed. Nothing is raised for a bad file: the FileResult says what happened (ingest_period
    runs this for every raw file of a period).

    Parameters
    ----------
    path : pathlib.Path
        The raw file (.csv, .xlsx or .parquet).
    contract : Contract
        The contract of its dataset.
    country : str
        ISO3 code of the partition.
    period : str
        ``YYYY-MM``.
    base : pathlib.Path
        Data root (curated/ and quarantine/ are written under it).
    key : bytes
        HMAC key for the personal-data columns (see pseudonym_key).
    parents : mapping of str to pandas.DataFrame or None
        For each dataset referred to by a foreign key: its accepted keys in curated form for
        this country and period, or None when it has no data (every reference then fails).
    unknown_columns : {"fail", "drop"}, default "fail"
        Whether a column not in the contract fails the file or is left out (with a note).
    chunk_rows : int, optional
        Rows per chunk.
    key_columns : tuple of str, optional
        Columns whose distinct accepted values to return.

    Returns
    -------
    result : FileResult
        Rows in, accepted, quarantined, status (ok, partial, failed) and the error or note.
    keys : pandas.DataFrame or None
        The distinct accepted values of ``key_columns`` in curated form (what child datasets'
        foreign keys are checked against); None when not asked for or the file failed.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> from evidence.contracts import load_contract
    >>> base = Path(tempfile.mkdtemp())
    >>> raw = base / "COL.csv"
    >>> _ = raw.write_text("site_id,date,entries,exits,transit,women,children\\n"
    ...     "COL-S001,2023-12-01,4,2,0,1,0\\nCOL-S001,2023-12-02,-3,2,0,1,0\\n")
    >>> sites = {"sites": pd.DataFrame({"site_id": ["COL-S001"]})}
    >>> result, keys = ingest_file(raw, load_contract("flow_counts"), "COL", "2023-12", base,
    ...     b"secret", sites, key_columns=("site_id",))
    >>> result.status, result.rows_in, result.accepted, result.quarantined
    ('partial', 2, 1, 1)
    >>> keys["site_id"].tolist()
    ['COL-S001']
    >>> len(list((base / "curated" / "flow_counts").glob("period=2023-12/country=COL/*")))
    1
    """
    name, dataset = str(path), contract.name
    partition = curated_dir(dataset, period, country, base)
    clear_stale_temporaries(partition)
    clear_stale_temporaries(quarantine_dir(dataset, period, base))
    quarantine = QuarantineSink(quarantine_dir(dataset, period, base), country, contract, key)
    try:
        expected = {*contract.field_names, *contract.canonical_columns}
        file_format, chunks = open_raw(path, chunk_rows, expected)
    except (UnreadableFileError, ContractError) as error:
        return _refused(error, name, dataset, country, partition, quarantine, 0), None
    except Exception as error:  # one bad file never stops the others
        return _refused(
            unexpected_error(error), name, dataset, country, partition, quarantine, 0
        ), None
    dtypes = curated_dtypes(contract)
    sink = CuratedSink(partition, arrow_schema(dtypes))
    tracker = UniquenessTracker(contract)
    where = f"{country} {period}"
    rows_in = accepted = quarantined = chunk_count = 0
    whole_file_error = ""
    dropped: tuple[str, ...] = ()  # unknown columns left out under unknown_columns="drop"
    accepted_rows: list[np.ndarray] = []
    keys: list[pd.DataFrame] = []
    try:
        for chunk in chunks:
            chunk_count += 1
            rows_in += len(chunk.frame) + len(chunk.ragged)
            checked, found = check_chunk(
                chunk, contract, name, unknown_columns, file_format.decimal, country
            )
            failures = concat_failures(
                [*found, period_failures(checked.frame, contract, period).assign(file=name)]
            )
            if checked.dropped_columns and not dropped:
                dropped = checked.dropped_columns
                message = "not in the contract; left out of curated data (unknown_columns='drop')"
                notes = [dataset_failure(c, "dropped_column", message, name) for c in dropped]
                quarantine.write(_no_rows(), concat_failures(notes))
            whole = failures[failures["row"].isna()]
            if len(whole) and not whole_file_error:
                whole_file_error = "ContractError: " + "; ".join(
                    f"{r.rule} {r.column}: {r.message}".replace("  ", " ")
                    for r in whole.itertuples()
                )
            if whole_file_error:
                quarantine.write(_raw_rows(chunk, None), failures)
                quarantined += len(chunk.frame) + len(chunk.ragged)
                continue
            tracker.add(checked.frame)
            fk_failures = foreign_key_failures(checked.frame, contract, parents, key, where)
            fk_failures["file"] = name
            failures = concat_failures([failures, fk_failures])
            bad = pd.Index(failures["row"].dropna().unique().astype("int64"))
            good = checked.frame.drop(index=bad.intersection(checked.frame.index))
            curated = pseudonymise(good, contract, key)[list(dtypes)]
            sink.write(curated)
            if key_columns:
                keys.append(curated[list(key_columns)].drop_duplicates())
            accepted_rows.append(good.index.to_numpy())
            accepted += len(good)
            quarantined += len(chunk.frame) + len(chunk.ragged) - len(good)
            quarantine.write(_raw_rows(chunk, bad), failures)
    except (UnreadableFileError, ContractError) as error:
        sink.discard()
        return _refused(error, name, dataset, country, partition, quarantine, rows_in), None
    except Exception as error:  # one bad cell never stops the ingest
        sink.discard()
        refused = unexpected_error(error)
        return _refused(refused, name, dataset, country, partition, quarantine, rows_in), None

    if rows_in == 0:
        whole_file_error = "ContractError: the file has a header but no data rows"
        quarantine.write(_no_rows(), dataset_failure("", "no_rows", whole_file_error, name))
    if whole_file_error:
        sink.discard()
        if remove_partition(partition):
            whole_file_error += " (the previous curated data of this file were removed)"
        quarantine.commit()
        result = FileResult(dataset, country, name, rows_in, 0, rows_in, "failed", whole_file_error)
        return result, None

    if chunk_count > 1:
        moved = _cross_chunk_duplicates(tracker, contract, accepted_rows, sink, quarantine, path)
        accepted -= moved.size
        quarantined += moved.size
        if moved.size and key_columns:  # rare: rebuild the keys from what stays curated
            keys = [sink.read_columns(list(key_columns)).drop_duplicates()]
    sink.commit()
    quarantine.commit()
    status: FileStatus = "ok" if quarantined == 0 else "partial"
    note = f"note: dropped unknown column(s) {', '.join(dropped)}" if dropped else ""
    result = FileResult(dataset, country, name, rows_in, accepted, quarantined, status, note)
    return result, pd.concat(keys, ignore_index=True) if keys else None


def _refused(
    error: Exception,
    name: str,
    dataset: str,
    country: str,
    partition: Path,
    quarantine: QuarantineSink,
    rows_in: int,
) -> FileResult:
    message = f"{type(error).__name__}: {error}"
    if remove_partition(partition):
        message += " (the previous curated data of this file were removed)"
    quarantine.write(_no_rows(), dataset_failure("", "unreadable", message, name))
    quarantine.commit()
    return FileResult(dataset, country, name, rows_in, 0, rows_in, "failed", message)


def unexpected_error(error: Exception) -> IngestError:
    """A named error for a failure nobody foresaw, without its text (it may quote cells)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "evidence" in f.filename]
    where = f" in {Path(frames[-1].filename).name}:{frames[-1].name}" if frames else ""
    return IngestError(
        f"unexpected {type(error).__name__}{where} (details withheld: they may quote cell "
        "values); the file was not ingested; report it to the library's maintainers"
    )


RESERVED_COLUMNS = ("_row", "_reasons", "_line")


def _no_rows() -> pd.DataFrame:
    return pd.DataFrame(index=pd.Index([], dtype="int64", name="row"))


def _raw_rows(chunk: RawChunk, rows: pd.Index | None) -> pd.DataFrame:
    """Raw rows to quarantine (all when rows is None), ragged lines included as `_line`."""
    frame = chunk.frame if rows is None else chunk.frame.loc[rows.intersection(chunk.frame.index)]
    # A raw column named like one of the quarantine's own columns keeps its data apart.
    frame = frame.rename(columns={c: f"{c} (raw)" for c in RESERVED_COLUMNS if c in frame})
    if len(chunk.ragged):
        lines = pd.DataFrame(
            {"_line": chunk.ragged["text"].to_numpy()},
            index=pd.Index(chunk.ragged["row"].to_numpy(), name="row"),
        )
        frame = pd.concat([frame, lines]).sort_index()
    return frame


def _cross_chunk_duplicates(
    tracker: UniquenessTracker,
    contract: Contract,
    accepted_rows: list[np.ndarray],
    sink: CuratedSink,
    quarantine: QuarantineSink,
    path: Path,
) -> np.ndarray:
    """Move accepted rows whose key repeats in another chunk from curated to quarantine."""
    failures = tracker.duplicates(contract)
    order = np.concatenate(accepted_rows) if accepted_rows else np.array([], dtype=np.int64)
    rows = np.unique(failures["row"].to_numpy(dtype="int64"))
    moved = rows[np.isin(rows, order)]
    if moved.size == 0:
        return moved
    sink.drop_positions(np.searchsorted(order, moved))
    failures = failures[failures["row"].isin(moved)].assign(file=str(path))
    # The raw text of those rows was not kept: read it again (rare: duplicates across chunks).
    _, chunks = open_raw(path)
    for chunk in chunks:
        wanted = pd.Index(moved).intersection(chunk.frame.index)
        if len(wanted):
            quarantine.write(chunk.frame.loc[wanted], failures[failures["row"].isin(wanted)])
    return moved
