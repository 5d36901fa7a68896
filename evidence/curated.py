"""`evidence.load`: curated data as typed DataFrames, scanned with DuckDB.

Curated data are Hive-partitioned Parquet (data/curated/<dataset>/period=<YYYY-MM>/
country=<ISO3>/part-0.parquet). DuckDB reads them with the partition filters and the column
list pushed down, so loading one country of a large table (wifi_sessions) reads only its files
and columns. The frame comes back with the contract's dtypes: categoricals for codelists,
nullable booleans and integers, datetimes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from evidence.contracts import Contract, load_contract
from evidence.contracts.curated import curated_dtypes
from evidence.countries import get_country
from evidence.errors import DataNotFoundError, OptionError
from evidence.paths import data_root, display_path
from evidence.periods import check_period

PARTITION_COLUMNS: tuple[str, ...] = ("period", "country")
_ARROW_TO_PANDAS = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def load(
    dataset: str,
    country: str | Sequence[str] | None = None,
    period: str | Sequence[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    columns: Sequence[str] | None = None,
    contracts_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Curated rows of `dataset` for the given countries and periods (default: all).

    Columns `period` and `country` come first; a DataNotFoundError names the folder looked at
    when nothing is curated for the selection.
    """
    contract = load_contract(dataset, contracts_dir)
    countries = _listed(country)
    periods = _listed(period)
    for code in countries or ():
        get_country(code)
    for value in periods or ():
        check_period(value)
    dtypes = curated_dtypes(contract)
    wanted = _columns(columns, dtypes, dataset)
    folder = data_root(root) / "curated" / dataset
    files = sorted(folder.glob("period=*/country=*/*.parquet"))
    if not files:
        raise DataNotFoundError(
            f"nothing curated for '{dataset}' under {display_path(folder, root)}; run "
            "`evidence ingest --period ...`"
        )
    where, params = _filters(countries, periods)
    source = str(folder / "*/*/*.parquet")
    missing = _optional_missing(contract, source, wanted)
    select = ", ".join(
        f"NULL AS {_quote(c)}" if c in missing else _quote(c) for c in (*PARTITION_COLUMNS, *wanted)
    )
    # Rows come back in a fixed order (partition, file, row in file) whatever DuckDB's
    # parallel scan does, so the same curated data always give the same frame.
    query = (
        f"SELECT {select} FROM read_parquet(?, hive_partitioning = true, union_by_name = true, "
        "filename = true, file_row_number = true, "
        "hive_types = {'period': VARCHAR, 'country': VARCHAR})"
        f"{where} ORDER BY period, country, filename, file_row_number"
    )
    import duckdb

    with duckdb.connect() as connection:
        with contextlib.suppress(duckdb.Error):
            # A library prints nothing. Inside Jupyter DuckDB refuses any change of this
            # setting without ipywidgets (and draws no bar there anyway): keep its default.
            connection.execute("SET enable_progress_bar = false")
        relation = connection.sql(query, params=[source, *params])
        # Through Arrow, strings stay Arrow-backed: a fraction of the memory of Python objects.
        table: pa.Table = relation.to_arrow_table()
        frame = table.to_pandas(types_mapper=_ARROW_TO_PANDAS.get)
    if frame.empty:
        selection = f"country={countries or 'any'}, period={periods or 'any'}"
        raise DataNotFoundError(
            f"no curated '{dataset}' rows for {selection} under {display_path(folder, root)}; "
            f"curated partitions there: {', '.join(_partitions(files))}"
        )
    return _typed(frame, contract, dtypes, wanted)


def _optional_missing(contract: Contract, source: str, wanted: list[str]) -> set[str]:
    """Optional fields of the contract that no curated file holds (data curated before the
    field was added to the contract, e.g. a new question): read as missing, not an error."""
    optional: set[str] = set()
    for field in contract.fields:
        if not field.required:
            optional |= {field.name, *(field.choice_columns if field.type == "list" else ())}
    candidates = [c for c in wanted if c in optional]
    if not candidates:
        return set()
    import duckdb  # first use: `import evidence` stays light

    with duckdb.connect() as connection:
        present = set(
            connection.sql(
                "SELECT * FROM read_parquet(?, union_by_name = true) LIMIT 0", params=[source]
            ).columns
        )
    return {c for c in candidates if c not in present}


def _listed(value: str | Sequence[str] | None) -> list[str] | None:
    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    return [v.upper() if len(v) == 3 else v for v in values]


def _columns(columns: Sequence[str] | None, dtypes: dict[str, Any], dataset: str) -> list[str]:
    if columns is None:
        return list(dtypes)
    unknown = [c for c in columns if c not in dtypes and c not in PARTITION_COLUMNS]
    if unknown:
        raise OptionError(
            f"'{dataset}' has no curated column(s) {unknown}; available: {', '.join(dtypes)}"
        )
    return [c for c in columns if c not in PARTITION_COLUMNS]


def _filters(countries: list[str] | None, periods: list[str] | None) -> tuple[str, list[str]]:
    clauses, params = [], []
    for name, values in (("country", countries), ("period", periods)):
        if values:
            clauses.append(f"{name} IN ({', '.join('?' for _ in values)})")
            params += values
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _partitions(files: list[Path]) -> list[str]:
    return sorted({f"{p.parent.parent.name}/{p.parent.name}" for p in files})


def _typed(
    frame: pd.DataFrame, contract: Contract, dtypes: dict[str, Any], wanted: list[str]
) -> pd.DataFrame:
    out = frame.astype({"period": "str", "country": "str"})
    for column in wanted:
        out[column] = out[column].astype(dtypes[column])
        field = next((f for f in contract.fields if f.name == column), None)
        hashed = field is not None and field.pii
        if field is not None and field.constraints.enum is not None and not hashed:
            out[column] = pd.Categorical(out[column], categories=list(field.constraints.enum))
    return out.reset_index(drop=True)
