"""evidence: research and evidence library for the regional response to displacement from Venezuela.

Import as ``import evidence as ev``. Nothing runs on import. Figures (Matplotlib, slow to
import) are ``import evidence.display.figures`` when a study draws.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import pandas as pd

from evidence import (
    indicators,
    integration,
    movement,
    regional,
    risks,
    survey,
    synth,
)
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

# Imported on first use: the study machinery pulls in matplotlib, jinja2 and papermill, which
# `import evidence` and `evidence --help` do not need.
_LAZY_SUBPACKAGES = ("display", "dropout", "i18n", "studies")


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
    """Curated rows of a dataset as a typed DataFrame (see evidence.curated.load).

    Imported on first call so that `import evidence` and `evidence --help` stay fast.
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
