"""Ingest one period: every raw file → validated, pseudonymised, curated Parquet + quarantine.

Datasets go in foreign-key order (sites first; schools → caregivers → students; sessions,
forms, counts and surveys after sites), countries one by one, files chunk by chunk. A file that
cannot be read, or breaks its contract as a whole, is recorded with its named error and the run
goes on with the other files.
"""

from __future__ import annotations

import graphlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from evidence.contracts import Contract, check_frame, list_contracts, load_contract
from evidence.contracts.report import concat_failures, dataset_failure
from evidence.contracts.validate import UnknownColumns, ragged_failures
from evidence.countries import ISO3_CODES, get_country
from evidence.errors import ContractError, UnreadableFileError
from evidence.ingest.keys import UniquenessTracker, foreign_key_failures
from evidence.ingest.pseudonym import curated_dtypes, pseudonym_key, pseudonymise
from evidence.ingest.read import CHUNK_ROWS, RawChunk, open_raw, raw_files
from evidence.ingest.report import FileResult, FileStatus, IngestReport
from evidence.ingest.write import (
    PART_NAME,
    CuratedSink,
    QuarantineSink,
    arrow_schema,
    remove_partition,
)
from evidence.paths import curated_dir, data_root, quarantine_dir, raw_dir
from evidence.periods import check_period

OUTPUT_CONTRACTS = frozenset({"results"})  # contracts of tables we publish, not ingest


def dataset_order(contracts: Mapping[str, Contract]) -> list[str]:
    """Dataset names with every foreign-key parent before its children."""
    graph = {
        name: {
            fk.resource for fk in c.foreign_keys if fk.resource in contracts and fk.resource != name
        }
        for name, c in contracts.items()
    }
    try:
        return list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        raise ContractError(f"foreign keys form a cycle: {error.args[1]}") from None


def ingest_period(
    period: str,
    countries: Sequence[str] = ISO3_CODES,
    root: str | os.PathLike[str] | None = None,
    *,
    contracts_dir: str | os.PathLike[str] | None = None,
    key_file: Path | None = None,
    unknown_columns: UnknownColumns = "fail",
    chunk_rows: int = CHUNK_ROWS,
) -> IngestReport:
    """Ingest every raw file of `period` for `countries` under `root` (default data/)."""
    check_period(period)
    wanted = [get_country(c).iso3 for c in countries]
    base = data_root(root)
    names = [n for n in list_contracts(contracts_dir) if n not in OUTPUT_CONTRACTS]
    contracts = {n: load_contract(n, contracts_dir) for n in names}
    referenced: dict[str, set[str]] = {}
    for contract in contracts.values():
        for fk in contract.foreign_keys:
            referenced.setdefault(fk.resource, set()).update(fk.reference_fields)

    results: list[FileResult] = _orphans(base, period, contracts)
    # Accepted keys (curated form) of each (dataset, country) ingested in this run.
    ingested: dict[tuple[str, str], pd.DataFrame | None] = {}
    key: bytes | None = None
    for dataset in dataset_order(contracts):
        contract = contracts[dataset]
        by_country = _files_by_country(raw_files(raw_dir(dataset, period, base)))
        results += _misnamed(by_country, dataset)
        for country in wanted:
            files = by_country.get(country, [])
            for extra in files[1:]:
                error = f"ContractError: another raw file for {country} exists ({files[0].name})"
                results.append(FileResult(dataset, country, str(extra), 0, 0, 0, "failed", error))
            if not files:
                continue
            key = key or pseudonym_key(key_file)
            parents = {
                fk.resource: _parent_keys(fk.resource, ingested, referenced, period, country, base)
                for fk in contract.foreign_keys
            }
            result, keys = ingest_file(
                files[0],
                contract,
                country,
                period,
                base,
                key,
                parents,
                unknown_columns=unknown_columns,
                chunk_rows=chunk_rows,
                key_columns=tuple(sorted(referenced.get(dataset, ()))),
            )
            results.append(result)
            ingested[(dataset, country)] = keys
    return IngestReport(period, str(base), tuple(results))


def _parent_keys(
    resource: str,
    ingested: Mapping[tuple[str, str], pd.DataFrame | None],
    referenced: Mapping[str, set[str]],
    period: str,
    country: str,
    base: Path,
) -> pd.DataFrame | None:
    """Accepted keys of a parent: from this run if it was ingested, else from curated data."""
    if (resource, country) in ingested:
        return ingested[(resource, country)]
    # Not ingested in this run: use what is curated for this country and period, if anything.
    part = curated_dir(resource, period, country, base) / PART_NAME
    if not part.is_file():
        return None
    return pq.read_table(part, columns=sorted(referenced.get(resource, ()))).to_pandas()


def _files_by_country(files: list[Path]) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for path in files:
        out.setdefault(path.stem.upper(), []).append(path)
    return out


def _misnamed(by_country: dict[str, list[Path]], dataset: str) -> list[FileResult]:
    error = "ContractError: raw files must be named <ISO3>.csv|xlsx|parquet (one of the 17 codes)"
    return [
        FileResult(dataset, "", str(path), 0, 0, 0, "failed", error)
        for stem, paths in by_country.items()
        if stem not in ISO3_CODES
        for path in paths
    ]


def _orphans(base: Path, period: str, contracts: Mapping[str, Contract]) -> list[FileResult]:
    """Raw folders of this period with no contract: reported, never ingested blind."""
    out = []
    raw_root = base / "raw"
    for folder in sorted(raw_root.glob(f"*/{period}")) if raw_root.is_dir() else []:
        dataset = folder.parent.name
        if dataset not in contracts:
            error = f"ContractError: no contract data_contracts/{dataset}.yaml for this folder"
            for path in raw_files(folder):
                out.append(FileResult(dataset, path.stem, str(path), 0, 0, 0, "failed", error))
    return out


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
    """Ingest one raw file; returns its result and the distinct accepted values of
    `key_columns` in curated form (what child datasets' foreign keys are checked against)."""
    name, dataset = str(path), contract.name
    partition = curated_dir(dataset, period, country, base)
    quarantine = QuarantineSink(quarantine_dir(dataset, period, base), country)
    try:
        file_format, chunks = open_raw(path, chunk_rows)
    except (UnreadableFileError, ContractError) as error:
        return _refused(error, name, dataset, country, partition, quarantine, 0), None
    dtypes = curated_dtypes(contract)
    sink = CuratedSink(partition, arrow_schema(dtypes))
    tracker = UniquenessTracker(contract)
    where = f"{country} {period}"
    rows_in = accepted = quarantined = chunk_count = 0
    whole_file_error = ""
    accepted_rows: list[np.ndarray] = []
    keys: list[pd.DataFrame] = []
    try:
        for chunk in chunks:
            chunk_count += 1
            rows_in += len(chunk.frame) + len(chunk.ragged)
            checked = check_frame(
                chunk.frame,
                contract,
                file=name,
                rows=chunk.frame.index,
                unknown_columns=unknown_columns,
                decimal=file_format.decimal,
            )
            failures = concat_failures([checked.failures, ragged_failures(chunk.ragged, name)])
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
    result = FileResult(dataset, country, name, rows_in, accepted, quarantined, status)
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


def _no_rows() -> pd.DataFrame:
    return pd.DataFrame(index=pd.Index([], dtype="int64", name="row"))


def _raw_rows(chunk: RawChunk, rows: pd.Index | None) -> pd.DataFrame:
    """Raw rows to quarantine (all when rows is None), ragged lines included as `_line`."""
    frame = chunk.frame if rows is None else chunk.frame.loc[rows.intersection(chunk.frame.index)]
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
