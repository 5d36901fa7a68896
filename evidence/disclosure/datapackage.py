"""Frictionless ``datapackage.json`` describing published results tables (an I/O edge).

A Tabular Data Package (https://specs.frictionlessdata.io/data-package/) lists each results
CSV as a resource with its Table Schema: every column with its type and description from
data_contracts/results.yaml (the columns disclosure control adds have their own below), its
HXL hashtag (``hxl``, a custom property: the CSVs carry the hashtags as their second row), the
licence and the sources. The hashtag row is declared as a comment row of the CSV dialect
(``commentRows: [2]``, Data Package v2's Table Dialect), so a frictionless reader skips it.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from evidence.disclosure.hxl import (
    BOOLEAN_COLUMNS,
    INTEGER_COLUMNS,
    NUMERIC_COLUMNS,
    results_hashtags,
)
from evidence.errors import ContractError, OptionError, UnreadableFileError
from evidence.paths import CONTRACTS_DIR
from evidence.version import __version__
from evidence.yaml_text import parse_yaml

DATAPACKAGE = "datapackage.json"
# Licence of published results unless a caller says otherwise (HDX's most common data licence).
DEFAULT_LICENSE: Mapping[str, str] = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
# The columns disclosure control and the survey engine add beside the contract's.
EXTRA_DESCRIPTIONS: Mapping[str, str] = {
    "df": "Design degrees of freedom of the estimate.",
    "n_effective": "Effective sample size (n divided by the design effect).",
    "cv": "Coefficient of variation (se / estimate).",
    "suppressed": "True when disclosure control emptied the estimate.",
    "suppression_reason": "Why the estimate was suppressed (empty when shown).",
    "flag_df_lt_8": "True when the design has fewer than 8 degrees of freedom.",
    "flag_estimate_0_or_1": "True when a proportion is 0 or 1.",
    "flag_complement": "True when the cell was suppressed to protect a suppressed complement.",
}
_TYPES = {"list": "string", "date": "date", "datetime": "datetime"}


@cache
def _contract_fields(path: Path) -> dict[str, dict[str, str]]:
    try:
        contract = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContractError(f"{path}: cannot read the results contract ({error})") from error
    return {
        str(f["name"]): {
            "type": _TYPES.get(str(f.get("type", "string")), str(f.get("type", "string"))),
            "description": " ".join(str(f.get("description", "")).split()),
        }
        for f in contract.get("fields", [])
        if isinstance(f, dict) and "name" in f
    }


def schema_field(column: str, contract: Path | None = None) -> dict[str, str]:
    """The Table Schema field of one results column: name, type, description, hxl.

    Parameters
    ----------
    column : str
        A column of a results table.
    contract : pathlib.Path, optional
        The results contract (default data_contracts/results.yaml).

    Returns
    -------
    dict
        ``name``, ``type`` (a Table Schema type), ``description`` and, when the column has
        one, ``hxl``.

    Examples
    --------
    >>> schema_field("n")["type"], schema_field("n")["hxl"]
    ('integer', '#indicator+num+sample')
    >>> schema_field("suppressed")["type"]
    'boolean'
    """
    path = CONTRACTS_DIR / "results.yaml" if contract is None else Path(contract)
    known = _contract_fields(path.resolve())
    if column in known:
        out = {"name": column, **known[column]}
    elif column in BOOLEAN_COLUMNS:
        out = {"name": column, "type": "boolean", "description": EXTRA_DESCRIPTIONS[column]}
    elif column in INTEGER_COLUMNS or column in NUMERIC_COLUMNS:
        kind = "integer" if column in INTEGER_COLUMNS else "number"
        out = {"name": column, "type": kind, "description": EXTRA_DESCRIPTIONS.get(column, "")}
    else:
        out = {"name": column, "type": "string", "description": EXTRA_DESCRIPTIONS.get(column, "")}
    hashtag = results_hashtags(contract).get(column)
    if hashtag:
        out["hxl"] = hashtag
    return out


def _resource_name(path: Path) -> str:
    name = re.sub(r"[^-a-z0-9._]+", "-", path.name.removesuffix(".csv").lower())
    return name.strip("-") or "results"


def results_resource(path: str | os.PathLike[str], base: str | os.PathLike[str]) -> dict[str, Any]:
    """The Tabular Data Resource of one HXL-tagged results CSV (its header read from disk).

    Parameters
    ----------
    path : str or os.PathLike
        A CSV written by :func:`evidence.disclosure.to_hxl_csv`.
    base : str or os.PathLike
        The folder of the ``datapackage.json``; the resource path is relative to it.

    Returns
    -------
    dict
        ``name``, ``path``, ``profile``, ``format``, ``mediatype``, ``encoding``, ``dialect``
        and ``schema`` (one field per column, in file order).

    Raises
    ------
    UnreadableFileError
        When the file cannot be read or has no hashtag row.
    """
    source = Path(path)
    try:
        with source.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            tags = next(reader, [])
    except (OSError, StopIteration, UnicodeDecodeError) as error:
        raise UnreadableFileError(f"{source}: cannot read its header ({error})") from error
    if not any(tag.startswith("#") for tag in tags):
        raise UnreadableFileError(
            f"{source}, row 2: no HXL hashtag row; write results with to_hxl_csv"
        )
    return {
        "name": _resource_name(source),
        "path": Path(os.path.relpath(source, base)).as_posix(),
        "profile": "tabular-data-resource",
        "title": source.name,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {
            "delimiter": ",",
            "lineTerminator": "\r\n",
            "header": True,
            "headerRows": [1],
            "commentRows": [2],
        },
        "schema": {"fields": [schema_field(c) for c in header], "missingValues": [""]},
    }


def results_datapackage(
    paths: Sequence[str | os.PathLike[str]],
    base: str | os.PathLike[str],
    *,
    name: str,
    title: str,
    sources: Sequence[Mapping[str, str]] = (),
    license: Mapping[str, str] = DEFAULT_LICENSE,
    created: str | None = None,
) -> dict[str, Any]:
    """A Tabular Data Package descriptor for results CSVs (not written; see write_datapackage).

    Parameters
    ----------
    paths : sequence of path
        Results CSVs written by :func:`evidence.disclosure.to_hxl_csv`.
    base : path
        The folder the descriptor will sit in (resource paths are relative to it).
    name : str
        Package name: lower case letters, digits and ``-._/`` (e.g. ``"evidence-2023-12-col"``).
    title : str
        Human title.
    sources : sequence of mapping
        Data Package ``sources`` (``title``, optionally ``path``): the input datasets.
    license : mapping
        One Data Package licence (``name``, ``path``, ``title``); default CC-BY-4.0.
    created : str, optional
        ISO 8601 time the package was made.

    Returns
    -------
    dict
        The descriptor: ``profile`` ``tabular-data-package``, ``name``, ``title``,
        ``licenses``, ``sources``, ``version``, ``resources``.

    Raises
    ------
    OptionError
        When ``name`` is not a valid Data Package name.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from evidence.disclosure import to_hxl_csv
    >>> import pandas as pd
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> row = dict(indicator="total_entries", country="COL", period="2023-12",
    ...     disaggregation="total", level="total", estimate=120.0, se=float("nan"),
    ...     ci_low=float("nan"), ci_high=float("nan"), ci_method="none", n=120,
    ...     n_weighted=120.0, deff=float("nan"), flags="",
    ...     analysis_key="total_entries @/@ total %/% total", unit="count", numerator=pd.NA)
    >>> path = to_hxl_csv(pd.DataFrame([row]), folder / "movement.results.csv")
    >>> package = results_datapackage([path], folder, name="demo", title="Demo")
    >>> resource = package["resources"][0]
    >>> resource["path"], resource["schema"]["fields"][0]["hxl"]
    ('movement.results.csv', '#indicator+code')
    """
    if not re.fullmatch(r"[-a-z0-9._/]+", name):
        raise OptionError(
            f"name={name!r}: a data package name has only lower-case letters, digits and -._/"
        )
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "version": __version__,
        "licenses": [dict(license)],
        "sources": [dict(s) for s in sources],
        "contributors": [{"title": f"evidence {__version__}", "role": "author"}],
        "resources": [results_resource(p, base) for p in paths],
    }
    if created is not None:
        descriptor["created"] = created
    return descriptor


def write_datapackage(
    folder: str | os.PathLike[str],
    *,
    name: str,
    title: str,
    sources: Sequence[Mapping[str, str]] = (),
    license: Mapping[str, str] = DEFAULT_LICENSE,
    created: str | None = None,
) -> Path | None:
    """Write ``datapackage.json`` describing every ``*.results.csv`` in ``folder``.

    Parameters
    ----------
    folder : path
        A folder of results CSVs (e.g. ``reports/<period>/<ISO3>/``).
    name, title, sources, license, created
        As in :func:`results_datapackage`.

    Returns
    -------
    pathlib.Path or None
        The descriptor written, or None when the folder holds no results CSV.

    Examples
    --------
    >>> import tempfile
    >>> write_datapackage(tempfile.mkdtemp(), name="empty", title="Nothing") is None
    True
    """
    base = Path(folder)
    paths = sorted(base.glob("*.results.csv"))
    if not paths:
        return None
    descriptor = results_datapackage(
        paths, base, name=name, title=title, sources=sources, license=license, created=created
    )
    target = base / DATAPACKAGE
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
    os.replace(temporary, target)
    return target
