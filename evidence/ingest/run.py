"""Ingest one period: every raw file → validated, pseudonymised, curated Parquet + quarantine.

Countries are independent (keys hold within one country and period), so each country is one
task, and tasks run in separate processes when there is enough data to pay for them. Within a
country, datasets go in foreign-key order (sites first; schools → caregivers → students;
sessions, forms, counts and surveys after sites). A file that cannot be read, or breaks its
contract as a whole, is recorded with its named error and the run goes on with the others.
"""

from __future__ import annotations

import graphlib
import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import pandas as pd
import pyarrow.parquet as pq

from evidence.contracts import Contract, list_contracts, load_contract
from evidence.contracts.validate import UnknownColumns
from evidence.countries import ISO3_CODES, get_country
from evidence.errors import ContractError, OptionError
from evidence.ingest.file import ingest_file
from evidence.ingest.listing import raw_listing
from evidence.ingest.pseudonym import pseudonym_key
from evidence.ingest.read import CHUNK_ROWS
from evidence.ingest.report import FileResult, IngestReport
from evidence.ingest.write import PART_NAME
from evidence.paths import curated_dir, data_root, raw_dir
from evidence.periods import check_period

OUTPUT_CONTRACTS = frozenset({"results"})  # contracts of tables we publish, not ingest
PARALLEL_BYTES = 32 << 20  # below this much raw data, starting processes costs more than it saves


def dataset_order(contracts: Mapping[str, Contract]) -> list[str]:
    """Dataset names with every foreign-key parent before its children.

    Ingest follows this order so that a child's foreign keys are checked against its parents'
    accepted rows (sites before flow_counts). References to datasets not in ``contracts``
    are ignored.

    Parameters
    ----------
    contracts : mapping of str to Contract
        Contracts by dataset name.

    Returns
    -------
    list of str

    Raises
    ------
    ContractError
        The foreign keys form a cycle (the message names it).

    Examples
    --------
    >>> from evidence.contracts import load_contract
    >>> names = ["flow_counts", "sites"]
    >>> dataset_order({name: load_contract(name) for name in names})
    ['sites', 'flow_counts']
    """
    graph = {
        name: {fk.resource for fk in c.foreign_keys if fk.resource in contracts} - {name}
        for name, c in contracts.items()
    }
    try:
        return list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        raise ContractError(f"foreign keys form a cycle: {error.args[1]}") from None


@dataclass(frozen=True)
class CountryTask:
    """Everything one country's ingest needs (picklable, for a worker process)."""

    country: str
    period: str
    base: Path
    files: tuple[tuple[str, Path], ...]  # (dataset, raw file) in foreign-key order
    contracts: Mapping[str, Contract]
    key: bytes
    unknown_columns: UnknownColumns
    chunk_rows: int


def ingest_period(
    period: str,
    countries: Sequence[str] = ISO3_CODES,
    root: str | os.PathLike[str] | None = None,
    *,
    contracts_dir: str | os.PathLike[str] | None = None,
    key_file: Path | None = None,
    unknown_columns: UnknownColumns = "fail",
    chunk_rows: int = CHUNK_ROWS,
    jobs: int | None = None,
) -> IngestReport:
    """Ingest every raw file of `period` for `countries` under `root` (default data/).

    `jobs` countries are ingested at once in separate processes (default: two, the project's
    reference machine, when the period holds more than 32 MB of raw data; else one).

    Each file of data/raw/<dataset>/<period>/<ISO3>.<csv|xlsx|parquet> is validated against
    its contract, typed, pseudonymised (``pii`` fields) and written to
    data/curated/<dataset>/period=<period>/country=<ISO3>/; rejected rows go to quarantine
    with the reason, nothing is dropped silently. Foreign keys are checked across datasets.

    Parameters
    ----------
    period : str
        ``YYYY-MM``.
    countries : sequence of str, default all 17
    root : path, optional
        Data root (default: ``EVIDENCE_DATA``, else data/).
    contracts_dir : path, optional
    key_file : pathlib.Path, optional
        HMAC key file for pseudonyms (default .secrets/pseudonym.key).
    unknown_columns : {"fail", "drop"}, default "fail"
    chunk_rows : int
        Rows read at a time (memory bound).
    jobs : int, optional
        Countries ingested in parallel.

    Returns
    -------
    IngestReport
        One row per file: rows in, accepted, quarantined, status.

    Raises
    ------
    OptionError
        Unknown period, country or option.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from evidence.synth import synthesize
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> folder = root / "raw" / "sites" / "2023-12"
    >>> folder.mkdir(parents=True)
    >>> synthesize("sites", "ABW", "2023-12").to_csv(folder / "ABW.csv", index=False)
    >>> report = ingest_period("2023-12", countries=["ABW"], root=root, key_file=root / "key")
    >>> report.ok, report.to_frame()[["dataset", "rows_in", "accepted"]].values.tolist()
    (True, [['sites', 6, 6]])
    """
    check_period(period)
    if unknown_columns not in get_args(UnknownColumns):
        raise OptionError(f"unknown_columns must be 'fail' or 'drop', got {unknown_columns!r}")
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise OptionError(f"jobs must be a positive integer, got {jobs!r}")
    wanted = list(dict.fromkeys(get_country(c).iso3 for c in countries))
    base = data_root(root)
    names = [n for n in list_contracts(contracts_dir) if n not in OUTPUT_CONTRACTS]
    contracts = {n: load_contract(n, contracts_dir) for n in names}
    order = dataset_order(contracts)

    results: list[FileResult] = _orphans(base, period, contracts)
    chosen: dict[str, list[tuple[str, Path]]] = {country: [] for country in wanted}
    for dataset in order:
        files, refused = raw_listing(raw_dir(dataset, period, base), base / "raw")
        results += _not_ingested(refused, dataset, wanted)
        by_country = _files_by_country(files)
        results += _misnamed(by_country, dataset)
        for country in wanted:
            files = by_country.get(country, [])
            for extra in files[1:]:
                error = f"ContractError: another raw file for {country} exists ({files[0].name})"
                results.append(FileResult(dataset, country, str(extra), 0, 0, 0, "failed", error))
            if files:
                chosen[country].append((dataset, files[0]))

    busy = [country for country in wanted if chosen[country]]
    if busy:
        key = pseudonym_key(key_file)  # resolved (and created) once, before any worker starts
        tasks = [
            CountryTask(
                country=country,
                period=period,
                base=base,
                files=tuple(chosen[country]),
                contracts=contracts,
                key=key,
                unknown_columns=unknown_columns,
                chunk_rows=chunk_rows,
            )
            for country in busy
        ]
        results += _run(tasks, jobs)
    rank = {dataset: i for i, dataset in enumerate(order)}
    position = {country: i for i, country in enumerate(wanted)}
    results.sort(key=lambda r: (rank.get(r.dataset, -1), position.get(r.country, -1)))
    return IngestReport(period, str(base), tuple(results))


