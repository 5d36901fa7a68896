"""Named errors of the evidence library.

Every error says what went wrong and what to fix: the file, row, column and rule where the
problem lies in input data, or the allowed values where an option is wrong.
"""

from __future__ import annotations


class EvidenceError(Exception):
    """Base class of every error the library raises on purpose."""


class OptionError(EvidenceError, ValueError):
    """An option or parameter is outside its allowed values."""


class ContractError(EvidenceError):
    """A data contract is malformed, or data break a contract as a whole (e.g. missing columns)."""


class UnreadableFileError(EvidenceError):
    """An input file cannot be read as a table (encoding, truncation, not a table)."""


class IngestError(EvidenceError):
    """Ingestion of a period failed for at least one file (others still ingest)."""


class DataNotFoundError(EvidenceError, FileNotFoundError):
    """Curated or raw data asked for do not exist."""


class DesignError(EvidenceError, ValueError):
    """A survey design is inconsistent with the data (e.g. a lonely PSU under policy 'fail')."""


class EstimationError(EvidenceError, ValueError):
    """An estimator cannot produce an estimate from the data given."""


class DisclosureError(EvidenceError):
    """A table would publish a cell that disclosure control forbids."""


class StudyError(EvidenceError):
    """A study failed to execute or render."""


class SampleSizeError(EstimationError):
    """A model was asked of a sample too small for it (below a stated minimum per group,
    parameter or covariate cell); the study shows the message instead of an estimate."""
