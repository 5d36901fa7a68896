"""Validate a raw file against its contract without ingesting it (``evidence validate``).

Reading files is the ingest edge's job, so this lives here, on top of the contracts'
frame validation (``evidence.contracts.check_frame``).
"""

from __future__ import annotations

import os

import pandas as pd

from evidence.contracts import ValidationReport, load_contract
from evidence.contracts.report import concat_failures, dataset_failure
from evidence.contracts.validate import UnknownColumns
from evidence.countries import ISO3_CODES
from evidence.errors import ContractError, UnreadableFileError
from evidence.ingest.file import check_chunk, unexpected_error
from evidence.ingest.keys import UniquenessTracker
from evidence.ingest.read import CHUNK_ROWS, open_raw


def validate_file(
    path: str | os.PathLike[str],
    dataset: str,
    contracts_dir: str | os.PathLike[str] | None = None,
    unknown_columns: UnknownColumns = "fail",
    chunk_rows: int | None = None,
) -> ValidationReport:
    """Read a raw file (.csv, .xlsx, .parquet) and validate it; unreadable files are reported.

    The file is read `chunk_rows` rows at a time (default: CHUNK_ROWS).

    Foreign keys are not checked here (they need the other datasets of the same country and
    period); `evidence ingest` checks them. Fields declared ``codelist: admin1`` are checked
    against the country the file is named after (``<ISO3>.csv``), as ingest checks them;
    a file not named after a response country skips that check.

    Parameters
    ----------
    path : str or os.PathLike
        A raw file as delivered.
    dataset : str
        The contract to check it against.
    contracts_dir : path, optional
    unknown_columns : {"fail", "drop"}, default "fail"
    chunk_rows : int, optional

    Returns
    -------
    ValidationReport
        Every failure with its row (1 = first data line), column, value, rule and message.

    Raises
    ------
    ContractError
        Unknown dataset.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "COL.csv"
    >>> _ = path.write_text(
    ...     "site_id,date,entries,exits,transit,women,children\\n"
    ...     "COL-S001,2023-12-01,4,2,1,1,0\\n"
    ...     "COL-S001,2023-12-02,four,2,1,1,0\\n"
    ... )
    >>> report = validate_file(path, "flow_counts")
    >>> report.ok, report.to_frame()[["column", "rule", "value"]].values.tolist()
    (False, [['entries', 'type', 'four']])
    """
    contract = load_contract(dataset, contracts_dir)
    name = str(path)
    stem = os.path.basename(name).split(".", 1)[0].upper()
    country = stem if stem in ISO3_CODES else None
    tables: list[pd.DataFrame] = []
    rows = chunks_seen = 0
    tracker = UniquenessTracker(contract)
    try:
        file_format, chunks = open_raw(path, chunk_rows or CHUNK_ROWS)
        # Streamed chunk by chunk, so validating a file of millions of rows stays in memory.
        for chunk in chunks:
            # A country's codelists (admin1) too, when the file is named after one.
            checked, found = check_chunk(
                chunk, contract, name, unknown_columns, file_format.decimal, country
            )
            tables += found
            tracker.add(checked.frame)
            rows += len(chunk.frame) + len(chunk.ragged)
            chunks_seen += 1
    except (UnreadableFileError, ContractError) as error:
        failure = dataset_failure("", "unreadable", f"{type(error).__name__}: {error}", name)
        return ValidationReport(contract.name, name, rows, failure)
    except Exception as error:  # one bad file is a report, never a traceback
        unexpected = unexpected_error(error)
        failure = dataset_failure("", "unreadable", f"IngestError: {unexpected}", name)
        return ValidationReport(contract.name, name, rows, failure)
    failures = concat_failures(tables)
    if chunks_seen > 1:  # duplicates whose copies sit in different chunks
        repeated = tracker.duplicates(contract).assign(file=name)
        known = failures.loc[failures["rule"].isin(["primary_key", "unique"]), "row"]
        failures = concat_failures([failures, repeated[~repeated["row"].isin(known)]])
    whole = failures["row"].isna()  # each chunk repeats the file-level failures: keep one
    failures = concat_failures([failures[whole].drop_duplicates(), failures[~whole]])
    if rows == 0:
        empty = dataset_failure("", "no_rows", "the table has a header but no data rows", name)
        failures = concat_failures([empty, failures])
    return ValidationReport(contract.name, name, rows, failures)
