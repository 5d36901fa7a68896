"""evidence: research and evidence library for the regional response to displacement from Venezuela.

Import as ``import evidence as ev``. Nothing runs on import. Figures (Matplotlib, slow to
import) are ``import evidence.display.figures`` when a study draws.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from evidence import indicators, survey
from evidence.countries import COUNTRIES, ISO3_CODES, get_country
from evidence.disclosure import DisclosureOptions, apply_disclosure, to_hxl_csv
from evidence.errors import (
    ContractError,
    DataNotFoundError,
    DesignError,
    DisclosureError,
    EstimationError,
    EvidenceError,
    IngestError,
    OptionError,
    StudyError,
    UnreadableFileError,
)
from evidence.indicators import ResultsTable, compute, load_catalogue
from evidence.version import __version__

if TYPE_CHECKING:
    from evidence import (
        display,
        dropout,
        i18n,
        integration,
        movement,
        regional,
        risks,
        studies,
        synth,
    )

# Imported on first use (`ev.movement` imports it then): the study machinery pulls in
# matplotlib, jinja2 and papermill, and the model packages half a second of modules, which
# `import evidence` in a fresh kernel and `evidence --help` do not need.
_LAZY_SUBPACKAGES = (
    "display",
    "dropout",
    "i18n",
    "integration",
    "movement",
    "regional",
    "risks",
    "studies",
    "synth",
)


def __getattr__(name: str) -> object:
    if name in _LAZY_SUBPACKAGES:
        import importlib

        return importlib.import_module(f"evidence.{name}")
    raise AttributeError(f"module 'evidence' has no attribute {name!r}")


def load(
    dataset: str,
    country: str | Sequence[str] | None = None,
    period: str | Sequence[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Curated rows of a dataset as a typed DataFrame.

    The entry point of every analysis: ingest writes validated, pseudonymised rows as
    Hive-partitioned Parquet, and ``load`` reads them back with the contract's dtypes
    (categoricals for codelists, nullable integers and booleans, datetimes). Reads
    data/curated/<dataset>/period=<YYYY-MM>/country=<ISO3>/*.parquet with a DuckDB scan, the
    country and period filters and the column list pushed down; ``period`` and ``country``
    come first, rows in a fixed order (partition, file, row). evidence.curated is imported on
    first call so that ``import evidence`` and ``evidence --help`` stay fast.

    Parameters
    ----------
    dataset : str
        A dataset with a contract in data_contracts/ (e.g. ``"flow_survey"``).
    country, period : str or sequence of str, optional
        ISO3 codes (any case) and ``YYYY-MM`` periods (default: all curated).
    root : path, optional
        Data root (default: ``EVIDENCE_DATA``, else the project's data/).
    columns : sequence of str, optional
        Only these columns (``period`` and ``country`` are always there).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    DataNotFoundError
        Nothing curated for that dataset, country and period (the message names the folder
        and lists the curated partitions).
    ContractError
        No contract for ``dataset``.
    OptionError
        An unknown country code, a period not ``YYYY-MM``, or a column the dataset lacks.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> import evidence as ev
    >>> root = Path(tempfile.mkdtemp())
    >>> try:
    ...     ev.load("flow_counts", country="COL", period="2023-12", root=root)
    ... except ev.DataNotFoundError:
    ...     print("nothing curated there: run `evidence ingest` first")
    nothing curated there: run `evidence ingest` first
    >>> part = root / "curated" / "flow_counts" / "period=2023-12" / "country=COL"
    >>> part.mkdir(parents=True)
    >>> pd.DataFrame({"site_id": ["COL-S001"], "date": [pd.Timestamp("2023-12-01")],
    ...     "entries": [4], "exits": [2], "transit": [0], "women": [1], "children": [0]}
    ... ).to_parquet(part / "part-0.parquet")
    >>> frame = ev.load("flow_counts", country="col", root=root, columns=["entries"])
    >>> list(frame.columns), str(frame["entries"].dtype)
    (['period', 'country', 'entries'], 'Int64')
    """
    from evidence.curated import load as load_curated

    return load_curated(dataset, country=country, period=period, root=root, columns=columns)


__all__ = [
    "COUNTRIES",
    "ISO3_CODES",
    "ContractError",
    "DataNotFoundError",
    "DesignError",
    "DisclosureError",
    "DisclosureOptions",
    "EstimationError",
    "EvidenceError",
    "IngestError",
    "OptionError",
    "ResultsTable",
    "StudyError",
    "UnreadableFileError",
    "__version__",
    "apply_disclosure",
    "compute",
    "display",
    "dropout",
    "get_country",
    "i18n",
    "indicators",
    "integration",
    "load",
    "load_catalogue",
    "movement",
    "regional",
    "risks",
    "studies",
    "survey",
    "synth",
    "to_hxl_csv",
]
