"""`evidence release-check`: the re-identification check of a microdata file before release.

An I/O edge around `reidentification_risk`: reads a curated dataset (period, countries) or a
microdata file (.csv, .parquet), takes the sampling weight from the dataset's contract unless
told otherwise, and writes the key combinations with their fk, Fk and risk, riskiest first,
when asked (a formula-safe CSV: evidence.csv_safety).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from evidence.contracts import list_contracts, load_contract
from evidence.csv_safety import write_csv
from evidence.curated import load
from evidence.disclosure.reidentification import (
    HDX_THRESHOLD,
    ReidentificationRisk,
    reidentification_risk,
)
from evidence.errors import OptionError, UnreadableFileError
from evidence.options import check_level


def check_release(
    dataset: str,
    *,
    keys: str | list[str],
    weight: str | None = None,
    period: str | None = None,
    countries: str = "all",
    threshold: float = HDX_THRESHOLD,
    report: str | os.PathLike[str] | None = None,
    root: str | os.PathLike[str] | None = None,
) -> ReidentificationRisk:
    """The re-identification risk of a dataset or file; writes `report` if given."""
    from evidence.countries import parse_countries

    key_list = [k.strip() for k in keys.split(",")] if isinstance(keys, str) else list(keys)
    key_list = [k for k in key_list if k]
    if not key_list:
        raise OptionError("--keys names no key variable; give e.g. --keys sex,age_group,admin1")
    check_level(threshold, "threshold")
    path = Path(dataset)
    if path.suffix.lower() in (".csv", ".parquet"):
        frame = _read_file(path)
    elif dataset in list_contracts():
        if weight is None:
            sampling = load_contract(dataset).sampling
            weight = sampling.weight if sampling is not None else None
        frame = load(dataset, country=list(parse_countries(countries)), period=period, root=root)
    else:
        raise OptionError(
            f"{dataset!r} is neither a .csv/.parquet file nor a dataset; datasets: "
            f"{', '.join(list_contracts())}"
        )
    result = reidentification_risk(frame, key_list, weight=weight, threshold=threshold)
    if report is not None:
        write_csv(risk_table(frame, result), Path(report), index=False)
    return result


def risk_table(frame: pd.DataFrame, result: ReidentificationRisk) -> pd.DataFrame:
    """One row per key combination: records, fk, Fk and risk, riskiest first."""
    keys = list(result.keys)
    joined = frame[keys].join(result.records)
    table = (
        joined.groupby(keys, dropna=False, sort=False)
        .agg(records=("fk", "size"), fk=("fk", "first"), Fk=("Fk", "first"), risk=("risk", "max"))
        .reset_index()
    )
    return table.sort_values(["risk", "fk"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def _read_file(path: Path) -> pd.DataFrame:
    try:
        if path.suffix.lower() == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as error:
        raise UnreadableFileError(f"{path}: cannot be read ({type(error).__name__})") from None