def _run(tasks: list[CountryTask], jobs: int | None) -> list[FileResult]:
    if jobs is None:
        size = sum(path.stat().st_size for task in tasks for _, path in task.files)
        jobs = min(2, os.cpu_count() or 1) if size > PARALLEL_BYTES and len(tasks) > 1 else 1
    if jobs == 1:
        return [result for task in tasks for result in ingest_country(task)]
    # Largest countries first so the processes finish together; spawn: no fork of a process
    # whose Arrow thread pools may hold locks.
    tasks = sorted(tasks, key=lambda t: -sum(p.stat().st_size for _, p in t.files))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return [result for results in pool.map(ingest_country, tasks) for result in results]


def ingest_country(task: CountryTask) -> list[FileResult]:
    """Every file of one country, parents before children."""
    referenced: dict[str, set[str]] = {}
    for contract in task.contracts.values():
        for fk in contract.foreign_keys:
            referenced.setdefault(fk.resource, set()).update(fk.reference_fields)
    # Accepted keys (curated form) of each dataset ingested so far for this country.
    ingested: dict[str, pd.DataFrame | None] = {}
    results = []
    for dataset, path in task.files:
        contract = task.contracts[dataset]
        parents = {
            fk.resource: _parent_keys(fk.resource, ingested, referenced, task)
            for fk in contract.foreign_keys
        }
        result, keys = ingest_file(
            path,
            contract,
            task.country,
            task.period,
            task.base,
            task.key,
            parents,
            unknown_columns=task.unknown_columns,
            chunk_rows=task.chunk_rows,
            key_columns=tuple(sorted(referenced.get(dataset, ()))),
        )
        results.append(result)
        ingested[dataset] = keys
    return results


def _parent_keys(
    resource: str,
    ingested: Mapping[str, pd.DataFrame | None],
    referenced: Mapping[str, set[str]],
    task: CountryTask,
) -> pd.DataFrame | None:
    """Accepted keys of a parent: from this run if it was ingested, else from curated data."""
    if resource in ingested:
        return ingested[resource]
    # Not ingested in this run: use what is curated for this country and period, if anything.
    part = curated_dir(resource, task.period, task.country, task.base) / PART_NAME
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


def _not_ingested(
    refused: list[tuple[Path, str]], dataset: str, wanted: Sequence[str]
) -> list[FileResult]:
    """Entries of a period folder that are not ingested, each a failed line of the report.

    Their rows are not counted (rows_in 0): they are reported as not ingested, whole."""
    out = []
    for path, why in refused:
        country = path.name.split(".")[0].upper()
        if country in ISO3_CODES and country not in wanted:
            continue  # another country's file: its own run reports it
        error = f"UnreadableFileError: not ingested: {why}"
        out.append(FileResult(dataset, country, str(path), 0, 0, 0, "failed", error))
    return out


def _orphans(base: Path, period: str, contracts: Mapping[str, Contract]) -> list[FileResult]:
    """Raw folders of this period with no contract: reported, never ingested blind."""
    out = []
    raw_root = base / "raw"
    for folder in sorted(raw_root.glob(f"*/{period}")) if raw_root.is_dir() else []:
        dataset = folder.parent.name
        if dataset not in contracts:
            error = f"ContractError: no contract data_contracts/{dataset}.yaml for this folder"
            files, refused = raw_listing(folder, raw_root)
            for path in files + [path for path, _ in refused]:
                out.append(FileResult(dataset, path.stem, str(path), 0, 0, 0, "failed", error))
    return out
