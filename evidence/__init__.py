"""evidence: research and evidence library for the regional response to displacement from Venezuela.

Import as ``import evidence as ev``. Nothing runs on import.
"""

from __future__ import annotations

from evidence import survey
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

__version__ = "0.1.0"

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
    "StudyError",
    "UnreadableFileError",
    "__version__",
    "apply_disclosure",
    "get_country",
    "survey",
    "to_hxl_csv",
]
